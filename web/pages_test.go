package web

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

func TestExportCSV(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		b := e.login("rm01")
		rec := b.get("/clients/export.csv?sort=client_id")
		wantStatus(t, rec, http.StatusOK, "CSV export")
		if ct := rec.Header().Get("Content-Type"); ct != "text/csv; charset=utf-8" {
			t.Errorf("Content-Type %q", ct)
		}
		if cd := rec.Header().Get("Content-Disposition"); !strings.Contains(cd, "attachment") || !strings.Contains(cd, ".csv") {
			t.Errorf("Content-Disposition %q", cd)
		}
		raw := rec.Body.Bytes()
		if !bytes.HasPrefix(raw, []byte("\xEF\xBB\xBF")) {
			t.Fatalf("no UTF-8 BOM: % x", raw[:8])
		}
		records, err := csv.NewReader(bytes.NewReader(raw[3:])).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(records) != 3 {
			t.Fatalf("%d records, want header + C001 + C003: %v", len(records), records)
		}
		if records[0][0] != "客户号" || records[1][0] != "C001" || records[2][0] != "C003" {
			t.Errorf("records = %v", records)
		}
		if records[1][1] != "张伟" || records[1][4] != "110101199003071233" || records[1][9] != "623456.78" {
			t.Errorf("C001 = %v", records[1])
		}
		for _, other := range []string{"C002", "C004", "李娜", "刘洋"} {
			if bytes.Contains(raw, []byte(other)) {
				t.Errorf("the export holds %s, outside rm01's scope", other)
			}
		}
		// The filter applies.
		rec = b.get("/clients/export.csv?rm=none")
		if n := strings.Count(rec.Body.String(), "\r\n"); n != 2 {
			t.Errorf("unassigned export: %d lines, want 2:\n%s", n, rec.Body.String())
		}
		events, err := st.AuditEvents(ctx, store.AuditFilter{Action: domain.AuditExport})
		if err != nil {
			t.Fatal(err)
		}
		if len(events) != 2 {
			t.Fatalf("%d export events, want 2", len(events))
		}
		var detail struct {
			Format string `json:"format"`
			Rows   int    `json:"rows"`
			Filter struct {
				Unassigned bool   `json:"unassigned"`
				Sort       string `json:"sort"`
			} `json:"filter"`
		}
		if err := json.Unmarshal([]byte(events[0].Detail), &detail); err != nil {
			t.Fatalf("detail %q: %v", events[0].Detail, err)
		}
		if detail.Format != "csv" || detail.Rows != 1 || !detail.Filter.Unassigned || events[0].ActorID != e.fx.Staff["rm01"].ID {
			t.Errorf("newest export event = %+v", events[0])
		}
		if err := json.Unmarshal([]byte(events[1].Detail), &detail); err != nil || detail.Rows != 2 || detail.Filter.Sort != "client_id" {
			t.Errorf("first export event = %+v", events[1])
		}
	})
}

func TestExportXLSX(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		b := e.login("admin")
		rec := b.get("/clients/export.xlsx?sort=aum&desc=1")
		wantStatus(t, rec, http.StatusOK, "xlsx export")
		f, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		sheet := f.GetSheetName(0)
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 5 || rows[0][0] != "客户号" || rows[1][0] != "C002" || rows[4][0] != "C003" {
			t.Fatalf("rows = %v", rows)
		}
		// The AUM is a number (3,000,000.00 yuan for C002), formatted with two decimals.
		cell, _ := excelize.CoordinatesToCellName(10, 2)
		if typ, _ := f.GetCellType(sheet, cell); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
			t.Errorf("AUM cell is text")
		}
		if v, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true}); v != "3000000" {
			t.Errorf("AUM raw value = %q", v)
		}
		if v, _ := f.GetCellValue(sheet, cell); v != "3,000,000.00" {
			t.Errorf("AUM shown as %q", v)
		}
		styleID, _ := f.GetCellStyle(sheet, "A1")
		style, err := f.GetStyle(styleID)
		if err != nil || style.Font == nil || !style.Font.Bold {
			t.Errorf("header style = %+v, %v", style, err)
		}
		panes, err := f.GetPanes(sheet)
		if err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("panes = %+v, %v", panes, err)
		}
		if ev, _ := st.AuditEvents(ctx, store.AuditFilter{Action: domain.AuditExport}); len(ev) != 1 || !strings.Contains(ev[0].Detail, `"rows":4`) {
			t.Errorf("export events = %+v", ev)
		}
	})
}

