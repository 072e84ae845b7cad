package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// seedRatings stores a monthly rating for three fixture clients.
func seedRatings(t *testing.T, st *store.Store) {
	t.Helper()
	on := domain.NewDate(2026, 11, 1)
	rows := []*store.RatingRow{
		{ClientID: "C001", RatingMonth: 202611, RatedOn: on, StarPoints: 69593, PointsStars: 4, Contribution: 4, Service: 5, Floor: 5,
			Tier: "T3", Class: "A", Loyalty: 72, Matrix: "loyal", ParetoTop: true, Lifecycle: "active", ContribValue: 69593, Near: true},
		{ClientID: "C002", RatingMonth: 202611, RatedOn: on, StarPoints: 283574, PointsStars: 5, Contribution: 5, Service: 5,
			Tier: "T4", Class: "A", Loyalty: 40, Matrix: "problem_2", Lifecycle: "active", ContribValue: 283574, Warning: true, Below: 1},
		{ClientID: "C004", RatingMonth: 202611, RatedOn: on, StarPoints: 12, PointsStars: 1, Contribution: 1, Service: 1,
			Tier: "T1", Class: "C", Lifecycle: "dormant", ContribValue: 12},
	}
	hist := []store.HistoryEntry{{ClientID: "C001", On: on, Occasion: "monthly", Reason: "up_points", FromContribution: 3,
		ToContribution: 4, FromService: 3, ToService: 5, FromTier: "T3", ToTier: "T3", StarPoints: 69593}}
	if err := st.SaveRatings(context.Background(), store.RatingRun{Kind: "monthly", Key: 202611, On: on}, rows, hist); err != nil {
		t.Fatal(err)
	}
}

