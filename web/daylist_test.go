package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/steward-bank/steward/alerts"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// A task for a role's people at the outlet (a cadence task for the outlet's client managers, nobody named)
// lists on the supervisor's tasks page under the role's name; a rejected task form shows the form again
// with the message and what was typed; and a page that cannot be rendered answers with the error page in
// the site's layout, with a way back.
func TestTasksPageWithRolePoolAndRejectedForm(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		today := domain.Today(time.Now())
		if _, err := st.DB().ExecContext(ctx, st.Rebind(`INSERT INTO tasks (client_id, assignee_id, assignee_role, outlet_id, source, title,
			due_on, priority, created_at) VALUES ('C003', NULL, 'rm', 'OT1', 'rule', 'cadence:T3', ?, 1, ?)`), today, time.Now().UTC()); err != nil {
			t.Fatal(err)
		}
		sup := e.login("sup01")
		rec := sup.get("/tasks")
		wantStatus(t, rec, http.StatusOK, "the supervisor's tasks page with a role's task")
		if body := rec.Body.String(); !strings.Contains(body, `<td class="assignee">客户经理</td>`) || !strings.Contains(body, "王芳") {
			t.Errorf("the role's task is not listed under the role's name")
		}
		// A due date in the past: the form comes back with the message and what was typed.
		rec = sup.post("/tasks", url.Values{"assignee": {fmt.Sprint(e.fx.Staff["rm01"].ID)}, "client": {"C001"}, "kind": {"call"},
			"due": {today.AddDays(-3).String()}, "priority": {"2"}, "note": {"回访到期客户"}})
		wantStatus(t, rec, http.StatusUnprocessableEntity, "a due date in the past")
		body := rec.Body.String()
		if !strings.Contains(body, msg(langZH, "task.badDue")) || !strings.Contains(body, `id="assign-form"`) || !strings.Contains(body, `value="回访到期客户"`) {
			t.Errorf("the rejected form does not come back with its message and values")
		}
		// A page whose template fails: the error page, in the layout, with a way home.
		req := httptest.NewRequest(http.MethodGet, "/tasks", nil)
		for _, c := range sup.cookies {
			req.AddCookie(c)
		}
		pr := e.srv.sessionOrNil(req)
		if pr == nil {
			t.Fatal("no session")
		}
		w := httptest.NewRecorder()
		v := e.srv.newView(req, pr)
		v.Data = 42 // not what tasks.html reads: the template fails
		e.srv.render(w, req, http.StatusOK, "tasks.html", v)
		if w.Code != http.StatusInternalServerError || !strings.Contains(w.Body.String(), `class="topbar"`) ||
			!strings.Contains(w.Body.String(), `id="error-home"`) || !strings.Contains(w.Body.String(), msg(langZH, "err.internal")) {
			t.Errorf("a failed page: %d\n%s", w.Code, w.Body.String())
		}
		// Not found and forbidden pages, in English too, offer the page the person came from.
		rec = sup.get("/no-such-page", "Referer", "http://example.com/clients?q=1", "Accept-Language", "en")
		if rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), `href="/clients?q=1"`) ||
			!strings.Contains(rec.Body.String(), "Back to the previous page") || !strings.Contains(rec.Body.String(), `class="topbar"`) {
			t.Errorf("not found: %d %s", rec.Code, rec.Body.String())
		}
		if rec := sup.get("/no-such-page", "Referer", "http://evil.example/x"); strings.Contains(rec.Body.String(), "evil") {
			t.Error("the way back leads off the site")
		}
	})
}

var alertRowRE = regexp.MustCompile(`data-alert-id="(\d+)"`)

