package web

import (
	"encoding/json"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/alerts"
	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// maskingCell is one cell of docs/masking.md: a field as one role sees it.
type maskingCell struct {
	field, role, value string
}

// readMaskingTable reads the field × role table of docs/masking.md.
func readMaskingTable(t *testing.T) (roles []string, cells []maskingCell) {
	t.Helper()
	b, err := os.ReadFile("../docs/masking.md")
	if err != nil {
		t.Fatal(err)
	}
	key := regexp.MustCompile("`([a-z_]+)`")
	for _, line := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(line, "| ") {
			continue
		}
		cols := strings.Split(strings.Trim(line, "| "), " | ")
		if cols[0] == "field" {
			roles = cols[1:]
			continue
		}
		m := key.FindStringSubmatch(cols[0])
		if m == nil || len(cols) != len(roles)+1 {
			t.Fatalf("docs/masking.md: row %q has no `field` or not one cell per role", line)
		}
		for i, v := range cols[1:] {
			cells = append(cells, maskingCell{field: m[1], role: roles[i], value: strings.TrimSpace(v)})
		}
	}
	if len(roles) != 8 || len(cells) == 0 {
		t.Fatalf("docs/masking.md: table not found (roles %v)", roles)
	}
	return roles, cells
}

// rendered is what one role gets from the routes the table is about.
type rendered struct {
	clientPage, homePage, outletPage  string
	fragment, wealthSort              int    // status of /clients?q=<fragment> and ?sort=aum
	fragmentFound, fragmentAPIFound   bool   // C001 found by the last digits of its mobile
	detail, list, timeline, alerts    string // API bodies
	apiDetail                         map[string]any
	apiItem                           map[string]any
	apiWealthSort                     int
	wholeMobileFound, wholeIDFound    bool
	clientIDNumber, clientMobile      string
	clientPhone, clientEmail, address string
	birth, aum                        string
}

func render(t *testing.T, e *env, username string) rendered {
	t.Helper()
	b := e.login(username)
	var r rendered
	get := func(target string, want int) string {
		t.Helper()
		rec := b.get(target)
		wantStatus(t, rec, want, username+" "+target)
		return rec.Body.String()
	}
	r.clientPage = get("/clients/C001", http.StatusOK)
	r.homePage = get("/", http.StatusOK)
	r.outletPage = get("/outlets/OT1", http.StatusOK)
	text := func(id string) string { return strings.TrimSpace(elementText(t, r.clientPage, id)) }
	r.clientIDNumber, r.clientMobile, r.clientPhone = text("client-id-number"), text("client-mobile"), text("client-phone")
	r.clientEmail, r.address, r.birth, r.aum = text("client-email"), text("client-address"), text("client-birth-date"), text("client-aum")

	rec := b.get("/clients?q=38000")
	r.fragment, r.fragmentFound = rec.Code, strings.Contains(rec.Body.String(), `data-client-id="C001"`)
	r.wealthSort = b.get("/clients?sort=aum&desc=1").Code
	r.wholeMobileFound = strings.Contains(get("/clients?q=13800138000", http.StatusOK), `data-client-id="C001"`)
	r.wholeIDFound = strings.Contains(get("/clients?q=110101199003071233", http.StatusOK), `data-client-id="C001"`)

	r.detail = get("/api/v1/clients/C001", http.StatusOK)
	if err := json.Unmarshal([]byte(r.detail), &r.apiDetail); err != nil {
		t.Fatal(err)
	}
	r.list = get("/api/v1/clients?q=%E5%BC%A0", http.StatusOK) // 张: C001
	var list struct{ Items []map[string]any }
	if err := json.Unmarshal([]byte(r.list), &list); err != nil || len(list.Items) != 1 {
		t.Fatalf("%s: API list %s (%v)", username, r.list, err)
	}
	r.apiItem = list.Items[0]
	var frag struct{ Items []map[string]any }
	json.Unmarshal([]byte(get("/api/v1/clients?q=38000", http.StatusOK)), &frag)
	r.fragmentAPIFound = len(frag.Items) > 0
	r.apiWealthSort = b.get("/api/v1/clients?sort=points").Code
	r.timeline = get("/api/v1/clients/C001/timeline", http.StatusOK)
	r.alerts = get("/api/v1/alerts", http.StatusOK)
	return r
}

