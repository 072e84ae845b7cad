package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

func TestScopeOtherRMSeesNothingOfC001(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		b := e.login("rm02")

		rec := b.get("/clients?rm=all")
		wantStatus(t, rec, http.StatusOK, "list")
		if ids := rowIDs(rec.Body.String()); !slices.Equal(ids, []string{"C002", "C003"}) {
			t.Errorf("rm02 list = %v, want [C002 C003]", ids)
		}
		for _, q := range []string{"张", "13800138000", "1233", "8000", "C001"} {
			rec := b.get("/clients?q=" + url.QueryEscape(q))
			wantStatus(t, rec, http.StatusOK, "search "+q)
			if ids := rowIDs(rec.Body.String()); len(ids) != 0 {
				t.Errorf("rm02 search %q found %v", q, ids)
			}
			api := b.get("/api/v1/clients?q=" + url.QueryEscape(q))
			wantStatus(t, api, http.StatusOK, "API search "+q)
			var page clientListJSON
			if err := json.Unmarshal(api.Body.Bytes(), &page); err != nil {
				t.Fatal(err)
			}
			if len(page.Items) != 0 || page.Total != 0 {
				t.Errorf("rm02 API search %q found %+v", q, page)
			}
		}

		rec = b.get("/clients/C001")
		wantStatus(t, rec, http.StatusNotFound, "open C001")
		if strings.Contains(rec.Body.String(), "张伟") || strings.Contains(rec.Body.String(), "13800138000") {
			t.Error("the 404 page shows C001's details")
		}
		nope := b.get("/clients/NOPE")
		wantStatus(t, nope, http.StatusNotFound, "open NOPE")
		// The same page apart from the address echoed in the language switch.
		if strings.ReplaceAll(rec.Body.String(), "/clients/C001", "") != strings.ReplaceAll(nope.Body.String(), "/clients/NOPE", "") {
			t.Error("out-of-scope and nonexistent client pages differ")
		}

		api := b.get("/api/v1/clients/C001")
		wantStatus(t, api, http.StatusNotFound, "API C001")
		apiNope := b.get("/api/v1/clients/NOPE")
		wantStatus(t, apiNope, http.StatusNotFound, "API NOPE")
		if api.Body.String() != apiNope.Body.String() {
			t.Errorf("API bodies differ: %q vs %q", api.Body.String(), apiNope.Body.String())
		}
		if strings.TrimSpace(api.Body.String()) != `{"error":"client not found"}` {
			t.Errorf("API 404 body = %q", api.Body.String())
		}

		// Forms and the export cannot reach it either.
		wantStatus(t, b.post("/clients/C001/notes", url.Values{"body": {"hello"}}), http.StatusNotFound, "note on C001")
		csv := b.get("/clients/export.csv")
		wantStatus(t, csv, http.StatusOK, "export")
		if strings.Contains(csv.Body.String(), "C001") {
			t.Error("rm02's export contains C001")
		}
	})
}

