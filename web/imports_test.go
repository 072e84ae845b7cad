package web

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// withReportDir rebuilds the env's server with a reports directory.
func (e *env) withReportDir(dir string) {
	e.t.Helper()
	srv, err := New(Config{Store: e.st, Auth: e.auth, Policy: e.srv.policy, Logger: e.srv.log, ReportDir: dir})
	if err != nil {
		e.t.Fatal(err)
	}
	e.srv, e.h = srv, srv.Handler()
}

// addImportBatch writes a line of the import log as the importer would.
func addImportBatch(t *testing.T, st *store.Store, d domain.Date, at time.Time, mode string, rows int64, summary string) {
	t.Helper()
	_, err := st.DB().ExecContext(ctx, st.Rebind(`INSERT INTO import_batches (business_date, content_hash, applied_at, acct_mode, rows_total, summary)
		VALUES (?, ?, ?, ?, ?, ?)`), d, "sha256:"+strings.Repeat("ab", 32), at.UTC(), mode, rows, summary)
	if err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o640); err != nil {
		t.Fatal(err)
	}
}

const (
	appliedReport = "Steward import report\nbatch:    /feeds/20261123\ndate:     2026-11-23\nwritten:  2026-11-24 02:05:00\n" +
		"outcome:  APPLIED in 1.2s (read 400ms, references 100ms, apply 700ms)\napplied:  CUST 2, ACCT 3\n\n"
	refusedReport = "Steward import report\nbatch:    /feeds/20261124\ndate:     2026-11-24\nwritten:  2026-11-25 02:05:00\n" +
		"outcome:  REFUSED: 2 errors\n\nERROR CUST_20261124.txt line 7 id_number \"11010119900307123X\": bad check digit\n"
	alreadyReport = "Steward import report\nbatch:    /feeds/20261122\ndate:     2026-11-22\nwritten:  2026-11-23 02:05:00\n" +
		"outcome:  ALREADY APPLIED: identical to the last applied batch; nothing changed\n\n"
)

var (
	importRowRE = regexp.MustCompile(`(?s)<tr class="import-row" data-date="([^"]+)">(.*?)</tr>`)
	reportRowRE = regexp.MustCompile(`(?s)<tr class="report-row" data-name="([^"]+)" data-outcome="([^"]+)">(.*?)</tr>`)
)

