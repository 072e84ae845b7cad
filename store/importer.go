package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"slices"
	"strconv"
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
	// LargeMovementFen, when positive, is the smallest large-movement threshold (policy alerts): each
	// transaction, and each client's net change of the day, of at least this much is kept for the alert
	// pass (day_movements).
	LargeMovementFen int64
}

// ImportResult says what applying a batch did.
type ImportResult struct {
	BusinessDate   domain.Date
	AlreadyApplied bool
	Rows           map[string]int // rows applied per kind (ORG, PROD, FX, CUST, ACCT, TXN, INCOME)
	ClosedByFull   int            // active accounts closed because an acct_mode=full batch did not carry them
	Reconverted    int            // foreign-currency accounts revalued at a new rate
	Elapsed        time.Duration
	Steps          []StepTime // the apply's steps in order, the commit last (for the report and benchmarks)
}

// StepTime is how long one step of a batch's apply took.
type StepTime struct {
	Name    string
	Elapsed time.Duration
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
	ap.balances = &monthWriter{a: ap}
	var commitFrom time.Time
	err = s.importTx(ctx, func(tx *sql.Tx, conn *sql.Conn) error {
		ap.tx, ap.conn = tx, conn
		// Another process may have applied a batch since the check above; the transaction holds the
		// write lock (SQLite) or sees the row (PostgreSQL, where the primary key refuses a second insert).
		var n int
		if err := tx.QueryRowContext(ctx, s.Rebind("SELECT count(*) FROM import_batches WHERE business_date >= ?"), b.BusinessDate).Scan(&n); err != nil {
			return fmt.Errorf("read the import log: %w", err)
		}
		if n > 0 {
			return &BatchOrderError{Date: b.BusinessDate, Last: b.BusinessDate, SameDate: true}
		}
		if s.dialect == Postgres {
			// The batch's lookups by key (hundreds of keys a query) must use the primary keys even while
			// the tables' statistics still describe them before the batch grew them: a scan per chunk
			// makes a large batch quadratic. A generic plan of a cached statement (the driver caches
			// them) cannot see the keys at all, so every execution is planned with its values.
			for _, set := range []string{"SET LOCAL enable_seqscan = off", "SET LOCAL plan_cache_mode = force_custom_plan"} {
				if _, err := tx.ExecContext(ctx, set); err != nil {
					return fmt.Errorf("import settings: %w", err)
				}
			}
		}
		if err := ap.lookEmpty(ctx); err != nil {
			return err
		}
		steps := []struct {
			name string
			run  func(context.Context) error
		}{{"organisations", ap.orgs}, {"products", ap.products}, {"rates", ap.fx}, {"clients", ap.clients},
			{"accounts", ap.accounts}, {"closings", ap.closeAbsent}, {"revaluation", ap.revalue},
			{"points classes", ap.repoint}, {"balance accumulators", ap.balanceMonths}, {"transactions", ap.txns}, {"income", ap.income},
			{"volumes", ap.clientMonths}, {"AUM", ap.aum}, {"rating feed", ap.ratingFeed}, {"indexes", ap.indexes},
			{"import log", ap.log}}
		for _, step := range steps {
			t := time.Now()
			if err := step.run(ctx); err != nil {
				return err
			}
			if ap.overflow != nil {
				return ap.overflow
			}
			res.Steps = append(res.Steps, StepTime{Name: step.name, Elapsed: time.Since(t)})
		}
		commitFrom = time.Now()
		return nil
	})
	if err == nil {
		res.Steps = append(res.Steps, StepTime{Name: "commit", Elapsed: time.Since(commitFrom)})
	}
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

// scan runs a query in the import's transaction: on SQLite in C on the transaction's connection
// (scanRowsC), on PostgreSQL through database/sql. fn must not use the transaction.
func (a *applier) scan(ctx context.Context, query string, fn func(scan func(...any) error) error, args ...any) error {
	if a.conn != nil {
		return scanRowsC(ctx, a.conn, query, fn, args...)
	}
	return scanRows(ctx, a.tx, query, fn, args...)
}

// lookup reads, in the import's transaction, the rows that query has for each key of keys (readByKey).
func (a *applier) lookup(ctx context.Context, query string, cols []string, keys []any, fn func(scan func(...any) error) error) error {
	return a.s.readByKey(ctx, a.tx, a.conn, query, cols, keys, fn)
}

// newBulk is the store's bulk insert in the import's transaction; on SQLite its rows are bound in C.
func (a *applier) newBulk(label, head, tail string, ncols int) *bulk {
	return a.s.newPackedBulk(a.tx, a.conn, label, head, tail, ncols)
}

// newUpdater is the store's updater in the import's transaction; on SQLite its rows are bound in C.
func (a *applier) newUpdater(label, table, key string, cols ...string) *updater {
	u := a.s.newUpdater(a.tx, label, table, key, cols...)
	order := u.bindOrder()
	u.packOn(a.conn, u.table, order, len(order)-1)
	return u
}

// importCacheKiB is the SQLite page cache of the import's connection (negative: KiB), 1 GiB.
const importCacheKiB = -1 << 20

// importConnection is the SQLite connection the store keeps for imports, opened at the first one, with a
// large page cache: a daily batch dirties pages all over the account, client, transaction and accumulator
// B-trees, more than the store's usual cache holds; a cache that overflows inside the transaction writes
// pages to the WAL early and reads them back; and pages kept from one night's import spare the next one
// reading the same index pages again. The cache grows only as pages are read, up to importCacheKiB. The
// caller holds importMu.
func (s *Store) importConnection(ctx context.Context) (*sql.Conn, error) {
	if s.importConn != nil {
		if err := s.importConn.PingContext(ctx); err == nil {
			return s.importConn, nil
		}
		s.importConn.Close() // broken: open another
		s.importConn = nil
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("import connection: %w", err)
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = %d", importCacheKiB)); err != nil {
		conn.Close()
		return nil, fmt.Errorf("import page cache: %w", err)
	}
	if err := autoCheckpoint(ctx, conn, 0); err != nil { // checkpointSoon after each commit instead
		conn.Close()
		return nil, err
	}
	s.importConn = conn
	return conn, nil
}

// importTx runs fn in the import's one transaction. On SQLite the transaction is begun on a connection
// held for the import, which fn also gets, so that rows can be bound in C against that same connection
// (within conn.Raw, while the transaction is open on it); on PostgreSQL conn is nil and nothing differs
// from Tx.
func (s *Store) importTx(ctx context.Context, fn func(tx *sql.Tx, conn *sql.Conn) error) error {
	if s.dialect != SQLite {
		return s.Tx(ctx, func(tx *sql.Tx) error { return fn(tx, nil) })
	}
	s.importMu.Lock()
	defer s.importMu.Unlock()
	conn, err := s.importConnection(ctx)
	if err != nil {
		return err
	}
	return s.largeTx(ctx, conn, fn)
}

// largeTx runs fn in a transaction begun on conn (whose automatic checkpoint is off) and, once it is
// committed, asks for the checkpoint in the background.
func (s *Store) largeTx(ctx context.Context, conn *sql.Conn, fn func(tx *sql.Tx, conn *sql.Conn) error) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	if err := finishTx(tx, func(tx *sql.Tx) error { return fn(tx, conn) }); err != nil {
		return err
	}
	s.checkpointSoon()
	return nil
}

