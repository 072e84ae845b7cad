package pipeline

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/rating"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

var all = access.Scope{Reach: access.ReachAll}

func day1() batchSpec {
	return batchSpec{date: "20260501", acctMode: "full", files: map[string][]string{
		"ORG": orgFile, "PROD": prodFile,
		"FX": {"currency|rate", "USD|7.100000"},
		"CUST": {custHeader,
			"C1|张伟|01|110101199003071233|M||13800138000|OT1|20200101|normal",
			"C2|李娜|01|11010519491231002X|F||+86 139-1234-5678|OT1|20210101|normal"},
		"ACCT": {acctHeader,
			"A1|C1|DEP|CNY|10000.00|20200101||active",
			"A2|C1|TD1Y|CNY|200000.00|20260101|20270101|active",
			"A3|C2|DEP|CNY|500.00|20210101||active",
			"A4|C2|DEP|USD|1000.00|20210101||active",
			"A5|C2|GOLD|CNY|0|20210101||active"},
	}}
}

func day2() batchSpec {
	return batchSpec{date: "20260502", files: map[string][]string{
		"ACCT": {acctHeader, "A1|C1|DEP|CNY|15000.00|20200101||active"},
		"TXN": {txnHeader,
			"T1|A1|C1|20260502093000|5000.00|CNY|transfer|counter|1||工资",
			"T2|A5|C2|20260502120000|-300.00|CNY|card_spend|pos|1||",
			"T3|A3|C2|20260502130000|-0.00|CNY|interest|system|0||"},
		"INCOME": {"client_id|product_code|amount", "C1|WM1|12.50"},
	}}
}

func day3() batchSpec {
	return batchSpec{date: "20260503", acctMode: "full", files: map[string][]string{
		"FX": {"currency|rate", "USD|7.200000"},
		"ACCT": {acctHeader,
			"A1|C1|DEP|CNY|15000.00|20200101||active",
			"A2|C1|TD1Y|CNY|200000.00|20260101|20270101|active",
			"A4|C2|DEP|USD|1000.00|20210101||active",
			"A5|C2|GOLD|CNY|0|20210101||active"},
	}}
}

// day4 moves only the dollar rate: the uncarried USD account is revalued.
func day4() batchSpec {
	return batchSpec{date: "20260504", files: map[string][]string{"FX": {"currency|rate", "USD|7.300000"}}}
}

func importDirs(t *testing.T, st *store.Store, dirs ...string) ([]Outcome, error) {
	t.Helper()
	return Import(context.Background(), st, dirs, Options{ReportDir: filepath.Join(t.TempDir(), "reports")})
}

