package demo

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/cnid"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// The default bank is generated once and shared by the read-only tests.
var (
	bigOnce sync.Once
	big     *Bank
)

func defaultBank(t testing.TB) *Bank {
	t.Helper()
	bigOnce.Do(func() { big = Generate(Options{Seed: 1}) })
	return big
}

func TestGenerateIsDeterministic(t *testing.T) {
	a := Generate(Options{Clients: 3000, Seed: 42})
	b := Generate(Options{Clients: 3000, Seed: 42})
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two banks from seed 42 differ")
	}
	c := Generate(Options{Clients: 3000, Seed: 43})
	if reflect.DeepEqual(a.Clients, c.Clients) {
		t.Fatal("seeds 42 and 43 give the same clients")
	}
}

func TestDefaults(t *testing.T) {
	b := defaultBank(t)
	if len(b.Clients) != DefaultClients || b.Today != domain.NewDate(2026, 11, 22) {
		t.Fatalf("default bank: %d clients as of %s, want %d as of 2026-11-22", len(b.Clients), b.Today, DefaultClients)
	}
	t.Logf("\n%s", Summarize(b))
}

// share is n/total in per-mille (‰), rounded to nearest.
func share(n, total int) int { return (n*1000 + total/2) / total }

func TestAUMDistribution(t *testing.T) {
	b := defaultBank(t)
	n := len(b.Clients)
	var under1w, over300w int
	for _, c := range b.Clients {
		if c.AUM < wan(1) {
			under1w++
		}
		if c.AUM >= wan(300) {
			over300w++
		}
	}
	t.Logf("under 1万: %d‰, from 300万: %d clients (%d per 10 000)", share(under1w, n), over300w, over300w*10000/n)
	if under1w*100 < 80*n {
		t.Errorf("%d of %d clients under 1万, want at least 80 %%", under1w, n)
	}
	if over300w*1000 < n || over300w*100 > n {
		t.Errorf("%d of %d clients from 300万, want 0.1 %%–1 %%", over300w, n)
	}
}

func TestOccupationsAndSources(t *testing.T) {
	b := defaultBank(t)
	n := len(b.Clients)
	occ := map[string]int{}
	src := map[string]int{}
	for _, c := range b.Clients {
		occ[c.Occupation]++
		src[c.Source]++
	}
	// Targets per mille and the allowed distance: ±3 points.
	check := func(what string, got, want int) {
		t.Helper()
		if got < want-30 || got > want+30 {
			t.Errorf("%s: %d‰, want %d‰ ± 30", what, got, want)
		}
	}
	check("retired", share(occ["retired"], n), 260)
	check("worker", share(occ["worker"], n), 160)
	check("unemployed", share(occ["unemployed"], n), 140)
	check("self_employed+freelance+sales", share(occ["self_employed"]+occ["freelance"]+occ["sales"], n), 200)
	check("natural", share(src["natural"], n), 720)
	check("agency", share(src["agency"], n), 210)
	check("staff", share(src["staff"], n), 12)
	check("referral+campaign", share(src["referral"]+src["campaign"], n), 58)
	for o := range occ {
		if !slices.ContainsFunc(occupationTargets, func(c choice[string]) bool { return c.v == o }) {
			t.Errorf("unknown occupation %q", o)
		}
	}
	t.Logf("occupations %v\nsources %v", occ, src)
}

func TestAgesHeavyAtBothEnds(t *testing.T) {
	b := defaultBank(t)
	var young, middle, old int
	for _, c := range b.Clients {
		switch age := c.BirthDate.AgeOn(b.Today); {
		case age < 18:
			t.Fatalf("client %s is %d", c.ClientID, age)
		case age <= 30:
			young++
		case age >= 30 && age < 50:
			middle++
		case age >= 60:
			old++
		}
	}
	n := len(b.Clients)
	t.Logf("18–30: %d‰, 31–49: %d‰, 60+: %d‰", share(young, n), share(middle, n), share(old, n))
	if share(middle, n) > 350 || share(young, n) < 200 || share(old, n) < 200 {
		t.Errorf("ages are not heavy at both ends")
	}
}

