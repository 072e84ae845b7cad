package rating

import (
	"strings"
	"testing"

	"github.com/steward-bank/steward/policy"
)

func TestUpgradeFloors(t *testing.T) {
	r := newRules(t)
	tests := []struct {
		name  string
		h     Holdings
		floor int
	}{
		{"nothing", 0, 0},
		{"private-banking agreement", PrivateBankingAgreement, 7},
		{"premier wealth account card", WealthPremierCard, 6},
		{"platinum credit card", PlatinumCreditCard, 6},
		{"wealth account", WealthAccount, 5},
		{"gold credit card", GoldCreditCard, 5},
		{"ordinary credit card", OrdinaryCreditCard, 4},
		{"ordinary and gold cards", OrdinaryCreditCard | GoldCreditCard, 5},
		{"every product", PrivateBankingAgreement | WealthPremierCard | PlatinumCreditCard | WealthAccount | GoldCreditCard | OrdinaryCreditCard, 7},
		{"wealth account and platinum card", WealthAccount | PlatinumCreditCard, 6},
	}
	for _, tt := range tests {
		if got := r.Floor(tt.h); got != tt.floor {
			t.Errorf("%s: floor %d, want %d", tt.name, got, tt.floor)
		}
	}
	// Floors follow the policy.
	r2 := newRules(t, func(p *policy.Policy) { p.Rating.UpgradeFloors.Ordinary = 3; p.Rating.UpgradeFloors.Platinum = 7 })
	if r2.Floor(OrdinaryCreditCard) != 3 || r2.Floor(PlatinumCreditCard) != 7 {
		t.Errorf("policy floors not followed: %d %d", r2.Floor(OrdinaryCreditCard), r2.Floor(PlatinumCreditCard))
	}
}

func TestHoldingOf(t *testing.T) {
	tests := []struct {
		category, card, agreement string
		want                      Holdings
	}{
		{"credit_card", "ordinary", "", OrdinaryCreditCard},
		{"credit_card", "gold", "", GoldCreditCard},
		{"credit_card", "platinum", "", PlatinumCreditCard},
		{"agreement", "", "private_banking", PrivateBankingAgreement},
		{"agreement", "", "wealth_premier", WealthPremierCard},
		{"agreement", "", "wealth", WealthAccount},
		{"credit_card", "", "", 0},
		{"demand", "gold", "wealth", 0},
		{"agreement", "gold", "", 0},
	}
	for _, tt := range tests {
		if got := HoldingOf(tt.category, tt.card, tt.agreement); got != tt.want {
			t.Errorf("HoldingOf(%q, %q, %q) = %v, want %v", tt.category, tt.card, tt.agreement, got, tt.want)
		}
	}
}

func TestServiceStarsIsTheHigher(t *testing.T) {
	for _, c := range []int{0, 1, 3, 4, 5, 6, 7} {
		for _, f := range []int{0, 4, 5, 6, 7} {
			want := c
			if f > c {
				want = f
			}
			if got := ServiceStars(c, f); got != want {
				t.Errorf("ServiceStars(%d, %d) = %d, want %d", c, f, got, want)
			}
		}
	}
}

func TestEvaluate(t *testing.T) {
	r := newRules(t)
	tests := []struct {
		name                         string
		in                           Inputs
		h                            Holdings
		contribution, floor, service int
	}{
		{"unrated, no products", Inputs{Days: 181}, 0, 0, 0, 0},
		{"unrated with an ordinary card", Inputs{Days: 181}, OrdinaryCreditCard, 0, 4, 4},
		{"pre-star with a private-banking agreement", Inputs{Days: 181, Short: 1}, PrivateBankingAgreement, 1, 7, 7},
		{"five stars of points over a gold card", Inputs{Days: 181, Long: held(yuan(200_000), 181)}, GoldCreditCard, 5, 5, 5},
		{"six stars of points over an ordinary card", Inputs{Days: 181, Long: held(yuan(1_000_000), 181)}, OrdinaryCreditCard, 6, 4, 6},
		{"four stars of points under a platinum card", Inputs{Days: 181, Long: held(yuan(50_000), 181)}, PlatinumCreditCard, 4, 6, 6},
	}
	for _, tt := range tests {
		e, err := r.Evaluate(tt.in, tt.h)
		if err != nil {
			t.Fatal(err)
		}
		if e.Contribution != tt.contribution || e.Floor != tt.floor || e.Service != tt.service {
			t.Errorf("%s: contribution %d floor %d service %d, want %d %d %d", tt.name, e.Contribution, e.Floor, e.Service,
				tt.contribution, tt.floor, tt.service)
		}
		if s := e.Stars(); s.Contribution != e.Contribution || s.Service != e.Service {
			t.Errorf("%s: Stars() = %+v", tt.name, s)
		}
	}
	if _, err := r.Evaluate(Inputs{}, 0); err == nil {
		t.Error("Evaluate accepted a window of 0 days")
	}
}

