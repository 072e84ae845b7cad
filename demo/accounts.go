package demo

import (
	"fmt"

	"github.com/steward-bank/steward/domain"
)

// wealthClass is a coarse AUM class that drives what a client holds: 0 under 1万, 1 under 5万, 2 under
// 20万, 3 under 50万, 4 under 300万, 5 from 300万.
func wealthClass(target int64) int {
	switch {
	case target >= wan(300):
		return 5
	case target >= wan(50):
		return 4
	case target >= wan(20):
		return 3
	case target >= wan(5):
		return 2
	case target >= wan(1):
		return 1
	}
	return 0
}

// perClass is a probability per 1000 for each wealth class.
type perClass [6]int

// What each class holds besides its demand deposit (per 1000).
var (
	holdTime      = perClass{100, 550, 700, 700, 650, 450}
	holdCD        = perClass{0, 0, 0, 250, 450, 650}
	holdWealth    = perClass{0, 120, 350, 550, 700, 800}
	holdFund      = perClass{10, 60, 150, 250, 350, 450}
	holdInsurance = perClass{5, 40, 120, 200, 300, 400}
	holdBond      = perClass{5, 50, 120, 150, 200, 200}
	holdMetal     = perClass{0, 10, 40, 80, 120, 150}
	holdUSD       = perClass{2, 10, 20, 40, 80, 120}
	// demandWeight is the demand deposit's weight in the split of assets (the others weigh 20–60).
	demandWeight = perClass{100, 40, 25, 15, 10, 6}

	hasMortgage = perClass{30, 80, 120, 150, 120, 80}
	hasConsumer = perClass{20, 40, 40, 30, 10, 0}
	hasBusiness = perClass{30, 150, 150, 150, 150, 100} // self-employed only
	hasCardOrd  = perClass{100, 150, 150, 100, 50, 0}
	hasCardGold = perClass{0, 30, 100, 250, 300, 150}
	hasCardPlat = perClass{0, 0, 0, 50, 250, 550}
	hasAgreeW   = perClass{0, 20, 100, 300, 300, 0}
	hasAgreeWP  = perClass{0, 0, 0, 50, 350, 450}
)

// holding is one asset to open, with its weight in the split of the client's assets.
type holding struct {
	product string
	weight  int64
	usd     bool
}

// maxAccounts is the most accounts a client has.
const maxAccounts = 6

