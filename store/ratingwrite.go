package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/domain"
)

// HistoryEntry is a line of a client's rating history: a change of stars or tier, or a downgrade
// warning, with its reason code (rating.ReasonCode, or tier_up / tier_down) and the figures behind it.
type HistoryEntry struct {
	ClientID                         string
	On                               domain.Date
	Occasion                         string // nightly, monthly or instant (an instant upgrade approved)
	Reason                           string
	FromContribution, ToContribution int
	FromService, ToService           int
	FromTier, ToTier                 string
	StarPoints                       int64 // hundredths
	Below                            int
	// FromStage and ToStage are the life-cycle stages of a "lifecycle" line.
	FromStage, ToStage string
	// BelowStars, on a downgrade warning, names the held stars the figures are below
	// (rating.Reason.BelowStars: contribution, service, both); "" otherwise.
	BelowStars string
	// On an "instant" line (an instant upgrade approved): the application, the end date of its floor and
	// who approved it (read back by ClientRatingHistory; the passes write none).
	UpgradeID    int64
	UpgradeUntil domain.Date
	UpgradeBy    string
}

// RatingRun identifies a rating run: the nightly pass of a business date (Key = YYYYMMDD) or the
// monthly re-rating of a month (Key = YYYYMM).
type RatingRun struct {
	Kind    string // nightly or monthly
	Key     int
	On      domain.Date
	Clients int
	Changed int
	Elapsed time.Duration
}

// RunKey returns the key of a nightly run on date d.
func RunKey(d domain.Date) int { return d.Year()*10000 + int(d.Month())*100 + d.Day() }

// ErrRunDone reports that a rating run was already recorded.
var ErrRunDone = errors.New("this rating run has already been applied")

// RatingRunDone reports whether the run (kind, key) is recorded.
func (s *Store) RatingRunDone(ctx context.Context, kind string, key int) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, s.Rebind("SELECT count(*) FROM rating_runs WHERE kind = ? AND run_key = ?"), kind, key).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("read rating runs: %w", err)
	}
	return n > 0, nil
}

// LastRatingRun returns the latest run of kind (its key, 0 when none).
func (s *Store) LastRatingRun(ctx context.Context, kind string) (RatingRun, error) {
	r := RatingRun{Kind: kind}
	var ms int64
	err := s.db.QueryRowContext(ctx, s.Rebind(`SELECT run_key, on_date, clients, changed, elapsed_ms FROM rating_runs
		WHERE kind = ? ORDER BY run_key DESC LIMIT 1`), kind).Scan(&r.Key, &r.On, &r.Clients, &r.Changed, &ms)
	if errors.Is(err, sql.ErrNoRows) {
		return r, nil
	}
	if err != nil {
		return r, fmt.Errorf("read rating runs: %w", err)
	}
	r.Elapsed = time.Duration(ms) * time.Millisecond
	return r, nil
}

// SaveRatings writes a run's results in one transaction: the clients' rows, their history and the run's
// record (refused with ErrRunDone when the run is already recorded). A nightly run also drops the list
// of clients its batch touched.
func (s *Store) SaveRatings(ctx context.Context, run RatingRun, rows []*RatingRow, hist []HistoryEntry) error {
	chunks := make(chan []*RatingRow, 1)
	chunks <- rows
	close(chunks)
	end := make(chan RatingStreamEnd, 1)
	end <- RatingStreamEnd{Run: run, Hist: hist}
	return s.SaveRatingStream(ctx, run.Kind, run.Key, RatingStream{Rows: chunks, End: end})
}

// RatingStream is a run's results, handed to SaveRatingStream while the run still computes them.
type RatingStream struct {
	// Rows are the clients' new rows in client id order, a chunk at a time; closed after the last.
	Rows <-chan []*RatingRow
	// End follows: the run's record and what was known only once every client was assessed, or the
	// error that ends the run (then nothing is saved).
	End <-chan RatingStreamEnd
}

// RatingStreamEnd closes a RatingStream.
type RatingStreamEnd struct {
	Run  RatingRun
	Hist []HistoryEntry
	// Segments are the rows' matrix quadrants and 80/20 flags that differ from those the rows carried
	// when streamed (the outlet's ranking needs all its clients first).
	Segments []SegmentChange
	Err      error
}

