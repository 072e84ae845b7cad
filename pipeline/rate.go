package pipeline

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/steward-bank/steward/alerts"
	"github.com/steward-bank/steward/calendar"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/rating"
	"github.com/steward-bank/steward/store"
)

// The rating runs (DOMAIN.md §3 "when ratings move"):
//
//   - the nightly pass, after each batch: the clients the batch touched, and those whose rising average
//     reaches their next star that day, are evaluated over the trailing window; stars only go up (and a
//     downgrade warning is raised when the figures are below), tiers follow the AUM, near-upgrade flags
//     and potential are refreshed;
//   - the monthly re-rating, after the first batch of a month (or `steward rate --month`): every client
//     over the closed window; stars may go down after the grace period; loyalty, life-cycle, the value ×
//     loyalty matrix and 80/20 are computed for everyone.
//
// Each run is recorded with its results in one transaction, so a run is done entirely or not at all, and
// CatchUp runs whatever an interrupted import left undone.

// RateReport says what a rating run did.
type RateReport struct {
	Kind string // nightly or monthly
	// On is the business date of a nightly pass, the rating month's first day for a monthly run.
	On       domain.Date
	Month    int // the rating month (YYYYMM) of a monthly run
	Window   rating.Window
	Clients  int
	Up, Down int // clients whose service or contribution stars went up / down
	Warned   int // clients with a downgrade warning after the run
	Tiers    int // clients whose tier changed
	First    int // clients rated for the first time
	Already  bool
	Elapsed  time.Duration
	// Read, Rated and Saved split Elapsed: reading the figures, applying the rules, writing the results.
	Read, Rated, Saved time.Duration
}

// NotReadyError refuses a monthly re-rating whose window the store does not fully hold.
type NotReadyError struct {
	Month  int
	Reason string
}

func (e *NotReadyError) Error() string {
	return fmt.Sprintf("cannot rate %04d-%02d: %s", e.Month/100, e.Month%100, e.Reason)
}

// RateMonth re-rates every client for the rating month (year, month) over the window of the policy's
// months before it. It is refused when the batches up to the window's last day have not all been
// applied; a month already rated is reported (Already) and not rated twice.
func RateMonth(ctx context.Context, st *store.Store, rules *rating.Rules, year int, month time.Month) (RateReport, error) {
	w := rules.RatingWindow(year, month)
	key := year*100 + int(month)
	rep := RateReport{Kind: "monthly", Month: key, Window: w, On: domain.NewDate(year, month, 1)}
	if done, err := st.RatingRunDone(ctx, "monthly", key); err != nil || done {
		rep.Already = done
		return rep, err
	}
	dates, err := st.ImportedDates(ctx, domain.Date{}, w.To)
	if err != nil {
		return rep, err
	}
	if len(dates) == 0 {
		return rep, &NotReadyError{key, fmt.Sprintf("no batch up to the window's last day (%s) has been applied", w.To)}
	}
	if last := dates[len(dates)-1]; last.Before(w.To) {
		return rep, &NotReadyError{key, fmt.Sprintf("batches up to the window's last day (%s) have not all been applied: the last applied is %s", w.To, last)}
	}
	if gap := firstGap(dates, w.From); !gap.IsZero() {
		return rep, &NotReadyError{key, fmt.Sprintf("the batch of %s, inside the window %s–%s, has not been applied", gap, w.From, w.To)}
	}
	return rate(ctx, st, rules, rep, nil)
}

// firstGap returns the first calendar day from the later of from and the first applied date up to the
// last applied date that has no batch, or the zero date. dates are sorted.
func firstGap(dates []domain.Date, from domain.Date) domain.Date {
	d := dates[0]
	if from.After(d) {
		d = from
	}
	for _, x := range dates {
		if x.Before(d) {
			continue
		}
		if x != d {
			return d
		}
		d = d.AddDays(1)
	}
	return domain.Date{}
}

