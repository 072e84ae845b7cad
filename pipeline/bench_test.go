package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/steward-bank/steward/demo"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/ingest"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// The import benchmarks run `steward gen`'s feeds through Import into a fresh SQLite store. Their size is
// STEWARD_BENCH_CLIENTS clients (default 20 000; docs/benchmarks.md uses 100 000 and 1 000 000), with the
// daily delta of DESIGN.md's target: 10 % of accounts changed and STEWARD_BENCH_TXNS transactions a day
// (default 0.5 per client: 500 000 for a million clients). STEWARD_BENCH_ACCOUNTS is the accounts a client
// holds on average (e.g. 3: a million clients, three million accounts; default the generator's natural
// mix, about 1.4).
//
//	STEWARD_BENCH_CLIENTS=100000 go test -run '^$' -bench 'Import(Full|Delta|DailyFull)$' -benchtime 3x ./pipeline/
//
// Each reports rows/s over the whole import of a batch: read, parse and validate, reference checks and apply,
// until Import returns; rows/s-with-checkpoint also counts the store's background checkpoint of the batch's
// pages (SQLite, store/checkpoint.go), which a night overlaps with the rating pass or the next batch.
// STEWARD_BENCH_CPUPROFILE=FILE profiles the timed imports only; STEWARD_BENCH_ENGINE=postgres runs them on
// the PostgreSQL server of STEWARD_TEST_PG; STEWARD_BENCH_PHASES=1 logs each timed import's read, reference
// check and apply, with the apply's steps (run with -v). store's BenchmarkDeltaFloor times, for the same
// second day, only the writes no design can skip.

func benchClients() int { return envInt("STEWARD_BENCH_CLIENTS", 20000) }

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

type feedCache struct {
	sync.Mutex
	dirs map[string]string // key → feed directory
}

var benchFeeds feedCache

// benchFeedDir writes (once per process) days daily batches for the benchmark's bank and returns the
// directory holding them.
func benchFeedDir(b *testing.B, days int) string { return benchFeeds.dir(b, days, false) }

// dir writes the batches; with fullAccounts every day's ACCT is a full snapshot of the open accounts.
func (*feedCache) dir(b *testing.B, days int, fullAccounts bool) string {
	b.Helper()
	n := benchClients()
	per100 := 0
	if v := os.Getenv("STEWARD_BENCH_ACCOUNTS"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 1 || f > 20 {
			b.Fatalf("STEWARD_BENCH_ACCOUNTS=%q: want accounts a client, from 1 to 20", v)
		}
		per100 = int(f*100 + 0.5)
	}
	key := fmt.Sprintf("%d/%d/%d/%t", n, days, per100, fullAccounts)
	benchFeeds.Lock()
	defer benchFeeds.Unlock()
	if d, ok := benchFeeds.dirs[key]; ok {
		return d
	}
	dir, err := os.MkdirTemp("", "steward-bench-feeds-")
	if err != nil {
		b.Fatal(err)
	}
	start := domain.NewDate(2026, 5, 1)
	bank := demo.Generate(demo.Options{Clients: n, Seed: 7, Today: start, AccountsPer100: per100})
	t0 := time.Now()
	if _, err := demo.WriteFeeds(bank, dir, demo.FeedOptions{Start: start, Days: days, Seed: 7,
		DailyChangedPct: 10, DailyTxns: envInt("STEWARD_BENCH_TXNS", n/2), FullAccounts: fullAccounts}, nil); err != nil {
		b.Fatal(err)
	}
	b.Logf("wrote %d days of feeds for %d clients in %s", days, n, time.Since(t0).Round(time.Millisecond))
	if benchFeeds.dirs == nil {
		benchFeeds.dirs = map[string]string{}
	}
	benchFeeds.dirs[key] = dir
	return dir
}

func batchDirs(b *testing.B, root string) []string {
	b.Helper()
	dirs, err := ingest.FindBatches(root)
	if err != nil {
		b.Fatal(err)
	}
	return dirs
}

