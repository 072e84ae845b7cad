// Package alerts holds the alert rules of DOMAIN.md §5 (预警) as pure functions: given a client's facts on
// a business date, which alerts are due, with the figures that fired them, a key that names the fact (so
// that the same fact never alerts twice, however many nights it is seen), and who must act. The nightly
// pipeline gathers the facts and records what these rules return; nothing here reads a clock or a database.
//
// Where each rule lives:
//
//	large balance movement (大额变动), money moved to another bank (他行转出)   movement.go
//	product maturity (产品到期) at 30/7/1 days                                  dates.go
//	birthdays, solar and lunar, of clients and family members                  dates.go
//	risk assessment expiring or expired                                         dates.go
//	star or tier up/down, downgrade warning, near-upgrade, life-cycle          rating.go
//	information incomplete                                                      info.go
//	contact overdue against the tier's cadence, phone not verified (stale)     upkeep.go
//	who acts (the tier's keepers) and when an alert escalates                   assign.go
package alerts

import (
	"fmt"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/rating"
)

// Rule is the stable code of an alert rule.
type Rule string

// The rules of DOMAIN.md §5.
const (
	RuleLargeMovement    Rule = "large_movement"    // 大额变动: a single transaction or the day's net change
	RuleMovedOut         Rule = "moved_out"         // 存款转移/他行转出: money sent to another bank
	RuleMaturity         Rule = "maturity"          // 产品到期
	RuleBirthday         Rule = "birthday"          // the client's or a family member's birthday
	RuleRiskExpiring     Rule = "risk_expiring"     // risk assessment expires within the warning days
	RuleRiskExpired      Rule = "risk_expired"      // risk assessment expired
	RuleStarsUp          Rule = "stars_up"          // service or contribution stars raised
	RuleStarsDown        Rule = "stars_down"        // stars lowered after the grace period
	RuleTierUp           Rule = "tier_up"           // asset tier up
	RuleTierDown         Rule = "tier_down"         // asset tier down
	RuleDowngradeWarning Rule = "downgrade_warning" // 降星预警
	RuleNearUpgrade      Rule = "near_upgrade"      // 临界客户: an upsell opportunity
	RuleDormant          Rule = "dormant"           // 沉睡
	RuleChurning         Rule = "churning"          // 流失预警
	RuleLost             Rule = "lost"              // 流失
	RuleInfoIncomplete   Rule = "info_incomplete"   // 信息不完整: a client file the tier's keepers need is missing details
	RuleContactOverdue   Rule = "contact_overdue"   // 联系逾期: no contact within the tier's cadence and its grace
	RulePhoneStale       Rule = "phone_stale"       // 信息陈旧: the phone not verified for alerts.phone_stale_months
)

// AllRules is every rule, in the order of DOMAIN.md §5 (the holiday greeting last).
var AllRules = []Rule{RuleLargeMovement, RuleMovedOut, RuleMaturity, RuleBirthday, RuleRiskExpiring, RuleRiskExpired, RuleStarsUp,
	RuleStarsDown, RuleTierUp, RuleTierDown, RuleDowngradeWarning, RuleNearUpgrade, RuleDormant, RuleChurning, RuleLost,
	RuleInfoIncomplete, RuleContactOverdue, RulePhoneStale, RuleHoliday}

// Severity orders alerts on a day list: urgent first.
type Severity int

// Severities.
const (
	Info Severity = iota
	Warn
	Urgent
)

// Alert is one alert due for a client.
type Alert struct {
	ClientID string
	Rule     Rule
	// Key names the fact within the client and rule: the same key never alerts twice.
	Key string
	// Due is the date the fact is about: the day of a movement, a maturity, a birthday, an expiry.
	Due      domain.Date
	Severity Severity
	Figures  Figures
	// Supersedes, when set, is the key prefix of the earlier reminders of the same fact (a maturity's 30-
	// and 7-day reminders before its 1-day one): raising this alert closes those still open, so that one
	// maturity is one line of the day list, with the nearest lead.
	Supersedes string
}

// Figures are what fired an alert, for the person who acts on it.
type Figures struct {
	AmountFen int64  // the movement, the balance maturing
	Direction string // "in" or "out" for movements
	AccountID string
	Product   string
	TxnID     string
	Days      int    // days until the fact (maturity, birthday, expiry); negative once past
	Lead      int    // the lead time (days) that fired
	Name      string // the person whose birthday it is
	Relation  string // "" for the client, else spouse, child, parent, other
	Lunar     bool   // a lunar birthday
	From, To  string // stars, tiers or stages before and after
	Threshold int64  // the policy threshold that applied, fen
	Missing   string // the details missing from the client's file, comma-separated
	// Since is the date a period counts from: the last contact (contact overdue), the phone's last
	// verification (phone stale); "" when there was none. Opened says the period counts from the
	// client's account opening instead (a phone never verified).
	Since   string
	Opened  bool
	Cadence int // the tier's cadence in days (contact overdue); the staleness in months (phone stale)
	// Below, for a downgrade warning, names the held stars the figures are below: contribution, service
	// or both (rating.Reason.BelowStars); "" when not known (an alert raised before it was recorded).
	Below string `json:",omitempty"`
}

// String is the alert as a log line: "C0001 maturity A9 2026-12-01 (7 days)".
func (a Alert) String() string {
	return fmt.Sprintf("%s %s %s %s", a.ClientID, a.Rule, a.Key, a.Due)
}

// Rules are the alert rules of one policy.
type Rules struct {
	p *policy.Policy
	r *rating.Rules
}

// New prepares the rules; rating rules give the tiers and their keepers.
func New(p *policy.Policy, r *rating.Rules) (*Rules, error) {
	a := &p.Alerts
	if a.LargeMovement.Fen() <= 0 || a.LargeMovementHigh.Fen() <= 0 {
		return nil, fmt.Errorf("alerts: large movement thresholds must be positive")
	}
	for i, d := range a.MaturityLeadDays {
		if d < 0 || (i > 0 && d >= a.MaturityLeadDays[i-1]) {
			return nil, fmt.Errorf("alerts: maturity_lead_days %v must be non-negative and strictly descending", a.MaturityLeadDays)
		}
	}
	if a.BirthdayLeadDays < 0 || a.RiskExpiryWarningDays < 0 || a.EscalationHours <= 0 {
		return nil, fmt.Errorf("alerts: lead days must not be negative and escalation hours must be positive")
	}
	return &Rules{p: p, r: r}, nil
}

// daysBetween is the number of calendar days from a to b.
func daysBetween(a, b domain.Date) int { return rating.DaysBetween(a, b) }
