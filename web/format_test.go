package web

import (
	"math"
	"testing"

	"github.com/steward-bank/steward/domain"
)

func TestYuan(t *testing.T) {
	for _, tc := range []struct {
		fen  int64
		want string
	}{
		{0, "¥0.00"},
		{1, "¥0.01"},
		{10, "¥0.10"},
		{99, "¥0.99"},
		{100, "¥1.00"},
		{123456, "¥1,234.56"},
		{100000, "¥1,000.00"},
		{123456789, "¥1,234,567.89"},
		{9999999999, "¥99,999,999.99"},
		{-1, "-¥0.01"},
		{-123456789, "-¥1,234,567.89"},
		{math.MaxInt64, "¥92,233,720,368,547,758.07"},
		{math.MinInt64, "-¥92,233,720,368,547,758.08"},
	} {
		if got := yuan(tc.fen); got != tc.want {
			t.Errorf("yuan(%d) = %q, want %q", tc.fen, got, tc.want)
		}
	}
}

func TestDecimalYuan(t *testing.T) {
	for _, tc := range []struct {
		fen  int64
		want string
	}{
		{0, "0.00"}, {1, "0.01"}, {-5, "-0.05"}, {1234567, "12345.67"}, {9999999999, "99999999.99"}, {-100, "-1.00"},
	} {
		if got := decimalYuan(tc.fen); got != tc.want {
			t.Errorf("decimalYuan(%d) = %q, want %q", tc.fen, got, tc.want)
		}
	}
}

func TestWan(t *testing.T) {
	for _, tc := range []struct {
		fen    int64
		zh, en string
	}{
		{0, "¥0.00", "¥0.00"},
		{1, "¥0.01", "¥0.01"},
		{999_999, "¥9,999.99", "¥9,999.99"},  // just below 1万
		{1_000_000, "¥1.00万", "¥10.00K"},     // 1万 exactly
		{1_234_567_8, "¥12.35万", "¥123.46K"}, // 123,456.78 yuan
		{62_345_678, "¥62.35万", "¥623.46K"},  // C001's AUM
		{99_999_999, "¥100.00万", "¥1.00M"},   // 999,999.99 yuan rounds into the next unit (en)
		{300_000_000, "¥300.00万", "¥3.00M"},
		{9_999_940_000, "¥9,999.94万", "¥100.00M"},
		{9_999_994_999, "¥9,999.99万", "¥100.00M"},
		{9_999_995_000, "¥1.00亿", "¥100.00M"},  // 9999.995万 rounds to 1亿
		{9_999_999_999, "¥1.00亿", "¥100.00M"},  // 99,999,999.99 yuan
		{10_000_000_000, "¥1.00亿", "¥100.00M"}, // 1亿 exactly
		{123_456_789_000, "¥12.35亿", "¥1.23B"},
		{99_999_999_999_999, "¥10,000.00亿", "¥1,000.00B"}, // 1万亿: 亿 is the largest unit
		{-1, "-¥0.01", "-¥0.01"},
		{-1_000_000, "-¥1.00万", "-¥10.00K"},
		{-12_345_678_900, "-¥1.23亿", "-¥123.46M"},
		{math.MinInt64, "-¥922,337,203.69亿", "-¥92,233,720.37B"},
	} {
		if got := wan(tc.fen, langZH); got != tc.zh {
			t.Errorf("wan(%d, zh) = %q, want %q", tc.fen, got, tc.zh)
		}
		if got := wan(tc.fen, langEN); got != tc.en {
			t.Errorf("wan(%d, en) = %q, want %q", tc.fen, got, tc.en)
		}
	}
}

func TestFormatInt(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -1234: "-1,234", 10000: "10,000"} {
		if got := formatInt(n); got != want {
			t.Errorf("formatInt(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestLunarText(t *testing.T) {
	for _, tc := range []struct {
		m, d   int
		leap   bool
		zh, en string
	}{
		{1, 1, false, "农历正月初一", "lunar 1/1"},
		{8, 15, false, "农历八月十五", "lunar 8/15"},
		{4, 8, true, "农历闰四月初八", "lunar leap 4/8"},
		{11, 20, false, "农历冬月二十", "lunar 11/20"},
		{12, 23, false, "农历腊月廿三", "lunar 12/23"},
		{10, 30, false, "农历十月三十", "lunar 10/30"},
		{6, 10, false, "农历六月初十", "lunar 6/10"},
	} {
		if got := lunarText(tc.m, tc.d, tc.leap, langZH); got != tc.zh {
			t.Errorf("lunarText(%d, %d, %v, zh) = %q, want %q", tc.m, tc.d, tc.leap, got, tc.zh)
		}
		if got := lunarText(tc.m, tc.d, tc.leap, langEN); got != tc.en {
			t.Errorf("lunarText(%d, %d, %v, en) = %q, want %q", tc.m, tc.d, tc.leap, got, tc.en)
		}
	}
}

func TestDates(t *testing.T) {
	if got := dateText(domain.NewDate(2026, 3, 7)); got != "2026-03-07" {
		t.Errorf("dateText = %q", got)
	}
	if got := dateText(domain.Date{}); got != "" {
		t.Errorf("zero date = %q", got)
	}
}
