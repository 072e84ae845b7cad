package policy

import (
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestDefaultsMatchDomain(t *testing.T) {
	p := Default()
	tests := []struct {
		name      string
		got, want any
	}{
		// §3 weights, points per 100 yuan.
		{"rating.weights.short", p.Rating.Weights.Short.String(), "1.35"},
		{"rating.weights.long", p.Rating.Weights.Long.String(), "1.00"},
		{"rating.weights.mortgage", p.Rating.Weights.Mortgage.String(), "1.00"},
		{"rating.weights.loan", p.Rating.Weights.Loan.String(), "2.00"},
		{"rating.weights.purchase", p.Rating.Weights.Purchase.String(), "2.00"},
		{"rating.weights.card_spend", p.Rating.Weights.CardSpend.String(), "2.00"},
		{"rating.window_months", p.Rating.WindowMonths, 6},
		// §3 contribution-star thresholds.
		{"rating.stars.pre_star", p.Rating.Stars.PreStar.String(), "0.00"},
		{"rating.stars.three", p.Rating.Stars.Three.String(), "50.00"},
		{"rating.stars.four", p.Rating.Stars.Four.String(), "500.00"},
		{"rating.stars.five", p.Rating.Stars.Five.String(), "2000.00"},
		{"rating.stars.six", p.Rating.Stars.Six.String(), "10000.00"},
		{"rating.stars.seven", p.Rating.Stars.Seven.String(), "80000.00"},
		// §3 upgrade floors.
		{"rating.upgrade_floors.private_banking", p.Rating.UpgradeFloors.PrivateBanking, 7},
		{"rating.upgrade_floors.wealth_premier", p.Rating.UpgradeFloors.WealthPremier, 6},
		{"rating.upgrade_floors.platinum", p.Rating.UpgradeFloors.Platinum, 6},
		{"rating.upgrade_floors.wealth", p.Rating.UpgradeFloors.Wealth, 5},
		{"rating.upgrade_floors.gold", p.Rating.UpgradeFloors.Gold, 5},
		{"rating.upgrade_floors.ordinary", p.Rating.UpgradeFloors.Ordinary, 4},
		{"rating.grace_months", p.Rating.GraceMonths, 2},
		{"rating.instant_upgrade_max_days", p.Rating.InstantUpgradeMaxDays, 183},
		{"rating.near_upgrade_pct", p.Rating.NearUpgradePct, 10},
		{"rating.fee_income_earns_points", p.Rating.FeeIncomeEarnsPoints, false},
		// §4 tiers (fen) and A/B/C.
		{"tiers.t2_min", p.Tiers.T2Min.Fen(), int64(5_000_000)},
		{"tiers.t3_min", p.Tiers.T3Min.Fen(), int64(20_000_000)},
		{"tiers.t4_min", p.Tiers.T4Min.Fen(), int64(50_000_000)},
		{"tiers.t5_min", p.Tiers.T5Min.Fen(), int64(300_000_000)},
		{"tiers.class_a_min", p.Tiers.ClassAMin.Fen(), int64(20_000_000)},
		{"tiers.class_b_min", p.Tiers.ClassBMin.Fen(), int64(1_000_000)},
		{"tiers.cadence_days.t1", p.Tiers.CadenceDays.T1, 0},
		{"tiers.cadence_days.t2", p.Tiers.CadenceDays.T2, 90},
		{"tiers.cadence_days.t3", p.Tiers.CadenceDays.T3, 30},
		{"tiers.cadence_days.t4", p.Tiers.CadenceDays.T4, 14},
		{"tiers.cadence_days.t5", p.Tiers.CadenceDays.T5, 7},
		// §4 segments.
		{"segments.high_share_top_pct", p.Segments.HighShareTopPct, 20},
		{"segments.high_loyalty_min", p.Segments.HighLoyaltyMin, 60},
		{"segments.loyalty_weights sum", p.Segments.LoyaltyWeights.Sum(), 100},
		{"segments.loyalty_weights", p.Segments.LoyaltyWeights, LoyaltyWeights{20, 20, 20, 10, 20, 10}},
		{"segments.vital_few_pct", p.Segments.VitalFewPct, 80},
		{"segments.dormant_days", p.Segments.DormantDays, 180},
		{"segments.churn_drop_pct", p.Segments.ChurnDropPct, 50},
		{"segments.churn_months", p.Segments.ChurnMonths, 3},
		{"segments.new_days", p.Segments.NewDays, 90},
		// §5 alerts.
		{"alerts.large_movement", p.Alerts.LargeMovement.Fen(), int64(5_000_000)},
		{"alerts.large_movement_high", p.Alerts.LargeMovementHigh.Fen(), int64(20_000_000)},
		{"alerts.maturity_lead_days", p.Alerts.MaturityLeadDays, []int{30, 7, 1}},
		{"alerts.birthday_lead_days", p.Alerts.BirthdayLeadDays, 7},
		{"alerts.risk_expiry_warning_days", p.Alerts.RiskExpiryWarningDays, 30},
		{"alerts.phone_stale_months", p.Alerts.PhoneStaleMonths, 12},
		{"alerts.escalation_hours", p.Alerts.EscalationHours, 48},
		{"alerts.contact_overdue_grace_days", p.Alerts.ContactOverdueGraceDays, 2},
		// §7 suitability.
		{"suitability.assessment_validity_months", p.Suitability.AssessmentValidityMonths, 12},
		{"suitability.questionnaire_max_per_day", p.Suitability.QuestionnaireMaxPerDay, 2},
		{"suitability.questionnaire_max_per_12_months", p.Suitability.QuestionnaireMaxPer12Months, 8},
		{"suitability.elderly_age", p.Suitability.ElderlyAge, 65},
		// §6 sales targets.
		{"sales.daily_leaflets_target", p.Sales.DailyLeafletsTarget, 50},
		{"sales.daily_new_prospects_target", p.Sales.DailyNewProspectsTarget, 3},
		// §6 security.
		{"security.password_max_age_days", p.Security.PasswordMaxAgeDays, 90},
		{"security.lockout_attempts", p.Security.LockoutAttempts, 5},
		{"security.lockout_minutes", p.Security.LockoutMinutes, 15},
		{"security.session_idle_minutes", p.Security.SessionIdleMinutes, 30},
		{"security.session_max_hours", p.Security.SessionMaxHours, 12},
		{"security.password_min_length", p.Security.PasswordMinLength, 8},
		{"security.address_failed_logins", p.Security.AddressFailedLogins, 20},
		{"security.token_max_days", p.Security.TokenMaxDays, 90},
		{"security.outlet_managers_manage_staff", p.Security.OutletManagersManageStaff, false},
		{"feeds.max_amount", p.Feeds.MaxAmount, Yuan(1_000_000_000)},
		{"relationships.shadow_days", p.Relationships.ShadowDays, 30},
		// §6 greetings.
		{"greetings.quiet_hours_start", p.Greetings.QuietHoursStart.String(), "21:00"},
		{"greetings.quiet_hours_end", p.Greetings.QuietHoursEnd.String(), "08:00"},
		// §6 the supervisor's routine.
		{"schedule.week_plan_min", p.Schedule.WeekPlanMin, 5},
		// §6 the per-RM service cap.
		{"relationships.max_clients_per_rm.t2", p.Relationships.MaxClientsPerRM.T2, 0},
		{"relationships.max_clients_per_rm.t3", p.Relationships.MaxClientsPerRM.T3, 300},
		{"relationships.max_clients_per_rm.t4", p.Relationships.MaxClientsPerRM.T4, 150},
		{"relationships.max_clients_per_rm.t5", p.Relationships.MaxClientsPerRM.T5, 50},
	}
	keys := policyKeys()
	for _, tt := range tests {
		if !reflect.DeepEqual(tt.got, tt.want) {
			t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
		}
		if k, _, _ := strings.Cut(tt.name, " "); !keys[k] {
			t.Errorf("%s is not a key of the policy file", k)
		}
	}
	if err := p.Validate(); err != nil {
		t.Fatalf("Default().Validate() = %v", err)
	}
}

// TestWorkedExamples checks DOMAIN.md §3's worked examples with the default weights.
func TestWorkedExamples(t *testing.T) {
	p := Default()
	w := p.Rating.Weights
	tests := []struct {
		name   string
		points *big.Rat
		want   string // points, 2 decimals
		stars  int
	}{
		{"200 000 time deposits", w.Long.MulFen(Yuan(200_000).Fen()), "2000.00", 5},
		{"199 999 time deposits", w.Long.MulFen(Yuan(199_999).Fen()), "1999.99", 4},
		{"100 000 demand deposits", w.Short.MulFen(Yuan(100_000).Fen()), "1350.00", 4},
		{"4 999 time deposits", w.Long.MulFen(Yuan(4_999).Fen()), "49.99", 1},
		{"500 000 mortgage + 300 000 wealth", new(big.Rat).Add(w.Mortgage.MulFen(Yuan(500_000).Fen()), w.Long.MulFen(Yuan(300_000).Fen())), "8000.00", 5},
		{"8 million long", w.Long.MulFen(Yuan(8_000_000).Fen()), "80000.00", 7},
		{"1 million long", w.Long.MulFen(Yuan(1_000_000).Fen()), "10000.00", 6},
		{"50 000 long", w.Long.MulFen(Yuan(50_000).Fen()), "500.00", 4},
		{"5 000 long", w.Long.MulFen(Yuan(5_000).Fen()), "50.00", 3},
		{"1 fen long", w.Long.MulFen(1), "0.00", 1},
		{"nothing", w.Long.MulFen(0), "0.00", 0},
	}
	for _, tt := range tests {
		if got := tt.points.FloatString(2); got != tt.want {
			t.Errorf("%s: points %s, want %s", tt.name, got, tt.want)
		}
		if got := p.ContributionStars(tt.points); got != tt.stars {
			t.Errorf("%s: stars %d, want %d", tt.name, got, tt.stars)
		}
	}
}

func TestTOMLRoundTrip(t *testing.T) {
	custom := Default()
	custom.Rating.Weights.Short = RateOf(1234567, 1_000_000) // 1.234567
	custom.Rating.Stars.PreStar = RateOf(1, 100)
	custom.Rating.FeeIncomeEarnsPoints = true
	custom.Tiers.T2Min = Money(5_000_001) // 50000.01
	custom.Alerts.MaturityLeadDays = []int{60, 30, 14, 7, 3, 1}
	custom.Security.PasswordMaxAgeDays = 0
	custom.Greetings.QuietHoursStart = 22*60 + 30
	for name, p := range map[string]*Policy{"default": Default(), "custom": custom} {
		data, err := p.TOML()
		if err != nil {
			t.Fatalf("%s: TOML: %v", name, err)
		}
		back, err := Parse(data, name)
		if err != nil {
			t.Fatalf("%s: Parse(TOML()): %v\n%s", name, err, data)
		}
		if !reflect.DeepEqual(back, p) {
			t.Errorf("%s: round trip differs:\n got %+v\nwant %+v", name, back, p)
		}
		for _, want := range []string{`short = "`, `t2_min = "`, `quiet_hours_start = "`, "[rating.weights]", "[greetings]"} {
			if !strings.Contains(string(data), want) {
				t.Errorf("%s: TOML lacks %q:\n%s", name, want, data)
			}
		}
	}
}

func TestOverlayPartial(t *testing.T) {
	p, err := Parse([]byte(`
[rating.weights]
short = "1.5"
loan = 3          # a TOML integer is exact too

[tiers]
t2_min = "60000.50"
t5_min = 5000000  # whole yuan

[tiers.cadence_days]
t2 = 60

[alerts]
maturity_lead_days = [14, 3]

[security]
password_max_age_days = 0
`), "partial.toml")
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	want.Rating.Weights.Short = RateOf(3, 2)
	want.Rating.Weights.Loan = RateOf(3, 1)
	want.Tiers.T2Min = Money(6_000_050)
	want.Tiers.T5Min = Yuan(5_000_000)
	want.Tiers.CadenceDays.T2 = 60
	want.Alerts.MaturityLeadDays = []int{14, 3}
	want.Security.PasswordMaxAgeDays = 0
	if !reflect.DeepEqual(p, want) {
		t.Errorf("overlay:\n got %+v\nwant %+v", p, want)
	}

	empty, err := Parse(nil, "empty")
	if err != nil || !reflect.DeepEqual(empty, Default()) {
		t.Errorf("empty file: %v, %+v", err, empty)
	}
}

func TestUnknownKeyRefused(t *testing.T) {
	tests := []struct{ file, key string }{
		{"bogus = 1", "bogus"},
		{"[ratings]\nwindow_months = 6", "ratings"},
		{"[rating]\nwindow_month = 6", "rating.window_month"},
		{"[rating.weights]\ndeposit = \"1\"", "rating.weights.deposit"},
		{"[tiers.cadence_days]\nt6 = 1", "tiers.cadence_days.t6"},
		{"[Rating]\nwindow_months = 6", "Rating"}, // keys match exactly
		{"[greetings.extra]\na = 1", "greetings.extra"},
	}
	for _, tt := range tests {
		probs := parseProblems(t, tt.file)
		if !slices.Contains(probs, tt.key+": unknown key") {
			t.Errorf("%q: problems %q, want %q", tt.file, probs, tt.key+": unknown key")
		}
	}
}

func TestValidationMessages(t *testing.T) {
	tests := []struct{ file, want string }{
		{"[tiers]\nt3_min = \"40000\"", "tiers.t3_min: must be greater than tiers.t2_min (50000.00)"},
		{"[tiers]\nt5_min = \"500000\"", "tiers.t5_min: must be greater than tiers.t4_min (500000.00)"},
		{"[tiers]\nt2_min = \"0\"", "tiers.t2_min: must be positive"},
		{"[tiers]\nclass_a_min = \"10000\"", "tiers.class_a_min: must be greater than tiers.class_b_min (10000.00)"},
		{"[tiers]\nt2_min = \"1.234\"", `tiers.t2_min: "1.234" has more than 2 decimals (amounts are exact to the fen)`},
		{"[tiers]\nt2_min = 50000.5", `tiers.t2_min: write the amount as a quoted yuan string such as "50000.5", not a TOML float`},
		{"[tiers.cadence_days]\nt5 = -1", "tiers.cadence_days.t5: must be at least 0"},
		{"[rating.weights]\nshort = \"1.3a\"", `rating.weights.short: "1.3a" is not a decimal`},
		{"[rating.weights]\nshort = \"1.2345678\"", `rating.weights.short: "1.2345678" has more than 6 decimals`},
		{"[rating.weights]\nshort = 1.35", `rating.weights.short: write the number as a quoted decimal string such as "1.35", not a TOML float`},
		{"[rating.weights]\nloan = \"-1\"", "rating.weights.loan: must not be negative"},
		{"[rating.stars]\nfour = \"50\"", "rating.stars.four: must be greater than rating.stars.three (50.00)"},
		{"[rating.stars]\npre_star = \"-0.01\"", "rating.stars.pre_star: must not be negative"},
		{"[rating.upgrade_floors]\ngold = 8", "rating.upgrade_floors.gold: must be at most 7"},
		{"[rating]\nwindow_months = 0", "rating.window_months: must be at least 1"},
		{"[rating]\ninstant_upgrade_max_days = 0", "rating.instant_upgrade_max_days: must be at least 1"},
		{"[rating]\ninstant_upgrade_max_days = 400", "rating.instant_upgrade_max_days: must be at most 366"},
		{"[rating]\nnear_upgrade_pct = 101", "rating.near_upgrade_pct: must be at most 100"},
		{"[rating]\nfee_income_earns_points = \"no\"", "rating.fee_income_earns_points: must be true or false, got string"},
		{"rating = 5", "rating: must be a table, got integer"},
		{"[security]\nlockout_attempts = 0", "security.lockout_attempts: must be at least 1"},
		{"[relationships]\nshadow_days = -1", "relationships.shadow_days: must be at least 0"},
		{"[relationships]\nshadow_days = 366", "relationships.shadow_days: must be at most 365"},
		{"[feeds]\nmax_amount = \"0.99\"", "feeds.max_amount: must be from 1.00 to 100000000000.00 yuan"},
		{"[feeds]\nmax_amount = \"100000000000.01\"", "feeds.max_amount: must be from 1.00 to 100000000000.00 yuan"},
		{"[feeds]\nmax_amount = \"92233720368547758.07\"", "feeds.max_amount: must be from 1.00 to 100000000000.00 yuan"},
		{"[security]\nlockout_attempts = \"5\"", "security.lockout_attempts: must be an integer, got string"},
		{"[security]\npassword_min_length = 6", "security.password_min_length: must be at least 8"},
		{"[security]\npassword_max_age_days = -1", "security.password_max_age_days: must be at least 0"},
		{"[security]\nsession_idle_minutes = 800", "security.session_idle_minutes: must not exceed security.session_max_hours (12 hours)"},
		{"[segments.loyalty_weights]\ncredit_grade = 5", "segments.loyalty_weights: must sum to 100, got 95"},
		{"[segments]\nhigh_loyalty_min = 101", "segments.high_loyalty_min: must be at most 100"},
		{"[segments]\nhigh_share_top_pct = 0", "segments.high_share_top_pct: must be at least 1"},
		{"[alerts]\nmaturity_lead_days = [7, 30, 1]", "alerts.maturity_lead_days: must be positive and descending"},
		{"[alerts]\nmaturity_lead_days = [30, 7, 0]", "alerts.maturity_lead_days: must be positive and descending"},
		{"[alerts]\nmaturity_lead_days = [30, 30]", "alerts.maturity_lead_days: must be positive and descending"},
		{"[alerts]\nmaturity_lead_days = []", "alerts.maturity_lead_days: must list at least one lead time"},
		{"[alerts]\nmaturity_lead_days = [30, \"7\"]", "alerts.maturity_lead_days: must be an array of integers, element 2 is string"},
		{"[alerts]\nlarge_movement_high = \"1000\"", "alerts.large_movement_high: must be at least alerts.large_movement (50000.00)"},
		{"[alerts]\nescalation_hours = 0", "alerts.escalation_hours: must be at least 1"},
		{"[suitability]\nquestionnaire_max_per_12_months = 1", "suitability.questionnaire_max_per_12_months: must be at least suitability.questionnaire_max_per_day (2)"},
		{"[suitability]\nelderly_age = 200", "suitability.elderly_age: must be at most 120"},
		{"[sales]\ndaily_leaflets_target = -5", "sales.daily_leaflets_target: must be at least 0"},
		{"[greetings]\nquiet_hours_start = \"25:00\"", `greetings.quiet_hours_start: "25:00" is not a time of day (HH:MM, 00:00 to 23:59)`},
		{"[relationships.max_clients_per_rm]\nt4 = -1", "relationships.max_clients_per_rm.t4: must be at least 0"},
		{"[greetings]\nquiet_hours_end = 8", "greetings.quiet_hours_end: must be a time of day string \"HH:MM\", got integer"},
	}
	keys := policyKeys()
	for _, tt := range tests {
		probs := parseProblems(t, tt.file)
		if !slices.Contains(probs, tt.want) {
			t.Errorf("%q:\n got %q\nwant %q", tt.file, probs, tt.want)
		}
		for _, pr := range probs {
			if k, _, _ := strings.Cut(pr, ":"); !keys[k] {
				t.Errorf("%q: problem names %q, not a key of the policy file", tt.file, k)
			}
		}
	}
}

// TestEveryProblemListed: one error lists all problems, decode and validation alike.
func TestEveryProblemListed(t *testing.T) {
	probs := parseProblems(t, `
[rating.weights]
short = "1.3a"
[tiers]
t3_min = "40000"
[security]
lockout_attempts = 0
surprise = true
[segments.loyalty_weights]
tenure = 15
`)
	want := []string{
		`rating.weights.short: "1.3a" is not a decimal`,
		"security.surprise: unknown key",
		"tiers.t3_min: must be greater than tiers.t2_min (50000.00)",
		"segments.loyalty_weights: must sum to 100, got 95",
		"security.lockout_attempts: must be at least 1",
	}
	if !reflect.DeepEqual(probs, want) {
		t.Errorf("problems\n got %q\nwant %q", probs, want)
	}

	p := Default()
	p.Security.LockoutAttempts = 0
	p.Tiers.T3Min = Yuan(1)
	p.Rating.Weights.Long = Rate{1, 3}
	err := p.Validate()
	if err == nil {
		t.Fatal("Validate accepted a bad policy")
	}
	wantMsg := "policy: 3 problems:\n" +
		"\trating.weights.long: 1/3 is not a decimal with at most 6 decimals\n" +
		"\ttiers.t3_min: must be greater than tiers.t2_min (50000.00)\n" +
		"\tsecurity.lockout_attempts: must be at least 1"
	if err.Error() != wantMsg {
		t.Errorf("Validate() =\n%s\nwant\n%s", err, wantMsg)
	}
}

func TestSyntaxErrorAndLoad(t *testing.T) {
	if _, err := Parse([]byte("[rating\n"), "broken.toml"); err == nil || !strings.Contains(err.Error(), "broken.toml") {
		t.Errorf("syntax error: %v", err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "policy.toml")
	if err := os.WriteFile(path, []byte("[sales]\ndaily_new_prospects_target = 5\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := Load(path)
	if err != nil || p.Sales.DailyNewProspectsTarget != 5 || p.Sales.DailyLeafletsTarget != 50 {
		t.Errorf("Load: %v, %+v", err, p)
	}
	if err := os.WriteFile(path, []byte("[sales]\nx = 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(path); err == nil || err.Error() != "policy "+path+": sales.x: unknown key" {
		t.Errorf("Load unknown key: %v", err)
	}
	if _, err := Load(filepath.Join(dir, "missing.toml")); err == nil {
		t.Error("Load of a missing file succeeded")
	}
}

func TestTierBoundaries(t *testing.T) {
	p := Default()
	tests := []struct{ yuan, tier string }{
		{"0", "T1"},
		{"-100", "T1"},
		{"49999.99", "T1"},
		{"50000.00", "T2"},
		{"199999.99", "T2"},
		{"200000", "T3"},
		{"499999.99", "T3"},
		{"500000", "T4"},
		{"2999999.99", "T4"},
		{"3000000", "T5"},
		{"100000000", "T5"},
	}
	for _, tt := range tests {
		if got := p.TierOf(mustYuan(t, tt.yuan)); got != tt.tier {
			t.Errorf("TierOf(%s) = %s, want %s", tt.yuan, got, tt.tier)
		}
	}
}

func TestABCBoundaries(t *testing.T) {
	p := Default()
	tests := []struct{ yuan, class string }{
		{"0", "C"},
		{"9999.99", "C"},
		{"10000", "B"},
		{"199999.99", "B"},
		{"200000", "A"},
		{"5000000", "A"},
	}
	for _, tt := range tests {
		if got := p.ABCClass(mustYuan(t, tt.yuan)); got != tt.class {
			t.Errorf("ABCClass(%s) = %s, want %s", tt.yuan, got, tt.class)
		}
	}
}

func TestTierHelpers(t *testing.T) {
	p := Default()
	cadence := map[string]int{"T1": 0, "T2": 90, "T3": 30, "T4": 14, "T5": 7, "T9": 0}
	for tier, want := range cadence {
		if got := p.CadenceDays(tier); got != want {
			t.Errorf("CadenceDays(%s) = %d, want %d", tier, got, want)
		}
	}
	move := map[string]Money{"T1": Yuan(50_000), "T3": Yuan(50_000), "T4": Yuan(200_000), "T5": Yuan(200_000)}
	for tier, want := range move {
		if got := p.LargeMovement(tier); got != want {
			t.Errorf("LargeMovement(%s) = %s, want %s", tier, got, want)
		}
	}
}

func TestParseYuan(t *testing.T) {
	tests := []struct {
		in   string
		fen  int64
		fail bool
	}{
		{in: "12", fen: 1200},
		{in: "-0.5", fen: -50},
		{in: "0.01", fen: 1},
		{in: "50000.00", fen: 5_000_000},
		{in: "1234567.89", fen: 123_456_789},
		{in: "-0", fen: 0},
		{in: "007.1", fen: 710},
		{in: "92233720368547758.07", fen: 1<<63 - 1},
		{in: "-92233720368547758.08", fen: -1 << 63},
		{in: "92233720368547758.08", fail: true},
		{in: "1.234", fail: true},
		{in: "1,000", fail: true},
		{in: "abc", fail: true},
		{in: "", fail: true},
		{in: "-", fail: true},
		{in: ".5", fail: true},
		{in: "5.", fail: true},
		{in: "+5", fail: true},
		{in: " 5", fail: true},
		{in: "1e3", fail: true},
		{in: "1.2.3", fail: true},
		{in: "--1", fail: true},
		{in: "１２", fail: true}, // full-width digits
	}
	for _, tt := range tests {
		got, err := ParseYuan(tt.in)
		switch {
		case tt.fail && err == nil:
			t.Errorf("ParseYuan(%q) = %d, want an error", tt.in, got)
		case !tt.fail && err != nil:
			t.Errorf("ParseYuan(%q): %v", tt.in, err)
		case !tt.fail && got.Fen() != tt.fen:
			t.Errorf("ParseYuan(%q) = %d fen, want %d", tt.in, got.Fen(), tt.fen)
		}
	}
}

func TestYuanString(t *testing.T) {
	tests := []struct {
		fen  Money
		want string
	}{
		{0, "0.00"},
		{1, "0.01"},
		{-50, "-0.50"},
		{123_456_789, "1234567.89"},
		{-123_456_789, "-1234567.89"},
		{1<<63 - 1, "92233720368547758.07"},
		{-1 << 63, "-92233720368547758.08"},
	}
	for _, tt := range tests {
		if got := tt.fen.YuanString(); got != tt.want {
			t.Errorf("Money(%d).YuanString() = %q, want %q", int64(tt.fen), got, tt.want)
		}
		var m Money
		if err := m.UnmarshalText([]byte(tt.want)); err != nil || m != tt.fen {
			t.Errorf("UnmarshalText(%q) = %d, %v", tt.want, m, err)
		}
	}
}

func TestParseRate(t *testing.T) {
	tests := []struct {
		in   string
		want Rate
		str  string
		fail bool
	}{
		{in: "1.35", want: Rate{27, 20}, str: "1.35"},
		{in: "1.350000", want: Rate{27, 20}, str: "1.35"},
		{in: "2", want: Rate{2, 1}, str: "2.00"},
		{in: "0", want: Rate{0, 1}, str: "0.00"},
		{in: "0.000125", want: Rate{1, 8000}, str: "0.000125"},
		{in: "-1.5", want: Rate{-3, 2}, str: "-1.50"},
		{in: "80000", want: Rate{80000, 1}, str: "80000.00"},
		{in: "1.3a", fail: true},
		{in: "1.0000001", fail: true},
		{in: "1,5", fail: true},
		{in: "", fail: true},
		{in: ".5", fail: true},
		{in: "1e2", fail: true},
		{in: "99999999999999999999", fail: true},
	}
	for _, tt := range tests {
		got, err := ParseRate(tt.in)
		if tt.fail {
			if err == nil {
				t.Errorf("ParseRate(%q) = %v, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || got != tt.want || got.String() != tt.str {
			t.Errorf("ParseRate(%q) = %#v (%s), %v; want %#v (%s)", tt.in, got, got, err, tt.want, tt.str)
		}
	}
	if (Rate{}).String() != "0.00" || (Rate{}).Sign() != 0 || (Rate{}).Cmp(RateOf(0, 1)) != 0 {
		t.Error("the zero Rate is not 0")
	}
	if got := RateOf(135, 100).MulFen(10_000); got.Cmp(big.NewRat(135, 100)) != 0 {
		t.Errorf("1.35 × 100 yuan = %s points, want 1.35", got.FloatString(6))
	}
}

func TestPasswordExpired(t *testing.T) {
	changed := time.Date(2025, 1, 10, 9, 30, 0, 0, time.UTC)
	tests := []struct {
		maxAge int
		now    time.Time
		want   bool
	}{
		{0, changed.AddDate(10, 0, 0), false},
		{0, changed, false},
		{90, changed, false},
		{90, changed.AddDate(0, 0, 89), false},
		{90, changed.AddDate(0, 0, 90).Add(-time.Nanosecond), false},
		{90, changed.AddDate(0, 0, 90), true},
		{90, changed.AddDate(0, 0, 91), true},
		{30, changed.AddDate(0, 0, 30), true},
	}
	for _, tt := range tests {
		p := Default()
		p.Security.PasswordMaxAgeDays = tt.maxAge
		if got := p.PasswordExpired(changed, tt.now); got != tt.want {
			t.Errorf("max age %d, now %s: expired = %v, want %v", tt.maxAge, tt.now, got, tt.want)
		}
	}
	if !Default().PasswordExpired(time.Time{}, changed) {
		t.Error("a password never set is not expired")
	}
}

func TestInQuietHours(t *testing.T) {
	at := func(h, m int) time.Time { return time.Date(2025, 6, 1, h, m, 0, 0, time.UTC) }
	tests := []struct {
		start, end string
		t          time.Time
		want       bool
	}{
		{"21:00", "08:00", at(20, 59), false},
		{"21:00", "08:00", at(21, 0), true},
		{"21:00", "08:00", at(0, 0), true},
		{"21:00", "08:00", at(7, 59), true},
		{"21:00", "08:00", at(8, 0), false},
		{"12:00", "14:00", at(13, 0), true},
		{"12:00", "14:00", at(14, 0), false},
		{"09:00", "09:00", at(9, 0), false},
	}
	for _, tt := range tests {
		p := Default()
		var err error
		if p.Greetings.QuietHoursStart, err = ParseClock(tt.start); err != nil {
			t.Fatal(err)
		}
		if p.Greetings.QuietHoursEnd, err = ParseClock(tt.end); err != nil {
			t.Fatal(err)
		}
		if got := p.InQuietHours(tt.t); got != tt.want {
			t.Errorf("%s–%s at %s: %v, want %v", tt.start, tt.end, tt.t.Format("15:04"), got, tt.want)
		}
	}
}

func FuzzParseYuan(f *testing.F) {
	for _, s := range []string{"12", "-0.5", "1.234", "1,000", "abc", "0.01", "92233720368547758.07", "-92233720368547758.08", "99999999999999999999", "1.", "-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseYuan(s)
		if err != nil {
			return
		}
		out := m.YuanString()
		back, err := ParseYuan(out)
		if err != nil || back != m {
			t.Fatalf("ParseYuan(%q) = %d; YuanString %q parses to %d, %v", s, m, out, back, err)
		}
		if i := strings.IndexByte(out, '.'); i < 0 || len(out)-i != 3 {
			t.Fatalf("YuanString %q does not have 2 decimals", out)
		}
	})
}

// parseProblems parses a policy file that must fail and returns its problems as strings.
func parseProblems(t *testing.T, file string) []string {
	t.Helper()
	p, err := Parse([]byte(file), "test.toml")
	var perr *Error
	if !errors.As(err, &perr) {
		t.Fatalf("Parse(%q) = %v, %v; want an *Error", file, p, err)
	}
	var out []string
	for _, pr := range perr.Problems {
		out = append(out, pr.String())
	}
	return out
}

// policyKeys returns every dotted key of the policy file, tables included, from the toml tags.
func policyKeys() map[string]bool {
	keys := map[string]bool{}
	var walk func(t reflect.Type, prefix string)
	walk = func(t reflect.Type, prefix string) {
		for i := range t.NumField() {
			f := t.Field(i)
			key := prefix + f.Tag.Get("toml")
			keys[key] = true
			if f.Type.Kind() == reflect.Struct && f.Type != reflect.TypeFor[Rate]() {
				walk(f.Type, key+".")
			}
		}
	}
	walk(reflect.TypeFor[Policy](), "")
	return keys
}

func mustYuan(t *testing.T, s string) int64 {
	t.Helper()
	m, err := ParseYuan(s)
	if err != nil {
		t.Fatal(err)
	}
	return m.Fen()
}
