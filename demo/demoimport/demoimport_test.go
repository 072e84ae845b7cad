package demoimport_test

import (
	"context"
	"testing"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/demo/demotest"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// The demo bank gets its staff, books and life details after the first batch and before the night's
// passes, as a bank that starts on Steward: the first day is rated once the managers exist, every open
// alert and rule-made task of a client with a manager is that manager's, the first manager's day list
// holds alerts and contact tasks, and the lunar birthdays staff recorded are the ones alerted.
func TestRunGivesBooksBeforeTheNightsPasses(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		demotest.Build(t, st, 1000, "Demo@2026")
		dates, err := st.ImportedDates(ctx, domain.Date{}, domain.Date{})
		if err != nil || len(dates) < 2 {
			t.Fatalf("imported dates %v, %v", dates, err)
		}
		if done, err := st.RatingRunDone(ctx, "nightly", store.RunKey(dates[0])); err != nil || !done {
			t.Errorf("the first business date %s was not rated (%v, %v)", dates[0], done, err)
		}
		db := st.DB()
		count := func(q string, args ...any) int {
			t.Helper()
			var n int
			if err := db.QueryRowContext(ctx, st.Rebind(q), args...).Scan(&n); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			return n
		}
		if n := count(`SELECT COUNT(*) FROM alerts a JOIN clients c ON c.client_id = a.client_id
			WHERE c.rm_id IS NOT NULL AND a.state <> 'closed' AND (a.assignee_id IS NULL OR a.assignee_id <> c.rm_id)
			AND a.assignee_role = 'supervisor'`); n != 0 {
			t.Errorf("%d open alerts of clients with a manager are held by the supervisors", n)
		}
		if n := count(`SELECT COUNT(*) FROM tasks k JOIN clients c ON c.client_id = k.client_id
			WHERE c.rm_id IS NOT NULL AND k.state = 'open' AND k.source = 'rule' AND (k.assignee_id IS NULL OR k.assignee_id <> c.rm_id)
			AND k.assignee_role = 'supervisor'`); n != 0 {
			t.Errorf("%d open rule-made tasks of clients with a manager are held by the supervisors", n)
		}
		var rm01 int64
		if err := db.QueryRowContext(ctx, st.Rebind(`SELECT staff_id FROM staff WHERE username = ?`), "rm01").Scan(&rm01); err != nil {
			t.Fatal(err)
		}
		if n := count(`SELECT COUNT(*) FROM alerts WHERE assignee_id = ? AND state <> 'closed'`, rm01); n == 0 {
			t.Error("rm01 holds no open alert")
		}
		if n := count(`SELECT COUNT(*) FROM tasks WHERE assignee_id = ? AND state = 'open' AND source = 'rule'`, rm01); n == 0 {
			t.Error("rm01 holds no contact task")
		}
		// Staff record which clients celebrate the lunar birthday; the night's passes that come after
		// greet those on the lunar date, never on the solar one.
		if n := count(`SELECT COUNT(*) FROM alerts a JOIN clients c ON c.client_id = a.client_id WHERE c.lunar_birthday = TRUE
			AND a.rule = 'birthday' AND a.fact_key LIKE 'client:%' AND a.figures NOT LIKE '%"Lunar":true%'`); n != 0 {
			t.Errorf("%d solar birthday alerts of clients who celebrate the lunar one: the life details came after the night's passes", n)
		}
		if n := count(`SELECT COUNT(*) FROM alerts WHERE rule = 'birthday' AND figures LIKE '%"Lunar":true%'`); n == 0 {
			t.Error("no lunar birthday raised an alert")
		}
	})
}

// The demo leaves sup01 a morning's approvals: rm01's requests for unassigned clients, rm01's instant
// upgrade application, and the draft handover of rm02's T3 clients; each through the use case a page calls.
func TestLeaveWaitingForTheSupervisor(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		demotest.Build(t, st, 2000, "Demo@2026")
		sup, err := st.StaffByUsername(ctx, "sup01")
		if err != nil {
			t.Fatal(err)
		}
		org, err := st.Org(ctx, sup.OrgID)
		if err != nil {
			t.Fatal(err)
		}
		sc := access.ScopeFor(sup, org)
		if reqs, err := st.PendingRequests(ctx, sc, sup); err != nil || len(reqs) == 0 {
			t.Errorf("sup01 has no relationship request waiting (%v)", err)
		} else {
			for _, r := range reqs {
				if r.StaffName == "" || r.State != "open" {
					t.Errorf("request %+v", r)
				}
			}
		}
		if ups, err := st.WaitingUpgrades(ctx, sc); err != nil || len(ups) != 1 {
			t.Errorf("sup01's instant upgrades waiting: %d (%v), want 1", len(ups), err)
		}
		plans, err := st.RotationPlans(ctx, store.Actor{Staff: sup, Org: org, Scope: sc})
		if err != nil || len(plans) != 1 || plans[0].State != "draft" {
			t.Fatalf("sup01's rotation plans: %+v (%v), want one draft", plans, err)
		}
	})
}
