package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/steward-bank/steward/alerts"
	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
)

// The alerts page (预警, GET /alerts): every alert of the person's day list, not only the most urgent the
// home page shows, with the true count, filters (rule, severity, state, tier, client, assignee, overdue),
// sorting, numbered pages and the export of the whole filtered list. A lead of an outlet's team can list
// the team's alerts as well as their own.

// dayListPageSize is the rows of one page of the alerts and tasks lists.
const dayListPageSize = 50

// alertRoles are the roles alerts go to (alerts.Assign: the tiers' keepers, the supervisor for clients
// without a client manager, escalations to the supervisor or outlet manager).
var alertRoles = []domain.Role{domain.RoleTeller, domain.RoleTellerVIP, domain.RoleLobby, domain.RoleRM, domain.RoleSupervisor,
	domain.RoleOutletManager}

// HasAlerts reports whether the person's role receives alerts (the navigation shows the alerts page).
func (v *view) HasAlerts() bool { return v.P != nil && slices.Contains(alertRoles, v.P.Staff.Role) }

// SeverityText words an alert's severity: 提示, 重要, 紧急.
func (v *view) SeverityText(n int) string {
	return v.T("alerts.severity." + store.AlertSeverities[min(max(n, 0), len(store.AlertSeverities)-1)])
}

// alertsData is the alerts page.
type alertsData struct {
	Lead                                        bool
	View                                        string // mine, team
	Rule, Severity, State, Tier, Client, Assign string
	Overdue                                     bool
	Sort                                        string
	Desc                                        bool
	Items                                       []store.AlertView
	Total                                       int
	From, To                                    int // the rows shown, 1-based
	Pages                                       []pageLink
	PrevURL, NextURL                            string
	Query                                       string // the filter as a query string (no page), for the exports
	Rules, Severities, States, Tiers, Team      []option
}

// SortURL is the link of a column header: sort by the column, or flip the order if it is already sorted by.
func (d alertsData) SortURL(key string) string { return d.sorting().url(key) }

// SortMark is the arrow beside the sorted column.
func (d alertsData) SortMark(key string) string { return d.sorting().mark(key) }

// sorting is the list's order: by severity unless chosen; severity and the raising day read most severe and
// newest first, the others from the smallest.
func (d alertsData) sorting() columnSort {
	return columnSort{path: "/alerts", query: d.Query, sort: d.Sort, def: "severity", desc: d.Desc,
		reversed: map[string]bool{"severity": true, "raised": true}}
}

// alertQuery reads the page's filter from the query string. An unknown value is ErrInvalid (a link edited
// by hand, or one from an older version), reported rather than ignored.
func alertQuery(q url.Values, p *auth.Principal, v *view) (store.AlertFilter, alertsData, error) {
	d := alertsData{Lead: store.LeadsTeam(p.Staff), View: q.Get("view"), Rule: q.Get("rule"), Severity: q.Get("severity"),
		State: q.Get("state"), Tier: q.Get("tier"), Client: strings.TrimSpace(q.Get("client")), Assign: q.Get("assignee"),
		Overdue: q.Get("overdue") == "1", Sort: q.Get("sort"), Desc: q.Get("desc") == "1"}
	if d.State == "" {
		d.State = "open"
	}
	f := store.AlertFilter{Rule: d.Rule, Severity: d.Severity, State: d.State, Tier: d.Tier, Client: d.Client, Overdue: d.Overdue,
		Now: v.Now, Sort: d.Sort, Desc: d.Desc, Limit: dayListPageSize}
	if d.Assign != "" && d.Lead && (d.View == "" || d.View == "mine") {
		// Choosing a member of the team asks for the team's view, whatever the view list still says.
		d.View = "team"
	}
	switch d.View {
	case "", "mine":
		d.View = "mine"
	case "team":
		if !d.Lead {
			return f, d, store.ErrInvalid
		}
		f.Team = true
	default:
		return f, d, store.ErrInvalid
	}
	if d.Assign != "" {
		id, err := strconv.ParseInt(d.Assign, 10, 64)
		if err != nil || !f.Team {
			return f, d, store.ErrInvalid
		}
		f.AssigneeID = id
	}
	if d.Tier != "" && !tierFilters[d.Tier] {
		return f, d, store.ErrInvalid
	}
	page := 1
	if n := q.Get("page"); n != "" {
		var err error
		if page, err = strconv.Atoi(n); err != nil || page < 1 {
			return f, d, store.ErrInvalid
		}
	}
	f.Offset = (page - 1) * dayListPageSize
	keep := url.Values{}
	for k, val := range map[string]string{"view": d.View, "rule": d.Rule, "severity": d.Severity, "state": d.State, "tier": d.Tier,
		"client": d.Client, "assignee": d.Assign, "sort": d.Sort} {
		if val != "" && !(k == "view" && val == "mine") && !(k == "state" && val == "open") {
			keep.Set(k, val)
		}
	}
	if d.Overdue {
		keep.Set("overdue", "1")
	}
	if d.Desc {
		keep.Set("desc", "1")
	}
	d.Query = keep.Encode()
	return f, d, nil
}

