package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/rating"
)

// What the rating passes read: for every client (the monthly re-rating) or for the clients a batch
// touched (the nightly pass), the figures of rating.Figures, gathered with one scan of each table (per
// chunk of clients for the nightly pass) instead of one query per client.
//
// Balance sums come from the running accumulators (migration 0016, store/accumulators.go): for each
// account and window month, the entry of the client's row of that month gives sum_before + balance ×
// (days counted − from_day + 1), and a month with no row of its own carries the balances of the row that
// stands for it (the latest earlier one) for every day counted. The window's last month is counted up
// to the window's last day (the nightly trailing window ends on the business date).
//
// The AUM the life-cycle compares over time is measured the same way on both dates: the end-of-day
// balances of the short and long points classes (the asset products of FEEDS.md's defaults) at the end of
// the window and at the end of the month ChurnMonths months before.

// RatingRow is a client's row of client_ratings (migration 0004).
type RatingRow struct {
	ClientID       string
	RatingMonth    int // YYYYMM of the last monthly re-rating; 0 before the first
	RatedOn        domain.Date
	StarPoints     int64 // hundredths, rounded down, of the monthly re-rating's star points
	PointsNow      int64 // hundredths, rounded down, over the nightly trailing window
	PointsStars    int   // contribution stars StarPoints earn
	Contribution   int   // held contribution stars
	Service        int   // held service stars
	Floor          int   // upgrade floor of the products held
	Below          int   // consecutive monthly ratings below the held stars
	Warning        bool  // downgrade warning (降星预警)
	Near           bool  // near-upgrade (临界)
	Tier           string
	Class          string
	PeakAUM        int64
	Loyalty        int
	Matrix         string
	ParetoTop      bool
	Lifecycle      string
	LifecycleCause string
	Potential      int
	Signals        rating.Signals
	ContribValue   int64 // hundredths of a point: what 80/20 and the matrix rank
	RecheckOn      domain.Date
}

// RatingInput is what the rating passes read for one client.
type RatingInput struct {
	Figures rating.Figures
	// Row is the stored rating; Exists is false for a client never rated.
	Row    RatingRow
	Exists bool
	// Today holds the client's end-of-day balances per points class on the window's last day (in the
	// balance fields, fen), for the date a rising average reaches the next star.
	Today rating.Inputs
	kinds uint16 // the kinds of products the client holds open (a bit a category), while reading
}

// RatingQuery says whose figures to read, over which window.
type RatingQuery struct {
	// Window is the star-points window; it must start on a month's first day. On is the date of the
	// assessment (the window's last day).
	Window rating.Window
	// ChurnMonths is policy.Segments.ChurnMonths.
	ChurnMonths int
	// Clients are the clients to read; nil reads every client.
	Clients []string
	// FloorsOn is the date whose instant upgrade floors (approved applications whose end date is on or
	// after it) the figures carry; zero: the window's last day. The monthly re-rating passes its rating
	// month's first day: a floor that ended before the month does not hold the month's stars up.
	FloorsOn domain.Date
	// MinPiece is the fewest clients a piece of a read of every client covers (0: 10 000); tests lower it
	// to read a small book in pieces.
	MinPiece int
}

type windowMonth struct {
	month int // YYYYMM
	days  int // days counted
}

