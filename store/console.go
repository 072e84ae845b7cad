package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/alerts"
	"github.com/steward-bank/steward/domain"
)

// Reads of the supervisor's console (DOMAIN.md §6, the supervisor's routine): the key-focus clients'
// alerts, the large movements of the outlet's clients, and the outlet's unassigned clients by tier. Each
// applies the caller's scope in its query, as every list of client data does.

// MovementRules are the rules of the console's large movements: 大额变动 and 他行转出.
var MovementRules = []string{string(alerts.RuleLargeMovement), string(alerts.RuleMovedOut)}

// KeyFocusAlerts lists the alerts of the key-focus clients (clients.key_focus) of st's outlet within the
// caller's scope, filtered, ordered and paged by f (open ones unless f.State says otherwise), with the
// count of the whole list. The outlet is st's: f.Team and f.KeyFocus are set here.
func (s *Store) KeyFocusAlerts(ctx context.Context, sc access.Scope, st domain.Staff, f AlertFilter) (AlertPage, error) {
	f.Team, f.KeyFocus = true, true
	page, err := s.ListAlerts(ctx, sc, st, f)
	if err != nil {
		return page, fmt.Errorf("key-focus clients' alerts of outlet %s: %w", st.OrgID, err)
	}
	return page, nil
}

// LargeMovements lists the large-movement and moved-out alerts (MovementRules) of the clients of st's
// outlet within the caller's scope raised on or after since, filtered, ordered and paged by f (open ones
// unless f.State says otherwise; f.Rule narrows to one of the two), with the count of the whole list.
func (s *Store) LargeMovements(ctx context.Context, sc access.Scope, st domain.Staff, since domain.Date, f AlertFilter) (AlertPage, error) {
	f.Team, f.Rules, f.RaisedFrom = true, MovementRules, since
	page, err := s.ListAlerts(ctx, sc, st, f)
	if err != nil {
		return page, fmt.Errorf("large movements of outlet %s since %s: %w", st.OrgID, since, err)
	}
	return page, nil
}

// TierCount is a number of clients of one tier (the rating's, client_ratings.tier; "" for clients not
// yet rated) and their AUM in fen.
type TierCount struct {
	Tier    string
	Clients int
	AUM     int64
}

// UnassignedByTier counts the clients of outlet without a client manager within the caller's scope, by
// the rating's tier (the tier the client list filters by, so that each count is what its link lists),
// highest tier first and the unrated last. AUM is zero in a masked scope.
func (s *Store) UnassignedByTier(ctx context.Context, sc access.Scope, outlet string) ([]TierCount, error) {
	cond, args := scopeCond(sc)
	var out []TierCount
	err := s.scanAll(ctx, s.Rebind(`SELECT COALESCE(r.tier, ''), count(*), COALESCE(sum(m.aum), 0) FROM clients c
		LEFT JOIN client_ratings r ON r.client_id = c.client_id LEFT JOIN client_aum m ON m.client_id = c.client_id
		WHERE c.outlet_id = ? AND c.rm_id IS NULL AND `+cond+` GROUP BY COALESCE(r.tier, '')`), func(scan func(...any) error) error {
		var t TierCount
		if err := scan(&t.Tier, &t.Clients, &t.AUM); err != nil {
			return err
		}
		if sc.Masked {
			t.AUM = 0
		}
		out = append(out, t)
		return nil
	}, append([]any{outlet}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("unassigned clients of outlet %s by tier: %w", outlet, err)
	}
	// Highest tier first (T5 … T1), the unrated last.
	rank := func(t string) int {
		if t == "" {
			return 99
		}
		return -int(t[len(t)-1])
	}
	slices.SortFunc(out, func(a, b TierCount) int { return rank(a.Tier) - rank(b.Tier) })
	return out, nil
}
