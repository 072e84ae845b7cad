package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
)

// The supervisor's console (GET /console): one page that answers the supervisor's prescribed day (DOMAIN.md
// §6, the supervisor's routine) in its order, for the person's outlet: the approvals waiting, today's
// schedule and the team's, the key-focus clients' alerts, the outlet's clients against those served and the
// per-RM cap with the unassigned clients by tier, the week's large movements, the campaigns, and the later
// sections. Only an outlet's supervisor and outlet manager have it: the figures are an outlet's, and an
// administrator or the department has no outlet of their own (403 for everyone else).

// consoleListSize is the rows of one page of the console's alert tables.
const consoleListSize = 20

// movementDays is how far back the large movements reach: the last seven days, today included.
const movementDays = 7

// consoleData is the console page.
type consoleData struct {
	OutletName string
	Today      domain.Date
	Approvals  consoleApprovals
	Schedule   consoleSchedule
	KeyAlerts  consoleAlerts
	Books      *homeBooks
	Unassigned []consoleTier
	// UnassignedTotal is the outlet's clients without a client manager (the sum of Unassigned).
	UnassignedTotal int
	Masked          bool
	Movements       consoleAlerts
	MovementsSince  domain.Date

	// The later sections (system use, information completeness, key-focus marks; maturing clients, intent
	// clients, referrals), each its own template.
	Use, Completeness, KeyFocus any
	Maturing, Intent, Referrals any
}

// consoleApprovals counts what waits for the person's decision or action, each with the page that decides it.
type consoleApprovals struct {
	Requests, Upgrades, Rotations, Drafts, Queue int
	GreetingMessages, GreetingBatches            int
	DecidesUpgrades, Greetings, PlansRotation    bool
}

// Total is the number of things waiting.
func (a consoleApprovals) Total() int {
	return a.Requests + a.Upgrades + a.Rotations + a.Drafts + a.Queue + a.GreetingBatches
}

// consoleSchedule is today's tasks of the person and each member's tasks today and next week.
type consoleSchedule struct {
	Mine      []store.TaskView
	MineTotal int
	Overdue   int
	NextWeek  domain.Date
	PlanMin   int
	Team      []consoleMember
}

type consoleMember struct {
	Name, Role      string
	Today, NextWeek int
	Short           bool // a client manager with less than the policy's week plan next week
}

// consoleTier is one tier of the outlet's unassigned clients, with the client list that shows them.
type consoleTier struct {
	Tier    string // "" for clients not yet rated
	Clients int
	AUM     int64
	URL     string
}

// consoleAlerts is one of the console's alert tables: a page of it, the whole list's count, its filter and
// order (the query parameters of table Key, "kf" or "mv").
type consoleAlerts struct {
	Key              string
	Items            []store.AlertView
	Total            int
	From, To         int
	Pages            []pageLink
	PrevURL, NextURL string
	Sort             string
	Desc             bool
	Rule, Severity   string
	Query            string // the table's filter and order as a query string (no page), for links and exports
	Rules            []option
	Severities       []option
}

// SortURL is the link of a column header of the table.
func (d consoleAlerts) SortURL(key string) string { return d.sorting().url(key) }

// SortMark is the arrow beside the sorted column.
func (d consoleAlerts) SortMark(key string) string { return d.sorting().mark(key) }

func (d consoleAlerts) sorting() columnSort {
	return columnSort{path: "/console", query: d.Query, sort: d.Sort, def: "severity", desc: d.Desc,
		reversed: map[string]bool{"severity": true, "raised": true}}
}

// consoleTables are the console's alert tables.
var consoleTables = map[string]bool{"kf": true, "mv": true}

