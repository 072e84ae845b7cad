package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// An RM reads their own past diaries by date (read-only); the supervisor reads the outlet team's diaries
// of a day and each member's by date; an RM cannot open the team's, and another outlet's supervisor finds
// none of this outlet's.
func TestTeamDiaryPages(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		e := newEnv(t, st)
		hash, err := auth.HashPassword(storetest.Password, storetest.CheapParams)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.CreateStaff(ctx, domain.Staff{Username: "sup03", Name: "冯主管", Role: domain.RoleSupervisor, OrgID: "OT3", PasswordHash: hash}); err != nil {
			t.Fatal(err)
		}
		rm01 := e.fx.Staff["rm01"].ID
		today := domain.Today(time.Now())
		yesterday := today.AddDays(-1)
		if err := st.SaveDiary(ctx, rm01, yesterday, "走访张伟，理财到期转存", "约李娜面谈"); err != nil {
			t.Fatal(err)
		}
		rm := e.login("rm01")
		wantStatus(t, rm.post("/diary", url.Values{"summary": {"今日电话回访三位客户"}, "plan": {"明日拜访王芳"}}), http.StatusSeeOther, "save today's diary")
		page := rm.get("/diary").Body.String()
		if !strings.Contains(page, `id="diary-form"`) || !strings.Contains(page, `href="/diary?day=`+yesterday.String()+`"`) {
			t.Error("rm01's diary page lacks today's form or the link to yesterday's diary")
		}
		past := rm.get("/diary?day=" + yesterday.String())
		wantStatus(t, past, http.StatusOK, "yesterday's diary")
		if body := past.Body.String(); strings.Contains(body, `id="diary-form"`) || !strings.Contains(body, "走访张伟，理财到期转存") {
			t.Error("rm01's diary of yesterday is not shown read-only with its note")
		}
		wantStatus(t, rm.get("/diary?day="+today.AddDays(1).String()), http.StatusBadRequest, "a diary of tomorrow")
		wantStatus(t, rm.get("/team/diaries"), http.StatusForbidden, "an RM opening the team's diaries")
		wantStatus(t, rm.get("/team/diaries?staff="+itoa64(e.fx.Staff["rm02"].ID)), http.StatusForbidden, "an RM opening a fellow RM's diary")

		sup := e.login("sup01")
		if !strings.Contains(sup.get("/").Body.String(), `href="/team/diaries"`) || strings.Contains(rm.get("/").Body.String(), `href="/team/diaries"`) {
			t.Error("the home page's link to the team's diaries is not the supervisor's alone")
		}
		team := sup.get("/team/diaries")
		wantStatus(t, team, http.StatusOK, "the team's diaries")
		if body := team.Body.String(); !strings.Contains(body, `data-staff-id="`+itoa64(rm01)+`"`) || !strings.Contains(body, "今日电话回访三位客户") ||
			!strings.Contains(body, "明日拜访王芳") || strings.Contains(body, "周经理") {
			t.Error("sup01's team diaries lack rm01's note and plan of today, or show OT3's rm03")
		}
		one := sup.get("/team/diaries?staff=" + itoa64(rm01) + "&day=" + yesterday.String())
		wantStatus(t, one, http.StatusOK, "rm01's diary of yesterday, read by sup01")
		if body := one.Body.String(); !strings.Contains(body, "钱经理 的工作日志") || !strings.Contains(body, "约李娜面谈") {
			t.Error("sup01 does not read rm01's diary of yesterday")
		}
		wantStatus(t, sup.get("/team/diaries?staff="+itoa64(e.fx.Staff["rm03"].ID)), http.StatusNotFound, "sup01 opening OT3's rm03")
		if ev, err := st.AuditEvents(ctx, store.AuditFilter{Action: store.AuditDiaryRead, ActorID: e.fx.Staff["sup01"].ID}); err != nil || len(ev) < 2 {
			t.Errorf("sup01's reads of the diaries audited %d times (%v)", len(ev), err)
		}

		other := e.login("sup03")
		wantStatus(t, other.get("/team/diaries?staff="+itoa64(rm01)), http.StatusNotFound, "another outlet's supervisor opening rm01's diary")
		if body := other.get("/team/diaries").Body.String(); strings.Contains(body, "今日电话回访三位客户") || strings.Contains(body, "钱经理") {
			t.Error("another outlet's supervisor sees rm01 among the team's diaries")
		}
	})
}
