package calendar

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/steward-bank/steward/domain"
)

func TestDefault2026(t *testing.T) {
	c := Default()
	tests := []struct {
		date    string
		working bool
		kind    DayKind
		name    string
	}{
		{"2025-12-31", true, Workday, ""},
		{"2026-01-01", false, Holiday, "元旦"},
		{"2026-01-03", false, Holiday, "元旦"}, // a Saturday
		{"2026-01-04", true, MakeUpWorkday, "元旦"},
		{"2026-01-05", true, Workday, ""},
		{"2026-01-10", false, Weekend, ""},
		{"2026-02-13", true, Workday, ""},
		{"2026-02-14", true, MakeUpWorkday, "春节"}, // a Saturday
		{"2026-02-15", false, Holiday, "春节"},
		{"2026-02-16", false, Holiday, "春节"}, // 除夕
		{"2026-02-17", false, Holiday, "春节"},
		{"2026-02-23", false, Holiday, "春节"}, // a Monday
		{"2026-02-24", true, Workday, ""},
		{"2026-02-28", true, MakeUpWorkday, "春节"}, // a Saturday
		{"2026-03-01", false, Weekend, ""},
		{"2026-04-03", true, Workday, ""},
		{"2026-04-04", false, Holiday, "清明节"},
		{"2026-04-06", false, Holiday, "清明节"},
		{"2026-04-07", true, Workday, ""},
		{"2026-04-30", true, Workday, ""},
		{"2026-05-01", false, Holiday, "劳动节"},
		{"2026-05-05", false, Holiday, "劳动节"},
		{"2026-05-06", true, Workday, ""},
		{"2026-05-09", true, MakeUpWorkday, "劳动节"},
		{"2026-05-10", false, Weekend, ""},
		{"2026-06-18", true, Workday, ""},
		{"2026-06-19", false, Holiday, "端午节"},
		{"2026-06-21", false, Holiday, "端午节"},
		{"2026-06-22", true, Workday, ""},
		{"2026-09-19", false, Weekend, ""},
		{"2026-09-20", true, MakeUpWorkday, "国庆节"}, // a Sunday
		{"2026-09-25", false, Holiday, "中秋节"},
		{"2026-09-27", false, Holiday, "中秋节"},
		{"2026-09-28", true, Workday, ""},
		{"2026-09-30", true, Workday, ""},
		{"2026-10-01", false, Holiday, "国庆节"},
		{"2026-10-07", false, Holiday, "国庆节"},
		{"2026-10-08", true, Workday, ""},
		{"2026-10-10", true, MakeUpWorkday, "国庆节"}, // a Saturday
		{"2026-10-11", false, Weekend, ""},
		{"2026-12-31", true, Workday, ""},
	}
	for _, tt := range tests {
		d := date(t, tt.date)
		if got := c.IsWorkingDay(d); got != tt.working {
			t.Errorf("IsWorkingDay(%s) = %v, want %v", tt.date, got, tt.working)
		}
		if kind, name := c.Kind(d); kind != tt.kind || name != tt.name {
			t.Errorf("Kind(%s) = %v %q, want %v %q", tt.date, kind, name, tt.kind, tt.name)
		}
		wantHoliday := ""
		if tt.kind == Holiday {
			wantHoliday = tt.name
		}
		if got := c.HolidayName(d); got != wantHoliday {
			t.Errorf("HolidayName(%s) = %q, want %q", tt.date, got, wantHoliday)
		}
	}
	holidays, makeUps := 0, 0
	for d := date(t, "2026-01-01"); d.Year() == 2026; d = d.AddDays(1) {
		switch k, _ := c.Kind(d); k {
		case Holiday:
			holidays++
		case MakeUpWorkday:
			makeUps++
		}
	}
	if holidays != 33 || makeUps != 6 {
		t.Errorf("2026: %d holidays and %d make-up days, want 33 and 6", holidays, makeUps)
	}
}