// TestMaskingTable checks every cell of docs/masking.md against what each role's pages and API render.
func TestMaskingTable(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		seedRatings(t, st)
		c := e.fx.Clients["C001"]
		c.Phone, c.Email, c.Address = "02787654321", "zhangwei1990@qq.com", "武汉市武昌区解放路218号紫阳小区3栋2单元501室"
		if err := st.PutClients(ctx, []domain.Client{c}); err != nil {
			t.Fatal(err)
		}
		if _, err := st.DB().ExecContext(ctx, st.Rebind(`INSERT INTO transactions (txn_id, account_id, client_id, business_date, ts, amount,
			amount_cny, currency, kind, channel, client_initiated) VALUES ('T77', 'A002', 'C001', ?, ?, -4321000, -4321000, 'CNY', 'purchase', 'counter', ?)`),
			domain.NewDate(2026, 1, 1), time.Date(2026, 1, 1, 10, 0, 0, 0, domain.Shanghai), true); err != nil {
			t.Fatal(err)
		}
		hash, err := auth.HashPassword(storetest.Password, storetest.CheapParams)
		if err != nil {
			t.Fatal(err)
		}
		logins := map[string]string{"teller": "teller01", "lobby": "lobby01", "rm": "rm01", "supervisor": "sup01", "dept": "dept1", "admin": "admin"}
		for _, s := range []domain.Staff{{Username: "vip01", Name: "冯柜员", Role: domain.RoleTellerVIP, OrgID: "OT1"},
			{Username: "om01", Name: "陈经理", Role: domain.RoleOutletManager, OrgID: "OT1"}} {
			s.PasswordHash = hash
			if _, err := st.CreateStaff(ctx, s); err != nil {
				t.Fatal(err)
			}
			logins[string(s.Role)] = s.Username
		}

		roles, cells := readMaskingTable(t)
		// A maturity alert on C001's ¥500,000.00 deposit for each role, and a large movement.
		day := domain.Today(time.Now())
		var raise []store.AlertRow
		for _, role := range roles {
			raise = append(raise, store.AlertRow{Alert: alerts.Alert{ClientID: "C001", Rule: alerts.RuleMaturity, Key: "A002:" + role,
				Due: day.AddDays(7), Severity: alerts.Warn, Figures: alerts.Figures{AmountFen: 50_000_000, AccountID: "A002", Days: 7}},
				OutletID: "OT1", Assignee: alerts.Assignee{Role: domain.Role(role)}, RaisedOn: day, Deadline: time.Now().Add(time.Hour)},
				store.AlertRow{Alert: alerts.Alert{ClientID: "C001", Rule: alerts.RuleLargeMovement, Key: "T1:" + role,
					Due: day, Severity: alerts.Warn, Figures: alerts.Figures{AmountFen: 8_765_400, AccountID: "A001", TxnID: "T1", Threshold: 5_000_000}},
					OutletID: "OT1", Assignee: alerts.Assignee{Role: domain.Role(role)}, RaisedOn: day, Deadline: time.Now().Add(time.Hour)})
		}
		if _, err := st.RaiseAlerts(ctx, day, raise); err != nil {
			t.Fatal(err)
		}
		seen := map[string]rendered{}
		for _, role := range roles {
			if logins[role] == "" {
				t.Fatalf("docs/masking.md names role %q, which the test has no login for", role)
			}
			seen[role] = render(t, e, logins[role])
		}
		full := func(cell maskingCell) bool { return cell.value == "full" }
		checks := map[string]func(t *testing.T, cell maskingCell, r rendered){
			"id_number": func(t *testing.T, cell maskingCell, r rendered) {
				want := map[bool]string{true: "110101199003071233", false: "110101********1233"}[full(cell)]
				if r.clientIDNumber != want || r.apiDetail["id_number"] != want || r.apiItem["id_number"] != want {
					t.Errorf("page %q, API %v, list %v; want %s", r.clientIDNumber, r.apiDetail["id_number"], r.apiItem["id_number"], want)
				}
			},
			"mobile": func(t *testing.T, cell maskingCell, r rendered) {
				want := map[bool]string{true: "13800138000", false: "138****8000"}[full(cell)]
				if r.clientMobile != want || r.apiDetail["mobile"] != want || r.apiItem["mobile"] != want {
					t.Errorf("page %q, API %v, list %v; want %s", r.clientMobile, r.apiDetail["mobile"], r.apiItem["mobile"], want)
				}
			},
			"phone": func(t *testing.T, cell maskingCell, r rendered) {
				want := map[bool]string{true: "02787654321", false: "027****4321"}[full(cell)]
				if r.clientPhone != want || r.apiDetail["phone"] != want {
					t.Errorf("page %q, API %v; want %s", r.clientPhone, r.apiDetail["phone"], want)
				}
			},
			"email": func(t *testing.T, cell maskingCell, r rendered) {
				want := map[bool]string{true: "zhangwei1990@qq.com", false: "z***@qq.com"}[full(cell)]
				if r.clientEmail != want || r.apiDetail["email"] != want {
					t.Errorf("page %q, API %v; want %s", r.clientEmail, r.apiDetail["email"], want)
				}
			},
			"address": func(t *testing.T, cell maskingCell, r rendered) {
				want := map[bool]string{true: c.Address, false: "武汉市武昌区"}[full(cell)]
				if r.address != want || r.apiDetail["address"] != want || (!full(cell) && strings.Contains(r.clientPage+r.detail, "解放路218号")) {
					t.Errorf("page %q, API %v; want %s", r.address, r.apiDetail["address"], want)
				}
			},
			"birth_date": func(t *testing.T, cell maskingCell, r rendered) {
				if full(cell) {
					if !strings.HasPrefix(r.birth, "1990-03-07") || r.apiDetail["birth_date"] != "1990-03-07" {
						t.Errorf("page %q, API %v", r.birth, r.apiDetail["birth_date"])
					}
					return
				}
				if r.apiDetail["birth_date"] != nil || strings.Contains(r.clientPage, "1990") || strings.Contains(r.detail, "1990") ||
					strings.Contains(r.clientPage, "03-07") {
					t.Errorf("the birth date, its year or its day reaches a masked view: API %v", r.apiDetail["birth_date"])
				}
			},
			"aum": func(t *testing.T, cell maskingCell, r rendered) {
				if full(cell) {
					if !strings.Contains(r.clientPage, "¥623,456.78") || r.apiDetail["aum"] != "623456.78" || r.apiItem["aum"] != "623456.78" {
						t.Errorf("page AUM %q, API %v, list %v", r.aum, r.apiDetail["aum"], r.apiItem["aum"])
					}
					return
				}
				if !strings.HasPrefix(r.aum, "T4 · ¥50.00万 – ¥300.00万") || r.apiDetail["aum"] != nil || r.apiItem["aum"] != nil ||
					strings.Contains(r.clientPage+r.detail+r.list, "623") {
					t.Errorf("page AUM %q, API %v, list %v: want the tier band and no amount", r.aum, r.apiDetail["aum"], r.apiItem["aum"])
				}
			},
			"balances": func(t *testing.T, cell maskingCell, r rendered) {
				accounts, _ := r.apiDetail["accounts"].([]any)
				if len(accounts) != 2 {
					t.Fatalf("accounts %v", r.apiDetail["accounts"])
				}
				bal := accounts[0].(map[string]any)["balance_cny"]
				if full(cell) != (bal != nil) || full(cell) != strings.Contains(r.clientPage, "¥500,000.00") ||
					(!full(cell) && strings.Contains(r.detail, "500000")) {
					t.Errorf("balance %v, page shows ¥500,000.00: %t", bal, strings.Contains(r.clientPage, "¥500,000.00"))
				}
			},
			"star_points": func(t *testing.T, cell maskingCell, r rendered) {
				shown := strings.Contains(r.clientPage, "695.93") || strings.Contains(r.detail, "695.93") || strings.Contains(r.list, "695.93")
				if full(cell) != shown || (!full(cell) && (r.apiDetail["star_points"] != nil || r.apiItem["star_points"] != nil)) {
					t.Errorf("star points shown: %t; API %v, list %v", shown, r.apiDetail["star_points"], r.apiItem["star_points"])
				}
			},
			"purchases": func(t *testing.T, cell maskingCell, r rendered) {
				shown := strings.Contains(r.clientPage, "43,210.00") || strings.Contains(r.timeline, "43210.00")
				if full(cell) != shown || !strings.Contains(r.timeline, `"kind":"sale"`) {
					t.Errorf("purchase amount shown: %t, time line %s", shown, r.timeline)
				}
			},
			"alert_amounts": func(t *testing.T, cell maskingCell, r rendered) {
				home := r.homePage
				if !strings.Contains(home, "A002") || !strings.Contains(r.alerts, `"rule":"large_movement"`) {
					t.Fatalf("the alerts are not on the day list: %s", r.alerts)
				}
				shown := strings.Contains(home, "500,000.00") || strings.Contains(home, "87,654.00") ||
					strings.Contains(r.alerts, "500000.00") || strings.Contains(r.alerts, "87654.00")
				if shown != full(cell) || (!full(cell) && !strings.Contains(home, "¥50,000.00")) {
					t.Errorf("alert amounts shown: %t; the API alerts: %s", shown, r.alerts)
				}
			},
			"fragment_search": func(t *testing.T, cell maskingCell, r rendered) {
				if r.fragment != http.StatusOK || full(cell) != r.fragmentFound || full(cell) != r.fragmentAPIFound {
					t.Errorf("search by the last digits: status %d, found on the page %t, by the API %t", r.fragment, r.fragmentFound, r.fragmentAPIFound)
				}
				if !r.wholeMobileFound || !r.wholeIDFound {
					t.Errorf("the whole mobile finds the client: %t, the whole ID number: %t", r.wholeMobileFound, r.wholeIDFound)
				}
			},
			"wealth_sort": func(t *testing.T, cell maskingCell, r rendered) {
				want := map[bool]int{true: http.StatusOK, false: http.StatusBadRequest}[full(cell)]
				if r.wealthSort != want || r.apiWealthSort != want {
					t.Errorf("sort by AUM: page %d, by points: API %d; want %d", r.wealthSort, r.apiWealthSort, want)
				}
			},
			"top_clients": func(t *testing.T, cell maskingCell, r rendered) {
				if got := strings.Contains(r.homePage, `id="top-clients"`); got != full(cell) {
					t.Errorf("the largest clients listed on the home page: %t", got)
				}
			},
			"tier_sums": func(t *testing.T, cell maskingCell, r rendered) {
				home := strings.Contains(r.homePage, `id="stat-aum"`) || regexp.MustCompile(`class="tier-row"(?s:.)*?title="¥`).MatchString(r.homePage)
				outlet := regexp.MustCompile(`id="tiers-table"(?s:.)*?title="¥`).MatchString(r.outletPage)
				if home != full(cell) || outlet != full(cell) {
					t.Errorf("AUM sums on the home page: %t, on the segments page: %t", home, outlet)
				}
			},
		}
		fields := map[string]bool{}
		for _, cell := range cells {
			fields[cell.field] = true
			check, ok := checks[cell.field]
			if !ok {
				t.Errorf("docs/masking.md: no check for field %q", cell.field)
				continue
			}
			t.Run(cell.field+"/"+cell.role, func(t *testing.T) { check(t, cell, seen[cell.role]) })
		}
		for f := range checks {
			if !fields[f] {
				t.Errorf("field %q is checked but not in docs/masking.md", f)
			}
		}
	})
}
