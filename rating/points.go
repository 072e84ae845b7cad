package rating

import (
	"fmt"
	"math"
	"math/big"

	"github.com/steward-bank/steward/policy"
)

// Star points (星点值), DOMAIN.md §3: what a client brings to the bank over the window.
//
//	star points = Σ weight(class) × average daily balance(class) / 100 yuan      (short, long, mortgage, loan)
//	            + Σ weight(kind) × window volume(kind) / 100 yuan                 (purchase, card spending)
//	            + weight(fee) × window fee income / 100 yuan                      (only with fee_income_earns_points)
//
// where average daily balance = Σ end-of-day balances over every calendar day of the window / days in the
// window (a day before an account existed counts as 0), money is in fen (1 yuan = 100 fen, so 100 yuan =
// 10 000 fen) and weights are star points per 100 yuan.
//
// The arithmetic is exact and integer. With W = weight × 10^6 (an integer: weights have at most 6
// decimals), S = Σ end-of-day balances in fen·days, V = a volume in fen and D = days:
//
//	star points = N / (D × 10^10),   N = Σ W × S  +  D × Σ W × V
//
// N is held in 128 bits. With weights ≤ MaxWeight (W < 2^40), amounts below 2^63 and D ≤ MaxWindowDays
// (2^12), |N| < 2^118, so nothing overflows; comparing with a threshold T (T × 10^6 = t, an integer) is
// N ≥ t × D × 10^4, again exact. Points are never negative: weights are not (policy) and Points refuses
// negative amounts (loan balances are the positive outstanding principal, FEEDS.md; volumes are totals
// of absolute amounts).

// Kind is a component of star points: a points class measured by its average daily balance, or a kind
// of business measured by its volume in the window.
type Kind int

// The components of star points, in the order of DOMAIN.md §3's table.
const (
	Short     Kind = iota // demand deposits, money-market funds, card deposits: average daily balance
	Long                  // time deposits, wealth products, other funds, bonds, insurance, precious metals
	Mortgage              // mortgage loans: average daily balance
	Loan                  // other personal loans, interest-bearing overdrafts: average daily balance
	Purchase              // purchases of investment products (TXN.kind=purchase): window total
	CardSpend             // credit-card spending (TXN.kind=card_spend): window total
	FeeIncome             // intermediate-business income (INCOME feed): window total
	NumKinds              // the number of kinds
)

var kindCodes = [NumKinds]string{"short", "long", "mortgage", "loan", "purchase", "card_spend", "fee_income"}

// String returns the kind's code: the points class of FEEDS.md PROD.points_class for the balance kinds,
// the TXN kind for purchases and card spending, and "fee_income".
func (k Kind) String() string {
	if k < 0 || k >= NumKinds {
		return fmt.Sprintf("kind(%d)", int(k))
	}
	return kindCodes[k]
}

// IsBalance reports whether the kind is measured by its average daily balance (short, long, mortgage,
// loan); the others are measured by their total in the window.
func (k Kind) IsBalance() bool { return k >= Short && k <= Loan }

// KindOf returns the kind with the given code (see Kind.String).
func KindOf(code string) (Kind, bool) {
	for k, c := range kindCodes {
		if c == code {
			return Kind(k), true
		}
	}
	return 0, false
}

// FeeIncomeWeightHundredths is the weight of fee income in hundredths of a star point per 100 yuan: 200
// is 2.00 points per 100 yuan, the weight DOMAIN.md gives the other intermediate business (investment
// purchases and card spending). The policy has a switch (rating.fee_income_earns_points) but no weight
// for it. Fee income earns star points only when the switch is on; the contribution that the 80/20 and
// value × loyalty analyses rank always includes it (Breakdown.Contribution).
const FeeIncomeWeightHundredths = 200

