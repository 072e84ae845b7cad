package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/ingest"
)

// ImportOptions tune how a batch is applied.
type ImportOptions struct {
	// OwnBankCodes are the bank's own codes in TXN.counterparty_bank; any other code on an outgoing
	// transfer is money moved to another bank (存款转移).
	OwnBankCodes []string
	// Progress, when set, is told how many rows have been applied out of the total.
	Progress func(done, total int)
}

// ImportResult says what applying a batch did.
type ImportResult struct {
	BusinessDate   domain.Date
	AlreadyApplied bool
	Rows           map[string]int // rows applied per kind (ORG, PROD, FX, CUST, ACCT, TXN, INCOME)
	ClosedByFull   int            // active accounts closed because an acct_mode=full batch did not carry them
	Reconverted    int            // foreign-currency accounts revalued at a new rate
	Elapsed        time.Duration
}

// BatchOrderError refuses a batch that is not after the last applied one.
type BatchOrderError struct {
	Date, Last domain.Date
	SameDate   bool // the last applied batch has this date but other content
}

func (e *BatchOrderError) Error() string {
	if e.SameDate {
		return fmt.Sprintf("batch %s was already applied with different content; a corrected batch for an applied date is refused", e.Date)
	}
	return fmt.Sprintf("batch %s is not after the last applied batch %s: batches are applied in business-date order", e.Date, e.Last)
}

// DuplicateTxnError refuses a batch whose transactions were applied by an earlier batch.
type DuplicateTxnError struct{ IDs []string }

func (e *DuplicateTxnError) Error() string {
	return fmt.Sprintf("%d transactions were already applied by an earlier batch (txn_id is unique across batches), e.g. %s",
		len(e.IDs), e.IDs[0])
}

// LastImport is the business date and content hash of the last applied batch (zero when none).
func (s *Store) LastImport(ctx context.Context) (domain.Date, string, error) {
	var d domain.Date
	var hash string
	err := s.db.QueryRowContext(ctx, "SELECT business_date, content_hash FROM import_batches ORDER BY business_date DESC LIMIT 1").Scan(&d, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Date{}, "", nil
	}
	if err != nil {
		return d, "", fmt.Errorf("read the import log: %w", err)
	}
	return d, hash, nil
}

// ImportedBatch is one line of the import log.
type ImportedBatch struct {
	BusinessDate domain.Date
	ContentHash  string
	AppliedAt    time.Time
	AcctMode     string
	Rows         int64
	Summary      string
}

