package web

import (
	"context"
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

// rm01 logs a phone call answering an alert, with a follow-up: the contact, its task and the alert's new
// state are on the client's time line; missing outcome, a date in the past and another outlet's client are
// refused.
func TestLogContact(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		ctx := context.Background()
		rm01 := e.fx.Staff["rm01"]
		day := domain.Today(time.Now())
		if _, err := st.RaiseAlerts(ctx, day, []store.AlertRow{{Alert: alerts.Alert{ClientID: "C001", Rule: alerts.RuleMaturity,
			Key: "A002:x:7", Due: day.AddDays(7), Severity: alerts.Warn}, OutletID: "OT1",
			Assignee: alerts.Assignee{StaffID: rm01.ID, Role: domain.RoleRM}, RaisedOn: day, Deadline: time.Now().Add(time.Hour)}}); err != nil {
			t.Fatal(err)
		}
		var alertID string
		if err := st.DB().QueryRowContext(ctx, "SELECT CAST(alert_id AS TEXT) FROM alerts").Scan(&alertID); err != nil {
			t.Fatal(err)
		}
		// A purchase from the core-banking feed: a sale on the time line, with the accounts opened.
		if _, err := st.DB().ExecContext(ctx, st.Rebind(`INSERT INTO transactions (txn_id, account_id, client_id, business_date, ts, amount,
			amount_cny, currency, kind, channel, client_initiated) VALUES ('T77', 'A002', 'C001', ?, ?, -5000000, -5000000, 'CNY', 'purchase', 'counter', ?)`),
			domain.NewDate(2026, 1, 1), time.Date(2026, 1, 1, 10, 0, 0, 0, domain.Shanghai), true); err != nil {
			t.Fatal(err)
		}
		b := e.login("rm01")
		follow := day.AddDays(3).String()
		rec := b.post("/clients/C001/contacts", url.Values{"channel": {"phone"}, "outcome": {"interested"}, "note": {"到期后考虑转理财"},
			"next_step": {"带产品说明书上门"}, "follow_up": {follow}, "alert": {alertID}})
		wantStatus(t, rec, http.StatusSeeOther, "log a contact")
		body := b.get("/clients/C001").Body.String()
		i := strings.Index(body, `id="timeline-list"`)
		if i < 0 {
			t.Fatal("no time line")
		}
		tl := body[i : i+strings.Index(body[i:], "</table>")]
		for _, want := range []string{"电话", "到期后考虑转理财", "带产品说明书上门", "待办", "产品到期", "购买产品", "一年期定期", "¥50,000.00", "开户", "活期储蓄"} {
			if !strings.Contains(tl, want) {
				t.Errorf("time line lacks %q:\n%s", want, tl)
			}
		}
		// The follow-up is on rm01's day list this week; done in one click.
		home := b.get("/").Body.String()
		if !strings.Contains(home, `id="task-list"`) || !strings.Contains(home, "带产品说明书上门") {
			t.Errorf("the follow-up is not on the day list")
		}
		var taskID string
		if err := st.DB().QueryRowContext(ctx, "SELECT CAST(task_id AS TEXT) FROM tasks").Scan(&taskID); err != nil {
			t.Fatal(err)
		}
		// The follow-up is on the week calendar and in the iCalendar feed.
		cal := b.get("/calendar?week=" + follow).Body.String()
		if !strings.Contains(cal, `data-date="`+follow+`"`) || !strings.Contains(cal, "带产品说明书上门") {
			t.Errorf("the follow-up is not on the week calendar")
		}
		token, err := e.auth.CreateAPIToken(ctx, rm01.ID, rm01.ID, "calendar")
		if err != nil {
			t.Fatal(err)
		}
		ics := e.anon().get("/api/v1/calendar.ics", "Authorization", "Bearer "+token)
		wantStatus(t, ics, http.StatusOK, "ics")
		if body := ics.Body.String(); !strings.Contains(body, "BEGIN:VEVENT\r\n") || !strings.Contains(body, "DTSTART;VALUE=DATE:"+strings.ReplaceAll(follow, "-", "")) ||
			!strings.Contains(body, "带产品说明书上门") || ics.Header().Get("Content-Type") != "text/calendar; charset=utf-8" {
			t.Errorf("ics:\n%s", body)
		}
		wantStatus(t, e.login("rm03").post("/tasks/"+taskID, nil), http.StatusNotFound, "another outlet's task")
		wantStatus(t, b.post("/tasks/"+taskID, nil), http.StatusSeeOther, "done")
		if home := b.get("/").Body.String(); strings.Contains(home, "带产品说明书上门") {
			t.Error("a done task is still on the day list")
		}
		var state string
		if err := st.DB().QueryRowContext(ctx, "SELECT state FROM alerts").Scan(&state); err != nil || state != "worked" {
			t.Errorf("alert state %q (%v)", state, err)
		}
		wantStatus(t, b.post("/clients/C001/contacts", url.Values{"channel": {"visit"}}), http.StatusUnprocessableEntity, "no outcome")
		wantStatus(t, b.post("/clients/C001/contacts", url.Values{"outcome": {"reached"}, "next_step": {"x"}, "follow_up": {"2020-01-01"}}),
			http.StatusUnprocessableEntity, "a follow-up in the past")
		wantStatus(t, e.login("rm03").post("/clients/C001/contacts", url.Values{"outcome": {"reached"}}), http.StatusNotFound, "another outlet")
		var n int
		if err := st.DB().QueryRowContext(ctx, "SELECT count(*) FROM contacts").Scan(&n); err != nil || n != 1 {
			t.Errorf("%d contacts stored (%v)", n, err)
		}
	})
}

