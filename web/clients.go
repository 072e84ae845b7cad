package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
)

// listPageSize is the number of clients on one page of the list.
const listPageSize = 50

// maxPage bounds numbered pages: beyond the capped count, "next" (a cursor) carries on.
const maxPage = (store.CountCap + listPageSize - 1) / listPageSize

// listQuery is the client list's filter as it travels in URLs: the same for the page, the htmx fragment,
// the exports and (with other names) the API.
type listQuery struct {
	Q        string
	OutletID string
	RM       string // "" or "all" (everyone in scope), "none" (unassigned) or a staff id
	Sort     string
	Desc     bool
	Page     int
	Cursor   string
	// Rating filters: service stars at least (Stars), tier, life-cycle, matrix quadrant, and one flag
	// (near: near-upgrade, warning: downgrade warning, top: 80/20 vital few, potential: potential ≥ 30).
	Stars     string
	Tier      string
	Lifecycle string
	Matrix    string
	Flag      string
}

// Values the rating filters accept.
var (
	starFilters  = map[string]int{"1": 1, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7}
	tierFilters  = map[string]bool{"T1": true, "T2": true, "T3": true, "T4": true, "T5": true}
	lifeFilters  = map[string]bool{"new": true, "active": true, "dormant": true, "churning": true, "lost": true}
	matrixFilter = map[string]bool{"loyal": true, "problem_1": true, "problem_2": true, "general": true}
	flagFilters  = map[string]bool{"near": true, "warning": true, "top": true, "potential": true}
)

// PotentialProspect is the potential score from which the list's "potential" flag shows a client.
const PotentialProspect = 30

// sortKeys are the sortable columns of the list.
var sortKeys = map[string]bool{"name": true, "aum": true, "open_date": true, "client_id": true, "stars": true, "points": true,
	"potential": true, "loyalty": true}

func parseListQuery(q url.Values) listQuery {
	lq := listQuery{
		Q:        strings.TrimSpace(q.Get("q")),
		OutletID: strings.TrimSpace(q.Get("outlet")),
		RM:       strings.TrimSpace(q.Get("rm")),
		Sort:     q.Get("sort"),
		Desc:     q.Get("desc") == "1",
		Cursor:   q.Get("cursor"),
		Page:     1,
	}
	for _, f := range []struct {
		v  *string
		k  string
		ok func(string) bool
	}{
		{&lq.Stars, "stars", func(x string) bool { _, ok := starFilters[x]; return ok }},
		{&lq.Tier, "tier", func(x string) bool { return tierFilters[x] }},
		{&lq.Lifecycle, "life", func(x string) bool { return lifeFilters[x] }},
		{&lq.Matrix, "matrix", func(x string) bool { return matrixFilter[x] }},
		{&lq.Flag, "flag", func(x string) bool { return flagFilters[x] }},
	} {
		if x := q.Get(f.k); f.ok(x) {
			*f.v = x
		}
	}
	if utf8.RuneCountInString(lq.Q) > 64 {
		lq.Q = string([]rune(lq.Q)[:64])
	}
	if !sortKeys[lq.Sort] {
		lq.Sort = "name"
	}
	if p, err := strconv.Atoi(q.Get("page")); err == nil && p > 1 {
		lq.Page = p
	}
	if lq.RM != "none" && lq.RM != "all" {
		if id, err := strconv.ParseInt(lq.RM, 10, 64); err != nil || id <= 0 {
			lq.RM = ""
		}
	}
	return lq
}

// filter is the store filter for one page of the list.
func (lq listQuery) filter() store.ClientFilter {
	f := store.ClientFilter{Q: lq.Q, OutletID: lq.OutletID, Sort: lq.Sort, Desc: lq.Desc, Limit: listPageSize, Cursor: lq.Cursor,
		MinStars: starFilters[lq.Stars], Tier: lq.Tier, Lifecycle: lq.Lifecycle, Matrix: lq.Matrix,
		Near: lq.Flag == "near", Warning: lq.Flag == "warning", VitalFew: lq.Flag == "top"}
	if lq.Flag == "potential" {
		f.MinPotential = PotentialProspect
	}
	if lq.RM == "none" {
		f.Unassigned = true
	} else if lq.RM != "" && lq.RM != "all" {
		f.RMID, _ = strconv.ParseInt(lq.RM, 10, 64)
	}
	if lq.Cursor == "" && lq.Page > 1 {
		f.Offset = (min(lq.Page, maxPage) - 1) * listPageSize
	}
	return f
}

