package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/store"
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
	tok2 := strings.TrimSpace(must("", "user", "token", "rm09", "--name", "calendar feed"))
	if out := must("", "user", "tokens", "rm09"); strings.Count(out, "live") != 2 || !strings.Contains(out, "calendar feed") || strings.Contains(out, tok2) {
		t.Errorf("tokens:\n%s", out)
	}
	must("", "user", "revoke-token", "rm09", "--id", "1")
	if out := must("", "user", "tokens", "rm09"); !strings.Contains(out, "revoked") {
		t.Errorf("tokens after revoke-token:\n%s", out)
	}
	if code, _, errs := steward(t, "", "user", "revoke-token", "rm09", "--id", "1", db); code != 1 || !strings.Contains(errs, "no live API token 1") {
		t.Errorf("revoking twice: exit %d, %q", code, errs)
	}
	must("", "user", "disable", "rm09")
	if out := must("", "user", "tokens", "rm09"); strings.Contains(out, "live") {
		t.Errorf("tokens after disable:\n%s", out)
	}
	if out := must("", "user", "list"); !strings.Contains(out, "disabled") {
		t.Errorf("list after disable:\n%s", out)
	}
	if code, _, errs := steward(t, "", "user", "tokens", "nobody", db); code != 1 || !strings.Contains(errs, "no user") {
		t.Errorf("unknown user: exit %d, %q", code, errs)
	}
	copyFile := filepath.Join(dir, "copy.db")
	must("", "backup", copyFile)
	if code, out, _ := steward(t, "", "org", "list", "--db=sqlite:"+copyFile); code != 0 || !strings.Contains(out, "/HO/OT1/") {
		t.Errorf("the backup lacks the org tree (exit %d):\n%s", code, out)
	}
}

