package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/ingest"
)

// importKnown is what the store holds of the things a batch refers to. It is fetched once per batch, for
// the referenced keys only, so that checking references costs in proportion to the batch, not the book.
type importKnown struct {
	clients  map[string]bool
	products map[string]string // code → category
	orgs     map[string]domain.OrgLevel
	accounts map[string][2]string // id → client, currency
	rates    map[string]bool
}

func (k *importKnown) ClientExists(id string) bool { return k.clients[id] }
func (k *importKnown) ProductCategory(code string) (string, bool) {
	c, ok := k.products[code]
	return c, ok
}
func (k *importKnown) OrgLevel(id string) (domain.OrgLevel, bool) {
	l, ok := k.orgs[id]
	return l, ok
}
func (k *importKnown) Account(id string) (string, string, bool) {
	a, ok := k.accounts[id]
	return a[0], a[1], ok
}
func (k *importKnown) HasRate(currency string) bool { return k.rates[currency] }

// ImportKnown returns what the store knows of the keys a batch refers to, for ingest.Batch.CheckReferences.
func (s *Store) ImportKnown(ctx context.Context, b *ingest.Batch) (ingest.Known, error) {
	k := &importKnown{clients: map[string]bool{}, products: map[string]string{}, orgs: map[string]domain.OrgLevel{},
		accounts: map[string][2]string{}, rates: map[string]bool{}}
	// Organisation, catalogue and currencies are small: read them whole.
	if err := s.readRows(ctx, "SELECT org_id, level FROM orgs", func(sc func(...any) error) error {
		var id, level string
		if err := sc(&id, &level); err != nil {
			return err
		}
		k.orgs[id] = domain.OrgLevel(level)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := s.readRows(ctx, "SELECT product_code, category FROM products", func(sc func(...any) error) error {
		var code, cat string
		if err := sc(&code, &cat); err != nil {
			return err
		}
		k.products[code] = cat
		return nil
	}); err != nil {
		return nil, err
	}
	if err := s.readRows(ctx, "SELECT DISTINCT currency FROM fx_rates", func(sc func(...any) error) error {
		var c string
		if err := sc(&c); err != nil {
			return err
		}
		k.rates[c] = true
		return nil
	}); err != nil {
		return nil, err
	}
	// Clients and accounts: only those the batch names and does not carry itself.
	inBatch := make(map[string]bool, len(b.Clients))
	for _, c := range b.Clients {
		inBatch[c.ClientID] = true
	}
	clientIDs := newKeySet()
	for _, a := range b.Accounts {
		if !inBatch[a.ClientID] {
			clientIDs.add(a.ClientID)
		}
	}
	// A transaction's client is not looked up: the check compares it with its account's client, which the
	// store's foreign key guarantees exists.
	for _, r := range b.Income {
		if !inBatch[r.ClientID] {
			clientIDs.add(r.ClientID)
		}
	}
	err := s.lookup(ctx, "SELECT client_id FROM clients WHERE", "client_id", clientIDs.list, func(sc func(...any) error) error {
		var id string
		if err := sc(&id); err != nil {
			return err
		}
		k.clients[id] = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	carried := make(map[string]bool, len(b.Accounts))
	for _, a := range b.Accounts {
		carried[a.AccountID] = true
	}
	accountIDs := newKeySet()
	for _, t := range b.Txns {
		if !carried[t.AccountID] {
			accountIDs.add(t.AccountID)
		}
	}
	err = s.lookup(ctx, "SELECT account_id, client_id, currency FROM accounts WHERE", "account_id", accountIDs.list, func(sc func(...any) error) error {
		var id, client, cur string
		if err := sc(&id, &client, &cur); err != nil {
			return err
		}
		k.accounts[id] = [2]string{client, cur}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return k, nil
}

// keySet collects distinct keys in first-seen order.
type keySet struct {
	seen map[string]bool
	list []string
}

func newKeySet() *keySet { return &keySet{seen: map[string]bool{}} }

func (k *keySet) add(s string) {
	if !k.seen[s] {
		k.seen[s] = true
		k.list = append(k.list, s)
	}
}

// scanAll runs a query and hands each row's Scan to fn.
func (s *Store) scanAll(ctx context.Context, query string, fn func(scan func(...any) error) error, args ...any) error {
	return scanRows(ctx, s.db, query, fn, args...)
}

// queryer is a *sql.DB or a *sql.Tx.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// scanRows runs a query on q and hands each row's Scan to fn.
func scanRows(ctx context.Context, q queryer, query string, fn func(scan func(...any) error) error, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("query %.60s: %w", query, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows.Scan); err != nil {
			return fmt.Errorf("query %.60s: %w", query, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("query %.60s: %w", query, err)
	}
	return nil
}
