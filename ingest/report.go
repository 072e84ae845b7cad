package ingest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/steward-bank/steward/domain"
)

// Issue is one problem of a batch, with its place and reason.
type Issue struct {
	File   string // file name inside the batch directory
	Line   int    // 1-based line (the header is line 1); 0 when the issue concerns the whole file
	Column string // column or control-file key, or ""
	Value  string // the offending value as read (trimmed, shortened), or ""
	Reason string
}

// String is the issue as the report prints it:
//
//	CUST_20261122.dat:1841 id_number "11010119900307123X": check digit should be 7
//
// The line, column and value parts are left out when empty.
func (i Issue) String() string {
	var b strings.Builder
	b.Grow(len(i.File) + len(i.Column) + len(i.Value) + len(i.Reason) + 16)
	b.WriteString(i.File)
	if i.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(i.Line))
	}
	if i.Column != "" {
		b.WriteByte(' ')
		b.WriteString(i.Column)
	}
	if i.Value != "" {
		b.WriteByte(' ')
		b.WriteString(strconv.Quote(i.Value))
	}
	b.WriteString(": ")
	b.WriteString(i.Reason)
	return b.String()
}

// MaxIssuesPerFile bounds the errors (and, separately, the warnings) stored for one file, so that a garbage
// file cannot exhaust memory; the rest are counted and summarised by a final "… and N more" issue.
const MaxIssuesPerFile = 10_000

// issueList collects the issues of one kind (errors or warnings) of one file.
type issueList struct {
	file  string
	items []Issue
	n     int            // every issue, stored or not
	kinds map[string]int // column + "\x00" + reason → count, every issue
}

func (l *issueList) add(line int, column, value, reason string) {
	l.n++
	if l.kinds == nil {
		l.kinds = map[string]int{}
	}
	l.kinds[column+"\x00"+reason]++
	if len(l.items) < MaxIssuesPerFile {
		l.items = append(l.items, Issue{File: l.file, Line: line, Column: column, Value: shorten(value), Reason: reason})
	}
}

// list is the stored issues, followed by the "… and N more" summary when some were dropped.
func (l *issueList) list() []Issue {
	if more := l.n - len(l.items); more > 0 {
		return append(l.items, Issue{File: l.file, Reason: fmt.Sprintf("… and %d more", more)})
	}
	return l.items
}

// IssueKind is a file, a column and a reason, with the number of rows that have it.
type IssueKind struct {
	File, Column, Reason string
	Count                int
}

func (k IssueKind) String() string {
	s := k.File
	if k.Column != "" {
		s += " " + k.Column
	}
	return fmt.Sprintf("%s: %s × %d", s, k.Reason, k.Count)
}

// addKinds merges a list's kinds into kinds, keeping them most frequent first.
func addKinds(kinds []IssueKind, l *issueList) []IssueKind {
	for key, n := range l.kinds {
		col, reason, _ := strings.Cut(key, "\x00")
		kinds = append(kinds, IssueKind{File: l.file, Column: col, Reason: reason, Count: n})
	}
	slices.SortStableFunc(kinds, func(a, b IssueKind) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.File+a.Column+a.Reason, b.File+b.Column+b.Reason)
	})
	return kinds
}

// MaxKindsShown bounds the "by kind" summaries of the report text.
const MaxKindsShown = 20

// FileSummary is one line of the report's summary.
type FileSummary struct {
	Name     string
	Kind     Kind // "" for the control file and unlisted files
	Rows     int  // data rows found (-1 when the file was not read)
	Errors   int  // every error, including those beyond MaxIssuesPerFile
	Warnings int
}

// Report is the outcome of checking a batch. A batch with errors must not be applied.
type Report struct {
	Dir          string
	Control      string // control file name
	BusinessDate domain.Date
	Files        []FileSummary // the control file, unlisted data files, then the listed ones in the control file's order
	Errors       []Issue
	Warnings     []Issue
	// ErrorKinds and WarningKinds count every issue (stored or not) by file, column and reason, most
	// frequent first: "CUST_20261122.dat mobile: no mobile" × 47 213.
	ErrorKinds, WarningKinds []IssueKind
}

