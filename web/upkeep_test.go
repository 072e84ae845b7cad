package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// "电话已核实" on the client view: a teller at the counter and the client's own manager verify in one click
// (audited); a manager reading an unassigned client may not, nor may anyone outside the scope.
func TestVerifyPhone(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		rm01 := e.login("rm01")
		body := rm01.get("/clients/C001").Body.String()
		if got := elementText(t, body, "phone-verified"); !strings.Contains(got, "从未核实") || !strings.Contains(got, "2015-06-01") {
			t.Errorf("never verified: %q", got)
		}
		wantStatus(t, rm01.post("/clients/C001/phone-verified", nil), http.StatusSeeOther, "rm01 verifies C001")
		if got := elementText(t, rm01.get("/clients/C001").Body.String(), "phone-verified"); strings.Contains(got, "从未") {
			t.Errorf("after verifying: %q", got)
		}
		wantStatus(t, rm01.post("/clients/C003/phone-verified", nil), http.StatusForbidden, "rm01 on an unassigned client (read-only)")
		wantStatus(t, rm01.post("/clients/C004/phone-verified", nil), http.StatusNotFound, "rm01 on another outlet's client")
		wantStatus(t, e.login("teller01").post("/clients/C003/phone-verified", nil), http.StatusSeeOther, "a teller at the counter")
		var n int
		if err := st.DB().QueryRowContext(ctx, "SELECT count(*) FROM audit_events WHERE detail LIKE '%phone_verified_on%'").Scan(&n); err != nil || n != 2 {
			t.Errorf("%d verifications audited (%v)", n, err)
		}
	})
}