func TestDefault2025(t *testing.T) {
	c := Default()
	for _, s := range []string{"2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"} {
		if k, _ := c.Kind(date(t, s)); k != MakeUpWorkday {
			t.Errorf("%s is %v, want a make-up workday", s, k)
		}
	}
	for _, s := range []string{"2025-01-01", "2025-01-28", "2025-02-04", "2025-05-05", "2025-06-02", "2025-10-08"} {
		if c.IsWorkingDay(date(t, s)) {
			t.Errorf("%s is a working day, want a holiday", s)
		}
	}
	if got := c.HolidayName(date(t, "2025-10-06")); got != "国庆节、中秋节" {
		t.Errorf("HolidayName(2025-10-06) = %q", got)
	}
}

func TestCovers(t *testing.T) {
	c := Default()
	for year, want := range map[int]bool{2024: false, 2025: true, 2026: true, 2027: false} {
		if got := c.Covers(year); got != want {
			t.Errorf("Covers(%d) = %v, want %v", year, got, want)
		}
	}
	if got := c.Years(); len(got) != 2 || got[0] != 2025 || got[1] != 2026 {
		t.Errorf("Years = %v", got)
	}
	// An uncovered year falls back to weekends: 2027-10-01 is a Friday.
	if !c.IsWorkingDay(date(t, "2027-10-01")) || c.IsWorkingDay(date(t, "2027-10-02")) {
		t.Error("2027 does not fall back to weekends only")
	}
	var none *WorkCalendar
	if none.Covers(2026) || none.Years() != nil || !none.IsWorkingDay(date(t, "2026-10-01")) ||
		none.HolidayName(date(t, "2026-10-01")) != "" {
		t.Error("nil calendar is not weekends-only")
	}
	if k, _ := none.Kind(date(t, "2026-10-03")); k != Weekend {
		t.Errorf("nil calendar: Kind(2026-10-03) = %v", k)
	}
}

func TestWorkingDayArithmetic(t *testing.T) {
	c := Default()
	next := []struct{ from, want string }{
		{"2026-10-01", "2026-10-08"},
		{"2026-09-30", "2026-09-30"},
		{"2026-02-15", "2026-02-24"},
		{"2026-02-14", "2026-02-14"}, // a make-up Saturday
		{"2026-09-19", "2026-09-20"}, // Saturday before a make-up Sunday
		{"2026-01-01", "2026-01-04"}, // a make-up Sunday
		{"2026-12-31", "2026-12-31"},
		{"2027-01-02", "2027-01-04"}, // uncovered year: weekends only
	}
	for _, tt := range next {
		if got := c.NextWorkingDay(date(t, tt.from)).String(); got != tt.want {
			t.Errorf("NextWorkingDay(%s) = %s, want %s", tt.from, got, tt.want)
		}
	}
	prev := []struct{ from, want string }{
		{"2026-10-07", "2026-09-30"},
		{"2026-10-08", "2026-10-08"},
		{"2026-02-23", "2026-02-14"},
		{"2026-01-03", "2025-12-31"},
		{"2026-10-11", "2026-10-10"},
		{"2025-01-01", "2024-12-31"}, // uncovered year
	}
	for _, tt := range prev {
		if got := c.PreviousWorkingDay(date(t, tt.from)).String(); got != tt.want {
			t.Errorf("PreviousWorkingDay(%s) = %s, want %s", tt.from, got, tt.want)
		}
	}
	add := []struct {
		from string
		n    int
		want string
	}{
		{"2026-09-30", 0, "2026-09-30"},
		{"2026-10-03", 0, "2026-10-03"},
		{"2026-09-30", 1, "2026-10-08"},
		{"2026-10-01", 1, "2026-10-08"},
		{"2026-10-08", -1, "2026-09-30"},
		{"2026-09-18", 1, "2026-09-20"}, // a make-up Sunday
		{"2026-09-19", 1, "2026-09-20"},
		{"2026-10-09", 1, "2026-10-10"},
		{"2026-10-10", 1, "2026-10-12"},
		{"2026-02-13", 1, "2026-02-14"},
		{"2026-02-13", 2, "2026-02-24"},
		{"2026-02-24", -2, "2026-02-13"},
		{"2026-02-24", -1, "2026-02-14"},
		{"2026-09-24", 5, "2026-10-09"}, // Sep 28, 29, 30, Oct 8, 9
		{"2026-12-30", 3, "2027-01-04"},
	}
	for _, tt := range add {
		if got := c.AddWorkingDays(date(t, tt.from), tt.n).String(); got != tt.want {
			t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", tt.from, tt.n, got, tt.want)
		}
	}
	var zero domain.Date
	if !c.NextWorkingDay(zero).IsZero() || !c.PreviousWorkingDay(zero).IsZero() ||
		!c.AddWorkingDays(zero, 3).IsZero() || c.IsWorkingDay(zero) {
		t.Error("zero Date not answered with zero")
	}
}

