package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/steward-bank/steward/access"
)

// BookSummary is a person's book in numbers: clients in scope, their total AUM, and how they spread over
// asset bands.
type BookSummary struct {
	Clients    int
	Unassigned int
	AUM        int64 // fen
	// Bands[i] counts the clients with bounds[i-1] ≤ AUM < bounds[i] (band 0 below bounds[0], the last band
	// at or above the last bound); BandAUM sums their AUM.
	Bands   []int
	BandAUM []int64
}

// BookFilter narrows a book summary within the caller's scope.
type BookFilter struct {
	// RMID, when set, counts only the clients this member of staff is responsible for (an RM's own book).
	RMID int64
	// Unassigned counts only the clients with no responsible client manager.
	Unassigned bool
}

// BookSummary counts the clients in scope and spreads them over the asset bands that start at each of
// bounds (fen, ascending; the tier minimums of the policy), in one scoped pass.
func (s *Store) BookSummary(ctx context.Context, sc access.Scope, bounds []int64) (BookSummary, error) {
	return s.BookSummaryOf(ctx, sc, BookFilter{}, bounds)
}

// BookSummaryOf is BookSummary of the clients in scope that f selects: a client manager's own book apart
// from the outlet's unassigned clients they may read.
func (s *Store) BookSummaryOf(ctx context.Context, sc access.Scope, f BookFilter, bounds []int64) (BookSummary, error) {
	if f.RMID != 0 && f.Unassigned {
		return BookSummary{}, fmt.Errorf("book summary: %w: a client manager's book and the unassigned clients are apart", ErrInvalid)
	}
	for i := 1; i < len(bounds); i++ {
		if bounds[i] <= bounds[i-1] {
			return BookSummary{}, fmt.Errorf("book summary: band bounds must ascend, got %v", bounds)
		}
	}
	cond, scopeArgs := scopeCond(sc)
	var cols []string
	var args []any
	band := func(lo, hi *int64) {
		var test string
		switch {
		case lo == nil:
			test = "m.aum < ?"
			args = append(args, *hi, *hi)
		case hi == nil:
			test = "m.aum >= ?"
			args = append(args, *lo, *lo)
		default:
			test = "m.aum >= ? AND m.aum < ?"
			args = append(args, *lo, *hi, *lo, *hi)
		}
		cols = append(cols, "COALESCE(sum(CASE WHEN "+test+" THEN 1 ELSE 0 END), 0)",
			"COALESCE(sum(CASE WHEN "+test+" THEN m.aum ELSE 0 END), 0)")
	}
	for i := 0; i <= len(bounds); i++ {
		var lo, hi *int64
		if i > 0 {
			lo = &bounds[i-1]
		}
		if i < len(bounds) {
			hi = &bounds[i]
		}
		if lo == nil && hi == nil {
			cols = append(cols, "count(*)", "COALESCE(sum(m.aum), 0)")
			continue
		}
		band(lo, hi)
	}
	switch {
	case f.RMID != 0:
		cond += " AND c.rm_id = ?"
		scopeArgs = append(scopeArgs, f.RMID)
	case f.Unassigned:
		cond += " AND c.rm_id IS NULL"
	}
	q := "SELECT count(*), COALESCE(sum(CASE WHEN c.rm_id IS NULL THEN 1 ELSE 0 END), 0), COALESCE(sum(m.aum), 0), " +
		strings.Join(cols, ", ") + " FROM clients c JOIN client_aum m ON m.client_id = c.client_id WHERE " + cond
	out := BookSummary{Bands: make([]int, len(bounds)+1), BandAUM: make([]int64, len(bounds)+1)}
	dest := []any{&out.Clients, &out.Unassigned, &out.AUM}
	for i := range out.Bands {
		dest = append(dest, &out.Bands[i], &out.BandAUM[i])
	}
	if err := s.db.QueryRowContext(ctx, s.Rebind(q), append(args, scopeArgs...)...).Scan(dest...); err != nil {
		return out, fmt.Errorf("book summary: %w", err)
	}
	if sc.Masked {
		// No AUM figure reaches a masked view, not even a band's sum: a band of one client is that client.
		out.AUM = 0
		clear(out.BandAUM)
	}
	return out, nil
}