func TestScopeRM01(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		b := e.login("rm01")

		rec := b.get("/clients?rm=all")
		wantStatus(t, rec, http.StatusOK, "list")
		if ids := rowIDs(rec.Body.String()); !slices.Equal(ids, []string{"C003", "C001"}) && !slices.Equal(ids, []string{"C001", "C003"}) {
			t.Errorf("rm01 list = %v, want C001 and C003", ids)
		}
		for q, want := range map[string]string{"张": "C001", "13800138000": "C001", "1233": "C001"} {
			if ids := rowIDs(b.get("/clients?q=" + url.QueryEscape(q)).Body.String()); !slices.Equal(ids, []string{want}) {
				t.Errorf("rm01 search %q = %v, want [%s]", q, ids, want)
			}
		}

		rec = b.get("/clients/C001")
		wantStatus(t, rec, http.StatusOK, "open C001")
		body := rec.Body.String()
		if got := elementText(t, body, "client-name"); got != "张伟" {
			t.Errorf("#client-name = %q", got)
		}
		if got := elementText(t, body, "client-mobile"); got != "13800138000" {
			t.Errorf("#client-mobile = %q", got)
		}
		if got := elementText(t, body, "client-id-number"); got != "110101199003071233" {
			t.Errorf("#client-id-number = %q", got)
		}
		if strings.Contains(body, `id="badge-readonly"`) || strings.Contains(body, `id="badge-masked"`) {
			t.Error("C001 is rm01's own client, shown read-only or masked")
		}
		if !strings.Contains(body, `id="recent-views"`) {
			t.Error("rm01 does not see the recent views of their own client")
		}
		wantStatus(t, b.get("/api/v1/clients/C001"), http.StatusOK, "API C001")

		// Add a note (post/redirect/get) and see it.
		rec = b.post("/clients/C001/notes", url.Values{"body": {"客户关注养老理财"}})
		wantStatus(t, rec, http.StatusSeeOther, "add note")
		if loc := rec.Header().Get("Location"); !strings.HasPrefix(loc, "/clients/C001?flash=note") {
			t.Errorf("redirect to %q", loc)
		}
		rec = b.get("/clients/C001?flash=note")
		if !strings.Contains(rec.Body.String(), "客户关注养老理财") || !strings.Contains(rec.Body.String(), "备注已保存") {
			t.Error("the note or its confirmation is not shown")
		}
		wantStatus(t, b.post("/clients/C001/tags", url.Values{"tag": {"养老"}}), http.StatusSeeOther, "add tag")
		wantStatus(t, b.post("/clients/C001/family", url.Values{"relation": {"spouse"}, "name": {"李梅"},
			"calendar": {"lunar"}, "lunar_month": {"8"}, "lunar_day": {"15"}}), http.StatusSeeOther, "add family")
		body = b.get("/clients/C001").Body.String()
		for _, want := range []string{"养老", "李梅", "农历八月十五", "配偶"} {
			if !strings.Contains(body, want) {
				t.Errorf("client view lacks %q", want)
			}
		}
		rec = b.post("/clients/C001/notes", url.Values{"body": {"   "}})
		wantStatus(t, rec, http.StatusUnprocessableEntity, "empty note")
		if !strings.Contains(rec.Body.String(), "flash-error") {
			t.Error("an empty note shows no error")
		}

		// The outlet's unassigned client: visible, read-only.
		rec = b.get("/clients/C003")
		wantStatus(t, rec, http.StatusOK, "open C003")
		if !strings.Contains(rec.Body.String(), `id="badge-readonly"`) {
			t.Error("C003 is not marked read-only for rm01")
		}
		if strings.Contains(rec.Body.String(), `id="note-form"`) {
			t.Error("a read-only client offers the note form")
		}
		rec = b.post("/clients/C003/notes", url.Values{"body": {"try"}})
		wantStatus(t, rec, http.StatusForbidden, "note on read-only C003")
		if !strings.Contains(rec.Body.String(), "flash-error") {
			t.Error("the read-only refusal shows no error")
		}
		wantStatus(t, b.post("/clients/C003/tags", url.Values{"tag": {"x"}}), http.StatusForbidden, "tag on C003")
		wantStatus(t, b.post("/clients/C003/notes", url.Values{"body": {""}}), http.StatusForbidden, "empty note on C003")

		// Another outlet's client does not exist for rm01.
		wantStatus(t, b.get("/clients/C004"), http.StatusNotFound, "open C004")
		wantStatus(t, b.get("/api/v1/clients/C004"), http.StatusNotFound, "API C004")
	})
}

