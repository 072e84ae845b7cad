package demo

import (
	"testing"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/ingest"
)

// replay reads the batches WriteFeeds wrote, in order, through ingest.ReadBatch, and applies them to its
// own view of the bank, checking the contract on the way: no errors, no warnings but "no mobile", every
// reference resolved, and every balance reconciled with the day's transactions.
type replay struct {
	t       testing.TB
	orgs    map[string]domain.OrgLevel
	prods   map[string]domain.Product
	clients map[string]bool
	accts   map[string]*replayAcct
	txnIDs  map[string]bool
	usd     bool
	first   bool

	batches    int
	initiated  map[string]int // client-initiated transactions by client
	rollovers  int
	payouts    int
	outflows   int // transfers out to another bank
	large      int // transactions of 5万 or more
	large20    int // of 20万 or more
	newClients int
	upgrades   int
	closed     int
	purchases  int
	income     int
	cardSpends int
	kinds      map[string]int
}

type replayAcct struct {
	client, product, currency, status string
	balance                           int64
	open, maturity                    domain.Date
}

func newReplay(t testing.TB) *replay {
	return &replay{t: t, orgs: map[string]domain.OrgLevel{}, prods: map[string]domain.Product{}, clients: map[string]bool{},
		accts: map[string]*replayAcct{}, txnIDs: map[string]bool{}, initiated: map[string]int{}, kinds: map[string]int{}, first: true}
}

// The Known and TxnKnown of ingest, over what the replay has applied.
func (r *replay) ClientExists(id string) bool { return r.clients[id] }
func (r *replay) ProductCategory(code string) (string, bool) {
	p, ok := r.prods[code]
	return p.Category, ok
}
func (r *replay) OrgLevel(id string) (domain.OrgLevel, bool) {
	l, ok := r.orgs[id]
	return l, ok
}
func (r *replay) Account(id string) (string, string, bool) {
	a, ok := r.accts[id]
	if !ok {
		return "", "", false
	}
	return a.client, a.currency, true
}
func (r *replay) HasRate(currency string) bool { return currency == "USD" && r.usd }
func (r *replay) TxnExists(id string) bool     { return r.txnIDs[id] }

// all reads and applies every batch under dir.
func (r *replay) all(dir string) {
	r.t.Helper()
	dirs, err := ingest.FindBatches(dir)
	if err != nil {
		r.t.Fatal(err)
	}
	for _, d := range dirs {
		r.batch(d)
	}
}

// holds says whether a category's balance is money the client holds (deposits and investments).
func holds(category string) bool {
	switch category {
	case "demand", "time", "wealth", "fund", "insurance", "bond", "metal":
		return true
	}
	return false
}

