// Package pipeline runs the nightly work over a core-banking batch: read and check it (ingest), check its
// references against the store, apply it atomically with its running accumulators (store), and write the
// report. Later stages (rating, alerts, tasks) hang off the same run.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/steward-bank/steward/alerts"
	"github.com/steward-bank/steward/calendar"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/ingest"
	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/rating"
	"github.com/steward-bank/steward/store"
)

// Options configure an import run.
type Options struct {
	// ReportDir receives import_<date>.txt for every batch read (created when missing).
	ReportDir string
	// OwnBankCodes are the bank's own codes in TXN.counterparty_bank.
	OwnBankCodes []string
	// Progress, when set, is told of each batch's phase and applied rows.
	Progress func(batch domain.Date, phase string, done, total int)
	Logger   *slog.Logger
	// Rules, when set, run the rating passes after each batch (CatchUp): the nightly pass, and the
	// monthly re-rating after a month's first batch; Alerts, when set too, the alert pass after them.
	Rules    *rating.Rules
	Alerts   *alerts.Rules
	Calendar *calendar.WorkCalendar
	// MaxAmount bounds every amount of a feed row, in fen (the policy's feeds.max_amount); 0 means the
	// policy's default.
	MaxAmount int64
}

// Outcome is what happened to one batch.
type Outcome struct {
	Dir            string
	BusinessDate   domain.Date
	Applied        bool
	AlreadyApplied bool
	Report         *ingest.Report
	ReportPath     string
	Result         store.ImportResult
	Read, Checked  time.Duration
	// Ratings are the rating runs that followed the batch, Alerts the alert passes.
	Ratings []RateReport
	Alerts  []AlertReport
}

// RefusedError says a batch was refused and where its report is.
type RefusedError struct {
	Dir        string
	Date       domain.Date
	Reason     string
	ReportPath string
}

func (e *RefusedError) Error() string {
	return fmt.Sprintf("batch %s refused: %s; nothing was applied (report: %s)", e.Date, e.Reason, e.ReportPath)
}

