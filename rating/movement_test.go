package rating

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/steward-bank/steward/policy"
)

func grace(n int) func(*policy.Policy) { return func(p *policy.Policy) { p.Rating.GraceMonths = n } }

// step is one evaluation in a sequence and what should follow from it.
type step struct {
	on                    Occasion
	eval                  Stars
	service, contribution int
	below                 int
	warning               bool
	code                  ReasonCode
	sMove, cMove          Direction
}

func runSteps(t *testing.T, name string, r *Rules, h Held, steps []step) {
	t.Helper()
	for i, s := range steps {
		d := r.Move(h, s.eval, s.on)
		if d.Service != s.sMove {
			t.Errorf("%s, step %d: service moved %d, want %d", name, i+1, d.Service, s.sMove)
		}
		if d.Contribution != s.cMove {
			t.Errorf("%s, step %d: contribution moved %d, want %d", name, i+1, d.Contribution, s.cMove)
		}
		if d.Held.Service != s.service || d.Held.Contribution != s.contribution || d.Held.Below != s.below ||
			d.Warning != s.warning || d.Reason.Code != s.code {
			t.Errorf("%s, step %d: held %+v warning %v reason %s; want service %d contribution %d below %d warning %v reason %s",
				name, i+1, d.Held, d.Warning, d.Reason.Code, s.service, s.contribution, s.below, s.warning, s.code)
		}
		if d.Changed() != (d.Service != Same || d.Contribution != Same) {
			t.Errorf("%s, step %d: Changed() = %v", name, i+1, d.Changed())
		}
		h = d.Held
	}
}

// Sequences of monthly ratings below the held stars, with grace periods 0, 1 and 2.
func TestGracePeriods(t *testing.T) {
	five := Held{Stars: Stars{5, 5}}
	below := Stars{4, 4}
	tests := []struct {
		name  string
		grace int
		h     Held
		steps []step
	}{
		{"grace 0 lowers at the first monthly rating below", 0, five, []step{
			{on: Monthly, eval: below, service: 4, contribution: 4, code: ReasonDown, sMove: Down, cMove: Down},
		}},
		{"grace 1 lowers at the first too", 1, five, []step{
			{on: Monthly, eval: below, service: 4, contribution: 4, code: ReasonDown, sMove: Down, cMove: Down},
		}},
		{"grace 2 (DOMAIN.md) warns at the first and lowers at the second", 2, five, []step{
			{on: Monthly, eval: below, service: 5, contribution: 5, below: 1, warning: true, code: ReasonGrace},
			{on: Monthly, eval: below, service: 4, contribution: 4, code: ReasonDown, sMove: Down, cMove: Down},
			{on: Monthly, eval: below, service: 4, contribution: 4, code: ReasonUnchanged},
		}},
		{"grace 3 lowers at the third", 3, five, []step{
			{on: Monthly, eval: below, service: 5, contribution: 5, below: 1, warning: true, code: ReasonGrace},
			{on: Monthly, eval: below, service: 5, contribution: 5, below: 2, warning: true, code: ReasonGrace},
			{on: Monthly, eval: below, service: 4, contribution: 4, code: ReasonDown, sMove: Down, cMove: Down},
		}},
		{"grace 2: a month back at the stars restarts the count", 2, five, []step{
			{on: Monthly, eval: below, service: 5, contribution: 5, below: 1, warning: true, code: ReasonGrace},
			{on: Monthly, eval: Stars{5, 5}, service: 5, contribution: 5, code: ReasonUnchanged},
			{on: Monthly, eval: below, service: 5, contribution: 5, below: 1, warning: true, code: ReasonGrace},
			{on: Monthly, eval: below, service: 4, contribution: 4, code: ReasonDown, sMove: Down, cMove: Down},
		}},
		{"grace 3: nightly checks neither lower nor count", 3, five, []step{
			{on: Monthly, eval: below, service: 5, contribution: 5, below: 1, warning: true, code: ReasonGrace},
			{on: Daily, eval: below, service: 5, contribution: 5, below: 1, warning: true, code: ReasonBelowDaily},
			{on: Daily, eval: Stars{5, 5}, service: 5, contribution: 5, below: 1, code: ReasonUnchanged},
			{on: Daily, eval: Stars{3, 3}, service: 5, contribution: 5, below: 1, warning: true, code: ReasonBelowDaily},
			{on: Monthly, eval: below, service: 5, contribution: 5, below: 2, warning: true, code: ReasonGrace},
			{on: Daily, eval: below, service: 5, contribution: 5, below: 2, warning: true, code: ReasonBelowDaily},
			{on: Monthly, eval: below, service: 4, contribution: 4, code: ReasonDown, sMove: Down, cMove: Down},
		}},
		{"grace 3: lowered to the evaluation of the month, not one star at a time", 3, Held{Stars: Stars{6, 6}}, []step{
			{on: Monthly, eval: Stars{5, 5}, service: 6, contribution: 6, below: 1, warning: true, code: ReasonGrace},
			{on: Monthly, eval: Stars{4, 4}, service: 6, contribution: 6, below: 2, warning: true, code: ReasonGrace},
			{on: Monthly, eval: Stars{1, 1}, service: 1, contribution: 1, code: ReasonDown, sMove: Down, cMove: Down},
		}},
		{"grace 0: six to unrated at once", 0, Held{Stars: Stars{6, 6}}, []step{
			{on: Monthly, eval: Stars{0, 0}, service: 0, contribution: 0, code: ReasonDown, sMove: Down, cMove: Down},
		}},
		{"an upgrade at the monthly rating clears the count", 3, Held{Stars: Stars{5, 5}, Below: 2}, []step{
			{on: Monthly, eval: Stars{6, 6}, service: 6, contribution: 6, code: ReasonUpPoints, sMove: Up, cMove: Up},
		}},
		{"a monthly rating at the stars clears the count", 2, Held{Stars: Stars{5, 5}, Below: 1}, []step{
			{on: Monthly, eval: Stars{5, 5}, service: 5, contribution: 5, code: ReasonUnchanged},
		}},
	}
	for _, tt := range tests {
		runSteps(t, tt.name, newRules(t, grace(tt.grace)), tt.h, tt.steps)
	}
}

