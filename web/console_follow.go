package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
)

// The supervisor's follow-up sections (seed 004, actions 10–12): this month's maturing clients of the
// outlet, with the unassigned ones assignable in place; intent clients and their follow-up; referrals
// between staff and their follow-up. The console shows the first rows of each (consoleFollowSections);
// each has its own page for filters, sorting, paging and the export (GET /console/maturing, /intent,
// /referrals). Only supervisors and outlet managers reach them.

func init() {
	partialTemplates["console_follow.html"] = true
	funcs["followArgs"] = func(v *view, d any) followArgs { return followArgs{V: v, D: d} }
}

// followArgs is what a section's template receives: the page's view and the section.
type followArgs struct {
	V *view
	D any
}

// followPageSize is how many rows a standalone follow-up page shows (the console shows consoleSectionRows).
const followPageSize = consolePageSize

// followRoles are the roles that reach the follow-up sections.
var followRoles = []domain.Role{domain.RoleSupervisor, domain.RoleOutletManager}

func (s *Server) consoleFollowRoutes(mux *routeMux) {
	mux.Handle("GET /console/maturing", s.page(s.followPage("maturing")))
	mux.Handle("GET /console/intent", s.page(s.followPage("intent")))
	mux.Handle("GET /console/referrals", s.page(s.followPage("referrals")))
	mux.Handle("GET /console/maturing/export/{format}", s.page(s.followExport("maturing")))
	mux.Handle("GET /console/intent/export/{format}", s.page(s.followExport("intent")))
	mux.Handle("GET /console/referrals/export/{format}", s.page(s.followExport("referrals")))
	mux.Handle("POST /console/maturing/{id}/rm", s.page(s.assignMaturing))
}

// followSection is what the three sections share: the filter, order, counts and pager.
type followSection struct {
	Kind       string // maturing, intent, referrals
	Console    bool   // shown on the console: the first rows, with a link to the whole list
	Tier       string
	Unassigned bool
	State      string
	Today      bool
	Client     string
	Sort       string
	Desc       bool
	Total      int
	From, To   int
	Pages      []pageLink
	PrevURL    string
	NextURL    string
	Query      string // the filter as a query string (no page), for sorting and the exports
	Tiers      []option
	States     []option
}

// Path is the section's own page.
func (d *followSection) Path() string { return "/console/" + d.Kind }

// SortURL is a column header's link (on the section's own page); SortMark its arrow.
func (d *followSection) SortURL(key string) string  { return d.sorting().url(key) }
func (d *followSection) SortMark(key string) string { return d.sorting().mark(key) }

func (d *followSection) sorting() columnSort {
	def := "date"
	if d.Kind == "maturing" {
		def = "maturity"
	}
	return columnSort{path: d.Path(), query: d.Query, sort: d.Sort, def: def, desc: d.Desc, reversed: map[string]bool{"date": true}}
}

// maturingSection is this month's maturing accounts; RMs are the outlet's client managers for the
// in-place assignment of an unassigned client (MayAssign).
type maturingSection struct {
	followSection
	Items       []store.MaturingAccount
	MayAssign   bool
	MayOverride bool
	RMs         []domain.Staff
	FromDay     domain.Date
	ToDay       domain.Date
}

type intentSection struct {
	followSection
	Items []store.IntentContact
}

type referralSection struct {
	followSection
	Items []store.Referral
}

// followPageData is a standalone page's data: one of the three set, in the fields the console uses.
type followPageData struct {
	Maturing, Intent, Referrals any
}

// FollowState words a follow-up state.
func (v *view) FollowState(state string) string { return v.T("follow.state." + state) }