// values is the filter as URL parameters, without paging (page and cursor are added per link).
func (lq listQuery) values() url.Values {
	v := url.Values{}
	if lq.Q != "" {
		v.Set("q", lq.Q)
	}
	if lq.OutletID != "" {
		v.Set("outlet", lq.OutletID)
	}
	if lq.RM != "" {
		v.Set("rm", lq.RM)
	}
	if lq.Sort != "name" {
		v.Set("sort", lq.Sort)
	}
	if lq.Desc {
		v.Set("desc", "1")
	}
	for k, x := range map[string]string{"stars": lq.Stars, "tier": lq.Tier, "life": lq.Lifecycle, "matrix": lq.Matrix, "flag": lq.Flag} {
		if x != "" {
			v.Set(k, x)
		}
	}
	return v
}

// option is one entry of a select.
type option struct {
	Value, Label string
	Selected     bool
}

// pageLink is one entry of the pager; Gap is an ellipsis.
type pageLink struct {
	N       int
	URL     string
	Current bool
	Gap     bool
}

// clientListData is the client list page.
type clientListData struct {
	Query      listQuery
	Outlets    []option
	RMs        []option
	Page       store.ClientPage
	Pages      []pageLink
	PrevURL    string
	NextURL    string
	FirstURL   string
	CanExport  bool
	ExportCSV  string
	ExportXLSX string
	ShowOutlet bool
	// Masked: the person sees clients masked: no AUM or star points column, no ranking by them.
	Masked bool
	// Rating filter choices.
	StarOptions, TierOptions, LifeOptions, FlagOptions, MatrixOptions []option
	// Book is a client manager's switch between their own book and the outlet's unassigned clients (the
	// filter kept); Value is the link, Label the choice with its count.
	Book []option

	// Assign: the selection form for those who may assign the clients of an outlet (nil: none).
	Assign *bulkAssign
}

// bookSwitch is a client manager's switch between their own book and the outlet's unassigned clients
// they may read, each with its count, the list's other filters kept.
func (s *Server) bookSwitch(ctx context.Context, p *auth.Principal, lq listQuery, lang string) ([]option, error) {
	own, err := s.store.BookSummaryOf(ctx, p.Scope, store.BookFilter{RMID: p.Staff.ID}, nil)
	if err != nil {
		return nil, err
	}
	free, err := s.store.BookSummaryOf(ctx, p.Scope, store.BookFilter{Unassigned: true}, nil)
	if err != nil {
		return nil, err
	}
	link := func(rm string) string {
		q := lq
		q.RM, q.Cursor, q.Page = rm, "", 1
		return pageURL(q, 1)
	}
	me := strconv.FormatInt(p.Staff.ID, 10)
	return []option{
		{Value: link(me), Label: msg(lang, "clients.mine", own.Clients), Selected: lq.RM == me},
		{Value: link("none"), Label: msg(lang, "clients.outletFree", free.Clients), Selected: lq.RM == "none"},
	}, nil
}

// SortURL is the link of a column header: sort by the column, or flip the order if it is already sorted by.
func (d clientListData) SortURL(key string) string {
	lq := d.Query
	if lq.Sort == key {
		lq.Desc = !lq.Desc
	} else {
		// Amounts and dates read best biggest and newest first.
		lq.Sort, lq.Desc = key, key == "aum" || key == "open_date"
	}
	return "/clients?" + lq.values().Encode()
}

// SortMark is the arrow beside the sorted column.
func (d clientListData) SortMark(key string) string {
	if d.Query.Sort != key {
		return ""
	}
	if d.Query.Desc {
		return "▼"
	}
	return "▲"
}

// AriaSort is the aria-sort value of a column header.
func (d clientListData) AriaSort(key string) string {
	if d.Query.Sort != key {
		return "none"
	}
	if d.Query.Desc {
		return "descending"
	}
	return "ascending"
}

// TotalText is the count, with a "+" when the count stopped at the cap.
func (d clientListData) TotalText() string {
	s := formatInt(d.Page.Total)
	if d.Page.TotalCapped {
		s += "+"
	}
	return s
}

func pageURL(lq listQuery, n int) string {
	v := lq.values()
	if n > 1 {
		v.Set("page", strconv.Itoa(n))
	}
	if len(v) == 0 {
		return "/clients"
	}
	return "/clients?" + v.Encode()
}