// RatingInputs reads the figures of the clients of q, in client id order.
func (s *Store) RatingInputs(ctx context.Context, q RatingQuery) ([]*RatingInput, error) {
	w := q.Window
	if w.From.Day() != 1 || w.Days < 1 {
		return nil, fmt.Errorf("rating window %s..%s must start on a month's first day", w.From, w.To)
	}
	if len(q.Clients) > 0 {
		// Each client once, in order (the clients are read in chunks of this list). An empty list stays
		// empty: nil would be every client.
		q.Clients = slices.Compact(slices.Sorted(slices.Values(q.Clients)))
	}
	g := &gather{s: s, q: q, on: w.To}
	for _, m := range w.Months() {
		days := domain.DaysIn(m/100, m%100)
		if m == monthOf(w.To) {
			days = w.To.Day()
		}
		g.months = append(g.months, windowMonth{m, days})
	}
	g.last = monthOf(w.To)
	g.churn = monthOf(domain.NewDate(w.To.Year(), w.To.Month()-time.Month(q.ChurnMonths), 1))
	g.year = monthOf(domain.NewDate(w.To.Year(), w.To.Month()-11, 1))
	if err := g.clients(ctx); err != nil {
		return nil, fmt.Errorf("rating figures: %w", err)
	}
	// The clients come in the table's order, usually already that of their ids (a batch's clients are
	// added in its file's order), which the sort then only checks: sorting a million ids from a map's
	// order cost a third of a second on one core.
	byID := func(a, b *RatingInput) int { return strings.Compare(a.Figures.ClientID, b.Figures.ClientID) }
	if !slices.IsSortedFunc(g.list, byID) {
		slices.SortFunc(g.list, byID)
	}
	if err := g.rest(ctx); err != nil {
		return nil, fmt.Errorf("rating figures: %w", err)
	}
	return g.list, nil
}

// rest reads the tables other than clients. Each table's step writes its own fields of the figures, and
// a step over one range of client ids writes only those clients' figures, so the pieces run at once on
// the cores there are, each on its own connection. The whole book is cut into ranges of client ids (with
// as many clients each), so that the cores share the largest read, the accumulators, instead of one of
// them reading it while the other runs out of work; the pieces are taken largest table first.
func (g *gather) rest(ctx context.Context) error {
	if err := g.catalogue(ctx); err != nil {
		return err
	}
	if err := g.closedQuarters(ctx); err != nil {
		return err
	}
	workers := min(max(runtime.GOMAXPROCS(0), 2), 8)
	spans := []span{{}}
	if piece := g.minPiece(); g.q.Clients == nil && len(g.list) >= 4*piece {
		spans = g.spans(min(2*workers, len(g.list)/piece))
	}
	var pieces []func(context.Context) error
	for _, step := range []func(context.Context, span) error{g.balances, g.volumes, g.accounts, g.ratings, g.aum} {
		for _, sp := range spans {
			pieces = append(pieces, func(ctx context.Context) error { return step(ctx, sp) })
		}
	}
	pieces = append(pieces, g.signals, g.floors)
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := range workers {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < int64(len(pieces)); i = next.Add(1) - 1 {
				if err := pieces[i](ctx); err != nil {
					errs[w] = err
					cancel(err)
					return
				}
			}
		})
	}
	wg.Wait()
	// The first failure cancels the other pieces: report it, not their cancellation.
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return err
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	for _, in := range g.list {
		for k := in.kinds; k != 0; k &= k - 1 {
			in.Figures.ProductKinds++
		}
	}
	return nil
}

func (g *gather) minPiece() int {
	if g.q.MinPiece > 0 {
		return g.q.MinPiece
	}
	return 10000
}

// span is a range of client ids, [lo, hi), that a piece of a read covers, from is the index in g.list of
// its first client; lo "" has no lower bound, hi "" no upper one. The zero span covers every client.
type span struct {
	lo, hi string
	from   int
}

// spans cuts g.list into n ranges of as many clients.
func (g *gather) spans(n int) []span {
	out := make([]span, n)
	for i := range out {
		if i > 0 {
			out[i].from = i * len(g.list) / n
			out[i].lo = g.list[out[i].from].Figures.ClientID
			out[i-1].hi = out[i].lo
		}
	}
	return out
}

type gather struct {
	s      *Store
	q      RatingQuery
	on     domain.Date
	months []windowMonth
	last   int            // the window's last month
	churn  int            // the month whose end is ChurnMonths months before
	year   int            // the first month of the 12 up to the window's last
	list   []*RatingInput // the clients' figures, in client id order once g.clients has read them

	products map[string]product // the catalogue (g.catalogue)
	closed   []int              // the quarters whose closed months are read (g.closedQuarters)
	after    int                // the month after which the closed months read were closed
}

