package access

import "github.com/steward-bank/steward/domain"

// Key-focus clients (重点关注客户, DOMAIN.md §2, §6) and the supervisor's console: marking a client for
// the outlet's closest attention is the RM supervisor's or the outlet manager's call, for the clients of
// their own outlet; an administrator or the department does not run an outlet's book.

// MayMarkKeyFocus reports whether st may mark or unmark a client of outlet as key-focus.
func MayMarkKeyFocus(st domain.Staff, outlet string) bool {
	return !st.Disabled && st.ID != 0 && leads(st, outlet)
}

// ReachesConsole reports whether st reaches the supervisor's console and its tables (system use,
// information completeness, key-focus clients): the people who lead an outlet's team, at their outlet.
func ReachesConsole(st domain.Staff) bool {
	return !st.Disabled && st.ID != 0 && leads(st, st.OrgID)
}

// SeesUseOf reports whether reader may read how much who uses the system: their own; an RM supervisor
// the outlet's team below them (client managers, lobby managers, tellers); the outlet manager everyone of
// the outlet.
func SeesUseOf(reader, who domain.Staff) bool {
	if reader.ID != 0 && reader.ID == who.ID {
		return true
	}
	if !ReachesConsole(reader) || who.OrgID != reader.OrgID {
		return false
	}
	switch who.Role {
	case domain.RoleRM, domain.RoleLobby, domain.RoleTeller, domain.RoleTellerVIP:
		return true
	case domain.RoleSupervisor:
		return reader.Role == domain.RoleOutletManager
	}
	return false
}
