package web

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// English counts take the singular for one: "matures in 1 day", "1 contact", and the plural otherwise,
// whatever the verb's place or explicit index.
func TestPlural(t *testing.T) {
	for _, c := range []struct {
		key  string
		args []any
		want string
	}{
		{"alert.text.maturity", []any{"A1", "¥1.00", 1}, "account A1, ¥1.00, matures in 1 day"},
		{"alert.text.maturity", []any{"A1", "¥1.00", 7}, "account A1, ¥1.00, matures in 7 days"},
		{"home.todayDone", []any{1, 2, 1}, "Done today: 1 contact · 2 alerts closed · 1 task done"},
		{"home.todayDone", []any{0, 1, 11}, "Done today: 0 contacts · 1 alert closed · 11 tasks done"},
		{"clients.total", []any{"1"}, "1 client"},
		{"clients.total", []any{"1,001"}, "1,001 clients"},
		{"client.accounts", []any{1}, "1 account"},
		{"alert.text.phoneNever", []any{"2020-01-01", 1}, "phone never verified, over 1 month since the account opened on 2020-01-01"},
		{"alert.text.phoneNever", []any{"2020-01-01", 12}, "phone never verified, over 12 months since the account opened on 2020-01-01"},
	} {
		if got := msg(langEN, c.key, c.args...); got != c.want {
			t.Errorf("%s %v: %q, want %q", c.key, c.args, got, c.want)
		}
	}
	// The Chinese has no plural and keeps its text; a brace group without a bar is left alone.
	if got := msg(langZH, "alert.text.maturity", "A1", "¥1.00", 1); got != "账户 A1 余额 ¥1.00, 1 天后到期" {
		t.Errorf("zh: %q", got)
	}
	if got := plural("Dear {name}, %d {day|days} %% {x}", []any{1}); got != "Dear {name}, %d day %% {x}" {
		t.Errorf("plural kept %q", got)
	}
}

// countNoun finds an English count followed by a plural noun written without the {one|other} form:
// "%d days", "%s clients", "%d downgrade warnings".
var countNoun = regexp.MustCompile(`%(\[\d+\])?[ds] (?:[a-z]+ )?([a-z]+s)\b`)

// Every English message that shows a count gives its noun a singular: nobody reads "1 days".
func TestCatalogueCountsHaveSingulars(t *testing.T) {
	notNouns := map[string]bool{"is": true, "was": true, "has": true, "as": true, "its": true, "this": true, "us": true,
		// Verbs after a name, and an abbreviation that takes no plural.
		"holds": true, "takes": true, "matures": true, "ms": true}
	for key, m := range messages {
		for _, sm := range countNoun.FindAllStringSubmatch(m.en, -1) {
			if !notNouns[sm[2]] {
				t.Errorf("%s: %q counts %q without a singular (write %%d {one|other})", key, m.en, sm[0])
			}
		}
	}
}

// An amount column is in one unit from its smallest row to its largest.
func TestWanColumn(t *testing.T) {
	for _, c := range []struct {
		fen    int64
		zh, en string
	}{
		{40928, "¥0.04万", "¥0.41K"},
		{1300000, "¥1.30万", "¥13.00K"},
		{12345678900, "¥12,345.68万", "¥123,456.79K"},
		{0, "¥0.00万", "¥0.00K"},
		{4000, "<¥0.01万", "¥0.04K"},
		{-1300000, "-¥1.30万", "-¥13.00K"},
	} {
		if got := wanColumn(c.fen, langZH); got != c.zh {
			t.Errorf("wanColumn(%d, zh) = %q, want %q", c.fen, got, c.zh)
		}
		if got := wanColumn(c.fen, langEN); got != c.en {
			t.Errorf("wanColumn(%d, en) = %q, want %q", c.fen, got, c.en)
		}
	}
}

// The client list's amount column shows every row in 万, the exact amount in its title.
func TestClientListAmountsInOneUnit(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		body := e.login("admin").get("/clients").Body.String()
		cells := regexp.MustCompile(`<td class="num" title="¥[^"]*">([^<]*)</td>`).FindAllStringSubmatch(body, -1)
		if len(cells) == 0 {
			t.Fatal("no amount cells in the client list")
		}
		for _, c := range cells {
			if !strings.HasSuffix(c[1], "万") {
				t.Errorf("amount cell %q is not in 万", c[1])
			}
		}
	})
}