// named is a reader with a file name, as an *os.File.
type named struct {
	io.Reader
	name string
}

func (n named) Name() string { return n.name }

func parse(t *testing.T, text string) (*WorkCalendar, error) {
	t.Helper()
	return ParseWorkCalendar(named{strings.NewReader(text), "holidays.txt"})
}

func TestParseWorkCalendar(t *testing.T) {
	text := "\uFEFF# a schedule\r\n" +
		"year 2027\r\n" +
		"\r\n" +
		"2026-12-27   上班   元旦 # make-up Sunday ahead of the year\r\n" +
		"2027-01-01 放假 元旦\r\n" +
		"2027-10-01..2027-10-07 holiday National Day\r\n" +
		"2027-09-26 work National Day\r\n"
	c, err := parse(t, text)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Covers(2027) || c.Covers(2026) {
		t.Errorf("Years = %v", c.Years())
	}
	if k, name := c.Kind(date(t, "2026-12-27")); k != MakeUpWorkday || name != "元旦" {
		t.Errorf("2026-12-27: %v %q", k, name)
	}
	if got := c.HolidayName(date(t, "2027-10-07")); got != "National Day" {
		t.Errorf("HolidayName(2027-10-07) = %q", got)
	}
	if c.IsWorkingDay(date(t, "2027-10-08")) != true || c.IsWorkingDay(date(t, "2027-09-26")) != true {
		t.Error("working days wrong")
	}
	empty, err := parse(t, "# nothing yet\n")
	if err != nil || len(empty.Years()) != 0 {
		t.Errorf("empty file: %v, %v", empty.Years(), err)
	}
}

func TestParseWorkCalendarErrors(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"bad date", "year 2026\n2026-02-30 holiday x\n", `holidays.txt:2: "2026-02-30" is not a date`},
		{"short date", "year 2026\n2026-2-3 holiday x\n", `holidays.txt:2: "2026-2-3" is not a date`},
		{"bad range end", "year 2026\n2026-10-01..2026-10-32 holiday x\n", `holidays.txt:2: "2026-10-32" is not a date`},
		{"reversed range", "year 2026\n2026-10-07..2026-10-01 holiday x\n", "holidays.txt:2: range 2026-10-07..2026-10-01 ends before it starts"},
		{"long range", "year 2026\n2026-01-01..2026-02-01 holiday x\n", "holidays.txt:2: range 2026-01-01..2026-02-01 is longer than 31 days"},
		{"kind", "year 2026\n2026-10-01 off x\n", `holidays.txt:2: "off" is not a kind of day`},
		{"no name", "year 2026\n2026-10-01 holiday\n", "holidays.txt:2: want `DATE[..DATE] holiday|work NAME`"},
		{"duplicate", "year 2026\n2026-10-01..2026-10-07 holiday 国庆节\n\n2026-10-03 holiday 国庆节\n", "holidays.txt:4: 2026-10-03 is already listed at line 2"},
		{"both", "year 2026\n2026-10-01..2026-10-07 holiday 国庆节\n2026-10-03 work 国庆节\n", "holidays.txt:3: 2026-10-03 is listed as both a holiday and a working day (lines 2 and 3)"},
		{"weekday make-up", "year 2026\n2026-10-12 work 国庆节\n", "holidays.txt:2: 2026-10-12 is a weekday"},
		{"undeclared year", "year 2026\n2062-10-01 holiday 国庆节\n", "holidays.txt:2: 2062-10-01 is outside the years this file declares (add a line `year 2062`)"},
		{"no year", "2026-10-01 holiday 国庆节\n", "holidays.txt:1: 2026-10-01 is outside the years"},
		{"november before", "year 2027\n2026-11-29 work 元旦\n", "holidays.txt:2: 2026-11-29 is outside the years"},
		{"bad year", "year 26\n", `holidays.txt:1: "26" is not a year`},
		{"year words", "year 2026 2027\n", "holidays.txt:1: want `year YYYY`"},
		{"duplicate year", "year 2026\nyear 2026\n", "holidays.txt:2: year 2026 is already declared at line 1"},
		{"control character", "year 2026\n2026-10-01 holiday a\x01b\n", "holidays.txt:2: the name has a control character"},
		{"invalid UTF-8", "year 2026\n2026-10-01 holiday \xff\n", "holidays.txt:2: not valid UTF-8"},
		{"long line", "year 2026\n2026-10-01 holiday " + strings.Repeat("x", 70000) + "\n", "holidays.txt:2: line longer than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := parse(t, tt.text)
			if err == nil || c != nil {
				t.Fatalf("no error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q\nwant it to contain %q", err, tt.want)
			}
			var pe *ParseError
			if !errors.As(err, &pe) || pe.File != "holidays.txt" || pe.Line == 0 {
				t.Errorf("error %v is not a *ParseError with file and line", err)
			}
		})
	}
}