// followQuery reads a section's filter from the query string; an unknown value is ErrInvalid.
func followQuery(kind string, q url.Values, v *view, size int) (store.FollowFilter, followSection, error) {
	d := followSection{Kind: kind, Tier: q.Get("tier"), Unassigned: q.Get("unassigned") == "1", State: q.Get("state"),
		Today: q.Get("today") == "1", Client: strings.TrimSpace(q.Get("client")), Sort: q.Get("sort"), Desc: q.Get("desc") == "1"}
	f := store.FollowFilter{Now: v.Now, Client: d.Client, Sort: d.Sort, Desc: d.Desc, Limit: size}
	if len([]rune(d.Client)) > 40 {
		return f, d, store.ErrInvalid
	}
	switch kind {
	case "maturing":
		if d.Tier != "" && !slices.Contains([]string{"T1", "T2", "T3", "T4", "T5"}, d.Tier) {
			return f, d, store.ErrInvalid
		}
		f.Tier, f.Unassigned = d.Tier, d.Unassigned
		d.State, d.Today = "", false
	default:
		f.State = d.State
		if kind == "referrals" {
			f.Today = d.Today
		} else {
			d.Today = false
		}
		d.Tier, d.Unassigned = "", false
	}
	page := 1
	if n := q.Get("page"); n != "" {
		var err error
		if page, err = strconv.Atoi(n); err != nil || page < 1 {
			return f, d, store.ErrInvalid
		}
	}
	f.Offset = (page - 1) * max(size, 1)
	keep := url.Values{}
	for k, val := range map[string]string{"tier": d.Tier, "state": d.State, "client": d.Client, "sort": d.Sort} {
		if val != "" {
			keep.Set(k, val)
		}
	}
	for k, on := range map[string]bool{"unassigned": d.Unassigned, "today": d.Today, "desc": d.Desc} {
		if on {
			keep.Set(k, "1")
		}
	}
	d.Query = keep.Encode()
	d.Tiers = []option{{Value: "", Label: v.T("clients.any")}}
	for _, t := range []string{"T5", "T4", "T3", "T2", "T1"} {
		d.Tiers = append(d.Tiers, option{Value: t, Label: v.Code("tier", t), Selected: t == d.Tier})
	}
	d.States = []option{{Value: "", Label: v.T("clients.any")}}
	states := []string{store.FollowDone, store.FollowOpen, store.FollowOverdue}
	if kind == "referrals" {
		states = append(states, store.FollowCancelled)
	}
	for _, st := range states {
		d.States = append(d.States, option{Value: st, Label: v.FollowState(st), Selected: st == d.State})
	}
	return f, d, nil
}

// paged fills the counts and the pager of a section from its page's rows.
func (d *followSection) paged(f store.FollowFilter, rows, total int) {
	d.Total = total
	if rows > 0 {
		d.From, d.To = f.Offset+1, f.Offset+rows
	}
	if d.Console {
		return
	}
	cur := f.Offset/followPageSize + 1
	d.Pages, d.PrevURL, d.NextURL = numberedPages(total, followPageSize, cur, func(n int) string { return withPage(d.Path(), d.Query, n) })
}

// loadFollow reads one section (kind) for p with filter f, audited as a list of clients' data.
func (s *Server) loadFollow(r *http.Request, p *auth.Principal, v *view, kind string, f store.FollowFilter, d followSection) (any, int, error) {
	ctx := r.Context()
	var out any
	var rows int
	switch kind {
	case "maturing":
		page, err := s.store.MaturingClients(ctx, p.Scope, f)
		if err != nil {
			return nil, 0, err
		}
		d.paged(f, len(page.Items), page.Total)
		m := &maturingSection{followSection: d, Items: page.Items, MayAssign: access.MayAssign(p.Staff, p.Staff.OrgID),
			MayOverride: access.MayOverrideCap(p.Staff, p.Staff.OrgID)}
		m.FromDay, m.ToDay = store.MaturingFrom(v.Now)
		if m.MayAssign && slices.ContainsFunc(page.Items, func(a store.MaturingAccount) bool { return a.RMID == 0 }) {
			if m.RMs, err = s.store.OutletRMs(ctx, p.Staff.OrgID); err != nil {
				return nil, 0, err
			}
		}
		out, rows = m, len(page.Items)
	case "intent":
		page, err := s.store.IntentContacts(ctx, p.Scope, f)
		if err != nil {
			return nil, 0, err
		}
		d.paged(f, len(page.Items), page.Total)
		out, rows = &intentSection{followSection: d, Items: page.Items}, len(page.Items)
	case "referrals":
		page, err := s.store.Referrals(ctx, p.Scope, f)
		if err != nil {
			return nil, 0, err
		}
		d.paged(f, len(page.Items), page.Total)
		out, rows = &referralSection{followSection: d, Items: page.Items}, len(page.Items)
	}
	return out, rows, nil
}

