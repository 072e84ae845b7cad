package web

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/calendar"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// withHolidayDir rebuilds the env's server with an administrator's schedule directory.
func (e *env) withHolidayDir(dir string) {
	e.t.Helper()
	srv, err := New(Config{Store: e.st, Auth: e.auth, Policy: e.srv.policy, Logger: e.srv.log, HolidayDir: dir})
	if err != nil {
		e.t.Fatal(err)
	}
	e.srv, e.h = srv, srv.Handler()
}

// upload posts a file as the upload form's multipart body.
func (b *browser) upload(name, text string) *httptest.ResponseRecorder {
	b.e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		b.e.t.Fatal(err)
	}
	fw.Write([]byte(text))
	mw.WriteField("text", "")
	mw.Close()
	return b.do(http.MethodPost, "/admin/calendar", &body, mw.FormDataContentType())
}

// fictionalSchedule is a made-up schedule of year for tests, not the State Council's: a holiday from the
// first Wednesday of March to the Friday, and the Saturday after as a make-up working day.
func fictionalSchedule(year int) (text string, holiday, makeUp domain.Date) {
	d := domain.NewDate(year, 3, 1)
	for d.Time().Weekday() != time.Wednesday {
		d = d.AddDays(1)
	}
	makeUp = d.AddDays(10)
	text = fmt.Sprintf("# fictional schedule for tests, not the State Council's\nyear %d\n%s..%s holiday 测试假日\n%s work 测试假日\n",
		year, d, d.AddDays(2), makeUp)
	return text, d, makeUp
}

