// Package access decides whose clients a member of staff may see and how (DOMAIN.md §1, "whose clients
// they see"). It is pure: the store turns a Scope into a condition inside every query that returns client
// data, so no route (page, API, export, search, ID guessing) can reach past it.
package access

import (
	"fmt"
	"time"

	"github.com/steward-bank/steward/domain"
)

// Reach is the breadth of a scope.
type Reach int

// The reaches, from the narrowest.
const (
	// ReachNone sees no client (a staff member whose node is not where the role needs it).
	ReachNone Reach = iota
	// ReachAssigned sees the clients assigned to the person, plus the unassigned clients of the person's
	// outlet, read-only (client managers).
	ReachAssigned
	// ReachOutlet sees every client of one outlet.
	ReachOutlet
	// ReachSubtree sees every client of the outlets below one node (personal-banking department).
	ReachSubtree
	// ReachAll sees every client (administrators; every access is audited).
	ReachAll
)

// Scope is what one person may see of the client book. The zero Scope sees nothing.
type Scope struct {
	Reach   Reach
	StaffID int64
	// OrgID is the outlet for ReachAssigned and ReachOutlet, the subtree's root for ReachSubtree.
	OrgID string
	// OrgPath is the materialised path of OrgID (ReachSubtree).
	OrgPath string
	// Masked: ID numbers, mobiles and phones are shown masked (tellers).
	Masked bool
	// ShadowSince (ReachAssigned only; zero: none) keeps a client manager's sight of the clients handed
	// over to someone else: a client whose relationship with StaffID ended at or after this moment stays
	// visible, read-only, in the client view and the client list (policy relationships.shadow_days). It
	// is not part of the book: work lists, counts and every change ignore it.
	ShadowSince time.Time
}

// WithShadow is the scope with the sight of clients handed over within the last days days before now
// (relationships.shadow_days); only a client manager's scope has it, and days ≤ 0 gives none.
func (s Scope) WithShadow(days int, now time.Time) Scope {
	if s.Reach != ReachAssigned || days <= 0 {
		s.ShadowSince = time.Time{}
		return s
	}
	s.ShadowSince = now.AddDate(0, 0, -days)
	return s
}

// Book is the scope without the shadow of handed-over clients: the clients the person works, for lists
// and figures of the person's own book (the home page's largest clients, exports).
func (s Scope) Book() Scope {
	s.ShadowSince = time.Time{}
	return s
}

// Handed reports whether the scope sees a client it sees at all only through the shadow of a
// relationship that has ended (the client view marks it handed over): for a client manager, a client
// neither assigned to them nor unassigned at their outlet.
func (s Scope) Handed(c domain.Client) bool {
	return s.Reach == ReachAssigned && !s.ShadowSince.IsZero() && c.RMID != s.StaffID && !(c.RMID == 0 && c.OutletID == s.OrgID)
}

// ScopeFor is the scope of a member of staff who belongs to org. A person whose node does not suit the role
// (an RM attached to a sub-branch rather than an outlet) sees nothing rather than too much.
func ScopeFor(s domain.Staff, org domain.OrgUnit) Scope {
	if s.Disabled {
		return Scope{}
	}
	atOutlet := org.Level == domain.LevelOutlet && org.ID == s.OrgID
	switch s.Role {
	case domain.RoleAdmin:
		return Scope{Reach: ReachAll, StaffID: s.ID}
	case domain.RoleDept:
		if org.ID != s.OrgID || org.Path == "" {
			return Scope{}
		}
		return Scope{Reach: ReachSubtree, StaffID: s.ID, OrgID: org.ID, OrgPath: org.Path}
	case domain.RoleTeller, domain.RoleTellerVIP:
		if !atOutlet {
			return Scope{}
		}
		return Scope{Reach: ReachOutlet, StaffID: s.ID, OrgID: org.ID, Masked: true}
	case domain.RoleLobby, domain.RoleSupervisor, domain.RoleOutletManager:
		if !atOutlet {
			return Scope{}
		}
		return Scope{Reach: ReachOutlet, StaffID: s.ID, OrgID: org.ID}
	case domain.RoleRM:
		if !atOutlet {
			return Scope{}
		}
		return Scope{Reach: ReachAssigned, StaffID: s.ID, OrgID: org.ID}
	}
	return Scope{}
}

