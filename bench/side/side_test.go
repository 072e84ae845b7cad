package side

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/rating"
)

// envInt reads a positive integer from the environment, else def.
func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// TestSideBySide generates feeds with `steward gen` (STEWARD_SIDE_CLIENTS clients, default 2 000, over
// STEWARD_SIDE_MONTHS months, default 7), rates the month after the last batch with the Go reference,
// DuckDB and PostgreSQL (STEWARD_TEST_PG's server; skipped without it unless STEWARD_REQUIRE_PG=1), both
// SQL variants each, and with Steward itself when it has the rate command, and fails on the first
// client whose points or stars differ.
func TestSideBySide(t *testing.T) {
	ctx := context.Background()
	clients, months := envInt("STEWARD_SIDE_CLIENTS", 2000), envInt("STEWARD_SIDE_MONTHS", 7)
	root, err := ModuleRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	st := &Steward{Bin: filepath.Join(tmp, "steward"), Data: filepath.Join(tmp, "data")}
	t0 := time.Now()
	if err := BuildSteward(ctx, root, st.Bin); err != nil {
		t.Fatal(err)
	}
	feeds := filepath.Join(tmp, "feeds")
	if err := st.Gen(ctx, feeds, clients, months, 20261122); err != nil {
		t.Fatal(err)
	}
	t.Logf("built steward and generated %d clients × %d months in %s", clients, months, time.Since(t0).Round(time.Millisecond))

	// Steward imports the batches while the engines work: it is the slowest and mostly single-threaded.
	var imported chan struct{}
	var importErr error
	switch {
	case !st.HasRate(ctx):
		t.Log("steward has no rate command: Steward's own rating not compared (the Go reference stands in)")
	case os.Getenv("STEWARD_SIDE_SKIP_STEWARD") == "1":
		t.Log("STEWARD_SIDE_SKIP_STEWARD=1: Steward's own rating not compared")
	default:
		imported = make(chan struct{})
		ictx, cancel := context.WithCancel(ctx)
		go func() { importErr = st.Import(ictx, feeds); close(imported) }()
		t.Cleanup(func() { cancel(); <-imported }) // a failed test stops the import before its directory goes
	}

	t0 = time.Now()
	f, err := ReadFeeds(ctx, feeds)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("read feeds in %s: %s", time.Since(t0).Round(time.Millisecond), f.Counts())
	pol := policy.Default()
	p, err := ParamsFor(NextMonth(f.Last()), pol)
	if err != nil {
		t.Fatal(err)
	}
	rules, err := rating.New(pol)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := Reference(f, p, rules)
	if err != nil {
		t.Fatal(err)
	}
	n := Summary(ref)
	t.Logf("rating month %s, window %s to %s (%d days): reference stars 0:%d 1:%d 3:%d 4:%d 5:%d 6:%d 7:%d",
		p.Month, p.From, p.To, p.Days, n[0], n[1], n[3], n[4], n[5], n[6], n[7])
	if n[0] == len(ref) {
		t.Fatal("every client is unrated: the feeds earn no points, nothing is compared")
	}

	check := func(name string, got Results) {
		t.Helper()
		if len(got) == 0 {
			t.Errorf("%s: no clients", name)
			return
		}
		if diffs := Compare(ref, got); len(diffs) > 0 {
			t.Errorf("%s differs from the Go reference for %d of %d clients:\n%s", name, len(diffs), len(ref),
				Describe(diffs, "reference", name, 10))
		}
	}
	runEngine := func(e Engine) {
		t.Helper()
		defer e.Close()
		t0 := time.Now()
		if err := e.Load(ctx, f); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: loaded in %s", e.Name(), time.Since(t0).Round(time.Millisecond))
		for _, v := range []string{Spans, Daily} {
			t0 := time.Now()
			got, err := e.Compute(ctx, p, v)
			if err != nil {
				t.Fatalf("%s %s: %v", e.Name(), v, err)
			}
			t.Logf("%s %s: computed in %s", e.Name(), v, time.Since(t0).Round(time.Millisecond))
			check(e.Name()+" "+v, got)
		}
	}

	duck, err := OpenDuck()
	if err != nil {
		t.Fatal(err)
	}
	runEngine(duck)

	if url := os.Getenv("STEWARD_TEST_PG"); url != "" {
		pg, err := OpenPG(ctx, url, "steward_bench_side_test")
		if err != nil {
			t.Fatal(err)
		}
		runEngine(pg)
	} else if os.Getenv("STEWARD_REQUIRE_PG") == "1" {
		t.Error("STEWARD_REQUIRE_PG=1 but STEWARD_TEST_PG is not set")
	} else {
		t.Log("STEWARD_TEST_PG is not set: PostgreSQL not compared")
	}

	if imported == nil {
		return
	}
	t0 = time.Now()
	<-imported
	if importErr != nil {
		t.Fatal(importErr)
	}
	if err := st.Rate(ctx, p.Month); err != nil {
		t.Fatal(err)
	}
	got, err := st.Ratings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Steward: import (alongside the engines) and rate done %s after the engines", time.Since(t0).Round(time.Millisecond))
	check("Steward", got)
}

// TestToCNY checks the conversion's rounding: half away from zero, like the importer's.
func TestToCNY(t *testing.T) {
	for _, c := range []struct{ fen, rate, want int64 }{
		{100, 1_000_000, 100}, {1, 500_000, 1}, {1, 499_999, 0}, {-1, 500_000, -1}, {-3, 1_500_000, -5},
		{123456789, 7_123_456, 879439004}, {0, 7_000_000, 0},
	} {
		got, err := toCNY(c.fen, c.rate)
		if err != nil || got != c.want {
			t.Errorf("toCNY(%d, %d) = %d, %v; want %d", c.fen, c.rate, got, err, c.want)
		}
	}
	if _, err := toCNY(1<<62, 9_000_000); err == nil {
		t.Error("toCNY did not report an overflow")
	}
}

// TestParams checks the window and the scaled weights of the default policy against DOMAIN.md.
func TestParams(t *testing.T) {
	p, err := ParamsFor("2026-12", policy.Default())
	if err != nil {
		t.Fatal(err)
	}
	if p.From.String() != "2026-06-01" || p.To.String() != "2026-11-30" || p.Days != 183 {
		t.Errorf("window %s to %s, %d days; want 2026-06-01 to 2026-11-30, 183", p.From, p.To, p.Days)
	}
	if p.Short != 1_350_000 || p.Long != 1_000_000 || p.Loan != 2_000_000 || p.Purchase != 2_000_000 || p.Seven != 80_000*Scale {
		t.Errorf("weights %+v", p)
	}
}