func TestLanguage(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		// Accept-Language decides before any choice.
		rec := e.anon().get("/login", "Accept-Language", "en-US,en;q=0.9,zh-CN;q=0.5")
		if !strings.Contains(rec.Body.String(), "Staff login") || !strings.Contains(rec.Body.String(), `lang="en"`) {
			t.Error("Accept-Language en does not give English")
		}
		if !strings.Contains(e.anon().get("/login").Body.String(), "员工登录") {
			t.Error("the default is not Chinese")
		}

		b := e.login("rm01")
		rec = b.post("/lang", url.Values{"lang": {"en"}, "next": {"/clients"}})
		wantStatus(t, rec, http.StatusSeeOther, "switch language")
		if rec.Header().Get("Location") != "/clients" {
			t.Errorf("back to %q", rec.Header().Get("Location"))
		}
		body := b.get("/clients?rm=all").Body.String()
		for _, want := range []string{"Client no.", "Financial assets", "2 clients", "Unassigned", `lang="en"`} {
			if !strings.Contains(body, want) {
				t.Errorf("English list lacks %q", want)
			}
		}
		if strings.Contains(body, "客户号") {
			t.Error("the English page still says 客户号")
		}
		st2, err := st.StaffByUsername(ctx, "rm01")
		if err != nil || st2.Lang != "en" {
			t.Errorf("saved language = %q, %v", st2.Lang, err)
		}
		// The saved choice follows the person to another browser.
		other := e.login("rm01")
		if !strings.Contains(other.get("/").Body.String(), "My top 10 clients by financial assets") {
			t.Error("the saved language is not used on a new browser")
		}
		// The cookie beats the saved choice.
		other.cookies[langCookie] = &http.Cookie{Name: langCookie, Value: "zh-CN"}
		if !strings.Contains(other.get("/").Body.String(), "我负责客户中资产前十位") {
			t.Error("the language cookie does not win")
		}
		wantStatus(t, b.post("/lang", url.Values{"lang": {"fr"}}), http.StatusBadRequest, "unknown language")
		if loc := b.post("/lang", url.Values{"lang": {"zh-CN"}, "next": {"https://evil.example"}}).Header().Get("Location"); loc != "/" {
			t.Errorf("open redirect via /lang: %q", loc)
		}
	})
}

