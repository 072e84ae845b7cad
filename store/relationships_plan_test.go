package store

import (
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/access"
)

// TestShadowSightPlan checks that a client manager's client list with the shadow of handed-over clients
// still reads only the manager's own rows: each branch of the scope through its index (the book by rm_id,
// the outlet's unassigned by outlet, the handed-over by the relationships of one person ended since the
// shadow's start, migration 0021), never a scan of every client or of every relationship.
func TestShadowSightPlan(t *testing.T) {
	s := planStore(t)
	sc := access.Scope{Reach: access.ReachAssigned, StaffID: 7, OrgID: "OT1"}.WithShadow(30, time.Now())
	cond, args := sightCond(sc)
	if !strings.Contains(cond, "relationships") {
		t.Fatalf("the shadow is not in the condition: %s", cond)
	}
	q := "SELECT c.client_id FROM clients c JOIN client_aum m ON m.client_id = c.client_id WHERE " + cond + " ORDER BY c.name, c.client_id LIMIT 51"
	plan := queryPlan(t, s, q, args...)
	for _, want := range []string{"MULTI-INDEX OR", "SEARCH c USING INDEX clients_rm_name (rm_id=?)", "SEARCH c USING INDEX clients_outlet_name (outlet_id=?)",
		"SEARCH h USING COVERING INDEX relationships_staff_to (staff_id=? AND valid_to>?)"} {
		if !strings.Contains(plan, want) {
			t.Errorf("plan lacks %q:\n%s", want, plan)
		}
	}
	if strings.Contains(plan, "SCAN c") || strings.Contains(plan, "SCAN h") {
		t.Errorf("the client list scans a whole table:\n%s", plan)
	}
}
