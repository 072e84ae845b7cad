package access

import "github.com/steward-bank/steward/domain"

// Who may act on a piece of work (a task, an alert): seeing its client is not enough. A teller sees every
// client of the outlet, yet an RM's task or the supervisors' alert is not the teller's to finish or to
// acknowledge. The store asks these rules inside the transaction of the change, for the page and the API
// alike.

// Holder is who a task or an alert is for: a named member of staff, or (nobody named) the people of a role
// at an outlet, its pool (e.g. the lobby managers of OT1).
type Holder struct {
	// StaffID is the named person (0: nobody named) and StaffOrg the node they belong to.
	StaffID  int64
	StaffOrg string
	// Role and OutletID are the pool: the role's people at the outlet. An alert always has an outlet; a
	// task for a named person may have none.
	Role     domain.Role
	OutletID string
}

// leads reports whether st leads the team of an outlet (its RM supervisor or outlet manager).
func leads(st domain.Staff, outlet string) bool {
	return outlet != "" && st.OrgID == outlet && (st.Role == domain.RoleSupervisor || st.Role == domain.RoleOutletManager)
}

// inPool reports whether st is one of the pool's people: nobody is named, and st has the role at the outlet.
func (h Holder) inPool(st domain.Staff) bool {
	return h.StaffID == 0 && h.Role != "" && st.Role == h.Role && h.OutletID != "" && st.OrgID == h.OutletID
}

// MayFinishTask reports whether st may finish (mark done or cancelled) a task held by h: its assignee, one
// of its pool's people when nobody is named, or the supervisor or outlet manager of the assignee's outlet
// (of the pool's outlet when nobody is named). Nobody else, whatever they see: an administrator or the
// department does not do an outlet's work.
func MayFinishTask(st domain.Staff, h Holder) bool {
	if st.Disabled || st.ID == 0 {
		return false
	}
	if h.StaffID != 0 {
		return st.ID == h.StaffID || leads(st, h.StaffOrg)
	}
	return h.inPool(st) || leads(st, h.OutletID)
}

// MayActOnAlert reports whether st may acknowledge, work or close an alert held by h: its assignee, one of
// its pool's people when nobody is named, or a supervisor or the outlet manager of the alert's outlet
// (where an unanswered alert is escalated).
func MayActOnAlert(st domain.Staff, h Holder) bool {
	if st.Disabled || st.ID == 0 {
		return false
	}
	return (h.StaffID != 0 && st.ID == h.StaffID) || h.inPool(st) || leads(st, h.OutletID)
}
