package calendar

import (
	"errors"
	"fmt"
	"time"

	"github.com/steward-bank/steward/domain"
)

// MinYear and MaxYear are the first and last lunar years the package converts.
const (
	MinYear = 1900
	MaxYear = 2100
)

// ErrOutOfRange is wrapped by every error about a date outside lunar years MinYear–MaxYear
// (solar 1900-01-31 to 2101-01-28).
var ErrOutOfRange = errors.New("outside the supported lunar years 1900–2100")

// ErrNoSuchDate is wrapped by every error about a lunar date that does not exist: a month outside 1–12, a day
// past the month's end, or a leap month in a year that has none of that number.
var ErrNoSuchDate = errors.New("no such lunar date")

// lunarInfo is the classic compact table of the Chinese calendar, one word per lunar year from 1900 to 2100:
//
//	bits 0–3   the leap month (闰月) of the year, 0 when there is none;
//	bits 4–15  the ordinary months: bit 15 is month 1 … bit 4 is month 12, set when the month has 30 days
//	           (大月), clear when it has 29 (小月);
//	bit 16     set when the leap month has 30 days.
//
// It is the table most public implementations carry. Copies in circulation differ in 1933, 1954, 1956, 1978
// and 1996; the values here are those that agree with an astronomical computation of new moons and solar
// terms in Beijing time, as does every other year but one: in 2057 the new moon of 28 September falls within
// a minute of midnight, and this table starts the ninth month on 2057-09-29 where such a computation may give
// 2057-09-28. No festival depends on that day.
var lunarInfo = [MaxYear - MinYear + 1]uint32{
	0x04bd8, 0x04ae0, 0x0a570, 0x054d5, 0x0d260, 0x0d950, 0x16554, 0x056a0, 0x09ad0, 0x055d2, // 1900–1909
	0x04ae0, 0x0a5b6, 0x0a4d0, 0x0d250, 0x1d255, 0x0b540, 0x0d6a0, 0x0ada2, 0x095b0, 0x14977, // 1910–1919
	0x04970, 0x0a4b0, 0x0b4b5, 0x06a50, 0x06d40, 0x1ab54, 0x02b60, 0x09570, 0x052f2, 0x04970, // 1920–1929
	0x06566, 0x0d4a0, 0x0ea50, 0x16a95, 0x05ad0, 0x02b60, 0x186e3, 0x092e0, 0x1c8d7, 0x0c950, // 1930–1939
	0x0d4a0, 0x1d8a6, 0x0b550, 0x056a0, 0x1a5b4, 0x025d0, 0x092d0, 0x0d2b2, 0x0a950, 0x0b557, // 1940–1949
	0x06ca0, 0x0b550, 0x15355, 0x04da0, 0x0a5b0, 0x14573, 0x052b0, 0x0a9a8, 0x0e950, 0x06aa0, // 1950–1959
	0x0aea6, 0x0ab50, 0x04b60, 0x0aae4, 0x0a570, 0x05260, 0x0f263, 0x0d950, 0x05b57, 0x056a0, // 1960–1969
	0x096d0, 0x04dd5, 0x04ad0, 0x0a4d0, 0x0d4d4, 0x0d250, 0x0d558, 0x0b540, 0x0b6a0, 0x195a6, // 1970–1979
	0x095b0, 0x049b0, 0x0a974, 0x0a4b0, 0x0b27a, 0x06a50, 0x06d40, 0x0af46, 0x0ab60, 0x09570, // 1980–1989
	0x04af5, 0x04970, 0x064b0, 0x074a3, 0x0ea50, 0x06b58, 0x05ac0, 0x0ab60, 0x096d5, 0x092e0, // 1990–1999
	0x0c960, 0x0d954, 0x0d4a0, 0x0da50, 0x07552, 0x056a0, 0x0abb7, 0x025d0, 0x092d0, 0x0cab5, // 2000–2009
	0x0a950, 0x0b4a0, 0x0baa4, 0x0ad50, 0x055d9, 0x04ba0, 0x0a5b0, 0x15176, 0x052b0, 0x0a930, // 2010–2019
	0x07954, 0x06aa0, 0x0ad50, 0x05b52, 0x04b60, 0x0a6e6, 0x0a4e0, 0x0d260, 0x0ea65, 0x0d530, // 2020–2029
	0x05aa0, 0x076a3, 0x096d0, 0x04afb, 0x04ad0, 0x0a4d0, 0x1d0b6, 0x0d250, 0x0d520, 0x0dd45, // 2030–2039
	0x0b5a0, 0x056d0, 0x055b2, 0x049b0, 0x0a577, 0x0a4b0, 0x0aa50, 0x1b255, 0x06d20, 0x0ada0, // 2040–2049
	0x14b63, 0x09370, 0x049f8, 0x04970, 0x064b0, 0x168a6, 0x0ea50, 0x06b20, 0x1a6c4, 0x0aae0, // 2050–2059
	0x092e0, 0x0d2e3, 0x0c960, 0x0d557, 0x0d4a0, 0x0da50, 0x05d55, 0x056a0, 0x0a6d0, 0x055d4, // 2060–2069
	0x052d0, 0x0a9b8, 0x0a950, 0x0b4a0, 0x0b6a6, 0x0ad50, 0x055a0, 0x0aba4, 0x0a5b0, 0x052b0, // 2070–2079
	0x0b273, 0x06930, 0x07337, 0x06aa0, 0x0ad50, 0x14b55, 0x04b60, 0x0a570, 0x054e4, 0x0d160, // 2080–2089
	0x0e968, 0x0d520, 0x0daa0, 0x16aa6, 0x056d0, 0x04ae0, 0x0a9d4, 0x0a2d0, 0x0d150, 0x0f252, // 2090–2099
	0x0d520, // 2100
}