// CanEdit reports whether a person with this scope may change a client (notes, family, life details) that
// the scope already lets them see. Client managers only read their outlet's unassigned clients; tellers
// record details at the counter (DOMAIN.md §4, T1–T2 duties).
func (s Scope) CanEdit(c domain.Client) bool {
	switch s.Reach {
	case ReachAssigned:
		return c.RMID == s.StaffID
	case ReachOutlet, ReachSubtree, ReachAll:
		return true
	}
	return false
}

// Sees reports whether the scope covers a client at outletPath (the client's outlet's materialised path),
// for code that already holds a client; queries apply the same rule in SQL. It is the book alone: the
// shadow of handed-over clients (ShadowSince) needs the relationship history, which only queries read.
func (s Scope) Sees(c domain.Client, outletPath string) bool {
	switch s.Reach {
	case ReachAll:
		return true
	case ReachSubtree:
		return len(outletPath) >= len(s.OrgPath) && outletPath[:len(s.OrgPath)] == s.OrgPath
	case ReachOutlet:
		return c.OutletID == s.OrgID
	case ReachAssigned:
		return c.RMID == s.StaffID || (c.RMID == 0 && c.OutletID == s.OrgID)
	}
	return false
}

// String describes the scope for logs and the audit trail.
func (s Scope) String() string {
	switch s.Reach {
	case ReachAll:
		return "all"
	case ReachSubtree:
		return fmt.Sprintf("subtree %s", s.OrgID)
	case ReachOutlet:
		if s.Masked {
			return fmt.Sprintf("outlet %s (masked)", s.OrgID)
		}
		return fmt.Sprintf("outlet %s", s.OrgID)
	case ReachAssigned:
		return fmt.Sprintf("assigned to %d in outlet %s", s.StaffID, s.OrgID)
	}
	return "none"
}

// Can lists the things a role may do beyond seeing clients; the web layer asks it before showing a page.
type Capability string

// Capabilities.
const (
	CapManageUsers   Capability = "manage_users"   // create, disable, reset staff
	CapManagePolicy  Capability = "manage_policy"  // read and change the policy
	CapAssignClients Capability = "assign_clients" // change service relationships
	CapViewAudit     Capability = "view_audit"     // read the audit log
	CapExport        Capability = "export"         // export tables
	CapObserve       Capability = "observe"        // record counter observations
	CapImports       Capability = "imports"        // read the nightly import log and its reports
	CapGreetings     Capability = "greetings"      // preview, approve and retry the greetings of one's outlets
	CapWorkCalendar  Capability = "work_calendar"  // install the State Council's holiday schedule files

	// CapGreetingTemplates: change the greeting templates, which are the bank's and which every outlet sends.
	CapGreetingTemplates Capability = "greeting_templates"
)

// AllCapabilities is every capability, in the order of the constants above: the one list that the API's
// /me, its OpenAPI document and the tests read, so that a capability added above is reported everywhere.
var AllCapabilities = []Capability{CapManageUsers, CapManagePolicy, CapAssignClients, CapViewAudit, CapExport,
	CapObserve, CapImports, CapGreetings, CapWorkCalendar, CapGreetingTemplates}

// Can reports whether a role holds a capability.
func Can(r domain.Role, c Capability) bool {
	switch c {
	case CapManageUsers, CapManagePolicy, CapImports, CapWorkCalendar:
		return r == domain.RoleAdmin
	case CapAssignClients:
		return r == domain.RoleSupervisor || r == domain.RoleOutletManager || r == domain.RoleAdmin
	case CapViewAudit:
		return r == domain.RoleSupervisor || r == domain.RoleOutletManager || r == domain.RoleDept || r == domain.RoleAdmin
	case CapExport:
		// Tellers see masked data and have no book to export.
		return r != domain.RoleTeller && r != domain.RoleTellerVIP
	case CapObserve:
		return true
	case CapGreetings:
		return r == domain.RoleSupervisor || r == domain.RoleOutletManager || r == domain.RoleAdmin
	case CapGreetingTemplates:
		// The texts are the bank's, not an outlet's: the personal-banking department words them.
		return r == domain.RoleDept || r == domain.RoleAdmin
	}
	return false
}
