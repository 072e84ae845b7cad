package ingest

import (
	"errors"
	"math"
	"math/bits"
	"strconv"
	"strings"
	"time"

	"github.com/steward-bank/steward/domain"
)

// The parsers below return a reason ("" when the value is fine) rather than an error, so that the hot path
// allocates nothing for good values; the reasons are the texts of the report.

const (
	reasonNotAmount = "is not an amount (want yuan like 1234567.89 or -0.5)"
	reasonTooLarge  = "is too large"
)

// maxYuan is the largest whole number of yuan whose fen fit in int64.
const maxYuan = math.MaxInt64 / 100

// ParseAmount reads decimal yuan with at most 2 decimals ("1234567.89", "-0.5", "12") as fen. It is strict:
// an optional leading '-', digits, and an optional '.' with one or two digits; no '+', no thousands
// separators, no spaces, no exponent.
func ParseAmount(s string) (int64, error) {
	v, reason := parseAmount(s)
	if reason != "" {
		return 0, errors.New("amount " + quote(s) + " " + reason)
	}
	return v, nil
}

func parseAmount(s string) (int64, string) {
	i := 0
	neg := false
	if i < len(s) && s[i] == '-' {
		neg = true
		i++
	}
	start := i
	var yuan uint64
	for ; i < len(s) && s[i]-'0' <= 9; i++ {
		if yuan > maxYuan/10 {
			return 0, reasonTooLarge
		}
		yuan = yuan*10 + uint64(s[i]-'0')
	}
	if i == start {
		return 0, amountSyntax(s)
	}
	if yuan > maxYuan {
		return 0, reasonTooLarge
	}
	var cents uint64
	if i < len(s) {
		if s[i] != '.' {
			return 0, amountSyntax(s)
		}
		i++
		fs := i
		for ; i < len(s) && s[i]-'0' <= 9; i++ {
		}
		if i < len(s) {
			return 0, amountSyntax(s)
		}
		switch i - fs {
		case 0:
			return 0, "has no digits after the decimal point"
		case 1:
			cents = uint64(s[fs]-'0') * 10
		case 2:
			cents = uint64(s[fs]-'0')*10 + uint64(s[fs+1]-'0')
		default:
			return 0, "has more than 2 decimals"
		}
	}
	if yuan*100+cents > math.MaxInt64 {
		return 0, reasonTooLarge
	}
	v := int64(yuan*100 + cents)
	if neg {
		v = -v
	}
	return v, ""
}

// amountSyntax explains why s is not an amount, naming the common mistakes.
func amountSyntax(s string) string {
	switch {
	case s == "":
		return "is empty"
	case strings.HasPrefix(s, "+"):
		return "has a '+' sign (write positive amounts without a sign)"
	case strings.ContainsAny(s, ",，"):
		return "has a thousands separator"
	case strings.ContainsAny(s, " \t"):
		return "has a space inside"
	}
	return reasonNotAmount
}

// FormatAmount writes fen as yuan with exactly two decimals ("-1234.50"): the canonical form that
// ParseAmount reads back to the same value.
func FormatAmount(fen int64) string {
	u := uint64(fen)
	if fen < 0 {
		u = -u
	}
	var buf [24]byte
	i := len(buf)
	cents := u % 100
	u /= 100
	buf[i-1] = byte('0' + cents%10)
	buf[i-2] = byte('0' + cents/10)
	buf[i-3] = '.'
	i -= 3
	for {
		i--
		buf[i] = byte('0' + u%10)
		u /= 10
		if u == 0 {
			break
		}
	}
	if fen < 0 {
		i--
		buf[i] = '-'
	}
	return string(buf[i:])
}

// RateScale is the denominator of exchange rates: a rate is CNY per unit of currency in millionths.
const RateScale = 1_000_000

// ParseRate reads an exchange rate (CNY per unit, up to 6 decimals, positive) as millionths:
// "7.123456" → 7123456.
func ParseRate(s string) (int64, error) {
	v, reason := parseRate(s)
	if reason != "" {
		return 0, errors.New("rate " + quote(s) + " " + reason)
	}
	return v, nil
}