func TestTellerSeesMaskedAndCannotExport(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		b := e.login("teller01")
		rec := b.get("/clients/C001")
		wantStatus(t, rec, http.StatusOK, "open C001")
		body := rec.Body.String()
		if got := elementText(t, body, "client-mobile"); got != "138****8000" {
			t.Errorf("#client-mobile = %q", got)
		}
		if got := elementText(t, body, "client-id-number"); got != "110101********1233" {
			t.Errorf("#client-id-number = %q", got)
		}
		if strings.Contains(body, "13800138000") || strings.Contains(body, "110101199003071233") {
			t.Error("the teller's page holds the unmasked mobile or ID")
		}
		if !strings.Contains(body, `id="badge-masked"`) {
			t.Error("no masked badge")
		}
		list := b.get("/clients").Body.String()
		if !strings.Contains(list, "138****8000") || strings.Contains(list, "13800138000") {
			t.Error("the teller's list is not masked")
		}
		if strings.Contains(list, "export.csv") {
			t.Error("the teller is offered an export")
		}

		api := b.get("/api/v1/clients/C001")
		wantStatus(t, api, http.StatusOK, "API C001")
		var c clientJSON
		if err := json.Unmarshal(api.Body.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		if c.Mobile != "138****8000" || c.IDNumber != "110101********1233" || !c.Masked {
			t.Errorf("API client = mobile %q, id %q, masked %v", c.Mobile, c.IDNumber, c.Masked)
		}
		var page clientListJSON
		json.Unmarshal(b.get("/api/v1/clients?q=C001").Body.Bytes(), &page)
		if len(page.Items) != 1 || page.Items[0].Mobile != "138****8000" || page.Items[0].IDNumber != "110101********1233" {
			t.Errorf("API list = %+v", page.Items)
		}

		wantStatus(t, b.get("/clients/export.csv"), http.StatusForbidden, "teller CSV export")
		wantStatus(t, b.get("/clients/export.xlsx"), http.StatusForbidden, "teller xlsx export")
		events, err := st.AuditEvents(ctx, store.AuditFilter{Action: domain.AuditExport})
		if err != nil {
			t.Fatal(err)
		}
		if len(events) != 0 {
			t.Errorf("refused exports were audited as exports: %+v", events)
		}
	})
}

func TestClientViewIsAudited(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		b := e.login("admin")
		wantStatus(t, b.get("/clients/C001"), http.StatusOK, "open C001")
		wantStatus(t, b.get("/api/v1/clients/C001"), http.StatusOK, "API C001")
		events, err := st.AuditEvents(ctx, store.AuditFilter{Action: domain.AuditClientView, ObjectType: "client", ObjectID: "C001"})
		if err != nil {
			t.Fatal(err)
		}
		if len(events) != 2 {
			t.Fatalf("%d client_view events, want 2: %+v", len(events), events)
		}
		for _, ev := range events {
			if ev.ActorID != e.fx.Staff["admin"].ID || ev.IP != "192.0.2.10" {
				t.Errorf("event %+v: want actor admin from 192.0.2.10", ev)
			}
		}
		// A client out of scope or missing is not a view.
		wantStatus(t, b.get("/clients/NOPE"), http.StatusNotFound, "open NOPE")
		if ev, _ := st.AuditEvents(ctx, store.AuditFilter{Action: domain.AuditClientView, ObjectID: "NOPE"}); len(ev) != 0 {
			t.Error("a missing client was audited as viewed")
		}
		// The recent-views panel lists them for an auditor.
		body := b.get("/clients/C001").Body.String()
		if !strings.Contains(body, `id="recent-views"`) || strings.Count(body, "192.0.2.10") < 3 {
			t.Error("the recent-views panel does not list the views")
		}
		// A client manager who is not the client's sees no panel.
		body = e.login("lobby01").get("/clients/C001").Body.String()
		if strings.Contains(body, `id="recent-views"`) {
			t.Error("the lobby manager sees the recent views")
		}
	})
}