func TestIdentities(t *testing.T) {
	b := defaultBank(t)
	ids := map[string]bool{}
	mobiles := map[string]bool{}
	var noMobile, passports, emails int
	for _, c := range b.Clients {
		if ids[c.IDType+c.IDNumber] {
			t.Errorf("%s: ID %s issued twice", c.ClientID, c.IDNumber)
		}
		ids[c.IDType+c.IDNumber] = true
		switch c.IDType {
		case domain.IDTypeResident:
			id, err := cnid.ParseResidentID(c.IDNumber)
			if err != nil {
				t.Fatalf("%s: %v", c.ClientID, err)
			}
			if domain.DateOf(id.BirthDate()) != c.BirthDate || id.Sex() != c.Gender {
				t.Errorf("%s: ID %s says %s %s, client has %s %s", c.ClientID, id, id.BirthDate().Format("2006-01-02"), id.Sex(),
					c.BirthDate, c.Gender)
			}
		case domain.IDTypePassport:
			passports++
		}
		if c.Mobile == "" {
			noMobile++
		} else {
			if m, err := cnid.NormalizeMobile(c.Mobile); err != nil || m != c.Mobile {
				t.Errorf("%s: mobile %q: %v", c.ClientID, c.Mobile, err)
			}
			if mobiles[c.Mobile] {
				t.Errorf("%s: mobile %s given twice", c.ClientID, c.Mobile)
			}
			mobiles[c.Mobile] = true
		}
		if c.Email != "" {
			emails++
			if !cnid.ValidEmail(c.Email) {
				t.Errorf("%s: e-mail %q", c.ClientID, c.Email)
			}
		}
		if n := len([]rune(c.Name)); n < 2 || n > 4 {
			t.Errorf("%s: name %q", c.ClientID, c.Name)
		}
		if c.Gender != "M" && c.Gender != "F" {
			t.Errorf("%s: gender %q", c.ClientID, c.Gender)
		}
	}
	n := len(b.Clients)
	t.Logf("no mobile %d‰, passports %d, e-mails %d‰", share(noMobile, n), passports, share(emails, n))
	if s := share(noMobile, n); s < 30 || s > 70 {
		t.Errorf("%d‰ of clients without a mobile, want about 5 %%", s)
	}
	if passports == 0 {
		t.Error("no passports")
	}
}

func TestClientsAreComplete(t *testing.T) {
	b := defaultBank(t)
	outlets := map[string]bool{}
	for _, u := range b.Orgs {
		if u.Level == domain.LevelOutlet {
			outlets[u.ID] = true
		}
	}
	status := map[string]int{}
	for _, c := range b.Clients {
		status[c.Status]++
		if !outlets[c.OutletID] || c.OpenDate.IsZero() || c.OpenDate.After(b.Today) || c.OpenDate.Before(addYears(b.Today, -20)) {
			t.Errorf("%s: outlet %q, opened %s", c.ClientID, c.OutletID, c.OpenDate)
		}
		if c.OpenDate.Before(addYears(c.BirthDate, 16)) {
			t.Errorf("%s: born %s, opened %s", c.ClientID, c.BirthDate, c.OpenDate)
		}
		if c.RMID != 0 {
			t.Errorf("%s: RMID set in the model", c.ClientID)
		}
		if (c.RiskLevel == "") != c.RiskExpiresOn.IsZero() {
			t.Errorf("%s: risk %q expires %s", c.ClientID, c.RiskLevel, c.RiskExpiresOn)
		}
	}
	t.Logf("status %v", status)
	if status["normal"] < len(b.Clients)*95/100 || status["frozen"] == 0 || status["closed"] == 0 {
		t.Errorf("status %v: want mostly normal, a few frozen and closed", status)
	}
}