// openAccounts gives client ci accounts whose active assets add up to target exactly, and sets its AUM.
func (g *generator) openAccounts(ci int, target int64) {
	c := &g.b.Clients[ci]
	m := &g.meta[ci]
	if c.Status == "closed" {
		// A lost client: every account closed, nothing left.
		g.addAccount(ci, domain.Account{ProductCode: "DD01", Currency: "CNY", OpenDate: c.OpenDate, Status: "closed"})
		if open := g.today.AddDays(-400); c.OpenDate.Before(open) && chance(g.r, 500) {
			o := g.dateBetween(c.OpenDate, open)
			g.addAccount(ci, domain.Account{ProductCode: "TD01Y", Currency: "CNY", OpenDate: o, MaturityDate: o.AddDays(365), Status: "closed"})
		}
		return
	}
	k := wealthClass(target)
	extras := g.extras(c, m, k, target)
	maxAssets := maxAccounts - 1 - len(extras)

	risk := m.risk
	r1 := max(risk, 1) // R1 products need no valid assessment (DOMAIN.md §7)
	var hs []holding
	add := func(p perClass, products []string) {
		if len(products) > 0 && chance(g.r, p[k]) {
			hs = append(hs, holding{product: oneOf(g.r, products), weight: int64(between(g.r, 20, 60))})
		}
	}
	if k > 0 || target >= yuan(1000) {
		add(holdTime, []string{g.timeProduct(m.age)})
	}
	add(holdCD, []string{oneOf(g.r, []string{pCD1Y, pCD3Y, pCD3Y})})
	add(holdWealth, suitable("wealth", risk))
	add(holdFund, suitable("fund", risk))
	add(holdInsurance, suitable("insurance", r1))
	add(holdBond, suitable("bond", r1))
	add(holdMetal, suitable("metal", r1))
	if chance(g.r, holdUSD[k]) {
		hs = append(hs, holding{product: pDemandFX, weight: int64(between(g.r, 10, 40)), usd: true})
	}
	g.r.Shuffle(len(hs), func(i, j int) { hs[i], hs[j] = hs[j], hs[i] })
	if len(hs) > maxAssets {
		hs = hs[:maxAssets]
	}

	// Split target by weight; each holding is rounded to its product's unit and dropped below its
	// minimum; the demand deposit takes the rest, so the assets add up to target to the fen.
	total := int64(demandWeight[k])
	for _, h := range hs {
		total += h.weight
	}
	demand := target
	type placed struct {
		h   holding
		amt int64 // CNY fen
		bal int64 // account currency
	}
	var ps []placed
	for _, h := range hs {
		amt := target * h.weight / total
		var bal int64
		switch p := g.products[h.product]; {
		case h.usd:
			if amt < yuan(100)*USDRate/100 {
				continue
			}
			bal = amt * 100 / USDRate
			amt = bal * USDRate / 100
		case h.product == pCD1Y || h.product == pCD3Y:
			amt -= amt % wan(1)
			if amt < wan(20) {
				// Too little for a certificate of deposit: an ordinary time deposit instead.
				h.product = oneOf(g.r, []string{"TD01Y", "TD03Y"})
				amt = target * h.weight / total
				amt -= amt % yuan(100)
				if amt < yuan(100) {
					continue
				}
			}
		case p.Category == "time", p.Category == "bond":
			amt -= amt % yuan(100)
			if amt < yuan(100) {
				continue
			}
		case p.Category == "wealth", p.Category == "insurance":
			amt -= amt % yuan(1000)
			if amt < wan(1) {
				continue
			}
		default: // funds and metals: market value, any amount
			if amt < yuan(1000) {
				continue
			}
		}
		if !h.usd {
			bal = amt
		}
		demand -= amt
		ps = append(ps, placed{h, amt, bal})
	}

	// The demand deposit, opened with the client; now and then a second one (an old passbook).
	second := int64(0)
	if len(ps)+len(extras)+2 <= maxAccounts && chance(g.r, 60) {
		second = demand * int64(between(g.r, 5, 40)) / 100
	}
	g.addAccount(ci, domain.Account{ProductCode: pDemand, Currency: "CNY", Balance: demand - second, OpenDate: c.OpenDate, Status: "active"})
	if second > 0 {
		g.addAccount(ci, domain.Account{ProductCode: pDemand, Currency: "CNY", Balance: second,
			OpenDate: g.dateBetween(c.OpenDate, g.today), Status: "active"})
	}
	for _, p := range ps {
		a := domain.Account{ProductCode: p.h.product, Currency: "CNY", Balance: p.bal, Status: "active"}
		if p.h.usd {
			a.Currency = "USD"
		}
		if term := g.products[p.h.product].TermDays; term > 0 {
			a.OpenDate, a.MaturityDate = g.termDates(c.OpenDate, term)
		} else {
			a.OpenDate = g.dateBetween(c.OpenDate, g.today)
		}
		g.addAccount(ci, a)
	}
	for _, a := range extras {
		g.addAccount(ci, a)
	}
	// A matured, closed time deposit from the past, when there is room.
	if open := g.today.AddDays(-400); len(m.accounts) < maxAccounts && c.OpenDate.Before(open) && chance(g.r, 50) {
		o := g.dateBetween(c.OpenDate, open)
		g.addAccount(ci, domain.Account{ProductCode: "TD01Y", Currency: "CNY", OpenDate: o, MaturityDate: o.AddDays(365), Status: "closed"})
	}
	g.addPassbooks(ci)
	c.AUM = 0
	for _, ai := range m.accounts {
		a := g.b.Accounts[ai]
		if a.Status == "active" && g.products[a.ProductCode].AssetClass == "asset" {
			c.AUM += a.BalanceCNY
		}
	}
}

// maxPassbooks bounds the old passbooks one client is given to reach Options.AccountsPer100.
const maxPassbooks = 20

// addPassbooks gives active client ci old passbooks (demand deposits opened before today) while the active
// accounts (those a full account file carries) of the clients so far are fewer than Options.AccountsPer100
// asks, each taking 1–10 % of the client's first demand deposit: the client's assets do not change.
func (g *generator) addPassbooks(ci int) {
	per := g.opts.AccountsPer100
	if per <= 0 {
		return
	}
	c := &g.b.Clients[ci]
	m := &g.meta[ci]
	want := (ci + 1) * per / 100
	first := &g.b.Accounts[m.accounts[0]]
	for n := 0; g.active < want && n < maxPassbooks; n++ {
		share := first.Balance * int64(between(g.r, 1, 10)) / 100
		first.Balance -= share
		first.BalanceCNY = first.Balance
		g.addAccount(ci, domain.Account{ProductCode: pDemand, Currency: "CNY", Balance: share,
			OpenDate: g.dateBetween(c.OpenDate, g.today), Status: "active"})
	}
}

