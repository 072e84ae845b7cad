package ingest

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/steward-bank/steward/cnid"
	"github.com/steward-bank/steward/domain"
)

// The rows of a batch. Each carries its line in the data file. Strings are trimmed; an empty string (or a
// zero Date) is an absent value: for CUST, "a row replaces the stored attributes it carries", so the
// applier leaves an absent attribute as stored.

// OrgRow is a row of ORG. Path is left empty: the applier builds it from the tree.
type OrgRow struct {
	Line int
	domain.OrgUnit
}

// ProductRow is a row of PROD, with PointsClass defaulted from the category when the file leaves it empty.
type ProductRow struct {
	Line int
	domain.Product
}

// FXRow is a row of FX: CNY per unit of Currency, in millionths (RateScale): "7.123456" is 7123456.
type FXRow struct {
	Line     int
	Currency string
	Rate     int64
}

// ClientRow is a row of CUST. Only the feed's attributes are set: IDNumber is canonical for type 01 (upper
// case X), BirthDate is derived from a type-01 ID when the file leaves it empty, Mobile is normalised to 11
// digits, an invalid Email is dropped (with a warning).
type ClientRow struct {
	Line int
	domain.Client
}

// AccountRow is a row of ACCT. BalanceCNY is left zero: converting needs the day's rate, which is the
// applier's business (see ToCNY).
type AccountRow struct {
	Line int
	domain.Account
}

// TxnRow is a row of TXN.
type TxnRow struct {
	Line             int
	TxnID            string
	AccountID        string
	ClientID         string
	TS               time.Time // on the business date, Asia/Shanghai
	Amount           int64     // fen, account currency: + money in, − money out
	Currency         string
	Kind             string
	Channel          string
	ClientInitiated  bool
	CounterpartyBank string
	Memo             string
}

// IncomeRow is a row of INCOME: intermediate-business income (中间业务收入) earned from a client.
type IncomeRow struct {
	Line        int
	ClientID    string
	ProductCode string // "" when not given
	Amount      int64  // fen
}

// column is a column of a data file.
type column struct {
	name     string
	required bool
}

// kindSpec describes one kind of data file: its columns, its key and how to read a row.
type kindSpec struct {
	kind  Kind
	cols  []column
	key   int // column of the unique key, or -1
	parse func(p *fileParser)
	grow  func(b *Batch, n int) // preallocates the Batch's slice
	keyOf func(b *Batch, row int32) string
}

func (s *kindSpec) column(name string) int {
	for i, c := range s.cols {
		if c.name == name {
			return i
		}
	}
	return -1
}

var specs = map[Kind]*kindSpec{
	KindORG: {kind: KindORG, cols: orgCols, key: oID, parse: parseOrg,
		grow:  func(b *Batch, n int) { b.Orgs = make([]OrgRow, 0, n) },
		keyOf: func(b *Batch, row int32) string { return b.Orgs[row].ID }},
	KindPROD: {kind: KindPROD, cols: prodCols, key: pCode, parse: parseProd,
		grow:  func(b *Batch, n int) { b.Products = make([]ProductRow, 0, n) },
		keyOf: func(b *Batch, row int32) string { return b.Products[row].Code }},
	KindFX: {kind: KindFX, cols: fxCols, key: fCurrency, parse: parseFX,
		grow:  func(b *Batch, n int) { b.FX = make([]FXRow, 0, n) },
		keyOf: func(b *Batch, row int32) string { return b.FX[row].Currency }},
	KindCUST: {kind: KindCUST, cols: custCols, key: cID, parse: parseCust,
		grow:  func(b *Batch, n int) { b.Clients = make([]ClientRow, 0, n) },
		keyOf: func(b *Batch, row int32) string { return b.Clients[row].ClientID }},
	KindACCT: {kind: KindACCT, cols: acctCols, key: aID, parse: parseAcct,
		grow:  func(b *Batch, n int) { b.Accounts = make([]AccountRow, 0, n) },
		keyOf: func(b *Batch, row int32) string { return b.Accounts[row].AccountID }},
	KindTXN: {kind: KindTXN, cols: txnCols, key: tID, parse: parseTxn,
		grow:  func(b *Batch, n int) { b.Txns = make([]TxnRow, 0, n) },
		keyOf: func(b *Batch, row int32) string { return b.Txns[row].TxnID }},
	KindINCOME: {kind: KindINCOME, cols: incomeCols, key: -1, parse: parseIncome, grow: func(b *Batch, n int) { b.Income = make([]IncomeRow, 0, n) }},
}