func TestRatingPages(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		seedRatings(t, st)
		rm := e.login("rm01")

		// The client view: stars, flags, history.
		rec := rm.get("/clients/C001")
		wantStatus(t, rec, http.StatusOK, "client view")
		body := rec.Body.String()
		if got := elementText(t, body, "service-stars"); got != "五星" {
			t.Errorf("service stars %q", got)
		}
		if !strings.Contains(body, `id="nav-segments"`) || !strings.Contains(body, `href="/outlets/OT1"`) {
			t.Error("no link to the outlet's segments page")
		}
		if !strings.Contains(body, `id="badge-near"`) || !strings.Contains(body, `id="rating-history"`) || !strings.Contains(body, "695.93") {
			t.Errorf("client view lacks the near-upgrade badge, the history or the points")
		}

		// A teller records an observation in one click; the potential follows; a second click withdraws it.
		teller := e.login("teller01")
		rec = teller.post("/clients/C001/observations", url.Values{"signal": {"other_bank_vip"}})
		wantStatus(t, rec, http.StatusSeeOther, "observation")
		r, _, err := st.ClientRating(context.Background(), access.Scope{Reach: access.ReachAll}, "C001")
		if err != nil || r.Potential != 10 {
			t.Errorf("potential after the observation: %d, %v", r.Potential, err)
		}
		if body := teller.get("/clients/C001").Body.String(); !strings.Contains(body, `aria-pressed="true" data-signal="other_bank_vip"`) {
			t.Error("the recorded observation is not shown as recorded")
		}
		wantStatus(t, teller.post("/clients/C001/observations", url.Values{"signal": {"other_bank_vip"}, "on": {"0"}}), http.StatusSeeOther, "withdraw")
		if r, _, _ := st.ClientRating(context.Background(), access.Scope{Reach: access.ReachAll}, "C001"); r.Potential != 0 {
			t.Errorf("potential after withdrawing: %d", r.Potential)
		}
		// Outside the teller's outlet: not found, nothing recorded; not an observation: refused.
		wantStatus(t, teller.post("/clients/C004/observations", url.Values{"signal": {"asked_wealth"}}), http.StatusNotFound, "other outlet")
		wantStatus(t, teller.post("/clients/C001/observations", url.Values{"signal": {"large_cash"}}), http.StatusUnprocessableEntity, "not an observation")

		// The list filters and sorts by rating.
		admin := e.login("admin")
		if ids := rowIDs(admin.get("/clients?stars=5").Body.String()); strings.Join(ids, ",") != "C001,C002" {
			t.Errorf("five stars and more: %v", ids)
		}
		if ids := rowIDs(admin.get("/clients?flag=warning").Body.String()); strings.Join(ids, ",") != "C002" {
			t.Errorf("downgrade warnings: %v", ids)
		}
		if ids := rowIDs(admin.get("/clients?sort=points&desc=1").Body.String()); len(ids) < 3 || ids[0] != "C002" || ids[1] != "C001" {
			t.Errorf("by points: %v", ids)
		}
		if ids := rowIDs(admin.get("/clients?matrix=problem_2").Body.String()); strings.Join(ids, ",") != "C002" {
			t.Errorf("problem 2: %v", ids)
		}
		if ids := rowIDs(admin.get("/clients?life=dormant").Body.String()); strings.Join(ids, ",") != "C004" {
			t.Errorf("dormant: %v", ids)
		}

		// The exports carry the rating columns, filtered the same way.
		csv := admin.get("/clients/export.csv?stars=5&sort=points&desc=1").Body.String()
		if lines := strings.Split(strings.TrimSpace(csv), "\r\n"); len(lines) != 3 || !strings.Contains(lines[0], "服务星级") ||
			!strings.Contains(lines[2], "五星,695.93,T3,活跃,忠诚客户,72,0,临界客户、重要少数(二八)") {
			t.Errorf("export:\n%s", csv)
		}

		// The outlet page counts the outlet's rated clients only.
		rec = admin.get("/outlets/OT1")
		wantStatus(t, rec, http.StatusOK, "outlet page")
		if body := rec.Body.String(); !strings.Contains(body, "已评级客户 2 人") || !strings.Contains(body, `id="chart-curve"`) {
			t.Errorf("outlet page: %s", elementText(t, body, "stars-table"))
		}
		wantStatus(t, e.login("rm03").get("/outlets/OT1"), http.StatusNotFound, "another outlet's page")

		// The API's list filters and carries the rating too; bad values are refused.
		rec = admin.get("/api/v1/clients?min_stars=5&sort=points&desc=true")
		wantStatus(t, rec, http.StatusOK, "api list")
		var list struct {
			Items []struct {
				ClientID     string `json:"client_id"`
				ServiceStars int    `json:"service_stars"`
				StarPoints   string `json:"star_points"`
				Matrix       string `json:"matrix"`
			} `json:"items"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil {
			t.Fatal(err)
		}
		if len(list.Items) != 2 || list.Items[0].ClientID != "C002" || list.Items[1].StarPoints != "695.93" || list.Items[1].Matrix != "loyal" {
			t.Errorf("api list: %s", rec.Body.String())
		}
		wantStatus(t, admin.get("/api/v1/clients?tier=T9"), http.StatusBadRequest, "a bad tier")
		wantStatus(t, admin.get("/api/v1/clients?min_stars=8"), http.StatusBadRequest, "a bad star count")

		// The API's client resource carries the rating.
		rec = admin.get("/api/v1/clients/C002")
		wantStatus(t, rec, http.StatusOK, "api client")
		var c map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		if c["star_points"] != "2835.74" || c["service_stars"] != float64(5) || c["tier"] != "T4" || c["downgrade_warning"] != true {
			t.Errorf("api client: %v", c)
		}
	})
}

// A teller sees the outlet's prospects without a client manager and hands one to an RM of the outlet: a
// task on the RM's day list. An RM of another outlet, or someone who is not an RM, is refused.
func TestProspectHandOver(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		on := domain.NewDate(2026, 11, 1)
		if err := st.SaveRatings(context.Background(), store.RatingRun{Kind: "monthly", Key: 202611, On: on}, []*store.RatingRow{
			{ClientID: "C003", RatingMonth: 202611, RatedOn: on, Tier: "T2", Class: "B", Potential: 35, Signals: 0},
		}, nil); err != nil {
			t.Fatal(err)
		}
		teller := e.login("teller01")
		body := teller.get("/").Body.String()
		if !strings.Contains(body, `id="prospect-list"`) || !strings.Contains(body, `data-client-id="C003"`) {
			t.Fatalf("the teller's day list has no prospect")
		}
		// The counter staff's own day: their tier duties; a client manager's day has none.
		if duties := part(t, body, "duties", "</section>"); !strings.Contains(duties, "高柜服务 5 万元以下（T1）客户") {
			t.Errorf("the teller's duties:\n%s", duties)
		}
		if strings.Contains(e.login("rm01").get("/").Body.String(), `id="duties"`) {
			t.Error("rm01's day lists counter duties")
		}
		rm01, rm03 := e.fx.Staff["rm01"], e.fx.Staff["rm03"]
		rec := teller.post("/clients/C003/handover", url.Values{"rm": {strconv.FormatInt(rm03.ID, 10)}})
		if loc := rec.Header().Get("Location"); !strings.Contains(loc, "handover=invalid") {
			t.Errorf("an RM of another outlet: %s", loc)
		}
		wantStatus(t, teller.post("/clients/C003/handover", url.Values{"rm": {strconv.FormatInt(rm01.ID, 10)}, "note": {"询问过理财"}}),
			http.StatusSeeOther, "hand over")
		if home := e.login("rm01").get("/").Body.String(); !strings.Contains(home, "潜力客户转介: 询问过理财") {
			t.Error("the hand-over is not on rm01's day list")
		}
	})
}
