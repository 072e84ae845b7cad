package web

import (
	"context"
	"encoding/csv"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/alerts"
	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/demo"
	"github.com/steward-bank/steward/demo/demotest"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/pipeline"
	"github.com/steward-bank/steward/rating"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// TestNoInternalCodesOnPages renders the demo bank's pages, for each role and in both languages, and fails
// on any internal code a person would read: a code of the catalogue's code lists or of the store's and
// rules' own lists, shown as a whole word instead of its name; codes joined with "|" or written as
// "prefix:code"; and, in Chinese, any run of Latin letters that is not one of the few the Chinese pages
// use on purpose. Only what a person reads counts: the text of the page, not its tags, attributes or
// scripts; and the cells of the exports the role may open.
//
// The bank is built as `steward demo` builds it (a month of nightly batches through the import, then the
// staff), with 2 000 clients, and one of rm01's clients is given a full time line through the pages: a
// call with a next step and a follow-up, a visit that reached nobody, an alert closed with an outcome,
// alerts Steward closes itself, a supervisor's task and a lifecycle change; and a greeting is of unknown
// fate.
func TestNoInternalCodesOnPages(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a demo bank of 2 000 clients")
	}
	d := newDemoSite(t)
	rich := d.enrich()
	codes := internalCodes(t)
	roles := []string{"admin", "dept01", "sup01", "om01", "rm01", "lobby01", "teller01"}
	var problems []string
	for _, role := range roles {
		for _, lang := range []string{langZH, langEN} {
			b := d.login(role, lang)
			for _, page := range d.pages(b, rich) {
				rec := b.get(page.path)
				if rec.Code >= 500 {
					problems = append(problems, fmt.Sprintf("[%s, %s] %s: status %d", role, lang, page.name, rec.Code))
					continue
				}
				for _, p := range checkVisible(visibleText(rec.Body.String()), lang, codes) {
					problems = append(problems, fmt.Sprintf("[%s, %s] %s: %s", role, lang, page.name, p))
				}
			}
			// The exports a person opens in Excel, cell by cell (those the role may export).
			for _, path := range []string{"/clients/export.csv", "/export/alerts/csv", "/export/tasks/csv", "/export/coverage/csv",
				"/tasks/export/csv", "/greetings/export/csv", "/console/use/export/csv?period=month", "/console/completeness/export/csv",
				"/console/completeness/export/csv?list=clients", "/console/key-focus/export/csv",
				"/console/maturing/export/csv", "/console/intent/export/csv", "/console/referrals/export/csv"} {
				rec := b.get(path)
				if rec.Code != http.StatusOK {
					continue
				}
				cells, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(rec.Body.String(), "\ufeff"))).ReadAll()
				if err != nil {
					t.Fatalf("[%s, %s] %s: %v", role, lang, path, err)
				}
				var lines []string
				for _, row := range cells {
					for _, c := range row {
						if c = strings.TrimSpace(c); c != "" {
							lines = append(lines, c)
						}
					}
				}
				for _, p := range checkVisible(lines, lang, codes) {
					problems = append(problems, fmt.Sprintf("[%s, %s] %s: %s", role, lang, path, p))
				}
			}
		}
	}
	// Each problem once (the same words in the same context on the same page, role and language), sorted by
	// role, language and page.
	sort.Strings(problems)
	problems = slices.Compact(problems)
	for _, p := range problems {
		t.Error(p)
	}
}

// demoSite is a demo bank behind the handler.
type demoSite struct {
	t    *testing.T
	st   *store.Store
	e    *env
	bank *demo.Bank
}

const demoSitePassword = "Demo@2026"

