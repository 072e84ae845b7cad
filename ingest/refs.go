package ingest

import (
	"github.com/steward-bank/steward/domain"
)

// Known is what the store already holds, as far as the references of a batch need it. The caller
// implements it over the store (typically over sets loaded once, not a query per call).
type Known interface {
	ClientExists(id string) bool
	// ProductCategory is the category of a stored product (demand, loan, credit_card …).
	ProductCategory(code string) (category string, ok bool)
	OrgLevel(id string) (domain.OrgLevel, bool)
	// Account is the owner and currency of a stored account.
	Account(id string) (clientID, currency string, ok bool)
	// HasRate reports whether a rate to CNY is stored for currency.
	HasRate(currency string) bool
}

// TxnKnown is implemented by a Known that can tell whether a transaction id was applied by an earlier
// batch (txn_id is unique across all batches); CheckReferences uses it when available.
type TxnKnown interface {
	TxnExists(id string) bool
}

// NothingKnown is the Known of an empty store: only the batch itself counts.
type NothingKnown struct{}

func (NothingKnown) ClientExists(string) bool                { return false }
func (NothingKnown) ProductCategory(string) (string, bool)   { return "", false }
func (NothingKnown) OrgLevel(string) (domain.OrgLevel, bool) { return "", false }
func (NothingKnown) Account(string) (string, string, bool)   { return "", "", false }
func (NothingKnown) HasRate(string) bool                     { return false }

// CheckReferences checks what the rows of the batch refer to, against the batch itself and then known:
// an org's parent (and that it sits above it), a client's outlet (an org of level outlet), an account's
// client and product (and the product's balance rule: cards and agreements hold 0), a transaction's
// account (and that the transaction's client and currency are the account's), an income's client and
// product, and a rate for every non-CNY currency. Rows of the batch win over known. Rows that were
// rejected by ReadBatch count as existing but are not looked into, so that one bad row is not reported
// again through every row that refers to it. At most MaxIssuesPerFile errors are returned per file.
func (b *Batch) CheckReferences(known Known) []Issue {
	if known == nil {
		known = NothingKnown{}
	}
	c := &refChecker{b: b, known: known}
	c.orgs()
	c.clients()
	c.accounts()
	c.txns()
	c.income()
	return c.out
}

type refChecker struct {
	b     *Batch
	known Known
	out   []Issue
	list  *issueList
}

func (c *refChecker) file(k Kind) {
	c.flush()
	for _, f := range c.b.Files {
		if f.Kind == k {
			c.list = &issueList{file: f.Name}
			return
		}
	}
	c.list = &issueList{file: string(k)}
}

func (c *refChecker) flush() {
	if c.list != nil {
		c.out = append(c.out, c.list.list()...)
		c.list = nil
	}
}

func (c *refChecker) fail(line int, column, value, reason string) {
	c.list.add(line, column, value, reason)
}

func (c *refChecker) batchKey(k Kind, key string) (keyInfo, bool) {
	ki, ok := c.b.keys[k].get(key)
	return ki, ok
}

// orgLevel is the level of an org of the batch or the store; "" for a rejected row of the batch.
func (c *refChecker) orgLevel(id string) (domain.OrgLevel, bool) {
	if ki, ok := c.batchKey(KindORG, id); ok {
		if ki.row < 0 {
			return "", true
		}
		return c.b.Orgs[ki.row].Level, true
	}
	return c.known.OrgLevel(id)
}

func (c *refChecker) clientExists(id string) bool {
	if _, ok := c.batchKey(KindCUST, id); ok {
		return true
	}
	return c.known.ClientExists(id)
}

func (c *refChecker) productCategory(code string) (string, bool) {
	if ki, ok := c.batchKey(KindPROD, code); ok {
		if ki.row < 0 {
			return "", true
		}
		return c.b.Products[ki.row].Category, true
	}
	return c.known.ProductCategory(code)
}