// Upgrades apply at once, any night of the month.
func TestUpgradesAtOnce(t *testing.T) {
	tests := []struct {
		name  string
		h     Held
		steps []step
	}{
		{"points qualify mid-month", Held{Stars: Stars{4, 4}}, []step{
			{on: Daily, eval: Stars{5, 5}, service: 5, contribution: 5, code: ReasonUpPoints, sMove: Up, cMove: Up},
		}},
		{"a platinum card raises service stars the same night", Held{Stars: Stars{4, 4}}, []step{
			{on: Daily, eval: Stars{4, 6}, service: 6, contribution: 4, code: ReasonUpProduct, sMove: Up},
		}},
		{"first rating of a new client", Held{}, []step{
			{on: Daily, eval: Stars{1, 1}, service: 1, contribution: 1, code: ReasonUpPoints, sMove: Up, cMove: Up},
			{on: Daily, eval: Stars{1, 4}, service: 4, contribution: 1, code: ReasonUpProduct, sMove: Up},
		}},
		{"a daily upgrade clears the count when nothing is below", Held{Stars: Stars{4, 4}, Below: 1}, []step{
			{on: Daily, eval: Stars{5, 5}, service: 5, contribution: 5, code: ReasonUpPoints, sMove: Up, cMove: Up},
		}},
		{"points rise under a card's floor", Held{Stars: Stars{4, 6}}, []step{
			{on: Daily, eval: Stars{5, 6}, service: 6, contribution: 5, code: ReasonContributionUp, cMove: Up},
		}},
		{"points rise above a card's floor", Held{Stars: Stars{5, 6}}, []step{
			{on: Daily, eval: Stars{7, 7}, service: 7, contribution: 7, code: ReasonUpPoints, sMove: Up, cMove: Up},
		}},
	}
	for _, tt := range tests {
		runSteps(t, tt.name, newRules(t), tt.h, tt.steps)
	}
}

