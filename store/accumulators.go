package store

import (
	"context"
	"database/sql"
	"fmt"
)

// monthWriter moves accounts' running accumulators (balance_months) to a new end-of-day balance from one
// day of one month. See migration 0002 for the representation: the month's sum of end-of-day balances up
// to day D is sum_before + balance × (D − from_day + 1).
type monthWriter struct {
	bk    *bulk
	month int
	day   int
}

func (s *Store) newMonths(tx *sql.Tx, month, day int) *monthWriter {
	return &monthWriter{month: month, day: day, bk: s.newBulk(tx, "balance accumulators",
		`INSERT INTO balance_months (account_id, month, client_id, points_class, sum_before, from_day, balance) VALUES `,
		`ON CONFLICT (account_id, month) DO UPDATE SET
		sum_before = balance_months.sum_before + balance_months.balance * (excluded.from_day - balance_months.from_day),
		from_day = excluded.from_day, balance = excluded.balance, client_id = excluded.client_id,
		points_class = excluded.points_class`, 7)}
}

// move records that an account's end-of-day balance is eod from today on. prev is what the account held
// before today: when the month has no row yet, the account held prev every day since the 1st (a day
// before the account existed counts as 0).
func (m *monthWriter) move(ctx context.Context, accountID, clientID, pointsClass string, prev accountState, eod int64) error {
	if pointsClass == "" || pointsClass == "none" {
		return nil // cards and agreements earn no balance points
	}
	var before int64
	if prev.active {
		before = prev.balanceCNY * int64(m.day-1)
	}
	if err := m.bk.add(ctx, accountID, m.month, clientID, pointsClass, before, m.day, eod); err != nil {
		return fmt.Errorf("account %s: %w", accountID, err)
	}
	return nil
}

func (m *monthWriter) close(ctx context.Context) error { return m.bk.close(ctx) }

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
