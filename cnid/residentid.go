package cnid

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// ErrInvalidResidentID is wrapped by every error that reports a malformed
// resident ID number, whatever the specific defect.
var ErrInvalidResidentID = errors.New("cnid: invalid resident ID")

const (
	idLen       = 18 // GB 11643-1999 length
	legacyIDLen = 15 // pre-1999 length, without century or check digit

	// The birth year range is fixed rather than derived from the clock so the
	// package stays pure. It covers every living customer and every ID the
	// demo bank can generate; callers who care about "born in the future"
	// compare BirthDate with their own notion of now.
	minBirthYear = 1900
	maxBirthYear = 2099
)

// ResidentID is a validated 18-character resident ID number (居民身份证号码).
//
// Values returned by ParseResidentID, UpgradeID15 and GenerateResidentID are
// always well formed. Because the type is a plain string, other values can be
// converted into it directly; the accessor methods return zero values for such
// malformed IDs rather than panicking.
type ResidentID string

// idErrorf builds an error wrapping ErrInvalidResidentID so that every
// message reads "cnid: invalid resident ID: <what is wrong>".
func idErrorf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalidResidentID}, args...)...)
}

// ParseResidentID validates an 18-character resident ID: 17 digits followed
// by a check character '0'-'9' or 'X'. Surrounding white space is trimmed and
// a lowercase final 'x' is accepted and upper-cased, because both are common
// artefacts of manual entry.
//
// The checks, in order, are: length, characters, province code (first two
// digits), birth date (positions 7-14, YYYYMMDD, a real calendar date in
// 1900-2099) and the GB 11643 ISO 7064 MOD 11-2 check digit. Structural checks
// come first so that the error names the most fundamental defect; the check
// digit is only meaningful once everything before it is well formed.
//
// Whether the birth date lies in the future is not checked, since that needs
// the current time and this package does no I/O.
func ParseResidentID(s string) (ResidentID, error) {
	s = strings.TrimSpace(s)
	// Count runes, not bytes, so that "length N" matches what the user sees
	// when the input contains full-width or other non-ASCII characters.
	if n := utf8.RuneCountInString(s); n != idLen {
		return "", idErrorf("length %d, want %d", n, idLen)
	}
	// Only the check position may legitimately hold a letter, so only it is
	// upper-cased; an 'x' elsewhere must still be reported as it was typed.
	if s[len(s)-1] == 'x' {
		s = s[:len(s)-1] + "X"
	}
	if err := requireDigits(s, idLen-1); err != nil {
		return "", err
	}
	// The first 17 runes are ASCII digits, so exactly one rune remains.
	if last, _ := utf8.DecodeRuneInString(s[idLen-1:]); !isDigit(last) && last != 'X' {
		return "", idErrorf("character %q at position %d is not a digit or X", last, idLen)
	}
	if err := checkRegion(s[:6]); err != nil {
		return "", err
	}
	if _, err := parseBirthDate(s[6:14]); err != nil {
		return "", err
	}
	if want := checkDigit(s[:idLen-1]); s[idLen-1] != want {
		return "", idErrorf("check digit should be %c", want)
	}
	return ResidentID(s), nil
}

// CheckDigit computes the GB 11643 check character ('0'-'9' or 'X') for the
// first 17 digits of a resident ID, using ISO 7064 MOD 11-2.
//
// It validates only that first17 is 17 ASCII digits; region and birth date
// are not examined, so it can be used to build test data.
func CheckDigit(first17 string) (byte, error) {
	if n := utf8.RuneCountInString(first17); n != idLen-1 {
		return 0, idErrorf("first 17 characters: length %d, want %d", n, idLen-1)
	}
	if err := requireDigits(first17, idLen-1); err != nil {
		return 0, err
	}
	return checkDigit(first17), nil
}

// checkWeights are the ISO 7064 MOD 11-2 weights 2^(17-i) mod 11 for
// positions 1..17, precomputed as listed in GB 11643-1999.
var checkWeights = [idLen - 1]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// checkChars maps (weighted sum mod 11) to the check character. It is the
// standard's table, equivalent to (12 - sum mod 11) mod 11 with 10 written
// as 'X'.
const checkChars = "10X98765432"

// checkDigit computes the check character of 17 ASCII digits. The caller must
// have validated the input.
func checkDigit(first17 string) byte {
	sum := 0
	for i, w := range checkWeights {
		sum += int(first17[i]-'0') * w
	}
	return checkChars[sum%11]
}

// requireDigits reports the first of the first n runes of s that is not an
// ASCII digit, using 1-based positions as printed on the card and in the
// standard. The caller guarantees s has at least n runes.
func requireDigits(s string, n int) error {
	pos := 0
	for _, r := range s {
		pos++
		if pos > n {
			break
		}
		if !isDigit(r) {
			return idErrorf("character %q at position %d is not a digit", r, pos)
		}
	}
	return nil
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// allDigits reports whether s is non-empty and consists of ASCII digits.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(rune(s[i])) {
			return false
		}
	}
	return s != ""
}

