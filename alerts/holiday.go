package alerts

import "github.com/steward-bank/steward/domain"

// RuleHoliday is the holiday-greetings alert (节日问候): for the keepers of the clients kept in person
// (T4–T5 by default, greetings.visit_min_tier), a call or a visit on the festival, beside the greeting
// message the outbox sends.
const RuleHoliday Rule = "holiday_greeting"

// Holiday returns the holiday alert of a client for a festival on day on: once per client and festival
// occurrence (the key is the occasion's key, mid_autumn-2027), due on the festival.
func Holiday(client, occasionKey, festivalName string, on, today domain.Date) (Alert, bool) {
	left := daysBetween(today, on)
	if left < 0 {
		return Alert{}, false
	}
	sev := Info
	if left <= 1 {
		sev = Warn
	}
	return Alert{ClientID: client, Rule: RuleHoliday, Key: occasionKey, Due: on, Severity: sev,
		Figures: Figures{Name: festivalName, Days: left}}, true
}