// The day list and the alerts page count every alert, not the first 50: 120 alerts of rm01 show as 120 on
// the home page (the 10 most urgent listed, a link to the rest), in pages of 50 on the alerts page,
// filtered, sorted and exported whole; closing one counts 119. The supervisor lists the team's.
func TestAlertsPageCountsFiltersPagesExports(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		rm01 := e.fx.Staff["rm01"]
		now := time.Now()
		today := domain.Today(now)
		var rows []store.AlertRow
		for i := range 120 {
			sev, rule := alerts.Info, alerts.RuleBirthday
			if i%4 == 0 {
				sev, rule = alerts.Urgent, alerts.RuleMovedOut
			}
			rows = append(rows, store.AlertRow{Alert: alerts.Alert{ClientID: "C001", Rule: rule, Key: fmt.Sprint("k", i), Due: today.AddDays(i % 30),
				Severity: sev, Figures: alerts.Figures{Name: "张伟", AccountID: "A001", AmountFen: 100, TxnID: "T"}},
				OutletID: "OT1", Assignee: alerts.Assignee{StaffID: rm01.ID, Role: domain.RoleRM}, RaisedOn: today, Deadline: now.Add(time.Duration(i-60)*time.Hour + 30*time.Minute)})
		}
		if _, err := st.RaiseAlerts(ctx, today, rows); err != nil {
			t.Fatal(err)
		}
		b := e.login("rm01")
		home := b.get("/").Body.String()
		if got := elementText(t, home, "h-alerts"); got != "待处理预警 (120)" {
			t.Errorf("home alert heading %q", got)
		}
		if open := elementText(t, home, "day-open"); !strings.Contains(open, "预警 120 条") {
			t.Errorf("home counts %q", open)
		}
		if n := len(alertRowRE.FindAllString(home, -1)); n != homeListSize || !strings.Contains(home, "查看全部 120 条预警") {
			t.Errorf("home lists %d alerts, or has no link to the rest", n)
		}
		page := func(q string) (string, []string) {
			rec := b.get("/alerts" + q)
			wantStatus(t, rec, http.StatusOK, "alerts "+q)
			var ids []string
			for _, m := range alertRowRE.FindAllStringSubmatch(rec.Body.String(), -1) {
				ids = append(ids, m[1])
			}
			return rec.Body.String(), ids
		}
		body, p1 := page("")
		if len(p1) != 50 || !strings.Contains(elementText(t, body, "alert-total"), "共 120 条") || !strings.Contains(body, `id="nav-alerts"`) {
			t.Fatalf("page 1: %d rows, total %q", len(p1), elementText(t, body, "alert-total"))
		}
		_, p3 := page("?page=3")
		seen := map[string]bool{}
		for _, id := range append(p1, p3...) {
			seen[id] = true
		}
		_, p2 := page("?page=2")
		for _, id := range p2 {
			seen[id] = true
		}
		if len(p3) != 20 || len(seen) != 120 {
			t.Errorf("pages: %d on page 3, %d distinct", len(p3), len(seen))
		}
		// Most severe first: the first page starts with the 30 urgent ones.
		rules := regexp.MustCompile(`data-rule="([a-z_]+)"`).FindAllStringSubmatch(body, -1)
		if len(rules) != 50 || rules[0][1] != "moved_out" || rules[29][1] != "moved_out" || rules[30][1] != "birthday" {
			t.Error("the urgent alerts are not first")
		}
		body, _ = page("?severity=urgent")
		if !strings.Contains(elementText(t, body, "alert-total"), "共 30 条") {
			t.Errorf("urgent: %q", elementText(t, body, "alert-total"))
		}
		body, _ = page("?rule=birthday&client=C001")
		if !strings.Contains(elementText(t, body, "alert-total"), "共 90 条") {
			t.Errorf("birthday: %q", elementText(t, body, "alert-total"))
		}
		body, _ = page("?overdue=1")
		if !strings.Contains(elementText(t, body, "alert-total"), "共 60 条") {
			t.Errorf("past the deadline: %q", elementText(t, body, "alert-total"))
		}
		body, _ = page("?client=C002")
		if !strings.Contains(elementText(t, body, "alert-total"), "共 0 条") {
			t.Errorf("another client: %q", elementText(t, body, "alert-total"))
		}
		// Sorted by due date, then reversed.
		body, byDue := page("?sort=due")
		_, byDueDesc := page("?sort=due&desc=1")
		if !strings.Contains(body, today.String()) || byDue[0] == byDueDesc[0] {
			t.Error("sorting by due date")
		}
		for _, q := range []string{"?rule=nonsense", "?severity=high", "?state=gone", "?sort=name", "?page=0", "?tier=T9", "?view=team"} {
			wantStatus(t, b.get("/alerts"+q), http.StatusBadRequest, "alerts "+q)
		}
		// The export is the whole filtered list.
		csv := b.get("/alerts/export/csv?rule=moved_out").Body.String()
		if n := strings.Count(csv, "\r\n"); n != 31 {
			t.Errorf("the csv export holds %d lines, want 31", n)
		}
		rec := b.get("/alerts/export/xlsx")
		wantStatus(t, rec, http.StatusOK, "alerts xlsx")
		f, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if xrows, _ := f.GetRows(f.GetSheetName(0)); len(xrows) != 121 {
			t.Errorf("the workbook holds %d rows, want 121", len(xrows))
		}
		// Closing one: 119, on the home page and the alerts page; the form returns to the alerts page.
		rec = b.post("/alerts/"+p1[0], url.Values{"action": {"close"}, "outcome": {"已联系"}, "next": {"alerts"}})
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/alerts" {
			t.Fatalf("close from the alerts page: %d %s", rec.Code, rec.Header().Get("Location"))
		}
		if got := elementText(t, b.get("/").Body.String(), "h-alerts"); got != "待处理预警 (119)" {
			t.Errorf("after closing one: %q", got)
		}
		body, _ = page("?state=closed")
		if !strings.Contains(elementText(t, body, "alert-total"), "共 1 条") {
			t.Errorf("closed: %q", elementText(t, body, "alert-total"))
		}
		// The supervisor: their own alerts (none), the team's (119 open), one member's.
		sup := e.login("sup01")
		if body := sup.get("/alerts").Body.String(); !strings.Contains(elementText(t, body, "alert-total"), "共 0 条") {
			t.Errorf("the supervisor's own: %q", elementText(t, body, "alert-total"))
		}
		if body := sup.get("/alerts?view=team").Body.String(); !strings.Contains(elementText(t, body, "alert-total"), "共 119 条") || !strings.Contains(body, "钱经理") {
			t.Errorf("the team's: %q", elementText(t, body, "alert-total"))
		}
		if body := sup.get(fmt.Sprintf("/alerts?view=team&assignee=%d", e.fx.Staff["rm02"].ID)).Body.String(); !strings.Contains(elementText(t, body, "alert-total"), "共 0 条") {
			t.Errorf("rm02's: %q", elementText(t, body, "alert-total"))
		}
		// The filter form as submitted with a member chosen but the view list left at "mine": the team's view
		// of that member, not a refusal.
		rec = sup.get(fmt.Sprintf("/alerts?view=mine&state=open&assignee=%d", e.fx.Staff["rm01"].ID))
		wantStatus(t, rec, http.StatusOK, "a member chosen in the mine view")
		if !strings.Contains(elementText(t, rec.Body.String(), "alert-total"), "共 119 条") {
			t.Errorf("rm01's, chosen from the mine view: %q", elementText(t, rec.Body.String(), "alert-total"))
		}
		// Another outlet's RM sees none of them; the admin has no alerts page in the navigation.
		if body := e.login("rm03").get("/alerts?client=C001").Body.String(); !strings.Contains(elementText(t, body, "alert-total"), "共 0 条") {
			t.Error("another outlet's RM")
		}
		if body := e.login("admin").get("/").Body.String(); strings.Contains(body, `id="nav-alerts"`) {
			t.Error("the admin's navigation offers alerts")
		}
	})
}

