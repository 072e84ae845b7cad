package pipeline

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/demo"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/rating"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// ratingClients is the CUST file of the rating tests' five clients of outlet OT1.
var ratingClients = []string{custHeader,
	"C1|张伟|01|110101199003071233|M||13800138000|OT1|20200101|normal",
	"C2|李娜|01|11010519491231002X|F||13900139000|OT1|20210101|normal",
	"C3|王芳|01|110101199003071233|F||13700137000|OT1|20220101|normal",
	"C4|刘洋|01|110101199003071233|M||13600136000|OT1|20220101|normal",
	"C5|陈静|01|110101199003071233|F||13500135000|OT1|20220101|normal"}

// ratingBank writes one batch a day from first to last (YYYYMMDD): day one is a full batch with the
// outlet, the products and the clients' accounts; later days carry only the ACCT rows of changes[date].
func ratingBank(t *testing.T, first, last domain.Date, accounts []string, changes map[string][]string) string {
	t.Helper()
	dir := t.TempDir()
	for d := first; !d.After(last); d = d.AddDays(1) {
		ymd := fmt.Sprintf("%04d%02d%02d", d.Year(), d.Month(), d.Day())
		b := batchSpec{date: ymd, files: map[string][]string{}}
		if d == first {
			b.acctMode = "full"
			b.files["ORG"], b.files["PROD"] = orgFile, prodFile
			b.files["CUST"] = ratingClients
			b.files["ACCT"] = append([]string{acctHeader}, accounts...)
		} else if rows, ok := changes[ymd]; ok {
			b.files["ACCT"] = append([]string{acctHeader}, rows...)
		}
		b.write(t, dir)
	}
	return dir
}