// The coverage page and its export, by tier and by RM, within the caller's scope.
func TestCoveragePage(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		ctx := context.Background()
		today := domain.Today(time.Now())
		for _, r := range []struct {
			client, tier string
			last         any
			due          domain.Date
		}{
			{"C001", "T4", today.AddDays(-3), today.AddDays(11)},  // contacted in time
			{"C002", "T4", nil, today.AddDays(-1)},                // never contacted, overdue
			{"C004", "T2", today.AddDays(-10), today.AddDays(80)}, // another outlet
		} {
			if _, err := st.DB().ExecContext(ctx, st.Rebind("INSERT INTO cadence (client_id, tier, cadence_days, last_contact, due_on) VALUES (?, ?, 14, ?, ?)"),
				r.client, r.tier, r.last, r.due); err != nil {
				t.Fatal(err)
			}
		}
		sup := e.login("sup01")
		body := sup.get("/coverage?by=tier").Body.String()
		i := strings.Index(body, `id="coverage"`)
		if i < 0 {
			t.Fatal("no coverage table")
		}
		table := body[i : i+strings.Index(body[i:], "</table>")]
		if !strings.Contains(table, "T4 高端客户") || !strings.Contains(table, "50.0%") || strings.Contains(table, "T2") {
			t.Errorf("coverage by tier for the OT1 supervisor:\n%s", table)
		}
		csv := sup.get("/export/coverage/csv?by=tier").Body.String()
		if !strings.Contains(csv, "T4 高端客户,2,1,50.0%") {
			t.Errorf("coverage csv: %q", csv)
		}
		if body := e.login("admin").get("/coverage?by=tier").Body.String(); !strings.Contains(body, "100.0%") {
			t.Errorf("admin sees the T2 client of OT3 contacted in time")
		}
	})
}

// The evening diary counts the day's contacts and keeps the person's note and plan.
func TestDiary(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		b := e.login("rm01")
		wantStatus(t, b.post("/clients/C001/contacts", url.Values{"channel": {"phone"}, "outcome": {"reached"}}), http.StatusSeeOther, "contact")
		wantStatus(t, b.post("/clients/C001/contacts", url.Values{"channel": {"phone"}, "outcome": {"no_answer"}}), http.StatusSeeOther, "contact again")
		body := b.get("/diary").Body.String()
		if got := elementText(t, body, "diary-contacts"); got != "2" || !strings.Contains(body, "其中联系上 1 位") {
			t.Errorf("diary contacts %q", got)
		}
		wantStatus(t, b.post("/diary", url.Values{"summary": {"回访两位客户"}, "plan": {"上午拜访张伟"}}), http.StatusSeeOther, "save")
		if body := b.get("/diary").Body.String(); !strings.Contains(body, "回访两位客户") || !strings.Contains(body, "上午拜访张伟") {
			t.Error("the note is not kept")
		}
		// Another person's diary is their own.
		if body := e.login("rm02").get("/diary").Body.String(); strings.Contains(body, "回访两位客户") {
			t.Error("rm02 sees rm01's diary")
		}
	})
}