func TestAccounts(t *testing.T) {
	b := defaultBank(t)
	products := map[string]domain.Product{}
	for _, p := range b.Products {
		products[p.Code] = p
	}
	byClient := map[string][]domain.Account{}
	used := map[string]bool{}
	ids := map[string]bool{}
	var usd, soon int
	for _, a := range b.Accounts {
		if ids[a.AccountID] {
			t.Errorf("account %s twice", a.AccountID)
		}
		ids[a.AccountID] = true
		byClient[a.ClientID] = append(byClient[a.ClientID], a)
		p, ok := products[a.ProductCode]
		if !ok {
			t.Fatalf("%s: unknown product %s", a.AccountID, a.ProductCode)
		}
		used[a.ProductCode] = true
		switch a.Currency {
		case "CNY":
			if a.BalanceCNY != a.Balance {
				t.Errorf("%s: CNY balance %d converted to %d", a.AccountID, a.Balance, a.BalanceCNY)
			}
		case "USD":
			usd++
			if a.BalanceCNY != a.Balance*USDRate/100 {
				t.Errorf("%s: USD %d → CNY %d, want at 7.12", a.AccountID, a.Balance, a.BalanceCNY)
			}
		default:
			t.Errorf("%s: currency %s", a.AccountID, a.Currency)
		}
		if a.Balance < 0 || ((p.Category == "credit_card" || p.Category == "agreement") && a.Balance != 0) {
			t.Errorf("%s (%s): balance %d", a.AccountID, p.Category, a.Balance)
		}
		termed := p.Category == "time" || p.Category == "wealth" || p.Category == "bond" || p.Category == "insurance" || p.Category == "loan"
		if termed != !a.MaturityDate.IsZero() {
			t.Errorf("%s (%s): maturity %q", a.AccountID, p.Category, a.MaturityDate)
		}
		if a.Status == "active" && termed {
			if !a.MaturityDate.After(b.Today) {
				t.Errorf("%s: active, matured %s", a.AccountID, a.MaturityDate)
			}
			if a.MaturityDate.Before(b.Today.AddDays(31)) {
				soon++
			}
		}
		if a.OpenDate.After(b.Today) {
			t.Errorf("%s: opened %s", a.AccountID, a.OpenDate)
		}
	}
	for _, p := range b.Products {
		if !used[p.Code] {
			t.Errorf("no account of product %s %s", p.Code, p.Name)
		}
	}
	if usd == 0 || soon == 0 {
		t.Errorf("%d USD accounts, %d maturing within 30 days", usd, soon)
	}
	for _, c := range b.Clients {
		accts := byClient[c.ClientID]
		if len(accts) < 1 || len(accts) > maxAccounts {
			t.Errorf("%s: %d accounts", c.ClientID, len(accts))
		}
		var aum int64
		cards, agreements := 0, 0
		for _, a := range accts {
			p := products[a.ProductCode]
			if a.Status == "active" && p.AssetClass == "asset" {
				aum += a.BalanceCNY
			}
			if a.OpenDate.Before(c.OpenDate) {
				t.Errorf("%s: account %s opened %s before the client %s", c.ClientID, a.AccountID, a.OpenDate, c.OpenDate)
			}
			if r := riskOf(p); r > 1 && c.RiskLevel != "" && r > int(c.RiskLevel[1]-'0') {
				t.Errorf("%s (%s): holds %s %s", c.ClientID, c.RiskLevel, p.Code, p.RiskLevel)
			}
			switch p.Category {
			case "credit_card":
				cards++
			case "agreement":
				agreements++
				if p.AgreementKind == "private_banking" && c.AUM < wan(600) {
					t.Errorf("%s: private banking with %d", c.ClientID, c.AUM)
				}
			}
		}
		if aum != c.AUM {
			t.Errorf("%s: AUM %d, accounts add up to %d", c.ClientID, c.AUM, aum)
		}
		if cards > 1 || agreements > 1 {
			t.Errorf("%s: %d cards, %d agreements", c.ClientID, cards, agreements)
		}
		if c.Status == "closed" && c.AUM != 0 {
			t.Errorf("%s: closed with AUM %d", c.ClientID, c.AUM)
		}
	}
}