// account is the client and currency of an account of the batch or the store ("" for a rejected row).
func (c *refChecker) account(id string) (string, string, bool) {
	if ki, ok := c.batchKey(KindACCT, id); ok {
		if ki.row < 0 {
			return "", "", true
		}
		a := &c.b.Accounts[ki.row]
		return a.ClientID, a.Currency, true
	}
	return c.known.Account(id)
}

func (c *refChecker) hasRate(currency string) bool {
	if _, ok := c.b.Rate(currency); ok {
		return true
	}
	if _, ok := c.batchKey(KindFX, currency); ok {
		return true // a rejected FX row
	}
	return c.known.HasRate(currency)
}

func (c *refChecker) rate(line int, column, currency string) {
	if currency != "CNY" && currency != "" && !c.hasRate(currency) {
		c.fail(line, column, currency, "no exchange rate to CNY (neither in FX of this batch nor stored)")
	}
}

func (c *refChecker) orgs() {
	c.file(KindORG)
	for i := range c.b.Orgs {
		r := &c.b.Orgs[i]
		if r.ParentID == "" {
			continue
		}
		level, ok := c.orgLevel(r.ParentID)
		switch {
		case !ok:
			c.fail(r.Line, "parent_id", r.ParentID, "unknown org")
		case level != "" && level.Depth() >= r.Level.Depth():
			c.fail(r.Line, "parent_id", r.ParentID, "is "+article(string(level))+"; "+article(string(r.Level))+" must sit below it")
		}
	}
	c.flush()
}

func (c *refChecker) clients() {
	c.file(KindCUST)
	for i := range c.b.Clients {
		r := &c.b.Clients[i]
		level, ok := c.orgLevel(r.OutletID)
		switch {
		case !ok:
			c.fail(r.Line, "outlet_id", r.OutletID, "unknown org")
		case level != "" && level != domain.LevelOutlet:
			c.fail(r.Line, "outlet_id", r.OutletID, "is "+article(string(level))+", not an outlet")
		}
	}
	c.flush()
}

func (c *refChecker) accounts() {
	c.file(KindACCT)
	for i := range c.b.Accounts {
		r := &c.b.Accounts[i]
		if !c.clientExists(r.ClientID) {
			c.fail(r.Line, "client_id", r.ClientID, "unknown client")
		}
		switch cat, ok := c.productCategory(r.ProductCode); {
		case !ok:
			c.fail(r.Line, "product_code", r.ProductCode, "unknown product")
		case (cat == "credit_card" || cat == "agreement") && r.Balance != 0:
			c.fail(r.Line, "balance", FormatAmount(r.Balance), "must be 0 for "+article(cat)+" account")
		}
		c.rate(r.Line, "currency", r.Currency)
	}
	c.flush()
}

func (c *refChecker) txns() {
	c.file(KindTXN)
	tk, _ := c.known.(TxnKnown)
	for i := range c.b.Txns {
		r := &c.b.Txns[i]
		if tk != nil && tk.TxnExists(r.TxnID) {
			c.fail(r.Line, "txn_id", r.TxnID, "already applied by an earlier batch (txn_id is unique across batches)")
		}
		client, currency, ok := c.account(r.AccountID)
		switch {
		case !ok:
			c.fail(r.Line, "account_id", r.AccountID, "unknown account")
		case client == "":
			// the account's row was rejected: already reported
		default:
			if client != r.ClientID {
				c.fail(r.Line, "client_id", r.ClientID, "the account "+r.AccountID+" belongs to client "+client)
			}
			if currency != r.Currency {
				c.fail(r.Line, "currency", r.Currency, "the account "+r.AccountID+" is in "+currency)
				continue
			}
		}
		c.rate(r.Line, "currency", r.Currency)
	}
	c.flush()
}

func (c *refChecker) income() {
	c.file(KindINCOME)
	for i := range c.b.Income {
		r := &c.b.Income[i]
		if !c.clientExists(r.ClientID) {
			c.fail(r.Line, "client_id", r.ClientID, "unknown client")
		}
		if r.ProductCode != "" {
			if _, ok := c.productCategory(r.ProductCode); !ok {
				c.fail(r.Line, "product_code", r.ProductCode, "unknown product")
			}
		}
	}
	c.flush()
}
