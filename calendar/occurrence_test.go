package calendar

import (
	"testing"

	"github.com/steward-bank/steward/domain"
)

func TestNextLunarOccurrence(t *testing.T) {
	tests := []struct {
		name       string
		month, day int
		onOrAfter  string
		want       string
	}{
		{"later this lunar year", 8, 15, "2026-01-10", "2026-09-25"},
		{"on the day itself", 8, 15, "2026-09-25", "2026-09-25"},
		{"day after: next year", 8, 15, "2026-09-26", "2027-09-15"},
		{"January belongs to the previous lunar year", 12, 20, "2026-01-01", "2026-02-07"},
		{"腊月 birthday passed: next lunar year's", 12, 10, "2026-02-10", "2027-01-17"},
		{"春节", 1, 1, "2026-01-01", "2026-02-17"},
		{"春节 on the eve", 1, 1, "2026-02-16", "2026-02-17"},
		{"day 30 of a 30-day month", 2, 30, "2023-01-01", "2023-03-21"},
		{"day 30 kept on the 29th", 12, 30, "2026-01-01", "2026-02-16"},       // 腊月 2025 has 29 days
		{"day 30 kept on the 29th again", 12, 30, "2026-02-17", "2027-02-05"}, // so has 腊月 2026
		{"day 30 in a year that has it", 12, 30, "2024-01-01", "2024-02-09"},
		{"leap year: ordinary month first", 4, 8, "2020-01-01", "2020-04-30"},
		{"leap year: after the ordinary month, next year", 4, 8, "2020-05-01", "2021-05-19"},
		{"leap-month birthday recurs in the ordinary month", 6, 1, "2025-07-24", "2026-07-14"},
		{"before the range: lunar 1900", 1, 1, "1899-06-01", "1900-01-31"},
		{"last year", 12, 29, "2100-06-01", "2101-01-28"},
		{"beyond the range", 12, 30, "2101-01-29", ""},
		{"no occurrence left", 1, 1, "2100-03-01", ""},
		{"month 0", 0, 1, "2026-01-01", ""},
		{"month 13", 13, 1, "2026-01-01", ""},
		{"day 0", 1, 0, "2026-01-01", ""},
		{"day 31", 1, 31, "2026-01-01", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NextLunarOccurrence(tt.month, tt.day, date(t, tt.onOrAfter))
			if got.String() != tt.want {
				t.Errorf("NextLunarOccurrence(%d, %d, %s) = %q, want %q", tt.month, tt.day, tt.onOrAfter, got, tt.want)
			}
		})
	}
	if got := NextLunarOccurrence(1, 1, domain.Date{}); !got.IsZero() {
		t.Errorf("zero onOrAfter gave %s", got)
	}
}

// TestNextLunarOccurrenceProperties checks, for every month and day over a span of days, that the result is
// on or after the start, falls on the wanted lunar day (or the 29th for a missing 30th, never a leap month),
// and that no earlier day from the start qualifies.
func TestNextLunarOccurrenceProperties(t *testing.T) {
	start := date(t, "2019-12-01")
	for i := 0; i < 800; i += 7 {
		from := start.AddDays(i)
		for month := 1; month <= 12; month++ {
			for day := 1; day <= 30; day++ {
				got := NextLunarOccurrence(month, day, from)
				if got.Before(from) {
					t.Fatalf("(%d, %d, %s) = %s, before the start", month, day, from, got)
				}
				l, err := SolarToLunar(got)
				if err != nil || l.Leap || l.Month != month || (l.Day != day && !(day == 30 && l.Day == 29)) {
					t.Fatalf("(%d, %d, %s) = %s = %v", month, day, from, got, l)
				}
				if day == 30 && l.Day == 29 && MonthDays(l.Year, month, false) == 30 {
					t.Fatalf("(%d, 30, %s) = %s: the month has a 30th", month, from, got)
				}
				for d := from; d.Before(got); d = d.AddDays(1) {
					if e, _ := SolarToLunar(d); !e.Leap && e.Month == month && e.Day == day {
						t.Fatalf("(%d, %d, %s) = %s, but %s is earlier", month, day, from, got, d)
					}
				}
			}
		}
	}
}

