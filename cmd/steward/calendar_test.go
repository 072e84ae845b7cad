package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/calendar"
	"github.com/steward-bank/steward/domain"
)

// fictional2027 is a made-up schedule for tests: not the State Council's 2027 schedule.
const fictional2027 = "# fictional schedule for tests\nyear 2027\n2027-03-03..2027-03-05 holiday 测试假日\n2027-03-13 work 测试假日\n"

func TestCalendarShowAndCheck(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	code, out, errs := steward(t, "", "calendar", "show", "2026", "--data", data)
	if code != 0 || !strings.Contains(out, "2026: shipped with Steward (holidays/2026.txt)") ||
		!strings.Contains(out, "2026-10-01..2026-10-07") || !strings.Contains(out, "国庆节") ||
		!strings.Contains(out, "2025: shipped with Steward") {
		t.Errorf("show 2026: exit %d\n%s%s", code, out, errs)
	}
	if code, out, _ := steward(t, "", "calendar", "show", "2027", "--data", data); code != 0 ||
		!strings.Contains(out, "2027: not covered") || !strings.Contains(out, filepath.Join(data, "holidays", "2027.txt")) {
		t.Errorf("show 2027 uncovered: exit %d\n%s", code, out)
	}

	// check: a good file anywhere, checked as it would be once installed.
	good := filepath.Join(dir, "2027.txt")
	os.WriteFile(good, []byte(fictional2027), 0o644)
	code, out, errs = steward(t, "", "calendar", "check", good, "--data", data)
	if code != 0 {
		t.Fatalf("check good: exit %d\n%s", code, errs)
	}
	for _, want := range []string{good + ": good", "2027 (adds 2027)", "2027-03-03..2027-03-05", "测试假日", "2027-03-13",
		"3 days of holiday, 1 make-up working days", "installed as " + filepath.Join(data, "holidays", "2027.txt"), "2027: " + good} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
	// A corrected 2026 says it replaces the shipped year.
	fix := filepath.Join(dir, "fix.txt")
	os.WriteFile(fix, []byte("year 2026\n2026-10-01..2026-10-08 holiday 国庆节\n"), 0o644)
	if code, out, errs := steward(t, "", "calendar", "check", fix, "--data", data); code != 0 ||
		!strings.Contains(out, "replaces the schedule shipped with Steward (holidays/2026.txt)") ||
		!strings.Contains(out, "installed as "+filepath.Join(data, "holidays", "2026.txt")) {
		t.Errorf("check a correction: exit %d\n%s%s", code, out, errs)
	}
	// Bad files: exit 1 with file:line and the reason.
	for text, want := range map[string]string{
		"year 2027\n2027-02-30 holiday 测试\n":           `:2: "2027-02-30" is not a date`,
		"year 2027\n2027-03-01 work 测试\n":              ":2: 2027-03-01 is a weekday",
		"year 2027\n2027-03-13 work 测试\n":              ":1: year 2027 lists no holiday",
		"year 2027\nyear 2028\n2027-01-01 holiday x\n": ":2: year 2028 lists no holiday",
	} {
		bad := filepath.Join(dir, "bad.txt")
		os.WriteFile(bad, []byte(text), 0o644)
		code, _, errs := steward(t, "", "calendar", "check", bad, "--data", data)
		if code != 1 || !strings.Contains(errs, bad+want) {
			t.Errorf("check %q: exit %d, %q, want %q", text, code, errs, want)
		}
	}
	if code, _, errs := steward(t, "", "calendar", "check", filepath.Join(dir, "none.txt")); code != 1 || !strings.Contains(errs, "none.txt") {
		t.Errorf("missing file: exit %d %q", code, errs)
	}

	// Installed in <data>/holidays, it is the effective calendar.
	hd := filepath.Join(data, "holidays")
	os.MkdirAll(hd, 0o755)
	os.WriteFile(filepath.Join(hd, "2027.txt"), []byte(fictional2027), 0o644)
	if code, out, _ := steward(t, "", "calendar", "show", "2027", "--data", data); code != 0 ||
		!strings.HasPrefix(out, "2027: "+filepath.Join(hd, "2027.txt")+"\n") || !strings.Contains(out, "2027-03-03..2027-03-05") {
		t.Errorf("show installed 2027: exit %d\n%s", code, out)
	}
	// A file conflicting with an installed one is refused, naming both.
	clash := filepath.Join(dir, "2026.txt")
	os.WriteFile(clash, []byte("year 2026\n2026-12-27 holiday 测试\n2026-10-01 holiday 国庆节\n"), 0o644)
	os.WriteFile(filepath.Join(hd, "2027.txt"), []byte(fictional2027+"2026-12-27 work 测试元旦\n"), 0o644)
	if code, _, errs := steward(t, "", "calendar", "check", clash, "--data", data); code != 1 ||
		!strings.Contains(errs, filepath.Join(hd, "2027.txt")+":5: 2026-12-27 is a work here but a holiday at "+clash+":2") {
		t.Errorf("conflict: exit %d %q", code, errs)
	}

	// A bad administrator's file stops the commands that use the calendar, with file:line.
	os.WriteFile(filepath.Join(hd, "2028.txt"), []byte("year 2028\n2028-01-01 holday 元旦\n"), 0o644)
	for _, args := range [][]string{{"serve", "--addr", "127.0.0.1:0"}, {"import", filepath.Join(dir, "feeds")}, {"calendar", "show"}} {
		code, _, errs := steward(t, "", append(args, "--data", data)...)
		if code != 1 || !strings.Contains(errs, filepath.Join(hd, "2028.txt")+`:2: "holday" is not a kind of day`) {
			t.Errorf("%s with a bad file: exit %d %q", args[0], code, errs)
		}
	}

	for _, args := range [][]string{{"calendar"}, {"calendar", "list"}, {"calendar", "check"}, {"calendar", "show", "20x7"}, {"calendar", "show", "2026", "2027"}} {
		if code, _, _ := steward(t, "", args...); code != 2 {
			t.Errorf("steward %q: exit %d, want 2", args, code)
		}
	}
}

func TestMissingNextYear(t *testing.T) {
	with2027, err := calendar.Default().Merge(mustParse(t, fictional2027))
	if err != nil {
		t.Fatal(err)
	}
	at := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 10, 0, 0, 0, domain.Shanghai) }
	tests := []struct {
		name string
		cal  *calendar.WorkCalendar
		now  time.Time
		year int
		warn bool
	}{
		{"November without next year", calendar.Default(), at(2026, 11, 23), 2027, true},
		{"December without next year", calendar.Default(), at(2026, 12, 31), 2027, true},
		{"October: not yet published", calendar.Default(), at(2026, 10, 31), 2027, false},
		{"November with next year", with2027, at(2026, 11, 1), 2027, false},
		{"2025: 2026 shipped", calendar.Default(), at(2025, 11, 15), 2026, false},
		{"31 December 17:00 UTC is 1 January in China", calendar.Default(), time.Date(2026, 12, 31, 17, 0, 0, 0, time.UTC), 2028, false},
	}
	for _, tt := range tests {
		if y, warn := missingNextYear(tt.cal, tt.now); y != tt.year || warn != tt.warn {
			t.Errorf("%s: %d %v, want %d %v", tt.name, y, warn, tt.year, tt.warn)
		}
	}
}

func mustParse(t *testing.T, text string) *calendar.WorkCalendar {
	t.Helper()
	c, err := calendar.ParseFile("test", strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	return c
}
