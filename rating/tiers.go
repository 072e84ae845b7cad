package rating

import (
	"fmt"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/policy"
)

// Asset tiers and who keeps them, and the A/B/C report classes, DOMAIN.md §4.
//
// The asset tier comes from the client's current total financial assets (AUM) with the bands of
// policy.Tiers, each inclusive at its lower end (defaults in brackets):
//
//	T1  AUM < T2Min (5万)                kept by high-counter tellers
//	T2  T2Min ≤ AUM < T3Min (20万)       kept by low/VIP-counter tellers
//	T3  T3Min ≤ AUM < T4Min (50万)       kept by the outlet RM and the lobby manager
//	T4  T4Min ≤ AUM < T5Min (300万)      kept by the RM and the RM supervisor
//	T5  AUM ≥ T5Min                      kept by the outlet manager and the RM supervisor; the
//	                                     personal-banking department assists
//
// The A/B/C classes of reports: A from ClassAMin (20万), B from ClassBMin (1万), C below.

// Tier is an asset tier, T1 (lowest) to T5.
type Tier int

// The asset tiers.
const (
	T1 Tier = 1 + iota
	T2
	T3
	T4
	T5
)

// String returns "T1" … "T5" (policy.T1 … policy.T5).
func (t Tier) String() string {
	if t < T1 || t > T5 {
		return fmt.Sprintf("tier(%d)", int(t))
	}
	return [...]string{policy.T1, policy.T2, policy.T3, policy.T4, policy.T5}[t-T1]
}

// ParseTier reads "T1" … "T5".
func ParseTier(s string) (Tier, error) {
	for t := T1; t <= T5; t++ {
		if t.String() == s {
			return t, nil
		}
	}
	return 0, fmt.Errorf("unknown tier %q (want T1 to T5)", s)
}

// Tier returns the asset tier of a client with aumFen of current AUM.
func (r *Rules) Tier(aumFen int64) Tier {
	t, _ := ParseTier(r.p.TierOf(aumFen)) // the bands are policy's, in one place
	return t
}

// Duty is a maintenance duty of a tier's keepers (DOMAIN.md §4, defaults of the seeds).
type Duty string

// Maintenance duties.
const (
	DutyHolidayGreetings Duty = "holiday_greetings" // T1: holiday greetings only
	DutyCollectDetails   Duty = "collect_details"   // T2: collect birthday, address, phone at the counter
	DutyFlagUpgradeable  Duty = "flag_upgradeable"  // T2: hand upgradeable clients to RMs
	DutyClientFile       Duty = "client_file"       // T3: the RM opens a client file
	DutyWatchMovements   Duty = "watch_movements"   // T3: daily check of fund movements
	DutyMaturityFollowUp Duty = "maturity_followup" // T4: maturity and movement follow-up
	// DutyPersonalCare is 情感维护: call weekly, invite to the outlet, visit on holidays and life
	// events (T5).
	DutyPersonalCare Duty = "personal_care"
	// DutySupervisorVisits: the supervisor visits with the RM on birthdays and key events (T5).
	DutySupervisorVisits Duty = "supervisor_visits"
)

// Keeping is who keeps a tier and how.
type Keeping struct {
	// Keepers are the roles that keep the tier's clients (co-keepers, DOMAIN.md §2).
	Keepers []domain.Role
	// Assist are roles that help keep them.
	Assist []domain.Role
	// Duties are the keepers' maintenance duties.
	Duties []Duty
	// CadenceDays is the longest time between contacts (policy.Tiers.CadenceDays); 0 means no cadence.
	CadenceDays int
}

// Keeping returns who keeps tier t and how; the zero Keeping for an unknown tier.
func (r *Rules) Keeping(t Tier) Keeping {
	var k Keeping
	switch t {
	case T1:
		k = Keeping{Keepers: []domain.Role{domain.RoleTeller}, Duties: []Duty{DutyHolidayGreetings}}
	case T2:
		k = Keeping{Keepers: []domain.Role{domain.RoleTellerVIP}, Duties: []Duty{DutyCollectDetails, DutyFlagUpgradeable}}
	case T3:
		k = Keeping{Keepers: []domain.Role{domain.RoleRM, domain.RoleLobby},
			Duties: []Duty{DutyClientFile, DutyWatchMovements}}
	case T4:
		k = Keeping{Keepers: []domain.Role{domain.RoleRM, domain.RoleSupervisor},
			Duties: []Duty{DutyMaturityFollowUp}}
	case T5:
		k = Keeping{Keepers: []domain.Role{domain.RoleOutletManager, domain.RoleSupervisor},
			Assist: []domain.Role{domain.RoleDept}, Duties: []Duty{DutyPersonalCare, DutySupervisorVisits}}
	default:
		return Keeping{}
	}
	c := &r.tiers.CadenceDays
	k.CadenceDays = [...]int{c.T1, c.T2, c.T3, c.T4, c.T5}[t-T1]
	return k
}

// Class is a report class: A, B or C.
type Class string

// The report classes.
const (
	ClassA Class = "A"
	ClassB Class = "B"
	ClassC Class = "C"
)

// Class returns the report class of a client with aumFen of current AUM.
func (r *Rules) Class(aumFen int64) Class {
	switch r.p.ABCClass(aumFen) {
	case "A":
		return ClassA
	case "B":
		return ClassB
	}
	return ClassC
}
