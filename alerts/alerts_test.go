package alerts

import (
	"fmt"
	"testing"
	"time"

	"github.com/steward-bank/steward/calendar"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/rating"
)

func newRules(t *testing.T, mod ...func(*policy.Policy)) *Rules {
	t.Helper()
	p := policy.Default()
	for _, m := range mod {
		m(p)
	}
	rr, err := rating.New(p)
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(p, rr)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func d(s string) domain.Date {
	x, err := domain.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return x
}

func keys(as []Alert) string {
	s := ""
	for _, a := range as {
		s += fmt.Sprintf("[%s %s %d %s]", a.Rule, a.Key, a.Figures.AmountFen, a.Figures.Direction)
	}
	return s
}

// The thresholds of DOMAIN.md §5 at their boundaries: 50 000 yuan (T1–T3), 200 000 yuan (T4–T5).
func TestMovements(t *testing.T) {
	r := newRules(t)
	day := d("2026-11-23")
	tests := []struct {
		name string
		tier rating.Tier
		txns []Txn
		net  int64
		want string
	}{
		{"49 999.99 in: nothing", rating.T2, []Txn{{TxnID: "1", AmountFen: 4_999_999}}, 4_999_999, ""},
		{"50 000.00 in: large", rating.T2, []Txn{{TxnID: "1", AmountFen: 5_000_000}}, 5_000_000, "[large_movement txn:1 5000000 in]"},
		{"50 000.00 out", rating.T3, []Txn{{TxnID: "2", AmountFen: -5_000_000}}, -5_000_000, "[large_movement txn:2 -5000000 out]"},
		{"to another bank", rating.T1, []Txn{{TxnID: "3", AmountFen: -6_000_000, OtherBank: true}}, -6_000_000, "[moved_out txn:3 -6000000 out]"},
		{"T4 needs 200 000", rating.T4, []Txn{{TxnID: "4", AmountFen: -19_999_999}}, -19_999_999, ""},
		{"T5 at 200 000", rating.T5, []Txn{{TxnID: "5", AmountFen: 20_000_000}}, 20_000_000, "[large_movement txn:5 20000000 in]"},
		{"small payments adding up: the day's net", rating.T2, []Txn{{TxnID: "6", AmountFen: -3_000_000}, {TxnID: "7", AmountFen: -2_000_000}},
			-5_000_000, "[large_movement net:2026-11-23 -5000000 out]"},
		{"one large payment is one alert", rating.T2, []Txn{{TxnID: "8", AmountFen: -9_000_000}}, -9_000_000, "[large_movement txn:8 -9000000 out]"},
		{"in and out the same day net to nothing", rating.T2, []Txn{{TxnID: "9", AmountFen: 4_000_000}, {TxnID: "10", AmountFen: -4_000_000}}, 0, ""},
	}
	for _, tt := range tests {
		if got := keys(r.Movements("C1", tt.tier, day, tt.txns, tt.net)); got != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, got, tt.want)
		}
	}
	if a := r.Movements("C1", rating.T2, day, []Txn{{TxnID: "x", AmountFen: -5_000_000, OtherBank: true}}, 0); a[0].Severity != Urgent || a[0].Figures.Threshold != 5_000_000 {
		t.Errorf("money leaving: %+v", a)
	}
}

// Maturities at 30, 7 and 1 days: each lead once, the nearest lead for a product first seen inside one.
func TestMaturity(t *testing.T) {
	r := newRules(t)
	mat := d("2026-12-31")
	seen := map[string]bool{}
	var fired []string
	for day := d("2026-11-20"); !day.After(mat.AddDays(1)); day = day.AddDays(1) {
		a, ok := r.Maturity("C1", "A1", "TD1Y", 100_000_00, mat, day)
		if !ok || seen[a.Key] {
			continue
		}
		seen[a.Key] = true
		fired = append(fired, fmt.Sprintf("%s:%d", day, a.Figures.Lead))
	}
	if want := "[2026-12-01:30 2026-12-24:7 2026-12-30:1]"; fmt.Sprint(fired) != want {
		t.Errorf("fired %v, want %s", fired, want)
	}
	if a, ok := r.Maturity("C1", "A2", "WM1", 0, mat, d("2026-12-27")); !ok || a.Figures.Lead != 7 || a.Figures.Days != 4 || a.Severity != Warn {
		t.Errorf("first seen 4 days before: %+v %v", a, ok)
	}
	if a, ok := r.Maturity("C1", "A2", "WM1", 0, mat, mat); !ok || a.Figures.Lead != 1 || a.Severity != Urgent {
		t.Errorf("on the day: %+v", a)
	}
	if _, ok := r.Maturity("C1", "A2", "WM1", 0, mat, mat.AddDays(1)); ok {
		t.Error("after maturity")
	}
	if _, ok := r.Maturity("C1", "A3", "DEP", 0, domain.Date{}, mat); ok {
		t.Error("no maturity date")
	}
}

