package rating

import (
	"math/rand/v2"
	"testing"

	"github.com/steward-bank/steward/policy"
)

func TestNextGap(t *testing.T) {
	r := newRules(t)
	// 75 700 yuan average in time deposits: 757 points, four stars; five stars need 1 243 more points:
	// +¥124 300 of average long-term assets, or +¥62 150 of average loans, purchases or card spending.
	b := points(t, r, Inputs{Days: 181, Long: held(yuan(75_700), 181)})
	g, ok := r.NextGap(&b, 4)
	if !ok || g.Target != 5 || g.Reached || g.Exclusive || g.Threshold.String() != "2000.00" || g.Needed.StringUp() != "1243.00" {
		t.Fatalf("gap %+v ok %v", g, ok)
	}
	want := map[Kind]int64{
		Short:     9_207_408, // ⌈12 430 000 / 1.35⌉ fen
		Long:      yuan(124_300),
		Mortgage:  yuan(124_300),
		Loan:      yuan(62_150),
		Purchase:  yuan(62_150),
		CardSpend: yuan(62_150),
	}
	for k := range NumKinds {
		w := g.Ways[k]
		if fen, has := want[k]; w.Kind != k || w.OK != has || w.Fen != fen {
			t.Errorf("%s: %+v, want %d fen (ok %v)", k, w, fen, has)
		}
	}
	// Paid in today and kept for the 31 days to month end of a 181-day window.
	if sum, ok := LumpSum(g.Ways[Long].Fen, 181, 31); !ok || sum != 72_575_162 {
		t.Errorf("LumpSum = %d %v, want 72 575 162 fen", sum, ok)
	}
}

// Adding exactly the way's amount reaches the target; one fen less does not.
func TestGapWaysCloseTheGapExactly(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	r := newRules(t, func(p *policy.Policy) {
		p.Rating.FeeIncomeEarnsPoints = true
		p.Rating.Weights.Mortgage = policy.RateOf(333, 1000)
		p.Rating.Stars.PreStar = policy.RateOf(7, 10)
	})
	for range 3000 {
		days := 1 + rng.IntN(400)
		in := Inputs{Days: days, Short: rng.Int64N(yuan(100_000)) * int64(days), Long: rng.Int64N(yuan(1_000_000)) * int64(rng.IntN(days+1)),
			Purchases: rng.Int64N(yuan(10_000))}
		b := points(t, r, in)
		target := []int{1, 3, 4, 5, 6, 7}[rng.IntN(6)]
		g, err := r.GapTo(&b, target)
		if err != nil {
			t.Fatal(err)
		}
		if g.Reached != (r.ContributionStars(b.Total) >= target) {
			t.Fatalf("%+v target %d: reached %v with %d stars", in, target, g.Reached, r.ContributionStars(b.Total))
		}
		if g.Reached {
			continue
		}
		for k := range NumKinds {
			w := g.Ways[k]
			if !w.OK {
				t.Fatalf("%s cannot close a gap", k)
			}
			add := func(fen int64) int {
				x := in
				if k.IsBalance() {
					fen *= int64(days) // an average of fen more on every day
				}
				switch k {
				case Short:
					x.Short += fen
				case Long:
					x.Long += fen
				case Mortgage:
					x.Mortgage += fen
				case Loan:
					x.Loan += fen
				case Purchase:
					x.Purchases += fen
				case CardSpend:
					x.CardSpend += fen
				case FeeIncome:
					x.FeeIncome += fen
				}
				return r.ContributionStars(points(t, r, x).Total)
			}
			if got := add(w.Fen); got < target {
				t.Fatalf("%+v: +%d fen of %s gives %d stars, want %d", in, w.Fen, k, got, target)
			}
			if got := add(w.Fen - 1); got >= target {
				t.Fatalf("%+v: +%d fen of %s (one less than the way) already gives %d stars", in, w.Fen-1, k, got)
			}
		}
	}
}

