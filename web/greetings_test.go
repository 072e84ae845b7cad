package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// A 中秋 batch two days ahead for the fixture's clients in OT1 (C001–C003) and OT3 (C004): sup01 previews
// and approves OT1's and cannot reach OT3's; client managers and tellers are refused; templates are edited
// and checked; the outbox exports; a client's keeper opts the client out on the client view.
func TestGreetingsPage(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		ctx := context.Background()
		on := domain.Today(time.Now()).AddDays(2)
		var rows []store.GreetingRow
		for _, c := range []struct{ id, outlet, body string }{{"C001", "OT1", "尊敬的张先生：中秋快乐！"}, {"C002", "OT1", "尊敬的李女士：中秋快乐！"},
			{"C003", "OT1", "尊敬的王女士：中秋快乐！"}, {"C004", "OT3", "尊敬的刘女士：中秋快乐！"}} {
			rows = append(rows, store.GreetingRow{ClientID: c.id, Occasion: "mid_autumn-x", Kind: "mid_autumn", On: on, OutletID: c.outlet,
				Tier: "T3", Channel: "sms", Address: "13800138000", Body: c.body})
		}
		if _, err := st.PrepareGreetings(ctx, rows); err != nil {
			t.Fatal(err)
		}
		batch := url.Values{"outlet": {"OT1"}, "kind": {"mid_autumn"}, "on": {on.String()}, "decision": {"approve"}}
		for _, who := range []string{"rm01", "teller01", "lobby01"} {
			b := e.login(who)
			wantStatus(t, b.get("/greetings"), http.StatusForbidden, who+" opens the greetings page")
			wantStatus(t, b.post("/greetings/batch", batch), http.StatusForbidden, who+" approves a batch")
			wantStatus(t, b.get("/greetings/templates"), http.StatusForbidden, who+" opens the templates")
			if strings.Contains(b.get("/").Body.String(), `id="nav-greetings"`) {
				t.Errorf("%s sees the greetings link", who)
			}
		}
		sup := e.login("sup01")
		// The supervisor's day list says what awaits approval in the outlet (3 of OT1's, not OT3's);
		// a client manager's does not.
		if home := sup.get("/").Body.String(); !strings.Contains(home, "3 条问候待您审批（1 批）") {
			t.Errorf("sup01's day list lacks the greetings awaiting approval:\n%s", home)
		}
		if strings.Contains(e.login("rm01").get("/").Body.String(), `id="greetings-waiting"`) {
			t.Error("rm01's day list shows greetings to approve")
		}
		page := sup.get("/greetings")
		wantStatus(t, page, http.StatusOK, "sup01's greetings page")
		body := page.Body.String()
		if batches := part(t, body, "greet-batches", "</table>"); !strings.Contains(batches, "解放路网点") || strings.Contains(batches, "人民路网点") || !strings.Contains(batches, "T3 短信 3 条") {
			t.Errorf("sup01's batches:\n%s", part(t, body, "greet-batches", "</table>"))
		}
		if !strings.Contains(body, "未配置发送渠道") || !strings.Contains(body, `id="nav-greetings"`) {
			t.Error("the page does not say that no channel is configured, or lacks its nav link")
		}
		// The batch's preview link, followed as a browser would.
		link := regexp.MustCompile(`href="(/greetings\?outlet=[^"#]*)#preview"`).FindStringSubmatch(body)
		if link == nil {
			t.Fatal("no preview link")
		}
		preview := sup.get(html.UnescapeString(link[1])).Body.String()
		if !strings.Contains(preview, "尊敬的张先生：中秋快乐！") || !strings.Contains(preview, `id="greet-approve"`) {
			t.Errorf("preview lacks the message or the approval")
		}
		rec := sup.post("/greetings/batch", batch)
		wantStatus(t, rec, http.StatusSeeOther, "sup01 approves OT1's batch")
		if strings.Contains(sup.get("/").Body.String(), `id="greetings-waiting"`) {
			t.Error("the day list still shows greetings to approve after the approval")
		}
		ot3 := url.Values{"outlet": {"OT3"}, "kind": {"mid_autumn"}, "on": {on.String()}, "decision": {"approve"}}
		wantStatus(t, sup.post("/greetings/batch", ot3), http.StatusNotFound, "sup01 approves OT3's batch")
		wantStatus(t, sup.post("/greetings/batch", batch), http.StatusNotFound, "sup01 approves the same batch twice")
		all := access.Scope{Reach: access.ReachAll}
		vs, _ := st.Greetings(ctx, all, store.GreetingFilter{})
		for _, v := range vs {
			want := "approved"
			if v.OutletID == "OT3" {
				want = "prepared"
			}
			if v.State != want || (want == "approved" && v.DecidedBy != "赵主管") {
				t.Errorf("%s: %s by %q, want %s", v.ClientID, v.State, v.DecidedBy, want)
			}
		}
		// A message the gateway refused is listed, and sent again by the supervisor, not by a client manager.
		m, ok, err := st.ClaimGreeting(ctx, time.Date(on.Year(), on.Month(), on.Day(), 9, 0, 0, 0, domain.Shanghai), []string{"sms"})
		if err != nil || !ok {
			t.Fatal(ok, err)
		}
		if err := st.GreetingNotSent(ctx, m.ID, "the gateway answered 400 Bad Request", time.Time{}); err != nil {
			t.Fatal(err)
		}
		if problems := part(t, sup.get("/greetings").Body.String(), "greet-problems", "</table>"); !strings.Contains(problems, "400 Bad Request") {
			t.Errorf("the failure is not listed:\n%s", problems)
		}
		wantStatus(t, e.login("rm01").post("/greetings/retry/"+itoa64(m.ID), nil), http.StatusForbidden, "rm01 retries")
		wantStatus(t, sup.post("/greetings/retry/"+itoa64(m.ID), nil), http.StatusSeeOther, "sup01 retries")
		wantStatus(t, e.login("rm03").post("/greetings/retry/"+itoa64(m.ID), nil), http.StatusForbidden, "rm03 retries")
		// Exports.
		csv := sup.get("/greetings/export/csv")
		wantStatus(t, csv, http.StatusOK, "export CSV")
		if !strings.Contains(csv.Body.String(), "C001") || strings.Contains(csv.Body.String(), "C004") {
			t.Errorf("CSV:\n%s", csv.Body.String())
		}
		wantStatus(t, sup.get("/greetings/export/xlsx?outlet=OT1&kind=mid_autumn&on="+on.String()), http.StatusOK, "export Excel")
		// Templates are the bank's: the outlet's supervisor reads them (with a rendered sample) and may not
		// change them; the personal-banking department does. An unknown placeholder is refused with the
		// reason; a good one is saved.
		ts, _ := st.GreetingTemplates(ctx)
		id := ts[0].ID
		rec = sup.post("/greetings/templates/"+itoa64(id), url.Values{"body": {"{dear}：{festival}快乐！"}})
		wantStatus(t, rec, http.StatusForbidden, "the supervisor changes a bank-wide template")
		if !strings.Contains(rec.Body.String(), "只有个人金融部和系统管理员可以修改") {
			t.Error("the refusal does not say who changes the templates")
		}
		tpl := sup.get("/greetings/templates").Body.String()
		if strings.Contains(tpl, `action="/greetings/templates/`) || !strings.Contains(tpl, `id="templates-read-only"`) {
			t.Error("the supervisor's templates page offers the forms")
		}
		if !strings.Contains(tpl, "尊敬的王先生：值此中秋佳节（八月十五）之际，解放路网点恭祝您花好月圆、阖家团圆！") {
			t.Error("the templates page shows no rendered sample")
		}
		dept := e.login("dept1")
		if home := dept.get("/").Body.String(); !strings.Contains(home, `href="/greetings/templates" id="nav-greetings"`) {
			t.Error("the department has no link to the templates")
		}
		wantStatus(t, dept.get("/greetings"), http.StatusForbidden, "the department opens the outlets' batches")
		rec = dept.post("/greetings/templates/"+itoa64(id), url.Values{"body": {"{nmae}您好"}})
		wantStatus(t, rec, http.StatusUnprocessableEntity, "a bad template")
		if !strings.Contains(rec.Body.String(), "{nmae}") {
			t.Error("the refusal does not name the placeholder")
		}
		wantStatus(t, dept.post("/greetings/templates/"+itoa64(id), url.Values{"body": {"{dear}：{festival}快乐！"}}), http.StatusSeeOther, "a good template")
		tpl = dept.get("/greetings/templates").Body.String()
		if !strings.Contains(tpl, "{dear}：{festival}快乐！") || !strings.Contains(tpl, "个金部") || !strings.Contains(tpl, `action="/greetings/templates/`) {
			t.Error("the saved template is not shown with its author, or the department has no forms")
		}
		// Opt-out on the client view: rm01 keeps C001; rm02 cannot reach it.
		rm01 := e.login("rm01")
		wantStatus(t, e.login("rm02").post("/clients/C001/greetings", url.Values{"optout": {"1"}}), http.StatusNotFound, "rm02 opts out C001")
		wantStatus(t, rm01.post("/clients/C001/greetings", url.Values{"optout": {"1"}}), http.StatusSeeOther, "rm01 opts out C001")
		if view := rm01.get("/clients/C001").Body.String(); !strings.Contains(part(t, view, "greetings-optout", "</dd>"), "客户已退订") {
			t.Error("the client view does not show the opt-out")
		}
		vs, _ = st.Greetings(ctx, all, store.GreetingFilter{States: []string{"skipped"}})
		if len(vs) != 1 || vs[0].ClientID != "C001" {
			t.Errorf("skipped after the opt-out: %+v", vs)
		}
	})
}

// part is the page from the element with the id to the next end tag.
func part(t *testing.T, body, id, end string) string {
	t.Helper()
	i := strings.Index(body, `id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no element #%s in page", id)
	}
	j := strings.Index(body[i:], end)
	if j < 0 {
		return body[i:]
	}
	return body[i : i+j]
}
