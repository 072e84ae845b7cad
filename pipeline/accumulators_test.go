package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/steward-bank/steward/demo"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// TestAccumulatorsMatchDailyBalances imports generated days one batch at a time, across two month ends,
// and after each batch records every points-earning account's owner, points class and end-of-day balance
// from the accounts themselves. The running accumulators must give, for every client and month, the sums
// of those daily balances (a day with no batch holding the day before's), each account's month counted for
// its owner and class at the month's last change: the meaning of the accumulators, worked out without
// them.
func TestAccumulatorsMatchDailyBalances(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		start := domain.NewDate(2026, 5, 20)
		const days = 45 // to July 3
		bank := demo.Generate(demo.Options{Clients: 300, Seed: 11, Today: start})
		dir := t.TempDir()
		if _, err := demo.WriteFeeds(bank, dir, demo.FeedOptions{Start: start, Days: days, Seed: 11}, nil); err != nil {
			t.Fatal(err)
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		type state struct {
			client, class string
			eod           int64
		}
		type key struct {
			client, class string
			month         int
		}
		daily := map[domain.Date]map[string]state{} // business date → account → its state that evening
		var dates []domain.Date
		for _, e := range entries {
			out, err := Import(ctx, st, []string{filepath.Join(dir, e.Name())}, Options{OwnBankCodes: []string{demo.OwnBank}})
			if err != nil {
				t.Fatal(err)
			}
			date := out[len(out)-1].Result.BusinessDate
			states := map[string]state{}
			rows, err := st.DB().QueryContext(ctx, `SELECT a.account_id, a.client_id, p.points_class,
				CASE WHEN a.status = 'active' THEN a.balance_cny ELSE 0 END
				FROM accounts a JOIN products p ON p.product_code = a.product_code WHERE p.points_class NOT IN ('', 'none')`)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var id string
				var s state
				if err := rows.Scan(&id, &s.client, &s.class, &s.eod); err != nil {
					t.Fatal(err)
				}
				states[id] = s
			}
			if err := rows.Close(); err != nil {
				t.Fatal(err)
			}
			daily[date], dates = states, append(dates, date)
		}
		if len(dates) < days-5 {
			t.Fatalf("%d batches imported, want about %d", len(dates), days)
		}
		// Every calendar day from the first batch to the end of the last batch's month, each account's
		// state as of the latest batch up to that day.
		want := map[key]int64{}
		first, last := dates[0], dates[len(dates)-1]
		end := domain.NewDate(last.Year(), last.Month(), domain.DaysIn(last.Year(), int(last.Month())))
		month := func(d domain.Date) int { return d.Year()*100 + int(d.Month()) }
		accounts := map[string]bool{}
		for _, states := range daily {
			for id := range states {
				accounts[id] = true
			}
		}
		for id := range accounts {
			var prev state  // the state the evening before (none before the first batch)
			var owner state // owner and class at the latest change
			var sum int64   // the month's sum so far
			i := 0
			for d := first; !d.After(end); d = d.AddDays(1) {
				for i+1 < len(dates) && !dates[i+1].After(d) {
					i++
				}
				s := daily[dates[i]][id]
				if s.eod != prev.eod || s.client != prev.client || s.class != prev.class {
					owner = s
				}
				prev = s
				sum += s.eod
				if d.AddDays(1).Day() == 1 || d == end {
					if owner.client != "" && sum != 0 {
						want[key{owner.client, owner.class, month(d)}] += sum
					}
					sum = 0
				}
			}
		}
		var clients []string
		for k := range want {
			clients = append(clients, k.client)
		}
		slices.Sort(clients)
		clients = slices.Compact(clients)
		checked, wrong := 0, 0
		for _, c := range clients {
			for m := month(first); m <= month(end); m = nextMonth(m) {
				sums, err := st.ClientMonthSums(ctx, c, m)
				if err != nil {
					t.Fatal(err)
				}
				for _, class := range []string{"short", "long", "mortgage", "loan"} {
					checked++
					if got, w := sums.BalanceSum[class], want[key{c, class, m}]; got != w {
						if wrong++; wrong <= 5 {
							t.Errorf("client %s, %d, %s: accumulated %d, daily balances sum to %d", c, m, class, got, w)
						}
					}
				}
			}
		}
		if wrong > 0 || checked < 3*len(clients)*4 {
			t.Errorf("%d of %d sums differ (%d clients)", wrong, checked, len(clients))
		}
	})
}

func nextMonth(m int) int {
	if m%100 == 12 {
		return m + 89
	}
	return m + 1
}

