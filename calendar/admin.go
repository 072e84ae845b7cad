package calendar

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/steward-bank/steward/domain"
)

// YearSource says where the schedule of a covered year was read.
type YearSource struct {
	Year int
	// File is the file that declares the year: holidays/2026.txt for a schedule shipped with Steward, the
	// path of an administrator's file (data/holidays/2027.txt) otherwise.
	File string
	Line int // the line of its `year` statement
	// Shipped: the schedule is one of the files built into Steward (Default), not an administrator's.
	Shipped bool
}

// Source is where the schedule of year was read; ok is false when the calendar does not cover year.
func (c *WorkCalendar) Source(year int) (src YearSource, ok bool) {
	if c == nil {
		return YearSource{}, false
	}
	src, ok = c.sources[year]
	return src, ok
}

// Sources are the covered years with where each was read, in year order.
func (c *WorkCalendar) Sources() []YearSource {
	var out []YearSource
	for _, y := range c.Years() {
		out = append(out, c.sources[y])
	}
	return out
}

// Span is a run of consecutive dates of one kind and name that a schedule lists:
// 2026-10-01..2026-10-07 holiday 国庆节.
type Span struct {
	First, Last domain.Date
	Kind        DayKind // Holiday or MakeUpWorkday
	Name        string
}

// Days is the number of dates of the span.
func (s Span) Days() int { return dayOf(s.Last) - dayOf(s.First) + 1 }

// String is the span as a line of the file format.
func (s Span) String() string {
	text := s.First.String()
	if s.Last != s.First {
		text += ".." + s.Last.String()
	}
	word := "work"
	if s.Kind == Holiday {
		word = "holiday"
	}
	return text + " " + word + " " + s.Name
}

// Schedule is the holidays and make-up working days the calendar lists in the Gregorian year, in date
// order, consecutive dates of the same kind and name joined. A make-up day in the December before a year
// (listed by that year's file) belongs to the December's year.
func (c *WorkCalendar) Schedule(year int) []Span {
	if c == nil {
		return nil
	}
	var days []int
	for n := range c.days {
		if yearOfDay(n) == year {
			days = append(days, n)
		}
	}
	slices.Sort(days)
	return c.spans(days)
}

// spans joins sorted day numbers into runs of the same kind and name, each of at most maxRun days so that
// the file format can hold it.
func (c *WorkCalendar) spans(days []int) []Span {
	var out []Span
	for i := 0; i < len(days); {
		first, e := days[i], c.days[days[i]]
		j := i + 1
		for j < len(days) && days[j] == days[j-1]+1 && days[j]-first < maxRun &&
			c.days[days[j]].holiday == e.holiday && c.days[days[j]].name == e.name {
			j++
		}
		kind := MakeUpWorkday
		if e.holiday {
			kind = Holiday
		}
		out = append(out, Span{First: dateOf(first), Last: dateOf(days[j-1]), Kind: kind, Name: e.name})
		i = j
	}
	return out
}

// ParseFile reads an administrator's schedule file, name being what errors call it (its path). The format
// is ParseWorkCalendar's; in addition every year the file declares must list at least one holiday, since
// a file with a bare `year 2027` would make every weekday of 2027 a working day.
func ParseFile(name string, r io.Reader) (*WorkCalendar, error) {
	c, err := parseWorkCalendar(name, r)
	if err != nil {
		return nil, err
	}
	holidays := map[int]bool{}
	for n, e := range c.days {
		if e.holiday {
			holidays[yearOfDay(n)] = true
		}
	}
	var errs []error
	for _, src := range c.Sources() {
		if !holidays[src.Year] {
			errs = append(errs, &ParseError{File: name, Line: src.Line,
				Msg: fmt.Sprintf("year %d lists no holiday: a file holds the year's complete schedule", src.Year)})
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return c, nil
}

// Load is the effective working-day calendar: the schedules shipped with Steward (Default) with the
// administrator's schedule files dir/*.txt (normally <data>/holidays) merged over them in file-name
// order, so that a year an administrator's file declares replaces the shipped year (see Merge). A missing
// directory, or dir "", is the shipped calendar; names starting with a dot are skipped. A bad file is an
// error naming every fault as file:line: reason, and nothing of the directory is used.
func Load(dir string) (*WorkCalendar, error) { return LoadWith(dir, "", nil) }

// LoadWith is the calendar Load would give once dir's file name (a base name such as 2027.txt) held the
// schedule f, replacing what is there: the check made before an administrator's file is installed. It
// refuses f when a file read after it declares one of its years again, since that file would win.
func LoadWith(dir, name string, f *WorkCalendar) (*WorkCalendar, error) {
	names, err := scheduleFiles(dir)
	if err != nil {
		return nil, err
	}
	if f != nil && !slices.Contains(names, name) {
		names = append(names, name)
		slices.Sort(names)
	}
	c, errs := Default(), []error(nil)
	for _, n := range names {
		file := f
		if f == nil || n != name {
			if file, err = loadFile(filepath.Join(dir, n)); err != nil {
				errs = append(errs, err)
				continue
			}
		}
		m, err := c.Merge(file)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		c = m
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if f != nil {
		for _, y := range f.Years() {
			if got := c.sources[y]; got != f.sources[y] {
				return nil, fmt.Errorf("%s:%d: year %d is declared again by %s:%d, which is read after %s and wins "+
					"(files are read in name order): remove that file or put the schedule there",
					f.sources[y].File, f.sources[y].Line, y, got.File, got.Line, name)
			}
		}
	}
	return c, nil
}

// scheduleFiles are the names of dir's schedule files in name order: *.txt, not starting with a dot.
func scheduleFiles(dir string) ([]string, error) {
	if dir == "" {
		return nil, nil
	}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("work calendar: read the administrator's schedule directory: %w", err)
	}
	var names []string
	for _, en := range entries {
		n := en.Name()
		if en.IsDir() || strings.HasPrefix(n, ".") || !strings.HasSuffix(n, ".txt") {
			continue
		}
		names = append(names, n)
	}
	slices.Sort(names)
	return names, nil
}

func loadFile(path string) (*WorkCalendar, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("work calendar: %w", err)
	}
	defer fh.Close()
	return ParseFile(path, fh)
}

// FileName is the name an administrator's file declaring the years of c is installed under:
// <year>.txt. A file must declare exactly one year.
func FileName(c *WorkCalendar) (string, error) {
	years := c.Years()
	switch len(years) {
	case 0:
		return "", errors.New("the file declares no year (add a line `year YYYY`)")
	case 1:
	default:
		ys := make([]string, len(years))
		for i, y := range years {
			ys[i] = strconv.Itoa(y)
		}
		return "", fmt.Errorf("the file declares %d years (%s): give each year a file of its own", len(ys), strings.Join(ys, ", "))
	}
	return strconv.Itoa(years[0]) + ".txt", nil
}

// String is the year and its source for people: `2026: shipped with Steward (holidays/2026.txt)`.
func (s YearSource) String() string {
	if s.Shipped {
		return fmt.Sprintf("%d: shipped with Steward (%s)", s.Year, s.File)
	}
	return fmt.Sprintf("%d: %s", s.Year, s.File)
}
