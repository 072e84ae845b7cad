package notify

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"net/url"
	"strings"
	"time"
)

// SMTP sends e-mail through the bank's mail server.
type SMTP struct {
	// Addr is host:port.
	Addr string
	// User and Password authenticate with AUTH PLAIN when User is set (net/smtp refuses to send them
	// over an unencrypted connection except to localhost).
	User, Password string
	// From is the sender's address, e.g. "江城银行 <greetings@bank.example>".
	From string
	// StartTLS upgrades the connection with STARTTLS before authenticating; TLS connects with TLS from
	// the start (smtps, port 465).
	StartTLS, TLS bool
	// TLSConfig, when set, replaces the default (the server's name verified against the system roots).
	TLSConfig *tls.Config
	// Timeout bounds one message's whole conversation. Default 30 s.
	Timeout time.Duration
	// Now gives the Date header; tests replace it.
	Now func() time.Time
}

// ParseSMTPURL reads the mail server's settings from a URL:
//
//	smtp://[user:password@]host[:port]?from=ADDRESS[&starttls=1]     (port 25 by default)
//	smtps://[user:password@]host[:port]?from=ADDRESS                 (TLS from the start, port 465)
func ParseSMTPURL(raw string) (*SMTP, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("SMTP URL: %w", err)
	}
	m := &SMTP{}
	port := "25"
	switch u.Scheme {
	case "smtp":
	case "smtps":
		m.TLS, port = true, "465"
	default:
		return nil, fmt.Errorf("SMTP URL %q: the scheme must be smtp or smtps", redact(u))
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("SMTP URL %q: no host", redact(u))
	}
	if u.Port() != "" {
		port = u.Port()
	}
	m.Addr = net.JoinHostPort(u.Hostname(), port)
	if u.User != nil {
		m.User = u.User.Username()
		m.Password, _ = u.User.Password()
	}
	q := u.Query()
	m.From = q.Get("from")
	if m.From == "" {
		return nil, fmt.Errorf("SMTP URL %q: from=ADDRESS is required (the sender's address)", redact(u))
	}
	if _, err := mail.ParseAddress(m.From); err != nil {
		return nil, fmt.Errorf("SMTP URL %q: from=%q is not an address: %w", redact(u), m.From, err)
	}
	switch q.Get("starttls") {
	case "", "0", "false":
	case "1", "true":
		m.StartTLS = true
	default:
		return nil, fmt.Errorf("SMTP URL %q: starttls must be 1 or 0", redact(u))
	}
	for k := range q {
		if k != "from" && k != "starttls" {
			return nil, fmt.Errorf("SMTP URL %q: unknown parameter %q (want from, starttls)", redact(u), k)
		}
	}
	if m.User != "" && !m.TLS && !m.StartTLS && !loopback(u.Hostname()) {
		return nil, fmt.Errorf("SMTP URL %q: a password needs starttls=1 or smtps://, or it would cross the network in clear", redact(u))
	}
	return m, nil
}

// loopback reports whether host is this machine (where net/smtp allows AUTH PLAIN without TLS).
func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// redact is a URL without its password, for messages and logs.
func redact(u *url.URL) string { return u.Redacted() }

// String describes the server without its password.
func (m *SMTP) String() string {
	mode := "plain"
	switch {
	case m.TLS:
		mode = "TLS"
	case m.StartTLS:
		mode = "STARTTLS"
	}
	return fmt.Sprintf("smtp %s (%s, from %s)", m.Addr, mode, m.From)
}

// Send delivers one e-mail. A 5xx reply of the server is permanent; anything else (a 4xx reply, a
// connection that fails or times out) may succeed later.
func (m *SMTP) Send(ctx context.Context, msg Message) (err error) {
	addr, err := mail.ParseAddress(msg.To)
	if err != nil {
		return Permanent(fmt.Errorf("e-mail to %q: not an address: %w", msg.To, err))
	}
	from, _ := mail.ParseAddress(m.From)
	timeout := m.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	host, _, _ := net.SplitHostPort(m.Addr)
	tlsConf := m.TLSConfig
	if tlsConf == nil {
		tlsConf = &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	}
	var conn net.Conn
	d := &net.Dialer{}
	if m.TLS {
		conn, err = (&tls.Dialer{NetDialer: d, Config: tlsConf}).DialContext(ctx, "tcp", m.Addr)
	} else {
		conn, err = d.DialContext(ctx, "tcp", m.Addr)
	}
	if err != nil {
		return fmt.Errorf("e-mail %d: connect to %s: %w", msg.ID, m.Addr, err)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		return classify(fmt.Errorf("e-mail %d: greeting of %s: %w", msg.ID, m.Addr, err))
	}
	defer c.Close()
	step := func(what string, err error) error {
		if err != nil {
			return classify(fmt.Errorf("e-mail %d to %s: %s at %s: %w", msg.ID, addr.Address, what, m.Addr, err))
		}
		return nil
	}
	if err := step("HELO", c.Hello(localName(from.Address))); err != nil {
		return err
	}
	if m.StartTLS {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return Permanent(fmt.Errorf("e-mail %d: %s does not offer STARTTLS, which the configuration requires", msg.ID, m.Addr))
		}
		if err := step("STARTTLS", c.StartTLS(tlsConf)); err != nil {
			return err
		}
	}
	if m.User != "" {
		if err := step("AUTH", c.Auth(smtp.PlainAuth("", m.User, m.Password, host))); err != nil {
			return err
		}
	}
	if err := step("MAIL FROM", c.Mail(from.Address)); err != nil {
		return err
	}
	if err := step("RCPT TO", c.Rcpt(addr.Address)); err != nil {
		return err
	}
	w, err := c.Data()
	if err := step("DATA", err); err != nil {
		return err
	}
	if _, err := w.Write(m.compose(msg, from, addr)); err != nil {
		return step("DATA", err)
	}
	if err := step("end of DATA", w.Close()); err != nil {
		return err
	}
	c.Quit() // the message is accepted; a failed QUIT changes nothing
	return nil
}

// compose writes the message: UTF-8 text in base64, the subject in RFC 2047 encoding, Date and
// Message-ID headers.
func (m *SMTP) compose(msg Message, from, to *mail.Address) []byte {
	now := time.Now
	if m.Now != nil {
		now = m.Now
	}
	var b bytes.Buffer
	h := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	h("From", from.String())
	h("To", to.String())
	h("Subject", mime.QEncoding.Encode("utf-8", msg.Subject))
	h("Date", now().Format(time.RFC1123Z))
	var r [6]byte
	rand.Read(r[:])
	h("Message-ID", fmt.Sprintf("<greeting-%d.%s@%s>", msg.ID, hex.EncodeToString(r[:]), localName(from.Address)))
	h("MIME-Version", "1.0")
	h("Content-Type", "text/plain; charset=UTF-8")
	h("Content-Transfer-Encoding", "base64")
	b.WriteString("\r\n")
	enc := base64.StdEncoding.EncodeToString([]byte(msg.Body))
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
	return b.Bytes()
}

// localName is the domain of an address, for HELO and Message-ID.
func localName(address string) string {
	if i := strings.LastIndexByte(address, '@'); i >= 0 && i < len(address)-1 {
		return address[i+1:]
	}
	return "localhost"
}

// classify marks an SMTP 5xx reply permanent; 4xx replies and network errors stay temporary.
func classify(err error) error {
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 {
		return Permanent(err)
	}
	return err
}
