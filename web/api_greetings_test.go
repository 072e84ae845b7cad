package web

import (
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

func (b *browser) putJSON(target, body string, hdr ...string) *httptest.ResponseRecorder {
	b.e.t.Helper()
	return b.do(http.MethodPut, target, strings.NewReader(body), "application/json", hdr...)
}

// prepareMidAutumn prepares, as the nightly pass does, a 中秋 batch two days ahead for the fixture's clients
// in OT1 (C001–C003) and OT3 (C004), and returns its day.
func prepareMidAutumn(t *testing.T, st *store.Store) domain.Date {
	t.Helper()
	on := domain.Today(time.Now()).AddDays(2)
	var rows []store.GreetingRow
	for _, c := range []struct{ id, outlet, mobile, body string }{{"C001", "OT1", "13800138000", "尊敬的张先生：中秋快乐！"},
		{"C002", "OT1", "13912345678", "尊敬的李女士：中秋快乐！"}, {"C003", "OT1", "13700001111", "尊敬的王女士：中秋快乐！"},
		{"C004", "OT3", "13655556666", "尊敬的刘女士：中秋快乐！"}} {
		rows = append(rows, store.GreetingRow{ClientID: c.id, Occasion: "mid_autumn-x", Kind: "mid_autumn", On: on, OutletID: c.outlet,
			Tier: "T3", Channel: "sms", Address: c.mobile, Body: c.body})
	}
	if n, err := st.PrepareGreetings(ctx, rows); err != nil || n != 4 {
		t.Fatalf("prepare: %d %v", n, err)
	}
	return on
}

// greetingStates are the states of every greeting by client, whoever may see them.
func greetingStates(t *testing.T, st *store.Store) map[string]string {
	t.Helper()
	vs, err := st.Greetings(ctx, access.Scope{Reach: access.ReachAll}, store.GreetingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, v := range vs {
		out[v.ClientID] = v.State
	}
	return out
}

func greetingClients(list greetingListJSON) []string {
	var ids []string
	for _, g := range list.Items {
		ids = append(ids, g.ClientID)
	}
	return ids
}

// sup01 lists OT1's batch and its messages and approves it through the API: the greetings read back
// approved in its name, due on the day, audited. Client managers, tellers and the lobby are refused as on
// the page and nothing changes; OT3's supervisor sees none of OT1's greetings and deciding OT1's batch
// answers as a missing batch (as sup01 deciding OT3's); bad parameters and bodies answer 400.
func TestAPIGreetingBatches(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		on := prepareMidAutumn(t, st)
		hash, err := auth.HashPassword(storetest.Password, storetest.CheapParams)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.CreateStaff(ctx, domain.Staff{Username: "sup03", Name: "冯主管", Role: domain.RoleSupervisor, OrgID: "OT3",
			PasswordHash: hash}); err != nil {
			t.Fatal(err)
		}
		allPrepared := map[string]string{"C001": "prepared", "C002": "prepared", "C003": "prepared", "C004": "prepared"}
		batchBody := func(outlet, decision string) string {
			return fmt.Sprintf(`{"outlet":%q,"kind":"mid_autumn","on":%q,"decision":%q}`, outlet, on, decision)
		}

		// Whoever the page refuses is refused, in JSON, and nothing changes.
		for _, who := range []string{"rm01", "teller01", "lobby01"} {
			b := e.login(who)
			for what, rec := range map[string]*httptest.ResponseRecorder{
				"list":    b.get("/api/v1/greetings"),
				"batches": b.get("/api/v1/greetings/batches"),
				"approve": b.postJSON("/api/v1/greetings/batches", batchBody("OT1", "approve")),
			} {
				wantAPIError(t, rec, http.StatusForbidden, who+" "+what, "supervisor")
			}
		}
		if got := greetingStates(t, st); !maps.Equal(got, allPrepared) {
			t.Fatalf("after refused decisions: %v", got)
		}

		sup := e.login("sup01")
		rec := sup.get("/api/v1/greetings/batches")
		wantStatus(t, rec, http.StatusOK, "sup01's batches")
		var batches greetingBatchListJSON
		decodeAPI(t, rec, &batches)
		if batches.From != domain.Today(time.Now()).AddDays(-7).String() || len(batches.Items) != 1 {
			t.Fatalf("sup01's batches: %s", rec.Body.String())
		}
		bt := batches.Items[0]
		if bt.OutletID != "OT1" || bt.OutletName != "解放路网点" || bt.Kind != "mid_autumn" || bt.OccasionName != "中秋节" || bt.On != on.String() ||
			bt.Total != 3 || bt.Waiting != 3 || len(bt.States) != 1 || bt.States["prepared"] != 3 ||
			!slices.Equal(bt.TierChannel, []tierChannelJSON{{Tier: "T3", Channel: "sms", Count: 3}}) {
			t.Errorf("OT1's batch: %s", rec.Body.String())
		}
		decodeAPI(t, sup.get("/api/v1/greetings/batches?from="+on.AddDays(1).String()), &batches)
		if len(batches.Items) != 0 {
			t.Errorf("batches from the day after: %+v", batches.Items)
		}

		// The batch's messages, as the page's preview.
		rec = sup.get("/api/v1/greetings?outlet=OT1&kind=mid_autumn&on=" + on.String())
		wantStatus(t, rec, http.StatusOK, "sup01's preview")
		var list greetingListJSON
		decodeAPI(t, rec, &list)
		if !slices.Equal(greetingClients(list), []string{"C001", "C002", "C003"}) {
			t.Fatalf("OT1's batch: %s", rec.Body.String())
		}
		g := list.Items[0]
		if g.ID == 0 || g.ClientName != "张伟" || g.OutletID != "OT1" || g.Occasion != "mid_autumn-x" || g.Kind != "mid_autumn" ||
			g.OccasionName != "中秋节" || g.On != on.String() || g.Tier != "T3" || g.Channel != "sms" || g.Address != "13800138000" ||
			g.Body != "尊敬的张先生：中秋快乐！" || g.State != "prepared" || g.Attempts != 0 || g.DecidedBy != nil || g.DecidedAt != nil ||
			g.SentAt != nil || g.ContactID != nil || g.PreparedAt.IsZero() {
			t.Errorf("C001's greeting: %s", rec.Body.String())
		}
		decodeAPI(t, sup.get("/api/v1/greetings?limit=1"), &list)
		if len(list.Items) != 1 {
			t.Errorf("limit=1: %d items", len(list.Items))
		}
		decodeAPI(t, sup.get("/api/v1/greetings?state=approved,sent"), &list)
		if len(list.Items) != 0 {
			t.Errorf("approved before the approval: %+v", list.Items)
		}

		// Another outlet's supervisor sees none of OT1's greetings and cannot decide its batch.
		sup3 := e.login("sup03")
		decodeAPI(t, sup3.get("/api/v1/greetings"), &list)
		if !slices.Equal(greetingClients(list), []string{"C004"}) {
			t.Errorf("sup03's greetings: %v", greetingClients(list))
		}
		decodeAPI(t, sup3.get("/api/v1/greetings?outlet=OT1"), &list)
		if len(list.Items) != 0 {
			t.Errorf("sup03 reads OT1's greetings: %v", greetingClients(list))
		}
		decodeAPI(t, sup3.get("/api/v1/greetings/batches"), &batches)
		if len(batches.Items) != 1 || batches.Items[0].OutletID != "OT3" {
			t.Errorf("sup03's batches: %+v", batches.Items)
		}
		decodeAPI(t, sup.get("/api/v1/greetings?outlet=OT3"), &list)
		if len(list.Items) != 0 {
			t.Errorf("sup01 reads OT3's greetings: %v", greetingClients(list))
		}
		missing := sup.postJSON("/api/v1/greetings/batches",
			fmt.Sprintf(`{"outlet":"OT1","kind":"mid_autumn","on":%q,"decision":"approve"}`, on.AddDays(1)))
		wantAPIError(t, missing, http.StatusNotFound, "a missing batch", "no greetings of this batch wait for approval")
		for what, rec := range map[string]*httptest.ResponseRecorder{
			"sup03 approves OT1's batch": sup3.postJSON("/api/v1/greetings/batches", batchBody("OT1", "approve")),
			"sup03 rejects OT1's batch":  sup3.postJSON("/api/v1/greetings/batches", batchBody("OT1", "reject")),
			"sup01 approves OT3's batch": sup.postJSON("/api/v1/greetings/batches", batchBody("OT3", "approve")),
		} {
			if rec.Code != http.StatusNotFound || rec.Body.String() != missing.Body.String() {
				t.Errorf("%s: %d %s, want the answer of a missing batch", what, rec.Code, rec.Body.String())
			}
		}

		// Bad parameters and bodies.
		for _, c := range []struct{ query, want string }{
			{"on=2026-13-01", "on must be a date written YYYY-MM-DD"},
			{"on=" + strings.ReplaceAll(on.String(), "-", ""), "on must be a date"},
			{"from=tomorrow", "from must be a date"},
			{"kind=christmas", `kind must be "birthday" or a festival code: `},
			{"state=done", "state must be one of prepared, approved, rejected"},
			{"state=failed,bogus", "state must be one of"},
			{"outlet=OT%201", "outlet must be an outlet's id"},
			{"limit=0", "limit must be a number from 1 to 500"},
			{"limit=501", "limit must be a number from 1 to 500"},
			{"limit=x", "limit must be a number from 1 to 500"},
		} {
			wantAPIError(t, sup.get("/api/v1/greetings?"+c.query), http.StatusBadRequest, c.query, c.want)
		}
		wantAPIError(t, sup.get("/api/v1/greetings/batches?from=2026-02-30"), http.StatusBadRequest, "batches from", "from must be a date")
		for _, c := range []struct{ body, want string }{
			{`{"outlet":"OT1","kind":"mid_autumn","on":"` + strings.ReplaceAll(on.String(), "-", "/") + `","decision":"approve"}`, "on must be a date"},
			{`{"outlet":"OT1","kind":"mid_autumn","decision":"approve"}`, "on must be a date"},
			{batchBody("OT1", "skip"), `decision must be "approve" or "reject"`},
			{batchBody("OT1", ""), `decision must be "approve" or "reject"`},
			{batchBody("", "approve"), "outlet must be an outlet's id"},
			{strings.Replace(batchBody("OT1", "approve"), "mid_autumn", "xmas", 1), "kind must be"},
			{strings.TrimSuffix(batchBody("OT1", "approve"), "}") + `,"note":"ok"}`, `unknown field "note"`},
			{`{"outlet":"OT1","kind":"mid_autumn","on":20270915,"decision":"approve"}`, `field "on" must be a JSON string`},
			{`outlet=OT1&decision=approve`, "not valid JSON"},
			{``, "empty"},
		} {
			wantAPIError(t, sup.postJSON("/api/v1/greetings/batches", c.body), http.StatusBadRequest, c.body, c.want)
		}
		if got := greetingStates(t, st); !maps.Equal(got, allPrepared) {
			t.Fatalf("after refused requests: %v", got)
		}

		// sup01 approves OT1's batch.
		rec = sup.postJSON("/api/v1/greetings/batches", batchBody("OT1", "approve"))
		wantStatus(t, rec, http.StatusOK, "sup01 approves OT1's batch")
		var dec greetingDecisionJSON
		decodeAPI(t, rec, &dec)
		if dec != (greetingDecisionJSON{OutletID: "OT1", Kind: "mid_autumn", On: on.String(), Decision: "approve", State: "approved", Count: 3}) {
			t.Errorf("answer %s", rec.Body.String())
		}
		if got := greetingStates(t, st); !maps.Equal(got, map[string]string{"C001": "approved", "C002": "approved", "C003": "approved", "C004": "prepared"}) {
			t.Errorf("after the approval: %v", got)
		}
		rec = sup.get("/api/v1/greetings?state=approved")
		decodeAPI(t, rec, &list)
		if !slices.Equal(greetingClients(list), []string{"C001", "C002", "C003"}) {
			t.Fatalf("approved greetings: %s", rec.Body.String())
		}
		for _, g := range list.Items {
			if g.DecidedBy == nil || *g.DecidedBy != "赵主管" || g.DecidedAt == nil || g.NextAttempt == nil ||
				domain.DateOf(g.NextAttempt.In(domain.Shanghai)) != on {
				t.Errorf("%s approved: %+v", g.ClientID, g)
			}
		}
		if !strings.Contains(rec.Body.String(), `"sent_at":null`) {
			t.Errorf("absent moments should be null: %s", rec.Body.String())
		}
		decodeAPI(t, sup.get("/api/v1/greetings/batches"), &batches)
		if len(batches.Items) != 1 || batches.Items[0].Waiting != 0 || batches.Items[0].States["approved"] != 3 {
			t.Errorf("the batch after the approval: %+v", batches.Items)
		}
		if n := countRows(t, st, `SELECT count(*) FROM audit_events WHERE action = ? AND actor_id = ? AND object_type = 'greetings' AND object_id = ?`,
			store.AuditGreetingDecision, e.fx.Staff["sup01"].ID, "OT1/mid_autumn/"+on.String()); n != 1 {
			t.Errorf("%d audit events of the approval, want 1", n)
		}
		// Decided is decided: a second time there is nothing waiting.
		if rec := sup.postJSON("/api/v1/greetings/batches", batchBody("OT1", "reject")); rec.Code != http.StatusNotFound ||
			rec.Body.String() != missing.Body.String() {
			t.Errorf("deciding twice: %d %s", rec.Code, rec.Body.String())
		}
		// OT3's supervisor rejects its own batch.
		rec = sup3.postJSON("/api/v1/greetings/batches", batchBody("OT3", "reject"))
		wantStatus(t, rec, http.StatusOK, "sup03 rejects OT3's batch")
		decodeAPI(t, rec, &dec)
		if dec.State != "rejected" || dec.Count != 1 || greetingStates(t, st)["C004"] != "rejected" {
			t.Errorf("rejected: %s, states %v", rec.Body.String(), greetingStates(t, st))
		}
	})
}

