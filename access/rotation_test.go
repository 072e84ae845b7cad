package access

import (
	"testing"

	"github.com/steward-bank/steward/domain"
)

func TestRotationRoles(t *testing.T) {
	for _, tc := range []struct {
		role        domain.Role
		plan, queue bool
	}{
		{domain.RoleSupervisor, true, true},
		{domain.RoleOutletManager, true, true},
		{domain.RoleDept, true, true},
		{domain.RoleRM, false, false},
		{domain.RoleTeller, false, false},
		{domain.RoleTellerVIP, false, false},
		{domain.RoleLobby, false, false},
		{domain.RoleAdmin, false, false},
	} {
		if got := CanPlanRotation(tc.role); got != tc.plan {
			t.Errorf("CanPlanRotation(%s) = %v, want %v", tc.role, got, tc.plan)
		}
		if got := CanWorkQueue(tc.role); got != tc.queue {
			t.Errorf("CanWorkQueue(%s) = %v, want %v", tc.role, got, tc.queue)
		}
	}
	if RotationApprover([]string{"OT1", "OT1"}) != domain.RoleOutletManager || RotationApprover([]string{"OT1", "OT2"}) != domain.RoleDept {
		t.Error("RotationApprover: one outlet needs its manager, two need the department")
	}
}

func TestCanApproveRotation(t *testing.T) {
	ot1 := domain.OrgUnit{ID: "OT1", Level: domain.LevelOutlet, Path: "/HO/BR1/SB1/OT1/"}
	ot2 := domain.OrgUnit{ID: "OT2", Level: domain.LevelOutlet, Path: "/HO/BR1/SB1/OT2/"}
	ot3 := domain.OrgUnit{ID: "OT3", Level: domain.LevelOutlet, Path: "/HO/BR1/SB2/OT3/"}
	sb1 := domain.OrgUnit{ID: "SB1", Level: domain.LevelSubbranch, Path: "/HO/BR1/SB1/"}
	br1 := domain.OrgUnit{ID: "BR1", Level: domain.LevelBranch, Path: "/HO/BR1/"}
	const planner = 1
	om1 := domain.Staff{ID: 10, Role: domain.RoleOutletManager, OrgID: "OT1"}
	om3 := domain.Staff{ID: 11, Role: domain.RoleOutletManager, OrgID: "OT3"}
	sup1 := domain.Staff{ID: 12, Role: domain.RoleSupervisor, OrgID: "OT1"}
	rm1 := domain.Staff{ID: 13, Role: domain.RoleRM, OrgID: "OT1"}
	teller1 := domain.Staff{ID: 14, Role: domain.RoleTeller, OrgID: "OT1"}
	dept := domain.Staff{ID: 15, Role: domain.RoleDept, OrgID: "SB1"}
	deptBR := domain.Staff{ID: 16, Role: domain.RoleDept, OrgID: "BR1"}
	admin := domain.Staff{ID: 17, Role: domain.RoleAdmin, OrgID: "HO"}
	omPlanner := domain.Staff{ID: planner, Role: domain.RoleOutletManager, OrgID: "OT1"}
	gone := om1
	gone.Disabled = true
	for _, tc := range []struct {
		name     string
		approver domain.Staff
		org      domain.OrgUnit
		outlets  []domain.OrgUnit
		want     string
	}{
		{"outlet manager of the outlet", om1, ot1, []domain.OrgUnit{ot1}, ""},
		{"outlet manager of another outlet", om3, ot3, []domain.OrgUnit{ot1}, RefuseElsewhere},
		{"supervisor", sup1, ot1, []domain.OrgUnit{ot1}, RefuseRole},
		{"client manager", rm1, ot1, []domain.OrgUnit{ot1}, RefuseRole},
		{"teller", teller1, ot1, []domain.OrgUnit{ot1}, RefuseRole},
		{"administrator", admin, domain.OrgUnit{ID: "HO", Level: domain.LevelHead, Path: "/HO/"}, []domain.OrgUnit{ot1}, RefuseRole},
		{"department for one outlet", dept, sb1, []domain.OrgUnit{ot1}, RefuseRole},
		{"the planner approving their own plan", omPlanner, ot1, []domain.OrgUnit{ot1}, RefuseOwnPlan},
		{"disabled outlet manager", gone, ot1, []domain.OrgUnit{ot1}, RefuseElsewhere},
		{"node not the person's own", om1, ot3, []domain.OrgUnit{ot3}, RefuseElsewhere},
		{"cross-outlet: department over both", dept, sb1, []domain.OrgUnit{ot1, ot2}, ""},
		{"cross-outlet: department over one of them", dept, sb1, []domain.OrgUnit{ot1, ot3}, RefuseElsewhere},
		{"cross-outlet: branch department", deptBR, br1, []domain.OrgUnit{ot1, ot3}, ""},
		{"cross-outlet: outlet manager", om1, ot1, []domain.OrgUnit{ot1, ot2}, RefuseRole},
		{"empty plan", om1, ot1, nil, RefuseNoOutlets},
	} {
		if got := CanApproveRotation(tc.approver, tc.org, planner, tc.outlets); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