// importTimed imports one batch directory and reports its rows and the time taken until Import returned;
// checkpoint is the time the store's background checkpoint of the batch went on after that (SQLite).
func importTimed(b *testing.B, st *store.Store, dir string) (rows int, elapsed time.Duration) {
	rows, elapsed, _ = importTimedCheckpoint(b, st, dir)
	return rows, elapsed
}

func importTimedCheckpoint(b *testing.B, st *store.Store, dir string) (rows int, elapsed, checkpoint time.Duration) {
	b.Helper()
	if path := os.Getenv("STEWARD_BENCH_CPUPROFILE"); path != "" {
		// Profile only the timed imports (go test's -cpuprofile would include the set-up).
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		defer pprof.StopCPUProfile()
	}
	t0 := time.Now()
	out, err := Import(context.Background(), st, []string{dir}, Options{OwnBankCodes: []string{demo.OwnBank}})
	elapsed = time.Since(t0)
	if err != nil {
		b.Fatal(err)
	}
	if os.Getenv("STEWARD_BENCH_PHASES") == "1" {
		b.Logf("%s: read %s, references %s, apply %s (%s), all %s", out[0].BusinessDate, out[0].Read.Round(time.Millisecond),
			out[0].Checked.Round(time.Millisecond), out[0].Result.Elapsed.Round(time.Millisecond), StepsText(out[0].Result.Steps),
			elapsed.Round(time.Millisecond))
	}
	st.WaitCheckpoint()
	checkpoint = time.Since(t0) - elapsed
	for _, n := range out[0].Result.Rows {
		rows += n
	}
	return rows, elapsed, checkpoint
}

// benchEngine is STEWARD_BENCH_ENGINE: sqlite (default) or postgres (STEWARD_TEST_PG's server, a fresh
// database a store).
func benchEngine() string {
	if e := os.Getenv("STEWARD_BENCH_ENGINE"); e != "" {
		return e
	}
	return "sqlite"
}

// freshStore opens an empty, migrated store of the benchmark's engine.
func freshStore(b *testing.B, sqlitePath string) *store.Store {
	b.Helper()
	if benchEngine() == "sqlite" {
		return storetest.OpenSQLite(b, sqlitePath)
	}
	st, err := store.Open(context.Background(), storetest.URL(b, benchEngine()))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := st.Migrate(context.Background()); err != nil {
		b.Fatal(err)
	}
	return st
}

// BenchmarkImportFull imports the first, full batch (every client and account, a day of transactions) into
// an empty store.
func BenchmarkImportFull(b *testing.B) {
	root := benchFeedDir(b, 2)
	first := batchDirs(b, root)[0]
	tmp := b.TempDir()
	var rows int
	var total, ckpt time.Duration
	for i := 0; i < b.N; i++ {
		st := freshStore(b, filepath.Join(tmp, fmt.Sprintf("full%d.db", i)))
		runtime.GC()
		n, d, c := importTimedCheckpoint(b, st, first)
		rows, total, ckpt = n, total+d, ckpt+c
		st.Close()
	}
	b.ReportMetric(float64(rows)*float64(b.N)/total.Seconds(), "rows/s")
	b.ReportMetric(float64(rows)*float64(b.N)/(total+ckpt).Seconds(), "rows/s-with-checkpoint")
	b.ReportMetric(float64(rows), "rows/batch")
}

// BenchmarkImportDelta imports a typical daily delta (10 % of accounts changed, the day's transactions) on
// top of the first batch.
func BenchmarkImportDelta(b *testing.B) { benchSecondDay(b, false) }

// BenchmarkImportDailyFull imports the same second day as BenchmarkImportDelta, sent as a full snapshot
// (acct_mode=full): every open account, of which the same tenth changed, and the same transactions. Cores
// that send their whole book each night send this.
func BenchmarkImportDailyFull(b *testing.B) { benchSecondDay(b, true) }