func TestImportAppliesAndAccumulates(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		dir := t.TempDir()
		day1().write(t, dir)
		day2().write(t, dir)
		day3().write(t, dir)
		d4 := day4().write(t, dir)
		// Given as one directory of batches: applied in date order.
		out, err := importDirs(t, st, dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(out) != 4 || !out[0].Applied || !out[3].Applied {
			t.Fatalf("outcomes %+v", out)
		}
		// Each applied batch says how long each step of its apply took, the commit last.
		var names []string
		var sum time.Duration
		for _, st := range out[0].Result.Steps {
			names = append(names, st.Name)
			sum += st.Elapsed
		}
		if want := "organisations products rates clients accounts closings revaluation points classes balance accumulators transactions income volumes AUM rating feed indexes import log commit"; strings.Join(names, " ") != want {
			t.Errorf("steps %q, want %q", strings.Join(names, " "), want)
		}
		if sum <= 0 || sum > out[0].Result.Elapsed {
			t.Errorf("steps add to %s, apply took %s", sum, out[0].Result.Elapsed)
		}
		c1, err := st.Client(ctx, all, "C1")
		if err != nil {
			t.Fatal(err)
		}
		if c1.AUM != 21_500_000 || c1.BirthDate != domain.NewDate(1990, 3, 7) || c1.Mobile != "13800138000" {
			t.Errorf("C1: AUM %d, birth %s, mobile %s", c1.AUM, c1.BirthDate, c1.Mobile)
		}
		c2, _ := st.Client(ctx, all, "C2")
		// A3 closed by the full file of day 3; A4 is 1000 USD at 7.30 since day 4; the card holds nothing.
		if c2.AUM != 730_000 || c2.Mobile != "13912345678" {
			t.Errorf("C2: AUM %d, mobile %s", c2.AUM, c2.Mobile)
		}
		accts, _ := st.ClientAccounts(ctx, all, "C2")
		for _, a := range accts {
			if a.AccountID == "A3" && (a.Status != "closed" || a.Balance != 0) {
				t.Errorf("A3 after a full file without it: %s %d", a.Status, a.Balance)
			}
		}
		if out[2].Result.ClosedByFull != 1 || out[3].Result.Reconverted != 1 {
			t.Errorf("day 3 closed %d, day 4 revalued %d; want 1 and 1", out[2].Result.ClosedByFull, out[3].Result.Reconverted)
		}
		// May: A1 10 000 on the 1st, 15 000 from the 2nd; A2 200 000 all month.
		may, err := st.ClientMonthSums(ctx, "C1", 202605)
		if err != nil {
			t.Fatal(err)
		}
		if may.BalanceSum["short"] != (10_000+15_000*30)*100 || may.BalanceSum["long"] != 200_000*31*100 || may.FeeIncome != 1250 {
			t.Errorf("C1 May sums %+v", may)
		}
		// June has no batch: the balances carry forward for all 30 days.
		june, _ := st.ClientMonthSums(ctx, "C1", 202606)
		if june.BalanceSum["short"] != 15_000*30*100 || june.BalanceSum["long"] != 200_000*30*100 {
			t.Errorf("C1 June sums %+v", june)
		}
		// C2: A4 7 100 CNY on days 1–2, 7 200 on day 3, 7 300 from day 4; A3 500 on days 1–2, 0 from day 3;
		// card spend 300.
		c2may, _ := st.ClientMonthSums(ctx, "C2", 202605)
		if want := int64((7_100*2+7_200+7_300*28)*100 + 500*2*100); c2may.BalanceSum["short"] != want || c2may.CardSpend != 30_000 {
			t.Errorf("C2 May sums %+v, want short %d and card spend 30000", c2may, want)
		}

		// The last batch again: already applied, nothing changes.
		again, err := importDirs(t, st, d4)
		if err != nil || len(again) != 1 || !again[0].AlreadyApplied {
			t.Fatalf("re-apply: %+v, %v", again, err)
		}
		// The whole directory again (as after a crash part-way): every batch is already applied.
		again, err = importDirs(t, st, dir)
		if err != nil || len(again) != 4 || !again[0].AlreadyApplied || !again[3].AlreadyApplied {
			t.Fatalf("re-running the directory: %+v, %v", again, err)
		}
		// An earlier date with other content: refused, with the reason.
		changed := day2()
		changed.files["INCOME"] = []string{"client_id|product_code|amount", "C1|WM1|99.00"}
		_, err = importDirs(t, st, changed.write(t, t.TempDir()))
		var refused *RefusedError
		if !errors.As(err, &refused) || !strings.Contains(err.Error(), "already applied with different content") {
			t.Errorf("a changed batch for an applied date: %v", err)
		}
		// An earlier date that was never applied: refused.
		missed := batchSpec{date: "20260430", files: map[string][]string{"FX": {"currency|rate", "USD|7.000000"}}}
		if _, err := importDirs(t, st, missed.write(t, t.TempDir())); err == nil || !strings.Contains(err.Error(), "not after the last applied batch") {
			t.Errorf("a batch older than the last applied one: %v", err)
		}
		log, _ := st.ImportLog(ctx, 10)
		if len(log) != 4 {
			t.Errorf("import log has %d batches, want 4", len(log))
		}
	})
}

