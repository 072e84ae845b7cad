package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/steward-bank/steward/cnid"
	"github.com/steward-bank/steward/domain"
)

// The simulation behind WriteFeeds: the bank's life one business day at a time, on compact copies of the
// accounts and clients of a Bank (a benchmark bank has millions). Every amount is int64 fen (USD accounts:
// cents) and every draw comes from one PCG stream, in a fixed order, so a seed always gives the same days.
//
// What moves (DOMAIN.md §2–§5):
//   - salaries on the 10th or 15th (workers, civil servants, teachers, medical staff, managers) and
//     pensions on the 5th (retired), credited by the system;
//   - everyday spending and income of active clients: POS and mobile payments, ATM and counter cash,
//     transfers in and out (some to other banks), credit-card spending, now and then USD bought or sold;
//   - interest on demand deposits on the 21st of March, June, September and December;
//   - maturities of time deposits, wealth products, bonds and insurance: rolled over (same account, new
//     maturity) or paid out to the demand account (the holding closes);
//   - loan instalments on the loan's day of the month, credit-card repayments on the 25th and annual fees
//     on the card's anniversary;
//   - purchases of investment products, the richer the more often, with the bank's fee as INCOME;
//   - a few large movements a day (≥ 5万, some ≥ 20万), a few new clients, changed addresses and mobiles,
//     upgrade products (gold and platinum cards, wealth agreements), closed passbooks, a new wealth issue
//     each month;
//   - about 15 % of the clients are dormant (no client-initiated transaction at all) and a small group of
//     churners moves its money to other banks over a couple of months, some until they are lost.
//
// How the postings look in TXN (every ACCT row of a deposit or holding is yesterday's balance plus the
// day's TXN amounts on the account; a loan's is yesterday's minus them):
//   - a purchase is ONE row of kind purchase, negative, on the demand account (client-initiated); the
//     holding's side is a system row of kind other (申购确认), so that summing purchase rows counts the
//     volume once, whatever the sign convention of the reader;
//   - a redemption or a payout at maturity is a row of kind redeem (or transfer, for time deposits) on each
//     side: negative on the holding, positive on the demand account;
//   - a loan instalment is a loan_repay row on each side: negative on the demand account, positive on the
//     loan (whose outstanding balance goes down by it);
//   - card spending and annual fees are negative rows on the card (balance 0, FEEDS.md); the repayment on
//     the 25th is a system transfer out of the demand account (counterparty PSBC) with no card row;
//   - counterparty_bank is PSBC for internal transfers, another bank's code (ICBC, CCB, ABC, BOC, CMB,
//     BOCOM, CIB) for money coming from or going to it, and empty for cash, card and system postings.
//
// The first batch is Generate's end-of-day state; its TXN rows (spending only) are already in those
// balances.

// category is a product category (FEEDS.md PROD.category).
type category uint8

const (
	catDemand category = iota
	catTime
	catWealth
	catFund
	catInsurance
	catBond
	catMetal
	catLoan
	catCard
	catAgreement
)

func categoryOf(s string) category {
	switch s {
	case "time":
		return catTime
	case "wealth":
		return catWealth
	case "fund":
		return catFund
	case "insurance":
		return catInsurance
	case "bond":
		return catBond
	case "metal":
		return catMetal
	case "loan":
		return catLoan
	case "credit_card":
		return catCard
	case "agreement":
		return catAgreement
	}
	return catDemand
}

// Transaction kinds, channels, counterparty banks and memos, as indexes into the code tables.
const (
	kCash uint8 = iota
	kTransfer
	kPurchase
	kRedeem
	kCardSpend
	kFee
	kInterest
	kLoanDraw
	kLoanRepay
	kFX
	kOther
)

var kindCodes = [...]string{"cash", "transfer", "purchase", "redeem", "card_spend", "fee", "interest", "loan_draw", "loan_repay", "fx", "other"}

const (
	chCounter uint8 = iota
	chATM
	chMobile
	chOnline
	chPOS
	chSystem
)

var channelCodes = [...]string{"counter", "atm", "mobile", "online", "pos", "system"}

// OwnBank is the bank code of the demo bank (internal transfers carry it as counterparty_bank).
const OwnBank = "PSBC"

const (
	bankNone uint8 = iota
	bankOwn
	bankOther // first of the other banks
)

var bankCodes = [...]string{"", OwnBank, "ICBC", "CCB", "ABC", "BOC", "CMB", "BOCOM", "CIB"}

// otherBankCodes are the banks money can leave to.
var otherBankCodes = bankCodes[bankOther:]

const (
	mPOS uint8 = iota
	mQuickPay
	mATMCash
	mCounterCash
	mTransferOut
	mCrossBankOut
	mCashIn
	mATMIn
	mFromOwnOther
	mTransferIn
	mSalary
	mPension
	mInterest
	mMaturity
	mRedeemAtMaturity
	mPurchase
	mPurchaseConfirm
	mRedeem
	mLoanRepay
	mLoanPrepay
	mCardSpend
	mCardOnline
	mCardRepay
	mCardFee
	mFXBuy
	mFXSell
	mRemittance
	mLargeCashOut
	mLargeCashIn
	mCloseOut
	mCloseIn
	mEarlyWithdraw
	mOpenDeposit
	mToDemand
)

var memoTexts = [...]string{
	mPOS: "POS消费", mQuickPay: "快捷支付", mATMCash: "ATM取款", mCounterCash: "现金支取", mTransferOut: "转账汇出",
	mCrossBankOut: "跨行转出", mCashIn: "现金存入", mATMIn: "ATM存款", mFromOwnOther: "他行转入", mTransferIn: "转账汇入",
	mSalary: "代发工资", mPension: "养老金", mInterest: "结息", mMaturity: "到期转活期", mRedeemAtMaturity: "到期兑付",
	mPurchase: "申购", mPurchaseConfirm: "申购确认", mRedeem: "赎回", mLoanRepay: "贷款还款", mLoanPrepay: "提前还款",
	mCardSpend: "刷卡消费", mCardOnline: "网上消费", mCardRepay: "信用卡自动还款", mCardFee: "信用卡年费",
	mFXBuy: "购汇", mFXSell: "结汇", mRemittance: "境外汇入", mLargeCashOut: "大额取现", mLargeCashIn: "大额存现",
	mCloseOut: "销户转出", mCloseIn: "销户转入", mEarlyWithdraw: "提前支取", mOpenDeposit: "开户存入", mToDemand: "转入活期",
}

// Events counted in FeedSummary.Events.
const (
	evRollover = iota
	evPayout
	evPurchase
	evNewClient
	evUpgrade
	evLarge
	evOutflow
	evClosed
	evLost
	evContact
	evProduct
	nEvents
)

var eventNames = [nEvents]string{"rollover", "payout", "purchase", "new_client", "upgrade", "large",
	"outflow_other_bank", "closed_account", "lost_client", "client_changed", "new_product"}

// Client flags.
const (
	fDormant  = 1 << iota // no client-initiated transaction at all
	fInactive             // frozen or closed at the start: nothing client-initiated, no income
	fChurner              // moves its money to another bank from churnAt on
	fLost                 // closed by the simulation
	fElderly              // 65 or older: the counter rather than the phone
	fCardAge              // 20 to 70: may get a credit card
)

// simAcct is an account as the simulation keeps it.
type simAcct struct {
	id      string
	client  int32
	prod    uint16
	usd     bool
	closed  bool
	open    int32 // day number (days since 1970-01-01)
	mat     int32 // day number, 0 when none
	bal     int64 // fen (cents for USD); loans: outstanding principal; cards and agreements: 0
	owed    int64 // credit cards: what the client owes (not in the feed)
	touched int32 // stamp of the day the account was last put on the ACCT list
}

func (a *simAcct) currency() string {
	if a.usd {
		return "USD"
	}
	return "CNY"
}