// Thresholds follow the policy, including a positive pre-star bound that points must exceed.
func TestPolicyThresholds(t *testing.T) {
	r := newRules(t, func(p *policy.Policy) {
		p.Rating.Stars = policy.StarThresholds{PreStar: policy.RateOf(10, 1), Three: policy.RateOf(100, 1),
			Four: policy.RateOf(1000, 1), Five: policy.RateOf(5000, 1), Six: policy.RateOf(20000, 1), Seven: policy.RateOf(100000, 1)}
	})
	for _, tt := range []struct {
		long  int64 // yuan
		stars int
	}{{999, 0}, {1000, 0}, {1001, 1}, {9999, 1}, {10000, 3}, {100_000, 4}, {499_999, 4}, {500_000, 5}, {2_000_000, 6}, {10_000_000, 7}} {
		b := points(t, r, Inputs{Days: 30, Long: held(yuan(tt.long), 30)})
		if got := r.ContributionStars(b.Total); got != tt.stars {
			t.Errorf("%d yuan (%s points): %d stars, want %d", tt.long, b.Total, got, tt.stars)
		}
	}
}

func TestStarLevels(t *testing.T) {
	for s := -1; s <= 8; s++ {
		want := s == 0 || s == 1 || (s >= 3 && s <= 7)
		if ValidStars(s) != want {
			t.Errorf("ValidStars(%d) = %v", s, !want)
		}
	}
	next := map[int]int{0: 1, 1: 3, 3: 4, 4: 5, 5: 6, 6: 7}
	for s := -1; s <= 8; s++ {
		n, ok := NextStars(s)
		if w, has := next[s]; ok != has || n != w {
			t.Errorf("NextStars(%d) = %d %v", s, n, ok)
		}
	}
	r := newRules(t)
	for _, tt := range []struct {
		s         int
		t         string
		exclusive bool
		ok        bool
	}{{0, "", false, false}, {1, "0.00", true, true}, {2, "", false, false}, {3, "50.00", false, true},
		{5, "2000.00", false, true}, {7, "80000.00", false, true}, {8, "", false, false}} {
		th, ex, ok := r.Threshold(tt.s)
		if ok != tt.ok || ex != tt.exclusive || (ok && th.String() != tt.t) {
			t.Errorf("Threshold(%d) = %s %v %v", tt.s, th, ex, ok)
		}
	}
	for _, tt := range []struct {
		s      int
		zh, en string
	}{{0, "未评级", "unrated"}, {1, "准星", "pre-star"}, {3, "三星", "3 stars"}, {7, "七星", "7 stars"}} {
		if StarsName(tt.s, "zh") != tt.zh || StarsName(tt.s, "zh-CN") != tt.zh || StarsName(tt.s, "en") != tt.en {
			t.Errorf("StarsName(%d) = %s / %s", tt.s, StarsName(tt.s, "zh"), StarsName(tt.s, "en"))
		}
	}
}

func TestNewRefuses(t *testing.T) {
	tests := []struct {
		name string
		mod  func(*policy.Policy)
		want string
	}{
		{"a floor of 2", func(p *policy.Policy) { p.Rating.UpgradeFloors.Ordinary = 2 }, "ordinary is 2"},
		{"a floor of 8", func(p *policy.Policy) { p.Rating.UpgradeFloors.PrivateBanking = 8 }, "private_banking is 8"},
		{"a weight of 1/3", func(p *policy.Policy) { p.Rating.Weights.Long = policy.RateOf(1, 3) }, "weight of long"},
		{"a negative weight", func(p *policy.Policy) { p.Rating.Weights.Loan = policy.RateOf(-1, 1) }, "weight of loan"},
		{"a weight above MaxWeight", func(p *policy.Policy) { p.Rating.Weights.Short = policy.RateOf(MaxWeight+1, 1) }, "weight of short"},
		{"thresholds not increasing", func(p *policy.Policy) { p.Rating.Stars.Four = policy.RateOf(50, 1) }, "threshold of 4 stars"},
		{"a negative pre-star bound", func(p *policy.Policy) { p.Rating.Stars.PreStar = policy.RateOf(-1, 1) }, "threshold of pre-star"},
		{"a threshold beyond int64", func(p *policy.Policy) { p.Rating.Stars.Seven = policy.RateOf(1<<62, 1) }, "out of range"},
		{"grace of 13", func(p *policy.Policy) { p.Rating.GraceMonths = 13 }, "grace_months"},
		{"near of 101", func(p *policy.Policy) { p.Rating.NearUpgradePct = 101 }, "near_upgrade_pct"},
		{"no window", func(p *policy.Policy) { p.Rating.WindowMonths = 0 }, "window_months"},
		{"loyalty weights of 99", func(p *policy.Policy) { p.Segments.LoyaltyWeights.Tenure-- }, "loyalty weights"},
		{"vital few of 0", func(p *policy.Policy) { p.Segments.VitalFewPct = 0 }, "vital_few_pct"},
	}
	for _, tt := range tests {
		p := policy.Default()
		tt.mod(p)
		_, err := New(p)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: New error %v, want one containing %q", tt.name, err, tt.want)
		}
	}
	if _, err := New(policy.Default()); err != nil {
		t.Errorf("default policy: %v", err)
	}
}
