package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// A client manager whose client was handed over to another reads it, marked 已移交 with the day and the
// successor, in the client view, the client list and the API, and every write route refuses it with 403
// and stores nothing; with relationships.shadow_days 0 the client is out of sight (404).
func TestHandedOverClientIsReadOnlyOnEveryRoute(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		ctx := context.Background()
		sup := e.fx.Staff["sup01"]
		if err := st.AssignRM(ctx, access.Scope{Reach: access.ReachOutlet, StaffID: sup.ID, OrgID: "OT1"}, sup.ID, "C002", e.fx.Staff["rm01"].ID, "rotation"); err != nil {
			t.Fatal(err)
		}
		rm02 := e.login("rm02")
		rec := rm02.get("/clients/C002", "Accept-Language", "zh-CN")
		wantStatus(t, rec, http.StatusOK, "the handed-over client's view")
		body := rec.Body.String()
		if !strings.Contains(body, `id="badge-handed-over"`) || !strings.Contains(elementText(t, body, "handed-over"), "移交给 钱经理") {
			t.Errorf("the view does not say the client was handed over to 钱经理:\n%s", elementText(t, body, "handed-over"))
		}
		if strings.Contains(body, `id="contact-form"`) || strings.Contains(body, `action="/clients/C002/notes"`) {
			t.Error("the handed-over client's view offers forms that change it")
		}
		list := rm02.get("/clients?rm=all").Body.String() // all they may see: their book opens without it
		if i := strings.Index(list, `data-client-id="C002"`); i < 0 || !strings.Contains(list[i:min(len(list), i+2000)], "handed-over") {
			t.Error("the client list does not mark C002 handed over")
		}
		if csv := rm02.get("/clients/export.csv").Body.String(); strings.Contains(csv, "C002") || !strings.Contains(csv, "C003") {
			t.Errorf("rm02's export is not their book (the outlet's unassigned C003, not the handed-over C002):\n%s", csv)
		}
		home := rm02.get("/").Body.String()
		top := home[strings.Index(home, `id="top-panel"`):]
		if top = top[:strings.Index(top, "</section>")]; strings.Contains(top, "李娜") {
			t.Error("rm02's home lists the handed-over C002 (李娜) among their largest clients")
		}
		var api struct {
			Editable   bool `json:"editable"`
			HandedOver *struct {
				On string  `json:"on"`
				To *string `json:"to"`
			} `json:"handed_over"`
		}
		rec = rm02.get("/api/v1/clients/C002")
		wantStatus(t, rec, http.StatusOK, "the handed-over client through the API")
		if err := json.Unmarshal(rec.Body.Bytes(), &api); err != nil || api.Editable || api.HandedOver == nil || api.HandedOver.To == nil ||
			*api.HandedOver.To != "钱经理" || len(api.HandedOver.On) != 10 {
			t.Errorf("API: editable %v, handed over %+v (%v)", api.Editable, api.HandedOver, err)
		}
		var items struct {
			Items []struct {
				ClientID   string `json:"client_id"`
				HandedOver bool   `json:"handed_over"`
			} `json:"items"`
		}
		if err := json.Unmarshal(rm02.get("/api/v1/clients").Body.Bytes(), &items); err != nil {
			t.Fatal(err)
		}
		for _, it := range items.Items {
			if it.HandedOver != (it.ClientID == "C002") {
				t.Errorf("API list: %s handed_over %v", it.ClientID, it.HandedOver)
			}
		}
		var own map[string]any
		if err := json.Unmarshal(e.login("rm01").get("/api/v1/clients/C002").Body.Bytes(), &own); err != nil || own["handed_over"] != nil {
			t.Errorf("the new manager's API view carries handed_over: %v (%v)", own["handed_over"], err)
		}
		for what, rec := range map[string]interface{ Result() *http.Response }{
			"note":        rm02.post("/clients/C002/notes", url.Values{"body": {"还是我的客户"}}),
			"tag":         rm02.post("/clients/C002/tags", url.Values{"tag": {"老客户"}}),
			"contact":     rm02.post("/clients/C002/contacts", url.Values{"channel": {"phone"}, "outcome": {"reached"}}),
			"api contact": rm02.postJSON("/api/v1/clients/C002/contacts", `{"channel":"phone","outcome":"reached"}`),
			"observation": rm02.post("/clients/C002/observations", url.Values{"signal": {"asked_wealth"}}),
			"hand-over":   rm02.post("/clients/C002/handover", url.Values{"rm": {fmt.Sprint(e.fx.Staff["rm02"].ID)}}),
			"phone":       rm02.post("/clients/C002/phone-verified", url.Values{}),
			"lunar":       rm02.post("/clients/C002/lunar-birthday", url.Values{"lunar": {"1"}}),
		} {
			if code := rec.Result().StatusCode; code != http.StatusForbidden {
				t.Errorf("%s on the handed-over client: %d, want 403", what, code)
			}
		}
		if got := fmt.Sprint(countRows(t, st, "SELECT count(*) FROM client_notes WHERE client_id = 'C002'"),
			countRows(t, st, "SELECT count(*) FROM contacts WHERE client_id = 'C002'"),
			countRows(t, st, "SELECT count(*) FROM client_signals WHERE client_id = 'C002'"),
			countRows(t, st, "SELECT count(*) FROM client_tags WHERE client_id = 'C002'")); got != "0 0 0 0" {
			t.Errorf("after the refused writes: notes, contacts, signals, tags = %s", got)
		}
		e.auth.Policy.Relationships.ShadowDays = 0
		wantStatus(t, rm02.get("/clients/C002"), http.StatusNotFound, "the handed-over client without a shadow")
	})
}
