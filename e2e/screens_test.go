package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/alerts"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
)

// fillDay gives rm01 a day to look at: a maturity tomorrow and a birthday in a week on the day list, and
// a logged call with its follow-up task on the client's time line.
func fillDay(t *testing.T, st *store.Store, c domain.Client) {
	t.Helper()
	ctx := context.Background()
	rm01, err := st.StaffByUsername(ctx, "rm01")
	if err != nil {
		t.Fatal(err)
	}
	today := domain.Today(time.Now())
	row := func(rule alerts.Rule, key string, days int) store.AlertRow {
		return store.AlertRow{Alert: alerts.Alert{ClientID: c.ClientID, Rule: rule, Key: key, Due: today.AddDays(days), Severity: alerts.Warn,
			Figures: alerts.Figures{AccountID: "A-SCREEN", AmountFen: 1_234_567_89, Days: days, Lead: days, Name: c.Name}},
			OutletID: c.OutletID, Assignee: alerts.Assignee{StaffID: rm01.ID, Role: domain.RoleRM}, RaisedOn: today,
			Deadline: time.Now().Add(48 * time.Hour)}
	}
	if _, err := st.RaiseAlerts(ctx, today, []store.AlertRow{row(alerts.RuleMaturity, "screen-1", 1), row(alerts.RuleBirthday, "screen-7", 7)}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.LogContact(ctx, access.Scope{Reach: access.ReachAll}, rm01.ID, store.Contact{ClientID: c.ClientID, Channel: "phone",
		Outcome: "interested", Note: "到期资金考虑转理财", NextStep: "电话回访确认产品", FollowUp: today.AddDays(2)}); err != nil {
		t.Fatal(err)
	}
}

// staffID is a member of staff's id, for the address of their page.
func staffID(t *testing.T, st *store.Store, username string) string {
	t.Helper()
	s, err := st.StaffByUsername(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(s.ID)
}

// layoutProblems is run in the page: what a person would see as broken at this width.
//   - the page itself scrolls sideways (wide tables must scroll inside their own box);
//   - a table cell stacks its text about one character per line (a name or an outlet squeezed to a
//     column one glyph wide);
//   - a cell of the client list wraps at all (names, outlets, dates and amounts are read on one line).
const layoutProblems = `(() => {
  const out = [];
  const vw = window.innerWidth;
  const sw = document.documentElement.scrollWidth;
  if (sw > vw + 1) out.push("the page is " + sw + "px wide in a " + vw + "px window");
  // Lines of text a cell shows, by the distinct tops of its visible text (screen-reader text aside).
  const lines = (el) => {
    const tops = new Set();
    const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      if (!n.textContent.trim() || n.parentElement.closest(".visually-hidden")) continue;
      const r = document.createRange();
      r.selectNodeContents(n);
      for (const rect of r.getClientRects()) if (rect.width > 1 && rect.height > 1) tops.add(Math.round(rect.top));
    }
    return tops.size;
  };
  for (const td of document.querySelectorAll("table td, table th")) {
    const text = td.innerText.trim();
    if (text.length < 4 || td.offsetParent === null) continue;
    const n = lines(td);
    const strict = td.closest("#clients") !== null;
    if ((strict && n > 1) || (n > 2 && n >= Math.ceil(text.length / 2))) {
      out.push((td.closest("table").id || "table") + ": \"" + text.slice(0, 30) + "\" on " + n + " lines, " + Math.round(td.getBoundingClientRect().width) + "px wide");
    }
  }
  return out.slice(0, 8);
})()`

// Every main page, for each kind of person, at the widths of an office: 1 024 px (an old monitor or a
// split screen), 1 366 (the common laptop) and 1 920. Screenshots go to test-output/screenshots as
// wWIDTH-USER-PAGE.png for a person to look at; the test fails where the layout breaks.
func TestPagesAtOfficeWidths(t *testing.T) {
	ts, st, _ := server(t, "sqlite")
	c := rm01Client(t, st)
	fillDay(t, st, c)
	pages := map[string][][2]string{
		"rm01": {{"home", "/"}, {"clients", "/clients"}, {"client", "/clients/" + c.ClientID}, {"tasks", "/tasks"},
			{"alerts", "/alerts"}, {"calendar", "/calendar"}, {"coverage", "/coverage"}, {"diary", "/diary"}, {"tokens", "/tokens"}},
		"sup01": {{"home", "/"}, {"clients", "/clients"}, {"client", "/clients/" + c.ClientID}, {"tasks", "/tasks"},
			{"alerts", "/alerts?view=team"}, {"outlet", "/outlets/" + c.OutletID}, {"greetings", "/greetings"}, {"coverage", "/coverage"}, {"rotation", "/rotation"},
			{"rotation-book", fmt.Sprintf("/rotation?from=%d", c.RMID)}, {"console", "/console"}},
		"teller01": {{"home", "/"}, {"clients", "/clients"}, {"client", "/clients/" + c.ClientID}, {"alerts", "/alerts"}},
		"dept01":   {{"home", "/"}, {"clients", "/clients"}, {"coverage", "/coverage"}},
		"admin": {{"home", "/"}, {"clients", "/clients"}, {"audit", "/audit"}, {"imports", "/imports"},
			{"workcal", "/admin/calendar"}, {"staff", "/admin/staff"}, {"staff-person", "/admin/staff/" + staffID(t, st, "rm01")}, {"org", "/admin/org"}},
		// The same RM in English, where counts and amounts read differently.
		"rm01-en": {{"home", "/"}, {"clients", "/clients"}, {"client", "/clients/" + c.ClientID}, {"tasks", "/tasks"}},
		// A supervisor's navigation is the longest, and longer still in English.
		"sup01-en": {{"home", "/"}, {"console", "/console"}},
	}
	for _, user := range []string{"rm01", "sup01", "teller01", "dept01", "admin", "rm01-en", "sup01-en"} {
		t.Run(user, func(t *testing.T) {
			ctx := browser(t)
			account, lang, _ := strings.Cut(user, "-")
			steps := chromedp.Tasks{login(ts.URL, account)}
			if lang != "" {
				steps = append(steps, chromedp.Click(`.lang-form button[value="`+lang+`"]`, chromedp.ByQuery),
					chromedp.WaitVisible(`html[lang="`+lang+`"]`, chromedp.ByQuery))
			}
			if err := chromedp.Run(ctx, steps); err != nil {
				t.Fatalf("log in %s: %v", user, err)
			}
			for _, width := range []int64{1024, 1366, 1920} {
				for _, pg := range pages[user] {
					name := fmt.Sprintf("w%d-%s-%s", width, user, pg[0])
					var problems []string
					pctx, cancel := context.WithTimeout(ctx, 30*time.Second)
					err := chromedp.Run(pctx,
						chromedp.EmulateViewport(width, 860),
						chromedp.Navigate(ts.URL+pg[1]),
						chromedp.WaitReady("footer", chromedp.ByQuery),
						chromedp.Sleep(150*time.Millisecond), // charts draw after load
						chromedp.Evaluate(layoutProblems, &problems),
						shot(t, name),
					)
					cancel()
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					if len(problems) > 0 {
						t.Errorf("%s (%s): %s", name, pg[1], strings.Join(problems, "; "))
					}
				}
			}
		})
	}
}
