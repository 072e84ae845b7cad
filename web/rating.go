package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"

	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/rating"
	"github.com/steward-bank/steward/store"
)

// Stars names a star level in the page's language: 五星, 准星, 未评级.
func (v *view) Stars(n int) string {
	l := "en"
	if v.Lang == langZH {
		l = "zh"
	}
	return rating.StarsName(n, l)
}

// Points shows hundredths of a star point: 69593 → "695.93".
func (v *view) Points(h int64) string { return rating.HundredthsText(h) }

// Signal names a potential signal.
func (v *view) Signal(s rating.Signals) string { return code(v.Lang, "signal", s.String()) }

// Has reports whether a set of signals holds s.
func (v *view) Has(set, s rating.Signals) bool { return set&s != 0 }

// Reason words a rating history line.
func (v *view) Reason(e store.HistoryEntry) string {
	l := "en"
	if v.Lang == langZH {
		l = "zh"
	}
	switch e.Reason {
	case "first_rating", "tier_up", "tier_down":
		return code(v.Lang, "reason", e.Reason)
	case "lifecycle":
		return v.T("reason.lifecycleText", v.Code("lifecycle", e.FromStage), v.Code("lifecycle", e.ToStage))
	case string(rating.ReasonInstant):
		if e.UpgradeID != 0 {
			return v.upgradeHistoryText(e)
		}
	}
	rs := rating.Reason{Code: rating.ReasonCode(e.Reason), From: e.FromService, To: e.ToService, Below: e.Below,
		HeldContribution: e.FromContribution, HeldService: e.FromService}
	if e.Reason == string(rating.ReasonContributionDown) || e.Reason == string(rating.ReasonContributionUp) {
		rs.From, rs.To, rs.OfContribution = e.FromContribution, e.ToContribution, true
	}
	rs.SetBelowStars(e.BelowStars) // a downgrade warning: which held stars are below
	return rs.Text(l)
}

// SegmentsURL is the outlet page of the person's own outlet, or, from a client list filtered by outlet,
// that outlet's; "" when neither applies.
func (v *view) SegmentsURL() string {
	if d, ok := v.Data.(clientListData); ok && d.Query.OutletID != "" {
		return "/outlets/" + url.PathEscape(d.Query.OutletID)
	}
	if v.P != nil && v.P.Org.Level == domain.LevelOutlet {
		return "/outlets/" + url.PathEscape(v.P.Org.ID)
	}
	return ""
}

// Overdue reports whether a due date is before today.
func (v *view) Overdue(d domain.Date) bool { return d.Before(domain.Today(v.Now)) }

// observe records (or withdraws) a teller observation: one click on the client view.
func (s *Server) observe(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	id := r.PathValue("id")
	on := r.PostFormValue("on") != "0"
	err := s.store.RecordObservation(r.Context(), p.Scope, p.Staff.ID, id, r.PostFormValue("signal"), on, domain.Today(s.auth.Now()))
	switch {
	case errors.Is(err, domain.ErrNotFound):
		s.notFoundClient(w, r, p)
	case errors.Is(err, store.ErrReadOnly):
		s.showClient(w, r, p, id, http.StatusForbidden, clientForm{}, s.newView(r, p).T("client.readOnlyErr"))
	case errors.Is(err, store.ErrInvalid):
		s.showClient(w, r, p, id, http.StatusUnprocessableEntity, clientForm{}, s.newView(r, p).T("rating.badObservation"))
	case err != nil:
		s.serverError(w, r, p, err)
	default:
		http.Redirect(w, r, "/clients/"+url.PathEscape(id)+"#rating", http.StatusSeeOther)
	}
}

// outletData is the outlet page: the star and tier distribution, life-cycle and matrix counts, and the
// 80/20 curve.
type outletData struct {
	OutletID, OutletName string
	Stats                store.OutletStats
	StarRows             []countRow
	TierRows             []countRow
	LifeRows             []countRow
	MatrixRows           []countRow
	Chart                string // JSON for the charts (outlet.js), in a data attribute
}

type countRow struct {
	Key   string
	Label string
	N     int
	AUM   int64
	Link  string
}

func (s *Server) outletPage(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	ctx := r.Context()
	id := r.PathValue("id")
	outlets, err := s.visibleOutlets(ctx, p)
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	i := slices.IndexFunc(outlets, func(o domain.OrgUnit) bool { return o.ID == id })
	if i < 0 {
		s.notFoundPage(w, r)
		return
	}
	st, err := s.store.OutletStats(ctx, p.Scope, id)
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	v := s.newView(r, p)
	v.Nav = "segments"
	d := outletData{OutletID: id, OutletName: outlets[i].Name, Stats: st}
	link := func(k, val string) string {
		q := url.Values{"outlet": {id}, k: {val}}
		return "/clients?" + q.Encode()
	}
	for _, n := range []int{7, 6, 5, 4, 3, 1, 0} {
		d.StarRows = append(d.StarRows, countRow{Key: fmt.Sprint(n), Label: v.Stars(n), N: st.ByStars[n], Link: link("stars", fmt.Sprint(n))})
	}
	for _, t := range []string{"T5", "T4", "T3", "T2", "T1"} {
		d.TierRows = append(d.TierRows, countRow{Key: t, Label: v.Code("tier", t), N: st.ByTier[t], AUM: st.AUMByTier[t], Link: link("tier", t)})
	}
	for _, l := range []string{"new", "active", "dormant", "churning", "lost"} {
		d.LifeRows = append(d.LifeRows, countRow{Key: l, Label: v.Code("lifecycle", l), N: st.ByLifecycle[l], Link: link("life", l)})
	}
	for _, m := range []string{"loyal", "problem_1", "problem_2", "general"} {
		d.MatrixRows = append(d.MatrixRows, countRow{Key: m, Label: v.Code("matrix", m), N: st.ByMatrix[m], Link: link("matrix", m)})
	}
	chart := map[string]any{"stars": d.StarRows, "tiers": d.TierRows, "curve": st.Curve,
		"labels": map[string]string{"stars": v.T("outlet.byStars"), "tiers": v.T("outlet.byTier"), "curve": v.T("outlet.curve"),
			"x": v.T("outlet.curveX"), "y": v.T("outlet.curveY")}}
	b, err := json.Marshal(chart)
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	d.Chart = string(b)
	v.Data = d
	s.render(w, r, http.StatusOK, "outlet.html", v)
}