// dayIsRest reports whether the week page shows the date as a day off.
func dayIsRest(t *testing.T, body string, d domain.Date) bool {
	t.Helper()
	m := regexp.MustCompile(`<section class="day([^"]*)" data-date="` + d.String() + `"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("the week page has no day %s", d)
	}
	return strings.Contains(m[1], "rest")
}

// An administrator uploads next year's schedule: a malformed file is refused with its line and nothing is
// written; the good one is written as <year>.txt, audited, shown as covered by the administrator's file,
// and the week page and task due dates treat its holiday as a day off at once. Others get 403.
func TestWorkCalendarPage(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		dir := filepath.Join(t.TempDir(), "holidays") // not created yet
		e.withHolidayDir(dir)
		next := domain.Today(time.Now()).Year() + 1
		text, holiday, makeUp := fictionalSchedule(next)

		admin := e.login("admin")
		body := admin.get("/admin/calendar").Body.String()
		if !strings.Contains(body, `id="nav-work-calendar"`) || !strings.Contains(body, `id="install-form"`) {
			t.Fatal("the administrator has no link or no upload form")
		}
		if !strings.Contains(body, `data-year="2026" data-source="shipped"`) {
			t.Error("the shipped 2026 is not listed")
		}
		shipped := calendar.Default().Covers(next)
		if !shipped && !strings.Contains(body, `id="next-year-missing"`) {
			t.Errorf("no warning that %d is not covered", next)
		}
		sup := e.login("sup01")
		if dayIsRest(t, sup.get("/calendar?week="+holiday.String()).Body.String(), holiday) != !calendar.Default().IsWorkingDay(holiday) {
			t.Fatalf("%s before the upload", holiday)
		}

		// Refused: a malformed file (with its line), two years in one file. Nothing is written.
		rec := admin.post("/admin/calendar", url.Values{"text": {fmt.Sprintf("year %d\n%d-02-30 holiday 测试\n", next, next)}})
		wantStatus(t, rec, http.StatusUnprocessableEntity, "a malformed file")
		if body := rec.Body.String(); !strings.Contains(body, "第 2 行") || !strings.Contains(body, "is not a date") ||
			!strings.Contains(body, "02-30 holiday") {
			t.Errorf("the refusal does not give the line and reason, or loses the text:\n%s", body)
		}
		rec = admin.upload("two.txt", fmt.Sprintf("year %d\nyear %d\n%d-01-01 holiday x\n%d-01-01 holiday x\n", next, next+1, next, next+1))
		wantStatus(t, rec, http.StatusUnprocessableEntity, "two years")
		if !strings.Contains(rec.Body.String(), "declares 2 years") {
			t.Error("two years: no reason")
		}
		wantStatus(t, admin.post("/admin/calendar", url.Values{"text": {"  "}}), http.StatusUnprocessableEntity, "empty")
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("a refused file wrote something: %v", err)
		}

		// Installed.
		rec = admin.upload("schedule.txt", text)
		wantStatus(t, rec, http.StatusSeeOther, "upload")
		if loc := rec.Header().Get("Location"); loc != fmt.Sprintf("/admin/calendar?installed=%d", next) {
			t.Errorf("Location %q", loc)
		}
		if b, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("%d.txt", next))); err != nil || string(b) != text {
			t.Fatalf("the file written: %q, %v", b, err)
		}
		if fi, err := os.Stat(filepath.Join(dir, fmt.Sprintf("%d.txt", next))); err != nil || fi.Mode().Perm() != 0o640 {
			t.Errorf("the file's mode: %v %v", fi.Mode(), err)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 1 {
			t.Errorf("%d files in the directory, want 1 (no temporary file left)", len(entries))
		}
		body = admin.get(fmt.Sprintf("/admin/calendar?installed=%d", next)).Body.String()
		if !strings.Contains(body, fmt.Sprintf(`data-year="%d" data-source="admin"`, next)) || strings.Contains(body, `id="next-year-missing"`) ||
			!strings.Contains(body, "测试假日") || !strings.Contains(body, fmt.Sprintf("%d 年的节假日安排已保存并生效", next)) {
			t.Errorf("the page does not show %d covered by the administrator's file:\n%s", next, body)
		}
		var n int
		if err := st.DB().QueryRowContext(ctx, st.Rebind("SELECT count(*) FROM audit_events WHERE action = ? AND actor_id = ? AND object_id = ?"),
			auditCalendarInstall, e.fx.Staff["admin"].ID, fmt.Sprint(next)).Scan(&n); err != nil || n != 1 {
			t.Errorf("%d audit events of the install, want 1 (%v)", n, err)
		}

		// The running server uses it at once: the week page and a task's due date.
		if !dayIsRest(t, sup.get("/calendar?week="+holiday.String()).Body.String(), holiday) {
			t.Errorf("%s is not a day off on the week page", holiday)
		}
		if dayIsRest(t, sup.get("/calendar?week="+makeUp.String()).Body.String(), makeUp) {
			t.Errorf("the make-up Saturday %s is a day off on the week page", makeUp)
		}
		res := sup.post("/tasks", url.Values{"assignee": {fmt.Sprint(e.fx.Staff["rm01"].ID)}, "kind": {"other"}, "due": {holiday.String()},
			"priority": {"1"}, "note": {"测试"}}).Result()
		if want := "/tasks?moved=" + holiday.AddDays(5).String(); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != want {
			t.Errorf("a task due on the holiday: %d %s, want %s", res.StatusCode, res.Header.Get("Location"), want)
		}

		// Not for others.
		for _, who := range []string{"rm01", "sup01"} {
			b := e.login(who)
			if strings.Contains(b.get("/").Body.String(), `id="nav-work-calendar"`) {
				t.Errorf("%s has the link", who)
			}
			wantStatus(t, b.get("/admin/calendar"), http.StatusForbidden, who+" reads the page")
			wantStatus(t, b.upload("x.txt", text), http.StatusForbidden, who+" uploads")
		}

		// Without a directory the page only shows the calendar.
		e.withHolidayDir("")
		body = admin.get("/admin/calendar").Body.String()
		if !strings.Contains(body, `id="read-only"`) || strings.Contains(body, `id="install-form"`) {
			t.Error("the read-only page offers an upload")
		}
		wantStatus(t, admin.upload("x.txt", text), http.StatusForbidden, "upload without a directory")
	})
}