// extras are the client's liabilities, credit card and agreement (at most three, at most one card and
// one agreement).
func (g *generator) extras(c *domain.Client, m *clientMeta, k int, target int64) []domain.Account {
	var out []domain.Account
	since := func(years int) domain.Date { return maxDate(c.OpenDate, addYears(g.today, -years)) }
	plain := func(code string) domain.Account {
		return domain.Account{ProductCode: code, Currency: "CNY", OpenDate: g.dateBetween(c.OpenDate, g.today), Status: "active"}
	}
	switch {
	case target >= wan(600) && chance(g.r, 600):
		out = append(out, plain(pAgreePB))
	case chance(g.r, hasAgreeWP[k]):
		out = append(out, plain(pAgreeWP))
	case chance(g.r, hasAgreeW[k]):
		out = append(out, plain(pAgreeW))
	}
	cardAge := m.age >= 20 && m.age <= 70
	switch {
	case cardAge && chance(g.r, hasCardPlat[k]):
		out = append(out, plain(pCardPlat))
	case cardAge && chance(g.r, hasCardGold[k]):
		out = append(out, plain(pCardGold))
	case cardAge && m.age <= 65 && chance(g.r, hasCardOrd[k]):
		out = append(out, plain(pCardOrd))
	}
	if m.age >= 25 && m.age <= 60 && chance(g.r, hasMortgage[k]) {
		open := g.dateBetween(since(15), g.today.AddDays(-30))
		lo, hi := wan(10), wan(150)
		if k >= 4 {
			lo, hi = wan(30), wan(500)
		}
		out = append(out, domain.Account{ProductCode: pMortgage, Currency: "CNY", Balance: g.logUniform(lo, hi),
			OpenDate: open, MaturityDate: addYears(open, oneOf(g.r, []int{20, 25, 30})), Status: "active"})
	}
	if len(out) < 3 && c.Occupation == "self_employed" && chance(g.r, hasBusiness[k]) {
		out = append(out, g.loan(c, pBusiness, wan(10), wan(300)))
	}
	if len(out) < 3 && m.age >= 22 && m.age <= 55 && chance(g.r, hasConsumer[k]) {
		out = append(out, g.loan(c, pConsumer, wan(1), wan(30)))
	}
	return out
}

// loan is a loan of one to three years, still running today.
func (g *generator) loan(c *domain.Client, code string, lo, hi int64) domain.Account {
	years := between(g.r, 1, 3)
	from := maxDate(c.OpenDate, addYears(g.today, -years).AddDays(30))
	open := g.dateBetween(from, g.today)
	return domain.Account{ProductCode: code, Currency: "CNY", Balance: g.logUniform(lo, hi), OpenDate: open,
		MaturityDate: addYears(open, years), Status: "active"}
}

// timeProduct picks a time-deposit term; the elderly prefer three and five years.
func (g *generator) timeProduct(age int) string {
	if age >= 60 {
		return pick(g.r, []choice[string]{{"TD03M", 5}, {"TD06M", 5}, {"TD01Y", 25}, {"TD02Y", 10}, {"TD03Y", 35}, {"TD05Y", 20}})
	}
	return pick(g.r, []choice[string]{{"TD03M", 10}, {"TD06M", 10}, {"TD01Y", 35}, {"TD02Y", 10}, {"TD03Y", 25}, {"TD05Y", 10}})
}

// termDates are the open and maturity dates of a holding with a term that is still running: it matures
// after today, within one term; about one in eight matures within 30 days (the maturity alerts' window).
func (g *generator) termDates(clientOpen domain.Date, term int) (open, maturity domain.Date) {
	var ahead int
	if term > 30 && !chance(g.r, 120) {
		ahead = between(g.r, 31, term)
	} else {
		ahead = between(g.r, 1, min(30, term))
	}
	maturity = g.today.AddDays(ahead)
	open = maturity.AddDays(-term)
	if open.Before(clientOpen) {
		open = g.dateBetween(clientOpen, g.today)
		maturity = open.AddDays(term)
	}
	return open, maturity
}

// addAccount numbers an account after its client, converts its balance to CNY and files it.
func (g *generator) addAccount(ci int, a domain.Account) {
	c := &g.b.Clients[ci]
	m := &g.meta[ci]
	a.ClientID = c.ClientID
	a.AccountID = fmt.Sprintf("A%s%02d", c.ClientID[1:], len(m.accounts)+1)
	a.BalanceCNY = a.Balance
	if a.Currency == "USD" {
		a.BalanceCNY = a.Balance * USDRate / 100
	}
	m.accounts = append(m.accounts, len(g.b.Accounts))
	g.b.Accounts = append(g.b.Accounts, a)
	if a.Status == "active" {
		g.active++
	}
}
