package rating

import (
	"slices"
	"testing"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/policy"
)

func TestTierBands(t *testing.T) {
	r := newRules(t)
	tests := []struct {
		aum  int64 // fen
		tier Tier
	}{
		{0, T1},
		{-500, T1}, // an overdrawn client is still T1
		{yuan(50_000) - 1, T1},
		{yuan(50_000), T2},
		{yuan(200_000) - 1, T2},
		{yuan(200_000), T3},
		{yuan(500_000) - 1, T3},
		{yuan(500_000), T4},
		{yuan(3_000_000) - 1, T4},
		{yuan(3_000_000), T5},
		{yuan(1_000_000_000), T5},
	}
	for _, tt := range tests {
		if got := r.Tier(tt.aum); got != tt.tier {
			t.Errorf("Tier(%s yuan) = %s, want %s", policy.Money(tt.aum), got, tt.tier)
		}
		if got := r.Policy().TierOf(tt.aum); got != tt.tier.String() {
			t.Errorf("policy.TierOf(%s yuan) = %s, rating says %s", policy.Money(tt.aum), got, tt.tier)
		}
	}
	moved := newRules(t, func(p *policy.Policy) { p.Tiers.T2Min = policy.Yuan(10_000) })
	if moved.Tier(yuan(10_000)) != T2 || moved.Tier(yuan(10_000)-1) != T1 {
		t.Error("tier bands do not follow the policy")
	}
}

func TestClasses(t *testing.T) {
	r := newRules(t)
	tests := []struct {
		aum   int64
		class Class
	}{
		{0, ClassC},
		{yuan(10_000) - 1, ClassC},
		{yuan(10_000), ClassB},
		{yuan(200_000) - 1, ClassB},
		{yuan(200_000), ClassA},
		{yuan(50_000_000), ClassA},
	}
	for _, tt := range tests {
		if got := r.Class(tt.aum); got != tt.class || string(got) != r.Policy().ABCClass(tt.aum) {
			t.Errorf("Class(%s yuan) = %s (policy %s), want %s", policy.Money(tt.aum), got, r.Policy().ABCClass(tt.aum), tt.class)
		}
	}
}

// DOMAIN.md §4's table of who keeps each tier.
func TestKeeping(t *testing.T) {
	r := newRules(t)
	tests := []struct {
		tier    Tier
		keepers []domain.Role
		assist  []domain.Role
		duties  []Duty
		cadence int
	}{
		{T1, []domain.Role{domain.RoleTeller}, nil, []Duty{DutyHolidayGreetings}, 0},
		{T2, []domain.Role{domain.RoleTellerVIP}, nil, []Duty{DutyCollectDetails, DutyFlagUpgradeable}, 90},
		{T3, []domain.Role{domain.RoleRM, domain.RoleLobby}, nil, []Duty{DutyClientFile, DutyWatchMovements}, 30},
		{T4, []domain.Role{domain.RoleRM, domain.RoleSupervisor}, nil, []Duty{DutyMaturityFollowUp}, 14},
		{T5, []domain.Role{domain.RoleOutletManager, domain.RoleSupervisor}, []domain.Role{domain.RoleDept},
			[]Duty{DutyPersonalCare, DutySupervisorVisits}, 7},
	}
	for _, tt := range tests {
		k := r.Keeping(tt.tier)
		if !slices.Equal(k.Keepers, tt.keepers) || !slices.Equal(k.Assist, tt.assist) || !slices.Equal(k.Duties, tt.duties) ||
			k.CadenceDays != tt.cadence {
			t.Errorf("%s: %+v", tt.tier, k)
		}
	}
	if k := r.Keeping(0); k.Keepers != nil || k.CadenceDays != 0 {
		t.Errorf("unknown tier: %+v", k)
	}
}

func TestTierNames(t *testing.T) {
	for tier := T1; tier <= T5; tier++ {
		got, err := ParseTier(tier.String())
		if err != nil || got != tier {
			t.Errorf("ParseTier(%s) = %v %v", tier, got, err)
		}
	}
	if T3.String() != "T3" || Tier(9).String() != "tier(9)" {
		t.Error("tier names")
	}
	if _, err := ParseTier("t3"); err == nil {
		t.Error("ParseTier accepted t3")
	}
}
