package access

import (
	"testing"
	"time"

	"github.com/steward-bank/steward/domain"
)

// Only a client manager's scope has the shadow of handed-over clients; Book drops it; Handed tells the
// clients seen only through it (neither the manager's own nor the outlet's unassigned) and CanEdit refuses
// them.
func TestShadowScope(t *testing.T) {
	now := time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC)
	rm := Scope{Reach: ReachAssigned, StaffID: 7, OrgID: "OT1"}
	if got := rm.WithShadow(30, now).ShadowSince; !got.Equal(now.AddDate(0, 0, -30)) {
		t.Errorf("shadow since %v", got)
	}
	for name, sc := range map[string]Scope{
		"no days":    rm.WithShadow(0, now),
		"supervisor": {Reach: ReachOutlet, StaffID: 3, OrgID: "OT1"},
		"book":       rm.WithShadow(30, now).Book(),
	} {
		if !sc.WithShadow(0, now).ShadowSince.IsZero() || (name != "supervisor" && !sc.ShadowSince.IsZero()) {
			t.Errorf("%s: shadow %v", name, sc.ShadowSince)
		}
	}
	if sup := (Scope{Reach: ReachOutlet, OrgID: "OT1"}).WithShadow(30, now); !sup.ShadowSince.IsZero() {
		t.Error("a supervisor's scope got a shadow")
	}
	sc := rm.WithShadow(30, now)
	for _, c := range []struct {
		client domain.Client
		handed bool
	}{
		{domain.Client{RMID: 7, OutletID: "OT1"}, false},
		{domain.Client{RMID: 0, OutletID: "OT1"}, false},
		{domain.Client{RMID: 8, OutletID: "OT1"}, true},
		{domain.Client{RMID: 0, OutletID: "OT2"}, true},
	} {
		if got := sc.Handed(c.client); got != c.handed {
			t.Errorf("Handed(%+v) = %v", c.client, got)
		}
		if c.handed && sc.CanEdit(c.client) {
			t.Errorf("a handed-over client %+v is editable", c.client)
		}
		if rm.Handed(c.client) {
			t.Errorf("without a shadow, %+v is handed", c.client)
		}
	}
}