func TestHomeAndAuditPages(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		b := e.login("rm01")
		rec := b.get("/")
		wantStatus(t, rec, http.StatusOK, "home")
		body := rec.Body.String()
		for _, want := range []string{"钱经理", "客户经理", "解放路网点", "¥62.35万", `href="/clients/C001"`} {
			if !strings.Contains(body, want) {
				t.Errorf("home lacks %q", want)
			}
		}
		if strings.Contains(body, "C002") || strings.Contains(body, `href="/audit"`) {
			t.Error("rm01's home shows another RM's client or the audit log")
		}
		wantStatus(t, b.get("/audit"), http.StatusForbidden, "rm01 audit")

		// The figures count the client manager's own book: rm02 keeps C002 (300万, T5), 100% of its clients
		// and assets; the outlet's unassigned C003 (0, T1), which rm02 may read, is counted apart.
		body = e.login("rm02").get("/").Body.String()
		tiers := regexp.MustCompile(`(?s)<tr class="tier-row">.*?<strong>(T\d)</strong>.*?<td class="num">([\d,]+)</td>`).FindAllStringSubmatch(body, -1)
		var got []string
		for _, m := range tiers {
			got = append(got, m[1]+"="+m[2])
		}
		if want := "T1=0 T2=0 T3=0 T4=0 T5=1"; strings.Join(got, " ") != want {
			t.Errorf("rm02's tiers %v, want %s", got, want)
		}
		if !strings.Contains(body, "¥300.00万") {
			t.Error("rm02's home does not total 300万 of assets")
		}
		for _, want := range []string{"我负责的客户", "我负责客户的管理资产", "我负责客户的分层", "客户数占比", "资产占比",
			`<a href="/clients?rm=none">本网点未分配客户 1 户（只读）</a>`} {
			if !strings.Contains(body, want) {
				t.Errorf("rm02's home lacks %q", want)
			}
		}
		if n := regexp.MustCompile(`(?s)<tr class="tier-row">\s*<td><strong>T5</strong>.*?<td class="num">100%</td>.*?<td class="num">100%</td>`).FindString(body); n == "" {
			t.Error("rm02's T5 row does not hold 100% of the clients and 100% of the assets")
		}
		if strings.Contains(body, `id="stat-unassigned"`) {
			t.Error("rm02's home counts the outlet's unassigned clients among the figures of its own book")
		}
		// A supervisor's figures count the outlet, and say so.
		sup := e.login("sup01")
		body = sup.get("/").Body.String()
		for _, want := range []string{"范围内客户分层", "范围内尚未建立服务关系的客户", "范围内资产前十位客户", `id="stat-unassigned"`} {
			if !strings.Contains(body, want) {
				t.Errorf("sup01's home lacks %q", want)
			}
		}
		if strings.Contains(body, "我负责") || strings.Contains(body, `id="outlet-unassigned"`) {
			t.Error("sup01's home speaks of a book of its own")
		}

		rec = sup.get("/audit?action=login")
		wantStatus(t, rec, http.StatusOK, "supervisor audit")
		if n := strings.Count(rec.Body.String(), `class="audit-row"`); n != 3 {
			t.Errorf("%d login events, want 3 (rm01, rm02, sup01)", n)
		}
		rec = sup.get("/audit?actor=rm01")
		if n := strings.Count(rec.Body.String(), `class="audit-row"`); n != 1 || !strings.Contains(rec.Body.String(), `<td>钱经理（rm01）</td>`) {
			t.Errorf("actor filter: %d rows", n)
		}
		if strings.Count(sup.get("/audit?actor=nobody").Body.String(), `class="audit-row"`) != 0 {
			t.Error("an unknown actor matches events")
		}
	})
}

func TestClientListPaging(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		var many []domain.Client
		for i := range 120 {
			many = append(many, domain.Client{ClientID: fmt.Sprintf("P%04d", i), Name: fmt.Sprintf("测试%04d", i), IDType: "02",
				IDNumber: fmt.Sprintf("E%08d", i), OutletID: "OT2", OpenDate: domain.NewDate(2020, 1, 1), Status: "normal"})
		}
		if err := st.PutClients(ctx, many); err != nil {
			t.Fatal(err)
		}
		b := e.login("admin")
		rec := b.get("/clients?outlet=OT2&sort=client_id")
		body := rec.Body.String()
		if ids := rowIDs(body); len(ids) != listPageSize || ids[0] != "P0000" {
			t.Fatalf("page 1 = %d rows from %v", len(ids), ids[:1])
		}
		if !strings.Contains(body, "共 120 位客户") {
			t.Error("no total")
		}
		next := regexp.MustCompile(`id="next-page" href="([^"]+)"`).FindStringSubmatch(body)
		if next == nil {
			t.Fatal("no next link")
		}
		href := strings.ReplaceAll(next[1], "&amp;", "&")
		if ids := rowIDs(b.get(href).Body.String()); len(ids) != listPageSize || ids[0] != "P0050" {
			t.Errorf("next page starts at %v", ids[:1])
		}
		if ids := rowIDs(b.get("/clients?outlet=OT2&sort=client_id&page=3").Body.String()); len(ids) != 20 || ids[0] != "P0100" {
			t.Errorf("page 3 = %d rows from %v", len(ids), ids)
		}
		if ids := rowIDs(b.get("/clients?outlet=OT2&sort=client_id&desc=1").Body.String()); ids[0] != "P0119" {
			t.Errorf("descending starts at %v", ids[:1])
		}
		wantStatus(t, b.get("/clients?cursor=garbage"), http.StatusBadRequest, "bad cursor")
		// Live search returns only the results fragment.
		rec = b.get("/clients?q=%E6%B5%8B%E8%AF%95011", "HX-Request", "true", "HX-Target", "results")
		wantStatus(t, rec, http.StatusOK, "htmx search")
		if strings.Contains(rec.Body.String(), "<html") || !strings.Contains(rec.Body.String(), `id="clients"`) {
			t.Error("the htmx answer is not the results fragment")
		}
		if ids := rowIDs(rec.Body.String()); len(ids) != 10 {
			t.Errorf("测试011 prefix: %v", ids)
		}
	})
}