func newDemoSite(t *testing.T) *demoSite {
	t.Helper()
	st := storetest.Open(t, "sqlite")
	bank := demotest.Build(t, st, 2000, demoSitePassword)
	// A refused batch's report too, as the import writes it, so that the imports page words a refusal.
	if err := os.WriteFile(filepath.Join(bank.Reports, "import_20200101.txt"), []byte("Steward import report\noutcome:  REFUSED: 3 errors\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	a := auth.NewService(st, bank.Policy)
	srv, err := New(Config{Store: st, Auth: a, Policy: bank.Policy, Logger: slog.New(slog.DiscardHandler), Demo: true,
		ReportDir: bank.Reports, Calendar: bank.Calendar})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, st: st, auth: a, srv: srv, h: srv.Handler()}
	return &demoSite{t: t, st: st, e: e, bank: bank.Bank}
}

// login logs a demo account in and chooses the language.
func (d *demoSite) login(username, lang string) *browser {
	d.t.Helper()
	b := d.e.anon()
	wantStatus(d.t, b.post("/login", url.Values{"username": {username}, "password": {demoSitePassword}}), http.StatusSeeOther, "log in "+username)
	wantStatus(d.t, b.post("/lang", url.Values{"lang": {lang}}), http.StatusSeeOther, "choose "+lang)
	return b
}

// enrich gives one of rm01's clients a full time line, through the pages where there is one, and returns
// the client's number.
func (d *demoSite) enrich() string {
	t := d.t
	ctx := context.Background()
	var id, outlet string
	var rmID int64
	if err := d.st.DB().QueryRowContext(ctx, `SELECT c.client_id, c.outlet_id, c.rm_id FROM clients c JOIN staff s ON s.staff_id = c.rm_id
		WHERE s.username = 'rm01' ORDER BY (SELECT count(*) FROM alerts a WHERE a.client_id = c.client_id) DESC, c.client_id LIMIT 1`).Scan(&id, &outlet, &rmID); err != nil {
		t.Fatal(err)
	}
	today := domain.Today(time.Now())
	// Alerts Steward closes itself: an overdue contact (closed by the contact below) and a stale phone
	// (closed by verifying it).
	var rows []store.AlertRow
	for _, rule := range []alerts.Rule{alerts.RuleContactOverdue, alerts.RulePhoneStale, alerts.RuleMaturity} {
		rows = append(rows, store.AlertRow{Alert: alerts.Alert{ClientID: id, Rule: rule, Key: "visible-text", Due: today, Severity: alerts.Warn},
			OutletID: outlet, Assignee: alerts.Assignee{StaffID: rmID, Role: domain.RoleRM}, RaisedOn: today, Deadline: time.Now().Add(48 * time.Hour)})
	}
	if _, err := d.st.RaiseAlerts(ctx, today, rows); err != nil {
		t.Fatal(err)
	}
	rm := d.login("rm01", langZH)
	post := func(path string, form url.Values) {
		t.Helper()
		if rec := rm.post(path, form); rec.Code != http.StatusSeeOther {
			t.Fatalf("POST %s: status %d\n%s", path, rec.Code, rec.Body.String())
		}
	}
	client := "/clients/" + id
	post(client+"/contacts", url.Values{"channel": {"phone"}, "outcome": {"reached"}, "note": {"客户考虑到期资金续存"},
		"next_step": {"带产品资料上门"}, "follow_up": {today.AddDays(3).String()}})
	post(client+"/contacts", url.Values{"channel": {"visit"}, "outcome": {"no_answer"}})
	post(client+"/phone-verified", url.Values{})
	var maturity string
	if err := d.st.DB().QueryRowContext(ctx, d.st.Rebind("SELECT CAST(alert_id AS TEXT) FROM alerts WHERE client_id = ? AND rule = 'maturity' AND fact_key = 'visible-text'"), id).Scan(&maturity); err != nil {
		t.Fatal(err)
	}
	post("/alerts/"+maturity, url.Values{"action": {"close"}, "outcome": {"客户已续存一年期定期"}})
	// A supervisor's task, and a lifecycle change of the client.
	var sup int64
	if err := d.st.DB().QueryRowContext(ctx, "SELECT staff_id FROM staff WHERE username = 'sup01'").Scan(&sup); err != nil {
		t.Fatal(err)
	}
	if _, err := d.st.DB().ExecContext(ctx, d.st.Rebind(`INSERT INTO tasks (client_id, assignee_id, assignee_role, outlet_id, created_by, source, kind,
		title, due_on, priority, created_at) VALUES (?, ?, 'rm', ?, ?, 'supervisor', 'visit', '带理财经理一同拜访', ?, 2, ?)`), id, rmID, outlet, sup,
		today.AddDays(1), time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	if _, err := d.st.DB().ExecContext(ctx, d.st.Rebind(`INSERT INTO rating_history (client_id, on_date, occasion, reason, from_contribution,
		to_contribution, from_service, to_service, star_points, from_stage, to_stage) VALUES (?, ?, 'nightly', 'lifecycle', 1, 1, 1, 1, 0, 'active', 'dormant')`),
		id, today.AddDays(-1)); err != nil {
		t.Fatal(err)
	}
	// A greeting the sender stopped in the middle of sending: of unknown fate, as Steward marks it.
	if _, err := d.st.DB().ExecContext(ctx, d.st.Rebind(`UPDATE greetings SET state = 'sending', claimed_at = ?
		WHERE greeting_id = (SELECT max(greeting_id) FROM greetings)`), time.Now().Add(-time.Hour).UTC()); err != nil {
		t.Fatal(err)
	}
	if n, err := d.st.RecoverGreetings(ctx, time.Now()); err != nil || n != 1 {
		t.Fatalf("recover greetings: %d, %v", n, err)
	}
	return id
}

// page is a page to read: its path and how a failure names it.
type page struct{ name, path string }

var navHrefRE = regexp.MustCompile(`<nav[^>]*>(?s:(.*?))</nav>`)
var hrefRE = regexp.MustCompile(`href="(/[^"#?]*)(?:\?[^"#]*)?"`)
var clientLinkRE = regexp.MustCompile(`href="/clients/([A-Za-z0-9]+)"`)
var previewLinkRE = regexp.MustCompile(`href="(/greetings\?outlet=[^"]+)#preview"`)

// pages are the pages a person of the browser's role reaches: the navigation's, the rich client's, the
// first client of the person's list, a greeting batch's preview, and the pages of the top bar.
func (d *demoSite) pages(b *browser, rich string) []page {
	home := b.get("/").Body.String()
	seen := map[string]bool{}
	var out []page
	add := func(name, path string) {
		if !seen[path] {
			seen[path] = true
			out = append(out, page{name, path})
		}
	}
	add("/", "/")
	if m := navHrefRE.FindStringSubmatch(home); m != nil {
		for _, h := range hrefRE.FindAllStringSubmatch(m[1], -1) {
			add(h[1], h[1])
		}
	}
	for _, p := range []string{"/clients", "/tasks", "/calendar", "/coverage", "/diary", "/greetings", "/greetings/templates", "/imports",
		"/audit", "/admin/calendar", "/admin/staff", "/admin/org", "/password", "/team/diaries", "/console/use?period=month",
		"/console/completeness", "/console/key-focus", "/audit?action=key_focus",
		"/console/maturing", "/console/intent", "/console/referrals", "/console"} {
		add(p, p)
	}
	add("/clients/{rich time line}", "/clients/"+rich)
	if m := clientLinkRE.FindStringSubmatch(b.get("/clients").Body.String()); m != nil {
		add("/clients/{first of the list}", "/clients/"+m[1])
	}
	if m := previewLinkRE.FindStringSubmatch(b.get("/greetings").Body.String()); m != nil {
		add("/greetings (a batch's preview)", html.UnescapeString(m[1]))
	}
	return out
}

// visibleText is what a person reads on a page: the text between the tags, without scripts, styles,
// comments, the logo's letter and the demo's banner (which is bilingual on purpose), entities decoded,
// one text per line.
func visibleText(page string) []string {
	for _, re := range []*regexp.Regexp{scriptRE, styleRE, commentRE, bannerRE, logoRE} {
		page = re.ReplaceAllString(page, "\n")
	}
	var out []string
	for _, s := range strings.Split(tagRE.ReplaceAllString(page, "\n"), "\n") {
		if s = strings.TrimSpace(html.UnescapeString(s)); s != "" {
			out = append(out, s)
		}
	}
	return out
}

var (
	scriptRE  = regexp.MustCompile(`(?is)<script\b.*?</script>`)
	styleRE   = regexp.MustCompile(`(?is)<style\b.*?</style>`)
	commentRE = regexp.MustCompile(`(?s)<!--.*?-->`)
	bannerRE  = regexp.MustCompile(`(?s)<div class="demo-banner"[^>]*>.*?</div>`)
	logoRE    = regexp.MustCompile(`<span class="brand-mark[^"]*"[^>]*>[^<]*</span>`)
	tagRE     = regexp.MustCompile(`(?s)<[^>]*>`)
)

// internalCodes are the codes a page must name rather than show, each with where it comes from: the
// suffixes of the catalogue's code lists (every list the templates and the code look codes up in, found
// in their source), and the store's and the rules' own lists of codes.
func internalCodes(t *testing.T) map[string]string {
	t.Helper()
	lists := map[string]bool{}
	listRE := regexp.MustCompile(`Code "([a-zA-Z.]+)"|Code\("([a-zA-Z.]+)"|code\([a-zA-Z.]+, "([a-zA-Z.]+)"|T\("([a-zA-Z.]+)\." *\+|printf "([a-zA-Z.]+)\.%s"`)
	files, _ := filepath.Glob("templates/*.html")
	gofiles, _ := filepath.Glob("*.go")
	for _, f := range append(files, gofiles...) {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range listRE.FindAllStringSubmatch(string(src), -1) {
			for _, g := range m[1:] {
				if g != "" {
					lists[g] = true
				}
			}
		}
	}
	if len(lists) < 10 {
		t.Fatalf("found only the code lists %v in the templates and the code", lists)
	}
	codes := map[string]string{}
	add := func(from string, cs ...string) {
		for _, c := range cs {
			if codeLike.MatchString(c) {
				codes[c] = from
			}
		}
	}
	for k := range messages {
		i := strings.LastIndexByte(k, '.')
		if i > 0 && lists[k[:i]] {
			add(k[:i]+" code", k[i+1:])
		}
	}
	for _, r := range append(slices.Clone(alerts.AllRules), alerts.RuleHoliday) {
		add("alert rule", string(r))
	}
	for _, r := range domain.Roles {
		add("role", string(r))
	}
	add("contact channel", store.ContactChannels...)
	add("contact outcome", store.ContactOutcomes...)
	add("task kind", store.TaskKinds...)
	add("alert outcome", store.SystemAlertOutcomes...)
	add("relationship reason", store.RelationshipReasons...)
	add("greeting state", store.GreetingStates...)
	add("audit action", auditActions...)
	for _, s := range store.AlertStates {
		add("alert state", s)
	}
	add("lifecycle stage", string(rating.StageNew), string(rating.StageActive), string(rating.StageDormant), string(rating.StageChurning), string(rating.StageLost))
	add("rating reason", pipeline.ReasonFirst, pipeline.ReasonLifecycle)
	add("task title", "cadence", "handover")
	add("task source", "contact", "supervisor", "rule", "handover")
	return codes
}

// codeLike is the shape of a code: lower case, digits and underscores, starting with a letter.
var codeLike = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

var (
	wordRE = regexp.MustCompile(`[A-Za-z0-9_]+`)
	// tokenRE is a run of Latin letters and digits, with the dots, hyphens, underscores and @ inside file
	// names, numbers and addresses.
	tokenRE  = regexp.MustCompile(`[A-Za-z0-9][A-Za-z0-9_.@\-]*[A-Za-z0-9]|[A-Za-z0-9]`)
	letterRE = regexp.MustCompile(`[A-Za-z]`)
	digitRE  = regexp.MustCompile(`[0-9]`)
	// joinedRE: codes joined by "|" ("reached|next step"); a "|" standing between spaces separates texts.
	joinedRE = regexp.MustCompile(`\S\||\|\S`)
	// prefixedRE: "cadence:T5", "handover:…": a lower-case word, a colon and no space.
	prefixedRE = regexp.MustCompile(`\b[a-z][a-z_]*:[A-Za-z0-9_]`)
	// literalRE: what a person types literally, which a Chinese page shows as it must be typed: text in
	// Chinese quotes (the schedule file's keywords “year 2027”, “holiday”), a greeting template's
	// placeholders ({outlet}, {dear}), an address on the server (/api/v1/calendar.ics), a file's name on
	// the server (import_20261203.txt, 2027.txt) and a login name beside the person's name, as the audit
	// log shows who acted (周建平（admin）): names a person types or reads on a screen elsewhere.
	literalRE = regexp.MustCompile(`“[^”]*”|\{[A-Za-z_]+\}|(?:^|[\s(（：:])(/[A-Za-z0-9_.\-]+)+|[A-Za-z0-9_\-]+\.(?:txt|csv|xlsx)\b|（[A-Za-z][A-Za-z0-9_.\-]*）`)
	// gradeRE: letter grades, credit grades (AAA, BBB+) and the ABC classes (A 类), written so in Chinese
	// banks.
	gradeRE = regexp.MustCompile(`^[A-D]{1,3}[+-]?$`)
)

// zhLatin are the only Latin words the Chinese pages use on purpose, each for its reason. Words with a
// digit in them are values (client, account and ID numbers, outlet codes, T1–T5, R1–R5, file names), and
// words with an @ are e-mail addresses; neither needs a place here.
var zhLatin = map[string]string{
	"Steward":   "the product's name",
	"AUM":       "the bankers' own term for assets under management (DOMAIN.md)",
	"VIP":       "the VIP counter (低柜/VIP柜员), as banks name it",
	"Excel":     "a file format on the export buttons",
	"CSV":       "a file format on the export buttons",
	"iCalendar": "a file format (the calendar feed)",
	"txt":       "a file format (the schedule file)",
	"API":       "the API and its tokens, as IT staff name them",
	"IP":        "an IP address, as IT staff name it",
	"English":   "the language switch names each language in itself",
	"B":         "a file size unit",
	"KB":        "a file size unit",
	"MB":        "a file size unit",
	"GB":        "a file size unit",
}

// checkVisible lists what is wrong with a page's visible text, each problem with its context. On English
// pages a code of one word reads as an English word ("new", "visit"), so only codes of several words
// (no_answer) are looked for there; on Chinese pages every Latin word is, and every page is read in both.
func checkVisible(lines []string, lang string, codes map[string]string) []string {
	var out []string
	ctx := func(line string, at int) string {
		r := []rune(line)
		i := len([]rune(line[:at]))
		lo, hi := max(i-30, 0), min(i+30, len(r))
		return strconv.Quote(string(r[lo:hi]))
	}
	for _, line := range lines {
		literal := literalRE.FindAllStringIndex(line, -1)
		isLiteral := func(loc []int) bool {
			return slices.ContainsFunc(literal, func(q []int) bool { return q[0] <= loc[0] && loc[1] <= q[1] })
		}
		for _, loc := range joinedRE.FindAllStringIndex(line, -1) {
			out = append(out, fmt.Sprintf(`texts joined with "|" in %s`, ctx(line, loc[0])))
		}
		for _, loc := range prefixedRE.FindAllStringIndex(line, -1) {
			out = append(out, fmt.Sprintf(`a "prefix:code" %q in %s`, line[loc[0]:loc[1]], ctx(line, loc[0])))
		}
		for _, loc := range wordRE.FindAllStringIndex(line, -1) {
			w := line[loc[0]:loc[1]]
			from, ok := codes[w]
			if !ok || (lang == langEN && !strings.Contains(w, "_")) || isLiteral(loc) {
				continue
			}
			out = append(out, fmt.Sprintf("internal code %q (%s) in %s", w, from, ctx(line, loc[0])))
		}
		if lang != langZH {
			continue
		}
		for _, loc := range tokenRE.FindAllStringIndex(line, -1) {
			w := line[loc[0]:loc[1]]
			if !letterRE.MatchString(w) || digitRE.MatchString(w) || strings.Contains(w, "@") || zhLatin[w] != "" || gradeRE.MatchString(w) {
				continue
			}
			if _, isCode := codes[w]; isCode && wordRE.FindString(w) == w {
				continue // said above
			}
			if isLiteral(loc) {
				continue
			}
			out = append(out, fmt.Sprintf("Latin word %q on a Chinese page in %s", w, ctx(line, loc[0])))
		}
	}
	return out
}
