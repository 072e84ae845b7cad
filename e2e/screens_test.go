package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

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
	pages := map[string][][2]string{
		"rm01": {{"home", "/"}, {"clients", "/clients"}, {"client", "/clients/" + c.ClientID}, {"tasks", "/tasks"},
			{"calendar", "/calendar"}, {"coverage", "/coverage"}, {"diary", "/diary"}},
		"sup01": {{"home", "/"}, {"clients", "/clients"}, {"client", "/clients/" + c.ClientID}, {"tasks", "/tasks"},
			{"outlet", "/outlets/" + c.OutletID}, {"greetings", "/greetings"}, {"coverage", "/coverage"}},
		"teller01": {{"home", "/"}, {"clients", "/clients"}, {"client", "/clients/" + c.ClientID}},
		"dept01":   {{"home", "/"}, {"clients", "/clients"}, {"coverage", "/coverage"}},
		"admin": {{"home", "/"}, {"clients", "/clients"}, {"audit", "/audit"}, {"imports", "/imports"},
			{"workcal", "/admin/calendar"}},
	}
	for _, user := range []string{"rm01", "sup01", "teller01", "dept01", "admin"} {
		t.Run(user, func(t *testing.T) {
			ctx := browser(t)
			if err := chromedp.Run(ctx, login(ts.URL, user)); err != nil {
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
