package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/alerts"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// raiseAlert stores a new alert of outlet OT1 about client, held by who (0: nobody named) or role's
// people, and returns its id.
func raiseAlert(t *testing.T, st *store.Store, client string, who int64, role domain.Role, key string) int64 {
	t.Helper()
	day := domain.Today(time.Now())
	if n, err := st.RaiseAlerts(ctx, day, []store.AlertRow{{Alert: alerts.Alert{ClientID: client, Rule: alerts.RuleMaturity, Key: key,
		Due: day.AddDays(7), Severity: alerts.Warn, Figures: alerts.Figures{AccountID: "A001", Days: 7, Lead: 7}}, OutletID: "OT1",
		Assignee: alerts.Assignee{StaffID: who, Role: role}, RaisedOn: day, Deadline: time.Now().Add(time.Hour)}}); err != nil || n != 1 {
		t.Fatalf("raise alert: %d %v", n, err)
	}
	var id int64
	if err := st.DB().QueryRowContext(ctx, st.Rebind("SELECT alert_id FROM alerts WHERE fact_key = ?"), key).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func alertStateOf(t *testing.T, st *store.Store, id int64) string {
	t.Helper()
	var state string
	if err := st.DB().QueryRowContext(ctx, st.Rebind("SELECT state FROM alerts WHERE alert_id = ?"), id).Scan(&state); err != nil {
		t.Fatal(err)
	}
	return state
}

// A teller finishing an RM's task, a teller acknowledging and a lobby manager closing the supervisors'
// alert are refused with 403, on the day list's buttons and through the API alike, and nothing changes;
// the assignee and the supervisor do the same and succeed.
func TestWorkOfOthersIsRefused(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		rm01 := e.fx.Staff["rm01"]
		today := domain.Today(time.Now())
		task := addTask(t, st, "C001", rm01.ID, "rm", "OT1", "rule", "", "cadence:T3", today, 1)
		task2 := addTask(t, st, "C001", rm01.ID, "rm", "OT1", "rule", "", "cadence:T3", today, 1)
		supAlert := raiseAlert(t, st, "C003", 0, domain.RoleSupervisor, "sup")
		supAlert2 := raiseAlert(t, st, "C003", 0, domain.RoleSupervisor, "sup2")
		teller, lobby := e.login("teller01"), e.login("lobby01")

		rec := teller.post(fmt.Sprintf("/tasks/%d", task), url.Values{})
		wantStatus(t, rec, http.StatusForbidden, "a teller finishes rm01's task on the page")
		if !strings.Contains(rec.Body.String(), "这项任务不由您办结") {
			t.Errorf("the page does not say why: %s", rec.Body.String())
		}
		wantAPIError(t, teller.postJSON(fmt.Sprintf("/api/v1/tasks/%d", task), `{"state":"done"}`), http.StatusForbidden,
			"a teller finishes rm01's task through the API", "not the caller's to finish")
		wantStatus(t, teller.post(fmt.Sprintf("/alerts/%d", supAlert), url.Values{"action": {"acknowledge"}}), http.StatusForbidden,
			"a teller acknowledges the supervisors' alert")
		wantAPIError(t, teller.postJSON(fmt.Sprintf("/api/v1/alerts/%d", supAlert), `{"action":"acknowledge"}`), http.StatusForbidden,
			"a teller acknowledges the supervisors' alert through the API", "not the caller's to act on")
		wantStatus(t, lobby.post(fmt.Sprintf("/alerts/%d", supAlert), url.Values{"action": {"close"}, "outcome": {"已处理"}}), http.StatusForbidden,
			"a lobby manager closes the supervisors' alert")
		wantAPIError(t, lobby.postJSON(fmt.Sprintf("/api/v1/alerts/%d", supAlert), `{"action":"close","outcome":"已处理"}`), http.StatusForbidden,
			"a lobby manager closes the supervisors' alert through the API", "not the caller's to act on")
		// A lobby manager's contact with C003 may not answer it either.
		wantStatus(t, lobby.post("/clients/C003/contacts", url.Values{"outcome": {"reached"}, "alert": {fmt.Sprint(supAlert)}}), http.StatusForbidden,
			"a lobby manager's contact answering the supervisors' alert")
		wantAPIError(t, lobby.postJSON("/api/v1/clients/C003/contacts", fmt.Sprintf(`{"outcome":"reached","alert_id":%d}`, supAlert)),
			http.StatusForbidden, "the same through the API", "not the caller's to act on")
		if s := taskState(t, st, task); s != "open" {
			t.Errorf("rm01's task is %s after refusals", s)
		}
		if s := alertStateOf(t, st, supAlert); s != "new" {
			t.Errorf("the supervisors' alert is %s after refusals", s)
		}
		if n := countRows(t, st, "SELECT count(*) FROM contacts"); n != 0 {
			t.Errorf("%d contacts after refusals", n)
		}

		// The right persons.
		wantStatus(t, e.login("rm01").post(fmt.Sprintf("/tasks/%d", task), url.Values{}), http.StatusSeeOther, "rm01 finishes its task")
		wantStatus(t, e.login("sup01").postJSON(fmt.Sprintf("/api/v1/tasks/%d", task2), `{"state":"done"}`), http.StatusOK,
			"the assignee's supervisor finishes it through the API")
		sup := e.login("sup01")
		wantStatus(t, sup.post(fmt.Sprintf("/alerts/%d", supAlert), url.Values{"action": {"close"}, "outcome": {"已联系客户"}}), http.StatusSeeOther,
			"the supervisor closes the supervisors' alert")
		wantStatus(t, sup.postJSON(fmt.Sprintf("/api/v1/alerts/%d", supAlert2), `{"action":"acknowledge"}`), http.StatusOK,
			"the supervisor acknowledges one through the API")
		if s := taskState(t, st, task2); s != "done" {
			t.Errorf("the supervisor's finish: %s", s)
		}
		if s := alertStateOf(t, st, supAlert); s != "closed" {
			t.Errorf("the supervisor's close: %s", s)
		}
	})
}

