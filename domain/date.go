package domain

import (
	"database/sql/driver"
	"fmt"
	"math"
	"time"
)

// Shanghai is the zone of business dates (Asia/Shanghai, UTC+8, no daylight saving).
var Shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		// The binary must not depend on the host's zoneinfo: China has had no DST since 1991.
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}()

// Date is a calendar date (a business date, a birth date) with no time of day. The zero Date is "absent".
// It is stored as the text YYYY-MM-DD in both engines. It takes 8 bytes: the rating keeps a few for each of
// a million clients.
type Date struct {
	y    int32
	m, d int8
}

// NewDate returns the date y-m-d, normalised as time.Date does.
func NewDate(y int, m time.Month, d int) Date {
	return DateOf(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// DateOf is the calendar date of t in t's own location.
func DateOf(t time.Time) Date {
	if t.IsZero() {
		return Date{}
	}
	y, m, d := t.Date()
	if y < math.MinInt32 || y > math.MaxInt32 {
		y = min(max(y, math.MinInt32), math.MaxInt32) // beyond any calendar a bank keeps
	}
	return Date{int32(y), int8(m), int8(d)}
}

// Today is the business date now in Asia/Shanghai.
func Today(now time.Time) Date { return DateOf(now.In(Shanghai)) }

// ParseDate reads YYYY-MM-DD or YYYYMMDD; the empty string is the zero Date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	layout := "2006-01-02"
	if len(s) == 8 {
		layout = "20060102"
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date (want YYYY-MM-DD or YYYYMMDD)", s)
	}
	return DateOf(t), nil
}

// ParseISO reads a YYYY-MM-DD date from bytes, as ParseDate does, without allocating (for readers of
// many stored dates); empty input is the zero Date.
func ParseISO(b []byte) (Date, error) {
	if len(b) == 0 {
		return Date{}, nil
	}
	bad := func() (Date, error) { return Date{}, fmt.Errorf("%q is not a date (want YYYY-MM-DD)", b) }
	if len(b) != 10 || b[4] != '-' || b[7] != '-' {
		return bad()
	}
	num := func(p []byte) (int, bool) {
		n := 0
		for _, c := range p {
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	y, ok1 := num(b[0:4])
	m, ok2 := num(b[5:7])
	d, ok3 := num(b[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > DaysIn(y, m) {
		return bad()
	}
	return Date{int32(y), int8(m), int8(d)}, nil
}

// DaysIn is the length of month m (1–12) of year y in the Gregorian calendar.
func DaysIn(y, m int) int {
	switch m {
	case 4, 6, 9, 11:
		return 30
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	}
	return 31
}

// IsZero reports whether d is absent.
func (d Date) IsZero() bool { return d == Date{} }

// Time is midnight of d in UTC (for arithmetic); the zero time for the zero Date.
func (d Date) Time() time.Time {
	if d.IsZero() {
		return time.Time{}
	}
	return time.Date(int(d.y), time.Month(d.m), int(d.d), 0, 0, 0, 0, time.UTC)
}

// Year, Month and Day are the date's parts.
func (d Date) Year() int         { return int(d.y) }
func (d Date) Month() time.Month { return time.Month(d.m) }
func (d Date) Day() int          { return int(d.d) }

// AddDays is d moved by n days.
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// Before and After compare two dates.
func (d Date) Before(o Date) bool { return d.key() < o.key() }
func (d Date) After(o Date) bool  { return d.key() > o.key() }

// key orders dates as their Time does: the zero Date as 0001-01-01 (the zero time.Time).
func (d Date) key() int64 {
	if d.IsZero() {
		return 1<<16 | 1<<8 | 1
	}
	return int64(d.y)<<16 | int64(d.m)<<8 | int64(d.d)
}

// String is YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	if d.y < 0 || d.y > 9999 {
		return fmt.Sprintf("%04d-%02d-%02d", d.y, d.m, d.d)
	}
	var buf [10]byte
	return string(d.AppendISO(buf[:0]))
}

// AppendISO appends the date as String writes it (YYYY-MM-DD; nothing for the zero date) without
// allocating, for writers of many dates (the import).
func (d Date) AppendISO(b []byte) []byte {
	if d.IsZero() {
		return b
	}
	if d.y < 0 || d.y > 9999 {
		return append(b, d.String()...)
	}
	y, m, dd := int(d.y), int(d.m), int(d.d)
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-', byte('0'+dd/10), byte('0'+dd%10))
}

// AgeOn is the age in whole years of someone born on d, on day on.
func (d Date) AgeOn(on Date) int {
	if d.IsZero() {
		return 0
	}
	age := int(on.y - d.y)
	if on.m < d.m || (on.m == d.m && on.d < d.d) {
		age--
	}
	return age
}

// Value stores the date as YYYY-MM-DD text, NULL when absent.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads a date from either engine: PostgreSQL and the SQLite driver give time.Time for DATE columns,
// text otherwise.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
	case time.Time:
		*d = DateOf(v)
	case string:
		return d.scanText(v)
	case []byte:
		return d.scanText(string(v))
	default:
		return fmt.Errorf("date: cannot scan %T", src)
	}
	return nil
}

func (d *Date) scanText(s string) error {
	if len(s) > 10 {
		s = s[:10]
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalText and UnmarshalText let a Date travel in JSON as "YYYY-MM-DD".
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads "YYYY-MM-DD" or "YYYYMMDD" ("" is the zero Date).
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
