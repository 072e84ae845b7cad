package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/rating"
)

// rm01 applies on a client's view for an instant upgrade to seven stars; sup01 approves it on the
// approvals page; rm01 then sees the seven stars and the line naming the date and the approver.
func TestInstantUpgradeApprovedInTheBrowser(t *testing.T) {
	ts, st, _ := server(t, "sqlite")
	ctx := browser(t)
	bg := context.Background()
	sup01, err := st.StaffByUsername(bg, "sup01")
	if err != nil {
		t.Fatal(err)
	}
	// The demo bank is loaded without its rating passes: the client is given four stars.
	client := rm01Client(t, st).ClientID
	if _, err := st.DB().ExecContext(bg, st.Rebind(`INSERT INTO client_ratings (client_id, rated_on, contribution_stars, service_stars, tier)
		VALUES (?, ?, 4, 4, 'T4')`), client, domain.Today(time.Now())); err != nil {
		t.Fatal(err)
	}
	until := domain.Today(time.Now()).AddDays(90).String()
	var waiting, line, stars string
	err = chromedp.Run(ctx,
		login(ts.URL, "rm01"),
		chromedp.Navigate(ts.URL+"/clients/"+client+"#upgrades"),
		chromedp.WaitVisible("#upgrade-form", chromedp.ByQuery),
		chromedp.SetValue("#u-stars", "7", chromedp.ByQuery),
		chromedp.SetValue("#u-until", until, chromedp.ByQuery),
		chromedp.SendKeys("#u-amount", "3000000", chromedp.ByQuery),
		chromedp.SendKeys("#u-reason", "他行私人银行客户，约300万元资金本月转入", chromedp.ByQuery),
		chromedp.ScrollIntoView("#upgrade-form", chromedp.ByQuery),
		shot(t, "upgrade-01-rm01-applies"),
		chromedp.Click("#upgrade-form button[type=submit]", chromedp.ByQuery),
		chromedp.WaitVisible("#upgrade-waiting", chromedp.ByQuery),
		chromedp.Text("#upgrade-waiting", &waiting, chromedp.ByQuery),

		login(ts.URL, "sup01"),
		chromedp.Navigate(ts.URL+"/approvals/upgrades"),
		chromedp.WaitVisible("#upgrade-list", chromedp.ByQuery),
		shot(t, "upgrade-02-sup01-approvals"),
		chromedp.SendKeys("#upgrade-list input[name=reason]", "资金证明已核实", chromedp.ByQuery),
		chromedp.Click(`#upgrade-list button[value=approve]`, chromedp.ByQuery),
		chromedp.WaitVisible("#upgrades-none", chromedp.ByQuery),

		login(ts.URL, "rm01"),
		chromedp.Navigate(ts.URL+"/clients/"+client+"#rating"),
		chromedp.WaitVisible("#instant-upgrade", chromedp.ByQuery),
		chromedp.Text("#instant-upgrade", &line, chromedp.ByQuery),
		chromedp.Text("#service-stars", &stars, chromedp.ByQuery),
		chromedp.ScrollIntoView("#rating", chromedp.ByQuery),
		shot(t, "upgrade-03-rm01-seven-stars"),
	)
	if err != nil {
		t.Fatalf("the instant upgrade in the browser: %v", err)
	}
	if !strings.Contains(waiting, "待审批") {
		t.Errorf("after applying the client view says %q", waiting)
	}
	want := fmt.Sprintf("即时升级：至 %s 保持 %s（%s批准）", until, rating.StarsName(7, "zh"), sup01.Name)
	if strings.TrimSpace(line) != want || strings.TrimSpace(stars) != "七星" {
		t.Errorf("after the approval: %q, stars %q; want %q, 七星", line, stars, want)
	}
}