// each runs query (whose WHERE clause is where, possibly empty) over all clients, or over q.Clients in
// chunks with "<col> IN (…)" added, calling fn for every row.
func (g *gather) each(ctx context.Context, sp span, query, col, where, tail string, args []any, fn func(scan func(...any) error) error) error {
	if g.q.Clients == nil {
		var conds []string
		if where != "" {
			conds = append(conds, where)
		}
		if sp.lo != "" {
			conds, args = append(conds, col+" >= ?"), append(args, sp.lo)
		}
		if sp.hi != "" {
			conds, args = append(conds, col+" < ?"), append(args, sp.hi)
		}
		sqlText := query
		if len(conds) > 0 {
			sqlText += " WHERE " + strings.Join(conds, " AND ")
		}
		return g.s.scanTable(ctx, g.s.Rebind(sqlText+" "+tail), fn, args...)
	}
	return inChunks(g.q.Clients, func(chunk []string, ph string) error {
		cond := col + " IN (" + ph + ")"
		if where != "" {
			cond = where + " AND " + cond
		}
		return g.s.readRows(ctx, g.s.Rebind(query+" WHERE "+cond+" "+tail), fn, append(append([]any{}, args...), anys(chunk)...)...)
	})
}

// cursor finds clients' figures in g.list for the rows of a read. The whole-book reads come in client id
// order, as the list is: each row's client is the one found last or a step after it, so finding it costs a
// comparison or two, where a map of a million ids cost a cache miss or more a row (a tenth of a re-rating's
// read). A row out of that order is found by a binary search.
type cursor struct {
	list []*RatingInput
	i    int // where the last client was found
}

func (g *gather) cursor(sp span) *cursor { return &cursor{list: g.list, i: sp.from} }

// find returns the figures of client id, or nil for a client the query does not cover (not read by
// g.clients).
func (c *cursor) find(id []byte) *RatingInput {
	l := c.list
	for k := c.i; k < len(l) && k < c.i+8; k++ {
		switch at := l[k].Figures.ClientID; {
		case at == string(id):
			c.i = k
			return l[k]
		case at > string(id):
			if k > c.i {
				c.i = k
				return nil // between two clients of the list
			}
			k = len(l) // behind the cursor: search
		}
	}
	k, ok := slices.BinarySearchFunc(l, id, func(in *RatingInput, id []byte) int {
		return strings.Compare(in.Figures.ClientID, string(id))
	})
	c.i = min(k, max(len(l)-1, 0))
	if !ok {
		return nil
	}
	return l[k]
}

func (g *gather) clients(ctx context.Context) error {
	// The monthly re-rating reads the whole book: allocate the clients' figures at once. One allocation of
	// them all (600 MB at a million clients) read a cold process's book 1.7 s faster than blocks of a
	// thousand (mean of three runs each at a million clients: 8.3 s against 10.0 s); blocks remain for
	// clients added since the count.
	n := len(g.q.Clients)
	if g.q.Clients == nil {
		if err := g.s.db.QueryRowContext(ctx, "SELECT count(*) FROM clients").Scan(&n); err != nil {
			return err
		}
	}
	g.list = make([]*RatingInput, 0, n)
	block := make([]RatingInput, n)
	var id, outlet, occupation, grade sql.RawBytes
	var opened domain.Date
	// One slice of destinations for every row's scan; outlets, occupations and credit grades shared.
	dst := []any{&id, &outlet, &opened, &occupation, &grade}
	few := interner{}
	return g.each(ctx, span{}, "SELECT client_id, outlet_id, open_date, occupation, credit_grade FROM clients", "client_id", "", "", nil,
		func(scan func(...any) error) error {
			if len(block) == 0 {
				block = make([]RatingInput, 1024) // clients added since the count
			}
			in := &block[0]
			block = block[1:]
			if err := scan(dst...); err != nil {
				return err
			}
			f := &in.Figures
			f.ClientID, f.Opened = string(id), opened
			f.OutletID, f.Occupation, f.CreditGrade = few.of(outlet), few.of(occupation), few.of(grade)
			f.On, f.Window = g.on, g.q.Window
			f.Inputs.Days = g.q.Window.Days
			in.Today.Days = 1
			g.list = append(g.list, in)
			return nil
		})
}