// connTx runs fn in a transaction begun on a connection of the pool, which fn also gets on SQLite (nil on
// PostgreSQL), so that rows can be bound in C against it as the import binds its own (see importTx). It is
// for bulk writes outside the import: they run with a small page cache, since filling a large one with
// fresh memory costs more than it saves for a table written once.
func (s *Store) connTx(ctx context.Context, fn func(tx *sql.Tx, conn *sql.Conn) error) error {
	if s.dialect != SQLite {
		return s.Tx(ctx, func(tx *sql.Tx) error { return fn(tx, nil) })
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	defer conn.Close()
	// The checkpoint of a large write runs in the background (checkpointSoon); the connection goes back to
	// the pool with SQLite's automatic one.
	if err := autoCheckpoint(ctx, conn, 0); err != nil {
		return err
	}
	// A bulk write visits each page once, in key order, as a whole-table read does: the small cache of
	// scanTable serves it as well, with less fresh memory (a cold save of a million ratings beside the
	// rules: 3.4 – 3.5 s against 4.0 s on the usual 64 MiB).
	restore, err := withCache(ctx, conn, scanCacheKiB)
	if err != nil {
		return fmt.Errorf("bulk write: %w", err)
	}
	defer restore()
	defer func() {
		if err := autoCheckpoint(context.WithoutCancel(ctx), conn, 1000); err != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn }) // not back to the pool without it
		}
	}()
	return s.largeTx(ctx, conn, fn)
}

func monthOf(d domain.Date) int { return d.Year()*100 + int(d.Month()) }

type applier struct {
	s     *Store
	tx    *sql.Tx
	conn  *sql.Conn // SQLite: the connection tx runs on, for rows bound in C; nil on PostgreSQL
	b     *ingest.Batch
	opts  ImportOptions
	res   *ImportResult
	day   int
	month int
	total int
	done  int

	catalogue map[string]domain.Product     // the whole catalogue after this batch's PROD
	rates     map[string]int64              // currency → rate in millionths, for the business date
	prevRate  map[string]int64              // currency → last stored rate before this batch
	aumDelta  map[string]int64              // client → change of AUM from its accounts' changes
	reclassed []string                      // products whose asset class this batch changed
	repointed map[string]string             // product → its points class before this batch, when the batch changed it
	months    map[string]*clientMonth       // client → this month's volumes from TXN and INCOME
	rebuild   []func(context.Context) error // indexes to build after a bulk load
	feed      feedState                     // what the rating passes need from the batch (ratingfeed.go)
	empty     map[string]bool               // emptyTables that held no row before the batch
	aumAtLoad map[string]int64              // client → AUM written with its row by a first load
	absent    []closing                     // a full batch's absent active accounts, when the accounts step found them
	balances  *monthWriter                  // the accounts' moves for the balance accumulators
	overflow  *SumOverflowError             // the first sum that would have overflowed: the batch is refused
}

type clientMonth struct {
	purchases, cardSpend, fees, outflow int64
	txns                                int
	lastTxn                             domain.Date
	last                                rowRef // the client's last TXN or INCOME row of the batch
}

