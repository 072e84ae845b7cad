package rating

import (
	"time"

	"github.com/steward-bank/steward/domain"
)

// MaxWindowMonths is the longest window, in months, the rules accept (policy allows up to 36).
const MaxWindowMonths = 36

// MaxWindowDays bounds the days of a window that Points accepts; it keeps the exact integer arithmetic
// of points.go well inside 128 bits. MaxWindowMonths months never exceed it.
const MaxWindowDays = 4096

// Window is a span of calendar days, both ends included, that star points are measured over.
type Window struct {
	From, To domain.Date
	Days     int
}

// RatingWindow returns the window of the monthly re-rating run in month (year, month): the months
// complete calendar months before it (近六个月 with the default of 6). Rating month 2025-03 with 6 months
// is 2024-09-01 to 2025-02-28, 181 days; 2024-03 is 2023-09-01 to 2024-02-29, 182 days.
func RatingWindow(year int, month time.Month, months int) Window {
	first := domain.NewDate(year, month-time.Month(months), 1)
	last := domain.NewDate(year, month, 1).AddDays(-1)
	return windowOf(first, last)
}

// TrailingWindow returns the window of the daily upgrade check on business date day: the months
// calendar months up to and including day's month, that month counted up to day (the months−1
// complete months before it and the month to date). On a month's last day it is exactly the rating
// window of the next month. The window is counted in calendar months because the accumulators hold one
// sum per account and month (docs/decisions.md). With 6 months: 2025-08-15 → 2025-03-01 to 2025-08-15,
// 168 days; 2025-08-31 → 2025-03-01 to 2025-08-31, 184 days.
func TrailingWindow(day domain.Date, months int) Window {
	return windowOf(domain.NewDate(day.Year(), day.Month()-time.Month(months-1), 1), day)
}

// RatingWindow is RatingWindow with the policy's window length.
func (r *Rules) RatingWindow(year int, month time.Month) Window {
	return RatingWindow(year, month, r.window)
}

// TrailingWindow is TrailingWindow with the policy's window length.
func (r *Rules) TrailingWindow(day domain.Date) Window { return TrailingWindow(day, r.window) }

// Months returns the calendar months the window touches as YYYYMM numbers, oldest first: the keys of
// monthly accumulators.
func (w Window) Months() []int {
	var out []int
	y, m := w.From.Year(), w.From.Month()
	for {
		out = append(out, y*100+int(m))
		if y == w.To.Year() && m == w.To.Month() || y > w.To.Year() {
			return out
		}
		if m++; m > time.December {
			y, m = y+1, time.January
		}
	}
}

// DaysBetween returns the number of calendar days from a to b (negative when b is before a).
func DaysBetween(a, b domain.Date) int {
	return int(b.Time().Sub(a.Time()).Hours()) / 24
}

func windowOf(from, to domain.Date) Window {
	return Window{From: from, To: to, Days: DaysBetween(from, to) + 1}
}
