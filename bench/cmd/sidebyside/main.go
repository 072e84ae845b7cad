// Command sidebyside computes the star points and contribution stars of one rating month from the same
// `steward gen` feeds with the Go reference, DuckDB SQL, PostgreSQL SQL and Steward itself, checks that
// they agree client by client, and prints each engine's load and compute times and their ratios.
//
//	go run ./cmd/sidebyside -clients 100000 -months 7 -runs 3
//
// See bench/README.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/steward-bank/steward/bench/side"
	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/rating"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "sidebyside:", err)
		os.Exit(1)
	}
}

// timing is one engine's measurements.
type timing struct {
	name          string
	load, compute []time.Duration
	note          string
	clients       int
	agrees        string
}

func median(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

func fmtDur(d []time.Duration) string {
	if len(d) == 0 {
		return "—"
	}
	parts := make([]string, len(d))
	for i, x := range d {
		parts[i] = fmt.Sprintf("%.2f", x.Seconds())
	}
	if len(d) == 1 {
		return parts[0] + " s"
	}
	return fmt.Sprintf("%.2f s (%s)", median(d).Seconds(), strings.Join(parts, ", "))
}

func run() error {
	clients := flag.Int("clients", 2000, "clients of the generated bank")
	months := flag.Int("months", 7, "calendar months of daily batches")
	seed := flag.Uint64("seed", 20261122, "generator seed")
	feedsDir := flag.String("feeds", "", "use the batches in this directory instead of generating them")
	work := flag.String("work", "", "working directory for feeds and Steward's store, kept (default: a temporary one, removed); use a new one each run")
	month := flag.String("month", "", "rating month YYYY-MM (default: the month after the last batch)")
	engines := flag.String("engines", "reference,duckdb,postgres,steward", "engines to run")
	variants := flag.String("variants", "spans,daily", "SQL variants of the balance sums: spans, daily")
	runs := flag.Int("runs", 3, "computations per engine and variant (the median is reported)")
	loadRuns := flag.Int("load-runs", 1, "loads per SQL engine (the median is reported)")
	pgURL := flag.String("pg", os.Getenv("STEWARD_TEST_PG"), "PostgreSQL server URL (default $STEWARD_TEST_PG)")
	pgName := flag.String("pg-db", "steward_bench_side", "scratch database created on the server and dropped afterwards")
	stewardData := flag.String("steward-data", "", "a Steward data directory that already holds the imported feeds (skips the import)")
	withRate := flag.Bool("import-rates", false, "let steward import run its nightly and monthly rating passes (default --no-rate: the import only loads)")
	flag.Parse()
	ctx := context.Background()
	want := map[string]bool{}
	for _, e := range strings.Split(*engines, ",") {
		want[strings.TrimSpace(e)] = true
	}

	dir := *work
	if dir == "" {
		d, err := os.MkdirTemp("", "sidebyside")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	root, err := side.ModuleRoot(".")
	if err != nil {
		return err
	}
	st := &side.Steward{Bin: filepath.Join(dir, "steward"), Data: filepath.Join(dir, "steward-data"), NoRate: !*withRate}
	if *stewardData != "" {
		st.Data = *stewardData
	}
	if err := side.BuildSteward(ctx, root, st.Bin); err != nil {
		return err
	}
	feeds := *feedsDir
	if feeds == "" {
		feeds = filepath.Join(dir, "feeds")
		t0 := time.Now()
		if err := st.Gen(ctx, feeds, *clients, *months, *seed); err != nil {
			return err
		}
		fmt.Printf("steward gen: %d clients × %d months in %.1f s\n", *clients, *months, time.Since(t0).Seconds())
	}

	t0 := time.Now()
	f, err := side.ReadFeeds(ctx, feeds)
	if err != nil {
		return err
	}
	fmt.Printf("read feeds (ingest.ReadBatch, shared by the SQL engines and the reference): %.1f s: %s\n", time.Since(t0).Seconds(), f.Counts())
	m := *month
	if m == "" {
		m = side.NextMonth(f.Last())
	}
	pol := policy.Default()
	p, err := side.ParamsFor(m, pol)
	if err != nil {
		return err
	}
	rules, err := rating.New(pol)
	if err != nil {
		return err
	}
	fmt.Printf("rating month %s: window %s to %s, %d days\n\n", p.Month, p.From, p.To, p.Days)

	var all []*timing
	var ref side.Results
	results := map[string]side.Results{}
	var order []string
	record := func(name string, r side.Results) {
		if _, ok := results[name]; !ok {
			order = append(order, name)
		}
		results[name] = r
	}

	if want["reference"] {
		tm := &timing{name: "Go reference (day by day + rating.Points)", note: "works on the parsed feeds in memory"}
		for range *runs {
			t := time.Now()
			r, err := side.Reference(f, p, rules)
			if err != nil {
				return err
			}
			tm.compute = append(tm.compute, time.Since(t))
			ref = r
		}
		tm.clients = len(ref)
		record("reference", ref)
		all = append(all, tm)
		fmt.Printf("Go reference: %s\n", fmtDur(tm.compute))
	}

	sqlEngine := func(open func() (side.Engine, error)) error {
		var tms []*timing
		for i := range *loadRuns {
			e, err := open()
			if err != nil {
				return err
			}
			t := time.Now()
			if err := e.Load(ctx, f); err != nil {
				e.Close()
				return err
			}
			load := time.Since(t)
			for vi, v := range strings.Split(*variants, ",") {
				if i == 0 {
					tms = append(tms, &timing{name: e.Name() + " " + v})
					all = append(all, tms[vi])
				}
				tm := tms[vi]
				tm.load = append(tm.load, load)
				if i > 0 {
					continue // the computations run on the first load
				}
				for range *runs {
					t := time.Now()
					r, err := e.Compute(ctx, p, v)
					if err != nil {
						e.Close()
						return err
					}
					tm.compute = append(tm.compute, time.Since(t))
					tm.clients = len(r)
					record(e.Name()+" "+v, r)
				}
				fmt.Printf("%s: load %s, compute %s\n", tm.name, fmtDur(tm.load), fmtDur(tm.compute))
			}
			if err := e.Close(); err != nil {
				return err
			}
		}
		return nil
	}
	if want["duckdb"] {
		if err := sqlEngine(func() (side.Engine, error) { return side.OpenDuck() }); err != nil {
			return err
		}
	}
	if want["postgres"] {
		if *pgURL == "" {
			fmt.Println("PostgreSQL: no server (-pg or STEWARD_TEST_PG): skipped")
		} else if err := sqlEngine(func() (side.Engine, error) { return side.OpenPG(ctx, *pgURL, *pgName) }); err != nil {
			return err
		}
	}

	var stw *timing
	if want["steward"] {
		stw = &timing{name: "Steward (import, then rate; SQLite)"}
		if !st.HasRate(ctx) {
			stw.note = "steward has no rate command yet: not compared; ratios are to the Go reference"
			fmt.Println("Steward:", stw.note)
			stw = nil
		} else {
			if *stewardData == "" {
				t := time.Now()
				if err := st.Import(ctx, feeds); err != nil {
					return err
				}
				stw.load = append(stw.load, time.Since(t))
			} else {
				stw.note = "store imported beforehand (" + *stewardData + ")"
			}
			// A month already rated is not rated again: each run starts from a copy of the store as imported.
			if *runs > 1 {
				if err := st.Snapshot(); err != nil {
					return err
				}
			}
			for i := range *runs {
				if i > 0 {
					if err := st.Restore(); err != nil {
						return err
					}
				}
				t := time.Now()
				if err := st.Rate(ctx, p.Month); err != nil {
					return err
				}
				stw.compute = append(stw.compute, time.Since(t))
			}
			if *runs > 1 {
				if err := st.DropSnapshot(); err != nil {
					return err
				}
			}
			r, err := st.Ratings(ctx)
			if err != nil {
				return err
			}
			stw.clients = len(r)
			record("Steward", r)
			all = append(all, stw)
			fmt.Printf("Steward: import %s, rate %s\n", fmtDur(stw.load), fmtDur(stw.compute))
		}
	}

	// Agreement: every engine against the first one (the reference when it ran).
	ok := true
	if len(order) > 1 {
		base := order[0]
		fmt.Printf("\nagreement (star points in hundredths and stars, and the window sums where both report them), against %s:\n", base)
		for _, name := range order[1:] {
			d := side.Compare(results[base], results[name])
			if len(d) == 0 {
				fmt.Printf("  %-20s agrees on all %d clients\n", name, len(results[name]))
				continue
			}
			ok = false
			fmt.Printf("  %-20s DIFFERS for %d clients:\n%s", name, len(d), indent(side.Describe(d, base, name, 10)))
		}
	}
	if ref != nil {
		n := side.Summary(ref)
		fmt.Printf("\nstars (reference): unrated %d, pre-star %d, 3★ %d, 4★ %d, 5★ %d, 6★ %d, 7★ %d\n", n[0], n[1], n[3], n[4], n[5], n[6], n[7])
	}

	// Times and ratios: compute against Steward's rate (else the Go reference), and load + compute
	// against Steward's import + rate. Reading the feeds (shared, above) is in neither.
	var baseName string
	var base, baseTotal time.Duration
	switch {
	case stw != nil && len(stw.compute) > 0:
		baseName, base = "Steward rate", median(stw.compute)
		if len(stw.load) > 0 {
			baseTotal = median(stw.load) + base
		}
	case len(all) > 0 && strings.HasPrefix(all[0].name, "Go"):
		baseName, base = "Go reference", median(all[0].compute)
	}
	fmt.Printf("\nratios: compute ÷ %s's compute; total: (load + compute) ÷ Steward's (import + rate)\n", baseName)
	fmt.Printf("%-40s %-26s %-26s %8s  %-8s %s\n", "engine", "load", "compute (median)", "clients", "compute", "total")
	for _, tm := range all {
		ratio, total := "—", "—"
		if base > 0 && len(tm.compute) > 0 {
			ratio = fmt.Sprintf("%.3g", median(tm.compute).Seconds()/base.Seconds())
		}
		if baseTotal > 0 && len(tm.load) > 0 && len(tm.compute) > 0 {
			total = fmt.Sprintf("%.3g", (median(tm.load)+median(tm.compute)).Seconds()/baseTotal.Seconds())
		}
		fmt.Printf("%-40s %-26s %-26s %8d  %-8s %s", tm.name, fmtDur(tm.load), fmtDur(tm.compute), tm.clients, ratio, total)
		if tm.note != "" {
			fmt.Printf("  (%s)", tm.note)
		}
		fmt.Println()
	}
	if !ok {
		return fmt.Errorf("the engines disagree")
	}
	return nil
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "\n    ") + "\n"
}
