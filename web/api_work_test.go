package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/alerts"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// decodeAPI reads a JSON answer of the API into v.
func decodeAPI(t *testing.T, rec *httptest.ResponseRecorder, v any) {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Fatalf("Content-Type %q; body %s", ct, rec.Body.String())
	}
	if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
		t.Fatalf("answer %s: %v", rec.Body.String(), err)
	}
}

// wantAPIError checks an error answer: its status, and a JSON body {"error": ...} whose message contains
// each of want.
func wantAPIError(t *testing.T, rec *httptest.ResponseRecorder, status int, what string, want ...string) {
	t.Helper()
	wantStatus(t, rec, status, what)
	var body map[string]string
	decodeAPI(t, rec, &body)
	if len(body) != 1 || body["error"] == "" {
		t.Fatalf("%s: error body %s", what, rec.Body.String())
	}
	for _, w := range want {
		if !strings.Contains(body["error"], w) {
			t.Errorf("%s: error %q does not mention %q", what, body["error"], w)
		}
	}
}

// addTask stores an open task (client "" for none, assignee 0 for the role's people) and returns its id.
func addTask(t *testing.T, st *store.Store, client string, assignee int64, role, outlet, source, kind, title string, due domain.Date, priority int) int64 {
	t.Helper()
	var c, who any
	if client != "" {
		c = client
	}
	if assignee != 0 {
		who = assignee
	}
	var id int64
	if err := st.DB().QueryRowContext(ctx, st.Rebind(`INSERT INTO tasks (client_id, assignee_id, assignee_role, outlet_id, source, kind, title,
		due_on, priority, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING task_id`), c, who, role, outlet, source, kind, title,
		due, priority, time.Now().UTC()).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func taskState(t *testing.T, st *store.Store, id int64) string {
	t.Helper()
	var state string
	if err := st.DB().QueryRowContext(ctx, st.Rebind("SELECT state FROM tasks WHERE task_id = ?"), id).Scan(&state); err != nil {
		t.Fatal(err)
	}
	return state
}

// countRows counts the rows of a query.
func countRows(t *testing.T, st *store.Store, query string, args ...any) int {
	t.Helper()
	var n int
	if err := st.DB().QueryRowContext(ctx, st.Rebind(query), args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func taskIDs(list taskListJSON) []int64 {
	var ids []int64
	for _, k := range list.Items {
		ids = append(ids, k.ID)
	}
	return ids
}

// rm01 lists its tasks due by today (overdue first, the role's task of the outlet too) and by a later date;
// another RM's tasks never show; the words are the day list's; by and limit are checked.
func TestAPITasks(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		rm01, rm02, rm03 := e.fx.Staff["rm01"], e.fx.Staff["rm02"], e.fx.Staff["rm03"]
		today := domain.Today(time.Now())
		overdue := addTask(t, st, "C001", rm01.ID, "rm", "OT1", "rule", "", "cadence:T4", today.AddDays(-2), 2)
		call := addTask(t, st, "C001", rm01.ID, "rm", "OT1", "supervisor", "call", "询问到期资金安排", today.AddDays(3), 2)
		outlet := addTask(t, st, "C003", 0, "rm", "OT1", "rule", "", "cadence:T3", today, 1)
		other := addTask(t, st, "C002", rm02.ID, "rm", "OT1", "contact", "", "孙经理的回访", today, 1)
		far := addTask(t, st, "C004", rm03.ID, "rm", "OT3", "contact", "", "周经理的回访", today, 1)

		b := e.login("rm01")
		rec := b.get("/api/v1/tasks")
		wantStatus(t, rec, http.StatusOK, "tasks")
		var list taskListJSON
		decodeAPI(t, rec, &list)
		if list.By != today.String() || !slices.Equal(taskIDs(list), []int64{overdue, outlet}) {
			t.Fatalf("rm01's tasks due today: %s", rec.Body.String())
		}
		k := list.Items[0]
		if k.Source != "rule" || k.Kind != "" || k.ClientID == nil || *k.ClientID != "C001" || k.ClientName == nil || *k.ClientName != "张伟" ||
			k.Due != today.AddDays(-2).String() || !k.Overdue || k.Priority != 2 || k.Title != "cadence:T4" ||
			!strings.HasPrefix(k.Text, "定期维护联系") || k.State != "open" || !k.Mine {
			t.Errorf("the overdue cadence task: %+v", k)
		}
		if k := list.Items[1]; k.Mine || k.Overdue || *k.ClientID != "C003" {
			t.Errorf("the outlet's RM task: %+v", k)
		}
		rec = b.get("/api/v1/tasks?by=" + today.AddDays(7).String())
		decodeAPI(t, rec, &list)
		if !slices.Equal(taskIDs(list), []int64{overdue, outlet, call}) {
			t.Fatalf("rm01's tasks of the week: %s", rec.Body.String())
		}
		if k := list.Items[2]; k.Kind != "call" || k.Source != "supervisor" || k.Text != "电话: 询问到期资金安排" || k.Overdue {
			t.Errorf("the supervisor's call: %+v", k)
		}
		// The words follow the caller's language.
		decodeAPI(t, b.get("/api/v1/tasks", "Accept-Language", "en"), &list)
		if !strings.HasPrefix(list.Items[0].Text, "Maintenance contact") {
			t.Errorf("English text %q", list.Items[0].Text)
		}
		decodeAPI(t, b.get("/api/v1/tasks?limit=1"), &list)
		if !slices.Equal(taskIDs(list), []int64{overdue}) {
			t.Errorf("limit=1: %v", taskIDs(list))
		}
		// rm02 sees its own and the outlet's, never rm01's; rm03 its own only.
		decodeAPI(t, e.login("rm02").get("/api/v1/tasks?by="+today.AddDays(30).String()), &list)
		if !slices.Equal(taskIDs(list), []int64{outlet, other}) {
			t.Errorf("rm02's tasks: %v", taskIDs(list))
		}
		decodeAPI(t, e.login("rm03").get("/api/v1/tasks?by="+today.AddDays(30).String()), &list)
		if !slices.Equal(taskIDs(list), []int64{far}) {
			t.Errorf("rm03's tasks: %v", taskIDs(list))
		}
		for _, q := range []string{"by=2026-13-01", "by=20261201", "by=tomorrow", "by=2026-1-5"} {
			wantAPIError(t, b.get("/api/v1/tasks?"+q), http.StatusBadRequest, q, "by must be a date")
		}
		for _, q := range []string{"limit=0", "limit=501", "limit=x"} {
			wantAPIError(t, b.get("/api/v1/tasks?"+q), http.StatusBadRequest, q, "limit must be a number from 1 to 500")
		}
	})
}

// rm01 finishes its tasks through the API with a token: the state changes and is audited as on the day
// list; another RM's task, a task without a client of someone else and a missing task answer the same 404;
// bad bodies answer 400 and change nothing.
func TestAPIFinishTask(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		rm01, rm02 := e.fx.Staff["rm01"], e.fx.Staff["rm02"]
		today := domain.Today(time.Now())
		mine := addTask(t, st, "C001", rm01.ID, "rm", "OT1", "contact", "", "带产品说明书上门", today, 1)
		mine2 := addTask(t, st, "C001", rm01.ID, "rm", "OT1", "contact", "", "再次回访", today, 1)
		others := addTask(t, st, "C002", rm02.ID, "rm", "OT1", "contact", "", "孙经理的回访", today, 1)
		othersNoClient := addTask(t, st, "", rm02.ID, "rm", "OT1", "supervisor", "other", "整理客户档案", today, 1)
		token, err := e.auth.CreateAPIToken(ctx, rm01.ID, rm01.ID, "mobile app")
		if err != nil {
			t.Fatal(err)
		}
		script := e.anon()
		post := func(id any, body string) *httptest.ResponseRecorder {
			return script.postJSON(fmt.Sprintf("/api/v1/tasks/%v", id), body, "Authorization", "Bearer "+token)
		}

		missing := post(99999999, `{"state":"done"}`)
		wantAPIError(t, missing, http.StatusNotFound, "a missing task", "task not found")
		for what, id := range map[string]any{"another RM's task": others, "another's task without a client": othersNoClient, "not a number": "abc"} {
			rec := post(id, `{"state":"done"}`)
			if rec.Code != http.StatusNotFound || rec.Body.String() != missing.Body.String() {
				t.Errorf("%s: %d %s, want the answer of a missing task", what, rec.Code, rec.Body.String())
			}
		}
		for _, c := range []struct{ body, want string }{
			{`{"state":"finished"}`, `state must be "done" or "cancelled"`},
			{`{"state":"open"}`, `state must be "done" or "cancelled"`},
			{`{}`, `state must be "done" or "cancelled"`},
			{`{"state":"done","note":"x"}`, `unknown field "note"`},
			{`{"state":1}`, `field "state" must be a JSON string`},
			{`{"state":"done"`, "not valid JSON"},
			{`state=done`, "not valid JSON"},
			{``, "empty"},
			{`{"state":"done"} {"state":"done"}`, "one JSON object"},
			{`["done"]`, "one JSON object"},
			{`{"state":"` + strings.Repeat("x", maxAPIBody) + `"}`, "larger than 65536 bytes"},
		} {
			wantAPIError(t, post(mine, c.body), http.StatusBadRequest, c.body, c.want)
		}
		if s := taskState(t, st, mine); s != "open" {
			t.Fatalf("after refused requests the task is %q", s)
		}

		rec := post(mine, `{"state":"done"}`)
		wantStatus(t, rec, http.StatusOK, "done")
		var got stateChangeJSON
		decodeAPI(t, rec, &got)
		if got.ID != mine || got.State != "done" {
			t.Errorf("answer %+v", got)
		}
		if s := taskState(t, st, mine); s != "done" {
			t.Errorf("the task is %q after done", s)
		}
		if n := countRows(t, st, `SELECT count(*) FROM audit_events WHERE action = ? AND actor_id = ? AND object_type = 'client' AND object_id = 'C001'
			AND detail LIKE ?`, domain.AuditClientUpdate, rm01.ID, fmt.Sprintf(`%%"task":%d,"state":"done"%%`, mine)); n != 1 {
			t.Errorf("%d audit events of the task done, want 1", n)
		}
		var list taskListJSON
		decodeAPI(t, script.get("/api/v1/tasks", "Authorization", "Bearer "+token), &list)
		if !slices.Equal(taskIDs(list), []int64{mine2}) {
			t.Errorf("open tasks after one is done: %v", taskIDs(list))
		}
		// Done is done: a second time it is no longer an open task.
		wantAPIError(t, post(mine, `{"state":"cancelled"}`), http.StatusNotFound, "done twice", "task not found")
		wantStatus(t, post(mine2, `{"state":"cancelled"}`), http.StatusOK, "cancel")
		if s := taskState(t, st, mine2); s != "cancelled" {
			t.Errorf("the task is %q after cancelled", s)
		}
		for _, id := range []int64{others, othersNoClient} {
			if s := taskState(t, st, id); s != "open" {
				t.Errorf("rm02's task %d is %q", id, s)
			}
		}
	})
}

