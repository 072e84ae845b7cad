package rating

import (
	"fmt"

	"github.com/steward-bank/steward/policy"
)

// scale is the factor that turns a weight or a star-point threshold of policy (a decimal with at most 6
// decimals, policy.Rate) into an integer: 1.35 → 1 350 000.
const scale = 1_000_000

// MaxWeight is the largest points weight (star points per 100 yuan) New accepts. It bounds the exact
// integer arithmetic of points.go; real weights are a few points per 100 yuan.
const MaxWeight = 1_000_000

// Rules are the rating rules of one policy, checked and prepared for exact integer arithmetic. Build them
// once with New and share them: they are read-only and safe for concurrent use.
type Rules struct {
	p *policy.Policy

	// weight[k] is the weight of kind k × scale.
	weight [NumKinds]int64
	// rates[k] is the weight of kind k as policy wrote it, for explanations.
	rates [NumKinds]policy.Rate
	// feeCounts: fee income earns star points (policy.Rating.FeeIncomeEarnsPoints).
	feeCounts bool

	// threshold[i] is the star-point threshold of starLevels[i] × scale; threshold[0] is the pre-star
	// bound that points must exceed, the others are inclusive.
	threshold     [len(starLevels)]int64
	thresholdRate [len(starLevels)]policy.Points

	floors policy.UpgradeFloors
	grace  int
	near   int

	tiers    policy.Tiers
	segments policy.Segments
	window   int
}

// New checks p for what the rating rules need and prepares them. It refuses weights or thresholds that
// are not decimals with at most 6 decimals, negative weights or weights above MaxWeight, star
// thresholds that do not increase, an upgrade floor of 2 (there is no two-star level), and a window,
// grace period or percentage out of range. A policy that passed policy.Validate passes New unless it
// sets a floor of 2 or a weight above MaxWeight.
func New(p *policy.Policy) (*Rules, error) {
	r := &Rules{p: p}
	rt := &p.Rating
	w := &rt.Weights
	r.rates = [NumKinds]policy.Rate{
		Short:     w.Short,
		Long:      w.Long,
		Mortgage:  w.Mortgage,
		Loan:      w.Loan,
		Purchase:  w.Purchase,
		CardSpend: w.CardSpend,
		FeeIncome: policy.RateOf(FeeIncomeWeightHundredths, 100),
	}
	for k := range NumKinds {
		v, err := scaled(r.rates[k])
		if err != nil {
			return nil, fmt.Errorf("rating: weight of %s: %w", k, err)
		}
		if v < 0 || v > MaxWeight*scale {
			return nil, fmt.Errorf("rating: weight of %s is %s: must be from 0 to %d", k, r.rates[k], MaxWeight)
		}
		r.weight[k] = v
	}
	r.feeCounts = rt.FeeIncomeEarnsPoints

	s := &rt.Stars
	r.thresholdRate = [len(starLevels)]policy.Points{s.PreStar, s.Three, s.Four, s.Five, s.Six, s.Seven}
	for i, t := range r.thresholdRate {
		v, err := scaled(t)
		if err != nil {
			return nil, fmt.Errorf("rating: threshold of %s: %w", StarsName(starLevels[i], "en"), err)
		}
		if v < 0 {
			return nil, fmt.Errorf("rating: threshold of %s must not be negative", StarsName(starLevels[i], "en"))
		}
		if i > 0 && v <= r.threshold[i-1] {
			return nil, fmt.Errorf("rating: threshold of %s (%s) must be above that of %s (%s)",
				StarsName(starLevels[i], "en"), t, StarsName(starLevels[i-1], "en"), r.thresholdRate[i-1])
		}
		r.threshold[i] = v
	}

	f := rt.UpgradeFloors
	for _, fl := range []struct {
		name string
		v    int
	}{{"private_banking", f.PrivateBanking}, {"wealth_premier", f.WealthPremier}, {"platinum", f.Platinum},
		{"wealth", f.Wealth}, {"gold", f.Gold}, {"ordinary", f.Ordinary}} {
		if !ValidStars(fl.v) {
			return nil, fmt.Errorf("rating: upgrade floor %s is %d: must be a star level (0, 1, 3–7)", fl.name, fl.v)
		}
	}
	r.floors = f

	if rt.GraceMonths < 0 || rt.GraceMonths > 12 {
		return nil, fmt.Errorf("rating: grace_months is %d: must be from 0 to 12", rt.GraceMonths)
	}
	r.grace = rt.GraceMonths
	if rt.NearUpgradePct < 0 || rt.NearUpgradePct > 100 {
		return nil, fmt.Errorf("rating: near_upgrade_pct is %d: must be from 0 to 100", rt.NearUpgradePct)
	}
	r.near = rt.NearUpgradePct
	if rt.WindowMonths < 1 || rt.WindowMonths > MaxWindowMonths {
		return nil, fmt.Errorf("rating: window_months is %d: must be from 1 to %d", rt.WindowMonths, MaxWindowMonths)
	}
	r.window = rt.WindowMonths

	r.tiers = p.Tiers
	r.segments = p.Segments
	sg := &p.Segments
	if sum := sg.LoyaltyWeights.Sum(); sum != 100 {
		return nil, fmt.Errorf("rating: loyalty weights sum to %d, not 100", sum)
	}
	for _, pc := range []struct {
		name   string
		v, min int
	}{{"high_share_top_pct", sg.HighShareTopPct, 1}, {"vital_few_pct", sg.VitalFewPct, 1},
		{"churn_drop_pct", sg.ChurnDropPct, 1}, {"high_loyalty_min", sg.HighLoyaltyMin, 0}} {
		if pc.v < pc.min || pc.v > 100 {
			return nil, fmt.Errorf("rating: segments.%s is %d: must be from %d to 100", pc.name, pc.v, pc.min)
		}
	}
	return r, nil
}

// Policy returns the policy the rules were built from.
func (r *Rules) Policy() *policy.Policy { return r.p }

// scaled returns x × scale as an integer, or an error when x is not a decimal with at most 6 decimals or
// the result does not fit.
func scaled(x policy.Rate) (int64, error) {
	den := x.Den
	if den == 0 {
		den = 1 // the zero Rate is 0
	}
	if den < 0 || scale%den != 0 {
		return 0, fmt.Errorf("%s is not a decimal with at most 6 decimals", x)
	}
	f := scale / den
	v := x.Num * f
	if f != 0 && v/f != x.Num {
		return 0, fmt.Errorf("%s is out of range", x)
	}
	return v, nil
}
