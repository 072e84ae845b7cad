package rating

import (
	"fmt"

	"github.com/steward-bank/steward/policy"
)

// Explanation, DOMAIN.md §3: what the next star takes, and who is near it (临界客户).
//
// The points still needed to reach star level s are needed = threshold(s) − points. One component alone
// closes the gap when its measure (average daily balance for a balance kind, window total for a volume)
// grows by
//
//	Δ fen = ⌈needed × 10 000 / weight⌉
//
// (for the pre-star level, whose bound points must exceed, the smallest Δ with Δ × weight / 10 000 >
// needed). A component with weight 0 cannot close a gap. A lump sum paid in now and kept for k of the
// window's D days raises the average daily balance by sum × k / D: LumpSum turns a Δ of average balance
// into that sum.
//
// Near-upgrade (临界): a client whose star points are below the threshold of the next star above its
// held service stars, by at most policy.Rating.NearUpgradePct percent of that threshold:
//
//	threshold × (100 − pct) / 100 ≤ points < threshold
//
// It applies to targets of three stars and above: the pre-star level needs any points at all.

// Way is how much one component alone must grow to close a gap.
type Way struct {
	Kind Kind
	// Fen is the growth in fen: of the average daily balance over the window for a balance kind, of the
	// window total for a volume. Valid only when OK.
	Fen int64
	// OK is false when the component cannot close the gap (weight 0, not counted, or an amount beyond
	// int64).
	OK bool
}

// Gap is what it takes to reach a star level.
type Gap struct {
	// Target is the star level aimed at.
	Target int
	// Threshold is the target's star points; Exclusive when points must exceed it (pre-star).
	Threshold policy.Points
	Exclusive bool
	// Reached reports whether the points already earn the target.
	Reached bool
	// Needed is threshold − points (0 when reached). Show it with StringUp.
	Needed StarPoints
	// Ways lists, per component, the growth that alone closes the gap; empty when reached.
	Ways [NumKinds]Way
}

// GapTo returns what star points b needs to reach star level target (1, 3–7).
func (r *Rules) GapTo(b *Breakdown, target int) (Gap, error) {
	i := levelIndex(target)
	if i < 0 {
		return Gap{}, fmt.Errorf("rating: %d is not a star level with a threshold (1, 3–7)", target)
	}
	d := b.Total.d()
	g := Gap{Target: target, Threshold: r.thresholdRate[i], Exclusive: i == 0}
	need := r.thresholdNum(i, d).sub(b.Total.n)
	if c := need.sign(); c < 0 || (c == 0 && !g.Exclusive) {
		g.Reached = true
		g.Needed = StarPoints{days: b.Total.days}
		return g, nil
	}
	g.Needed = StarPoints{need, b.Total.days}
	for k := range NumKinds {
		g.Ways[k] = Way{Kind: k}
		w := r.weight[k]
		if w == 0 || (k == FeeIncome && !r.feeCounts) {
			continue
		}
		// Δ × w / 10^10 ≥ need / (d × 10^10)  ⇔  Δ ≥ need / (d × w)
		div := uint64(d) * uint64(w)
		var q i128
		if g.Exclusive {
			q, _ = need.divFloor(div)
			q = q.add(i128{0, 1})
		} else {
			q = need.divCeil(div)
		}
		if v, ok := q.int64(); ok {
			g.Ways[k] = Way{Kind: k, Fen: v, OK: true}
		}
	}
	return g, nil
}

// NextGap returns what b needs for the next star above the held service stars, and false when held is
// 7 (or not a star level).
func (r *Rules) NextGap(b *Breakdown, held int) (Gap, bool) {
	next, ok := NextStars(held)
	if !ok {
		return Gap{}, false
	}
	g, err := r.GapTo(b, next)
	return g, err == nil
}

// NearUpgrade reports whether a client with star points p and held service stars held is a near-upgrade
// (临界) client: p is below the threshold of the next star (three stars or more), by at most
// policy.Rating.NearUpgradePct percent of it.
func (r *Rules) NearUpgrade(p StarPoints, held int) bool {
	next, ok := NextStars(held)
	if !ok || next < 3 {
		return false
	}
	i := levelIndex(next)
	t := r.thresholdNum(i, p.d())
	if p.n.cmp(t) >= 0 {
		return false
	}
	// p ≥ t × (100 − pct) / 100  ⇔  100 p ≥ (100 − pct) t
	return p.n.mul(100).cmp(t.mul(int64(100-r.near))) >= 0
}

// LumpSum returns the amount that, paid in now and kept for keptDays of a window of windowDays, raises
// the window's average daily balance by avgFen: ⌈avgFen × windowDays / keptDays⌉. Kept to month end,
// keptDays counts today through the month's last day. ok is false when keptDays is not 1..windowDays
// or the sum is beyond int64.
func LumpSum(avgFen int64, windowDays, keptDays int) (sum int64, ok bool) {
	if keptDays < 1 || keptDays > windowDays || avgFen < 0 || windowDays > MaxWindowDays {
		return 0, false
	}
	return mul64(avgFen, int64(windowDays)).divCeil(uint64(keptDays)).int64()
}