// OK reports whether the batch has no errors (warnings do not stop it).
func (r *Report) OK() bool { return len(r.Errors) == 0 }

// ErrorCount and WarningCount count every issue, including those dropped beyond MaxIssuesPerFile.
func (r *Report) ErrorCount() int {
	n := 0
	for _, f := range r.Files {
		n += f.Errors
	}
	return n
}

// WarningCount: see ErrorCount.
func (r *Report) WarningCount() int {
	n := 0
	for _, f := range r.Files {
		n += f.Warnings
	}
	return n
}

// AddErrors appends errors found later (Batch.CheckReferences) and counts them in the summary.
func (r *Report) AddErrors(issues []Issue) {
	lists := map[string]*issueList{}
	for _, is := range issues {
		r.Errors = append(r.Errors, is)
		r.summary(is.File).Errors++
		l := lists[is.File]
		if l == nil {
			l = &issueList{file: is.File}
			lists[is.File] = l
		}
		if l.kinds == nil {
			l.kinds = map[string]int{}
		}
		l.kinds[is.Column+"\x00"+is.Reason]++
	}
	for _, l := range lists {
		r.ErrorKinds = addKinds(r.ErrorKinds, l)
	}
}

func (r *Report) summary(file string) *FileSummary {
	for i := range r.Files {
		if r.Files[i].Name == file {
			return &r.Files[i]
		}
	}
	r.Files = append(r.Files, FileSummary{Name: file, Rows: -1})
	return &r.Files[len(r.Files)-1]
}

func (r *Report) add(errs, warns *issueList) {
	s := r.summary(errs.file)
	s.Errors += errs.n
	s.Warnings += warns.n
	r.Errors = append(r.Errors, errs.list()...)
	r.Warnings = append(r.Warnings, warns.list()...)
	r.ErrorKinds = addKinds(r.ErrorKinds, errs)
	r.WarningKinds = addKinds(r.WarningKinds, warns)
}

// Text is the full report: a verdict, counts per file, then every error and every warning.
func (r *Report) Text() string {
	var b strings.Builder
	verdict := "OK"
	if !r.OK() {
		verdict = "REFUSED"
	}
	fmt.Fprintf(&b, "batch %s", r.Control)
	if !r.BusinessDate.IsZero() {
		fmt.Fprintf(&b, " (business date %s)", r.BusinessDate)
	}
	if r.Dir != "" {
		fmt.Fprintf(&b, " in %s", r.Dir)
	}
	fmt.Fprintf(&b, ": %s, %s, %s\n\n", verdict, plural(r.ErrorCount(), "error"), plural(r.WarningCount(), "warning"))
	width := len("file")
	for _, f := range r.Files {
		width = max(width, len(f.Name))
	}
	fmt.Fprintf(&b, "%-*s %10s %8s %8s\n", width, "file", "rows", "errors", "warnings")
	for _, f := range r.Files {
		rows := "-"
		if f.Rows >= 0 {
			rows = strconv.Itoa(f.Rows)
		}
		fmt.Fprintf(&b, "%-*s %10s %8d %8d\n", width, f.Name, rows, f.Errors, f.Warnings)
	}
	for _, sec := range []struct {
		title string
		kinds []IssueKind
	}{{"errors by kind", r.ErrorKinds}, {"warnings by kind", r.WarningKinds}} {
		if len(sec.kinds) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n%s:\n", sec.title)
		for i, k := range sec.kinds {
			if i == MaxKindsShown {
				fmt.Fprintf(&b, "… and %d other kinds\n", len(sec.kinds)-i)
				break
			}
			b.WriteString(k.String())
			b.WriteByte('\n')
		}
	}
	if len(r.Errors) > 0 {
		b.WriteString("\nerrors:\n")
		for _, is := range r.Errors {
			b.WriteString(is.String())
			b.WriteByte('\n')
		}
	}
	if len(r.Warnings) > 0 {
		b.WriteString("\nwarnings:\n")
		for _, is := range r.Warnings {
			b.WriteString(is.String())
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
