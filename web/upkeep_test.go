package web

import (
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

// "电话已核实" on the client view: a teller at the counter and the client's own manager verify in one click
// (audited); a manager reading an unassigned client may not, nor may anyone outside the scope.
func TestVerifyPhone(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		rm01 := e.login("rm01")
		body := rm01.get("/clients/C001").Body.String()
		if got := elementText(t, body, "phone-verified"); !strings.Contains(got, "从未核实") || !strings.Contains(got, "2015-06-01") {
			t.Errorf("never verified: %q", got)
		}
		wantStatus(t, rm01.post("/clients/C001/phone-verified", nil), http.StatusSeeOther, "rm01 verifies C001")
		if got := elementText(t, rm01.get("/clients/C001").Body.String(), "phone-verified"); strings.Contains(got, "从未") {
			t.Errorf("after verifying: %q", got)
		}
		wantStatus(t, rm01.post("/clients/C003/phone-verified", nil), http.StatusForbidden, "rm01 on an unassigned client (read-only)")
		wantStatus(t, rm01.post("/clients/C004/phone-verified", nil), http.StatusNotFound, "rm01 on another outlet's client")
		wantStatus(t, e.login("teller01").post("/clients/C003/phone-verified", nil), http.StatusSeeOther, "a teller at the counter")
		var n int
		if err := st.DB().QueryRowContext(ctx, "SELECT count(*) FROM audit_events WHERE detail LIKE '%phone_verified_on%'").Scan(&n); err != nil || n != 2 {
			t.Errorf("%d verifications audited (%v)", n, err)
		}
	})
}

// "按农历过生日" on the client view: the client's manager marks that C001 keeps the lunar birthday (its lunar
// day shows, the API says so, the change is audited) and unmarks it; a manager reading an unassigned client
// may not, nor may anyone outside the scope; a value other than 0 or 1 is refused.
func TestLunarBirthdayMark(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		rm01 := e.login("rm01")
		if got := elementText(t, rm01.get("/clients/C001").Body.String(), "lunar-birthday"); !strings.Contains(got, "按公历过生日") {
			t.Errorf("before marking: %q", got)
		}
		wantStatus(t, rm01.post("/clients/C001/lunar-birthday", url.Values{"lunar": {"1"}}), http.StatusSeeOther, "rm01 marks C001")
		if got := elementText(t, rm01.get("/clients/C001").Body.String(), "lunar-birthday"); !strings.Contains(got, "按农历过生日（农历二月十一）") {
			t.Errorf("after marking: %q", got)
		}
		if body := rm01.get("/api/v1/clients/C001").Body.String(); !strings.Contains(body, `"lunar_birthday":true`) {
			t.Errorf("the API's client: %s", body)
		}
		wantStatus(t, rm01.post("/clients/C001/lunar-birthday", url.Values{"lunar": {"yes"}}), http.StatusBadRequest, "a value other than 0 or 1")
		wantStatus(t, rm01.post("/clients/C003/lunar-birthday", url.Values{"lunar": {"1"}}), http.StatusForbidden, "rm01 on an unassigned client (read-only)")
		wantStatus(t, rm01.post("/clients/C004/lunar-birthday", url.Values{"lunar": {"1"}}), http.StatusNotFound, "rm01 on another outlet's client")
		wantStatus(t, rm01.post("/clients/C001/lunar-birthday", url.Values{"lunar": {"0"}}), http.StatusSeeOther, "rm01 unmarks C001")
		if got := elementText(t, rm01.get("/clients/C001").Body.String(), "lunar-birthday"); !strings.Contains(got, "按公历过生日") {
			t.Errorf("after unmarking: %q", got)
		}
		var n int
		if err := st.DB().QueryRowContext(ctx, "SELECT count(*) FROM audit_events WHERE object_id = 'C001' AND detail LIKE '%lunar_birthday%'").Scan(&n); err != nil || n != 2 {
			t.Errorf("%d marks audited (%v), want 2", n, err)
		}
	})
}

// The contact-overdue and phone-stale alerts on rm01's day list name the last contact, the cadence and the
// date staleness counts from; a phone call that reaches the client closes both.
func TestUpkeepAlertsOnDayList(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		rm01 := e.fx.Staff["rm01"]
		day := domain.Today(time.Now())
		who := alerts.Assignee{StaffID: rm01.ID, Role: domain.RoleRM}
		if _, err := st.RaiseAlerts(ctx, day, []store.AlertRow{
			{Alert: alerts.Alert{ClientID: "C001", Rule: alerts.RuleContactOverdue, Key: "due:" + day.AddDays(-5).String(), Due: day.AddDays(-5),
				Severity: alerts.Warn, Figures: alerts.Figures{Since: "2026-10-25", Cadence: 14, Days: 5}}, OutletID: "OT1", Assignee: who,
				RaisedOn: day, Deadline: time.Now().Add(time.Hour)},
			{Alert: alerts.Alert{ClientID: "C001", Rule: alerts.RulePhoneStale, Key: "opened:2015-06-01", Due: domain.NewDate(2016, 6, 1),
				Severity: alerts.Info, Figures: alerts.Figures{Since: "2015-06-01", Opened: true, Cadence: 12}}, OutletID: "OT1", Assignee: who,
				RaisedOn: day, Deadline: time.Now().Add(time.Hour)},
		}); err != nil {
			t.Fatal(err)
		}
		b := e.login("rm01")
		home := b.get("/").Body.String()
		for _, want := range []string{"联系逾期", "上次联系 2026-10-25, 维护周期 14 天, 已逾期 5 天", "电话未核实", "电话从未核实, 自开户日 2015-06-01 起超过 12 个月"} {
			if !strings.Contains(home, want) {
				t.Errorf("the day list lacks %q", want)
			}
		}
		if en := b.get("/", "Accept-Language", "en").Body.String(); !strings.Contains(en, "phone never verified, over 12 months since the account opened on 2015-06-01") {
			t.Error("the English text")
		}
		wantStatus(t, b.post("/clients/C001/contacts", url.Values{"channel": {"phone"}, "outcome": {"reached"}}), http.StatusSeeOther, "a call")
		var open int
		if err := st.DB().QueryRowContext(ctx, "SELECT count(*) FROM alerts WHERE state <> 'closed'").Scan(&open); err != nil || open != 0 {
			t.Errorf("%d alerts still open after the call (%v)", open, err)
		}
	})
}