func importRated(t *testing.T, st *store.Store, rules *rating.Rules, dir string) []Outcome {
	t.Helper()
	out, err := Import(context.Background(), st, []string{dir}, Options{ReportDir: filepath.Join(t.TempDir(), "reports"), Rules: rules})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func history(t *testing.T, st *store.Store, client string) []store.HistoryEntry {
	t.Helper()
	h, err := st.ClientRatingHistory(context.Background(), access.Scope{Reach: access.ReachAll}, client, 100)
	if err != nil {
		t.Fatal(err)
	}
	// oldest first
	for i, j := 0, len(h)-1; i < j; i, j = i+1, j-1 {
		h[i], h[j] = h[j], h[i]
	}
	return h
}

func ratingOf(t *testing.T, st *store.Store, client string) store.RatingRow {
	t.Helper()
	r, ok, err := st.ClientRating(context.Background(), access.Scope{Reach: access.ReachAll}, client)
	if err != nil || !ok {
		t.Fatalf("rating of %s: %v, %v", client, ok, err)
	}
	return r
}

// The nightly pass raises a client the night its deposit arrives, and again, with no new batch row,
// on the days its rising average reaches the next stars; the first business date of March re-rates
// everyone over September–February exactly; the gold card's floor holds from the first night.
func TestNightlyUpgradesAndMonthlyRating(t *testing.T) {
	first, last := domain.NewDate(2026, 1, 1), domain.NewDate(2026, 3, 1)
	dir := ratingBank(t, first, last, []string{
		"A1|C1|DEP|CNY|10000.00|20200101||active",
		"A2|C1|TD1Y|CNY|200000.00|20260101|20270101|active",
		"A3|C2|DEP|CNY|500.00|20210101||active",
		"A5|C4|GOLD|CNY|0|20220101||active",
	}, map[string][]string{
		"20260210": {"A3|C2|DEP|CNY|2000000.00|20210101||active"},
	})
	rules, err := rating.New(policy.Default())
	if err != nil {
		t.Fatal(err)
	}
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		out := importRated(t, st, rules, dir)
		var nightly, monthly []RateReport
		for _, o := range out {
			for _, r := range o.Ratings {
				if r.Kind == "nightly" {
					nightly = append(nightly, r)
				} else {
					monthly = append(monthly, r)
				}
			}
		}
		if len(nightly) != 60 || len(monthly) != 2 || monthly[0].Month != 202602 || monthly[1].Month != 202603 {
			t.Fatalf("%d nightly passes, monthly %+v", len(nightly), monthly)
		}
		// Only the clients a batch touched (and rechecks) are rated at night: on a quiet day, none.
		if nightly[0].Clients != 5 || nightly[20].Clients != 0 {
			t.Errorf("nightly clients: first %d, 21st %d", nightly[0].Clients, nightly[20].Clients)
		}

		// C2: 500 yuan since Jan 1, 2 000 000 from Feb 10 (trailing window from 2025-09-01).
		//   Feb 10: (500×40 + 2 000 000×1) / 163 days = 12 392.6 → 167.30 points: three stars.
		//   Feb 12: 6 020 000 / 165 = 36 484.8 → 492.54 < 500; Feb 13: 8 020 000 / 166 → 652.23: four stars.
		//   Feb 21: 24 020 000 / 174 → 1 863.6; Feb 22: 26 020 000 / 175 → 2 007.26: five stars.
		var ups []string
		for _, e := range history(t, st, "C2") {
			ups = append(ups, fmt.Sprintf("%s %s %d→%d %s", e.On, e.Reason, e.FromService, e.ToService, e.ToTier))
		}
		want := []string{"2026-01-01 first_rating 0→1 T1", "2026-02-10 up_points 1→3 T4", "2026-02-10 tier_up 1→3 T4",
			"2026-02-13 up_points 3→4 T4", "2026-02-22 up_points 4→5 T4"}
		if fmt.Sprint(ups) != fmt.Sprint(want) {
			t.Errorf("C2 history:\n got %v\nwant %v", ups, want)
		}
		c2 := ratingOf(t, st, "C2")
		// March's rating: (500×40 + 2 000 000×19) / 181 = 210 055.2 → 2 835.74 points.
		if c2.RatingMonth != 202603 || c2.StarPoints != 283574 || c2.PointsStars != 5 || c2.Service != 5 || c2.Contribution != 5 {
			t.Errorf("C2 after March's rating: %+v", c2)
		}

		// C1: 10 000 demand (1.35) and 200 000 time deposit (1.00) since Jan 1: over September–February,
		// 135 × 59 / 181 + 2 000 × 59 / 181 = 125 965 / 181 = 695.939… points: four stars.
		c1 := ratingOf(t, st, "C1")
		if c1.StarPoints != 69593 || c1.PointsStars != 4 || c1.Service != 4 || c1.Tier != "T3" || c1.Class != "A" {
			t.Errorf("C1 after March's rating: %+v", c1)
		}
		// C4 holds a gold card and nothing else: unrated by points, five service stars by the floor.
		if c4 := ratingOf(t, st, "C4"); c4.PointsStars != 0 || c4.Contribution != 0 || c4.Floor != 5 || c4.Service != 5 {
			t.Errorf("C4: %+v", c4)
		}
		// C3 has no account: rated, unrated.
		if c3 := ratingOf(t, st, "C3"); c3.Service != 0 || c3.StarPoints != 0 || c3.Tier != "T1" {
			t.Errorf("C3: %+v", c3)
		}

		// The bulk figures agree with the per-client accumulator reader for everyone.
		checkAgainstMonthSums(t, st, rules, 2026, time.March)

		// A month is rated once; a month whose window the store does not hold is refused with the reason.
		if rep, err := RateMonth(ctx, st, rules, 2026, time.March); err != nil || !rep.Already {
			t.Errorf("rating March again: %+v, %v", rep, err)
		}
		var nr *NotReadyError
		if _, err := RateMonth(ctx, st, rules, 2026, time.April); !errors.As(err, &nr) {
			t.Errorf("April before March's batches: %v", err)
		} else if want := "cannot rate 2026-04: batches up to the window's last day (2026-03-31) have not all been applied: the last applied is 2026-03-01"; err.Error() != want {
			t.Errorf("refusal: %s", err)
		}
	})
}

