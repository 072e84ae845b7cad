package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// Instant upgrade applications: who applies, who decides, what is refused, and the audit trail.
func TestInstantUpgradeApplications(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := storetest.Seed(t, s)
		shanghai, _ := time.LoadLocation("Asia/Shanghai")
		s.Now = func() time.Time { return time.Date(2026, 12, 4, 10, 0, 0, 0, shanghai) }
		today := domain.NewDate(2026, 12, 4)
		for _, st := range []domain.Staff{
			{Username: "sup03", Name: "冯主管", Role: domain.RoleSupervisor, OrgID: "OT3"},
			{Username: "om01", Name: "陈行长", Role: domain.RoleOutletManager, OrgID: "OT1"},
		} {
			st.PasswordHash = "x"
			created, err := s.CreateStaff(ctx, st)
			if err != nil {
				t.Fatal(err)
			}
			f.Staff[st.Username] = created
		}
		const maxDays = 183
		good := store.UpgradeRequest{ClientID: "C001", Stars: 5, Until: today.AddDays(90), Reason: "他行理财到期，约80万元下周转入", AmountFen: 80_000_000}
		apply := func(who string, req store.UpgradeRequest) (int64, error) {
			return s.ApplyUpgrade(ctx, f.Staff[who], scopeOf(t, s, f, who), req, maxDays)
		}
		decide := func(who string, id int64, approve bool, reason string) error {
			return s.DecideUpgrade(ctx, f.Staff[who], scopeOf(t, s, f, who), id, approve, reason)
		}

		// Bad input is refused before anything is written.
		bad := []struct {
			name string
			edit func(r *store.UpgradeRequest)
		}{
			{"two stars", func(r *store.UpgradeRequest) { r.Stars = 2 }},
			{"eight stars", func(r *store.UpgradeRequest) { r.Stars = 8 }},
			{"no end date", func(r *store.UpgradeRequest) { r.Until = domain.Date{} }},
			{"end date passed", func(r *store.UpgradeRequest) { r.Until = today.AddDays(-1) }},
			{"beyond the policy's days", func(r *store.UpgradeRequest) { r.Until = today.AddDays(maxDays + 1) }},
			{"no evidence", func(r *store.UpgradeRequest) { r.Reason = "  " }},
			{"a bidirectional override", func(r *store.UpgradeRequest) { r.Reason = "资金\u202e到账" }},
			{"evidence too long", func(r *store.UpgradeRequest) { r.Reason = strings.Repeat("资", store.UpgradeReasonMaxRunes+1) }},
			{"negative amount", func(r *store.UpgradeRequest) { r.AmountFen = -1 }},
		}
		for _, b := range bad {
			req := good
			b.edit(&req)
			if _, err := apply("rm01", req); !errors.Is(err, store.ErrInvalid) {
				t.Errorf("%s: %v, want ErrInvalid", b.name, err)
			}
		}
		// The wrong persons: another client's manager (who does not see it), a client manager on an
		// unassigned client they only read, a teller, a supervisor.
		for _, c := range []struct {
			who, client string
			want        error
		}{
			{"rm02", "C001", domain.ErrNotFound},
			{"rm01", "C002", domain.ErrNotFound},
			{"rm01", "C003", store.ErrNotAllowed},
			{"teller01", "C001", store.ErrNotAllowed},
			{"sup01", "C001", store.ErrNotAllowed},
		} {
			req := good
			req.ClientID = c.client
			if _, err := apply(c.who, req); !errors.Is(err, c.want) {
				t.Errorf("%s applies for %s: %v, want %v", c.who, c.client, err, c.want)
			}
		}

		id, err := apply("rm01", good)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := apply("rm01", good); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("a second waiting application: %v, want ErrInvalid", err)
		}
		waiting, err := s.WaitingUpgrades(ctx, scopeOf(t, s, f, "sup01"))
		if err != nil || len(waiting) != 1 || waiting[0].ID != id || waiting[0].ApplicantName != "钱经理" || waiting[0].AmountFen != 80_000_000 ||
			waiting[0].Until != good.Until || waiting[0].State != store.UpgradePending {
			t.Fatalf("sup01's waiting applications: %+v, %v", waiting, err)
		}
		if other, err := s.WaitingUpgrades(ctx, scopeOf(t, s, f, "sup03")); err != nil || len(other) != 0 {
			t.Errorf("another outlet's supervisor sees %+v, %v", other, err)
		}

		// The wrong deciders: a teller, the applicant, another outlet's supervisor (who does not see it),
		// another client manager.
		for _, c := range []struct {
			who  string
			want error
		}{
			{"teller01", store.ErrNotAllowed},
			{"lobby01", store.ErrNotAllowed},
			{"rm01", store.ErrNotAllowed},
			{"sup03", domain.ErrNotFound},
			{"rm02", domain.ErrNotFound},
		} {
			if err := decide(c.who, id, true, "同意"); !errors.Is(err, c.want) {
				t.Errorf("%s approves: %v, want %v", c.who, err, c.want)
			}
		}
		if err := decide("sup01", id, false, ""); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("a rejection without a reason: %v, want ErrInvalid", err)
		}
		if err := decide("sup01", id, false, "未见资金证明"); err != nil {
			t.Fatal(err)
		}
		if err := decide("sup01", id, true, ""); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("approving a rejected application: %v, want ErrInvalid", err)
		}
		list, err := s.ClientUpgrades(ctx, scopeOf(t, s, f, "rm01"), "C001", 10)
		if err != nil || len(list) != 1 || list[0].State != store.UpgradeRejected || list[0].DeciderName != "赵主管" ||
			list[0].DecisionReason != "未见资金证明" || list[0].DecidedAt.IsZero() {
			t.Fatalf("C001's applications after the rejection: %+v, %v", list, err)
		}
		if _, ok, err := s.InstantFloor(ctx, scopeOf(t, s, f, "rm01"), "C001", today); ok || err != nil {
			t.Errorf("a rejected application holds a floor: %v, %v", ok, err)
		}
		// A teller sees the application, not the evidence about the client's money.
		if seen, err := s.ClientUpgrades(ctx, scopeOf(t, s, f, "teller01"), "C001", 10); err != nil || len(seen) != 1 ||
			seen[0].Reason != "" || seen[0].AmountFen != 0 || seen[0].DecisionReason != "" || seen[0].Stars != 5 {
			t.Errorf("a teller reads %+v, %v", seen, err)
		}

		// Applied again, approved by the outlet manager: the floor holds up to its end date.
		id2, err := apply("rm01", good)
		if err != nil {
			t.Fatal(err)
		}
		if err := decide("om01", id2, true, ""); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			on   domain.Date
			want bool
		}{{today, true}, {good.Until, true}, {good.Until.AddDays(1), false}} {
			u, ok, err := s.InstantFloor(ctx, scopeOf(t, s, f, "rm01"), "C001", c.on)
			if err != nil || ok != c.want || (ok && (u.ID != id2 || u.Stars != 5 || u.DeciderName != "陈行长")) {
				t.Errorf("floor on %s: %+v, %v, %v; want in force %v", c.on, u, ok, err, c.want)
			}
		}
		if _, ok, err := s.InstantFloor(ctx, scopeOf(t, s, f, "rm02"), "C001", today); ok || err != nil {
			t.Errorf("another client manager reads the floor: %v, %v", ok, err)
		}
		for _, action := range []string{store.AuditUpgradeApply, store.AuditUpgradeDecide} {
			evs, err := s.AuditEvents(ctx, store.AuditFilter{Action: action, ObjectID: "C001"})
			if err != nil || len(evs) != 2 {
				t.Errorf("audit %s: %d events, %v; want 2", action, len(evs), err)
			}
		}
	})
}