// Nightly runs the nightly pass of business date d (already applied).
func Nightly(ctx context.Context, st *store.Store, rules *rating.Rules, d domain.Date) (RateReport, error) {
	rep := RateReport{Kind: "nightly", On: d, Window: rules.TrailingWindow(d)}
	if done, err := st.RatingRunDone(ctx, "nightly", store.RunKey(d)); err != nil || done {
		rep.Already = done
		return rep, err
	}
	touched, _, err := st.TouchedClients(ctx, d)
	if err != nil {
		return rep, err
	}
	again, err := st.Recheck(ctx, d)
	if err != nil {
		return rep, err
	}
	ids := append(touched, again...)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if ids == nil {
		ids = []string{}
	}
	return rate(ctx, st, rules, rep, ids)
}

// Night is what runs after a batch: the rating passes and, when Alerts is set, the alert pass.
type Night struct {
	Rules    *rating.Rules
	Alerts   *alerts.Rules
	Calendar *calendar.WorkCalendar
	// Now gives the time alerts are raised at (their escalation deadline counts from it).
	Now func() time.Time
	// AlertReports and CadenceReports receive the alert and cadence passes' reports.
	AlertReports   []AlertReport
	CadenceReports []CadenceReport

	// GreetingReports receive the greetings passes' reports.
	GreetingReports []GreetingReport
}

// CatchUp runs, in date order, the nightly pass of every applied batch after the last nightly pass, and
// the monthly re-rating of each month whose first applied batch is among them, each followed by the
// day's alert pass. The import calls it after each batch; it also finishes what an interrupted run left:
// the alert pass of the last rated date runs again (it raises nothing twice).
func CatchUp(ctx context.Context, st *store.Store, n *Night) ([]RateReport, error) {
	rules := n.Rules
	last, err := st.LastRatingRun(ctx, "nightly")
	if err != nil {
		return nil, err
	}
	from := domain.Date{}
	if last.Key != 0 {
		from = last.On.AddDays(1)
		if err := n.alertPass(ctx, st, last.On, 0); err != nil {
			return nil, err
		}
	}
	dates, err := st.ImportedDates(ctx, from, domain.Date{})
	if err != nil {
		return nil, err
	}
	var out []RateReport
	for _, d := range dates {
		rep, err := Nightly(ctx, st, rules, d)
		if err != nil {
			return out, err
		}
		out = append(out, rep)
		due, err := monthlyDue(ctx, st, d)
		if err != nil {
			return out, err
		}
		if due {
			rep, err := RateMonth(ctx, st, rules, d.Year(), d.Month())
			var nr *NotReadyError
			if errors.As(err, &nr) {
				// An installation whose history starts inside the window is rated over what it holds:
				// days before an account's first batch count as 0 (DOMAIN.md §3).
				rep, err = rate(ctx, st, rules, RateReport{Kind: "monthly", Month: d.Year()*100 + int(d.Month()),
					Window: rules.RatingWindow(d.Year(), d.Month()), On: domain.NewDate(d.Year(), d.Month(), 1)}, nil)
			}
			if err != nil {
				return out, err
			}
			out = append(out, rep)
		}
		nearMonth := 0
		if len(out) > 0 && out[len(out)-1].Kind == "monthly" && !out[len(out)-1].Already && out[len(out)-1].On.Month() == d.Month() {
			nearMonth = out[len(out)-1].Month
		}
		if err := n.alertPass(ctx, st, d, nearMonth); err != nil {
			return out, err
		}
	}
	return out, nil
}

func (n *Night) alertPass(ctx context.Context, st *store.Store, d domain.Date, nearMonth int) error {
	if n.Alerts == nil {
		return nil
	}
	now := time.Now
	if n.Now != nil {
		now = n.Now
	}
	// The cadences first: the alerts find the clients overdue against the cadences the day's tiers set.
	crep, err := n.cadencePass(ctx, st, d)
	if err != nil {
		return fmt.Errorf("cadences of %s: %w", d, err)
	}
	n.CadenceReports = append(n.CadenceReports, crep)
	rep, err := RaiseAlerts(ctx, st, n.Rules, n.Alerts, n.Calendar, d, nearMonth, now())
	if err != nil {
		return fmt.Errorf("alerts of %s: %w", d, err)
	}
	n.AlertReports = append(n.AlertReports, rep)
	grep, err := PrepareGreetings(ctx, st, n.Rules, n.Alerts, n.Calendar, d, now())
	if err != nil {
		return fmt.Errorf("greetings of %s: %w", d, err)
	}
	n.GreetingReports = append(n.GreetingReports, grep)
	return nil
}