// firstNewYear is 1900-01-31, the first day of lunar year 1900, as a day number (days since 1970-01-01).
var firstNewYear = dayNumber(1900, 1, 31)

// yearLayout is one lunar year unfolded from lunarInfo: its months in order (a leap month right after the
// ordinary month of the same number) and the day each starts, counted from the year's first day.
type yearLayout struct {
	start  int32     // day number of 正月初一
	n      int8      // how many months: 12, or 13 with a leap month
	leap   int8      // the leap month's number, 0 when there is none
	month  [13]int8  // month number, negative for the leap month
	offset [14]int16 // offset[i] is the first day of month[i]; offset[n] is the length of the year
}

// years holds every supported lunar year, plus the first day of lunar year 2101 in years[len-1].start
// (with n == 0) so that the search in yearIndex needs no bound checks. It is built once and never changed.
var years = buildYears()

func buildYears() [MaxYear - MinYear + 2]yearLayout {
	var ys [MaxYear - MinYear + 2]yearLayout
	start := firstNewYear
	for i, info := range lunarInfo {
		y := &ys[i]
		y.start = int32(start)
		y.leap = int8(info & 0xf)
		off := 0
		add := func(month, days int) {
			y.month[y.n] = int8(month)
			y.offset[y.n] = int16(off)
			y.n++
			off += days
		}
		for m := 1; m <= 12; m++ {
			add(m, 29+int(info>>(16-m)&1))
			if m == int(y.leap) {
				add(-m, 29+int(info>>16&1))
			}
		}
		y.offset[y.n] = int16(off)
		start += off
	}
	ys[len(ys)-1].start = int32(start)
	return ys
}

// lastDay is the day number of 2101-01-28, the last day of lunar year 2100.
var lastDay = int(years[len(years)-1].start) - 1

// LunarDate is a date of the Chinese lunisolar calendar (农历). Leap is set for a day of the leap month (闰月),
// which follows the ordinary month of the same number.
type LunarDate struct {
	Year, Month, Day int
	Leap             bool
}

// SupportedRange is the first and last solar dates the conversions accept: 1900-01-31 (lunar 1900 正月初一)
// and 2101-01-28 (lunar 2100 腊月廿九).
func SupportedRange() (first, last domain.Date) {
	return dateOf(firstNewYear), dateOf(lastDay)
}

// LeapMonth is the number of the leap month of lunar year year, 0 when it has none or the year is outside
// MinYear–MaxYear.
func LeapMonth(year int) int {
	if year < MinYear || year > MaxYear {
		return 0
	}
	return int(lunarInfo[year-MinYear] & 0xf)
}

// MonthDays is the length (29 or 30) of month month of lunar year year, of its leap month when leap is set;
// 0 when there is no such month.
func MonthDays(year, month int, leap bool) int {
	if year < MinYear || year > MaxYear || month < 1 || month > 12 {
		return 0
	}
	info := lunarInfo[year-MinYear]
	if leap {
		if int(info&0xf) != month {
			return 0
		}
		return 29 + int(info>>16&1)
	}
	return 29 + int(info>>(16-month)&1)
}