func (a *applier) progress(n int) {
	a.done += n
	if a.opts.Progress != nil {
		a.opts.Progress(a.done, a.total)
	}
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
	// The catalogue is small (hundreds of products): keep it in memory for the accounts, as it stands after
	// this batch's rows.
	a.catalogue = map[string]domain.Product{}
	err := a.scan(ctx, "SELECT product_code, category, asset_class, points_class FROM products", func(scan func(...any) error) error {
		var p domain.Product
		if err := scan(&p.Code, &p.Category, &p.AssetClass, &p.PointsClass); err != nil {
			return err
		}
		a.catalogue[p.Code] = p
		return nil
	})
	if err != nil {
		return fmt.Errorf("read products: %w", err)
	}
	bk := a.newBulk("PROD", `INSERT INTO products (product_code, name, category, risk_level, asset_class, card_level,
		agreement_kind, points_class, term_days) VALUES `, `ON CONFLICT (product_code) DO UPDATE SET name = excluded.name,
		category = excluded.category, risk_level = excluded.risk_level, asset_class = excluded.asset_class,
		card_level = excluded.card_level, agreement_kind = excluded.agreement_kind, points_class = excluded.points_class,
		term_days = excluded.term_days`, 9)
	for _, p := range a.b.Products {
		if err := bk.add(ctx, p.Code, p.Name, p.Category, p.RiskLevel, p.AssetClass, p.CardLevel, p.AgreementKind, p.PointsClass, p.TermDays); err != nil {
			return err
		}
		if old, ok := a.catalogue[p.Code]; ok && old.AssetClass != p.AssetClass {
			a.reclassed = append(a.reclassed, p.Code)
		}
		if old, ok := a.catalogue[p.Code]; ok && old.PointsClass != p.PointsClass {
			if a.repointed == nil {
				a.repointed = map[string]string{}
			}
			if _, seen := a.repointed[p.Code]; !seen {
				a.repointed[p.Code] = old.PointsClass
			}
		}
		a.catalogue[p.Code] = p.Product
	}
	a.res.Rows["PROD"] = len(a.b.Products)
	a.progress(len(a.b.Products))
	return bk.close(ctx)
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
	bk := a.newBulk("FX", "INSERT INTO fx_rates (business_date, currency, rate_micro) VALUES ",
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

// chunkRows is how many batch rows are looked up in the store with one query.
const chunkRows = 500

// bulkLoadMin is the number of rows a batch must insert into an empty table for the import to drop the
// table's secondary indexes during the load and build them at the end (the first, full batch).
const bulkLoadMin = 20000

// emptyTables are the tables whose emptiness before the batch the import uses (applier.empty).
var emptyTables = []string{"clients", "accounts", "balances_open", "volumes_open"}

// lookEmpty notes which of emptyTables hold no row before the batch. A batch's keys are unique within each of
// its files (ingest refuses a duplicate), so while applying a batch to a table that was empty nothing can be
// stored under a key the batch has not yet written: a first, full load reads nothing back.
func (a *applier) lookEmpty(ctx context.Context) error {
	a.empty = map[string]bool{}
	for _, t := range emptyTables {
		var one int
		err := a.tx.QueryRowContext(ctx, "SELECT 1 FROM "+t+" LIMIT 1").Scan(&one)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			a.empty[t] = true
		case err != nil:
			return fmt.Errorf("look into %s: %w", t, err)
		}
	}
	return nil
}

// wasEmpty reports whether table held no row before the batch.
func (a *applier) wasEmpty(ctx context.Context, table string) (bool, error) {
	if e, ok := a.empty[table]; ok {
		return e, nil
	}
	var one int
	err := a.tx.QueryRowContext(ctx, "SELECT 1 FROM "+table+" LIMIT 1").Scan(&one)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return true, nil
	case err != nil:
		return false, fmt.Errorf("look into %s: %w", table, err)
	}
	return false, nil
}

// bulkLoad defers the indexes of table while the batch loads rows into it, when the table is empty and the
// batch brings at least bulkLoadMin rows.
func (a *applier) bulkLoad(ctx context.Context, table string, rows int) error {
	if rows < bulkLoadMin {
		return nil
	}
	if empty, err := a.wasEmpty(ctx, table); err != nil || !empty {
		return err
	}
	rebuild, err := a.s.deferIndexes(ctx, a.tx, table)
	if err != nil {
		return err
	}
	a.rebuild = append(a.rebuild, rebuild)
	return nil
}

// indexes builds the indexes that bulkLoad deferred.
func (a *applier) indexes(ctx context.Context) error {
	for _, rebuild := range a.rebuild {
		if err := rebuild(ctx); err != nil {
			return err
		}
	}
	return nil
}

// custAttrs are the attributes of a client that CUST carries, as stored.
type custAttrs struct {
	name, idType, idNumber, gender                         string
	birth                                                  domain.Date
	mobile, phone, email, address, occupation, outlet, src string
	open                                                   domain.Date
	status, grade                                          string
}

func custOf(c *domain.Client) custAttrs {
	return custAttrs{c.Name, c.IDType, c.IDNumber, c.Gender, c.BirthDate, c.Mobile, c.Phone, c.Email, c.Address, c.Occupation,
		c.OutletID, c.Source, c.OpenDate, c.Status, c.CreditGrade}
}

// clients applies CUST rows: a new client is inserted; a known one has the attributes the row carries
// replaced, an absent (empty) optional attribute keeping its stored value, and is not written at all when
// nothing changed. The relationship and the staff-kept life details are not the core's.
func (a *applier) clients(ctx context.Context) error {
	rows := a.b.Clients
	if len(rows) == 0 {
		return nil
	}
	if err := a.bulkLoad(ctx, "clients", len(rows)); err != nil {
		return err
	}
	if err := a.bulkLoad(ctx, "client_aum", len(rows)); err != nil {
		return err
	}
	ins := a.newBulk("CUST", `INSERT INTO clients (client_id, name, id_type, id_number, id_rev, gender, birth_date, mobile,
		mobile_rev, phone, email, address, occupation, outlet_id, source, open_date, status, credit_grade, updated_at) VALUES `, "", 19)
	insAUM := a.newBulk("CUST", "INSERT INTO client_aum (client_id, aum) VALUES ", "", 2)
	a.loadAUM()
	upd := a.newUpdater("CUST", "clients", "client_id:text", "name:text", "id_type:text", "id_number:text", "id_rev:text",
		"gender:text", "birth_date:date", "mobile:text", "mobile_rev:text", "phone:text", "email:text", "address:text", "occupation:text",
		"outlet_id:text", "source:text", "open_date:date", "status:text", "credit_grade:text", "updated_at:timestamptz")
	now := a.s.now()
	for i := 0; i < len(rows); i += chunkRows {
		chunk := rows[i:min(i+chunkRows, len(rows))]
		old, err := a.storedClients(ctx, chunk)
		if err != nil {
			return err
		}
		for _, r := range chunk {
			c := r.Client
			o, known := old[c.ClientID]
			if !known {
				if err := ins.add(ctx, c.ClientID, c.Name, c.IDType, c.IDNumber, reverse(c.IDNumber), c.Gender, c.BirthDate, c.Mobile,
					reverse(c.Mobile), c.Phone, c.Email, c.Address, c.Occupation, c.OutletID, c.Source, c.OpenDate, c.Status,
					c.CreditGrade, now); err != nil {
					return err
				}
				if err := insAUM.add(ctx, c.ClientID, a.aumAtLoad[c.ClientID]); err != nil {
					return err
				}
				a.touch(c.ClientID)
				continue
			}
			keep(&c.Gender, o.gender)
			keep(&c.Mobile, o.mobile)
			keep(&c.Phone, o.phone)
			keep(&c.Email, o.email)
			keep(&c.Address, o.address)
			keep(&c.Occupation, o.occupation)
			keep(&c.Source, o.src)
			keep(&c.CreditGrade, o.grade)
			if c.BirthDate.IsZero() {
				c.BirthDate = o.birth
			}
			if custOf(&c) == o {
				continue
			}
			if err := upd.add(ctx, c.ClientID, c.Name, c.IDType, c.IDNumber, reverse(c.IDNumber), c.Gender, c.BirthDate, c.Mobile,
				reverse(c.Mobile), c.Phone, c.Email, c.Address, c.Occupation, c.OutletID, c.Source, c.OpenDate, c.Status,
				c.CreditGrade, now); err != nil {
				return err
			}
		}
		a.progress(len(chunk))
	}
	if err := ins.close(ctx); err != nil {
		return err
	}
	if err := insAUM.close(ctx); err != nil {
		return err
	}
	a.res.Rows["CUST"] = len(rows)
	return upd.close(ctx)
}