// TestAccountIDsWithSeparators imports accounts whose ids hold the characters that separate an
// accumulator's entries and fields (FEEDS.md allows any id): the entries keep them apart, across a month's
// close and a change of hands, and the sums are those of the balances.
func TestAccountIDsWithSeparators(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		dir := t.TempDir()
		first := day1()
		first.files["ACCT"] = append(slices.Clone(first.files["ACCT"]),
			"X,1|C1|DEP|CNY|100.00|20200101||active", "X;2|C1|DEP|CNY|200.00|20200101||active",
			"X%3|C1|DEP|CNY|300.00|20200101||active", "X 4|C1|DEP|CNY|400.00|20200101||active")
		var dirs []string
		for _, b := range []batchSpec{first,
			{date: "20260610", files: map[string][]string{"ACCT": {acctHeader,
				"X,1|C1|DEP|CNY|110.00|20200101||active", "X;2|C2|DEP|CNY|200.00|20200101||active"}}}, // X;2 to C2
			{date: "20260620", files: map[string][]string{"ACCT": {acctHeader, "X%3|C1|DEP|CNY|330.00|20200101||active"}}},
		} {
			dirs = append(dirs, b.write(t, dir))
		}
		if _, err := importDirs(t, st, dirs...); err != nil {
			t.Fatal(err)
		}
		if n, err := st.AccumulatorMismatches(ctx); err != nil || n != 0 {
			t.Errorf("%d accumulators differ from their accounts (%v)", n, err)
		}
		// June for C1: A1 10 000 and A2's time deposit as in May; X,1 100 for 9 days then 110; X%3 300 for
		// 19 days then 330; X 4 400 all month; X;2 is C2's since the 10th, and its month with it.
		june, err := st.ClientMonthSums(ctx, "C1", 202606)
		if err != nil {
			t.Fatal(err)
		}
		want := int64(10_000*30+100*9+110*21+300*19+330*11+400*30) * 100
		if june.BalanceSum["short"] != want {
			t.Errorf("C1 June short %d, want %d", june.BalanceSum["short"], want)
		}
		c2, err := st.ClientMonthSums(ctx, "C2", 202606)
		if err != nil {
			t.Fatal(err)
		}
		if w := int64(200*30+500*30+7_100*30) * 100; c2.BalanceSum["short"] != w {
			t.Errorf("C2 June short %d, want %d", c2.BalanceSum["short"], w)
		}
		may, err := st.ClientMonthSums(ctx, "C1", 202605)
		if err != nil {
			t.Fatal(err)
		}
		if w := int64(10_000+100+200+300+400) * 31 * 100; may.BalanceSum["short"] != w {
			t.Errorf("C1 May short %d, want %d", may.BalanceSum["short"], w)
		}
	})
}

// TestOldMonthsDropped checks that a batch drops the closed months older than the 36 kept
// (store.AccumulatorMonthsKept): a quarter's closed balances once every month they stand for is older, a
// year's closed volumes once the whole year is, while the month still carried into the months kept stays.
func TestOldMonthsDropped(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		dir := t.TempDir()
		move := func(date, balance, txn string) batchSpec {
			return batchSpec{date: date, files: map[string][]string{
				"ACCT": {acctHeader, "A1|C1|DEP|CNY|" + balance + "|20200101||active"},
				"TXN":  {txnHeader, txn + "|A1|C1|" + date + "093000|100.00|CNY|transfer|counter|1||"}}}
		}
		var dirs []string
		for _, b := range []batchSpec{day1(), move("20260610", "11000.00", "T1"), move("20290810", "12000.00", "T2"),
			move("20300110", "13000.00", "T3")} {
			dirs = append(dirs, b.write(t, dir))
		}
		if _, err := importDirs(t, st, dirs[:3]...); err != nil {
			t.Fatal(err)
		}
		count := func(q string) int {
			var n int
			if err := st.DB().QueryRowContext(ctx, q).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		// August 2029 keeps September 2026 on: May 2026's row (closed in June, the second quarter) goes;
		// June 2026's, closed now and carried up to July 2029, stays.
		if n := count("SELECT count(*) FROM balances_closed WHERE client_id = 'C1' AND quarter = 20262"); n != 0 {
			t.Errorf("the second quarter of 2026 is still there (%d rows)", n)
		}
		if may, err := st.ClientMonthSums(ctx, "C1", 202605); err != nil || len(may.BalanceSum) != 0 {
			t.Errorf("May 2026: %v, %v; want nothing kept", may.BalanceSum, err)
		}
		june, err := st.ClientMonthSums(ctx, "C1", 202606)
		if w := int64(10_000*9+11_000*21+200_000*30) * 100; err != nil || june.BalanceSum["short"]+june.BalanceSum["long"] != w {
			t.Errorf("June 2026: %v, %v; want %d in all", june.BalanceSum, err, w)
		}
		if n := count("SELECT count(*) FROM volumes_closed WHERE client_id = 'C1' AND year = 2026"); n != 1 {
			t.Errorf("2026's volumes: %d rows, want 1 until the whole year is older than the months kept", n)
		}
		if _, err := importDirs(t, st, dirs[3]); err != nil {
			t.Fatal(err)
		}
		if n := count("SELECT count(*) FROM volumes_closed WHERE year = 2026"); n != 0 {
			t.Errorf("2026's volumes are still there in 2030 (%d rows)", n)
		}
	})
}
