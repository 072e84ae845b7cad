package access

import (
	"strings"

	"github.com/steward-bank/steward/domain"
)

// Rotation (轮岗): who may plan the handover of a leaving client manager's book, who must approve it, and
// who may work the outlet's queue of clients waiting for a manager (待指定).

// CanPlanRotation reports whether a role may plan a rotation (and apply it once approved): the outlet's
// supervisors and managers for their outlet, the personal-banking department for its outlets. Which
// clients they may put in a plan is their scope's business.
func CanPlanRotation(r domain.Role) bool {
	return r == domain.RoleSupervisor || r == domain.RoleOutletManager || r == domain.RoleDept
}

// CanWorkQueue reports whether a role may see and assign the clients waiting for a manager.
func CanWorkQueue(r domain.Role) bool {
	return r == domain.RoleSupervisor || r == domain.RoleOutletManager || r == domain.RoleDept
}

// RotationApprover is the role that must approve a plan touching these outlets: the outlet manager when the
// plan stays within one outlet, the personal-banking department when it crosses outlets.
func RotationApprover(outlets []string) domain.Role {
	if len(distinct(outlets)) > 1 {
		return domain.RoleDept
	}
	return domain.RoleOutletManager
}

// Refusals of an approval, as codes the pages translate.
const (
	RefuseOwnPlan   = "own_plan"   // the planner cannot approve their own plan (four eyes)
	RefuseRole      = "role"       // the approver does not hold the role the plan needs
	RefuseElsewhere = "elsewhere"  // the approver's node does not cover the plan's outlets
	RefuseNoOutlets = "no_outlets" // a plan with no client has nothing to approve
)

// CanApproveRotation reports whether approver (at approverOrg) may approve or reject a plan made by
// planner over clients of the outlets (each outlet's node: ID and materialised path); it returns "" when
// they may, or the refusal's code. An outlet manager approves a plan of their own outlet; the
// personal-banking department one whose outlets all lie in its subtree; nobody approves their own plan.
func CanApproveRotation(approver domain.Staff, approverOrg domain.OrgUnit, planner int64, outlets []domain.OrgUnit) string {
	if len(outlets) == 0 {
		return RefuseNoOutlets
	}
	if approver.Disabled || approverOrg.ID != approver.OrgID {
		return RefuseElsewhere
	}
	if approver.ID == planner {
		return RefuseOwnPlan
	}
	ids := make([]string, len(outlets))
	for i, o := range outlets {
		ids[i] = o.ID
	}
	need := RotationApprover(ids)
	if approver.Role != need {
		return RefuseRole
	}
	for _, o := range outlets {
		switch need {
		case domain.RoleOutletManager:
			if o.ID != approver.OrgID || approverOrg.Level != domain.LevelOutlet {
				return RefuseElsewhere
			}
		case domain.RoleDept:
			root := approverOrg.Path
			if root == "" || !strings.HasPrefix(o.Path, strings.TrimSuffix(root, "/")+"/") {
				return RefuseElsewhere
			}
		}
	}
	return ""
}

func distinct(xs []string) map[string]bool {
	m := map[string]bool{}
	for _, x := range xs {
		m[x] = true
	}
	return m
}