// visibleOutlets are the outlets a person may filter by: every outlet for administrators, the subtree's for
// the personal-banking department, their own otherwise.
func (s *Server) visibleOutlets(ctx context.Context, p *auth.Principal) ([]domain.OrgUnit, error) {
	if p.Scope.Reach == access.ReachNone {
		return nil, nil
	}
	orgs, err := s.store.Orgs(ctx)
	if err != nil {
		return nil, err
	}
	var out []domain.OrgUnit
	for _, o := range orgs {
		if o.Level != domain.LevelOutlet {
			continue
		}
		switch p.Scope.Reach {
		case access.ReachAll:
			out = append(out, o)
		case access.ReachSubtree:
			if strings.HasPrefix(o.Path, p.Scope.OrgPath) {
				out = append(out, o)
			}
		default:
			if o.ID == p.Scope.OrgID {
				out = append(out, o)
			}
		}
	}
	return out, nil
}

// rmOptions are the client managers a person may filter by: for a client manager, themself (the list's
// default), the outlet's unassigned clients and everything they may see; otherwise the client managers of
// the chosen outlet (or of their own outlet), always with "unassigned".
func (s *Server) rmOptions(ctx context.Context, p *auth.Principal, lq listQuery, outlets []domain.OrgUnit, lang string) ([]option, error) {
	if p.Scope.Reach == access.ReachAssigned {
		opts := []option{{Value: strconv.FormatInt(p.Staff.ID, 10), Label: msg(lang, "clients.me") + " · " + p.Staff.Name},
			{Value: "none", Label: msg(lang, "clients.unassigned")}, {Value: "all", Label: msg(lang, "clients.allVisible")}}
		for i := range opts {
			opts[i].Selected = opts[i].Value == lq.RM
		}
		return opts, nil
	}
	opts := []option{{Value: "", Label: msg(lang, "clients.allRMs")}}
	outlet := lq.OutletID
	if outlet == "" && len(outlets) == 1 {
		outlet = outlets[0].ID
	}
	visible := false
	for _, o := range outlets {
		visible = visible || o.ID == outlet
	}
	if visible {
		staff, err := s.store.ListStaff(ctx, outlet)
		if err != nil {
			return nil, err
		}
		for _, st := range staff {
			if st.Role == domain.RoleRM && !st.Disabled {
				opts = append(opts, option{Value: strconv.FormatInt(st.ID, 10), Label: st.Name})
			}
		}
	}
	opts = append(opts, option{Value: "none", Label: msg(lang, "clients.unassigned")})
	for i := range opts {
		opts[i].Selected = opts[i].Value == lq.RM
	}
	return opts, nil
}

