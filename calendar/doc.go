// Package calendar is the Chinese calendar Steward works by: lunar dates (农历) for lunar birthdays and
// festivals, the festivals clients are greeted on, and the working days of the State Council's holiday
// schedule (放假 and 调休上班) for due dates and task planning. It has no I/O beyond reading a schedule file
// and no dependency outside the standard library.
//
// # Lunar calendar
//
// SolarToLunar and LunarToSolar convert between domain.Date and LunarDate for lunar years 1900–2100 (solar
// 1900-01-31 to 2101-01-28) from a compact table of month lengths and leap months, unfolded once into
// per-year layouts so that a conversion is a few array look-ups. LeapMonth, MonthDays and YearDays read
// the table.
//
// NextLunarOccurrence and NextSolarOccurrence find a client's next birthday. A lunar birthday on day 30 is
// kept on the 29th in years whose month is short; one born in a leap month (闰月) is kept in the ordinary
// month of the same number; a solar birthday on 29 February is kept on 28 February in common years.
//
// LunarDate.Chinese formats a lunar date as greetings and calendars write it (正月初一, 闰四月十五, 腊月三十,
// 冬月 for the 11th month, 腊月 for the 12th); GanZhi, Zodiac and YearName name the year (丙午年 马).
//
// # Festivals
//
// FestivalsIn lists the festivals of a solar year with their dates: 元旦, 除夕, 春节, 元宵, 清明, 劳动节, 端午,
// 中秋, 国庆 and 重阳. 除夕 is the last day of the 12th lunar month, the 29th or the 30th. 清明 is a solar term;
// QingmingDate reads it from a table for 1900–2100.
//
// # Working days
//
// A WorkCalendar is read from one or more schedule files. Default holds the files shipped in holidays/
// (2025 and 2026); an administrator adds the schedule of a later year, published each November, as a file
// of the same format in <data>/holidays. Load merges those files over Default in file-name order, a year a
// file declares replacing the shipped year (WorkCalendar.Merge); LoadWith checks a file before it is
// installed; Source and Sources say where each covered year was read, Schedule lists a year's holidays and
// make-up days. For a year no file covers, a calendar answers by weekends alone and Covers reports false,
// so that callers can warn.
//
// The schedule file is UTF-8 text, one statement a line. A # starts a comment that runs to the end of the
// line; blank lines are ignored. The statements are:
//
//	year YYYY
//	    The file holds the complete schedule of year YYYY: Covers(YYYY) reports true. A file may declare
//	    several years, each once.
//
//	DATE KIND NAME
//	DATE..DATE KIND NAME
//	    DATE is YYYY-MM-DD; DATE..DATE is a range of up to 31 days, both ends included. KIND is holiday
//	    (or 放假) for a statutory day off, whatever its weekday, or work (or 上班) for a Saturday or Sunday
//	    worked in exchange (调休上班). NAME, the rest of the line, is the festival the day belongs to, as
//	    HolidayName and Kind report it.
//
// Every date must fall in a declared year or in the December before one (a make-up day for 元旦 may
// precede the new year). A date may be listed once only. Monday to Friday are working days and Saturday
// and Sunday are not, unless listed. For example:
//
//	# 国务院办公厅关于2026年部分节假日安排的通知
//	year 2026
//	2026-10-01..2026-10-07  holiday  国庆节
//	2026-09-20              work     国庆节
//	2026-10-10              work     国庆节
//
// ParseWorkCalendar reports every fault of a file at once (up to 20), each a *ParseError with the file
// name, the line and the reason: a malformed line, a date that does not exist, a range that ends before it
// starts or is too long, an unknown kind, a date listed twice, or as both a holiday and a working day, a
// make-up working day on a weekday, or a date outside the declared years.
package calendar
