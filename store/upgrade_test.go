package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// storeAt opens a fresh store of engine migrated up to version, closed when the test ends.
func storeAt(t *testing.T, engine string, version int) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), storetest.URL(t, engine))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.MigrateTo(context.Background(), version); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestUpgradePacksAccumulators migrates a store holding a row an account and month and a row a client and
// month (schema 10) to the packed accumulators and volumes of migrations 0011 and 0012, on both engines:
// every month is kept, in order, with its owner. Migration 0014 then keys the rows by client and counts each
// account's owners, and migration 0016 rewrites them into a row a client and month, open or closed: the
// sums read from those are the sums the first rows gave.
func TestUpgradePacksAccumulators(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			s := storeAt(t, engine, 10)
			for _, r := range [][]any{
				{"A1", 202603, "C1", "short", int64(1400), 15, int64(300)},
				{"A1", 202601, "C1", "short", int64(0), 1, int64(100)},
				{"A2", 202601, "C1", "long", int64(5000), 11, int64(-7)},
				{"A2", 202602, "C2", "loan", int64(0), 1, int64(90)}, // moved to C2 in February
			} {
				if _, err := s.DB().ExecContext(ctx, s.Rebind(`INSERT INTO balance_months (account_id, month, client_id, points_class,
					sum_before, from_day, balance) VALUES (?, ?, ?, ?, ?, ?, ?)`), r...); err != nil {
					t.Fatal(err)
				}
			}
			for _, r := range [][]any{
				{"C1", 202603, int64(7), int64(0), int64(0), 0, int64(9), nil},
				{"C1", 202601, int64(100), int64(20), int64(5), 3, int64(0), "2026-01-20"},
				{"C2", 202602, int64(0), int64(0), int64(0), 1, int64(0), "2026-02-03"},
			} {
				if _, err := s.DB().ExecContext(ctx, s.Rebind(`INSERT INTO client_months (client_id, month, purchases, card_spend,
					fee_income, client_txns, outflow_other_bank, last_client_txn) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`), r...); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := s.MigrateTo(ctx, 15); err != nil {
				t.Fatal(err)
			}
			vols := map[string]string{}
			vrows, err := s.DB().QueryContext(ctx, "SELECT client_id, months FROM client_volumes")
			if err != nil {
				t.Fatal(err)
			}
			for vrows.Next() {
				var c, m string
				if err := vrows.Scan(&c, &m); err != nil {
					t.Fatal(err)
				}
				vols[c] = m
			}
			vrows.Close()
			if want := "202601,100,20,5,3,0,2026-01-20;202603,7,0,0,0,9,"; vols["C1"] != want || vols["C2"] != "202602,0,0,0,1,0,2026-02-03" || len(vols) != 2 {
				t.Errorf("packed volumes %q, want C1 %q and C2 202602,0,0,0,1,0,2026-02-03", vols, want)
			}
			got := map[string]string{}
			owners := map[string]int{}
			rows, err := s.DB().QueryContext(ctx, "SELECT account_id, client_id, months, owners FROM account_balances")
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var a, c, m string
				var n int
				if err := rows.Scan(&a, &c, &m, &n); err != nil {
					t.Fatal(err)
				}
				got[a+"/"+c], owners[a+"/"+c] = m, n
			}
			rows.Close()
			want := map[string]string{
				"A1/C1": "202601,1,short,0,100;202603,15,short,1400,300",
				"A2/C1": "202601,11,long,5000,-7",
				"A2/C2": "202602,1,loan,0,90",
			}
			if len(got) != len(want) {
				t.Fatalf("packed rows %v, want %v", got, want)
			}
			for k, w := range want {
				if got[k] != w {
					t.Errorf("%s: %q, want %q", k, got[k], w)
				}
			}
			// Migration 0014: A2, which changed hands, has two owners' rows, each marked so.
			if owners["A1/C1"] != 1 || owners["A2/C1"] != 2 || owners["A2/C2"] != 2 {
				t.Errorf("owners %v: want A1/C1 1, A2's rows 2", owners)
			}
			if _, err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			// Migration 0016: C1 has a row for each month one of its accounts moved with it (January, March) or
			// left it (A2 in February), each closed in the next, the closed ones in a row of their quarter of
			// closing; A1's balance is carried into February.
			for q, want := range map[string][]string{
				"SELECT 'open', client_id, month, accounts FROM balances_open ORDER BY client_id": {
					"open C1 202603 A1,15,short,1400,300", "open C2 202602 A2,1,loan,0,90"},
				"SELECT quarter, client_id, months, '' FROM balances_closed ORDER BY quarter, client_id": {
					"20261 C1 202602 202601 A1,1,short,0,100;A2,11,long,5000,-7\n202603 202602 A1,1,short,0,100 "},
				"SELECT 'open', client_id, months, '' FROM volumes_open ORDER BY client_id": {
					"open C1 202603,7,0,0,0,9, ", "open C2 202602,0,0,0,1,0,2026-02-03 "},
				"SELECT year, client_id, months, '' FROM volumes_closed ORDER BY year, client_id": {
					"2026 C1 202601,100,20,5,3,0,2026-01-20 "},
			} {
				if got := rowsText(t, s, q); !slices.Equal(got, want) {
					t.Errorf("%s:\n got %q\nwant %q", q, got, want)
				}
			}
			for _, old := range []string{"account_balances", "client_volumes"} {
				if _, err := s.DB().ExecContext(ctx, "SELECT 1 FROM "+old); err == nil {
					t.Errorf("%s is still there", old)
				}
			}
			// March for C1: A1 changed on the 15th (1 400 before, 300 a day for 17 days); A2 is C2's since
			// February, so it is not C1's in March.
			sums, err := s.ClientMonthSums(ctx, "C1", 202603)
			if err != nil {
				t.Fatal(err)
			}
			if sums.Purchases != 7 || sums.CardSpend != 0 {
				t.Errorf("C1 March volumes: purchases %d, card %d; want 7 and 0", sums.Purchases, sums.CardSpend)
			}
			if sums.BalanceSum["short"] != 1400+300*17 || len(sums.BalanceSum) != 1 {
				t.Errorf("C1 March sums %v, want short %d only", sums.BalanceSum, 1400+300*17)
			}
			// February for C1: A1 carries January's 100 a day; A2's February month is C2's.
			if sums, err = s.ClientMonthSums(ctx, "C1", 202602); err != nil || sums.BalanceSum["short"] != 100*28 || len(sums.BalanceSum) != 1 {
				t.Errorf("C1 February sums %v, %v; want short %d only", sums.BalanceSum, err, 100*28)
			}
			if sums, err = s.ClientMonthSums(ctx, "C2", 202603); err != nil || sums.BalanceSum["loan"] != 90*31 {
				t.Errorf("C2 March sums %v, %v; want loan %d", sums.BalanceSum, err, 90*31)
			}
		})
	}
}

