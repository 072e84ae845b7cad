package policy

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Money is an amount of renminbi in fen (分, 1/100 yuan). The policy file writes it as a yuan decimal
// string such as "50000" or "50000.00"; it is converted to fen exactly.
type Money int64

// Yuan returns n whole yuan as Money.
func Yuan(n int64) Money { return Money(n * 100) }

// Fen returns the amount in fen.
func (m Money) Fen() int64 { return int64(m) }

// ParseYuan parses a yuan amount: an optional '-', one or more digits, and optionally '.' followed by one
// or two digits ("12" → 1200 fen, "-0.5" → -50 fen). Grouping separators, signs other than '-',
// spaces, exponents and a third decimal are refused.
func ParseYuan(s string) (Money, error) {
	bad := func() (Money, error) {
		return 0, fmt.Errorf("%q is not a yuan amount (digits, an optional '-' and at most 2 decimals)", s)
	}
	neg := false
	rest := s
	if strings.HasPrefix(rest, "-") {
		neg, rest = true, rest[1:]
	}
	whole, frac, hasDot := strings.Cut(rest, ".")
	if whole == "" || !allDigits(whole) || (hasDot && (frac == "" || !allDigits(frac))) {
		return bad()
	}
	if len(frac) > 2 {
		return 0, fmt.Errorf("%q has more than 2 decimals (amounts are exact to the fen)", s)
	}
	for len(frac) < 2 {
		frac += "0"
	}
	limit := uint64(math.MaxInt64)
	if neg {
		limit++ // -9223372036854775808 fen is representable
	}
	var mag uint64
	for _, c := range whole + frac {
		d := uint64(c - '0')
		if mag > (limit-d)/10 {
			return 0, fmt.Errorf("%q is out of range", s)
		}
		mag = mag*10 + d
	}
	if neg {
		return Money(-int64(mag-1) - 1), nil // avoids overflow at the most negative value
	}
	return Money(mag), nil
}

// YuanString formats the amount as yuan with exactly two decimals: "1234567.89", "-0.50", "0.00".
func (m Money) YuanString() string {
	mag := uint64(m)
	sign := ""
	if m < 0 {
		mag = uint64(-(m + 1)) + 1
		sign = "-"
	}
	return fmt.Sprintf("%s%d.%02d", sign, mag/100, mag%100)
}

// String is YuanString.
func (m Money) String() string { return m.YuanString() }

// MarshalText writes the amount as a yuan decimal string.
func (m Money) MarshalText() ([]byte, error) { return []byte(m.YuanString()), nil }