// consoleQuery reads the order, filter and page of table key from the query string: they apply when the
// query names the table (t=key), so that sorting one table leaves the other in its default order. An
// unknown value is store.ErrInvalid.
func consoleQuery(q url.Values, key string, v *view) (store.AlertFilter, consoleAlerts, error) {
	d := consoleAlerts{Key: key}
	f := store.AlertFilter{Now: v.Now, Limit: consoleListSize}
	if q.Get("t") != key {
		d.Query = "t=" + key
		return f, d, nil
	}
	d.Sort, d.Desc, d.Rule, d.Severity = q.Get("sort"), q.Get("desc") == "1", q.Get("rule"), q.Get("severity")
	if _, ok := store.AlertSorts[d.Sort]; d.Sort != "" && !ok {
		return f, d, store.ErrInvalid
	}
	if d.Severity != "" && !slices.Contains(store.AlertSeverities, d.Severity) {
		return f, d, store.ErrInvalid
	}
	if d.Rule != "" && (key != "mv" || !slices.Contains(store.MovementRules, d.Rule)) {
		return f, d, store.ErrInvalid
	}
	f.Sort, f.Desc, f.Rule, f.Severity = d.Sort, d.Desc, d.Rule, d.Severity
	if n := q.Get("page"); n != "" {
		page, err := strconv.Atoi(n)
		if err != nil || page < 1 {
			return f, d, store.ErrInvalid
		}
		f.Offset = (page - 1) * consoleListSize
	}
	keep := url.Values{"t": {key}}
	for k, val := range map[string]string{"sort": d.Sort, "rule": d.Rule, "severity": d.Severity} {
		if val != "" {
			keep.Set(k, val)
		}
	}
	if d.Desc {
		keep.Set("desc", "1")
	}
	d.Query = keep.Encode()
	return f, d, nil
}

// fill completes a table from its page: the rows shown, the pager and the filter's choices.
func (d *consoleAlerts) fill(v *view, page store.AlertPage, f store.AlertFilter) {
	d.Items, d.Total = page.Items, page.Total
	if len(d.Items) > 0 {
		d.From, d.To = f.Offset+1, f.Offset+len(d.Items)
	}
	anchor := map[string]string{"kf": "#console-keyfocus-alerts", "mv": "#console-movements"}[d.Key]
	d.Pages, d.PrevURL, d.NextURL = numberedPages(d.Total, consoleListSize, f.Offset/consoleListSize+1,
		func(n int) string { return withPage("/console", d.Query, n) + anchor })
	d.Severities = []option{{Value: "", Label: v.T("clients.any")}}
	for _, sev := range store.AlertSeverities {
		d.Severities = append(d.Severities, option{Value: sev, Label: v.T("alerts.severity." + sev), Selected: sev == d.Severity})
	}
	if d.Key == "mv" {
		d.Rules = []option{{Value: "", Label: v.T("clients.any")}}
		for _, rule := range store.MovementRules {
			d.Rules = append(d.Rules, option{Value: rule, Label: v.Code("alert", rule), Selected: rule == d.Rule})
		}
	}
}

// mayUseConsole: the outlet's supervisor or outlet manager (an active one).
func mayUseConsole(p *auth.Principal) bool {
	return store.LeadsTeam(p.Staff) && p.Scope.Reach == access.ReachOutlet
}

// ConsoleNav reports whether the navigation shows the console.
func (v *view) ConsoleNav() bool { return v.P != nil && mayUseConsole(v.P) }

