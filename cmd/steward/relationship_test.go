package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// steward relationship import: every bad row on stderr as FILE:LINE column "value": reason, exit 1 and
// nothing changed; a good table (GB18030 here) applied with the counts on stdout, exit 0; a client served
// by another manager needs --replace; --check changes nothing; usage mistakes exit 2.
func TestRelationshipImportCommand(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "s.db")
	s := storetest.OpenSQLite(t, path)
	storetest.Seed(t, s)
	s.Close()
	db := "--db=sqlite:" + path
	write := func(name, text string, gb bool) string {
		t.Helper()
		if gb {
			var err error
			if text, err = simplifiedchinese.GB18030.NewEncoder().String(text); err != nil {
				t.Fatal(err)
			}
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	bad := write("bad.csv", "客户号,客户经理\nC003,rm01\nC404,rm01\nC004,rm01\nC003,\n", true)
	code, out, errs := steward(t, "", "relationship", "import", bad, db)
	want := "bad.csv:3 客户号 \"C404\": no such client\nbad.csv:4 客户经理 \"rm01\": works at outlet OT1; client C004 belongs to outlet OT3\n" +
		"bad.csv:5 客户经理: empty\nsteward relationship: bad.csv: 3 problems; nothing imported\n"
	if code != 1 || errs != want || out != "" {
		t.Errorf("bad table: exit %d\nstdout %q\nstderr:\n%s\nwant:\n%s", code, out, errs, want)
	}
	rmOf := func(client string) int64 {
		t.Helper()
		st := storetest.OpenSQLite(t, path)
		defer st.Close()
		c, err := st.Client(context.Background(), access.Scope{Reach: access.ReachAll}, client)
		if err != nil {
			t.Fatal(err)
		}
		return c.RMID
	}
	if rmOf("C003") != 0 {
		t.Fatal("a refused table assigned C003")
	}
	good := write("good.csv", "客户号,客户经理\nC003,rm01\nC002,rm01\nC004,rm03\n", true)
	if code, _, errs := steward(t, "", "relationship", "import", good, db); code != 1 || !strings.Contains(errs, `good.csv:3 客户号 "C002": already served by rm02; --replace moves it to rm01`) {
		t.Errorf("without --replace: exit %d\n%s", code, errs)
	}
	if code, out, errs := steward(t, "", "relationship", "import", good, "--replace", "--check", db); code != 0 || !strings.Contains(out, "checked (nothing changed): 3 rows (clients assigned 1, moved from another client manager 1, unchanged 1)") {
		t.Errorf("--check: exit %d %q %q", code, out, errs)
	}
	if rmOf("C003") != 0 {
		t.Fatal("--check assigned C003")
	}
	code, out, errs = steward(t, "", "relationship", "import", good, "--replace", db)
	if code != 0 || out != "good.csv imported: 3 rows (clients assigned 1, moved from another client manager 1, unchanged 1)\n" {
		t.Errorf("import: exit %d %q %q", code, out, errs)
	}
	st := storetest.OpenSQLite(t, path)
	rm01, _ := st.StaffByUsername(context.Background(), "rm01")
	ev, _ := st.AuditEvents(context.Background(), store.AuditFilter{Action: store.AuditRelationshipImport})
	st.Close()
	if rmOf("C003") != rm01.ID || rmOf("C002") != rm01.ID {
		t.Errorf("after the import C003 is kept by %d, C002 by %d, want rm01 (%d)", rmOf("C003"), rmOf("C002"), rm01.ID)
	}
	if len(ev) != 1 || !strings.Contains(ev[0].Detail, `"sha256":"`) || ev[0].ObjectID != "good.csv" {
		t.Errorf("audit: %+v", ev)
	}
	for _, args := range [][]string{{"relationship"}, {"relationship", "import"}, {"relationship", "import", good, "--encoding", "latin1"}, {"relationship", "export", good}} {
		if code, _, _ := steward(t, "", append(args, db)...); code != 2 {
			t.Errorf("steward %q: exit %d, want 2", args, code)
		}
	}
	if code, _, errs := steward(t, "", "relationship", "import", filepath.Join(dir, "missing.csv"), db); code != 1 || !strings.Contains(errs, "missing.csv") {
		t.Errorf("missing file: exit %d %q", code, errs)
	}
}