// When an upgrade product holds the service stars, contribution stars still move slowly down; losing
// the product lowers service stars slowly too.
func TestFloorsAndSlowDown(t *testing.T) {
	r := newRules(t) // grace 2
	runSteps(t, "contribution below under a platinum card", r, Held{Stars: Stars{5, 6}}, []step{
		{on: Monthly, eval: Stars{4, 6}, service: 6, contribution: 5, below: 1, warning: true, code: ReasonGrace},
		{on: Monthly, eval: Stars{4, 6}, service: 6, contribution: 4, code: ReasonContributionDown, cMove: Down},
	})
	runSteps(t, "the platinum card closed", r, Held{Stars: Stars{4, 6}}, []step{
		{on: Daily, eval: Stars{4, 4}, service: 6, contribution: 4, warning: true, code: ReasonBelowDaily},
		{on: Monthly, eval: Stars{4, 4}, service: 6, contribution: 4, below: 1, warning: true, code: ReasonGrace},
		{on: Monthly, eval: Stars{4, 4}, service: 4, contribution: 4, code: ReasonDown, sMove: Down},
	})
	runSteps(t, "card closed while points rise", r, Held{Stars: Stars{3, 6}}, []step{
		{on: Monthly, eval: Stars{4, 4}, service: 6, contribution: 4, below: 1, warning: true, code: ReasonContributionUp, cMove: Up},
		{on: Monthly, eval: Stars{5, 5}, service: 5, contribution: 5, code: ReasonDown, sMove: Down, cMove: Up},
	})
	runSteps(t, "a card gained as points fall", newRules(t, grace(0)), Held{Stars: Stars{5, 5}}, []step{
		{on: Monthly, eval: Stars{4, 6}, service: 6, contribution: 4, code: ReasonUpProduct, sMove: Up, cMove: Down},
	})
}

func TestReasonFigures(t *testing.T) {
	r := newRules(t) // grace 2
	d := r.Move(Held{Stars: Stars{5, 5}}, Stars{4, 4}, Monthly)
	if rs := d.Reason; rs.From != 5 || rs.To != 5 || rs.Below != 1 || rs.Grace != 2 || rs.LowersIn != 1 || rs.OfContribution {
		t.Errorf("first warning: %+v", rs)
	}
	if en := d.Reason.Text("en"); !strings.Contains(en, "lowered at the next monthly rating") {
		t.Errorf("first warning: %s", en)
	}
	if d0 := r.Move(Held{Stars: Stars{5, 5}}, Stars{4, 4}, Daily); d0.Reason.LowersIn != 2 {
		t.Errorf("nightly warning before any monthly rating below: %+v", d0.Reason)
	}
	d = r.Move(d.Held, Stars{4, 4}, Daily)
	if rs := d.Reason; rs.Code != ReasonBelowDaily || rs.Below != 1 || rs.LowersIn != 1 {
		t.Errorf("nightly warning: %+v", rs)
	}
	d = r.Move(d.Held, Stars{3, 3}, Monthly)
	if rs := d.Reason; rs.Code != ReasonDown || rs.From != 5 || rs.To != 3 || rs.Below != 2 || rs.LowersIn != 0 {
		t.Errorf("downgrade: %+v", rs)
	}
	en, zh := d.Reason.Text("en"), d.Reason.Text("zh-CN")
	if en != "Service stars lowered from 5 stars to 3 stars after 2 consecutive monthly ratings below" {
		t.Errorf("en: %s", en)
	}
	if zh != "连续2次月度评级低于现有星级，服务星级由五星降至三星" {
		t.Errorf("zh: %s", zh)
	}
	c := r.Move(Held{Stars: Stars{5, 6}}, Stars{4, 6}, Monthly)
	if rs := c.Reason; !rs.OfContribution || rs.From != 5 || !strings.Contains(rs.Text("en"), "contribution stars (5 stars)") ||
		!strings.Contains(rs.Text("zh"), "贡献星级(五星)") {
		t.Errorf("contribution warning: %+v %s / %s", rs, rs.Text("en"), rs.Text("zh"))
	}
	// Every code has words in both languages.
	for _, code := range []ReasonCode{ReasonDown, ReasonUpPoints, ReasonUpProduct, ReasonContributionDown,
		ReasonContributionUp, ReasonGrace, ReasonBelowDaily, ReasonUnchanged} {
		rs := Reason{Code: code, From: 4, To: 5, Below: 1, Grace: 2, LowersIn: 2}
		if en, zh := rs.Text("en"), rs.Text("zh"); en == "" || zh == "" || en == zh || strings.Contains(en+zh, "%!") {
			t.Errorf("%s: %q / %q", code, en, zh)
		}
	}
}