// simClient is a client as the simulation keeps it.
type simClient struct {
	accts   []int32
	demand  int32 // main CNY demand account, -1 when none
	demand2 int32 // a second CNY passbook, -1 when none
	usd     int32 // USD demand account, -1 when none
	card    int32 // active credit card, -1 when none
	anchor  int64 // the demand balance the client tends to keep
	scale   int64 // the size of an everyday transaction
	income  int64 // monthly salary or pension, 0 when none
	churnAt int32 // day index from which a churner moves its money out
	touched int32 // stamp of the day the client was put on the CUST list
	payDay  uint8
	class   uint8 // wealthClass of the AUM at the start
	risk    uint8 // valid risk assessment C1..C5, 0 when none
	flags   uint8
	bank    uint8 // the other bank a churner moves to
}

func (c *simClient) actor() bool { return c.flags&(fDormant|fInactive|fLost) == 0 }

// simTxn is a transaction of the day; its id is its place in the day's list.
type simTxn struct {
	acct    int32
	sec     int32 // seconds since midnight, Asia/Shanghai
	amount  int64
	kind    uint8
	channel uint8
	memo    uint8
	bank    uint8
	init    bool
}

// simIncome is an INCOME row of the day.
type simIncome struct {
	client int32
	prod   int32 // -1 when none
	amount int64
}

// The quota events: a rate per million client-days, accumulated so that small banks still see them.
const (
	qLarge = iota
	qNewClient
	qUpgrade
	qContact
	qClose
	qPurchase
	nQuotas
)

var quotaRates = [nQuotas]int64{
	qLarge:     250, // 1 in 4 000 clients a day
	qNewClient: 300,
	qUpgrade:   125,
	qContact:   500,
	qClose:     150,
}

// purchaseRate is the monthly chance (‰) that an active client of each wealth class buys an investment
// product.
var purchaseRate = [6]int64{5, 40, 100, 180, 250, 350}

// dormantRate is the share (‰) of dormant clients by wealth class: about 15 % of the book.
var dormantRate = [6]int{165, 100, 50, 50, 50, 50}

type sim struct {
	b     *Bank
	opts  FeedOptions
	r     *rand.Rand
	total int // days

	start int32   // day number of opts.Start
	day   int32   // day number of the current business date
	ymd   [8]byte // the business date, YYYYMMDD
	dayIx int32   // 0 for the first batch
	stamp int32   // dayIx+1
	dry   bool    // first day: transactions are listed but already in the balances

	prods    []domain.Product
	prodCat  []category
	prodRate []int64 // interest or expected yield, basis points a year
	prodFee  []int64 // sales fee, basis points
	suit     [catAgreement + 1][6][]uint16

	accts   []simAcct
	clients []simClient
	extra   []domain.Client          // clients opened by the simulation, index len(b.Clients)+i
	patch   map[int32]*domain.Client // changed clients of b
	nextNo  int                      // number of the next new client
	g       *generator               // identities, mobiles and addresses of new clients
	names   map[int32]bool           // clients renamed to carry 珅
	byClass [6][]int32               // actors by wealth class
	actors  []int32                  // clients that act (checked again when drawn)
	mature  map[int32][]int32        // day number → accounts maturing that day
	loans   [29][]int32              // loan accounts by instalment day of the month
	cards   []int32                  // credit cards
	cardDay map[int32][]int32        // month*100+day → cards with that anniversary
	pay     [32][]int32              // clients paid on each day of the month
	leavers []int32                  // churners
	quota   [nQuotas]int64           // carries, in millionths of an event
	events  [nEvents]int
	rate    int64 // USD rate, CNY millionths

	activeAccts   int
	activeClients int
	dayBase       int // active accounts at the start of the day

	// The day's output.
	txns     []simTxn
	income   []simIncome
	dayAccts []int32
	dayCust  []int32
	dayProds []uint16
}

// Interest and fee tables (basis points a year; fees: basis points of the amount).
var (
	rateByCode = map[string]int64{
		"DD01": 15, "DD02": 5, "TD03M": 105, "TD06M": 125, "TD01Y": 135, "TD02Y": 145, "TD03Y": 175, "TD05Y": 180,
		pCD1Y: 155, pCD3Y: 190, "BD01": 238, "BD02": 250,
	}
	rateByRisk   = [6]int64{0, 230, 280, 350, 420, 480}
	feeByCat     = [catAgreement + 1]int64{catWealth: 50, catFund: 120, catInsurance: 150, catBond: 30, catMetal: 100}
	cardFeeLevel = map[string]int64{"ordinary": yuan(50), "gold": yuan(300), "platinum": yuan(2000)}
)

func newSim(b *Bank, opts FeedOptions, total int) *sim {
	seed := opts.Seed
	s := &sim{
		b: b, opts: opts, total: total,
		r:       rand.New(rand.NewPCG(seed^0x5deece66d, seed+0x2545f4914f6cdd1d)),
		start:   dayOf(opts.Start),
		patch:   map[int32]*domain.Client{},
		names:   map[int32]bool{},
		mature:  map[int32][]int32{},
		cardDay: map[int32][]int32{},
		rate:    USDRate * 10_000,
	}
	for _, p := range b.Products {
		s.addProduct(p)
	}
	s.refreshSuitable()

	// Accounts, grouped by client as Generate files them (a map when they are not).
	s.accts = make([]simAcct, len(b.Accounts), len(b.Accounts)+len(b.Accounts)/8)
	s.clients = make([]simClient, len(b.Clients), len(b.Clients)+len(b.Clients)/16)
	var byID map[string]int32
	ci := 0
	prodIdx := map[string]uint16{}
	for i, p := range s.prods {
		prodIdx[p.Code] = uint16(i)
	}
	for i := range b.Accounts {
		a := &b.Accounts[i]
		for ci < len(b.Clients) && b.Clients[ci].ClientID != a.ClientID {
			ci++
		}
		owner := int32(ci)
		if ci == len(b.Clients) {
			if byID == nil {
				byID = make(map[string]int32, len(b.Clients))
				for j := range b.Clients {
					byID[b.Clients[j].ClientID] = int32(j)
				}
			}
			owner = byID[a.ClientID]
			ci = int(owner)
		}
		s.accts[i] = simAcct{id: a.AccountID, client: owner, prod: prodIdx[a.ProductCode], usd: a.Currency == "USD",
			closed: a.Status == "closed", open: dayOf(a.OpenDate), mat: dayOf(a.MaturityDate), bal: a.Balance}
		s.clients[owner].accts = append(s.clients[owner].accts, int32(i))
	}

	last := s.start + int32(total)
	maxNo := len(b.Clients)
	for i := range b.Clients {
		s.initClient(int32(i))
		if n, err := strconv.Atoi(strings.TrimPrefix(b.Clients[i].ClientID, "C")); err == nil && n > maxNo {
			maxNo = n
		}
	}
	s.nextNo = maxNo + 1
	for i := range s.accts {
		a := &s.accts[i]
		if a.closed {
			continue
		}
		s.activeAccts++
		s.index(int32(i), last)
	}
	s.pickChurners()
	s.injectShen()
	return s
}

// addProduct files a product of the catalogue.
func (s *sim) addProduct(p domain.Product) uint16 {
	cat := categoryOf(p.Category)
	rate, ok := rateByCode[p.Code]
	if !ok {
		switch cat {
		case catDemand:
			rate = 15
		case catTime:
			rate = 150
		case catWealth, catInsurance, catBond:
			rate = rateByRisk[riskOf(p)]
		}
	}
	s.prods = append(s.prods, p)
	s.prodCat = append(s.prodCat, cat)
	s.prodRate = append(s.prodRate, rate)
	s.prodFee = append(s.prodFee, feeByCat[cat])
	return uint16(len(s.prods) - 1)
}

// refreshSuitable lists the products of each investment category a client of each risk level may buy
// (DOMAIN.md §7; R1 needs no valid assessment).
func (s *sim) refreshSuitable() {
	for c := range s.suit {
		for r := range s.suit[c] {
			s.suit[c][r] = s.suit[c][r][:0]
		}
	}
	for i, p := range s.prods {
		cat := s.prodCat[i]
		if cat < catWealth || cat > catMetal {
			continue
		}
		lvl := max(riskOf(p), 1)
		for r := lvl; r <= 5; r++ {
			s.suit[cat][r] = append(s.suit[cat][r], uint16(i))
		}
		if lvl == 1 {
			s.suit[cat][0] = append(s.suit[cat][0], uint16(i))
		}
	}
}