// interner shares one string for each of the few values a column takes over many rows, instead of
// allocating it again for every row.
type interner map[string]string

func (in interner) of(b []byte) string {
	if v, ok := in[string(b)]; ok {
		return v
	}
	v := string(b)
	in[v] = v
	return v
}

// ratingColumns are client_ratings' columns in RatingRow's order.
const ratingColumns = `client_id, rating_month, rated_on, star_points, points_now, points_stars, contribution_stars, service_stars,
	upgrade_floor, below_count, downgrade_warning, near_upgrade, tier, abc_class, peak_aum, loyalty, matrix, pareto_top, lifecycle,
	lifecycle_cause, potential, potential_signals, contribution, recheck_on`

func scanRating(scan func(...any) error, r *RatingRow) error {
	var sig int64
	var recheck sql.Null[domain.Date]
	if err := scan(&r.ClientID, &r.RatingMonth, &r.RatedOn, &r.StarPoints, &r.PointsNow, &r.PointsStars, &r.Contribution, &r.Service,
		&r.Floor, &r.Below, &r.Warning, &r.Near, &r.Tier, &r.Class, &r.PeakAUM, &r.Loyalty, &r.Matrix, &r.ParetoTop, &r.Lifecycle,
		&r.LifecycleCause, &r.Potential, &sig, &r.ContribValue, &recheck); err != nil {
		return err
	}
	r.Signals, r.RecheckOn = rating.Signals(sig), recheck.V
	return nil
}

// pack writes the row as values() does, without boxing (SaveRatings on SQLite).
func (r *RatingRow) pack(b *rowBuf) {
	b.text(r.ClientID)
	b.int(int64(r.RatingMonth))
	b.date(r.RatedOn)
	b.int(r.StarPoints)
	b.int(r.PointsNow)
	for _, v := range [...]int{r.PointsStars, r.Contribution, r.Service, r.Floor, r.Below} {
		b.int(int64(v))
	}
	b.bool(r.Warning)
	b.bool(r.Near)
	b.text(r.Tier)
	b.text(r.Class)
	b.int(r.PeakAUM)
	b.int(int64(r.Loyalty))
	b.text(r.Matrix)
	b.bool(r.ParetoTop)
	b.text(r.Lifecycle)
	b.text(r.LifecycleCause)
	b.int(int64(r.Potential))
	b.int(int64(r.Signals))
	b.int(r.ContribValue)
	b.date(r.RecheckOn)
}

func (r *RatingRow) values() []any {
	var recheck any
	if !r.RecheckOn.IsZero() {
		recheck = r.RecheckOn
	}
	return []any{r.ClientID, r.RatingMonth, r.RatedOn, r.StarPoints, r.PointsNow, r.PointsStars, r.Contribution, r.Service, r.Floor,
		r.Below, r.Warning, r.Near, r.Tier, r.Class, r.PeakAUM, r.Loyalty, r.Matrix, r.ParetoTop, r.Lifecycle, r.LifecycleCause,
		r.Potential, int64(r.Signals), r.ContribValue, recheck}
}

// aum reads the clients' AUM (client_aum, migration 0015).
func (g *gather) aum(ctx context.Context, sp span) error {
	var id sql.RawBytes
	var aum int64
	clients := g.cursor(sp)
	return g.each(ctx, sp, "SELECT client_id, aum FROM client_aum", "client_id", "", "ORDER BY client_id", nil, func(scan func(...any) error) error {
		if err := scan(&id, &aum); err != nil {
			return err
		}
		if in := clients.find(id); in != nil {
			in.Figures.AUMFen = aum
		}
		return nil
	})
}