func (r *replay) batch(dir string) {
	t := r.t
	t.Helper()
	b, rep, err := ingest.ReadBatch(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("%s: ingest errors:\n%s", dir, rep.Text())
	}
	for _, w := range rep.Warnings {
		if w.Reason != "the client has no mobile" {
			t.Errorf("%s: unexpected warning %s", dir, w)
		}
	}
	if issues := b.CheckReferences(r); len(issues) > 0 {
		for i, is := range issues {
			if i == 20 {
				break
			}
			t.Errorf("%s: reference: %s", dir, is)
		}
		t.FailNow()
	}
	if r.first != (b.AcctMode == ingest.AcctFull) {
		t.Fatalf("%s: acct_mode %s on batch %d", dir, b.AcctMode, r.batches+1)
	}
	r.batches++
	date := b.BusinessDate

	for _, o := range b.Orgs {
		r.orgs[o.ID] = o.Level
	}
	for _, p := range b.Products {
		if _, ok := r.prods[p.Code]; ok && !r.first {
			t.Errorf("%s: product %s listed again", dir, p.Code)
		}
		r.prods[p.Code] = p.Product
	}
	for _, fx := range b.FX {
		if fx.Currency == "USD" {
			r.usd = true
			if fx.Rate < 7_000_000 || fx.Rate > 7_300_000 {
				t.Errorf("%s: USD rate %d", dir, fx.Rate)
			}
		}
	}
	for _, c := range b.Clients {
		if !r.first && !r.clients[c.ClientID] {
			r.newClients++
			if c.OpenDate != date {
				t.Errorf("%s: new client %s opened %s", dir, c.ClientID, c.OpenDate)
			}
		}
		r.clients[c.ClientID] = true
	}

	// The product of an account, from the batch or from before.
	batchProd := map[string]string{}
	for _, a := range b.Accounts {
		batchProd[a.AccountID] = a.ProductCode
	}
	categoryOf := func(id string) string {
		if p, ok := batchProd[id]; ok {
			return r.prods[p].Category
		}
		if a := r.accts[id]; a != nil {
			return r.prods[a.product].Category
		}
		return ""
	}

	// The day's transactions by account.
	sums := map[string]int64{}
	for _, x := range b.Txns {
		if r.txnIDs[x.TxnID] {
			t.Errorf("%s: txn_id %s used by an earlier batch", dir, x.TxnID)
		}
		r.txnIDs[x.TxnID] = true
		sums[x.AccountID] += x.Amount
		r.kinds[x.Kind]++
		if x.ClientInitiated {
			r.initiated[x.ClientID]++
		}
		if x.Kind == "transfer" && x.Amount < 0 && x.CounterpartyBank != "" && x.CounterpartyBank != OwnBank {
			r.outflows++
		}
		if amt := max(x.Amount, -x.Amount); x.Currency == "CNY" && amt >= wan(5) {
			r.large++
			if amt >= wan(20) {
				r.large20++
			}
		}
		switch x.Kind {
		case "purchase":
			r.purchases++
			if x.Amount >= 0 {
				t.Errorf("%s:%d: purchase of %d: a purchase is money out of the demand account", dir, x.Line, x.Amount)
			}
		case "card_spend":
			r.cardSpends++
			if categoryOf(x.AccountID) != "credit_card" {
				t.Errorf("%s:%d: card_spend on %s", dir, x.Line, x.AccountID)
			}
		}
		if (x.Kind == "interest" || x.Kind == "fee" || x.Channel == "system") && x.ClientInitiated {
			t.Errorf("%s:%d: system posting marked client-initiated", dir, x.Line)
		}
		if x.Channel == "counter" {
			if h := x.TS.In(domain.Shanghai).Hour(); h < 9 || h >= 17 {
				t.Errorf("%s:%d: counter transaction at %s", dir, x.Line, x.TS)
			}
		}
	}
	r.income += len(b.Income)

	seen := map[string]bool{}
	for _, a := range b.Accounts {
		seen[a.AccountID] = true
		cat := r.prods[a.ProductCode].Category
		prev := r.accts[a.AccountID]
		if a.Status == "closed" && a.Balance != 0 {
			t.Errorf("%s:%d: closed account %s holds %d", dir, a.Line, a.AccountID, a.Balance)
		}
		if (cat == "credit_card" || cat == "agreement") && a.Balance != 0 {
			t.Errorf("%s:%d: %s account %s holds %d", dir, a.Line, cat, a.AccountID, a.Balance)
		}
		if r.first {
			if a.Status != "active" {
				t.Errorf("%s:%d: full ACCT lists a closed account", dir, a.Line)
			}
		} else {
			var before int64
			switch {
			case prev == nil:
				if a.OpenDate != date {
					t.Errorf("%s:%d: new account %s opened %s", dir, a.Line, a.AccountID, a.OpenDate)
				}
				if cat == "agreement" || cat == "credit_card" && r.prods[a.ProductCode].CardLevel != "ordinary" {
					r.upgrades++
				}
			default:
				before = prev.balance
				if prev.status == "closed" {
					t.Errorf("%s:%d: account %s was closed", dir, a.Line, a.AccountID)
				}
				if prev.client != a.ClientID || prev.currency != a.Currency || prev.product != a.ProductCode || prev.open != a.OpenDate {
					t.Errorf("%s:%d: account %s changed owner, currency, product or open date", dir, a.Line, a.AccountID)
				}
				if a.Status == "active" && !prev.maturity.IsZero() && a.MaturityDate.After(prev.maturity) {
					r.rollovers++
					if prev.maturity != date {
						t.Errorf("%s:%d: %s rolled over on %s, matures %s", dir, a.Line, a.AccountID, date, prev.maturity)
					}
				}
				if a.Status == "closed" {
					r.closed++
					if prev.maturity == date && cat != "loan" {
						r.payouts++
					}
				}
			}
			switch {
			case holds(cat):
				if want := before + sums[a.AccountID]; a.Balance != want {
					t.Errorf("%s:%d: %s (%s) ends at %d, want %d + %d = %d", dir, a.Line, a.AccountID, cat, a.Balance, before, sums[a.AccountID], want)
				}
			case cat == "loan":
				if want := before - sums[a.AccountID]; a.Balance != want {
					t.Errorf("%s:%d: loan %s ends at %d, want %d - %d = %d", dir, a.Line, a.AccountID, a.Balance, before, sums[a.AccountID], want)
				}
			}
		}
		r.accts[a.AccountID] = &replayAcct{client: a.ClientID, product: a.ProductCode, currency: a.Currency,
			status: a.Status, balance: a.Balance, open: a.OpenDate, maturity: a.MaturityDate}
	}
	if !r.first {
		for id, sum := range sums {
			if seen[id] || sum == 0 {
				continue
			}
			if cat := r.prods[r.accts[id].product].Category; holds(cat) || cat == "loan" {
				t.Errorf("%s: %s (%s) moved by %d but is not in the ACCT delta", dir, id, cat, sum)
			}
		}
	}
	r.first = false
}

func TestReplayTwoMonths(t *testing.T) { replayTwoMonths(t, 11) }