var taskRowRE = regexp.MustCompile(`data-task-id="(\d+)"`)

// 70 open tasks of rm01: the home page counts those due within a week (and by today) truly and lists the
// first 10; the tasks page counts all, pages them by 50, sorts, filters by client and exports them whole.
func TestTasksCountsPagesExports(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		rm01 := e.fx.Staff["rm01"]
		today := domain.Today(time.Now())
		for i := range 70 {
			if _, err := st.DB().ExecContext(ctx, st.Rebind(`INSERT INTO tasks (client_id, assignee_id, assignee_role, outlet_id, source, title,
				due_on, priority, created_at) VALUES ('C001', ?, 'rm', 'OT1', 'contact', ?, ?, ?, ?)`), rm01.ID, fmt.Sprint("回访 ", i),
				today.AddDays(i%14), 1+i%3, time.Now().UTC()); err != nil {
				t.Fatal(err)
			}
		}
		// Due within a week: i%14 in 0..7, 8 of every 14: 5×8 = 40; due today: 5.
		b := e.login("rm01")
		home := b.get("/").Body.String()
		if got := elementText(t, home, "h-tasks"); got != "近七日任务 (40)" {
			t.Errorf("home task heading %q", got)
		}
		if open := elementText(t, home, "day-open"); !strings.Contains(open, "5") {
			t.Errorf("home counts %q", open)
		}
		if n := len(taskRowRE.FindAllString(home, -1)); n != homeListSize || !strings.Contains(home, `<a href="/tasks" id="all-tasks">`) {
			t.Errorf("home lists %d tasks", n)
		}
		rec := b.get("/tasks")
		wantStatus(t, rec, http.StatusOK, "tasks")
		if n := len(taskRowRE.FindAllString(rec.Body.String(), -1)); n != 50 || !strings.Contains(elementText(t, rec.Body.String(), "task-total"), "共 70 项") {
			t.Errorf("tasks page 1: %d rows, %q", n, elementText(t, rec.Body.String(), "task-total"))
		}
		rec = b.get("/tasks?page=2&sort=priority")
		if n := len(taskRowRE.FindAllString(rec.Body.String(), -1)); n != 20 {
			t.Errorf("tasks page 2: %d rows", n)
		}
		if body := b.get("/tasks?client=C002").Body.String(); !strings.Contains(elementText(t, body, "task-total"), "共 0 项") {
			t.Error("the client filter")
		}
		wantStatus(t, b.get("/tasks?sort=nonsense"), http.StatusBadRequest, "an unknown sort")
		if csv := b.get("/tasks/export/csv").Body.String(); strings.Count(csv, "\r\n") != 71 {
			t.Errorf("the tasks export holds %d lines, want 71", strings.Count(csv, "\r\n"))
		}
	})
}

