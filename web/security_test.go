package web

import (
	"context"
	"fmt"
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

// A name that matches no account gets, try after try, the same status and the same page (and API body)
// as a known one; the typed name is not recorded.
func TestUnknownAndKnownNamesAnswerAlike(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		now := time.Now()
		e.auth.Now = func() time.Time { return now }
		known, unknown := e.anon(), e.anon()
		known.addr, unknown.addr = "203.0.113.1", "203.0.113.2"
		for i := 1; i <= 7; i++ {
			a := known.post("/login", url.Values{"username": {"rm01"}, "password": {"Wrong-pass1"}})
			b := unknown.post("/login", url.Values{"username": {"zz99"}, "password": {"Wrong-pass1"}})
			bodyA := strings.ReplaceAll(a.Body.String(), `value="rm01"`, `value="NAME"`)
			bodyB := strings.ReplaceAll(b.Body.String(), `value="zz99"`, `value="NAME"`)
			if a.Code != b.Code || bodyA != bodyB || a.Header().Get("Retry-After") != b.Header().Get("Retry-After") {
				t.Fatalf("attempt %d: known name %d, unknown name %d; the pages differ: %v", i, a.Code, b.Code, bodyA != bodyB)
			}
			if i == 5 && a.Code != http.StatusLocked {
				t.Errorf("attempt 5: status %d, want 423", a.Code)
			}
			ja := known.postJSON("/api/v1/session", `{"username":"rm01","password":"Wrong-pass1"}`)
			jb := unknown.postJSON("/api/v1/session", `{"username":"zz99","password":"Wrong-pass1"}`)
			if ja.Code != jb.Code || ja.Body.String() != jb.Body.String() {
				t.Fatalf("API attempt %d: %d %s, %d %s", i, ja.Code, ja.Body, jb.Code, jb.Body)
			}
		}
		evs, err := st.AuditEvents(context.Background(), store.AuditFilter{Action: domain.AuditLoginFailed})
		if err != nil || len(evs) == 0 {
			t.Fatal(err)
		}
		var unknownSeen bool
		for _, ev := range evs {
			if strings.Contains(ev.ObjectID+ev.Detail, "zz99") {
				t.Fatalf("the typed unknown name was recorded: %+v", ev)
			}
			unknownSeen = unknownSeen || ev.IP == "203.0.113.2"
		}
		if !unknownSeen {
			t.Error("the failed logins under an unknown name were not recorded with their address")
		}
	})
}

// An anonymous caller guessing the administrator's password stops themselves, not the administrator; and
// after many failures under any names their address is refused altogether.
func TestAnonymousCallerCannotLockAdminOut(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		guesser := e.anon()
		guesser.addr = "203.0.113.9"
		codes := map[int]int{}
		for i := 0; i < 40; i++ {
			name := "admin"
			if i%2 == 1 {
				name = fmt.Sprintf("user%d", i)
			}
			codes[guesser.post("/login", url.Values{"username": {name}, "password": {fmt.Sprintf("Guess%d", i)}}).Code]++
		}
		if codes[http.StatusSeeOther] != 0 || codes[http.StatusTooManyRequests] == 0 {
			t.Fatalf("the guesser's answers: %v", codes)
		}
		rec := guesser.post("/login", url.Values{"username": {"rm02"}, "password": {storetest.Password}})
		wantStatus(t, rec, http.StatusTooManyRequests, "the right password from a throttled address")
		if rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), "该终端登录失败次数过多") {
			t.Errorf("the refusal does not say why: %s", rec.Body.String())
		}
		if api := guesser.postJSON("/api/v1/session", `{"username":"rm02","password":"`+storetest.Password+`"}`); api.Code != http.StatusTooManyRequests {
			t.Errorf("API from a throttled address: %d", api.Code)
		}
		// The administrator, at their own desk, logs in.
		e.login("admin")
	})
}

// A person's password change ends their other sessions and keeps the one that made it; the rules are
// explained in the person's language.
func TestPasswordChangeEndsOtherSessionsPage(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		here, there := e.login("rm01"), e.login("rm01")
		for pw, want := range map[string]string{
			"woaini1314":    "过于常见",
			"rm01Good2027":  "不能包含用户名",
			"Good2027\x01x": "控制字符",
			"a1          ":  "不能以空格为主",
			"short1":        "至少需要 8 位",
		} {
			rec := here.post("/password", url.Values{"current": {storetest.Password}, "new": {pw}, "confirm": {pw}})
			wantStatus(t, rec, http.StatusUnprocessableEntity, "password "+pw)
			if !strings.Contains(rec.Body.String(), want) {
				t.Errorf("refusing %q does not say %q", pw, want)
			}
		}
		wantStatus(t, here.post("/password", url.Values{"current": {storetest.Password}, "new": {"Better2027x"}, "confirm": {"Better2027x"}}),
			http.StatusSeeOther, "change")
		wantStatus(t, here.get("/clients"), http.StatusOK, "the session that changed the password")
		rec := there.get("/clients")
		if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/login") {
			t.Errorf("the other session after the change: %d %s", rec.Code, rec.Header().Get("Location"))
		}
	})
}