// user add --employee-no records the bank's employee number, shown by user list; a number already given
// to someone else, or not a number at all, is refused and nobody is created.
func TestUserAddEmployeeNo(t *testing.T) {
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
	must("", "migrate")
	must("", "org", "add", "HO", "--level", "head", "--name", "总行")
	must("", "org", "add", "OT1", "--level", "outlet", "--name", "网点", "--parent", "HO")
	must("Passw0rd-1\n", "user", "add", "rm09", "--role", "rm", "--org", "OT1", "--name", "测试", "--employee-no", "100234")
	if out := must("", "user", "list"); !strings.Contains(out, "100234") {
		t.Errorf("user list lacks the employee number:\n%s", out)
	}
	if code, _, errs := steward(t, "Passw0rd-1\n", "user", "add", "rm10", "--role", "rm", "--org", "OT1", "--employee-no", "100234", db); code != 1 || !strings.Contains(errs, "100234") {
		t.Errorf("a taken employee number: exit %d, %q", code, errs)
	}
	if code, _, errs := steward(t, "Passw0rd-1\n", "user", "add", "rm11", "--role", "rm", "--org", "OT1", "--employee-no", "10 02", db); code != 1 || !strings.Contains(errs, "employee number") {
		t.Errorf("a bad employee number: exit %d, %q", code, errs)
	}
	if out := must("", "user", "list"); strings.Contains(out, "rm10") || strings.Contains(out, "rm11") {
		t.Errorf("a refused user was created:\n%s", out)
	}
	st, err := store.Open(context.Background(), "sqlite:"+filepath.Join(dir, "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	evs, err := st.AuditEvents(context.Background(), store.AuditFilter{Action: "staff_change", Limit: 1})
	if err != nil || len(evs) != 1 || !strings.Contains(evs[0].Detail, `"employee_no":"100234"`) || !strings.Contains(evs[0].Detail, `"by":"command line"`) {
		t.Errorf("audit of user add: %+v %v", evs, err)
	}
}

// gen --accounts-per-client gives the clients that many accounts on average, and the batch imports.
func TestGenAccountsPerClient(t *testing.T) {
	dir := t.TempDir()
	feeds := filepath.Join(dir, "feeds")
	if code, out, errs := steward(t, "", "gen", "--clients", "400", "--days", "1", "--out", feeds, "--accounts-per-client", "2.5"); code != 0 {
		t.Fatalf("gen: exit %d\n%s%s", code, out, errs)
	}
	acct, err := filepath.Glob(filepath.Join(feeds, "BATCH_*", "ACCT_*"))
	if err != nil || len(acct) != 1 {
		t.Fatalf("ACCT files: %v %v", acct, err)
	}
	text, _ := os.ReadFile(acct[0])
	if rows := strings.Count(string(text), "\n") - 1; rows < 990 || rows > 1000 {
		t.Errorf("%d accounts for 400 clients, want about 1 000", rows)
	}
	if code, out, errs := steward(t, "", "import", feeds, "--data", filepath.Join(dir, "data"), "--no-rate"); code != 0 {
		t.Fatalf("import: exit %d\n%s%s", code, out, errs)
	}
	for _, bad := range []string{"0.5", "2.555", "x", "25"} {
		if code, _, errs := steward(t, "", "gen", "--clients", "400", "--out", feeds, "--accounts-per-client", bad); code != 2 || !strings.Contains(errs, "--accounts-per-client") {
			t.Errorf("--accounts-per-client %s: exit %d %q", bad, code, errs)
		}
	}
}

// gen --acct-mode full writes every day's ACCT as a full snapshot, which imports; a mode other than delta
// or full is a usage error.
func TestGenFullAccountMode(t *testing.T) {
	dir := t.TempDir()
	feeds := filepath.Join(dir, "feeds")
	if code, out, errs := steward(t, "", "gen", "--clients", "300", "--days", "2", "--out", feeds, "--acct-mode", "full"); code != 0 {
		t.Fatalf("gen: exit %d\n%s%s", code, out, errs)
	}
	ctls, _ := filepath.Glob(filepath.Join(feeds, "BATCH_*", "*.ctl"))
	if len(ctls) != 2 {
		t.Fatalf("control files %v, want 2", ctls)
	}
	for _, c := range ctls {
		if text, _ := os.ReadFile(c); !strings.Contains(string(text), "acct_mode=full") {
			t.Errorf("%s does not say acct_mode=full:\n%s", c, text)
		}
	}
	if code, out, errs := steward(t, "", "import", feeds, "--data", filepath.Join(dir, "data"), "--no-rate"); code != 0 || strings.Count(out, " applied: ") != 2 {
		t.Fatalf("import: exit %d\n%s%s", code, out, errs)
	}
	if code, _, errs := steward(t, "", "gen", "--clients", "300", "--out", feeds, "--acct-mode", "snapshot"); code != 2 || !strings.Contains(errs, "--acct-mode") {
		t.Errorf("--acct-mode snapshot: exit %d %q", code, errs)
	}
}

func TestGenImportAndDemo(t *testing.T) {
	dir := t.TempDir()
	feeds := filepath.Join(dir, "feeds")
	code, out, errs := steward(t, "", "gen", "--clients", "300", "--days", "3", "--out", feeds, "--encoding", "GB18030", "--delimiter", `\x1e`)
	if code != 0 || !strings.Contains(out, "wrote 3 batches") {
		t.Fatalf("gen: exit %d\n%s%s", code, out, errs)
	}
	data := filepath.Join(dir, "data")
	code, out, errs = steward(t, "", "import", feeds, "--data", data)
	if code != 0 || strings.Count(out, " applied: ") != 3 {
		t.Fatalf("import: exit %d\n%s%s", code, out, errs)
	}
	reports, _ := filepath.Glob(filepath.Join(data, "reports", "import_*.txt"))
	if len(reports) != 3 {
		t.Errorf("%d reports, want 3", len(reports))
	}
	last, _ := filepath.Glob(filepath.Join(feeds, "BATCH_*"))
	code, out, _ = steward(t, "", "import", last[len(last)-1], "--data", data)
	if code != 0 || !strings.Contains(out, "already applied") {
		t.Errorf("re-import of the last batch: exit %d %q", code, out)
	}
	// The whole directory again, as after a crash: every batch is already applied.
	code, out, _ = steward(t, "", "import", feeds, "--data", data)
	if code != 0 || strings.Count(out, "already applied") != 3 {
		t.Errorf("re-import of the directory: exit %d %q", code, out)
	}
	// A batch older than the last applied one that was never applied: refused, exit 1, one line.
	older := filepath.Join(dir, "older", "BATCH_20260101")
	os.MkdirAll(older, 0o755)
	os.WriteFile(filepath.Join(older, "BATCH_20260101.ctl"), []byte("business_date=20260101\n"), 0o644)
	code, _, errs = steward(t, "", "import", older, "--data", data)
	if code != 1 || !strings.Contains(errs, "refused") || strings.Count(strings.TrimSpace(errs), "\n") != 0 {
		t.Errorf("an old batch: exit %d, want 1 with one line:\n%s", code, errs)
	}
	if code, _, _ := steward(t, "", "import", filepath.Join(dir, "nothing-here"), "--data", data); code != 1 {
		t.Errorf("a path without batches: exit %d, want 1", code)
	}

	// The demo loads through the same generator and importer.
	demoDir := filepath.Join(dir, "demo")
	code, out, errs = steward(t, "", "demo", "--no-serve", "--clients", "300", "--data", demoDir)
	if code != 0 || !strings.Contains(out, "batches imported") {
		t.Fatalf("demo: exit %d\n%s%s", code, out, errs)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, "sqlite:"+filepath.Join(demoDir, "steward.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	log, _ := st.ImportLog(ctx, 100)
	if len(log) < 28 {
		t.Errorf("the demo imported %d batches, want a month of them", len(log))
	}
	rm01, err := st.StaffByUsername(ctx, "rm01")
	if err != nil {
		t.Fatal(err)
	}
	page, err := st.SearchClients(ctx, access.Scope{Reach: access.ReachAll}, store.ClientFilter{RMID: rm01.ID})
	if err != nil || page.Total < 20 {
		t.Errorf("rm01 keeps %d clients in the demo (%v), want at least 20", page.Total, err)
	}
}