func TestLoginLockout(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		b := e.anon()
		for i := 1; i <= 5; i++ {
			rec := b.post("/login", url.Values{"username": {"rm01"}, "password": {"wrong-password-1"}})
			want := http.StatusUnauthorized
			if i == 5 {
				want = http.StatusLocked
			}
			wantStatus(t, rec, want, "wrong password")
			if !strings.Contains(rec.Body.String(), "flash-error") || !strings.Contains(rec.Body.String(), `id="username"`) {
				t.Errorf("attempt %d: no error or no form re-shown", i)
			}
		}
		rec := b.post("/login", url.Values{"username": {"rm01"}, "password": {storetest.Password}})
		wantStatus(t, rec, http.StatusLocked, "right password while locked")
		if !strings.Contains(rec.Body.String(), "已暂停登录") || rec.Header().Get("Retry-After") == "" {
			t.Errorf("the refusal does not mention the lock: %s", rec.Body.String())
		}
		if b.cookies[sessionCookie] != nil {
			t.Error("a locked account got a session")
		}
		events, err := st.AuditEvents(ctx, store.AuditFilter{Action: domain.AuditLocked, ObjectID: "rm01"})
		if err != nil {
			t.Fatal(err)
		}
		if len(events) != 1 {
			t.Errorf("%d account_locked events, want 1", len(events))
		}
		// The API says so too, with the time.
		api := e.anon().postJSON("/api/v1/session", `{"username":"rm01","password":"`+storetest.Password+`"}`)
		wantStatus(t, api, http.StatusLocked, "API login while locked")
		var body map[string]string
		json.Unmarshal(api.Body.Bytes(), &body)
		if _, err := time.Parse(time.RFC3339, body["locked_until"]); err != nil || body["error"] == "" {
			t.Errorf("423 body = %s", api.Body.String())
		}
		// Another person is not affected, nor rm01 at another computer.
		e.login("rm02")
		other := e.anon()
		other.addr = "192.0.2.77"
		wantStatus(t, other.post("/login", url.Values{"username": {"rm01"}, "password": {storetest.Password}}), http.StatusSeeOther,
			"rm01 from another computer")
	})
}

