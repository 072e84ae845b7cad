package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

func rmIDOf(t *testing.T, st *store.Store, client string) int64 {
	t.Helper()
	return int64(countRows(t, st, "SELECT COALESCE(rm_id, 0) FROM clients WHERE client_id = ?", client))
}

// addC005 adds an unassigned T1 client to OT1 and caps T1 books at 1 client.
func addC005(t *testing.T, e *env) {
	t.Helper()
	if err := e.st.PutClients(ctx, []domain.Client{{ClientID: "C005", Name: "陈静", OutletID: "OT1", OpenDate: domain.NewDate(2021, 1, 1), Status: "normal"}}); err != nil {
		t.Fatal(err)
	}
	e.srv.policy.Relationships.MaxClientsPerRM.T1 = 1
}

// PUT /api/v1/clients/{id}/rm: 200 for the outlet's supervisor (also ending it), 403 for an RM or a teller
// who sees the client, 404 for another outlet's client, 409 when the cap refuses (200 with the override),
// 400 without a reason.
func TestAPISetRM(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		addC005(t, e)
		sup, rm01, teller := e.login("sup01"), e.login("rm01"), e.login("teller01")
		wantAPIError(t, rm01.putJSON("/api/v1/clients/C001/rm", `{"rm":"rm02","reason":"给同事"}`), http.StatusForbidden, "rm01 on own client")
		wantAPIError(t, teller.putJSON("/api/v1/clients/C003/rm", `{"rm":"rm01","reason":"柜面"}`), http.StatusForbidden, "teller")
		wantAPIError(t, sup.putJSON("/api/v1/clients/C004/rm", `{"rm":"rm03","reason":"跨网点"}`), http.StatusNotFound, "other outlet", "client not found")
		wantAPIError(t, sup.putJSON("/api/v1/clients/C003/rm", `{"rm":"rm01","reason":""}`), http.StatusBadRequest, "no reason", "reason")
		wantAPIError(t, sup.putJSON("/api/v1/clients/C003/rm", `{"reason":"x"}`), http.StatusBadRequest, "no rm", "rm is required")
		wantAPIError(t, sup.putJSON("/api/v1/clients/C003/rm", `{"rm":"rm03","reason":"x"}`), http.StatusBadRequest, "RM of another outlet")
		if rmIDOf(t, st, "C003") != 0 || rmIDOf(t, st, "C001") != e.fx.Staff["rm01"].ID {
			t.Fatal("a refused call changed a client")
		}

		rec := sup.putJSON("/api/v1/clients/C003/rm", `{"rm":"rm01","reason":"新开户分配"}`)
		wantStatus(t, rec, http.StatusOK, "assign")
		var out rmJSON
		decodeAPI(t, rec, &out)
		if out.RM == nil || *out.RM != "rm01" || !out.Changed || rmIDOf(t, st, "C003") != e.fx.Staff["rm01"].ID {
			t.Errorf("assign: %+v", out)
		}
		rec = sup.putJSON("/api/v1/clients/C005/rm", `{"rm":"rm01","reason":"再分一户"}`)
		wantStatus(t, rec, http.StatusConflict, "beyond the cap")
		var refusal struct {
			Error    string          `json:"error"`
			Breaches []capBreachJSON `json:"breaches"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &refusal); err != nil || len(refusal.Breaches) != 1 ||
			refusal.Breaches[0] != (capBreachJSON{RM: "钱经理", Tier: "T1", Keeps: 2, Cap: 1}) {
			t.Errorf("refusal %s", rec.Body.String())
		}
		wantStatus(t, sup.putJSON("/api/v1/clients/C005/rm", `{"rm":"rm01","reason":"主管决定","override_cap":true}`), http.StatusOK, "override")
		if n := countRows(t, st, "SELECT count(*) FROM audit_events WHERE action = ?", store.AuditCapOverride); n != 1 {
			t.Errorf("%d override events", n)
		}
		wantStatus(t, sup.putJSON("/api/v1/clients/C005/rm", `{"rm":null,"reason":"客户销户"}`), http.StatusOK, "end")
		if rmIDOf(t, st, "C005") != 0 {
			t.Error("not ended")
		}
	})
}

// The client view: the outlet's supervisor sees the form and assigns; an RM, a teller and another
// outlet's supervisor are refused; an RM asks for an unassigned client, the supervisor approves it on the
// approvals page, and the RM sees the outcome.
func TestRelationshipPages(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		sup, rm01, rm02, teller := e.login("sup01"), e.login("rm01"), e.login("rm02"), e.login("teller01")
		if body := sup.get("/clients/C003").Body.String(); !strings.Contains(body, `id="assign-form"`) || !strings.Contains(body, "钱经理（rm01）") {
			t.Error("the supervisor's client view has no assignment form")
		}
		if body := teller.get("/clients/C003").Body.String(); strings.Contains(body, `id="assign-form"`) {
			t.Error("a teller is offered the assignment form")
		}
		wantStatus(t, rm01.post("/clients/C001/rm", url.Values{"rm": {"rm02"}, "reason": {"给同事"}}), http.StatusForbidden, "rm01 assigns")
		wantStatus(t, teller.post("/clients/C003/rm", url.Values{"rm": {"rm01"}, "reason": {"柜面"}}), http.StatusForbidden, "teller assigns")
		wantStatus(t, sup.post("/clients/C003/rm", url.Values{"rm": {"rm01"}, "reason": {""}}), http.StatusBadRequest, "no reason")
		if rmIDOf(t, st, "C003") != 0 {
			t.Fatal("a refused form changed the client")
		}

		// The RM asks; the request waits on the supervisor's approvals page.
		if body := rm01.get("/clients/C003").Body.String(); !strings.Contains(body, `id="request-form"`) {
			t.Fatal("rm01 cannot ask for the unassigned client")
		}
		wantStatus(t, rm01.post("/clients/C003/rm-request", url.Values{"reason": {"客户曾由我接待"}}), http.StatusSeeOther, "request")
		wantStatus(t, rm01.post("/clients/C003/rm-request", url.Values{"reason": {"again"}}), http.StatusConflict, "second request")
		wantStatus(t, rm02.get("/approvals"), http.StatusForbidden, "an RM's approvals")
		page := sup.get("/approvals")
		wantStatus(t, page, http.StatusOK, "approvals")
		body := page.Body.String()
		if !strings.Contains(body, "客户曾由我接待") || !strings.Contains(body, "王芳") {
			t.Fatalf("approvals page lacks the request:\n%s", body)
		}
		if n := countRows(t, st, "SELECT count(*) FROM audit_events WHERE action = ? AND object_id = ?", store.AuditClientList, "relationship_requests"); n != 1 {
			t.Errorf("the approvals list was audited %d times, want 1", n)
		}
		var id int64
		if err := st.DB().QueryRowContext(ctx, "SELECT request_id FROM relationship_requests").Scan(&id); err != nil {
			t.Fatal(err)
		}
		target := "/approvals/" + strconv.FormatInt(id, 10)
		wantStatus(t, sup.post(target, url.Values{"decision": {"approve"}, "reason": {""}}), http.StatusBadRequest, "decision without reason")
		wantStatus(t, sup.post(target, url.Values{"decision": {"approve"}, "reason": {"同意"}}), http.StatusSeeOther, "approve")
		if rmIDOf(t, st, "C003") != e.fx.Staff["rm01"].ID {
			t.Fatal("approval did not assign C003")
		}
		view := rm01.get("/clients/C003").Body.String()
		if !strings.Contains(view, `data-state="approved"`) || !strings.Contains(view, "同意") {
			t.Error("rm01 does not see the outcome on the client view")
		}
		// The time line notes the change.
		if !strings.Contains(view, "指定客户经理") || !strings.Contains(view, "未分配 → 钱经理") {
			t.Error("the time line does not show the assignment")
		}
		// Change on the page by the supervisor.
		wantStatus(t, sup.post("/clients/C003/rm", url.Values{"rm": {"rm02"}, "reason": {"客户要求更换"}}), http.StatusSeeOther, "change")
		if rmIDOf(t, st, "C003") != e.fx.Staff["rm02"].ID {
			t.Fatal("change not applied")
		}
		if body := sup.get("/clients/C003").Body.String(); !strings.Contains(body, "客户要求更换") {
			t.Error("history lacks the reason")
		}
	})
}

// Another outlet's supervisor does not reach the client at all.
func TestRelationshipOtherOutletSupervisor(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		sup := e.login("sup01")
		wantStatus(t, sup.post("/clients/C004/rm", url.Values{"rm": {"rm03"}, "reason": {"跨网点"}}), http.StatusNotFound, "other outlet")
		if rmIDOf(t, st, "C004") != e.fx.Staff["rm03"].ID {
			t.Fatal("changed")
		}
	})
}

// The client list's selection: the supervisor ticks rows (or takes the filter), previews the counts and
// AUM by tier against the recipient's cap, and applies it whole or not at all; a teller has no selection
// and is refused.
func TestBulkAssignFromTheList(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		addC005(t, e)
		sup, teller := e.login("sup01"), e.login("teller01")
		if body := sup.get("/clients").Body.String(); !strings.Contains(body, `id="bulk-assign"`) || !strings.Contains(body, `form="bulk-assign"`) {
			t.Fatal("the supervisor's list has no selection form")
		}
		if body := teller.get("/clients").Body.String(); strings.Contains(body, `id="bulk-assign"`) {
			t.Error("a teller's list offers a selection")
		}
		wantStatus(t, teller.post("/clients/assign/preview", url.Values{"id": {"C003"}, "rm": {"rm01"}}), http.StatusForbidden, "teller preview")
		wantStatus(t, teller.post("/clients/assign", url.Values{"id": {"C003"}, "rm": {"rm01"}, "reason": {"x"}}), http.StatusForbidden, "teller apply")

		rec := sup.post("/clients/assign/preview", url.Values{"select": {"filter"}, "filter": {"rm=none"}, "rm": {"rm02"}})
		wantStatus(t, rec, http.StatusOK, "preview by filter")
		body := rec.Body.String()
		if !strings.Contains(body, `<input type="hidden" name="id" value="C003">`) || !strings.Contains(body, `<input type="hidden" name="id" value="C005">`) ||
			strings.Contains(body, `value="C001"`) {
			t.Errorf("the filter's selection is not the unassigned clients:\n%s", body)
		}
		if !strings.Contains(body, `data-tier="T1" class="over"`) || !strings.Contains(body, "超出人均服务上限") {
			t.Error("the preview does not show T1 beyond the cap")
		}
		apply := url.Values{"id": {"C003", "C005"}, "rm": {"rm02"}, "reason": {"新开户分配"}}
		wantStatus(t, sup.post("/clients/assign", apply), http.StatusConflict, "beyond the cap")
		if rmIDOf(t, st, "C003") != 0 || rmIDOf(t, st, "C005") != 0 {
			t.Fatal("a refused selection was partly applied")
		}
		apply.Set("override_cap", "1")
		wantStatus(t, sup.post("/clients/assign", apply), http.StatusSeeOther, "override")
		if rmIDOf(t, st, "C003") != e.fx.Staff["rm02"].ID || rmIDOf(t, st, "C005") != e.fx.Staff["rm02"].ID {
			t.Fatal("selection not applied")
		}
	})
}

// The supervisor's home counts the outlet's clients, those served, and each RM's book against the cap.
func TestHomeShowsBooksAgainstCap(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		body := e.login("sup01").get("/").Body.String()
		if got := elementText(t, body, "books-summary"); got != "本网点客户 3 户，已指定客户经理 2 户，未指定 1 户。" {
			t.Errorf("summary %q", got)
		}
		if !strings.Contains(body, `<td class="num">1 <span class="muted">/ 150</span></td>`) {
			t.Errorf("rm01's T4 book against its cap is not shown:\n%s", body)
		}
		if strings.Contains(e.login("rm01").get("/").Body.String(), `id="books"`) {
			t.Error("an RM's home shows the outlet's books")
		}
	})
}