func TestProductCatalogue(t *testing.T) {
	b := defaultBank(t)
	cats := map[string]bool{}
	for _, p := range b.Products {
		cats[p.Category] = true
		wantPoints := map[string]string{"demand": "short", "time": "long", "wealth": "long", "fund": "long", "bond": "long",
			"insurance": "long", "metal": "long", "loan": "loan", "credit_card": "none", "agreement": "none"}[p.Category]
		switch {
		case p.Code == "FD01" && p.PointsClass == "short", p.Code == pMortgage && p.PointsClass == "mortgage":
		case p.PointsClass != wantPoints:
			t.Errorf("%s: points class %q, want %q", p.Code, p.PointsClass, wantPoints)
		}
		needsRisk := p.Category == "wealth" || p.Category == "fund" || p.Category == "insurance" || p.Category == "bond" || p.Category == "metal"
		if needsRisk != (p.RiskLevel != "") {
			t.Errorf("%s: risk level %q", p.Code, p.RiskLevel)
		}
		wantClass := map[string]string{"loan": "liability", "credit_card": "none", "agreement": "none"}[p.Category]
		if wantClass == "" {
			wantClass = "asset"
		}
		if p.AssetClass != wantClass {
			t.Errorf("%s: asset class %q, want %q", p.Code, p.AssetClass, wantClass)
		}
		if (p.Category == "credit_card") != (p.CardLevel != "") || (p.Category == "agreement") != (p.AgreementKind != "") {
			t.Errorf("%s: card level %q, agreement %q", p.Code, p.CardLevel, p.AgreementKind)
		}
	}
	for _, c := range []string{"demand", "time", "wealth", "fund", "insurance", "bond", "metal", "loan", "credit_card", "agreement"} {
		if !cats[c] {
			t.Errorf("no %s product", c)
		}
	}
}

func TestOrgAndStaff(t *testing.T) {
	b := defaultBank(t)
	levels := map[domain.OrgLevel]int{}
	seen := map[string]bool{}
	for _, u := range b.Orgs {
		levels[u.Level]++
		if u.ParentID != "" && !seen[u.ParentID] {
			t.Errorf("org %s before its parent %s", u.ID, u.ParentID)
		}
		seen[u.ID] = true
	}
	if levels[domain.LevelHead] != 1 || levels[domain.LevelBranch] != 1 || levels[domain.LevelSubbranch] != 2 || levels[domain.LevelOutlet] != 6 {
		t.Errorf("org levels %v", levels)
	}
	roles := map[domain.Role]int{}
	for _, s := range b.Staff {
		roles[s.Role]++
	}
	want := map[domain.Role]int{domain.RoleAdmin: 1, domain.RoleDept: 1, domain.RoleSupervisor: 2, domain.RoleRM: 12,
		domain.RoleTeller: 3, domain.RoleTellerVIP: 3, domain.RoleLobby: 6, domain.RoleOutletManager: 6}
	if !reflect.DeepEqual(roles, want) {
		t.Errorf("roles %v, want %v", roles, want)
	}
	for _, o := range []string{"OT01", "OT02", "OT03", "OT04", "OT05", "OT06"} {
		if len(b.outletStaff(o, domain.RoleRM)) != 2 || len(b.outletStaff(o, domain.RoleLobby)) != 1 ||
			len(b.outletStaff(o, domain.RoleOutletManager)) != 1 {
			t.Errorf("outlet %s is not fully staffed", o)
		}
	}
}