// initClient sets what the simulation knows about client ci of the bank.
func (s *sim) initClient(ci int32) {
	bc := &s.b.Clients[ci]
	c := &s.clients[ci]
	c.demand, c.demand2, c.usd, c.card = -1, -1, -1, -1
	c.class = uint8(wealthClass(bc.AUM))
	age := bc.BirthDate.AgeOn(s.b.Today)
	if age >= 65 {
		c.flags |= fElderly
	}
	if age >= 20 && age <= 70 {
		c.flags |= fCardAge
	}
	if len(bc.RiskLevel) == 2 && bc.RiskExpiresOn.After(s.b.Today) {
		c.risk = bc.RiskLevel[1] - '0'
	}
	for _, a := range c.accts {
		s.file(ci, a)
	}
	if bc.Status != "normal" {
		c.flags |= fInactive
	} else {
		s.activeClients++
		if chance(s.r, dormantRate[c.class]) {
			c.flags |= fDormant
		}
	}
	var base int64
	if c.demand >= 0 {
		base = s.accts[c.demand].bal
	}
	if c.flags&(fDormant|fInactive) == 0 {
		switch bc.Occupation {
		case "worker":
			c.income = yuan(int64(between(s.r, 3500, 7000)))
		case "civil_servant":
			c.income = yuan(int64(between(s.r, 6000, 12000)))
		case "teacher":
			c.income = yuan(int64(between(s.r, 5500, 10000)))
		case "medical":
			c.income = yuan(int64(between(s.r, 7000, 15000)))
		case "manager":
			c.income = yuan(int64(between(s.r, 12000, 35000)))
		case "retired":
			c.income = yuan(int64(between(s.r, 2500, 6500)))
		}
		if c.income > 0 && c.demand >= 0 {
			c.payDay = uint8(oneOf(s.r, []int{10, 15}))
			if bc.Occupation == "retired" {
				c.payDay = 5
			}
			s.pay[c.payDay] = append(s.pay[c.payDay], ci)
		}
	}
	c.anchor = max(base, c.income/2, yuan(300))
	c.scale = min(max(c.anchor/6, yuan(30)), wan(2))
	if c.actor() && c.demand >= 0 {
		s.actors = append(s.actors, ci)
		s.byClass[c.class] = append(s.byClass[c.class], ci)
	}
}

// file notes an account of client ci among the client's main accounts.
func (s *sim) file(ci, ai int32) {
	c := &s.clients[ci]
	a := &s.accts[ai]
	if a.closed {
		return
	}
	switch s.prodCat[a.prod] {
	case catDemand:
		switch {
		case a.usd:
			if c.usd < 0 {
				c.usd = ai
			}
		case c.demand < 0:
			c.demand = ai
		case c.demand2 < 0:
			c.demand2 = ai
		}
	case catCard:
		c.card = ai
	}
}

// index files an active account in the day-driven lists: maturities, instalments, card anniversaries.
func (s *sim) index(ai, last int32) {
	a := &s.accts[ai]
	switch s.prodCat[a.prod] {
	case catTime, catWealth, catBond, catInsurance:
		if a.mat > s.start && a.mat < last {
			s.mature[a.mat] = append(s.mature[a.mat], ai)
		}
	case catLoan:
		_, _, d := civilFromDays(a.open)
		s.loans[min(d, 28)] = append(s.loans[min(d, 28)], ai)
	case catCard:
		s.cards = append(s.cards, ai)
		_, m, d := civilFromDays(a.open)
		if m == 2 && d == 29 {
			d = 28
		}
		s.cardDay[int32(m*100+d)] = append(s.cardDay[int32(m*100+d)], ai)
	}
}

// pickChurners chooses about 3 % of the active clients with 1万 or more, at least one, and when each
// starts to leave (within the first two thirds of the run).
func (s *sim) pickChurners() {
	first := int32(-1)
	for ci := range s.clients {
		c := &s.clients[ci]
		if !c.actor() || c.class == 0 || c.demand < 0 {
			continue
		}
		if first < 0 {
			first = int32(ci)
		}
		if chance(s.r, 30) {
			s.churn(int32(ci))
		}
	}
	if len(s.leavers) == 0 && first >= 0 {
		s.churn(first)
	}
}

func (s *sim) churn(ci int32) {
	c := &s.clients[ci]
	c.flags |= fChurner
	c.churnAt = int32(between(s.r, 1, max(1, s.total*2/3)))
	c.bank = bankOther + uint8(s.r.IntN(len(otherBankCodes)))
	s.leavers = append(s.leavers, ci)
}

// injectShen renames two clients so that their names carry 珅, whose GB18030 encoding is AB 7C: a '|'
// byte inside a character, for the decode-then-split rule of FEEDS.md. The bank itself is not changed.
func (s *sim) injectShen() {
	for _, sn := range []string{"王", "李"} {
		for i := range s.b.Clients {
			bc := &s.b.Clients[i]
			if bc.Status != "normal" || !strings.HasPrefix(bc.Name, sn) || s.names[int32(i)] {
				continue
			}
			c := *bc
			c.Name = surnameOf(c.Name) + "珅"
			s.patch[int32(i)] = &c
			s.names[int32(i)] = true
			break
		}
	}
}

// client is client ci as the feeds carry it.
func (s *sim) client(ci int32) *domain.Client {
	if int(ci) >= len(s.b.Clients) {
		return &s.extra[int(ci)-len(s.b.Clients)]
	}
	if p, ok := s.patch[ci]; ok {
		return p
	}
	return &s.b.Clients[ci]
}

func (s *sim) clientID(ci int32) string {
	if int(ci) >= len(s.b.Clients) {
		return s.extra[int(ci)-len(s.b.Clients)].ClientID
	}
	return s.b.Clients[ci].ClientID
}

// changeClient returns a copy of client ci to change, filed for the day's CUST list.
func (s *sim) changeClient(ci int32) *domain.Client {
	var c *domain.Client
	switch {
	case int(ci) >= len(s.b.Clients):
		c = &s.extra[int(ci)-len(s.b.Clients)]
	case s.patch[ci] != nil:
		c = s.patch[ci]
	default:
		cp := s.b.Clients[ci]
		c = &cp
		s.patch[ci] = c
	}
	s.touchClient(ci)
	return c
}

func (s *sim) touchClient(ci int32) {
	if c := &s.clients[ci]; c.touched != s.stamp {
		c.touched = s.stamp
		s.dayCust = append(s.dayCust, ci)
	}
}

func (s *sim) touch(ai int32) {
	if a := &s.accts[ai]; a.touched != s.stamp {
		a.touched = s.stamp
		s.dayAccts = append(s.dayAccts, ai)
	}
}

// post records a transaction on account ai and applies it: deposits and holdings move by the amount,
// loans go down by a repayment, cards keep their balance of 0.
func (s *sim) post(ai int32, amount int64, kind, channel, memo, bank uint8, init bool, sec int32) {
	s.txns = append(s.txns, simTxn{acct: ai, sec: sec, amount: amount, kind: kind, channel: channel, memo: memo, bank: bank, init: init})
	if bank >= bankOther && amount < 0 && kind == kTransfer {
		s.events[evOutflow]++
	}
	if s.dry {
		return
	}
	a := &s.accts[ai]
	switch s.prodCat[a.prod] {
	case catCard, catAgreement:
		return
	case catLoan:
		a.bal -= amount
	default:
		a.bal += amount
	}
	if a.bal < 0 {
		panic(fmt.Sprintf("demo: account %s would go negative (%d)", a.id, a.bal))
	}
	s.touch(ai)
}

