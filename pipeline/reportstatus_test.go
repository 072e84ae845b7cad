package pipeline

import (
	"testing"
	"time"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
)

// Every outcome line the import writes is read back by ParseOutcome with its facts, so that the imports
// page can put each one in words; a line of another form is unknown, never misread.
func TestParseOutcomeReadsWhatImportWrites(t *testing.T) {
	d, last := domain.NewDate(2026, 11, 23), domain.NewDate(2026, 11, 24)
	refused := func(reason string) string { return "REFUSED: " + reason }
	for _, c := range []struct {
		line string
		want ReportStatus
	}{
		{appliedLine(1234*time.Millisecond, 400*time.Millisecond, 100*time.Millisecond, 700*time.Millisecond),
			ReportStatus{Outcome: ReportApplied, Elapsed: 1234 * time.Millisecond}},
		{appliedLine(46*time.Millisecond, 3*time.Millisecond, 4*time.Millisecond, 35*time.Millisecond),
			ReportStatus{Outcome: ReportApplied, Elapsed: 46 * time.Millisecond}},
		{alreadyLine, ReportStatus{Outcome: ReportAlready}},
		{refused(errorsReason(12)), ReportStatus{Outcome: ReportRefused, Errors: 12}},
		{refused(duplicatesReason(3)), ReportStatus{Outcome: ReportRefused, Duplicates: 3}},
		{refused((&store.BatchOrderError{Date: d, Last: last}).Error()),
			ReportStatus{Outcome: ReportRefused, Order: &store.BatchOrderError{Date: d, Last: last}}},
		{refused((&store.BatchOrderError{Date: d, Last: d, SameDate: true}).Error()),
			ReportStatus{Outcome: ReportRefused, Order: &store.BatchOrderError{Date: d, Last: d, SameDate: true}}},
		{"REFUSED: something new", ReportStatus{Outcome: ReportRefused}},
		{"half a line", ReportStatus{Outcome: ReportUnknown}},
	} {
		got := ParseOutcome(c.line)
		if got.Outcome != c.want.Outcome || got.Elapsed != c.want.Elapsed || got.Errors != c.want.Errors ||
			got.Duplicates != c.want.Duplicates || (got.Order == nil) != (c.want.Order == nil) ||
			(got.Order != nil && *got.Order != *c.want.Order) || got.Line != c.line {
			t.Errorf("ParseOutcome(%q) = %+v, want %+v", c.line, got, c.want)
		}
	}
}
