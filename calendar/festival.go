package calendar

import (
	"time"

	"github.com/steward-bank/steward/domain"
)

// FestivalCode names a festival in data and templates; it never changes once published.
type FestivalCode string

// The festivals Steward greets clients on: the nine of the bank's greeting rule (元旦, 春节, 元宵, 清明, 劳动节,
// 端午, 中秋, 国庆, 重阳) and 除夕, the eve of the Spring Festival, when Chinese banks send their New Year
// greetings. 七夕, 妇女节, 母亲节 and the like are campaign occasions for chosen segments, not greetings to
// every client, and are left to the campaigns.
const (
	NewYear           FestivalCode = "new_year"            // 元旦, 1 January
	SpringFestivalEve FestivalCode = "spring_festival_eve" // 除夕, last day of the 12th lunar month
	SpringFestival    FestivalCode = "spring_festival"     // 春节, lunar 1/1
	Lantern           FestivalCode = "lantern"             // 元宵节, lunar 1/15
	Qingming          FestivalCode = "qingming"            // 清明节, the solar term, 4–6 April
	LabourDay         FestivalCode = "labour_day"          // 劳动节, 1 May
	DragonBoat        FestivalCode = "dragon_boat"         // 端午节, lunar 5/5
	MidAutumn         FestivalCode = "mid_autumn"          // 中秋节, lunar 8/15
	NationalDay       FestivalCode = "national_day"        // 国庆节, 1 October
	DoubleNinth       FestivalCode = "double_ninth"        // 重阳节, lunar 9/9
)

// Festival is one festival on its solar date.
type Festival struct {
	Code   FestivalCode
	NameZH string // 春节
	NameEN string // Spring Festival
	Date   domain.Date
	Lunar  bool // the date follows the lunar calendar (春节, 除夕, 元宵, 端午, 中秋, 重阳)
}

// festivalRule says how a festival's date is found in a solar year: a fixed solar date, a lunar month/day of
// the lunar year of the same number (除夕: the last day of the previous lunar year), or the solar term 清明.
type festivalRule struct {
	code       FestivalCode
	zh, en     string
	solarMonth int // fixed solar date when set
	lunarMonth int // lunar date when set
	day        int
	isQingming bool
}

// festivalRules are in the order of their dates within a year.
var festivalRules = [...]festivalRule{
	{code: NewYear, zh: "元旦", en: "New Year's Day", solarMonth: 1, day: 1},
	{code: SpringFestivalEve, zh: "除夕", en: "Spring Festival Eve", lunarMonth: 12},
	{code: SpringFestival, zh: "春节", en: "Spring Festival", lunarMonth: 1, day: 1},
	{code: Lantern, zh: "元宵节", en: "Lantern Festival", lunarMonth: 1, day: 15},
	{code: Qingming, zh: "清明节", en: "Qingming Festival", isQingming: true},
	{code: LabourDay, zh: "劳动节", en: "Labour Day", solarMonth: 5, day: 1},
	{code: DragonBoat, zh: "端午节", en: "Dragon Boat Festival", lunarMonth: 5, day: 5},
	{code: MidAutumn, zh: "中秋节", en: "Mid-Autumn Festival", lunarMonth: 8, day: 15},
	{code: NationalDay, zh: "国庆节", en: "National Day", solarMonth: 10, day: 1},
	{code: DoubleNinth, zh: "重阳节", en: "Double Ninth Festival", lunarMonth: 9, day: 9},
}

// FestivalsIn is the festivals whose solar date falls in year, in date order (中秋 and 国庆 can swap). Lunar
// festivals of lunar year y all fall in solar year y, and 除夕 of lunar year y-1 too. Years outside
// 1900–2100 give nil; 1900 has no 除夕 (it belongs to lunar 1899).
func FestivalsIn(year int) []Festival {
	if year < MinYear || year > MaxYear {
		return nil
	}
	out := make([]Festival, 0, len(festivalRules))
	for _, r := range festivalRules {
		var date domain.Date
		switch {
		case r.solarMonth != 0:
			date = domain.NewDate(year, time.Month(r.solarMonth), r.day)
		case r.isQingming:
			date = QingmingDate(year)
		case r.code == SpringFestivalEve:
			if year == MinYear {
				continue
			}
			date, _ = LunarToSolar(LunarDate{Year: year - 1, Month: 12, Day: MonthDays(year-1, 12, false)})
		default:
			date, _ = LunarToSolar(LunarDate{Year: year, Month: r.lunarMonth, Day: r.day})
		}
		out = append(out, Festival{Code: r.code, NameZH: r.zh, NameEN: r.en, Date: date, Lunar: r.lunarMonth != 0})
	}
	// Insertion sort: the list is short and nearly sorted (only 中秋 may come after 国庆).
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Date.Before(out[j-1].Date); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// FestivalsBetween is the festivals from from to to, both included, in date order: the greetings due in a
// window such as the next seven days. Years outside 1900–2100 contribute nothing.
func FestivalsBetween(from, to domain.Date) []Festival {
	if from.IsZero() || to.IsZero() || to.Before(from) {
		return nil
	}
	var out []Festival
	for y := from.Year(); y <= to.Year(); y++ {
		for _, f := range FestivalsIn(y) {
			if !f.Date.Before(from) && !f.Date.After(to) {
				out = append(out, f)
			}
		}
	}
	return out
}

// qingmingDays is the April day of the solar term 清明 (the sun at apparent longitude 15°, Beijing time) for
// each year from 1900 to 2100. Within 1900–2099 it equals ⌊Y·0.2422 + C⌋ − ⌊Y/4⌋ with Y the year's last
// two digits and C 5.59 in the 20th century, 4.81 in the 21st; the test checks the table against it.
const qingmingDays = "" +
	"5566556655665556555655565556555655565556555655555555555555555555555555555555455545554555455545554555" + // 1900–1999
	"4555455544554455445544554455445544554455444544454445444544454445444544454444444444444444444444444444" + // 2000–2099
	"5" // 2100

// QingmingDate is the date of 清明 in year (4, 5 or 6 April), or the zero Date outside 1900–2100.
func QingmingDate(year int) domain.Date {
	if year < MinYear || year > MaxYear {
		return domain.Date{}
	}
	return domain.NewDate(year, time.April, int(qingmingDays[year-MinYear]-'0'))
}
