package store

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"github.com/steward-bank/steward/ingest"
)

// WriteRawDelta writes only what a daily batch cannot do without, in one import transaction on SQLite,
// with the import's own C path: each account row's new balance (in account id order) and each
// transaction. No reads, no checks, no accumulators, AUM or rating feed. BenchmarkDeltaFloor times it as
// the floor under the whole import of the same batch.
func WriteRawDelta(ctx context.Context, s *Store, b *ingest.Batch) error {
	return s.importTx(ctx, func(tx *sql.Tx, conn *sql.Conn) error {
		accts := slices.Clone(b.Accounts)
		slices.SortFunc(accts, func(x, y ingest.AccountRow) int { return strings.Compare(x.AccountID, y.AccountID) })
		var buf rowBuf
		run := func(query string, ncols int) error {
			_, err := execRows(ctx, conn, query, ncols, &buf)
			buf.reset()
			return err
		}
		const upd = "UPDATE accounts SET balance = ?, balance_cny = ? WHERE account_id = ?"
		for _, a := range accts {
			buf.startRow()
			buf.int(a.Balance)
			buf.int(a.Balance)
			buf.text(a.AccountID)
			if buf.n == cRowsPer {
				if err := run(upd, 3); err != nil {
					return err
				}
			}
		}
		if err := run(upd, 3); err != nil {
			return err
		}
		const ins = `INSERT INTO transactions (txn_id, account_id, client_id, business_date, ts, amount, amount_cny,
			currency, kind, channel, client_initiated, counterparty_bank, memo) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
		for _, t := range b.Txns {
			buf.startRow()
			for _, v := range []any{t.TxnID, t.AccountID, t.ClientID, b.BusinessDate, utc(t.TS), t.Amount, t.Amount, t.Currency,
				t.Kind, t.Channel, t.ClientInitiated, t.CounterpartyBank, t.Memo} {
				if err := buf.value(v); err != nil {
					return err
				}
			}
			if buf.n == cRowsPer {
				if err := run(ins, 13); err != nil {
					return err
				}
			}
		}
		return run(ins, 13)
	})
}