// monthlyDue reports whether the month of d has not been rated and the store holds a batch before it:
// the first business date of a month triggers the month's re-rating.
func monthlyDue(ctx context.Context, st *store.Store, d domain.Date) (bool, error) {
	done, err := st.RatingRunDone(ctx, "monthly", d.Year()*100+int(d.Month()))
	if err != nil || done {
		return false, err
	}
	before, err := st.ImportedDates(ctx, domain.Date{}, domain.NewDate(d.Year(), d.Month(), 1).AddDays(-1))
	return len(before) > 0, err
}

// rate runs one pass: ids nil is every client (monthly), otherwise the clients to evaluate (nightly).
func rate(ctx context.Context, st *store.Store, rules *rating.Rules, rep RateReport, ids []string) (RateReport, error) {
	start := time.Now()
	monthly := rep.Kind == "monthly"
	on := rating.Daily
	if monthly {
		on = rating.Monthly
	}
	// Instant upgrade floors count on the run's date: the business date, or the rating month's first day.
	inputs, err := st.RatingInputs(ctx, store.RatingQuery{Window: rep.Window, ChurnMonths: rules.Policy().Segments.ChurnMonths, Clients: ids,
		FloorsOn: rep.On})
	if err != nil {
		return rep, err
	}
	rep.Read = time.Since(start)
	key := rep.Month
	if !monthly {
		key = store.RunKey(rep.On)
	}
	// The rows are saved as the rules produce them, in client id order (SQLite's work on one core beside
	// the rules on the others); the matrix and 80/20 flags, which need every client of an outlet, follow.
	save := startSave(ctx, st, rep.Kind, key)
	rows, hist, seg, err := assessAll(rules, inputs, on, &rep, monthly, save.send)
	if err != nil {
		save.finish(store.RatingStreamEnd{Err: err}) // rolls the save back; its error is this one
		return rep, err
	}
	var segments []store.SegmentChange
	if monthly {
		// The value × loyalty matrix and 80/20 rank each outlet's clients (DOMAIN.md §4).
		byOutlet := map[string][]int{}
		for i, in := range inputs {
			o := in.Figures.OutletID
			byOutlet[o] = append(byOutlet[o], i)
		}
		for _, idx := range byOutlet {
			shares := make([]rating.Share, len(idx))
			loyal := make([]bool, len(idx))
			for j, i := range idx {
				shares[j], loyal[j] = rating.Share{ClientID: inputs[i].Figures.ClientID, Value: seg[i].contribution}, seg[i].loyal
			}
			quadrants, vital, _ := rules.SegmentShares(shares, loyal)
			for j, i := range idx {
				// The rows streamed carry the quadrant and flag held before (the saver may still be reading
				// them): those that differ are written again.
				if r := rows[i]; r.Matrix != string(quadrants[j]) || r.ParetoTop != vital[j] {
					segments = append(segments, store.SegmentChange{ClientID: r.ClientID, Matrix: string(quadrants[j]), ParetoTop: vital[j]})
				}
			}
		}
	}
	rep.Clients = len(rows)
	rep.Elapsed = time.Since(start)
	rep.Rated = rep.Elapsed - rep.Read
	run := store.RatingRun{Kind: rep.Kind, Key: key, On: rep.On, Clients: rep.Clients, Changed: rep.Up + rep.Down + rep.Tiers,
		Elapsed: rep.Elapsed}
	if err := save.finish(store.RatingStreamEnd{Run: run, Hist: hist, Segments: segments}); err != nil {
		return rep, err
	}
	rep.Elapsed = time.Since(start)
	rep.Saved = rep.Elapsed - rep.Read - rep.Rated
	return rep, nil
}