func TestAPISessionAndToken(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		b := e.anon()
		// No Origin, no Sec-Fetch-Site: a script, as from curl.
		rec := b.postJSON("/api/v1/session", `{"username":"rm01","password":"`+storetest.Password+`"}`)
		wantStatus(t, rec, http.StatusOK, "API login")
		var s map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &s); err != nil {
			t.Fatal(err)
		}
		if s["username"] != "rm01" || s["name"] != "钱经理" || s["role"] != "rm" || s["org_id"] != "OT1" {
			t.Errorf("session = %v", s)
		}
		if exp, err := time.Parse(time.RFC3339, s["expires_at"].(string)); err != nil || exp.Before(time.Now()) {
			t.Errorf("expires_at = %v", s["expires_at"])
		}
		c := b.cookies[sessionCookie]
		if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Secure {
			t.Fatalf("session cookie = %+v", c)
		}
		me := b.get("/api/v1/me")
		wantStatus(t, me, http.StatusOK, "me")
		if !strings.Contains(me.Body.String(), `"username":"rm01"`) {
			t.Errorf("me = %s", me.Body.String())
		}
		// /me lists every capability the role holds: an administrator holds them all.
		for user, want := range map[string][]string{
			"admin": {"manage_users", "manage_policy", "assign_clients", "view_audit", "export", "observe", "imports",
				"greetings", "work_calendar", "greeting_templates"},
			"sup01": {"assign_clients", "view_audit", "export", "observe", "greetings"},
			"rm01":  {"export", "observe"},
		} {
			var got struct {
				Capabilities []string `json:"capabilities"`
			}
			json.Unmarshal(e.login(user).get("/api/v1/me").Body.Bytes(), &got)
			if !slices.Equal(got.Capabilities, want) {
				t.Errorf("%s: /me capabilities = %v, want %v", user, got.Capabilities, want)
			}
		}
		list := b.get("/api/v1/clients?sort=client_id")
		wantStatus(t, list, http.StatusOK, "API list")
		var page clientListJSON
		json.Unmarshal(list.Body.Bytes(), &page)
		if page.Total != 2 || len(page.Items) != 2 || page.Items[0].ClientID != "C001" || page.Items[0].AUM == nil || *page.Items[0].AUM != "623456.78" ||
			page.Items[1].RMID != nil || page.TotalCapped || page.NextCursor != nil {
			t.Errorf("API list = %s", list.Body.String())
		}
		// Paging by cursor.
		json.Unmarshal(b.get("/api/v1/clients?sort=client_id&limit=1").Body.Bytes(), &page)
		if len(page.Items) != 1 || page.NextCursor == nil {
			t.Fatalf("first page = %+v", page)
		}
		json.Unmarshal(b.get("/api/v1/clients?sort=client_id&limit=1&cursor="+url.QueryEscape(*page.NextCursor)).Body.Bytes(), &page)
		if len(page.Items) != 1 || page.Items[0].ClientID != "C003" {
			t.Errorf("second page = %+v", page)
		}
		wantStatus(t, b.get("/api/v1/clients?cursor=garbage"), http.StatusBadRequest, "bad cursor")
		wantStatus(t, b.get("/api/v1/clients?sort=mobile"), http.StatusBadRequest, "bad sort")
		wantStatus(t, b.get("/api/v1/clients?limit=0"), http.StatusBadRequest, "bad limit")

		// Log out ends the session.
		wantStatus(t, b.do(http.MethodDelete, "/api/v1/session", nil, ""), http.StatusNoContent, "API logout")
		wantStatus(t, b.get("/api/v1/me"), http.StatusUnauthorized, "me after logout")

		// Wrong password.
		rec = e.anon().postJSON("/api/v1/session", `{"username":"rm01","password":"nope"}`)
		wantStatus(t, rec, http.StatusUnauthorized, "API wrong password")
		if strings.TrimSpace(rec.Body.String()) != `{"error":"wrong username or password"}` {
			t.Errorf("401 body = %s", rec.Body.String())
		}
		wantStatus(t, e.anon().postJSON("/api/v1/session", `not json`), http.StatusBadRequest, "API bad body")

		// A Bearer token.
		token, err := e.auth.CreateAPIToken(ctx, e.fx.Staff["admin"].ID, e.fx.Staff["rm01"].ID, "test script")
		if err != nil {
			t.Fatal(err)
		}
		script := e.anon()
		rec = script.get("/api/v1/clients/C001", "Authorization", "Bearer "+token)
		wantStatus(t, rec, http.StatusOK, "token client")
		var cj clientJSON
		json.Unmarshal(rec.Body.Bytes(), &cj)
		if cj.ClientID != "C001" || cj.Mobile != "13800138000" || len(cj.Accounts) != 2 || cj.AUM == nil || *cj.AUM != "623456.78" {
			t.Errorf("client = %+v", cj)
		}
		wantStatus(t, script.get("/api/v1/clients/C002", "Authorization", "Bearer "+token), http.StatusNotFound, "token out of scope")
		rec = script.get("/api/v1/me", "Authorization", "Bearer "+token)
		if !strings.Contains(rec.Body.String(), `"via_token":true`) {
			t.Errorf("me by token = %s", rec.Body.String())
		}
		wantStatus(t, script.get("/api/v1/me", "Authorization", "Bearer stw_not-a-token"), http.StatusUnauthorized, "bad token")
		wantStatus(t, script.get("/api/v1/me", "Authorization", "Basic cm0wMTp4"), http.StatusUnauthorized, "basic auth")
		// A cross-site request that carries a Bearer token is not cookie-authenticated and is allowed.
		wantStatus(t, script.do(http.MethodDelete, "/api/v1/session", nil, "", "Authorization", "Bearer "+token,
			"Sec-Fetch-Site", "cross-site"), http.StatusNoContent, "bearer cross-site")
	})
}

