// Package side computes the star points and contribution stars of DOMAIN.md §3 from the same core-banking
// feeds (FEEDS.md) in three independent ways: SQL in DuckDB, SQL in PostgreSQL, and a day-by-day Go
// reference that hands its window sums to the rating package. It compares them with one another and
// with Steward's own monthly rating, client by client, and times each.
//
// The batches are read once with the product's parser (ingest.ReadBatch) into compact columns; what
// each engine then does with them (load, then compute) is its own.
package side

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/ingest"
)

// Day is a calendar day as a number: days since 1970-01-01. Both SQL engines work on these integers,
// which keeps the span arithmetic the same in both dialects.
type Day int32

// DayOf returns the day number of d.
func DayOf(d domain.Date) Day {
	return Day(time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// Date returns the calendar date of day n.
func (n Day) Date() domain.Date {
	return domain.DateOf(time.Unix(int64(n)*86400, 0).UTC())
}

func (n Day) String() string { return n.Date().String() }

// Batch is one business date: whether its ACCT file is a full snapshot (acct_mode=full).
type Batch struct {
	Day  Day
	Full bool
}

// Product is a PROD row: the category and the points class as the file gave them (ingest fills an
// empty points class from the category).
type Product struct {
	Day         Day
	Product     int32
	Category    string
	PointsClass string
}

// Rate is an FX row: CNY per unit of currency, in millionths.
type Rate struct {
	Day      Day
	Currency uint8
	Rate     int64
}

// Acct is an ACCT row: an account's end-of-day state on Day.
type Acct struct {
	Day      Day
	Account  int32
	Client   int32
	Product  int32
	Currency uint8
	Active   bool
	Balance  int64 // fen, account currency
}

// Txn is a TXN row, reduced to what star points can use.
type Txn struct {
	Day      Day
	Client   int32
	Kind     uint8
	Currency uint8
	Amount   int64 // fen, account currency, signed
}

// Feeds are the batches of one run, in business-date order, with every identifier replaced by a dense
// index into the name tables.
type Feeds struct {
	Dir        string
	Batches    []Batch
	Products   []Product
	FX         []Rate
	Accts      []Acct
	Txns       []Txn
	Clients    []string // client index → client_id, every client of a CUST row
	Accounts   []string // account index → account_id
	Codes      []string // product index → product_code
	Currencies []string // currency index → ISO code; 0 is CNY
	Kinds      []string // kind index → TXN kind

	clients, accounts, codes, currencies, kinds map[string]int32
}

// Counts returns the number of rows of each kind, for a summary line.
func (f *Feeds) Counts() string {
	return fmt.Sprintf("%d batches, %d clients, %d accounts, %d ACCT rows, %d TXN rows, %d FX rows",
		len(f.Batches), len(f.Clients), len(f.Accounts), len(f.Accts), len(f.Txns), len(f.FX))
}

// Last returns the last business date.
func (f *Feeds) Last() Day { return f.Batches[len(f.Batches)-1].Day }

func intern(m map[string]int32, names *[]string, s string) int32 {
	if i, ok := m[s]; ok {
		return i
	}
	i := int32(len(*names))
	s = string([]byte(s)) // do not keep the parser's line buffers alive
	m[s] = i
	*names = append(*names, s)
	return i
}

// ReadFeeds reads every batch under dir with ingest.ReadBatch. A batch whose report has errors is an
// error: the figures would not be those of an applied run.
func ReadFeeds(ctx context.Context, dir string) (*Feeds, error) {
	dirs, err := ingest.FindBatches(dir)
	if err != nil {
		return nil, err
	}
	f := &Feeds{Dir: dir, Currencies: []string{"CNY"},
		clients: map[string]int32{}, accounts: map[string]int32{}, codes: map[string]int32{},
		currencies: map[string]int32{"CNY": 0}, kinds: map[string]int32{}}
	for _, d := range dirs {
		b, rep, err := ingest.ReadBatchContext(ctx, d)
		if err != nil {
			return nil, err
		}
		if !rep.OK() {
			return nil, fmt.Errorf("batch %s has %d errors, e.g. %v", d, len(rep.Errors), rep.Errors[0])
		}
		f.add(b)
	}
	if len(f.Batches) == 0 {
		return nil, fmt.Errorf("no batches in %s", dir)
	}
	return f, nil
}

func (f *Feeds) currency(s string) uint8 {
	i := intern(f.currencies, &f.Currencies, s)
	if i > 255 {
		panic("more than 256 currencies")
	}
	return uint8(i)
}

func (f *Feeds) add(b *ingest.Batch) {
	day := DayOf(b.BusinessDate)
	f.Batches = append(f.Batches, Batch{Day: day, Full: b.AcctMode == ingest.AcctFull})
	for _, p := range b.Products {
		f.Products = append(f.Products, Product{Day: day, Product: intern(f.codes, &f.Codes, p.Code),
			Category: p.Category, PointsClass: p.PointsClass})
	}
	for _, r := range b.FX {
		f.FX = append(f.FX, Rate{Day: day, Currency: f.currency(r.Currency), Rate: r.Rate})
	}
	for _, c := range b.Clients {
		intern(f.clients, &f.Clients, c.ClientID)
	}
	for _, a := range b.Accounts {
		f.Accts = append(f.Accts, Acct{Day: day, Account: intern(f.accounts, &f.Accounts, a.AccountID),
			Client: intern(f.clients, &f.Clients, a.ClientID), Product: intern(f.codes, &f.Codes, a.ProductCode),
			Currency: f.currency(a.Currency), Active: a.Status == "active", Balance: a.Balance})
	}
	for _, t := range b.Txns {
		k := intern(f.kinds, &f.Kinds, t.Kind)
		f.Txns = append(f.Txns, Txn{Day: day, Client: intern(f.clients, &f.Clients, t.ClientID), Kind: uint8(k),
			Currency: f.currency(t.Currency), Amount: t.Amount})
	}
}

// ClientOrder returns the client indexes sorted by client_id.
func (f *Feeds) ClientOrder() []int32 {
	idx := make([]int32, len(f.Clients))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(a, b int32) int { return cmp.Compare(f.Clients[a], f.Clients[b]) })
	return idx
}
