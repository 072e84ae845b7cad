package demo

import (
	"math/rand/v2"
	"time"

	"github.com/steward-bank/steward/domain"
)

// choice is one outcome of a weighted draw.
type choice[T any] struct {
	v T
	w int
}

// pick draws one value with probability proportional to its weight.
func pick[T any](r *rand.Rand, cs []choice[T]) T {
	total := 0
	for _, c := range cs {
		total += c.w
	}
	n := r.IntN(total)
	for _, c := range cs {
		if n < c.w {
			return c.v
		}
		n -= c.w
	}
	return cs[len(cs)-1].v
}

// chance is true with probability perMille/1000.
func chance(r *rand.Rand, perMille int) bool { return r.IntN(1000) < perMille }

// between is a uniform integer in [lo, hi], both inclusive.
func between(r *rand.Rand, lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + r.IntN(hi-lo+1)
}

// between64 is a uniform int64 in [lo, hi), or lo when the range is empty.
func between64(r *rand.Rand, lo, hi int64) int64 {
	if hi <= lo {
		return lo
	}
	return lo + r.Int64N(hi-lo)
}

// oneOf is a uniform pick from a list.
func oneOf[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// logUniform draws an amount in [lo, hi) (fen, lo > 0) whose logarithm is close to uniform, with integer
// arithmetic only: the range is cut into steps that each grow by 1 %, a step is drawn uniformly, and the
// amount uniformly inside the step.
func (g *generator) logUniform(lo, hi int64) int64 {
	key := [2]int64{lo, hi}
	steps, ok := g.steps[key]
	if !ok {
		for v := lo; v < hi; {
			steps = append(steps, v)
			next := v * 101 / 100
			if next <= v {
				next = v + 1
			}
			v = next
		}
		steps = append(steps, hi)
		g.steps[key] = steps
	}
	i := g.r.IntN(len(steps) - 1)
	return between64(g.r, steps[i], steps[i+1])
}

// dateBetween is a uniform date in [from, to], both inclusive; from when the range is empty.
func (g *generator) dateBetween(from, to domain.Date) domain.Date {
	days := daysBetween(from, to)
	if days <= 0 {
		return from
	}
	return from.AddDays(g.r.IntN(days + 1))
}

// daysBetween is the number of days from a to b (negative when b is before a).
func daysBetween(a, b domain.Date) int {
	return int(b.Time().Sub(a.Time()) / (24 * time.Hour))
}

// addYears moves a date by whole years (29 February becomes 1 March in a common year).
func addYears(d domain.Date, n int) domain.Date {
	return domain.DateOf(d.Time().AddDate(n, 0, 0))
}

// maxDate is the later of two dates.
func maxDate(a, b domain.Date) domain.Date {
	if a.After(b) {
		return a
	}
	return b
}