func (s *Server) consolePage(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	if !mayUseConsole(p) {
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "console.forbidden")
		return
	}
	ctx := r.Context()
	v := s.newView(r, p)
	v.Nav = "console"
	today := domain.Today(v.Now)
	q := r.URL.Query()
	d := consoleData{OutletName: p.Org.Name, Today: today, Masked: p.Scope.Masked, MovementsSince: today.AddDays(1 - movementDays)}
	kfFilter, kf, err := consoleQuery(q, "kf", v)
	if err != nil {
		s.errorPage(w, r, p, http.StatusBadRequest, "err.badRequest", "alerts.badFilter")
		return
	}
	mvFilter, mv, err := consoleQuery(q, "mv", v)
	if err != nil {
		s.errorPage(w, r, p, http.StatusBadRequest, "err.badRequest", "alerts.badFilter")
		return
	}
	if q.Get("t") != "" && !consoleTables[q.Get("t")] {
		s.errorPage(w, r, p, http.StatusBadRequest, "err.badRequest", "alerts.badFilter")
		return
	}

	// 1. Approvals waiting.
	a := &d.Approvals
	a.DecidesUpgrades, a.Greetings, a.PlansRotation = v.DecidesUpgrades(), p.Can(access.CapGreetings), access.CanPlanRotation(p.Staff.Role)
	reqs, err := s.store.PendingRequests(ctx, p.Scope, p.Staff)
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	a.Requests = len(reqs)
	if a.DecidesUpgrades {
		ups, err := s.store.WaitingUpgrades(ctx, p.Scope)
		if err != nil {
			s.serverError(w, r, p, err)
			return
		}
		a.Upgrades = len(ups)
	}
	if a.PlansRotation {
		actor := s.actorOf(p)
		decide, err := s.store.RotationsToDecide(ctx, actor)
		if err != nil {
			s.serverError(w, r, p, err)
			return
		}
		a.Rotations = len(decide)
		plans, err := s.store.RotationPlans(ctx, actor)
		if err != nil {
			s.serverError(w, r, p, err)
			return
		}
		for _, pl := range plans {
			if pl.State == store.PlanDraft && pl.CreatedBy == p.Staff.ID {
				a.Drafts++
			}
		}
	}
	if access.CanWorkQueue(p.Staff.Role) {
		queue, err := s.store.AssignmentQueue(ctx, p.Scope)
		if err != nil {
			s.serverError(w, r, p, err)
			return
		}
		a.Queue = len(queue)
	}
	if a.Greetings {
		if a.GreetingMessages, a.GreetingBatches, err = s.store.GreetingsWaiting(ctx, p.Scope); err != nil {
			s.serverError(w, r, p, err)
			return
		}
	}

	// 2. Today's schedule and the team's.
	if d.Schedule, err = s.consoleSchedule(r, p, v, today); err != nil {
		s.serverError(w, r, p, err)
		return
	}

	// 3. The key-focus clients' open alerts.
	kfPage, err := s.store.KeyFocusAlerts(ctx, p.Scope, p.Staff, kfFilter)
	if errors.Is(err, store.ErrInvalid) {
		s.errorPage(w, r, p, http.StatusBadRequest, "err.badRequest", "alerts.badFilter")
		return
	}
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	kf.fill(v, kfPage, kfFilter)
	d.KeyAlerts = kf

	// 4. The outlet's clients, those served and the cap; the unassigned by tier.
	if d.Books, err = s.homeBooks(ctx, p); err != nil {
		s.serverError(w, r, p, err)
		return
	}
	tiers, err := s.store.UnassignedByTier(ctx, p.Scope, p.Staff.OrgID)
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	for _, t := range tiers {
		row := consoleTier{Tier: t.Tier, Clients: t.Clients, AUM: t.AUM}
		if t.Tier != "" {
			row.URL = "/clients?" + url.Values{"rm": {"none"}, "tier": {t.Tier}, "outlet": {p.Staff.OrgID}}.Encode()
		}
		d.Unassigned, d.UnassignedTotal = append(d.Unassigned, row), d.UnassignedTotal+t.Clients
	}

	// 5. The week's large movements.
	mvPage, err := s.store.LargeMovements(ctx, p.Scope, p.Staff, d.MovementsSince, mvFilter)
	if errors.Is(err, store.ErrInvalid) {
		s.errorPage(w, r, p, http.StatusBadRequest, "err.badRequest", "alerts.badFilter")
		return
	}
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	mv.fill(v, mvPage, mvFilter)
	d.Movements = mv

	// The page names clients (alerts, today's tasks): audited as a list is.
	rows := len(kf.Items) + len(mv.Items) + len(d.Schedule.Mine)
	if err := s.auditList(r, p, "web", "console", q, rows, kf.Total+mv.Total+d.Schedule.MineTotal); err != nil {
		s.serverError(w, r, p, err)
		return
	}
	// 7–9 and 10–12: system use, information completeness, key-focus marks; maturing clients, intent
	// clients, referrals (console_use.go, console_follow.go), each audited as the list it shows.
	if d.Use, d.Completeness, d.KeyFocus, err = s.consoleUseSections(r, p, v); err != nil {
		s.serverError(w, r, p, err)
		return
	}
	if d.Maturing, d.Intent, d.Referrals, err = s.consoleFollowSections(r, p, v); err != nil {
		s.serverError(w, r, p, err)
		return
	}
	v.Data = d
	s.render(w, r, http.StatusOK, "console.html", v)
}

