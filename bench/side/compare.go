package side

import (
	"fmt"
	"slices"
)

// Diff is a client whose figures differ between two engines.
type Diff struct {
	Client string
	A, B   Result
	// MissingA and MissingB say the engine has no row for the client (its figures count as zero).
	MissingA, MissingB bool
}

func (r Result) String() string {
	s := fmt.Sprintf("%d.%02d points, %d stars", r.Hundredths/100, r.Hundredths%100, r.Stars)
	if r.Known {
		s += fmt.Sprintf(" (fen·days short %d long %d mortgage %d loan %d; purchases %d card spend %d fen)",
			r.Short, r.Long, r.Mortgage, r.Loan, r.Purchases, r.CardSpend)
	}
	return s
}

// Compare returns the clients whose star points (hundredths) or stars differ between a and b, and,
// when both report them, whose window sums differ, in client_id order. A client absent from one side
// counts as 0 points and 0 stars there.
func Compare(a, b Results) []Diff {
	var out []Diff
	for id, x := range a {
		y, ok := b[id]
		if differ(x, y) {
			out = append(out, Diff{Client: id, A: x, B: y, MissingB: !ok})
		}
	}
	for id, y := range b {
		if _, ok := a[id]; !ok && differ(Result{}, y) {
			out = append(out, Diff{Client: id, B: y, MissingA: true})
		}
	}
	slices.SortFunc(out, func(x, y Diff) int {
		switch {
		case x.Client < y.Client:
			return -1
		case x.Client > y.Client:
			return 1
		}
		return 0
	})
	return out
}

func differ(x, y Result) bool {
	if x.Hundredths != y.Hundredths || x.Stars != y.Stars {
		return true
	}
	if x.Known && y.Known {
		return x.Short != y.Short || x.Long != y.Long || x.Mortgage != y.Mortgage || x.Loan != y.Loan ||
			x.Purchases != y.Purchases || x.CardSpend != y.CardSpend
	}
	return false
}

// Describe writes the first n differences between engines named an and bn, one per line.
func Describe(diffs []Diff, an, bn string, n int) string {
	s := ""
	for i, d := range diffs {
		if i == n {
			s += fmt.Sprintf("… and %d more\n", len(diffs)-n)
			break
		}
		a, b := d.A.String(), d.B.String()
		if d.MissingA {
			a = "no row"
		}
		if d.MissingB {
			b = "no row"
		}
		s += fmt.Sprintf("%s: %s %s; %s %s\n", d.Client, an, a, bn, b)
	}
	return s
}

// Summary counts clients per star level: index 0 unrated, 1 pre-star, 3–7.
func Summary(r Results) [8]int {
	var n [8]int
	for _, x := range r {
		if x.Stars >= 0 && x.Stars < len(n) {
			n[x.Stars]++
		}
	}
	return n
}
