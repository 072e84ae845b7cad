package side

import (
	"fmt"
	"time"

	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/rating"
)

// Scale turns a policy decimal (at most 6 decimals) into an integer: 1.35 → 1 350 000.
const Scale = 1_000_000

// Params are the rule's numbers for one rating month, as integers for exact SQL arithmetic:
//
//	N = Σ W(class) × S(class) + Days × (W(purchase) × V(purchase) + W(card_spend) × V(card_spend))
//	star points = N / (Days × 10^10)      hundredths shown = ⌊N / (Days × 10^8)⌋
//	stars: N ≥ T × Days × 10^4 for the inclusive thresholds, N > T(pre-star) × Days × 10^4 for pre-star
//
// where W and T are the policy's weights and thresholds × Scale, S a class's sum of end-of-day CNY
// balances (fen·days) and V a window volume in CNY fen.
type Params struct {
	Month    string // YYYY-MM, the rating month
	From, To Day    // the window, both ends included
	Days     int64

	Short, Long, Mortgage, Loan, Purchase, CardSpend int64 // weights × Scale
	// Thresholds × Scale: pre-star (exclusive), 3, 4, 5, 6, 7 stars (inclusive).
	PreStar, Three, Four, Five, Six, Seven int64
}

// Stars lists the thresholds with their star levels, highest first (pre-star last).
func (p *Params) Stars() []struct {
	Stars int
	T     int64
} {
	return []struct {
		Stars int
		T     int64
	}{{7, p.Seven}, {6, p.Six}, {5, p.Five}, {4, p.Four}, {3, p.Three}, {1, p.PreStar}}
}

func scaled(r policy.Rate) (int64, error) {
	den := r.Den
	if den == 0 {
		den = 1
	}
	if den < 0 || Scale%den != 0 {
		return 0, fmt.Errorf("%d/%d is not a decimal with at most 6 decimals", r.Num, r.Den)
	}
	return r.Num * (Scale / den), nil
}

// ParamsFor returns the parameters of rating month "YYYY-MM" under policy p: the window of
// rating.RatingWindow (the policy's complete calendar months before the month) and the policy's
// weights and thresholds. Fee income earns no points unless the policy says so, and then this
// benchmark refuses the policy: its SQL implements the default rule.
func ParamsFor(month string, p *policy.Policy) (Params, error) {
	t, err := time.Parse("2006-01", month)
	if err != nil {
		return Params{}, fmt.Errorf("rating month %q: want YYYY-MM", month)
	}
	if p.Rating.FeeIncomeEarnsPoints {
		return Params{}, fmt.Errorf("the policy lets fee income earn points; the benchmark implements the default rule")
	}
	w := rating.RatingWindow(t.Year(), t.Month(), p.Rating.WindowMonths)
	out := Params{Month: month, From: DayOf(w.From), To: DayOf(w.To)}
	out.Days = int64(out.To-out.From) + 1
	rw, st := &p.Rating.Weights, &p.Rating.Stars
	for _, x := range []struct {
		dst *int64
		r   policy.Rate
	}{{&out.Short, rw.Short}, {&out.Long, rw.Long}, {&out.Mortgage, rw.Mortgage}, {&out.Loan, rw.Loan},
		{&out.Purchase, rw.Purchase}, {&out.CardSpend, rw.CardSpend},
		{&out.PreStar, st.PreStar}, {&out.Three, st.Three}, {&out.Four, st.Four}, {&out.Five, st.Five},
		{&out.Six, st.Six}, {&out.Seven, st.Seven}} {
		if *x.dst, err = scaled(x.r); err != nil {
			return Params{}, err
		}
	}
	return out, nil
}

// NextMonth returns the rating month after the month of day d: the first whose window ends on or
// after d's month.
func NextMonth(d Day) string {
	t := d.Date().Time()
	return time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, time.UTC).Format("2006-01")
}

// Result is one client's figures from one engine.
type Result struct {
	// Inputs are the window sums: end-of-day CNY balances in fen·days per points class, volumes in fen.
	// Steward's side does not report them (Known false).
	Short, Long, Mortgage, Loan, Purchases, CardSpend int64
	Known                                             bool
	// Hundredths are the star points × 100, rounded down.
	Hundredths int64
	Stars      int
}

// Results are one engine's figures, by client_id.
type Results map[string]Result
