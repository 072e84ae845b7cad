package notify

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/greetings"
	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/store"
)

// Outbox sends the approved greetings that are due, at most once each:
//
//  1. a message is claimed (state sending, one more attempt) in a committed transaction before the
//     network call;
//  2. the gateway's answer decides: taken → sent, and logged as a contact in the same transaction;
//     refused for good, or out of attempts → failed; not now → back to the queue after a back-off;
//  3. a message still sending long after its claim belonged to a process that stopped mid-send: it is
//     marked unknown, shown to the supervisor, and never sent again on its own.
//
// Nothing is sent during the policy's quiet hours; a channel with no sender keeps its messages waiting.
type Outbox struct {
	Store  *store.Store
	Policy *policy.Policy
	// SMS and Email deliver their channel; nil leaves that channel's messages in the outbox.
	SMS, Email Sender
	Log        *slog.Logger
	// Now is the clock; tests replace it.
	Now func() time.Time
	// Stale is how long after its claim a message still sending is taken to be abandoned. Default 10
	// minutes (a sending takes at most the senders' 30 s timeout).
	Stale time.Duration
}

// Report says what one pass of the outbox did.
type Report struct {
	Quiet      bool // the pass fell in the quiet hours and sent nothing
	Channels   []string
	Sent       int
	Retrying   int
	Failed     int
	Recovered  int // messages found abandoned mid-send and marked unknown
	QuietUntil time.Time
}

func (o *Outbox) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

func (o *Outbox) log() *slog.Logger {
	if o.Log != nil {
		return o.Log
	}
	return slog.Default()
}

// Channels are the channels with a sender.
func (o *Outbox) Channels() []string {
	var out []string
	if o.SMS != nil {
		out = append(out, "sms")
	}
	if o.Email != nil {
		out = append(out, "email")
	}
	return out
}

// Drain sends every message due now, one after the other, and returns what it did. It stops early when
// ctx ends; a message being sent then is finished or returned to the queue.
func (o *Outbox) Drain(ctx context.Context) (Report, error) {
	rep := Report{Channels: o.Channels()}
	stale := o.Stale
	if stale <= 0 {
		stale = 10 * time.Minute
	}
	var err error
	if rep.Recovered, err = o.Store.RecoverGreetings(ctx, o.now().Add(-stale)); err != nil {
		return rep, err
	}
	if rep.Recovered > 0 {
		o.log().Warn("greetings left sending by a stopped sender marked unknown; a supervisor decides whether to resend", "count", rep.Recovered)
	}
	if len(rep.Channels) == 0 {
		return rep, nil
	}
	for ctx.Err() == nil {
		now := o.now()
		if o.Policy.InQuietHours(now.In(domain.Shanghai)) {
			rep.Quiet, rep.QuietUntil = true, greetings.NextAllowed(o.Policy, now)
			return rep, nil
		}
		m, ok, err := o.Store.ClaimGreeting(ctx, now, rep.Channels)
		if err != nil || !ok {
			return rep, err
		}
		if err := o.send(ctx, m, &rep); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// send delivers one claimed message and records the outcome, even when ctx has ended meanwhile.
func (o *Outbox) send(ctx context.Context, m store.OutboxMessage, rep *Report) error {
	sender := o.SMS
	if m.Channel == "email" {
		sender = o.Email
	}
	err := sender.Send(ctx, Message{ID: m.ID, To: m.Address, Subject: m.Subject, Body: m.Body})
	record := context.WithoutCancel(ctx)
	switch {
	case err == nil:
		rep.Sent++
		if err := o.Store.GreetingSent(record, m.ID, o.now()); err != nil {
			// Sent but not recorded: it stays "sending" and becomes unknown, never sent twice.
			return fmt.Errorf("greeting %d was sent but could not be recorded: %w", m.ID, err)
		}
		return nil
	case IsPermanent(err) || greetings.Exhausted(o.Policy, m.Attempts):
		rep.Failed++
		o.log().Warn("greeting not sent", "greeting", m.ID, "client", m.ClientID, "attempts", m.Attempts, "err", err)
		return o.Store.GreetingNotSent(record, m.ID, err.Error(), time.Time{})
	default:
		rep.Retrying++
		retry := greetings.NextAllowed(o.Policy, o.now().Add(greetings.Backoff(o.Policy, m.Attempts)))
		o.log().Info("greeting to be retried", "greeting", m.ID, "attempts", m.Attempts, "at", retry, "err", err)
		return o.Store.GreetingNotSent(record, m.ID, err.Error(), retry)
	}
}

// Run drains the outbox every interval until ctx ends (the sender inside `steward serve`).
func (o *Outbox) Run(ctx context.Context, every time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		rep, err := o.Drain(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			o.log().Error("greetings outbox", "err", err)
		case rep.Sent+rep.Failed+rep.Retrying > 0:
			o.log().Info("greetings outbox", "sent", rep.Sent, "retrying", rep.Retrying, "failed", rep.Failed)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
