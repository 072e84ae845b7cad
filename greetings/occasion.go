package greetings

import (
	"fmt"
	"slices"

	"github.com/steward-bank/steward/calendar"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/policy"
)

// KindBirthday is the occasion kind of a birthday; festivals use their calendar.FestivalCode.
const KindBirthday = "birthday"

// Occasion is one day a client is greeted on.
type Occasion struct {
	// Kind is a festival code (mid_autumn) or KindBirthday.
	Kind string
	// Key names the occasion among all of a client's: kind and year for a festival (mid_autumn-2027),
	// kind and date for a birthday (birthday-2026-12-03). A client is greeted once per key.
	Key string
	// On is the solar date of the occasion.
	On domain.Date
	// Lunar is the lunar date of On.
	Lunar calendar.LunarDate
	// NameZH and NameEN name the occasion: 中秋节 / Mid-Autumn Festival, 生日 / Birthday.
	NameZH, NameEN string
}

// KeyOf is the occasion key of kind on date on.
func KeyOf(kind string, on domain.Date) string {
	if kind == KindBirthday {
		return KindBirthday + "-" + on.String()
	}
	return fmt.Sprintf("%s-%04d", kind, on.Year())
}

func occasion(kind, zh, en string, on domain.Date) Occasion {
	l, _ := calendar.SolarToLunar(on)
	return Occasion{Kind: kind, Key: KeyOf(kind, on), On: on, Lunar: l, NameZH: zh, NameEN: en}
}

// Festivals returns the festivals of the policy's list whose date falls from today to today + lead days,
// both included, in date order.
func Festivals(p *policy.Policy, today domain.Date) []Occasion {
	var out []Occasion
	for _, f := range calendar.FestivalsBetween(today, today.AddDays(p.Greetings.LeadDays)) {
		if slices.Contains(p.Greetings.Festivals, string(f.Code)) {
			out = append(out, occasion(string(f.Code), f.NameZH, f.NameEN, f.Date))
		}
	}
	return out
}

// Birth is a person's birthday as recorded: a solar date, or a lunar month and day (a leap-month birthday
// recurs on the ordinary month; day 30 falls on the 29th of a short month: calendar.NextLunarOccurrence).
type Birth struct {
	Date       domain.Date
	Lunar      bool
	LunarMonth int
	LunarDay   int
}

// Birthday returns the birthday occasion of b when its next occurrence falls from today to today + lead
// days of the policy.
func Birthday(p *policy.Policy, b Birth, today domain.Date) (Occasion, bool) {
	var next domain.Date
	switch {
	case b.Lunar:
		next = calendar.NextLunarOccurrence(b.LunarMonth, b.LunarDay, today)
	case !b.Date.IsZero():
		next = calendar.NextSolarOccurrence(int(b.Date.Month()), b.Date.Day(), today)
	}
	if next.IsZero() || next.After(today.AddDays(p.Greetings.LeadDays)) {
		return Occasion{}, false
	}
	return occasion(KindBirthday, "生日", "Birthday", next), true
}

// BirthdayWindow is the solar dates from today to today + lead days: the dates whose month and day the
// store looks up for solar birthdays.
func BirthdayWindow(p *policy.Policy, today domain.Date) []domain.Date {
	out := make([]domain.Date, 0, p.Greetings.LeadDays+1)
	for i := 0; i <= p.Greetings.LeadDays; i++ {
		out = append(out, today.AddDays(i))
	}
	return out
}

// tierRank is 1 for T1 … 5 for T5, 0 for anything else (a client not yet rated).
func tierRank(t string) int {
	if len(t) == 2 && t[0] == 'T' && t[1] >= '1' && t[1] <= '5' {
		return int(t[1] - '0')
	}
	return 0
}

// Greeted reports whether a client of tier is greeted on an occasion of kind: holiday greetings from
// greetings.festival_min_tier (T1 by default, DOMAIN.md §4), birthdays from greetings.birthday_min_tier
// (T2). A client with no tier is not greeted.
func Greeted(p *policy.Policy, kind, tier string) bool {
	r := tierRank(tier)
	if r == 0 {
		return false
	}
	if kind == KindBirthday {
		return r >= tierRank(p.Greetings.BirthdayMinTier)
	}
	return slices.Contains(p.Greetings.Festivals, kind) && r >= tierRank(p.Greetings.FestivalMinTier)
}

// Visited reports whether the keepers of a client of tier owe a personal call or visit on holidays
// (情感维护, DOMAIN.md §4): greetings.visit_min_tier and above (T4–T5 by default).
func Visited(p *policy.Policy, tier string) bool {
	r := tierRank(tier)
	return r > 0 && r >= tierRank(p.Greetings.VisitMinTier)
}

// Channel picks the channel and address a client is greeted on: the first of the policy's channels the
// client has an address for. ok is false when it has none.
func Channel(p *policy.Policy, mobile, email string) (channel, address string, ok bool) {
	for _, ch := range p.Greetings.Channels {
		switch {
		case ch == "sms" && mobile != "":
			return ch, mobile, true
		case ch == "email" && email != "":
			return ch, email, true
		}
	}
	return "", "", false
}