// openBalances is the month and entries of a client's open balances row, "" if none.
func openBalances(t *testing.T, st *store.Store, client string) string {
	t.Helper()
	var month int
	var accounts string
	err := st.DB().QueryRowContext(context.Background(), st.Rebind("SELECT month, accounts FROM balances_open WHERE client_id = ?"), client).Scan(&month, &accounts)
	if errors.Is(err, sql.ErrNoRows) {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(month, " ", accounts, ";")
}

// snapshot is what a refused batch must leave unchanged: counts and sums of every table the import writes.
func snapshot(t *testing.T, st *store.Store) string {
	t.Helper()
	var sb strings.Builder
	for _, q := range []string{
		"SELECT count(*), COALESCE(sum(aum), 0) FROM client_aum",
		"SELECT count(*), COALESCE(sum(balance), 0) FROM accounts",
		"SELECT count(*), COALESCE(sum(amount), 0) FROM transactions",
		"SELECT count(*), COALESCE(sum(length(accounts)), 0) FROM balances_open",
		"SELECT count(*), COALESCE(sum(length(months)), 0) FROM balances_closed",
		"SELECT count(*), COALESCE(sum(length(months)), 0) FROM volumes_open",
		"SELECT count(*), COALESCE(sum(length(months)), 0) FROM volumes_closed",
		"SELECT count(*), 0 FROM import_batches",
		"SELECT count(*), 0 FROM fx_rates",
	} {
		var n, sum int64
		if err := st.DB().QueryRowContext(context.Background(), q).Scan(&n, &sum); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&sb, "[%s] %d/%d ", q[strings.LastIndex(q, " ")+1:], n, sum)
	}
	return sb.String()
}

func TestRefusedBatchChangesNothing(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		refuseDay2(t, st, map[string][]string{"ACCT": {
			"A6|C9|DEP|CNY|1.00|20260502||active",  // unknown client
			"A7|C1|DEP|CNY|1.005|20260502||active", // third decimal
			"A8|C1|NOPE|CNY|1.00|20260502||active", // unknown product
		}}, "", "REFUSED", "ACCT_20260502.dat:4", "1.005", "ACCT_20260502.dat:3")
	})
}

// refuseDay2 applies day 1, then imports day 2 with the lines of extra added to its files: the batch must
// be refused (for reason, when not empty) and leave the store as it was, and its report must hold each of
// wants.
func refuseDay2(t *testing.T, st *store.Store, extra map[string][]string, reason string, wants ...string) {
	t.Helper()
	if _, err := importDirs(t, st, day1().write(t, t.TempDir())); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, st)
	bad := day2()
	for kind, lines := range extra {
		bad.files[kind] = append(bad.files[kind], lines...)
	}
	reportDir := filepath.Join(t.TempDir(), "reports")
	_, err := Import(context.Background(), st, []string{bad.write(t, t.TempDir())}, Options{ReportDir: reportDir})
	var refused *RefusedError
	if !errors.As(err, &refused) || (reason != "" && refused.Reason != reason) {
		t.Fatalf("bad batch: %v, want refused (%s)", err, reason)
	}
	if after := snapshot(t, st); after != before {
		t.Errorf("a refused batch changed the store:\n before %s\n after  %s", before, after)
	}
	report, err := os.ReadFile(refused.ReportPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range wants {
		if !strings.Contains(string(report), want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
}

// TestAccountChangingHandsWhileEarningNothing moves an account to another client while its product earns
// no points (the catalogue reclassified it), then makes it earn again: the former owner's row must let the
// account go, so that its last balance is not carried into the months after the move as well.
func TestAccountChangingHandsWhileEarningNothing(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		dir := t.TempDir()
		first := day1()
		first.files["ACCT"] = append(slices.Clone(first.files["ACCT"]), "A6|C1|WM1|CNY|50000.00|20260101||active")
		prod := func(date, class string) batchSpec {
			return batchSpec{date: date, files: map[string][]string{"PROD": {prodFile[0], "WM1|理财一号|wealth|R2|asset|||" + class + "|180"}}}
		}
		var dirs []string
		for _, b := range []batchSpec{first,
			prod("20260505", "none"), // earns nothing
			{date: "20260510", files: map[string][]string{"ACCT": {acctHeader, "A6|C2|WM1|CNY|50000.00|20260101||active"}}}, // to C2
			prod("20260601", "long"), // earns again
			{date: "20260610", files: map[string][]string{"ACCT": {acctHeader, "A6|C2|WM1|CNY|60000.00|20260101||active"}}},
		} {
			dirs = append(dirs, b.write(t, dir))
		}
		if _, err := importDirs(t, st, dirs...); err != nil {
			t.Fatal(err)
		}
		if c1, c2 := openBalances(t, st, "C1"), openBalances(t, st, "C2"); strings.Contains(c1, "A6,") || !strings.Contains(c2, "A6,") {
			t.Errorf("open rows: C1 %q, C2 %q; want A6 in C2's only", c1, c2)
		}
		// June: A6 is C2's (50 000 for 9 days, 60 000 for 21); C1 keeps only its time deposit A2.
		w := rating.Window{From: domain.NewDate(2026, 6, 1), To: domain.NewDate(2026, 6, 30), Days: 30}
		ins, err := st.RatingInputs(ctx, store.RatingQuery{Window: w, ChurnMonths: 3})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int64{"C1": 200_000 * 30 * 100, "C2": (50_000*9 + 60_000*21) * 100}
		for _, in := range ins {
			if got := in.Figures.Inputs.Long; got != want[in.Figures.ClientID] {
				t.Errorf("%s: June long %d, want %d", in.Figures.ClientID, got, want[in.Figures.ClientID])
			}
		}
	})
}