func TestParseWorkCalendarReportsEveryFault(t *testing.T) {
	_, err := ParseWorkCalendar(strings.NewReader("year 2026\n2026-13-01 holiday x\nyear x\n2026-10-01 nope x\n"))
	for _, want := range []string{"work calendar:2:", "work calendar:3:", "work calendar:4:"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
	_, err = parse(t, "year 2026\n"+strings.Repeat("2026-99-99 holiday x\n", 100))
	if err == nil || !strings.Contains(err.Error(), "holidays.txt: too many errors") ||
		strings.Count(err.Error(), "is not a date") != maxErrors {
		t.Errorf("error %v", err)
	}
}

func TestLoadWorkCalendar(t *testing.T) {
	fsys := fstest.MapFS{"2027.txt": {Data: []byte("year 2027\n2027-01-01 holiday 元旦\n2027-01-02 work x\n2027-01-04 work x\n")}}
	_, err := LoadWorkCalendar(fsys, "2027.txt")
	if err == nil || !strings.Contains(err.Error(), "2027.txt:4: 2027-01-04 is a weekday") {
		t.Errorf("error %v", err)
	}
	if _, err := LoadWorkCalendar(fsys, "2028.txt"); err == nil {
		t.Error("missing file: no error")
	}
}

func TestMerge(t *testing.T) {
	base := Default()
	next, err := parse(t, "year 2027\n2027-01-01 holiday 元旦\n2027-02-06..2027-02-12 holiday 春节\n")
	if err != nil {
		t.Fatal(err)
	}
	m, err := base.Merge(next)
	if err != nil {
		t.Fatal(err)
	}
	if !m.Covers(2025) || !m.Covers(2026) || !m.Covers(2027) {
		t.Errorf("merged Years = %v", m.Years())
	}
	if m.IsWorkingDay(date(t, "2027-02-08")) || m.IsWorkingDay(date(t, "2026-10-01")) {
		t.Error("merged calendar lost a holiday")
	}
	if base.Covers(2027) || !base.IsWorkingDay(date(t, "2027-02-08")) {
		t.Error("Merge changed its receiver")
	}

	// A corrected file for a covered year replaces that year's entries.
	fix, err := parse(t, "year 2026\n2026-10-01..2026-10-08 holiday 国庆节\n")
	if err != nil {
		t.Fatal(err)
	}
	m, err = base.Merge(fix)
	if err != nil {
		t.Fatal(err)
	}
	if m.IsWorkingDay(date(t, "2026-10-08")) || !m.IsWorkingDay(date(t, "2026-05-01")) ||
		m.IsWorkingDay(date(t, "2026-10-10")) || m.IsWorkingDay(date(t, "2025-10-08")) {
		t.Error("corrected year not replaced, or another year touched")
	}

	// Outside the years it covers, a file must agree with the calendar.
	clash, err := parse(t, "year 2027\n2026-12-31 holiday 元旦\n")
	if err != nil {
		t.Fatal(err)
	}
	other, err := parse(t, "year 2026\n2026-12-31 holiday 元旦\n")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Merge(clash); err != nil {
		t.Errorf("same kind on both sides: %v", err)
	}
	work, err := parse(t, "year 2025\n2025-12-27 work 元旦\n")
	if err != nil {
		t.Fatal(err)
	}
	hol, err := parse(t, "year 2026\n2025-12-27 holiday 元旦\n")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := work.Merge(hol); err == nil || !strings.Contains(err.Error(),
		"holidays.txt:2: 2025-12-27 is a holiday here but a work at holidays.txt:2") {
		t.Errorf("conflict error %v", err)
	}

	var none *WorkCalendar
	if m, err := none.Merge(next); err != nil || !m.Covers(2027) {
		t.Errorf("nil.Merge: %v", err)
	}
	if m, err := next.Merge(nil); err != nil || !m.Covers(2027) {
		t.Errorf("Merge(nil): %v", err)
	}
}

func TestWriteTo(t *testing.T) {
	var b bytes.Buffer
	if _, err := Default().WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"year 2025\nyear 2026\n", "2026-02-15..2026-02-23 holiday 春节\n", "2026-09-20 work 国庆节\n",
		"2025-10-01..2025-10-08 holiday 国庆节、中秋节\n"} {
		if !strings.Contains(b.String(), line) {
			t.Errorf("output lacks %q:\n%s", line, b.String())
		}
	}
	c, err := ParseWorkCalendar(&b)
	if err != nil {
		t.Fatal(err)
	}
	for d := date(t, "2025-01-01"); d.Year() < 2027; d = d.AddDays(1) {
		k1, n1 := c.Kind(d)
		k2, n2 := Default().Kind(d)
		if k1 != k2 || n1 != n2 {
			t.Fatalf("%s: %v %q after a round trip, %v %q before", d, k1, n1, k2, n2)
		}
	}
}