func TestPassword(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		b := e.login("rm01")
		rec := b.post("/password", url.Values{"current": {"wrong"}, "new": {"NewPassw0rd"}, "confirm": {"NewPassw0rd"}})
		wantStatus(t, rec, http.StatusUnprocessableEntity, "wrong current")
		if !strings.Contains(rec.Body.String(), "当前密码不正确") {
			t.Error("no wrong-current error")
		}
		rec = b.post("/password", url.Values{"current": {storetest.Password}, "new": {"short1"}, "confirm": {"short1"}})
		wantStatus(t, rec, http.StatusUnprocessableEntity, "short")
		rec = b.post("/password", url.Values{"current": {storetest.Password}, "new": {"NewPassw0rd"}, "confirm": {"Other0000"}})
		wantStatus(t, rec, http.StatusUnprocessableEntity, "mismatch")
		rec = b.post("/password", url.Values{"current": {storetest.Password}, "new": {"NewPassw0rd"}, "confirm": {"NewPassw0rd"}})
		wantStatus(t, rec, http.StatusSeeOther, "change")
		if !strings.Contains(b.get(rec.Header().Get("Location")).Body.String(), "密码已修改") {
			t.Error("no confirmation")
		}
		rec = e.anon().post("/login", url.Values{"username": {"rm01"}, "password": {"NewPassw0rd"}})
		wantStatus(t, rec, http.StatusSeeOther, "login with the new password")
	})
}

func TestExpiredPasswordRedirects(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		// Move both clocks past the password's age (policy default 90 days).
		later := func() time.Time { return time.Now().Add(100 * 24 * time.Hour) }
		e.auth.Now, st.Now = later, later
		b := e.anon()
		rec := b.post("/login", url.Values{"username": {"rm01"}, "password": {storetest.Password}, "next": {"/clients"}})
		if rec.Header().Get("Location") != "/password" {
			t.Fatalf("login with an expired password goes to %q", rec.Header().Get("Location"))
		}
		for _, p := range []string{"/", "/clients", "/clients/C001", "/audit"} {
			if loc := b.get(p).Header().Get("Location"); loc != "/password" {
				t.Errorf("%s goes to %q, want /password", p, loc)
			}
		}
		if rec := b.get("/api/v1/me"); rec.Code != http.StatusForbidden {
			t.Errorf("API with an expired password: %d", rec.Code)
		}
		rec = b.get("/password")
		wantStatus(t, rec, http.StatusOK, "password page")
		if !strings.Contains(rec.Body.String(), "密码已过期") {
			t.Error("the page does not say the password expired")
		}
		wantStatus(t, b.post("/password", url.Values{"current": {storetest.Password}, "new": {"Fresh2026x"}, "confirm": {"Fresh2026x"}}),
			http.StatusSeeOther, "change")
		wantStatus(t, b.get("/clients"), http.StatusOK, "after the change")
	})
}

