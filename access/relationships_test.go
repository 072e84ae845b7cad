package access

import (
	"testing"

	"github.com/steward-bank/steward/domain"
)

func TestMayAssign(t *testing.T) {
	for _, c := range []struct {
		what     string
		st       domain.Staff
		outlet   string
		assign   bool
		override bool
	}{
		{"the outlet's supervisor", sup01, "OT1", true, true},
		{"the outlet manager", om01, "OT1", true, true},
		{"an administrator", admin, "OT1", true, false},
		{"a supervisor of another outlet", sup02, "OT1", false, false},
		{"a client manager", rm01, "OT1", false, false},
		{"a teller who sees the client", teller, "OT1", false, false},
		{"a lobby manager", lobby, "OT1", false, false},
		{"the department", dept, "OT1", false, false},
		{"a disabled supervisor", goneSup, "OT1", false, false},
		{"no outlet", sup01, "", false, false},
		{"nobody", domain.Staff{}, "OT1", false, false},
	} {
		if got := MayAssign(c.st, c.outlet); got != c.assign {
			t.Errorf("%s: MayAssign = %v, want %v", c.what, got, c.assign)
		}
		if got := MayOverrideCap(c.st, c.outlet); got != c.override {
			t.Errorf("%s: MayOverrideCap = %v, want %v", c.what, got, c.override)
		}
	}
}

func TestMayRequestClient(t *testing.T) {
	unassigned := domain.Client{ClientID: "C3", OutletID: "OT1"}
	kept := domain.Client{ClientID: "C1", OutletID: "OT1", RMID: 2}
	elsewhere := domain.Client{ClientID: "C9", OutletID: "OT2"}
	for _, c := range []struct {
		what string
		st   domain.Staff
		c    domain.Client
		want bool
	}{
		{"an RM of the outlet, unassigned client", rm01, unassigned, true},
		{"an RM, client kept by another", rm01, kept, false},
		{"an RM, client of another outlet", rm01, elsewhere, false},
		{"a disabled RM", gone, unassigned, false},
		{"a supervisor (assigns instead)", sup01, unassigned, false},
		{"a teller", teller, unassigned, false},
		{"a lobby manager", lobby, unassigned, false},
	} {
		if got := MayRequestClient(c.st, c.c); got != c.want {
			t.Errorf("%s: MayRequestClient = %v, want %v", c.what, got, c.want)
		}
	}
}
