package domain

import (
	"fmt"
	"testing"
	"time"
)

func TestDateText(t *testing.T) {
	for _, d := range []Date{{}, {2026, 5, 1}, {1, 1, 1}, {9999, 12, 31}, {10000, 1, 2}, {-1, 3, 4}, {1987, 11, 23}} {
		want := ""
		if !d.IsZero() {
			want = fmt.Sprintf("%04d-%02d-%02d", d.y, d.m, d.d)
		}
		if got := d.String(); got != want {
			t.Errorf("String(%v) = %q, want %q", [3]int{int(d.y), int(d.m), int(d.d)}, got, want)
		}
		if got := string(d.AppendISO([]byte("x"))); got != "x"+want {
			t.Errorf("AppendISO(%v) = %q, want %q", [3]int{int(d.y), int(d.m), int(d.d)}, got, "x"+want)
		}
	}
}

// TestDateOrder checks Before and After, compared on the date's parts, against the order of their times
// (the zero Date's is the zero time.Time, 0001-01-01), and the calendar order of a list.
func TestDateOrder(t *testing.T) {
	dates := []Date{NewDate(-1, 12, 31), {}, NewDate(1, 1, 2), NewDate(1999, 12, 31), NewDate(2000, 1, 1), NewDate(2024, 2, 29),
		NewDate(2024, 3, 1), NewDate(2024, 10, 1), NewDate(2024, 10, 2), NewDate(9999, 12, 31)}
	for i, a := range dates {
		for j, b := range dates {
			want := a.Time().Before(b.Time())
			if a.Before(b) != want || b.After(a) != want || want != (i < j) {
				t.Errorf("%v before %v: %v, after: %v; want %v", a, b, a.Before(b), b.After(a), want)
			}
		}
	}
	if (Date{}).Before(NewDate(1, 1, 1)) || (Date{}).After(NewDate(1, 1, 1)) {
		t.Error("the zero Date and 0001-01-01 do not compare equal, as their times do")
	}
}

// TestParseISO checks the allocation-free reader against ParseDate on valid and invalid dates.
func TestParseISO(t *testing.T) {
	for _, s := range []string{"", "2026-03-01", "2024-02-29", "2023-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-04-30",
		"0000-01-01", "9999-12-31", "2026-1-01", "2026/03/01", "20260301", "2026-03-0x", " 026-03-01", "1900-02-29", "2000-02-29"} {
		want, werr := ParseDate(s)
		if s == "20260301" {
			werr = fmt.Errorf("ParseISO takes YYYY-MM-DD only")
		}
		got, err := ParseISO([]byte(s))
		if (err != nil) != (werr != nil) || (err == nil && got != want) {
			t.Errorf("ParseISO(%q) = %v, %v; ParseDate gives %v, %v", s, got, err, want, werr)
		}
	}
	b := []byte("2026-03-01")
	if n := testing.AllocsPerRun(100, func() { ParseISO(b) }); n != 0 {
		t.Errorf("ParseISO allocates %.0f times", n)
	}
}

// TestDaysIn checks the month lengths the rest of the code relies on, leap years at their rules' edges.
func TestDaysIn(t *testing.T) {
	for _, c := range []struct{ y, m, want int }{{2026, 1, 31}, {2026, 4, 30}, {2026, 2, 28}, {2024, 2, 29}, {1900, 2, 28},
		{2000, 2, 29}, {2100, 2, 28}, {2026, 12, 31}, {2026, 11, 30}} {
		if got := DaysIn(c.y, c.m); got != c.want || got != NewDate(c.y, time.Month(c.m)+1, 1).AddDays(-1).Day() {
			t.Errorf("DaysIn(%d, %d) = %d, want %d", c.y, c.m, got, c.want)
		}
	}
}
