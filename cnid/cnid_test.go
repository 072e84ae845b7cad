package cnid

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// withCheck appends the computed check digit to 17 digits, so refusal tests
// can build IDs whose only defect is the one under test.
func withCheck(t *testing.T, first17 string) string {
	t.Helper()
	c, err := CheckDigit(first17)
	if err != nil {
		t.Fatalf("CheckDigit(%q): %v", first17, err)
	}
	return first17 + string(c)
}

func TestCheckDigit(t *testing.T) {
	// The expected values were worked out by hand from GB 11643 so that the
	// test does not merely restate the implementation. Weights for positions
	// 1-17 are 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2; the check character is
	// "10X98765432"[sum mod 11].
	tests := []struct {
		first17 string
		want    byte
	}{
		// 1*7+1*9+0*10+1*5+0*8+5*4+1*2+9*1+4*6+9*3+1*7+2*9+3*10+1*5+0*8+0*4+2*2
		// = 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2 -> 'X'.
		{"11010519491231002", 'X'},
		// 1*7+1*9+0*10+1*5+0*8+1*4+1*2+9*1+9*6+0*3+0*7+3*9+0*10+7*5+1*8+2*4+3*2
		// = 7+9+0+5+0+4+2+9+54+0+0+27+0+35+8+8+6 = 174; 174 mod 11 = 9 -> '3'.
		{"11010119900307123", '3'},
		// 1*7+1*9+0*10+1*5+0*8+5*4+2*2+0*1+0*6+0*3+0*7+2*9+2*10+9*5+0*8+0*4+1*2
		// = 7+9+0+5+0+20+4+0+0+0+0+18+20+45+0+0+2 = 130; 130 mod 11 = 9 -> '3'.
		{"11010520000229001", '3'},
		// All zeros: sum 0 -> '1'.
		{"00000000000000000", '1'},
	}
	for _, tt := range tests {
		got, err := CheckDigit(tt.first17)
		if err != nil {
			t.Errorf("CheckDigit(%q): unexpected error %v", tt.first17, err)
			continue
		}
		if got != tt.want {
			t.Errorf("CheckDigit(%q) = %c, want %c", tt.first17, got, tt.want)
		}
	}
}

func TestCheckDigitErrors(t *testing.T) {
	tests := []struct {
		in, wantErr string
	}{
		{"1101051949123100", "length 16, want 17"},
		{"110105194912310021", "length 18, want 17"},
		{"1101051949123100a", "character 'a' at position 17 is not a digit"},
		{"", "length 0, want 17"},
	}
	for _, tt := range tests {
		_, err := CheckDigit(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("CheckDigit(%q) error = %v, want containing %q", tt.in, err, tt.wantErr)
		}
	}
}

