package e2e

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"html"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/demo"
	"github.com/steward-bank/steward/demo/demotest"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store/storetest"
	"github.com/steward-bank/steward/web"
)

// crawlClients is the size of the crawled bank: enough for full pages of clients, alerts and tasks at every
// outlet, small enough to build and crawl in well under a minute on two cores.
const crawlClients = 3000

// TestCrawlEveryRole logs in as each role of the demo bank and follows every same-site link of the home page
// two levels deep, and submits the search and filter forms (method GET) it meets with each of their choices,
// as a person clicking through would. It only reads: POST forms (logging out among them) are left alone. Every
// answer must be below 400: the 403 or 404 a role gets for a page or client it may not open is right for a
// typed address, but a page that links its own reader there is at fault (it shows what the reader may not
// open, or a dead end). The server's log must hold no ERROR and no template failure, and no page may show a
// template's tell-tales (ZgotmplZ, %!verb).
//
// It runs on SQLite only: it is about the pages, whose queries the store's own tests already hold on both
// engines, and a crawl on each engine would double its minute.
func TestCrawlEveryRole(t *testing.T) {
	if testing.Short() {
		t.Skip("the crawl builds a demo bank of a month of batches")
	}
	start := time.Now()
	ts, bank, logs := crawlServer(t)
	t.Logf("demo bank of %d clients built in %s", crawlClients, time.Since(start).Round(100*time.Millisecond))

	var failures []crawlFailure
	pages := 0
	for _, user := range crawlAccounts(t, bank) {
		c := &crawler{t: t, base: ts.URL, user: user.Username, role: user.Role, logs: logs}
		c.login()
		c.crawl()
		failures = append(failures, c.failures...)
		pages += len(c.seen)
		// The home page links to the day's work, the client list and the navigation: a crawl that reached
		// a handful of pages has stopped finding links, not found nothing wrong.
		if len(c.seen) < 30 {
			t.Errorf("%s (%s): the crawl reached only %d pages: %v", user.Username, user.Role, len(c.seen), slices.Sorted(maps.Keys(c.seen)))
		}
		t.Logf("%s (%s): %d pages; %d more links not followed (%d of their kind were)", user.Username, user.Role,
			len(c.seen), c.skipped, crawlPerShape)
	}
	t.Logf("crawled %d pages in %s", pages, time.Since(start).Round(100*time.Millisecond))
	reportCrawl(t, failures)
}

// reportCrawl reports every failure, grouped by account, fault and page shape: the first few of a group in
// full, then how many more there are and which pages.
func reportCrawl(t *testing.T, failures []crawlFailure) {
	t.Helper()
	type key struct{ user, what, shape, from string }
	var order []key
	groups := map[key][]crawlFailure{}
	for _, f := range failures {
		k := key{f.user, f.what, crawlShape(f.target), crawlShape(f.from)}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], f)
	}
	for _, k := range order {
		g := groups[k]
		for _, f := range g[:min(len(g), 3)] {
			t.Error(f)
		}
		if len(g) > 3 {
			var more []string
			for _, f := range g[3:] {
				more = append(more, f.target)
			}
			t.Errorf("%s (%s): … and %d more pages of the shape %s (linked from %s) with %s: %s", g[0].user, g[0].role,
				len(g)-3, k.shape, k.from, k.what, strings.Join(more, " "))
		}
	}
	if len(failures) > 0 {
		t.Logf("%d failures in %d groups", len(failures), len(order))
	}
}

// crawlAccounts are the accounts crawled: the first of each role in the demo's staff list, and every
// supervisor (two outlets' pools of work).
func crawlAccounts(t *testing.T, bank *demotest.Bank) []demo.StaffSpec {
	t.Helper()
	var out []demo.StaffSpec
	seen := map[domain.Role]bool{}
	for _, s := range bank.Staff {
		if !seen[s.Role] || s.Role == domain.RoleSupervisor {
			out = append(out, s)
			seen[s.Role] = true
		}
	}
	for _, r := range domain.Roles {
		if !seen[r] {
			t.Fatalf("the demo bank has no %s to crawl as", r)
		}
	}
	return out
}

