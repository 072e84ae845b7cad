package cnid

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The Mask functions produce display forms for screens, exports and logs
// where staff need to recognise a record without seeing the full value. They
// never fail: anything unexpected is masked more, not less. They work on
// runes so multi-byte characters are never split into invalid UTF-8, and they
// trim surrounding white space so stray padding does not shift what is kept.

// MaskMobile masks the middle of a mobile number: "13800138000" becomes
// "138****8000". Any input of at least 8 runes keeps its first 3 and last 4
// runes; shorter input is masked entirely, because keeping 7 runes of it
// would reveal nearly all of it.
func MaskMobile(m string) string {
	m = strings.TrimSpace(m)
	if utf8.RuneCountInString(m) >= 8 {
		return maskMiddle(m, 3, 4)
	}
	return maskMiddle(m, 0, 0)
}

// MaskID masks an identity document number. An 18-rune resident ID keeps the
// region code and the last 4 characters, as is customary on Chinese bank
// statements: "110101199003071233" becomes "110101********1233", hiding the
// birth date. Other documents (passports, permits, legacy 15-digit IDs) keep
// their first 2 and last 2 runes if longer than 4 runes, and are masked
// entirely otherwise.
func MaskID(id string) string {
	id = strings.TrimSpace(id)
	switch n := utf8.RuneCountInString(id); {
	case n == idLen:
		return maskMiddle(id, 6, 4)
	case n > 4:
		return maskMiddle(id, 2, 2)
	default:
		return maskMiddle(id, 0, 0)
	}
}

// maskMiddle keeps the first head and last tail runes of s and replaces every
// rune in between with '*', preserving the rune count. The caller ensures
// head+tail does not exceed the rune count.
func maskMiddle(s string, head, tail int) string {
	rs := []rune(s)
	for i := head; i < len(rs)-tail; i++ {
		rs[i] = '*'
	}
	return string(rs)
}

// MaskName keeps the first rune of a name and masks the rest: "张三" becomes
// "张*" and "王小明" becomes "王**". Spaces and the middle dots used in
// transliterated names (e.g. "阿依古丽·买买提") are kept, so "John Smith"
// becomes "J*** *****"; separators carry no personal information and keeping
// them makes the mask easier to read.
//
// A name of a single rune (other than separators) is masked entirely, since
// keeping its first rune would reveal all of it.
func MaskName(n string) string {
	n = strings.TrimSpace(n)
	rs := []rune(n)
	letters := 0
	for _, r := range rs {
		if !isNameSeparator(r) {
			letters++
		}
	}
	// After trimming, rs[0] is never a space; it could be a dot, which is
	// harmless to keep.
	first := 1
	if letters <= 1 {
		first = 0
	}
	for i := first; i < len(rs); i++ {
		if !isNameSeparator(rs[i]) {
			rs[i] = '*'
		}
	}
	return string(rs)
}

// isNameSeparator reports whether r separates parts of a name rather than
// being part of one.
func isNameSeparator(r rune) bool {
	// U+00B7 is the middle dot mandated for transliterated names; U+30FB
	// (katakana middle dot) and U+2022 are frequent IME substitutes for it.
	return unicode.IsSpace(r) || r == '·' || r == '・' || r == '•'
}
