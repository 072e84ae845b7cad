package cnid

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzParseResidentID(f *testing.F) {
	for _, s := range []string{
		"11010519491231002X",
		"11010519491231002x",
		"110101199003071233",
		"110101199003071234",  // wrong check digit
		"11010519491231002",   // 17 chars
		"1101011990030712330", // 19 chars
		"1101a1199003071233",  // letter
		"110101199902301238",  // Feb 30
		"110101190002290011",  // Feb 29, 1900
		"110105200002290013",  // Feb 29, 2000
		"990101199003071233",  // unknown region
		"  110101199003071233 ",
		"１１０１０１１９９００３０７１２３３",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := ParseResidentID(s)
		if err != nil {
			if id != "" {
				t.Fatalf("ParseResidentID(%q) returned %q with error %v", s, id, err)
			}
			return
		}
		str := string(id)
		if len(str) != idLen {
			t.Fatalf("accepted %q has byte length %d", str, len(str))
		}
		// Accepting must not alter anything but padding and the case of x.
		want := strings.TrimSpace(s)
		if strings.HasSuffix(want, "x") {
			want = strings.TrimSuffix(want, "x") + "X"
		}
		if str != want {
			t.Fatalf("ParseResidentID(%q) = %q, not the trimmed input", s, str)
		}
		if again, err := ParseResidentID(str); err != nil || again != id {
			t.Fatalf("re-parse of %q = %q, %v", str, again, err)
		}
		c, err := CheckDigit(str[:idLen-1])
		if err != nil || c != str[idLen-1] {
			t.Fatalf("CheckDigit(%q) = %c, %v; ID ends in %c", str[:idLen-1], c, err, str[idLen-1])
		}
		if m := MaskID(str); utf8.RuneCountInString(m) != idLen || m[:6] != str[:6] || m[14:] != str[14:] || m[6:14] != "********" {
			t.Fatalf("MaskID(%q) = %q", str, m)
		}
		b := id.BirthDate()
		if b.IsZero() || b.Format("20060102") != str[6:14] {
			t.Fatalf("%q.BirthDate() = %v", str, b)
		}
		if sex := id.Sex(); sex != "M" && sex != "F" {
			t.Fatalf("%q.Sex() = %q", str, sex)
		}
		if r := id.Region(); r != str[:6] {
			t.Fatalf("%q.Region() = %q", str, r)
		}
	})
}

func FuzzNormalizeMobile(f *testing.F) {
	for _, s := range []string{
		"+86 138-0013-8000",
		"8613800138000",
		"86 13800138000",
		"0086 13800138000",
		"138 0013 8000",
		"１３８００１３８０００",
		"(+86) 138.0013.8000",
		"12345678901",
		"1380013800",
		"138001380001",
		"23800138000",
		"+1 415 555 0100",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := NormalizeMobile(s)
		if err != nil {
			if m != "" {
				t.Fatalf("NormalizeMobile(%q) returned %q with error %v", s, m, err)
			}
			return
		}
		if len(m) != mobileLen || m[0] != '1' || m[1] < '3' {
			t.Fatalf("NormalizeMobile(%q) = %q, not a mobile number", s, m)
		}
		for i := 0; i < len(m); i++ {
			if m[i] < '0' || m[i] > '9' {
				t.Fatalf("NormalizeMobile(%q) = %q contains a non-digit", s, m)
			}
		}
		if again, err := NormalizeMobile(m); err != nil || again != m {
			t.Fatalf("NormalizeMobile(%q) = %q, %v; want it unchanged", m, again, err)
		}
		if masked := MaskMobile(m); masked != m[:3]+"****"+m[7:] {
			t.Fatalf("MaskMobile(%q) = %q", m, masked)
		}
	})
}