// checkAssignment checks DOMAIN.md §4 on a model: every client of 20万 or more has an RM of its own
// outlet; the showcase RMs have their clients.
func checkAssignment(t *testing.T, b *Bank) {
	t.Helper()
	staff := map[string]StaffSpec{}
	for _, s := range b.Staff {
		staff[s.Username] = s
	}
	per := map[string]int{}
	var small, smallAssigned int
	for _, c := range b.Clients {
		u := b.RMUsername[c.ClientID]
		if u != "" {
			per[u]++
			if s := staff[u]; s.Role != domain.RoleRM || s.OrgID != c.OutletID {
				t.Errorf("%s in %s kept by %s (%s at %s)", c.ClientID, c.OutletID, u, s.Role, s.OrgID)
			}
		}
		if c.AUM >= wan(20) && u == "" {
			t.Errorf("%s has %d and no RM", c.ClientID, c.AUM)
		}
		if c.AUM < wan(20) && c.Status != "closed" {
			small++
			if u != "" {
				smallAssigned++
			}
		}
	}
	for _, u := range showcaseRMs {
		if per[u] < MinClientsPerShowcaseRM {
			t.Errorf("%s keeps %d clients, want at least %d", u, per[u], MinClientsPerShowcaseRM)
		}
	}
	common := false
	for _, c := range b.Clients {
		if b.RMUsername[c.ClientID] == "rm01" && slices.Contains(commonSurnames, surnameOf(c.Name)) {
			common = true
		}
	}
	if !common {
		t.Error("rm01 keeps no client with a common family name")
	}
	if s := share(smallAssigned, small); len(b.Clients) >= 10000 && (s < 30 || s > 80) {
		t.Errorf("%d‰ of clients under 20万 assigned, want about 5 %%", s)
	}
	t.Logf("clients per RM %v", per)
}

func TestAssignment(t *testing.T) {
	checkAssignment(t, defaultBank(t))
	// Small books still give the showcase RMs their clients.
	checkAssignment(t, Generate(Options{Clients: 500, Seed: 7}))
}

func TestLifeDetails(t *testing.T) {
	b := defaultBank(t)
	clients := map[string]domain.Client{}
	for _, c := range b.Clients {
		clients[c.ClientID] = c
	}
	var high, withFamily, lunar, keyFocus, t5 int
	fam := map[string]bool{}
	for _, m := range b.Family {
		fam[m.ClientID] = true
		if m.Lunar {
			lunar++
			if m.LunarMonth < 1 || m.LunarMonth > 12 || m.LunarDay < 1 || m.LunarDay > 30 {
				t.Errorf("%s: lunar birthday %d/%d", m.ClientID, m.LunarMonth, m.LunarDay)
			}
		}
		if m.Relation != "spouse" && m.Relation != "child" && m.Relation != "parent" {
			t.Errorf("%s: relation %q", m.ClientID, m.Relation)
		}
	}
	for _, c := range b.Clients {
		if c.AUM >= wan(20) {
			high++
			if fam[c.ClientID] {
				withFamily++
			}
		}
		if c.AUM >= wan(300) {
			t5++
			if c.KeyFocus {
				keyFocus++
			}
		}
	}
	t.Logf("%d of %d T3+ clients with family (%d lunar birthdays), %d of %d T5 key focus; %d notes, %d events, %d tagged",
		withFamily, high, lunar, keyFocus, t5, len(b.Notes), len(b.Events), len(b.Tags))
	if s := share(withFamily, high); s < 200 || s > 400 {
		t.Errorf("%d‰ of T3+ clients with family, want about 30 %%", s)
	}
	if lunar == 0 || keyFocus == 0 || len(b.Events) == 0 {
		t.Error("no lunar birthdays, key-focus clients or life events")
	}
	staff := map[string]StaffSpec{}
	for _, s := range b.Staff {
		staff[s.Username] = s
	}
	for _, n := range b.Notes {
		c := clients[n.ClientID]
		s, ok := staff[n.Author]
		if !ok || s.OrgID != c.OutletID || strings.TrimSpace(n.Body) == "" {
			t.Errorf("note on %s by %q: %q", n.ClientID, n.Author, n.Body)
		}
		if s.Role == domain.RoleRM && b.RMUsername[n.ClientID] != n.Author {
			t.Errorf("note on %s by %s, who does not keep the client", n.ClientID, n.Author)
		}
	}
	for id, tags := range b.Tags {
		if clients[id].ClientID == "" || len(tags) == 0 {
			t.Errorf("tags %v on unknown client %s", tags, id)
		}
	}
	for _, e := range b.Events {
		if clients[e.ClientID].ClientID == "" || e.Kind == "" || e.On.IsZero() {
			t.Errorf("event %+v", e)
		}
	}
}