// SegmentChange is a client's matrix quadrant and 80/20 flag, set by a monthly re-rating.
type SegmentChange struct {
	ClientID  string
	Matrix    string
	ParetoTop bool
}

// SaveRatingStream is SaveRatings for results that arrive while the run computes them: the rows are
// written as they come, in one transaction with the rest, so that the save (SQLite's work, on one core)
// overlaps the rules (on the others). It reads the stream to its end whatever happens.
func (s *Store) SaveRatingStream(ctx context.Context, kind string, key int, in RatingStream) error {
	defer func() {
		for range in.Rows { // a producer never blocks on a save that stopped early
		}
	}()
	cols := strings.Fields(strings.ReplaceAll(ratingColumns, ",", " "))
	set := make([]string, 0, len(cols)-1)
	for _, c := range cols[1:] {
		set = append(set, c+" = excluded."+c)
	}
	// On SQLite the rows are bound in C on the transaction's connection.
	return s.connTx(ctx, func(tx *sql.Tx, conn *sql.Conn) error {
		var n int
		if err := tx.QueryRowContext(ctx, s.Rebind("SELECT count(*) FROM rating_runs WHERE kind = ? AND run_key = ?"),
			kind, key).Scan(&n); err != nil {
			return fmt.Errorf("read rating runs: %w", err)
		}
		if n > 0 {
			return fmt.Errorf("%s rating %d: %w", kind, key, ErrRunDone)
		}
		up := s.newPackedBulk(tx, conn, "client ratings", "INSERT INTO client_ratings ("+ratingColumns+") VALUES ",
			"ON CONFLICT (client_id) DO UPDATE SET "+strings.Join(set, ", "), len(cols))
		for chunk := range in.Rows {
			for _, r := range chunk {
				if err := up.queueRow(ctx, r); err != nil {
					return err
				}
			}
		}
		if err := up.close(ctx); err != nil {
			return err
		}
		end := <-in.End
		if end.Err != nil {
			return end.Err
		}
		run := end.Run
		if run.Kind != kind || run.Key != key {
			return fmt.Errorf("rating run %s %d ended as %s %d", kind, key, run.Kind, run.Key)
		}
		seg := s.newUpdater(tx, "client segments", "client_ratings", "client_id:text", "matrix:text", "pareto_top:boolean")
		seg.packOn(conn, seg.table, seg.bindOrder(), len(seg.bindOrder())-1)
		for _, c := range end.Segments {
			if err := seg.add(ctx, c.ClientID, c.Matrix, c.ParetoTop); err != nil {
				return err
			}
		}
		if err := seg.close(ctx); err != nil {
			return err
		}
		h := s.newPackedBulk(tx, conn, "rating history", `INSERT INTO rating_history (client_id, on_date, occasion, reason, from_contribution,
			to_contribution, from_service, to_service, from_tier, to_tier, star_points, below_count, from_stage, to_stage, below_stars) VALUES `, "", 15)
		for _, e := range end.Hist {
			if err := h.add(ctx, e.ClientID, e.On, e.Occasion, e.Reason, e.FromContribution, e.ToContribution, e.FromService,
				e.ToService, e.FromTier, e.ToTier, e.StarPoints, e.Below, e.FromStage, e.ToStage, e.BelowStars); err != nil {
				return err
			}
		}
		if err := h.close(ctx); err != nil {
			return err
		}
		if run.Kind == "nightly" {
			if _, err := tx.ExecContext(ctx, s.Rebind("DELETE FROM batch_touched WHERE business_date <= ?"), run.On); err != nil {
				return fmt.Errorf("drop the touched clients of %s: %w", run.On, err)
			}
		}
		_, err := tx.ExecContext(ctx, s.Rebind(`INSERT INTO rating_runs (kind, run_key, on_date, clients, changed, elapsed_ms, finished_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`), run.Kind, run.Key, run.On, run.Clients, run.Changed, run.Elapsed.Milliseconds(), s.now())
		if err != nil {
			return fmt.Errorf("record the %s rating %d: %w", run.Kind, run.Key, err)
		}
		return nil
	})
}

