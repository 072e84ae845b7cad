package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/rating"
)

// RecordObservation records a teller's observation at the counter (rating.TellerObservations: another
// bank's VIP card, asked about wealth products, an upmarket address) for a client the caller may change
// (ErrReadOnly for one they only read), or withdraws it (on = false). The client's potential score follows
// at once; the audit log keeps who.
func (s *Store) RecordObservation(ctx context.Context, sc access.Scope, actor int64, clientID, signal string, on bool, day domain.Date) error {
	sg, ok := rating.SignalOf(signal)
	if !ok || sg&rating.TellerObservations == 0 {
		return fmt.Errorf("observation %q on client %s: not a teller observation: %w", signal, clientID, ErrInvalid)
	}
	return s.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.editableClient(ctx, tx, sc, clientID); err != nil {
			return err // ErrReadOnly for a client the caller only reads
		}
		var err error
		if on {
			_, err = tx.ExecContext(ctx, s.Rebind(`INSERT INTO client_signals (client_id, signal, source, seen_on, recorded_by)
				VALUES (?, ?, 'teller', ?, ?) ON CONFLICT (client_id, signal, source) DO UPDATE SET seen_on = excluded.seen_on,
				recorded_by = excluded.recorded_by`), clientID, signal, day, actor)
		} else {
			_, err = tx.ExecContext(ctx, s.Rebind("DELETE FROM client_signals WHERE client_id = ? AND signal = ? AND source = 'teller'"),
				clientID, signal)
		}
		if err != nil {
			return fmt.Errorf("observation on client %s: %w", clientID, err)
		}
		var sig int64
		err = tx.QueryRowContext(ctx, s.Rebind("SELECT potential_signals FROM client_ratings WHERE client_id = ?"), clientID).Scan(&sig)
		if err == nil {
			now := rating.Signals(sig) &^ sg
			if on {
				now |= sg
			}
			if _, err := tx.ExecContext(ctx, s.Rebind("UPDATE client_ratings SET potential_signals = ?, potential = ? WHERE client_id = ?"),
				int64(now), rating.PotentialScore(now), clientID); err != nil {
				return fmt.Errorf("potential of client %s: %w", clientID, err)
			}
		} else if err != sql.ErrNoRows {
			return fmt.Errorf("potential of client %s: %w", clientID, err)
		}
		action := "observed"
		if !on {
			action = "withdrew"
		}
		return s.appendAudit(ctx, tx, domain.AuditEvent{ActorID: actor, Action: domain.AuditClientUpdate, ObjectType: "client",
			ObjectID: clientID, Detail: fmt.Sprintf(`{%q:%q}`, action, signal)})
	})
}

// TellerObservations returns the observations recorded for a client in the caller's scope.
func (s *Store) TellerObservations(ctx context.Context, sc access.Scope, clientID string) (rating.Signals, error) {
	cond, args := sightCond(sc)
	var out rating.Signals
	err := s.scanAll(ctx, s.Rebind(`SELECT g.signal FROM client_signals g JOIN clients c ON c.client_id = g.client_id
		WHERE g.client_id = ? AND g.source = 'teller' AND `+cond), func(scan func(...any) error) error {
		var code string
		if err := scan(&code); err != nil {
			return err
		}
		sg, _ := rating.SignalOf(code)
		out |= sg
		return nil
	}, append([]any{clientID}, args...)...)
	if err != nil {
		return 0, fmt.Errorf("observations of client %s: %w", clientID, err)
	}
	return out, nil
}

// OutletStats are the rating figures of the clients of one outlet in the caller's scope.
type OutletStats struct {
	Clients     int
	ByStars     map[int]int    // service stars → clients
	ByTier      map[string]int // tier → clients
	AUMByTier   map[string]int64
	ByLifecycle map[string]int
	ByMatrix    map[string]int
	VitalFew    int
	Near        int
	Warned      int
	// Curve is the 80/20 curve: the share of clients (x, ‰) against the cumulative share of
	// contribution (y, ‰), largest contributors first, at most about 200 points.
	Curve [][2]int
}

// OutletStats reads the rating figures of an outlet's clients within the caller's scope.
func (s *Store) OutletStats(ctx context.Context, sc access.Scope, outletID string) (OutletStats, error) {
	cond, args := scopeCond(sc)
	st := OutletStats{ByStars: map[int]int{}, ByTier: map[string]int{}, AUMByTier: map[string]int64{}, ByLifecycle: map[string]int{},
		ByMatrix: map[string]int{}}
	var contrib []int64
	err := s.scanAll(ctx, s.Rebind(`SELECT r.service_stars, r.tier, m.aum, r.lifecycle, r.matrix, r.pareto_top, r.near_upgrade,
		r.downgrade_warning, r.contribution FROM client_ratings r JOIN clients c ON c.client_id = r.client_id
		JOIN client_aum m ON m.client_id = c.client_id
		WHERE c.outlet_id = ? AND `+cond), func(scan func(...any) error) error {
		var stars int
		var tier, life, matrix string
		var aum, value int64
		var top, near, warned bool
		if err := scan(&stars, &tier, &aum, &life, &matrix, &top, &near, &warned, &value); err != nil {
			return err
		}
		st.Clients++
		st.ByStars[stars]++
		st.ByTier[tier]++
		st.AUMByTier[tier] += aum
		if life != "" {
			st.ByLifecycle[life]++
		}
		if matrix != "" {
			st.ByMatrix[matrix]++
		}
		for _, f := range []struct {
			on bool
			n  *int
		}{{top, &st.VitalFew}, {near, &st.Near}, {warned, &st.Warned}} {
			if f.on {
				*f.n++
			}
		}
		if value > 0 {
			contrib = append(contrib, value)
		}
		return nil
	}, append([]any{outletID}, args...)...)
	if err != nil {
		return st, fmt.Errorf("rating figures of outlet %s: %w", outletID, err)
	}
	st.Curve = paretoCurve(contrib, st.Clients)
	if sc.Masked {
		// No AUM figure reaches a masked view, not even a tier's sum: a tier of one client is that client.
		clear(st.AUMByTier)
	}
	return st, nil
}

// paretoCurve returns the cumulative contribution share (‰) of the largest contributors against their
// share of all n clients (‰).
func paretoCurve(values []int64, n int) [][2]int {
	if n == 0 {
		return nil
	}
	slices.SortFunc(values, func(a, b int64) int { return int(min(max(b-a, -1), 1)) })
	var total float64 // a chart's points: float is fine for drawing, never for money
	for _, v := range values {
		total += float64(v)
	}
	step := max(n/200, 1)
	out := [][2]int{{0, 0}}
	var cum float64
	for i := 0; i < n; i++ {
		if i < len(values) {
			cum += float64(values[i])
		}
		if (i+1)%step == 0 || i == n-1 {
			y := 1000
			if total > 0 {
				y = int(cum / total * 1000)
			}
			out = append(out, [2]int{(i + 1) * 1000 / n, y})
		}
	}
	return out
}
