package access

import (
	"testing"

	"github.com/steward-bank/steward/domain"
)

// The people of outlet OT1 (and one of OT2) and the work they hold.
var (
	rm01    = domain.Staff{ID: 1, Role: domain.RoleRM, OrgID: "OT1"}
	rm02    = domain.Staff{ID: 2, Role: domain.RoleRM, OrgID: "OT1"}
	teller  = domain.Staff{ID: 3, Role: domain.RoleTeller, OrgID: "OT1"}
	lobby   = domain.Staff{ID: 4, Role: domain.RoleLobby, OrgID: "OT1"}
	sup01   = domain.Staff{ID: 5, Role: domain.RoleSupervisor, OrgID: "OT1"}
	om01    = domain.Staff{ID: 6, Role: domain.RoleOutletManager, OrgID: "OT1"}
	sup02   = domain.Staff{ID: 7, Role: domain.RoleSupervisor, OrgID: "OT2"}
	lobby2  = domain.Staff{ID: 8, Role: domain.RoleLobby, OrgID: "OT2"}
	admin   = domain.Staff{ID: 9, Role: domain.RoleAdmin, OrgID: "HO"}
	dept    = domain.Staff{ID: 10, Role: domain.RoleDept, OrgID: "BR1"}
	gone    = domain.Staff{ID: 1, Role: domain.RoleRM, OrgID: "OT1", Disabled: true}
	goneSup = domain.Staff{ID: 5, Role: domain.RoleSupervisor, OrgID: "OT1", Disabled: true}

	rm01s      = Holder{StaffID: 1, StaffOrg: "OT1", Role: domain.RoleRM, OutletID: "OT1"}
	rm01sBare  = Holder{StaffID: 1, StaffOrg: "OT1"} // a contact's follow-up: a person, no outlet of its own
	lobbyPool  = Holder{Role: domain.RoleLobby, OutletID: "OT1"}
	supPool    = Holder{Role: domain.RoleSupervisor, OutletID: "OT1"}
	noOutlet   = Holder{Role: domain.RoleLobby}
	rm01Moved  = Holder{StaffID: 1, StaffOrg: "OT2", Role: domain.RoleRM, OutletID: "OT1"} // the assignee moved to OT2
	namedLobby = Holder{StaffID: 4, StaffOrg: "OT1", Role: domain.RoleLobby, OutletID: "OT1"}
)

func TestMayFinishTask(t *testing.T) {
	for _, c := range []struct {
		what string
		st   domain.Staff
		h    Holder
		want bool
	}{
		{"the assignee", rm01, rm01s, true},
		{"the assignee of a follow-up", rm01, rm01sBare, true},
		{"another RM of the outlet", rm02, rm01s, false},
		{"a teller who sees the client", teller, rm01s, false},
		{"a lobby manager", lobby, rm01s, false},
		{"the assignee's supervisor", sup01, rm01s, true},
		{"the assignee's supervisor, follow-up", sup01, rm01sBare, true},
		{"the assignee's outlet manager", om01, rm01s, true},
		{"a supervisor of another outlet", sup02, rm01s, false},
		{"an administrator", admin, rm01s, false},
		{"the department", dept, rm01s, false},
		{"a disabled assignee", gone, rm01s, false},
		{"a disabled supervisor", goneSup, rm01s, false},
		{"one of the pool", lobby, lobbyPool, true},
		{"the pool's role at another outlet", lobby2, lobbyPool, false},
		{"another role of the pool's outlet", teller, lobbyPool, false},
		{"the pool outlet's supervisor", sup01, lobbyPool, true},
		{"another outlet's supervisor, pool", sup02, lobbyPool, false},
		{"a pool without an outlet", lobby, noOutlet, false},
		{"a named task is not the role's", lobby, Holder{StaffID: 99, StaffOrg: "OT1", Role: domain.RoleLobby, OutletID: "OT1"}, false},
		{"the supervisor where the assignee now is", sup02, rm01Moved, true},
		{"the task's old outlet's supervisor", sup01, rm01Moved, false},
	} {
		if got := MayFinishTask(c.st, c.h); got != c.want {
			t.Errorf("%s: MayFinishTask = %t, want %t", c.what, got, c.want)
		}
	}
}

func TestMayActOnAlert(t *testing.T) {
	for _, c := range []struct {
		what string
		st   domain.Staff
		h    Holder
		want bool
	}{
		{"the assignee", rm01, rm01s, true},
		{"another RM", rm02, rm01s, false},
		{"a teller of the outlet", teller, rm01s, false},
		{"the outlet's supervisor", sup01, rm01s, true},
		{"the outlet's manager", om01, rm01s, true},
		{"another outlet's supervisor", sup02, rm01s, false},
		{"the supervisors' pool, a supervisor", sup01, supPool, true},
		{"the supervisors' pool, the outlet manager", om01, supPool, true},
		{"the supervisors' pool, a teller", teller, supPool, false},
		{"the supervisors' pool, a lobby manager", lobby, supPool, false},
		{"the supervisors' pool, an RM", rm01, supPool, false},
		{"the supervisors' pool, another outlet's supervisor", sup02, supPool, false},
		{"the lobby pool, a lobby manager", lobby, lobbyPool, true},
		{"the lobby pool, another outlet's", lobby2, lobbyPool, false},
		{"a named lobby manager's alert, another lobby manager", domain.Staff{ID: 11, Role: domain.RoleLobby, OrgID: "OT1"}, namedLobby, false},
		{"an administrator", admin, supPool, false},
		{"the department", dept, supPool, false},
		{"a disabled supervisor", goneSup, supPool, false},
		// An alert goes by its outlet: the supervisor of the outlet where the assignee now works is not its.
		{"an alert of OT1, OT2's supervisor", sup02, rm01Moved, false},
		{"an alert of OT1, OT1's supervisor", sup01, rm01Moved, true},
	} {
		if got := MayActOnAlert(c.st, c.h); got != c.want {
			t.Errorf("%s: MayActOnAlert = %t, want %t", c.what, got, c.want)
		}
	}
}

func TestGreetingCapabilities(t *testing.T) {
	for _, r := range []domain.Role{domain.RoleTeller, domain.RoleTellerVIP, domain.RoleLobby, domain.RoleRM, domain.RoleSupervisor,
		domain.RoleOutletManager, domain.RoleDept, domain.RoleAdmin} {
		templates := r == domain.RoleDept || r == domain.RoleAdmin
		approve := r == domain.RoleSupervisor || r == domain.RoleOutletManager || r == domain.RoleAdmin
		if got := Can(r, CapGreetingTemplates); got != templates {
			t.Errorf("%s edits the bank's templates: %t, want %t", r, got, templates)
		}
		if got := Can(r, CapGreetings); got != approve {
			t.Errorf("%s approves its outlets' batches: %t, want %t", r, got, approve)
		}
	}
}
