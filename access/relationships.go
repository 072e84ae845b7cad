package access

import "github.com/steward-bank/steward/domain"

// Who may change a client's service relationship (服务关系, DOMAIN.md §1, §6): seeing a client is not
// enough. A teller and a lobby manager see every client of their outlet, yet assigning its client manager
// is the RM supervisor's or the outlet manager's decision, for the clients of their own outlet; an
// administrator may do it anywhere (a correction, a migration). The store asks these rules inside the
// transaction of the change, for the page and the API alike.

// MayAssign reports whether st may assign, change or end the responsible client manager of a client of
// outlet, and decide (approve or reject) a client manager's request for one.
func MayAssign(st domain.Staff, outlet string) bool {
	if st.Disabled || st.ID == 0 || outlet == "" {
		return false
	}
	return st.Role == domain.RoleAdmin || leads(st, outlet)
}

// MayOverrideCap reports whether st may assign beyond the per-RM service cap (人均服务上限) of outlet: only
// the people who lead the outlet's team, who answer for their RMs' load. An administrator corrects
// relationships but does not decide an outlet's load.
func MayOverrideCap(st domain.Staff, outlet string) bool {
	return !st.Disabled && st.ID != 0 && leads(st, outlet)
}

// MayRequestClient reports whether st may ask to become the responsible client manager of c (客户关系建立申请):
// a client manager of the client's outlet, for a client that has none.
func MayRequestClient(st domain.Staff, c domain.Client) bool {
	return !st.Disabled && st.ID != 0 && st.Role == domain.RoleRM && c.OutletID != "" && st.OrgID == c.OutletID && c.RMID == 0
}