// A client unassigned in rm01's outlet is read-only to rm01 on every route: a contact (which would verify
// the phone), an observation, a hand-over and a phone verification are refused with 403 on the pages and
// the API, nothing is stored, and the client view offers no contact form or observation buttons. A teller
// of the outlet records them.
func TestReadOnlyClientOnEveryRoute(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		rm01, rm02 := e.login("rm01"), e.fx.Staff["rm02"]
		writes := func(b *browser, want int, wantAPI int) {
			t.Helper()
			wantStatus(t, b.post("/clients/C003/contacts", url.Values{"channel": {"phone"}, "outcome": {"reached"}}), want, "contact")
			rec := b.postJSON("/api/v1/clients/C003/contacts", `{"channel":"phone","outcome":"reached"}`)
			wantStatus(t, rec, wantAPI, "contact through the API")
			wantStatus(t, b.post("/clients/C003/observations", url.Values{"signal": {"asked_wealth"}}), want, "observation")
			wantStatus(t, b.post("/clients/C003/handover", url.Values{"rm": {fmt.Sprint(rm02.ID)}}), want, "hand-over")
			wantStatus(t, b.post("/clients/C003/phone-verified", url.Values{}), want, "phone verified")
		}
		stored := func() string {
			return fmt.Sprint(countRows(t, st, "SELECT count(*) FROM contacts WHERE client_id = 'C003'"),
				countRows(t, st, "SELECT count(*) FROM client_signals WHERE client_id = 'C003'"),
				countRows(t, st, "SELECT count(*) FROM tasks WHERE client_id = 'C003'"),
				countRows(t, st, "SELECT count(*) FROM clients WHERE client_id = 'C003' AND phone_verified_on IS NOT NULL"))
		}
		writes(rm01, http.StatusForbidden, http.StatusForbidden)
		if got := stored(); got != "0 0 0 0" {
			t.Fatalf("after rm01's refused writes: contacts, signals, tasks, verified = %s", got)
		}
		body := rm01.get("/clients/C003").Body.String()
		if strings.Contains(body, `id="contact-form"`) || strings.Contains(body, `action="/clients/C003/observations"`) {
			t.Error("the read-only client view offers the contact form or the observation buttons")
		}
		if body := rm01.get("/clients/C001").Body.String(); !strings.Contains(body, `id="contact-form"`) ||
			!strings.Contains(body, `action="/clients/C001/observations"`) {
			t.Error("rm01's own client has no contact form or observation buttons")
		}
		writes(e.login("teller01"), http.StatusSeeOther, http.StatusCreated)
		if got := stored(); got != "2 1 1 1" {
			t.Errorf("after the teller's writes: contacts, signals, tasks, verified = %s", got)
		}
	})
}

