package rating

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/steward-bank/steward/policy"
)

func marked(shares []Share, flags []bool) []string {
	var out []string
	for i, f := range flags {
		if f {
			out = append(out, shares[i].ClientID)
		}
	}
	slices.Sort(out)
	return out
}

func TestHighShare(t *testing.T) {
	r := newRules(t) // top 20 %
	tests := []struct {
		name   string
		shares []Share
		want   []string
	}{
		{"empty outlet", nil, nil},
		{"one client", []Share{{"a", 5}}, []string{"a"}},
		{"three clients: ⌈0.6⌉ = 1", []Share{{"a", 5}, {"b", 9}, {"c", 7}}, []string{"b"}},
		{"ten clients: 2", []Share{{"c0", 1}, {"c1", 2}, {"c2", 3}, {"c3", 4}, {"c4", 5}, {"c5", 6}, {"c6", 7}, {"c7", 8}, {"c8", 9}, {"c9", 10}},
			[]string{"c8", "c9"}},
		{"eleven clients: ⌈2.2⌉ = 3", []Share{{"c0", 1}, {"c1", 2}, {"c2", 3}, {"c3", 4}, {"c4", 5}, {"c5", 6}, {"c6", 7}, {"c7", 8}, {"c8", 9}, {"c9", 10}, {"ca", 0}},
			[]string{"c7", "c8", "c9"}},
		{"ties at the cut: lower client ids first", []Share{{"d", 5}, {"b", 5}, {"c", 5}, {"a", 1}, {"e", 5}}, []string{"b"}},
		{"nothing contributed: no high share", []Share{{"a", 0}, {"b", 0}, {"c", -3}}, nil},
		{"zero contributions are not high share even in the top", []Share{{"a", 4}, {"b", 0}, {"c", 0}, {"d", 0}, {"e", 0}, {"f", 0}, {"g", 0}}, []string{"a"}},
	}
	for _, tt := range tests {
		if got := marked(tt.shares, r.HighShare(tt.shares)); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
	half := newRules(t, func(p *policy.Policy) { p.Segments.HighShareTopPct = 50 })
	if got := marked([]Share{{"a", 1}, {"b", 2}, {"c", 3}}, half.HighShare([]Share{{"a", 1}, {"b", 2}, {"c", 3}})); !slices.Equal(got, []string{"b", "c"}) {
		t.Errorf("50 %% of 3: %v", got)
	}
}

func TestVitalFew(t *testing.T) {
	r := newRules(t) // 80 %
	tests := []struct {
		name   string
		shares []Share
		want   []string
	}{
		{"empty", nil, nil},
		{"nothing contributed", []Share{{"a", 0}, {"b", 0}}, nil},
		{"one client brings it all", []Share{{"a", 100}, {"b", 0}, {"c", 0}}, []string{"a"}},
		{"exactly 80 %", []Share{{"a", 80}, {"b", 10}, {"c", 10}}, []string{"a"}},
		{"79 % needs a second client", []Share{{"a", 79}, {"b", 11}, {"c", 10}}, []string{"a", "b"}},
		{"ties: lower client ids first", []Share{{"z", 40}, {"y", 40}, {"x", 10}, {"w", 10}}, []string{"y", "z"}},
		{"ties across the cut", []Share{{"d", 30}, {"c", 30}, {"b", 30}, {"a", 10}}, []string{"b", "c", "d"}},
		{"ties across the cut, chosen by id", []Share{{"d", 25}, {"c", 25}, {"b", 25}, {"a", 25}}, []string{"a", "b", "c", "d"}},
		{"a long tail", []Share{{"big", 900}, {"t1", 10}, {"t2", 10}, {"t3", 10}, {"t4", 10}, {"t5", 10}, {"t6", 10}, {"t7", 10}, {"t8", 10}, {"t9", 10}, {"t10", 10}},
			[]string{"big"}},
		{"negative contributions never count", []Share{{"a", 50}, {"b", 50}, {"c", -1000}}, []string{"a", "b"}},
	}
	for _, tt := range tests {
		flags, n := r.VitalFew(tt.shares)
		if got := marked(tt.shares, flags); !slices.Equal(got, tt.want) || n != len(tt.want) {
			t.Errorf("%s: %v (%d), want %v", tt.name, got, n, tt.want)
		}
	}
	// Ties broken by id: 4 equal clients, 60 % → the three lowest ids... only as many as needed.
	sixty := newRules(t, func(p *policy.Policy) { p.Segments.VitalFewPct = 60 })
	sh := []Share{{"d", 25}, {"c", 25}, {"b", 25}, {"a", 25}}
	if flags, _ := sixty.VitalFew(sh); !slices.Equal(marked(sh, flags), []string{"a", "b", "c"}) {
		t.Errorf("60 %% of four equal: %v", marked(sh, flags))
	}
	// Sums beyond int64 are exact.
	big := []Share{{"a", math.MaxInt64}, {"b", math.MaxInt64}, {"c", math.MaxInt64}, {"d", math.MaxInt64}, {"e", 1}}
	if flags, n := r.VitalFew(big); n != 4 || flags[4] {
		t.Errorf("huge: %v %d", flags, n)
	}
}

// The result depends on the clients and their contributions, never on the input order.
func TestSegmentsIgnoreOrder(t *testing.T) {
	r := newRules(t)
	rng := rand.New(rand.NewPCG(7, 8))
	for range 200 {
		n := 1 + rng.IntN(40)
		shares := make([]Share, n)
		for i := range shares {
			shares[i] = Share{ClientID: string(rune('A' + i)), Value: int64(rng.IntN(5))}
		}
		hs, _ := r.VitalFew(shares)
		wantVital, wantHigh := marked(shares, hs), marked(shares, r.HighShare(shares))
		rng.Shuffle(n, func(i, j int) { shares[i], shares[j] = shares[j], shares[i] })
		vs, _ := r.VitalFew(shares)
		if got := marked(shares, vs); !slices.Equal(got, wantVital) {
			t.Fatalf("vital few changed with order: %v vs %v", got, wantVital)
		}
		if got := marked(shares, r.HighShare(shares)); !slices.Equal(got, wantHigh) {
			t.Fatalf("high share changed with order: %v vs %v", got, wantHigh)
		}
	}
}

func TestQuadrant(t *testing.T) {
	for _, tt := range []struct {
		share, loyalty bool
		q              Quadrant
	}{{true, true, Loyal}, {false, true, Problem1}, {true, false, Problem2}, {false, false, General}} {
		if got := QuadrantOf(tt.share, tt.loyalty); got != tt.q {
			t.Errorf("QuadrantOf(%v, %v) = %s, want %s", tt.share, tt.loyalty, got, tt.q)
		}
	}
}