// numberedPages is a pager over total rows of size each, on page cur: the pages around it, the first and
// the last, with gaps; and the previous and next links.
func numberedPages(total, size, cur int, link func(n int) string) (pages []pageLink, prev, next string) {
	last := max((total+size-1)/size, 1)
	if last == 1 {
		return nil, "", ""
	}
	for n := 1; n <= last; n++ {
		switch {
		case n == 1 || n == last || (n >= cur-2 && n <= cur+2):
			pages = append(pages, pageLink{N: n, URL: link(n), Current: n == cur})
		case len(pages) > 0 && !pages[len(pages)-1].Gap:
			pages = append(pages, pageLink{Gap: true})
		}
	}
	if cur > 1 {
		prev = link(cur - 1)
	}
	if cur < last {
		next = link(cur + 1)
	}
	return pages, prev, next
}

// withPage adds page n to a query string.
func withPage(base, query string, n int) string {
	q, _ := url.ParseQuery(query)
	if n > 1 {
		q.Set("page", strconv.Itoa(n))
	}
	if len(q) == 0 {
		return base
	}
	return base + "?" + q.Encode()
}

func (s *Server) alertsPage(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	v := s.newView(r, p)
	v.Nav = "alerts"
	f, d, err := alertQuery(r.URL.Query(), p, v)
	if err != nil {
		s.errorPage(w, r, p, http.StatusBadRequest, "err.badRequest", "alerts.badFilter")
		return
	}
	page, err := s.store.ListAlerts(r.Context(), p.Scope, p.Staff, f)
	if errors.Is(err, store.ErrInvalid) {
		s.errorPage(w, r, p, http.StatusBadRequest, "err.badRequest", "alerts.badFilter")
		return
	}
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	d.Items, d.Total = page.Items, page.Total
	cur := f.Offset/dayListPageSize + 1
	if len(d.Items) > 0 {
		d.From, d.To = f.Offset+1, f.Offset+len(d.Items)
	}
	d.Pages, d.PrevURL, d.NextURL = numberedPages(d.Total, dayListPageSize, cur, func(n int) string { return withPage("/alerts", d.Query, n) })
	d.Rules = []option{{Value: "", Label: v.T("clients.any")}}
	for _, rule := range alerts.AllRules {
		d.Rules = append(d.Rules, option{Value: string(rule), Label: v.Code("alert", string(rule)), Selected: string(rule) == d.Rule})
	}
	d.Severities = []option{{Value: "", Label: v.T("clients.any")}}
	for _, sev := range store.AlertSeverities {
		d.Severities = append(d.Severities, option{Value: sev, Label: v.T("alerts.severity." + sev), Selected: sev == d.Severity})
	}
	for _, st := range store.AlertStateFilters {
		d.States = append(d.States, option{Value: st, Label: v.T("alerts.state." + st), Selected: st == d.State})
	}
	d.Tiers = []option{{Value: "", Label: v.T("clients.any")}}
	for _, t := range []string{"T5", "T4", "T3", "T2", "T1"} {
		d.Tiers = append(d.Tiers, option{Value: t, Label: v.Code("tier", t), Selected: t == d.Tier})
	}
	if d.Lead {
		staff, err := s.store.ListStaff(r.Context(), p.Staff.OrgID)
		if err != nil {
			s.serverError(w, r, p, err)
			return
		}
		d.Team = []option{{Value: "", Label: v.T("clients.any")}}
		for _, st := range staff {
			if !st.Disabled && slices.Contains(store.TeamRoles, st.Role) {
				id := strconv.FormatInt(st.ID, 10)
				d.Team = append(d.Team, option{Value: id, Label: st.Name + " · " + v.Role(st.Role), Selected: id == d.Assign})
			}
		}
	}
	if r.URL.Query().Get("alert") == "outcome" {
		v.Error = v.T("alert.needOutcome")
	}
	v.Data = d
	s.render(w, r, http.StatusOK, "alerts.html", v)
}

