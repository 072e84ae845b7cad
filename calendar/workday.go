package calendar

import (
	"bufio"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/steward-bank/steward/domain"
)

// DayKind is what a date is for work.
type DayKind int

const (
	Workday       DayKind = iota // an ordinary Monday to Friday
	Weekend                      // a Saturday or Sunday with no make-up work
	Holiday                      // a statutory holiday (法定节假日, 放假), whatever the weekday
	MakeUpWorkday                // a Saturday or Sunday worked in exchange for a holiday (调休上班)
)

// String is the kind in plain English.
func (k DayKind) String() string {
	switch k {
	case Workday:
		return "workday"
	case Weekend:
		return "weekend"
	case Holiday:
		return "holiday"
	case MakeUpWorkday:
		return "make-up workday"
	}
	return "DayKind(" + strconv.Itoa(int(k)) + ")"
}

// WorkCalendar says which dates are working days in mainland China: Monday to Friday, except the statutory
// holidays it lists, plus the weekend days it lists as make-up working days. Years it does not cover fall
// back to weekends only; Covers tells a caller when to warn. A WorkCalendar is never changed once built
// and is safe for concurrent use; a nil *WorkCalendar is the weekends-only calendar.
type WorkCalendar struct {
	days    map[int]dayEntry   // by day number
	years   map[int]bool       // years whose schedule the calendar holds in full
	sources map[int]YearSource // where each covered year's schedule was read
}

type dayEntry struct {
	holiday bool
	name    string // the festival: 国庆节
	src     string // where it was read, file:line
}

// kindWord is the file format's word for an entry's kind.
func (e dayEntry) kindWord() string {
	if e.holiday {
		return "holiday"
	}
	return "work"
}

// Default is the calendar of the State Council schedules shipped with Steward (files holidays/*.txt of
// this package: 2025 and 2026). Load merges an administrator's files over it, for a year published later
// or a corrected one; the programs use Load, so that those files count.
func Default() *WorkCalendar { return defaultCalendar() }

//go:embed holidays/*.txt
var holidayFiles embed.FS

var defaultCalendar = sync.OnceValue(func() *WorkCalendar {
	names, err := fs.Glob(holidayFiles, "holidays/*.txt")
	if err != nil {
		panic(err)
	}
	var c *WorkCalendar
	for _, name := range names {
		f, err := LoadWorkCalendar(holidayFiles, name)
		if err == nil {
			for y, src := range f.sources {
				src.Shipped = true
				f.sources[y] = src
			}
			c, err = c.Merge(f)
		}
		if err != nil {
			panic("calendar: embedded holiday file: " + err.Error()) // caught by the package's tests
		}
	}
	return c
})

// Covers reports whether the calendar holds the full holiday schedule of year. Dates of other years are
// still answered, by weekends alone (and any make-up day listed ahead of a covered year).
func (c *WorkCalendar) Covers(year int) bool { return c != nil && c.years[year] }

// Years is the covered years in order.
func (c *WorkCalendar) Years() []int {
	if c == nil {
		return nil
	}
	return slices.Sorted(maps.Keys(c.years))
}

// IsWorkingDay reports whether d is a working day. The zero Date is not.
func (c *WorkCalendar) IsWorkingDay(d domain.Date) bool {
	if d.IsZero() {
		return false
	}
	return c.working(dayOf(d))
}

func (c *WorkCalendar) working(n int) bool {
	if c != nil {
		if e, ok := c.days[n]; ok {
			return !e.holiday
		}
	}
	wd := mod(n+4, 7) // 1970-01-01 was a Thursday; 0 is Sunday
	return wd != 0 && wd != 6
}

// Kind is what d is for work, with the festival's name for a holiday or a make-up working day. The zero
// Date is a Weekend, a day not worked.
func (c *WorkCalendar) Kind(d domain.Date) (DayKind, string) {
	if d.IsZero() {
		return Weekend, ""
	}
	n := dayOf(d)
	if c != nil {
		if e, ok := c.days[n]; ok {
			if e.holiday {
				return Holiday, e.name
			}
			return MakeUpWorkday, e.name
		}
	}
	if c.working(n) {
		return Workday, ""
	}
	return Weekend, ""
}

// HolidayName is the name of the statutory holiday on d (春节), or "" when d is not one.
func (c *WorkCalendar) HolidayName(d domain.Date) string {
	if k, name := c.Kind(d); k == Holiday {
		return name
	}
	return ""
}

// NextWorkingDay is the first working day on or after onOrAfter (the zero Date for the zero Date).
func (c *WorkCalendar) NextWorkingDay(onOrAfter domain.Date) domain.Date {
	if onOrAfter.IsZero() {
		return domain.Date{}
	}
	n := dayOf(onOrAfter)
	for !c.working(n) {
		n++
	}
	return dateOf(n)
}

