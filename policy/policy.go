// Package policy holds the bank's policy: every threshold, weight, band, cadence and lead time of
// DOMAIN.md, with its defaults, loaded from a TOML file and validated.
//
// Money is held as fen (Money), weights and star points as exact rationals (Rate); no floating point
// is used. The file writes money as yuan decimal strings ("50000.00") and weights as decimal strings
// ("1.35"). Keys absent from the file keep their defaults; unknown keys are refused.
package policy

import (
	"math/big"
	"time"
)

// Policy is the whole of the bank's policy. The zero value is not useful; start from Default or Load.
type Policy struct {
	Rating      Rating      `toml:"rating"`
	Tiers       Tiers       `toml:"tiers"`
	Segments    Segments    `toml:"segments"`
	Alerts      Alerts      `toml:"alerts"`
	Suitability Suitability `toml:"suitability"`
	Sales       Sales       `toml:"sales"`
	Security    Security    `toml:"security"`
	Greetings   Greetings   `toml:"greetings"`
	Schedule    Schedule    `toml:"schedule"`
	Feeds       Feeds       `toml:"feeds"`
	// Relationships: the service relationship between client managers and their clients.
	Relationships Relationships `toml:"relationships"`
}

// Feeds bounds what the nightly core-banking batch may carry.
type Feeds struct {
	// MaxAmount: the largest amount a feed row may carry (an account balance, a transaction amount, a fee
	// income, as written in its currency, negative amounts by their size); a row beyond it refuses the
	// batch. It keeps a garbage figure (a balance of 92 233 720 368 547 758.07) out of the sums. Default
	// 1 000 000 000.00 yuan (十亿); from 1.00 to 100 000 000 000.00 (千亿).
	MaxAmount Money `toml:"max_amount"`
}

// MaxFeedAmountCap is the largest feeds.max_amount a policy may set: 100 000 000 000.00 yuan. With it a
// sum of 90 million rows still fits in int64 fen.
const MaxFeedAmountCap = Money(100_000_000_000 * 100)

// Rating is DOMAIN.md §3: star points, contribution stars, upgrade floors and when ratings move.
type Rating struct {
	// Weights are the star points each points class earns per 100 yuan.
	Weights Weights `toml:"weights"`
	// WindowMonths is the number of most recent complete calendar months star points are measured
	// over (近六个月). Default 6.
	WindowMonths int `toml:"window_months"`
	// Stars are the contribution-star thresholds in star points.
	Stars StarThresholds `toml:"stars"`
	// UpgradeFloors are the service stars a client is raised to at once (即时) on gaining a product.
	UpgradeFloors UpgradeFloors `toml:"upgrade_floors"`
	// GraceMonths is the number of consecutive monthly ratings below its stars at which the monthly
	// re-rating lowers a client ("fast up, slow down", 快升缓降): default 2, warned at the first and
	// lowered at the second; 0 and 1 lower at the first monthly rating below.
	GraceMonths int `toml:"grace_months"`
	// InstantUpgradeMaxDays bounds how long an approved instant upgrade application (VIP即时申请) may hold
	// a client's service stars up: its end date is at most this many days after the day it is applied
	// for. Default 183 (six months).
	InstantUpgradeMaxDays int `toml:"instant_upgrade_max_days"`
	// NearUpgradePct: a client whose star points are within this percentage below the next star's
	// threshold is a near-upgrade (临界) client and an upsell target. DOMAIN.md names no number;
	// 10 is a default Steward chose.
	NearUpgradePct int `toml:"near_upgrade_pct"`
	// FeeIncomeEarnsPoints: whether intermediate-business income (the INCOME feed) earns star points.
	// Default false: fee income is the client's profit contribution, used by the 80/20 and matrix
	// analyses, not by the stars.
	FeeIncomeEarnsPoints bool `toml:"fee_income_earns_points"`
}

// Weights are star points per 100 yuan for each points class (FEEDS.md PROD.points_class and the
// TXN kinds); the defaults are the published weights of a large bank.
type Weights struct {
	// Short: demand deposits, money-market funds, card deposits; average daily balance. Default 1.35.
	Short Rate `toml:"short"`
	// Long: time deposits, wealth products, other funds, bonds, insurance, precious metals; average
	// daily balance. Default 1.00.
	Long Rate `toml:"long"`
	// Mortgage: mortgage loans; average daily balance. Default 1.00.
	Mortgage Rate `toml:"mortgage"`
	// Loan: other personal loans, interest-bearing overdrafts; average daily balance. Default 2.00.
	Loan Rate `toml:"loan"`
	// Purchase: purchases of investment products (TXN.kind=purchase); total in the window. Default 2.00.
	Purchase Rate `toml:"purchase"`
	// CardSpend: credit-card spending (TXN.kind=card_spend); total in the window. Default 2.00.
	CardSpend Rate `toml:"card_spend"`
}