func (s *Server) clientList(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	ctx := r.Context()
	v := s.newView(r, p)
	v.Nav = "clients"
	lq := parseListQuery(r.URL.Query())
	if p.Scope.Reach == access.ReachAssigned && !r.URL.Query().Has("rm") {
		// A client manager's list opens on their own book; the switch above it shows the outlet's unassigned.
		lq.RM = strconv.FormatInt(p.Staff.ID, 10)
	}
	page, err := s.store.SearchClients(ctx, p.Scope, lq.filter())
	if errors.Is(err, store.ErrBadCursor) {
		// A stale or hand-edited link: the person's mistake, not the server's.
		s.errorPage(w, r, p, http.StatusBadRequest, "err.badRequest", "err.badCursor")
		return
	}
	if errors.Is(err, store.ErrSearchLimit) {
		s.errorPage(w, r, p, http.StatusTooManyRequests, "privacy.searchLimitTitle", "privacy.searchLimit")
		return
	}
	if errors.Is(err, store.ErrInvalid) {
		// A masked view asked for the list ranked by wealth (a hand-made link: the page offers no such order).
		s.errorPage(w, r, p, http.StatusBadRequest, "err.badRequest", "privacy.noWealthSort")
		return
	}
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	auditFilter := lq.values()
	auditFilter.Set("sort", lq.Sort)
	if lq.Page > 1 {
		auditFilter.Set("page", strconv.Itoa(lq.Page))
	}
	if err := s.auditList(r, p, "web", "clients", auditFilter, len(page.Items), page.Total); err != nil {
		s.serverError(w, r, p, err)
		return
	}
	outlets, err := s.visibleOutlets(ctx, p)
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	d := clientListData{Query: lq, Page: page, CanExport: p.Can(access.CapExport), ShowOutlet: len(outlets) > 0, Masked: p.Scope.Masked}
	d.Outlets = append(d.Outlets, option{Value: "", Label: v.T("clients.allOutlets")})
	for _, o := range outlets {
		d.Outlets = append(d.Outlets, option{Value: o.ID, Label: o.Name, Selected: o.ID == lq.OutletID})
	}
	if d.RMs, err = s.rmOptions(ctx, p, lq, outlets, v.Lang); err != nil {
		s.serverError(w, r, p, err)
		return
	}
	if p.Scope.Reach == access.ReachAssigned {
		if d.Book, err = s.bookSwitch(ctx, p, lq, v.Lang); err != nil {
			s.serverError(w, r, p, err)
			return
		}
	}
	if d.Assign, err = s.bulkOptions(ctx, p, lq); err != nil {
		s.serverError(w, r, p, err)
		return
	}
	d.StarOptions = []option{{Value: "", Label: v.T("clients.anyStars")}}
	for _, n := range []string{"7", "6", "5", "4", "3", "1"} {
		d.StarOptions = append(d.StarOptions, option{Value: n, Label: v.T("clients.starsAtLeast", v.Stars(starFilters[n])), Selected: lq.Stars == n})
	}
	d.TierOptions = []option{{Value: "", Label: v.T("clients.any")}}
	for _, t := range []string{"T5", "T4", "T3", "T2", "T1"} {
		d.TierOptions = append(d.TierOptions, option{Value: t, Label: v.Code("tier", t), Selected: lq.Tier == t})
	}
	d.LifeOptions = []option{{Value: "", Label: v.T("clients.any")}}
	for _, l := range []string{"new", "active", "dormant", "churning", "lost"} {
		d.LifeOptions = append(d.LifeOptions, option{Value: l, Label: v.Code("lifecycle", l), Selected: lq.Lifecycle == l})
	}
	d.MatrixOptions = []option{{Value: "", Label: v.T("clients.any")}}
	for _, m := range []string{"loyal", "problem_1", "problem_2", "general"} {
		d.MatrixOptions = append(d.MatrixOptions, option{Value: m, Label: v.Code("matrix", m), Selected: lq.Matrix == m})
	}
	d.FlagOptions = []option{{Value: "", Label: v.T("clients.any")}}
	for _, f := range []string{"near", "warning", "top", "potential"} {
		d.FlagOptions = append(d.FlagOptions, option{Value: f, Label: v.Code("flag", f), Selected: lq.Flag == f})
	}

	// Numbered pages (offsets) around the current one; "next" follows the cursor, which stays fast however
	// deep the list goes.
	last := (page.Total + listPageSize - 1) / listPageSize
	cur := lq.Page
	for n := 1; n <= last; n++ {
		if n == 1 || n == last || (n >= cur-2 && n <= cur+2) {
			d.Pages = append(d.Pages, pageLink{N: n, URL: pageURL(lq, n), Current: n == cur})
		} else if len(d.Pages) > 0 && !d.Pages[len(d.Pages)-1].Gap {
			d.Pages = append(d.Pages, pageLink{Gap: true})
		}
	}
	if page.TotalCapped {
		d.Pages = append(d.Pages, pageLink{Gap: true})
	}
	if cur > 1 {
		d.PrevURL = pageURL(lq, cur-1)
		d.FirstURL = pageURL(lq, 1)
	}
	if page.NextCursor != "" {
		nv := lq.values()
		nv.Set("cursor", page.NextCursor)
		nv.Set("page", strconv.Itoa(cur+1))
		d.NextURL = "/clients?" + nv.Encode()
	}
	if d.CanExport {
		enc := lq.values().Encode()
		d.ExportCSV, d.ExportXLSX = "/clients/export.csv", "/clients/export.xlsx"
		if enc != "" {
			d.ExportCSV += "?" + enc
			d.ExportXLSX += "?" + enc
		}
	}
	v.Data = d
	w.Header().Set("Vary", "HX-Request")
	if r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-Target") == "results" &&
		r.Header.Get("HX-History-Restore-Request") != "true" {
		// Live search: only the results, swapped into the page by htmx.
		s.renderTemplate(w, r, http.StatusOK, "clients.html", "results", v)
		return
	}
	s.render(w, r, http.StatusOK, "clients.html", v)
}
