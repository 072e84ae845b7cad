package alerts

import (
	"fmt"
	"time"

	"github.com/steward-bank/steward/calendar"
	"github.com/steward-bank/steward/domain"
)

// Product maturity (产品到期): time deposits, wealth products, bonds and insurance maturing within the lead
// days of alerts.maturity_lead_days (30, 7, 1). Each lead alerts once per account and maturity date; a
// product first seen inside a lead (opened 5 days before it matures) alerts for the nearest lead only.
func (r *Rules) Maturity(client, account, product string, balanceFen int64, maturity, today domain.Date) (Alert, bool) {
	if maturity.IsZero() {
		return Alert{}, false
	}
	left := daysBetween(today, maturity)
	if left < 0 {
		return Alert{}, false
	}
	lead := -1
	for _, l := range r.p.Alerts.MaturityLeadDays { // descending: the last that still holds is the nearest
		if left <= l {
			lead = l
		}
	}
	if lead < 0 {
		return Alert{}, false
	}
	sev := Info
	switch {
	case lead <= 1:
		sev = Urgent
	case lead <= 7:
		sev = Warn
	}
	return Alert{ClientID: client, Rule: RuleMaturity, Key: fmt.Sprintf("%s:%s:%d", account, maturity, lead), Due: maturity,
		Severity: sev, Figures: Figures{AccountID: account, Product: product, AmountFen: balanceFen, Days: left, Lead: lead},
		Supersedes: fmt.Sprintf("%s:%s:", account, maturity)}, true
}

// Person is someone whose birthday a client manager marks: the client (Relation "") or a recorded family
// member. A solar birthday is Birth; a lunar one is LunarMonth/LunarDay (a leap-month birthday recurs on
// the ordinary month: calendar.NextLunarOccurrence).
type Person struct {
	Key        string // stable: "client" or the family member's id
	Name       string
	Relation   string
	Birth      domain.Date
	Lunar      bool
	LunarMonth int
	LunarDay   int
}

// Birthday returns the birthday alert of a person whose next birthday (solar or lunar) is within
// alerts.birthday_lead_days of today. It alerts once a year: the key holds the birthday's date.
func (r *Rules) Birthday(client string, p Person, today domain.Date) (Alert, bool) {
	var next domain.Date
	switch {
	case p.Lunar:
		next = calendar.NextLunarOccurrence(p.LunarMonth, p.LunarDay, today)
	case !p.Birth.IsZero():
		next = calendar.NextSolarOccurrence(int(p.Birth.Month()), p.Birth.Day(), today)
	}
	if next.IsZero() {
		return Alert{}, false
	}
	left := daysBetween(today, next)
	if left > r.p.Alerts.BirthdayLeadDays {
		return Alert{}, false
	}
	sev := Info
	if left <= 1 {
		sev = Warn
	}
	return Alert{ClientID: client, Rule: RuleBirthday, Key: p.Key + ":" + next.String(), Due: next, Severity: sev,
		Figures: Figures{Name: p.Name, Relation: p.Relation, Lunar: p.Lunar, Days: left, Lead: r.p.Alerts.BirthdayLeadDays}}, true
}

// RiskAssessment returns the alert of a risk assessment that expires within alerts.risk_expiry_warning_days
// (once per expiry date), or has expired (once more, on the first night it is past).
func (r *Rules) RiskAssessment(client string, expires, today domain.Date) (Alert, bool) {
	if expires.IsZero() {
		return Alert{}, false
	}
	left := daysBetween(today, expires)
	switch {
	case left < 0:
		return Alert{ClientID: client, Rule: RuleRiskExpired, Key: expires.String(), Due: expires, Severity: Urgent,
			Figures: Figures{Days: left}}, true
	case left <= r.p.Alerts.RiskExpiryWarningDays:
		return Alert{ClientID: client, Rule: RuleRiskExpiring, Key: expires.String(), Due: expires, Severity: Warn,
			Figures: Figures{Days: left, Lead: r.p.Alerts.RiskExpiryWarningDays}}, true
	}
	return Alert{}, false
}

// Deadline returns when an alert raised at created escalates to the supervisor if nobody has acknowledged
// it: alerts.escalation_hours later, counted on working days only (a Friday-evening alert does not
// escalate over the weekend or a holiday). cal may be nil for calendar days.
func (r *Rules) Deadline(created time.Time, cal *calendar.WorkCalendar) time.Time {
	h := time.Duration(r.p.Alerts.EscalationHours) * time.Hour
	if cal == nil {
		return created.Add(h)
	}
	t := created.In(domain.Shanghai)
	for h > 0 {
		dayEnd := time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, domain.Shanghai)
		if !cal.IsWorkingDay(domain.DateOf(t)) {
			t = dayEnd
			continue
		}
		if step := dayEnd.Sub(t); step < h {
			h -= step
			t = dayEnd
			continue
		}
		return t.Add(h)
	}
	return t
}