// TestNoFloatingPoint makes sure no float type or literal appears in the package: money and shares are
// computed with integers only.
func TestNoFloatingPoint(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		file, err := parser.ParseFile(fset, f, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Ident:
				if n.Name == "float64" || n.Name == "float32" {
					t.Errorf("%s: %s", fset.Position(n.Pos()), n.Name)
				}
			case *ast.BasicLit:
				if n.Kind == token.FLOAT {
					t.Errorf("%s: float literal %s", fset.Position(n.Pos()), n.Value)
				}
			case *ast.SelectorExpr:
				if strings.HasPrefix(n.Sel.Name, "Float") {
					t.Errorf("%s: %s", fset.Position(n.Pos()), n.Sel.Name)
				}
			}
			return true
		})
	}
}

func TestSummaryString(t *testing.T) {
	s := Summarize(Generate(Options{Clients: 1000, Seed: 3})).String()
	for _, want := range []string{"1000 clients", "T1", "< 5万", "5万–20万", "≥ 300万"} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
	if got := yuanText(123456789); got != "1,234,567.89" {
		t.Errorf("yuanText = %s", got)
	}
	if got := percent(1, 3); got != "33.33%" {
		t.Errorf("percent = %s", got)
	}
}

func TestLoad(t *testing.T) {
	b := Generate(Options{Clients: 2000, Seed: 5})
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		sum, err := Load(ctx, st, b, "Demo2026!")
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("\n%s", sum)
		db := st.DB()
		count := func(q string, args ...any) int {
			t.Helper()
			var n int
			if err := db.QueryRowContext(ctx, st.Rebind(q), args...).Scan(&n); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			return n
		}
		for table, want := range map[string]int{"orgs": len(b.Orgs), "staff": len(b.Staff), "products": len(b.Products),
			"clients": len(b.Clients), "accounts": len(b.Accounts), "family_members": len(b.Family),
			"life_events": len(b.Events), "client_notes": len(b.Notes), "client_tags": sum.Tags} {
			if got := count("SELECT count(*) FROM " + table); got != want {
				t.Errorf("%s: %d rows, want %d", table, got, want)
			}
		}
		if sum.Clients != 2000 || sum.Orgs != 10 || sum.Staff != 34 {
			t.Errorf("summary %+v", sum)
		}
		// The store's AUM is the model's.
		var total int64
		if err := db.QueryRowContext(ctx, "SELECT COALESCE(sum(aum), 0) FROM client_aum").Scan(&total); err != nil {
			t.Fatal(err)
		}
		var want int64
		for _, c := range b.Clients {
			want += c.AUM
		}
		if total != want {
			t.Errorf("store AUM %d, model %d", total, want)
		}
		// Every client from 20万 has an RM of its own outlet, and a current relationship.
		if n := count(`SELECT count(*) FROM clients c JOIN client_aum m ON m.client_id = c.client_id LEFT JOIN staff s ON s.staff_id = c.rm_id
			WHERE m.aum >= ? AND (s.staff_id IS NULL OR s.role <> 'rm' OR s.org_id <> c.outlet_id)`, wan(20)); n != 0 {
			t.Errorf("%d clients from 20万 without an RM of their outlet", n)
		}
		if n := count(`SELECT count(*) FROM clients c WHERE c.rm_id IS NOT NULL AND NOT EXISTS
			(SELECT 1 FROM relationships r WHERE r.client_id = c.client_id AND r.staff_id = c.rm_id AND r.valid_to IS NULL)`); n != 0 {
			t.Errorf("%d assigned clients without a relationship", n)
		}
		// rm01 and rm02 see their books through their own scope.
		for _, u := range showcaseRMs {
			s, err := st.StaffByUsername(ctx, u)
			if err != nil {
				t.Fatal(err)
			}
			if !s.PasswordNeverExpires {
				t.Errorf("%s: password expires", u)
			}
			org, err := st.Org(ctx, s.OrgID)
			if err != nil {
				t.Fatal(err)
			}
			page, err := st.SearchClients(ctx, access.ScopeFor(s, org), store.ClientFilter{RMID: s.ID})
			if err != nil {
				t.Fatal(err)
			}
			if page.Total < MinClientsPerShowcaseRM {
				t.Errorf("%s keeps %d clients, want at least %d", u, page.Total, MinClientsPerShowcaseRM)
			}
			if u == "rm01" {
				found := false
				for _, sn := range commonSurnames {
					p, err := st.SearchClients(ctx, access.ScopeFor(s, org), store.ClientFilter{RMID: s.ID, Q: sn})
					if err != nil {
						t.Fatal(err)
					}
					found = found || p.Total > 0
				}
				if !found {
					t.Error("rm01 finds no client by a common family name")
				}
			}
		}
		admin, err := st.StaffByUsername(ctx, "admin")
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := auth.VerifyPassword(admin.PasswordHash, "Demo2026!"); !ok || err != nil {
			t.Errorf("admin's password does not verify: %v", err)
		}
		// Notes are by their authors.
		if n := count(`SELECT count(*) FROM client_notes n JOIN clients c ON c.client_id = n.client_id
			JOIN staff s ON s.staff_id = n.author_id WHERE s.org_id <> c.outlet_id`); n != 0 {
			t.Errorf("%d notes by staff of another outlet", n)
		}
	})
}