// The quadrants of the value × loyalty matrix are named by what they are, not "问题客户1/2".
func TestMatrixLabelsSayWhatTheyMean(t *testing.T) {
	for _, q := range []string{"loyal", "problem_1", "problem_2", "general"} {
		zh, en := code(langZH, "matrix", q), code(langEN, "matrix", q)
		if strings.ContainsAny(zh, "0123456789") || strings.Contains(zh, "问题") || strings.Contains(strings.ToLower(en), "problem") {
			t.Errorf("matrix %s is called %q / %q", q, zh, en)
		}
	}
	if code(langZH, "matrix", "problem_1") != "高忠诚低贡献客户" || code(langZH, "matrix", "problem_2") != "高贡献低忠诚客户" {
		t.Error("the two middle quadrants do not say which axis is high")
	}
}

// timelineRows are the rows of the client view's time line.
func timelineRows(t *testing.T, body string) []string {
	t.Helper()
	i := strings.Index(body, `id="timeline-list"`)
	if i < 0 {
		t.Fatal("no time line")
	}
	tl := body[i : i+strings.Index(body[i:], "</table>")]
	return strings.Split(tl, "<tr")[1:]
}

// After logging a contact the person sees the confirmation where they are: in the time line's section,
// which the redirect's anchor scrolls to, not at the top of the page. The follow-up task heads the time
// line with its due date and no made-up time; the contact keeps its time.
func TestContactConfirmedInPlaceAndTimelineDates(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		b := e.login("rm01")
		follow := domain.Today(time.Now()).AddDays(3)
		rec := b.post("/clients/C001/contacts", url.Values{"channel": {"phone"}, "outcome": {"interested"},
			"next_step": {"带产品说明书上门"}, "follow_up": {follow.String()}})
		wantStatus(t, rec, http.StatusSeeOther, "log a contact")
		loc := rec.Header().Get("Location")
		if !strings.HasSuffix(loc, "#timeline") {
			t.Fatalf("redirect to %q, want the time line's anchor", loc)
		}
		body := b.get(strings.TrimSuffix(loc, "#timeline")).Body.String()
		sec := strings.Index(body, `id="timeline"`)
		done := strings.Index(body, `id="contact-done"`)
		form := strings.Index(body, `id="contact-form"`)
		if sec < 0 || done < sec || form < done {
			t.Errorf("the confirmation is not in the time line's section above the form (section %d, confirmation %d, form %d)", sec, done, form)
		}
		if strings.Count(body, "联系已记录") != 1 {
			t.Errorf("the confirmation is shown %d times", strings.Count(body, "联系已记录"))
		}
		rows := timelineRows(t, body)
		if !strings.Contains(rows[0], "带产品说明书上门") || !strings.Contains(rows[0], ">"+follow.String()+"<") {
			t.Errorf("the follow-up does not head the time line with its due date:\n%s", rows[0])
		}
		for _, r := range rows {
			if strings.Contains(r, " 00:00<") {
				t.Errorf("a time line row shows a made-up midnight:\n%s", r)
			}
		}
		contact := regexp.MustCompile(`>\d{4}-\d\d-\d\d \d\d:\d\d<`)
		found := false
		for _, r := range rows {
			if strings.Contains(r, "tl-contact") {
				found = contact.MatchString(r)
			}
		}
		if !found {
			t.Error("the contact's row does not show its time of day")
		}
		// A refused contact shows its error beside the form, and the form's address brings the person back to it.
		if !strings.Contains(body, `action="/clients/C001/contacts#timeline"`) {
			t.Error("the contact form does not return to the time line")
		}
		bad := b.post("/clients/C001/contacts", url.Values{"channel": {"phone"}}).Body.String()
		sec, prob := strings.Index(bad, `id="timeline"`), strings.Index(bad, `id="contact-problem"`)
		if prob < sec || sec < 0 {
			t.Errorf("the refusal is not in the time line's section (section %d, error %d)", sec, prob)
		}
	})
}