// ORG
const (
	oID = iota
	oParent
	oLevel
	oName
)

var orgCols = []column{{"org_id", true}, {"parent_id", false}, {"level", true}, {"name", true}}

func parseOrg(p *fileParser) {
	v := &p.vals
	var r OrgRow
	r.Line = p.line
	r.ID = p.required(oID)
	fresh := p.claim(oID, r.ID)
	r.ParentID = v[oParent]
	r.Level = domain.OrgLevel(p.code(oLevel, orgLevels, true))
	r.Name = p.required(oName)
	switch {
	case r.Level == domain.LevelHead && r.ParentID != "":
		p.fail(oParent, "the head office has no parent")
	case r.Level != "" && r.Level != domain.LevelHead && r.ParentID == "":
		p.fail(oParent, "is empty but required for "+article(string(r.Level)))
	case r.ParentID != "" && r.ParentID == r.ID:
		p.fail(oParent, "is the org itself")
	}
	if fresh {
		p.keep(r.ID, len(p.b.Orgs))
	}
	if !p.bad {
		p.b.Orgs = append(p.b.Orgs, r)
	}
}

// PROD
const (
	pCode = iota
	pName
	pCategory
	pRisk
	pAsset
	pCard
	pAgreement
	pPoints
	pTerm
)

var prodCols = []column{{"product_code", true}, {"name", true}, {"category", true}, {"risk_level", false},
	{"asset_class", true}, {"card_level", false}, {"agreement_kind", false}, {"points_class", false}, {"term_days", false}}

func parseProd(p *fileParser) {
	var r ProductRow
	r.Line = p.line
	r.Code = p.required(pCode)
	fresh := p.claim(pCode, r.Code)
	r.Name = p.required(pName)
	r.Category = p.code(pCategory, categories, true)
	switch r.Category {
	case "wealth", "fund", "insurance", "bond", "metal":
		r.RiskLevel = p.code(pRisk, riskLevels, true)
	default:
		r.RiskLevel = p.code(pRisk, riskLevels, false)
	}
	r.AssetClass = p.code(pAsset, assetClasses, true)
	r.CardLevel = p.code(pCard, cardLevels, r.Category == "credit_card")
	r.AgreementKind = p.code(pAgreement, agreementKinds, r.Category == "agreement")
	if (r.Category == "credit_card" || r.Category == "agreement") && r.AssetClass != "" && r.AssetClass != "none" {
		p.fail(pAsset, "must be none for "+article(r.Category)+" (cards and agreements count as neither)")
	}
	r.PointsClass = p.code(pPoints, pointsClasses, false)
	if r.PointsClass == "" && p.vals[pPoints] == "" {
		r.PointsClass = defaultPointsClass(r.Category)
	}
	if t := p.vals[pTerm]; t != "" {
		n, err := strconv.Atoi(t)
		if err != nil || n < 0 || t[0] == '+' || t[0] == '-' {
			p.fail(pTerm, "is not a number of days")
		}
		r.TermDays = n
	}
	if fresh {
		p.keep(r.Code, len(p.b.Products))
	}
	if !p.bad {
		p.b.Products = append(p.b.Products, r)
	}
}

// FX
const (
	fCurrency = iota
	fRate
)

var fxCols = []column{{"currency", true}, {"rate", true}}

func parseFX(p *fileParser) {
	r := FXRow{Line: p.line}
	r.Currency = p.currencyCol(fCurrency)
	fresh := p.claim(fCurrency, r.Currency)
	rate, reason := parseRate(p.vals[fRate])
	if reason != "" {
		p.fail(fRate, reason)
	}
	r.Rate = rate
	if r.Currency == "CNY" && reason == "" && rate != RateScale {
		p.fail(fRate, "CNY is the base currency: its rate is 1")
	}
	if fresh {
		p.keep(r.Currency, len(p.b.FX))
	}
	if !p.bad {
		p.b.FX = append(p.b.FX, r)
	}
}

