package rating

import (
	"math"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/steward-bank/steward/policy"
)

// DOMAIN.md §3's worked examples: default weights, constant balances over the window. They hold for
// any window length.
func TestWorkedExamples(t *testing.T) {
	r := newRules(t)
	tests := []struct {
		name   string
		in     func(days int) Inputs
		points string
		stars  int
	}{
		{"200 000 yuan in time deposits", func(d int) Inputs { return Inputs{Days: d, Long: held(yuan(200_000), d)} }, "2000.00", 5},
		{"199 999 yuan in time deposits", func(d int) Inputs { return Inputs{Days: d, Long: held(yuan(199_999), d)} }, "1999.99", 4},
		{"100 000 yuan in demand deposits", func(d int) Inputs { return Inputs{Days: d, Short: held(yuan(100_000), d)} }, "1350.00", 4},
		{"4 999 yuan in time deposits", func(d int) Inputs { return Inputs{Days: d, Long: held(yuan(4_999), d)} }, "49.99", 1},
		{"500 000 mortgage plus 300 000 wealth products", func(d int) Inputs {
			return Inputs{Days: d, Mortgage: held(yuan(500_000), d), Long: held(yuan(300_000), d)}
		}, "8000.00", 5},
		// "With long assets alone: 8 million yuan average for seven stars, 1 million for six, 200 000 for
		// five, 50 000 for four, 5 000 for three."
		{"8 million long", func(d int) Inputs { return Inputs{Days: d, Long: held(yuan(8_000_000), d)} }, "80000.00", 7},
		{"1 million long", func(d int) Inputs { return Inputs{Days: d, Long: held(yuan(1_000_000), d)} }, "10000.00", 6},
		{"50 000 long", func(d int) Inputs { return Inputs{Days: d, Long: held(yuan(50_000), d)} }, "500.00", 4},
		{"5 000 long", func(d int) Inputs { return Inputs{Days: d, Long: held(yuan(5_000), d)} }, "50.00", 3},
	}
	for _, days := range []int{181, 182, 184, 1} {
		for _, tt := range tests {
			b := points(t, r, tt.in(days))
			if got := b.Total.String(); got != tt.points {
				t.Errorf("%s over %d days: points %s, want %s", tt.name, days, got, tt.points)
			}
			if got := r.ContributionStars(b.Total); got != tt.stars {
				t.Errorf("%s over %d days: %d stars, want %d", tt.name, days, got, tt.stars)
			}
		}
	}
}

// Every threshold boundary of the contribution-star table, and the two ends of pre-star.
func TestStarThresholdBoundaries(t *testing.T) {
	r := newRules(t)
	const days = 181
	tests := []struct {
		name   string
		in     Inputs
		points string
		stars  int
	}{
		{"nothing at all", Inputs{Days: days}, "0.00", Unrated},
		{"1 fen for 1 day of demand deposits", Inputs{Days: days, Short: 1}, "0.00", PreStar},
		{"1 fen of card spending", Inputs{Days: days, CardSpend: 1}, "0.00", PreStar},
		{"49.99", Inputs{Days: days, Long: held(yuan(4_999), days)}, "49.99", PreStar},
		{"just under 50 by 1 fen·day", Inputs{Days: days, Long: held(yuan(5_000), days) - 1}, "49.99", PreStar},
		{"50", Inputs{Days: days, Long: held(yuan(5_000), days)}, "50.00", 3},
		{"499.99", Inputs{Days: days, Long: held(yuan(49_999), days)}, "499.99", 3},
		{"500", Inputs{Days: days, Long: held(yuan(50_000), days)}, "500.00", 4},
		{"1 999.99", Inputs{Days: days, Long: held(yuan(199_999), days)}, "1999.99", 4},
		{"just under 2 000 by 1 fen·day", Inputs{Days: days, Long: held(yuan(200_000), days) - 1}, "1999.99", 4},
		{"2 000", Inputs{Days: days, Long: held(yuan(200_000), days)}, "2000.00", 5},
		{"9 999.99", Inputs{Days: days, Long: held(yuan(999_999), days)}, "9999.99", 5},
		{"10 000", Inputs{Days: days, Long: held(yuan(1_000_000), days)}, "10000.00", 6},
		{"79 999.99", Inputs{Days: days, Long: held(yuan(7_999_999), days)}, "79999.99", 6},
		{"just under 80 000 by 1 fen·day", Inputs{Days: days, Long: held(yuan(8_000_000), days) - 1}, "79999.99", 6},
		{"80 000", Inputs{Days: days, Long: held(yuan(8_000_000), days)}, "80000.00", 7},
		{"80 000 from card spending", Inputs{Days: days, CardSpend: yuan(4_000_000)}, "80000.00", 7},
		{"a billion yuan", Inputs{Days: days, Long: held(yuan(1_000_000_000), days)}, "10000000.00", 7},
	}
	for _, tt := range tests {
		b := points(t, r, tt.in)
		if got := b.Total.String(); got != tt.points {
			t.Errorf("%s: points %s, want %s", tt.name, got, tt.points)
		}
		if got := r.ContributionStars(b.Total); got != tt.stars {
			t.Errorf("%s: %d stars, want %d", tt.name, got, tt.stars)
		}
		// The policy's own big.Rat comparison agrees.
		if got := r.Policy().ContributionStars(b.Total.Rat()); got != tt.stars {
			t.Errorf("%s: policy says %d stars, want %d", tt.name, got, tt.stars)
		}
	}
}

