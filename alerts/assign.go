package alerts

import (
	"slices"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/rating"
)

// Who must act on a client's alert (DOMAIN.md §4, tiers and their keepers): the client's own client
// manager when the tier is kept by client managers (T3, T4) and the client has one; otherwise the outlet's
// people in the tier's first keeping role (tellers for T1, VIP tellers for T2, the outlet manager for T5).
// A client of T3–T4 without a client manager goes to the outlet's supervisor, who assigns one.

// Assignee is who acts: a person (StaffID) or a role at the client's outlet.
type Assignee struct {
	StaffID int64 // 0: the role's pool at the outlet
	Role    domain.Role
}

// Assign returns who acts on an alert of a client of tier t whose client manager is rm (0: none).
func (r *Rules) Assign(t rating.Tier, rm int64) Assignee {
	k := r.r.Keeping(t)
	if len(k.Keepers) == 0 {
		return Assignee{Role: domain.RoleTeller}
	}
	if slices.Contains(k.Keepers, domain.RoleRM) {
		if rm != 0 {
			return Assignee{StaffID: rm, Role: domain.RoleRM}
		}
		return Assignee{Role: domain.RoleSupervisor}
	}
	return Assignee{Role: k.Keepers[0]}
}