func TestGapEdges(t *testing.T) {
	r := newRules(t)
	zero := points(t, r, Inputs{Days: 181})
	g, ok := r.NextGap(&zero, 0)
	if !ok || g.Target != 1 || !g.Exclusive || g.Reached || g.Needed.Sign() != 0 {
		t.Errorf("unrated → pre-star: %+v", g)
	}
	for k := range FeeIncome {
		if w := g.Ways[k]; !w.OK || w.Fen != 1 {
			t.Errorf("unrated → pre-star by %s: %+v, want 1 fen", k, w)
		}
	}
	if w := g.Ways[FeeIncome]; w.OK {
		t.Errorf("fee income closes a gap although it earns no points: %+v", w)
	}
	if g, _ := r.GapTo(&zero, 7); g.Needed.StringUp() != "80000.00" || g.Ways[Long].Fen != yuan(8_000_000) {
		t.Errorf("0 → 7: %+v", g)
	}

	five := points(t, r, Inputs{Days: 181, Long: held(yuan(200_000), 181)})
	for _, target := range []int{1, 3, 4, 5} {
		if g, err := r.GapTo(&five, target); err != nil || !g.Reached || g.Needed.Sign() != 0 {
			t.Errorf("2 000 points → %d: %+v %v", target, g, err)
		}
	}
	for _, target := range []int{0, 2, 8, -1} {
		if _, err := r.GapTo(&five, target); err == nil {
			t.Errorf("GapTo(%d) accepted", target)
		}
	}
	if _, ok := r.NextGap(&five, 7); ok {
		t.Error("NextGap from 7 stars")
	}
	// Held at six stars by a platinum card with five stars of points: the next star is seven.
	if g, ok := r.NextGap(&five, 6); !ok || g.Target != 7 || g.Needed.StringUp() != "78000.00" {
		t.Errorf("held 6 → 7: %+v", g)
	}

	// A weight of 0 cannot close a gap.
	r0 := newRules(t, func(p *policy.Policy) { p.Rating.Weights.CardSpend = policy.Rate{} })
	if g, _ := r0.GapTo(&zero, 3); g.Ways[CardSpend].OK || !g.Ways[Long].OK {
		t.Errorf("zero weight: %+v", g.Ways)
	}

	// A positive pre-star bound must be exceeded: 9.99 points → 10 is not enough, 10.0001 is.
	rp := newRules(t, func(p *policy.Policy) { p.Rating.Stars.PreStar = policy.RateOf(10, 1) })
	b := points(t, rp, Inputs{Days: 1, Long: yuan(999)})
	if g, _ := rp.GapTo(&b, 1); !g.Exclusive || g.Ways[Long].Fen != 101 {
		t.Errorf("exclusive gap: %+v", g)
	}
	exact := points(t, rp, Inputs{Days: 1, Long: yuan(1000)})
	if g, _ := rp.GapTo(&exact, 1); g.Reached || g.Ways[Long].Fen != 1 {
		t.Errorf("at the pre-star bound: %+v", g)
	}
}

func TestLumpSum(t *testing.T) {
	tests := []struct {
		avg        int64
		days, kept int
		sum        int64
		ok         bool
	}{
		{yuan(1000), 181, 181, yuan(1000), true},
		{yuan(1000), 180, 90, yuan(2000), true},
		{1, 181, 31, 6, true}, // ⌈181 / 31⌉
		{0, 181, 1, 0, true},
		{yuan(1000), 181, 0, 0, false},
		{yuan(1000), 181, 182, 0, false},
		{-1, 181, 10, 0, false},
		{1 << 62, 181, 1, 0, false},
	}
	for _, tt := range tests {
		sum, ok := LumpSum(tt.avg, tt.days, tt.kept)
		if sum != tt.sum || ok != tt.ok {
			t.Errorf("LumpSum(%d, %d, %d) = %d %v, want %d %v", tt.avg, tt.days, tt.kept, sum, ok, tt.sum, tt.ok)
		}
	}
}

func TestNearUpgrade(t *testing.T) {
	r := newRules(t) // 10 %
	tests := []struct {
		name string
		in   Inputs
		held int
		near bool
	}{
		{"1 800 points, four stars held: 10 % below five", Inputs{Days: 181, Long: held(yuan(180_000), 181)}, 4, true},
		{"1 799.99 points", Inputs{Days: 181, Long: held(yuan(180_000), 181) - 1}, 4, false},
		{"1 999.99 points", Inputs{Days: 181, Long: held(yuan(199_999), 181)}, 4, true},
		{"2 000 points, four stars held (an upgrade, not near)", Inputs{Days: 181, Long: held(yuan(200_000), 181)}, 4, false},
		{"45 points, pre-star held: near three stars", Inputs{Days: 181, Long: held(yuan(4_500), 181)}, 1, true},
		{"44.99 points, pre-star held", Inputs{Days: 181, Long: held(yuan(4_499), 181)}, 1, false},
		{"72 000 points, six stars held", Inputs{Days: 181, Long: held(yuan(7_200_000), 181)}, 6, true},
		{"seven stars held", Inputs{Days: 181, Long: held(yuan(7_900_000), 181)}, 7, false},
		{"unrated: the next level is pre-star", Inputs{Days: 181}, 0, false},
		{"1 800 points but six stars held by a card", Inputs{Days: 181, Long: held(yuan(180_000), 181)}, 6, false},
	}
	for _, tt := range tests {
		b := points(t, r, tt.in)
		if got := r.NearUpgrade(b.Total, tt.held); got != tt.near {
			t.Errorf("%s: near %v, want %v", tt.name, got, tt.near)
		}
	}
	b := points(t, r, Inputs{Days: 181, Long: held(yuan(199_999), 181)})
	if newRules(t, func(p *policy.Policy) { p.Rating.NearUpgradePct = 0 }).NearUpgrade(b.Total, 4) {
		t.Error("near-upgrade with 0 %")
	}
	zero := points(t, r, Inputs{Days: 181, Short: 1})
	if !newRules(t, func(p *policy.Policy) { p.Rating.NearUpgradePct = 100 }).NearUpgrade(zero.Total, 1) {
		t.Error("not near-upgrade with 100 %")
	}
}