func TestNextSolarOccurrence(t *testing.T) {
	tests := []struct {
		month, day int
		onOrAfter  string
		want       string
	}{
		{5, 20, "2026-01-01", "2026-05-20"},
		{5, 20, "2026-05-20", "2026-05-20"},
		{5, 20, "2026-05-21", "2027-05-20"},
		{1, 1, "2026-12-31", "2027-01-01"},
		{12, 31, "2026-12-31", "2026-12-31"},
		{2, 29, "2024-01-01", "2024-02-29"}, // leap year
		{2, 29, "2025-01-01", "2025-02-28"}, // kept on 28 February
		{2, 29, "2025-02-28", "2025-02-28"},
		{2, 29, "2025-03-01", "2026-02-28"},
		{2, 29, "2027-03-01", "2028-02-29"},
		{2, 29, "2100-01-01", "2100-02-28"}, // 2100 is not a leap year
		{2, 28, "2024-02-29", "2025-02-28"},
		{2, 30, "2026-01-01", ""},
		{4, 31, "2026-01-01", ""},
		{13, 1, "2026-01-01", ""},
		{0, 1, "2026-01-01", ""},
		{1, 0, "2026-01-01", ""},
	}
	for _, tt := range tests {
		got := NextSolarOccurrence(tt.month, tt.day, date(t, tt.onOrAfter))
		if got.String() != tt.want {
			t.Errorf("NextSolarOccurrence(%d, %d, %s) = %q, want %q", tt.month, tt.day, tt.onOrAfter, got, tt.want)
		}
	}
	if got := NextSolarOccurrence(1, 1, domain.Date{}); !got.IsZero() {
		t.Errorf("zero onOrAfter gave %s", got)
	}
}

// TestLunarBirthdayRules: the lunar day a birth date gives, and the lunar birthdays a solar date holds,
// agree with NextLunarOccurrence at its boundaries: day 30 of a 29-day month, a leap month, the zero date
// and the ends of the calendar.
func TestLunarBirthdayRules(t *testing.T) {
	d := domain.NewDate
	for _, c := range []struct {
		birth      domain.Date
		month, day int
		ok         bool
	}{
		{d(1990, 3, 7), 2, 11, true},
		{d(2023, 4, 19), 2, 29, true}, // 闰二月廿九: the ordinary month's number
		{domain.Date{}, 0, 0, false},
		{d(1900, 1, 30), 0, 0, false}, // before lunar 1900
	} {
		m, dd, ok := LunarBirthdayOf(c.birth)
		if m != c.month || dd != c.day || ok != c.ok {
			t.Errorf("LunarBirthdayOf(%s) = %d/%d %v, want %d/%d %v", c.birth, m, dd, ok, c.month, c.day, c.ok)
		}
	}
	// Every day of 2024–2027: a birthday (m, day) is held by the date NextLunarOccurrence gives for it.
	for day := d(2024, 1, 1); day.Before(d(2028, 1, 1)); day = day.AddDays(1) {
		l, err := SolarToLunar(day)
		if err != nil {
			t.Fatal(err)
		}
		keys := LunarBirthdaysOn(day)
		if l.Leap {
			if keys != nil {
				t.Errorf("%s is in a leap month, yet holds %v", day, keys)
			}
			continue
		}
		for _, k := range keys {
			if got := NextLunarOccurrence(k[0], k[1], day); got != day {
				t.Errorf("%s holds %d/%d, whose next occurrence is %s", day, k[0], k[1], got)
			}
		}
		short := l.Day == 29 && MonthDays(l.Year, l.Month, false) == 29
		if want := 1 + map[bool]int{true: 1}[short]; len(keys) != want {
			t.Errorf("%s (%d/%d) holds %v, want %d birthdays", day, l.Month, l.Day, keys, want)
		}
	}
}
