package rating

import (
	"math"
	"math/big"
	"math/bits"
)

// i128 is a signed 128-bit integer in two's complement: the exact numerator of star points. The
// bounds New and Points enforce keep every value the package computes below 2^125 in magnitude, so
// none of these operations overflows (see points.go).
type i128 struct {
	hi int64
	lo uint64
}

func i128of(v int64) i128 {
	if v < 0 {
		return i128{-1, uint64(v)}
	}
	return i128{0, uint64(v)}
}

// mul64 returns a × b exactly.
func mul64(a, b int64) i128 {
	neg := (a < 0) != (b < 0)
	hi, lo := bits.Mul64(abs64(a), abs64(b))
	x := i128{int64(hi), lo}
	if neg {
		return x.neg()
	}
	return x
}

// abs64 returns |v| as an unsigned number (correct for math.MinInt64 too).
func abs64(v int64) uint64 {
	if v < 0 {
		return uint64(-(v + 1)) + 1
	}
	return uint64(v)
}

func (x i128) add(y i128) i128 {
	lo, carry := bits.Add64(x.lo, y.lo, 0)
	return i128{x.hi + y.hi + int64(carry), lo}
}

func (x i128) sub(y i128) i128 { return x.add(y.neg()) }

func (x i128) neg() i128 {
	lo, borrow := bits.Sub64(0, x.lo, 0)
	return i128{-x.hi - int64(borrow), lo}
}

func (x i128) sign() int {
	switch {
	case x.hi < 0:
		return -1
	case x.hi == 0 && x.lo == 0:
		return 0
	}
	return 1
}

func (x i128) cmp(y i128) int {
	switch {
	case x.hi < y.hi:
		return -1
	case x.hi > y.hi:
		return 1
	case x.lo < y.lo:
		return -1
	case x.lo > y.lo:
		return 1
	}
	return 0
}

// mul returns x × m exactly; callers keep the product inside 127 bits.
func (x i128) mul(m int64) i128 {
	neg := (x.sign() < 0) != (m < 0)
	a := x
	if a.sign() < 0 {
		a = a.neg()
	}
	mu := abs64(m)
	h1, l1 := bits.Mul64(a.lo, mu)
	h1 += uint64(a.hi) * mu
	r := i128{int64(h1), l1}
	if neg {
		return r.neg()
	}
	return r
}

// divFloor returns ⌊x / d⌋ and the remainder x − d·⌊x / d⌋ (0 ≤ rem < d); d must be positive.
func (x i128) divFloor(d uint64) (i128, uint64) {
	if x.sign() >= 0 {
		q, r := udiv(uint64(x.hi), x.lo, d)
		return q, r
	}
	n := x.neg()
	q, r := udiv(uint64(n.hi), n.lo, d)
	q = q.neg()
	if r != 0 {
		q = q.sub(i128{0, 1})
		r = d - r
	}
	return q, r
}

// divCeil returns ⌈x / d⌉; d must be positive.
func (x i128) divCeil(d uint64) i128 {
	q, r := x.divFloor(d)
	if r != 0 {
		q = q.add(i128{0, 1})
	}
	return q
}

// udiv divides the unsigned 128-bit number hi:lo by d.
func udiv(hi, lo, d uint64) (i128, uint64) {
	qh := hi / d
	qlo, r := bits.Div64(hi%d, lo, d)
	return i128{int64(qh), qlo}, r
}

// int64 returns x when it fits in an int64.
func (x i128) int64() (int64, bool) {
	switch {
	case x.hi == 0 && x.lo <= math.MaxInt64:
		return int64(x.lo), true
	case x.hi == -1 && x.lo > math.MaxInt64:
		return int64(x.lo), true
	}
	return 0, false
}

// big returns x as a big.Int.
func (x i128) big() *big.Int {
	n := x
	if x.sign() < 0 {
		n = x.neg()
	}
	b := new(big.Int).SetUint64(uint64(n.hi))
	b.Lsh(b, 64)
	b.Or(b, new(big.Int).SetUint64(n.lo))
	if x.sign() < 0 {
		b.Neg(b)
	}
	return b
}
