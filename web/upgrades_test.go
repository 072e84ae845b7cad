package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// An RM applies on the client view, the supervisor approves on the approvals page; the stars go up at
// once and the client view's card and history say until when and who approved. Tellers, other managers
// and the applicant are refused; bad input is worded in the person's language.
func TestInstantUpgradePages(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		today := domain.Today(time.Now())
		if _, err := st.DB().ExecContext(ctx, st.Rebind(`INSERT INTO client_ratings (client_id, rated_on, contribution_stars, service_stars, tier)
			VALUES ('C001', ?, 3, 3, 'T4')`), today); err != nil {
			t.Fatal(err)
		}
		rm01, rm02, teller, sup := e.login("rm01"), e.login("rm02"), e.login("teller01"), e.login("sup01")

		if body := rm01.get("/clients/C001").Body.String(); !strings.Contains(body, `id="upgrade-form"`) {
			t.Fatal("rm01's client view has no instant upgrade form")
		}
		if body := teller.get("/clients/C001").Body.String(); strings.Contains(body, `id="upgrade-form"`) {
			t.Error("a teller is offered the instant upgrade form")
		}
		until := today.AddDays(60)
		form := url.Values{"stars": {"5"}, "until": {until.String()}, "reason": {"他行理财到期，约80万元下周转入"}, "amount": {"800000"}}
		bad := url.Values{"stars": {"5"}, "until": {today.AddDays(400).String()}, "reason": {"x"}}
		rec := rm01.post("/clients/C001/upgrades", bad)
		wantStatus(t, rec, http.StatusUnprocessableEntity, "an end date beyond the policy's")
		if !strings.Contains(rec.Body.String(), "保持日期须在") {
			t.Errorf("the refusal does not say why: %s", rec.Body.String())
		}
		wantStatus(t, teller.post("/clients/C001/upgrades", form), http.StatusForbidden, "a teller applies")
		wantStatus(t, rm02.post("/clients/C001/upgrades", form), http.StatusNotFound, "another client's manager applies")
		wantStatus(t, rm01.post("/clients/C001/upgrades", form), http.StatusSeeOther, "rm01 applies")
		if body := rm01.get("/clients/C001").Body.String(); !strings.Contains(body, `id="upgrade-waiting"`) || strings.Contains(body, `id="upgrade-form"`) {
			t.Error("the client view does not say an application waits")
		}

		wantStatus(t, rm01.get("/approvals/upgrades"), http.StatusForbidden, "a client manager opens the approvals")
		wantStatus(t, teller.get("/approvals/upgrades"), http.StatusForbidden, "a teller opens the approvals")
		rec = sup.get("/approvals/upgrades")
		wantStatus(t, rec, http.StatusOK, "the supervisor's approvals")
		list, err := st.WaitingUpgrades(ctx, access.Scope{Reach: access.ReachOutlet, StaffID: e.fx.Staff["sup01"].ID, OrgID: "OT1"})
		if err != nil || len(list) != 1 {
			t.Fatalf("waiting: %+v, %v", list, err)
		}
		id := list[0].ID
		if !strings.Contains(rec.Body.String(), fmt.Sprintf(`id="upgrade-%d"`, id)) || !strings.Contains(rec.Body.String(), "¥800,000.00") {
			t.Errorf("the approvals page does not list the application: %s", rec.Body.String())
		}
		target := fmt.Sprintf("/approvals/upgrades/%d", id)
		wantStatus(t, rm01.post(target, url.Values{"decision": {"approve"}}), http.StatusForbidden, "the applicant approves")
		wantStatus(t, sup.post(target, url.Values{"decision": {"reject"}}), http.StatusUnprocessableEntity, "a rejection without a reason")
		wantStatus(t, sup.post(target, url.Values{"decision": {"approve"}, "reason": {"资金证明已核实"}}), http.StatusSeeOther, "the supervisor approves")
		wantStatus(t, sup.post(target, url.Values{"decision": {"reject"}, "reason": {"重复"}}), http.StatusConflict, "deciding twice")

		body := rm01.get("/clients/C001").Body.String()
		want := fmt.Sprintf("即时升级：至 %s 保持 五星（赵主管批准）", until)
		if got := elementText(t, body, "instant-upgrade"); got != want {
			t.Errorf("the card says %q, want %q", got, want)
		}
		if got := elementText(t, body, "service-stars"); got != "五星" {
			t.Errorf("service stars after the approval: %q", got)
		}
		if _, h, ok := strings.Cut(body, `id="rating-history"`); !ok || !strings.Contains(h, "<td>即时升级</td><td>"+want+"</td>") {
			t.Errorf("the history does not show the approval: %q", h)
		}
		evs, err := st.AuditEvents(ctx, store.AuditFilter{ActorID: e.fx.Staff["sup01"].ID, Action: store.AuditClientList})
		if err != nil || len(evs) == 0 || evs[0].ObjectID != "upgrade_applications" {
			t.Errorf("the approvals listing is not audited: %+v, %v", evs, err)
		}
	})
}

