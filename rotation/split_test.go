package rotation

import (
	"errors"
	"math"
	"testing"
)

func TestSplit(t *testing.T) {
	type want struct {
		counts map[int64]int
		aums   map[int64]int64
		tiers  map[int64]map[string]int // checked only when set
	}
	cases := []struct {
		name       string
		clients    []Client
		recipients []int64
		by         By
		want       want
	}{
		{"count, even", []Client{{"A", "T3", 100}, {"B", "T3", 90}, {"C", "T3", 80}, {"D", "T3", 70}}, []int64{1, 2}, ByCount,
			want{counts: map[int64]int{1: 2, 2: 2}, aums: map[int64]int64{1: 170, 2: 170}}},
		{"count, odd goes to the first named", []Client{{"A", "T3", 10}, {"B", "T3", 10}, {"C", "T3", 10}}, []int64{7, 3}, ByCount,
			want{counts: map[int64]int{7: 2, 3: 1}, aums: map[int64]int64{7: 20, 3: 10}}},
		{"count keeps tiers balanced", []Client{{"A", "T5", 900}, {"B", "T5", 800}, {"C", "T3", 10}, {"D", "T3", 9}, {"E", "T3", 8}, {"F", "T3", 7}},
			[]int64{1, 2}, ByCount,
			want{counts: map[int64]int{1: 3, 2: 3}, aums: map[int64]int64{1: 900 + 9 + 7, 2: 800 + 10 + 8},
				tiers: map[int64]map[string]int{1: {"T5": 1, "T3": 2}, 2: {"T5": 1, "T3": 2}}}},
		{"aum, one large client against many small", []Client{{"A", "T5", 1000}, {"B", "T3", 300}, {"C", "T3", 300}, {"D", "T3", 300}, {"E", "T3", 100}},
			[]int64{1, 2}, ByAUM,
			want{counts: map[int64]int{1: 1, 2: 4}, aums: map[int64]int64{1: 1000, 2: 1000}}},
		{"aum, greedy from the largest", []Client{{"A", "T4", 50}, {"B", "T4", 40}, {"C", "T4", 30}, {"D", "T4", 20}, {"E", "T4", 10}},
			[]int64{1, 2, 3}, ByAUM,
			want{counts: map[int64]int{1: 1, 2: 2, 3: 2}, aums: map[int64]int64{1: 50, 2: 50, 3: 50}}},
		{"aum ties go to the fewer of the tier", []Client{{"A", "T5", 100}, {"B", "T5", 100}, {"C", "T3", 100}, {"D", "T3", 100}},
			[]int64{1, 2}, ByAUM,
			want{counts: map[int64]int{1: 2, 2: 2}, aums: map[int64]int64{1: 200, 2: 200},
				tiers: map[int64]map[string]int{1: {"T5": 1, "T3": 1}, 2: {"T5": 1, "T3": 1}}}},
		{"one recipient takes all", []Client{{"A", "", 0}, {"B", "T1", 5}}, []int64{9}, ByAUM,
			want{counts: map[int64]int{9: 2}, aums: map[int64]int64{9: 5}}},
		{"no clients", nil, []int64{1, 2}, ByCount, want{counts: map[int64]int{}, aums: map[int64]int64{}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			to, err := Split(tc.clients, tc.recipients, tc.by)
			if err != nil {
				t.Fatal(err)
			}
			if len(to) != len(tc.clients) {
				t.Fatalf("%d clients placed, want %d", len(to), len(tc.clients))
			}
			counts, aums, tiers := map[int64]int{}, map[int64]int64{}, map[int64]map[string]int{}
			for _, c := range tc.clients {
				r := to[c.ID]
				counts[r]++
				aums[r] += c.AUM
				if tiers[r] == nil {
					tiers[r] = map[string]int{}
				}
				tiers[r][c.Tier]++
			}
			for r, n := range tc.want.counts {
				if counts[r] != n || aums[r] != tc.want.aums[r] {
					t.Errorf("recipient %d: %d clients, AUM %d; want %d, %d (split %v)", r, counts[r], aums[r], n, tc.want.aums[r], to)
				}
			}
			for r, want := range tc.want.tiers {
				for tier, n := range want {
					if tiers[r][tier] != n {
						t.Errorf("recipient %d holds %d of %s, want %d (split %v)", r, tiers[r][tier], tier, n, to)
					}
				}
			}
			// Deterministic whatever the order of the clients.
			rev := make([]Client, len(tc.clients))
			for i, c := range tc.clients {
				rev[len(rev)-1-i] = c
			}
			again, err := Split(rev, tc.recipients, tc.by)
			if err != nil {
				t.Fatal(err)
			}
			for id, r := range to {
				if again[id] != r {
					t.Errorf("client %s goes to %d, then to %d with the clients reversed", id, r, again[id])
				}
			}
		})
	}
}

func TestSplitRefuses(t *testing.T) {
	if _, err := Split([]Client{{"A", "T3", 1}}, nil, ByCount); !errors.Is(err, ErrNoRecipients) {
		t.Errorf("no recipients: %v", err)
	}
	for name, tc := range map[string]struct {
		clients    []Client
		recipients []int64
		by         By
	}{
		"recipient twice":  {[]Client{{"A", "T3", 1}}, []int64{1, 1}, ByCount},
		"recipient zero":   {[]Client{{"A", "T3", 1}}, []int64{0}, ByCount},
		"client twice":     {[]Client{{"A", "T3", 1}, {"A", "T3", 1}}, []int64{1}, ByCount},
		"negative AUM":     {[]Client{{"A", "T3", -1}}, []int64{1}, ByAUM},
		"unknown mode":     {[]Client{{"A", "T3", 1}}, []int64{1}, "tier"},
		"AUM sum overflow": {[]Client{{"A", "T3", math.MaxInt64}, {"B", "T3", 1}}, []int64{1}, ByAUM},
	} {
		if _, err := Split(tc.clients, tc.recipients, tc.by); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