// Inputs are what one client brought in one window, in CNY fen. The store's monthly accumulators give
// them: balance sums add up over the window's months, volumes too.
type Inputs struct {
	// Days is the number of days in the window (Window.Days).
	Days int
	// Short, Long, Mortgage and Loan are the sums of end-of-day balances over every day of the window,
	// in fen·days, per points class.
	Short, Long, Mortgage, Loan int64
	// Purchases, CardSpend and FeeIncome are window totals in fen (absolute amounts).
	Purchases, CardSpend, FeeIncome int64
}

// Amount returns the input of kind k: a balance sum in fen·days or a volume in fen.
func (in *Inputs) Amount(k Kind) int64 {
	switch k {
	case Short:
		return in.Short
	case Long:
		return in.Long
	case Mortgage:
		return in.Mortgage
	case Loan:
		return in.Loan
	case Purchase:
		return in.Purchases
	case CardSpend:
		return in.CardSpend
	case FeeIncome:
		return in.FeeIncome
	}
	return 0
}

// AddBalance adds a sum of end-of-day balances (fen·days) of a points class given by its FEEDS.md code
// (short, long, mortgage, loan). The class "none" and "" (cards, agreements) earn nothing and are
// ignored; an unknown class is an error.
func (in *Inputs) AddBalance(class string, fenDays int64) error {
	switch class {
	case "short":
		in.Short += fenDays
	case "long":
		in.Long += fenDays
	case "mortgage":
		in.Mortgage += fenDays
	case "loan":
		in.Loan += fenDays
	case "none", "":
	default:
		return fmt.Errorf("unknown points class %q", class)
	}
	return nil
}

// StarPoints is a number of star points held exactly (see the formula above). The zero value is 0.
// Values from the same window compare fastest.
type StarPoints struct {
	n    i128 // numerator
	days int  // the denominator is days × 10^10
}

// pointsDen is the part of the denominator after the days: 10^6 (weights) × 10^4 (fen per 100 yuan).
const pointsDen = scale * 10_000

func (p StarPoints) d() int64 { return int64(max(p.days, 1)) }

// Rat returns the points as an exact rational.
func (p StarPoints) Rat() *big.Rat {
	return new(big.Rat).SetFrac(p.n.big(), new(big.Int).Mul(big.NewInt(p.d()), big.NewInt(pointsDen)))
}

// Sign returns -1, 0 or +1.
func (p StarPoints) Sign() int { return p.n.sign() }

// Cmp compares p and o exactly: -1, 0 or +1.
func (p StarPoints) Cmp(o StarPoints) int {
	if p.d() == o.d() {
		return p.n.cmp(o.n)
	}
	a := new(big.Int).Mul(p.n.big(), big.NewInt(o.d()))
	b := new(big.Int).Mul(o.n.big(), big.NewInt(p.d()))
	return a.Cmp(b)
}

// CmpRate compares p with a decimal such as a policy threshold, exactly: -1, 0 or +1.
func (p StarPoints) CmpRate(x policy.Rate) int { return p.Rat().Cmp(x.Rat()) }

// Hundredths returns the points × 100 rounded down (toward minus infinity), saturated at the int64
// range: 1 999.999 points → 199 999.
func (p StarPoints) Hundredths() int64 {
	q, _ := p.n.divFloor(uint64(p.d()) * (pointsDen / 100))
	v, ok := q.int64()
	if !ok {
		if q.sign() < 0 {
			return math.MinInt64
		}
		return math.MaxInt64
	}
	return v
}

// String writes the points with exactly 2 decimals, rounded down as DOMAIN.md §3 requires (toward
// minus infinity, so a shown figure never overstates): 1 999.999 → "1999.99", 49.99 → "49.99".
func (p StarPoints) String() string {
	q, _ := p.n.divFloor(uint64(p.d()) * (pointsDen / 100))
	return formatHundredths(q)
}

// StringUp writes the points with exactly 2 decimals rounded up: for what is still needed, so that
// adding the shown figure always suffices (0.001 → "0.01").
func (p StarPoints) StringUp() string {
	return formatHundredths(p.n.divCeil(uint64(p.d()) * (pointsDen / 100)))
}