// Birthdays in 7 days, solar and lunar (2026: 春节 is 02-17, so lunar 1/1 of the 2026 year).
func TestBirthday(t *testing.T) {
	r := newRules(t)
	client := Person{Key: "client", Name: "张伟", Birth: d("1990-03-07")}
	if _, ok := r.Birthday("C1", client, d("2026-02-27")); ok {
		t.Error("8 days before: too early")
	}
	a, ok := r.Birthday("C1", client, d("2026-02-28"))
	if !ok || a.Due != d("2026-03-07") || a.Figures.Days != 7 || a.Key != "client:2026-03-07" {
		t.Errorf("7 days before: %+v %v", a, ok)
	}
	mother := Person{Key: "42", Name: "王秀英", Relation: "parent", Lunar: true, LunarMonth: 1, LunarDay: 1}
	a, ok = r.Birthday("C1", mother, d("2026-02-12"))
	if !ok || a.Due != d("2026-02-17") || !a.Figures.Lunar || a.Figures.Relation != "parent" {
		t.Errorf("lunar birthday on 春节 2026: %+v %v", a, ok)
	}
	// 29 February: greeted on the 28th in a common year.
	leap := Person{Key: "client", Birth: d("2000-02-29")}
	if a, ok := r.Birthday("C1", leap, d("2026-02-25")); !ok || a.Due != d("2026-02-28") {
		t.Errorf("29 February in 2026: %+v", a)
	}
	if _, ok := r.Birthday("C1", Person{Key: "x"}, d("2026-02-25")); ok {
		t.Error("no birthday recorded")
	}
}

func TestRiskAssessment(t *testing.T) {
	r := newRules(t)
	exp := d("2026-12-23")
	if _, ok := r.RiskAssessment("C1", exp, d("2026-11-22")); ok {
		t.Error("31 days before")
	}
	if a, ok := r.RiskAssessment("C1", exp, d("2026-11-23")); !ok || a.Rule != RuleRiskExpiring || a.Figures.Days != 30 {
		t.Errorf("30 days before: %+v", a)
	}
	if a, ok := r.RiskAssessment("C1", exp, exp); !ok || a.Rule != RuleRiskExpiring {
		t.Errorf("on the day it expires it is still valid: %+v", a)
	}
	if a, ok := r.RiskAssessment("C1", exp, exp.AddDays(1)); !ok || a.Rule != RuleRiskExpired || a.Severity != Urgent || a.Key != "2026-12-23" {
		t.Errorf("the day after: %+v", a)
	}
}

func TestRatingAlerts(t *testing.T) {
	on := d("2026-11-01")
	for _, tt := range []struct {
		c    RatingChange
		rule Rule
		ok   bool
	}{
		{RatingChange{Reason: "up_points", FromService: 3, ToService: 4}, RuleStarsUp, true},
		{RatingChange{Reason: "up_product", FromService: 3, ToService: 5}, RuleStarsUp, true},
		{RatingChange{Reason: "instant_upgrade", FromService: 3, ToService: 6}, RuleStarsUp, true},
		{RatingChange{Reason: "down", FromService: 5, ToService: 3}, RuleStarsDown, true},
		{RatingChange{Reason: "contribution_down", FromContribution: 5, ToContribution: 4}, RuleStarsDown, true},
		{RatingChange{Reason: "down_grace"}, RuleDowngradeWarning, true},
		{RatingChange{Reason: "below_daily"}, RuleDowngradeWarning, true},
		{RatingChange{Reason: "tier_up", FromTier: "T2", ToTier: "T3"}, RuleTierUp, true},
		{RatingChange{Reason: "tier_down", FromTier: "T4", ToTier: "T3"}, RuleTierDown, true},
		{RatingChange{Reason: "first_rating"}, "", false},
	} {
		tt.c.ClientID, tt.c.On = "C1", on
		a, ok := FromHistory(tt.c)
		if ok != tt.ok || a.Rule != tt.rule {
			t.Errorf("%s: %+v %v", tt.c.Reason, a, ok)
		}
	}
	if a, _ := FromHistory(RatingChange{ClientID: "C1", On: on, Reason: "tier_down", FromTier: "T4", ToTier: "T3"}); a.Figures.From != "T4" || a.Figures.To != "T3" || a.Severity != Warn {
		t.Errorf("tier down figures: %+v", a)
	}
	if a, ok := NearUpgrade("C1", 202611, on, 4); !ok || a.Key != "202611:5" {
		t.Errorf("near upgrade: %+v", a)
	}
	if _, ok := NearUpgrade("C1", 202611, on, 7); ok {
		t.Error("nothing above seven stars")
	}
	if a, ok := LifeStage("C1", 202611, on, rating.StageActive, rating.StageChurning); !ok || a.Rule != RuleChurning || a.Severity != Urgent {
		t.Errorf("churning: %+v", a)
	}
	if _, ok := LifeStage("C1", 202611, on, rating.StageDormant, rating.StageDormant); ok {
		t.Error("still dormant is not news")
	}
	if _, ok := LifeStage("C1", 202611, on, rating.StageDormant, rating.StageActive); ok {
		t.Error("back to active raises no alert")
	}
}

