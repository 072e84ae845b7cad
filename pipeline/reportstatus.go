package pipeline

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
)

// A report's "outcome:" line is written for the operator who reads the file (English, with the timings).
// The imports page puts it in its person's language, so the line's forms are made and read here, in one
// place: ParseOutcome reads back exactly what the import writes.

// Report outcomes (ReportStatus.Outcome).
const (
	ReportApplied = "applied"
	ReportAlready = "already"
	ReportRefused = "refused"
	ReportUnknown = "unknown"
)

// ReportStatus is what a report's outcome line says.
type ReportStatus struct {
	Outcome string // ReportApplied …
	// Elapsed is an applied batch's time, from reading to applied.
	Elapsed time.Duration
	// A refused batch's reason: errors in its files or references, transactions an earlier batch applied,
	// or its place in the business-date order (Order).
	Errors, Duplicates int
	Order              *store.BatchOrderError
	// Line is the line after "outcome:", as written.
	Line string
}

func appliedLine(total, read, checked, apply time.Duration) string {
	return fmt.Sprintf("APPLIED in %s (read %s, references %s, apply %s)", total.Round(time.Millisecond),
		read.Round(time.Millisecond), checked.Round(time.Millisecond), apply.Round(time.Millisecond))
}

const alreadyLine = "ALREADY APPLIED: identical to the last applied batch; nothing changed"

func errorsReason(n int) string     { return fmt.Sprintf("%d errors", n) }
func duplicatesReason(n int) string { return fmt.Sprintf("%d transactions applied before", n) }

var (
	appliedRE    = regexp.MustCompile(`^APPLIED in (\S+) \(`)
	errorsRE     = regexp.MustCompile(`^(\d+) errors$`)
	duplicatesRE = regexp.MustCompile(`^(\d+) transactions applied before$`)
	sameDateRE   = regexp.MustCompile(`^batch (\d{4}-\d{2}-\d{2}) was already applied with different content; `)
	orderRE      = regexp.MustCompile(`^batch (\d{4}-\d{2}-\d{2}) is not after the last applied batch (\d{4}-\d{2}-\d{2}):`)
)

// ParseOutcome reads a report's outcome line (without "outcome:"). A line of another form is
// ReportUnknown, or the outcome its keyword names with no reason known.
func ParseOutcome(line string) ReportStatus {
	line = strings.TrimSpace(line)
	st := ReportStatus{Outcome: ReportUnknown, Line: line}
	if strings.HasPrefix(line, "ALREADY APPLIED") {
		st.Outcome = ReportAlready
		return st
	}
	if m := appliedRE.FindStringSubmatch(line); m != nil {
		st.Outcome = ReportApplied
		st.Elapsed, _ = time.ParseDuration(m[1])
		return st
	}
	if strings.HasPrefix(line, "APPLIED") {
		st.Outcome = ReportApplied
		return st
	}
	reason, ok := strings.CutPrefix(line, "REFUSED:")
	if !ok {
		if strings.HasPrefix(line, "REFUSED") {
			st.Outcome = ReportRefused
		}
		return st
	}
	st.Outcome = ReportRefused
	reason = strings.TrimSpace(reason)
	if m := errorsRE.FindStringSubmatch(reason); m != nil {
		st.Errors, _ = strconv.Atoi(m[1])
	} else if m := duplicatesRE.FindStringSubmatch(reason); m != nil {
		st.Duplicates, _ = strconv.Atoi(m[1])
	} else if m := sameDateRE.FindStringSubmatch(reason); m != nil {
		d, _ := domain.ParseDate(m[1])
		st.Order = &store.BatchOrderError{Date: d, Last: d, SameDate: true}
	} else if m := orderRE.FindStringSubmatch(reason); m != nil {
		d, _ := domain.ParseDate(m[1])
		last, _ := domain.ParseDate(m[2])
		st.Order = &store.BatchOrderError{Date: d, Last: last}
	}
	return st
}