func (g *gather) ratings(ctx context.Context, sp span) error {
	// The row is scanned into one scratch row, its id and labels as bytes: the labels take a few values
	// (tiers, classes, quadrants, stages), shared rather than allocated a million times.
	var r RatingRow
	var id, tier, class, matrix, stage, cause sql.RawBytes
	var sig int64
	var recheck sql.Null[domain.Date]
	dst := []any{&id, &r.RatingMonth, &r.RatedOn, &r.StarPoints, &r.PointsNow, &r.PointsStars, &r.Contribution, &r.Service,
		&r.Floor, &r.Below, &r.Warning, &r.Near, &tier, &class, &r.PeakAUM, &r.Loyalty, &matrix, &r.ParetoTop, &stage,
		&cause, &r.Potential, &sig, &r.ContribValue, &recheck}
	labels := interner{}
	clients := g.cursor(sp)
	return g.each(ctx, sp, "SELECT "+ratingColumns+" FROM client_ratings", "client_id", "", "ORDER BY client_id", nil, func(scan func(...any) error) error {
		if err := scan(dst...); err != nil {
			return err
		}
		in := clients.find(id)
		if in == nil {
			return nil
		}
		r.ClientID = in.Figures.ClientID
		r.Tier, r.Class, r.Matrix, r.Lifecycle, r.LifecycleCause = labels.of(tier), labels.of(class), labels.of(matrix), labels.of(stage),
			labels.of(cause)
		r.Signals, r.RecheckOn = rating.Signals(sig), recheck.V
		in.Row, in.Exists = r, true
		in.Figures.Held = rating.Held{Stars: rating.Stars{Contribution: r.Contribution, Service: r.Service}, Below: r.Below}
		in.Figures.PeakAUMFen = r.PeakAUM
		return nil
	})
}

// product is what the accounts of a product hold, for the rating.
type product struct {
	holding rating.Holdings
	kind    uint16 // its category, a bit a category
}

// catalogue reads the products: the catalogue is small, and what each product holds is looked up in Go
// rather than joined per account.
func (g *gather) catalogue(ctx context.Context) error {
	kinds := map[string]uint16{}
	for i, c := range []string{"demand", "time", "wealth", "fund", "insurance", "bond", "metal", "loan", "credit_card", "agreement"} {
		kinds[c] = 1 << i
	}
	g.products = map[string]product{}
	return g.s.readRows(ctx, "SELECT product_code, category, card_level, agreement_kind FROM products", func(scan func(...any) error) error {
		var code, category, card, agreement string
		if err := scan(&code, &category, &card, &agreement); err != nil {
			return err
		}
		g.products[code] = product{rating.HoldingOf(category, card, agreement), kinds[category]}
		return nil
	})
}

// accounts counts the clients' open and closed accounts and gathers what their open accounts hold (the
// kinds are counted once every piece is read, by rest).
func (g *gather) accounts(ctx context.Context, sp span) error {
	var client, status, code sql.RawBytes
	dst := []any{&client, &status, &code}
	clients := g.cursor(sp)
	// In client id order, from the index by client, which covers the columns read (migration 0014).
	return g.each(ctx, sp, accountsRead, "client_id", "", "ORDER BY client_id", nil, func(scan func(...any) error) error {
		if err := scan(dst...); err != nil {
			return err
		}
		in := clients.find(client)
		if in == nil {
			return nil // a client the query does not cover
		}
		f := &in.Figures
		if string(status) != "active" {
			f.ClosedAccounts++
			return nil
		}
		p, ok := g.products[string(code)]
		if !ok {
			return fmt.Errorf("account of client %s: product %s is not in the catalogue", client, code)
		}
		f.OpenAccounts++
		f.Holdings |= p.holding
		in.kinds |= p.kind
		return nil
	})
}

// The reads of the accumulators and of the accounts, each in client id order ("ORDER BY client_id"), which
// their keys give without a sort (TestRatingReadsPlans).
const (
	openBalancesRead   = `SELECT client_id, month, accounts FROM balances_open`
	closedBalancesRead = `SELECT client_id, months FROM balances_closed`
	openVolumesRead    = `SELECT client_id, months FROM volumes_open`
	closedVolumesRead  = `SELECT client_id, months FROM volumes_closed`
	accountsRead       = `SELECT client_id, status, product_code FROM accounts`
)