func TestDayKindString(t *testing.T) {
	for k, want := range map[DayKind]string{Workday: "workday", Weekend: "weekend", Holiday: "holiday", MakeUpWorkday: "make-up workday", 9: "DayKind(9)"} {
		if got := k.String(); got != want {
			t.Errorf("%d: %q, want %q", int(k), got, want)
		}
	}
}

func FuzzParseWorkCalendar(f *testing.F) {
	for _, name := range []string{"holidays/2025.txt", "holidays/2026.txt"} {
		data, err := holidayFiles.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	f.Add("year 2027\n2026-12-27 work 元旦\n2027-01-01..2027-01-03 放假 元旦 # x\n")
	f.Add("year 2026\n2026-10-01..2026-10-07 holiday 国庆节\n2026-10-03 work 国庆节\n")
	f.Add("\uFEFFyear 2026\r\n2026-02-29 holiday x\r\n")
	f.Add("2026-10-01..")
	f.Fuzz(func(t *testing.T, text string) {
		c, err := ParseWorkCalendar(strings.NewReader(text))
		if err != nil {
			var pe *ParseError
			if c != nil || !errors.As(err, &pe) || pe.Line < 1 {
				t.Fatalf("error %v (calendar %v) is not a located *ParseError", err, c)
			}
			return
		}
		// A parsed calendar writes out as text that parses back to the same calendar.
		var first, second bytes.Buffer
		if _, err := c.WriteTo(&first); err != nil {
			t.Fatal(err)
		}
		again, err := ParseWorkCalendar(bytes.NewReader(first.Bytes()))
		if err != nil {
			t.Fatalf("written calendar does not parse: %v\n%s", err, first.String())
		}
		if _, err := again.WriteTo(&second); err != nil {
			t.Fatal(err)
		}
		if first.String() != second.String() {
			t.Fatalf("round trip changed the calendar:\n%s\n---\n%s", first.String(), second.String())
		}
		for n := range c.days {
			d := dateOf(n)
			k, _ := c.Kind(d)
			if (k == Holiday) == c.IsWorkingDay(d) || (k == MakeUpWorkday) != c.IsWorkingDay(d) {
				t.Fatalf("%s: kind %v, working %v", d, k, c.IsWorkingDay(d))
			}
		}
	})
}