// A call centre records through the API (rm01's token) that C001 wants no more messages: stored, the
// client's greetings skipped, audited; lifted again. Another RM's call and a client out of scope answer
// exactly as a missing client; a client the caller may only read answers 403; bad bodies answer 400.
func TestAPIGreetingOptOut(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		prepareMidAutumn(t, st)
		rm01 := e.fx.Staff["rm01"]
		token, err := e.auth.CreateAPIToken(ctx, rm01.ID, rm01.ID, "call centre")
		if err != nil {
			t.Fatal(err)
		}
		cc := e.anon()
		bearer := []string{"Authorization", "Bearer " + token}
		all := access.Scope{Reach: access.ReachAll}
		optedOut := func(client string) bool {
			t.Helper()
			out, err := st.GreetingOptOut(ctx, all, client)
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
		audits := func(client, like string) int {
			return countRows(t, st, `SELECT count(*) FROM audit_events WHERE action = ? AND object_type = 'client' AND object_id = ? AND detail LIKE ?`,
				domain.AuditClientUpdate, client, like)
		}

		for _, c := range []struct{ body, want string }{
			{`{}`, "opt_out is required: true or false"},
			{`{"note":"客户来电"}`, "opt_out is required"},
			{`{"opt_out":"yes"}`, `field "opt_out" must be a JSON boolean`},
			{`{"opt_out":true,"reason":"x"}`, `unknown field "reason"`},
			{`{"opt_out":true,"note":"` + strings.Repeat("长", 201) + `"}`, "note must be at most 200 characters"},
			{`{"opt_out":true`, "not valid JSON"},
			{`optout=1`, "not valid JSON"},
		} {
			wantAPIError(t, cc.putJSON("/api/v1/clients/C001/greeting-opt-out", c.body, bearer...), http.StatusBadRequest, c.body, c.want)
		}
		if optedOut("C001") {
			t.Fatal("a refused request opted C001 out")
		}

		// Out of scope: the answer of a missing client; read-only: 403. Nothing stored.
		missing := cc.putJSON("/api/v1/clients/C999/greeting-opt-out", `{"opt_out":true}`, bearer...)
		wantAPIError(t, missing, http.StatusNotFound, "a missing client", "client not found")
		for who, br := range map[string]*browser{"rm02": e.login("rm02"), "rm03": e.login("rm03")} {
			if rec := br.putJSON("/api/v1/clients/C001/greeting-opt-out", `{"opt_out":true}`); rec.Code != http.StatusNotFound ||
				rec.Body.String() != missing.Body.String() {
				t.Errorf("%s opts out rm01's client: %d %s", who, rec.Code, rec.Body.String())
			}
		}
		wantAPIError(t, cc.putJSON("/api/v1/clients/C003/greeting-opt-out", `{"opt_out":true}`, bearer...), http.StatusForbidden,
			"rm01 opts out an unassigned client", "read-only")
		if optedOut("C001") || optedOut("C003") {
			t.Fatal("a refused request stored an opt-out")
		}
		if n := audits("C001", "%greetings_opt_out%") + audits("C003", "%greetings_opt_out%"); n != 0 {
			t.Fatalf("%d audit events of refused opt-outs", n)
		}

		rec := cc.putJSON("/api/v1/clients/C001/greeting-opt-out", `{"opt_out":true,"note":" 客户来电：不再接收节日短信 "}`, bearer...)
		wantStatus(t, rec, http.StatusOK, "opt out")
		var got greetingOptOutJSON
		decodeAPI(t, rec, &got)
		if got != (greetingOptOutJSON{ClientID: "C001", OptOut: true, Note: "客户来电：不再接收节日短信"}) {
			t.Errorf("answer %s", rec.Body.String())
		}
		if !optedOut("C001") || optedOut("C002") {
			t.Error("the opt-out is not stored for C001 alone")
		}
		if states := greetingStates(t, st); states["C001"] != "skipped" || states["C002"] != "prepared" {
			t.Errorf("greetings after the opt-out: %v", states)
		}
		if n := countRows(t, st, `SELECT count(*) FROM audit_events WHERE action = ? AND actor_id = ? AND object_type = 'client' AND object_id = 'C001'
			AND detail LIKE ?`, domain.AuditClientUpdate, rm01.ID, `%"greetings_opt_out":true%客户来电：不再接收节日短信%`); n != 1 {
			t.Errorf("%d audit events of the opt-out, want 1", n)
		}
		// Another RM cannot lift it either.
		if rec := e.login("rm03").putJSON("/api/v1/clients/C001/greeting-opt-out", `{"opt_out":false}`); rec.Code != http.StatusNotFound ||
			rec.Body.String() != missing.Body.String() || !optedOut("C001") {
			t.Errorf("rm03 lifts C001's opt-out: %d %s", rec.Code, rec.Body.String())
		}
		wantStatus(t, cc.putJSON("/api/v1/clients/C001/greeting-opt-out", `{"opt_out":false}`, bearer...), http.StatusOK, "lift")
		if optedOut("C001") {
			t.Error("the opt-out is still stored after lifting it")
		}
		if n := audits("C001", `%"greetings_opt_out":false%`); n != 1 {
			t.Errorf("%d audit events of the lifting, want 1", n)
		}
	})
}