// StarThresholds are the contribution-star thresholds in star points. Each is inclusive at the lower
// end except PreStar, which star points must exceed. They must be strictly increasing.
type StarThresholds struct {
	// PreStar: star points strictly above this earn pre-star (准星, 1); at or below it a client is
	// unrated (0). Default 0 (any points at all).
	PreStar Points `toml:"pre_star"`
	// Three: 三星 from this many points. Default 50.
	Three Points `toml:"three"`
	// Four: 四星 from this many points. Default 500.
	Four Points `toml:"four"`
	// Five: 五星 from this many points. Default 2000.
	Five Points `toml:"five"`
	// Six: 六星 from this many points. Default 10000.
	Six Points `toml:"six"`
	// Seven: 七星 from this many points. Default 80000.
	Seven Points `toml:"seven"`
}

// UpgradeFloors are the service stars (0–7) a client is raised to at once on gaining a product;
// service stars are the higher of the contribution stars and the highest floor the client holds.
type UpgradeFloors struct {
	// PrivateBanking: a private-banking service agreement (私人银行服务协议). Default 7.
	PrivateBanking int `toml:"private_banking"`
	// WealthPremier: a premier wealth account card (财富理财金账户卡). Default 6.
	WealthPremier int `toml:"wealth_premier"`
	// Platinum: a platinum credit card. Default 6.
	Platinum int `toml:"platinum"`
	// Wealth: a wealth account (理财金账户). Default 5.
	Wealth int `toml:"wealth"`
	// Gold: a gold credit card. Default 5.
	Gold int `toml:"gold"`
	// Ordinary: an ordinary credit card. Default 4.
	Ordinary int `toml:"ordinary"`
}

// Tiers is DOMAIN.md §4: asset tiers by current AUM, the A/B/C classes and the contact cadence.
// Every band is inclusive at its lower end.
type Tiers struct {
	// T2Min: AUM from which a client is T2 (below it, T1). Default 50 000 yuan (5万).
	T2Min Money `toml:"t2_min"`
	// T3Min: AUM from which a client is T3. Default 200 000 yuan (20万).
	T3Min Money `toml:"t3_min"`
	// T4Min: AUM from which a client is T4. Default 500 000 yuan (50万).
	T4Min Money `toml:"t4_min"`
	// T5Min: AUM from which a client is T5. Default 3 000 000 yuan (300万).
	T5Min Money `toml:"t5_min"`
	// ClassAMin: AUM from which a client is class A in reports. Default 200 000 yuan (20万).
	ClassAMin Money `toml:"class_a_min"`
	// ClassBMin: AUM from which a client is class B (below it, C). Default 10 000 yuan (1万).
	ClassBMin Money `toml:"class_b_min"`
	// CadenceDays is the longest time between contacts per tier before contact is overdue.
	CadenceDays Cadence `toml:"cadence_days"`
}

// Cadence is the contact cadence per tier in days; 0 means no contact cadence (no overdue alert).
type Cadence struct {
	// T1: holiday greetings only. Default 0 (none).
	T1 int `toml:"t1"`
	// T2: DOMAIN.md gives counter collection duties but no cadence; 90 is a default Steward chose.
	T2 int `toml:"t2"`
	// T3: contact at least monthly. Default 30.
	T3 int `toml:"t3"`
	// T4: contact every 2 weeks. Default 14.
	T4 int `toml:"t4"`
	// T5: contact weekly. Default 7.
	T5 int `toml:"t5"`
}

