package access

import "github.com/steward-bank/steward/domain"

// Who may apply for and decide an instant upgrade application (VIP即时申请, DOMAIN.md §6): the client's own
// client manager applies; a supervisor or outlet manager of the client's outlet approves or rejects it, and
// never an application of their own. Both rules are pure; the store applies them inside the transaction
// that reads the client and the application.

// MayApplyUpgrade reports whether a member of staff (its role and scope) may apply for an instant upgrade of
// a client whose responsible client manager is clientRM (0: none): only that client manager.
func MayApplyUpgrade(role domain.Role, sc Scope, clientRM int64) bool {
	return role == domain.RoleRM && sc.Reach == ReachAssigned && sc.StaffID != 0 && clientRM == sc.StaffID
}

// MayDecideUpgrade reports whether a member of staff (its role and scope) may approve or reject an
// application about a client of clientOutlet made by applicant: a supervisor or outlet manager of that
// outlet, not the applicant.
func MayDecideUpgrade(role domain.Role, sc Scope, clientOutlet string, applicant int64) bool {
	if role != domain.RoleSupervisor && role != domain.RoleOutletManager {
		return false
	}
	return sc.Reach == ReachOutlet && !sc.Masked && sc.OrgID != "" && sc.OrgID == clientOutlet && sc.StaffID != 0 &&
		sc.StaffID != applicant
}
