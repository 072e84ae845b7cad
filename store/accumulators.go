package store

import (
	"context"
	"fmt"
)

// acctMove is an account's end-of-day balance (CNY fen) changing from prev to eod as of the batch's day.
type acctMove struct {
	id, client, class string
	prev, eod         int64
	reassigned        bool // the account changed owner or points class: its month row must say so
}

// monthWriter moves accounts' running accumulators (balance_months) to a new end-of-day balance from one
// day of one month. See migration 0002 for the representation: the month's sum of end-of-day balances up
// to day D is sum_before + balance × (D − from_day + 1). Moves are gathered and written in chunks: the
// chunk's rows of the month are read, then each account's row is inserted (its first change of the month)
// or updated.
type monthWriter struct {
	a     *applier
	ins   *bulk
	upd   *updater // the row's owner or points class changes too
	bal   *updater // only the balance: the indexed client_id is not touched
	moves []acctMove
}

func (a *applier) newMonths() *monthWriter {
	upd := a.newUpdater("balance accumulators", "balance_months", "account_id:text", "client_id:text", "points_class:text",
		"sum_before:bigint", "from_day:integer", "balance:bigint")
	upd.where = fmt.Sprintf("month = %d", a.month)
	bal := a.newUpdater("balance accumulators", "balance_months", "account_id:text", "sum_before:bigint", "from_day:integer", "balance:bigint")
	bal.where = upd.where
	return &monthWriter{a: a, upd: upd, bal: bal, ins: a.newBulk("balance accumulators",
		`INSERT INTO balance_months (account_id, month, client_id, points_class, sum_before, from_day, balance) VALUES `, "", 7)}
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
	stored := make(map[string]monthRow, len(m.moves))
	var err error
	if !a.empty["balance_months"] { // (a first load has no stored rows to read)
		err = m.read(ctx, stored)
	}
	if err != nil {
		return fmt.Errorf("read balance accumulators: %w", err)
	}
	for _, mv := range m.moves {
		if r, ok := stored[mv.id]; ok {
			sum := r.sumBefore + r.balance*int64(a.day-r.fromDay)
			if r.client == mv.client && r.class == mv.class {
				err = m.bal.add(ctx, mv.id, sum, a.day, mv.eod)
			} else {
				err = m.upd.add(ctx, mv.id, mv.client, mv.class, sum, a.day, mv.eod)
			}
		} else {
			// The month's first change: the account held prev every day since the 1st.
			err = m.ins.add(ctx, mv.id, a.month, mv.client, mv.class, mv.prev*int64(a.day-1), a.day, mv.eod)
		}
		if err != nil {
			return fmt.Errorf("account %s: %w", mv.id, err)
		}
	}
	m.moves = m.moves[:0]
	return nil
}

// monthRow is an account's stored accumulator of the month.
type monthRow struct {
	client, class      string
	sumBefore, balance int64
	fromDay            int
}

// read fills stored with this month's rows of the accounts moved.
func (m *monthWriter) read(ctx context.Context, stored map[string]monthRow) error {
	a := m.a
	ids := make([]any, len(m.moves))
	for i, mv := range m.moves {
		ids[i] = mv.id
	}
	return a.scan(ctx, a.s.Rebind("SELECT account_id, client_id, points_class, sum_before, from_day, balance FROM balance_months WHERE month = ? AND account_id IN ("+
		placeholders(len(ids))+")"), func(scan func(...any) error) error {
		var id string
		var r monthRow
		if err := scan(&id, &r.client, &r.class, &r.sumBefore, &r.fromDay, &r.balance); err != nil {
			return err
		}
		stored[id] = r
		return nil
	}, append([]any{a.month}, ids...)...)
}

func (m *monthWriter) close(ctx context.Context) error {
	if err := m.flush(ctx); err != nil {
		return err
	}
	if err := m.ins.close(ctx); err != nil {
		return err
	}
	if err := m.bal.close(ctx); err != nil {
		return err
	}
	return m.upd.close(ctx)
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
// forward, for accounts with no row in that month, the balance of their latest earlier row. It serves
// explanations and tests; the monthly rating reads the same tables in bulk.
func (s *Store) ClientMonthSums(ctx context.Context, clientID string, month int) (MonthSums, error) {
	y, mo := month/100, month%100
	days := daysIn(y, mo)
	out := MonthSums{Month: month, Days: days, BalanceSum: map[string]int64{}}
	rows, err := s.db.QueryContext(ctx, s.Rebind(`SELECT b.points_class, b.month, b.sum_before, b.from_day, b.balance
		FROM balance_months b WHERE b.client_id = ? AND b.month = (SELECT max(c.month) FROM balance_months c
		WHERE c.account_id = b.account_id AND c.month <= ?)`), clientID, month)
	if err != nil {
		return out, fmt.Errorf("accumulators of client %s for %d: %w", clientID, month, err)
	}
	defer rows.Close()
	for rows.Next() {
		var class string
		var m, from int
		var before, bal int64
		if err := rows.Scan(&class, &m, &before, &from, &bal); err != nil {
			return out, fmt.Errorf("accumulators of client %s: %w", clientID, err)
		}
		if m == month {
			out.BalanceSum[class] += before + bal*int64(days-from+1)
		} else {
			out.BalanceSum[class] += bal * int64(days) // unchanged all month
		}
	}
	if err := rows.Err(); err != nil {
		return out, err
	}
	err = s.db.QueryRowContext(ctx, s.Rebind(`SELECT COALESCE(sum(purchases), 0), COALESCE(sum(card_spend), 0), COALESCE(sum(fee_income), 0)
		FROM client_months WHERE client_id = ? AND month = ?`), clientID, month).Scan(&out.Purchases, &out.CardSpend, &out.FeeIncome)
	if err != nil {
		return out, fmt.Errorf("volumes of client %s for %d: %w", clientID, month, err)
	}
	return out, nil
}

func daysIn(y, m int) int {
	switch m {
	case 4, 6, 9, 11:
		return 30
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	}
	return 31
}