// PreviousWorkingDay is the last working day on or before onOrBefore (the zero Date for the zero Date).
func (c *WorkCalendar) PreviousWorkingDay(onOrBefore domain.Date) domain.Date {
	if onOrBefore.IsZero() {
		return domain.Date{}
	}
	n := dayOf(onOrBefore)
	for !c.working(n) {
		n--
	}
	return dateOf(n)
}

// AddWorkingDays is the n-th working day after d (before d when n < 0), d itself not counted: T+1 from a
// Friday before a normal weekend is the Monday, from the eve of a holiday the first day back. It is d
// itself when n is 0, and the zero Date for the zero Date.
func (c *WorkCalendar) AddWorkingDays(d domain.Date, n int) domain.Date {
	if d.IsZero() {
		return domain.Date{}
	}
	day, step := dayOf(d), 1
	if n < 0 {
		n, step = -n, -1
	}
	for n > 0 {
		day += step
		if c.working(day) {
			n--
		}
	}
	return dateOf(day)
}

// Merge is a new calendar holding c and other. For every year other covers, other's entries replace c's
// (an administrator's corrected file wins over the shipped one); elsewhere a date both list must be of the
// same kind, and other's name is kept. Neither calendar changes. A nil calendar merges as an empty one.
func (c *WorkCalendar) Merge(other *WorkCalendar) (*WorkCalendar, error) {
	out := &WorkCalendar{days: map[int]dayEntry{}, years: map[int]bool{}, sources: map[int]YearSource{}}
	if c != nil {
		maps.Copy(out.years, c.years)
		maps.Copy(out.sources, c.sources)
		for n, e := range c.days {
			if other == nil || !other.years[yearOfDay(n)] {
				out.days[n] = e
			}
		}
	}
	if other == nil {
		return out, nil
	}
	maps.Copy(out.years, other.years)
	maps.Copy(out.sources, other.sources)
	var errs []error
	for _, n := range slices.Sorted(maps.Keys(other.days)) {
		e := other.days[n]
		if old, ok := out.days[n]; ok && old.holiday != e.holiday {
			errs = append(errs, fmt.Errorf("%s: %s is a %s here but a %s at %s",
				e.src, dateOf(n), e.kindWord(), old.kindWord(), old.src))
			continue
		}
		out.days[n] = e
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("merge work calendars: %w", errors.Join(errs...))
	}
	return out, nil
}

// WriteTo writes the calendar in the file format ParseWorkCalendar reads, runs of consecutive days of the
// same kind and name on one line; parsing the text gives the calendar back.
func (c *WorkCalendar) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	for _, y := range c.Years() {
		fmt.Fprintf(&b, "year %d\n", y)
	}
	if c != nil {
		for _, sp := range c.spans(slices.Sorted(maps.Keys(c.days))) {
			fmt.Fprintf(&b, "%s\n", sp)
		}
	}
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

// ParseError is one fault in a work-calendar file, at File:Line.
type ParseError struct {
	File string
	Line int
	Msg  string
}

func (e *ParseError) Error() string { return e.File + ":" + strconv.Itoa(e.Line) + ": " + e.Msg }

const (
	maxRun       = 31       // longest DATE..DATE range, in days
	maxErrors    = 20       // faults reported before giving up on a file
	maxLineBytes = 64 << 10 // longest line
)

// ParseWorkCalendar reads a work-calendar file (the format is described in the package documentation).
// Faults are reported together, each a *ParseError naming the file (r's Name() when it has one, as an
// *os.File does) and the line; the calendar is returned only when there are none.
func ParseWorkCalendar(r io.Reader) (*WorkCalendar, error) {
	name := "work calendar"
	if f, ok := r.(interface{ Name() string }); ok {
		name = f.Name()
	}
	return parseWorkCalendar(name, r)
}

// LoadWorkCalendar opens and parses the file name of fsys.
func LoadWorkCalendar(fsys fs.FS, name string) (*WorkCalendar, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("work calendar: %w", err)
	}
	defer f.Close()
	return parseWorkCalendar(name, f)
}

// pending is an entry waiting for the check, at the end of the file, that its year is declared.
type pending struct {
	day  int
	line int
}