// A task a person made for themselves does not say "(X 指派)"; one a supervisor assigned does.
func TestSelfMadeTaskNotAssigned(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		rm01 := e.fx.Staff["rm01"]
		next := domain.Today(time.Now()).AddDays(3)
		b := e.login("rm01")
		wantStatus(t, b.post("/clients/C001/contacts", url.Values{"channel": {"phone"}, "outcome": {"interested"},
			"next_step": {"自己安排的回访"}, "follow_up": {next.String()}}), http.StatusSeeOther, "contact with follow-up")
		sup := e.login("sup01")
		wantStatus(t, sup.post("/tasks", url.Values{"assignee": {fmt.Sprint(rm01.ID)}, "client": {"C001"}, "kind": {"call"},
			"due": {next.String()}, "priority": {"2"}, "note": {"主管安排的电话"}}), http.StatusSeeOther, "assign")
		body := b.get("/tasks").Body.String()
		rows := map[string]string{}
		for _, r := range strings.Split(body, `<tr class="task-row`)[1:] {
			for _, k := range []string{"自己安排的回访", "主管安排的电话"} {
				if strings.Contains(r, k) {
					rows[k] = r[:strings.Index(r, "</tr>")]
				}
			}
		}
		if r := rows["自己安排的回访"]; r == "" || strings.Contains(r, "指派") {
			t.Errorf("rm01's own follow-up: %q", r)
		}
		if r := rows["主管安排的电话"]; !strings.Contains(r, "赵主管 指派") {
			t.Errorf("the supervisor's task does not say who assigned it: %q", r)
		}
	})
}

// Text assets go gzip-compressed to a browser that accepts it, and decompress to the very file; a client
// without gzip gets the file as it is; both vary by Accept-Encoding and revalidate by their own ETag.
func TestStaticGzip(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	b := e.anon()
	files := []string{"app.css", "app.js"}
	if _, err := fs.Stat(assets, "static/vendor/echarts.min.js"); err == nil {
		files = append(files, "vendor/echarts.min.js")
	} else {
		t.Log("static/vendor/echarts.min.js is not built in (make web); testing app.css and app.js only")
	}
	for _, name := range files {
		want, err := fs.ReadFile(assets, "static/"+name)
		if err != nil {
			t.Fatal(err)
		}
		rec := b.get("/static/"+name, "Accept-Encoding", "gzip, deflate, br")
		wantStatus(t, rec, http.StatusOK, name+" gzip")
		h := rec.Header()
		if h.Get("Content-Encoding") != "gzip" || !strings.Contains(h.Get("Vary"), "Accept-Encoding") || h.Get("ETag") == "" {
			t.Fatalf("%s: Content-Encoding %q, Vary %q, ETag %q", name, h.Get("Content-Encoding"), h.Get("Vary"), h.Get("ETag"))
		}
		if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "text/javascript") && !strings.HasPrefix(ct, "text/css") {
			t.Errorf("%s: Content-Type %q", name, ct)
		}
		zr, err := gzip.NewReader(bytes.NewReader(rec.Body.Bytes()))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("%s: decompressed %d bytes (%v), want the %d of the file", name, len(got), err, len(want))
		}
		if strings.HasSuffix(name, "echarts.min.js") && rec.Body.Len()*2 > len(want) {
			t.Errorf("%s: %d bytes compressed of %d", name, rec.Body.Len(), len(want))
		}
		gzTag := h.Get("ETag")
		wantStatus(t, b.get("/static/"+name, "Accept-Encoding", "gzip", "If-None-Match", gzTag), http.StatusNotModified, name+" revalidated")

		plain := b.get("/static/"+name, "Accept-Encoding", "identity")
		wantStatus(t, plain, http.StatusOK, name+" plain")
		if plain.Header().Get("Content-Encoding") != "" || !bytes.Equal(plain.Body.Bytes(), want) ||
			!strings.Contains(plain.Header().Get("Vary"), "Accept-Encoding") || plain.Header().Get("ETag") == gzTag {
			t.Errorf("%s without gzip: encoding %q, %d bytes, Vary %q, ETag %q", name, plain.Header().Get("Content-Encoding"),
				plain.Body.Len(), plain.Header().Get("Vary"), plain.Header().Get("ETag"))
		}
		if rec := b.get("/static/"+name, "Accept-Encoding", "gzip;q=0"); rec.Header().Get("Content-Encoding") != "" {
			t.Errorf("%s: gzip;q=0 refused, still compressed", name)
		}
		// A cached compressed copy is not good for a client without gzip.
		if rec := b.get("/static/"+name, "If-None-Match", gzTag); rec.Code == http.StatusNotModified {
			t.Errorf("%s: the compressed ETag revalidates the plain file", name)
		}
	}
	wantStatus(t, b.get("/static/vendor"), http.StatusNotFound, "a directory")
	wantStatus(t, b.get("/static/nothing.js", "Accept-Encoding", "gzip"), http.StatusNotFound, "a missing file")
}
