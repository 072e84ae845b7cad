package domain

import (
	"fmt"
	"testing"
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
