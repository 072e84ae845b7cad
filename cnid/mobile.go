package cnid

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// ErrInvalidMobile is wrapped by every error NormalizeMobile returns.
var ErrInvalidMobile = errors.New("cnid: invalid mobile number")

const mobileLen = 11

func mobileErrorf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalidMobile}, args...)...)
}

// NormalizeMobile turns the ways people write a mainland mobile number into
// the canonical 11 digits: "+86 138-0013-8000", "86 13800138000",
// "0086 13800138000", "+0086 13800138000", "138 0013 8000" and the full-width "１３８００１３８０００"
// (typed with a Chinese IME) all become "13800138000".
//
// Spaces, hyphens, dots and parentheses (ASCII or full-width) are ignored; a
// '+' may appear only before the country code, which must then be 86 (or
// 0086, the international prefix written after the '+'). The
// result must be exactly 11 digits beginning with '1' followed by '3'-'9'
// (no mainland mobile range starts 10, 11 or 12). Errors say which rule
// failed.
func NormalizeMobile(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", mobileErrorf("empty")
	}
	var b strings.Builder
	b.Grow(len(s))
	plus := false
	pos := 0
	for _, r := range s {
		pos++
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= '０' && r <= '９':
			b.WriteByte(byte('0' + r - '０'))
		case r == '+' || r == '＋':
			// A '+' anywhere but before the first digit means the input
			// is not one phone number, so refuse rather than guess.
			if plus || b.Len() > 0 {
				return "", mobileErrorf("'+' at position %d is not at the start", pos)
			}
			plus = true
		case isMobileSeparator(r):
			// Formatting only; carries no information.
		default:
			return "", mobileErrorf("character %q at position %d is not a digit or separator", r, pos)
		}
	}
	digits := b.String()
	if digits == "" {
		return "", mobileErrorf("no digits")
	}

	// Strip the country code. No mainland mobile starts with 0 or 8, so these
	// prefixes are unambiguous; a bare "86" is only stripped when the number
	// is too long to be domestic, so a mistyped 11-digit "86..." is reported
	// as having a bad first digit instead of a puzzling length.
	switch {
	case plus && strings.HasPrefix(digits, "0086"):
		// "+0086": the '+' and the international call prefix 00 together, as core systems and
		// forms copied from them write it.
		digits = digits[4:]
	case plus:
		if !strings.HasPrefix(digits, "86") {
			return "", mobileErrorf("country code must be +86")
		}
		digits = digits[2:]
	case strings.HasPrefix(digits, "0086"):
		digits = digits[4:]
	case len(digits) > mobileLen && strings.HasPrefix(digits, "86"):
		digits = digits[2:]
	}

	if len(digits) != mobileLen {
		return "", mobileErrorf("%d digits, want %d", len(digits), mobileLen)
	}
	if digits[0] != '1' {
		return "", mobileErrorf("first digit %c, want 1", digits[0])
	}
	if digits[1] < '3' {
		return "", mobileErrorf("second digit %c, want 3-9", digits[1])
	}
	return digits, nil
}

// isMobileSeparator reports whether r is punctuation people put inside phone
// numbers for readability, in ASCII or full-width form.
func isMobileSeparator(r rune) bool {
	switch r {
	case '-', '.', '(', ')', '－', '．', '（', '）', '‐', '–', '—':
		return true
	}
	// unicode.IsSpace covers the ideographic space U+3000 as well.
	return unicode.IsSpace(r)
}