// currencyCol returns column c, a required ISO 4217 code.
func (p *fileParser) currencyCol(c int) string {
	v := p.required(c)
	if v != "" && !validCurrency(v) {
		p.fail(c, "is not a currency code (three upper-case letters, ISO 4217)")
	}
	return v
}

// CUST
const (
	cID = iota
	cName
	cIDType
	cIDNumber
	cGender
	cBirth
	cMobile
	cPhone
	cEmail
	cAddress
	cOccupation
	cOutlet
	cSource
	cOpen
	cStatus
	cGrade
)

var custCols = []column{{"client_id", true}, {"name", true}, {"id_type", true}, {"id_number", true},
	{"gender", false}, {"birth_date", false}, {"mobile", false}, {"phone", false}, {"email", false},
	{"address", false}, {"occupation", false}, {"outlet_id", true}, {"source", false}, {"open_date", true},
	{"status", true}, {"credit_grade", false}}

// MaxClientIDLen is the longest client_id, in characters.
const MaxClientIDLen = 32

func parseCust(p *fileParser) {
	v := &p.vals
	var r ClientRow
	r.Line = p.line
	r.ClientID = p.clientID(cID)
	fresh := p.claim(cID, r.ClientID)
	r.Name = p.required(cName)
	r.IDType = p.code(cIDType, idTypes, true)
	r.IDNumber = p.required(cIDNumber)
	var idBirth domain.Date
	if r.IDType == domain.IDTypeResident && r.IDNumber != "" {
		id, err := cnid.ParseResidentID(r.IDNumber)
		if err != nil {
			p.fail(cIDNumber, cnidReason(err, cnid.ErrInvalidResidentID))
		} else {
			r.IDNumber = string(id)
			idBirth = domain.DateOf(id.BirthDate())
		}
	}
	r.Gender = p.code(cGender, genders, false)
	r.BirthDate = p.dateCol(cBirth, false)
	switch {
	case r.BirthDate.IsZero() && v[cBirth] == "":
		r.BirthDate = idBirth
	case !idBirth.IsZero() && !r.BirthDate.IsZero() && r.BirthDate != idBirth:
		p.warn(cBirth, "differs from the birth date in id_number ("+idBirth.String()+")")
	}
	p.notAfterBusinessDate(cBirth, r.BirthDate)
	if m := v[cMobile]; m != "" {
		mobile, err := cnid.NormalizeMobile(m)
		if err != nil {
			p.fail(cMobile, cnidReason(err, nil))
		}
		r.Mobile = mobile
	} else {
		// One reason for every such row, so that the report counts them together; the line names the row.
		p.warns.add(p.line, "mobile", r.ClientID, "the client has no mobile")
	}
	r.Phone = v[cPhone]
	if e := v[cEmail]; e != "" {
		if cnid.ValidEmail(e) {
			r.Email = e
		} else {
			p.warn(cEmail, "is not a valid e-mail address; ignored")
		}
	}
	r.Address = v[cAddress]
	r.Occupation = p.code(cOccupation, occupations, false)
	r.OutletID = p.required(cOutlet)
	r.Source = p.code(cSource, sources, false)
	r.OpenDate = p.dateCol(cOpen, true)
	p.notAfterBusinessDate(cOpen, r.OpenDate)
	r.Status = p.code(cStatus, clientStatuses, true)
	r.CreditGrade = p.code(cGrade, creditGrades, false)
	if fresh {
		p.keep(r.ClientID, len(p.b.Clients))
	}
	if !p.bad {
		p.b.Clients = append(p.b.Clients, r)
	}
}

// clientID returns column c, a required client_id of at most MaxClientIDLen characters.
func (p *fileParser) clientID(c int) string {
	v := p.required(c)
	if len(v) > MaxClientIDLen && utf8.RuneCountInString(v) > MaxClientIDLen {
		p.fail(c, "is longer than "+strconv.Itoa(MaxClientIDLen)+" characters")
	}
	return v
}