// keep leaves an absent (empty) attribute as stored.
func keep(v *string, stored string) {
	if *v == "" {
		*v = stored
	}
}

func (a *applier) storedClients(ctx context.Context, rows []ingest.ClientRow) (map[string]custAttrs, error) {
	if a.empty["clients"] {
		return nil, nil
	}
	ids := make([]any, len(rows))
	for i, r := range rows {
		ids[i] = r.ClientID
	}
	out := make(map[string]custAttrs, len(rows))
	err := a.lookup(ctx, `SELECT client_id, name, id_type, id_number, gender, birth_date, mobile, phone, email, address,
		occupation, outlet_id, source, open_date, status, credit_grade FROM clients WHERE`, []string{"client_id"}, ids,
		func(scan func(...any) error) error {
			var id string
			var c custAttrs
			if err := scan(&id, &c.name, &c.idType, &c.idNumber, &c.gender, &c.birth, &c.mobile, &c.phone, &c.email, &c.address,
				&c.occupation, &c.outlet, &c.src, &c.open, &c.status, &c.grade); err != nil {
				return err
			}
			out[id] = c
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("read clients: %w", err)
	}
	return out, nil
}

// storedAccount is what the store held for an account before the batch.
type storedAccount struct {
	client, product, currency string
	balance, cny              int64
	open, maturity            domain.Date
	status                    string
}

// eod is the account's end-of-day balance in CNY as the accumulators count it: 0 once closed.
func (o storedAccount) eod() int64 {
	if o.status != "active" {
		return 0
	}
	return o.cny
}

// accounts applies ACCT rows in chunks: for each chunk it reads what the accounts held, inserts the new
// ones, writes only what changed of the others (a balance change, the usual case, touches no index), moves
// the owners' AUM by the difference, and records the moves for the running accumulators (balanceMonths).
func (a *applier) accounts(ctx context.Context) error {
	rows := a.b.Accounts
	if len(rows) == 0 {
		return nil
	}
	if err := a.bulkLoad(ctx, "accounts", len(rows)); err != nil {
		return err
	}
	ins := a.newBulk("ACCT", `INSERT INTO accounts (account_id, client_id, product_code, currency, balance, balance_cny,
		open_date, maturity_date, status) VALUES `, "", 9)
	// A balance that moves is the night's usual change; a new maturity date (a deposit rolled over) is rare.
	// They are two statements because SQLite rewrites the entries of every index holding a column the SET
	// names, changed or not: naming maturity_date for each move doubled the cost of an update (the index
	// accounts_maturity).
	moved := a.newUpdater("ACCT", "accounts", "account_id:text", "balance:bigint", "balance_cny:bigint")
	matured := a.newUpdater("ACCT", "accounts", "account_id:text", "balance:bigint", "balance_cny:bigint", "maturity_date:date")
	changed := a.newUpdater("ACCT", "accounts", "account_id:text", "client_id:text", "product_code:text", "currency:text",
		"balance:bigint", "balance_cny:bigint", "open_date:date", "maturity_date:date", "status:text")
	// The rows are applied in account id order, so that each chunk's reads and writes land on neighbouring
	// pages whatever order the core wrote them in. A full batch on SQLite carries every open account: each
	// chunk reads the stored accounts of its whole id range at once, which also finds the accounts absent
	// from the batch (closeAbsent) without another pass over the table.
	ranged := a.b.AcctMode == ingest.AcctFull && !a.empty["accounts"] && a.conn != nil
	order := make([]*ingest.AccountRow, len(rows))
	for i := range rows {
		order[i] = &rows[i]
	}
	slices.SortFunc(order, func(x, y *ingest.AccountRow) int { return strings.Compare(x.AccountID, y.AccountID) })
	if ranged {
		a.absent = []closing{}
	}
	for i := 0; i < len(order); i += chunkRows {
		end := min(i+chunkRows, len(order))
		chunk := order[i:end]
		var old map[string]storedAccount
		var err error
		if ranged {
			var lo, hi string // the chunk's range reaches to the next chunk's first id
			if i > 0 {
				lo = chunk[0].AccountID
			}
			if end < len(order) {
				hi = order[end].AccountID
			}
			old, err = a.storedRange(ctx, lo, hi)
		} else {
			ids := make([]string, len(chunk))
			for j, r := range chunk {
				ids[j] = r.AccountID
			}
			old, err = a.storedAccounts(ctx, ids)
		}
		if err != nil {
			return err
		}
		if ranged {
			a.noteAbsent(chunk, old)
		}
		for _, r := range chunk {
			cny, err := a.toCNY(r.Balance, r.Currency)
			if err != nil {
				return fmt.Errorf("ACCT line %d: %w", r.Line, err)
			}
			o, known := old[r.AccountID]
			switch {
			case !known:
				err = ins.add(ctx, r.AccountID, r.ClientID, r.ProductCode, r.Currency, r.Balance, cny, r.OpenDate, r.MaturityDate, r.Status)
			case o.client == r.ClientID && o.product == r.ProductCode && o.currency == r.Currency && o.open == r.OpenDate && o.status == r.Status:
				switch {
				case o.maturity != r.MaturityDate:
					err = matured.add(ctx, r.AccountID, r.Balance, cny, r.MaturityDate)
				case o.balance != r.Balance || o.cny != cny:
					err = moved.add(ctx, r.AccountID, r.Balance, cny)
				}
			default:
				err = changed.add(ctx, r.AccountID, r.ClientID, r.ProductCode, r.Currency, r.Balance, cny, r.OpenDate, r.MaturityDate, r.Status)
			}
			if err != nil {
				return err
			}
			now := storedAccount{client: r.ClientID, product: r.ProductCode, cny: cny, status: r.Status}
			a.accountMoved(r.AccountID, o, known, now, r.Line)
		}
		a.progress(len(chunk))
	}
	a.res.Rows["ACCT"] = len(rows)
	for _, w := range []interface{ close(context.Context) error }{ins, moved, matured, changed} {
		if err := w.close(ctx); err != nil {
			return err
		}
	}
	return nil
}

// accountMoved records an account's new end-of-day state (now) for the month's accumulators (applied by
// the balances step) and moves the AUM of its owner (and of its former owner, if it changed hands) by the
// difference. line is the account's ACCT row (0 when the batch has none: a closing or a revaluation).
func (a *applier) accountMoved(id string, old storedAccount, known bool, now storedAccount, line int) {
	var prev int64
	at := rowRef{kind: ingest.KindACCT, line: line, column: "balance"}
	if known {
		prev = old.eod()
		a.addAUM(old.client, -a.assetValue(old.product, prev), at)
	}
	a.addAUM(now.client, a.assetValue(now.product, now.eod()), at)
	class := a.catalogue[now.product].PointsClass
	oldClass := a.pointsBefore(old.product)
	reassigned := known && (old.client != now.client || oldClass != class)
	if !known || prev != now.eod() || reassigned || old.status != now.status || old.product != now.product {
		a.touch(now.client)
		if known && old.client != now.client {
			a.touch(old.client)
		}
	}
	mv := acctMove{id: id, client: now.client, class: class, prev: prev, eod: now.eod(), reassigned: reassigned,
		earnedBefore: known && earnsBalancePoints(oldClass), line: line}
	if known && old.client != now.client {
		mv.was = old.client
	}
	a.balances.move(mv)
}

// pointsBefore is product's points class before this batch (the catalogue holds the class after it).
func (a *applier) pointsBefore(product string) string {
	if c, ok := a.repointed[product]; ok {
		return c
	}
	return a.catalogue[product].PointsClass
}

// earnsBalancePoints reports whether a points class counts balances (cards and agreements do not).
func earnsBalancePoints(class string) bool { return class != "" && class != "none" }

// repoint moves the balances of the accounts whose product this batch moved to another points class and
// that the batch's ACCT rows did not carry (those moved with the accounts step): from today their balance
// counts at the new class, and at none if the product stopped earning. The accounts of a product are read
// by a scan of the table, which only a batch that reclassifies a product pays.
func (a *applier) repoint(ctx context.Context) error {
	if len(a.repointed) == 0 || a.empty["accounts"] {
		return nil
	}
	carried := make(map[string]bool, len(a.b.Accounts))
	for _, r := range a.b.Accounts {
		carried[r.AccountID] = true
	}
	codes := make([]string, 0, len(a.repointed))
	for c := range a.repointed {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	type acct struct {
		id string
		storedAccount
	}
	var list []acct
	err := a.scan(ctx, a.s.Rebind(`SELECT account_id, client_id, product_code, balance_cny FROM accounts
		WHERE status = 'active' AND product_code IN (`+placeholders(len(codes))+`)`), func(scan func(...any) error) error {
		var x acct
		if err := scan(&x.id, &x.client, &x.product, &x.cny); err != nil {
			return err
		}
		if !carried[x.id] {
			x.status = "active"
			list = append(list, x)
		}
		return nil
	}, anys(codes)...)
	if err != nil {
		return fmt.Errorf("accounts of reclassified products: %w", err)
	}
	for _, x := range list {
		a.accountMoved(x.id, x.storedAccount, true, x.storedAccount, 0)
	}
	return nil
}

// assetValue is what an account's end-of-day balance adds to its owner's AUM: asset products only.
func (a *applier) assetValue(product string, eod int64) int64 {
	if a.catalogue[product].AssetClass != "asset" {
		return 0
	}
	return eod
}

func (a *applier) addAUM(client string, delta int64, at rowRef) {
	if delta == 0 {
		return
	}
	if a.aumDelta == nil {
		a.aumDelta = map[string]int64{}
	}
	v := a.aumDelta[client]
	a.add(&v, delta, at, func() string { return "the AUM of client " + client })
	a.aumDelta[client] = v
}

func (a *applier) storedAccounts(ctx context.Context, ids []string) (map[string]storedAccount, error) {
	if a.empty["accounts"] {
		return nil, nil
	}
	old, read := storedAccountRows(len(ids))
	if err := a.lookup(ctx, storedAccountsRead+" WHERE", []string{"account_id"}, anys(ids), read); err != nil {
		return nil, fmt.Errorf("read accounts: %w", err)
	}
	return old, nil
}

// storedAccountsRead is what the import reads of a stored account.
const storedAccountsRead = `SELECT account_id, client_id, product_code, currency, balance, balance_cny, open_date, maturity_date, status FROM accounts`

// storedAccountRows returns a map of about n stored accounts and the row function that fills it from
// storedAccountsRead.
func storedAccountRows(n int) (map[string]storedAccount, func(scan func(...any) error) error) {
	old := make(map[string]storedAccount, n)
	return old, func(scan func(...any) error) error {
		var id string
		var o storedAccount
		if err := scan(&id, &o.client, &o.product, &o.currency, &o.balance, &o.cny, &o.open, &o.maturity, &o.status); err != nil {
			return err
		}
		old[id] = o
		return nil
	}
}

// storedRange reads the stored accounts whose ids are in [lo, hi) (an empty bound: unbounded).
func (a *applier) storedRange(ctx context.Context, lo, hi string) (map[string]storedAccount, error) {
	var conds []string
	var args []any
	if lo != "" {
		conds, args = append(conds, "account_id >= ?"), append(args, lo)
	}
	if hi != "" {
		conds, args = append(conds, "account_id < ?"), append(args, hi)
	}
	q := storedAccountsRead
	if len(conds) > 0 {
		q += " WHERE " + strings.Join(conds, " AND ")
	}
	old, read := storedAccountRows(chunkRows + chunkRows/4)
	if err := a.scan(ctx, q, read, args...); err != nil {
		return nil, fmt.Errorf("read accounts: %w", err)
	}
	return old, nil
}

// closing is an active account that a full batch did not carry.
type closing struct {
	id string
	storedAccount
}

// noteAbsent adds to a.absent the active accounts of a range read (storedRange) that its chunk of the
// batch does not carry.
func (a *applier) noteAbsent(chunk []*ingest.AccountRow, old map[string]storedAccount) {
	carried := make(map[string]struct{}, len(chunk))
	for _, r := range chunk {
		carried[r.AccountID] = struct{}{}
	}
	start := len(a.absent)
	for id, o := range old {
		if _, ok := carried[id]; !ok && o.status == "active" {
			a.absent = append(a.absent, closing{id: id, storedAccount: o})
		}
	}
	slices.SortFunc(a.absent[start:], func(x, y closing) int { return strings.Compare(x.id, y.id) })
}

// closeAbsent closes, in acct_mode=full, every active account the batch did not carry.
func (a *applier) closeAbsent(ctx context.Context) error {
	if a.b.AcctMode != ingest.AcctFull || a.empty["accounts"] {
		return nil // (every stored account is one the batch carried)
	}
	list := a.absent
	if list == nil { // the accounts step did not read by ranges
		carried := make(map[string]struct{}, len(a.b.Accounts))
		for _, r := range a.b.Accounts {
			carried[r.AccountID] = struct{}{}
		}
		err := a.scan(ctx, "SELECT account_id, client_id, product_code, balance_cny FROM accounts WHERE status = 'active'",
			func(scan func(...any) error) error {
				var c closing
				if err := scan(&c.id, &c.client, &c.product, &c.cny); err != nil {
					return err
				}
				if _, ok := carried[c.id]; !ok {
					c.status = "active"
					list = append(list, c)
				}
				return nil
			})
		if err != nil {
			return fmt.Errorf("full account mode: %w", err)
		}
	}
	if len(list) == 0 {
		return nil
	}
	upd := a.newUpdater("full account mode", "accounts", "account_id:text", "status:text", "balance:bigint", "balance_cny:bigint")
	for _, c := range list {
		if err := upd.add(ctx, c.id, "closed", int64(0), int64(0)); err != nil {
			return err
		}
		a.accountMoved(c.id, c.storedAccount, true, storedAccount{client: c.client, product: c.product, status: "closed"}, 0)
	}
	a.res.ClosedByFull = len(list)
	return upd.close(ctx)
}

// revalue converts, at a new rate, the active foreign-currency accounts that the batch did not carry: a
// balance in dollars is a different balance in yuan every day the rate moves.
func (a *applier) revalue(ctx context.Context) error {
	if a.empty["accounts"] {
		return nil // every stored account is one the batch carried, converted at its rate
	}
	carried := map[string]bool{}
	for _, r := range a.b.Accounts {
		if r.Currency != "CNY" {
			carried[r.AccountID] = true
		}
	}
	upd := a.newUpdater("revalue", "accounts", "account_id:text", "balance_cny:bigint")
	for _, f := range a.b.FX {
		if prev, ok := a.prevRate[f.Currency]; ok && prev == f.Rate {
			continue
		}
		type acct struct {
			id string
			storedAccount
		}
		var list []acct
		err := a.scan(ctx, a.s.Rebind(`SELECT account_id, client_id, product_code, balance, balance_cny FROM accounts
			WHERE currency = ? AND status = 'active'`), func(scan func(...any) error) error {
			var x acct
			if err := scan(&x.id, &x.client, &x.product, &x.balance, &x.cny); err != nil {
				return err
			}
			if !carried[x.id] {
				x.status = "active"
				list = append(list, x)
			}
			return nil
		}, f.Currency)
		if err != nil {
			return fmt.Errorf("revalue %s: %w", f.Currency, err)
		}
		for _, x := range list {
			cny, err := a.toCNY(x.balance, f.Currency)
			if err != nil {
				return fmt.Errorf("revalue account %s: %w", x.id, err)
			}
			if cny == x.cny {
				continue
			}
			if err := upd.add(ctx, x.id, cny); err != nil {
				return err
			}
			now := x.storedAccount
			now.cny = cny
			a.accountMoved(x.id, x.storedAccount, true, now, 0)
			a.res.Reconverted++
		}
	}
	return upd.close(ctx)
}

// balanceMonths applies the accounts' moves of the batch to the running balance accumulators.
func (a *applier) balanceMonths(ctx context.Context) error { return a.balances.apply(ctx) }

// txns stores the day's transactions and gathers each client's volumes for the month. A transaction id
// that an earlier batch applied violates the primary key; the import is then refused and names them.
func (a *applier) txns(ctx context.Context) error {
	if err := a.bulkLoad(ctx, "transactions", len(a.b.Txns)); err != nil {
		return err
	}
	own := map[string]bool{}
	for _, c := range a.opts.OwnBankCodes {
		own[c] = true
	}
	bk := a.newBulk("TXN", `INSERT INTO transactions (txn_id, account_id, client_id, business_date, ts, amount, amount_cny,
		currency, kind, channel, client_initiated, counterparty_bank, memo) VALUES `, "", 13)
	date := a.b.BusinessDate
	for i, t := range a.b.Txns {
		cny, err := a.toCNY(t.Amount, t.Currency)
		if err != nil {
			return fmt.Errorf("TXN line %d: %w", t.Line, err)
		}
		if err := bk.add(ctx, t.TxnID, t.AccountID, t.ClientID, date, utc(t.TS), t.Amount, cny, t.Currency, t.Kind,
			t.Channel, t.ClientInitiated, t.CounterpartyBank, t.Memo); err != nil {
			if isUniqueViolation(err) {
				return &DuplicateTxnError{IDs: []string{"(see report)"}}
			}
			return err
		}
		m := a.clientMonth(t.ClientID)
		m.last = rowRef{kind: ingest.KindTXN, line: t.Line, column: "amount"}
		switch {
		case t.Kind == "purchase":
			a.add(&m.purchases, abs(cny), m.last, func() string { return a.monthSum(t.ClientID, "purchases") })
		case t.Kind == "card_spend":
			a.add(&m.cardSpend, abs(cny), m.last, func() string { return a.monthSum(t.ClientID, "card spending") })
		case t.Kind == "transfer" && cny < 0 && t.CounterpartyBank != "" && !own[t.CounterpartyBank]:
			a.add(&m.outflow, -cny, m.last, func() string { return a.monthSum(t.ClientID, "outflows to other banks") })
		}
		if t.ClientInitiated {
			m.txns++
			m.lastTxn = date
		}
		a.txnSeen(t.TxnID, t.AccountID, t.ClientID, t.Kind, cny, t.CounterpartyBank != "" && !own[t.CounterpartyBank])
		if i%5000 == 4999 {
			a.progress(5000)
		}
	}
	if err := bk.close(ctx); err != nil {
		if isUniqueViolation(err) {
			return &DuplicateTxnError{IDs: []string{"(see report)"}}
		}
		return err
	}
	a.res.Rows["TXN"] = len(a.b.Txns)
	a.progress(len(a.b.Txns) % 5000)
	return nil
}

// monthSum names a client's sum of the batch's month.
func (a *applier) monthSum(client, what string) string {
	return fmt.Sprintf("client %s's %s of %d", client, what, a.month)
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
	bk := a.newBulk("INCOME", "INSERT INTO fee_income (business_date, client_id, product_code, amount) VALUES ", "", 4)
	for _, r := range a.b.Income {
		if err := bk.add(ctx, a.b.BusinessDate, r.ClientID, r.ProductCode, r.Amount); err != nil {
			return err
		}
		m := a.clientMonth(r.ClientID)
		m.last = rowRef{kind: ingest.KindINCOME, line: r.Line, column: "amount"}
		a.add(&m.fees, r.Amount, m.last, func() string { return a.monthSum(r.ClientID, "fee income") })
		a.touch(r.ClientID)
	}
	a.res.Rows["INCOME"] = len(a.b.Income)
	a.progress(len(a.b.Income))
	return bk.close(ctx)
}

// clientMonths adds the day's volumes to each client's open month (volumes_open): a client's first day of
// a month moves its open month, if any, to the closed months of its year (volumes_closed) and starts the new
// one; later days add to it.
func (a *applier) clientMonths(ctx context.Context) error {
	if len(a.months) == 0 {
		return nil
	}
	ids := make([]string, 0, len(a.months))
	for id := range a.months {
		ids = append(ids, id)
	}
	slices.Sort(ids) // the keys' order: B-tree writes land next to each other
	up := a.newBulk("client months", `INSERT INTO volumes_open (client_id, months) VALUES `,
		`ON CONFLICT (client_id) DO UPDATE SET months = excluded.months`, 2)
	closed := a.newBulk("closed client months", `INSERT INTO volumes_closed (year, client_id, months) VALUES `,
		`ON CONFLICT (year, client_id) DO UPDATE SET months = excluded.months`, 3)
	var text []byte
	for i := 0; i < len(ids); i += chunkRows {
		chunk := ids[i:min(i+chunkRows, len(ids))]
		stored, err := a.storedClientMonths(ctx, chunk)
		if err != nil {
			return err
		}
		var closing []volClosing // the open months this chunk closes, in client order
		for _, id := range chunk {
			m := a.months[id]
			e := volEntry{month: a.month, purchases: m.purchases, cardSpend: m.cardSpend, fees: m.fees, txns: int64(m.txns),
				outflow: m.outflow, lastTxn: m.lastTxn}
			if was, ok := stored[id]; ok {
				switch {
				case was.month == a.month:
					if !e.add(was) {
						a.overflowed(m.last, 0, func() string { return a.monthSum(id, "volumes (with the earlier days of the month)") })
						return a.overflow
					}
				case was.month < a.month:
					closing = append(closing, volClosing{id, was})
				default:
					return fmt.Errorf("client months: client %s has volumes of %d, after the batch's month", id, was.month)
				}
			}
			text = appendVolMonths(text[:0], []volEntry{e})
			if err := up.add(ctx, id, string(text)); err != nil {
				return err
			}
		}
		if text, err = a.closeClientMonths(ctx, closed, closing, text); err != nil {
			return err
		}
	}
	if err := up.close(ctx); err != nil {
		return err
	}
	return closed.close(ctx)
}

// volClosing is a client's open month that a batch of a later month closes.
type volClosing struct {
	client string
	volEntry
}

// closeClientMonths appends closing months to their clients' closed months of the year (volumes_closed),
// using text as a buffer.
func (a *applier) closeClientMonths(ctx context.Context, closed *bulk, closing []volClosing, text []byte) ([]byte, error) {
	byYear := map[int][]any{} // year → clients
	for _, c := range closing {
		byYear[c.month/100] = append(byYear[c.month/100], c.client)
	}
	years := map[int]map[string][]volEntry{}
	for year, clients := range byYear {
		stored := map[string][]volEntry{}
		years[year] = stored
		err := a.lookup(ctx, "SELECT client_id, months FROM volumes_closed WHERE year = "+strconv.Itoa(year)+" AND", []string{"client_id"}, clients,
			func(scan func(...any) error) error {
				var id, months sql.RawBytes
				if err := scan(&id, &months); err != nil {
					return err
				}
				es, err := parseVolMonths(months, nil)
				if err != nil {
					return fmt.Errorf("client %s, year %d: %w", id, year, err)
				}
				stored[string(id)] = es
				return nil
			})
		if err != nil {
			return text, fmt.Errorf("read closed client months: %w", err)
		}
	}
	for _, c := range closing {
		year := c.month / 100
		es := years[year][c.client]
		if k := len(es); k > 0 && es[k-1].month >= c.month {
			return text, fmt.Errorf("client months: client %s closes %d after %d", c.client, c.month, es[k-1].month)
		}
		text = appendVolMonths(text[:0], append(es, c.volEntry))
		if err := closed.add(ctx, year, c.client, string(text)); err != nil {
			return text, err
		}
	}
	return text, nil
}

// storedClientMonths reads the stored open months of the clients in chunk.
func (a *applier) storedClientMonths(ctx context.Context, chunk []string) (map[string]volEntry, error) {
	if a.empty["volumes_open"] {
		return nil, nil
	}
	stored := make(map[string]volEntry, len(chunk))
	var id, months sql.RawBytes
	err := a.lookup(ctx, "SELECT client_id, months FROM volumes_open WHERE", []string{"client_id"}, anys(chunk),
		func(scan func(...any) error) error {
			if err := scan(&id, &months); err != nil {
				return err
			}
			e, err := parseOpenVolumes(months)
			if err != nil {
				return fmt.Errorf("client %s: %w", id, err)
			}
			stored[string(id)] = e
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("read client months: %w", err)
	}
	return stored, nil
}

// loadAUM works out, on a first load (no client and no account stored before the batch), each client's
// AUM from the batch's accounts, so that a client's row is inserted with it rather than inserted and then
// updated: the accounts add the same amounts to aumDelta, and aum writes only what differs from this.
func (a *applier) loadAUM() {
	if !a.empty["clients"] || !a.empty["accounts"] {
		return
	}
	a.aumAtLoad = make(map[string]int64, len(a.b.Clients))
	for _, r := range a.b.Accounts {
		if r.Status != "active" || a.catalogue[r.ProductCode].AssetClass != "asset" {
			continue
		}
		cny, err := a.toCNY(r.Balance, r.Currency)
		if err != nil {
			continue // the accounts refuse the row
		}
		v := a.aumAtLoad[r.ClientID]
		a.add(&v, cny, rowRef{kind: ingest.KindACCT, line: r.Line, column: "balance"}, func() string { return "the AUM of client " + r.ClientID })
		a.aumAtLoad[r.ClientID] = v
	}
}

// aum moves each client's AUM by the change of its asset accounts' balances. When the batch changed a
// product's asset class, the AUM of every holder of that product is summed again from the accounts instead.
func (a *applier) aum(ctx context.Context) error {
	if len(a.reclassed) > 0 {
		return a.resumAUM(ctx)
	}
	for id, v := range a.aumAtLoad {
		a.addAUM(id, -v, rowRef{kind: ingest.KindACCT, column: "balance"}) // written with the client's row
	}
	ids := make([]string, 0, len(a.aumDelta))
	for id, d := range a.aumDelta {
		if d != 0 {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	upd := a.newUpdater("update AUM", "client_aum", "client_id:text", "aum:bigint:+")
	for _, id := range ids {
		if err := upd.add(ctx, id, a.aumDelta[id]); err != nil {
			return err
		}
	}
	return upd.close(ctx)
}

// resumAUM sums again the AUM of the clients whose accounts changed and of the holders of reclassified
// products.
func (a *applier) resumAUM(ctx context.Context) error {
	set := map[string]bool{}
	for id := range a.aumDelta {
		set[id] = true
	}
	err := a.scan(ctx, a.s.Rebind("SELECT DISTINCT client_id FROM accounts WHERE product_code IN ("+placeholders(len(a.reclassed))+")"),
		func(scan func(...any) error) error {
			var id string
			if err := scan(&id); err != nil {
				return err
			}
			set[id] = true
			return nil
		}, anys(a.reclassed)...)
	if err != nil {
		return fmt.Errorf("update AUM: %w", err)
	}
	ids := make([]string, 0, len(set))
	for id := range set {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return inChunks(ids, func(chunk []string, ph string) error {
		_, err := a.tx.ExecContext(ctx, a.s.Rebind(`UPDATE client_aum SET aum = COALESCE((SELECT sum(a.balance_cny) FROM accounts a
			WHERE a.client_id = client_aum.client_id AND a.status = 'active' AND a.product_code IN `+assetProducts+`), 0)
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