// Recheck returns the clients whose rising average reaches their next star by date d (recheck_on ≤ d).
func (s *Store) Recheck(ctx context.Context, d domain.Date) ([]string, error) {
	var ids []string
	err := s.scanAll(ctx, s.Rebind("SELECT client_id FROM client_ratings WHERE recheck_on <= ?"), func(scan func(...any) error) error {
		var id string
		if err := scan(&id); err != nil {
			return err
		}
		ids = append(ids, id)
		return nil
	}, d)
	if err != nil {
		return nil, fmt.Errorf("clients to recheck on %s: %w", d, err)
	}
	return ids, nil
}

// ClientRating returns a client's stored rating within the caller's scope; ok is false when the client
// was never rated (or is outside the scope).
func (s *Store) ClientRating(ctx context.Context, sc access.Scope, clientID string) (RatingRow, bool, error) {
	cond, args := sightCond(sc)
	var r RatingRow
	cols := "r." + strings.ReplaceAll(strings.Join(strings.Fields(ratingColumns), " "), ", ", ", r.")
	row := s.db.QueryRowContext(ctx, s.Rebind("SELECT "+cols+" FROM client_ratings r JOIN clients c ON c.client_id = r.client_id WHERE r.client_id = ? AND "+cond),
		append([]any{clientID}, args...)...)
	err := scanRating(row.Scan, &r)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	if err != nil {
		return r, false, fmt.Errorf("rating of client %s: %w", clientID, err)
	}
	return r, true, nil
}

// ClientRatingHistory returns a client's rating history, newest first, within the caller's scope.
func (s *Store) ClientRatingHistory(ctx context.Context, sc access.Scope, clientID string, limit int) ([]HistoryEntry, error) {
	cond, args := sightCond(sc)
	var out []HistoryEntry
	err := s.scanAll(ctx, s.Rebind(`SELECT h.client_id, h.on_date, h.occasion, h.reason, h.from_contribution, h.to_contribution,
		h.from_service, h.to_service, h.from_tier, h.to_tier, h.star_points, h.below_count, h.from_stage, h.to_stage, h.below_stars,
		COALESCE(h.upgrade_id, 0), u.until_date, COALESCE(d.name, '')
		FROM rating_history h JOIN clients c ON c.client_id = h.client_id
		LEFT JOIN upgrade_applications u ON u.upgrade_id = h.upgrade_id LEFT JOIN staff d ON d.staff_id = u.decider_id
		WHERE h.client_id = ? AND `+cond+`
		ORDER BY h.on_date DESC, h.history_id DESC LIMIT ?`), func(scan func(...any) error) error {
		var e HistoryEntry
		var until sql.Null[domain.Date]
		if err := scan(&e.ClientID, &e.On, &e.Occasion, &e.Reason, &e.FromContribution, &e.ToContribution, &e.FromService,
			&e.ToService, &e.FromTier, &e.ToTier, &e.StarPoints, &e.Below, &e.FromStage, &e.ToStage, &e.BelowStars,
			&e.UpgradeID, &until, &e.UpgradeBy); err != nil {
			return err
		}
		e.UpgradeUntil = until.V
		if sc.Masked {
			e.StarPoints = 0 // star points follow the balances a masked view does not see
		}
		out = append(out, e)
		return nil
	}, append(append([]any{clientID}, args...), limit)...)
	if err != nil {
		return nil, fmt.Errorf("rating history of client %s: %w", clientID, err)
	}
	return out, nil
}

// ImportedDates returns the business dates of the applied batches from from to to (either zero: no
// bound), in order.
func (s *Store) ImportedDates(ctx context.Context, from, to domain.Date) ([]domain.Date, error) {
	q, args := "SELECT business_date FROM import_batches WHERE 1 = 1", []any{}
	if !from.IsZero() {
		q, args = q+" AND business_date >= ?", append(args, from)
	}
	if !to.IsZero() {
		q, args = q+" AND business_date <= ?", append(args, to)
	}
	var out []domain.Date
	err := s.scanAll(ctx, s.Rebind(q+" ORDER BY business_date"), func(scan func(...any) error) error {
		var d domain.Date
		if err := scan(&d); err != nil {
			return err
		}
		out = append(out, d)
		return nil
	}, args...)
	if err != nil {
		return nil, fmt.Errorf("read the import log: %w", err)
	}
	return out, nil
}