// exportAlerts writes the whole filtered alert list (GET /alerts/export/{format}, the page's filter) as
// Excel or CSV through the table writer, audited.
func (s *Server) exportAlerts(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	format, ok := s.exportFormat(w, r, p)
	if !ok {
		return
	}
	v := s.newView(r, p)
	f, _, err := alertQuery(r.URL.Query(), p, v)
	if err != nil {
		s.errorPage(w, r, p, http.StatusBadRequest, "err.badRequest", "alerts.badFilter")
		return
	}
	f.Offset, f.Limit = 0, exportMaxRows
	page, err := s.store.ListAlerts(r.Context(), p.Scope, p.Staff, f)
	if errors.Is(err, store.ErrInvalid) {
		s.errorPage(w, r, p, http.StatusBadRequest, "err.badRequest", "alerts.badFilter")
		return
	}
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	s.sendTable(w, r, p, v, format, alertTable(v, page.Items))
}

// alertTable is an exported alert list: the page's columns, the alert's amount as money.
func alertTable(v *view, list []store.AlertView) exportTable {
	t := exportTable{name: "alerts", sheet: v.T("alert.rule"), header: []string{v.T("alert.rule"), v.T("col.clientID"), v.T("col.name"),
		v.T("alert.what"), v.T("alert.due"), v.T("alert.state"), v.T("export.amount"), v.T("alerts.severity"), v.T("rating.tier"),
		v.T("alerts.raised"), v.T("alerts.assignee"), v.T("alert.escalated")},
		widths: []float64{12, 12, 12, 40, 12, 10, 16, 8, 6, 12, 14, 24}}
	for _, a := range list {
		who := a.Assignee
		if who == "" {
			who = v.Role(domain.Role(a.Role))
		}
		t.rows = append(t.rows, []cell{textCell(v.Code("alert", a.Rule)), textCell(a.ClientID), textCell(a.ClientName),
			textCell(v.AlertText(a)), textCell(a.Due.String()), textCell(v.Code("alertstate", a.State)), moneyCell(a.Figures.AmountFen),
			textCell(v.SeverityText(a.Severity)), textCell(a.Tier), textCell(a.RaisedOn.String()),
			textCell(who), textCell(v.AlertEscalation(a))})
	}
	return t
}

// DowngradeText names the held stars a downgrade warning is about (alerts.Figures.Below): the
// contribution stars only (an upgrade product holds the service stars), the service stars, or both; ""
// when the alert does not record it.
func (v *view) DowngradeText(below string) string {
	switch below {
	case "contribution", "service", "both":
		return v.T("alerttext.below." + below)
	}
	return ""
}