// closeAcct closes an account whose balance is 0.
func (s *sim) closeAcct(ai int32) {
	a := &s.accts[ai]
	if a.closed {
		return
	}
	if a.bal != 0 {
		panic("demo: closing account " + a.id + " with a balance")
	}
	a.closed = true
	s.activeAccts--
	s.events[evClosed]++
	s.touch(ai)
	c := &s.clients[a.client]
	switch ai {
	case c.demand:
		c.demand = c.demand2
		c.demand2 = -1
	case c.demand2:
		c.demand2 = -1
	case c.usd:
		c.usd = -1
	case c.card:
		c.card = -1
	}
}

// openAcct opens an account for client ci today.
func (s *sim) openAcct(ci int32, prod uint16, mat int32) int32 {
	c := &s.clients[ci]
	id := "A" + s.clientID(ci)[1:] + twoDigits(len(c.accts)+1)
	ai := int32(len(s.accts))
	s.accts = append(s.accts, simAcct{id: id, client: ci, prod: prod, open: s.day, mat: mat})
	c.accts = append(c.accts, ai)
	s.activeAccts++
	s.touch(ai)
	s.file(ci, ai)
	s.index(ai, s.start+int32(s.total))
	return ai
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// Times of day.

// counterSec is a time in bank hours, 09:00–17:00.
func (s *sim) counterSec() int32 { return int32(9*3600 + s.r.IntN(8*3600)) }

// selfSec is a time for ATM, POS, phone and online: mostly 07:00–23:00, a few at night.
func (s *sim) selfSec() int32 {
	if s.r.IntN(20) == 0 {
		return int32(s.r.IntN(86400))
	}
	return int32(7*3600 + s.r.IntN(16*3600))
}

// systemSec is a time of the night batch, 01:00–05:00.
func (s *sim) systemSec() int32 { return int32(3600 + s.r.IntN(4*3600)) }

func (s *sim) secFor(ch uint8) int32 {
	switch ch {
	case chCounter:
		return s.counterSec()
	case chSystem:
		return s.systemSec()
	}
	return s.selfSec()
}

// drawAmount is an amount in [lo, hi) fen, close to log-uniform: a doubling band is drawn uniformly, then
// an amount inside it.
func drawAmount(r *rand.Rand, lo, hi int64) int64 {
	lo = max(lo, 1)
	if hi <= lo {
		return lo
	}
	bands := 0
	for v := lo; v < hi; v *= 2 {
		bands++
	}
	a := lo << r.IntN(bands)
	b := min(a*2, hi)
	return a + r.Int64N(b-a)
}

func roundDown(x, unit int64) int64 { return x - x%unit }

// beginDay starts business day ix (0 for the first batch).
func (s *sim) beginDay(ix int) {
	s.dayIx = int32(ix)
	s.stamp = s.dayIx + 1
	s.day = s.start + s.dayIx
	appendDay(s.ymd[:0], s.day)
	s.txns = s.txns[:0]
	s.income = s.income[:0]
	s.dayAccts = s.dayAccts[:0]
	s.dayCust = s.dayCust[:0]
	s.dayProds = s.dayProds[:0]
	s.dayBase = s.activeAccts
}

// naturalTxns is the default number of transactions of a day beyond the system postings: about 1.5 per
// active client.
func (s *sim) naturalTxns() int { return s.activeClients * 3 / 2 }

// runDay simulates the current business day.
func (s *sim) runDay() {
	if s.dayIx == 0 {
		s.firstDay()
		return
	}
	_, m, d := civilFromDays(s.day)
	s.moveFX()
	if d == 1 {
		s.issueProduct()
	}
	for _, ai := range s.mature[s.day] {
		s.maturity(ai)
	}
	delete(s.mature, s.day)
	s.instalments(d)
	s.payroll(d)
	if d == 21 && m%3 == 0 {
		s.quarterInterest()
	}
	if d == 25 {
		s.cardRepayments()
	}
	s.cardFees(m, d)
	s.churners()
	base := len(s.txns)

	for range s.due(qPurchase, s.purchaseRate()) {
		s.purchase()
	}
	for range s.due(qLarge, quotaRates[qLarge]) {
		s.largeMove()
	}
	for range s.due(qNewClient, quotaRates[qNewClient]) {
		s.newClient()
	}
	for range s.due(qUpgrade, quotaRates[qUpgrade]) {
		s.upgrade()
	}
	for range s.due(qContact, quotaRates[qContact]) {
		s.changeContact()
	}
	for range s.due(qClose, quotaRates[qClose]) {
		s.closePassbook()
	}

	restricted := false
	if pct := s.opts.DailyChangedPct; pct > 0 {
		s.changeAccounts(s.dayBase * pct / 100)
		restricted = true
	}
	target := base + s.naturalTxns()
	if s.opts.DailyTxns > 0 {
		target = s.opts.DailyTxns
	}
	s.activity(target, restricted)
	slices.Sort(s.dayAccts)
	slices.Sort(s.dayCust)
}

// firstDay lists the first batch: the whole bank as Generate left it, and the day's everyday spending,
// which the end-of-day balances already include (outflows only, so that no balance was ever negative).
func (s *sim) firstDay() {
	for i := range s.prods {
		s.dayProds = append(s.dayProds, uint16(i))
	}
	for i := range s.clients {
		s.dayCust = append(s.dayCust, int32(i))
	}
	for i := range s.accts {
		if !s.accts[i].closed {
			s.dayAccts = append(s.dayAccts, int32(i))
		}
	}
	target := s.naturalTxns()
	if s.opts.DailyTxns > 0 {
		target = s.opts.DailyTxns
	}
	s.dry = true
	for tries := 0; len(s.txns) < target && len(s.actors) > 0 && tries < 4*target; tries++ {
		ci := s.actors[s.r.IntN(len(s.actors))]
		c := &s.clients[ci]
		if c.card >= 0 && s.r.IntN(4) == 0 {
			s.cardSpend(ci)
			continue
		}
		s.spend(ci, c.demand, min(drawAmount(s.r, max(yuan(1), c.scale/20), c.scale*2), s.accts[c.demand].bal+c.scale))
	}
	s.dry = false
}

// due is the number of quota events of the day: rate per million active-client days, carried over.
func (s *sim) due(q int, rate int64) int {
	s.quota[q] += int64(s.activeClients) * rate
	n := s.quota[q] / 1_000_000
	s.quota[q] -= n * 1_000_000
	return int(n)
}

// purchaseRate is the purchase rate per million client-days over the book.
func (s *sim) purchaseRate() int64 {
	if s.activeClients == 0 {
		return 0
	}
	var sum int64
	for k, list := range s.byClass {
		sum += int64(len(list)) * purchaseRate[k] * 1000 / 30
	}
	return sum / int64(s.activeClients)
}

// moveFX moves the USD rate by at most 0.002 a day, pulled back towards 7.12 and kept within 7.00–7.30.
func (s *sim) moveFX() {
	const mid = USDRate * 10_000
	step := int64(s.r.IntN(4001) - 2000)
	step -= (s.rate - mid) / 50
	s.rate = min(max(s.rate+step, 7_000_000), 7_300_000)
}

// issueProduct issues the month's wealth product: 6-month R2, code WMyymm.
func (s *sim) issueProduct() {
	y, m, _ := civilFromDays(s.day)
	code := fmt.Sprintf("WM%02d%02d", y%100, m)
	for _, p := range s.prods {
		if p.Code == code {
			return
		}
	}
	p := domain.Product{Code: code, Name: fmt.Sprintf("安享添利%d年第%d期182天理财", y, m), Category: "wealth",
		RiskLevel: "R2", AssetClass: "asset", PointsClass: "long", TermDays: 182}
	s.dayProds = append(s.dayProds, s.addProduct(p))
	s.refreshSuitable()
	s.events[evProduct]++
}

// maturity handles a holding that matures today: interest for the term, then a rollover (same account,
// new maturity) or a payout to the demand account (the holding closes).
func (s *sim) maturity(ai int32) {
	a := &s.accts[ai]
	if a.closed || a.mat != s.day {
		return
	}
	cat := s.prodCat[a.prod]
	c := &s.clients[a.client]
	term := int64(s.prods[a.prod].TermDays)
	if term <= 0 || term > int64(a.mat-a.open) {
		term = int64(a.mat - a.open)
	}
	sec := s.systemSec()
	if i := a.bal * s.prodRate[a.prod] * term / (10_000 * 365); i > 0 {
		s.post(ai, i, kInterest, chSystem, mInterest, bankNone, false, sec)
	}
	leaving := c.flags&(fLost|fInactive) != 0 || c.flags&fChurner != 0 && s.dayIx >= c.churnAt
	roll := false
	switch cat {
	case catTime:
		roll = chance(s.r, 650)
	case catWealth:
		roll = chance(s.r, 400)
	}
	if c.demand < 0 || roll && !leaving {
		a.mat += int32(max(term, 1))
		s.touch(ai)
		if a.mat < s.start+int32(s.total) {
			s.mature[a.mat] = append(s.mature[a.mat], ai)
		}
		s.events[evRollover]++
		return
	}
	kind, memo, bank := kRedeem, mRedeemAtMaturity, bankNone
	if cat == catTime {
		kind, memo, bank = kTransfer, mMaturity, bankOwn
	}
	amt := a.bal
	s.post(ai, -amt, kind, chSystem, memo, bank, false, sec+1)
	s.post(c.demand, amt, kind, chSystem, memo, bank, false, sec+1)
	s.closeAcct(ai)
	s.events[evPayout]++
	if c.actor() && !leaving && chance(s.r, 450) {
		s.purchaseFor(a.client) // the RM's maturity follow-up: money put back to work
	}
}

// instalments takes the month's loan instalments due on day d (loans opened on the 29th–31st pay on the
// 28th), from the demand account; an active client tops the account up first when it is short, others
// fall into arrears.
func (s *sim) instalments(d int) {
	if d > 28 {
		return
	}
	for _, ai := range s.loans[d] {
		a := &s.accts[ai]
		if a.closed || a.bal == 0 {
			continue
		}
		c := &s.clients[a.client]
		if c.demand < 0 || c.flags&fLost != 0 {
			continue
		}
		months := int64(1)
		if a.mat > s.day {
			y1, m1, _ := civilFromDays(s.day)
			y2, m2, _ := civilFromDays(a.mat)
			months = max(int64((y2-y1)*12+m2-m1), 1)
		}
		inst := (a.bal + months - 1) / months
		sec := s.systemSec()
		if short := inst - s.accts[c.demand].bal; short > 0 {
			if !c.actor() {
				continue
			}
			s.post(c.demand, short-short%yuan(100)+yuan(100), kTransfer, chMobile, mFromOwnOther, s.otherBank(), true, s.selfSec())
		}
		s.post(c.demand, -inst, kLoanRepay, chSystem, mLoanRepay, bankNone, false, sec)
		s.post(ai, inst, kLoanRepay, chSystem, mLoanRepay, bankNone, false, sec)
		if a.bal == 0 {
			s.closeAcct(ai)
		}
	}
}

// payroll credits the salaries and pensions of day d.
func (s *sim) payroll(d int) {
	for _, ci := range s.pay[d] {
		c := &s.clients[ci]
		if c.demand < 0 || c.flags&fLost != 0 {
			continue
		}
		amt := c.income + s.r.Int64N(c.income/20+1) - c.income/40
		memo := mSalary
		if c.payDay == 5 {
			memo = mPension
		}
		s.post(c.demand, amt, kTransfer, chSystem, memo, bankOwn, false, int32(8*3600+s.r.IntN(3*3600)))
	}
}

// quarterInterest posts the quarter's interest on every demand deposit (0.15 % a year, USD 0.05 %).
func (s *sim) quarterInterest() {
	for i := range s.accts {
		a := &s.accts[i]
		if a.closed || a.bal <= 0 || s.prodCat[a.prod] != catDemand {
			continue
		}
		if in := a.bal * s.prodRate[a.prod] * 91 / (10_000 * 365); in > 0 {
			s.post(int32(i), in, kInterest, chSystem, mInterest, bankNone, false, int32(1800+s.r.IntN(1800)))
		}
	}
}

// cardRepayments settles what the cards owe from the demand accounts, as far as the money goes.
func (s *sim) cardRepayments() {
	for _, ai := range s.cards {
		a := &s.accts[ai]
		if a.closed || a.owed == 0 {
			continue
		}
		c := &s.clients[a.client]
		if c.demand < 0 {
			continue
		}
		if pay := min(a.owed, s.accts[c.demand].bal); pay > 0 {
			s.post(c.demand, -pay, kTransfer, chSystem, mCardRepay, bankOwn, false, s.systemSec())
			a.owed -= pay
		}
	}
}

// cardFees charges the annual fee of the cards opened on this day of the year (half are waived).
func (s *sim) cardFees(m, d int) {
	for _, ai := range s.cardDay[int32(m*100+d)] {
		a := &s.accts[ai]
		if a.closed || a.open == s.day || !chance(s.r, 500) {
			continue
		}
		fee := cardFeeLevel[s.prods[a.prod].CardLevel]
		if fee == 0 {
			continue
		}
		s.post(ai, -fee, kFee, chSystem, mCardFee, bankNone, false, s.systemSec())
		a.owed += fee
		s.income = append(s.income, simIncome{client: a.client, prod: int32(a.prod), amount: fee})
	}
}

// churners move their money out: every week from churnAt a large part of the demand deposit goes to
// their other bank; after two weeks funds and metals are sold; after eight weeks a client with no loan
// left closes everything and is lost.
func (s *sim) churners() {
	for _, ci := range s.leavers {
		c := &s.clients[ci]
		if c.flags&fLost != 0 || s.dayIx < c.churnAt || c.demand < 0 {
			continue
		}
		k := s.dayIx - c.churnAt
		if k == 14 {
			for _, ai := range c.accts {
				if a := &s.accts[ai]; !a.closed && a.bal > 0 && (s.prodCat[a.prod] == catFund || s.prodCat[a.prod] == catMetal) {
					s.redeem(ci, ai, a.bal, chMobile, s.selfSec())
				}
			}
		}
		switch {
		case k == 56:
			s.lose(ci)
		case k%7 == 0:
			d := s.accts[c.demand].bal
			if d >= yuan(100) {
				amt := d * int64(between(s.r, 40, 80)) / 100
				s.post(c.demand, -amt, kTransfer, oneOf(s.r, []uint8{chMobile, chMobile, chCounter}), mCrossBankOut, c.bank, true, s.counterSec())
			}
		}
	}
}

// lose closes every account of a churner without loans: holdings are paid into the demand account, the
// demand accounts are emptied to the other bank, and the client is closed.
func (s *sim) lose(ci int32) {
	c := &s.clients[ci]
	for _, ai := range c.accts {
		if a := &s.accts[ai]; !a.closed && s.prodCat[a.prod] == catLoan {
			return
		}
	}
	sec := int32(9*3600 + s.r.IntN(7*3600)) // at the counter, with time to spare before 17:00
	for _, ai := range c.accts {
		a := &s.accts[ai]
		if a.closed {
			continue
		}
		switch s.prodCat[a.prod] {
		case catTime:
			if a.bal > 0 {
				amt := a.bal
				s.post(ai, -amt, kTransfer, chCounter, mEarlyWithdraw, bankOwn, true, sec)
				s.post(c.demand, amt, kTransfer, chCounter, mToDemand, bankOwn, true, sec)
			}
			s.closeAcct(ai)
		case catWealth, catFund, catInsurance, catBond, catMetal:
			if a.bal > 0 {
				s.redeem(ci, ai, a.bal, chCounter, sec)
			}
			if !a.closed {
				s.closeAcct(ai)
			}
		}
	}
	for _, ai := range c.accts {
		a := &s.accts[ai]
		if a.closed {
			continue
		}
		cat := s.prodCat[a.prod]
		if cat == catDemand && a.bal > 0 {
			s.post(ai, -a.bal, kTransfer, chCounter, mCloseOut, c.bank, true, sec+int32(s.r.IntN(600)))
		}
		if cat == catDemand || cat == catCard || cat == catAgreement {
			if cat == catCard {
				a.owed = 0
			}
			s.closeAcct(ai)
		}
	}
	c.flags |= fLost
	s.changeClient(ci).Status = "closed"
	s.activeClients--
	s.events[evLost]++
}

// redeem sells amt of holding ai into the client's demand account; a holding sold whole closes.
func (s *sim) redeem(ci, ai int32, amt int64, ch uint8, sec int32) {
	c := &s.clients[ci]
	s.post(ai, -amt, kRedeem, ch, mRedeem, bankNone, true, sec)
	s.post(c.demand, amt, kRedeem, chSystem, mRedeem, bankNone, false, sec)
	if s.accts[ai].bal == 0 {
		s.closeAcct(ai)
	}
}

// otherBank is a random other bank.
func (s *sim) otherBank() uint8 { return bankOther + uint8(s.r.IntN(len(otherBankCodes))) }

// pickActor draws an active client, or -1.
func (s *sim) pickActor() int32 {
	for range 20 {
		if len(s.actors) == 0 {
			return -1
		}
		ci := s.actors[s.r.IntN(len(s.actors))]
		if c := &s.clients[ci]; c.actor() && c.demand >= 0 {
			return ci
		}
	}
	return -1
}

// pickClass draws an active client of wealth class lo or more, the classes weighted by their size, or -1.
func (s *sim) pickClass(lo int) int32 {
	n := 0
	for k := lo; k < 6; k++ {
		n += len(s.byClass[k])
	}
	for range 20 {
		if n == 0 {
			return -1
		}
		i := s.r.IntN(n)
		k := lo
		for i >= len(s.byClass[k]) {
			i -= len(s.byClass[k])
			k++
		}
		ci := s.byClass[k][i]
		if c := &s.clients[ci]; c.actor() && c.demand >= 0 {
			return ci
		}
	}
	return -1
}

// Everyday movement.

// activity adds everyday transactions of active clients until the day has target transactions. When
// restricted, only accounts already changed today move (and credit cards, which keep a balance of 0).
func (s *sim) activity(target int, restricted bool) {
	for tries := 0; len(s.txns) < target && tries < 8*target+1000; tries++ {
		if restricted {
			s.restrictedOp()
			continue
		}
		ci := s.pickActor()
		if ci < 0 {
			return
		}
		c := &s.clients[ci]
		switch n := s.r.IntN(1000); {
		case c.card >= 0 && n < 180:
			s.cardSpend(ci)
		case c.usd >= 0 && n >= 970 && target-len(s.txns) > 1: // two transactions
			s.usdOp(ci)
		case c.demand2 >= 0 && n < 260:
			s.demandOp(ci, c.demand2)
		default:
			s.demandOp(ci, c.demand)
		}
	}
}

// restrictedOp is one transaction that changes no account not yet changed today.
func (s *sim) restrictedOp() {
	if len(s.dayAccts) > 0 && s.r.IntN(5) > 0 {
		ai := s.dayAccts[s.r.IntN(len(s.dayAccts))]
		a := &s.accts[ai]
		c := &s.clients[a.client]
		if !a.closed && !a.usd && s.prodCat[a.prod] == catDemand && c.actor() {
			s.demandOp(a.client, ai)
			return
		}
	}
	if ci := s.pickActor(); ci >= 0 && s.clients[ci].card >= 0 {
		s.cardSpend(ci)
	}
}

// demandOp moves money in or out of a demand account, more often out when the balance is above what the
// client tends to keep, more often in below it.
func (s *sim) demandOp(ci, ai int32) {
	c := &s.clients[ci]
	a := &s.accts[ai]
	anchor, scale := c.anchor, c.scale
	if a.usd {
		anchor, scale = max(anchor/7, yuan(50)), max(scale/7, yuan(10))
	}
	pOut := 300 + 400*min(a.bal, 2*anchor)/(2*anchor)
	if c.flags&fChurner != 0 && s.dayIx >= c.churnAt {
		pOut = 850
	}
	amt := drawAmount(s.r, max(yuan(1), scale/20), scale*2)
	if s.r.Int64N(1000) < pOut && a.bal >= yuan(1) {
		s.spend(ci, ai, min(amt, a.bal))
		return
	}
	s.receive(ci, ai, amt)
}

// spend takes amt out of demand account ai: a card payment, cash or a transfer.
func (s *sim) spend(ci, ai int32, amt int64) {
	c := &s.clients[ci]
	a := &s.accts[ai]
	n := s.r.IntN(100)
	if c.flags&fElderly != 0 && n < 50 {
		n = 70 // the elderly go to the counter
	}
	if a.usd && n < 75 {
		n = 90 // USD: transfers only
	}
	switch {
	case n < 30:
		s.post(ai, -amt, kOther, chPOS, mPOS, bankNone, true, s.selfSec())
	case n < 55:
		s.post(ai, -amt, kOther, chMobile, mQuickPay, bankNone, true, s.selfSec())
	case n < 67 && amt >= yuan(100):
		s.post(ai, -roundDown(amt, yuan(100)), kCash, chATM, mATMCash, bankNone, true, s.selfSec())
	case n < 75:
		s.post(ai, -amt, kCash, chCounter, mCounterCash, bankNone, true, s.counterSec())
	default:
		ch := oneOf(s.r, []uint8{chMobile, chMobile, chMobile, chOnline, chCounter})
		if c.flags&fElderly != 0 {
			ch = chCounter
		}
		bank, memo := bankOwn, mTransferOut
		if s.r.IntN(100) < 35 {
			bank, memo = s.otherBank(), mCrossBankOut
		}
		s.post(ai, -amt, kTransfer, ch, memo, bank, true, s.secFor(ch))
	}
}

// receive puts amt into demand account ai: cash or a transfer from another bank or another client.
func (s *sim) receive(ci, ai int32, amt int64) {
	c := &s.clients[ci]
	a := &s.accts[ai]
	n := s.r.IntN(100)
	if a.usd {
		n = 80
	}
	switch {
	case n < 20:
		s.post(ai, amt, kCash, chCounter, mCashIn, bankNone, true, s.counterSec())
	case n < 35 && amt >= yuan(100):
		s.post(ai, roundDown(amt, yuan(100)), kCash, chATM, mATMIn, bankNone, true, s.selfSec())
	case n < 65 && c.flags&fElderly == 0:
		s.post(ai, amt, kTransfer, chMobile, mFromOwnOther, s.otherBank(), true, s.selfSec())
	default:
		bank := bankOwn
		if s.r.IntN(2) == 0 {
			bank = s.otherBank()
		}
		memo := mTransferIn
		if a.usd {
			bank, memo = bankNone, mRemittance
		}
		s.post(ai, amt, kTransfer, chSystem, memo, bank, false, s.systemSec()+int32(s.r.IntN(15*3600)))
	}
}

// cardSpend is a purchase on the client's credit card: money out of the card, whose balance stays 0; the
// card owes it until the 25th.
func (s *sim) cardSpend(ci int32) {
	c := &s.clients[ci]
	a := &s.accts[c.card]
	amt := drawAmount(s.r, yuan(10), max(yuan(500), min(c.scale*3, wan(5))))
	ch, memo := chPOS, mCardSpend
	switch s.r.IntN(10) {
	case 0, 1:
		ch, memo = chOnline, mCardOnline
	case 2:
		ch, memo = chMobile, mCardOnline
	}
	s.post(c.card, -amt, kCardSpend, ch, memo, bankNone, true, s.selfSec())
	if !s.dry {
		a.owed += amt
	}
}

// usdOp buys or sells US dollars at the day's rate between the client's CNY and USD demand accounts, or
// receives a remittance; the bank's spread is fee income.
func (s *sim) usdOp(ci int32) {
	c := &s.clients[ci]
	u := &s.accts[c.usd]
	d := &s.accts[c.demand]
	ch := chMobile
	if c.flags&fElderly != 0 {
		ch = chCounter
	}
	sec := s.secFor(ch)
	switch n := s.r.IntN(10); {
	case n < 4 && d.bal >= yuan(1000): // buy
		cents := roundDown(drawAmount(s.r, yuan(100), max(yuan(101), min(d.bal*100/(s.rate/10_000)/2, yuan(20000)))), 100)
		cny := (cents*s.rate + 999_999) / 1_000_000
		if cny > d.bal || cents == 0 {
			return
		}
		s.post(c.demand, -cny, kFX, ch, mFXBuy, bankNone, true, sec)
		s.post(c.usd, cents, kFX, ch, mFXBuy, bankNone, true, sec)
		s.fxIncome(ci, cny)
	case n < 8 && u.bal >= yuan(10): // sell
		cents := min(u.bal, roundDown(drawAmount(s.r, yuan(10), max(yuan(11), u.bal)), 100))
		if cents == 0 {
			return
		}
		cny := cents * s.rate / 1_000_000
		s.post(c.usd, -cents, kFX, ch, mFXSell, bankNone, true, sec)
		s.post(c.demand, cny, kFX, ch, mFXSell, bankNone, true, sec)
		s.fxIncome(ci, cny)
	default:
		s.receive(ci, c.usd, drawAmount(s.r, yuan(50), yuan(5000)))
	}
}

// fxIncome is the bank's spread on an exchange (0.15 %).
func (s *sim) fxIncome(ci int32, cny int64) {
	if fee := cny * 15 / 10_000; fee > 0 {
		s.income = append(s.income, simIncome{client: ci, prod: -1, amount: fee})
	}
}

// changeAccounts changes accounts not yet changed today until k are (the benchmark's "x % of the
// accounts changed"): one transaction on each, of the kind the account takes.
func (s *sim) changeAccounts(k int) {
	for tries := 0; len(s.dayAccts) < k && tries < 50*k+1000; tries++ {
		ai := int32(s.r.IntN(len(s.accts)))
		a := &s.accts[ai]
		if a.closed || a.touched == s.stamp {
			continue
		}
		c := &s.clients[a.client]
		if !c.actor() || c.demand < 0 {
			continue
		}
		switch s.prodCat[a.prod] {
		case catDemand:
			s.demandOp(a.client, ai)
		case catTime:
			if a.bal >= yuan(200) {
				s.post(ai, -roundDown(a.bal/3, yuan(100)), kCash, chCounter, mEarlyWithdraw, bankNone, true, s.counterSec())
			} else if a.bal > 0 {
				s.post(ai, -a.bal, kCash, chCounter, mEarlyWithdraw, bankNone, true, s.counterSec())
				s.closeAcct(ai)
			}
		case catWealth, catFund, catInsurance, catBond, catMetal:
			if a.bal > 0 {
				s.redeem(a.client, ai, max(a.bal/4, 1), chMobile, s.selfSec())
			}
		case catLoan:
			if a.bal > 0 {
				amt := min(a.bal, drawAmount(s.r, yuan(1000), yuan(50000)))
				s.post(ai, amt, kLoanRepay, chCounter, mLoanPrepay, bankNone, true, s.counterSec())
				if a.bal == 0 {
					s.closeAcct(ai)
				}
			}
		}
	}
}

// Occasional events.

var purchaseMix = []choice[category]{{catWealth, 40}, {catFund, 25}, {catInsurance, 15}, {catBond, 10}, {catMetal, 10}}

// purchase buys an investment product from the demand account: a new holding, or more of a fund or metal
// already held. The bank earns a sales fee.
func (s *sim) purchase() {
	if ci := s.pickPurchaser(); ci >= 0 {
		s.purchaseFor(ci)
	}
}

// purchaseFor is a purchase by client ci.
func (s *sim) purchaseFor(ci int32) {
	c := &s.clients[ci]
	cat := pick(s.r, purchaseMix)
	list := s.suit[cat][c.risk]
	if len(list) == 0 {
		return
	}
	p := oneOf(s.r, list)
	if cat == catWealth && s.r.IntN(2) == 0 {
		p = list[len(list)-1] // the latest issue the client may buy
	}
	unit, least := yuan(1), yuan(1000)
	switch cat {
	case catWealth, catInsurance:
		unit, least = yuan(1000), wan(1)
	case catBond:
		unit = yuan(100)
	}
	budget := s.accts[c.demand].bal
	budget -= min(budget/5, yuan(5000))
	if budget < least {
		if c.class < 2 || s.r.IntN(2) == 0 {
			return
		}
		// Money brought from another bank for the purchase.
		in := roundDown(least-budget, yuan(1000)) + yuan(1000)*int64(between(s.r, 1, 20))
		s.post(c.demand, in, kTransfer, chMobile, mFromOwnOther, s.otherBank(), true, s.selfSec())
		budget += in
	}
	amt := roundDown(budget*int64(between(s.r, 20, 80))/100, unit)
	if amt < least {
		amt = roundDown(budget, unit)
	}
	if amt < least {
		return
	}
	target := int32(-1)
	if cat == catFund || cat == catMetal {
		for _, ai := range c.accts {
			if a := &s.accts[ai]; !a.closed && a.prod == p {
				target = ai
				break
			}
		}
	}
	if target < 0 {
		var mat int32
		if t := s.prods[p].TermDays; t > 0 {
			mat = s.day + int32(t)
		}
		target = s.openAcct(ci, p, mat)
	}
	ch := oneOf(s.r, []uint8{chMobile, chMobile, chMobile, chCounter, chCounter, chOnline})
	if c.flags&fElderly != 0 {
		ch = chCounter
	}
	sec := s.secFor(ch)
	s.post(c.demand, -amt, kPurchase, ch, mPurchase, bankNone, true, sec)
	s.post(target, amt, kOther, chSystem, mPurchaseConfirm, bankNone, false, min(sec+1, 86399))
	if fee := amt * s.prodFee[p] / 10_000; fee > 0 {
		s.income = append(s.income, simIncome{client: ci, prod: int32(p), amount: fee})
	}
	s.events[evPurchase]++
}

// pickPurchaser draws an active client, weighted by the purchase rate of its class.
func (s *sim) pickPurchaser() int32 {
	var w [6]int64
	var total int64
	for k := range w {
		w[k] = int64(len(s.byClass[k])) * purchaseRate[k]
		total += w[k]
	}
	for range 20 {
		if total == 0 {
			return -1
		}
		x := s.r.Int64N(total)
		k := 0
		for x >= w[k] {
			x -= w[k]
			k++
		}
		ci := s.byClass[k][s.r.IntN(len(s.byClass[k]))]
		if c := &s.clients[ci]; c.actor() && c.demand >= 0 {
			return ci
		}
	}
	return -1
}

// largeMove is a movement of 5万 or more (30 % of 20万 or more): cash or a transfer, out of an account
// that holds the money (a little more often) or in.
func (s *sim) largeMove() {
	lo, hi := wan(5), wan(20)
	if chance(s.r, 300) {
		lo, hi = wan(20), wan(100)
	}
	if s.r.IntN(100) < 55 {
		for range 40 {
			ci := s.pickClass(1)
			if ci < 0 {
				break
			}
			d := s.clients[ci].demand
			bal := s.accts[d].bal
			if bal < lo {
				continue
			}
			amt := roundDown(min(bal, drawAmount(s.r, lo, hi)), yuan(100))
			switch n := s.r.IntN(10); {
			case n < 3:
				s.post(d, -amt, kCash, chCounter, mLargeCashOut, bankNone, true, s.counterSec())
			case n < 7:
				ch := oneOf(s.r, []uint8{chCounter, chMobile, chOnline})
				s.post(d, -amt, kTransfer, ch, mCrossBankOut, s.otherBank(), true, s.secFor(ch))
			default:
				s.post(d, -amt, kTransfer, chMobile, mTransferOut, bankOwn, true, s.selfSec())
			}
			s.events[evLarge]++
			return
		}
	}
	ci := s.pickClass(1)
	if ci < 0 {
		if ci = s.pickActor(); ci < 0 {
			return
		}
	}
	d := s.clients[ci].demand
	amt := roundDown(drawAmount(s.r, lo, hi), yuan(100))
	switch n := s.r.IntN(10); {
	case n < 3:
		s.post(d, amt, kCash, chCounter, mLargeCashIn, bankNone, true, s.counterSec())
	case n < 7:
		s.post(d, amt, kTransfer, chMobile, mFromOwnOther, s.otherBank(), true, s.selfSec())
	default:
		s.post(d, amt, kTransfer, chSystem, mTransferIn, s.otherBank(), false, s.systemSec()+int32(s.r.IntN(15*3600)))
	}
	s.events[evLarge]++
}

// gen is the generator that draws new clients' identities, mobiles and addresses, with the bank's ID
// numbers, mobiles and e-mail addresses known so that none is issued twice.
func (s *sim) gen() *generator {
	if s.g == nil {
		n := len(s.b.Clients)
		g := &generator{r: s.r, ids: make(map[string]bool, n), mobiles: make(map[string]bool, n),
			emails: make(map[string]bool, n/4), steps: map[[2]int64][]int64{}, b: &Bank{}}
		for i := range s.b.Clients {
			c := &s.b.Clients[i]
			g.ids[c.IDNumber] = true
			if c.Mobile != "" {
				g.mobiles[c.Mobile] = true
			}
			if c.Email != "" {
				g.emails[c.Email] = true
			}
		}
		s.g = g
	}
	s.g.today = dateOfDay(s.day)
	return s.g
}

// newClient opens a client at an outlet, with its first demand account and a cash deposit.
func (s *sim) newClient() {
	g := s.gen()
	c := domain.Client{
		ClientID: fmt.Sprintf("C%09d", s.nextNo),
		OutletID: pick(s.r, outlets),
		Source:   pick(s.r, sourceTargets),
		Status:   "normal",
		OpenDate: g.today,
	}
	s.nextNo++
	c.Occupation = pick(s.r, occupationsPlain)
	male := chance(s.r, 490)
	span := pick(s.r, ageByOccupation(c.Occupation, male))
	age := between(s.r, span.lo, span.hi)
	c.BirthDate = g.birthDateFor(age)
	c.Gender = "F"
	if male {
		c.Gender = "M"
	}
	var sn surname
	c.Name, sn = fullName(s.r, c.BirthDate.Year(), male)
	if s.r.IntN(20) == 0 {
		c.Name = sn.name + "珅" // GB18030 AB 7C, see injectShen
	}
	// A resident ID card (type 01): the region of the outlet's districts or beyond, a free sequence code.
	c.IDType = domain.IDTypeResident
	reg := g.homeRegion(c.OutletID, c.Occupation)
	for seq := s.r.IntN(100); ; seq++ {
		id := string(cnid.GenerateResidentID(reg.code, c.BirthDate.Time(), seq, male))
		if !g.ids[id] {
			g.ids[id] = true
			c.IDNumber = id
			break
		}
		if seq%100 == 99 {
			reg = oneOf(s.r, wuhanOther)
		}
	}
	deposit := roundDown(drawAmount(s.r, yuan(100), wan(5)), yuan(100))
	g.contact(&c, age, sn, deposit)
	for c.Mobile == "" { // opening an account takes a mobile
		if m := oneOf(s.r, mobilePrefixes) + g.digits(8); !g.mobiles[m] {
			g.mobiles[m] = true
			c.Mobile = m
		}
	}
	c.CreditGrade = pick(s.r, gradesPlain)

	ci := int32(len(s.clients))
	s.extra = append(s.extra, c)
	sc := simClient{demand: -1, demand2: -1, usd: -1, card: -1, class: uint8(wealthClass(deposit))}
	if age >= 65 {
		sc.flags |= fElderly
	}
	if age >= 20 && age <= 70 {
		sc.flags |= fCardAge
	}
	sc.anchor = max(deposit, yuan(300))
	sc.scale = min(max(sc.anchor/6, yuan(30)), wan(2))
	s.clients = append(s.clients, sc)
	s.activeClients++
	s.touchClient(ci)
	ai := s.openAcct(ci, s.prodIndex(pDemand), 0)
	s.post(ai, deposit, kCash, chCounter, mOpenDeposit, bankNone, true, s.counterSec())
	s.actors = append(s.actors, ci)
	s.byClass[sc.class] = append(s.byClass[sc.class], ci)
	s.events[evNewClient]++
}

func (s *sim) prodIndex(code string) uint16 {
	for i := range s.prods {
		if s.prods[i].Code == code {
			return uint16(i)
		}
	}
	panic("demo: no product " + code)
}

// upgrade gives a client of 5万 or more an upgrade product: a gold or platinum card (replacing a lesser
// one) or a wealth agreement (DOMAIN.md §3, service stars).
func (s *sim) upgrade() {
	for range 30 {
		ci := s.pickClass(2)
		if ci < 0 {
			return
		}
		c := &s.clients[ci]
		if c.flags&fCardAge != 0 && s.r.IntN(10) < 6 {
			want, level := pCardGold, 2
			if c.class >= 4 {
				want, level = pCardPlat, 3
			}
			if c.card >= 0 && cardRank(s.prods[s.accts[c.card].prod].CardLevel) >= level {
				continue
			}
			var owed int64
			if old := c.card; old >= 0 {
				owed, s.accts[old].owed = s.accts[old].owed, 0 // carried over to the new card
				s.closeAcct(old)
			}
			s.accts[s.openAcct(ci, s.prodIndex(want), 0)].owed = owed
			s.events[evUpgrade]++
			return
		}
		want := pAgreeW
		if c.class >= 4 {
			want = pAgreeWP
		}
		has := false
		for _, ai := range c.accts {
			if a := &s.accts[ai]; !a.closed && s.prodCat[a.prod] == catAgreement {
				has = true
			}
		}
		if has {
			continue
		}
		s.openAcct(ci, s.prodIndex(want), 0)
		s.events[evUpgrade]++
		return
	}
}

func cardRank(level string) int {
	switch level {
	case "platinum":
		return 3
	case "gold":
		return 2
	}
	return 1
}

// changeContact records a new mobile or a new address of a client.
func (s *sim) changeContact() {
	ci := s.pickActor()
	if ci < 0 {
		return
	}
	g := s.gen()
	c := s.changeClient(ci)
	if s.r.IntN(2) == 0 {
		for {
			m := oneOf(s.r, mobilePrefixes) + g.digits(8)
			if !g.mobiles[m] {
				g.mobiles[m] = true
				c.Mobile = m
				break
			}
		}
	} else {
		c.Address = g.address(c.OutletID, c.BirthDate.AgeOn(g.today), wan(1))
	}
	s.events[evContact]++
}

// closePassbook closes a client's second passbook, its money moved to the main demand account.
func (s *sim) closePassbook() {
	for range 30 {
		ci := s.pickActor()
		if ci < 0 {
			return
		}
		c := &s.clients[ci]
		if c.demand2 < 0 {
			continue
		}
		ai := c.demand2
		sec := s.counterSec()
		if amt := s.accts[ai].bal; amt > 0 {
			s.post(ai, -amt, kTransfer, chCounter, mCloseOut, bankOwn, true, sec)
			s.post(c.demand, amt, kTransfer, chCounter, mCloseIn, bankOwn, true, sec)
		}
		s.closeAcct(ai)
		return
	}
}

// Day numbers: days since 1970-01-01, with integer civil-calendar conversions (H. Hinnant's algorithms).

func daysFromCivil(y, m, d int) int32 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int32(era*146097 + doe - 719468)
}

func civilFromDays(z int32) (y, m, d int) {
	n := int(z) + 719468
	era := n / 146097
	if n < 0 && n%146097 != 0 {
		era--
	}
	doe := n - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

// dayOf is the day number of a date, 0 for the zero Date.
func dayOf(d domain.Date) int32 {
	if d.IsZero() {
		return 0
	}
	return daysFromCivil(d.Year(), int(d.Month()), d.Day())
}

func dateOfDay(n int32) domain.Date {
	y, m, d := civilFromDays(n)
	return domain.NewDate(y, time.Month(m), d)
}