// TestBadReferencesRefuseTheBatch refuses a batch whose files are well formed but whose rows contradict
// the store in ways its constraints would accept (a transaction on another client's account, a balance on
// a credit card): nothing is applied, and the report lists every bad row.
func TestBadReferencesRefuseTheBatch(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		refuseDay2(t, st, map[string][]string{
			"ACCT": {"A5|C2|GOLD|CNY|5.00|20210101||active"}, // a card holds no balance
			"TXN":  {"T9|A1|C2|20260502150000|10.00|CNY|transfer|counter|1||"},
		}, "2 errors", "REFUSED", "ACCT_20260502.dat:3", "TXN_20260502.dat:5", "belongs to client C1")
	})
}

// TestDepositRolledOver: a time deposit whose maturity date moves (rolled over), with or without its
// balance, and then a balance that moves alone; each is stored, and the maturity date is kept when only
// the balance moves.
func TestDepositRolledOver(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		dir := t.TempDir()
		dirs := []string{day1().write(t, dir)}
		for _, b := range []batchSpec{
			{date: "20260502", files: map[string][]string{"ACCT": {acctHeader, "A2|C1|TD1Y|CNY|200000.00|20260101|20270601|active"}}},
			{date: "20260503", files: map[string][]string{"ACCT": {acctHeader, "A2|C1|TD1Y|CNY|203000.00|20260101|20271201|active"}}},
			{date: "20260504", files: map[string][]string{"ACCT": {acctHeader, "A2|C1|TD1Y|CNY|204000.00|20260101|20271201|active"}}},
		} {
			dirs = append(dirs, b.write(t, dir))
		}
		want := []struct {
			balance  int64
			maturity domain.Date
		}{{20_000_000, domain.NewDate(2027, 1, 1)}, {20_000_000, domain.NewDate(2027, 6, 1)},
			{20_300_000, domain.NewDate(2027, 12, 1)}, {20_400_000, domain.NewDate(2027, 12, 1)}}
		for i, d := range dirs {
			if _, err := importDirs(t, st, d); err != nil {
				t.Fatal(err)
			}
			accts, err := st.ClientAccounts(ctx, all, "C1")
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range accts {
				if a.AccountID == "A2" && (a.Balance != want[i].balance || a.MaturityDate != want[i].maturity) {
					t.Errorf("batch %d: A2 %d due %s, want %d due %s", i+1, a.Balance, a.MaturityDate, want[i].balance, want[i].maturity)
				}
			}
		}
		c1, err := st.Client(ctx, all, "C1")
		if err != nil {
			t.Fatal(err)
		}
		if c1.AUM != 1_000_000+20_400_000 {
			t.Errorf("C1 AUM %d, want %d", c1.AUM, 1_000_000+20_400_000)
		}
	})
}

