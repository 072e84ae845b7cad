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
	ctx := context.Background()
	s, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "plan.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	rows, err := s.db.QueryContext(ctx, "EXPLAIN QUERY PLAN "+purchasesQuery, "C001", 10)
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
	if !strings.Contains(strings.Join(plan, "\n"), "USING INDEX transactions_client_purchases") {
		t.Errorf("the time line's purchases do not read the partial index; plan:\n%s", strings.Join(plan, "\n"))
	}
}