func TestLoadRefusesNoPassword(t *testing.T) {
	st := storetest.Open(t, "sqlite")
	if _, err := Load(context.Background(), st, Generate(Options{Clients: 10}), ""); err == nil {
		t.Fatal("loaded with an empty password")
	}
}

// BenchmarkLoad20k loads the default 20 000-client bank into a fresh SQLite store (generation excluded;
// it is reported as its own metric).
func BenchmarkLoad20k(b *testing.B) {
	start := time.Now()
	bank := Generate(Options{Seed: 1})
	genTime := time.Since(start)
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		st := storetest.Open(b, "sqlite")
		b.StartTimer()
		if _, err := Load(ctx, st, bank, "Demo2026!"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(genTime.Milliseconds()), "generate-ms")
	b.ReportMetric(float64(len(bank.Clients))*float64(b.N)/b.Elapsed().Seconds(), "clients/s")
}

// A bank asked for three accounts a client has them (the benchmarks' 1 M clients, 3 M accounts), with the
// same assets: each client's AUM is still the sum of its active asset accounts, and no balance is negative.
func TestAccountsPerClient(t *testing.T) {
	const n = 3000
	b := Generate(Options{Clients: n, Seed: 3, AccountsPer100: 300})
	active := 0
	for _, a := range b.Accounts {
		if a.Status == "active" {
			active++
		}
	}
	if active < n*3*99/100 || active > n*3 {
		t.Errorf("%d active accounts for %d clients, want about %d", active, n, n*3)
	}
	natural := Generate(Options{Clients: n, Seed: 3})
	if len(natural.Accounts) >= n*2 {
		t.Errorf("the natural mix has %d accounts for %d clients", len(natural.Accounts), n)
	}
	products := map[string]domain.Product{}
	for _, p := range b.Products {
		products[p.Code] = p
	}
	sums := map[string]int64{}
	ids := map[string]bool{}
	for _, a := range b.Accounts {
		if ids[a.AccountID] {
			t.Fatalf("account %s twice", a.AccountID)
		}
		ids[a.AccountID] = true
		if a.Balance < 0 {
			t.Errorf("%s: balance %d", a.AccountID, a.Balance)
		}
		if a.Status == "active" && products[a.ProductCode].AssetClass == "asset" {
			sums[a.ClientID] += a.BalanceCNY
		}
	}
	for _, c := range b.Clients {
		if sums[c.ClientID] != c.AUM {
			t.Errorf("%s: AUM %d, accounts hold %d", c.ClientID, c.AUM, sums[c.ClientID])
		}
	}
}