// rowsText returns the rows of a query of four columns, each as its values separated by spaces.
func rowsText(t *testing.T, s *store.Store, query string) []string {
	t.Helper()
	rows, err := s.DB().QueryContext(context.Background(), query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v [4]string
		if err := rows.Scan(&v[0], &v[1], &v[2], &v[3]); err != nil {
			t.Fatal(err)
		}
		out = append(out, strings.Join(v[:], " "))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestUpgradeMovesAUM: migration 0015 moves every client's AUM into client_aum, a row a client, and drops
// the column from clients.
func TestUpgradeMovesAUM(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			s := storeAt(t, engine, 14)
			exec := func(q string, args ...any) {
				t.Helper()
				if _, err := s.DB().ExecContext(ctx, s.Rebind(q), args...); err != nil {
					t.Fatal(err)
				}
			}
			exec(`INSERT INTO orgs (org_id, level, name, path) VALUES ('OT1', 'outlet', 'Outlet', '/OT1/')`)
			for _, c := range []struct {
				id  string
				aum int64
			}{{"C1", 123_456_78}, {"C2", 0}, {"C3", -5}} {
				exec(`INSERT INTO clients (client_id, name, id_type, id_number, id_rev, outlet_id, open_date, status, aum, updated_at)
					VALUES (?, '客户', '01', '', '', 'OT1', '2020-01-01', 'normal', ?, ?)`, c.id, c.aum, time.Now().UTC())
			}
			if _, err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			got := map[string]int64{}
			rows, err := s.DB().QueryContext(ctx, "SELECT client_id, aum FROM client_aum")
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var id string
				var aum int64
				if err := rows.Scan(&id, &aum); err != nil {
					t.Fatal(err)
				}
				got[id] = aum
			}
			rows.Close()
			if len(got) != 3 || got["C1"] != 123_456_78 || got["C2"] != 0 || got["C3"] != -5 {
				t.Errorf("client_aum %v, want C1 12345678, C2 0, C3 -5", got)
			}
			if _, err := s.DB().ExecContext(ctx, "SELECT aum FROM clients"); err == nil {
				t.Error("clients still has a column aum")
			}
		})
	}
}

