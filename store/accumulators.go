package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/ingest"
)

// The running balance accumulators (migration 0016). A client's accounts share one row per month: the
// row of the month being accumulated (balances_open), rewritten by every batch that moves one of the
// client's accounts, and the rows of closed months, each closed once, when the first batch of a later
// month moves one of the client's accounts. Closed rows are gathered by client and quarter of closing
// (balances_closed), so that a night's closings land together at the end of the table, a quarter's row
// holds at most three months, and the re-rating reads only the quarters its window needs, two or three
// rows a client. Nothing a night writes grows with the history kept.
//
// A row of month P holds, for each account that earned balance points with the client in P, the entry
// "account,from_day,class,sum_before,balance": the month's sum of end-of-day balances up to day D is
// sum_before + balance × (D − from_day + 1). The row stands for every month from P until the month it
// was closed in (closed_in; an open row, until now): a month without a row carries the balances of the
// latest one. Closing a row opens the next with each account's balance carried (from day 1, nothing
// before), dropping the accounts whose balance is 0. A month belongs to the account's owner at the month's
// last change: an account that changes hands takes its open month's entry to its new owner's row.

// acctMove is an account's end-of-day balance (CNY fen) changing from prev to eod as of the batch's day.
type acctMove struct {
	id, client, class string
	key               string // the account's id as its entries write it (entryKey)
	was               string // the owner before the batch, when the account changed hands; else ""
	prev, eod         int64
	reassigned        bool // the account changed owner or points class
	ends              bool // the account stops earning balance points: its entry, if any, ends today
	// earnedBefore: yesterday the account earned balance points (its product had a points class), so its
	// month so far counts at prev when it has no entry to carry. An account that starts earning today (new,
	// or its product moved out of class none) counts from today only.
	earnedBefore bool
	line         int // the account's ACCT row, or 0 (a closing, a revaluation)
}

// balEntry is one account's entry in a client's month row. account aliases the text it was read from.
type balEntry struct {
	account            []byte
	fromDay            int
	class              string
	sumBefore, balance int64
}

// parseBalEntries appends to out the entries of a balances row (see above), checking that each is well
// formed and that the accounts ascend.
func parseBalEntries(s []byte, out []balEntry) ([]balEntry, error) {
	p := packedText{s: s}
	for p.entry() {
		e := balEntry{account: p.word(), fromDay: int(p.num(true)), class: pointsClass(p.word()), sumBefore: p.num(true), balance: p.num(false)}
		if p.bad {
			return out, p.fail("accumulator", "want account,from_day,class,sum_before,balance")
		}
		if e.fromDay < 1 || e.fromDay > 31 {
			return out, p.fail("accumulator", "day out of range")
		}
		if k := len(out); k > 0 && bytes.Compare(out[k-1].account, e.account) >= 0 {
			return out, p.fail("accumulator", fmt.Sprintf("account %s after %s", e.account, out[k-1].account))
		}
		out = append(out, e)
	}
	return out, nil
}

