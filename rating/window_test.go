package rating

import (
	"slices"
	"testing"
	"time"

	"github.com/steward-bank/steward/policy"
)

func TestRatingWindow(t *testing.T) {
	tests := []struct {
		year     int
		month    time.Month
		months   int
		from, to string
		days     int
	}{
		{2025, time.March, 6, "2024-09-01", "2025-02-28", 181},    // across a year end
		{2024, time.March, 6, "2023-09-01", "2024-02-29", 182},    // leap year
		{2025, time.January, 6, "2024-07-01", "2024-12-31", 184},  // the closed window is last year's second half
		{2024, time.August, 6, "2024-02-01", "2024-07-31", 182},   // a leap February inside
		{2025, time.July, 6, "2025-01-01", "2025-06-30", 181},     // one calendar half-year
		{2100, time.March, 6, "2099-09-01", "2100-02-28", 181},    // 2100 is not a leap year
		{2000, time.March, 6, "1999-09-01", "2000-02-29", 182},    // 2000 is
		{2025, time.January, 1, "2024-12-01", "2024-12-31", 31},   // one month
		{2025, time.March, 1, "2025-02-01", "2025-02-28", 28},     // one short month
		{2025, time.January, 12, "2024-01-01", "2024-12-31", 366}, // a leap year
		{2026, time.January, 36, "2023-01-01", "2025-12-31", 1096},
	}
	for _, tt := range tests {
		w := RatingWindow(tt.year, tt.month, tt.months)
		if w.From.String() != tt.from || w.To.String() != tt.to || w.Days != tt.days {
			t.Errorf("RatingWindow(%d-%02d, %d) = %s..%s %d days, want %s..%s %d days",
				tt.year, tt.month, tt.months, w.From, w.To, w.Days, tt.from, tt.to, tt.days)
		}
	}
	r := newRules(t)
	if w := r.RatingWindow(2025, time.March); w.Days != 181 || w.From.String() != "2024-09-01" {
		t.Errorf("Rules.RatingWindow(2025-03) = %+v", w)
	}
	r3 := newRules(t, func(p *policy.Policy) { p.Rating.WindowMonths = 3 })
	if w := r3.RatingWindow(2025, time.March); w.Days != 90 || w.From.String() != "2024-12-01" {
		t.Errorf("three-month window of 2025-03 = %+v", w)
	}
}

func TestTrailingWindow(t *testing.T) {
	tests := []struct {
		day      string
		months   int
		from, to string
		days     int
	}{
		{"2025-08-15", 6, "2025-03-01", "2025-08-15", 168},
		{"2025-08-31", 6, "2025-03-01", "2025-08-31", 184}, // a month's last day: the next rating window
		{"2025-02-28", 6, "2024-09-01", "2025-02-28", 181}, // = RatingWindow(2025-03)
		{"2024-02-29", 6, "2023-09-01", "2024-02-29", 182}, // = RatingWindow(2024-03), a leap year
		{"2024-02-28", 6, "2023-09-01", "2024-02-28", 181},
		{"2025-08-01", 6, "2025-03-01", "2025-08-01", 154}, // a month's first day
		{"2025-01-10", 6, "2024-08-01", "2025-01-10", 163}, // across a year end
		{"2025-03-15", 1, "2025-03-01", "2025-03-15", 15},
		{"2025-03-15", 13, "2024-03-01", "2025-03-15", 380},
	}
	for _, tt := range tests {
		w := TrailingWindow(date(t, tt.day), tt.months)
		if w.From.String() != tt.from || w.To.String() != tt.to || w.Days != tt.days {
			t.Errorf("TrailingWindow(%s, %d) = %s..%s %d days, want %s..%s %d days",
				tt.day, tt.months, w.From, w.To, w.Days, tt.from, tt.to, tt.days)
		}
	}
	// On every month's last day the trailing window is the next month's rating window.
	for d := date(t, "2019-01-31"); d.Year() < 2031; d = d.AddDays(1) {
		if d.AddDays(1).Day() != 1 {
			continue
		}
		next := d.AddDays(1)
		if got, want := TrailingWindow(d, 6), RatingWindow(next.Year(), next.Month(), 6); got != want {
			t.Errorf("TrailingWindow(%s) = %+v, want the rating window %+v", d, got, want)
		}
	}
	if w := newRules(t).TrailingWindow(date(t, "2025-08-15")); w.Days != 168 {
		t.Errorf("Rules.TrailingWindow = %+v", w)
	}
}

func TestWindowMonths(t *testing.T) {
	w := RatingWindow(2025, time.March, 6)
	if got, want := w.Months(), []int{202409, 202410, 202411, 202412, 202501, 202502}; !slices.Equal(got, want) {
		t.Errorf("Months() = %v, want %v", got, want)
	}
	w = TrailingWindow(date(t, "2025-01-10"), 6)
	if got, want := w.Months(), []int{202408, 202409, 202410, 202411, 202412, 202501}; !slices.Equal(got, want) {
		t.Errorf("trailing Months() = %v, want %v", got, want)
	}
}

func TestDaysBetween(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		n    int
	}{{"2024-02-28", "2024-03-01", 2}, {"2025-02-28", "2025-03-01", 1}, {"2025-03-01", "2025-02-28", -1},
		{"2024-01-01", "2025-01-01", 366}, {"2025-01-01", "2025-01-01", 0}} {
		if got := DaysBetween(date(t, tt.a), date(t, tt.b)); got != tt.n {
			t.Errorf("DaysBetween(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.n)
		}
	}
}