// TestUpgradeSplitsMonths migrates random accumulators of schema 15 (a row an account and owner, all its
// months) to the rows a client and month of migration 0016, on both engines, and checks every client's
// balance sums of every month against the meaning of the old rows: an account's latest entry up to the
// month counts for the client whose row holds it. The accounts change hands, close (balance 0) and skip
// months at random.
func TestUpgradeSplitsMonths(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			s := storeAt(t, engine, 15)
			rng := rand.New(rand.NewPCG(3, 4))
			type entry struct {
				month, from    int
				client, class  string
				before, amount int64
			}
			clients := []string{"C1", "C2", "C3", "C4"}
			timelines := map[string][]entry{}
			for a := range 12 {
				account := fmt.Sprintf("A%02d", a)
				if a%4 == 0 {
					account = fmt.Sprintf("A;%02d,%%", a) // separators of the packed entries, escaped by them
				}
				class := []string{"short", "long", "loan"}[a%3]
				owner := clients[rng.IntN(len(clients))]
				for m := 202501; m <= 202612; m = nextMonth(m) {
					if rng.IntN(3) > 0 {
						continue // no change this month
					}
					if rng.IntN(5) == 0 {
						owner = clients[rng.IntN(len(clients))]
					}
					e := entry{month: m, from: 1 + rng.IntN(28), client: owner, class: class, before: rng.Int64N(1000), amount: rng.Int64N(100)}
					if rng.IntN(6) == 0 {
						e.amount = 0
					}
					timelines[account] = append(timelines[account], e)
				}
			}
			for account, es := range timelines {
				rows := map[string][]string{}
				for _, e := range es {
					rows[e.client] = append(rows[e.client], fmt.Sprintf("%d,%d,%s,%d,%d", e.month, e.from, e.class, e.before, e.amount))
				}
				for client, months := range rows {
					if _, err := s.DB().ExecContext(ctx, s.Rebind(`INSERT INTO account_balances (client_id, account_id, owners, months)
						VALUES (?, ?, ?, ?)`), client, account, len(rows), strings.Join(months, ";")); err != nil {
						t.Fatal(err)
					}
				}
			}
			if _, err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			for m := 202501; m <= 202702; m = nextMonth(m) {
				days := int64(domain.DaysIn(m/100, m%100))
				want := map[string]map[string]int64{}
				for _, es := range timelines {
					var at *entry
					for i := range es {
						if es[i].month <= m {
							at = &es[i]
						}
					}
					if at == nil {
						continue
					}
					if want[at.client] == nil {
						want[at.client] = map[string]int64{}
					}
					if at.month == m {
						want[at.client][at.class] += at.before + at.amount*(days-int64(at.from)+1)
					} else {
						want[at.client][at.class] += at.amount * days
					}
				}
				for _, c := range clients {
					got, err := s.ClientMonthSums(ctx, c, m)
					if err != nil {
						t.Fatal(err)
					}
					for class, v := range want[c] {
						if got.BalanceSum[class] != v {
							t.Errorf("%s %d %s: %d, want %d", c, m, class, got.BalanceSum[class], v)
						}
					}
					for class, v := range got.BalanceSum {
						if want[c][class] != v {
							t.Errorf("%s %d %s: %d, want %d", c, m, class, v, want[c][class])
						}
					}
				}
			}
		})
	}
}

