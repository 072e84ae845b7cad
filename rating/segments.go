package rating

import (
	"cmp"
	"slices"
)

// Value × loyalty matrix (客户矩阵) and 80/20 (二八法则), DOMAIN.md §4. Both rank an outlet's clients by
// contribution (Breakdown.Contribution: star points plus fee income, in hundredths of a point with
// StarPoints.Hundredths), largest first; equal contributions rank by client id, ascending, so that the
// result never depends on input order.
//
//   - High business share: the first ⌈n × HighShareTopPct / 100⌉ of the outlet's n clients in that
//     order (at least one client in a non-empty outlet), except that a client contributing nothing
//     (≤ 0) is never high share.
//   - Vital few: the shortest prefix of that order whose contributions add up to at least
//     VitalFewPct % of the outlet's total (the sum of positive contributions); the rest is the long
//     tail (长尾). An outlet whose total is 0 has no vital few. The shortest prefix of a largest-first
//     order is the smallest such set.
//   - Quadrant: high share and high loyalty → loyal (忠诚客户); high loyalty, low share → problem-1
//     (问题客户1); low loyalty, high share → problem-2 (问题客户2); low, low → general (一般客户).

// Share is one client's contribution within its outlet.
type Share struct {
	ClientID string
	// Value is the contribution, in any unit the same for the whole outlet (Steward uses hundredths of
	// a star point of Breakdown.Contribution).
	Value int64
}

// rankOrder returns the indices of shares, largest contribution first, ties by client id.
func rankOrder(shares []Share) []int {
	idx := make([]int, len(shares))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		if c := cmp.Compare(shares[b].Value, shares[a].Value); c != 0 {
			return c
		}
		return cmp.Compare(shares[a].ClientID, shares[b].ClientID)
	})
	return idx
}

// HighShare marks the clients of one outlet that have high business share; the result is parallel to
// shares.
func (r *Rules) HighShare(shares []Share) []bool {
	out := make([]bool, len(shares))
	n := len(shares)
	k := (n*r.segments.HighShareTopPct + 99) / 100
	for rank, i := range rankOrder(shares) {
		if rank >= k || shares[i].Value <= 0 {
			break
		}
		out[i] = true
	}
	return out
}

// VitalFew marks the vital few of one outlet (parallel to shares) and returns how many there are.
func (r *Rules) VitalFew(shares []Share) (vital []bool, count int) {
	vital = make([]bool, len(shares))
	var total i128
	for _, s := range shares {
		if s.Value > 0 {
			total = total.add(i128of(s.Value))
		}
	}
	if total.sign() == 0 {
		return vital, 0
	}
	goal := total.mul(int64(r.segments.VitalFewPct)) // cum × 100 ≥ pct × total
	var cum i128
	for _, i := range rankOrder(shares) {
		vital[i] = true
		count++
		cum = cum.add(i128of(shares[i].Value))
		if cum.mul(100).cmp(goal) >= 0 {
			break
		}
	}
	return vital, count
}

// Quadrant is a cell of the value × loyalty matrix.
type Quadrant string

// The cells of the value × loyalty matrix.
const (
	Loyal    Quadrant = "loyal"     // 忠诚客户: high share, high loyalty: keep, formalise, one RM serves many
	Problem1 Quadrant = "problem_1" // 问题客户1: high loyalty, low share: grow with tailored service
	Problem2 Quadrant = "problem_2" // 问题客户2: low loyalty, high share: largest potential and risk
	General  Quadrant = "general"   // 一般客户: low, low: win with the resources left
)

// QuadrantOf returns the matrix cell of a client with high or low share and loyalty.
func QuadrantOf(highShare, highLoyalty bool) Quadrant {
	switch {
	case highShare && highLoyalty:
		return Loyal
	case highLoyalty:
		return Problem1
	case highShare:
		return Problem2
	}
	return General
}
