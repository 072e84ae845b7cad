package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestPurchasesQueryUsesPartialIndex checks that the time line's purchases are read through the partial
// index of migration 0013 (a change of the query's condition would silently scan every transaction).
func TestPurchasesQueryUsesPartialIndex(t *testing.T) {
	s := planStore(t)
	if plan := queryPlan(t, s, purchasesQuery, "C001", 10); !strings.Contains(plan, "USING INDEX transactions_client_purchases") {
		t.Errorf("the time line's purchases do not read the partial index; plan:\n%s", plan)
	}
}

// planStore is an empty, migrated SQLite store, closed when the test ends.
func planStore(t *testing.T) *Store {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "plan.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}

// queryPlan is SQLite's plan of query, a line a step.
func queryPlan(t *testing.T, s *Store, query string, args ...any) string {
	t.Helper()
	rows, err := s.db.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(plan, "\n")
}

// TestRatingReadsPlans checks that the monthly re-rating reads its large tables in client id order
// without sorting them (their keys, or a covering index, give that order), the closed months a month or a
// year at a time, and that the import reads a client's accumulator rows by their keys.
func TestRatingReadsPlans(t *testing.T) {
	s := planStore(t)
	for _, c := range []struct{ query, want string }{
		{openBalancesRead + " ORDER BY client_id", "SCAN balances_open"},
		{closedBalancesRead + " WHERE quarter = ? AND client_id >= ? AND client_id < ? ORDER BY client_id",
			"SEARCH balances_closed USING PRIMARY KEY (quarter=? AND client_id>? AND client_id<?)"},
		{openVolumesRead + " ORDER BY client_id", "SCAN volumes_open"},
		{closedVolumesRead + " WHERE year = ? ORDER BY client_id", "SEARCH volumes_closed USING PRIMARY KEY (year=?)"},
		{accountsRead + " ORDER BY client_id", "SCAN accounts USING COVERING INDEX accounts_client"},
		{"SELECT " + ratingColumns + " FROM client_ratings ORDER BY client_id", "SCAN client_ratings"},
		{"SELECT client_id, aum FROM client_aum ORDER BY client_id", "SCAN client_aum"},
	} {
		args := []any{20261, "C1", "C9"}[:strings.Count(c.query, "?")]
		plan := queryPlan(t, s, c.query, args...)
		if !strings.Contains(plan, c.want) || strings.Contains(plan, "TEMP B-TREE") {
			t.Errorf("%s: plan\n%s\nwant %q without a sort", c.query, plan, c.want)
		}
	}
	// The import's keyed reads (applier.lookup): one statement a key, by the key.
	for _, c := range []struct{ query, want string }{
		{"SELECT client_id, month, accounts FROM balances_open WHERE client_id = ?", "SEARCH balances_open USING PRIMARY KEY (client_id=?)"},
		{"SELECT client_id, months FROM volumes_open WHERE client_id = ?", "SEARCH volumes_open USING PRIMARY KEY (client_id=?)"},
		{"SELECT client_id, months FROM balances_closed WHERE quarter = 20261 AND client_id = ?", "SEARCH balances_closed USING PRIMARY KEY (quarter=? AND client_id=?)"},
		{"SELECT client_id, months FROM volumes_closed WHERE year = 2026 AND client_id = ?", "SEARCH volumes_closed USING PRIMARY KEY (year=? AND client_id=?)"},
		{"SELECT account_id, client_id FROM accounts WHERE account_id = ?", "SEARCH accounts USING INDEX sqlite_autoindex_accounts_1 (account_id=?)"},
	} {
		args := []any{"C1", "A1"}[:strings.Count(c.query, "?")]
		if plan := queryPlan(t, s, c.query, args...); !strings.Contains(plan, c.want) {
			t.Errorf("%s: plan\n%s\nwant %q", c.query, plan, c.want)
		}
	}
}

// TestClientListByAUMPlans: the whole bank's client list sorted by AUM walks the AUM index of client_aum
// (migration 0015) and stops at the page's end; an outlet's reads the outlet's clients by their index.
func TestClientListByAUMPlans(t *testing.T) {
	s := planStore(t)
	page := func(where string) string {
		// SearchClients' shape: the row's columns, the outlet's name, the RM's, the rating's.
		return `SELECT c.client_id, c.name, c.mobile, o.name, COALESCE(st.name, ''), m.aum, c.open_date, c.status,
			COALESCE(r.tier, '') FROM clients c JOIN client_aum m ON m.client_id = c.client_id JOIN orgs o ON o.org_id = c.outlet_id
			LEFT JOIN staff st ON st.staff_id = c.rm_id LEFT JOIN client_ratings r ON r.client_id = c.client_id
			WHERE ` + where + ` ORDER BY m.aum DESC, c.client_id DESC LIMIT 51`
	}
	if plan := queryPlan(t, s, page("1 = 1")); !strings.Contains(plan, "SCAN m USING COVERING INDEX client_aum_aum") {
		t.Errorf("the whole bank by AUM: plan\n%s\nwant a walk of client_aum_aum", plan)
	}
	if plan := queryPlan(t, s, page("c.outlet_id IN (?, ?)"), "OT1", "OT2"); !strings.Contains(plan, "c USING INDEX clients_outlet_name (outlet_id=?)") {
		t.Errorf("two outlets by AUM: plan\n%s\nwant the outlets' clients by clients_outlet_name", plan)
	}
}