// Segments is DOMAIN.md §4's other segmentations: the value × loyalty matrix, 80/20 and life-cycle.
type Segments struct {
	// HighShareTopPct: the top this-percent of clients by contribution within their outlet have
	// "high" business share in the value × loyalty matrix. Default 20.
	HighShareTopPct int `toml:"high_share_top_pct"`
	// HighLoyaltyMin: a loyalty score (0–100) at or above this is "high" loyalty. Default 60.
	HighLoyaltyMin int `toml:"high_loyalty_min"`
	// LoyaltyWeights are the weights of the loyalty score's components; they sum to 100.
	LoyaltyWeights LoyaltyWeights `toml:"loyalty_weights"`
	// VitalFewPct: the smallest set of clients bringing this percent of an outlet's contribution is
	// the vital few (二八法则). Default 80.
	VitalFewPct int `toml:"vital_few_pct"`
	// DormantDays: no client-initiated transaction for this many days makes a client dormant (沉睡).
	// Default 180.
	DormantDays int `toml:"dormant_days"`
	// ChurnDropPct: AUM down by at least this percent over ChurnMonths makes a client churning.
	// Default 50.
	ChurnDropPct int `toml:"churn_drop_pct"`
	// ChurnMonths: the period ChurnDropPct is measured over. Default 3.
	ChurnMonths int `toml:"churn_months"`
	// NewDays: a client whose relationship opened fewer than this many days ago is new. Default 90.
	NewDays int `toml:"new_days"`
}

// LoyaltyWeights weight the loyalty score's components (integers summing to 100). DOMAIN.md leaves the
// weights to policy; the defaults 20/20/20/10/20/10 are Steward's choice.
type LoyaltyWeights struct {
	// Tenure: length of the relationship. Default 20.
	Tenure int `toml:"tenure"`
	// ProductKinds: number of product kinds held (dependency). Default 20.
	ProductKinds int `toml:"product_kinds"`
	// TxnFrequency: transaction frequency over 12 months. Default 20.
	TxnFrequency int `toml:"txn_frequency"`
	// Responsiveness: contact responsiveness. Default 10.
	Responsiveness int `toml:"responsiveness"`
	// ShareOfWallet: money kept vs money moved to other banks. Default 20.
	ShareOfWallet int `toml:"share_of_wallet"`
	// CreditGrade: the client's credit grade. Default 10.
	CreditGrade int `toml:"credit_grade"`
}

// Sum returns the sum of the weights.
func (w LoyaltyWeights) Sum() int {
	return w.Tenure + w.ProductKinds + w.TxnFrequency + w.Responsiveness + w.ShareOfWallet + w.CreditGrade
}

// Alerts is DOMAIN.md §5: alert thresholds and lead times.
type Alerts struct {
	// LargeMovement: a single transaction or a day's net change of at least this much is a large
	// movement (大额变动) for T1–T3 clients. Default 50 000 yuan.
	LargeMovement Money `toml:"large_movement"`
	// LargeMovementHigh: the same threshold for T4–T5 clients. Default 200 000 yuan.
	LargeMovementHigh Money `toml:"large_movement_high"`
	// MaturityLeadDays: days before a product's maturity (产品到期) at which an alert fires, strictly
	// descending. Default [30, 7, 1].
	MaturityLeadDays []int `toml:"maturity_lead_days"`
	// BirthdayLeadDays: days before a client's or recorded family member's birthday (solar or lunar)
	// the alert fires. Default 7.
	BirthdayLeadDays int `toml:"birthday_lead_days"`
	// RiskExpiryWarningDays: days before a risk assessment expires that the alert fires (and again
	// once expired). Default 30.
	RiskExpiryWarningDays int `toml:"risk_expiry_warning_days"`
	// PhoneStaleMonths: a phone number not verified for this many months is stale. Default 12.
	PhoneStaleMonths int `toml:"phone_stale_months"`
	// ContactOverdueGraceDays: working days after the tier's cadence falls due before a client not
	// contacted is overdue (联系逾期). DOMAIN.md names no number; 2 is a default Steward chose.
	ContactOverdueGraceDays int `toml:"contact_overdue_grace_days"`
	// EscalationHours: an alert not acknowledged within this many hours escalates to the responsible
	// person's supervisor. DOMAIN.md names no number; 48 is a default Steward chose.
	EscalationHours int `toml:"escalation_hours"`
}

// Suitability is DOMAIN.md §7's policy values (the blocking rules themselves are the model).
type Suitability struct {
	// AssessmentValidityMonths: a risk assessment is valid this many months; an expired or missing
	// one blocks every sale above R1 until renewed. Default 12.
	AssessmentValidityMonths int `toml:"assessment_validity_months"`
	// QuestionnaireMaxPerDay: times a client may take the risk questionnaire in one day. Default 2.
	QuestionnaireMaxPerDay int `toml:"questionnaire_max_per_day"`
	// QuestionnaireMaxPer12Months: times a client may take it in any 12 months. Default 8.
	QuestionnaireMaxPer12Months int `toml:"questionnaire_max_per_12_months"`
	// ElderlyAge: clients of this age or more need a second confirmation and a cooling-off note for
	// R4–R5 sales. Default 65.
	ElderlyAge int `toml:"elderly_age"`
}

