package rating

import (
	"fmt"

	"github.com/steward-bank/steward/policy"
)

// Contribution stars (贡献星级) and service stars (服务星级), DOMAIN.md §3.
//
// Contribution stars come from star points (policy.Rating.Stars; defaults in brackets):
//
//	7 七星        points ≥ Seven (80 000)
//	6 六星        Six (10 000) ≤ points < Seven
//	5 五星        Five (2 000) ≤ points < Six
//	4 四星        Four (500) ≤ points < Five
//	3 三星        Three (50) ≤ points < Four
//	1 准星        PreStar (0) < points < Three      (pre-star)
//	0 unrated     points ≤ PreStar
//
// There is no two-star level. Service stars are the higher of the contribution stars and the upgrade
// floor: the highest floor (policy.Rating.UpgradeFloors) of the upgrade products the client holds.

// Star levels. A star count is an int: 0 (unrated), 1 (pre-star) or 3 to 7.
const (
	Unrated = 0
	PreStar = 1
	MaxStar = 7
)

// starLevels are the levels with a threshold, lowest first; Rules.threshold follows the same order.
var starLevels = [...]int{PreStar, 3, 4, 5, 6, 7}

// ValidStars reports whether s is a star level: 0, 1 or 3 to 7.
func ValidStars(s int) bool { return s == Unrated || s == PreStar || (s >= 3 && s <= MaxStar) }

// NextStars returns the star level above s (0 → 1, 1 → 3, 3 → 4 … 6 → 7) and false at 7 or for an
// invalid level.
func NextStars(s int) (int, bool) {
	switch {
	case s == Unrated:
		return PreStar, true
	case s == PreStar:
		return 3, true
	case s >= 3 && s < MaxStar:
		return s + 1, true
	}
	return 0, false
}

// ContributionStars returns the contribution stars of star points p.
func (r *Rules) ContributionStars(p StarPoints) int {
	for i := len(starLevels) - 1; i >= 1; i-- {
		if p.n.cmp(r.thresholdNum(i, p.d())) >= 0 {
			return starLevels[i]
		}
	}
	if p.n.cmp(r.thresholdNum(0, p.d())) > 0 {
		return PreStar
	}
	return Unrated
}

// thresholdNum returns the numerator of threshold i over the denominator of points of a window of
// days: t × days × 10^4 with t = threshold × 10^6.
func (r *Rules) thresholdNum(i int, days int64) i128 {
	return mul64(r.threshold[i], days*(pointsDen/scale))
}

// Threshold returns the star points that star level s (1, 3–7) starts at, and whether points must
// exceed it (pre-star) rather than reach it (the others). ok is false for 0 and invalid levels.
func (r *Rules) Threshold(s int) (t policy.Points, exclusive, ok bool) {
	i := levelIndex(s)
	if i < 0 {
		return policy.Points{}, false, false
	}
	return r.thresholdRate[i], i == 0, true
}

func levelIndex(s int) int {
	for i, l := range starLevels {
		if l == s {
			return i
		}
	}
	return -1
}

// Holdings is a set of upgrade products (升级产品) a client holds.
type Holdings uint8

// The upgrade products of DOMAIN.md §3.
const (
	PrivateBankingAgreement Holdings = 1 << iota // 私人银行服务协议; default floor 7
	WealthPremierCard                            // 财富理财金账户卡; default floor 6
	PlatinumCreditCard                           // default floor 6
	WealthAccount                                // 理财金账户; default floor 5
	GoldCreditCard                               // default floor 5
	OrdinaryCreditCard                           // default floor 4
)

// HoldingOf returns the upgrade product a product of the catalogue is, from its FEEDS.md PROD fields:
// card_level (ordinary, gold, platinum) of a credit card, or agreement_kind (private_banking,
// wealth_premier, wealth) of an agreement. Other products are none (0).
func HoldingOf(category, cardLevel, agreementKind string) Holdings {
	switch category {
	case "credit_card":
		switch cardLevel {
		case "ordinary":
			return OrdinaryCreditCard
		case "gold":
			return GoldCreditCard
		case "platinum":
			return PlatinumCreditCard
		}
	case "agreement":
		switch agreementKind {
		case "private_banking":
			return PrivateBankingAgreement
		case "wealth_premier":
			return WealthPremierCard
		case "wealth":
			return WealthAccount
		}
	}
	return 0
}

// Floor returns the upgrade floor of the products held: the highest of their floors, 0 for none.
func (r *Rules) Floor(h Holdings) int {
	f := &r.floors
	best := 0
	for _, x := range []struct {
		h     Holdings
		floor int
	}{
		{PrivateBankingAgreement, f.PrivateBanking},
		{WealthPremierCard, f.WealthPremier},
		{PlatinumCreditCard, f.Platinum},
		{WealthAccount, f.Wealth},
		{GoldCreditCard, f.Gold},
		{OrdinaryCreditCard, f.Ordinary},
	} {
		if h&x.h != 0 {
			best = max(best, x.floor)
		}
	}
	return best
}

// ServiceStars returns the service stars: the higher of the contribution stars and the upgrade floor.
func ServiceStars(contribution, floor int) int { return max(contribution, floor) }

// Evaluation is what a client's figures say: its star points, its contribution stars, its upgrade floor
// and the service stars they give. Whether the client's stars move to it is movement.go's rule.
type Evaluation struct {
	Breakdown    Breakdown
	Contribution int
	Floor        int
	// Instant is the floor of an approved instant upgrade application in force (0: none); WithInstant
	// sets it.
	Instant int
	Service int
}

// WithInstant adds the floor of an approved instant upgrade application (即时升级, 0 for none) to the
// evaluation: service stars are the highest of the contribution stars, the product floor and it.
func (e *Evaluation) WithInstant(floor int) {
	if !ValidStars(floor) {
		floor = 0
	}
	e.Instant = floor
	e.Service = max(e.Service, floor)
}

// InstantHolds reports whether the instant upgrade floor alone gives the service stars: it is above both
// the contribution stars and the product floor.
func (e *Evaluation) InstantHolds() bool {
	return e.Instant > 0 && e.Instant > e.Contribution && e.Instant > e.Floor
}

// Evaluate computes a client's star points, contribution stars, upgrade floor and service stars.
func (r *Rules) Evaluate(in Inputs, h Holdings) (Evaluation, error) {
	b, err := r.Points(in)
	if err != nil {
		return Evaluation{}, err
	}
	c := r.ContributionStars(b.Total)
	f := r.Floor(h)
	return Evaluation{Breakdown: b, Contribution: c, Floor: f, Service: ServiceStars(c, f)}, nil
}

// StarsName returns a star level's name in lang ("zh" or "en"): "七星" / "7 stars", "准星" / "pre-star",
// "未评级" / "unrated".
func StarsName(s int, lang string) string {
	zh := lang == "zh" || lang == "zh-CN"
	switch {
	case s == Unrated && zh:
		return "未评级"
	case s == Unrated:
		return "unrated"
	case s == PreStar && zh:
		return "准星"
	case s == PreStar:
		return "pre-star"
	case s >= 3 && s <= MaxStar && zh:
		return [...]string{"三星", "四星", "五星", "六星", "七星"}[s-3]
	}
	return fmt.Sprintf("%d stars", s)
}
