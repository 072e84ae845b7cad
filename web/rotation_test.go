package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// TestRotationPages walks a rotation through the pages: sup01 plans rm01's book for rm02, submits it, the
// outlet manager approves, sup01 applies; then rm02 is disabled and sup01 assigns the queued clients from
// the queue. A client manager and a teller are refused the page and its actions.
func TestRotationPages(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		ctx := context.Background()
		om := domain.Staff{Username: "om01", Name: "冯行长", Role: domain.RoleOutletManager, OrgID: "OT1", PasswordHash: e.fx.Staff["rm01"].PasswordHash}
		if _, err := st.CreateStaff(ctx, om); err != nil {
			t.Fatal(err)
		}
		rm01, rm02 := e.fx.Staff["rm01"].ID, e.fx.Staff["rm02"].ID
		sup := e.login("sup01")
		for _, who := range []string{"rm01", "teller01"} {
			b := e.login(who)
			wantStatus(t, b.get("/rotation"), http.StatusForbidden, who+" GET /rotation")
			wantStatus(t, b.post("/rotation/plans", url.Values{"from": {strconv.FormatInt(rm01, 10)}, "to": {strconv.FormatInt(rm02, 10)}}),
				http.StatusForbidden, who+" plans")
			if strings.Contains(b.get("/").Body.String(), `id="nav-rotation"`) {
				t.Errorf("%s sees the rotation link", who)
			}
		}
		home := sup.get("/").Body.String()
		if !strings.Contains(home, `id="nav-rotation"`) {
			t.Error("sup01 has no rotation link")
		}
		rec := sup.get("/rotation?from=" + strconv.FormatInt(rm01, 10))
		wantStatus(t, rec, http.StatusOK, "rotation page with rm01's book")
		if body := rec.Body.String(); !strings.Contains(body, `data-client="C001"`) || strings.Contains(body, `data-client="C002"`) {
			t.Errorf("rm01's book on the page: %s", body)
		}
		rec = sup.post("/rotation/plans", url.Values{"from": {strconv.FormatInt(rm01, 10)}, "client": {"C001"},
			"to": {strconv.FormatInt(rm02, 10)}, "by": {"aum"}, "reason": {"轮岗"}})
		wantStatus(t, rec, http.StatusSeeOther, "create plan")
		loc := rec.Header().Get("Location")
		path, _, _ := strings.Cut(loc, "?")
		if !strings.HasPrefix(path, "/rotation/") {
			t.Fatalf("redirect to %q", loc)
		}
		body := sup.get(path).Body.String()
		if !strings.Contains(body, `data-rm="`+strconv.FormatInt(rm02, 10)+`"`) || !strings.Contains(body, `id="plan-submit"`) {
			t.Fatalf("plan page: %s", body)
		}
		wantStatus(t, sup.post(path+"/submit", nil), http.StatusSeeOther, "submit")
		wantStatus(t, sup.post(path+"/approve", nil), http.StatusForbidden, "the planner approves")
		omb := e.login("om01")
		if !strings.Contains(omb.get(path).Body.String(), `id="plan-approve"`) {
			t.Error("the outlet manager is not offered the approval")
		}
		wantStatus(t, omb.post(path+"/approve", url.Values{"reason": {"同意"}}), http.StatusSeeOther, "approve")
		wantStatus(t, sup.post(path+"/apply", nil), http.StatusSeeOther, "apply")
		var kept int64
		if err := st.DB().QueryRowContext(ctx, "SELECT rm_id FROM clients WHERE client_id = 'C001'").Scan(&kept); err != nil || kept != rm02 {
			t.Errorf("C001 after the plan: kept by %d (%v), want rm02", kept, err)
		}
		if err := st.SetDisabled(ctx, rm02, true); err != nil {
			t.Fatal(err)
		}
		body = sup.get("/rotation").Body.String()
		if !strings.Contains(body, `class="queue-row" data-client="C001"`) || !strings.Contains(body, `class="queue-row" data-client="C002"`) {
			t.Fatalf("queue after disabling rm02: %s", body)
		}
		wantStatus(t, sup.post("/rotation/queue", url.Values{"client": {"C001", "C002"}, "rm": {strconv.FormatInt(rm01, 10)}}),
			http.StatusSeeOther, "assign from the queue")
		if body := sup.get("/rotation").Body.String(); strings.Contains(body, `class="queue-row"`) {
			t.Error("the queue still lists clients after assigning them")
		}
		evs, err := st.AuditEvents(ctx, store.AuditFilter{Action: store.AuditClientList})
		if err != nil || len(evs) == 0 {
			t.Errorf("the rotation page's lists are not audited: %d (%v)", len(evs), err)
		}
	})
}