// entryKey is an account id as an entry writes it: the bytes that separate fields, entries and closed months
// (',', ';', newline) and '%' percent-encoded, so that any id the feeds allow packs safely. Entries are in
// the order of these keys.
func entryKey(id string) string {
	if !strings.ContainsAny(id, ",;\n%") {
		return id
	}
	var b strings.Builder
	for i := 0; i < len(id); i++ {
		switch c := id[i]; c {
		case ',', ';', '\n', '%':
			fmt.Fprintf(&b, "%%%02X", c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// appendBalEntries appends the text of entries (in account order) to dst.
func appendBalEntries(dst []byte, entries []balEntry) []byte {
	for i, e := range entries {
		if i > 0 {
			dst = append(dst, ';')
		}
		dst = append(dst, e.account...)
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

// closedMonth is a closed month's row within a row of balances_closed: "closed_in month entries".
type closedMonth struct {
	closedIn, month int
	entries         []byte // aliases the text read
}

// parseClosedMonths calls fn for each closed month of a balances_closed row, in closing order.
func parseClosedMonths(s []byte, fn func(c closedMonth) error) error {
	for len(s) > 0 {
		line := s
		if i := bytes.IndexByte(s, '\n'); i >= 0 {
			line, s = s[:i], s[i+1:]
			if len(s) == 0 {
				return fmt.Errorf("closed months end with a newline")
			}
		} else {
			s = nil
		}
		var c closedMonth
		var ok bool
		if c.closedIn, line, ok = leadingMonth(line); ok {
			c.month, line, ok = leadingMonth(line)
		}
		if !ok || c.month >= c.closedIn {
			return fmt.Errorf("closed month %.40q: want \"closed_in month entries\", the month before closed_in", line)
		}
		c.entries = line
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}

// leadingMonth reads "YYYYMM " from the start of b.
func leadingMonth(b []byte) (int, []byte, bool) {
	if len(b) < 7 || b[6] != ' ' {
		return 0, b, false
	}
	m := 0
	for _, d := range b[:6] {
		if d < '0' || d > '9' {
			return 0, b, false
		}
		m = m*10 + int(d-'0')
	}
	return m, b[7:], validMonth(m)
}

// appendClosedMonth appends a closed month's row to dst, the text of a balances_closed row.
func appendClosedMonth(dst []byte, c closedMonth) []byte {
	if len(dst) > 0 {
		dst = append(dst, '\n')
	}
	dst = strconv.AppendInt(dst, int64(c.closedIn), 10)
	dst = append(dst, ' ')
	dst = strconv.AppendInt(dst, int64(c.month), 10)
	dst = append(dst, ' ')
	return append(dst, c.entries...)
}

// quarterOf is the quarter (YYYYQ) of a month (YYYYMM).
func quarterOf(month int) int { return month/100*10 + (month%100+2)/3 }

// AccumulatorMonthsKept is how many months of accumulators the import keeps (three years, for
// explanations and re-ratings of past months): a closed balances row is dropped once the months it stands
// for all lie further back, a closed year of volumes once all its months do.
const AccumulatorMonthsKept = 36

func validMonth(m int) bool { return m >= 100001 && m%100 >= 1 && m%100 <= 12 }

func monthIndex(yyyymm int) int { return yyyymm/100*12 + yyyymm%100 - 1 }

// monthAt is the month (YYYYMM) of a monthIndex.
func monthAt(index int) int { return index/12*100 + index%12 + 1 }

// addMonth is the month n months after m (YYYYMM).
func addMonth(m, n int) int { return monthAt(monthIndex(m) + n) }

// packedText reads packed entries in one pass over their bytes, without allocating: entries separated by
// ';', fields by ','. A re-rating reads tens of millions of entries. A malformed field sets bad; the
// caller checks it once the entry is read.
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
		return fmt.Errorf("%s entries end with ';'", what)
	}
	return fmt.Errorf("%s entry %q: %s", what, p.s[p.start:end], why)
}

// balRow is a client's open balances row as the import holds it.
type balRow struct {
	month   int
	entries []balEntry // in account order
	stored  bool       // the row is in the store
}

// find returns where account's entry is, or would be, in the row's entries.
func (r *balRow) find(account string) (int, bool) {
	return slices.BinarySearchFunc(r.entries, account, func(e balEntry, id string) int { return strings.Compare(string(e.account), id) })
}

// monthWriter moves the running accumulators (balances_open and balances_closed) of the accounts a batch
// moved. It gathers the moves of the whole batch and applies them client by client at the end, so that a
// client's row is read and written once a batch, whichever of its steps moved which of its accounts.
type monthWriter struct {
	a     *applier
	moves []acctMove
}

// move records that an account's end-of-day balance is mv.eod from today on; mv.prev is what it held at
// the end of yesterday (0 if it was closed or did not exist).
func (m *monthWriter) move(mv acctMove) {
	if mv.class == "" || mv.class == "none" {
		if !mv.reassigned {
			return // cards and agreements earn no balance points
		}
		// An account whose product stopped earning, or that changed hands while earning nothing: the
		// balance its entry carries stops today, and a former owner's row lets it go.
		mv.ends = true
	}
	if mv.prev == mv.eod && !mv.reassigned {
		return // the carried-forward balance is still right
	}
	mv.key = entryKey(mv.id)
	if m.moves == nil {
		// Room for every ACCT row of the batch (a first load moves nearly all): growing the list by
		// doubling copied it a dozen times, a tenth of a first load's accounts step.
		m.moves = make([]acctMove, 0, len(m.a.b.Accounts)+16)
	}
	m.moves = append(m.moves, mv)
}

// balOp is what a batch does to one client's row: moves an account (mv), or takes away an account that
// changed hands (drop).
type balOp struct {
	client string
	seq    int // the operation's place in the batch: a client's operations apply in that order
	mv     *acctMove
	drop   string
}

// apply writes the batch's moves: client by client, in client id order, in chunks of clients whose open
// rows are read with one lookup.
func (m *monthWriter) apply(ctx context.Context) error {
	a := m.a
	if err := m.prune(ctx); err != nil {
		return err
	}
	if len(m.moves) == 0 {
		return nil
	}
	ops := make([]balOp, 0, len(m.moves))
	var away []any // the former owners of the accounts that changed hands
	for i := range m.moves {
		mv := &m.moves[i]
		ops = append(ops, balOp{client: mv.client, seq: len(ops), mv: mv})
		if mv.was != "" {
			ops = append(ops, balOp{client: mv.was, seq: len(ops), drop: mv.key})
			away = append(away, mv.was)
		}
	}
	slices.SortFunc(ops, func(x, y balOp) int {
		if c := strings.Compare(x.client, y.client); c != 0 {
			return c
		}
		return x.seq - y.seq
	})
	// An account that changes hands takes its entry of this month to its new owner: read from the former
	// owner's row before any row is written.
	carried := map[string]balEntry{}
	if len(away) > 0 && !a.empty["balances_open"] {
		rows, err := m.read(ctx, away)
		if err != nil {
			return err
		}
		for i := range m.moves {
			mv := &m.moves[i]
			if r := rows[mv.was]; mv.was != "" && r != nil && r.month == a.month {
				if j, ok := r.find(mv.key); ok {
					carried[mv.key] = r.entries[j]
				}
			}
		}
	}
	w := &balWriter{m: m,
		open:    a.newBulk("balance accumulators", `INSERT INTO balances_open (client_id, month, accounts) VALUES `, "", 3),
		rewrite: a.newUpdater("balance accumulators", "balances_open", "client_id:text", "month:integer", "accounts:text"),
		closed: a.newBulk("closed balance accumulators", `INSERT INTO balances_closed (quarter, client_id, months) VALUES `,
			`ON CONFLICT (quarter, client_id) DO UPDATE SET months = excluded.months`, 3),
	}
	for i := 0; i < len(ops); {
		// A chunk of about chunkRows operations, never splitting a client's.
		end := min(i+chunkRows, len(ops))
		for end < len(ops) && ops[end].client == ops[end-1].client {
			end++
		}
		chunk := ops[i:end]
		var clients []any
		for j, op := range chunk {
			if j == 0 || op.client != chunk[j-1].client {
				clients = append(clients, op.client)
			}
		}
		var stored map[string]*balRow
		if !a.empty["balances_open"] {
			var err error
			if stored, err = m.read(ctx, clients); err != nil {
				return err
			}
			if err := w.readQuarter(ctx, stored); err != nil {
				return err
			}
		}
		for j := 0; j < len(chunk); {
			k := j + 1
			for k < len(chunk) && chunk[k].client == chunk[j].client {
				k++
			}
			if err := w.client(ctx, chunk[j].client, stored[chunk[j].client], chunk[j:k], carried); err != nil {
				return fmt.Errorf("balance accumulators of client %s: %w", chunk[j].client, err)
			}
			j = k
		}
		i = end
	}
	for _, b := range []interface{ close(context.Context) error }{w.open, w.rewrite, w.closed} {
		if err := b.close(ctx); err != nil {
			return err
		}
	}
	return nil
}

// balWriter writes the rows of apply.
type balWriter struct {
	m            *monthWriter
	open, closed *bulk    // new open rows; rows of closed months
	rewrite      *updater // stored open rows (an update by key costs one search, an upsert two)
	text         []byte
	quarter      map[string][]byte // client → its row of closed months of this quarter so far
}

// readQuarter reads this quarter's rows of closed months of the clients whose open rows the batch closes
// (those of an earlier month).
func (w *balWriter) readQuarter(ctx context.Context, stored map[string]*balRow) error {
	a := w.m.a
	var closing []any
	for id, r := range stored {
		if r.month < a.month {
			closing = append(closing, id)
		}
	}
	w.quarter = map[string][]byte{}
	if len(closing) == 0 {
		return nil
	}
	slices.SortFunc(closing, func(x, y any) int { return strings.Compare(x.(string), y.(string)) })
	var id, text sql.RawBytes
	err := a.lookup(ctx, "SELECT client_id, months FROM balances_closed WHERE quarter = "+strconv.Itoa(quarterOf(a.month))+" AND",
		[]string{"client_id"}, closing, func(scan func(...any) error) error {
			if err := scan(&id, &text); err != nil {
				return err
			}
			w.quarter[string(id)] = bytes.Clone(text)
			return nil
		})
	if err != nil {
		return fmt.Errorf("read closed balance accumulators: %w", err)
	}
	return nil
}

// client applies one client's operations to its open row (nil: none stored).
func (w *balWriter) client(ctx context.Context, client string, row *balRow, ops []balOp, carried map[string]balEntry) error {
	a := w.m.a
	switch {
	case row == nil:
		row = &balRow{month: a.month}
	case row.month > a.month:
		return fmt.Errorf("the open row is of %d, after the batch's month %d", row.month, a.month)
	case row.month < a.month:
		// The first batch of a new month to move one of the client's accounts closes the open row, into the
		// client's closed months of the quarter, and opens this month's with the balances carried.
		before := w.quarter[client]
		if err := parseClosedMonths(before, func(c closedMonth) error {
			if c.closedIn >= a.month {
				return fmt.Errorf("a month closed in %d is stored before the batch's month %d", c.closedIn, a.month)
			}
			return nil
		}); err != nil {
			return err
		}
		w.text = appendClosedMonth(append(w.text[:0], before...), closedMonth{closedIn: a.month, month: row.month,
			entries: appendBalEntries(nil, row.entries)})
		if err := w.closed.add(ctx, quarterOf(a.month), client, string(w.text)); err != nil {
			return err
		}
		open := make([]balEntry, 0, len(row.entries)+len(ops))
		for _, e := range row.entries {
			if e.balance != 0 {
				open = append(open, balEntry{account: e.account, fromDay: 1, class: e.class, balance: e.balance})
			}
		}
		row.month, row.entries = a.month, open
	}
	for _, op := range ops {
		if op.mv == nil {
			if i, ok := row.find(op.drop); ok {
				row.entries = slices.Delete(row.entries, i, i+1)
			}
			continue
		}
		mv := op.mv
		e := balEntry{account: []byte(mv.key), fromDay: a.day, class: mv.class, balance: mv.eod}
		at := rowRef{kind: ingest.KindACCT, line: mv.line, column: "balance"}
		what := func() string { return fmt.Sprintf("the month's sum of end-of-day balances of account %s", mv.id) }
		var ok bool
		if mv.earnedBefore {
			if e.sumBefore, ok = mulFen(mv.prev, int64(a.day-1)); !ok {
				a.overflowed(at, mv.prev, what)
				return a.overflow
			}
		}
		i, ok := row.find(mv.key)
		was, brought := carried[mv.key]
		if ok {
			was, brought = row.entries[i], true
		}
		if brought {
			// The days since the last change held the last balance; the month's entry follows the account to
			// its new owner or class.
			days, ok := mulFen(was.balance, int64(a.day-was.fromDay))
			if ok {
				e.sumBefore, ok = addFen(was.sumBefore, days)
			}
			if !ok {
				a.overflowed(at, was.balance, what)
				return a.overflow
			}
		}
		if mv.ends {
			if !brought {
				continue // nothing to end
			}
			e.class, e.balance = was.class, 0
		}
		if ok {
			row.entries[i] = e
		} else {
			row.entries = slices.Insert(row.entries, i, e)
		}
	}
	if len(row.entries) == 0 {
		if !row.stored {
			return nil
		}
		_, err := a.tx.ExecContext(ctx, a.s.Rebind("DELETE FROM balances_open WHERE client_id = ?"), client)
		return err
	}
	w.text = appendBalEntries(w.text[:0], row.entries)
	if row.stored {
		return w.rewrite.add(ctx, client, row.month, string(w.text))
	}
	return w.open.add(ctx, client, row.month, string(w.text))
}

// read returns the stored open rows of clients.
func (m *monthWriter) read(ctx context.Context, clients []any) (map[string]*balRow, error) {
	stored := make(map[string]*balRow, len(clients))
	var id, text sql.RawBytes
	var month int64
	err := m.a.lookup(ctx, "SELECT client_id, month, accounts FROM balances_open WHERE", []string{"client_id"}, clients,
		func(scan func(...any) error) error {
			if err := scan(&id, &month, &text); err != nil {
				return err
			}
			r := &balRow{month: int(month), stored: true}
			var err error
			if r.entries, err = parseBalEntries(bytes.Clone(text), nil); err != nil {
				return fmt.Errorf("client %s: %w", id, err)
			}
			stored[string(id)] = r
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("read balance accumulators: %w", err)
	}
	return stored, nil
}

// prune drops the closed rows and years older than AccumulatorMonthsKept: a range of each table's key.
func (m *monthWriter) prune(ctx context.Context) error {
	a := m.a
	first := addMonth(a.month, -AccumulatorMonthsKept) // the oldest month kept
	// A row closed in month C stands for the months before C: a quarter's rows closed before the quarter
	// of the oldest month kept stand for none of the months kept.
	if _, err := a.tx.ExecContext(ctx, a.s.Rebind("DELETE FROM balances_closed WHERE quarter < ?"), quarterOf(first)); err != nil {
		return fmt.Errorf("drop old balance accumulators: %w", err)
	}
	if _, err := a.tx.ExecContext(ctx, a.s.Rebind("DELETE FROM volumes_closed WHERE year < ?"), first/100); err != nil {
		return fmt.Errorf("drop old volumes: %w", err)
	}
	return nil
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

// ClientMonthSums reads the accumulators of one client for a complete calendar month (YYYYMM): the row
// that stands for the month, open or closed. It serves explanations and tests; the monthly rating reads
// the same tables in bulk.
func (s *Store) ClientMonthSums(ctx context.Context, clientID string, month int) (MonthSums, error) {
	days := domain.DaysIn(month/100, month%100)
	out := MonthSums{Month: month, Days: days, BalanceSum: map[string]int64{}}
	fail := func(err error) (MonthSums, error) {
		return out, fmt.Errorf("accumulators of client %s for %d: %w", clientID, month, err)
	}
	from, text, err := s.balancesAt(ctx, clientID, month)
	if err != nil {
		return fail(err)
	}
	entries, err := parseBalEntries(text, nil)
	if err != nil {
		return fail(err)
	}
	for _, e := range entries {
		n := int64(days) // unchanged all month
		if from == month {
			n = int64(days - e.fromDay + 1)
		}
		v, ok := mulFen(e.balance, n)
		if ok && from == month {
			v, ok = addFen(e.sumBefore, v)
		}
		if ok {
			v, ok = addFen(out.BalanceSum[e.class], v)
		}
		if !ok {
			return fail(fmt.Errorf("the sum of end-of-day balances of class %s overflows", e.class))
		}
		out.BalanceSum[e.class] = v
	}
	v, ok, err := s.volumesOf(ctx, clientID, month)
	if err != nil {
		return fail(err)
	}
	if ok {
		out.Purchases, out.CardSpend, out.FeeIncome = v.purchases, v.cardSpend, v.fees
	}
	return out, nil
}

// balancesAt returns the month and entries of the client's row that stands for month: the open row if it
// is of month or before, else the closed row of month or before closed the soonest after month.
func (s *Store) balancesAt(ctx context.Context, clientID string, month int) (int, []byte, error) {
	var from int
	var text []byte
	err := s.db.QueryRowContext(ctx, s.Rebind("SELECT month, accounts FROM balances_open WHERE client_id = ?"), clientID).Scan(&from, &text)
	switch {
	case err == nil && from <= month:
		return from, text, nil
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return 0, nil, err
	}
	// Rows are closed in the months after the one they stand for, and no further back than the months kept:
	// look the client up in each quarter of closing from the next month's, soonest first.
	var quarters []any
	for q, last := quarterOf(addMonth(month, 1)), quarterOf(addMonth(month, AccumulatorMonthsKept+1)); q <= last; q = nextQuarter(q) {
		quarters = append(quarters, q)
	}
	var at *closedMonth // the first month closed after month
	err = s.readRows(ctx, s.Rebind(`SELECT months FROM balances_closed WHERE client_id = ? AND quarter IN (`+
		placeholders(len(quarters))+`) ORDER BY quarter`), func(scan func(...any) error) error {
		var t []byte
		if err := scan(&t); err != nil {
			return err
		}
		return parseClosedMonths(t, func(c closedMonth) error {
			if at == nil && c.closedIn > month {
				c.entries = bytes.Clone(c.entries)
				at = &c
			}
			return nil
		})
	}, append([]any{clientID}, quarters...)...)
	if err != nil || at == nil || at.month > month {
		return 0, nil, err // (a first row after month: nothing stood for month)
	}
	return at.month, at.entries, nil
}

// nextQuarter is the quarter (YYYYQ) after q.
func nextQuarter(q int) int {
	if q%10 == 4 {
		return (q/10+1)*10 + 1
	}
	return q + 1
}

// AccumulatorMismatches counts the points-earning accounts whose latest accumulated end-of-day balance
// differs from their current balance (0 once closed), and the accounts in more than one client's open
// row: an integrity check of the import, which keeps the two together. The accounts are read whole; it is
// for tests and checks, not for the nightly path.
func (s *Store) AccumulatorMismatches(ctx context.Context) (int, error) {
	latest := map[string]int64{}
	wrong := 0
	err := s.scanTable(ctx, "SELECT client_id, accounts FROM balances_open", func(scan func(...any) error) error {
		var id string
		var text []byte
		if err := scan(&id, &text); err != nil {
			return err
		}
		entries, err := parseBalEntries(text, nil)
		if err != nil {
			return fmt.Errorf("client %s: %w", id, err)
		}
		for _, e := range entries {
			if _, twice := latest[string(e.account)]; twice {
				wrong++
			}
			latest[string(e.account)] = e.balance
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("accumulators: %w", err)
	}
	err = s.scanTable(ctx, `SELECT a.account_id, CASE WHEN a.status = 'active' THEN a.balance_cny ELSE 0 END FROM accounts a
		JOIN products p ON p.product_code = a.product_code WHERE p.points_class NOT IN ('', 'none')`, func(scan func(...any) error) error {
		var id string
		var eod int64
		if err := scan(&id, &eod); err != nil {
			return err
		}
		if latest[entryKey(id)] != eod {
			wrong++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("accounts: %w", err)
	}
	return wrong, nil
}
