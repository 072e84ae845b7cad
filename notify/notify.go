// Package notify delivers messages to clients through the bank's own gateways: e-mail by SMTP and SMS by
// the SMS gateway's HTTP interface; and it runs the greetings outbox (Outbox), which takes approved
// greetings from the store one at a time and sends them at most once.
//
// A Sender reports one of three outcomes: nil (delivered to the gateway), a *PermanentError (the gateway
// refused the message for good: a bad address, a 4xx answer, an SMTP 5xx reply) or any other error (the
// gateway could not take it now: a 5xx answer, a timeout, a refused connection), after which the outbox
// tries again later.
package notify

import (
	"context"
	"errors"
)

// Message is one message to deliver.
type Message struct {
	// ID identifies the message across attempts (the greeting's id): SMS gateways receive it as "id" and
	// can drop a repeated one; e-mail carries it in the Message-ID.
	ID      int64
	To      string // a mobile number or an e-mail address
	Subject string // e-mail only
	Body    string
}

// Sender delivers messages on one channel.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// PermanentError is a refusal that trying again will not change.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// Permanent marks err as a refusal that trying again will not change.
func Permanent(err error) error { return &PermanentError{Err: err} }

// IsPermanent reports whether err is a permanent refusal.
func IsPermanent(err error) bool {
	var p *PermanentError
	return errors.As(err, &p)
}