func nextMonth(m int) int {
	if m%100 == 12 {
		return m + 89
	}
	return m + 1
}

// TestUpgradeKeepsRatingHistory migrates a rating history to the schema of the instant upgrades, which
// rebuilds the table to take the occasion "instant", on both engines: every line is kept with its fields and
// in its order, new lines number after them, and an occasion outside the three is still refused.
func TestUpgradeKeepsRatingHistory(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			probe := storeAt(t, engine, 1)
			migs, err := probe.Migrations()
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(migs, func(m store.Migration) bool { return strings.HasSuffix(m.Name, "_instant_upgrades.sql") })
			if i < 1 {
				t.Fatal("no instant upgrades migration")
			}
			s := storeAt(t, engine, migs[i-1].Version)
			exec := func(q string, args ...any) error {
				_, err := s.DB().ExecContext(ctx, s.Rebind(q), args...)
				return err
			}
			must := func(err error) {
				t.Helper()
				if err != nil {
					t.Fatal(err)
				}
			}
			must(exec(`INSERT INTO orgs (org_id, level, name, path) VALUES ('OT1', 'outlet', 'Outlet', '/OT1/')`))
			must(exec(`INSERT INTO clients (client_id, name, id_type, id_number, id_rev, outlet_id, open_date, status, updated_at)
				VALUES ('C1', '客户', '01', '', '', 'OT1', '2020-01-01', 'normal', ?)`, time.Now().UTC()))
			lines := []string{"first_rating", "up_points", "down_grace"}
			for k, r := range lines {
				must(exec(`INSERT INTO rating_history (client_id, on_date, occasion, reason, from_contribution, to_contribution, from_service,
					to_service, star_points, below_stars) VALUES ('C1', '2026-03-01', 'monthly', ?, ?, ?, ?, ?, ?, ?)`, r, k, k+1, k, k+1, 100*k, r))
			}
			if _, err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			must(exec(`INSERT INTO rating_history (client_id, on_date, occasion, reason, from_contribution, to_contribution, from_service,
				to_service, star_points) VALUES ('C1', '2026-03-01', 'instant', 'instant_upgrade', 3, 3, 3, 5, 0)`))
			if err := exec(`INSERT INTO rating_history (client_id, on_date, occasion, reason, from_contribution, to_contribution, from_service,
				to_service, star_points) VALUES ('C1', '2026-03-01', 'weekly', 'x', 3, 3, 3, 5, 0)`); err == nil {
				t.Error("an occasion outside nightly, monthly and instant was taken")
			}
			var got []string
			rows, err := s.DB().QueryContext(ctx, "SELECT reason, from_service, to_service, star_points, below_stars FROM rating_history ORDER BY history_id")
			must(err)
			for rows.Next() {
				var r, below string
				var from, to int
				var pts int64
				must(rows.Scan(&r, &from, &to, &pts, &below))
				got = append(got, fmt.Sprintf("%s %d→%d %d %s", r, from, to, pts, below))
			}
			rows.Close()
			want := []string{"first_rating 0→1 0 first_rating", "up_points 1→2 100 up_points", "down_grace 2→3 200 down_grace", "instant_upgrade 3→5 0 "}
			if !slices.Equal(got, want) {
				t.Errorf("history after the migration\n got %q\nwant %q", got, want)
			}
		})
	}
}