// crawlServer builds a demo bank as `steward demo` does (a month of daily batches imported with the rating
// and alert passes, then the staff and their life details) and serves it on loopback; the server's log is
// captured.
func crawlServer(t *testing.T) (*httptest.Server, *demotest.Bank, *logBuffer) {
	t.Helper()
	st := storetest.OpenSQLite(t, filepath.Join(t.TempDir(), "steward.db"))
	t.Cleanup(func() { st.Close() })
	bank := demotest.Build(t, st, crawlClients, demoPassword)
	logs := &logBuffer{}
	srv, err := web.New(web.Config{Store: st, Auth: auth.NewService(st, bank.Policy), Policy: bank.Policy, Demo: true,
		Logger: slog.New(slog.NewTextHandler(logs, nil)), ReportDir: bank.Reports, Calendar: bank.Calendar,
		HolidayDir: bank.Holidays})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts, bank, logs
}

// logBuffer collects the server's log lines; the crawl reads the lines each request added.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// since is the text written after offset, and the new offset.
func (l *logBuffer) since(offset int) (string, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buf.Bytes()
	return string(b[offset:]), len(b)
}

// crawler walks the pages of one account.
type crawler struct {
	t    *testing.T
	base string
	user string
	role domain.Role
	logs *logBuffer

	client   *http.Client
	seen     map[string]bool
	shapes   map[string]int // links followed, by their shape and the shape of the page linking (crawlShape)
	skipped  int            // links not followed: crawlPerShape of their kind were already
	logAt    int
	failures []crawlFailure
}

// crawlFailure is one thing wrong with one page.
type crawlFailure struct {
	user   string
	role   domain.Role
	target string // the page
	from   string // the page that links to it
	what   string // what is wrong: "status 500", "logged ERROR", …
	detail string
}

func (f crawlFailure) String() string {
	return fmt.Sprintf("%s (%s): GET %s (linked from %s): %s: %s", f.user, f.role, f.target, f.from, f.what, f.detail)
}

func (c *crawler) fail(target, from, what, format string, args ...any) {
	c.failures = append(c.failures, crawlFailure{user: c.user, role: c.role, target: target, from: from, what: what,
		detail: fmt.Sprintf(format, args...)})
}

// crawlPerShape is the most pages of one shape that a role's crawl follows from the pages of one shape:
// twenty clients of the client list (and twenty of the audit log, and of an outlet's page …) show what a
// client page does with the data and whether a page links to clients its reader may not see; following
// every client of every list would only make the crawl slower.
const crawlPerShape = 20

// idSegment is a path segment that names a record (a client, an outlet, a task, a date …).
var idSegment = regexp.MustCompile(`^[^/]*\d[^/]*$`)

// crawlShape is a target with its record names replaced and its query's values dropped:
// /clients/C000000123?tab=x is /clients/{}?tab.
func crawlShape(target string) string {
	u, err := url.Parse(target)
	if err != nil {
		return target
	}
	segs := strings.Split(u.Path, "/")
	for i, seg := range segs {
		if idSegment.MatchString(seg) {
			segs[i] = "{}"
		}
	}
	keys := slices.Sorted(maps.Keys(u.Query()))
	return strings.Join(segs, "/") + "?" + strings.Join(keys, "&")
}