func parseRate(s string) (int64, string) {
	const maxUnits = math.MaxInt64/RateScale - 1
	i := 0
	var units uint64
	for ; i < len(s) && s[i]-'0' <= 9; i++ {
		if units > maxUnits/10 {
			return 0, reasonTooLarge
		}
		units = units*10 + uint64(s[i]-'0')
	}
	if i == 0 {
		return 0, rateSyntax(s)
	}
	var frac uint64
	if i < len(s) {
		if s[i] != '.' {
			return 0, rateSyntax(s)
		}
		i++
		fs := i
		for ; i < len(s) && s[i]-'0' <= 9; i++ {
			if i-fs < 6 {
				frac = frac*10 + uint64(s[i]-'0')
			}
		}
		n := i - fs
		switch {
		case i < len(s):
			return 0, rateSyntax(s)
		case n == 0:
			return 0, "has no digits after the decimal point"
		case n > 6:
			return 0, "has more than 6 decimals"
		}
		for ; n < 6; n++ {
			frac *= 10
		}
	}
	v := int64(units*RateScale + frac)
	if v == 0 {
		return 0, "must be positive"
	}
	return v, ""
}

func rateSyntax(s string) string {
	if strings.HasPrefix(s, "-") {
		return "must be positive"
	}
	if s == "" {
		return "is empty"
	}
	return "is not a rate (want CNY per unit like 7.123456)"
}

// FormatRate writes a rate in millionths with six decimals ("7.123456").
func FormatRate(micros int64) string {
	neg := micros < 0
	u := uint64(micros)
	if neg {
		u = -u
	}
	var buf [32]byte
	i := len(buf)
	frac := u % RateScale
	u /= RateScale
	for k := 0; k < 6; k++ {
		i--
		buf[i] = byte('0' + frac%10)
		frac /= 10
	}
	i--
	buf[i] = '.'
	for {
		i--
		buf[i] = byte('0' + u%10)
		u /= 10
		if u == 0 {
			break
		}
	}
	if neg {
		i--
		buf[i] = '-'
	}
	return string(buf[i:])
}

// ToCNY converts an amount in fen of a foreign currency to fen of CNY at a rate in millionths, rounding
// half away from zero. ok is false when the result does not fit in int64 or the rate is not positive.
func ToCNY(fen, rateMicros int64) (cny int64, ok bool) {
	if rateMicros <= 0 {
		return 0, false
	}
	neg := fen < 0
	u := uint64(fen)
	if neg {
		u = -u
	}
	hi, lo := bits.Mul64(u, uint64(rateMicros))
	lo, carry := bits.Add64(lo, RateScale/2, 0)
	hi += carry
	if hi >= RateScale {
		return 0, false
	}
	q, _ := bits.Div64(hi, lo, RateScale)
	if q > math.MaxInt64 {
		return 0, false
	}
	if neg {
		return -int64(q), true
	}
	return int64(q), true
}

// minYear keeps obviously wrong years out; 9999 (as in 99991231, "no maturity") stays allowed.
const minYear = 1900

// parseYMD reads YYYYMMDD as a real calendar date.
func parseYMD(s string) (y, m, d int, ok bool) {
	if len(s) != 8 {
		return 0, 0, 0, false
	}
	for i := 0; i < 8; i++ {
		if s[i]-'0' > 9 {
			return 0, 0, 0, false
		}
	}
	y = int(s[0]-'0')*1000 + int(s[1]-'0')*100 + int(s[2]-'0')*10 + int(s[3]-'0')
	m = int(s[4]-'0')*10 + int(s[5]-'0')
	d = int(s[6]-'0')*10 + int(s[7]-'0')
	if y < minYear || m < 1 || m > 12 || d < 1 || d > domain.DaysIn(y, m) {
		return 0, 0, 0, false
	}
	return y, m, d, true
}

// dateCache memoises domain.NewDate, which goes through time.Date: a feed repeats a few thousand distinct
// dates over millions of rows. It is direct-mapped and owned by one goroutine.
type dateCache struct {
	keys  [1024]int32
	dates [1024]domain.Date
}

func (c *dateCache) get(y, m, d int) domain.Date {
	k := int32(y*10000 + m*100 + d)
	h := (uint32(k) * 2654435761) >> 22
	if c.keys[h] == k {
		return c.dates[h]
	}
	v := domain.NewDate(y, time.Month(m), d)
	c.keys[h], c.dates[h] = k, v
	return v
}