func TestTokensPage(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		ctx := context.Background()
		rm01 := e.fx.Staff["rm01"]
		token, err := e.auth.CreateAPIToken(ctx, e.fx.Staff["admin"].ID, rm01.ID, "日历订阅")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.auth.CreateAPIToken(ctx, e.fx.Staff["admin"].ID, e.fx.Staff["rm02"].ID, "rm02 script"); err != nil {
			t.Fatal(err)
		}
		bearer := func() int {
			return e.anon().get("/api/v1/me", "Authorization", "Bearer "+token).Code
		}
		if bearer() != http.StatusOK {
			t.Fatal("the new token does not work")
		}
		mine := e.login("rm01")
		body := mine.get("/tokens").Body.String()
		if !strings.Contains(body, "日历订阅") || strings.Contains(body, "rm02 script") || strings.Contains(body, token) {
			t.Errorf("rm01's tokens page:\n%s", body)
		}
		id := regexp.MustCompile(`data-token-id="(\d+)" data-state="live"`).FindStringSubmatch(body)
		if id == nil {
			t.Fatalf("no live token row:\n%s", body)
		}
		// rm02 may not revoke rm01's token (and is not told it exists).
		wantStatus(t, e.login("rm02").post("/tokens/"+id[1]+"/revoke", nil), http.StatusNotFound, "rm02 revokes rm01's token")
		if bearer() != http.StatusOK {
			t.Fatal("rm02 revoked rm01's token")
		}
		wantStatus(t, mine.post("/tokens/"+id[1]+"/revoke", nil), http.StatusSeeOther, "rm01 revokes")
		if bearer() != http.StatusUnauthorized {
			t.Error("a revoked token still works")
		}
		if body := mine.get("/tokens?flash=token_revoked").Body.String(); !strings.Contains(body, "已吊销") {
			t.Error("the page does not show the token revoked")
		}
		// An administrator sees everyone's, with their owner.
		body = e.login("admin").get("/tokens").Body.String()
		if !strings.Contains(body, "钱经理（rm01）") || !strings.Contains(body, "rm02 script") {
			t.Errorf("admin's tokens page:\n%s", body)
		}
		evs, _ := st.AuditEvents(ctx, store.AuditFilter{Action: store.AuditTokenRevoke})
		if len(evs) != 1 || evs[0].ActorID != rm01.ID || evs[0].IP != "192.0.2.10" {
			t.Errorf("revocation audit %+v", evs)
		}
	})
}

// The audit log page: another outlet's events, addresses and searches stay out of a supervisor's view;
// what is shown reads as text (names, translated actions, labelled details), in both languages.
func TestAuditPageScopedAndReadable(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		ctx := context.Background()
		other := e.anon()
		other.addr = "198.51.100.33"
		wantStatus(t, other.post("/login", url.Values{"username": {"rm03"}, "password": {storetest.Password}}), http.StatusSeeOther, "rm03 login")
		if err := st.Audit(ctx, domain.AuditEvent{ActorID: e.fx.Staff["rm03"].ID, Action: domain.AuditExport, ObjectType: "client_list",
			ObjectID: "csv", Detail: `{"filter":{"q":"13655556666"},"rows":1,"scope":"assigned to 6 in outlet OT3"}`, IP: "198.51.100.33"}); err != nil {
			t.Fatal(err)
		}
		wantStatus(t, e.anon().post("/login", url.Values{"username": {"Passw0rd!x"}, "password": {"x"}}), http.StatusUnauthorized, "unknown")
		e.login("rm01").get("/clients/C001")
		sup := e.login("sup01")
		body := sup.get("/audit").Body.String()
		for _, leak := range []string{"198.51.100.33", "13655556666", "rm03", "Passw0rd!x"} {
			if strings.Contains(body, leak) {
				t.Errorf("sup01's audit page shows %q", leak)
			}
		}
		for _, want := range []string{"钱经理（rm01）", "查看客户", "客户 · ", "途径", "网页", "登录"} {
			if !strings.Contains(body, want) {
				t.Errorf("sup01's audit page lacks %q", want)
			}
		}
		if table := body[strings.Index(body, `id="audit-events"`):]; strings.Contains(table, `{&#34;`) || strings.Contains(table, `{"`) ||
			strings.Contains(table, "&#34;") {
			t.Error("the audit page shows raw JSON")
		}
		// The administrator reads all, with the search in a labelled field and the scope in words.
		admin := e.login("admin")
		body = admin.get("/audit").Body.String()
		for _, want := range []string{"198.51.100.33", "查询条件", "13655556666", "网点 OT3 本人客户", "用户名不存在", "登录失败"} {
			if !strings.Contains(body, want) {
				t.Errorf("admin's audit page lacks %q", want)
			}
		}
		if strings.Contains(body, "Passw0rd!x") {
			t.Error("the typed unknown name is shown")
		}
		admin.post("/lang", url.Values{"lang": {"en"}, "next": {"/audit"}})
		body = admin.get("/audit").Body.String()
		for _, want := range []string{"client viewed", "Through", "web page", "Search", "failed login", "no such username"} {
			if !strings.Contains(body, want) {
				t.Errorf("the English audit page lacks %q", want)
			}
		}
	})
}
