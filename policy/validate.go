package policy

import (
	"fmt"
	"slices"
	"strings"
)

// Validate checks the policy and returns an *Error listing every problem, each as
// "<dotted.key>: <reason>", or nil.
func (p *Policy) Validate() error {
	if probs := p.problems(); len(probs) > 0 {
		return &Error{Problems: probs}
	}
	return nil
}

type checker struct{ probs []Problem }

func (c *checker) add(key, format string, args ...any) {
	c.probs = append(c.probs, Problem{key, fmt.Sprintf(format, args...)})
}

// between checks lo ≤ v ≤ hi.
func (c *checker) between(key string, v, lo, hi int) {
	switch {
	case v < lo:
		c.add(key, "must be at least %d", lo)
	case v > hi:
		c.add(key, "must be at most %d", hi)
	}
}

func (c *checker) percent(key string, v, lo int) { c.between(key, v, lo, 100) }

func (c *checker) rate(key string, r Rate) bool {
	switch {
	case !r.isDecimal():
		c.add(key, "%s is not a decimal with at most %d decimals", r, maxRateDecimals)
	case r.Sign() < 0:
		c.add(key, "must not be negative")
	default:
		return true
	}
	return false
}

func (c *checker) positiveMoney(key string, m Money) bool {
	if m <= 0 {
		c.add(key, "must be positive")
		return false
	}
	return true
}

// increasing checks that each money value is greater than the one before it.
func (c *checker) increasing(keys []string, vals []Money) {
	for i := 1; i < len(vals); i++ {
		if vals[i] <= vals[i-1] {
			c.add(keys[i], "must be greater than %s (%s)", keys[i-1], vals[i-1].YuanString())
		}
	}
}