// Import applies the batches found under paths (batch directories, or directories of batch directories) in
// business-date order. It stops at the first refused batch: later batches depend on it.
func Import(ctx context.Context, st *store.Store, paths []string, opts Options) ([]Outcome, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	var dirs []string
	for _, p := range paths {
		found, err := ingest.FindBatches(p)
		if err != nil {
			return nil, err
		}
		dirs = append(dirs, found...)
	}
	// FindBatches sorts within a path; across paths, sort again by the control file's date.
	sortByDate(dirs)
	// While a batch is applied (mostly SQLite's work, on one core), the next one is read, parsed and
	// validated on the other: reading depends on nothing in the store. Its reference checks wait for the
	// batch before it to be applied.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var next chan readResult
	var out []Outcome
	for i, dir := range dirs {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		cur := next
		if cur == nil {
			cur = readAhead(ctx, dir)
		}
		next = nil
		if i+1 < len(dirs) {
			next = readAhead(ctx, dirs[i+1])
		}
		o, err := importOne(ctx, st, dir, <-cur, opts)
		if err == nil && opts.Rules != nil {
			if opts.Progress != nil {
				opts.Progress(o.BusinessDate, "rate", 0, 0)
			}
			night := &Night{Rules: opts.Rules, Alerts: opts.Alerts, Calendar: opts.Calendar}
			o.Ratings, err = CatchUp(ctx, st, night)
			o.Alerts = night.AlertReports
			for _, r := range o.Ratings {
				opts.Logger.Info("rating run", "kind", r.Kind, "on", r.On.String(), "clients", r.Clients, "up", r.Up, "down", r.Down,
					"warned", r.Warned, "tiers", r.Tiers, "elapsed", r.Elapsed)
			}
			if err != nil {
				err = fmt.Errorf("rating after batch %s (the batch is applied; rerun the import to finish): %w", o.BusinessDate, err)
			}
		}
		out = append(out, o)
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// readResult is a batch read from its directory.
type readResult struct {
	b       *ingest.Batch
	rep     *ingest.Report
	err     error
	elapsed time.Duration
}

// readAhead reads the batch in dir in the background.
func readAhead(ctx context.Context, dir string) chan readResult {
	ch := make(chan readResult, 1)
	go func() {
		t0 := time.Now()
		b, rep, err := ingest.ReadBatchContext(ctx, dir)
		ch <- readResult{b: b, rep: rep, err: err, elapsed: time.Since(t0)}
	}()
	return ch
}

func importOne(ctx context.Context, st *store.Store, dir string, read readResult, opts Options) (Outcome, error) {
	o := Outcome{Dir: dir}
	t0 := time.Now().Add(-read.elapsed)
	phase := func(name string, done, total int) {
		if opts.Progress != nil {
			opts.Progress(o.BusinessDate, name, done, total)
		}
	}
	b, rep, err := read.b, read.rep, read.err
	if err != nil {
		return o, fmt.Errorf("read batch %s: %w", dir, err)
	}
	o.Report, o.BusinessDate, o.Read = rep, rep.BusinessDate, read.elapsed
	refuse := func(reason string) (Outcome, error) {
		path, werr := writeReport(opts.ReportDir, o, "REFUSED: "+reason)
		o.ReportPath = path
		if werr != nil {
			return o, errors.Join(&RefusedError{Dir: dir, Date: o.BusinessDate, Reason: reason, ReportPath: path}, werr)
		}
		return o, &RefusedError{Dir: dir, Date: o.BusinessDate, Reason: reason, ReportPath: path}
	}
	// References are checked even when the files have errors, so that one report lists every bad row.
	phase("check", 0, 0)
	t1 := time.Now()
	known, err := st.ImportKnown(ctx, b)
	if err != nil {
		return o, err
	}
	rep.AddErrors(b.CheckReferences(known))
	maxAmount := opts.MaxAmount
	if maxAmount <= 0 {
		maxAmount = policy.Default().Feeds.MaxAmount.Fen()
	}
	rep.AddErrors(b.CheckAmounts(maxAmount))
	o.Checked = time.Since(t1)
	if !rep.OK() {
		return refuse(errorsReason(rep.ErrorCount()))
	}
	var large int64
	if opts.Alerts != nil {
		a := opts.Rules.Policy().Alerts
		large = min(a.LargeMovement.Fen(), a.LargeMovementHigh.Fen())
	}
	res, err := st.ApplyBatch(ctx, b, store.ImportOptions{OwnBankCodes: opts.OwnBankCodes, LargeMovementFen: large,
		Progress: func(done, total int) { phase("apply", done, total) }})
	o.Result = res
	var order *store.BatchOrderError
	var dup *store.DuplicateTxnError
	var over *store.SumOverflowError
	switch {
	case errors.As(err, &over):
		rep.AddErrors([]ingest.Issue{{File: fileOf(b, over.Kind), Line: over.Line, Column: over.Column,
			Value: ingest.FormatAmount(over.Value), Reason: over.Reason()}})
		return refuse("a sum would overflow")
	case errors.As(err, &order):
		return refuse(order.Error())
	case errors.As(err, &dup):
		lines := map[string]int{}
		for _, t := range b.Txns {
			lines[t.TxnID] = t.Line
		}
		var issues []ingest.Issue
		for _, id := range dup.IDs {
			issues = append(issues, ingest.Issue{File: txnFile(b), Line: lines[id], Column: "txn_id", Value: id,
				Reason: "already applied by an earlier batch (txn_id is unique across batches)"})
		}
		rep.AddErrors(issues)
		return refuse(duplicatesReason(len(dup.IDs)))
	case err != nil:
		return o, err
	}
	o.Applied, o.AlreadyApplied = !res.AlreadyApplied, res.AlreadyApplied
	status := appliedLine(time.Since(t0), o.Read, o.Checked, res.Elapsed)
	if res.AlreadyApplied {
		status = alreadyLine
	}
	o.ReportPath, err = writeReport(opts.ReportDir, o, status)
	opts.Logger.Info("batch imported", "date", o.BusinessDate.String(), "status", status, "rows", res.Rows,
		"closed", res.ClosedByFull, "report", o.ReportPath)
	return o, err
}

// fileOf is the name of the batch's file of kind k.
func fileOf(b *ingest.Batch, k ingest.Kind) string {
	for _, f := range b.Files {
		if f.Kind == k {
			return f.Name
		}
	}
	return string(k)
}

func txnFile(b *ingest.Batch) string {
	for _, f := range b.Files {
		if strings.HasPrefix(f.Name, "TXN_") {
			return f.Name
		}
	}
	return "TXN"
}

// writeReport writes <dir>/import_<date>.txt: the outcome, then ingest's full report (files, every error,
// every warning).
func writeReport(dir string, o Outcome, status string) (string, error) {
	if dir == "" {
		return "", nil
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", fmt.Errorf("report directory %s: %w", dir, err)
	}
	date := strings.ReplaceAll(o.BusinessDate.String(), "-", "")
	if date == "" {
		date = "unknown"
	}
	path := filepath.Join(dir, "import_"+date+".txt")
	var sb strings.Builder
	fmt.Fprintf(&sb, "Steward import report\nbatch:    %s\ndate:     %s\nwritten:  %s\noutcome:  %s\n", o.Dir, o.BusinessDate,
		time.Now().In(domain.Shanghai).Format("2006-01-02 15:04:05"), status)
	if o.Applied {
		var parts []string
		for _, k := range []string{"ORG", "PROD", "FX", "CUST", "ACCT", "TXN", "INCOME"} {
			if n := o.Result.Rows[k]; n > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", k, n))
			}
		}
		fmt.Fprintf(&sb, "applied:  %s", strings.Join(parts, ", "))
		if o.Result.ClosedByFull > 0 {
			fmt.Fprintf(&sb, "; %d accounts closed (absent from a full account file)", o.Result.ClosedByFull)
		}
		if o.Result.Reconverted > 0 {
			fmt.Fprintf(&sb, "; %d foreign-currency accounts revalued", o.Result.Reconverted)
		}
		sb.WriteString("\n")
		sb.WriteString("steps:    " + StepsText(o.Result.Steps) + "\n")
	}
	sb.WriteString("\n")
	if o.Report != nil {
		sb.WriteString(o.Report.Text())
	}
	if err := os.WriteFile(path, []byte(sb.String()), 0o640); err != nil {
		return path, fmt.Errorf("write report %s: %w", path, err)
	}
	return path, nil
}

// StepsText lists the apply's steps that took a millisecond or more, with their times.
func StepsText(steps []store.StepTime) string {
	var parts []string
	for _, st := range steps {
		if st.Elapsed >= time.Millisecond {
			parts = append(parts, fmt.Sprintf("%s %s", st.Name, st.Elapsed.Round(time.Millisecond)))
		}
	}
	if len(parts) == 0 {
		return "none took a millisecond"
	}
	return strings.Join(parts, ", ")
}

// sortByDate orders batch directories by the business date in their control file's name.
func sortByDate(dirs []string) {
	key := func(d string) string {
		if m, _ := filepath.Glob(filepath.Join(d, "BATCH_*.ctl")); len(m) > 0 {
			return filepath.Base(m[0])
		}
		return filepath.Base(d)
	}
	slices.SortStableFunc(dirs, func(a, b string) int { return strings.Compare(key(a), key(b)) })
}
