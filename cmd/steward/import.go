package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/pipeline"
)

func (c *cli) importCmd(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	var d dbFlags
	d.register(fs)
	ownBanks := fs.String("own-bank-codes", "", "comma-separated codes of this bank in TXN.counterparty_bank")
	quiet := fs.Bool("quiet", false, "no progress bar")
	noRate := fs.Bool("no-rate", false, "do not run the rating passes after each batch (they run at the next import)")
	paths, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usagef("import PATH…: name a batch directory or a directory of batch directories")
	}
	pol, _, err := d.loadPolicy()
	if err != nil {
		return err
	}
	rules, ar, err := nightRules(pol)
	if err != nil {
		return err
	}
	if *noRate {
		rules, ar = nil, nil
	}
	cal, err := loadCalendar(d.data)
	if err != nil {
		return err
	}
	st, err := d.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	opts := pipeline.Options{ReportDir: filepath.Join(d.data, "reports"), Rules: rules, Alerts: ar, Calendar: cal, MaxAmount: pol.Feeds.MaxAmount.Fen(),
		Logger: slog.New(slog.NewTextHandler(c.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	if *ownBanks != "" {
		opts.OwnBankCodes = strings.Split(*ownBanks, ",")
	}
	var bar *progress
	if !*quiet && isTerminal(c.stderr) {
		bar = &progress{w: c.stderr}
		opts.Progress = bar.update
	}
	outcomes, err := pipeline.Import(ctx, st, paths, opts)
	if bar != nil {
		bar.finish()
	}
	for _, o := range outcomes {
		switch {
		case o.AlreadyApplied:
			fmt.Fprintf(c.stdout, "%s already applied (nothing changed)\n", o.BusinessDate)
		case o.Applied:
			fmt.Fprintf(c.stdout, "%s applied: %s in %s (%d warnings; report %s)\n", o.BusinessDate, rowsText(o.Result.Rows),
				o.Result.Elapsed.Round(time.Millisecond), o.Report.WarningCount(), o.ReportPath)
		}
		for _, a := range o.Alerts {
			if a.Raised > 0 {
				fmt.Fprintf(c.stdout, "%s: %d new alerts\n", a.On, a.Raised)
			}
		}
		for _, r := range o.Ratings {
			if r.Kind == "monthly" && !r.Already {
				fmt.Fprintf(c.stdout, "%04d-%02d rated: %d clients, %d up, %d down, %d downgrade warnings, in %s\n", r.Month/100, r.Month%100,
					r.Clients, r.Up, r.Down, r.Warned, r.Elapsed.Round(time.Millisecond))
			}
		}
	}
	var refused *pipeline.RefusedError
	if errors.As(err, &refused) {
		// The one-line reason; the report has every bad row.
		return refused
	}
	return err
}

func rowsText(rows map[string]int) string {
	var parts []string
	for _, k := range []string{"ORG", "PROD", "FX", "CUST", "ACCT", "TXN", "INCOME"} {
		if n := rows[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", k, n))
		}
	}
	if len(parts) == 0 {
		return "no rows"
	}
	return strings.Join(parts, ", ")
}

// isTerminal reports whether w is a character device (a terminal): the progress bar is for people.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// progress draws one line: the batch, a bar, rows done, rows per second and the time left.
type progress struct {
	w       io.Writer
	date    domain.Date
	started time.Time
	last    time.Time
	drawn   bool
}

func (p *progress) update(date domain.Date, phase string, done, total int) {
	now := time.Now()
	if date != p.date || p.started.IsZero() {
		p.date, p.started = date, now
	}
	if now.Sub(p.last) < 100*time.Millisecond && done < total {
		return
	}
	p.last = now
	if total <= 0 {
		fmt.Fprintf(p.w, "\r%s %-6s %s", date, phase, strings.Repeat(" ", 60))
		p.drawn = true
		return
	}
	const width = 30
	filled := done * width / total
	el := now.Sub(p.started).Seconds()
	rate, eta := 0.0, "?"
	if el > 0 && done > 0 {
		rate = float64(done) / el // display only
		eta = (time.Duration(float64(total-done)/rate) * time.Second).Round(time.Second).String()
	}
	fmt.Fprintf(p.w, "\r%s %-6s [%s%s] %d/%d rows %.0f rows/s ETA %s   ", date, phase,
		strings.Repeat("#", filled), strings.Repeat(" ", width-filled), done, total, rate, eta)
	p.drawn = true
}

func (p *progress) finish() {
	if p.drawn {
		fmt.Fprintln(p.w)
	}
}
