package web

import (
	"bytes"
	"context"
	"html/template"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// cellOf is the text of the cell of class class in the row of data attribute attr="val".
func cellOf(t *testing.T, body, attr, val, class string) string {
	t.Helper()
	row := regexp.MustCompile(`(?s)<tr ` + attr + `="` + regexp.QuoteMeta(val) + `">(.*?)</tr>`).FindStringSubmatch(body)
	if row == nil {
		t.Fatalf("no row %s=%q", attr, val)
	}
	m := regexp.MustCompile(`class="num ` + class + `">(?:<a[^>]*>)?([^<]*)`).FindStringSubmatch(row[1])
	if m == nil {
		t.Fatalf("row %s=%q has no %s cell", attr, val, class)
	}
	return m[1]
}

// Only the outlet's leads reach the three tables; the system-use counts follow what people did; the
// completeness drill-down links the incomplete clients with what they lack; key focus is marked from the
// client view and unmarked from the list, audited, and refused to an RM.
func TestConsoleUsePages(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		e := newEnv(t, st)
		on := domain.Today(time.Now())
		for id, tier := range map[string]string{"C001": "T3", "C002": "T2", "C003": "T1", "C004": "T3"} {
			if _, err := st.DB().ExecContext(ctx, st.Rebind("INSERT INTO client_ratings (client_id, rated_on, tier) VALUES (?, ?, ?)"), id, on, tier); err != nil {
				t.Fatal(err)
			}
		}
		rm := e.login("rm01")
		wantStatus(t, rm.get("/clients/C001"), http.StatusOK, "rm01 opens C001")
		rm.get("/clients/C001")
		for _, who := range []string{"rm01", "teller01", "lobby01", "dept1", "admin"} {
			b := rm
			if who != "rm01" {
				b = e.login(who)
			}
			for _, page := range []string{"/console/use", "/console/completeness", "/console/key-focus", "/console/use/export/csv"} {
				wantStatus(t, b.get(page), http.StatusForbidden, who+" opening "+page)
			}
		}
		if strings.Contains(rm.get("/clients/C001").Body.String(), `id="toggle-key-focus"`) {
			t.Error("rm01's client view offers the key-focus mark")
		}
		wantStatus(t, rm.post("/clients/C001/key-focus", url.Values{"on": {"1"}}), http.StatusForbidden, "rm01 marking C001")

		sup := e.login("sup01")
		use := sup.get("/console/use?period=week")
		wantStatus(t, use, http.StatusOK, "the system use of the week")
		body := use.Body.String()
		if got := cellOf(t, body, "data-username", "rm01", "use-logins"); got != "1" {
			t.Errorf("rm01's log-ins this week: %s, want 1", got)
		}
		if got := cellOf(t, body, "data-username", "rm01", "use-opened"); got != "1" {
			t.Errorf("rm01's clients opened this week: %s, want 1 (C001 twice)", got)
		}
		if strings.Contains(body, `data-username="rm03"`) {
			t.Error("another outlet's RM is listed")
		}
		wantStatus(t, sup.get("/console/use?period=year"), http.StatusBadRequest, "an unknown period")
		csv := sup.get("/console/use/export/csv?period=month&sort=logins")
		wantStatus(t, csv, http.StatusOK, "the system use as CSV")
		if b := csv.Body.String(); !strings.Contains(b, "登录次数") || !strings.Contains(b, "rm01") {
			t.Errorf("the CSV lacks its header or rm01: %.300s", b)
		}

		comp := sup.get("/console/completeness")
		wantStatus(t, comp, http.StatusOK, "the completeness page")
		body = comp.Body.String()
		if !strings.Contains(body, `<tr data-client-id="C001">`) || !strings.Contains(body, `href="/clients/C001"`) || !strings.Contains(body, "家庭成员") {
			t.Error("the drill-down lacks C001 with its missing family members, linked to the client view")
		}
		if strings.Contains(body, `data-client-id="C003"`) || strings.Contains(body, `data-client-id="C004"`) {
			t.Error("a T1 client or another outlet's client is in the drill-down")
		}
		if x := sup.get("/console/completeness/export/xlsx?list=clients"); x.Code != http.StatusOK || x.Body.Len() == 0 {
			t.Errorf("the incomplete clients' export: %d", x.Code)
		}

		view := sup.get("/clients/C001").Body.String()
		if !strings.Contains(view, `id="toggle-key-focus"`) {
			t.Fatal("sup01's client view offers no key-focus mark")
		}
		wantStatus(t, sup.post("/clients/C001/key-focus", url.Values{"on": {"1"}}), http.StatusSeeOther, "sup01 marks C001")
		list := sup.get("/console/key-focus").Body.String()
		if !strings.Contains(list, `<tr data-client-id="C001">`) {
			t.Error("C001 is not on the key-focus list after the mark")
		}
		wantStatus(t, sup.post("/console/key-focus", url.Values{"client": {"C004"}, "on": {"1"}}), http.StatusNotFound, "sup01 marking OT3's C004")
		wantStatus(t, sup.post("/console/key-focus", url.Values{"client": {"C001"}, "on": {"0"}}), http.StatusSeeOther, "sup01 unmarks C001")
		if strings.Contains(sup.get("/console/key-focus").Body.String(), `<tr data-client-id="C001">`) {
			t.Error("C001 is still listed after the unmark")
		}
		if ev, err := st.AuditEvents(ctx, store.AuditFilter{Action: store.AuditKeyFocus}); err != nil || len(ev) != 2 {
			t.Errorf("key-focus changes audited %d times (%v), want 2", len(ev), err)
		}
		audit := sup.get("/audit?action=key_focus").Body.String()
		if !strings.Contains(audit, "重点关注客户变更") {
			t.Error("the audit page does not word the key-focus action")
		}

		// The console's sections: the lead's page executes "console-use" with the three values.
		pr, err := e.auth.Session(ctx, sup.cookies[sessionCookie].Value)
		if err != nil {
			t.Fatal(err)
		}
		p := &pr
		req := httptest.NewRequest("GET", "/console", nil)
		v := e.srv.newView(req, p)
		u, c, k, err := e.srv.consoleUseSections(req, p, v)
		if err != nil {
			t.Fatal(err)
		}
		v.Data = struct{ Use, Completeness, KeyFocus any }{u, c, k}
		tpl, err := template.New("console").Funcs(funcs).ParseFS(assets, "templates/console_use.html", "templates/pager.html")
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if err := tpl.ExecuteTemplate(&out, "console-use", v); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{`id="console-use"`, `id="console-completeness"`, `id="console-key-focus"`, `data-username="rm01"`, `data-client-id="C001"`} {
			if !strings.Contains(out.String(), id) {
				t.Errorf("the console's sections lack %s", id)
			}
		}
	})
}
