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
	return parsePacked(s, out, 5, "accumulator", accMonth, func(f [][]byte) (accEntry, error) {
		m, err1 := parseInt(f[0])
		d, err2 := parseInt(f[1])
		before, err3 := parseInt(f[3])
		bal, err4 := parseInt(f[4])
		if err := errors.Join(err1, err2, err3, err4); err != nil {
			return accEntry{}, err
		}
		if m < 100001 || m%100 < 1 || m%100 > 12 || d < 1 || d > 31 || len(f[2]) == 0 {
			return accEntry{}, fmt.Errorf("month, day or points class out of range")
		}
		return accEntry{month: int(m), fromDay: int(d), class: pointsClass(f[2]), sumBefore: before, balance: bal}, nil
	})
}

// parsePacked appends to out the entries of a packed months text (migrations 0011 and 0012): entries
// separated by ';', each of n fields separated by ','. entry makes one entry of its fields; months must
// ascend. what names the text in errors. The text is cut in one pass over its bytes (a re-rating parses
// tens of millions of entries).
func parsePacked[E any](s []byte, out []E, n int, what string, month func(E) int, entry func(f [][]byte) (E, error)) ([]E, error) {
	var fields [8][]byte
	if len(s) == 0 {
		return out, nil
	}
	start, field, begin := 0, 0, 0 // the entry's first byte, the field being read, its first byte
	for i := 0; i <= len(s); i++ {
		c := byte(';')
		if i < len(s) {
			c = s[i]
		}
		if c != ',' && c != ';' {
			continue
		}
		text := s[start:min(i, len(s))]
		if field == n || (c == ';' && field != n-1) || (c == ',' && field == n-1) {
			return out, fmt.Errorf("%s entry %q: want %d fields", what, s[start:min(i+1, len(s))], n)
		}
		fields[field], field, begin = s[begin:i], field+1, i+1
		if c == ',' {
			continue
		}
		e, err := entry(fields[:n])
		if err != nil {
			return out, fmt.Errorf("%s entry %q: %w", what, text, err)
		}
		if k := len(out); k > 0 && month(out[k-1]) >= month(e) {
			return out, fmt.Errorf("%s entry %q: month %d after %d", what, text, month(e), month(out[k-1]))
		}
		out = append(out, e)
		if i == len(s)-1 {
			return out, fmt.Errorf("%s months end with ';'", what)
		}
		start, field = i+1, 0
	}
	return out, nil
}

// parseInt parses a decimal int64 without allocating.
func parseInt(b []byte) (int64, error) {
	if len(b) == 0 || len(b) > 20 {
		return 0, fmt.Errorf("bad number %q", b)
	}
	neg := b[0] == '-'
	if neg {
		b = b[1:]
		if len(b) == 0 {
			return 0, fmt.Errorf("bad number %q", b)
		}
	}
	var n uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("bad number %q", b)
		}
		n = n*10 + uint64(c-'0')
		if n > 1<<63 {
			return 0, fmt.Errorf("number %q out of range", b)
		}
	}
	if neg {
		return -int64(n), nil
	}
	if n > 1<<63-1 {
		return 0, fmt.Errorf("number %q out of range", b)
	}
	return int64(n), nil
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
		`INSERT INTO account_balances (account_id, client_id, months) VALUES `,
		`ON CONFLICT (account_id, client_id) DO UPDATE SET months = excluded.months`, 3)}
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
	return m.up.add(ctx, account, r.client, string(m.text))
}

// read fills stored with the rows of the accounts moved.
func (m *monthWriter) read(ctx context.Context, stored map[string][]*accRow) error {
	a := m.a
	ids := make([]any, len(m.moves))
	for i, mv := range m.moves {
		ids[i] = mv.id
	}
	var id, client, months sql.RawBytes
	return a.scan(ctx, a.s.Rebind("SELECT account_id, client_id, months FROM account_balances WHERE account_id IN ("+
		placeholders(len(ids))+")"), func(scan func(...any) error) error {
		if err := scan(&id, &client, &months); err != nil {
			return err
		}
		r := &accRow{client: string(client), stored: true}
		var err error
		if r.months, err = parseAccMonths(months, nil); err != nil {
			return fmt.Errorf("account %s: %w", id, err)
		}
		stored[string(id)] = append(stored[string(id)], r)
		return nil
	}, ids...)
}

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