// TestProductReclassified: the catalogue moves a product to another points class (a PROD row, no ACCT row
// for its accounts). The accounts' balances count at the new class from the batch on, the dormant ones
// too; a product that stops earning stops counting; and one that earns again counts from that day only, not
// for the days of the month it earned nothing.
func TestProductReclassified(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		dir := t.TempDir()
		first := day1()
		first.files["ACCT"] = append(slices.Clone(first.files["ACCT"]), "A6|C1|WM1|CNY|50000.00|20260101||active",
			"A7|C2|WM1|CNY|30000.00|20260101||active")
		prod := func(date, class string) batchSpec {
			return batchSpec{date: date, files: map[string][]string{"PROD": {prodFile[0], "WM1|理财一号|wealth|R2|asset|||" + class + "|180"}}}
		}
		// On the 20th the batch also carries A7, unchanged: it moves to the new class with the accounts.
		may20 := prod("20260520", "short")
		may20.files["ACCT"] = []string{acctHeader, "A7|C2|WM1|CNY|30000.00|20260101||active"}
		var dirs []string
		for _, b := range []batchSpec{first,
			may20,                    // from the 20th on
			prod("20260705", "none"), // earns nothing from July 5th
			prod("20260810", "long"), // earns again from August 10th
		} {
			dirs = append(dirs, b.write(t, dir))
		}
		if _, err := importDirs(t, st, dirs...); err != nil {
			t.Fatal(err)
		}
		// C1 holds A1 (demand, 10 000: short), A2 (time deposit, 200 000: long) and A6 (WM1, 50 000).
		month := func(client string, y int, m time.Month) rating.Inputs {
			t.Helper()
			from := domain.NewDate(y, m, 1)
			to := domain.NewDate(y, m+1, 1).AddDays(-1)
			w := rating.Window{From: from, To: to, Days: to.Day()}
			ins, err := st.RatingInputs(ctx, store.RatingQuery{Window: w, ChurnMonths: 3})
			if err != nil {
				t.Fatal(err)
			}
			for _, in := range ins {
				if in.Figures.ClientID == client {
					return in.Figures.Inputs
				}
			}
			t.Fatalf("no inputs for %s in %d-%02d", client, y, m)
			return rating.Inputs{}
		}
		// C2 holds A3 (demand, 500), A4 (demand, 1 000 USD at 7.10) and A7 (WM1, 30 000).
		const a1, a2, a6 = 1_000_000, 20_000_000, 5_000_000 // fen
		const c2, a7 = 50_000 + 710_000, 3_000_000
		for _, c := range []struct {
			client      string
			y           int
			m           time.Month
			short, long int64
		}{
			{"C1", 2026, 6, (a1 + a6) * 30, a2 * 30},    // all June at the new class
			{"C1", 2026, 7, a1*31 + a6*4, a2 * 31},      // July 1–4 short, then nothing
			{"C1", 2026, 8, a1 * 31, a2*31 + a6*(31-9)}, // August 10–31 long, not 1–9
			{"C1", 2026, 9, a1 * 30, (a2 + a6) * 30},    // September, long
			{"C2", 2026, 6, (c2 + a7) * 30, 0},
			{"C2", 2026, 7, c2*31 + a7*4, 0},
			{"C2", 2026, 9, c2 * 30, a7 * 30},
		} {
			got := month(c.client, c.y, c.m)
			if got.Short != c.short || got.Long != c.long {
				t.Errorf("%s %d-%02d: short %d long %d, want short %d long %d", c.client, c.y, c.m, got.Short, got.Long, c.short, c.long)
			}
		}
	})
}

