package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/steward-bank/steward/domain"
)

// acctMove is an account's end-of-day balance (CNY fen) changing from prev to eod as of the batch's day.
type acctMove struct {
	id, client, class string
	prev, eod         int64
	reassigned        bool // the account changed owner or points class: its month row must say so
	known             bool // the account was in the store before the batch
}

// accEntry is one month of an account's running accumulator (migration 0011): the month's sum of end-of-day
// balances up to day D is sumBefore + balance × (D − fromDay + 1).
type accEntry struct {
	month, fromDay     int // YYYYMM; the day from which balance is held
	class              string
	sumBefore, balance int64
}

// accRow is a row of account_balances: an account's months with one owner, in month order.
type accRow struct {
	client  string
	owners  int // the account's rows (owners) when the row was written (migration 0014)
	months  []accEntry
	stored  bool // the row is in the store
	changed bool
}

// AccumulatorMonthsKept is how many months of an account's accumulator the import keeps (three years, for
// explanations and re-ratings of past months); older months are dropped, except the latest of them, which
// still carries its balance into the months after it.
const AccumulatorMonthsKept = 36

// parseAccMonths appends to out the months of an account_balances row (see migration 0011), checking
// that each entry is well formed and that months ascend.
func parseAccMonths(s []byte, out []accEntry) ([]accEntry, error) {
	p := packedText{s: s}
	for p.entry() {
		e := accEntry{month: int(p.num(true)), fromDay: int(p.num(true)), class: pointsClass(p.word()), sumBefore: p.num(true), balance: p.num(false)}
		if p.bad {
			return out, p.fail("accumulator", "want YYYYMM,from_day,class,sum_before,balance")
		}
		if !validMonth(e.month) || e.fromDay < 1 || e.fromDay > 31 {
			return out, p.fail("accumulator", "month or day out of range")
		}
		if k := len(out); k > 0 && out[k-1].month >= e.month {
			return out, p.fail("accumulator", fmt.Sprintf("month %d after %d", e.month, out[k-1].month))
		}
		out = append(out, e)
	}
	return out, nil
}

func validMonth(m int) bool { return m >= 100001 && m%100 >= 1 && m%100 <= 12 }

// packedText reads packed months (migrations 0011 and 0012) in one pass over their bytes, without
// allocating: entries separated by ';', fields by ','. A re-rating reads tens of millions of entries.
// A malformed field sets bad; the caller checks it once the entry is read.
type packedText struct {
	s     []byte
	i     int  // the next byte
	start int  // the entry's first byte
	bad   bool // a field of the entry is malformed
	trail bool // the text ends with ';'
}

// entry reports whether another entry follows, and starts it.
func (p *packedText) entry() bool {
	p.start = p.i
	return p.i < len(p.s)
}

// sep consumes the separator after a field: ',' when more fields follow in the entry, else ';' or the
// text's end.
func (p *packedText) sep(more bool) {
	switch {
	case more && p.i < len(p.s) && p.s[p.i] == ',':
		p.i++
	case !more && p.i == len(p.s):
	case !more && p.s[p.i] == ';':
		p.i++
		p.trail = p.i == len(p.s)
		p.bad = p.bad || p.trail
	default:
		p.bad = true
	}
}

// num reads a decimal int64 (an optional '-' and 1 to 19 digits) and its separator.
func (p *packedText) num(more bool) int64 {
	s, i := p.s, p.i
	neg := i < len(s) && s[i] == '-'
	if neg {
		i++
	}
	first := i
	var n uint64
	for i < len(s) && s[i]-'0' <= 9 {
		n = n*10 + uint64(s[i]-'0')
		i++
	}
	p.i = i
	if d := i - first; d == 0 || d > 19 || n > 1<<63 || (!neg && n > 1<<63-1) {
		p.bad = true
	}
	p.sep(more)
	if neg {
		return -int64(n)
	}
	return int64(n)
}

// word reads a non-empty text field followed by ','.
func (p *packedText) word() []byte {
	first := p.i
	for p.i < len(p.s) && p.s[p.i] != ',' && p.s[p.i] != ';' {
		p.i++
	}
	w := p.s[first:p.i]
	if len(w) == 0 {
		p.bad = true
	}
	p.sep(true)
	return w
}

