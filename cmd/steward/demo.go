package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/demo"
	"github.com/steward-bank/steward/demo/demoimport"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/pipeline"
	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/store"
)

// DemoPassword is every demo account's password.
const DemoPassword = "Demo@2026"

func (c *cli) demo(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	clients := fs.Int("clients", 20000, "number of clients")
	addr := fs.String("addr", ":8080", "listen address")
	data := fs.String("data", "./data/demo", "data directory of the demo bank (emptied first)")
	seed := fs.Uint64("seed", 20261122, "random seed (same seed, same bank)")
	months := fs.Int("months", 1, "months of daily core-banking batches to generate and import")
	noServe := fs.Bool("no-serve", false, "build the bank and exit")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usagef("demo takes no arguments, got %q", pos)
	}
	if *clients < 100 || *clients > 2_000_000 {
		return usagef("--clients %d: choose between 100 and 2000000", *clients)
	}
	// A fresh bank every time: remove the previous demo database (and only it).
	for _, f := range []string{"steward.db", "steward.db-wal", "steward.db-shm"} {
		if err := os.Remove(filepath.Join(*data, f)); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("clear the demo data directory: %w", err)
		}
	}
	cal, err := loadCalendar(*data)
	if err != nil {
		return err
	}
	url := "sqlite:" + filepath.Join(*data, "steward.db")
	st, err := store.Open(ctx, url)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.Migrate(ctx); err != nil {
		return err
	}
	start := time.Now()
	fmt.Fprintf(c.stdout, "Building the demo bank: %d clients, %d month(s) of daily batches …\n", *clients, *months)
	// The bank's state on the first business date; the feeds carry it forward day by day, and the import
	// loads it exactly as it would load the core system's batches.
	first := domain.DateOf(time.Now().In(domain.Shanghai).AddDate(0, -*months, -1))
	bank := demo.Generate(demo.Options{Clients: *clients, Seed: *seed, Today: first})
	feeds := filepath.Join(*data, "feeds")
	if err := os.RemoveAll(feeds); err != nil {
		return fmt.Errorf("clear %s: %w", feeds, err)
	}
	fsum, err := demo.WriteFeeds(bank, feeds, demo.FeedOptions{Start: first, Months: *months, Seed: *seed}, nil)
	if err != nil {
		return fmt.Errorf("write the demo feeds: %w", err)
	}
	fmt.Fprintf(c.stdout, "  %d daily batches written to %s (%s)\n", fsum.Batches, feeds, rowsText(fsum.Rows))
	t1 := time.Now()
	rules, ar, err := nightRules(policy.Default())
	if err != nil {
		return err
	}
	// The first batch, then the staff and their books, then the rest with the night's passes: every alert
	// and cadence task goes to the client's own manager from the first day, as in a bank.
	outcomes, err := demoimport.Run(ctx, st, bank, feeds, DemoPassword, pipeline.Options{ReportDir: filepath.Join(*data, "reports"),
		Rules: rules, Alerts: ar, Calendar: cal, OwnBankCodes: []string{demo.OwnBank}})
	if err != nil {
		return fmt.Errorf("build the demo bank: %w", err)
	}
	fmt.Fprintf(c.stdout, "  %d batches imported, staff and books loaded, in %s\n", len(outcomes), time.Since(t1).Round(100*time.Millisecond))
	if err := demoimport.LeaveWaiting(ctx, st, policy.Default()); err != nil {
		return fmt.Errorf("build the demo bank: %w", err)
	}
	if err := printBook(ctx, c.stdout, st); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Built in %s, database %s\n\n", time.Since(start).Round(100*time.Millisecond), url)
	fmt.Fprintf(c.stdout, "Accounts (password %s for all; password expiry is off in the demo):\n", DemoPassword)
	fmt.Fprintln(c.stdout, "  admin            administrator")
	fmt.Fprintln(c.stdout, "  dept01           personal-banking department (whole branch)")
	fmt.Fprintln(c.stdout, "  sup01, sup02     RM supervisors")
	fmt.Fprintln(c.stdout, "  rm01 … rm12      client managers (two per outlet)")
	fmt.Fprintln(c.stdout, "  teller01 … 06    tellers (masked view)")
	fmt.Fprintln(c.stdout, "  lobby01 … 06     lobby managers;  om01 … 06  outlet managers")
	if *noServe {
		return nil
	}
	logger := slog.New(slog.NewTextHandler(c.stderr, nil))
	fmt.Fprintf(c.stdout, "\nServing on %s (Ctrl-C to stop)\n", browseURL(*addr))
	return c.listen(ctx, st, policy.Default(), listenOpts{addr: *addr, demo: true, reportDir: filepath.Join(*data, "reports"),
		calendar: cal, holidayDir: holidayDir(*data)}, logger)
}

// browseURL is the address a person types into the browser for a listen address: ":8080" (every
// interface) is http://localhost:8080, "127.0.0.1:18282" is http://127.0.0.1:18282, "[::1]:8080" is
// http://[::1]:8080. An address that does not parse is shown as given.
func browseURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr
	}
	switch host {
	case "", "0.0.0.0", "::":
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// printBook prints what the store holds: clients and AUM by asset tier (default policy bands).
func printBook(ctx context.Context, w io.Writer, st *store.Store) error {
	t := policy.Default().Tiers
	bounds := []int64{t.T2Min.Fen(), t.T3Min.Fen(), t.T4Min.Fen(), t.T5Min.Fen()}
	sum, err := st.BookSummary(ctx, access.Scope{Reach: access.ReachAll}, bounds)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  %d clients, AUM ¥%s, %d without a client manager\n", sum.Clients, policy.Money(sum.AUM).YuanString(), sum.Unassigned)
	for i, n := range sum.Bands {
		fmt.Fprintf(w, "  T%d  %7d clients  ¥%18s\n", i+1, n, policy.Money(sum.BandAUM[i]).YuanString())
	}
	return nil
}
