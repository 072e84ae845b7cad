package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// The time line keeps every fact apart for the pages to name: a contact's outcome code and its next step
// (not joined in one string), a supervisor's task's kind beside its note, and a rating change's values
// before and after, the contribution stars for a change of those and the stages for a lifecycle change.
func TestTimelineKeepsFactsApart(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		ctx := context.Background()
		rm01 := f.Staff["rm01"]
		sc := scopeOf(t, s, f, "rm01")
		if _, err := s.LogContact(ctx, sc, rm01.ID, store.Contact{ClientID: "C001", Channel: "phone", Outcome: "reached",
			Note: "考虑续存", NextStep: "带产品资料上门"}); err != nil {
			t.Fatal(err)
		}
		day := domain.NewDate(2026, 10, 1)
		if _, err := s.DB().ExecContext(ctx, s.Rebind(`INSERT INTO tasks (client_id, assignee_id, assignee_role, outlet_id, source, kind, title,
			due_on, priority, created_at) VALUES ('C001', ?, 'rm', 'OT1', 'supervisor', 'visit', '一同拜访', ?, 2, ?)`), rm01.ID, day, time.Now().UTC()); err != nil {
			t.Fatal(err)
		}
		for _, h := range []struct {
			on     domain.Date
			reason string
		}{{day.AddDays(-1), "contribution_up"}, {day.AddDays(-2), "lifecycle"}, {day.AddDays(-3), "tier_up"}} {
			if _, err := s.DB().ExecContext(ctx, s.Rebind(`INSERT INTO rating_history (client_id, on_date, occasion, reason, from_contribution,
				to_contribution, from_service, to_service, from_tier, to_tier, star_points, from_stage, to_stage)
				VALUES ('C001', ?, 'nightly', ?, 2, 4, 3, 3, 'T2', 'T3', 0, 'active', 'dormant')`), h.on, h.reason); err != nil {
				t.Fatal(err)
			}
		}
		tl, err := s.Timeline(ctx, sc, "C001", 20)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]store.TimelineEntry{}
		for _, e := range tl {
			got[e.Kind+" "+e.Code] = e
		}
		if c := got["contact phone"]; c.Detail != "reached" || c.NextStep != "带产品资料上门" || c.Text != "考虑续存" {
			t.Errorf("contact %+v: want outcome reached and the next step apart", c)
		}
		if k := got["task open"]; k.TaskKind != "visit" || k.Text != "一同拜访" {
			t.Errorf("task %+v: want kind visit and its note", k)
		}
		for key, want := range map[string][2]string{"rating contribution_up": {"2", "4"}, "rating lifecycle": {"active", "dormant"}, "rating tier_up": {"T2", "T3"}} {
			if e := got[key]; e.From != want[0] || e.To != want[1] || e.Text != want[0]+"→"+want[1] {
				t.Errorf("%s: %+v, want %s→%s", key, e, want[0], want[1])
			}
		}
	})
}