func parseWorkCalendar(file string, r io.Reader) (*WorkCalendar, error) {
	c := &WorkCalendar{days: map[int]dayEntry{}, years: map[int]bool{}, sources: map[int]YearSource{}}
	yearLine := map[int]int{}
	lines := map[int]int{} // day number → line
	var order []pending
	var errs []error
	line := 0
	fault := func(format string, args ...any) {
		errs = append(errs, &ParseError{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxLineBytes)
	for sc.Scan() && len(errs) < maxErrors {
		line++
		text := sc.Text()
		if line == 1 {
			text = strings.TrimPrefix(text, "\uFEFF")
		}
		if i := strings.IndexByte(text, '#'); i >= 0 {
			text = text[:i]
		}
		fields := strings.Fields(text)
		if len(fields) == 0 {
			continue
		}
		if !utf8.ValidString(text) {
			fault("not valid UTF-8 (save the file as UTF-8)")
			continue
		}
		if fields[0] == "year" {
			if len(fields) != 2 {
				fault("want `year YYYY`")
				continue
			}
			y, err := strconv.Atoi(fields[1])
			if err != nil || len(fields[1]) != 4 || y < 1900 {
				fault("%q is not a year from 1900 to 9999", fields[1])
				continue
			}
			if at, dup := yearLine[y]; dup {
				fault("year %d is already declared at line %d", y, at)
				continue
			}
			yearLine[y] = line
			c.years[y] = true
			c.sources[y] = YearSource{Year: y, File: file, Line: line}
			continue
		}
		if len(fields) < 3 {
			fault("want `DATE[..DATE] holiday|work NAME`, e.g. `2026-10-01..2026-10-07 holiday 国庆节`")
			continue
		}
		first, last, msg := parseSpan(fields[0])
		if msg != "" {
			fault("%s", msg)
			continue
		}
		var holiday bool
		switch fields[1] {
		case "holiday", "放假":
			holiday = true
		case "work", "上班":
		default:
			fault("%q is not a kind of day (want holiday or work)", fields[1])
			continue
		}
		name := strings.Join(fields[2:], " ")
		if i := strings.IndexFunc(name, unicode.IsControl); i >= 0 {
			fault("the name has a control character %q", name[i:i+1])
			continue
		}
		for n := first; n <= last; n++ {
			if wd := mod(n+4, 7); !holiday && wd != 0 && wd != 6 {
				fault("%s is a weekday: a make-up working day (work) must be a Saturday or Sunday", dateOf(n))
				continue
			}
			if old, dup := c.days[n]; dup {
				if old.holiday == holiday {
					fault("%s is already listed at line %d", dateOf(n), lines[n])
				} else {
					fault("%s is listed as both a holiday and a working day (lines %d and %d)",
						dateOf(n), lines[n], line)
				}
				continue
			}
			c.days[n] = dayEntry{holiday: holiday, name: name, src: file + ":" + strconv.Itoa(line)}
			lines[n] = line
			order = append(order, pending{n, line})
		}
	}
	if err := sc.Err(); err != nil && len(errs) < maxErrors {
		line++
		if errors.Is(err, bufio.ErrTooLong) {
			fault("line longer than %d bytes", maxLineBytes)
		} else {
			fault("read: %v", err)
		}
	}
	for _, p := range order {
		if len(errs) >= maxErrors {
			break
		}
		y, m, _ := civil(p.day)
		if !c.years[y] && !(m == 12 && c.years[y+1]) {
			line = p.line
			fault("%s is outside the years this file declares (add a line `year %d`)", dateOf(p.day), y)
		}
	}
	if len(errs) >= maxErrors {
		errs = append(errs, fmt.Errorf("%s: too many errors", file))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return c, nil
}

// parseSpan reads DATE or DATE..DATE as day numbers, or says what is wrong.
func parseSpan(s string) (first, last int, msg string) {
	a, b, isRange := strings.Cut(s, "..")
	first, ok := parseDay(a)
	if !ok {
		return 0, 0, fmt.Sprintf("%q is not a date (want YYYY-MM-DD)", a)
	}
	if !isRange {
		return first, first, ""
	}
	last, ok = parseDay(b)
	if !ok {
		return 0, 0, fmt.Sprintf("%q is not a date (want YYYY-MM-DD)", b)
	}
	if last < first {
		return 0, 0, fmt.Sprintf("range %s ends before it starts", s)
	}
	if last-first >= maxRun {
		return 0, 0, fmt.Sprintf("range %s is longer than %d days", s, maxRun)
	}
	return first, last, ""
}

// parseDay reads YYYY-MM-DD (years 1900–9999) as a day number.
func parseDay(s string) (int, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	num := func(t string) int {
		v := 0
		for i := 0; i < len(t); i++ {
			if t[i] < '0' || t[i] > '9' {
				return -1
			}
			v = v*10 + int(t[i]-'0')
		}
		return v
	}
	y, m, d := num(s[:4]), num(s[5:7]), num(s[8:])
	if y < 1900 || m < 1 || m > 12 || d < 1 || d > domain.DaysIn(y, m) {
		return 0, false
	}
	return dayNumber(y, m, d), true
}

// yearOfDay is the Gregorian year of day number n.
func yearOfDay(n int) int {
	y, _, _ := civil(n)
	return y
}
