package rating

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// The 128-bit helpers agree with math/big within the ranges the package uses.
func TestInt128(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	edge := []int64{0, 1, -1, 2, -2, 99, 100, -100, math.MaxInt64, math.MinInt64 + 1, math.MaxInt64 - 1, 1 << 32, -(1 << 32)}
	pick := func() int64 {
		if rng.IntN(3) == 0 {
			return edge[rng.IntN(len(edge))]
		}
		v := rng.Int64N(math.MaxInt64)
		if rng.IntN(2) == 0 {
			v = -v
		}
		return v >> rng.IntN(63)
	}
	check := func(what string, got i128, want *big.Int) {
		t.Helper()
		if got.big().Cmp(want) != 0 {
			t.Fatalf("%s = %s, want %s", what, got.big(), want)
		}
	}
	for range 20000 {
		a, b, c := pick(), pick(), pick()
		ab := mul64(a, b)
		wab := new(big.Int).Mul(big.NewInt(a), big.NewInt(b))
		check("mul64", ab, wab)
		check("add", ab.add(i128of(c)), new(big.Int).Add(wab, big.NewInt(c)))
		check("sub", ab.sub(i128of(c)), new(big.Int).Sub(wab, big.NewInt(c)))
		check("neg", ab.neg(), new(big.Int).Neg(wab))
		if got, want := ab.sign(), wab.Sign(); got != want {
			t.Fatalf("sign(%s) = %d", wab, got)
		}
		ac := mul64(a, c)
		if got, want := ab.cmp(ac), wab.Cmp(new(big.Int).Mul(big.NewInt(a), big.NewInt(c))); got != want {
			t.Fatalf("cmp = %d, want %d", got, want)
		}
		m := int64(rng.IntN(1 << 12))
		if rng.IntN(2) == 0 {
			m = -m
		}
		small := mul64(a>>8, b>>8) // keeps the product by m inside 127 bits
		check("mul", small.mul(m), new(big.Int).Mul(small.big(), big.NewInt(m)))
		d := uint64(rng.Int64N(math.MaxInt64)>>rng.IntN(62)) + 1
		q, r := ab.divFloor(d)
		wq, wr := new(big.Int).DivMod(wab, new(big.Int).SetUint64(d), new(big.Int)) // Euclidean = floor for d > 0
		check("divFloor", q, wq)
		if r != wr.Uint64() {
			t.Fatalf("divFloor remainder %d, want %s", r, wr)
		}
		wc := new(big.Int).Set(wq)
		if wr.Sign() != 0 {
			wc.Add(wc, big.NewInt(1))
		}
		check("divCeil", ab.divCeil(d), wc)
		v, ok := ab.int64()
		if ok != wab.IsInt64() || (ok && v != wab.Int64()) {
			t.Fatalf("int64(%s) = %d %v", wab, v, ok)
		}
	}
	if v, ok := i128of(math.MinInt64).int64(); !ok || v != math.MinInt64 {
		t.Errorf("int64(MinInt64) = %d %v", v, ok)
	}
}
