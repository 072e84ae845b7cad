package web

import (
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// The supervisor's view of the team's week: each member's tasks by day, and next week's plan of each
// client manager against schedule.week_plan_min (5): rm01 with five tasks planned is not marked, rm02
// with none is. A client manager asking for the team's week gets their own.
func TestTeamSchedule(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		sup, rm01 := e.fx.Staff["sup01"], e.fx.Staff["rm01"]
		supScope := access.Scope{Reach: access.ReachOutlet, StaffID: sup.ID, OrgID: "OT1"}
		today := domain.Today(time.Now())
		monday := weekOf(today)
		visit := monday.AddDays(2)
		if visit.Before(today) {
			visit = today // a due date is today or later
		}
		if _, err := st.AssignTask(ctx, sup, supScope, store.NewTask{AssigneeID: rm01.ID, ClientID: "C001", Kind: "visit", Due: visit,
			Priority: 1, Note: "上门拜访张伟"}); err != nil {
			t.Fatal(err)
		}
		for i := range 5 {
			if _, err := st.AssignTask(ctx, sup, supScope, store.NewTask{AssigneeID: rm01.ID, Kind: "call", Due: monday.AddDays(7 + i%5),
				Priority: 1, Note: "下周电话"}); err != nil {
				t.Fatal(err)
			}
		}
		b := e.login("sup01")
		if body := b.get("/calendar").Body.String(); !strings.Contains(body, `id="team-week"`) {
			t.Error("no switch to the team's week")
		}
		body := b.get("/calendar?team=1&week=" + today.String()).Body.String()
		i := strings.Index(body, `id="team-week"`)
		if i < 0 {
			t.Fatal("no team week")
		}
		week := body[i:]
		if !strings.Contains(week, rm01.Name) || !strings.Contains(week, "拜访: 上门拜访张伟") {
			t.Errorf("rm01's visit is not on the team's week")
		}
		plan := body[strings.Index(body, `id="plan-list"`):i]
		rows := strings.Split(plan, `<tr class="plan-row`)
		var rm01Row, rm02Row string
		for _, r := range rows {
			switch {
			case strings.Contains(r, rm01.Name):
				rm01Row = r
			case strings.Contains(r, e.fx.Staff["rm02"].Name):
				rm02Row = r
			}
		}
		if !strings.Contains(rm01Row, ">5<") || strings.Contains(rm01Row, "short") {
			t.Errorf("rm01's plan row: %s", rm01Row)
		}
		if !strings.Contains(rm02Row, "short") || !strings.Contains(rm02Row, "未安排") {
			t.Errorf("rm02's plan row: %s", rm02Row)
		}
		if body := e.login("rm01").get("/calendar?team=1").Body.String(); strings.Contains(body, `id="plan-list"`) {
			t.Error("a client manager sees the team's schedule")
		}
	})
}