func TestHeadersHealthAndErrors(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		b := e.login("rm01")
		for _, p := range []string{"/login", "/", "/clients", "/api/v1/me", "/nope", "/api/v1/nope", "/healthz"} {
			rec := b.get(p)
			h := rec.Header()
			if h.Get("Content-Security-Policy") != contentSecurityPolicy || h.Get("X-Content-Type-Options") != "nosniff" ||
				h.Get("X-Frame-Options") != "DENY" || h.Get("Referrer-Policy") != "same-origin" || h.Get("Cache-Control") != "no-store" {
				t.Errorf("%s: headers %v", p, h)
			}
		}
		rec := b.get("/static/app.css")
		wantStatus(t, rec, http.StatusOK, "app.css")
		if rec.Header().Get("Content-Security-Policy") == "" || !strings.Contains(rec.Header().Get("Content-Type"), "text/css") {
			t.Errorf("static headers %v", rec.Header())
		}
		wantStatus(t, b.get("/static/app.js"), http.StatusOK, "app.js")
		wantStatus(t, b.get("/static/"), http.StatusNotFound, "static listing")
		wantStatus(t, b.get("/static/vendor/"), http.StatusNotFound, "vendor listing")
		wantStatus(t, b.get("/nope"), http.StatusNotFound, "unknown page")
		rec = b.get("/api/v1/nope")
		if rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), `"error"`) {
			t.Errorf("unknown API: %d %s", rec.Code, rec.Body.String())
		}

		rec = e.anon().get("/healthz")
		if rec.Code != http.StatusOK || rec.Body.String() != "ok" {
			t.Errorf("healthz = %d %q", rec.Code, rec.Body.String())
		}
		// The access log names the person.
		if !strings.Contains(e.logs.String(), "staff=rm01") || !strings.Contains(e.logs.String(), "path=/clients") {
			t.Errorf("access log:\n%s", e.logs.String())
		}
		st.Close()
		if rec := e.anon().get("/healthz"); rec.Code != http.StatusServiceUnavailable {
			t.Errorf("healthz with the database closed = %d", rec.Code)
		}
	})
}

func TestLogout(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		b := e.login("rm01")
		token := b.cookies[sessionCookie]
		rec := b.post("/logout", nil)
		wantStatus(t, rec, http.StatusSeeOther, "logout")
		if b.cookies[sessionCookie] != nil {
			t.Error("the cookie was not cleared")
		}
		// The old token is dead on the server too.
		b.cookies[sessionCookie] = token
		wantStatus(t, b.get("/clients"), http.StatusSeeOther, "old session")
		if ev, _ := st.AuditEvents(ctx, store.AuditFilter{Action: domain.AuditLogout}); len(ev) != 1 {
			t.Errorf("%d logout events", len(ev))
		}
	})
}

func TestDemoBannerAndSecureCookie(t *testing.T) {
	st := storetest.Open(t, "sqlite")
	e := newEnv(t, st)
	srv, err := New(Config{Store: st, Auth: e.auth, Demo: true, SecureCookies: true, Logger: e.srv.log})
	if err != nil {
		t.Fatal(err)
	}
	e.h = srv.Handler()
	b := e.anon()
	if !strings.Contains(b.get("/login").Body.String(), "演示环境 / demo") {
		t.Error("no demo banner")
	}
	b.post("/login", url.Values{"username": {"rm01"}, "password": {storetest.Password}})
	if c := b.cookies[sessionCookie]; c == nil || !c.Secure {
		t.Errorf("cookie = %+v, want Secure", c)
	}
}