func TestUnauthenticated(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		b := e.anon()
		rec := b.get("/clients?q=%E5%BC%A0")
		wantStatus(t, rec, http.StatusSeeOther, "/clients")
		if loc := rec.Header().Get("Location"); loc != "/login?next="+url.QueryEscape("/clients?q=%E5%BC%A0") {
			t.Errorf("redirect to %q", loc)
		}
		for _, p := range []string{"/", "/clients/C001", "/audit", "/password", "/clients/export.csv"} {
			rec := b.get(p)
			if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/login") {
				t.Errorf("%s: status %d, location %q", p, rec.Code, rec.Header().Get("Location"))
			}
		}
		rec = b.get("/api/v1/clients")
		wantStatus(t, rec, http.StatusUnauthorized, "/api/v1/clients")
		if strings.TrimSpace(rec.Body.String()) != `{"error":"authentication required"}` {
			t.Errorf("401 body = %s", rec.Body.String())
		}
		wantStatus(t, b.get("/api/v1/clients/C001"), http.StatusUnauthorized, "API client")
		// A stale cookie is the same as none.
		b.cookies[sessionCookie] = &http.Cookie{Name: sessionCookie, Value: "forged"}
		wantStatus(t, b.get("/clients"), http.StatusSeeOther, "forged cookie")
		wantStatus(t, b.get("/api/v1/me"), http.StatusUnauthorized, "forged cookie API")
		// htmx gets HX-Redirect rather than a login page swapped into the table.
		rec = e.anon().get("/clients?q=x", "HX-Request", "true", "HX-Target", "results")
		if rec.Header().Get("HX-Redirect") == "" {
			t.Error("no HX-Redirect for an htmx request without a session")
		}

		// After login, the person is sent back where they were going.
		rec = e.anon().post("/login", url.Values{"username": {"rm01"}, "password": {storetest.Password}, "next": {"/clients?q=x"}})
		if rec.Header().Get("Location") != "/clients?q=x" {
			t.Errorf("after login: %q", rec.Header().Get("Location"))
		}
		rec = e.anon().post("/login", url.Values{"username": {"rm01"}, "password": {storetest.Password}, "next": {"//evil.example/"}})
		if rec.Header().Get("Location") != "/" {
			t.Errorf("open redirect: %q", rec.Header().Get("Location"))
		}
		// Wrong credentials: generic.
		rec = e.anon().post("/login", url.Values{"username": {"nobody"}, "password": {"x"}})
		wantStatus(t, rec, http.StatusUnauthorized, "unknown user")
		if !strings.Contains(rec.Body.String(), "用户名或密码错误") {
			t.Error("no generic error")
		}
	})
}

func TestCrossSiteFormRefused(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		b := e.login("rm01")
		rec := b.post("/clients/C001/notes", url.Values{"body": {"csrf"}}, "Sec-Fetch-Site", "cross-site")
		wantStatus(t, rec, http.StatusForbidden, "cross-site note")
		rec = b.post("/clients/C001/notes", url.Values{"body": {"csrf"}}, "Origin", "https://evil.example")
		wantStatus(t, rec, http.StatusForbidden, "cross-origin note")
		wantStatus(t, b.post("/logout", nil, "Sec-Fetch-Site", "cross-site"), http.StatusForbidden, "cross-site logout")
		wantStatus(t, b.post("/clients/C001/notes", url.Values{"body": {"fine"}}, "Sec-Fetch-Site", "same-origin"),
			http.StatusSeeOther, "same-origin note")
		body := b.get("/clients/C001").Body.String()
		if strings.Contains(body, "csrf") || !strings.Contains(body, "fine") {
			t.Error("the cross-site note was saved, or the same-origin one was not")
		}
	})
}