// HundredthsText writes h hundredths of a star point (StarPoints.Hundredths, as the store keeps them) as a
// decimal with 2 decimals: 69593 → "695.93".
func HundredthsText(h int64) string { return formatHundredths(i128of(h)) }

// formatHundredths writes q hundredths as a decimal with 2 decimals.
func formatHundredths(q i128) string {
	sign := ""
	if q.sign() < 0 {
		sign, q = "-", q.neg()
	}
	whole, frac := q.divFloor(100)
	if w, ok := whole.int64(); ok {
		return fmt.Sprintf("%s%d.%02d", sign, w, frac)
	}
	return fmt.Sprintf("%s%s.%02d", sign, whole.big(), frac)
}

// Component is one line of a client's star points: what it measures, its weight and what it earns.
type Component struct {
	Kind Kind
	// Amount is the input: the sum of end-of-day balances in fen·days for a balance kind, the window
	// total in fen for a volume.
	Amount int64
	// Days is the number of days in the window.
	Days int
	// Weight is the star points per 100 yuan.
	Weight policy.Rate
	// Points is Weight × Measure / 10 000 fen, exactly.
	Points StarPoints
	// Counted reports whether the component counts toward star points (false only for fee income when
	// policy.Rating.FeeIncomeEarnsPoints is off).
	Counted bool
}

// Measure returns what the weight applies to, in fen, exactly: the average daily balance (Amount /
// Days) for a balance kind, the window total for a volume.
func (c Component) Measure() *big.Rat {
	if c.Kind.IsBalance() {
		return big.NewRat(c.Amount, int64(max(c.Days, 1)))
	}
	return new(big.Rat).SetInt64(c.Amount)
}

// MeasureFen returns Measure rounded down to the fen, for display.
func (c Component) MeasureFen() int64 {
	if c.Kind.IsBalance() {
		q, _ := i128of(c.Amount).divFloor(uint64(max(c.Days, 1)))
		v, _ := q.int64()
		return v
	}
	return c.Amount
}

// Breakdown is a client's star points with every component: why it has its stars.
type Breakdown struct {
	Days       int
	Components [NumKinds]Component
	// Total is the star points: the sum of the counted components.
	Total StarPoints
	// all is the sum of every component, counted or not.
	all StarPoints
}

// Contribution returns the client's contribution for the 80/20 and value × loyalty analyses: the star
// points plus, when fee income earns no star points, what it would earn at FeeIncomeWeightHundredths
// (DOMAIN.md §3: fee income is the client's profit contribution, used by those analyses).
func (b *Breakdown) Contribution() StarPoints { return b.all }

// Points computes a client's star points over a window from its inputs. It refuses a number of days
// outside 1..MaxWindowDays and negative amounts.
func (r *Rules) Points(in Inputs) (Breakdown, error) {
	var b Breakdown
	if in.Days < 1 || in.Days > MaxWindowDays {
		return b, fmt.Errorf("rating: window of %d days (want 1 to %d)", in.Days, MaxWindowDays)
	}
	b.Days = in.Days
	d := int64(in.Days)
	var total, all i128
	for k := range NumKinds {
		a := in.Amount(k)
		if a < 0 {
			return Breakdown{}, fmt.Errorf("rating: negative %s amount %d", k, a)
		}
		n := mul64(r.weight[k], a)
		if !k.IsBalance() {
			n = n.mul(d)
		}
		counted := k != FeeIncome || r.feeCounts
		b.Components[k] = Component{Kind: k, Amount: a, Days: in.Days, Weight: r.rates[k],
			Points: StarPoints{n, in.Days}, Counted: counted}
		all = all.add(n)
		if counted {
			total = total.add(n)
		}
	}
	b.Total = StarPoints{total, in.Days}
	b.all = StarPoints{all, in.Days}
	return b, nil
}
