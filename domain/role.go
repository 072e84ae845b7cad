package domain

import "fmt"

// Role is a member of staff's role (DOMAIN.md §1).
type Role string

// The roles of DOMAIN.md §1.
const (
	RoleTeller        Role = "teller"         // 高柜柜员
	RoleTellerVIP     Role = "teller_vip"     // 低柜/VIP柜员
	RoleLobby         Role = "lobby"          // 大堂经理
	RoleRM            Role = "rm"             // 客户经理
	RoleSupervisor    Role = "supervisor"     // 客户经理主管
	RoleOutletManager Role = "outlet_manager" // 网点负责人
	RoleDept          Role = "dept"           // 个人金融部
	RoleAdmin         Role = "admin"
)

// Roles lists every role, in the order of DOMAIN.md §1.
var Roles = []Role{RoleTeller, RoleTellerVIP, RoleLobby, RoleRM, RoleSupervisor, RoleOutletManager, RoleDept, RoleAdmin}

// ParseRole checks a role code.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", fmt.Errorf("unknown role %q (want one of teller, teller_vip, lobby, rm, supervisor, outlet_manager, dept, admin)", s)
}