func TestComponents(t *testing.T) {
	r := newRules(t)
	in := Inputs{Days: 181, Short: held(yuan(10_000), 181), Long: held(yuan(20_000), 90), Mortgage: held(yuan(300_000), 181),
		Loan: held(yuan(50_000), 181), Purchases: yuan(30_000), CardSpend: yuan(12_345), FeeIncome: yuan(800)}
	b := points(t, r, in)
	want := []struct {
		kind    Kind
		weight  string
		measure string // exact fen
		points  string
		counted bool
	}{
		{Short, "1.35", "1000000", "135.00", true},
		{Long, "1.00", "180000000/181", "99.44", true}, // 20 000 yuan for 90 of 181 days: ¥9 944.75 average
		{Mortgage, "1.00", "30000000", "3000.00", true},
		{Loan, "2.00", "5000000", "1000.00", true},
		{Purchase, "2.00", "3000000", "600.00", true},
		{CardSpend, "2.00", "1234500", "246.90", true},
		{FeeIncome, "2.00", "80000", "16.00", false},
	}
	for _, w := range want {
		c := b.Components[w.kind]
		if c.Kind != w.kind || c.Weight.String() != w.weight || c.Measure().RatString() != w.measure ||
			c.Points.String() != w.points || c.Counted != w.counted || c.Days != 181 {
			t.Errorf("%s: got kind %s weight %s measure %s points %s counted %v days %d; want %s %s %s %v",
				w.kind, c.Kind, c.Weight, c.Measure().RatString(), c.Points, c.Counted, c.Days, w.weight, w.measure, w.points, w.counted)
		}
	}
	if got := b.Components[Long].MeasureFen(); got != 994475 {
		t.Errorf("long MeasureFen = %d, want 994475 (¥9 944.75)", got)
	}
	if got := b.Total.String(); got != "5081.34" { // 135 + 99.447… + 3000 + 1000 + 600 + 246.9
		t.Errorf("total %s, want 5081.34", got)
	}
	if got := b.Contribution().String(); got != "5097.34" {
		t.Errorf("contribution %s, want 5097.34 (with 16.00 of fee income)", got)
	}
	if b.Total.Rat().Cmp(refPoints(r.Policy(), in, false)) != 0 {
		t.Errorf("total %s differs from the reference %s", b.Total.Rat(), refPoints(r.Policy(), in, false))
	}
}

func TestFeeIncomeEarnsPoints(t *testing.T) {
	in := Inputs{Days: 30, FeeIncome: yuan(2_500)}
	off := points(t, newRules(t), in)
	if off.Total.Sign() != 0 || off.Contribution().String() != "50.00" {
		t.Errorf("fee income off: total %s contribution %s; want 0.00 and 50.00", off.Total, off.Contribution())
	}
	on := points(t, newRules(t, func(p *policy.Policy) { p.Rating.FeeIncomeEarnsPoints = true }), in)
	if on.Total.String() != "50.00" || !on.Components[FeeIncome].Counted || on.Contribution().Cmp(on.Total) != 0 {
		t.Errorf("fee income on: total %s counted %v contribution %s", on.Total, on.Components[FeeIncome].Counted, on.Contribution())
	}
}

