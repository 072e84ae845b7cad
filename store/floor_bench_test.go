package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/steward-bank/steward/demo"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/ingest"
	"github.com/steward-bank/steward/pipeline"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// BenchmarkDeltaFloor is the floor under pipeline's BenchmarkImportDelta: the same second day of the same
// bank (STEWARD_BENCH_CLIENTS, default 20 000), of which only the writes no design can skip are made, in
// one transaction on SQLite with the import's C path: each ACCT row's new balance and each transaction.
// It reports them as rows/s of the whole batch, to set beside the import's figure (docs/benchmarks.md).
func BenchmarkDeltaFloor(b *testing.B) {
	ctx := context.Background()
	n := 20000
	if v, err := strconv.Atoi(os.Getenv("STEWARD_BENCH_CLIENTS")); err == nil && v > 0 {
		n = v
	}
	feeds := b.TempDir()
	start := domain.NewDate(2026, 5, 1)
	bank := demo.Generate(demo.Options{Clients: n, Seed: 7, Today: start})
	if _, err := demo.WriteFeeds(bank, feeds, demo.FeedOptions{Start: start, Days: 2, Seed: 7, DailyChangedPct: 10,
		DailyTxns: n / 2}, nil); err != nil {
		b.Fatal(err)
	}
	dirs, err := ingest.FindBatches(feeds)
	if err != nil {
		b.Fatal(err)
	}
	base := filepath.Join(b.TempDir(), "base.db")
	st := storetest.OpenSQLite(b, base)
	if _, err := pipeline.Import(ctx, st, dirs[:1], pipeline.Options{OwnBankCodes: []string{demo.OwnBank}}); err != nil {
		b.Fatal(err)
	}
	st.Close()
	day2, rep, err := ingest.ReadBatch(dirs[1])
	if err != nil || !rep.OK() {
		b.Fatalf("read day 2: %v %v", err, rep)
	}
	rows := len(day2.Accounts) + len(day2.Txns) + len(day2.Clients) + len(day2.Income) + len(day2.FX) + len(day2.Products) + len(day2.Orgs)
	var total time.Duration
	for i := 0; i < b.N; i++ {
		path := filepath.Join(b.TempDir(), fmt.Sprintf("floor%d.db", i))
		storetest.CopySQLite(b, base, path)
		st := storetest.OpenSQLite(b, path)
		runtime.GC()
		t0 := time.Now()
		if err := store.WriteRawDelta(ctx, st, day2); err != nil {
			b.Fatal(err)
		}
		total += time.Since(t0)
		st.Close()
	}
	b.ReportMetric(float64(rows)*float64(b.N)/total.Seconds(), "rows/s")
	b.ReportMetric(float64(rows), "rows/batch")
}
