package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/steward-bank/steward/demo"
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
	fmt.Fprintf(c.stdout, "Building the demo bank: %d clients …\n", *clients)
	bank := demo.Generate(demo.Options{Clients: *clients, Seed: *seed})
	sum, err := demo.Load(ctx, st, bank, DemoPassword)
	if err != nil {
		return fmt.Errorf("load the demo bank: %w", err)
	}
	fmt.Fprintf(c.stdout, "%s\nBuilt in %s, database %s\n\n", sum, time.Since(start).Round(100*time.Millisecond), url)
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
	fmt.Fprintf(c.stdout, "\nServing on http://localhost%s (Ctrl-C to stop)\n", displayAddr(*addr))
	return c.listen(ctx, st, policy.Default(), *addr, false, true, logger)
}

func displayAddr(addr string) string {
	if len(addr) > 0 && addr[0] == ':' {
		return addr
	}
	return " " + addr
}