// checkAgainstMonthSums recomputes every client's star points for a rating month from the per-client
// accumulator reader (store.ClientMonthSums) and compares them with the monthly rating's.
func checkAgainstMonthSums(t *testing.T, st *store.Store, rules *rating.Rules, year int, month time.Month) {
	t.Helper()
	ctx := context.Background()
	w := rules.RatingWindow(year, month)
	rows, err := st.DB().QueryContext(ctx, "SELECT client_id, star_points, points_stars FROM client_ratings ORDER BY client_id")
	if err != nil {
		t.Fatal(err)
	}
	type rated struct {
		id     string
		points int64
		stars  int
	}
	var all []rated
	for rows.Next() {
		var r rated
		if err := rows.Scan(&r.id, &r.points, &r.stars); err != nil {
			t.Fatal(err)
		}
		all = append(all, r)
	}
	rows.Close()
	if len(all) == 0 {
		t.Fatal("no ratings")
	}
	bad := 0
	for _, r := range all {
		in := rating.Inputs{Days: w.Days}
		for _, m := range w.Months() {
			ms, err := st.ClientMonthSums(ctx, r.id, m)
			if err != nil {
				t.Fatal(err)
			}
			for class, sum := range ms.BalanceSum {
				if err := in.AddBalance(class, sum); err != nil {
					t.Fatal(err)
				}
			}
			in.Purchases += ms.Purchases
			in.CardSpend += ms.CardSpend
			in.FeeIncome += ms.FeeIncome
		}
		b, err := rules.Points(in)
		if err != nil {
			t.Fatal(err)
		}
		if b.Total.Hundredths() != r.points || rules.ContributionStars(b.Total) != r.stars {
			if bad++; bad <= 5 {
				t.Errorf("client %s: rated %d (%d stars), accumulators say %s (%d stars)", r.id, r.points, r.stars, b.Total,
					rules.ContributionStars(b.Total))
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d clients disagree", bad, len(all))
	}
}

// With a one-month window, a client whose money left is warned at the first monthly rating below its
// stars and lowered at the second (grace period 2, DOMAIN.md).
func TestMonthlyDowngradeAfterGrace(t *testing.T) {
	p := policy.Default()
	p.Rating.WindowMonths = 1
	rules, err := rating.New(p)
	if err != nil {
		t.Fatal(err)
	}
	dir := ratingBank(t, domain.NewDate(2026, 1, 1), domain.NewDate(2026, 4, 1), []string{
		"A1|C5|DEP|CNY|1000000.00|20220101||active",
	}, map[string][]string{
		"20260201": {"A1|C5|DEP|CNY|0.00|20220101||active"},
	})
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		importRated(t, st, rules, dir)
		var lines []string
		for _, e := range history(t, st, "C5") {
			line := fmt.Sprintf("%s %s %s %d→%d %s→%s", e.On, e.Occasion, e.Reason, e.FromService, e.ToService, e.FromTier, e.ToTier)
			if e.Reason == ReasonLifecycle {
				line = fmt.Sprintf("%s %s %s %s→%s", e.On, e.Occasion, e.Reason, e.FromStage, e.ToStage)
			}
			if e.BelowStars != "" {
				line += " below " + e.BelowStars
			}
			lines = append(lines, line)
		}
		// January at 1 000 000: 13 500 points, six stars (raised the first night), tier T4; the money
		// leaves on Feb 1: tier T1 that night and a warning (stars fall only at a monthly rating);
		// March's rating (February at 0): below, warned, and lost (its AUM gone after a peak of T4);
		// April's (March at 0): lowered to unrated. The warnings record that both the contribution and the
		// service stars are below (no upgrade product holds the service stars).
		want := []string{
			"2026-01-01 nightly first_rating 0→6 →T4",
			"2026-02-01 nightly below_daily 6→6 T4→T1 below both",
			"2026-02-01 nightly tier_down 6→6 T4→T1",
			"2026-03-01 monthly down_grace 6→6 T1→T1 below both",
			"2026-03-01 monthly lifecycle dormant→lost", // no client-initiated transaction: dormant before
			"2026-04-01 monthly down 6→0 T1→T1",
		}
		if fmt.Sprint(lines) != fmt.Sprint(want) {
			t.Errorf("C5 history:\n got %v\nwant %v", lines, want)
		}
		c5 := ratingOf(t, st, "C5")
		if c5.Service != 0 || c5.Warning || c5.Below != 0 || c5.RatingMonth != 202604 {
			t.Errorf("C5: %+v", c5)
		}
	})
}

// Over a generated bank (salaries, spending, purchases, maturities, FX), the monthly rating's figures
// agree with the per-client reader for every client, on both engines, and every client is rated.
func TestRatingGeneratedBank(t *testing.T) {
	start := domain.NewDate(2026, 4, 20)
	bank := demo.Generate(demo.Options{Clients: 600, Seed: 11, Today: start})
	dir := t.TempDir()
	if _, err := demo.WriteFeeds(bank, dir, demo.FeedOptions{Start: start, Days: 45, Seed: 11}, nil); err != nil {
		t.Fatal(err)
	}
	rules, err := rating.New(policy.Default())
	if err != nil {
		t.Fatal(err)
	}
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		if _, err := Import(ctx, st, []string{dir}, Options{OwnBankCodes: []string{demo.OwnBank}, Rules: rules}); err != nil {
			t.Fatal(err)
		}
		var clients, rated, invalid int
		if err := st.DB().QueryRowContext(ctx, `SELECT (SELECT count(*) FROM clients), count(*),
			COALESCE(sum(CASE WHEN service_stars < contribution_stars OR service_stars < upgrade_floor THEN 1 ELSE 0 END), 0)
			FROM client_ratings`).Scan(&clients, &rated, &invalid); err != nil {
			t.Fatal(err)
		}
		if clients != rated || invalid != 0 {
			t.Fatalf("%d clients, %d rated, %d with service stars below contribution or floor", clients, rated, invalid)
		}
		checkAgainstMonthSums(t, st, rules, 2026, time.June)
		checkSegments(t, st, rules, 202606)
		checkReadInPieces(t, st, rules.RatingWindow(2026, time.June))
	})
}