func (p *Policy) problems() []Problem {
	c := &checker{}

	r := &p.Rating
	w := &r.Weights
	c.rate("rating.weights.short", w.Short)
	c.rate("rating.weights.long", w.Long)
	c.rate("rating.weights.mortgage", w.Mortgage)
	c.rate("rating.weights.loan", w.Loan)
	c.rate("rating.weights.purchase", w.Purchase)
	c.rate("rating.weights.card_spend", w.CardSpend)
	c.between("rating.window_months", r.WindowMonths, 1, 36)
	stars := []struct {
		key string
		v   Points
	}{
		{"rating.stars.pre_star", r.Stars.PreStar},
		{"rating.stars.three", r.Stars.Three},
		{"rating.stars.four", r.Stars.Four},
		{"rating.stars.five", r.Stars.Five},
		{"rating.stars.six", r.Stars.Six},
		{"rating.stars.seven", r.Stars.Seven},
	}
	prevOK := false
	for i, s := range stars {
		ok := c.rate(s.key, s.v)
		if ok && prevOK && s.v.Cmp(stars[i-1].v) <= 0 {
			c.add(s.key, "must be greater than %s (%s)", stars[i-1].key, stars[i-1].v)
		}
		prevOK = ok
	}
	f := &r.UpgradeFloors
	c.between("rating.upgrade_floors.private_banking", f.PrivateBanking, 0, 7)
	c.between("rating.upgrade_floors.wealth_premier", f.WealthPremier, 0, 7)
	c.between("rating.upgrade_floors.platinum", f.Platinum, 0, 7)
	c.between("rating.upgrade_floors.wealth", f.Wealth, 0, 7)
	c.between("rating.upgrade_floors.gold", f.Gold, 0, 7)
	c.between("rating.upgrade_floors.ordinary", f.Ordinary, 0, 7)
	c.between("rating.grace_months", r.GraceMonths, 0, 12)
	c.between("rating.instant_upgrade_max_days", r.InstantUpgradeMaxDays, 1, 366)
	c.percent("rating.near_upgrade_pct", r.NearUpgradePct, 0)

	t := &p.Tiers
	c.positiveMoney("tiers.t2_min", t.T2Min)
	c.increasing([]string{"tiers.t2_min", "tiers.t3_min", "tiers.t4_min", "tiers.t5_min"},
		[]Money{t.T2Min, t.T3Min, t.T4Min, t.T5Min})
	c.positiveMoney("tiers.class_b_min", t.ClassBMin)
	c.increasing([]string{"tiers.class_b_min", "tiers.class_a_min"}, []Money{t.ClassBMin, t.ClassAMin})
	cd := &t.CadenceDays
	c.between("tiers.cadence_days.t1", cd.T1, 0, 366)
	c.between("tiers.cadence_days.t2", cd.T2, 0, 366)
	c.between("tiers.cadence_days.t3", cd.T3, 0, 366)
	c.between("tiers.cadence_days.t4", cd.T4, 0, 366)
	c.between("tiers.cadence_days.t5", cd.T5, 0, 366)

	s := &p.Segments
	c.percent("segments.high_share_top_pct", s.HighShareTopPct, 1)
	c.percent("segments.high_loyalty_min", s.HighLoyaltyMin, 0)
	lw := &s.LoyaltyWeights
	c.percent("segments.loyalty_weights.tenure", lw.Tenure, 0)
	c.percent("segments.loyalty_weights.product_kinds", lw.ProductKinds, 0)
	c.percent("segments.loyalty_weights.txn_frequency", lw.TxnFrequency, 0)
	c.percent("segments.loyalty_weights.responsiveness", lw.Responsiveness, 0)
	c.percent("segments.loyalty_weights.share_of_wallet", lw.ShareOfWallet, 0)
	c.percent("segments.loyalty_weights.credit_grade", lw.CreditGrade, 0)
	if sum := lw.Sum(); sum != 100 {
		c.add("segments.loyalty_weights", "must sum to 100, got %d", sum)
	}
	c.percent("segments.vital_few_pct", s.VitalFewPct, 1)
	c.between("segments.dormant_days", s.DormantDays, 1, 3660)
	c.percent("segments.churn_drop_pct", s.ChurnDropPct, 1)
	c.between("segments.churn_months", s.ChurnMonths, 1, 24)
	c.between("segments.new_days", s.NewDays, 1, 3660)

	a := &p.Alerts
	if c.positiveMoney("alerts.large_movement", a.LargeMovement) && a.LargeMovementHigh < a.LargeMovement {
		c.add("alerts.large_movement_high", "must be at least alerts.large_movement (%s)", a.LargeMovement.YuanString())
	}
	if len(a.MaturityLeadDays) == 0 {
		c.add("alerts.maturity_lead_days", "must list at least one lead time")
	} else {
		for i, d := range a.MaturityLeadDays {
			if d <= 0 || (i > 0 && d >= a.MaturityLeadDays[i-1]) {
				c.add("alerts.maturity_lead_days", "must be positive and descending")
				break
			}
		}
		if a.MaturityLeadDays[0] > 366 {
			c.add("alerts.maturity_lead_days", "must be at most 366 days")
		}
	}
	c.between("alerts.birthday_lead_days", a.BirthdayLeadDays, 0, 60)
	c.between("alerts.risk_expiry_warning_days", a.RiskExpiryWarningDays, 0, 366)
	c.between("alerts.phone_stale_months", a.PhoneStaleMonths, 1, 120)
	c.between("alerts.escalation_hours", a.EscalationHours, 1, 720)
	c.between("alerts.contact_overdue_grace_days", a.ContactOverdueGraceDays, 0, 30)

	u := &p.Suitability
	c.between("suitability.assessment_validity_months", u.AssessmentValidityMonths, 1, 36)
	c.between("suitability.questionnaire_max_per_day", u.QuestionnaireMaxPerDay, 1, 100)
	if u.QuestionnaireMaxPer12Months < u.QuestionnaireMaxPerDay && u.QuestionnaireMaxPerDay >= 1 {
		c.add("suitability.questionnaire_max_per_12_months", "must be at least suitability.questionnaire_max_per_day (%d)", u.QuestionnaireMaxPerDay)
	} else {
		c.between("suitability.questionnaire_max_per_12_months", u.QuestionnaireMaxPer12Months, 1, 1000)
	}
	c.between("suitability.elderly_age", u.ElderlyAge, 18, 120)

	c.between("sales.daily_leaflets_target", p.Sales.DailyLeafletsTarget, 0, 100000)
	c.between("sales.daily_new_prospects_target", p.Sales.DailyNewProspectsTarget, 0, 100000)

	sec := &p.Security
	c.between("security.password_max_age_days", sec.PasswordMaxAgeDays, 0, 3660)
	c.between("security.password_min_length", sec.PasswordMinLength, 8, 128)
	c.between("security.lockout_attempts", sec.LockoutAttempts, 1, 100)
	c.between("security.lockout_minutes", sec.LockoutMinutes, 1, 1440)
	c.between("security.address_failed_logins", sec.AddressFailedLogins, 1, 10000)
	c.between("security.token_max_days", sec.TokenMaxDays, 1, 366)
	c.between("security.session_idle_minutes", sec.SessionIdleMinutes, 1, 1440)
	c.between("security.session_max_hours", sec.SessionMaxHours, 1, 168)
	if sec.SessionMaxHours >= 1 && sec.SessionIdleMinutes > sec.SessionMaxHours*60 {
		c.add("security.session_idle_minutes", "must not exceed security.session_max_hours (%d hours)", sec.SessionMaxHours)
	}

	for _, q := range []struct {
		key string
		v   Clock
	}{{"greetings.quiet_hours_start", p.Greetings.QuietHoursStart}, {"greetings.quiet_hours_end", p.Greetings.QuietHoursEnd}} {
		if q.v < 0 || q.v >= 24*60 {
			c.add(q.key, "must be a time of day from 00:00 to 23:59")
		}
	}
	c.between("schedule.week_plan_min", p.Schedule.WeekPlanMin, 0, 1000)
	g := &p.Greetings
	c.between("greetings.lead_days", g.LeadDays, 0, 30)
	seen := map[string]bool{}
	for _, f := range g.Festivals {
		if !slices.Contains(FestivalCodes, f) {
			c.add("greetings.festivals", "%q is not a festival; want one of %s", f, strings.Join(FestivalCodes, ", "))
		} else if seen[f] {
			c.add("greetings.festivals", "%q is listed twice", f)
		}
		seen[f] = true
	}
	for _, t := range []struct{ key, v string }{{"greetings.festival_min_tier", g.FestivalMinTier},
		{"greetings.birthday_min_tier", g.BirthdayMinTier}, {"greetings.visit_min_tier", g.VisitMinTier}} {
		if !slices.Contains([]string{T1, T2, T3, T4, T5}, t.v) {
			c.add(t.key, "must be one of T1, T2, T3, T4, T5, got %q", t.v)
		}
	}
	if len(g.Channels) == 0 {
		c.add("greetings.channels", "must list at least one channel (sms, email)")
	}
	seen = map[string]bool{}
	for _, ch := range g.Channels {
		if ch != "sms" && ch != "email" {
			c.add("greetings.channels", "%q is not a channel; want sms or email", ch)
		} else if seen[ch] {
			c.add("greetings.channels", "%q is listed twice", ch)
		}
		seen[ch] = true
	}
	c.between("greetings.max_attempts", g.MaxAttempts, 1, 50)
	if m := p.Feeds.MaxAmount; m < Yuan(1) || m > MaxFeedAmountCap {
		c.add("feeds.max_amount", "must be from 1.00 to %s yuan", MaxFeedAmountCap)
	}
	c.between("greetings.retry_minutes", g.RetryMinutes, 1, 1440)
	c.relationships(&p.Relationships)
	return c.probs
}
