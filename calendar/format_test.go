package calendar

import "testing"

func TestChinese(t *testing.T) {
	tests := []struct {
		l    LunarDate
		want string
	}{
		{LunarDate{2026, 1, 1, false}, "正月初一"},
		{LunarDate{2026, 1, 10, false}, "正月初十"},
		{LunarDate{2026, 1, 15, false}, "正月十五"},
		{LunarDate{2020, 4, 15, true}, "闰四月十五"},
		{LunarDate{2026, 5, 20, false}, "五月二十"},
		{LunarDate{2026, 7, 21, false}, "七月廿一"},
		{LunarDate{2026, 10, 29, false}, "十月廿九"},
		{LunarDate{2026, 11, 11, false}, "冬月十一"},
		{LunarDate{2033, 11, 1, true}, "闰冬月初一"},
		{LunarDate{2024, 12, 30, false}, "腊月三十"},
	}
	for _, tt := range tests {
		if got := tt.l.Chinese(); got != tt.want {
			t.Errorf("%#v.Chinese() = %q, want %q", tt.l, got, tt.want)
		}
	}
	if got := (LunarDate{2020, 4, 1, true}).String(); got != "2020年闰四月初一" {
		t.Errorf("String = %q", got)
	}
	if got := (LunarDate{2026, 13, 31, true}).String(); got != "2026年闰13月31日" {
		t.Errorf("String of an invalid date = %q", got)
	}
	if got := (LunarDate{2026, 1, 1, false}).ChineseWithYear(); got != "丙午年正月初一" {
		t.Errorf("ChineseWithYear = %q", got)
	}
	if MonthName(0, false) != "" || MonthName(13, true) != "" || DayName(0) != "" || DayName(31) != "" {
		t.Error("names for out-of-range months or days")
	}
}

func TestYearNames(t *testing.T) {
	tests := []struct {
		year                     int
		ganzhi, zodiac, zodiacEN string
	}{
		{1900, "庚子", "鼠", "Rat"},
		{1949, "己丑", "牛", "Ox"},
		{1984, "甲子", "鼠", "Rat"},
		{2000, "庚辰", "龙", "Dragon"},
		{2023, "癸卯", "兔", "Rabbit"},
		{2024, "甲辰", "龙", "Dragon"},
		{2025, "乙巳", "蛇", "Snake"},
		{2026, "丙午", "马", "Horse"},
		{2027, "丁未", "羊", "Goat"},
		{2043, "癸亥", "猪", "Pig"},
		{2100, "庚申", "猴", "Monkey"},
		{3, "癸亥", "猪", "Pig"}, // before 4 AD: the cycle runs backwards without a gap
	}
	for _, tt := range tests {
		if g, z, e := GanZhi(tt.year), Zodiac(tt.year), ZodiacEN(tt.year); g != tt.ganzhi || z != tt.zodiac || e != tt.zodiacEN {
			t.Errorf("%d: %s %s %s, want %s %s %s", tt.year, g, z, e, tt.ganzhi, tt.zodiac, tt.zodiacEN)
		}
	}
	if got := YearName(2026); got != "丙午年 马" {
		t.Errorf("YearName(2026) = %q", got)
	}
}