// consoleFollowSections is the console's three follow-up sections: the first rows of each, in their
// default order, each read audited. A person outside followRoles gets none (nil, no error).
func (s *Server) consoleFollowSections(r *http.Request, p *auth.Principal, v *view) (maturing, intent, referrals any, err error) {
	if p == nil || !slices.Contains(followRoles, p.Staff.Role) {
		return nil, nil, nil, nil
	}
	ctx := r.Context()
	var out [3]any
	for i, kind := range []string{"maturing", "intent", "referrals"} {
		f, d, err := followQuery(kind, nil, v, consoleSectionRows)
		if err != nil {
			return nil, nil, nil, err
		}
		d.Console = true
		sec, rows, err := s.loadFollow(r, p, v, kind, f, d)
		if err != nil {
			return nil, nil, nil, err
		}
		if err := s.store.AuditList(ctx, p.Staff.ID, clientIP(r), store.ListAudit{Via: "web", List: "console_" + kind, Rows: rows, Total: -1}); err != nil {
			return nil, nil, nil, err
		}
		out[i] = sec
	}
	return out[0], out[1], out[2], nil
}

func (s *Server) followAllowed(w http.ResponseWriter, r *http.Request, p *auth.Principal) bool {
	if !slices.Contains(followRoles, p.Staff.Role) {
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "err.forbiddenText")
		return false
	}
	return true
}

// followPage is a section's own page (GET /console/{kind}).
func (s *Server) followPage(kind string) handlerP {
	return func(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
		s.showFollow(w, r, p, kind, http.StatusOK, "")
	}
}

// showFollow renders a section's page, with a problem of the in-place assignment when there is one.
func (s *Server) showFollow(w http.ResponseWriter, r *http.Request, p *auth.Principal, kind string, status int, problem string) {
	if !s.followAllowed(w, r, p) {
		return
	}
	v := s.newView(r, p)
	v.Nav = "console"
	v.Error = problem
	q := r.URL.Query()
	f, d, err := followQuery(kind, q, v, followPageSize)
	if err != nil {
		s.errorPage(w, r, p, http.StatusBadRequest, "err.badRequest", "follow.badFilter")
		return
	}
	sec, rows, err := s.loadFollow(r, p, v, kind, f, d)
	if errors.Is(err, store.ErrInvalid) {
		s.errorPage(w, r, p, http.StatusBadRequest, "err.badRequest", "follow.badFilter")
		return
	}
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	if err := s.auditList(r, p, "web", "console_"+kind, q, rows, -1); err != nil {
		s.serverError(w, r, p, err)
		return
	}
	var data followPageData
	switch kind {
	case "maturing":
		data.Maturing = sec
	case "intent":
		data.Intent = sec
	default:
		data.Referrals = sec
	}
	v.Data = data
	s.render(w, r, status, "console_follow_page.html", v)
}

// followExport writes a section's whole filtered list as Excel or CSV (GET /console/{kind}/export/{format}).
func (s *Server) followExport(kind string) handlerP {
	return func(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
		format := r.PathValue("format")
		if format != "csv" && format != "xlsx" {
			s.notFoundPage(w, r)
			return
		}
		if !s.followAllowed(w, r, p) {
			return
		}
		if !p.Can(access.CapExport) {
			s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "err.forbiddenText")
			return
		}
		v := s.newView(r, p)
		f, d, err := followQuery(kind, r.URL.Query(), v, exportMaxRows)
		if err != nil {
			s.errorPage(w, r, p, http.StatusBadRequest, "err.badRequest", "follow.badFilter")
			return
		}
		f.Offset = 0
		d.Console = true // no pager
		sec, _, err := s.loadFollow(r, p, v, kind, f, d)
		if errors.Is(err, store.ErrInvalid) {
			s.errorPage(w, r, p, http.StatusBadRequest, "err.badRequest", "follow.badFilter")
			return
		}
		if err != nil {
			s.serverError(w, r, p, err)
			return
		}
		s.sendTable(w, r, p, v, format, followTable(v, sec))
	}
}