// Sales is DOMAIN.md §6's daily activity targets (seed values).
type Sales struct {
	// DailyLeafletsTarget: leaflets handed out per RM per day. Default 50.
	DailyLeafletsTarget int `toml:"daily_leaflets_target"`
	// DailyNewProspectsTarget: new prospects per RM per day. Default 3.
	DailyNewProspectsTarget int `toml:"daily_new_prospects_target"`
}

// Security is the sign-in policy. DOMAIN.md §6 sets password expiry (every 3 months); the other
// values are defaults Steward chose.
type Security struct {
	// PasswordMaxAgeDays: a password expires this many days after it was set; 0 means passwords never
	// expire. Default 90 (3 months).
	PasswordMaxAgeDays int `toml:"password_max_age_days"`
	// PasswordMinLength: the shortest password accepted, in characters. Default 8; at least 8.
	PasswordMinLength int `toml:"password_min_length"`
	// LockoutAttempts: failed sign-ins under one username from one address, within LockoutMinutes, that
	// lock that username for that address (the account's owner elsewhere is not locked out). Default 5.
	LockoutAttempts int `toml:"lockout_attempts"`
	// LockoutMinutes: how long a lock lasts, and the window over which failures are counted. Default 15.
	LockoutMinutes int `toml:"lockout_minutes"`
	// AddressFailedLogins: failed sign-ins from one address, under any usernames, within LockoutMinutes,
	// after which that address may not sign in at all until the window has passed. Default 20.
	AddressFailedLogins int `toml:"address_failed_logins"`
	// TokenMaxDays: an API token lapses this many days after it was created. Default 90.
	TokenMaxDays int `toml:"token_max_days"`
	// SessionIdleMinutes: a session idle this long ends. Default 30.
	SessionIdleMinutes int `toml:"session_idle_minutes"`
	// SessionMaxHours: a session ends this long after sign-in whatever its use. Default 12.
	SessionMaxHours int `toml:"session_max_hours"`
	// OutletManagersManageStaff lets an outlet manager administer their own outlet's tellers, lobby
	// managers, client managers and supervisors on the staff pages (add, change, disable, enable, unlock,
	// reset a password); never an administrator, a department user or another outlet manager, never
	// elsewhere. Default false: only administrators.
	OutletManagersManageStaff bool `toml:"outlet_managers_manage_staff"`
}

// Greetings is DOMAIN.md §6's greetings: which clients are greeted on which occasions, how far ahead the
// messages are prepared for approval, when they may not be sent, and how a failed sending is retried.
type Greetings struct {
	// QuietHoursStart: no greeting is sent from this time of day (bank local time) until
	// QuietHoursEnd; the span may cross midnight. Default 21:00.
	QuietHoursStart Clock `toml:"quiet_hours_start"`
	// QuietHoursEnd: greetings may be sent again from this time of day. Default 08:00. Equal start
	// and end mean no quiet hours.
	QuietHoursEnd Clock `toml:"quiet_hours_end"`
	// LeadDays: greetings are prepared this many days before their occasion, for the supervisor to
	// preview and approve; they are sent on the day itself. Default 3.
	LeadDays int `toml:"lead_days"`
	// Festivals are the festivals clients are greeted on (codes of the calendar package). Default the
	// nine of DOMAIN.md §5: new_year, spring_festival, lantern, qingming, labour_day, dragon_boat,
	// mid_autumn, national_day, double_ninth.
	Festivals []string `toml:"festivals"`
	// FestivalMinTier: clients of this tier and above get holiday greetings. Default "T1" (DOMAIN.md
	// §4: even T1's keepers owe holiday greetings).
	FestivalMinTier string `toml:"festival_min_tier"`
	// BirthdayMinTier: clients of this tier and above get birthday greetings. Default "T2" (T1:
	// holiday greetings only).
	BirthdayMinTier string `toml:"birthday_min_tier"`
	// VisitMinTier: for clients of this tier and above the keepers also get a holiday alert to call or
	// visit in person (情感维护, DOMAIN.md §4). Default "T4".
	VisitMinTier string `toml:"visit_min_tier"`
	// Channels: the channels in order of preference; a client is greeted on the first one it has an
	// address for (sms: a mobile, email: an e-mail address). Default ["sms", "email"].
	Channels []string `toml:"channels"`
	// MaxAttempts: a message whose sending failed this many times stays failed until a supervisor
	// retries it. Default 5.
	MaxAttempts int `toml:"max_attempts"`
	// RetryMinutes: the wait after the first failed attempt; each further failure waits three times
	// longer, at most a day. Default 5.
	RetryMinutes int `toml:"retry_minutes"`
}