// replayTwoMonths writes two months for 500 clients (UTF-8, '|') and replays them.
func replayTwoMonths(t *testing.T, seed uint64) {
	const clients = 500
	b := Generate(Options{Clients: clients, Seed: seed, Today: DefaultFeedStart})
	dir := t.TempDir()
	opts := FeedOptions{Months: 2, Seed: seed}
	sum, err := WriteFeeds(b, dir, opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Batches != 61 {
		t.Fatalf("%d batches from 2026-05-01 over two months, want 61", sum.Batches)
	}
	r := newReplay(t)
	r.all(dir)
	if r.batches != 61 {
		t.Fatalf("replayed %d batches", r.batches)
	}
	t.Logf("summary %+v", sum)
	t.Logf("rollovers %d payouts %d outflows %d large %d (≥20万 %d) new clients %d upgrades %d closed %d purchases %d income rows %d card spends %d kinds %v",
		r.rollovers, r.payouts, r.outflows, r.large, r.large20, r.newClients, r.upgrades, r.closed, r.purchases, r.income, r.cardSpends, r.kinds)
	for what, n := range map[string]int{"maturity rollover": r.rollovers, "maturity payout": r.payouts,
		"outflow to another bank": r.outflows, "large movement": r.large, "large movement of 20万": r.large20,
		"new client": r.newClients, "upgrade product": r.upgrades, "purchase": r.purchases, "income row": r.income,
		"card spending": r.cardSpends, "closed account": r.closed} {
		if n == 0 {
			t.Errorf("no %s in two months", what)
		}
	}
	for _, k := range []string{"cash", "transfer", "purchase", "redeem", "card_spend", "interest", "loan_repay", "other"} {
		if r.kinds[k] == 0 {
			t.Errorf("no transaction of kind %s in two months", k)
		}
	}
	// About 1.5 transactions per client per day, plus the system's.
	if per := len(r.txnIDs) / 61; per < clients || per > clients*3 {
		t.Errorf("%d transactions a day for %d clients", per, clients)
	}

	// Dormant clients never initiate anything; most others do.
	s := newSim(b, opts.withDefaults(), 61)
	dormant, active, acting := 0, 0, 0
	for i := range b.Clients {
		c := &s.clients[i]
		id := b.Clients[i].ClientID
		switch {
		case c.flags&fDormant != 0:
			dormant++
			if n := r.initiated[id]; n > 0 {
				t.Errorf("dormant client %s initiated %d transactions", id, n)
			}
		case c.actor():
			active++
			if r.initiated[id] > 0 {
				acting++
			}
		}
	}
	if dormant*100 < clients*10 || dormant*100 > clients*20 {
		t.Errorf("%d dormant clients of %d, want about 15 %%", dormant, clients)
	}
	if acting*10 < active*9 {
		t.Errorf("only %d of %d active clients initiated a transaction in two months", acting, active)
	}
}

// TestChurnersLeave checks over six months that churners move most of their money to other banks and
// that some are lost.
func TestChurnersLeave(t *testing.T) {
	b := Generate(Options{Clients: 3000, Seed: 5, Today: DefaultFeedStart})
	opts := FeedOptions{Months: 6, Seed: 5}.withDefaults()
	total := opts.days()
	s := newSim(b, opts, total)
	assets := func(ci int32) int64 {
		var sum int64
		for _, ai := range s.clients[ci].accts {
			a := &s.accts[ai]
			if !a.closed && !a.usd && holds(s.prods[a.prod].Category) {
				sum += a.bal
			}
		}
		return sum
	}
	before := map[int32]int64{}
	for _, ci := range s.leavers {
		before[ci] = assets(ci)
	}
	for i := range total {
		s.beginDay(i)
		s.runDay()
	}
	if len(s.leavers) < 5 {
		t.Fatalf("%d churners of 3000 clients", len(s.leavers))
	}
	halved, lost := 0, 0
	for _, ci := range s.leavers {
		if assets(ci)*2 <= before[ci] {
			halved++
		}
		if s.clients[ci].flags&fLost != 0 {
			lost++
			if s.client(ci).Status != "closed" {
				t.Errorf("lost client %s is %s", s.clientID(ci), s.client(ci).Status)
			}
		}
	}
	t.Logf("%d churners: %d lost half their assets or more, %d lost", len(s.leavers), halved, lost)
	if halved*10 < len(s.leavers)*8 || lost == 0 {
		t.Errorf("%d churners: only %d halved their assets, %d lost", len(s.leavers), halved, lost)
	}
}

func TestDayNumbers(t *testing.T) {
	for _, d := range []domain.Date{domain.NewDate(1970, 1, 1), domain.NewDate(1900, 3, 1), domain.NewDate(2000, 2, 29),
		domain.NewDate(2026, 5, 1), domain.NewDate(2056, 12, 31), domain.NewDate(2099, 2, 28)} {
		n := dayOf(d)
		if want := int32(d.Time().Unix() / 86400); n != want && !d.IsZero() {
			t.Errorf("dayOf(%s) = %d, want %d", d, n, want)
		}
		if got := dateOfDay(n); got != d {
			t.Errorf("dateOfDay(%d) = %s, want %s", n, got, d)
		}
	}
	for n := int32(-25567); n < 47482; n += 7 { // 1900 … 2099
		y, m, d := civilFromDays(n)
		if daysFromCivil(y, m, d) != n {
			t.Fatalf("day %d → %d-%d-%d → %d", n, y, m, d, daysFromCivil(y, m, d))
		}
	}
}