// checkReadInPieces checks that the figures of every client read in pieces (a large book's read: the
// tables after the clients in ranges of client ids, on every core) are those read whole.
func checkReadInPieces(t *testing.T, st *store.Store, w rating.Window) {
	t.Helper()
	ctx := context.Background()
	q := store.RatingQuery{Window: w, ChurnMonths: policy.Default().Segments.ChurnMonths}
	whole, err := st.RatingInputs(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	q.MinPiece = 25
	pieces, err := st.RatingInputs(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(whole) != len(pieces) {
		t.Fatalf("%d clients read whole, %d in pieces", len(whole), len(pieces))
	}
	bad := 0
	for i := range whole {
		if !reflect.DeepEqual(*whole[i], *pieces[i]) {
			if bad++; bad <= 3 {
				t.Errorf("client %s: read whole %+v\nin pieces %+v", whole[i].Figures.ClientID, *whole[i], *pieces[i])
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d clients differ when read in pieces", bad, len(whole))
	}
	// A malformed accumulator fails the read in pieces, naming the client, whatever the other pieces do.
	var client string
	if err := st.DB().QueryRowContext(ctx, "SELECT max(client_id) FROM balances_open").Scan(&client); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB().ExecContext(ctx, st.Rebind("UPDATE balances_open SET month = 202601, accounts = 'A1,1,short,2026x,1' WHERE client_id = ?"), client); err != nil {
		t.Fatal(err)
	}
	if _, err := st.RatingInputs(ctx, q); err == nil || !strings.Contains(err.Error(), "client "+client) {
		t.Errorf("a malformed accumulator of %s read in pieces: %v", client, err)
	}
}

// checkSegments checks the matrix quadrants and 80/20 flags stored by the monthly re-rating of month
// against the rules applied again to the stored contributions and loyalty scores, outlet by outlet: the
// rows are saved while the rules run, and the segments, which need every client of an outlet, follow.
func checkSegments(t *testing.T, st *store.Store, rules *rating.Rules, month int) {
	t.Helper()
	type stored struct {
		share     rating.Share
		loyal     bool
		matrix    string
		paretoTop bool
	}
	byOutlet := map[string][]stored{}
	rows, err := st.DB().QueryContext(context.Background(), st.Rebind(`SELECT c.outlet_id, r.client_id, r.contribution, r.loyalty,
		r.matrix, r.pareto_top FROM client_ratings r JOIN clients c ON c.client_id = r.client_id WHERE r.rating_month = ?
		ORDER BY r.client_id`), month)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var outlet string
		var r stored
		var loyalty int
		if err := rows.Scan(&outlet, &r.share.ClientID, &r.share.Value, &loyalty, &r.matrix, &r.paretoTop); err != nil {
			t.Fatal(err)
		}
		r.loyal = loyalty >= rules.Policy().Segments.HighLoyaltyMin
		byOutlet[outlet] = append(byOutlet[outlet], r)
		n++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatalf("no client rated in %d", month)
	}
	wrong, vital := 0, 0
	for outlet, rs := range byOutlet {
		shares, loyal := make([]rating.Share, len(rs)), make([]bool, len(rs))
		for i, r := range rs {
			shares[i], loyal[i] = r.share, r.loyal
		}
		quadrants, top, _ := rules.SegmentShares(shares, loyal)
		for i, r := range rs {
			if r.matrix != string(quadrants[i]) || r.paretoTop != top[i] {
				if wrong++; wrong <= 5 {
					t.Errorf("outlet %s, client %s: stored %s/%v, want %s/%v", outlet, r.share.ClientID, r.matrix, r.paretoTop, quadrants[i], top[i])
				}
			}
			if top[i] {
				vital++
			}
		}
	}
	if wrong > 0 || vital == 0 {
		t.Errorf("%d of %d clients with a wrong quadrant or 80/20 flag; %d in the vital few", wrong, n, vital)
	}
}