// followTable is a section as an exported table: the page's columns.
func followTable(v *view, sec any) exportTable {
	switch d := sec.(type) {
	case *maturingSection:
		t := exportTable{name: "maturing", sheet: v.T("follow.maturing.title"), header: []string{v.T("col.clientID"), v.T("col.name"),
			v.T("rating.tier"), v.T("follow.product"), v.T("follow.maturity"), v.T("export.amount"), v.T("rel.rm")},
			widths: []float64{12, 12, 6, 20, 12, 16, 12}}
		for _, m := range d.Items {
			rm := m.RM
			if m.RMID == 0 {
				rm = v.T("follow.unassigned")
			}
			t.rows = append(t.rows, []cell{textCell(m.ClientID), textCell(m.Name), textCell(m.Tier), textCell(m.Product),
				textCell(m.Maturity.String()), moneyCell(m.AmountFen), textCell(rm)})
		}
		return t
	case *intentSection:
		t := exportTable{name: "intent", sheet: v.T("follow.intent.title"), header: []string{v.T("col.clientID"), v.T("col.name"),
			v.T("rel.rm"), v.T("follow.by"), v.T("follow.date"), v.T("follow.note"), v.T("follow.followed"), v.T("follow.followedAt")},
			widths: []float64{12, 12, 12, 12, 18, 30, 10, 18}}
		for _, c := range d.Items {
			t.rows = append(t.rows, []cell{textCell(c.ClientID), textCell(c.Name), textCell(c.RM), textCell(c.Staff), textCell(timeText(c.At)),
				textCell(c.Note), textCell(v.FollowState(c.State)), textCell(followTime(c.FollowedAt))})
		}
		return t
	case *referralSection:
		t := exportTable{name: "referrals", sheet: v.T("follow.referrals.title"), header: []string{v.T("col.clientID"), v.T("col.name"),
			v.T("follow.from"), v.T("follow.to"), v.T("follow.date"), v.T("follow.due"), v.T("follow.note"), v.T("follow.followed"),
			v.T("follow.followedAt")},
			widths: []float64{12, 12, 16, 12, 18, 12, 30, 10, 18}}
		for _, x := range d.Items {
			t.rows = append(t.rows, []cell{textCell(x.ClientID), textCell(x.Name), textCell(x.From + " · " + v.Role(x.FromRole)), textCell(x.To),
				textCell(timeText(x.At)), textCell(x.Due.String()), textCell(x.Note), textCell(v.FollowState(x.State)), textCell(followTime(x.FollowedAt))})
		}
		return t
	}
	return exportTable{}
}

// assignMaturing assigns a maturing unassigned client in place (POST /console/maturing/{id}/rm): the same
// use case as the client view's form (store.AssignClients), a reason required; back to the list it was
// posted from.
func (s *Server) assignMaturing(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	if !s.followAllowed(w, r, p) {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	id := r.PathValue("id")
	lang := resolveLang(r, p)
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	username := r.PostFormValue("rm")
	if reason == "" || username == "" {
		s.showFollow(w, r, p, "maturing", http.StatusBadRequest, msg(lang, "follow.assignNeeds"))
		return
	}
	rm, err := s.staffIDOf(r.Context(), username)
	if err == nil {
		_, err = s.store.AssignClients(r.Context(), p.Scope, p.Staff.ID, s.policy, store.RMAssignment{ClientIDs: []string{id}, RMID: rm,
			Reason: reason, OverrideCap: r.PostFormValue("override_cap") == "1"})
	}
	var ce *store.CapError
	switch {
	case err == nil:
	case errors.Is(err, domain.ErrNotFound):
		s.notFoundClient(w, r, p)
		return
	case errors.As(err, &ce):
		s.showFollow(w, r, p, "maturing", http.StatusConflict, capText(lang, ce))
		return
	case errors.Is(err, store.ErrNotAllowed):
		s.showFollow(w, r, p, "maturing", http.StatusForbidden, msg(lang, "rel.notAllowed"))
		return
	case textProblem(err) != nil:
		s.showFollow(w, r, p, "maturing", http.StatusBadRequest, inputMessage(lang, textProblem(err)))
		return
	case errors.Is(err, store.ErrInvalid):
		s.showFollow(w, r, p, "maturing", http.StatusBadRequest, msg(lang, "rel.invalid", err.Error()))
		return
	default:
		s.serverError(w, r, p, err)
		return
	}
	back := "/console/maturing"
	if r.PostFormValue("back") == "console" {
		back = "/console"
	}
	http.Redirect(w, r, back+"?flash=rm#maturing", http.StatusSeeOther)
}

// followTime is a time as the exports write it, "" for none.
func followTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return timeText(t)
}
