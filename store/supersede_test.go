package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/steward-bank/steward/alerts"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/rating"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// A maturity reminds at 30, 7 and 1 days: each nearer reminder closes the earlier ones still open, so one
// maturity is one line of the day list. Another account's maturity, and another maturity of the same
// account, are left alone.
func TestNearerReminderSupersedesEarlier(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		ctx := context.Background()
		today := domain.Today(time.Now())
		maturity := today.AddDays(30)
		pol := policy.Default()
		rr, err := rating.New(pol)
		if err != nil {
			t.Fatal(err)
		}
		ar, err := alerts.New(pol, rr)
		if err != nil {
			t.Fatal(err)
		}
		remind := func(day domain.Date, account string, on domain.Date) {
			t.Helper()
			a, ok := ar.Maturity("C001", account, "TD1Y", 50_000_000, on, day)
			if !ok {
				t.Fatalf("no reminder for %s on %s", on, day)
			}
			if _, err := s.RaiseAlerts(ctx, day, []store.AlertRow{{Alert: a, OutletID: "OT1",
				Assignee: alerts.Assignee{StaffID: f.Staff["rm01"].ID, Role: domain.RoleRM}, RaisedOn: day,
				Deadline: time.Now().Add(48 * time.Hour)}}); err != nil {
				t.Fatal(err)
			}
		}
		remind(today, "A002", maturity)
		remind(today, "A009", maturity)
		remind(today, "A002", maturity.AddDays(-10))
		remind(today.AddDays(23), "A002", maturity) // the 7-day reminder
		states := map[string]string{}
		rows, err := s.DB().QueryContext(ctx, `SELECT fact_key, state, outcome FROM alerts`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var k, st, out string
			if err := rows.Scan(&k, &st, &out); err != nil {
				t.Fatal(err)
			}
			states[k] = st + " " + out
		}
		rows.Close()
		for k, want := range map[string]string{
			"A002:" + maturity.String() + ":30":              "closed superseded",
			"A002:" + maturity.String() + ":7":               "new ",
			"A009:" + maturity.String() + ":30":              "new ",
			"A002:" + maturity.AddDays(-10).String() + ":30": "new ",
		} {
			if got := states[k]; got != want {
				t.Errorf("%s: %q, want %q (all: %v)", k, got, want, states)
			}
		}
	})
}
