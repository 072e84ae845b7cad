package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// The follow-up pages: only supervisors and outlet managers reach them; a maturing unassigned client is
// assigned in place through the assignment use case, a reason required; the lists export.
func TestConsoleFollowPages(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		ctx := context.Background()
		today := domain.Today(time.Now())
		if err := st.PutAccounts(ctx, []domain.Account{{AccountID: "M1", ClientID: "C003", ProductCode: "WM01", Currency: "CNY",
			Balance: 8_000_000, BalanceCNY: 8_000_000, OpenDate: today.AddDays(-180), MaturityDate: today, Status: "active"}}); err != nil {
			t.Fatal(err)
		}
		for _, who := range []string{"rm01", "teller01", "lobby01"} {
			b := e.login(who)
			for _, path := range []string{"/console/maturing", "/console/intent", "/console/referrals", "/console/maturing/export/csv"} {
				wantStatus(t, b.get(path), http.StatusForbidden, who+" GET "+path)
			}
			wantStatus(t, b.post("/console/maturing/C003/rm", url.Values{"rm": {"rm01"}, "reason": {"到期跟进"}}), http.StatusForbidden, who+" assigns")
		}
		sup := e.login("sup01")
		rec := sup.get("/console/maturing")
		wantStatus(t, rec, http.StatusOK, "maturing page")
		body := rec.Body.String()
		if !strings.Contains(body, `action="/console/maturing/C003/rm"`) || !strings.Contains(body, "王芳") {
			t.Fatalf("maturing page without C003's assign form: %s", body)
		}
		wantStatus(t, sup.post("/console/maturing/C003/rm", url.Values{"rm": {"rm01"}}), http.StatusBadRequest, "no reason")
		rec = sup.post("/console/maturing/C003/rm", url.Values{"rm": {"rm01"}, "reason": {"到期跟进"}, "back": {"console"}})
		wantStatus(t, rec, http.StatusSeeOther, "assign in place")
		if loc := rec.Header().Get("Location"); loc != "/console?flash=rm#maturing" {
			t.Errorf("back to %q", loc)
		}
		if c, err := st.Client(ctx, access.Scope{Reach: access.ReachAll}, "C003"); err != nil || c.RMID != e.fx.Staff["rm01"].ID {
			t.Errorf("C003 after the assignment: rm %d, %v", c.RMID, err)
		}
		body = sup.get("/console/maturing").Body.String()
		if strings.Contains(body, `action="/console/maturing/C003/rm"`) || !strings.Contains(body, "钱经理") {
			t.Errorf("C003 still assignable, or its manager not shown: %s", body)
		}
		rec = sup.get("/console/maturing/export/csv?unassigned=1")
		wantStatus(t, rec, http.StatusOK, "export")
		if strings.Contains(rec.Body.String(), "王芳") {
			t.Error("the unassigned export lists the assigned C003")
		}
		rec = sup.get("/console/maturing/export/csv")
		if !strings.Contains(rec.Body.String(), "王芳") || !strings.Contains(rec.Body.String(), "80000.00") {
			t.Errorf("maturing export: %s", rec.Body.String())
		}
		for _, path := range []string{"/console/intent", "/console/referrals?today=1&state=overdue", "/console/intent/export/xlsx"} {
			wantStatus(t, sup.get(path), http.StatusOK, path)
		}
		wantStatus(t, sup.get("/console/intent?state=bogus"), http.StatusBadRequest, "unknown state")
		wantStatus(t, sup.get("/console/maturing?sort=bogus"), http.StatusBadRequest, "unknown sort")
	})
}

// The console's three sections: the first rows of each for a supervisor, audited; none for a client
// manager.
func TestConsoleFollowSections(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		ctx := context.Background()
		today := domain.Today(time.Now())
		if err := st.PutAccounts(ctx, []domain.Account{{AccountID: "M1", ClientID: "C003", ProductCode: "WM01", Currency: "CNY",
			Balance: 8_000_000, BalanceCNY: 8_000_000, OpenDate: today.AddDays(-180), MaturityDate: today, Status: "active"}}); err != nil {
			t.Fatal(err)
		}
		principal := func(username string) *auth.Principal {
			sf := e.fx.Staff[username]
			org, err := st.Org(ctx, sf.OrgID)
			if err != nil {
				t.Fatal(err)
			}
			return &auth.Principal{Staff: sf, Scope: access.ScopeFor(sf, org)}
		}
		p := principal("sup01")
		v := &view{Lang: langZH, P: p, Now: time.Now()}
		m, in, ref, err := e.srv.consoleFollowSections(httptest.NewRequest("GET", "/console", nil), p, v)
		if err != nil {
			t.Fatal(err)
		}
		ms, ok := m.(*maturingSection)
		if !ok || ms.Total != 1 || ms.Items[0].ClientID != "C003" || !ms.Console || !ms.MayAssign || len(ms.RMs) == 0 {
			t.Errorf("maturing section %+v", m)
		}
		if _, ok := in.(*intentSection); !ok {
			t.Errorf("intent section %T", in)
		}
		if _, ok := ref.(*referralSection); !ok {
			t.Errorf("referral section %T", ref)
		}
		evs, err := st.AuditEvents(ctx, store.AuditFilter{ActorID: p.Staff.ID})
		if err != nil {
			t.Fatal(err)
		}
		lists := 0
		for _, ev := range evs {
			if ev.ObjectType == "list" && strings.HasPrefix(ev.ObjectID, "console_") {
				lists++
			}
		}
		if lists != 3 {
			t.Errorf("%d audited console lists, want 3: %+v", lists, evs)
		}
		rm := principal("rm01")
		if m, in, ref, err := e.srv.consoleFollowSections(httptest.NewRequest("GET", "/console", nil), rm, &view{Lang: langZH, P: rm, Now: time.Now()}); err != nil || m != nil || in != nil || ref != nil {
			t.Errorf("a client manager's sections: %v %v %v %v", m, in, ref, err)
		}
	})
}