// streamSave runs a store.SaveRatingStream beside the run that feeds it.
type streamSave struct {
	rows chan []*store.RatingRow
	end  chan store.RatingStreamEnd
	done chan struct{}
	err  error
}

func startSave(ctx context.Context, st *store.Store, kind string, key int) *streamSave {
	ss := &streamSave{rows: make(chan []*store.RatingRow, 8), end: make(chan store.RatingStreamEnd, 1), done: make(chan struct{})}
	go func() {
		defer close(ss.done)
		ss.err = st.SaveRatingStream(ctx, kind, key, store.RatingStream{Rows: ss.rows, End: ss.end})
	}()
	return ss
}

// send hands a chunk of rows to the save.
func (ss *streamSave) send(rows []*store.RatingRow) { ss.rows <- rows }

// finish ends the stream and returns the save's outcome.
func (ss *streamSave) finish(end store.RatingStreamEnd) error {
	close(ss.rows)
	ss.end <- end
	<-ss.done
	return ss.err
}

// segInput is what the outlet's ranking needs of a client's assessment.
type segInput struct {
	contribution int64
	loyal        bool
}

// assessAll applies the rules to the clients of inputs (in client id order) and turns each assessment into
// the client's new row (written over the row read, so that a run of a million clients allocates no second
// row each) and its history lines, split between the machine's cores: the rules are pure and read-only, and
// each worker writes its own part of the results and counts its own moves, added to rep at the end. The
// workers take chunks of clients in order, and emit hands each chunk's rows on in that order as soon as it
// is done.
func assessAll(rules *rating.Rules, inputs []*store.RatingInput, on rating.Occasion, rep *RateReport,
	monthly bool, emit func([]*store.RatingRow)) ([]*store.RatingRow, []store.HistoryEntry, []segInput, error) {
	const chunk = 4096
	rows := make([]*store.RatingRow, len(inputs))
	var seg []segInput
	if monthly {
		seg = make([]segInput, len(inputs))
	}
	chunks := (len(inputs) + chunk - 1) / chunk
	done := make([]chan struct{}, chunks)
	for k := range done {
		done[k] = make(chan struct{})
	}
	workers := min(runtime.GOMAXPROCS(0), max(1, len(inputs)/1000))
	errs := make([]error, workers)
	hists := make([][]store.HistoryEntry, workers)
	counts := make([]RateReport, workers)
	var next atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for k := int(next.Add(1) - 1); k < chunks; k = int(next.Add(1) - 1) {
				for i := k * chunk; i < min((k+1)*chunk, len(inputs)) && !failed.Load(); i++ {
					in := inputs[i]
					a, err := rules.Assess(&in.Figures, on)
					if err != nil {
						errs[w] = fmt.Errorf("client %s: %w", in.Figures.ClientID, err)
						failed.Store(true)
						break
					}
					old := in.Row
					row, h := apply(rules, in, &a, *rep, monthly)
					count(&counts[w], in.Exists, old.Tier, &row, &a)
					in.Row = row // the input's row is not read again
					rows[i] = &in.Row
					hists[w] = append(hists[w], h...)
					if monthly {
						seg[i] = segInput{a.Contribution, a.Loyalty.High}
					}
				}
				close(done[k])
			}
		})
	}
	for k := range chunks {
		<-done[k]
		if !failed.Load() {
			emit(rows[k*chunk : min((k+1)*chunk, len(inputs))])
		}
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, nil, nil, err
	}
	var hist []store.HistoryEntry
	for w := range workers {
		hist = append(hist, hists[w]...)
		c := &counts[w]
		rep.First, rep.Up, rep.Down, rep.Warned, rep.Tiers = rep.First+c.First, rep.Up+c.Up, rep.Down+c.Down, rep.Warned+c.Warned, rep.Tiers+c.Tiers
	}
	return rows, hist, seg, nil
}

func count(rep *RateReport, existed bool, oldTier string, row *store.RatingRow, a *rating.Assessment) {
	d := a.Decision
	switch {
	case !existed:
		rep.First++
	case d.Service == rating.Up || d.Contribution == rating.Up:
		rep.Up++
	case d.Service == rating.Down || d.Contribution == rating.Down:
		rep.Down++
	}
	if row.Warning {
		rep.Warned++
	}
	if existed && oldTier != row.Tier {
		rep.Tiers++
	}
}