// The API applies, lists and decides through the same use cases: the same persons are refused, and the
// client resource carries the floor once approved.
func TestInstantUpgradeAPI(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		today := domain.Today(time.Now())
		if _, err := st.DB().ExecContext(ctx, st.Rebind(`INSERT INTO client_ratings (client_id, rated_on, contribution_stars, service_stars, tier)
			VALUES ('C001', ?, 3, 3, 'T4')`), today); err != nil {
			t.Fatal(err)
		}
		rm01, rm02, teller, sup := e.login("rm01"), e.login("rm02"), e.login("teller01"), e.login("sup01")
		until := today.AddDays(30).String()
		body := fmt.Sprintf(`{"stars": 6, "until": %q, "reason": "持有他行私人银行卡", "amount": "6000000"}`, until)
		wantAPIError(t, teller.postJSON("/api/v1/clients/C001/upgrades", body), http.StatusForbidden, "a teller applies")
		wantAPIError(t, rm02.postJSON("/api/v1/clients/C001/upgrades", body), http.StatusNotFound, "another client's manager", "client not found")
		wantAPIError(t, rm01.postJSON("/api/v1/clients/C001/upgrades", `{"stars": 6, "until": "2099-01-01", "reason": "x"}`),
			http.StatusBadRequest, "an end date too far", "end date")
		rec := rm01.postJSON("/api/v1/clients/C001/upgrades", body)
		wantStatus(t, rec, http.StatusCreated, "rm01 applies")
		var made upgradeJSON
		decodeAPI(t, rec, &made)
		if made.State != store.UpgradePending || made.Stars != 6 || made.HeldStars != 3 || made.Amount == nil || *made.Amount != "6000000.00" {
			t.Errorf("the application: %+v", made)
		}
		wantAPIError(t, rm01.get("/api/v1/upgrades"), http.StatusForbidden, "a client manager lists the applications")
		var list struct{ Items []upgradeJSON }
		decodeAPI(t, sup.get("/api/v1/upgrades"), &list)
		if len(list.Items) != 1 || list.Items[0].ID != made.ID {
			t.Fatalf("waiting: %+v", list)
		}
		target := fmt.Sprintf("/api/v1/upgrades/%d", made.ID)
		wantAPIError(t, rm01.postJSON(target, `{"decision": "approve"}`), http.StatusForbidden, "the applicant approves")
		wantAPIError(t, sup.postJSON(target, `{"decision": "reject"}`), http.StatusBadRequest, "a rejection without a reason")
		wantStatus(t, sup.postJSON(target, `{"decision": "approve"}`), http.StatusOK, "the supervisor approves")
		wantAPIError(t, sup.postJSON(target, `{"decision": "reject", "reason": "x"}`), http.StatusConflict, "deciding twice")
		var c struct {
			ServiceStars   int `json:"service_stars"`
			InstantUpgrade *struct {
				Stars      int    `json:"stars"`
				Until      string `json:"until"`
				ApprovedBy string `json:"approved_by"`
			} `json:"instant_upgrade"`
		}
		decodeAPI(t, rm01.get("/api/v1/clients/C001"), &c)
		if c.ServiceStars != 6 || c.InstantUpgrade == nil || c.InstantUpgrade.Stars != 6 || c.InstantUpgrade.Until != until || c.InstantUpgrade.ApprovedBy != "赵主管" {
			t.Errorf("the client resource after the approval: %+v %+v", c, c.InstantUpgrade)
		}
	})
}
