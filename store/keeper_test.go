package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/steward-bank/steward/alerts"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// A client raised alerts while it had no client manager: they went to the supervisors. Assigning it hands
// its open alerts and rule-made tasks to the manager (not the supervisor's own task, not a closed alert);
// moving it to another manager moves them again; leaving it without one gives them back to the supervisors.
// A first assignment of the whole book does the same for every client at once.
func TestAssignedClientsWorkFollowsTheManager(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		ctx := context.Background()
		day := domain.Today(time.Now())
		sup := f.Staff["sup01"]
		pool := alerts.Assignee{Role: domain.RoleSupervisor}
		row := func(key string) store.AlertRow {
			return store.AlertRow{Alert: alerts.Alert{ClientID: "C003", Rule: alerts.RuleMaturity, Key: key, Due: day.AddDays(7),
				Severity: alerts.Warn}, OutletID: "OT1", Assignee: pool, RaisedOn: day, Deadline: time.Now().Add(48 * time.Hour)}
		}
		if n, err := s.RaiseAlerts(ctx, day, []store.AlertRow{row("open"), row("closed")}); err != nil || n != 2 {
			t.Fatalf("raise: %d %v", n, err)
		}
		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := s.DB().ExecContext(ctx, s.Rebind(q), args...); err != nil {
				t.Fatal(err)
			}
		}
		exec(`UPDATE alerts SET state = 'closed' WHERE fact_key = 'closed'`)
		for _, src := range []string{"rule", "supervisor"} {
			exec(`INSERT INTO tasks (client_id, assignee_id, assignee_role, outlet_id, source, title, due_on, priority, state, created_at)
				VALUES ('C003', NULL, 'supervisor', 'OT1', ?, ?, ?, 1, 'open', ?)`, src, src, day, time.Now().UTC())
		}
		holders := func() map[string]string {
			t.Helper()
			out := map[string]string{}
			for _, q := range []string{
				`SELECT fact_key, COALESCE(assignee_id, 0), assignee_role FROM alerts WHERE client_id = 'C003'`,
				`SELECT source, COALESCE(assignee_id, 0), assignee_role FROM tasks WHERE client_id = 'C003'`,
			} {
				rows, err := s.DB().QueryContext(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				for rows.Next() {
					var k, role string
					var id int64
					if err := rows.Scan(&k, &id, &role); err != nil {
						t.Fatal(err)
					}
					out[k] = role
					for name, st := range f.Staff {
						if st.ID == id {
							out[k] = name
						}
					}
				}
				rows.Close()
			}
			return out
		}
		want := func(stage string, w map[string]string) {
			t.Helper()
			got := holders()
			for k, v := range w {
				if got[k] != v {
					t.Errorf("%s: %s is held by %q, want %q", stage, k, got[k], v)
				}
			}
		}
		scope := scopeOf(t, s, f, "sup01")
		if err := s.AssignRM(ctx, scope, sup.ID, "C003", f.Staff["rm01"].ID, "rotation"); err != nil {
			t.Fatal(err)
		}
		want("assigned to rm01", map[string]string{"open": "rm01", "closed": "supervisor", "rule": "rm01", "supervisor": "supervisor"})
		// rm01's own follow-up of a contact: it goes with the client too.
		exec(`INSERT INTO tasks (client_id, assignee_id, assignee_role, outlet_id, source, title, due_on, priority, state, created_at)
			VALUES ('C003', ?, 'rm', 'OT1', 'contact', 'follow-up', ?, 1, 'open', ?)`, f.Staff["rm01"].ID, day, time.Now().UTC())
		if err := s.AssignRM(ctx, scope, sup.ID, "C003", f.Staff["rm02"].ID, "rebalance"); err != nil {
			t.Fatal(err)
		}
		want("moved to rm02", map[string]string{"open": "rm02", "closed": "supervisor", "rule": "rm02", "supervisor": "supervisor", "contact": "rm02"})
		if err := s.AssignRM(ctx, scope, sup.ID, "C003", 0, "left"); err != nil {
			t.Fatal(err)
		}
		want("left without a manager", map[string]string{"open": "supervisor", "rule": "supervisor", "supervisor": "supervisor", "contact": "supervisor"})
		// The first assignment of a whole book.
		if err := s.AssignInitial(ctx, map[string]int64{"C003": f.Staff["rm01"].ID}, store.ReasonInitialAssignment); err != nil {
			t.Fatal(err)
		}
		want("first assignment", map[string]string{"open": "rm01", "closed": "supervisor", "rule": "rm01", "supervisor": "supervisor"})
	})
}