// The integer arithmetic equals the math/big formula on random inputs, for other weights too.
func TestPointsMatchReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	weights := []string{"0", "0.000001", "1.35", "2", "0.5", "3.141592", "1000000"}
	for i := range 2000 {
		p := policy.Default()
		pick := func() policy.Rate { x, _ := policy.ParseRate(weights[rng.IntN(len(weights))]); return x }
		p.Rating.Weights = policy.Weights{Short: pick(), Long: pick(), Mortgage: pick(), Loan: pick(), Purchase: pick(), CardSpend: pick()}
		p.Rating.FeeIncomeEarnsPoints = rng.IntN(2) == 0
		r, err := New(p)
		if err != nil {
			t.Fatal(err)
		}
		amt := func() int64 {
			switch rng.IntN(4) {
			case 0:
				return 0
			case 1:
				return rng.Int64N(1000)
			case 2:
				return rng.Int64N(1 << 40)
			}
			return rng.Int64N(math.MaxInt64)
		}
		in := Inputs{Days: 1 + rng.IntN(MaxWindowDays), Short: amt(), Long: amt(), Mortgage: amt(), Loan: amt(),
			Purchases: amt(), CardSpend: amt(), FeeIncome: amt()}
		b := points(t, r, in)
		if want := refPoints(p, in, p.Rating.FeeIncomeEarnsPoints); b.Total.Rat().Cmp(want) != 0 {
			t.Fatalf("case %d %+v: total %s, want %s", i, in, b.Total.Rat().RatString(), want.RatString())
		}
		if want := refPoints(p, in, true); b.Contribution().Rat().Cmp(want) != 0 {
			t.Fatalf("case %d: contribution %s, want %s", i, b.Contribution().Rat().RatString(), want.RatString())
		}
		// Display: rounded down to the hundredth.
		want := new(big.Rat).Mul(b.Total.Rat(), big.NewRat(100, 1))
		floor := new(big.Int).Quo(want.Num(), want.Denom()) // non-negative: truncation is floor
		if got := b.Total.String(); got != new(big.Rat).SetFrac(floor, big.NewInt(100)).FloatString(2) {
			t.Fatalf("case %d: String %s, want %s", i, got, new(big.Rat).SetFrac(floor, big.NewInt(100)).FloatString(2))
		}
		// Stars: the policy's big.Rat comparison agrees.
		if got, want := r.ContributionStars(b.Total), p.ContributionStars(b.Total.Rat()); got != want {
			t.Fatalf("case %d: %d stars, policy says %d", i, got, want)
		}
	}
}

func TestPointsRefusesBadInput(t *testing.T) {
	r := newRules(t)
	for _, in := range []Inputs{
		{Days: 0},
		{Days: -1},
		{Days: MaxWindowDays + 1},
		{Days: 181, Short: -1},
		{Days: 181, Loan: -100},
		{Days: 181, CardSpend: -1},
		{Days: 181, FeeIncome: -1},
	} {
		if _, err := r.Points(in); err == nil {
			t.Errorf("Points(%+v) = nil error, want an error", in)
		}
	}
	if _, err := r.Points(Inputs{Days: MaxWindowDays, Long: math.MaxInt64, Purchases: math.MaxInt64}); err != nil {
		t.Errorf("largest input: %v", err)
	}
}

func TestAddBalanceAndKinds(t *testing.T) {
	var in Inputs
	for _, c := range []struct {
		class string
		v     int64
	}{{"short", 1}, {"long", 2}, {"mortgage", 3}, {"loan", 4}, {"none", 100}, {"", 100}, {"short", 10}} {
		if err := in.AddBalance(c.class, c.v); err != nil {
			t.Fatalf("AddBalance(%q): %v", c.class, err)
		}
	}
	if in.Short != 11 || in.Long != 2 || in.Mortgage != 3 || in.Loan != 4 {
		t.Errorf("inputs %+v", in)
	}
	if err := in.AddBalance("Short", 1); err == nil {
		t.Error("AddBalance accepted an unknown class")
	}
	for k := range NumKinds {
		got, ok := KindOf(k.String())
		if !ok || got != k {
			t.Errorf("KindOf(%q) = %v %v", k.String(), got, ok)
		}
		if k.IsBalance() != (k <= Loan) {
			t.Errorf("%s.IsBalance() = %v", k, k.IsBalance())
		}
	}
	if _, ok := KindOf("interest"); ok {
		t.Error("KindOf(interest) found a kind")
	}
	if Kind(99).String() != "kind(99)" {
		t.Error(Kind(99).String())
	}
}

