package rating

import (
	"math/big"
	"testing"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/policy"
)

// newRules builds Rules from the default policy changed by mods.
func newRules(t testing.TB, mods ...func(*policy.Policy)) *Rules {
	t.Helper()
	p := policy.Default()
	for _, m := range mods {
		m(p)
	}
	r, err := New(p)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return r
}

// yuan is n yuan in fen.
func yuan(n int64) int64 { return n * 100 }

// held returns the fen·days of a balance of fen held every day of a window of days.
func held(fen int64, days int) int64 { return fen * int64(days) }

// date parses YYYY-MM-DD.
func date(t testing.TB, s string) domain.Date {
	t.Helper()
	d, err := domain.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// points computes the breakdown of in, failing the test on error.
func points(t testing.TB, r *Rules, in Inputs) Breakdown {
	t.Helper()
	b, err := r.Points(in)
	if err != nil {
		t.Fatalf("Points(%+v): %v", in, err)
	}
	return b
}

// refPoints is the reference formula of DOMAIN.md §3 in math/big, straight from the policy's rates:
// Σ weight × (balance sum / days) / 10 000 fen + Σ weight × volume / 10 000 fen, fee income included
// when withFee.
func refPoints(p *policy.Policy, in Inputs, withFee bool) *big.Rat {
	w := p.Rating.Weights
	days := big.NewRat(int64(in.Days), 1)
	terms := []struct {
		w       policy.Rate
		amt     int64
		balance bool
	}{
		{w.Short, in.Short, true}, {w.Long, in.Long, true}, {w.Mortgage, in.Mortgage, true}, {w.Loan, in.Loan, true},
		{w.Purchase, in.Purchases, false}, {w.CardSpend, in.CardSpend, false},
	}
	if withFee {
		terms = append(terms, struct {
			w       policy.Rate
			amt     int64
			balance bool
		}{policy.RateOf(FeeIncomeWeightHundredths, 100), in.FeeIncome, false})
	}
	sum := new(big.Rat)
	for _, c := range terms {
		m := new(big.Rat).SetInt64(c.amt)
		if c.balance {
			m.Quo(m, days)
		}
		m.Mul(m, c.w.Rat())
		m.Quo(m, big.NewRat(10000, 1))
		sum.Add(sum, m)
	}
	return sum
}