// consoleSchedule reads today's tasks of the person, and for each member of the team the tasks of today and
// of next week (planned a week ahead).
func (s *Server) consoleSchedule(r *http.Request, p *auth.Principal, v *view, today domain.Date) (consoleSchedule, error) {
	ctx := r.Context()
	var d consoleSchedule
	var err error
	if d.Mine, err = s.store.TasksBetween(ctx, p.Scope, p.Staff.ID, p.Staff.Role, today, today, 10); err != nil {
		return d, err
	}
	if d.MineTotal, err = s.store.CountTasksBetween(ctx, p.Scope, p.Staff.ID, p.Staff.Role, today, today); err != nil {
		return d, err
	}
	if d.Overdue, err = s.store.CountTasksBetween(ctx, p.Scope, p.Staff.ID, p.Staff.Role, domain.Date{}, today.AddDays(-1)); err != nil {
		return d, err
	}
	outlet := p.Staff.OrgID
	todays, err := s.store.PlannedCounts(ctx, p.Scope, outlet, today, today)
	if err != nil {
		return d, err
	}
	d.NextWeek, d.PlanMin = weekOf(today).AddDays(7), s.policy.Schedule.WeekPlanMin
	next, err := s.store.PlannedCounts(ctx, p.Scope, outlet, d.NextWeek, d.NextWeek.AddDays(6))
	if err != nil {
		return d, err
	}
	staff, err := s.store.ListStaff(ctx, outlet)
	if err != nil {
		return d, err
	}
	for _, st := range staff {
		if st.Disabled || !slices.Contains(store.TeamRoles, st.Role) {
			continue
		}
		d.Team = append(d.Team, consoleMember{Name: st.Name, Role: v.Role(st.Role), Today: todays[st.ID], NextWeek: next[st.ID],
			Short: st.Role == domain.RoleRM && next[st.ID] < d.PlanMin})
	}
	return d, nil
}

// exportConsole writes one of the console's tables (GET /console/export/{table}/{format}, the page's filter
// and order): the key-focus clients' alerts (kf), the large movements (mv), or the RMs' books against the
// cap (books), as Excel or CSV through the table writer, audited.
func (s *Server) exportConsole(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	format, table := r.PathValue("format"), r.PathValue("table")
	if (format != "csv" && format != "xlsx") || (!consoleTables[table] && table != "books") {
		s.notFoundPage(w, r)
		return
	}
	if !mayUseConsole(p) {
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "console.forbidden")
		return
	}
	if !p.Can(access.CapExport) {
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "err.forbiddenText")
		return
	}
	ctx := r.Context()
	v := s.newView(r, p)
	if table == "books" {
		b, err := s.homeBooks(ctx, p)
		if err != nil {
			s.serverError(w, r, p, err)
			return
		}
		t := exportTable{name: "books", sheet: v.T("console.s4"), header: []string{v.T("rel.rm")}}
		for _, tier := range b.Tiers {
			t.header = append(t.header, v.Code("tier", tier), v.T("console.capOf", v.Code("tier", tier)))
		}
		t.header = append(t.header, v.T("rel.booksTotal"))
		for _, l := range b.Load.RMs {
			row := []cell{textCell(l.RMName)}
			for _, tier := range b.Tiers {
				row = append(row, numCell(int64(l.ByTier[tier])), numCell(int64(l.Caps[tier])))
			}
			t.rows = append(t.rows, append(row, numCell(int64(l.Total))))
		}
		s.sendTable(w, r, p, v, format, t)
		return
	}
	q := r.URL.Query()
	q.Set("t", table)
	f, _, err := consoleQuery(q, table, v)
	if err != nil {
		s.errorPage(w, r, p, http.StatusBadRequest, "err.badRequest", "alerts.badFilter")
		return
	}
	f.Offset, f.Limit = 0, exportMaxRows
	var page store.AlertPage
	if table == "kf" {
		page, err = s.store.KeyFocusAlerts(ctx, p.Scope, p.Staff, f)
	} else {
		page, err = s.store.LargeMovements(ctx, p.Scope, p.Staff, domain.Today(v.Now).AddDays(1-movementDays), f)
	}
	if errors.Is(err, store.ErrInvalid) {
		s.errorPage(w, r, p, http.StatusBadRequest, "err.badRequest", "alerts.badFilter")
		return
	}
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	t := alertTable(v, page.Items)
	t.name = map[string]string{"kf": "keyfocus-alerts", "mv": "large-movements"}[table]
	s.sendTable(w, r, p, v, format, t)
}

// consoleTableView is what the console's alert table template receives: the page's view and the table.
type consoleTableView struct {
	V *view
	T consoleAlerts
}

// ConsoleTable pairs the view with one of the console's alert tables, for its template.
func (v *view) ConsoleTable(t consoleAlerts) consoleTableView { return consoleTableView{V: v, T: t} }
