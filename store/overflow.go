package store

import (
	"fmt"
	"math"
	"math/bits"

	"github.com/steward-bank/steward/ingest"
)

// Every sum the import keeps (a client's monthly volumes, AUM, the running sums of end-of-day balances)
// is added with a check: a sum that would not fit in int64 fen refuses the batch, naming the row that
// would have overflowed it, instead of wrapping to a small or negative figure.

// SumOverflowError refuses a batch one of whose sums would overflow. The pipeline reports it as the row's
// error (FILE:LINE column "value": reason).
type SumOverflowError struct {
	Kind   ingest.Kind // the feed of the row: TXN, INCOME, ACCT
	Line   int         // the row's line in its file; 0 when the sum is not one row's
	Column string      // the row's column whose value is added
	Value  int64       // the value added (fen)
	Sum    string      // what the sum is, e.g. "client C001's purchases of 202611"
}

func (e *SumOverflowError) Error() string {
	return fmt.Sprintf("%s line %d %s %s: %s", e.Kind, e.Line, e.Column, ingest.FormatAmount(e.Value), e.Reason())
}

// Reason is the text of the row's error in the import report.
func (e *SumOverflowError) Reason() string {
	return "would overflow " + e.Sum + " (beyond the largest amount Steward stores); the batch is refused"
}

// addFen returns a+b and whether it fits in int64.
func addFen(a, b int64) (int64, bool) {
	s := a + b
	if (a > 0 && b > 0 && s < 0) || (a < 0 && b < 0 && s >= 0) {
		return 0, false
	}
	return s, true
}

// mulFen returns a×n (n ≥ 0, a number of days) and whether it fits in int64.
func mulFen(a int64, n int64) (int64, bool) {
	if a == math.MinInt64 && n > 1 {
		return 0, false
	}
	neg := a < 0
	if neg {
		a = -a
	}
	hi, lo := bits.Mul64(uint64(a), uint64(n))
	if hi != 0 || lo > math.MaxInt64 {
		return 0, false
	}
	if neg {
		return -int64(lo), true
	}
	return int64(lo), true
}

// rowRef names the row whose value a sum adds.
type rowRef struct {
	kind   ingest.Kind
	line   int
	column string
}

// add adds v to *sum, or records (the first) overflow on the applier, leaving *sum as it was; the step
// loop refuses the batch with it.
func (a *applier) add(sum *int64, v int64, at rowRef, what func() string) {
	s, ok := addFen(*sum, v)
	if !ok {
		a.overflowed(at, v, what)
		return
	}
	*sum = s
}

func (a *applier) overflowed(at rowRef, v int64, what func() string) {
	if a.overflow == nil {
		a.overflow = &SumOverflowError{Kind: at.kind, Line: at.line, Column: at.column, Value: v, Sum: what()}
	}
}
