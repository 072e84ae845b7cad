package access

import (
	"testing"

	"github.com/steward-bank/steward/domain"
)

func TestMayApplyUpgrade(t *testing.T) {
	rm := Scope{Reach: ReachAssigned, StaffID: 7, OrgID: "O1"}
	tests := []struct {
		name     string
		role     domain.Role
		sc       Scope
		clientRM int64
		want     bool
	}{
		{"own client manager", domain.RoleRM, rm, 7, true},
		{"manager of another client", domain.RoleRM, rm, 8, false},
		{"unassigned client", domain.RoleRM, rm, 0, false},
		{"teller", domain.RoleTeller, Scope{Reach: ReachOutlet, StaffID: 7, OrgID: "O1", Masked: true}, 7, false},
		{"supervisor", domain.RoleSupervisor, Scope{Reach: ReachOutlet, StaffID: 7, OrgID: "O1"}, 7, false},
		{"client manager with no scope", domain.RoleRM, Scope{}, 0, false},
		{"admin", domain.RoleAdmin, Scope{Reach: ReachAll, StaffID: 7}, 7, false},
	}
	for _, tt := range tests {
		if got := MayApplyUpgrade(tt.role, tt.sc, tt.clientRM); got != tt.want {
			t.Errorf("%s: MayApplyUpgrade = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestMayDecideUpgrade(t *testing.T) {
	sup := Scope{Reach: ReachOutlet, StaffID: 3, OrgID: "O1"}
	tests := []struct {
		name      string
		role      domain.Role
		sc        Scope
		outlet    string
		applicant int64
		want      bool
	}{
		{"supervisor of the outlet", domain.RoleSupervisor, sup, "O1", 7, true},
		{"outlet manager of the outlet", domain.RoleOutletManager, sup, "O1", 7, true},
		{"supervisor of another outlet", domain.RoleSupervisor, sup, "O2", 7, false},
		{"the applicant", domain.RoleSupervisor, sup, "O1", 3, false},
		{"teller of the outlet", domain.RoleTeller, Scope{Reach: ReachOutlet, StaffID: 3, OrgID: "O1", Masked: true}, "O1", 7, false},
		{"lobby manager of the outlet", domain.RoleLobby, sup, "O1", 7, false},
		{"client manager", domain.RoleRM, Scope{Reach: ReachAssigned, StaffID: 3, OrgID: "O1"}, "O1", 7, false},
		{"personal-banking department", domain.RoleDept, Scope{Reach: ReachSubtree, StaffID: 3, OrgID: "B1", OrgPath: "/B1/"}, "O1", 7, false},
		{"supervisor with no scope", domain.RoleSupervisor, Scope{}, "", 7, false},
	}
	for _, tt := range tests {
		if got := MayDecideUpgrade(tt.role, tt.sc, tt.outlet, tt.applicant); got != tt.want {
			t.Errorf("%s: MayDecideUpgrade = %v, want %v", tt.name, got, tt.want)
		}
	}
}