// rm01 lists its open alerts (most severe first, with the day list's words and the figures) and never
// another RM's; acts on one (acknowledge, then close with an outcome), read back and audited; the wrong
// person gets the answer of a missing alert; bad actions are refused.
func TestAPIAlerts(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		rm01, rm02, rm03 := e.fx.Staff["rm01"], e.fx.Staff["rm02"], e.fx.Staff["rm03"]
		day := domain.Today(time.Now())
		deadline := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Second)
		row := func(client, outlet string, who domain.Staff, rule alerts.Rule, key string, sev alerts.Severity, f alerts.Figures) store.AlertRow {
			return store.AlertRow{Alert: alerts.Alert{ClientID: client, Rule: rule, Key: key, Due: day.AddDays(f.Days), Severity: sev, Figures: f},
				OutletID: outlet, Assignee: alerts.Assignee{StaffID: who.ID, Role: domain.RoleRM}, RaisedOn: day, Deadline: deadline}
		}
		if n, err := st.RaiseAlerts(ctx, day, []store.AlertRow{
			row("C001", "OT1", rm01, alerts.RuleMaturity, "A002:x:7", alerts.Warn, alerts.Figures{AccountID: "A002", AmountFen: 50_000_000, Days: 7, Lead: 7}),
			row("C001", "OT1", rm01, alerts.RuleMovedOut, "txn:T9", alerts.Urgent, alerts.Figures{AccountID: "A001", AmountFen: -8_000_000, TxnID: "T9", Direction: "out"}),
			row("C002", "OT1", rm02, alerts.RuleMaturity, "A003:x:7", alerts.Warn, alerts.Figures{AccountID: "A003", AmountFen: 300_000_000, Days: 7, Lead: 7}),
			row("C004", "OT3", rm03, alerts.RuleMaturity, "A004:x:7", alerts.Info, alerts.Figures{AccountID: "A004", AmountFen: 10_000, Days: 7, Lead: 7}),
		}); err != nil || n != 4 {
			t.Fatalf("raise: %d %v", n, err)
		}
		alertID := func(key string) int64 {
			var id int64
			if err := st.DB().QueryRowContext(ctx, st.Rebind("SELECT alert_id FROM alerts WHERE fact_key = ?"), key).Scan(&id); err != nil {
				t.Fatal(err)
			}
			return id
		}
		maturity, movedOut, rm02s := alertID("A002:x:7"), alertID("txn:T9"), alertID("A003:x:7")

		b := e.login("rm01")
		rec := b.get("/api/v1/alerts")
		wantStatus(t, rec, http.StatusOK, "alerts")
		var list alertListJSON
		decodeAPI(t, rec, &list)
		if len(list.Items) != 2 || list.Items[0].ID != movedOut || list.Items[1].ID != maturity {
			t.Fatalf("rm01's alerts: %s", rec.Body.String())
		}
		a := list.Items[0]
		if a.Rule != "moved_out" || a.Severity != "urgent" || a.State != "new" || a.ClientID != "C001" || a.ClientName != "张伟" ||
			a.Figures.Amount == nil || *a.Figures.Amount != "-80000.00" || a.Figures.Direction != "out" || a.Figures.TxnID != "T9" ||
			a.AssigneeID == nil || *a.AssigneeID != rm01.ID || a.Deadline == nil || !a.Deadline.Equal(deadline) ||
			!strings.Contains(a.Todo, "尽快联系客户了解转出原因") {
			t.Errorf("the moved-out alert: %+v", a)
		}
		m := list.Items[1]
		if m.Severity != "warn" || m.Text != "账户 A002 余额 ¥500,000.00，7 天后到期" || m.Due == nil || *m.Due != day.AddDays(7).String() ||
			m.RaisedOn == nil || *m.RaisedOn != day.String() || m.Figures.Days != 7 || *m.Figures.Amount != "500000.00" {
			t.Errorf("the maturity alert: %+v", m)
		}
		if !strings.Contains(rec.Body.String(), `"deadline":"`+deadline.Format(time.RFC3339)+`"`) {
			t.Errorf("deadline not RFC 3339 UTC: %s", rec.Body.String())
		}
		decodeAPI(t, e.login("rm02").get("/api/v1/alerts"), &list)
		if len(list.Items) != 1 || list.Items[0].ID != rm02s {
			t.Errorf("rm02's alerts: %+v", list.Items)
		}
		wantAPIError(t, b.get("/api/v1/alerts?limit=0"), http.StatusBadRequest, "limit", "limit")

		// The wrong person: the answer of a missing alert.
		r3 := e.login("rm03")
		missing := r3.postJSON("/api/v1/alerts/99999999", `{"action":"acknowledge"}`)
		wantAPIError(t, missing, http.StatusNotFound, "a missing alert", "alert not found")
		for who, br := range map[string]*browser{"rm03": r3, "rm02": e.login("rm02")} {
			rec := br.postJSON(fmt.Sprintf("/api/v1/alerts/%d", maturity), `{"action":"close","outcome":"x"}`)
			if rec.Code != http.StatusNotFound || rec.Body.String() != missing.Body.String() {
				t.Errorf("%s acts on rm01's alert: %d %s", who, rec.Code, rec.Body.String())
			}
		}
		post := func(body string) *httptest.ResponseRecorder {
			return b.postJSON(fmt.Sprintf("/api/v1/alerts/%d", maturity), body)
		}
		for _, c := range []struct{ body, want string }{
			{`{"action":"snooze"}`, `action must be "acknowledge", "work" or "close"`},
			{`{"action":"close"}`, "closing an alert needs an outcome"},
			{`{"action":"close","outcome":"   "}`, "closing an alert needs an outcome"},
			{`{"action":"close","outcome":"` + strings.Repeat("长", 201) + `"}`, "at most 200"},
			{`{"action":"acknowledge","state":"closed"}`, `unknown field "state"`},
			{`{"action":`, "not valid JSON"},
		} {
			wantAPIError(t, post(c.body), http.StatusBadRequest, c.body, c.want)
		}
		alertState := func() (state, outcome string) {
			if err := st.DB().QueryRowContext(ctx, st.Rebind("SELECT state, COALESCE(outcome, '') FROM alerts WHERE alert_id = ?"), maturity).
				Scan(&state, &outcome); err != nil {
				t.Fatal(err)
			}
			return
		}
		if s, _ := alertState(); s != "new" {
			t.Fatalf("after refused requests the alert is %q", s)
		}

		rec = post(`{"action":"acknowledge"}`)
		wantStatus(t, rec, http.StatusOK, "acknowledge")
		var got stateChangeJSON
		decodeAPI(t, rec, &got)
		if got.ID != maturity || got.State != "acknowledged" {
			t.Errorf("answer %+v", got)
		}
		decodeAPI(t, b.get("/api/v1/alerts"), &list)
		if len(list.Items) != 2 || list.Items[1].ID != maturity || list.Items[1].State != "acknowledged" {
			t.Errorf("after acknowledging: %+v", list.Items)
		}
		wantStatus(t, post(`{"action":"close","outcome":"已电话联系, 客户续存"}`), http.StatusOK, "close")
		if s, o := alertState(); s != "closed" || o != "已电话联系, 客户续存" {
			t.Errorf("after closing: %q %q", s, o)
		}
		decodeAPI(t, b.get("/api/v1/alerts"), &list)
		if len(list.Items) != 1 || list.Items[0].ID != movedOut {
			t.Errorf("a closed alert is still listed: %+v", list.Items)
		}
		wantAPIError(t, post(`{"action":"work"}`), http.StatusConflict, "closed already", "already closed")
		if n := countRows(t, st, `SELECT count(*) FROM audit_events WHERE action = ? AND actor_id = ? AND object_id = 'C001' AND detail LIKE ?`,
			domain.AuditClientUpdate, rm01.ID, fmt.Sprintf(`%%"alert":%d,%%`, maturity)); n != 2 {
			t.Errorf("%d audit events of the alert, want 2 (acknowledged, closed)", n)
		}
	})
}