func TestParseResidentIDValid(t *testing.T) {
	tests := []struct {
		name, in string
		want     ResidentID
	}{
		{"X check digit", "11010519491231002X", "11010519491231002X"},
		{"digit check digit", "110101199003071233", "110101199003071233"},
		{"lowercase x upper-cased", "11010519491231002x", "11010519491231002X"},
		{"surrounding spaces trimmed", "  110101199003071233\t", "110101199003071233"},
		{"ideographic space trimmed", "\u3000110101199003071233\u3000", "110101199003071233"},
		{"Feb 29 in leap year 2000", "110105200002290013", "110105200002290013"},
		{"earliest year", withCheck(t, "11010119000101001"), ResidentID(withCheck(t, "11010119000101001"))},
		{"latest year", withCheck(t, "11010120991231002"), ResidentID(withCheck(t, "11010120991231002"))},
		{"Hong Kong code", withCheck(t, "81000019800101001"), ResidentID(withCheck(t, "81000019800101001"))},
		{"foreign permanent resident", withCheck(t, "91000019800101001"), ResidentID(withCheck(t, "91000019800101001"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseResidentID(tt.in)
			if err != nil {
				t.Fatalf("ParseResidentID(%q): unexpected error %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseResidentID(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseResidentIDRefusals(t *testing.T) {
	tests := []struct {
		name, in, wantErr string
	}{
		{"wrong check digit", "110101199003071234", "check digit should be 3"},
		{"wrong check digit, X expected", "110105194912310021", "check digit should be X"},
		{"X where a digit is due", "11010119900307123X", "check digit should be 3"},
		{"17 chars", "11010519491231002", "length 17, want 18"},
		{"19 chars", "1101011990030712330", "length 19, want 18"},
		{"empty", "", "length 0, want 18"},
		{"only spaces", "   ", "length 0, want 18"},
		{"letter in body", "1101a1199003071233", "character 'a' at position 5 is not a digit"},
		{"X in body", "1101X1199003071233", "character 'X' at position 5 is not a digit"},
		{"lowercase x in body not upper-cased", "1101x1199003071233", "character 'x' at position 5 is not a digit"},
		{"bad final char", "11010119900307123Y", "character 'Y' at position 18 is not a digit or X"},
		{"full-width digits", "１１０１０１１９９００３０７１２３３", "character '１' at position 1 is not a digit"},
		{"Feb 30", withCheck(t, "11010119990230123"), "birth date 19990230 is not a date"},
		{"Feb 29 in non-leap 1900", withCheck(t, "11010119000229001"), "birth date 19000229 is not a date"},
		{"Feb 29 in non-leap 2023", withCheck(t, "11010120230229001"), "birth date 20230229 is not a date"},
		{"month 13", withCheck(t, "11010119901301001"), "birth date 19901301 is not a date"},
		{"month 00", withCheck(t, "11010119900001001"), "birth date 19900001 is not a date"},
		{"day 00", withCheck(t, "11010119900100001"), "birth date 19900100 is not a date"},
		{"Apr 31", withCheck(t, "11010119900431001"), "birth date 19900431 is not a date"},
		{"year before 1900", withCheck(t, "11010118991231001"), "birth year 1899 outside 1900-2099"},
		{"year after 2099", withCheck(t, "11010121000101001"), "birth year 2100 outside 1900-2099"},
		{"unknown region 99", withCheck(t, "99010119900307123"), "region code 99 unknown"},
		{"unknown region 00", withCheck(t, "00010119900307123"), "region code 00 unknown"},
		{"unknown region 16", withCheck(t, "16010119900307123"), "region code 16 unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseResidentID(tt.in)
			if err == nil {
				t.Fatalf("ParseResidentID(%q) = %q, want error containing %q", tt.in, got, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseResidentID(%q) error = %q, want containing %q", tt.in, err, tt.wantErr)
			}
			if !errors.Is(err, ErrInvalidResidentID) {
				t.Errorf("ParseResidentID(%q) error %v does not wrap ErrInvalidResidentID", tt.in, err)
			}
			if got != "" {
				t.Errorf("ParseResidentID(%q) returned %q alongside an error", tt.in, got)
			}
		})
	}
}

func TestParseResidentIDErrorFormat(t *testing.T) {
	// Pin one full message so the prefix convention does not drift.
	_, err := ParseResidentID("110101199003071234")
	const want = "cnid: invalid resident ID: check digit should be 3"
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
}

func date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func TestResidentIDAccessors(t *testing.T) {
	tests := []struct {
		id     ResidentID
		birth  time.Time
		sex    string
		region string
	}{
		{"11010519491231002X", date(1949, 12, 31), "F", "110105"},
		{"110101199003071233", date(1990, 3, 7), "M", "110101"},
		{"110105200002290013", date(2000, 2, 29), "M", "110105"},
	}
	for _, tt := range tests {
		if got := tt.id.BirthDate(); !got.Equal(tt.birth) || got.Location() != time.UTC {
			t.Errorf("%s.BirthDate() = %v, want %v", tt.id, got, tt.birth)
		}
		if got := tt.id.Sex(); got != tt.sex {
			t.Errorf("%s.Sex() = %q, want %q", tt.id, got, tt.sex)
		}
		if got := tt.id.Region(); got != tt.region {
			t.Errorf("%s.Region() = %q, want %q", tt.id, got, tt.region)
		}
	}
}

func TestResidentIDAccessorsMalformed(t *testing.T) {
	// A ResidentID converted from an arbitrary string must give zero values
	// rather than panic or report garbage.
	tests := []struct {
		id          ResidentID
		sex, region string
	}{
		{"", "", ""},
		{"123", "", ""},
		{"1101011990030712", "", ""},
		{"中华人民共和国居民身份证号码", "", ""},
		{"1101a1199003071233", "", ""},
		// Structurally fine but 19900230 is not a date: Sex and Region
		// are still readable, BirthDate is not.
		{"11010119900230123X", "M", "110101"},
	}
	for _, tt := range tests {
		if got := tt.id.Sex(); got != tt.sex {
			t.Errorf("%q.Sex() = %q, want %q", tt.id, got, tt.sex)
		}
		if got := tt.id.Region(); got != tt.region {
			t.Errorf("%q.Region() = %q, want %q", tt.id, got, tt.region)
		}
		if got := tt.id.BirthDate(); !got.IsZero() {
			t.Errorf("%q.BirthDate() = %v, want zero time", tt.id, got)
		}
	}
}

func TestUpgradeID15(t *testing.T) {
	tests := []struct {
		in      string
		want    ResidentID
		wantErr string
	}{
		{in: "110105491231002", want: "11010519491231002X"},
		{in: " 110101900307123 ", want: "110101199003071233"},
		{in: "11010549123100", wantErr: "15-digit ID: length 14, want 15"},
		{in: "11010519491231002X", wantErr: "15-digit ID: length 18, want 15"},
		{in: "11010549123100X", wantErr: "character 'X' at position 15 is not a digit"},
		{in: "110105490230002", wantErr: "birth date 19490230 is not a date"},
		{in: "990105491231002", wantErr: "region code 99 unknown"},
	}
	for _, tt := range tests {
		got, err := UpgradeID15(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("UpgradeID15(%q) = %q, %v; want error containing %q", tt.in, got, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("UpgradeID15(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestGenerateResidentID(t *testing.T) {
	regions := []string{"110101", "310115", "440305", "650102", "810000", "910000"}
	births := []time.Time{
		date(1900, 1, 1),
		date(1949, 12, 31),
		date(1990, 3, 7),
		date(2000, 2, 29),
		date(2024, 2, 29),
		date(2099, 12, 31),
		// A non-UTC, non-midnight time: the calendar date in its own
		// location must be used, not the UTC date (which is the 6th).
		time.Date(1985, 6, 7, 1, 30, 0, 0, time.FixedZone("CST", 8*3600)),
	}
	seqs := []int{0, 1, 7, 42, 99, 100, 12345, -1}
	seen := map[ResidentID]bool{}
	for _, region := range regions {
		for _, birth := range births {
			for _, seq := range seqs {
				for _, male := range []bool{true, false} {
					id := GenerateResidentID(region, birth, seq, male)
					parsed, err := ParseResidentID(string(id))
					if err != nil {
						t.Fatalf("GenerateResidentID(%s, %v, %d, %v) = %s, rejected: %v", region, birth, seq, male, id, err)
					}
					if parsed != id {
						t.Errorf("re-parse of %s gave %s", id, parsed)
					}
					y, m, d := birth.Date()
					if got := id.BirthDate(); !got.Equal(date(y, m, d)) {
						t.Errorf("%s.BirthDate() = %v, want %v", id, got, date(y, m, d))
					}
					wantSex := "F"
					if male {
						wantSex = "M"
					}
					if got := id.Sex(); got != wantSex {
						t.Errorf("%s.Sex() = %q, want %q", id, got, wantSex)
					}
					if got := id.Region(); got != region {
						t.Errorf("%s.Region() = %q, want %q", id, got, region)
					}
					seen[id] = true
				}
			}
		}
	}
	// seq 0/100 and 99/-1 coincide modulo 100; everything else is distinct.
	want := len(regions) * len(births) * (len(seqs) - 2) * 2
	if len(seen) != want {
		t.Errorf("generated %d distinct IDs, want %d", len(seen), want)
	}
}

func TestGenerateResidentIDKnown(t *testing.T) {
	// seq 0 male gives sequence code "001"; the check digit is the
	// hand-worked '3' from TestCheckDigit.
	if got := GenerateResidentID("110105", date(2000, 2, 29), 0, true); got != "110105200002290013" {
		t.Errorf("got %s, want 110105200002290013", got)
	}
	// seq 12 male gives "121". Against the hand-worked 11010119900307123
	// (sum 174) only position 17 changes, 3 -> 1 with weight 2, so the sum
	// is 170; 170 mod 11 = 5 -> '7'.
	if got := GenerateResidentID("110101", date(1990, 3, 7), 12, true); got != "110101199003071217" {
		t.Errorf("got %s, want 110101199003071217", got)
	}
	// seq 12 female gives "120": sum 168; 168 mod 11 = 3 -> '9'.
	if got := GenerateResidentID("110101", date(1990, 3, 7), 12, false); got != "110101199003071209" {
		t.Errorf("got %s, want 110101199003071209", got)
	}
}

func TestGenerateResidentIDPanics(t *testing.T) {
	tests := []struct {
		name   string
		region string
		birth  time.Time
		want   string
	}{
		{"short region", "11010", date(1990, 1, 1), "region"},
		{"letters in region", "11010a", date(1990, 1, 1), "region"},
		{"unknown province", "990101", date(1990, 1, 1), "region"},
		{"year too early", "110101", date(1899, 12, 31), "birth year 1899"},
		{"year too late", "110101", date(2100, 1, 1), "birth year 2100"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				r := recover()
				msg, _ := r.(string)
				if r == nil || !strings.Contains(msg, tt.want) {
					t.Errorf("panic = %v, want message containing %q", r, tt.want)
				}
			}()
			GenerateResidentID(tt.region, tt.birth, 1, true)
		})
	}
}

func TestNormalizeMobile(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"13800138000", "13800138000"},
		{"+86 138-0013-8000", "13800138000"},
		{"8613800138000", "13800138000"},
		{"86 13800138000", "13800138000"},
		{"0086 13800138000", "13800138000"},
		{"0086-138-0013-8000", "13800138000"},
		{"138 0013 8000", "13800138000"},
		{"１３８００１３８０００", "13800138000"},
		{"＋８６　１３８－００１３－８０００", "13800138000"},
		{"(+86) 138.0013.8000", "13800138000"},
		{"  19912345678  ", "19912345678"},
		{"+0086 13800138000", "13800138000"},
		{"+0086-138-0013-8000", "13800138000"},
		{"+008613800138000", "13800138000"},
		{"＋００８６　１３８００１３８０００", "13800138000"},
		{"(+0086) 138 0013 8000", "13800138000"},
	}
	for _, tt := range tests {
		got, err := NormalizeMobile(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("NormalizeMobile(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestNormalizeMobileRefusals(t *testing.T) {
	tests := []struct {
		in, wantErr string
	}{
		{"", "empty"},
		{"   ", "empty"},
		{"--", "no digits"},
		{"12345678901", "second digit 2, want 3-9"},
		{"1380013800", "10 digits, want 11"},
		{"138001380001", "12 digits, want 11"},
		{"23800138000", "first digit 2, want 1"},
		{"86138001380", "first digit 8, want 1"},
		{"+1 415 555 0100", "country code must be +86"},
		{"138+00138000", "'+' at position 4 is not at the start"},
		{"++8613800138000", "'+' at position 2 is not at the start"},
		{"138-0013-800a", "character 'a' at position 13 is not a digit or separator"},
		{"tel:13800138000", "character 't' at position 1"},
		{"+86 12345678901", "second digit 2, want 3-9"},
		{"+0086 12345678901", "second digit 2, want 3-9"},
		{"+0086 1380013800", "10 digits, want 11"},
		{"+0001 4155550100", "country code must be +86"},
		{"+086 13800138000", "country code must be +86"},
		{"0086+13800138000", "'+' at position 5 is not at the start"},
	}
	for _, tt := range tests {
		got, err := NormalizeMobile(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("NormalizeMobile(%q) = %q, %v; want error containing %q", tt.in, got, err, tt.wantErr)
			continue
		}
		if !errors.Is(err, ErrInvalidMobile) {
			t.Errorf("NormalizeMobile(%q) error %v does not wrap ErrInvalidMobile", tt.in, err)
		}
	}
}

func TestMaskMobile(t *testing.T) {
	tests := []struct{ in, want string }{
		{"13800138000", "138****8000"},
		{"+8613800138000", "+86*******8000"},
		{"12345678", "123*5678"},
		{"1234567", "*******"},
		{"", ""},
		{" 13800138000 ", "138****8000"},
		{"１３８００１３８０００", "１３８****８０００"},
	}
	for _, tt := range tests {
		if got := MaskMobile(tt.in); got != tt.want {
			t.Errorf("MaskMobile(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMaskID(t *testing.T) {
	tests := []struct{ in, want string }{
		{"110101199003071233", "110101********1233"},
		{"11010519491231002X", "110105********002X"},
		{"110105491231002", "11***********02"},
		{"E12345678", "E1*****78"},
		{"12345", "12*45"},
		{"1234", "****"},
		{"", ""},
		{"护照号码ABCDEF", "护照******EF"},
	}
	for _, tt := range tests {
		if got := MaskID(tt.in); got != tt.want {
			t.Errorf("MaskID(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMaskName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"张三", "张*"},
		{"王小明", "王**"},
		{"欧阳娜娜", "欧***"}, // the compound surname is not special-cased
		{"John Smith", "J*** *****"},
		{"阿依古丽·买买提", "阿***·***"},
		{"  李四 ", "李*"},
		{"张", "*"},
		{"J", "*"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := MaskName(tt.in); got != tt.want {
			t.Errorf("MaskName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestValidEmail(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"zhang.san@example.com", true},
		{"a@b.cn", true},
		{"user+tag@mail.example.com.cn", true},
		{"", false},
		{"no-at-sign.example.com", false},
		{"@example.com", false},
		{"a@@example.com", false},
		{"a@b@example.com", false},
		{"a@localhost", false},
		{"a@.cn", false},
		{"a@b.", false},
		{"a@b..cn", false},
		{"zhang san@example.com", false},
		{"a@exa mple.com", false},
		{"a@example.com\n", false},
		{"a@example.com\u3000", false},
	}
	for _, tt := range tests {
		if got := ValidEmail(tt.in); got != tt.want {
			t.Errorf("ValidEmail(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