// Schedule is DOMAIN.md §6's supervisor's routine: schedules planned at least a week ahead.
type Schedule struct {
	// WeekPlanMin: a member of a supervisor's team with fewer items (tasks, visits, appointments) planned
	// for next week is shown as planning too little. DOMAIN.md names no number; 5 (one a working day)
	// is a default Steward chose.
	WeekPlanMin int `toml:"week_plan_min"`
}

// FestivalCodes are the festival codes a policy may name in greetings.festivals (calendar.FestivalCode).
var FestivalCodes = []string{"new_year", "spring_festival_eve", "spring_festival", "lantern", "qingming", "labour_day",
	"dragon_boat", "mid_autumn", "national_day", "double_ninth"}

// Default returns the policy with every default of DOMAIN.md.
func Default() *Policy {
	return &Policy{
		Rating: Rating{
			Weights: Weights{
				Short:     RateOf(135, 100),
				Long:      RateOf(1, 1),
				Mortgage:  RateOf(1, 1),
				Loan:      RateOf(2, 1),
				Purchase:  RateOf(2, 1),
				CardSpend: RateOf(2, 1),
			},
			WindowMonths: 6,
			Stars: StarThresholds{
				PreStar: RateOf(0, 1),
				Three:   RateOf(50, 1),
				Four:    RateOf(500, 1),
				Five:    RateOf(2000, 1),
				Six:     RateOf(10000, 1),
				Seven:   RateOf(80000, 1),
			},
			UpgradeFloors: UpgradeFloors{
				PrivateBanking: 7,
				WealthPremier:  6,
				Platinum:       6,
				Wealth:         5,
				Gold:           5,
				Ordinary:       4,
			},
			GraceMonths:           2,
			InstantUpgradeMaxDays: 183,
			NearUpgradePct:        10,
			FeeIncomeEarnsPoints:  false,
		},
		Tiers: Tiers{
			T2Min:       Yuan(50_000),
			T3Min:       Yuan(200_000),
			T4Min:       Yuan(500_000),
			T5Min:       Yuan(3_000_000),
			ClassAMin:   Yuan(200_000),
			ClassBMin:   Yuan(10_000),
			CadenceDays: Cadence{T1: 0, T2: 90, T3: 30, T4: 14, T5: 7},
		},
		Segments: Segments{
			HighShareTopPct: 20,
			HighLoyaltyMin:  60,
			LoyaltyWeights: LoyaltyWeights{
				Tenure:         20,
				ProductKinds:   20,
				TxnFrequency:   20,
				Responsiveness: 10,
				ShareOfWallet:  20,
				CreditGrade:    10,
			},
			VitalFewPct:  80,
			DormantDays:  180,
			ChurnDropPct: 50,
			ChurnMonths:  3,
			NewDays:      90,
		},
		Alerts: Alerts{
			LargeMovement:           Yuan(50_000),
			LargeMovementHigh:       Yuan(200_000),
			MaturityLeadDays:        []int{30, 7, 1},
			BirthdayLeadDays:        7,
			RiskExpiryWarningDays:   30,
			PhoneStaleMonths:        12,
			ContactOverdueGraceDays: 2,
			EscalationHours:         48,
		},
		Suitability: Suitability{
			AssessmentValidityMonths:    12,
			QuestionnaireMaxPerDay:      2,
			QuestionnaireMaxPer12Months: 8,
			ElderlyAge:                  65,
		},
		Sales: Sales{
			DailyLeafletsTarget:     50,
			DailyNewProspectsTarget: 3,
		},
		Security: Security{
			PasswordMaxAgeDays:  90,
			PasswordMinLength:   8,
			LockoutAttempts:     5,
			LockoutMinutes:      15,
			AddressFailedLogins: 20,
			TokenMaxDays:        90,
			SessionIdleMinutes:  30,
			SessionMaxHours:     12,
		},
		Greetings: Greetings{
			QuietHoursStart: 21 * 60,
			QuietHoursEnd:   8 * 60,
			LeadDays:        3,
			Festivals: []string{"new_year", "spring_festival", "lantern", "qingming", "labour_day", "dragon_boat",
				"mid_autumn", "national_day", "double_ninth"},
			FestivalMinTier: T1,
			BirthdayMinTier: T2,
			VisitMinTier:    T4,
			Channels:        []string{"sms", "email"},
			MaxAttempts:     5,
			RetryMinutes:    5,
		},
		Schedule:      Schedule{WeekPlanMin: 5},
		Feeds:         Feeds{MaxAmount: Yuan(1_000_000_000)},
		Relationships: Relationships{MaxClientsPerRM: Cadence{T3: 300, T4: 150, T5: 50}, ShadowDays: 30},
	}
}