// TestUnknownClientRefusesTheBatch: a well-formed batch whose account names a client nobody knows is
// refused by the reference check, naming the row, and nothing is applied.
func TestUnknownClientRefusesTheBatch(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		refuseDay2(t, st, map[string][]string{"ACCT": {"A6|C9|DEP|CNY|1.00|20260502||active"}},
			"1 errors", "REFUSED", "ACCT_20260502.dat:3", "C9")
	})
}

func TestDuplicateTransactionAcrossBatches(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		dir := t.TempDir()
		if _, err := importDirs(t, st, day1().write(t, dir), day2().write(t, dir)); err != nil {
			t.Fatal(err)
		}
		before := snapshot(t, st)
		d3 := day3()
		d3.files["TXN"] = []string{txnHeader, "T9|A1|C1|20260503100000|1.00|CNY|cash|counter|1||", "T1|A1|C1|20260503100000|1.00|CNY|cash|counter|1||"}
		_, err := importDirs(t, st, d3.write(t, dir))
		var refused *RefusedError
		if !errors.As(err, &refused) {
			t.Fatalf("duplicate txn: %v", err)
		}
		report, _ := os.ReadFile(refused.ReportPath)
		if !strings.Contains(string(report), `TXN_20260503.dat:3 txn_id "T1"`) {
			t.Errorf("report does not name T1 at line 3:\n%s", report)
		}
		if after := snapshot(t, st); after != before {
			t.Errorf("the refused batch changed the store:\n before %s\n after  %s", before, after)
		}
	})
}

// TestImportCheckpointsInBackground checks that an import's pages reach the database file itself, not only
// SQLite's write-ahead log: the import's connection commits without checkpointing, and the store's
// background checkpoint copies the log. A copy of the main file alone, taken once it is done, holds the batch.
func TestImportCheckpointsInBackground(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "steward.db")
	st, err := store.Open(ctx, "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB().ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil { // the schema into the file
		t.Fatal(err)
	}
	if _, err := importDirs(t, st, day1().write(t, t.TempDir())); err != nil {
		t.Fatal(err)
	}
	st.WaitCheckpoint()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(t.TempDir(), "main-file-only.db")
	if err := os.WriteFile(copyPath, data, 0o600); err != nil {
		t.Fatal(err)
	}
	cp, err := store.Open(ctx, "sqlite:"+copyPath)
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	var clients int
	if err := cp.DB().QueryRowContext(ctx, "SELECT count(*) FROM clients").Scan(&clients); err != nil {
		t.Fatal(err)
	}
	if clients != 2 {
		t.Errorf("the database file holds %d clients after the checkpoint, want the batch's 2", clients)
	}
}