func TestStarPointsFormatting(t *testing.T) {
	r := newRules(t)
	tests := []struct {
		in         Inputs
		down, up   string
		hundredths int64
	}{
		{Inputs{Days: 1}, "0.00", "0.00", 0},
		{Inputs{Days: 181, Short: 1}, "0.00", "0.01", 0},
		{Inputs{Days: 1, Long: 99}, "0.00", "0.01", 0},   // 0.0099
		{Inputs{Days: 1, Long: 100}, "0.01", "0.01", 1},  // 1 yuan → 0.01
		{Inputs{Days: 3, Long: 1000}, "0.03", "0.04", 3}, // 0.0333…
		{Inputs{Days: 1, Long: yuan(199_999) + 90}, "1999.99", "2000.00", 199999},
		{Inputs{Days: 1, Long: yuan(123_456_789)}, "1234567.89", "1234567.89", 123456789},
	}
	for _, tt := range tests {
		p := points(t, r, tt.in).Total
		if p.String() != tt.down || p.StringUp() != tt.up || p.Hundredths() != tt.hundredths {
			t.Errorf("%+v: %s / %s / %d, want %s / %s / %d", tt.in, p, p.StringUp(), p.Hundredths(), tt.down, tt.up, tt.hundredths)
		}
	}
	// Negative values (differences) round toward minus infinity.
	neg := StarPoints{n: i128of(-1), days: 1}
	if neg.String() != "-0.01" || neg.StringUp() != "0.00" || neg.Hundredths() != -1 || neg.Sign() != -1 {
		t.Errorf("tiny negative: %s %s %d", neg, neg.StringUp(), neg.Hundredths())
	}
	var zero StarPoints
	if zero.String() != "0.00" || zero.Sign() != 0 || zero.Rat().Sign() != 0 {
		t.Errorf("zero StarPoints: %s", zero)
	}
	// Beyond int64 hundredths: saturates, and String still writes the exact figure.
	heavy := newRules(t, func(p *policy.Policy) { p.Rating.Weights.Purchase = policy.RateOf(MaxWeight, 1) })
	huge := points(t, heavy, Inputs{Days: 1, Purchases: math.MaxInt64})
	if huge.Total.Hundredths() != math.MaxInt64 {
		t.Errorf("huge hundredths %d", huge.Total.Hundredths())
	}
	if want := new(big.Rat).Mul(big.NewRat(math.MaxInt64, 1), big.NewRat(MaxWeight, 10000)).FloatString(2); huge.Total.String() != want {
		t.Errorf("huge String %s, want %s", huge.Total, want)
	}
}

func TestStarPointsCmp(t *testing.T) {
	r := newRules(t)
	a := points(t, r, Inputs{Days: 181, Long: held(yuan(200_000), 181)}).Total // 2000
	b := points(t, r, Inputs{Days: 30, Long: held(yuan(200_000), 30)}).Total   // 2000, other window
	c := points(t, r, Inputs{Days: 30, Long: held(yuan(200_000), 30) - 1}).Total
	if a.Cmp(b) != 0 || b.Cmp(a) != 0 || c.Cmp(a) != -1 || a.Cmp(c) != 1 || c.Cmp(b) != -1 {
		t.Errorf("Cmp: a?b %d, c?a %d, a?c %d", a.Cmp(b), c.Cmp(a), a.Cmp(c))
	}
	if a.CmpRate(policy.RateOf(2000, 1)) != 0 || c.CmpRate(policy.RateOf(2000, 1)) != -1 || a.CmpRate(policy.RateOf(199999, 100)) != 1 {
		t.Error("CmpRate")
	}
}

// FuzzPoints checks the integer arithmetic against math/big for any input.
func FuzzPoints(f *testing.F) {
	f.Add(181, int64(1), int64(2), int64(3), int64(4), int64(5), int64(6), int64(7))
	f.Add(1, int64(math.MaxInt64), int64(math.MaxInt64), int64(math.MaxInt64), int64(math.MaxInt64),
		int64(math.MaxInt64), int64(math.MaxInt64), int64(math.MaxInt64))
	r := newRules(f, func(p *policy.Policy) { p.Rating.FeeIncomeEarnsPoints = true })
	f.Fuzz(func(t *testing.T, days int, s, l, m, lo, pu, cs, fee int64) {
		in := Inputs{Days: days, Short: s, Long: l, Mortgage: m, Loan: lo, Purchases: pu, CardSpend: cs, FeeIncome: fee}
		b, err := r.Points(in)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "rating: ") {
				t.Fatalf("error %v", err)
			}
			return
		}
		if want := refPoints(r.Policy(), in, true); b.Total.Rat().Cmp(want) != 0 {
			t.Fatalf("%+v: %s, want %s", in, b.Total.Rat(), want)
		}
	})
}

func TestHundredthsText(t *testing.T) {
	for h, want := range map[int64]string{0: "0.00", 5: "0.05", 69593: "695.93", 199999: "1999.99", -5: "-0.05"} {
		if got := HundredthsText(h); got != want {
			t.Errorf("HundredthsText(%d) = %q, want %q", h, got, want)
		}
	}
}