// YearDays is the length of lunar year year (353–355 days, or 383–385 with a leap month); 0 outside
// MinYear–MaxYear.
func YearDays(year int) int {
	if year < MinYear || year > MaxYear {
		return 0
	}
	y := &years[year-MinYear]
	return int(y.offset[y.n])
}

// SolarToLunar is the lunar date of d. Dates outside SupportedRange give an error wrapping ErrOutOfRange.
func SolarToLunar(d domain.Date) (LunarDate, error) {
	if d.IsZero() {
		return LunarDate{}, fmt.Errorf("lunar date of an absent date: %w", ErrOutOfRange)
	}
	n := dayNumber(d.Year(), int(d.Month()), d.Day())
	if n < firstNewYear || n > lastDay {
		return LunarDate{}, fmt.Errorf("lunar date of %s: %w", d, ErrOutOfRange)
	}
	i := yearIndex(n)
	y := &years[i]
	off := n - int(y.start)
	k := int(y.n) - 1
	for int(y.offset[k]) > off {
		k--
	}
	m := int(y.month[k])
	ld := LunarDate{Year: MinYear + i, Month: m, Day: off - int(y.offset[k]) + 1}
	if m < 0 {
		ld.Month, ld.Leap = -m, true
	}
	return ld, nil
}

// LunarToSolar is the solar date of l. A year outside MinYear–MaxYear gives an error wrapping ErrOutOfRange;
// a date that does not exist in its year (day 30 of a 29-day month, a leap month the year lacks) an error
// wrapping ErrNoSuchDate.
func LunarToSolar(l LunarDate) (domain.Date, error) {
	n, err := lunarDayNumber(l)
	if err != nil {
		return domain.Date{}, err
	}
	return dateOf(n), nil
}

func lunarDayNumber(l LunarDate) (int, error) {
	if l.Year < MinYear || l.Year > MaxYear {
		return 0, fmt.Errorf("solar date of lunar %s: %w", l, ErrOutOfRange)
	}
	days := MonthDays(l.Year, l.Month, l.Leap)
	if days == 0 || l.Day < 1 || l.Day > days {
		return 0, fmt.Errorf("solar date of lunar %s: %w", l, ErrNoSuchDate)
	}
	y := &years[l.Year-MinYear]
	return int(y.start) + int(y.offset[monthSlot(y, l.Month, l.Leap)]) + l.Day - 1, nil
}

// monthSlot is the position in y.month of month m (its leap month when leap is set), which must exist.
func monthSlot(y *yearLayout, m int, leap bool) int {
	k := m - 1
	if y.leap != 0 && (m > int(y.leap) || leap) {
		k++
	}
	return k
}

// yearIndex is the index in years of the lunar year holding day number n, firstNewYear <= n <= lastDay.
func yearIndex(n int) int {
	i := (n - firstNewYear) * 100 / 36525 // mean solar years: at most one year off either way
	if i > MaxYear-MinYear {
		i = MaxYear - MinYear
	}
	for int(years[i].start) > n {
		i--
	}
	for int(years[i+1].start) <= n {
		i++
	}
	return i
}

// dayNumber is the number of days from 1970-01-01 to the proleptic Gregorian date y-m-d (after Howard
// Hinnant's days_from_civil), valid for any m in 1–12 and d in 1–31.
func dayNumber(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y
	if era < 0 {
		era -= 399
	}
	era /= 400
	yoe := y - era*400
	mp := m + 9
	if m > 2 {
		mp = m - 3
	}
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civil is the inverse of dayNumber.
func civil(n int) (y, m, d int) {
	n += 719468
	era := n
	if era < 0 {
		era -= 146096
	}
	era /= 146097
	doe := n - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if mp >= 10 {
		m = mp - 9
	}
	y = yoe + era*400
	if m <= 2 {
		y++
	}
	return y, m, d
}

// dateOf is the domain.Date of day number n.
func dateOf(n int) domain.Date {
	y, m, d := civil(n)
	return domain.NewDate(y, time.Month(m), d)
}

// dayOf is the day number of d, which must not be zero.
func dayOf(d domain.Date) int { return dayNumber(d.Year(), int(d.Month()), d.Day()) }