func (c *crawler) login() {
	c.t.Helper()
	jar, _ := cookiejar.New(nil)
	c.client = &http.Client{Jar: jar, Timeout: 60 * time.Second}
	c.seen = map[string]bool{}
	c.shapes = map[string]int{}
	resp, err := c.client.PostForm(c.base+"/login", url.Values{"username": {c.user}, "password": {demoPassword}})
	if err != nil {
		c.t.Fatalf("%s: log in: %v", c.user, err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/" {
		c.t.Fatalf("%s: log in ended at %s with status %d:\n%.2000s", c.user, resp.Request.URL, resp.StatusCode, body)
	}
	_, c.logAt = c.logs.since(0)
}

// crawl fetches the home page, every page it links to, and every page those link to.
func (c *crawler) crawl() {
	type link struct{ target, from string }
	level := []link{{"/", "(start)"}}
	c.seen["/"] = true
	for depth := 0; depth <= 2 && len(level) > 0; depth++ {
		var next []link
		for _, l := range level {
			body, ok := c.get(l.target, l.from)
			if !ok || depth == 2 {
				continue
			}
			for _, target := range c.forms(l.target, body) {
				if !c.seen[target] {
					c.seen[target] = true
					next = append(next, link{target, l.target + " (its search form)"})
				}
			}
			for _, target := range c.links(l.target, body) {
				if c.seen[target] {
					continue
				}
				if shape := crawlShape(target) + " from " + crawlShape(l.target); c.shapes[shape] >= crawlPerShape {
					c.skipped++
					continue
				} else {
					c.shapes[shape]++
				}
				c.seen[target] = true
				next = append(next, link{target, l.target})
			}
		}
		level = next
	}
}

// get fetches target and checks the answer and the log lines it caused; it returns an HTML body to follow.
func (c *crawler) get(target, from string) (string, bool) {
	resp, err := c.client.Get(c.base + target)
	if err != nil {
		c.fail(target, from, "no answer", "%v", err)
		return "", false
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		c.fail(target, from, "answer cut short", "%v", err)
	}
	c.checkLog(target, from)
	status, final := resp.StatusCode, resp.Request.URL
	switch {
	case final.Path == "/login":
		c.fail(target, from, "logged out", "sent to the login page (%s)", final)
		return "", false
	case status >= 400:
		c.fail(target, from, fmt.Sprintf("status %d", status), "%s", excerpt(body))
		return "", false
	}
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		return "", false
	}
	text := string(body)
	if m := templateTell.FindString(text); m != "" {
		i := strings.Index(text, m)
		c.fail(target, from, "template fault in the page", "%q in …%s…", m, text[max(0, i-120):min(len(text), i+120)])
	}
	return text, true
}

// templateTell is what html/template and fmt leave in a page when a value does not fit: ZgotmplZ for an
// unsafe URL or attribute, %!verb(type=value) for a bad format.
var templateTell = regexp.MustCompile(`ZgotmplZ|%!\w\(`)

// checkLog waits for the access log line of the request just made and fails on any ERROR or template
// failure logged with it. The crawl makes one request at a time, so the lines since the last one are its.
func (c *crawler) checkLog(target, from string) {
	deadline := time.Now().Add(5 * time.Second)
	var text string
	for {
		var at int
		text, at = c.logs.since(c.logAt)
		if strings.Contains(text, `msg="http request"`) || strings.Contains(text, `msg="client closed the connection"`) ||
			time.Now().After(deadline) {
			c.logAt = at
			break
		}
		time.Sleep(2 * time.Millisecond)
	}
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.Contains(line, "level=ERROR") || strings.Contains(line, "template") && strings.Contains(line, "level=") &&
			!strings.Contains(line, "level=INFO") {
			c.fail(target, from, "the server logged an error", "%.1500s", line)
		}
	}
}

// hrefRE finds the links of a page.
var hrefRE = regexp.MustCompile(`(?is)<a\s[^>]*?\bhref\s*=\s*"([^"]*)"`)

// links are the same-site targets (path and query, without fragment) of the links of the page at base.
func (c *crawler) links(base, body string) []string {
	var out []string
	for _, m := range hrefRE.FindAllStringSubmatch(body, -1) {
		ref := strings.TrimSpace(html.UnescapeString(m[1]))
		if ref == "" || strings.HasPrefix(ref, "#") {
			continue
		}
		if target, ok := c.sameSite(base, ref); ok && !slices.Contains(out, target) {
			out = append(out, target)
		}
	}
	return out
}

// The parts of a form the crawl reads. The pages are the server's own templates, well formed, so regular
// expressions read them well enough.
var (
	formRE   = regexp.MustCompile(`(?is)<form\b([^>]*)>(.*?)</form>`)
	inputRE  = regexp.MustCompile(`(?is)<input\b([^>]*)>`)
	selectRE = regexp.MustCompile(`(?is)<select\b([^>]*)>(.*?)</select>`)
	optionRE = regexp.MustCompile(`(?is)<option\b([^>]*)>(.*?)</option>`)
	attrRE   = regexp.MustCompile(`(?s)([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?`)
)

