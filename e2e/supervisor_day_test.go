package e2e

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/demo/demotest"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
	"github.com/steward-bank/steward/web"
)

// sup01's prescribed day (seed 004, the supervisor's routine) in the browser, on a demo bank built as
// `steward demo` builds it, in the seed's order: approve a client manager's relationship request; look at
// next week's plan; assign an unassigned T3 client with open alerts to rm01, whose alerts list then holds
// them; submit the drafted rotation of rm02's book, which om01 approves and sup01 applies; mark a key-focus
// client; read the system-use and completeness tables; assign a maturing unassigned client in place; read
// the intent clients and referrals. It opens on the console. Screenshots of each step go to
// test-output/screenshots.
func TestSupervisorDay(t *testing.T) {
	st := storetest.OpenSQLite(t, filepath.Join(t.TempDir(), "steward.db"))
	t.Cleanup(func() { st.Close() })
	bank := demotest.Build(t, st, 2000, demoPassword)
	srv, err := web.New(web.Config{Store: st, Auth: auth.NewService(st, bank.Policy), Policy: bank.Policy, Demo: true,
		Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})), ReportDir: bank.Reports,
		Calendar: bank.Calendar, HolidayDir: bank.Holidays})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	bg := context.Background()
	sup01, err := st.StaffByUsername(bg, "sup01")
	if err != nil {
		t.Fatal(err)
	}
	rm01, err := st.StaffByUsername(bg, "rm01")
	if err != nil {
		t.Fatal(err)
	}
	outlet := sup01.OrgID
	one := func(what, q string, args ...any) string {
		t.Helper()
		var s string
		if err := st.DB().QueryRowContext(bg, st.Rebind(q), args...).Scan(&s); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return s
	}
	// An unassigned T3 client of the outlet with open alerts, that no request waits for. The demo keeps
	// every client of 20万 or more, so one of rm01's T3 clients with open alerts is first released (its
	// relationship ended through the assignment use case: its alerts go to the supervisors' pool).
	t3Query := `SELECT c.client_id FROM clients c JOIN client_ratings r ON r.client_id = c.client_id
		WHERE c.outlet_id = ? AND COALESCE(c.rm_id, 0) = ? AND r.tier = 'T3'
		AND EXISTS (SELECT 1 FROM alerts a WHERE a.client_id = c.client_id AND a.state <> 'closed')
		AND NOT EXISTS (SELECT 1 FROM relationship_requests q WHERE q.client_id = c.client_id)
		ORDER BY c.client_id LIMIT 1`
	var t3 string
	if err := st.DB().QueryRowContext(bg, st.Rebind(t3Query), outlet, 0).Scan(&t3); err != nil {
		t3 = one("a T3 client of rm01 with open alerts", t3Query, outlet, rm01.ID)
		org, err := st.Org(bg, outlet)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.AssignClients(bg, access.ScopeFor(sup01, org), sup01.ID, bank.Policy, store.RMAssignment{ClientIDs: []string{t3},
			Reason: "原客户经理调整服务关系"}); err != nil {
			t.Fatal(err)
		}
	}
	// A maturing unassigned client of the outlet: one of the demo's, or an account given today's maturity.
	today := domain.Today(time.Now())
	_, monthEnd := store.MaturingFrom(time.Now())
	var maturing string
	err = st.DB().QueryRowContext(bg, st.Rebind(`SELECT c.client_id FROM accounts a JOIN clients c ON c.client_id = a.client_id
		WHERE c.outlet_id = ? AND c.rm_id IS NULL AND a.status = 'active' AND a.maturity_date >= ? AND a.maturity_date <= ? AND c.client_id <> ?
		ORDER BY a.maturity_date, c.client_id LIMIT 1`), outlet, today, monthEnd, t3).Scan(&maturing)
	if err != nil {
		maturing = one("an unassigned client", `SELECT c.client_id FROM clients c WHERE c.outlet_id = ? AND c.rm_id IS NULL AND c.client_id <> ?
			AND NOT EXISTS (SELECT 1 FROM relationship_requests q WHERE q.client_id = c.client_id) ORDER BY c.client_id LIMIT 1`, outlet, t3)
		product := one("a time deposit", "SELECT product_code FROM products WHERE category = 'time' ORDER BY product_code LIMIT 1")
		if err := st.PutAccounts(bg, []domain.Account{{AccountID: "E2E-MAT", ClientID: maturing, ProductCode: product, Currency: "CNY",
			Balance: 30_000_000, BalanceCNY: 30_000_000, OpenDate: today.AddDays(-365), MaturityDate: today, Status: "active"}}); err != nil {
			t.Fatal(err)
		}
	}

	// rm01 found a client interested in a product, and the lobby manager handed one of rm01's clients over.
	own := rm01Client(t, st)
	rmOrg, err := st.Org(bg, rm01.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.LogContact(bg, access.ScopeFor(rm01, rmOrg), rm01.ID, store.Contact{ClientID: own.ClientID, Channel: "phone",
		Outcome: "interested", Note: "有意购买稳健理财"}); err != nil {
		t.Fatal(err)
	}
	lobby, err := st.StaffByUsername(bg, "lobby01")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.HandOver(bg, access.ScopeFor(lobby, rmOrg), lobby.ID, own.ClientID, rm01.ID, "客户咨询大额存单", today.AddDays(1)); err != nil {
		t.Fatal(err)
	}

	ctx := browser(t)
	ctx, cancel := context.WithTimeout(ctx, 150*time.Second)
	defer cancel()
	var plan, planState, alertsText, maturingRM, consoleText, useText string
	var requestsLeft, alertRows int
	err = chromedp.Run(ctx,
		// The console answers the seed's actions in order; each section links to its page.
		login(ts.URL, "sup01"),
		chromedp.Navigate(ts.URL+"/console"),
		chromedp.WaitVisible("#console-campaigns", chromedp.ByQuery),
		chromedp.Text("main", &consoleText, chromedp.ByQuery),
		shot(t, "supday-00-console"),

		// 1. Approvals: the relationship requests rm01 left.
		chromedp.Navigate(ts.URL+"/approvals"),
		chromedp.WaitVisible("#requests tr.request-row", chromedp.ByQuery),
		shot(t, "supday-01-approvals"),
		chromedp.SendKeys("#requests tr.request-row input[name=reason]", "客户同意建立服务关系", chromedp.ByQuery),
		chromedp.Click(`#requests tr.request-row button[value=approve]`, chromedp.ByQuery),
		chromedp.WaitVisible("#rel-approvals", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll("#requests tr.request-row").length`, &requestsLeft),
		shot(t, "supday-02-request-approved"),

		// 2. Next week's plan of the team.
		chromedp.Navigate(ts.URL+"/calendar?team=1"),
		chromedp.WaitVisible("#plan", chromedp.ByQuery),
		shot(t, "supday-03-next-week-plan"),

		// 3. An unassigned T3 client with open alerts goes to rm01 on the client view.
		chromedp.Navigate(ts.URL+"/clients/"+t3+"#relationship"),
		chromedp.WaitVisible("#assign-form", chromedp.ByQuery),
		chromedp.SetValue("#assign-rm", "rm01", chromedp.ByQuery),
		chromedp.SendKeys("#assign-reason", "T3 客户，指定客户经理维护", chromedp.ByQuery),
		chromedp.ActionFunc(func(ctx context.Context) error {
			// Beyond the cap, the supervisor overrides (audited).
			return chromedp.Evaluate(`(()=>{const o=document.querySelector("#assign-override"); if(o){o.checked=true}; return true})()`, nil).Do(ctx)
		}),
		chromedp.ScrollIntoView("#assign-form", chromedp.ByQuery),
		shot(t, "supday-04-assign-t3"),
		chromedp.Click("#assign-submit", chromedp.ByQuery),
		chromedp.WaitVisible(".flash-ok", chromedp.ByQuery),
		login(ts.URL, "rm01"),
		chromedp.Navigate(ts.URL+"/alerts?client="+t3),
		chromedp.WaitVisible("#alert-list", chromedp.ByQuery),
		chromedp.Text("#alert-list", &alertsText, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll("#alert-list tbody tr.alert-row").length`, &alertRows),
		shot(t, "supday-05-rm01-sees-alerts"),

		// 7. The drafted rotation of rm02's book: submitted, approved by om01, applied.
		login(ts.URL, "sup01"),
		chromedp.Navigate(ts.URL+"/rotation"),
		chromedp.WaitVisible(`#plans-table tr.plan-row[data-state="draft"] a`, chromedp.ByQuery),
		chromedp.AttributeValue(`#plans-table tr.plan-row[data-state="draft"] a`, "href", &plan, nil, chromedp.ByQuery),
		chromedp.ActionFunc(func(ctx context.Context) error { return chromedp.Navigate(ts.URL + plan).Do(ctx) }),
		chromedp.WaitVisible("#plan-submit", chromedp.ByQuery),
		shot(t, "supday-06-rotation-draft"),
		chromedp.Click("#plan-submit", chromedp.ByQuery),
		chromedp.WaitVisible(`#plan-state[data-state="submitted"]`, chromedp.ByQuery),
		login(ts.URL, "om01"),
		chromedp.ActionFunc(func(ctx context.Context) error { return chromedp.Navigate(ts.URL + plan).Do(ctx) }),
		chromedp.WaitVisible("#plan-approve", chromedp.ByQuery),
		chromedp.SendKeys("#a-reason", "同意轮岗交接", chromedp.ByQuery),
		chromedp.Click("#plan-approve", chromedp.ByQuery),
		chromedp.WaitVisible(`#plan-state[data-state="approved"]`, chromedp.ByQuery),
		shot(t, "supday-07-rotation-approved"),
		login(ts.URL, "sup01"),
		chromedp.ActionFunc(func(ctx context.Context) error { return chromedp.Navigate(ts.URL + plan).Do(ctx) }),
		chromedp.WaitVisible("#plan-apply", chromedp.ByQuery),
		chromedp.Click("#plan-apply", chromedp.ByQuery),
		chromedp.WaitVisible(`#plan-state[data-state="applied"]`, chromedp.ByQuery),
		chromedp.Text("#plan-state", &planState, chromedp.ByQuery),
		shot(t, "supday-08-rotation-applied"),

		// 8. A key-focus client (重点客户), marked on the console's section page.
		chromedp.Navigate(ts.URL+"/console/key-focus"),
		chromedp.WaitVisible("#key-focus-mark", chromedp.ByQuery),
		chromedp.SendKeys("#f-kf-client", t3, chromedp.ByQuery),
		chromedp.Click(`#key-focus-mark button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#key-focus-table tr[data-client-id="`+t3+`"]`, chromedp.ByQuery),
		shot(t, "supday-08b-key-focus"),

		// 9. The use of the system by each person this month, and how complete each client manager's files are.
		chromedp.Navigate(ts.URL+"/console/use?period=month"),
		chromedp.WaitVisible("#use-table", chromedp.ByQuery),
		chromedp.Text("#use-table", &useText, chromedp.ByQuery),
		shot(t, "supday-08c-system-use"),
		chromedp.Navigate(ts.URL+"/console/completeness"),
		chromedp.WaitVisible("#completeness-table", chromedp.ByQuery),
		shot(t, "supday-08d-completeness"),

		// 10. A maturing unassigned client, assigned in place.
		chromedp.Navigate(ts.URL+"/console/maturing?unassigned=1&client="+maturing),
		chromedp.WaitVisible(`#maturing-list tr[data-client-id="`+maturing+`"] form.maturing-assign`, chromedp.ByQuery),
		chromedp.SetValue(`#maturing-list tr[data-client-id="`+maturing+`"] select[name=rm]`, "rm01", chromedp.ByQuery),
		chromedp.SendKeys(`#maturing-list tr[data-client-id="`+maturing+`"] input[name=reason]`, "产品本月到期，由客户经理跟进", chromedp.ByQuery),
		chromedp.ActionFunc(func(ctx context.Context) error {
			return chromedp.Evaluate(`(()=>{const o=document.querySelector("#maturing-list input[name=override_cap]"); if(o){o.checked=true}; return true})()`, nil).Do(ctx)
		}),
		shot(t, "supday-09-maturing-unassigned"),
		chromedp.Click(`#maturing-list tr[data-client-id="`+maturing+`"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(".flash-ok", chromedp.ByQuery),
		chromedp.Navigate(ts.URL+"/console/maturing?client="+maturing),
		chromedp.WaitVisible(`#maturing-list tr[data-client-id="`+maturing+`"]`, chromedp.ByQuery),
		chromedp.Text(`#maturing-list tr[data-client-id="`+maturing+`"] td:last-child`, &maturingRM, chromedp.ByQuery),
		shot(t, "supday-10-maturing-assigned"),

		// 11, 12. Intent clients and referrals, and whether each was followed up.
		chromedp.Navigate(ts.URL+"/console/intent"),
		chromedp.WaitVisible("#intent-list tr.intent-row", chromedp.ByQuery),
		shot(t, "supday-11-intent-clients"),
		chromedp.Navigate(ts.URL+"/console/referrals"),
		chromedp.WaitVisible("#referral-list tr.referral-row", chromedp.ByQuery),
		shot(t, "supday-12-referrals"),
	)
	if err != nil {
		t.Fatalf("the supervisor's day in the browser: %v", err)
	}
	for _, want := range []string{"待审批", "大额变动", "未分配"} {
		if !strings.Contains(consoleText, want) {
			t.Errorf("the console does not show %q", want)
		}
	}
	if !strings.Contains(useText, "李明轩") {
		t.Errorf("the system-use table does not list rm01:\n%s", useText)
	}
	if got := one("key focus", "SELECT CASE WHEN key_focus THEN 'yes' ELSE 'no' END FROM clients WHERE client_id = ?", t3); got != "yes" {
		t.Errorf("%s is not marked key-focus after sup01 marked it", t3)
	}
	var requests int
	if err := st.DB().QueryRowContext(bg, "SELECT count(*) FROM relationship_requests WHERE state = 'approved'").Scan(&requests); err != nil || requests != 1 {
		t.Errorf("approved requests: %d (%v), want 1 (%d rows left on the page)", requests, err, requestsLeft)
	}
	if got := one("T3 client's manager", "SELECT COALESCE(rm_id, 0) FROM clients WHERE client_id = ?", t3); got != strconv.FormatInt(rm01.ID, 10) {
		t.Errorf("%s's manager is %s, want rm01 (%d)", t3, got, rm01.ID)
	}
	if alertRows == 0 {
		t.Errorf("rm01's alerts of %s: none listed (%q)", t3, alertsText)
	}
	if strings.TrimSpace(planState) == "" {
		t.Error("the plan's state is not shown")
	}
	if strings.TrimSpace(maturingRM) != rm01.Name {
		t.Errorf("the maturing client's manager reads %q, want %s", maturingRM, rm01.Name)
	}
	if got := one("maturing client's manager", "SELECT COALESCE(rm_id, 0) FROM clients WHERE client_id = ?", maturing); got != strconv.FormatInt(rm01.ID, 10) {
		t.Errorf("%s's manager is %s, want rm01", maturing, got)
	}
}