// Whatever happens, service stars stay at or above contribution stars, stars only fall at a monthly
// rating, and never below the evaluation.
func TestMoveInvariants(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	levels := []int{0, 1, 3, 4, 5, 6, 7}
	floors := []int{0, 0, 0, 4, 5, 6, 7}
	for _, g := range []int{0, 1, 2, 3} {
		r := newRules(t, grace(g))
		h := Held{}
		for range 20000 {
			c := levels[rng.IntN(len(levels))]
			e := Stars{c, ServiceStars(c, floors[rng.IntN(len(floors))])}
			on := Occasion(rng.IntN(2))
			d := r.Move(h, e, on)
			n := d.Held
			if n.Service < n.Contribution || !ValidStars(n.Service) || !ValidStars(n.Contribution) {
				t.Fatalf("grace %d: %+v → %+v", g, h, n)
			}
			if on == Daily && (n.Service < h.Service || n.Contribution < h.Contribution) {
				t.Fatalf("grace %d: lowered at a nightly check: %+v → %+v", g, h, n)
			}
			if n.Service < e.Service || n.Contribution < e.Contribution {
				t.Fatalf("grace %d: below the evaluation %+v: %+v", g, e, n)
			}
			if n.Below < 0 || n.Below > max(g-1, 0) {
				t.Fatalf("grace %d: count %d", g, n.Below)
			}
			h = n
		}
	}
}

// A downgrade warning names the held stars the figures are below: the contribution stars alone (a wealth
// card holds the service stars), the service stars alone, or both; nightly and monthly alike.
func TestDowngradeWarningNamesTheStarsBelow(t *testing.T) {
	r := newRules(t) // grace 2
	for _, c := range []struct {
		name   string
		held   Stars
		eval   Stars
		below  string
		zh, en string
		notZH  string
	}{
		{"contribution only", Stars{5, 6}, Stars{4, 6}, BelowContribution, "低于现有贡献星级(五星)，服务星级(六星)由所持升级产品保持",
			"below the held contribution stars (5 stars); the service stars (6 stars) are held by an upgrade product", "低于现有服务星级"},
		{"service only", Stars{4, 6}, Stars{4, 5}, BelowService, "低于现有服务星级(六星)", "below the held service stars (6 stars)", "贡献星级"},
		{"both", Stars{5, 5}, Stars{4, 4}, BelowBoth, "低于现有贡献星级(五星)和服务星级(五星)",
			"below the held contribution stars (5 stars) and service stars (5 stars)", "低于现有服务星级"},
	} {
		for _, on := range []Occasion{Monthly, Daily} {
			d := r.Move(Held{Stars: c.held}, c.eval, on)
			rs := d.Reason
			zh, en := rs.Text("zh"), rs.Text("en")
			if !d.Warning || rs.BelowStars() != c.below || !strings.Contains(zh, c.zh) || !strings.Contains(en, c.en) || strings.Contains(zh, c.notZH) {
				t.Errorf("%s (occasion %d): below %q\n%s\n%s", c.name, on, rs.BelowStars(), zh, en)
			}
			// Read back from the history's word, the same text.
			back := Reason{Code: rs.Code, From: rs.From, To: rs.To, Below: rs.Below, LowersIn: rs.LowersIn, OfContribution: rs.OfContribution,
				HeldContribution: c.held.Contribution, HeldService: c.held.Service}
			back.SetBelowStars(rs.BelowStars())
			if back.Text("zh") != zh {
				t.Errorf("%s: read back %q, want %q", c.name, back.Text("zh"), zh)
			}
		}
	}
}
