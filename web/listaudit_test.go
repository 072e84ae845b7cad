package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// listAudits returns the client_list rows of one person, oldest first, with their details decoded.
func listAudits(t *testing.T, st *store.Store, staffID int64) []map[string]any {
	t.Helper()
	evs, err := st.AuditEvents(ctx, store.AuditFilter{ActorID: staffID, Action: store.AuditClientList, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	for i := len(evs) - 1; i >= 0; i-- {
		var d map[string]any
		if err := json.Unmarshal([]byte(evs[i].Detail), &d); err != nil {
			t.Fatalf("detail %q: %v", evs[i].Detail, err)
		}
		d["object"] = evs[i].ObjectID
		d["ip"] = evs[i].IP
		out = append(out, d)
	}
	return out
}

// Every response that lists clients with their personal data writes one audit row saying who, the filter
// (a searched mobile or ID number masked) and how many rows: the API paged by an administrator, the client
// list and its live search, a teller's fragment search that finds nothing, the greetings preview and the
// greetings API.
func TestListAudit(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		admin := e.login("admin")
		adminID := e.fx.Staff["admin"].ID

		// The API paged to the end: one row a page, with its rows and filter.
		rec := admin.get("/api/v1/clients?sort=client_id&limit=3")
		wantStatus(t, rec, http.StatusOK, "page 1")
		var page clientListJSON
		json.Unmarshal(rec.Body.Bytes(), &page)
		if page.NextCursor == nil {
			t.Fatal("no second page")
		}
		wantStatus(t, admin.get("/api/v1/clients?sort=client_id&limit=3&cursor="+url.QueryEscape(*page.NextCursor)), http.StatusOK, "page 2")
		rows := listAudits(t, st, adminID)
		if len(rows) != 2 {
			t.Fatalf("audit rows after two API pages: %v", rows)
		}
		first, second := rows[0], rows[1]
		if first["object"] != "clients" || first["via"] != "api" || first["rows"] != 3.0 || first["total"] != 4.0 || first["ip"] != "192.0.2.10" {
			t.Errorf("first page's row: %v", first)
		}
		if f, _ := second["filter"].(map[string]any); second["rows"] != 1.0 || f["sort"] != "client_id" || f["limit"] != "3" || f["cursor"] != "continued" {
			t.Errorf("second page's row: %v", second)
		}

		// A search by a whole mobile and by a whole ID number: found, and neither is in the log in clear.
		wantStatus(t, admin.get("/api/v1/clients?q=13800138000"), http.StatusOK, "search by mobile")
		wantStatus(t, admin.get("/clients?q=110101199003071233"), http.StatusOK, "search by ID number")
		// The live search's fragment of the page is audited as the page.
		wantStatus(t, admin.get("/clients?q=%E6%9D%8E", "HX-Request", "true", "HX-Target", "results"), http.StatusOK, "live search")
		rows = listAudits(t, st, adminID)
		if len(rows) != 5 {
			t.Fatalf("audit rows: %v", rows)
		}
		for i, want := range []struct{ via, q string }{{"api", "138****8000"}, {"web", "110101********1233"}, {"web", "李"}} {
			got := rows[2+i]
			if f, _ := got["filter"].(map[string]any); got["via"] != want.via || f["q"] != want.q || got["rows"] != 1.0 {
				t.Errorf("search row %d: %v, want via %s, q %s, 1 row", i, got, want.via, want.q)
			}
		}
		evs, err := st.AuditEvents(ctx, store.AuditFilter{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range evs {
			if strings.Contains(ev.Detail, "13800138000") || strings.Contains(ev.Detail, "19900307") {
				t.Errorf("a searched mobile or ID number in clear in the audit log: %s %s", ev.Action, ev.Detail)
			}
		}

		// A teller's fragment search finds nothing and is audited all the same.
		teller := e.login("teller01")
		wantStatus(t, teller.get("/clients?q=38000"), http.StatusOK, "teller's fragment search")
		trows := listAudits(t, st, e.fx.Staff["teller01"].ID)
		if len(trows) != 1 || trows[0]["rows"] != 0.0 || trows[0]["filter"].(map[string]any)["q"] != "38*00" {
			t.Errorf("teller's search rows: %v", trows)
		}

		// The greetings preview and the greetings API show mobiles: audited with their rows.
		on := domain.Today(time.Now()).AddDays(2)
		var gs []store.GreetingRow
		for _, id := range []string{"C001", "C002"} {
			gs = append(gs, store.GreetingRow{ClientID: id, Occasion: "mid_autumn-x", Kind: "mid_autumn", On: on, OutletID: "OT1",
				Tier: "T3", Channel: "sms", Address: "13800138000", Body: "中秋快乐！"})
		}
		if _, err := st.PrepareGreetings(ctx, gs); err != nil {
			t.Fatal(err)
		}
		sup := e.login("sup01")
		supID := e.fx.Staff["sup01"].ID
		wantStatus(t, sup.get("/greetings?"+url.Values{"outlet": {"OT1"}, "kind": {"mid_autumn"}, "on": {on.String()}}.Encode()), http.StatusOK, "preview")
		wantStatus(t, sup.get("/api/v1/greetings?outlet=OT1"), http.StatusOK, "greetings API")
		grows := listAudits(t, st, supID)
		if len(grows) != 2 {
			t.Fatalf("greetings audit rows: %v", grows)
		}
		if f, _ := grows[0]["filter"].(map[string]any); grows[0]["object"] != "greetings" || grows[0]["via"] != "web" || grows[0]["rows"] != 2.0 || f["outlet"] != "OT1" || f["kind"] != "mid_autumn" {
			t.Errorf("preview's row: %v", grows[0])
		}
		if grows[1]["via"] != "api" || grows[1]["rows"] != 2.0 {
			t.Errorf("greetings API's row: %v", grows[1])
		}

		// The audit page names the action.
		if body := admin.get("/audit?action=client_list").Body.String(); !strings.Contains(body, "查看客户名单") || !strings.Contains(body, "138****8000") {
			t.Error("the audit page does not show the list rows")
		}
	})
}