// provinceCodes lists the first two digits that can begin a valid number.
// Only the province level is checked: county codes change over time and old
// IDs keep their original code, so a finer check would reject real customers.
var provinceCodes = map[string]bool{
	// North China
	"11": true, "12": true, "13": true, "14": true, "15": true,
	// North-east
	"21": true, "22": true, "23": true,
	// East
	"31": true, "32": true, "33": true, "34": true, "35": true, "36": true, "37": true,
	// Central and South
	"41": true, "42": true, "43": true, "44": true, "45": true, "46": true,
	// South-west
	"50": true, "51": true, "52": true, "53": true, "54": true,
	// North-west
	"61": true, "62": true, "63": true, "64": true, "65": true,
	// Taiwan, Hong Kong, Macao, Taiwan residence permits (83) and the
	// 2023-format foreign permanent resident ID card (91), all of which share
	// the 18-character layout and check digit.
	"71": true, "81": true, "82": true, "83": true, "91": true,
}

// checkRegion validates a 6-digit region code by its province prefix.
func checkRegion(region string) error {
	if !provinceCodes[region[:2]] {
		return idErrorf("region code %s unknown", region[:2])
	}
	return nil
}

// parseBirthDate parses 8 ASCII digits as YYYYMMDD and rejects dates that do
// not exist (e.g. 19990230, or 19000229 since 1900 is not a leap year).
func parseBirthDate(ymd string) (time.Time, error) {
	y := atoi(ymd[0:4])
	m := atoi(ymd[4:6])
	d := atoi(ymd[6:8])
	if y < minBirthYear || y > maxBirthYear {
		return time.Time{}, idErrorf("birth year %d outside %d-%d", y, minBirthYear, maxBirthYear)
	}
	// time.Date normalises out-of-range values (Feb 30 becomes Mar 2), so a
	// date is real exactly when it survives the round trip unchanged.
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return time.Time{}, idErrorf("birth date %s is not a date", ymd)
	}
	return t, nil
}

// atoi converts a short run of ASCII digits already validated by the caller.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// wellFormed is a cheap guard for the accessors, which may be called on a
// ResidentID that was converted from an arbitrary string.
func (id ResidentID) wellFormed() bool {
	return len(id) == idLen && allDigits(string(id[:idLen-1]))
}

// BirthDate returns the birth date encoded at positions 7-14, as midnight UTC
// on that calendar date. UTC is used so the value has no zone-dependent
// offset; callers should treat it as a date, not an instant. It returns the
// zero time for a malformed ID.
func (id ResidentID) BirthDate() time.Time {
	if !id.wellFormed() {
		return time.Time{}
	}
	t, err := parseBirthDate(string(id[6:14]))
	if err != nil {
		return time.Time{}
	}
	return t
}

// Sex returns "M" if the 17th digit (the last digit of the sequence code) is
// odd and "F" if it is even, as GB 11643 prescribes. It returns "" for a
// malformed ID.
func (id ResidentID) Sex() string {
	if !id.wellFormed() {
		return ""
	}
	if (id[16]-'0')%2 == 1 {
		return "M"
	}
	return "F"
}

// Region returns the 6-digit administrative division code (first 6 digits),
// or "" for a malformed ID.
func (id ResidentID) Region() string {
	if !id.wellFormed() {
		return ""
	}
	return string(id[:6])
}

// UpgradeID15 converts a legacy 15-digit ID (6 region digits, YYMMDD, 3
// sequence digits; issued before 1999) to the 18-digit form by inserting "19"
// before YY and appending the check digit, then validates the result as
// ParseResidentID does. Surrounding white space is trimmed.
//
// The century is always 19: 15-digit IDs were issued only to people born in
// the 1900s, apart from a few centenarians (sequence 996-999) whose 18xx birth
// year would fall outside the supported range anyway.
func UpgradeID15(s string) (ResidentID, error) {
	s = strings.TrimSpace(s)
	if n := utf8.RuneCountInString(s); n != legacyIDLen {
		return "", idErrorf("15-digit ID: length %d, want %d", n, legacyIDLen)
	}
	if err := requireDigits(s, legacyIDLen); err != nil {
		return "", err
	}
	first17 := s[:6] + "19" + s[6:]
	return ParseResidentID(first17 + string(checkDigit(first17)))
}

// GenerateResidentID builds a valid ID for synthetic data such as the demo
// bank. region is the 6-digit division code; birth supplies the calendar date
// (as seen in birth's own location); seq is reduced modulo 100 and becomes
// the sequence code seq*10+s, where s is 1 for male and 0 for female, so the
// 17th digit's parity encodes sex as GB 11643 requires.
//
// It panics if region is not 6 digits with a known province code or if the
// birth year is outside 1900-2099: those are programming errors in the caller,
// and returning an invalid ID silently would poison the synthetic data set.
func GenerateResidentID(region string, birth time.Time, seq int, male bool) ResidentID {
	if len(region) != 6 || !allDigits(region) || !provinceCodes[region[:2]] {
		panic(fmt.Sprintf("cnid: GenerateResidentID: region %q is not 6 digits with a known province code", region))
	}
	y, m, d := birth.Date()
	if y < minBirthYear || y > maxBirthYear {
		panic(fmt.Sprintf("cnid: GenerateResidentID: birth year %d outside %d-%d", y, minBirthYear, maxBirthYear))
	}
	// Reduce into 0-99 even for negative seq, so any int is usable as a
	// counter without the sequence code growing past three digits.
	seq = (seq%100 + 100) % 100
	code := seq * 10
	if male {
		code++
	}
	first17 := fmt.Sprintf("%s%04d%02d%02d%03d", region, y, int(m), d, code)
	return ResidentID(first17 + string(checkDigit(first17)))
}
