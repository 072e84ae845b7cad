package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/steward-bank/steward/alerts"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
)

// rm01 logs in, sees the day list, opens an alert's client, logs a phone call with a follow-up, and the
// task appears on the week calendar.
func TestRMDayAlertContactCalendar(t *testing.T) {
	ts, st, _ := server(t, "sqlite")
	ctx := browser(t)
	c := rm01Client(t, st)
	rm01, err := st.StaffByUsername(context.Background(), "rm01")
	if err != nil {
		t.Fatal(err)
	}
	today := domain.Today(time.Now())
	if _, err := st.RaiseAlerts(context.Background(), today, []store.AlertRow{{
		Alert: alerts.Alert{ClientID: c.ClientID, Rule: alerts.RuleMaturity, Key: "e2e", Due: today.AddDays(7), Severity: alerts.Warn,
			Figures: alerts.Figures{AccountID: "A-E2E", AmountFen: 20_000_000, Days: 7, Lead: 7}},
		OutletID: c.OutletID, Assignee: alerts.Assignee{StaffID: rm01.ID, Role: domain.RoleRM}, RaisedOn: today,
		Deadline: time.Now().Add(48 * time.Hour)}}); err != nil {
		t.Fatal(err)
	}
	follow := today.AddDays(2)
	var taskText string
	err = chromedp.Run(ctx,
		login(ts.URL, "rm01"),
		chromedp.WaitVisible("#alert-list", chromedp.ByQuery),
		shot(t, "08-rm-day-list"),
		chromedp.Click(`#alert-list tr[data-rule="maturity"] a.client-link`, chromedp.ByQuery),
		chromedp.WaitVisible("#contact-form", chromedp.ByQuery),
		chromedp.SetValue("#outcome", "interested", chromedp.ByQuery),
		chromedp.SendKeys("#contact-note", "到期资金考虑转理财", chromedp.ByQuery),
		chromedp.SendKeys("#next-step", "电话回访确认产品", chromedp.ByQuery),
		chromedp.SetValue("#follow-up", follow.String(), chromedp.ByQuery),
		chromedp.Click("#log-contact", chromedp.ByQuery),
		// The saved contact's page (post/redirect/get) says so; the form's page may already show a time line.
		chromedp.WaitVisible(".flash-ok", chromedp.ByQuery),
		chromedp.WaitVisible("#timeline-list", chromedp.ByQuery),
		chromedp.ScrollIntoView("#timeline", chromedp.ByQuery),
		shot(t, "09-contact-logged"),
		chromedp.Navigate(ts.URL+"/calendar?week="+follow.String()),
		chromedp.WaitVisible(`.day[data-date="`+follow.String()+`"] .cal-task`, chromedp.ByQuery),
		chromedp.Text(`.day[data-date="`+follow.String()+`"] .cal-task`, &taskText, chromedp.ByQuery),
		shot(t, "10-week-calendar"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(taskText, "电话回访确认产品") || !strings.Contains(taskText, c.Name) {
		t.Errorf("calendar task %q", taskText)
	}
	var state string
	if err := st.DB().QueryRow("SELECT state FROM alerts WHERE fact_key = 'e2e'").Scan(&state); err != nil || state != "acknowledged" && state != "worked" {
		t.Errorf("alert state %q (%v)", state, err)
	}
}