// A batch whose day has passed unapproved is listed as lapsed (过期未发), offers no approval, and cannot be
// approved on the page (409) or through the API (409); the home page's count of greetings waiting is the
// greetings page's: the batch still to come, not the lapsed one.
func TestLapsedGreetingBatch(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		today := domain.Today(time.Now())
		past, coming := today.AddDays(-1), today.AddDays(2)
		var rows []store.GreetingRow
		for i, c := range []string{"C001", "C002", "C003"} {
			rows = append(rows, store.GreetingRow{ClientID: c, Occasion: "national_day-x", Kind: "national_day", On: past, OutletID: "OT1",
				Tier: "T3", Channel: "sms", Address: "13800138000", Body: "国庆快乐！"})
			if i < 2 {
				rows = append(rows, store.GreetingRow{ClientID: c, Occasion: "mid_autumn-x", Kind: "mid_autumn", On: coming, OutletID: "OT1",
					Tier: "T3", Channel: "sms", Address: "13800138000", Body: "中秋快乐！"})
			}
		}
		if _, err := st.PrepareGreetings(ctx, rows); err != nil {
			t.Fatal(err)
		}
		sup := e.login("sup01")
		if home := sup.get("/").Body.String(); !strings.Contains(home, "2 条问候待您审批（1 批）") {
			t.Errorf("the home page's count is not the coming batch's:\n%s", part(t, home, "greetings-waiting", "</p>"))
		}
		body := sup.get("/greetings").Body.String()
		batches := part(t, body, "greet-batches", "</table>")
		if !strings.Contains(batches, "过期未发 3") || !strings.Contains(batches, "待批准 2") || strings.Contains(batches, "待批准 3") {
			t.Errorf("the batches do not list the lapsed one as lapsed:\n%s", batches)
		}
		preview := sup.get("/greetings?outlet=OT1&kind=national_day&on=" + past.String()).Body.String()
		if strings.Contains(preview, `id="greet-approve"`) || !strings.Contains(preview, `id="greet-lapsed"`) {
			t.Error("the lapsed batch's preview offers its approval")
		}
		approve := url.Values{"outlet": {"OT1"}, "kind": {"national_day"}, "on": {past.String()}, "decision": {"approve"}}
		rec := sup.post("/greetings/batch", approve)
		wantStatus(t, rec, http.StatusConflict, "approve a lapsed batch on the page")
		if !strings.Contains(rec.Body.String(), "不能再批准") {
			t.Error("the page does not say why")
		}
		wantAPIError(t, sup.postJSON("/api/v1/greetings/batches", fmt.Sprintf(`{"outlet":"OT1","kind":"national_day","on":%q,"decision":"approve"}`, past)),
			http.StatusConflict, "approve a lapsed batch through the API", "can no longer be approved")
		if n := countRows(t, st, "SELECT count(*) FROM greetings WHERE kind = 'national_day' AND state = 'prepared'"); n != 3 {
			t.Errorf("%d of the lapsed batch still prepared, want 3", n)
		}
		var list greetingBatchListJSON
		decodeAPI(t, sup.get("/api/v1/greetings/batches"), &list)
		got := map[string][2]int{}
		for _, b := range list.Items {
			got[b.Kind] = [2]int{b.Waiting, b.Lapsed}
		}
		if got["national_day"] != [2]int{0, 3} || got["mid_autumn"] != [2]int{2, 0} {
			t.Errorf("API batches: waiting, lapsed = %v", got)
		}
		// The coming batch is approved; the lapsed one may still be rejected, to close it.
		wantStatus(t, sup.post("/greetings/batch", url.Values{"outlet": {"OT1"}, "kind": {"mid_autumn"}, "on": {coming.String()}, "decision": {"approve"}}),
			http.StatusSeeOther, "approve the coming batch")
		approve.Set("decision", "reject")
		wantStatus(t, sup.post("/greetings/batch", approve), http.StatusSeeOther, "reject the lapsed batch")
		if strings.Contains(sup.get("/").Body.String(), `id="greetings-waiting"`) {
			t.Error("the home page still counts greetings waiting")
		}
	})
}
