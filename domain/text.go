package domain

import (
	"fmt"
	"unicode/utf8"
)

// The checks on what people type and what feeds carry, in one place: control characters, invisible
// formatting characters (bidirectional overrides, zero-width spaces…) and implausible dates are refused
// with the field they were found in, so that the store refuses them alike from a page, the API and a feed.

// Text problems (TextError.Problem).
const (
	ProblemInvalidUTF8 = "utf8"      // bytes that are not UTF-8
	ProblemControl     = "control"   // a C0 or C1 control character (NUL, ESC, DEL…)
	ProblemInvisible   = "invisible" // an invisible formatting character: a bidirectional override or isolate, a zero-width space…
	ProblemLineBreak   = "linebreak" // a line break or tab in a one-line field
	ProblemDateRange   = "daterange" // a date outside its plausible range
)

// TextError says why the value of a field was refused. Field is the field's name as the form and the API
// call it ("note", "birth_date").
type TextError struct {
	Field   string
	Problem string
	Rune    rune // the character refused (text problems)
	Pos     int  // its position, counted in characters from 1 (text problems)
	Date    Date // the date refused (ProblemDateRange)
	Min     Date // the plausible range (ProblemDateRange), both inclusive
	Max     Date
}

func (e *TextError) Error() string {
	switch e.Problem {
	case ProblemInvalidUTF8:
		return fmt.Sprintf("%s: bytes that are not UTF-8 at character %d", e.Field, e.Pos)
	case ProblemDateRange:
		return fmt.Sprintf("%s: %s is not a plausible date (from %s to %s)", e.Field, e.Date, e.Min, e.Max)
	}
	return fmt.Sprintf("%s: character %s at position %d is %s", e.Field, RuneName(e.Rune), e.Pos, TextReason(e.Problem))
}

// TextReason words a text problem in English (for logs, the API and feed reports).
func TextReason(problem string) string {
	switch problem {
	case ProblemControl:
		return "a control character"
	case ProblemInvisible:
		return "an invisible formatting character (a bidirectional override, a zero-width space…)"
	case ProblemLineBreak:
		return "a line break or tab, which this field does not take"
	case ProblemInvalidUTF8:
		return "not UTF-8"
	}
	return problem
}

// RuneName writes r as U+XXXX.
func RuneName(r rune) string { return fmt.Sprintf("U+%04X", r) }

// BadRune returns the first character of s that a field may not hold, its position (characters from 1)
// and the problem, or ok true. A multi-line field (a note, a diary entry) takes line feeds, carriage
// returns and tabs; a one-line field (a name, a tag) takes none.
//
// Refused: bytes that are not UTF-8; the C0 controls U+0000–U+001F, DEL and the C1 controls
// U+0080–U+009F; the bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) and
// the other invisible formatting characters that hide or reorder text: the soft hyphen U+00AD, U+200B,
// U+2060–U+2064, U+206A–U+206F, U+FEFF, U+FFF9–U+FFFB; and the line and paragraph separators U+2028,
// U+2029 (as line breaks). Private Use characters stay accepted: they carry the rare characters of names
// (造字) that core systems encode in GB18030's user-defined areas. The zero-width joiner and non-joiner
// (U+200C, U+200D) stay accepted: emoji and some scripts need them.
func BadRune(s string, multiline bool) (r rune, pos int, problem string, ok bool) {
	pos = 0
	for i := 0; i < len(s); {
		c := s[i]
		pos++
		if c >= 0x20 && c < 0x7F {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			i++
			switch {
			case c == 0x7F:
				return rune(c), pos, ProblemControl, false
			case c == '\n' || c == '\r' || c == '\t':
				if !multiline {
					return rune(c), pos, ProblemLineBreak, false
				}
			default:
				return rune(c), pos, ProblemControl, false
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return r, pos, ProblemInvalidUTF8, false
		}
		i += size
		switch {
		case r >= 0x80 && r <= 0x9F:
			return r, pos, ProblemControl, false
		case r == 0x2028 || r == 0x2029:
			if !multiline {
				return r, pos, ProblemLineBreak, false
			}
			return r, pos, ProblemInvisible, false
		case invisible(r):
			return r, pos, ProblemInvisible, false
		}
	}
	return 0, 0, "", true
}

func invisible(r rune) bool {
	switch {
	case r == 0x00AD, r == 0x061C, r == 0x200B, r == 0x200E, r == 0x200F, r == 0xFEFF:
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2060 && r <= 0x2064, r >= 0x2066 && r <= 0x206F, r >= 0xFFF9 && r <= 0xFFFB:
		return true
	}
	return false
}

// CheckText returns a *TextError for the first character of field's value s it may not hold, or nil.
func CheckText(field, s string, multiline bool) error {
	if r, pos, problem, ok := BadRune(s, multiline); !ok {
		return &TextError{Field: field, Problem: problem, Rune: r, Pos: pos}
	}
	return nil
}

// Plausible date ranges.
const (
	// FollowUpHorizonDays bounds how far ahead a follow-up, a due date or a reminder may be set: two years.
	FollowUpHorizonDays = 2 * 366
)

// EarliestBirth is the earliest plausible birth date of a living person or a family member.
var EarliestBirth = NewDate(1900, 1, 1)

// CheckBirthDate refuses a birth date before 1900-01-01 or after today (the zero Date, absent, is fine).
func CheckBirthDate(field string, d, today Date) error {
	return checkRange(field, d, EarliestBirth, today)
}

// CheckFollowUp refuses a follow-up or due date before today or more than FollowUpHorizonDays after it
// (the zero Date, absent, is fine).
func CheckFollowUp(field string, d, today Date) error {
	return checkRange(field, d, today, today.AddDays(FollowUpHorizonDays))
}

// CheckPastDate refuses a date of something that happened (a life event, an observation) before
// 1900-01-01 or after today (the zero Date, absent, is fine).
func CheckPastDate(field string, d, today Date) error {
	return checkRange(field, d, EarliestBirth, today)
}

// CheckEventDate refuses the date of an event in a client's life (a wedding, a child's entrance
// examination, which may lie ahead) before 1900-01-01 or more than FollowUpHorizonDays after today.
func CheckEventDate(field string, d, today Date) error {
	return checkRange(field, d, EarliestBirth, today.AddDays(FollowUpHorizonDays))
}

func checkRange(field string, d, lo, hi Date) error {
	if d.IsZero() || (!d.Before(lo) && !d.After(hi)) {
		return nil
	}
	return &TextError{Field: field, Problem: ProblemDateRange, Date: d, Min: lo, Max: hi}
}

// Field is one value to check: its name, its text and whether it may span lines.
type Field struct {
	Name      string
	Value     string
	Multiline bool
}

// CheckFields returns the first problem of fields, or nil.
func CheckFields(fields ...Field) error {
	for _, f := range fields {
		if err := CheckText(f.Name, f.Value, f.Multiline); err != nil {
			return err
		}
	}
	return nil
}
