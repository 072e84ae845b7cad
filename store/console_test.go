package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/steward-bank/steward/alerts"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// consoleAlertIDs are the client and rule of each alert of a page, in order, with the page's total.
func consoleAlertIDs(page store.AlertPage) (out []string) {
	for _, a := range page.Items {
		out = append(out, a.ClientID+"/"+a.Rule)
	}
	return append(out, fmt.Sprint(page.Total))
}

// The console's reads: the key-focus clients' open alerts and the last week's large movements of the
// supervisor's outlet, and its unassigned clients by tier, each within the caller's scope and with the
// whole list's count.
func TestConsoleReads(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := storetest.Seed(t, s)
		d := domain.NewDate
		today := d(2026, 12, 4)
		// C005 is a second unassigned client of OT1, and C006 an unassigned one of OT3.
		if err := s.PutClients(ctx, []domain.Client{
			{ClientID: "C005", Name: "杨洁", IDType: "02", IDNumber: "E00000005", OutletID: "OT1", OpenDate: d(2019, 1, 1), Status: "normal"},
			{ClientID: "C006", Name: "黄磊", IDType: "02", IDNumber: "E00000006", OutletID: "OT3", OpenDate: d(2019, 1, 1), Status: "normal"},
		}); err != nil {
			t.Fatal(err)
		}
		if err := s.RecomputeAUM(ctx); err != nil {
			t.Fatal(err)
		}
		for id, tier := range map[string]string{"C001": "T3", "C003": "T3", "C004": "T4", "C006": "T5"} {
			rotExec(t, s, "INSERT INTO client_ratings (client_id, rated_on, tier) VALUES (?, ?, ?)", id, d(2026, 11, 30), tier)
		}
		// C001 (OT1) and C004 (OT3) are key-focus clients.
		rotExec(t, s, "UPDATE clients SET key_focus = ? WHERE client_id IN ('C001', 'C004')", true)
		raise := func(client, outlet string, rule alerts.Rule, key string, raised domain.Date) {
			t.Helper()
			if _, err := s.RaiseAlerts(ctx, raised, []store.AlertRow{{Alert: alerts.Alert{ClientID: client, Rule: rule, Key: key,
				Due: raised, Severity: alerts.Warn}, OutletID: outlet, Assignee: alerts.Assignee{Role: domain.RoleRM}, RaisedOn: raised,
				Deadline: raised.Time().Add(48 * time.Hour)}}); err != nil {
				t.Fatal(err)
			}
		}
		raise("C001", "OT1", alerts.RuleMaturity, "m1", today)
		raise("C001", "OT1", alerts.RuleLargeMovement, "txn:1", today.AddDays(-2))
		raise("C002", "OT1", alerts.RuleMovedOut, "txn:2", today.AddDays(-6))
		raise("C002", "OT1", alerts.RuleLargeMovement, "txn:3", today.AddDays(-8)) // older than a week
		raise("C003", "OT1", alerts.RuleBirthday, "b1", today)
		raise("C004", "OT3", alerts.RuleLargeMovement, "txn:4", today) // another outlet
		raise("C004", "OT3", alerts.RuleMaturity, "m4", today)
		// A closed key-focus alert is not listed.
		raise("C001", "OT1", alerts.RuleBirthday, "b2", today)
		rotExec(t, s, "UPDATE alerts SET state = 'closed' WHERE fact_key = 'b2'")

		sup := f.Staff["sup01"]
		sc := scopeOf(t, s, f, "sup01")
		kf, err := s.KeyFocusAlerts(ctx, sc, sup, store.AlertFilter{Sort: "rule"})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := consoleAlertIDs(kf), []string{"C001/large_movement", "C001/maturity", "2"}; !slices.Equal(got, want) {
			t.Errorf("key-focus alerts of OT1 = %v, want %v", got, want)
		}
		// The count is the whole list's, not the page's.
		kf, err = s.KeyFocusAlerts(ctx, sc, sup, store.AlertFilter{Sort: "rule", Limit: 1, Offset: 1})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := consoleAlertIDs(kf), []string{"C001/maturity", "2"}; !slices.Equal(got, want) {
			t.Errorf("key-focus alerts' second page = %v, want %v", got, want)
		}
		mv, err := s.LargeMovements(ctx, sc, sup, today.AddDays(-6), store.AlertFilter{Sort: "raised"})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := consoleAlertIDs(mv), []string{"C001/large_movement", "C002/moved_out", "2"}; !slices.Equal(got, want) {
			t.Errorf("large movements of OT1 in the week = %v, want %v", got, want)
		}
		mv, err = s.LargeMovements(ctx, sc, sup, today.AddDays(-6), store.AlertFilter{Rule: string(alerts.RuleMovedOut)})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := consoleAlertIDs(mv), []string{"C002/moved_out", "1"}; !slices.Equal(got, want) {
			t.Errorf("moved-out alerts of OT1 in the week = %v, want %v", got, want)
		}
		if _, err := s.LargeMovements(ctx, sc, sup, today, store.AlertFilter{Rule: "nonsense"}); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("an unknown rule: %v, want ErrInvalid", err)
		}
		// rm01's scope (their book and the unassigned) sees only C001's and C003's alerts, whatever outlet
		// the staff record passed claims.
		rmScope := scopeOf(t, s, f, "rm01")
		mv, err = s.LargeMovements(ctx, rmScope, sup, today.AddDays(-6), store.AlertFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := consoleAlertIDs(mv), []string{"C001/large_movement", "1"}; !slices.Equal(got, want) {
			t.Errorf("large movements in rm01's scope = %v, want %v", got, want)
		}

		un, err := s.UnassignedByTier(ctx, sc, "OT1")
		if err != nil {
			t.Fatal(err)
		}
		if got, want := fmt.Sprint(un), "[{T3 1 0} { 1 0}]"; got != want {
			t.Errorf("unassigned clients of OT1 by tier = %s, want %s", got, want)
		}
		// The supervisor's scope is the outlet: another outlet's unassigned clients are not counted.
		if un, err = s.UnassignedByTier(ctx, sc, "OT3"); err != nil || len(un) != 0 {
			t.Errorf("OT3's unassigned clients in sup01's scope = %v, %v; want none", un, err)
		}
		un, err = s.UnassignedByTier(ctx, scopeOf(t, s, f, "admin"), "OT3")
		if err != nil {
			t.Fatal(err)
		}
		if got, want := fmt.Sprint(un), "[{T5 1 0}]"; got != want {
			t.Errorf("unassigned clients of OT3 for the administrator = %s, want %s", got, want)
		}
	})
}
