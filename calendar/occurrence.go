package calendar

import (
	"time"

	"github.com/steward-bank/steward/domain"
)

// NextLunarOccurrence is the first solar date on or after onOrAfter that falls on lunar month month, day
// day: the next lunar birthday of someone born on that lunar day.
//
// The rules a bank follows when the day does not come round exactly:
//   - day 30 in a year whose month has 29 days falls on that month's last day, the 29th;
//   - a birthday recorded in a leap month (闰月) recurs on the ordinary month of the same number, since
//     most years have no such leap month; pass the month number alone;
//   - in a year that has a leap month of that number, the birthday falls in the ordinary month, the first
//     of the two.
//
// A date before 1900-01-31 gives the occurrence in lunar 1900. The zero Date comes back when month is
// outside 1–12, day outside 1–30, onOrAfter is zero, or the next occurrence is beyond lunar year 2100.
func NextLunarOccurrence(month, day int, onOrAfter domain.Date) domain.Date {
	if month < 1 || month > 12 || day < 1 || day > 30 || onOrAfter.IsZero() {
		return domain.Date{}
	}
	n := dayOf(onOrAfter)
	if n > lastDay {
		return domain.Date{}
	}
	i := 0
	if n >= firstNewYear {
		i = yearIndex(n)
	}
	for ; i <= MaxYear-MinYear; i++ {
		y := &years[i]
		k := monthSlot(y, month, false)
		d := day
		if length := int(y.offset[k+1] - y.offset[k]); d > length {
			d = length
		}
		if c := int(y.start) + int(y.offset[k]) + d - 1; c >= n {
			return dateOf(c)
		}
	}
	return domain.Date{}
}

// NextSolarOccurrence is the first date on or after onOrAfter that falls on month month, day day of the
// Gregorian calendar: the next solar birthday or anniversary. Someone born on 29 February is greeted on
// 28 February in common years (the day before the missing one, still within the birthday month). The zero
// Date comes back when month/day is not a date of a leap year (4/31, 13/1) or onOrAfter is zero.
func NextSolarOccurrence(month, day int, onOrAfter domain.Date) domain.Date {
	if month < 1 || month > 12 || day < 1 || day > domain.DaysIn(2000, month) || onOrAfter.IsZero() {
		return domain.Date{}
	}
	y := onOrAfter.Year()
	if d := clampDay(y, month, day); month < int(onOrAfter.Month()) ||
		(month == int(onOrAfter.Month()) && d < onOrAfter.Day()) {
		y++
	}
	return domain.NewDate(y, time.Month(month), clampDay(y, month, day))
}

// clampDay is day, or the month's last day when the month is shorter (29 February in a common year).
func clampDay(year, month, day int) int {
	if n := domain.DaysIn(year, month); day > n {
		return n
	}
	return day
}

// LunarBirthdayOf is the lunar month and day of a solar birth date: the day on which someone who keeps the
// lunar birthday (按农历过生日) has it each year, with the rules of NextLunarOccurrence (a leap-month birth
// recurs on the ordinary month, so the month number alone comes back). ok is false for the zero date and
// for dates outside the calendar's years.
func LunarBirthdayOf(birth domain.Date) (month, day int, ok bool) {
	if birth.IsZero() {
		return 0, 0, false
	}
	l, err := SolarToLunar(birth)
	if err != nil {
		return 0, 0, false
	}
	return l.Month, l.Day, true
}

// LunarBirthdaysOn are the lunar birthdays, as (month, day), that fall on the solar date d under the rules
// of NextLunarOccurrence: none on a day of a leap month, and day 30 also on the 29th of a 29-day month.
func LunarBirthdaysOn(d domain.Date) [][2]int {
	l, err := SolarToLunar(d)
	if err != nil || l.Leap {
		return nil
	}
	keys := [][2]int{{l.Month, l.Day}}
	if l.Day == 29 && MonthDays(l.Year, l.Month, false) == 29 {
		keys = append(keys, [2]int{l.Month, 30})
	}
	return keys
}