// A call centre records a call through the API (token of rm01): it is on the client's time line with its
// follow-up task and the alert it answered, the follow-up is on rm01's task list, and the contact and the
// read of the time line are in the audit log. A client outside the scope answers as a missing one; bad
// contacts are refused and nothing is stored.
func TestAPITimelineAndContacts(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		rm01, rm02 := e.fx.Staff["rm01"], e.fx.Staff["rm02"]
		today := domain.Today(time.Now())
		if _, err := st.RaiseAlerts(ctx, today, []store.AlertRow{
			{Alert: alerts.Alert{ClientID: "C001", Rule: alerts.RuleMaturity, Key: "A002:x:7", Due: today.AddDays(7), Severity: alerts.Warn},
				OutletID: "OT1", Assignee: alerts.Assignee{StaffID: rm01.ID, Role: domain.RoleRM}, RaisedOn: today, Deadline: time.Now().Add(time.Hour)},
			{Alert: alerts.Alert{ClientID: "C002", Rule: alerts.RuleMaturity, Key: "A003:x:7", Due: today.AddDays(7), Severity: alerts.Warn},
				OutletID: "OT1", Assignee: alerts.Assignee{StaffID: rm02.ID, Role: domain.RoleRM}, RaisedOn: today, Deadline: time.Now().Add(time.Hour)},
		}); err != nil {
			t.Fatal(err)
		}
		var alertC001, alertC002 int64
		if err := st.DB().QueryRowContext(ctx, "SELECT alert_id FROM alerts WHERE client_id = 'C001'").Scan(&alertC001); err != nil {
			t.Fatal(err)
		}
		if err := st.DB().QueryRowContext(ctx, "SELECT alert_id FROM alerts WHERE client_id = 'C002'").Scan(&alertC002); err != nil {
			t.Fatal(err)
		}
		token, err := e.auth.CreateAPIToken(ctx, rm01.ID, rm01.ID, "call centre")
		if err != nil {
			t.Fatal(err)
		}
		cc := e.anon()
		bearer := []string{"Authorization", "Bearer " + token}
		contacts := func() int { return countRows(t, st, "SELECT count(*) FROM contacts") }

		// Refused contacts: 400 with what is wrong, nothing stored.
		follow := today.AddDays(3).String()
		for _, c := range []struct{ body, want string }{
			{`{"channel":"phone"}`, "outcome is required"},
			{`{"outcome":"maybe"}`, "outcome must be one of reached, no_answer"},
			{`{"channel":"fax","outcome":"reached"}`, "channel must be one of phone, visit"},
			{`{"outcome":"reached","next_step":"x","follow_up":"2020-01-01"}`, "follow_up must be a date written YYYY-MM-DD, today or later"},
			{`{"outcome":"reached","next_step":"x","follow_up":"` + strings.ReplaceAll(follow, "-", "/") + `"}`, "follow_up must be a date"},
			{`{"outcome":"reached","follow_up":"` + follow + `"}`, "a follow_up date needs the next_step"},
			{`{"outcome":"reached","note":"` + strings.Repeat("记", 2001) + `"}`, "note must be at most 2000 characters"},
			{`{"outcome":"reached","next_step":"` + strings.Repeat("记", 201) + `"}`, "next_step must be at most 200 characters"},
			{`{"outcome":"reached","mobile":"13800138000"}`, `unknown field "mobile"`},
			{`{"outcome":"reached","alert_id":"7"}`, `field "alert_id" must be a JSON number`},
			{`{"outcome":"reached","alert_id":` + fmt.Sprint(alertC002) + `}`, "alert_id is not an alert of this client"},
			{`{"outcome":`, "not valid JSON"},
		} {
			wantAPIError(t, cc.postJSON("/api/v1/clients/C001/contacts", c.body, bearer...), http.StatusBadRequest, c.body, c.want)
		}
		if n := contacts(); n != 0 {
			t.Fatalf("%d contacts stored by refused requests", n)
		}

		rec := cc.postJSON("/api/v1/clients/C001/contacts", fmt.Sprintf(`{"channel":"phone","outcome":"interested","note":" 到期后考虑转理财 ",
			"next_step":"带产品说明书上门","follow_up":%q,"alert_id":%d}`, follow, alertC001), bearer...)
		wantStatus(t, rec, http.StatusCreated, "log a contact")
		var c contactJSON
		decodeAPI(t, rec, &c)
		if c.ID == 0 || c.ClientID != "C001" || c.Channel != "phone" || c.Outcome != "interested" || c.Note != "到期后考虑转理财" ||
			c.NextStep != "带产品说明书上门" || c.FollowUp == nil || *c.FollowUp != follow || c.AlertID == nil || *c.AlertID != alertC001 {
			t.Errorf("contact answer %s", rec.Body.String())
		}
		// The channel is phone when not given.
		rec = cc.postJSON("/api/v1/clients/C001/contacts", `{"outcome":"no_answer"}`, bearer...)
		wantStatus(t, rec, http.StatusCreated, "a contact without a channel")
		var c2 contactJSON
		decodeAPI(t, rec, &c2)
		if c2.Channel != "phone" || c2.FollowUp != nil || c2.AlertID != nil {
			t.Errorf("contact answer %s", rec.Body.String())
		}

		rec = cc.get("/api/v1/clients/C001/timeline", bearer...)
		wantStatus(t, rec, http.StatusOK, "time line")
		var tl timelineJSON
		decodeAPI(t, rec, &tl)
		var contact, task, alert *timelineEntryJSON
		for i, x := range tl.Items {
			switch {
			case x.Kind == "contact" && x.Detail == "interested":
				contact = &tl.Items[i]
			case x.Kind == "task":
				task = &tl.Items[i]
			case x.Kind == "alert":
				alert = &tl.Items[i]
			}
		}
		if tl.ClientID != "C001" || contact == nil || contact.Code != "phone" || contact.Text != "到期后考虑转理财" ||
			contact.NextStep != "带产品说明书上门" || contact.Who != rm01.Name || contact.On != today.String() ||
			contact.At.Location() != time.UTC || time.Since(contact.At) > time.Hour {
			t.Errorf("the contact on the time line: %+v\n%s", contact, rec.Body.String())
		}
		if task == nil || task.Text != "带产品说明书上门" || task.Code != "open" || task.On != follow {
			t.Errorf("the follow-up on the time line: %+v", task)
		}
		if alert == nil || alert.Code != "maturity" || alert.Detail != "worked" {
			t.Errorf("the alert answered on the time line: %+v", alert)
		}
		// Each contact, task and alert carries its id, by which a system acts on it.
		if contact != nil && (contact.ID == nil || *contact.ID != c.ID) {
			t.Errorf("the contact's id on the time line: %v, want %d", contact.ID, c.ID)
		}
		if alert != nil && (alert.ID == nil || *alert.ID != alertC001) {
			t.Errorf("the alert's id on the time line: %v, want %d", alert.ID, alertC001)
		}
		if task != nil {
			var taskID int64
			if err := st.DB().QueryRowContext(ctx, "SELECT task_id FROM tasks WHERE client_id = 'C001' AND title = '带产品说明书上门'").Scan(&taskID); err != nil {
				t.Fatal(err)
			}
			if task.ID == nil || *task.ID != taskID {
				t.Errorf("the task's id on the time line: %v, want %d", task.ID, taskID)
			}
		}
		if !strings.Contains(rec.Body.String(), `"amount":null`) {
			t.Errorf("amounts absent should be null: %s", rec.Body.String())
		}
		decodeAPI(t, cc.get("/api/v1/clients/C001/timeline?limit=1", bearer...), &tl)
		if len(tl.Items) != 1 {
			t.Errorf("limit=1: %d entries", len(tl.Items))
		}
		wantAPIError(t, cc.get("/api/v1/clients/C001/timeline?limit=501", bearer...), http.StatusBadRequest, "limit", "limit")

		// The follow-up is rm01's task on that date.
		var list taskListJSON
		decodeAPI(t, cc.get("/api/v1/tasks?by="+follow, bearer...), &list)
		if len(list.Items) != 1 || list.Items[0].Source != "contact" || list.Items[0].Title != "带产品说明书上门" || list.Items[0].Due != follow {
			t.Errorf("the follow-up task: %+v", list.Items)
		}
		// Audited as the client view's form and view are.
		if n := countRows(t, st, `SELECT count(*) FROM audit_events WHERE action = ? AND actor_id = ? AND object_type = 'client' AND object_id = 'C001'
			AND detail LIKE ?`, domain.AuditClientUpdate, rm01.ID, fmt.Sprintf(`%%"added":"contact","contact_id":%d}`, c.ID)); n != 1 {
			t.Errorf("%d audit events of the contact, want 1", n)
		}
		if n := countRows(t, st, `SELECT count(*) FROM audit_events WHERE action = ? AND actor_id = ? AND object_id = 'C001' AND detail LIKE '%timeline%'`,
			domain.AuditClientView, rm01.ID); n != 2 {
			t.Errorf("%d time line reads audited, want 2", n)
		}

		// Outside the scope: the answer of a missing client, and nothing stored.
		r3 := e.login("rm03")
		missingTL := r3.get("/api/v1/clients/C999/timeline")
		wantAPIError(t, missingTL, http.StatusNotFound, "a missing client's time line", "client not found")
		if rec := r3.get("/api/v1/clients/C001/timeline"); rec.Code != http.StatusNotFound || rec.Body.String() != missingTL.Body.String() {
			t.Errorf("another outlet's client's time line: %d %s", rec.Code, rec.Body.String())
		}
		missing := r3.postJSON("/api/v1/clients/C999/contacts", `{"outcome":"reached"}`)
		wantAPIError(t, missing, http.StatusNotFound, "a missing client's contact", "client not found")
		for who, br := range map[string]*browser{"rm03": r3, "rm02": e.login("rm02")} {
			if rec := br.postJSON("/api/v1/clients/C001/contacts", `{"outcome":"reached"}`); rec.Code != http.StatusNotFound ||
				rec.Body.String() != missing.Body.String() {
				t.Errorf("%s logs a contact with rm01's client: %d %s", who, rec.Code, rec.Body.String())
			}
		}
		if n := contacts(); n != 2 {
			t.Errorf("%d contacts stored, want 2", n)
		}
	})
}