// attrs are the attributes of a tag's attribute text (a bare attribute has the value "").
func attrs(text string) map[string]string {
	out := map[string]string{}
	for _, m := range attrRE.FindAllStringSubmatch(text, -1) {
		out[strings.ToLower(m[1])] = html.UnescapeString(m[2] + m[3] + m[4])
	}
	return out
}

// forms are the queries of a page's GET forms (its search and filter forms), each submitted as shown and
// once more for every other choice of each of its lists and boxes, as a person trying the filters would.
// POST forms change things and are left alone.
func (c *crawler) forms(base, body string) []string {
	var out []string
	for _, fm := range formRE.FindAllStringSubmatch(body, -1) {
		fa := attrs(fm[1])
		if !strings.EqualFold(fa["method"], "get") {
			continue
		}
		action := fa["action"]
		if action == "" {
			action = base
		}
		shown := url.Values{}
		var variants []func(url.Values)
		for _, im := range inputRE.FindAllStringSubmatch(fm[2], -1) {
			a := attrs(im[1])
			name := a["name"]
			if _, off := a["disabled"]; name == "" || off {
				continue
			}
			switch strings.ToLower(a["type"]) {
			case "submit", "button", "reset", "image", "file":
			case "checkbox", "radio":
				value := cmp.Or(a["value"], "on")
				if _, on := a["checked"]; on {
					shown.Add(name, value)
					variants = append(variants, func(q url.Values) { q.Del(name) })
				} else {
					variants = append(variants, func(q url.Values) { q.Set(name, value) })
				}
			default:
				shown.Add(name, a["value"])
			}
		}
		for _, sm := range selectRE.FindAllStringSubmatch(fm[2], -1) {
			name := attrs(sm[1])["name"]
			if name == "" {
				continue
			}
			var values []string
			chosen := ""
			for i, om := range optionRE.FindAllStringSubmatch(sm[2], -1) {
				a := attrs(om[1])
				v, ok := a["value"]
				if !ok {
					v = strings.TrimSpace(html.UnescapeString(om[2]))
				}
				values = append(values, v)
				if _, sel := a["selected"]; sel || i == 0 {
					chosen = v
				}
			}
			if len(values) == 0 {
				continue
			}
			shown.Set(name, chosen)
			for _, v := range values {
				if v != chosen {
					variants = append(variants, func(q url.Values) { q.Set(name, v) })
				}
			}
		}
		submit := func(q url.Values) {
			target, ok := c.sameSite(base, action)
			if !ok {
				return
			}
			target, _, _ = strings.Cut(target, "?")
			if enc := q.Encode(); enc != "" {
				target += "?" + enc
			}
			if !slices.Contains(out, target) {
				out = append(out, target)
			}
		}
		submit(shown)
		for _, change := range variants {
			q := maps.Clone(shown)
			for k, v := range q {
				q[k] = slices.Clone(v)
			}
			change(q)
			submit(q)
		}
	}
	return out
}

// sameSite resolves ref against the page at base: the target's path and query, when it is on this server.
func (c *crawler) sameSite(base, ref string) (string, bool) {
	from, _ := url.Parse(c.base + base)
	u, err := from.Parse(ref)
	if err != nil {
		c.fail(base, "", "a link that is not a URL", "%q: %v", ref, err)
		return "", false
	}
	if u.Host != from.Host || (u.Scheme != "http" && u.Scheme != "https") {
		return "", false
	}
	target := u.EscapedPath()
	if u.RawQuery != "" {
		target += "?" + u.RawQuery
	}
	return target, true
}

func excerpt(body []byte) string {
	s := string(body)
	if i := strings.Index(s, "<main"); i >= 0 {
		s = s[i:]
	}
	s = regexp.MustCompile(`(?s)<[^>]*>`).ReplaceAllString(s, " ")
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}