// Without authentication every greetings endpoint answers 401.
func TestAPIGreetingsAuth(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		on := prepareMidAutumn(t, st)
		anon := e.anon()
		for _, p := range []string{"/api/v1/greetings", "/api/v1/greetings/batches"} {
			rec := anon.get(p)
			wantAPIError(t, rec, http.StatusUnauthorized, p, "authentication required")
			if rec.Header().Get("WWW-Authenticate") == "" {
				t.Errorf("%s: no WWW-Authenticate", p)
			}
		}
		wantAPIError(t, anon.postJSON("/api/v1/greetings/batches", fmt.Sprintf(`{"outlet":"OT1","kind":"mid_autumn","on":%q,"decision":"approve"}`, on)),
			http.StatusUnauthorized, "decide", "authentication required")
		wantAPIError(t, anon.putJSON("/api/v1/clients/C001/greeting-opt-out", `{"opt_out":true}`), http.StatusUnauthorized, "opt out",
			"authentication required")
		wantAPIError(t, anon.get("/api/v1/greetings", "Authorization", "Bearer stw_not-a-token"), http.StatusUnauthorized, "bad token")
		if states := greetingStates(t, st); states["C001"] != "prepared" || states["C002"] != "prepared" {
			t.Errorf("unauthenticated requests changed greetings: %v", states)
		}
		if out, _ := st.GreetingOptOut(ctx, access.Scope{Reach: access.ReachAll}, "C001"); out {
			t.Error("an unauthenticated request opted C001 out")
		}
	})
}