func TestImportsPage(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		data := t.TempDir()
		dir := filepath.Join(data, "reports")
		if err := os.Mkdir(dir, 0o750); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(data, "steward.db"), "SECRET DATABASE")
		writeFile(t, filepath.Join(dir, "import_20261123.txt"), appliedReport)
		writeFile(t, filepath.Join(dir, "import_20261124.txt"), refusedReport)
		writeFile(t, filepath.Join(dir, "import_20261122.txt"), alreadyReport)
		writeFile(t, filepath.Join(dir, "other.txt"), "not a report")
		writeFile(t, filepath.Join(dir, "import_2026.txt"), "not a report either")
		if err := os.Mkdir(filepath.Join(dir, "import_20261101.txt"), 0o750); err != nil {
			t.Fatal(err)
		}
		symlink := os.Symlink(filepath.Join(data, "steward.db"), filepath.Join(dir, "import_20261120.txt")) == nil
		e.withReportDir(dir)

		addImportBatch(t, st, domain.NewDate(2026, 11, 21), time.Date(2026, 11, 21, 18, 1, 2, 0, time.UTC), "full", 49012,
			"ORG=12 CUST=20000 ACCT=29000")
		addImportBatch(t, st, domain.NewDate(2026, 11, 23), time.Date(2026, 11, 23, 18, 5, 0, 0, time.UTC), "delta", 5,
			"CUST=2 ACCT=3")

		admin := e.login("admin")
		rec := admin.get("/imports")
		wantStatus(t, rec, http.StatusOK, "admin imports")
		body := rec.Body.String()
		if !strings.Contains(body, `id="imports"`) || !strings.Contains(body, `id="nav-imports"`) {
			t.Error("no import table or no nav link for the admin")
		}

		// The import log, newest first, in bank time.
		rows := importRowRE.FindAllStringSubmatch(body, -1)
		if len(rows) != 2 || rows[0][1] != "2026-11-23" || rows[1][1] != "2026-11-21" {
			t.Fatalf("import rows = %v", rows)
		}
		for _, want := range []string{"2026-11-24 02:05:00", "增量", ">5<", "客户 2 · 账户 3", `href="/imports/reports/import_20261123.txt"`} {
			if !strings.Contains(rows[0][2], want) {
				t.Errorf("batch 2026-11-23 lacks %q:\n%s", want, rows[0][2])
			}
		}
		for _, want := range []string{"2026-11-22 02:01:02", "全量", "49,012", "机构 12 · 客户 20,000 · 账户 29,000"} {
			if !strings.Contains(rows[1][2], want) {
				t.Errorf("batch 2026-11-21 lacks %q:\n%s", want, rows[1][2])
			}
		}
		if strings.Contains(rows[1][2], "/imports/reports/") {
			t.Error("batch 2026-11-21 links a report that does not exist")
		}

		// The reports, newest first, only import_YYYYMMDD.txt regular files.
		reps := reportRowRE.FindAllStringSubmatch(body, -1)
		var got []string
		for _, m := range reps {
			got = append(got, m[1]+"="+m[2])
		}
		want := []string{"import_20261124.txt=refused", "import_20261123.txt=applied", "import_20261122.txt=already"}
		if !slices.Equal(got, want) {
			t.Fatalf("reports = %v, want %v", got, want)
		}
		for i, w := range []string{"已拒绝", "已应用", "已应用过"} {
			if !strings.Contains(reps[i][3], `outcome-`+reps[i][2]+`">`+w+`<`) {
				t.Errorf("report %s does not show %s:\n%s", reps[i][1], w, reps[i][3])
			}
		}
		if !strings.Contains(reps[0][3], "文件或引用有 2 处错误，未应用任何数据") || !strings.Contains(reps[0][3], "2026-11-24") ||
			!strings.Contains(reps[0][3], `href="/imports/reports/import_20261124.txt"`) {
			t.Errorf("refused report row:\n%s", reps[0][3])
		}
		if !strings.Contains(reps[1][3], "用时 1.2 秒") || !strings.Contains(reps[2][3], "与上次应用的批次完全相同，未作任何更改") {
			t.Errorf("the applied and already applied reports do not say so in words:\n%s\n%s", reps[1][3], reps[2][3])
		}
		if !strings.Contains(reps[1][3], ">"+sizeText(int64(len(appliedReport)))+"<") {
			t.Errorf("no size in:\n%s", reps[1][3])
		}
		for _, other := range []string{"other.txt", "import_2026.txt", "import_20261101", "import_20261120"} {
			if strings.Contains(body, other) {
				t.Errorf("the page lists %s", other)
			}
		}

		// Opening a report: plain text, audited as an export.
		rec = admin.get("/imports/reports/import_20261124.txt")
		wantStatus(t, rec, http.StatusOK, "open report")
		if ct := rec.Header().Get("Content-Type"); ct != "text/plain; charset=utf-8" {
			t.Errorf("Content-Type %q", ct)
		}
		if rec.Body.String() != refusedReport {
			t.Errorf("report body = %q", rec.Body.String())
		}
		events, err := st.AuditEvents(ctx, store.AuditFilter{Action: domain.AuditExport})
		if err != nil {
			t.Fatal(err)
		}
		if len(events) != 1 || events[0].ObjectType != "import_report" || events[0].ObjectID != "import_20261124.txt" ||
			events[0].ActorID != e.fx.Staff["admin"].ID {
			t.Errorf("export events = %+v", events)
		}

		// Anything but an existing import_YYYYMMDD.txt is a 404, and not audited.
		for _, p := range []string{"..%2Fsteward.db", "..%2F..%2Fetc%2Fpasswd", "import_2026.txt", "other.txt",
			"import_20261125.txt", "import_20261101.txt", "import_20261123.txt.bak", "IMPORT_20261123.TXT", "import_20261123.txt%00"} {
			rec := admin.get("/imports/reports/" + p)
			wantStatus(t, rec, http.StatusNotFound, p)
			if strings.Contains(rec.Body.String(), "SECRET") {
				t.Errorf("%s leaks the database", p)
			}
		}
		if symlink {
			rec := admin.get("/imports/reports/import_20261120.txt")
			wantStatus(t, rec, http.StatusNotFound, "symbolic link out of the directory")
			if strings.Contains(rec.Body.String(), "SECRET") {
				t.Error("a symbolic link leaks the database")
			}
		}
		if ev, _ := st.AuditEvents(ctx, store.AuditFilter{Action: domain.AuditExport}); len(ev) != 1 {
			t.Errorf("%d export events after refused names, want 1", len(ev))
		}

		// Only administrators.
		for _, who := range []string{"rm01", "sup01"} {
			b := e.login(who)
			wantStatus(t, b.get("/imports"), http.StatusForbidden, who+" imports")
			rec := b.get("/imports/reports/import_20261123.txt")
			wantStatus(t, rec, http.StatusForbidden, who+" report")
			if strings.Contains(rec.Body.String(), "APPLIED") {
				t.Errorf("%s is refused but sees the report", who)
			}
			if home := b.get("/").Body.String(); strings.Contains(home, `href="/imports"`) {
				t.Errorf("%s sees the imports link", who)
			}
		}
		if ev, _ := st.AuditEvents(ctx, store.AuditFilter{Action: domain.AuditExport}); len(ev) != 1 {
			t.Errorf("%d export events after refused people, want 1", len(ev))
		}
		if home := admin.get("/").Body.String(); !strings.Contains(home, `href="/imports"`) {
			t.Error("the admin has no imports link")
		}

		// English.
		admin.cookies[langCookie] = &http.Cookie{Name: langCookie, Value: "en"}
		body = admin.get("/imports").Body.String()
		for _, w := range []string{"Nightly import", "Import log", "Reports", "Business date", "delta", "full", "REFUSED",
			"ALREADY APPLIED", "View report", ">Imports<", "clients 2 · accounts 3", "in 1.2 s",
			"2 errors in the files or their references; nothing was applied", "identical to the last applied batch; nothing changed"} {
			if !strings.Contains(body, w) {
				t.Errorf("the English page lacks %q", w)
			}
		}
		if strings.Contains(body, "导入记录") || strings.Contains(body, "增量") {
			t.Error("the English page still speaks Chinese")
		}
	})
}

