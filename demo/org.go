package demo

import (
	"github.com/steward-bank/steward/domain"
)

// The organisation: 总行 → 江城分行 → two sub-branches in Wuhan (Wuchang and Hankou), three outlets each.
var orgTree = []domain.OrgUnit{
	{ID: "HO", Level: domain.LevelHead, Name: "总行"},
	{ID: "BR01", ParentID: "HO", Level: domain.LevelBranch, Name: "江城分行"},
	{ID: "SB01", ParentID: "BR01", Level: domain.LevelSubbranch, Name: "解放路支行"},
	{ID: "SB02", ParentID: "BR01", Level: domain.LevelSubbranch, Name: "中山大道支行"},
	{ID: "OT01", ParentID: "SB01", Level: domain.LevelOutlet, Name: "解放路网点"},
	{ID: "OT02", ParentID: "SB01", Level: domain.LevelOutlet, Name: "司门口网点"},
	{ID: "OT03", ParentID: "SB01", Level: domain.LevelOutlet, Name: "积玉桥网点"},
	{ID: "OT04", ParentID: "SB02", Level: domain.LevelOutlet, Name: "中山大道网点"},
	{ID: "OT05", ParentID: "SB02", Level: domain.LevelOutlet, Name: "江汉路网点"},
	{ID: "OT06", ParentID: "SB02", Level: domain.LevelOutlet, Name: "六渡桥网点"},
}

// outlets lists the outlet ids in order, with the share of the client book each keeps (per 1000): the
// flagship 解放路 outlet is the largest.
var outlets = []choice[string]{
	{"OT01", 220}, {"OT02", 160}, {"OT03", 140}, {"OT04", 200}, {"OT05", 150}, {"OT06", 130},
}

// staffList is the demo bank's staff. Per outlet: two client managers, one teller (alternately high
// counter and VIP counter), a lobby manager and an outlet manager; a supervisor at the first outlet of each
// sub-branch; the personal-banking department at the branch; the administrator at head office.
var staffList = []StaffSpec{
	{"admin", "周建平", domain.RoleAdmin, "HO"},
	{"dept01", "胡雅琴", domain.RoleDept, "BR01"},
	{"sup01", "赵国华", domain.RoleSupervisor, "OT01"},
	{"sup02", "孙丽萍", domain.RoleSupervisor, "OT04"},
	{"rm01", "李明轩", domain.RoleRM, "OT01"},
	{"rm02", "王思雨", domain.RoleRM, "OT01"},
	{"rm03", "张俊杰", domain.RoleRM, "OT02"},
	{"rm04", "刘婷", domain.RoleRM, "OT02"},
	{"rm05", "陈浩然", domain.RoleRM, "OT03"},
	{"rm06", "杨雪", domain.RoleRM, "OT03"},
	{"rm07", "黄志强", domain.RoleRM, "OT04"},
	{"rm08", "吴佳怡", domain.RoleRM, "OT04"},
	{"rm09", "徐磊", domain.RoleRM, "OT05"},
	{"rm10", "马晓燕", domain.RoleRM, "OT05"},
	{"rm11", "朱文博", domain.RoleRM, "OT06"},
	{"rm12", "胡静", domain.RoleRM, "OT06"},
	{"teller01", "郑小萌", domain.RoleTeller, "OT01"},
	{"teller02", "何丽", domain.RoleTellerVIP, "OT02"},
	{"teller03", "罗欣", domain.RoleTeller, "OT03"},
	{"teller04", "梁晨", domain.RoleTellerVIP, "OT04"},
	{"teller05", "宋佳", domain.RoleTeller, "OT05"},
	{"teller06", "唐敏", domain.RoleTellerVIP, "OT06"},
	{"lobby01", "许婷婷", domain.RoleLobby, "OT01"},
	{"lobby02", "韩冰", domain.RoleLobby, "OT02"},
	{"lobby03", "冯媛", domain.RoleLobby, "OT03"},
	{"lobby04", "邓雅文", domain.RoleLobby, "OT04"},
	{"lobby05", "曹颖", domain.RoleLobby, "OT05"},
	{"lobby06", "彭玲", domain.RoleLobby, "OT06"},
	{"om01", "曾宪明", domain.RoleOutletManager, "OT01"},
	{"om02", "肖红梅", domain.RoleOutletManager, "OT02"},
	{"om03", "田志勇", domain.RoleOutletManager, "OT03"},
	{"om04", "董海涛", domain.RoleOutletManager, "OT04"},
	{"om05", "袁桂芳", domain.RoleOutletManager, "OT05"},
	{"om06", "潘建军", domain.RoleOutletManager, "OT06"},
}

func (g *generator) buildOrgs() {
	byID := map[string]domain.OrgUnit{}
	for _, u := range orgTree {
		u.Path = "/" + u.ID + "/"
		if u.ParentID != "" {
			u.Path = byID[u.ParentID].ChildPath(u.ID)
		}
		byID[u.ID] = u
		g.b.Orgs = append(g.b.Orgs, u)
	}
}

func (g *generator) buildStaff() {
	g.b.Staff = append([]StaffSpec(nil), staffList...)
}

// outletStaff lists the usernames of an outlet's staff with a role, in staff order.
func (b *Bank) outletStaff(outlet string, role domain.Role) []string {
	var out []string
	for _, s := range b.Staff {
		if s.OrgID == outlet && s.Role == role {
			out = append(out, s.Username)
		}
	}
	return out
}