// ImportLog lists applied batches, newest first.
func (s *Store) ImportLog(ctx context.Context, limit int) ([]ImportedBatch, error) {
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	rows, err := s.db.QueryContext(ctx, s.Rebind(`SELECT business_date, content_hash, applied_at, acct_mode, rows_total, summary
		FROM import_batches ORDER BY business_date DESC LIMIT ?`), limit)
	if err != nil {
		return nil, fmt.Errorf("read the import log: %w", err)
	}
	defer rows.Close()
	var out []ImportedBatch
	for rows.Next() {
		var b ImportedBatch
		if err := rows.Scan(&b.BusinessDate, &b.ContentHash, &b.AppliedAt, &b.AcctMode, &b.Rows, &b.Summary); err != nil {
			return nil, fmt.Errorf("read the import log: %w", err)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// ApplyBatch applies a checked batch (ingest.ReadBatch with no errors, references checked against
// ImportKnown) in one transaction, together with its line in the import log: a crash at any point leaves
// the store as it was, and running the import again applies it. Re-applying a batch that was applied with
// identical content changes nothing and reports AlreadyApplied.
func (s *Store) ApplyBatch(ctx context.Context, b *ingest.Batch, opts ImportOptions) (ImportResult, error) {
	start := time.Now()
	res := ImportResult{BusinessDate: b.BusinessDate, Rows: map[string]int{}}
	last, _, err := s.LastImport(ctx)
	if err != nil {
		return res, err
	}
	if !last.IsZero() && !b.BusinessDate.After(last) {
		// A batch that the log holds with identical content is a no-op, so that rerunning an import of a
		// directory of batches after a crash skips what was applied and carries on. Anything else for an
		// applied date, or an older date that was never applied, is refused.
		var hash string
		err := s.db.QueryRowContext(ctx, s.Rebind("SELECT content_hash FROM import_batches WHERE business_date = ?"), b.BusinessDate).Scan(&hash)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return res, fmt.Errorf("read the import log: %w", err)
		}
		if hash == b.ContentHash {
			res.AlreadyApplied = true
			res.Elapsed = time.Since(start)
			return res, nil
		}
		return res, &BatchOrderError{Date: b.BusinessDate, Last: last, SameDate: hash != ""}
	}
	ap := &applier{s: s, b: b, opts: opts, res: &res, day: b.BusinessDate.Day(), month: monthOf(b.BusinessDate),
		total: len(b.Orgs) + len(b.Products) + len(b.FX) + len(b.Clients) + len(b.Accounts) + len(b.Txns) + len(b.Income)}
	err = s.Tx(ctx, func(tx *sql.Tx) error {
		ap.tx = tx
		// Another process may have applied a batch since the check above; the transaction holds the
		// write lock (SQLite) or sees the row (PostgreSQL, where the primary key refuses a second insert).
		var n int
		if err := tx.QueryRowContext(ctx, s.Rebind("SELECT count(*) FROM import_batches WHERE business_date >= ?"), b.BusinessDate).Scan(&n); err != nil {
			return fmt.Errorf("read the import log: %w", err)
		}
		if n > 0 {
			return &BatchOrderError{Date: b.BusinessDate, Last: b.BusinessDate, SameDate: true}
		}
		for _, step := range []func(context.Context) error{ap.orgs, ap.products, ap.fx, ap.clients, ap.accounts,
			ap.closeAbsent, ap.revalue, ap.txns, ap.income, ap.clientMonths, ap.aum, ap.log} {
			if err := step(ctx); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		var dup *DuplicateTxnError
		if errors.As(err, &dup) {
			// Name the clashing ids now that the transaction is gone.
			dup.IDs, _ = s.existingTxns(ctx, b)
		}
		return res, fmt.Errorf("apply batch %s: %w", b.BusinessDate, err)
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

func monthOf(d domain.Date) int { return d.Year()*100 + int(d.Month()) }

type applier struct {
	s     *Store
	tx    *sql.Tx
	b     *ingest.Batch
	opts  ImportOptions
	res   *ImportResult
	day   int
	month int
	total int
	done  int

	catalogue map[string]domain.Product // the whole catalogue after this batch's PROD
	rates     map[string]int64          // currency → rate in millionths, for the business date
	prevRate  map[string]int64          // currency → last stored rate before this batch
	touched   map[string]bool           // clients whose AUM may have changed
	months    map[string]*clientMonth   // client → this month's volumes from TXN and INCOME
}

type clientMonth struct {
	purchases, cardSpend, fees, outflow int64
	txns                                int
	lastTxn                             domain.Date
}

func (a *applier) progress(n int) {
	a.done += n
	if a.opts.Progress != nil {
		a.opts.Progress(a.done, a.total)
	}
}

func (a *applier) touch(clientID string) {
	if a.touched == nil {
		a.touched = map[string]bool{}
	}
	a.touched[clientID] = true
}

// orgs applies ORG rows parents first, deriving each node's materialised path.
func (a *applier) orgs(ctx context.Context) error {
	if len(a.b.Orgs) == 0 {
		return nil
	}
	paths := map[string]string{}
	rows, err := a.tx.QueryContext(ctx, "SELECT org_id, path FROM orgs")
	if err != nil {
		return fmt.Errorf("ORG: %w", err)
	}
	for rows.Next() {
		var id, p string
		if err := rows.Scan(&id, &p); err != nil {
			rows.Close()
			return fmt.Errorf("ORG: %w", err)
		}
		paths[id] = p
	}
	rows.Close()
	orgs := slices.Clone(a.b.Orgs)
	slices.SortStableFunc(orgs, func(x, y ingest.OrgRow) int { return x.Level.Depth() - y.Level.Depth() })
	stmt, err := a.tx.PrepareContext(ctx, a.s.Rebind(`INSERT INTO orgs (org_id, parent_id, level, name, path) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (org_id) DO UPDATE SET parent_id = excluded.parent_id, level = excluded.level, name = excluded.name, path = excluded.path`))
	if err != nil {
		return fmt.Errorf("ORG: %w", err)
	}
	defer stmt.Close()
	for _, o := range orgs {
		path := "/" + o.ID + "/"
		if o.ParentID != "" {
			pp, ok := paths[o.ParentID]
			if !ok {
				return fmt.Errorf("ORG line %d: parent %s of %s is unknown", o.Line, o.ParentID, o.ID)
			}
			path = pp + o.ID + "/"
		}
		if old, ok := paths[o.ID]; ok && old != path {
			return fmt.Errorf("ORG line %d: moving %s from %s to %s is not supported by the import (subtrees keep their paths)", o.Line, o.ID, old, path)
		}
		paths[o.ID] = path
		if _, err := stmt.ExecContext(ctx, o.ID, nullString(o.ParentID), string(o.Level), o.Name, path); err != nil {
			return fmt.Errorf("ORG line %d: %w", o.Line, err)
		}
	}
	a.res.Rows["ORG"] = len(orgs)
	a.progress(len(orgs))
	return nil
}

func (a *applier) products(ctx context.Context) error {
	bk := a.s.newBulk(a.tx, "PROD", `INSERT INTO products (product_code, name, category, risk_level, asset_class, card_level,
		agreement_kind, points_class, term_days) VALUES `, `ON CONFLICT (product_code) DO UPDATE SET name = excluded.name,
		category = excluded.category, risk_level = excluded.risk_level, asset_class = excluded.asset_class,
		card_level = excluded.card_level, agreement_kind = excluded.agreement_kind, points_class = excluded.points_class,
		term_days = excluded.term_days`, 9)
	for _, p := range a.b.Products {
		if err := bk.add(ctx, p.Code, p.Name, p.Category, p.RiskLevel, p.AssetClass, p.CardLevel, p.AgreementKind, p.PointsClass, p.TermDays); err != nil {
			return err
		}
	}
	if err := bk.close(ctx); err != nil {
		return err
	}
	a.res.Rows["PROD"] = len(a.b.Products)
	a.progress(len(a.b.Products))
	// The catalogue is small (hundreds of products): keep it in memory for the accounts.
	a.catalogue = map[string]domain.Product{}
	rows, err := a.tx.QueryContext(ctx, "SELECT product_code, category, asset_class, points_class FROM products")
	if err != nil {
		return fmt.Errorf("read products: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p domain.Product
		if err := rows.Scan(&p.Code, &p.Category, &p.AssetClass, &p.PointsClass); err != nil {
			return fmt.Errorf("read products: %w", err)
		}
		a.catalogue[p.Code] = p
	}
	return rows.Err()
}

// fx stores the day's rates and works out the rate of every currency for the business date: the batch's,
// else the latest stored one.
func (a *applier) fx(ctx context.Context) error {
	a.rates, a.prevRate = map[string]int64{"CNY": ingest.RateScale}, map[string]int64{}
	rows, err := a.tx.QueryContext(ctx, `SELECT f.currency, f.rate_micro FROM fx_rates f
		WHERE f.business_date = (SELECT max(g.business_date) FROM fx_rates g WHERE g.currency = f.currency)`)
	if err != nil {
		return fmt.Errorf("read rates: %w", err)
	}
	for rows.Next() {
		var cur string
		var r int64
		if err := rows.Scan(&cur, &r); err != nil {
			rows.Close()
			return fmt.Errorf("read rates: %w", err)
		}
		a.rates[cur], a.prevRate[cur] = r, r
	}
	rows.Close()
	bk := a.s.newBulk(a.tx, "FX", "INSERT INTO fx_rates (business_date, currency, rate_micro) VALUES ",
		"ON CONFLICT (currency, business_date) DO UPDATE SET rate_micro = excluded.rate_micro", 3)
	for _, f := range a.b.FX {
		a.rates[f.Currency] = f.Rate
		if err := bk.add(ctx, a.b.BusinessDate, f.Currency, f.Rate); err != nil {
			return err
		}
	}
	a.res.Rows["FX"] = len(a.b.FX)
	a.progress(len(a.b.FX))
	return bk.close(ctx)
}

func (a *applier) toCNY(fen int64, currency string) (int64, error) {
	r, ok := a.rates[currency]
	if !ok {
		return 0, fmt.Errorf("no exchange rate for %s on or before %s", currency, a.b.BusinessDate)
	}
	v, ok := ingest.ToCNY(fen, r)
	if !ok {
		return 0, fmt.Errorf("%d fen of %s at rate %d overflows", fen, currency, r)
	}
	return v, nil
}

// clients applies CUST rows: a row replaces the stored attributes it carries; an absent (empty) optional
// attribute keeps its stored value. The relationship and the staff-kept life details are not the core's.
func (a *applier) clients(ctx context.Context) error {
	keep := func(col string) string {
		return col + " = CASE WHEN excluded." + col + " = '' THEN clients." + col + " ELSE excluded." + col + " END"
	}
	var sets []string
	for _, col := range []string{"gender", "mobile", "mobile_rev", "phone", "email", "address", "occupation", "source", "credit_grade"} {
		sets = append(sets, keep(col))
	}
	bk := a.s.newBulk(a.tx, "CUST", `INSERT INTO clients (client_id, name, id_type, id_number, id_rev, gender, birth_date, mobile,
		mobile_rev, phone, email, address, occupation, outlet_id, source, open_date, status, credit_grade, updated_at) VALUES `,
		`ON CONFLICT (client_id) DO UPDATE SET name = excluded.name, id_type = excluded.id_type, id_number = excluded.id_number,
		id_rev = excluded.id_rev, birth_date = COALESCE(excluded.birth_date, clients.birth_date), outlet_id = excluded.outlet_id,
		open_date = excluded.open_date, status = excluded.status, updated_at = excluded.updated_at, `+strings.Join(sets, ", "), 19)
	now := a.s.now()
	for i, c := range a.b.Clients {
		if err := bk.add(ctx, c.ClientID, c.Name, c.IDType, c.IDNumber, reverse(c.IDNumber), c.Gender, c.BirthDate, c.Mobile,
			reverse(c.Mobile), c.Phone, c.Email, c.Address, c.Occupation, c.OutletID, c.Source, c.OpenDate, c.Status,
			c.CreditGrade, now); err != nil {
			return err
		}
		if i%2000 == 1999 {
			a.progress(2000)
		}
	}
	if err := bk.close(ctx); err != nil {
		return err
	}
	a.res.Rows["CUST"] = len(a.b.Clients)
	a.progress(len(a.b.Clients) % 2000)
	return nil
}

// accountState is what the store held for an account before the batch.
type accountState struct {
	balanceCNY int64
	active     bool
}

// accounts applies ACCT rows in chunks: for each chunk it reads what the accounts held, writes their new
// end-of-day state, and moves their running accumulators (balance_months) to the new balance from today.
func (a *applier) accounts(ctx context.Context) error {
	accts := a.s.newBulk(a.tx, "ACCT", `INSERT INTO accounts (account_id, client_id, product_code, currency, balance, balance_cny,
		open_date, maturity_date, status, last_batch) VALUES `, `ON CONFLICT (account_id) DO UPDATE SET client_id = excluded.client_id,
		product_code = excluded.product_code, currency = excluded.currency, balance = excluded.balance,
		balance_cny = excluded.balance_cny, open_date = excluded.open_date, maturity_date = excluded.maturity_date,
		status = excluded.status, last_batch = excluded.last_batch`, 10)
	months := a.s.newMonths(a.tx, a.month, a.day)
	const chunk = 500
	for i := 0; i < len(a.b.Accounts); i += chunk {
		rows := a.b.Accounts[i:min(i+chunk, len(a.b.Accounts))]
		ids := make([]string, len(rows))
		for j, r := range rows {
			ids[j] = r.AccountID
		}
		old, err := a.accountStates(ctx, ids)
		if err != nil {
			return err
		}
		for _, r := range rows {
			cny, err := a.toCNY(r.Balance, r.Currency)
			if err != nil {
				return fmt.Errorf("ACCT line %d: %w", r.Line, err)
			}
			if err := accts.add(ctx, r.AccountID, r.ClientID, r.ProductCode, r.Currency, r.Balance, cny, r.OpenDate,
				r.MaturityDate, r.Status, a.b.BusinessDate); err != nil {
				return err
			}
			a.touch(r.ClientID)
			eod := cny
			if r.Status != "active" {
				eod = 0
			}
			prev := old[r.AccountID]
			if err := months.move(ctx, r.AccountID, r.ClientID, a.catalogue[r.ProductCode].PointsClass, prev, eod); err != nil {
				return err
			}
		}
		// The accounts of a chunk must be written before the next chunk reads its old states only if an
		// account appears twice, which ReadBatch refuses; flushing per chunk keeps memory flat either way.
		if err := accts.flush(ctx); err != nil {
			return err
		}
		a.progress(len(rows))
	}
	a.res.Rows["ACCT"] = len(a.b.Accounts)
	if err := accts.close(ctx); err != nil {
		return err
	}
	return months.close(ctx)
}

func (a *applier) accountStates(ctx context.Context, ids []string) (map[string]accountState, error) {
	old := make(map[string]accountState, len(ids))
	err := inChunks(ids, func(chunk []string, ph string) error {
		rows, err := a.tx.QueryContext(ctx, a.s.Rebind("SELECT account_id, balance_cny, status FROM accounts WHERE account_id IN ("+ph+")"), anys(chunk)...)
		if err != nil {
			return fmt.Errorf("read accounts: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id, status string
			var bal int64
			if err := rows.Scan(&id, &bal, &status); err != nil {
				return fmt.Errorf("read accounts: %w", err)
			}
			old[id] = accountState{balanceCNY: bal, active: status == "active"}
		}
		return rows.Err()
	})
	return old, err
}

// closeAbsent closes, in acct_mode=full, every active account the batch did not carry.
func (a *applier) closeAbsent(ctx context.Context) error {
	if a.b.AcctMode != ingest.AcctFull {
		return nil
	}
	type closing struct {
		id, client, product string
		bal                 int64
	}
	rows, err := a.tx.QueryContext(ctx, a.s.Rebind(`SELECT account_id, client_id, product_code, balance_cny FROM accounts
		WHERE status = 'active' AND (last_batch IS NULL OR last_batch < ?)`), a.b.BusinessDate)
	if err != nil {
		return fmt.Errorf("full account mode: %w", err)
	}
	var list []closing
	for rows.Next() {
		var c closing
		if err := rows.Scan(&c.id, &c.client, &c.product, &c.bal); err != nil {
			rows.Close()
			return fmt.Errorf("full account mode: %w", err)
		}
		list = append(list, c)
	}
	rows.Close()
	if len(list) == 0 {
		return nil
	}
	months := a.s.newMonths(a.tx, a.month, a.day)
	stmt, err := a.tx.PrepareContext(ctx, a.s.Rebind("UPDATE accounts SET status = 'closed', balance = 0, balance_cny = 0, last_batch = ? WHERE account_id = ?"))
	if err != nil {
		return fmt.Errorf("full account mode: %w", err)
	}
	defer stmt.Close()
	for _, c := range list {
		if _, err := stmt.ExecContext(ctx, a.b.BusinessDate, c.id); err != nil {
			return fmt.Errorf("close account %s: %w", c.id, err)
		}
		if err := months.move(ctx, c.id, c.client, a.catalogue[c.product].PointsClass, accountState{balanceCNY: c.bal, active: true}, 0); err != nil {
			return err
		}
		a.touch(c.client)
	}
	a.res.ClosedByFull = len(list)
	return months.close(ctx)
}

// revalue converts, at a new rate, the active foreign-currency accounts that the batch did not carry: a
// balance in dollars is a different balance in yuan every day the rate moves.
func (a *applier) revalue(ctx context.Context) error {
	carried := map[string]bool{}
	for _, r := range a.b.Accounts {
		if r.Currency != "CNY" {
			carried[r.AccountID] = true
		}
	}
	months := a.s.newMonths(a.tx, a.month, a.day)
	for _, f := range a.b.FX {
		if prev, ok := a.prevRate[f.Currency]; ok && prev == f.Rate {
			continue
		}
		type acct struct {
			id, client, product string
			bal, cny            int64
		}
		rows, err := a.tx.QueryContext(ctx, a.s.Rebind(`SELECT account_id, client_id, product_code, balance, balance_cny FROM accounts
			WHERE currency = ? AND status = 'active'`), f.Currency)
		if err != nil {
			return fmt.Errorf("revalue %s: %w", f.Currency, err)
		}
		var list []acct
		for rows.Next() {
			var x acct
			if err := rows.Scan(&x.id, &x.client, &x.product, &x.bal, &x.cny); err != nil {
				rows.Close()
				return fmt.Errorf("revalue %s: %w", f.Currency, err)
			}
			if !carried[x.id] {
				list = append(list, x)
			}
		}
		rows.Close()
		stmt, err := a.tx.PrepareContext(ctx, a.s.Rebind("UPDATE accounts SET balance_cny = ? WHERE account_id = ?"))
		if err != nil {
			return fmt.Errorf("revalue %s: %w", f.Currency, err)
		}
		for _, x := range list {
			cny, err := a.toCNY(x.bal, f.Currency)
			if err != nil {
				stmt.Close()
				return fmt.Errorf("revalue account %s: %w", x.id, err)
			}
			if cny == x.cny {
				continue
			}
			if _, err := stmt.ExecContext(ctx, cny, x.id); err != nil {
				stmt.Close()
				return fmt.Errorf("revalue account %s: %w", x.id, err)
			}
			if err := months.move(ctx, x.id, x.client, a.catalogue[x.product].PointsClass, accountState{balanceCNY: x.cny, active: true}, cny); err != nil {
				stmt.Close()
				return err
			}
			a.touch(x.client)
			a.res.Reconverted++
		}
		stmt.Close()
	}
	return months.close(ctx)
}

// txns stores the day's transactions and gathers each client's volumes for the month.
func (a *applier) txns(ctx context.Context) error {
	own := map[string]bool{}
	for _, c := range a.opts.OwnBankCodes {
		own[c] = true
	}
	bk := a.s.newBulk(a.tx, "TXN", `INSERT INTO transactions (txn_id, account_id, client_id, business_date, ts, amount, amount_cny,
		currency, kind, channel, client_initiated, counterparty_bank, memo) VALUES `, "ON CONFLICT (txn_id) DO NOTHING", 13)
	for i, t := range a.b.Txns {
		cny, err := a.toCNY(t.Amount, t.Currency)
		if err != nil {
			return fmt.Errorf("TXN line %d: %w", t.Line, err)
		}
		if err := bk.add(ctx, t.TxnID, t.AccountID, t.ClientID, a.b.BusinessDate, utc(t.TS), t.Amount, cny, t.Currency, t.Kind,
			t.Channel, t.ClientInitiated, t.CounterpartyBank, t.Memo); err != nil {
			return err
		}
		m := a.clientMonth(t.ClientID)
		switch {
		case t.Kind == "purchase":
			m.purchases += abs(cny)
		case t.Kind == "card_spend":
			m.cardSpend += abs(cny)
		case t.Kind == "transfer" && cny < 0 && t.CounterpartyBank != "" && !own[t.CounterpartyBank]:
			m.outflow += -cny
		}
		if t.ClientInitiated {
			m.txns++
			m.lastTxn = a.b.BusinessDate
		}
		if i%5000 == 4999 {
			a.progress(5000)
		}
	}
	if err := bk.close(ctx); err != nil {
		return err
	}
	if bk.rows < int64(len(a.b.Txns)) {
		return &DuplicateTxnError{IDs: []string{"(see report)"}}
	}
	a.res.Rows["TXN"] = len(a.b.Txns)
	a.progress(len(a.b.Txns) % 5000)
	return nil
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

func (a *applier) clientMonth(id string) *clientMonth {
	if a.months == nil {
		a.months = map[string]*clientMonth{}
	}
	m := a.months[id]
	if m == nil {
		m = &clientMonth{}
		a.months[id] = m
	}
	return m
}

func (a *applier) income(ctx context.Context) error {
	bk := a.s.newBulk(a.tx, "INCOME", "INSERT INTO fee_income (business_date, client_id, product_code, amount) VALUES ", "", 4)
	for _, r := range a.b.Income {
		if err := bk.add(ctx, a.b.BusinessDate, r.ClientID, r.ProductCode, r.Amount); err != nil {
			return err
		}
		a.clientMonth(r.ClientID).fees += r.Amount
	}
	a.res.Rows["INCOME"] = len(a.b.Income)
	a.progress(len(a.b.Income))
	return bk.close(ctx)
}

// clientMonths adds the day's volumes to each client's month.
func (a *applier) clientMonths(ctx context.Context) error {
	if len(a.months) == 0 {
		return nil
	}
	bk := a.s.newBulk(a.tx, "client months", `INSERT INTO client_months (client_id, month, purchases, card_spend, fee_income,
		client_txns, outflow_other_bank, last_client_txn) VALUES `, `ON CONFLICT (client_id, month) DO UPDATE SET
		purchases = client_months.purchases + excluded.purchases, card_spend = client_months.card_spend + excluded.card_spend,
		fee_income = client_months.fee_income + excluded.fee_income, client_txns = client_months.client_txns + excluded.client_txns,
		outflow_other_bank = client_months.outflow_other_bank + excluded.outflow_other_bank,
		last_client_txn = COALESCE(excluded.last_client_txn, client_months.last_client_txn)`, 8)
	ids := make([]string, 0, len(a.months))
	for id := range a.months {
		ids = append(ids, id)
	}
	slices.Sort(ids) // a stable order keeps the statement plans and lock order the same run to run
	for _, id := range ids {
		m := a.months[id]
		if err := bk.add(ctx, id, a.month, m.purchases, m.cardSpend, m.fees, m.txns, m.outflow, m.lastTxn); err != nil {
			return err
		}
	}
	return bk.close(ctx)
}

// aum recomputes the AUM of every client whose accounts changed.
func (a *applier) aum(ctx context.Context) error {
	ids := make([]string, 0, len(a.touched))
	for id := range a.touched {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return inChunks(ids, func(chunk []string, ph string) error {
		_, err := a.tx.ExecContext(ctx, a.s.Rebind(`UPDATE clients SET aum = COALESCE((SELECT sum(a.balance_cny) FROM accounts a
			WHERE a.client_id = clients.client_id AND a.status = 'active' AND a.product_code IN `+assetProducts+`), 0)
			WHERE client_id IN (`+ph+")"), anys(chunk)...)
		if err != nil {
			return fmt.Errorf("update AUM: %w", err)
		}
		return nil
	})
}

func (a *applier) log(ctx context.Context) error {
	var parts []string
	total := 0
	for _, k := range []string{"ORG", "PROD", "FX", "CUST", "ACCT", "TXN", "INCOME"} {
		if n := a.res.Rows[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s=%d", k, n))
			total += n
		}
	}
	if a.res.ClosedByFull > 0 {
		parts = append(parts, fmt.Sprintf("closed=%d", a.res.ClosedByFull))
	}
	_, err := a.tx.ExecContext(ctx, a.s.Rebind(`INSERT INTO import_batches (business_date, content_hash, applied_at, acct_mode, rows_total, summary)
		VALUES (?, ?, ?, ?, ?, ?)`), a.b.BusinessDate, a.b.ContentHash, a.s.now(), a.b.AcctMode, total, strings.Join(parts, " "))
	if err != nil {
		return fmt.Errorf("record the batch in the import log: %w", err)
	}
	return nil
}

// existingTxns lists the batch's transaction ids that the store already holds (after a refused apply).
func (s *Store) existingTxns(ctx context.Context, b *ingest.Batch) ([]string, error) {
	ids := make([]string, len(b.Txns))
	for i, t := range b.Txns {
		ids[i] = t.TxnID
	}
	var out []string
	err := inChunks(ids, func(chunk []string, ph string) error {
		rows, err := s.db.QueryContext(ctx, s.Rebind("SELECT txn_id FROM transactions WHERE txn_id IN ("+ph+")"), anys(chunk)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				return err
			}
			out = append(out, id)
		}
		return rows.Err()
	})
	if len(out) == 0 {
		out = []string{"(unknown)"}
	}
	return out, err
}