// date reads the last field of an entry: a date YYYY-MM-DD, or nothing (the zero date).
func (p *packedText) date() domain.Date {
	var d domain.Date
	if p.i < len(p.s) && p.s[p.i] != ';' {
		end := min(p.i+10, len(p.s))
		var err error
		if d, err = domain.ParseISO(p.s[p.i:end]); err != nil {
			p.bad = true
		}
		p.i = end
	}
	p.sep(false)
	return d
}

// fail is the error for the entry being read.
func (p *packedText) fail(what, why string) error {
	end := p.start
	for end < len(p.s) && p.s[end] != ';' {
		end++
	}
	if p.trail {
		return fmt.Errorf("%s months end with ';'", what)
	}
	return fmt.Errorf("%s entry %q: %s", what, p.s[p.start:end], why)
}

// appendAccMonths appends the text of months (in month order) to dst.
func appendAccMonths(dst []byte, months []accEntry) []byte {
	for i, e := range months {
		if i > 0 {
			dst = append(dst, ';')
		}
		dst = strconv.AppendInt(dst, int64(e.month), 10)
		dst = append(dst, ',')
		dst = strconv.AppendInt(dst, int64(e.fromDay), 10)
		dst = append(dst, ',')
		dst = append(dst, e.class...)
		dst = append(dst, ',')
		dst = strconv.AppendInt(dst, e.sumBefore, 10)
		dst = append(dst, ',')
		dst = strconv.AppendInt(dst, e.balance, 10)
	}
	return dst
}

// put sets the row's entry of e.month (see putMonth).
func (r *accRow) put(e accEntry) {
	r.months = putMonth(r.months, e, accMonth)
	r.changed = true
}

// find returns the index of the row's entry of month, or -1.
func (r *accRow) find(month int) int { return findMonth(r.months, month, accMonth) }

func monthIndex(yyyymm int) int { return yyyymm/100*12 + yyyymm%100 - 1 }

// monthWriter moves accounts' running accumulators (account_balances) to a new end-of-day balance from one
// day of one month. Moves are gathered and written in chunks: the chunk's accounts' rows are read, the
// month's entry of each is created (its first change of the month) or brought forward, and each changed
// row is written back whole.
type monthWriter struct {
	a     *applier
	up    *bulk
	moves []acctMove
	text  []byte
}

func (a *applier) newMonths() *monthWriter {
	return &monthWriter{a: a, up: a.newBulk("balance accumulators",
		`INSERT INTO account_balances (client_id, account_id, owners, months) VALUES `,
		`ON CONFLICT (client_id, account_id) DO UPDATE SET owners = excluded.owners, months = excluded.months`, 4)}
}

// move records that an account's end-of-day balance is mv.eod from today on; mv.prev is what it held at
// the end of yesterday (0 if it was closed or did not exist).
func (m *monthWriter) move(ctx context.Context, mv acctMove) error {
	if mv.class == "" || mv.class == "none" {
		return nil // cards and agreements earn no balance points
	}
	if mv.prev == mv.eod && !mv.reassigned {
		return nil // the carried-forward balance is still right
	}
	m.moves = append(m.moves, mv)
	if len(m.moves) == chunkRows {
		return m.flush(ctx)
	}
	return nil
}