// On a later day an alert's text is as of that day, not the night it was raised: a deposit maturing the
// day after the alert says it matured 30 days ago, with the alert's age and its escalation.
func TestAlertTextsAsOfTheViewingDay(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		rm01 := e.fx.Staff["rm01"]
		raised := domain.Today(time.Now())
		later := time.Now().Add(31 * 24 * time.Hour)
		if _, err := st.RaiseAlerts(ctx, raised, []store.AlertRow{
			{Alert: alerts.Alert{ClientID: "C001", Rule: alerts.RuleMaturity, Key: "A002", Due: raised.AddDays(1), Severity: alerts.Warn,
				Figures: alerts.Figures{AccountID: "A002", AmountFen: 50_000_000, Days: 1, Lead: 1}},
				OutletID: "OT1", Assignee: alerts.Assignee{StaffID: rm01.ID, Role: domain.RoleRM}, RaisedOn: raised, Deadline: time.Now().Add(time.Hour)},
			{Alert: alerts.Alert{ClientID: "C001", Rule: alerts.RuleBirthday, Key: "b", Due: raised.AddDays(31), Severity: alerts.Info,
				Figures: alerts.Figures{Name: "张伟", Days: 31}},
				OutletID: "OT1", Assignee: alerts.Assignee{StaffID: rm01.ID, Role: domain.RoleRM}, RaisedOn: raised, Deadline: time.Now().Add(time.Hour)},
		}); err != nil {
			t.Fatal(err)
		}
		if n, err := st.EscalateAlerts(ctx, time.Now().Add(2*time.Hour)); err != nil || n != 2 {
			t.Fatalf("escalate: %d %v", n, err)
		}
		b := e.login("rm01")
		if body := b.get("/").Body.String(); !strings.Contains(body, "1 天后到期") || !strings.Contains(body, "今天产生") {
			t.Errorf("on the day it was raised:\n%s", body)
		}
		e.auth.Now = func() time.Time { return later }
		st.Now = e.auth.Now
		t.Cleanup(func() { st.Now = time.Now })
		b = e.login("rm01") // a new session on the later day
		body := b.get("/alerts").Body.String()
		for _, want := range []string{"账户 A002 余额 ¥500,000.00，已到期 30 天", "张伟 今天生日", "31 天前产生", "已升级至赵主管"} {
			if !strings.Contains(body, want) {
				t.Errorf("31 days later the alerts page lacks %q", want)
			}
		}
		if strings.Contains(body, "天后到期") || !strings.Contains(body, "alert-row") {
			t.Log(body)
			t.Error("a stale text")
		}
		if en := b.get("/alerts", "Accept-Language", "en").Body.String(); !strings.Contains(en, "matured 30 days ago") || !strings.Contains(en, "raised 31 days ago") {
			t.Error("the English texts")
		}
	})
}

