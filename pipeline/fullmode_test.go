package pipeline

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/steward-bank/steward/demo"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// TestFullSnapshotsEqualDeltas imports the same simulated days twice: as daily deltas, and as daily full
// snapshots of every open account (acct_mode=full, an account closed that day absent). The two stores must
// agree on every account, AUM, balance accumulator and volume: a full batch changes what changed and closes
// what is absent, nothing else.
func TestFullSnapshotsEqualDeltas(t *testing.T) {
	start := domain.NewDate(2026, 5, 27) // crosses a month end
	digests := map[string]string{}
	for _, engine := range storetest.Engines(t) {
		for _, full := range []bool{false, true} {
			bank := demo.Generate(demo.Options{Clients: 1500, Seed: 5, Today: start})
			dir := t.TempDir()
			sum, err := demo.WriteFeeds(bank, dir, demo.FeedOptions{Start: start, Days: 8, Seed: 5, FullAccounts: full}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if full && sum.Rows["ACCT"] < 7*1500 {
				t.Fatalf("full snapshots hold %d ACCT rows over 8 days, want every open account each day", sum.Rows["ACCT"])
			}
			st := storetest.Open(t, engine)
			ctx := context.Background()
			out, err := Import(ctx, st, []string{dir}, Options{OwnBankCodes: []string{demo.OwnBank}})
			if err != nil {
				t.Fatal(err)
			}
			closed := 0
			for _, o := range out {
				closed += o.Result.ClosedByFull
			}
			if full && closed == 0 {
				t.Error("no account was closed by its absence from a full snapshot: the simulation closes some")
			}
			digests[fmt.Sprint(engine, full)] = storeDigest(t, st)
		}
		if d, f := digests[fmt.Sprint(engine, false)], digests[fmt.Sprint(engine, true)]; d != f {
			t.Errorf("%s: the stores differ after deltas and after full snapshots:\n%s", engine, firstDiff(d, f))
		}
	}
}

// storeDigest is every row the import keeps of accounts, AUM and accumulators, in key order.
func storeDigest(t *testing.T, st *store.Store) string {
	t.Helper()
	var sb strings.Builder
	for _, q := range []string{
		"SELECT account_id, client_id, status, CAST(balance AS TEXT), CAST(balance_cny AS TEXT) FROM accounts ORDER BY account_id",
		"SELECT client_id, CAST(aum AS TEXT), '', '', '' FROM client_aum ORDER BY client_id",
		"SELECT client_id, CAST(month AS TEXT), accounts, '', '' FROM balances_open ORDER BY client_id",
		"SELECT CAST(quarter AS TEXT), client_id, months, '', '' FROM balances_closed ORDER BY quarter, client_id",
		"SELECT client_id, months, '', '', '' FROM volumes_open ORDER BY client_id",
		"SELECT CAST(year AS TEXT), client_id, months, '', '' FROM volumes_closed ORDER BY year, client_id",
	} {
		rows, err := st.DB().QueryContext(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var a, b, c, d, e string
			if err := rows.Scan(&a, &b, &c, &d, &e); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(&sb, a, b, c, d, e)
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return sb.String()
}

func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return fmt.Sprintf("line %d:\n  deltas: %s\n  full:   %s", i+1, la[i], lb[i])
		}
	}
	return fmt.Sprintf("%d lines against %d", len(la), len(lb))
}