func (m *monthWriter) flush(ctx context.Context) error {
	if len(m.moves) == 0 {
		return nil
	}
	a := m.a
	stored := make(map[string][]*accRow, len(m.moves))
	if !a.empty["account_balances"] { // (a first load has no stored rows to read)
		if err := m.read(ctx, stored); err != nil {
			return fmt.Errorf("read balance accumulators: %w", err)
		}
	}
	for _, mv := range m.moves {
		rows := stored[mv.id]
		var cur, own *accRow // the row holding this month's entry; the new owner's row
		at := -1
		for _, r := range rows {
			if r.client == mv.client {
				own = r
			}
			if i := r.find(a.month); i >= 0 {
				cur, at = r, i
			}
		}
		e := accEntry{month: a.month, fromDay: a.day, class: mv.class, sumBefore: mv.prev * int64(a.day-1), balance: mv.eod}
		if cur != nil {
			// Brought forward: the days since the last change held the last balance. The month follows the
			// account to its new owner or class, as a month's row did.
			was := cur.months[at]
			e.sumBefore = was.sumBefore + was.balance*int64(a.day-was.fromDay)
			if cur != own {
				cur.months = slices.Delete(cur.months, at, at+1)
				cur.changed = true
			}
		}
		if own == nil {
			own = &accRow{client: mv.client}
			rows = append(rows, own)
		}
		own.put(e)
		if mv.reassigned || !own.stored {
			// Every row of the account says how many owners' rows it has (the re-rating joins them). An
			// account that keeps its owner and class was read by its one row, whose count stands.
			for _, r := range rows {
				if r.owners != len(rows) {
					r.owners, r.changed = len(rows), true
				}
			}
		}
		for _, r := range rows {
			if err := m.write(ctx, mv.id, r); err != nil {
				return fmt.Errorf("account %s: %w", mv.id, err)
			}
		}
	}
	m.moves = m.moves[:0]
	return nil
}

// write stores a changed row: upserted, or deleted when its last month moved to another owner.
func (m *monthWriter) write(ctx context.Context, account string, r *accRow) error {
	if !r.changed {
		return nil
	}
	r.changed = false
	if len(r.months) == 0 {
		if !r.stored {
			return nil
		}
		_, err := m.a.tx.ExecContext(ctx, m.a.s.Rebind("DELETE FROM account_balances WHERE account_id = ? AND client_id = ?"), account, r.client)
		return err
	}
	m.text = appendAccMonths(m.text[:0], r.months)
	return m.up.add(ctx, r.client, account, r.owners, string(m.text))
}

// read fills stored with the rows of the accounts moved: for an account that keeps its owner and points
// class, the owner's row, by its key (its month is in that row: a month follows the account to its owner);
// for one that changes hands or class, or a stored account its owner has no row of yet (it earned nothing
// so far, or changed hands while it earned nothing), all its rows, by the index on account_id, so that
// every row of the account is counted in owners.
func (m *monthWriter) read(ctx context.Context, stored map[string][]*accRow) error {
	a := m.a
	var pairs, byAccount []any
	for _, mv := range m.moves {
		if mv.reassigned {
			byAccount = append(byAccount, mv.id)
		} else {
			pairs = append(pairs, mv.client, mv.id)
		}
	}
	var id, client, months sql.RawBytes
	var owners int64
	row := func(scan func(...any) error) error {
		if err := scan(&client, &id, &owners, &months); err != nil {
			return err
		}
		r := &accRow{client: string(client), owners: int(owners), stored: true}
		var err error
		if r.months, err = parseAccMonths(months, nil); err != nil {
			return fmt.Errorf("account %s: %w", id, err)
		}
		stored[string(id)] = append(stored[string(id)], r)
		return nil
	}
	if len(pairs) > 0 {
		if err := a.lookup(ctx, accRowsRead, []string{"client_id", "account_id"}, pairs, row); err != nil {
			return err
		}
		for _, mv := range m.moves {
			if !mv.reassigned && mv.known && len(stored[mv.id]) == 0 {
				byAccount = append(byAccount, mv.id)
			}
		}
	}
	if len(byAccount) > 0 {
		if err := a.lookup(ctx, accRowsRead, []string{"account_id"}, byAccount, row); err != nil {
			return err
		}
	}
	return nil
}

const accRowsRead = "SELECT client_id, account_id, owners, months FROM account_balances WHERE"

func (m *monthWriter) close(ctx context.Context) error {
	if err := m.flush(ctx); err != nil {
		return err
	}
	return m.up.close(ctx)
}

// MonthSums is what the accumulators say about one client over one calendar month: the sum of end-of-day
// balances (CNY fen × days) per points class, and the month's volumes.
type MonthSums struct {
	Month      int              // YYYYMM
	Days       int              // days in the month
	BalanceSum map[string]int64 // points class → Σ end-of-day balances over the month's days
	Purchases  int64
	CardSpend  int64
	FeeIncome  int64
}