// TestAccountChangingHands moves an account from one client to another in May and back in June, with
// balance changes between: each month of the account belongs to the owner at its last change, in the
// accumulators and in the re-rating's read, the whole book read in client order and a chosen list of
// clients alike.
func TestAccountChangingHands(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		dir := t.TempDir()
		move := func(date, line string) batchSpec {
			return batchSpec{date: date, files: map[string][]string{"ACCT": {acctHeader, line}}}
		}
		var dirs []string
		for _, b := range []batchSpec{day1(), // A1 is C1's, 10 000
			move("20260511", "A1|C2|DEP|CNY|20000.00|20200101||active"), // to C2
			move("20260610", "A1|C2|DEP|CNY|25000.00|20200101||active"), // C2's, moved
			move("20260620", "A1|C1|DEP|CNY|30000.00|20200101||active"), // back to C1
		} {
			dirs = append(dirs, b.write(t, dir))
		}
		if _, err := importDirs(t, st, dirs...); err != nil {
			t.Fatal(err)
		}
		// June's A1 is C1's since the 20th, brought forward from C2's June 10 (25 000 for 10 days after
		// 20 000 for 9): C2's open row lets it go.
		if c1, c2 := openBalances(t, st, "C1"), openBalances(t, st, "C2"); !strings.Contains(c1, "A1,20,short,43000000,3000000;") || strings.Contains(c2, "A1,") {
			t.Errorf("open rows: C1 %q, C2 %q; want A1 in C1's, brought forward", c1, c2)
		}
		// May 1 – June 30: May's A1 is C2's (10 000 for 10 days, then 20 000); June's is C1's (20 000
		// for 9 days, 25 000 for 10, 30 000 for 11). C2 also holds A3 (500) and A4 (1 000 USD at 7.1).
		w := rating.Window{From: domain.NewDate(2026, 5, 1), To: domain.NewDate(2026, 6, 30), Days: 61}
		wantShort := map[string]int64{"C1": (20_000*9 + 25_000*10 + 30_000*11) * 100, "C2": (10_000*10+20_000*21)*100 + (500+7_100)*61*100}
		wantToday := map[string]int64{"C1": 30_000 * 100, "C2": (500 + 7_100) * 100}
		for _, q := range []store.RatingQuery{{Window: w, ChurnMonths: 3}, {Window: w, ChurnMonths: 3, Clients: []string{"C2", "C1"}}} {
			ins, err := st.RatingInputs(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if len(ins) != 2 {
				t.Fatalf("%v: %d clients' figures", q.Clients, len(ins))
			}
			for _, in := range ins {
				f := in.Figures
				if id := f.ClientID; f.Inputs.Short != wantShort[id] || in.Today.Short != wantToday[id] {
					t.Errorf("%v: %s short %d, today %d; want %d and %d", q.Clients, id, f.Inputs.Short, in.Today.Short, wantShort[id], wantToday[id])
				}
			}
			if c1 := ins[0].Figures; c1.ClientID != "C1" || c1.Inputs.Long != 200_000*61*100 || c1.OpenAccounts != 2 {
				t.Errorf("%v: C1 long %d, %d open accounts; want %d and 2", q.Clients, c1.Inputs.Long, c1.OpenAccounts, 200_000*61*100)
			}
		}
	})
}

// TestFullBatchOpensAndCloses: a full batch that carries a new account and leaves out an old one, as many
// rows as the store held, opens the one and closes the other, and a full batch with no account closes
// every active account.
func TestFullBatchOpensAndCloses(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		dir := t.TempDir()
		day1().write(t, dir)
		batchSpec{date: "20260502", acctMode: "full", files: map[string][]string{
			"ACCT": {acctHeader,
				"A1|C1|DEP|CNY|10000.00|20200101||active",
				"A2|C1|TD1Y|CNY|200000.00|20260101|20270101|active",
				"A4|C2|DEP|USD|1000.00|20210101||active",
				"A5|C2|GOLD|CNY|0|20210101||active",
				"A6|C2|DEP|CNY|800.00|20260502||active"}, // new; A3 left out
		}}.write(t, dir)
		batchSpec{date: "20260503", acctMode: "full", files: map[string][]string{"ACCT": {acctHeader}}}.write(t, dir)
		out, err := importDirs(t, st, filepath.Join(dir, "BATCH_20260501"), filepath.Join(dir, "BATCH_20260502"))
		if err != nil {
			t.Fatal(err)
		}
		if got := out[1].Result.ClosedByFull; got != 1 {
			t.Errorf("day 2 closed %d accounts, want 1 (A3)", got)
		}
		status := func() map[string]string {
			m := map[string]string{}
			for _, c := range []string{"C1", "C2"} {
				accts, err := st.ClientAccounts(ctx, all, c)
				if err != nil {
					t.Fatal(err)
				}
				for _, a := range accts {
					m[a.AccountID] = a.Status
				}
			}
			return m
		}
		if s := status(); s["A3"] != "closed" || s["A6"] != "active" || s["A1"] != "active" {
			t.Errorf("after day 2: %v; want A3 closed, A6 and A1 active", s)
		}
		if c2, _ := st.Client(ctx, all, "C2"); c2.AUM != 710_000+80_000 {
			t.Errorf("C2 AUM %d after day 2, want 7 100.00 (A4 at 7.10) + 800.00", c2.AUM)
		}
		out, err = importDirs(t, st, filepath.Join(dir, "BATCH_20260503"))
		if err != nil {
			t.Fatal(err)
		}
		if got := out[0].Result.ClosedByFull; got != 5 {
			t.Errorf("an empty full ACCT closed %d accounts, want the 5 active ones", got)
		}
		for id, s := range status() {
			if s != "closed" {
				t.Errorf("%s is %s after an empty full ACCT", id, s)
			}
		}
	})
}