// History reasons beside rating.ReasonCode: a client's first rating, and a change of life-cycle stage at a
// monthly re-rating.
const (
	ReasonFirst     = "first_rating"
	ReasonLifecycle = "lifecycle"
)

// apply turns an assessment into the client's new row and its history lines.
func apply(rules *rating.Rules, in *store.RatingInput, a *rating.Assessment, rep RateReport, monthly bool) (store.RatingRow, []store.HistoryEntry) {
	old := in.Row
	row := old
	row.ClientID = in.Figures.ClientID
	row.RatedOn = rep.On
	d := a.Decision
	pts := a.Eval.Breakdown.Total.Hundredths()
	row.PointsNow = pts
	row.Contribution, row.Service, row.Below = d.Held.Contribution, d.Held.Service, d.Held.Below
	row.Floor = a.Eval.Floor
	row.Near = a.Near
	row.Tier, row.Class = a.Tier.String(), string(a.Class)
	row.PeakAUM = a.PeakAUMFen
	row.Signals, row.Potential = a.Signals, a.Potential
	if monthly {
		row.RatingMonth = rep.Month
		row.StarPoints, row.PointsStars = pts, a.Eval.Contribution
		row.Warning = d.Warning
		row.Loyalty = a.Loyalty.Score
		// (the matrix and 80/20 rank the outlet's clients: set once every client is assessed)
		row.Lifecycle, row.LifecycleCause = string(a.Life.Stage), string(a.Life.Cause)
		row.ContribValue = a.Contribution
		row.RecheckOn = domain.Date{}
	} else {
		// A nightly warning lasts until the figures are back; the monthly re-rating decides the rest.
		row.Warning = d.Warning || (old.Warning && d.Held.Below > 0 && !d.Changed())
		row.RecheckOn = recheck(rules, in, row, rep.On)
	}
	occasion := rep.Kind
	entry := func(reason string) store.HistoryEntry {
		return store.HistoryEntry{ClientID: row.ClientID, On: rep.On, Occasion: occasion, Reason: reason,
			FromContribution: old.Contribution, ToContribution: row.Contribution, FromService: old.Service, ToService: row.Service,
			FromTier: old.Tier, ToTier: row.Tier, StarPoints: pts, Below: d.Reason.Below}
	}
	warning := func() store.HistoryEntry {
		e := entry(string(d.Reason.Code))
		e.BelowStars = d.Reason.BelowStars()
		return e
	}
	var hist []store.HistoryEntry
	switch {
	case !in.Exists:
		e := entry(ReasonFirst)
		e.FromTier = ""
		hist = append(hist, e)
	case d.Changed():
		hist = append(hist, entry(string(d.Reason.Code)))
	case d.Warning && (monthly || !old.Warning):
		hist = append(hist, warning())
	}
	if monthly && in.Exists && old.Lifecycle != row.Lifecycle && old.Lifecycle != "" {
		e := entry(ReasonLifecycle)
		e.FromStage, e.ToStage = old.Lifecycle, row.Lifecycle
		hist = append(hist, e)
	}
	if in.Exists && old.Tier != row.Tier {
		reason := "tier_up"
		if row.Tier < old.Tier {
			reason = "tier_down"
		}
		hist = append(hist, entry(reason))
	}
	return row, hist
}

// recheck returns the date, before the month ends, on which the client's trailing average reaches more
// contribution stars than it holds if its balances stay as they are today; zero when it does not.
func recheck(rules *rating.Rules, in *store.RatingInput, row store.RatingRow, on domain.Date) domain.Date {
	left := domain.NewDate(on.Year(), on.Month()+1, 1).AddDays(-1).Day() - on.Day()
	if k := rules.RisesIn(in.Figures.Inputs, in.Today, row.Contribution, left); k > 0 {
		return on.AddDays(k)
	}
	return domain.Date{}
}
