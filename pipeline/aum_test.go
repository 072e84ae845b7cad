package pipeline

import (
	"context"
	"testing"

	"github.com/steward-bank/steward/demo"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// TestIncrementalAUMMatchesAccounts imports a week of generated batches (salaries, spending, maturities,
// closures, FX revaluation) and checks that the AUM the import maintains from balance changes equals the
// AUM summed again from the accounts, client by client, and that the balance accumulators carry the
// accounts' balances.
func TestIncrementalAUMMatchesAccounts(t *testing.T) {
	start := domain.NewDate(2026, 5, 27) // crosses a month end
	bank := demo.Generate(demo.Options{Clients: 2000, Seed: 3, Today: start})
	dir := t.TempDir()
	if _, err := demo.WriteFeeds(bank, dir, demo.FeedOptions{Start: start, Days: 8, Seed: 3}, nil); err != nil {
		t.Fatal(err)
	}
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		if _, err := Import(ctx, st, []string{dir}, Options{OwnBankCodes: []string{demo.OwnBank}}); err != nil {
			t.Fatal(err)
		}
		var n, wrong int
		err := st.DB().QueryRowContext(ctx, `SELECT count(*), COALESCE(sum(CASE WHEN m.aum <> COALESCE((SELECT sum(a.balance_cny)
			FROM accounts a JOIN products p ON p.product_code = a.product_code
			WHERE a.client_id = c.client_id AND a.status = 'active' AND p.asset_class = 'asset'), 0) THEN 1 ELSE 0 END), 0)
			FROM clients c JOIN client_aum m ON m.client_id = c.client_id`).Scan(&n, &wrong)
		if err != nil {
			t.Fatal(err)
		}
		if n < 2000 || wrong != 0 {
			t.Fatalf("%d of %d clients have an AUM that differs from their accounts", wrong, n)
		}
		// The latest accumulated month of every points-earning account carries its current balance.
		wrong, err = st.AccumulatorMismatches(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if wrong != 0 {
			t.Fatalf("%d accounts' accumulators disagree with their balances", wrong)
		}
	})
}