// UnmarshalText reads a yuan decimal string (see ParseYuan).
func (m *Money) UnmarshalText(b []byte) error {
	v, err := ParseYuan(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// decodeTOML accepts a yuan string, or a TOML integer of whole yuan; a TOML float is refused because it
// is not exact.
func (m *Money) decodeTOML(v any) error {
	switch x := v.(type) {
	case string:
		return m.UnmarshalText([]byte(x))
	case int64:
		if x > math.MaxInt64/100 || x < math.MinInt64/100 {
			return fmt.Errorf("%d yuan is out of range", x)
		}
		*m = Yuan(x)
		return nil
	case float64:
		return fmt.Errorf("write the amount as a quoted yuan string such as \"%s\", not a TOML float", strconv.FormatFloat(x, 'f', -1, 64))
	}
	return fmt.Errorf("must be a yuan amount string, got %s", tomlType(v))
}

// maxRateDecimals is the number of decimals a Rate may be written with.
const maxRateDecimals = 6

// Rate is an exact decimal number held as the rational Num/Den: a points weight (star points per
// 100 yuan) or a number of star points. ParseRate keeps it in lowest terms with Den > 0; the zero value
// (Den 0) is read as 0.
type Rate struct{ Num, Den int64 }

// Points is a number of star points (星点值), held exactly.
type Points = Rate

// ParseRate parses a decimal with an optional '-' and at most 6 decimals: "1.35", "2", "0.000125".
func ParseRate(s string) (Rate, error) {
	neg := false
	rest := s
	if strings.HasPrefix(rest, "-") {
		neg, rest = true, rest[1:]
	}
	whole, frac, hasDot := strings.Cut(rest, ".")
	if whole == "" || !allDigits(whole) || (hasDot && (frac == "" || !allDigits(frac))) {
		return Rate{}, fmt.Errorf("%q is not a decimal", s)
	}
	if len(frac) > maxRateDecimals {
		return Rate{}, fmt.Errorf("%q has more than %d decimals", s, maxRateDecimals)
	}
	whole = strings.TrimLeft(whole, "0")
	if len(whole)+len(frac) > 18 { // keeps Num well inside int64
		return Rate{}, fmt.Errorf("%q is out of range", s)
	}
	num, err := strconv.ParseInt("0"+whole+frac, 10, 64)
	if err != nil {
		return Rate{}, fmt.Errorf("%q is out of range", s)
	}
	den := int64(1)
	for range len(frac) {
		den *= 10
	}
	if neg {
		num = -num
	}
	return Rate{num, den}.reduced(), nil
}

// RateOf returns the rate num/den in lowest terms; den must not be 0.
func RateOf(num, den int64) Rate { return Rate{num, den}.reduced() }

func (r Rate) den() int64 {
	if r.Den == 0 {
		return 1
	}
	return r.Den
}

func (r Rate) reduced() Rate {
	n, d := r.Num, r.den()
	if d < 0 {
		n, d = -n, -d
	}
	if n == 0 {
		return Rate{0, 1}
	}
	a, b := n, d
	if a < 0 {
		a = -a
	}
	for b != 0 {
		a, b = b, a%b
	}
	return Rate{n / a, d / a}
}

// Rat returns the rate as a big.Rat.
func (r Rate) Rat() *big.Rat { return new(big.Rat).SetFrac64(r.Num, r.den()) }

// MulFen returns the star points that fen earns at this weight, exactly: fen × r / 10 000, since a
// weight is points per 100 yuan (10 000 fen). fen is an average daily balance or a window total.
func (r Rate) MulFen(fen int64) *big.Rat {
	x := new(big.Rat).SetFrac(big.NewInt(fen), big.NewInt(10000))
	return x.Mul(x, r.Rat())
}

// Cmp compares r and o: -1, 0 or +1.
func (r Rate) Cmp(o Rate) int { return r.Rat().Cmp(o.Rat()) }

// Sign returns -1, 0 or +1.
func (r Rate) Sign() int {
	switch {
	case r.Num == 0:
		return 0
	case (r.Num < 0) != (r.den() < 0):
		return -1
	}
	return 1
}

// isDecimal reports whether r can be written with at most 6 decimals.
func (r Rate) isDecimal() bool {
	if r.Den < 0 {
		return false
	}
	x := r.Rat()
	x.Mul(x, big.NewRat(1_000_000, 1))
	return x.IsInt()
}

// String writes the rate as a decimal with at least 2 and at most 6 decimals ("1.35", "2.00",
// "0.000125"); a rate that is not such a decimal is written as "num/den".
func (r Rate) String() string {
	if !r.isDecimal() {
		return fmt.Sprintf("%d/%d", r.Num, r.Den)
	}
	s := r.Rat().FloatString(maxRateDecimals)
	for strings.HasSuffix(s, "0") && len(s)-strings.IndexByte(s, '.') > 3 {
		s = s[:len(s)-1]
	}
	return s
}

// MarshalText writes the rate as a decimal string.
func (r Rate) MarshalText() ([]byte, error) {
	if !r.isDecimal() {
		return nil, fmt.Errorf("policy: rate %d/%d is not a decimal with at most %d places", r.Num, r.Den, maxRateDecimals)
	}
	return []byte(r.String()), nil
}

// UnmarshalText reads a decimal string (see ParseRate).
func (r *Rate) UnmarshalText(b []byte) error {
	v, err := ParseRate(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// decodeTOML accepts a decimal string or a TOML integer; a TOML float is refused because it is not exact.
func (r *Rate) decodeTOML(v any) error {
	switch x := v.(type) {
	case string:
		return r.UnmarshalText([]byte(x))
	case int64:
		*r = Rate{x, 1}
		return nil
	case float64:
		return fmt.Errorf("write the number as a quoted decimal string such as \"%s\", not a TOML float", strconv.FormatFloat(x, 'f', -1, 64))
	}
	return fmt.Errorf("must be a decimal string, got %s", tomlType(v))
}

// Clock is a time of day in minutes after midnight, written "HH:MM" (24-hour).
type Clock int

// ParseClock parses "HH:MM", 00:00 to 23:59.
func ParseClock(s string) (Clock, error) {
	bad := fmt.Errorf("%q is not a time of day (HH:MM, 00:00 to 23:59)", s)
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(h) != 2 || len(m) != 2 || !allDigits(h) || !allDigits(m) {
		return 0, bad
	}
	hh, _ := strconv.Atoi(h)
	mm, _ := strconv.Atoi(m)
	if hh > 23 || mm > 59 {
		return 0, bad
	}
	return Clock(hh*60 + mm), nil
}

// String writes the time as "HH:MM".
func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60) }

// MarshalText writes the time as "HH:MM".
func (c Clock) MarshalText() ([]byte, error) {
	if c < 0 || c >= 24*60 {
		return nil, errors.New("policy: clock out of range")
	}
	return []byte(c.String()), nil
}

// UnmarshalText reads "HH:MM".
func (c *Clock) UnmarshalText(b []byte) error {
	v, err := ParseClock(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

func (c *Clock) decodeTOML(v any) error {
	if s, ok := v.(string); ok {
		return c.UnmarshalText([]byte(s))
	}
	return fmt.Errorf("must be a time of day string \"HH:MM\", got %s", tomlType(v))
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