func TestAssign(t *testing.T) {
	r := newRules(t)
	for _, tt := range []struct {
		tier rating.Tier
		rm   int64
		want Assignee
	}{
		{rating.T1, 7, Assignee{Role: domain.RoleTeller}},
		{rating.T2, 7, Assignee{Role: domain.RoleTellerVIP}},
		{rating.T3, 7, Assignee{StaffID: 7, Role: domain.RoleRM}},
		{rating.T4, 7, Assignee{StaffID: 7, Role: domain.RoleRM}},
		{rating.T4, 0, Assignee{Role: domain.RoleSupervisor}},
		{rating.T5, 7, Assignee{Role: domain.RoleOutletManager}},
	} {
		if got := r.Assign(tt.tier, tt.rm); got != tt.want {
			t.Errorf("%s rm %d: %+v, want %+v", tt.tier, tt.rm, got, tt.want)
		}
	}
}

// Escalation after 48 hours counted on working days only: weekends and the 2026 National Day holiday
// (10-01 to 10-07) do not count.
func TestDeadline(t *testing.T) {
	r := newRules(t)
	cal := calendar.Default()
	at := func(s string) time.Time {
		x, err := time.ParseInLocation("2006-01-02 15:04", s, domain.Shanghai)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	// Tuesday 10:00 → Thursday 10:00 (no holiday in between).
	if got := r.Deadline(at("2026-11-17 10:00"), cal); !got.Equal(at("2026-11-19 10:00")) {
		t.Errorf("midweek: %s", got)
	}
	// Friday 18:00 → the weekend does not count: Tuesday 18:00.
	if got := r.Deadline(at("2026-11-20 18:00"), cal); !got.Equal(at("2026-11-24 18:00")) {
		t.Errorf("over a weekend: %s", got)
	}
	// Wednesday 2026-09-30 12:00: 12 hours that day, then 10-01…10-07 are holidays, 10-08 (Thursday) 24
	// hours, 10-09 (Friday) 12 more: 2026-10-09 12:00.
	if got := r.Deadline(at("2026-09-30 12:00"), cal); !got.Equal(at("2026-10-09 12:00")) {
		t.Errorf("over National Day: %s", got)
	}
	if got := r.Deadline(at("2026-11-20 18:00"), nil); !got.Equal(at("2026-11-22 18:00")) {
		t.Errorf("calendar days: %s", got)
	}
}

func TestNewRefusesBadPolicy(t *testing.T) {
	p := policy.Default()
	p.Alerts.MaturityLeadDays = []int{7, 30}
	rr, _ := rating.New(p)
	if _, err := New(p, rr); err == nil {
		t.Error("ascending lead days accepted")
	}
}

func TestInfoIncomplete(t *testing.T) {
	on := d("2026-11-23")
	full := ClientFile{ClientID: "C1", Mobile: "13800138000", BirthDate: d("1990-03-07"), Address: "武汉市"}
	if _, ok := InfoIncomplete(full, rating.T4, on); ok {
		t.Error("a complete file")
	}
	if _, ok := InfoIncomplete(ClientFile{ClientID: "C1"}, rating.T1, on); ok {
		t.Error("T1 keeps no file")
	}
	a, ok := InfoIncomplete(ClientFile{ClientID: "C1", Mobile: "13800138000"}, rating.T2, on)
	if !ok || a.Key != "birth_date,address" || a.Figures.Missing != "birth_date,address" {
		t.Errorf("T2 without birth date and address: %+v", a)
	}
}