// Without authentication every new endpoint answers 401; a Bearer token works from anywhere; a request
// carrying the session cookie from another site is refused before it changes anything.
func TestAPIWorkAuthAndCrossSite(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		rm01 := e.fx.Staff["rm01"]
		task := addTask(t, st, "C001", rm01.ID, "rm", "OT1", "contact", "", "回访", domain.Today(time.Now()), 1)
		path := fmt.Sprintf("/api/v1/tasks/%d", task)

		anon := e.anon()
		for _, p := range []string{"/api/v1/tasks", "/api/v1/alerts", "/api/v1/clients/C001/timeline"} {
			rec := anon.get(p)
			wantAPIError(t, rec, http.StatusUnauthorized, p, "authentication required")
			if rec.Header().Get("WWW-Authenticate") == "" {
				t.Errorf("%s: no WWW-Authenticate", p)
			}
		}
		for p, body := range map[string]string{path: `{"state":"done"}`, "/api/v1/alerts/1": `{"action":"acknowledge"}`,
			"/api/v1/clients/C001/contacts": `{"outcome":"reached"}`} {
			wantAPIError(t, anon.postJSON(p, body), http.StatusUnauthorized, p, "authentication required")
		}
		wantAPIError(t, anon.get("/api/v1/tasks", "Authorization", "Bearer stw_not-a-token"), http.StatusUnauthorized, "bad token")

		// The session cookie from another site: refused, nothing changed.
		b := e.login("rm01")
		wantAPIError(t, b.postJSON(path, `{"state":"done"}`, "Sec-Fetch-Site", "cross-site"), http.StatusForbidden, "cross-site", "cross-origin request refused")
		wantAPIError(t, b.postJSON(path, `{"state":"done"}`, "Origin", "https://evil.example"), http.StatusForbidden, "cross-origin", "cross-origin request refused")
		wantAPIError(t, b.postJSON("/api/v1/clients/C001/contacts", `{"outcome":"reached"}`, "Sec-Fetch-Site", "cross-site"),
			http.StatusForbidden, "cross-site contact", "cross-origin request refused")
		if s := taskState(t, st, task); s != "open" {
			t.Errorf("a cross-site request finished the task: %q", s)
		}
		if n := countRows(t, st, "SELECT count(*) FROM contacts"); n != 0 {
			t.Errorf("a cross-site request logged %d contacts", n)
		}
		// From the same origin the cookie works; with a Bearer token the site does not matter.
		wantStatus(t, b.postJSON("/api/v1/clients/C001/contacts", `{"outcome":"reached"}`, "Sec-Fetch-Site", "same-origin"),
			http.StatusCreated, "same-origin contact")
		token, err := e.auth.CreateAPIToken(ctx, rm01.ID, rm01.ID, "script")
		if err != nil {
			t.Fatal(err)
		}
		wantStatus(t, e.anon().postJSON(path, `{"state":"done"}`, "Authorization", "Bearer "+token, "Sec-Fetch-Site", "cross-site"),
			http.StatusOK, "bearer cross-site")
		if s := taskState(t, st, task); s != "done" {
			t.Errorf("the task is %q", s)
		}
	})
}
