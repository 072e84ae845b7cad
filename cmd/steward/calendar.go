package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/steward-bank/steward/calendar"
	"github.com/steward-bank/steward/domain"
)

// holidayDir is where administrators put the State Council's schedule files: <data>/holidays.
func holidayDir(data string) string { return filepath.Join(data, "holidays") }

// loadCalendar is the effective working-day calendar: the schedules shipped with Steward and the
// administrator's files of <data>/holidays.
func loadCalendar(data string) (*calendar.WorkCalendar, error) {
	c, err := calendar.Load(holidayDir(data))
	if err != nil {
		return nil, fmt.Errorf("working-day calendar: %w", err)
	}
	return c, nil
}

// missingNextYear reports the year after now's (in China) when it is November or December and the
// calendar does not cover that year: the State Council publishes the schedule in November, and due dates
// of next year are then counted by weekends alone.
func missingNextYear(c *calendar.WorkCalendar, now time.Time) (int, bool) {
	today := domain.Today(now)
	next := today.Year() + 1
	return next, today.Month() >= time.November && !c.Covers(next)
}

// calendarCmd runs `steward calendar check FILE` and `steward calendar show [YEAR]`.
func (c *cli) calendarCmd(args []string) error {
	if len(args) == 0 || (args[0] != "check" && args[0] != "show") {
		return usagef("calendar: want `steward calendar check FILE` or `steward calendar show [YEAR]`")
	}
	fs := flag.NewFlagSet("calendar "+args[0], flag.ContinueOnError)
	data := fs.String("data", "./data", "data directory (administrator's schedule files in <data>/holidays)")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	if args[0] == "check" {
		if len(pos) != 1 {
			return usagef("calendar check FILE: name one schedule file")
		}
		return c.calendarCheck(pos[0], holidayDir(*data))
	}
	year := domain.Today(time.Now()).Year()
	switch len(pos) {
	case 0:
	case 1:
		y, err := strconv.Atoi(pos[0])
		if err != nil || len(pos[0]) != 4 {
			return usagef("calendar show: %q is not a year (YYYY)", pos[0])
		}
		year = y
	default:
		return usagef("calendar show [YEAR]: one year at most, got %q", pos)
	}
	cal, err := loadCalendar(*data)
	if err != nil {
		return err
	}
	printYear(c.stdout, cal, year, holidayDir(*data))
	fmt.Fprintf(c.stdout, "\ncovered years:\n")
	printSources(c.stdout, cal)
	return nil
}

// calendarCheck parses an administrator's schedule file and merges it with the effective calendar as it
// would be once the file is in dir, then prints what the file holds. Any fault is the command's error.
func (c *cli) calendarCheck(path, dir string) error {
	fh, err := os.Open(path)
	if err != nil {
		return err
	}
	f, err := calendar.ParseFile(path, fh)
	fh.Close()
	if err != nil {
		return err
	}
	// The file goes in as <year>.txt; a file already in the directory keeps its name.
	name, err := calendar.FileName(f)
	if abs, aerr := filepath.Abs(path); aerr == nil {
		if absDir, derr := filepath.Abs(dir); derr == nil && filepath.Dir(abs) == absDir {
			name, err = filepath.Base(path), nil
		}
	}
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	before, _ := calendar.Load(dir) // a fault elsewhere in dir is reported by LoadWith below
	eff, err := calendar.LoadWith(dir, name, f)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "%s: good\n", path)
	for _, y := range f.Years() {
		what := "adds " + strconv.Itoa(y)
		if src, ok := before.Source(y); ok && src.Shipped {
			what = "replaces the schedule shipped with Steward (" + src.File + ")"
		} else if ok {
			what = "replaces " + src.File
		}
		fmt.Fprintf(c.stdout, "\n%d (%s):\n", y, what)
		spans := f.Schedule(y)
		if !f.Covers(y - 1) {
			spans = append(f.Schedule(y-1), spans...)
		}
		printSpans(c.stdout, spans)
	}
	fmt.Fprintf(c.stdout, "\ninstalled as %s, the effective calendar covers:\n", filepath.Join(dir, name))
	printSources(c.stdout, eff)
	return nil
}

// printYear prints a year's holidays and make-up working days and where they come from.
func printYear(w io.Writer, cal *calendar.WorkCalendar, year int, dir string) {
	src, ok := cal.Source(year)
	if !ok {
		fmt.Fprintf(w, "%d: not covered: working days are Monday to Friday. Add %s when the State Council publishes its schedule.\n",
			year, filepath.Join(dir, strconv.Itoa(year)+".txt"))
		return
	}
	fmt.Fprintln(w, src)
	printSpans(w, cal.Schedule(year))
}

func printSpans(w io.Writer, spans []calendar.Span) {
	holidays, makeUp := 0, 0
	for _, sp := range spans {
		span := sp.First.String()
		if sp.Last != sp.First {
			span += ".." + sp.Last.String()
		}
		fmt.Fprintf(w, "  %-22s  %-15s  %-3d  %s\n", span, sp.Kind, sp.Days(), sp.Name)
		if sp.Kind == calendar.Holiday {
			holidays += sp.Days()
		} else {
			makeUp += sp.Days()
		}
	}
	fmt.Fprintf(w, "  %d days of holiday, %d make-up working days\n", holidays, makeUp)
}

func printSources(w io.Writer, cal *calendar.WorkCalendar) {
	var b strings.Builder
	for _, src := range cal.Sources() {
		fmt.Fprintf(&b, "  %s\n", src)
	}
	io.WriteString(w, b.String())
}
