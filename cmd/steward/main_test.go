package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/steward-bank/steward/policy"
)

// steward runs the command in-process and returns its exit status and output.
func steward(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{}, {"frobnicate"}, {"serve", "extra"}, {"user", "add"}, {"demo", "--clients", "5"}, {"serve", "--bogus"}} {
		if code, _, _ := steward(t, "", args...); code != 2 {
			t.Errorf("steward %q: exit %d, want 2", args, code)
		}
	}
	if code, out, _ := steward(t, "", "--help"); code != 0 || !strings.Contains(out, "steward serve") {
		t.Errorf("--help: exit %d", code)
	}
}

func TestPolicyShowAndRefusal(t *testing.T) {
	dir := t.TempDir()
	code, out, _ := steward(t, "", "policy", "show", "--data", dir)
	if code != 0 {
		t.Fatalf("policy show: exit %d", code)
	}
	// What it prints is a valid policy equal to the defaults.
	body := out[strings.Index(out, "\n")+1:]
	p, err := policy.Parse([]byte(body), "shown")
	if err != nil {
		t.Fatalf("printed policy does not parse: %v", err)
	}
	if p.Security.LockoutAttempts != 5 || p.Security.PasswordMaxAgeDays != 90 {
		t.Errorf("printed policy: lockout %d, expiry %d", p.Security.LockoutAttempts, p.Security.PasswordMaxAgeDays)
	}
	bad := filepath.Join(dir, "policy.toml")
	os.WriteFile(bad, []byte("[security]\nlockout_attempts = 0\n[tiers]\nt3_min = \"1.234\"\n"), 0o644)
	code, _, stderr := steward(t, "", "serve", "--data", dir, "--addr", "127.0.0.1:0")
	if code != 1 {
		t.Fatalf("serve with a bad policy: exit %d, want 1", code)
	}
	for _, key := range []string{"security.lockout_attempts", "tiers.t3_min"} {
		if !strings.Contains(stderr, key) {
			t.Errorf("refusal does not name %s:\n%s", key, stderr)
		}
	}
}

func TestOrgUserLifecycleAndBackup(t *testing.T) {
	dir := t.TempDir()
	db := "--db=sqlite:" + filepath.Join(dir, "s.db")
	must := func(stdin string, args ...string) string {
		t.Helper()
		code, out, errs := steward(t, stdin, append(args, db)...)
		if code != 0 {
			t.Fatalf("steward %q: exit %d\n%s", args, code, errs)
		}
		return out
	}
	if out := must("", "migrate"); !strings.Contains(out, "schema at version") {
		t.Errorf("migrate said %q", out)
	}
	must("", "org", "add", "HO", "--level", "head", "--name", "总行")
	must("", "org", "add", "OT1", "--level", "outlet", "--name", "网点", "--parent", "HO")
	must("Passw0rd-1\n", "user", "add", "rm09", "--role", "rm", "--org", "OT1", "--name", "测试")
	if code, _, errs := steward(t, "short\n", "user", "add", "rm10", "--role", "rm", "--org", "OT1", db); code != 1 || !strings.Contains(errs, "at least 8") {
		t.Errorf("weak password: exit %d, %q", code, errs)
	}
	if code, _, errs := steward(t, "Passw0rd-1\n", "user", "add", "x", "--role", "boss", "--org", "OT1", db); code != 2 || !strings.Contains(errs, "unknown role") {
		t.Errorf("unknown role: exit %d, %q", code, errs)
	}
	must("Passw0rd-2\n", "user", "passwd", "rm09")
	tok := strings.TrimSpace(must("", "user", "token", "rm09", "--name", "script"))
	if !strings.HasPrefix(tok, "stw_") {
		t.Errorf("token %q", tok)
	}
	must("", "user", "disable", "rm09")
	if out := must("", "user", "list"); !strings.Contains(out, "disabled") {
		t.Errorf("list after disable:\n%s", out)
	}
	if code, _, errs := steward(t, "", "user", "unlock", "nobody", db); code != 1 || !strings.Contains(errs, "no user") {
		t.Errorf("unknown user: exit %d, %q", code, errs)
	}
	copyFile := filepath.Join(dir, "copy.db")
	must("", "backup", copyFile)
	if code, out, _ := steward(t, "", "org", "list", "--db=sqlite:"+copyFile); code != 0 || !strings.Contains(out, "/HO/OT1/") {
		t.Errorf("the backup lacks the org tree (exit %d):\n%s", code, out)
	}
}