// closedQuarters lists the quarters whose rows of closed months the re-rating reads: those of the months
// closed after the first month it measures (the window's or the churn month), each a range of the table's
// key. A month's row closed in month C stands for the months before C.
func (g *gather) closedQuarters(ctx context.Context) error {
	var last sql.NullInt64
	if err := g.s.db.QueryRowContext(ctx, "SELECT max(quarter) FROM balances_closed").Scan(&last); err != nil {
		return fmt.Errorf("closed balance accumulators: %w", err)
	}
	g.after = min(g.months[0].month, g.churn)
	for q := quarterOf(addMonth(g.after, 1)); last.Valid && q <= int(last.Int64); q = nextQuarter(q) {
		g.closed = append(g.closed, q)
	}
	return nil
}

// balances reads the balance accumulators (migration 0016), the largest read of a re-rating: the open rows
// and the rows of the months closed after the first month measured, each in client id order. A month's
// entries add to its client's figures for the months its row stands for. The text is scanned without a
// copy (sql.RawBytes).
func (g *gather) balances(ctx context.Context, sp span) error {
	var entries []balEntry
	var client, text sql.RawBytes
	var month int64
	add := func(in *RatingInput, month, until int, text []byte) error {
		if month > g.last {
			return nil // a row of months after the window
		}
		var err error
		if entries, err = parseBalEntries(text, entries[:0]); err != nil {
			return fmt.Errorf("balances of client %s, month %d: %w", client, month, err)
		}
		return g.addBalances(in, month, until, entries)
	}
	clients := g.cursor(sp)
	err := g.each(ctx, sp, openBalancesRead, "client_id", "", "ORDER BY client_id", nil, func(scan func(...any) error) error {
		if err := scan(&client, &month, &text); err != nil {
			return err
		}
		if in := clients.find(client); in != nil {
			return add(in, int(month), 0, text)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, q := range g.closed {
		clients := g.cursor(sp)
		err := g.each(ctx, sp, closedBalancesRead, "client_id", "quarter = ?", "ORDER BY client_id", []any{q}, func(scan func(...any) error) error {
			if err := scan(&client, &text); err != nil {
				return err
			}
			in := clients.find(client)
			if in == nil {
				return nil
			}
			err := parseClosedMonths(text, func(c closedMonth) error {
				if c.closedIn <= g.after {
					return nil // stands for months before those measured
				}
				return add(in, c.month, c.closedIn, c.entries)
			})
			if err != nil {
				return fmt.Errorf("closed balances of client %s: %w", client, err)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// pointsClass returns the points class named by b, without allocating for the four classes.
func pointsClass(b []byte) string {
	for _, c := range [...]string{"short", "long", "mortgage", "loan"} {
		if string(b) == c {
			return c
		}
	}
	return string(b)
}

// addBalances adds the entries of a client's row of month to its figures, for the months the row stands
// for: from month until the month before until (0: an open row, to this day).
func (g *gather) addBalances(in *RatingInput, month, until int, entries []balEntry) error {
	f := &in.Figures
	stands := func(m int) bool { return month <= m && (until == 0 || m < until) }
	atEnd, atChurn := stands(g.last), stands(g.churn)
	for i := range entries {
		e := &entries[i]
		for _, m := range g.months {
			if !stands(m.month) {
				continue
			}
			fenDays := e.balance * int64(m.days) // unchanged all month
			if m.month == month {
				fenDays = e.sumBefore + e.balance*int64(m.days-e.fromDay+1)
			}
			if err := f.Inputs.AddBalance(e.class, fenDays); err != nil {
				return fmt.Errorf("account %s, month %d: %w", e.account, m.month, err)
			}
		}
		// The balances at the window's end and at the end of the churn month.
		asset := e.class == "short" || e.class == "long"
		if atEnd {
			if err := in.Today.AddBalance(e.class, e.balance); err != nil {
				return err
			}
			if asset {
				f.AUMEndFen += e.balance
			}
		}
		if atChurn && asset {
			f.AUMBeforeFen += e.balance
		}
	}
	return nil
}

// volumes sums each client's monthly volumes (migration 0016: the open month and the closed months of the
// years the re-rating measures) over the window (purchases, card spend, fee income), the twelve months up
// to the window's last (client-initiated transactions, outflows to other banks), and the months after the
// churn month (outflows).
func (g *gather) volumes(ctx context.Context, sp span) error {
	lo := min(g.months[0].month, g.year)
	var id, months sql.RawBytes
	dst := []any{&id, &months}
	var es []volEntry
	read := func(what string) func(scan func(...any) error) error {
		clients := g.cursor(sp)
		return func(scan func(...any) error) error {
			if err := scan(dst...); err != nil {
				return err
			}
			in := clients.find(id)
			if in == nil {
				return nil
			}
			var err error
			if es, err = parseVolMonths(months, es[:0]); err != nil {
				return fmt.Errorf("%s of client %s: %w", what, id, err)
			}
			for _, e := range es {
				if e.month >= lo && e.month <= g.last {
					g.addVolumes(&in.Figures, e)
				}
			}
			return nil
		}
	}
	if err := g.each(ctx, sp, openVolumesRead, "client_id", "", "ORDER BY client_id", nil, read("open volumes")); err != nil {
		return err
	}
	for y := lo / 100; y <= g.last/100; y++ {
		if err := g.each(ctx, sp, closedVolumesRead, "client_id", "year = ?", "ORDER BY client_id", []any{y}, read(fmt.Sprint("volumes of ", y))); err != nil {
			return err
		}
	}
	return nil
}

// addVolumes adds a month of volumes to a client's figures.
func (g *gather) addVolumes(f *rating.Figures, e volEntry) {
	if e.month >= g.months[0].month {
		f.Inputs.Purchases += e.purchases
		f.Inputs.CardSpend += e.cardSpend
		f.Inputs.FeeIncome += e.fees
	}
	if e.month >= g.year {
		f.Txns12 += int(e.txns)
		f.MovedOut12Fen += e.outflow
	}
	if e.month > g.churn {
		f.MovedOutChurnFen += e.outflow
	}
	if e.lastTxn.After(f.LastClientTxn) {
		f.LastClientTxn = e.lastTxn
	}
}

// floors sets each client's instant upgrade floor (Figures.Instant): the highest stars of its approved
// instant upgrade applications in force on q.FloorsOn (or the window's last day).
func (g *gather) floors(ctx context.Context) error {
	on := g.q.FloorsOn
	if on.IsZero() {
		on = g.on
	}
	clients := g.cursor(span{})
	return g.each(ctx, span{}, "SELECT client_id, stars FROM upgrade_applications", "client_id", "state = 'approved' AND until_date >= ?", "",
		[]any{on}, func(scan func(...any) error) error {
			var client sql.RawBytes
			var stars int
			if err := scan(&client, &stars); err != nil {
				return err
			}
			if in := clients.find(client); in != nil && rating.ValidStars(stars) {
				in.Figures.Instant = max(in.Figures.Instant, stars)
			}
			return nil
		})
}

// TellerObservationDays is how long a teller's observation counts for the potential score.
const TellerObservationDays = 365

func (g *gather) signals(ctx context.Context) error {
	since := g.on.AddDays(-TellerObservationDays + 1)
	clients := g.cursor(span{})
	return g.each(ctx, span{}, "SELECT client_id, signal, source, seen_on FROM client_signals", "client_id", "", "", nil,
		func(scan func(...any) error) error {
			var client sql.RawBytes
			var code, source string
			var seen domain.Date
			if err := scan(&client, &code, &source, &seen); err != nil {
				return err
			}
			in := clients.find(client)
			sg, ok := rating.SignalOf(code)
			if in == nil || !ok || seen.After(g.on) {
				return nil
			}
			if (source == "txn" && !seen.Before(g.q.Window.From)) || (source == "teller" && !seen.Before(since)) {
				in.Figures.Signals |= sg
			}
			return nil
		})
}