// ClientMonthSums reads the accumulators of one client for a complete calendar month (YYYYMM), carrying
// forward, for accounts with no entry in that month, the balance of their latest earlier entry. An
// account counts for the client when that entry is in the client's row. It serves explanations and
// tests; the monthly rating reads the same table in bulk.
func (s *Store) ClientMonthSums(ctx context.Context, clientID string, month int) (MonthSums, error) {
	y, mo := month/100, month%100
	days := domain.DaysIn(y, mo)
	out := MonthSums{Month: month, Days: days, BalanceSum: map[string]int64{}}
	type latest struct {
		e      accEntry
		client string
	}
	last := map[string]latest{} // account → its latest entry up to month, over all its owners
	err := s.readRows(ctx, s.Rebind(`SELECT account_id, client_id, months FROM account_balances
		WHERE account_id IN (SELECT account_id FROM account_balances WHERE client_id = ?)`), func(scan func(...any) error) error {
		var id, client string
		var months []byte
		if err := scan(&id, &client, &months); err != nil {
			return err
		}
		es, err := parseAccMonths(months, nil)
		if err != nil {
			return fmt.Errorf("account %s: %w", id, err)
		}
		for _, e := range es {
			if e.month <= month && e.month > last[id].e.month {
				last[id] = latest{e, client}
			}
		}
		return nil
	}, clientID)
	if err != nil {
		return out, fmt.Errorf("accumulators of client %s for %d: %w", clientID, month, err)
	}
	for _, l := range last {
		if l.client != clientID {
			continue
		}
		if l.e.month == month {
			out.BalanceSum[l.e.class] += l.e.sumBefore + l.e.balance*int64(days-l.e.fromDay+1)
		} else {
			out.BalanceSum[l.e.class] += l.e.balance * int64(days) // unchanged all month
		}
	}
	var months []byte
	err = s.db.QueryRowContext(ctx, s.Rebind(`SELECT months FROM client_volumes WHERE client_id = ?`), clientID).Scan(&months)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return out, fmt.Errorf("volumes of client %s for %d: %w", clientID, month, err)
	}
	vs, err := parseVolMonths(months, nil)
	if err != nil {
		return out, fmt.Errorf("volumes of client %s: %w", clientID, err)
	}
	if i := findMonth(vs, month, volMonth); i >= 0 {
		out.Purchases, out.CardSpend, out.FeeIncome = vs[i].purchases, vs[i].cardSpend, vs[i].fees
	}
	return out, nil
}

// AccumulatorMismatches counts the points-earning accounts whose latest accumulated end-of-day balance
// differs from their current balance (0 once closed): an integrity check of the import, which keeps the
// two together. The accounts are read whole; it is for tests and checks, not for the nightly path.
func (s *Store) AccumulatorMismatches(ctx context.Context) (int, error) {
	latest := map[string]accEntry{}
	err := s.scanTable(ctx, "SELECT account_id, months FROM account_balances", func(scan func(...any) error) error {
		var id string
		var months []byte
		if err := scan(&id, &months); err != nil {
			return err
		}
		es, err := parseAccMonths(months, nil)
		if err != nil {
			return fmt.Errorf("account %s: %w", id, err)
		}
		if n := len(es); n > 0 && es[n-1].month > latest[id].month {
			latest[id] = es[n-1]
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("accumulators: %w", err)
	}
	wrong := 0
	err = s.scanTable(ctx, `SELECT a.account_id, CASE WHEN a.status = 'active' THEN a.balance_cny ELSE 0 END FROM accounts a
		JOIN products p ON p.product_code = a.product_code WHERE p.points_class NOT IN ('', 'none')`, func(scan func(...any) error) error {
		var id string
		var eod int64
		if err := scan(&id, &eod); err != nil {
			return err
		}
		if e, ok := latest[id]; (ok && e.balance != eod) || (!ok && eod != 0) {
			wrong++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("accounts: %w", err)
	}
	return wrong, nil
}