func TestRecoverPanics(t *testing.T) {
	var logs bytes.Buffer
	s := &Server{log: newTestLogger(&logs)}
	h := s.logRequests(s.recoverPanics(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") })))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/x", nil))
	if rec.Code != http.StatusInternalServerError {
		t.Errorf("status %d", rec.Code)
	}
	if !strings.Contains(logs.String(), "boom") || !strings.Contains(logs.String(), "goroutine") {
		t.Errorf("log lacks the panic and its stack:\n%s", logs.String())
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/x", nil))
	if rec.Code != http.StatusInternalServerError || !strings.Contains(rec.Body.String(), `"error"`) {
		t.Errorf("API panic: %d %s", rec.Code, rec.Body.String())
	}
}

func TestOpenAPI(t *testing.T) {
	// The real server, whose router records every pattern registered on it.
	st := storetest.Open(t, "sqlite")
	pol := policy.Default()
	var logs bytes.Buffer
	s, err := New(Config{Store: st, Auth: auth.NewService(st, pol), Policy: pol, Logger: newTestLogger(&logs)})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	s.openAPI(rec, httptest.NewRequest(http.MethodGet, "/api/v1/openapi.json", nil))
	var doc struct {
		OpenAPI    string                    `json:"openapi"`
		Paths      map[string]map[string]any `json:"paths"`
		Components struct {
			SecuritySchemes map[string]map[string]any `json:"securitySchemes"`
			Schemas         map[string]any            `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1") {
		t.Errorf("openapi = %q", doc.OpenAPI)
	}
	want := map[string][]string{
		"/api/v1/session":                      {"post", "delete"},
		"/api/v1/me":                           {"get"},
		"/api/v1/clients":                      {"get"},
		"/api/v1/clients/{client_id}":          {"get"},
		"/api/v1/clients/{client_id}/timeline": {"get"},
		"/api/v1/clients/{client_id}/contacts": {"post"},
		"/api/v1/tasks":                        {"get"},
		"/api/v1/tasks/{task_id}":              {"post"},
		"/api/v1/alerts":                       {"get"},
		"/api/v1/alerts/{alert_id}":            {"post"},
		"/api/v1/calendar.ics":                 {"get"},
		"/api/v1/openapi.json":                 {"get"},

		"/api/v1/greetings":                            {"get"},
		"/api/v1/greetings/batches":                    {"get", "post"},
		"/api/v1/clients/{client_id}/greeting-opt-out": {"put"},
	}
	for p, methods := range want {
		for _, m := range methods {
			if _, ok := doc.Paths[p][m]; !ok {
				t.Errorf("openapi.json lacks %s %s", m, p)
			}
		}
	}
	// The document and the router agree: every API route registered on the server's mux is described, and
	// every described operation is routed (path parameters compared by position, not by name). Patterns
	// without a method (the /api/ catch-all answering 404) are not operations.
	param := regexp.MustCompile(`\{[^}]+\}`)
	routed := map[string]bool{}
	for _, pat := range s.patterns {
		method, path, ok := strings.Cut(pat, " ")
		if !ok || !strings.HasPrefix(path, "/api/") {
			continue
		}
		routed[strings.ToLower(method)+" "+param.ReplaceAllString(path, "{}")] = true
	}
	if len(routed) < len(want) {
		t.Fatalf("the router holds %d API operations: %v", len(routed), s.patterns)
	}
	described := map[string]bool{}
	for p, ops := range doc.Paths {
		for m := range ops {
			described[m+" "+param.ReplaceAllString(p, "{}")] = true
		}
	}
	for op := range routed {
		if !described[op] {
			t.Errorf("the route %s is not in openapi.json", op)
		}
	}
	for op := range described {
		if !routed[op] {
			t.Errorf("openapi.json describes %s, which is not routed", op)
		}
	}
	if doc.Components.SecuritySchemes["bearerToken"]["scheme"] != "bearer" || doc.Components.SecuritySchemes["sessionCookie"]["in"] != "cookie" {
		t.Errorf("security schemes = %v", doc.Components.SecuritySchemes)
	}
	// The capabilities /me may report are every capability there is.
	var me struct {
		Components struct {
			Schemas struct {
				Me struct {
					Properties struct {
						Capabilities struct {
							Items struct {
								Enum []string `json:"enum"`
							} `json:"items"`
						} `json:"capabilities"`
					} `json:"properties"`
				} `json:"Me"`
			} `json:"schemas"`
		} `json:"components"`
	}
	json.Unmarshal(s.openapi, &me)
	var caps []string
	for _, c := range access.AllCapabilities {
		caps = append(caps, string(c))
	}
	if got := me.Components.Schemas.Me.Properties.Capabilities.Items.Enum; !slices.Equal(got, caps) {
		t.Errorf("openapi.json Me.capabilities = %v, want %v", got, caps)
	}
	// Every $ref points at a component that exists.
	var full struct {
		Components map[string]map[string]any `json:"components"`
	}
	json.Unmarshal(s.openapi, &full)
	for _, m := range regexp.MustCompile(`"\$ref": "#/components/(\w+)/(\w+)"`).FindAllStringSubmatch(string(s.openapi), -1) {
		if _, ok := full.Components[m[1]][m[2]]; !ok {
			t.Errorf("dangling $ref %s/%s", m[1], m[2])
		}
	}
}

// TestTemplatesAreStrict keeps the pages within the Content-Security-Policy (no inline scripts, styles or
// event handlers) and every message key known in both languages.
func TestTemplatesAreStrict(t *testing.T) {
	inline := regexp.MustCompile(`(?i)<script(?:\s[^>]*)?>\s*[^<\s]|<style|\sstyle=|\son[a-z]+=|javascript:`)
	keyRE := regexp.MustCompile(`\.T "([^"]+)"`)
	codeRE := regexp.MustCompile(`\.Code "([^"]+)"`)
	files, _ := fs.Glob(assets, "templates/*.html")
	if len(files) < 8 {
		t.Fatalf("templates: %v", files)
	}
	used := map[string]bool{}
	for _, f := range files {
		b, _ := fs.ReadFile(assets, f)
		if m := inline.FindString(string(b)); m != "" {
			t.Errorf("%s: inline script or style %q", f, m)
		}
		for _, m := range keyRE.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = true
		}
		for _, m := range codeRE.FindAllStringSubmatch(string(b), -1) {
			found := false
			for k := range messages {
				found = found || strings.HasPrefix(k, m[1]+".")
			}
			if !found {
				t.Errorf("%s: code list %q has no translations", f, m[1])
			}
		}
	}
	// Keys used from Go code: every string literal in a message namespace.
	goKeys := regexp.MustCompile(`"((?:err|client|login|password|scope|home|clients|col|nav|app|audit)\.[A-Za-z]+)"`)
	entries, _ := os.ReadDir(".")
	for _, en := range entries {
		if !strings.HasSuffix(en.Name(), ".go") || strings.HasSuffix(en.Name(), "_test.go") {
			continue
		}
		b, _ := os.ReadFile(en.Name())
		for _, m := range goKeys.FindAllStringSubmatch(string(b), -1) {
			if !strings.HasSuffix(m[1], ".html") && !strings.HasSuffix(m[1], ".json") {
				used[m[1]] = true
			}
		}
	}
	for k := range used {
		m, ok := messages[k]
		if !ok {
			t.Errorf("message key %q is used but not defined", k)
			continue
		}
		if m.zh == "" || m.en == "" {
			t.Errorf("message %q lacks a language", k)
		}
	}
	for k, m := range messages {
		if strings.Count(m.zh, "%") != strings.Count(m.en, "%") {
			t.Errorf("message %q: the languages take different arguments", k)
		}
	}
	for _, r := range domain.Roles {
		if _, ok := messages["role."+string(r)]; !ok {
			t.Errorf("role %s has no name", r)
		}
	}
}