// cnidReason is the text of a cnid error without its package prefix: "check digit should be 7".
func cnidReason(err error, sentinel error) string {
	s := err.Error()
	if sentinel != nil && errors.Is(err, sentinel) {
		return strings.TrimPrefix(s, sentinel.Error()+": ")
	}
	return strings.TrimPrefix(s, "cnid: ")
}

// ACCT
const (
	aID = iota
	aClient
	aProduct
	aCurrency
	aBalance
	aOpen
	aMaturity
	aStatus
)

var acctCols = []column{{"account_id", true}, {"client_id", true}, {"product_code", true}, {"currency", true},
	{"balance", true}, {"open_date", true}, {"maturity_date", false}, {"status", true}}

func parseAcct(p *fileParser) {
	var r AccountRow
	r.Line = p.line
	r.AccountID = p.required(aID)
	fresh := p.claim(aID, r.AccountID)
	r.ClientID = p.clientID(aClient)
	r.ProductCode = p.required(aProduct)
	r.Currency = p.currencyCol(aCurrency)
	r.Balance = p.amount(aBalance)
	if r.Balance < 0 {
		p.fail(aBalance, "is negative (a balance never is; a loan's is its outstanding principal)")
	}
	r.OpenDate = p.dateCol(aOpen, true)
	p.notAfterBusinessDate(aOpen, r.OpenDate)
	r.MaturityDate = p.dateCol(aMaturity, false)
	if !r.MaturityDate.IsZero() && !r.OpenDate.IsZero() && r.MaturityDate.Before(r.OpenDate) {
		p.fail(aMaturity, "is before open_date")
	}
	r.Status = p.code(aStatus, accountStatuses, true)
	if fresh {
		p.keep(r.AccountID, len(p.b.Accounts))
	}
	if !p.bad {
		p.b.Accounts = append(p.b.Accounts, r)
	}
}

// TXN
const (
	tID = iota
	tAccount
	tClient
	tTS
	tAmount
	tCurrency
	tKind
	tChannel
	tInitiated
	tBank
	tMemo
)

var txnCols = []column{{"txn_id", true}, {"account_id", true}, {"client_id", true}, {"ts", true},
	{"amount", true}, {"currency", true}, {"kind", true}, {"channel", true}, {"client_initiated", true},
	{"counterparty_bank", false}, {"memo", false}}

func parseTxn(p *fileParser) {
	v := &p.vals
	var r TxnRow
	r.Line = p.line
	r.TxnID = p.required(tID)
	fresh := p.claim(tID, r.TxnID)
	r.AccountID = p.required(tAccount)
	r.ClientID = p.clientID(tClient)
	r.TS = p.timestamp(tTS)
	r.Amount = p.amount(tAmount)
	r.Currency = p.currencyCol(tCurrency)
	r.Kind = p.code(tKind, txnKinds, true)
	r.Channel = p.code(tChannel, channels, true)
	r.ClientInitiated = p.code(tInitiated, flags, true) == "1"
	if r.ClientInitiated && (r.Kind == "interest" || r.Kind == "fee" || r.Channel == "system") {
		p.warn(tInitiated, "interest, fees and system postings are not client-initiated")
	}
	r.CounterpartyBank = v[tBank]
	r.Memo = v[tMemo]
	if fresh {
		p.keep(r.TxnID, len(p.b.Txns))
	}
	if !p.bad {
		p.b.Txns = append(p.b.Txns, r)
	}
}

// INCOME
const (
	iClient = iota
	iProduct
	iAmount
)

var incomeCols = []column{{"client_id", true}, {"product_code", false}, {"amount", true}}

func parseIncome(p *fileParser) {
	r := IncomeRow{Line: p.line}
	r.ClientID = p.clientID(iClient)
	r.ProductCode = p.vals[iProduct]
	r.Amount = p.amount(iAmount)
	if !p.bad {
		p.b.Income = append(p.b.Income, r)
	}
}
