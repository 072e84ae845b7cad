package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestGreetingsSend(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "s.db")
	t.Setenv("STEWARD_SMTP_URL", "")
	t.Setenv("STEWARD_SMS_URL", "")
	if code, out, errOut := steward(t, "", "greetings", "send", "--db", db); code != 0 || !strings.Contains(out, "no channel configured") {
		t.Fatalf("no channel: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := steward(t, "", "greetings", "send", "--db", db, "--smtp", "smtp://mail.bank"); code != 2 || !strings.Contains(errOut, "from=ADDRESS") {
		t.Fatalf("bad SMTP URL: %d %q", code, errOut)
	}
	if code, _, _ := steward(t, "", "greetings", "prepare"); code != 2 {
		t.Fatalf("unknown subcommand: %d", code)
	}
	// An empty outbox: nothing sent (or nothing tried, in the quiet hours).
	if code, out, _ := steward(t, "", "greetings", "send", "--db", db, "--sms-url", "http://127.0.0.1:9/send"); code != 0 ||
		!(strings.Contains(out, "sms: 0 sent") || strings.Contains(out, "quiet hours")) {
		t.Fatalf("empty outbox: %d %q", code, out)
	}
}