// A downgrade warning says which held stars are below: on the client's rating history and on the alert,
// for the contribution stars alone (a wealth card holds the service stars), the service stars alone and
// both; a warning recorded without it keeps the old wording.
func TestDowngradeWarningTexts(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		rm01 := e.fx.Staff["rm01"]
		today := domain.Today(time.Now())
		for i, c := range []struct {
			below   string
			c, s    int
			history string
			alert   string
		}{
			{"contribution", 5, 6, "低于现有贡献星级(五星)，服务星级(六星)由所持升级产品保持", "星点值低于现有贡献星级；服务星级由所持升级产品保持，不受影响"},
			{"service", 4, 6, "低于现有服务星级(六星)", "星点值低于现有服务星级"},
			{"both", 5, 5, "低于现有贡献星级(五星)和服务星级(五星)", "星点值低于现有贡献星级和服务星级"},
		} {
			on := today.AddDays(-i)
			if _, err := st.DB().ExecContext(ctx, st.Rebind(`INSERT INTO rating_history (client_id, on_date, occasion, reason, from_contribution,
				to_contribution, from_service, to_service, from_tier, to_tier, star_points, below_count, below_stars)
				VALUES ('C001', ?, 'monthly', 'down_grace', ?, ?, ?, ?, 'T3', 'T3', 0, 1, ?)`), on, c.c, c.c, c.s, c.s, c.below); err != nil {
				t.Fatal(err)
			}
			if _, err := st.RaiseAlerts(ctx, on, []store.AlertRow{{Alert: alerts.Alert{ClientID: "C001", Rule: alerts.RuleDowngradeWarning,
				Key: c.below, Due: on, Severity: alerts.Warn, Figures: alerts.Figures{Below: c.below}}, OutletID: "OT1",
				Assignee: alerts.Assignee{StaffID: rm01.ID, Role: domain.RoleRM}, RaisedOn: on, Deadline: time.Now().Add(time.Hour)}}); err != nil {
				t.Fatal(err)
			}
			b := e.login("rm01")
			client := b.get("/clients/C001").Body.String()
			if !strings.Contains(client, c.history) {
				t.Errorf("%s: the rating history lacks %q", c.below, c.history)
			}
			if page := b.get("/alerts?rule=downgrade_warning").Body.String(); !strings.Contains(page, c.alert) {
				t.Errorf("%s: the alert lacks %q", c.below, c.alert)
			}
		}
		b := e.login("rm01")
		if client := b.get("/clients/C001").Body.String(); strings.Count(client, "低于现有服务星级") != 1 {
			t.Errorf("the service stars are named below %d times, want once (the service-only warning)", strings.Count(client, "低于现有服务星级"))
		}
		if en := b.get("/alerts?rule=downgrade_warning", "Accept-Language", "en").Body.String(); !strings.Contains(en, "below both the held contribution and service stars") {
			t.Error("the English alert text")
		}
	})
}

// Every rule's alert has a text in both languages, before, on and after the date it is about, with no
// unfilled argument and no message key showing.
func TestEveryAlertHasAText(t *testing.T) {
	raised := domain.NewDate(2026, 11, 3)
	for _, rule := range alerts.AllRules {
		a := store.AlertView{Rule: string(rule), Due: raised.AddDays(1), RaisedOn: raised, Figures: alerts.Figures{AccountID: "A1", AmountFen: 100,
			TxnID: "T1", Name: "张伟", From: "4", To: "5", Missing: "mobile,address", Since: "2026-01-01", Cadence: 30, Below: "both"}}
		switch rule {
		case alerts.RuleDormant, alerts.RuleChurning, alerts.RuleLost:
			a.Figures.From, a.Figures.To = "active", string(rule)
		case alerts.RuleTierUp, alerts.RuleTierDown:
			a.Figures.From, a.Figures.To = "T3", "T4"
		}
		for _, lang := range []string{langZH, langEN} {
			for _, day := range []int{0, 1, 31} {
				v := &view{Lang: lang, Now: raised.AddDays(day).Time().Add(12 * time.Hour)}
				text := v.AlertText(a)
				if text == "" || strings.Contains(text, "%!") || regexp.MustCompile(`[a-z]+\.[a-z]+`).MatchString(strings.ReplaceAll(text, "A1", "")) {
					t.Errorf("%s (%s, day %d): %q", rule, lang, day, text)
				}
			}
		}
	}
}
