package access

import (
	"testing"

	"github.com/steward-bank/steward/domain"
)

func TestMayMarkKeyFocus(t *testing.T) {
	st := func(id int64, role domain.Role, org string) domain.Staff {
		return domain.Staff{ID: id, Role: role, OrgID: org}
	}
	off := st(9, domain.RoleSupervisor, "O1")
	off.Disabled = true
	cases := []struct {
		name string
		who  domain.Staff
		out  string
		want bool
	}{
		{"supervisor of the outlet", st(1, domain.RoleSupervisor, "O1"), "O1", true},
		{"outlet manager of the outlet", st(2, domain.RoleOutletManager, "O1"), "O1", true},
		{"supervisor of another outlet", st(3, domain.RoleSupervisor, "O2"), "O1", false},
		{"client manager", st(4, domain.RoleRM, "O1"), "O1", false},
		{"lobby manager", st(5, domain.RoleLobby, "O1"), "O1", false},
		{"department", st(6, domain.RoleDept, "O1"), "O1", false},
		{"administrator", st(7, domain.RoleAdmin, "O1"), "O1", false},
		{"disabled supervisor", off, "O1", false},
		{"no outlet", st(1, domain.RoleSupervisor, "O1"), "", false},
	}
	for _, c := range cases {
		if got := MayMarkKeyFocus(c.who, c.out); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
		if got := ReachesConsole(c.who) && c.who.OrgID == c.out; got != c.want {
			t.Errorf("%s reaches the console of %s: %v, want %v", c.name, c.out, got, c.want)
		}
	}
}

func TestSeesUseOf(t *testing.T) {
	sup := domain.Staff{ID: 1, Role: domain.RoleSupervisor, OrgID: "O1"}
	om := domain.Staff{ID: 2, Role: domain.RoleOutletManager, OrgID: "O1"}
	rm := domain.Staff{ID: 3, Role: domain.RoleRM, OrgID: "O1"}
	sup2 := domain.Staff{ID: 4, Role: domain.RoleSupervisor, OrgID: "O1"}
	far := domain.Staff{ID: 5, Role: domain.RoleRM, OrgID: "O2"}
	for _, c := range []struct {
		name        string
		reader, who domain.Staff
		want        bool
	}{
		{"supervisor reads an RM", sup, rm, true},
		{"supervisor reads self", sup, sup, true},
		{"supervisor reads a fellow supervisor", sup, sup2, false},
		{"supervisor reads the outlet manager", sup, om, false},
		{"outlet manager reads a supervisor", om, sup, true},
		{"supervisor reads another outlet's RM", sup, far, false},
		{"RM reads a colleague", rm, domain.Staff{ID: 6, Role: domain.RoleRM, OrgID: "O1"}, false},
	} {
		if got := SeesUseOf(c.reader, c.who); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