// Tier names, lowest first.
const (
	T1 = "T1"
	T2 = "T2"
	T3 = "T3"
	T4 = "T4"
	T5 = "T5"
)

// TierOf returns the asset tier "T1".."T5" of a client with aumFen of current AUM; bands are inclusive
// at the lower end.
func (p *Policy) TierOf(aumFen int64) string {
	t := &p.Tiers
	switch m := Money(aumFen); {
	case m >= t.T5Min:
		return T5
	case m >= t.T4Min:
		return T4
	case m >= t.T3Min:
		return T3
	case m >= t.T2Min:
		return T2
	}
	return T1
}

// ABCClass returns the report class "A", "B" or "C" of a client with aumFen of current AUM; classes
// are inclusive at the lower end.
func (p *Policy) ABCClass(aumFen int64) string {
	switch m := Money(aumFen); {
	case m >= p.Tiers.ClassAMin:
		return "A"
	case m >= p.Tiers.ClassBMin:
		return "B"
	}
	return "C"
}

// CadenceDays returns the contact cadence in days of a tier ("T1".."T5"); 0 means none, as does an
// unknown tier.
func (p *Policy) CadenceDays(tier string) int { return p.Tiers.CadenceDays.Of(tier) }

// Of is the figure of a tier ("T1".."T5"); 0 for an unknown tier.
func (c Cadence) Of(tier string) int {
	switch tier {
	case T1:
		return c.T1
	case T2:
		return c.T2
	case T3:
		return c.T3
	case T4:
		return c.T4
	case T5:
		return c.T5
	}
	return 0
}

// LargeMovement returns the large-movement threshold for a client of the given tier: the high one
// for T4 and T5, the ordinary one otherwise.
func (p *Policy) LargeMovement(tier string) Money {
	if tier == T4 || tier == T5 {
		return p.Alerts.LargeMovementHigh
	}
	return p.Alerts.LargeMovement
}

// ContributionStars returns the contribution stars (0 unrated, 1 pre-star, 3–7) of exact star points.
func (p *Policy) ContributionStars(points *big.Rat) int {
	s := &p.Rating.Stars
	for _, c := range []struct {
		min   Points
		stars int
	}{{s.Seven, 7}, {s.Six, 6}, {s.Five, 5}, {s.Four, 4}, {s.Three, 3}} {
		if points.Cmp(c.min.Rat()) >= 0 {
			return c.stars
		}
	}
	if points.Cmp(s.PreStar.Rat()) > 0 {
		return 1
	}
	return 0
}

// PasswordExpired reports whether a password set at changed has expired at now: it expires
// PasswordMaxAgeDays calendar days after it was set (at that instant, not after it). With
// PasswordMaxAgeDays 0 passwords never expire. A zero changed time is long expired.
func (p *Policy) PasswordExpired(changed, now time.Time) bool {
	days := p.Security.PasswordMaxAgeDays
	if days <= 0 {
		return false
	}
	return !now.Before(changed.AddDate(0, 0, days))
}

// InQuietHours reports whether t's time of day (in t's location) falls in the greetings' quiet hours
// [start, end), which may span midnight.
func (p *Policy) InQuietHours(t time.Time) bool {
	start, end := p.Greetings.QuietHoursStart, p.Greetings.QuietHoursEnd
	m := Clock(t.Hour()*60 + t.Minute())
	switch {
	case start == end:
		return false
	case start < end:
		return m >= start && m < end
	}
	return m >= start || m < end
}
