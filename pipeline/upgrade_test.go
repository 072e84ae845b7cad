package pipeline

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/rating"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// An approved instant upgrade raises the client's service stars at once and holds them through the
// nightly passes and the monthly re-rating up to its end date; after it the figures count alone again:
// the stars are not lowered at once, the client is warned, and the grace period runs as for any client.
// The explanation and the history name the floor and its approver while it holds.
func TestInstantUpgradeFloor(t *testing.T) {
	first, last := domain.NewDate(2026, 1, 1), domain.NewDate(2026, 3, 1)
	dir := ratingBank(t, first, last, []string{"A9|C5|DEP|CNY|500.00|20220101||active"}, map[string][]string{
		"20260120": {"A9|C5|DEP|CNY|600.00|20220101||active"}, // touches C5 while the floor holds
		"20260225": {"A9|C5|DEP|CNY|700.00|20220101||active"}, // and after it ended
	})
	rules, err := rating.New(policy.Default())
	if err != nil {
		t.Fatal(err)
	}
	var before, after []string
	for d := first; !d.After(last); d = d.AddDays(1) {
		b := filepath.Join(dir, fmt.Sprintf("BATCH_%04d%02d%02d", d.Year(), d.Month(), d.Day()))
		if d.After(domain.NewDate(2026, 1, 15)) {
			after = append(after, b)
		} else {
			before = append(before, b)
		}
	}
	all := access.Scope{Reach: access.ReachAll}
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		opts := Options{ReportDir: filepath.Join(t.TempDir(), "reports"), Rules: rules}
		if _, err := Import(ctx, st, before, opts); err != nil {
			t.Fatal(err)
		}
		if r := ratingOf(t, st, "C5"); r.Service != rating.PreStar {
			t.Fatalf("C5 before the application: %d service stars, want pre-star", r.Service)
		}
		staff := map[string]domain.Staff{}
		for _, s := range []domain.Staff{{Username: "rm01", Name: "钱经理", Role: domain.RoleRM}, {Username: "sup01", Name: "赵主管", Role: domain.RoleSupervisor}} {
			s.OrgID, s.PasswordHash = "OT1", "x"
			if staff[s.Username], err = st.CreateStaff(ctx, s); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.AssignInitial(ctx, map[string]int64{"C5": staff["rm01"].ID}, store.ReasonInitialAssignment); err != nil {
			t.Fatal(err)
		}
		org, err := st.Org(ctx, "OT1")
		if err != nil {
			t.Fatal(err)
		}
		scope := func(u string) access.Scope { return access.ScopeFor(staff[u], org) }
		shanghai, _ := time.LoadLocation("Asia/Shanghai")
		st.Now = func() time.Time { return time.Date(2026, 1, 15, 10, 0, 0, 0, shanghai) }
		until := domain.NewDate(2026, 2, 20)
		id, err := st.ApplyUpgrade(ctx, staff["rm01"], scope("rm01"), store.UpgradeRequest{ClientID: "C5", Stars: 5, Until: until,
			Reason: "他行理财到期，约200万元本周转入", AmountFen: 200_000_000}, rules.Policy().Rating.InstantUpgradeMaxDays)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.DecideUpgrade(ctx, staff["sup01"], scope("sup01"), id, true, "资金证明已核实"); err != nil {
			t.Fatal(err)
		}
		// At once: the stars, the history line and the explanation.
		if r := ratingOf(t, st, "C5"); r.Service != 5 {
			t.Fatalf("C5 after the approval: %d service stars, want 5", r.Service)
		}
		h := history(t, st, "C5")
		got := h[len(h)-1]
		if got.Reason != string(rating.ReasonInstant) || got.Occasion != "instant" || got.On != domain.NewDate(2026, 1, 15) ||
			got.FromService != 1 || got.ToService != 5 || got.UpgradeUntil != until || got.UpgradeBy != "赵主管" {
			t.Fatalf("history line of the approval: %+v", got)
		}
		d, err := st.Client(ctx, all, "C5")
		if err != nil {
			t.Fatal(err)
		}
		card, err := Card(ctx, st, rules, all, d)
		if err != nil {
			t.Fatal(err)
		}
		if card.InstantUpgrade == nil || card.InstantUpgrade.Text["zh"] != "即时升级：至 2026-02-20 保持 五星（赵主管批准）" || card.ServiceStars != 5 {
			t.Fatalf("card: %+v, instant upgrade %+v", card, card.InstantUpgrade)
		}

		if _, err := Import(ctx, st, after, opts); err != nil {
			t.Fatal(err)
		}
		// The nightly pass of Jan 20 and the re-rating of February keep the five stars without a warning;
		// after Feb 20 the figures are below them: the nightly pass of Feb 25 warns, the re-rating of
		// March counts the first month of the grace period and keeps the stars.
		var lines []string
		for _, e := range history(t, st, "C5") {
			if e.On.After(domain.NewDate(2026, 1, 15)) && e.Reason != ReasonLifecycle && e.Reason != "tier_up" && e.Reason != "tier_down" {
				lines = append(lines, e.On.String()+" "+e.Reason)
			}
		}
		want := []string{"2026-02-25 " + string(rating.ReasonBelowDaily), "2026-03-01 " + string(rating.ReasonGrace)}
		if len(lines) != len(want) || lines[0] != want[0] || lines[1] != want[1] {
			t.Errorf("history after the approval: %q, want %q", lines, want)
		}
		if r := ratingOf(t, st, "C5"); r.Service != 5 || r.Below != 1 || !r.Warning {
			t.Errorf("C5 after March's re-rating: service %d, below %d, warning %v; want 5, 1, true", r.Service, r.Below, r.Warning)
		}
		st.Now = func() time.Time { return time.Date(2026, 2, 21, 10, 0, 0, 0, shanghai) }
		if card, err = Card(ctx, st, rules, all, d); err != nil || card.InstantUpgrade != nil {
			t.Errorf("card after the end date: instant upgrade %+v, %v", card.InstantUpgrade, err)
		}
	})
}
