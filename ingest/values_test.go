package ingest

import (
	"math"
	"testing"

	"github.com/steward-bank/steward/domain"
)

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in     string
		want   int64
		reason string
	}{
		{"0", 0, ""},
		{"-0", 0, ""},
		{"12", 1200, ""},
		{"1234567.89", 123456789, ""},
		{"-0.5", -50, ""},
		{"0.05", 5, ""},
		{"007.10", 710, ""},
		{"92233720368547758.07", math.MaxInt64, ""},
		{"-92233720368547758.07", -math.MaxInt64, ""},
		{"92233720368547758.08", 0, "is too large"},
		{"922337203685477581", 0, "is too large"},
		{"99999999999999999999999", 0, "is too large"},
		{"1.234", 0, "has more than 2 decimals"},
		{"1.", 0, "has no digits after the decimal point"},
		{".5", 0, reasonNotAmount},
		{"", 0, "is empty"},
		{"-", 0, reasonNotAmount},
		{"+5", 0, "has a '+' sign (write positive amounts without a sign)"},
		{"1,234.00", 0, "has a thousands separator"},
		{"1 234", 0, "has a space inside"},
		{"1e3", 0, reasonNotAmount},
		{"--1", 0, reasonNotAmount},
		{"1.2.3", 0, reasonNotAmount},
		{"１２", 0, reasonNotAmount},
		{"NaN", 0, reasonNotAmount},
	}
	for _, tt := range tests {
		got, reason := parseAmount(tt.in)
		if got != tt.want || reason != tt.reason {
			t.Errorf("parseAmount(%q) = %d, %q; want %d, %q", tt.in, got, reason, tt.want, tt.reason)
		}
	}
	if _, err := ParseAmount("1.234"); err == nil || err.Error() != `amount "1.234" has more than 2 decimals` {
		t.Errorf("ParseAmount error: %v", err)
	}
}

func TestFormatAmount(t *testing.T) {
	for fen, want := range map[int64]string{0: "0.00", 5: "0.05", -50: "-0.50", 123456789: "1234567.89",
		math.MaxInt64: "92233720368547758.07", math.MinInt64: "-92233720368547758.08"} {
		if got := FormatAmount(fen); got != want {
			t.Errorf("FormatAmount(%d) = %q, want %q", fen, got, want)
		}
	}
}

func TestParseRate(t *testing.T) {
	tests := []struct {
		in     string
		want   int64
		reason string
	}{
		{"7.123456", 7123456, ""},
		{"1", 1000000, ""},
		{"0.0475", 47500, ""},
		{"0.000001", 1, ""},
		{"0", 0, "must be positive"},
		{"0.000000", 0, "must be positive"},
		{"-7.1", 0, "must be positive"},
		{"7.1234567", 0, "has more than 6 decimals"},
		{"7,1", 0, "is not a rate (want CNY per unit like 7.123456)"},
		{"", 0, "is empty"},
		{"99999999999999", 0, "is too large"},
	}
	for _, tt := range tests {
		got, reason := parseRate(tt.in)
		if got != tt.want || reason != tt.reason {
			t.Errorf("parseRate(%q) = %d, %q; want %d, %q", tt.in, got, reason, tt.want, tt.reason)
		}
	}
	if s := FormatRate(7123456); s != "7.123456" {
		t.Errorf("FormatRate = %q", s)
	}
}

func TestToCNY(t *testing.T) {
	tests := []struct {
		fen, rate, want int64
		ok              bool
	}{
		{10000, 7123456, 71235, true},   // 100 USD → 712.3456 CNY → 712.35
		{-10000, 7123456, -71235, true}, // rounding is symmetric
		{1, 500000, 1, true},            // 0.005 rounds half away from zero
		{-1, 500000, -1, true},
		{1, 499999, 0, true},
		{math.MaxInt64, 2 * RateScale, 0, false},
		{100, 0, 0, false},
	}
	for _, tt := range tests {
		got, ok := ToCNY(tt.fen, tt.rate)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ToCNY(%d, %d) = %d, %v; want %d, %v", tt.fen, tt.rate, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseYMD(t *testing.T) {
	for s, ok := range map[string]bool{"20240229": true, "20230229": false, "19000229": false, "20000229": true,
		"20261131": false, "20261301": false, "20261200": false, "99991231": true, "18991231": false,
		"2026112": false, "202611222": false, "2026-1-1": false} {
		if _, _, _, got := parseYMD(s); got != ok {
			t.Errorf("parseYMD(%q) ok = %v", s, got)
		}
	}
	var c dateCache
	for range 2 {
		if d := c.get(2026, 11, 22); d != domain.NewDate(2026, 11, 22) {
			t.Errorf("cache %v", d)
		}
	}
}

func TestUnescapeDelimiter(t *testing.T) {
	tests := []struct{ in, want, reason string }{
		{"|", "|", ""},
		{"|+|", "|+|", ""},
		{`\x1e`, "\x1e", ""},
		{`\x1E\x1f`, "\x1e\x1f", ""},
		{`\t`, "\t", ""},
		{`a\\b`, `a\b`, ""},
		{"¦", "¦", ""},
		{`\x1`, "", `has a bad \x escape (want \xHH)`},
		{`\xzz`, "", `has a bad \x escape (want \xHH)`},
		{`\xa6`, "", `\x escapes are for ASCII (00-7F); write other characters as themselves`},
		{`\x0a`, "", "must not contain a line break"},
		{`\`, "", "ends with a lone backslash"},
		{"", "", "is empty"},
	}
	for _, tt := range tests {
		got, reason := unescapeDelimiter(tt.in)
		if got != tt.want || reason != tt.reason {
			t.Errorf("unescapeDelimiter(%q) = %q, %q; want %q, %q", tt.in, got, reason, tt.want, tt.reason)
		}
	}
}
