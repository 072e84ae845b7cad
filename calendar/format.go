package calendar

import "strconv"

var (
	monthNames = [13]string{"", "正月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "冬月", "腊月"}
	dayNames   = [31]string{"",
		"初一", "初二", "初三", "初四", "初五", "初六", "初七", "初八", "初九", "初十",
		"十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十",
		"廿一", "廿二", "廿三", "廿四", "廿五", "廿六", "廿七", "廿八", "廿九", "三十"}
	stems    = [10]string{"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"}
	branches = [12]string{"子", "丑", "寅", "卯", "辰", "巳", "午", "未", "申", "酉", "戌", "亥"}
	zodiacZH = [12]string{"鼠", "牛", "虎", "兔", "龙", "蛇", "马", "羊", "猴", "鸡", "狗", "猪"}
	zodiacEN = [12]string{"Rat", "Ox", "Tiger", "Rabbit", "Dragon", "Snake", "Horse", "Goat", "Monkey", "Rooster", "Dog", "Pig"}
)

// MonthName is the Chinese name of a lunar month as printed on calendars: 正月, 二月 … 十月, 冬月 (the 11th),
// 腊月 (the 12th), prefixed with 闰 for a leap month (闰四月). It is "" for a month outside 1–12.
func MonthName(month int, leap bool) string {
	if month < 1 || month > 12 {
		return ""
	}
	if leap {
		return "闰" + monthNames[month]
	}
	return monthNames[month]
}

// DayName is the Chinese name of a day of a lunar month: 初一 … 初十, 十一 … 二十, 廿一 … 廿九, 三十. It is ""
// for a day outside 1–30.
func DayName(day int) string {
	if day < 1 || day > 30 {
		return ""
	}
	return dayNames[day]
}

// Chinese is the month and day in Chinese, as a greeting or a client's lunar birthday is written: 正月初一,
// 闰四月十五, 腊月三十.
func (l LunarDate) Chinese() string { return MonthName(l.Month, l.Leap) + DayName(l.Day) }

// ChineseWithYear is Chinese preceded by the year's sexagenary name: 丙午年正月初一.
func (l LunarDate) ChineseWithYear() string {
	return GanZhi(l.Year) + "年" + l.Chinese()
}

// String is the date in Chinese with the year in digits (2020年闰四月初一); the parts are printed in digits
// when they are out of range, so that an invalid date stays readable in an error message.
func (l LunarDate) String() string {
	month, day := MonthName(l.Month, l.Leap), DayName(l.Day)
	if month == "" {
		month = strconv.Itoa(l.Month) + "月"
		if l.Leap {
			month = "闰" + month
		}
	}
	if day == "" {
		day = strconv.Itoa(l.Day) + "日"
	}
	return strconv.Itoa(l.Year) + "年" + month + day
}

// GanZhi is the sexagenary (干支) name of a lunar year, 丙午 for 2026. Note that a solar date in January or
// early February usually belongs to the previous lunar year: take the year from SolarToLunar.
func GanZhi(year int) string {
	return stems[mod(year-4, 10)] + branches[mod(year-4, 12)]
}

// Zodiac is the animal (生肖) of a lunar year in Chinese, 马 for 2026.
func Zodiac(year int) string { return zodiacZH[mod(year-4, 12)] }

// ZodiacEN is the animal of a lunar year in English, Horse for 2026.
func ZodiacEN(year int) string { return zodiacEN[mod(year-4, 12)] }

// YearName is the year's name as a greeting prints it: 丙午年 马.
func YearName(year int) string { return GanZhi(year) + "年 " + Zodiac(year) }

func mod(a, b int) int {
	r := a % b
	if r < 0 {
		r += b
	}
	return r
}
