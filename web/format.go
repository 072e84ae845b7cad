package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/steward-bank/steward/domain"
)

// Money is int64 fen everywhere (DESIGN.md, Storage); these helpers only turn it into text. They use
// integer arithmetic throughout so that no amount is ever rounded through a float64.

// absFen is |fen| as a uint64 (so that math.MinInt64 does not overflow) and whether fen is negative.
func absFen(fen int64) (uint64, bool) {
	if fen < 0 {
		return uint64(-(fen + 1)) + 1, true
	}
	return uint64(fen), false
}

// group writes n with a comma every three digits: 1234567 → "1,234,567".
func group(n uint64) string {
	s := strconv.FormatUint(n, 10)
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	lead := len(s) % 3
	if lead > 0 {
		b.WriteString(s[:lead])
	}
	for i := lead; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// twoDecimals formats hundredths: 12345 → "123.45" (with grouping of the whole part when grouped).
func twoDecimals(hundredths uint64, grouped bool) string {
	whole, frac := hundredths/100, hundredths%100
	w := strconv.FormatUint(whole, 10)
	if grouped {
		w = group(whole)
	}
	if frac < 10 {
		return w + ".0" + strconv.FormatUint(frac, 10)
	}
	return w + "." + strconv.FormatUint(frac, 10)
}

// yuan formats fen as yuan with the currency sign and thousands separators: 123456789 → "¥1,234,567.89",
// -5 → "-¥0.05".
func yuan(fen int64) string {
	a, neg := absFen(fen)
	s := "¥" + twoDecimals(a, true)
	if neg {
		return "-" + s
	}
	return s
}

// decimalYuan formats fen as a plain decimal string in yuan, as the API and CSV carry amounts:
// 1234567 → "12345.67", -5 → "-0.05".
func decimalYuan(fen int64) string {
	a, neg := absFen(fen)
	s := twoDecimals(a, false)
	if neg {
		return "-" + s
	}
	return s
}

// roundDiv is a/unit rounded half away from zero (a is already an absolute value).
func roundDiv(a, unit uint64) uint64 { return a/unit + (a%unit*2)/unit }

// Fen per display unit.
const (
	fenPerYuan = 100
	fenPerWan  = 10_000 * fenPerYuan      // 万: ten thousand yuan
	fenPerYi   = 100_000_000 * fenPerYuan // 亿: a hundred million yuan
	fenPerK    = 1_000 * fenPerYuan
	fenPerM    = 1_000_000 * fenPerYuan
	fenPerB    = 1_000_000_000 * fenPerYuan
)

// wan formats an amount in the units bankers read at a glance. Chinese: below 1万 the exact amount
// ("¥9,999.99"), then 万 ("¥123.46万") and from 1亿 亿 ("¥1.23亿"). English: below ¥10K the exact amount,
// then K, M and B ("¥12.35K", "¥1.23M", "¥4.56B"). Two decimals, rounded half away from zero; a value that
// rounds up to the next unit is shown in it (¥99,999,999.99 is "¥1.00亿", not "¥10000.00万").
func wan(fen int64, lang string) string {
	a, neg := absFen(fen)
	type unit struct {
		fen    uint64
		suffix string
	}
	units, from := []unit{{fenPerWan, "万"}, {fenPerYi, "亿"}}, uint64(fenPerWan)
	if lang == langEN {
		units, from = []unit{{fenPerK, "K"}, {fenPerM, "M"}, {fenPerB, "B"}}, 10*fenPerK
	}
	var s string
	if a < from {
		s = "¥" + twoDecimals(a, true)
	} else {
		i := 0
		for i+1 < len(units) && a >= units[i+1].fen {
			i++
		}
		h := roundDiv(a, units[i].fen/100)
		// 9999.995万 rounds to 10000.00万: show it in the next unit.
		if i+1 < len(units) && h >= 100*(units[i+1].fen/units[i].fen) {
			i++
			h = roundDiv(a, units[i].fen/100)
		}
		s = "¥" + twoDecimals(h, true) + units[i].suffix
	}
	if neg {
		return "-" + s
	}
	return s
}

// formatInt writes a count with thousands separators.
func formatInt(n int) string {
	if n < 0 {
		return "-" + group(uint64(-n))
	}
	return group(uint64(n))
}

// dateText is a date as YYYY-MM-DD ("" when absent).
func dateText(d domain.Date) string { return d.String() }

// timeText is a moment in bank time (Asia/Shanghai) as "YYYY-MM-DD HH:MM"; "" for the zero time.
func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(domain.Shanghai).Format("2006-01-02 15:04")
}

// secondsText is like timeText with seconds, for the audit log.
func secondsText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(domain.Shanghai).Format("2006-01-02 15:04:05")
}

var (
	lunarMonths = []string{"", "正月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "冬月", "腊月"}
	lunarDigits = []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
)

// lunarDay is the traditional name of a day of a lunar month: 初一 … 初十, 十一 … 二十, 廿一 … 三十.
func lunarDayName(d int) string {
	switch {
	case d < 1 || d > 30:
		return strconv.Itoa(d)
	case d <= 10:
		return "初" + lunarDigits[d]
	case d < 20:
		return "十" + lunarDigits[d-10]
	case d == 20:
		return "二十"
	case d < 30:
		return "廿" + lunarDigits[d-20]
	}
	return "三十"
}

// lunarText shows a lunar (农历) birthday. Chinese: "农历八月十五", "农历闰四月初八"; English: "lunar 8/15",
// "lunar leap 4/8".
func lunarText(month, day int, leap bool, lang string) string {
	if lang == langEN {
		s := "lunar "
		if leap {
			s += "leap "
		}
		return s + strconv.Itoa(month) + "/" + strconv.Itoa(day)
	}
	m := strconv.Itoa(month) + "月"
	if month >= 1 && month <= 12 {
		m = lunarMonths[month]
	}
	if leap {
		m = "闰" + m
	}
	return "农历" + m + lunarDayName(day)
}

// wanColumn formats an amount of a table column in one unit for every row, so that a column never mixes
// ¥409.28 with ¥1.30万 and the eye compares rows by their digits: 万 in Chinese ("¥0.04万", "¥1,234.57万"),
// thousands in English ("¥0.41K", "¥12,345.68K"), two decimals rounded half away from zero, never switching
// to 亿 or M. An amount too small to show in the unit is "<¥0.01万" rather than a zero it is not; the
// exact amount goes in the cell's title.
func wanColumn(fen int64, lang string) string {
	a, neg := absFen(fen)
	unit, suffix := uint64(fenPerWan), "万"
	if lang == langEN {
		unit, suffix = fenPerK, "K"
	}
	h := roundDiv(a, unit/100)
	var s string
	if h == 0 && a > 0 {
		s = "<¥0.01" + suffix
	} else {
		s = "¥" + twoDecimals(h, true) + suffix
	}
	if neg && h > 0 {
		return "-" + s
	}
	if neg {
		return ">-" + s[1:]
	}
	return s
}
