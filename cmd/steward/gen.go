package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/steward-bank/steward/demo"
	"github.com/steward-bank/steward/domain"
)

func (c *cli) gen(_ context.Context, args []string) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	clients := fs.Int("clients", 20000, "number of clients")
	months := fs.Int("months", 1, "calendar months of daily batches")
	days := fs.Int("days", 0, "exact number of daily batches (overrides --months)")
	out := fs.String("out", "", "output directory (one BATCH_YYYYMMDD directory per day)")
	start := fs.String("start", "20260501", "first business date, YYYYMMDD")
	encoding := fs.String("encoding", "UTF-8", "UTF-8 or GB18030")
	delimiter := fs.String("delimiter", "|", `field delimiter; escapes \xHH and \t are understood (e.g. '\x1e')`)
	seed := fs.Uint64("seed", 20261122, "random seed (same seed, same batches)")
	dailyTxns := fs.Int("daily-txns", 0, "exact transactions per day (0: about 1.5 per active client)")
	changedPct := fs.Int("daily-changed-pct", 0, "per cent of accounts in each day's ACCT delta (0: natural movement)")
	acctMode := fs.String("acct-mode", "delta", "the ACCT files of the days after the first: delta (the day's changes) or full (every open account)")
	perClient := fs.String("accounts-per-client", "", "average accounts a client, e.g. 3 or 2.5 (default: the natural mix, about 1.4)")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usagef("gen takes no arguments, got %q", pos)
	}
	if *out == "" {
		return usagef("gen: --out DIR is required")
	}
	if *clients < 100 {
		return usagef("gen: --clients %d: at least 100", *clients)
	}
	if *acctMode != "delta" && *acctMode != "full" {
		return usagef("gen: --acct-mode %q: want delta or full", *acctMode)
	}
	startDate, err := domain.ParseDate(*start)
	if err != nil || startDate.IsZero() {
		return usagef("gen: --start %q: want YYYYMMDD", *start)
	}
	delim, err := unescapeDelimiter(*delimiter)
	if err != nil {
		return usagef("gen: --delimiter: %v", err)
	}
	per100 := 0
	if *perClient != "" {
		if per100, err = parseHundredths(*perClient); err != nil || per100 < 100 || per100 > 2000 {
			return usagef("gen: --accounts-per-client %q: want a number from 1 to 20 with at most two decimals", *perClient)
		}
	}
	t0 := time.Now()
	bank := demo.Generate(demo.Options{Clients: *clients, Seed: *seed, Today: startDate, AccountsPer100: per100})
	var bar *progress
	if isTerminal(c.stderr) {
		bar = &progress{w: c.stderr}
	}
	sum, err := demo.WriteFeeds(bank, *out, demo.FeedOptions{Start: startDate, Months: *months, Days: *days, Encoding: *encoding,
		Delimiter: delim, Seed: *seed, DailyTxns: *dailyTxns, DailyChangedPct: *changedPct, FullAccounts: *acctMode == "full"}, func(done, total int) {
		if bar != nil {
			bar.update(startDate, "write", done, total)
		}
	})
	if bar != nil {
		bar.finish()
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "wrote %d batches to %s in %s: %s (%d MB)\n", sum.Batches, *out, time.Since(t0).Round(100*time.Millisecond),
		rowsText(sum.Rows), sum.Bytes>>20)
	return nil
}

// unescapeDelimiter understands \xHH and \t, so that a control character can be given on a command line.
func unescapeDelimiter(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 >= len(s) {
			b.WriteByte(s[i])
			continue
		}
		switch s[i+1] {
		case 't':
			b.WriteByte('\t')
			i++
		case 'x':
			if i+3 >= len(s)+0 && i+3 > len(s) {
				return "", fmt.Errorf("%q: \\x needs two hex digits", s)
			}
			v, err := strconv.ParseUint(s[i+2:i+4], 16, 8)
			if err != nil {
				return "", fmt.Errorf("%q: \\x needs two hex digits", s)
			}
			b.WriteByte(byte(v))
			i += 3
		default:
			b.WriteByte(s[i])
		}
	}
	if b.Len() == 0 {
		return "", fmt.Errorf("empty delimiter")
	}
	return b.String(), nil
}

// parseHundredths reads a decimal with at most two decimals ("2.5") as hundredths (250).
func parseHundredths(s string) (int, error) {
	whole, frac, dot := strings.Cut(s, ".")
	if (dot && (frac == "" || len(frac) > 2)) || whole == "" {
		return 0, fmt.Errorf("%q is not a decimal with at most two decimals", s)
	}
	n, err := strconv.Atoi(whole)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%q is not a decimal with at most two decimals", s)
	}
	f := 0
	if dot {
		if f, err = strconv.Atoi(frac + strings.Repeat("0", 2-len(frac))); err != nil || f < 0 {
			return 0, fmt.Errorf("%q is not a decimal with at most two decimals", s)
		}
	}
	return n*100 + f, nil
}
