package rating

import (
	"math"
	"testing"
	"time"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/policy"
)

func TestLoyaltyBounds(t *testing.T) {
	r := newRules(t)
	on := date(t, "2025-03-01")
	lowest := LoyaltyInputs{Opened: on, On: on, ContactsMade: 5, KeptFen: 0, MovedOutFen: yuan(10_000), CreditGrade: "C"}
	if l := r.Loyalty(lowest); l.Score != 0 || l.Micro != 0 || l.High {
		t.Errorf("lowest: %+v", l)
	}
	highest := LoyaltyInputs{Opened: date(t, "2010-01-01"), On: on, ProductKinds: 8, Txns: 500, ContactsMade: 4,
		ContactsAnswered: 4, KeptFen: yuan(300_000), CreditGrade: "AAA"}
	if l := r.Loyalty(highest); l.Score != 100 || l.Micro != 100*micro || !l.High {
		t.Errorf("highest: %+v", l)
	}
	// Weights from the policy: the score is still 0–100 at both ends.
	r2 := newRules(t, func(p *policy.Policy) {
		p.Segments.LoyaltyWeights = policy.LoyaltyWeights{Tenure: 1, ProductKinds: 2, TxnFrequency: 3, Responsiveness: 4, ShareOfWallet: 5, CreditGrade: 85}
	})
	if r2.Loyalty(highest).Score != 100 || r2.Loyalty(lowest).Score != 0 {
		t.Error("bounds with other weights")
	}
}

func TestLoyaltyComponents(t *testing.T) {
	r := newRules(t) // weights 20/20/20/10/20/10
	in := LoyaltyInputs{
		Opened:           date(t, "2020-03-01"), // 60 months: 1/2
		On:               date(t, "2025-03-01"),
		ProductKinds:     2,                                       // 2/5
		Txns:             30,                                      // 1/4
		ContactsMade:     3,                                       // answered 2/3
		ContactsAnswered: 2,                                       //
		KeptFen:          yuan(75_000), MovedOutFen: yuan(25_000), // 3/4
		CreditGrade: "A", // 4/6
	}
	l := r.Loyalty(in)
	want := []struct {
		c      LoyaltyComponent
		sub    int64
		weight int
	}{
		{LoyaltyTenure, 500_000, 20},
		{LoyaltyProductKinds, 400_000, 20},
		{LoyaltyTxnFrequency, 250_000, 20},
		{LoyaltyResponsiveness, 666_666, 10},
		{LoyaltyShareOfWallet, 750_000, 20},
		{LoyaltyCreditGrade, 666_666, 10},
	}
	for i, w := range want {
		if p := l.Parts[i]; p.Component != w.c || p.Sub != w.sub || p.Weight != w.weight {
			t.Errorf("part %d: %+v, want %+v", i, p, w)
		}
	}
	// 20×(0.5+0.4+0.25+0.75) + 10×(0.666666+0.666666) = 38 + 13.33332
	if l.Micro != 51_333_320 || l.Score != 51 || l.High {
		t.Errorf("score %d (%d µ) high %v, want 51", l.Score, l.Micro, l.High)
	}
}

func TestLoyaltyNeutralAndEdges(t *testing.T) {
	r := newRules(t)
	on := date(t, "2025-03-01")
	// No contacts made, no money at all, ungraded: each 1/2.
	l := r.Loyalty(LoyaltyInputs{Opened: on, On: on})
	if l.Parts[3].Sub != micro/2 || l.Parts[4].Sub != micro/2 || l.Parts[5].Sub != micro/2 || l.Score != 20 {
		t.Errorf("neutral parts: %+v", l)
	}
	if got := r.Loyalty(LoyaltyInputs{CreditGrade: "ZZ"}).Parts[5].Sub; got != micro/2 {
		t.Errorf("unknown grade %d", got)
	}
	// Answers beyond contacts, negative counts and amounts are clamped.
	l = r.Loyalty(LoyaltyInputs{ContactsMade: 2, ContactsAnswered: 5, ProductKinds: -1, Txns: -3, KeptFen: -5, MovedOutFen: 100})
	if l.Parts[3].Sub != micro || l.Parts[1].Sub != 0 || l.Parts[2].Sub != 0 || l.Parts[4].Sub != 0 {
		t.Errorf("clamps: %+v", l.Parts)
	}
	// Huge amounts are exact.
	if got := r.Loyalty(LoyaltyInputs{KeptFen: math.MaxInt64, MovedOutFen: math.MaxInt64}).Parts[4].Sub; got != micro/2 {
		t.Errorf("huge share of wallet %d", got)
	}
	// Opened after On (bad data) is no tenure.
	if got := r.Loyalty(LoyaltyInputs{Opened: date(t, "2026-01-01"), On: on}).Parts[0].Sub; got != 0 {
		t.Errorf("future opening: %d", got)
	}
	// Tenure caps at 120 months.
	if got := r.Loyalty(LoyaltyInputs{Opened: date(t, "1990-01-01"), On: on}).Parts[0].Sub; got != micro {
		t.Errorf("long tenure: %d", got)
	}
}

// "High" loyalty starts exactly at the policy minimum.
func TestHighLoyaltyBoundary(t *testing.T) {
	r := newRules(t) // 60
	on := date(t, "2025-03-01")
	// Credit grade alone (10) + share of wallet (20) + product kinds (20) = 50; tenure adds 20 × m/120.
	base := LoyaltyInputs{On: on, ProductKinds: 5, KeptFen: 1, ContactsMade: 1, CreditGrade: "AAA"}
	for _, tt := range []struct {
		months int
		score  int
		high   bool
	}{{59, 59, false}, {60, 60, true}, {66, 61, true}} {
		in := base
		in.Opened = domain.NewDate(on.Year(), on.Month()-time.Month(tt.months), on.Day())
		if l := r.Loyalty(in); l.Score != tt.score || l.High != tt.high {
			t.Errorf("%d months: score %d high %v, want %d %v", tt.months, l.Score, l.High, tt.score, tt.high)
		}
	}
}

func TestMonthsBetween(t *testing.T) {
	tests := []struct {
		a, b string
		n    int
	}{
		{"2024-01-31", "2024-02-28", 0},
		{"2024-01-31", "2024-02-29", 1},
		{"2024-01-31", "2024-03-30", 1},
		{"2024-01-31", "2024-03-31", 2},
		{"2024-01-15", "2024-01-14", 0},
		{"2024-01-15", "2025-01-15", 12},
		{"2024-01-15", "2025-01-14", 11},
		{"2025-01-15", "2024-01-15", -12},
		{"2024-03-01", "2024-03-01", 0},
		{"", "2024-03-01", 0},
	}
	for _, tt := range tests {
		var a domain.Date // absent
		if tt.a != "" {
			a = date(t, tt.a)
		}
		if got := MonthsBetween(a, date(t, tt.b)); got != tt.n {
			t.Errorf("MonthsBetween(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.n)
		}
	}
	if got := MonthsBetween(date(t, "2024-01-01"), domain.Date{}); got != 0 {
		t.Errorf("MonthsBetween(…, absent) = %d", got)
	}
}