func newTestLogger(w *bytes.Buffer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }

func TestAcceptLanguage(t *testing.T) {
	for h, want := range map[string]string{
		"":                      langZH,
		"*":                     langZH,
		"zh-CN,zh;q=0.9":        langZH,
		"zh-TW":                 langZH,
		"en-US,en;q=0.9":        langEN,
		"fr-FR":                 langEN,
		"en;q=0.4, zh-CN;q=0.8": langZH,
		"de;q=0, zh":            langZH,
		"ja, zh-CN;q=0.9":       langEN,
	} {
		if got := acceptLanguage(h); got != want {
			t.Errorf("acceptLanguage(%q) = %q, want %q", h, got, want)
		}
	}
}

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{
		"":                     "/",
		"/clients?q=1":         "/clients?q=1",
		"//evil.example":       "/",
		"https://evil.example": "/",
		"/\\evil.example":      "/",
		"clients":              "/",
		"/ok/path#x":           "/ok/path#x",
	} {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRoleNames(t *testing.T) {
	want := []string{"柜员", "VIP柜员", "大堂经理", "客户经理", "客户经理主管", "网点负责人", "个人金融部", "系统管理员"}
	v := &view{Lang: langZH}
	var got []string
	for _, r := range domain.Roles {
		got = append(got, v.Role(r))
	}
	if !slices.Equal(got, want) {
		t.Errorf("role names = %v", got)
	}
}

// Every life-event kind and occupation code has a name in both languages.
func TestCodesTranslated(t *testing.T) {
	keys := []string{}
	for _, k := range domain.LifeEventKinds {
		keys = append(keys, "event."+k)
	}
	for _, o := range []string{"retired", "worker", "self_employed", "freelance", "sales", "civil_servant", "teacher",
		"medical", "manager", "farmer", "student", "unemployed", "other"} {
		keys = append(keys, "occupation."+o)
	}
	for _, k := range keys {
		m, ok := messages[k]
		if !ok || m.zh == "" || m.en == "" {
			t.Errorf("%s has no name in both languages", k)
		}
	}
}
