package notify

import (
	"context"
	"crypto/tls"
	"encoding/base64"
	"io"
	"mime"
	"net/mail"
	"strings"
	"testing"
	"time"
)

func TestParseSMTPURL(t *testing.T) {
	for _, tt := range []struct {
		url, want, bad string
	}{
		{"smtp://mail.bank:2525?from=greet@bank.cn", "smtp mail.bank:2525 (plain, from greet@bank.cn)", ""},
		{"smtp://u:p%40ss@mail.bank?from=greet@bank.cn&starttls=1", "smtp mail.bank:25 (STARTTLS, from greet@bank.cn)", ""},
		{"smtps://u:p@mail.bank?from=greet@bank.cn", "smtp mail.bank:465 (TLS, from greet@bank.cn)", ""},
		{"smtp://mail.bank", "", "from=ADDRESS is required"},
		{"http://mail.bank?from=a@b.cn", "", "scheme"},
		{"smtp://mail.bank?from=a@b.cn&tls=1", "", "unknown parameter"},
		{"smtp://u:secret@mail.bank?from=nope", "", "not an address"},
		{"smtp://u:secret@mail.bank?from=a@b.cn", "", "needs starttls=1 or smtps://"},
		{"smtp://u:secret@127.0.0.1:2525?from=a@b.cn", "smtp 127.0.0.1:2525 (plain, from a@b.cn)", ""},
	} {
		m, err := ParseSMTPURL(tt.url)
		if tt.bad != "" {
			if err == nil || !strings.Contains(err.Error(), tt.bad) || strings.Contains(err.Error(), "secret") {
				t.Errorf("ParseSMTPURL(%q) = %v, want an error with %q and no password", tt.url, err, tt.bad)
			}
			continue
		}
		if err != nil || m.String() != tt.want {
			t.Errorf("ParseSMTPURL(%q) = %v, %v; want %s", tt.url, m, err, tt.want)
		}
	}
	m, _ := ParseSMTPURL("smtp://u:p%40ss@mail.bank?from=greet@bank.cn&starttls=1")
	if m.User != "u" || m.Password != "p@ss" {
		t.Errorf("credentials %q %q", m.User, m.Password)
	}
}

// TestSMTPSendsToARealServer talks to an SMTP server on loopback: STARTTLS, AUTH PLAIN, a Chinese subject
// and body, and the headers a mail server expects.
func TestSMTPSendsToARealServer(t *testing.T) {
	conf, roots := selfSigned(t)
	srv := newSMTPServer(t, func(s *smtpServer) { s.tls, s.user, s.pass = conf, "greeter", "s3cret" })
	pool := &tls.Config{RootCAs: roots, ServerName: "127.0.0.1"}
	m, err := ParseSMTPURL("smtp://greeter:s3cret@" + srv.addr() + "?from=" + "江城银行 <greetings@bank.cn>" + "&starttls=1")
	if err != nil {
		t.Fatal(err)
	}
	m.TLSConfig = pool
	m.Now = func() time.Time { return time.Date(2027, 9, 15, 8, 0, 0, 0, time.FixedZone("CST", 8*3600)) }
	body := "尊敬的王先生：值此中秋佳节（八月十五）之际，恭祝您阖家团圆！"
	if err := m.Send(context.Background(), Message{ID: 42, To: "wang@example.cn", Subject: "中秋节快乐", Body: body}); err != nil {
		t.Fatal(err)
	}
	got := srv.received()
	if len(got) != 1 || !got[0].TLS || got[0].Auth != "greeter" || got[0].To != "wang@example.cn" {
		t.Fatalf("received %+v", got)
	}
	msg, err := mail.ReadMessage(strings.NewReader(got[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	subj, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || subj != "中秋节快乐" {
		t.Errorf("subject %q (%q), %v", subj, msg.Header.Get("Subject"), err)
	}
	if d, err := msg.Header.Date(); err != nil || !d.Equal(m.Now()) {
		t.Errorf("Date %q: %v", msg.Header.Get("Date"), err)
	}
	if id := msg.Header.Get("Message-ID"); !strings.HasPrefix(id, "<greeting-42.") || !strings.HasSuffix(id, "@bank.cn>") {
		t.Errorf("Message-ID %q", id)
	}
	if from, err := msg.Header.AddressList("From"); err != nil || from[0].Name != "江城银行" || from[0].Address != "greetings@bank.cn" {
		t.Errorf("From %q: %v", msg.Header.Get("From"), err)
	}
	if msg.Header.Get("Content-Type") != "text/plain; charset=UTF-8" {
		t.Errorf("Content-Type %q", msg.Header.Get("Content-Type"))
	}
	raw, _ := io.ReadAll(msg.Body)
	dec, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(string(raw), "\r\n", ""))
	if err != nil || string(dec) != body {
		t.Errorf("body %q, %v", dec, err)
	}
}

func TestSMTPRefusals(t *testing.T) {
	srv := newSMTPServer(t)
	m, _ := ParseSMTPURL("smtp://" + srv.addr() + "?from=greetings@bank.cn")
	ctx := context.Background()
	if err := m.Send(ctx, Message{ID: 1, To: "reject@example.cn", Body: "x"}); err == nil || !IsPermanent(err) {
		t.Errorf("550: %v, want permanent", err)
	}
	if err := m.Send(ctx, Message{ID: 2, To: "busy@example.cn", Body: "x"}); err == nil || IsPermanent(err) {
		t.Errorf("451: %v, want temporary", err)
	}
	if err := m.Send(ctx, Message{ID: 3, To: "not an address", Body: "x"}); !IsPermanent(err) {
		t.Errorf("bad address: %v, want permanent", err)
	}
	// STARTTLS required but not offered: permanent, nothing sent in clear.
	m.StartTLS = true
	if err := m.Send(ctx, Message{ID: 4, To: "a@example.cn", Body: "x"}); !IsPermanent(err) || !strings.Contains(err.Error(), "STARTTLS") {
		t.Errorf("no STARTTLS: %v", err)
	}
	// A server that is not there: temporary.
	srv.ln.Close()
	m.StartTLS = false
	if err := m.Send(ctx, Message{ID: 5, To: "a@example.cn", Body: "x"}); err == nil || IsPermanent(err) {
		t.Errorf("no server: %v, want temporary", err)
	}
	if n := len(srv.received()); n != 0 {
		t.Errorf("%d messages delivered", n)
	}
}