func timeMonth(m int) time.Month { return time.Month(m) }

// parseHMS reads HHMMSS.
func parseHMS(s string) (h, mi, sec int, ok bool) {
	if len(s) != 6 {
		return 0, 0, 0, false
	}
	for i := 0; i < 6; i++ {
		if s[i]-'0' > 9 {
			return 0, 0, 0, false
		}
	}
	h = int(s[0]-'0')*10 + int(s[1]-'0')
	mi = int(s[2]-'0')*10 + int(s[3]-'0')
	sec = int(s[4]-'0')*10 + int(s[5]-'0')
	return h, mi, sec, h < 24 && mi < 60 && sec < 60
}

// validCurrency reports whether s looks like an ISO 4217 code: three upper-case ASCII letters.
func validCurrency(s string) bool {
	return len(s) == 3 && s[0]-'A' < 26 && s[1]-'A' < 26 && s[2]-'A' < 26
}

// codeSet is one of the closed lists of codes of FEEDS.md. Codes are case-sensitive.
type codeSet struct {
	values []string
	reason string // "unknown code; allowed: …"
}

func newCodes(values ...string) *codeSet {
	return &codeSet{values: values, reason: "unknown code; allowed: " + strings.Join(values, ", ")}
}

// find returns the canonical (shared) copy of s, so that rows do not keep the file's text alive for codes.
func (c *codeSet) find(s string) (string, bool) {
	for _, v := range c.values {
		if v == s {
			return v, true
		}
	}
	return "", false
}

// The code lists of FEEDS.md.
var (
	orgLevels       = newCodes("head", "branch", "subbranch", "outlet")
	categories      = newCodes("demand", "time", "wealth", "fund", "insurance", "bond", "metal", "loan", "credit_card", "agreement")
	riskLevels      = newCodes("R1", "R2", "R3", "R4", "R5")
	assetClasses    = newCodes("asset", "liability", "none")
	cardLevels      = newCodes("ordinary", "gold", "platinum")
	agreementKinds  = newCodes("private_banking", "wealth_premier", "wealth")
	pointsClasses   = newCodes("short", "long", "mortgage", "loan", "none")
	idTypes         = newCodes(domain.IDTypeResident, domain.IDTypePassport, domain.IDTypeHKMacau, domain.IDTypeTaiwan, domain.IDTypeOther)
	genders         = newCodes("M", "F")
	occupations     = newCodes("retired", "worker", "self_employed", "freelance", "sales", "civil_servant", "teacher", "medical", "manager", "farmer", "student", "unemployed", "other")
	sources         = newCodes("natural", "agency", "staff", "referral", "campaign")
	clientStatuses  = newCodes("normal", "frozen", "closed")
	creditGrades    = newCodes("AAA", "AA", "A", "BBB", "BB", "B", "C")
	accountStatuses = newCodes("active", "closed")
	txnKinds        = newCodes("cash", "transfer", "purchase", "redeem", "card_spend", "fee", "interest", "loan_draw", "loan_repay", "fx", "other")
	channels        = newCodes("counter", "atm", "mobile", "online", "pos", "system")
	flags           = newCodes("1", "0")
)

// defaultPointsClass is the points class of a product whose points_class is empty (FEEDS.md, PROD).
func defaultPointsClass(category string) string {
	switch category {
	case "demand":
		return "short"
	case "time", "wealth", "fund", "bond", "insurance", "metal":
		return "long"
	case "loan":
		return "loan"
	}
	return "none"
}

// quote is strconv.Quote for report values, shortened so that a garbage field cannot bloat the report.
func quote(s string) string {
	return strconv.Quote(shorten(s))
}

const maxValueRunes = 80

// shorten cuts s to maxValueRunes runes with an ellipsis, and copies it so that an issue never keeps a
// whole chunk of a data file alive.
func shorten(s string) string {
	n := 0
	for i := range s {
		if n == maxValueRunes {
			return strings.Clone(s[:i]) + "…"
		}
		n++
	}
	return strings.Clone(s)
}

// article puts "a" or "an" before a code: "an outlet", "a branch".
func article(word string) string {
	if word != "" && strings.IndexByte("aeiou", word[0]) >= 0 {
		return "an " + word
	}
	return "a " + word
}