func TestImportsWithoutReports(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st) // no ReportDir
		admin := e.login("admin")
		rec := admin.get("/imports")
		wantStatus(t, rec, http.StatusOK, "imports without a reports directory")
		body := rec.Body.String()
		if !strings.Contains(body, `id="reports-none"`) || !strings.Contains(body, "尚无已应用的批次") || strings.Contains(body, `id="import-reports"`) {
			t.Errorf("page without reports or batches:\n%s", body)
		}
		wantStatus(t, admin.get("/imports/reports/import_20261123.txt"), http.StatusNotFound, "report without a directory")

		// A directory configured but not created yet holds no report.
		e.withReportDir(filepath.Join(t.TempDir(), "reports"))
		body = admin.get("/imports").Body.String()
		if !strings.Contains(body, `id="import-reports"`) || !strings.Contains(body, "报告目录中没有导入报告") || strings.Contains(body, `id="reports-error"`) {
			t.Errorf("page with a missing reports directory:\n%s", body)
		}
		wantStatus(t, admin.get("/imports/reports/import_20261123.txt"), http.StatusNotFound, "report in a missing directory")
	})
}

func TestSizeText(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 1023: "1023 B", 1024: "1.0 KB", 1536: "1.5 KB", 5 << 20: "5.0 MB",
		3 << 30: "3.0 GB", 5 << 40: "5120.0 GB"} {
		if got := sizeText(n); got != want {
			t.Errorf("sizeText(%d) = %q, want %q", n, got, want)
		}
	}
}
