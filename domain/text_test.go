package domain

import (
	"errors"
	"strings"
	"testing"
)

func TestBadRune(t *testing.T) {
	tests := []struct {
		name      string
		s         string
		multiline bool
		problem   string // "" = accepted
		r         rune
		pos       int
	}{
		{"plain Chinese", "王小明 13800138000", false, "", 0, 0},
		{"rare character in the Private Use Area", "王\uE000", false, "", 0, 0},
		{"emoji with a zero-width joiner", "👨\u200D👩", false, "", 0, 0},
		{"genuine replacement character", "a\uFFFDb", false, "", 0, 0},
		{"ideographic space", "王\u3000明", false, "", 0, 0},
		{"lines in a note", "第一行\r\n第二行\t完", true, "", 0, 0},
		{"NUL", "ab\x00c", false, ProblemControl, 0, 3},
		{"NUL in a note", "ab\x00c", true, ProblemControl, 0, 3},
		{"escape", "\x1b[31m", true, ProblemControl, 0x1B, 1},
		{"DEL", "x\x7f", false, ProblemControl, 0x7F, 2},
		{"C1 control", "王\u0085", true, ProblemControl, 0x85, 2},
		{"line feed in a name", "王\n明", false, ProblemLineBreak, '\n', 2},
		{"tab in a tag", "a\tb", false, ProblemLineBreak, '\t', 2},
		{"line separator in a name", "a\u2028b", false, ProblemLineBreak, 0x2028, 2},
		{"paragraph separator in a note", "a\u2029b", true, ProblemInvisible, 0x2029, 2},
		{"right-to-left override", "付款\u202Egnp.exe", false, ProblemInvisible, 0x202E, 3},
		{"left-to-right embedding", "\u202Aa", true, ProblemInvisible, 0x202A, 1},
		{"pop directional formatting", "a\u202C", true, ProblemInvisible, 0x202C, 2},
		{"first strong isolate", "a\u2068", false, ProblemInvisible, 0x2068, 2},
		{"left-to-right isolate", "\u2066", false, ProblemInvisible, 0x2066, 1},
		{"pop directional isolate", "\u2069", false, ProblemInvisible, 0x2069, 1},
		{"right-to-left mark", "a\u200Fb", false, ProblemInvisible, 0x200F, 2},
		{"arabic letter mark", "\u061C", false, ProblemInvisible, 0x061C, 1},
		{"zero-width space", "王\u200B明", false, ProblemInvisible, 0x200B, 2},
		{"word joiner", "王\u2060明", false, ProblemInvisible, 0x2060, 2},
		{"byte-order mark inside", "王\uFEFF", false, ProblemInvisible, 0xFEFF, 2},
		{"soft hyphen", "a\u00ADb", false, ProblemInvisible, 0xAD, 2},
		{"interlinear annotation", "\uFFF9", true, ProblemInvisible, 0xFFF9, 1},
		{"invalid UTF-8", "王\xff", false, ProblemInvalidUTF8, 0xFFFD, 2},
	}
	for _, tt := range tests {
		r, pos, problem, ok := BadRune(tt.s, tt.multiline)
		if tt.problem == "" {
			if !ok {
				t.Errorf("%s: %q refused (%s at %d, %s)", tt.name, tt.s, RuneName(r), pos, problem)
			}
			continue
		}
		if ok || problem != tt.problem || pos != tt.pos || (tt.r != 0 && r != tt.r) {
			t.Errorf("%s: %q = %s at %d, %q, ok %v; want %s at %d, %q", tt.name, tt.s, RuneName(r), pos, problem, ok, RuneName(tt.r), tt.pos, tt.problem)
		}
	}
}

func TestCheckFields(t *testing.T) {
	err := CheckFields(Field{"name", "王明", false}, Field{"note", "第一行\n第二行", true}, Field{"next_step", "回访\u202E", false})
	var te *TextError
	if !errors.As(err, &te) || te.Field != "next_step" || te.Rune != 0x202E || te.Pos != 3 {
		t.Fatalf("err %v", err)
	}
	if want := "next_step: character U+202E at position 3 is an invisible formatting character"; !strings.Contains(err.Error(), want) {
		t.Errorf("%q does not say %q", err, want)
	}
	if err := CheckFields(Field{"name", "王明", false}, Field{"note", "a\nb", true}); err != nil {
		t.Errorf("clean fields: %v", err)
	}
}

func TestPlausibleDates(t *testing.T) {
	today := NewDate(2026, 12, 4)
	tests := []struct {
		name string
		f    func(string, Date, Date) error
		d    Date
		ok   bool
	}{
		{"birth absent", CheckBirthDate, Date{}, true},
		{"birth 1900-01-01", CheckBirthDate, NewDate(1900, 1, 1), true},
		{"birth 1899-12-31", CheckBirthDate, NewDate(1899, 12, 31), false},
		{"birth 1800-01-01", CheckBirthDate, NewDate(1800, 1, 1), false},
		{"birth today", CheckBirthDate, today, true},
		{"birth tomorrow", CheckBirthDate, today.AddDays(1), false},
		{"birth 3000-01-01", CheckBirthDate, NewDate(3000, 1, 1), false},
		{"follow-up absent", CheckFollowUp, Date{}, true},
		{"follow-up today", CheckFollowUp, today, true},
		{"follow-up yesterday", CheckFollowUp, today.AddDays(-1), false},
		{"follow-up at the horizon", CheckFollowUp, today.AddDays(FollowUpHorizonDays), true},
		{"follow-up past the horizon", CheckFollowUp, today.AddDays(FollowUpHorizonDays + 1), false},
		{"follow-up 9999-12-31", CheckFollowUp, NewDate(9999, 12, 31), false},
		{"event yesterday", CheckPastDate, today.AddDays(-1), true},
		{"event next year", CheckPastDate, NewDate(2027, 6, 1), false},
	}
	for _, tt := range tests {
		err := tt.f("date", tt.d, today)
		var te *TextError
		if tt.ok != (err == nil) || (err != nil && (!errors.As(err, &te) || te.Problem != ProblemDateRange || te.Field != "date")) {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}