// TestAmountBeyondPolicyRefusesTheBatch: a transaction of 92 233 720 368 547 758.07 yuan (the int64
// limit) is beyond the policy's feeds.max_amount: the batch is refused, naming the row.
func TestAmountBeyondPolicyRefusesTheBatch(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		refuseDay2(t, st, map[string][]string{"TXN": {"T4|A1|C1|20260502100000|92233720368547758.07|CNY|purchase|counter|1||"}},
			"1 errors", "REFUSED", `TXN_20260502.dat:5 amount "92233720368547758.07": is larger than the largest amount a row may carry (1000000000.00`)
	})
}

// TestSumOverflowRefusesTheBatch: with no bound on a row's amount, two purchases whose sum does not fit
// in int64 fen used to wrap the client's monthly purchases to a small figure; now the batch is refused,
// naming the row that would overflow the sum, within a batch and across the days of a month.
func TestSumOverflowRefusesTheBatch(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		dir := t.TempDir()
		unbounded := func() Options {
			return Options{ReportDir: filepath.Join(t.TempDir(), "reports"), MaxAmount: math.MaxInt64}
		}
		if _, err := Import(ctx, st, []string{day1().write(t, dir)}, unbounded()); err != nil {
			t.Fatal(err)
		}
		refused := func(b batchSpec, want string) {
			t.Helper()
			before := snapshot(t, st)
			_, err := Import(ctx, st, []string{b.write(t, t.TempDir())}, unbounded())
			var r *RefusedError
			if !errors.As(err, &r) {
				t.Fatalf("%s: %v, want refused", b.date, err)
			}
			report, _ := os.ReadFile(r.ReportPath)
			if !strings.Contains(string(report), want) {
				t.Errorf("report lacks %q:\n%s", want, report)
			}
			if after := snapshot(t, st); after != before {
				t.Errorf("a refused batch changed the store:\n before %s\n after  %s", before, after)
			}
		}
		huge := "46116860184273879.04" // 2^62 fen
		two := day2()
		two.files["TXN"] = []string{txnHeader,
			"T1|A1|C1|20260502093000|" + huge + "|CNY|purchase|counter|1||",
			"T2|A1|C1|20260502093100|" + huge + "|CNY|purchase|counter|1||"}
		refused(two, `TXN_20260502.dat:3 amount "46116860184273879.04": would overflow client C1's purchases of 202605`)

		aum := day2()
		aum.files["ACCT"] = []string{acctHeader, "A1|C1|DEP|CNY|92233720368547758.07|20200101||active",
			"A2|C1|TD1Y|CNY|92233720368547758.07|20260101|20270101|active"}
		refused(aum, `ACCT_20260502.dat:3 balance "92233720368547758.07": would overflow the AUM of client C1`)

		two.files["TXN"] = two.files["TXN"][:2]
		if _, err := Import(ctx, st, []string{two.write(t, dir)}, unbounded()); err != nil {
			t.Fatalf("one huge purchase: %v", err)
		}
		three := day3()
		three.files["TXN"] = []string{txnHeader, "T5|A1|C1|20260503093000|" + huge + "|CNY|purchase|counter|1||"}
		refused(three, `TXN_20260503.dat:2 amount`)
	})
}
