package web

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/alerts"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// TestConsole: sup01's console shows the sections in order with the true counts of the fixture bank (a
// request waiting, a task today, a key-focus client's alert, one unassigned T3 client whose link lists it,
// this week's large movement but not an older one nor another outlet's), exports a table, and refuses a
// client manager, a teller and an administrator.
func TestConsole(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		now := time.Now()
		today := domain.Today(now)
		scope := func(who string) access.Scope {
			s := e.fx.Staff[who]
			org, err := st.Org(ctx, s.OrgID)
			if err != nil {
				t.Fatal(err)
			}
			return access.ScopeFor(s, org)
		}
		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := st.DB().ExecContext(ctx, st.Rebind(q), args...); err != nil {
				t.Fatal(err)
			}
		}
		exec("INSERT INTO client_ratings (client_id, rated_on, tier) VALUES (?, ?, ?)", "C003", today, "T3")
		exec("UPDATE clients SET key_focus = ? WHERE client_id = 'C001'", true)
		raise := func(client, outlet string, rule alerts.Rule, key string, raised domain.Date) {
			t.Helper()
			if _, err := st.RaiseAlerts(ctx, raised, []store.AlertRow{{Alert: alerts.Alert{ClientID: client, Rule: rule, Key: key,
				Due: today.AddDays(3), Severity: alerts.Warn}, OutletID: outlet, Assignee: alerts.Assignee{Role: domain.RoleRM}, RaisedOn: raised,
				Deadline: now.Add(48 * time.Hour)}}); err != nil {
				t.Fatal(err)
			}
		}
		raise("C001", "OT1", alerts.RuleMaturity, "m1", today)                 // key focus
		raise("C002", "OT1", alerts.RuleLargeMovement, "txn:1", today)         // this week
		raise("C003", "OT1", alerts.RuleMovedOut, "txn:2", today.AddDays(-10)) // too old
		raise("C004", "OT3", alerts.RuleLargeMovement, "txn:3", today)         // another outlet
		if _, err := st.RequestClient(ctx, scope("rm01"), e.fx.Staff["rm01"].ID, "C003", "客户主动要求由我服务"); err != nil {
			t.Fatal(err)
		}
		if _, err := st.AssignTask(ctx, e.fx.Staff["sup01"], scope("sup01"), store.NewTask{AssigneeID: e.fx.Staff["sup01"].ID, ClientID: "C002",
			Kind: "call", Due: today, Priority: 2, Note: "回访"}); err != nil {
			t.Fatal(err)
		}

		sup := e.login("sup01")
		rec := sup.get("/console")
		wantStatus(t, rec, http.StatusOK, "sup01 GET /console")
		body := rec.Body.String()
		// The sections, in the seed's order.
		var at []int
		for _, id := range []string{"console-approvals", "console-schedule", "console-keyfocus-alerts", "console-books", "console-movements", "console-campaigns"} {
			i := strings.Index(body, `<section class="panel" id="`+id+`"`)
			if i < 0 {
				t.Fatalf("no section #%s", id)
			}
			at = append(at, i)
		}
		if !slices.IsSorted(at) {
			t.Errorf("sections out of order: %v", at)
		}
		if !strings.Contains(body, `id="nav-console"`) {
			t.Error("sup01 has no console link")
		}
		cell := func(row string) string {
			t.Helper()
			m := regexp.MustCompile(`id="` + row + `"><td>[^<]*</td><td class="num">(\d+)</td>`).FindStringSubmatch(body)
			if m == nil {
				t.Fatalf("no row #%s", row)
			}
			return m[1]
		}
		if got := cell("approvals-requests"); got != "1" {
			t.Errorf("relationship requests waiting = %s, want 1", got)
		}
		if got := cell("approvals-upgrades"); got != "0" {
			t.Errorf("instant upgrades waiting = %s, want 0", got)
		}
		if got := elementText(t, body, "schedule-mine-total"); got != "共 1 条" {
			t.Errorf("today's tasks: %q", got)
		}
		if got := elementText(t, body, "kf-total"); !strings.HasPrefix(got, "共 1 条") {
			t.Errorf("key-focus alerts: %q", got)
		}
		kf := body[at[2]:at[3]]
		if !strings.Contains(kf, `data-rule="maturity"`) || strings.Contains(kf, `data-rule="large_movement"`) {
			t.Errorf("key-focus alerts section: %s", kf)
		}
		mv := body[at[4]:at[5]]
		if got := elementText(t, body, "mv-total"); !strings.Contains(got, "共 1 条") {
			t.Errorf("large movements: %q", got)
		}
		if !strings.Contains(mv, `data-rule="large_movement"`) || strings.Contains(mv, `data-rule="moved_out"`) {
			t.Errorf("large movements section: %s", mv)
		}
		if got := elementText(t, body, "console-books-summary"); got != "本网点客户 3 户，已指定客户经理 2 户，未指定 1 户。" {
			t.Errorf("books summary: %q", got)
		}
		if got := elementText(t, body, "console-unassigned-head"); !strings.Contains(got, "1 户") {
			t.Errorf("unassigned head: %q", got)
		}
		link := regexp.MustCompile(`(?s)<tr data-tier="T3">.*?<td class="num">1</td>.*?<a href="([^"]+)">`).FindStringSubmatch(body)
		if link == nil {
			t.Fatalf("no T3 row of one unassigned client with its link: %s", body[at[3]:at[4]])
		}
		list := sup.get(strings.ReplaceAll(link[1], "&amp;", "&"))
		wantStatus(t, list, http.StatusOK, "the unassigned T3 clients' list")
		if ids := rowIDs(list.Body.String()); !slices.Equal(ids, []string{"C003"}) {
			t.Errorf("the T3 link lists %v, want [C003]", ids)
		}
		if !strings.Contains(body, `id="campaigns-none"`) {
			t.Error("no campaigns sentence")
		}

		// Sorting and filtering one table; an unknown value is reported.
		wantStatus(t, sup.get("/console?t=mv&sort=client&desc=1&rule=large_movement"), http.StatusOK, "sorted movements")
		wantStatus(t, sup.get("/console?t=mv&rule=birthday"), http.StatusBadRequest, "a rule not of the movements")
		wantStatus(t, sup.get("/console?t=kf&sort=nonsense"), http.StatusBadRequest, "an unknown sort")
		// Exports.
		csv := sup.get("/console/export/mv/csv")
		wantStatus(t, csv, http.StatusOK, "movements CSV")
		if c := csv.Body.String(); !strings.Contains(c, "C002") || strings.Contains(c, "C004") || strings.Contains(c, "C003") {
			t.Errorf("movements CSV: %s", c)
		}
		wantStatus(t, sup.get("/console/export/books/xlsx"), http.StatusOK, "books Excel")

		for _, who := range []string{"rm01", "teller01", "admin"} {
			b := e.login(who)
			wantStatus(t, b.get("/console"), http.StatusForbidden, who+" GET /console")
			wantStatus(t, b.get("/console/export/kf/csv"), http.StatusForbidden, who+" exports")
			if strings.Contains(b.get("/").Body.String(), `id="nav-console"`) {
				t.Errorf("%s sees the console link", who)
			}
		}
	})
}
