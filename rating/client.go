package rating

import (
	"fmt"

	"github.com/steward-bank/steward/domain"
)

// One client's whole assessment: the rules of this package applied together to the figures the store
// gathers for a client on one date. The nightly pass and the monthly re-rating both go through Assess;
// Segment then ranks the clients of one outlet (value × loyalty matrix, 80/20), which needs them all.

// Figures are everything the rules need about one client on one date. The store fills them from the
// accumulators, the accounts and the client's record.
type Figures struct {
	ClientID, OutletID string
	// On is the date of the assessment: the business date of the batch (nightly) or of the monthly
	// re-rating's window end.
	On domain.Date
	// Window is the star-points window and Inputs the client's sums over it.
	Window Window
	Inputs Inputs
	// Holdings are the upgrade products the client holds today (active accounts).
	Holdings Holdings
	// Instant is the service-star floor of an approved instant upgrade application (即时升级) in force on
	// On, 0 for none: service stars are at least this until the application's end date; after it the
	// floor no longer counts and the stars come down only as any other (the grace period).
	Instant int
	// Held is the rating the client holds before this assessment.
	Held Held
	// Life-cycle and loyalty figures.
	Opened        domain.Date
	LastClientTxn domain.Date
	AUMFen        int64 // the client's AUM now: tiers, classes, loyalty, the peak
	// AUMEndFen and AUMBeforeFen are the AUM at On and at the end of the month policy.Segments.ChurnMonths
	// months before, measured the same way on both dates (the store's accumulators), for the life-cycle.
	AUMEndFen, AUMBeforeFen      int64
	PeakAUMFen                   int64 // the highest AUM on record before this assessment
	MovedOutChurnFen             int64 // to other banks over the last ChurnMonths months
	MovedOut12Fen                int64 // to other banks over the last 12 months
	Txns12                       int   // client-initiated transactions over the last 12 months
	ProductKinds                 int   // product categories held (active accounts)
	OpenAccounts, ClosedAccounts int
	ContactsMade                 int
	ContactsAnswered             int
	CreditGrade, Occupation      string
	// Signals are the potential signals seen in the signals' period: transactions, holdings and teller
	// observations (OccupationSignal is added by Assess).
	Signals Signals
}

// Assessment is what the rules say about one client.
type Assessment struct {
	Eval     Evaluation
	Decision Decision
	// Near is the near-upgrade flag (临界) against the stars held after the decision.
	Near bool
	// Tier and Class follow the current AUM; PeakAUMFen is the highest AUM on record, this one included.
	Tier       Tier
	Class      Class
	PeakAUMFen int64
	Loyalty    Loyalty
	Life       Life
	Signals    Signals
	Potential  int
	// Contribution is the value the outlet's ranking (SegmentShares, monthly re-rating only) uses:
	// hundredths of a star point of Breakdown.Contribution, rounded down.
	Contribution int64
}

// Assess applies the rules to one client's figures on an occasion: the nightly check (Daily) raises
// and warns; the monthly re-rating (Monthly) may also lower after the grace period.
func (r *Rules) Assess(f *Figures, on Occasion) (Assessment, error) {
	e, err := r.Evaluate(f.Inputs, f.Holdings)
	if err != nil {
		return Assessment{}, fmt.Errorf("client %s: %w", f.ClientID, err)
	}
	e.WithInstant(f.Instant)
	a := Assessment{Eval: e, Decision: r.Move(f.Held, e.Stars(), on)}
	if d := &a.Decision; d.Service == Up && e.InstantHolds() {
		d.Reason.Code = ReasonInstant
	}
	a.Near = r.NearUpgrade(e.Breakdown.Total, a.Decision.Held.Service)
	a.Tier, a.Class = r.Tier(f.AUMFen), r.Class(f.AUMFen)
	a.PeakAUMFen = max(f.PeakAUMFen, f.AUMFen)
	a.Loyalty = r.Loyalty(LoyaltyInputs{
		Opened: f.Opened, On: f.On, ProductKinds: f.ProductKinds, Txns: f.Txns12,
		ContactsMade: f.ContactsMade, ContactsAnswered: f.ContactsAnswered,
		KeptFen: f.AUMFen, MovedOutFen: f.MovedOut12Fen, CreditGrade: f.CreditGrade,
	})
	a.Life = r.LifeCycle(LifeInputs{
		Opened: f.Opened, On: f.On, LastClientTxn: f.LastClientTxn,
		AUMFen: f.AUMEndFen, AUMBeforeFen: f.AUMBeforeFen, MovedOutFen: f.MovedOutChurnFen,
		PeakAUMFen: max(f.PeakAUMFen, f.AUMFen), OpenAccounts: f.OpenAccounts, ClosedAccounts: f.ClosedAccounts,
	})
	a.Signals = f.Signals | OccupationSignal(f.Occupation)
	a.Potential = PotentialScore(a.Signals)
	c := e.Breakdown.Contribution()
	a.Contribution = c.Hundredths()
	return a, nil
}

// SegmentShares ranks the clients of one outlet by contribution (segments.go): given their contributions
// (shares) and high-loyalty flags (loyal, parallel to shares), it returns each client's value × loyalty
// quadrant, whether it is among the 80/20 vital few, and how many are.
func (r *Rules) SegmentShares(shares []Share, loyal []bool) (quadrants []Quadrant, vital []bool, n int) {
	high := r.HighShare(shares)
	vital, n = r.VitalFew(shares)
	quadrants = make([]Quadrant, len(shares))
	for i := range shares {
		quadrants[i] = QuadrantOf(high[i], loyal[i])
	}
	return quadrants, vital, n
}

// RisesIn returns the smallest k in 1..maxDays such that the window of in, extended by k days at the
// end-of-day balances of today (today's balance fields, in fen), earns more contribution stars than
// held; 0 when none does. Volumes stay as they are. An average kept up by a recent deposit keeps rising
// day by day with no new transaction: the nightly pass looks at such a client again on that day. The
// points of the extended window move monotonically towards today's rate, so the first such day is found
// by bisection.
func (r *Rules) RisesIn(in, today Inputs, held, maxDays int) int {
	earns := func(k int) bool {
		x := in
		x.Days += k
		x.Short += int64(k) * today.Short
		x.Long += int64(k) * today.Long
		x.Mortgage += int64(k) * today.Mortgage
		x.Loan += int64(k) * today.Loan
		b, err := r.Points(x)
		return err == nil && r.ContributionStars(b.Total) > held
	}
	if maxDays < 1 || !earns(maxDays) {
		return 0
	}
	lo, hi := 1, maxDays
	for lo < hi {
		mid := (lo + hi) / 2
		if earns(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}