// benchSecondDay times the import of the second day onto a store holding the first.
func benchSecondDay(b *testing.B, fullAccounts bool) {
	root := benchFeeds.dir(b, 2, fullAccounts)
	dirs := batchDirs(b, root)
	tmp := b.TempDir()
	base := filepath.Join(tmp, "base.db")
	if benchEngine() == "sqlite" {
		st := storetest.OpenSQLite(b, base)
		importTimed(b, st, dirs[0])
		st.Close()
	}
	var rows int
	var total, ckpt time.Duration
	for i := 0; i < b.N; i++ {
		path := filepath.Join(tmp, fmt.Sprintf("delta%d.db", i))
		var st *store.Store
		if benchEngine() == "sqlite" {
			storetest.CopySQLite(b, base, path)
			st = storetest.OpenSQLite(b, path)
		} else {
			st = freshStore(b, "")
			importTimed(b, st, dirs[0])
		}
		runtime.GC()
		n, d, c := importTimedCheckpoint(b, st, dirs[1])
		rows, total, ckpt = n, total+d, ckpt+c
		st.Close()
		os.Remove(path)
	}
	b.ReportMetric(float64(rows)*float64(b.N)/total.Seconds(), "rows/s")
	b.ReportMetric(float64(rows)*float64(b.N)/(total+ckpt).Seconds(), "rows/s-with-checkpoint")
	b.ReportMetric(float64(rows), "rows/batch")
}

// BenchmarkImportDay180VsDay10 imports 180 daily batches of the same size into one store and compares the
// cost of a row on day 180 with day 10: the median over the nine days around each (days 6–14 and 176–184
// of 184), so that one day slowed by the machine does not move the figure. With running accumulators, a
// day's cost follows the day's rows, not the history before it. It reports the ratio day180/day10 (1.0 =
// no growth) and each end's median rows/s. A month's first days close the open months of most clients
// (migration 0016): monthstart-ratio compares the first three days of the sixth month (days 154–156,
// October 1–3) with those of the second (days 32–34, June 1–3), when no month had been closed before.
func BenchmarkImportDay180VsDay10(b *testing.B) {
	root := benchFeedDir(b, 184)
	dirs := batchDirs(b, root)
	for i := 0; i < b.N; i++ {
		path := filepath.Join(b.TempDir(), "days.db")
		st := freshStore(b, path)
		// STEWARD_BENCH_DAYS_REOPEN=1 opens the store afresh for each day, as the nightly import run from cron
		// does (a process a night): nothing of the days before is left in the import connection's page cache.
		reopen := os.Getenv("STEWARD_BENCH_DAYS_REOPEN") == "1" && benchEngine() == "sqlite"
		var early, late, june, october []float64 // seconds a row, a day
		for day, dir := range dirs {
			profile := os.Getenv("STEWARD_BENCH_DAYS_PROFILE")
			if profile != "" && (day == 5 || day == 175) {
				// CPU profiles of the days around day 10 and around day 180: DIR/day10.prof, DIR/day180.prof.
				f, err := os.Create(filepath.Join(profile, map[bool]string{true: "day10.prof", false: "day180.prof"}[day == 5]))
				if err != nil {
					b.Fatal(err)
				}
				if err := pprof.StartCPUProfile(f); err != nil {
					b.Fatal(err)
				}
				defer f.Close()
			}
			if reopen && day > 0 {
				st.Close()
				st = storetest.OpenSQLite(b, path)
			}
			n, d := importTimed(b, st, dir)
			if profile != "" && (day == 13 || day == 183) {
				pprof.StopCPUProfile()
			}
			perRow := d.Seconds() / float64(n)
			switch {
			case day >= 5 && day < 14: // days 6–14
				early = append(early, perRow)
			case day >= 175 && day < 184: // days 176–184
				late = append(late, perRow)
			}
			switch {
			case day >= 31 && day < 34:
				june = append(june, perRow)
			case day >= 153 && day < 156:
				october = append(october, perRow)
			}
		}
		st.Close()
		e, l := median(early), median(late)
		b.ReportMetric(1/e, "day10-rows/s")
		b.ReportMetric(1/l, "day180-rows/s")
		b.ReportMetric(l/e, "cost-ratio")
		b.ReportMetric(median(october)/median(june), "monthstart-ratio")
	}
}

func median(xs []float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
