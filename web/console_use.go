package web

import (
	"cmp"
	"context"
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

// Three tables of the supervisor's console (DOMAIN.md §6): how much each member of the outlet uses the
// system (系统使用情况) today, this week or this month; the information completeness (客户信息完整度) of the
// client files per client manager, with the incomplete clients; and the outlet's key-focus clients
// (重点关注客户), marked and unmarked here and on the client view. Each is a section of /console and a page
// of its own (/console/use, /console/completeness, /console/key-focus) that pages and exports.

// consoleSectionRows is how many rows a section shows on the console; its own page shows consolePageSize.
const (
	consoleSectionRows = 10
	consolePageSize    = 50
)

// usePeriods are the periods of the system-use table.
var usePeriods = []string{"day", "week", "month"}

// periodBounds is the span of the period that holds day today (Asia/Shanghai): the day, the week from
// Monday, or the month; from inclusive, to exclusive, and the first and last business days.
func periodBounds(period string, today domain.Date) (from, to time.Time, first, last domain.Date) {
	switch period {
	case "week":
		back := (int(today.Time().Weekday()) + 6) % 7
		first = today.AddDays(-back)
		last = first.AddDays(6)
	case "month":
		first = domain.NewDate(today.Year(), today.Month(), 1)
		last = domain.DateOf(first.Time().AddDate(0, 1, -1))
	default:
		first, last = today, today
	}
	from = time.Date(first.Year(), first.Month(), first.Day(), 0, 0, 0, 0, domain.Shanghai)
	end := last.AddDays(1)
	to = time.Date(end.Year(), end.Month(), end.Day(), 0, 0, 0, 0, domain.Shanghai)
	return from, to, first, last
}

// useData is the system-use table.
type useData struct {
	Full        bool // its own page (all rows) rather than the console's section
	Period      string
	First, Last domain.Date
	Periods     []option
	Rows        []store.UseRow
	Total       int
	Sort        string
	Desc        bool
	Query       string
}

func (d useData) sorting() columnSort {
	return columnSort{path: "/console/use", query: d.Query, sort: d.Sort, def: "name", desc: d.Desc,
		reversed: map[string]bool{"logins": true, "opened": true, "contacts": true, "alerts": true, "tasks": true}}
}

// SortURL is a column header's link; SortMark its arrow.
func (d useData) SortURL(key string) string  { return d.sorting().url(key) }
func (d useData) SortMark(key string) string { return d.sorting().mark(key) }

// ExportURL is the table's download in format (xlsx, csv).
func (d useData) ExportURL(format string) string {
	return withQuery("/console/use/export/"+format, d.Query)
}

func withQuery(path, query string) string {
	if query == "" {
		return path
	}
	return path + "?" + query
}

var useSorts = map[string]func(a, b store.UseRow) int{
	"name":     func(a, b store.UseRow) int { return cmp.Compare(a.Staff.Username, b.Staff.Username) },
	"role":     func(a, b store.UseRow) int { return cmp.Compare(a.Staff.Role, b.Staff.Role) },
	"logins":   func(a, b store.UseRow) int { return cmp.Compare(b.Logins, a.Logins) },
	"opened":   func(a, b store.UseRow) int { return cmp.Compare(b.ClientsOpened, a.ClientsOpened) },
	"contacts": func(a, b store.UseRow) int { return cmp.Compare(b.Contacts, a.Contacts) },
	"alerts":   func(a, b store.UseRow) int { return cmp.Compare(b.AlertsWorked, a.AlertsWorked) },
	"tasks":    func(a, b store.UseRow) int { return cmp.Compare(b.TasksDone, a.TasksDone) },
}

// sortRows orders rows by the named comparison (the first for ""), reversed when desc; ties keep their order.
func sortRows[T any](rows []T, sorts map[string]func(a, b T) int, key, def string, desc bool) error {
	if key == "" {
		key = def
	}
	f, ok := sorts[key]
	if !ok {
		return store.ErrInvalid
	}
	slices.SortStableFunc(rows, func(a, b T) int {
		if desc {
			return f(b, a)
		}
		return f(a, b)
	})
	return nil
}

// keepQuery is the filter as a query string, without empty values.
func keepQuery(kv ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			q.Set(kv[i], kv[i+1])
		}
	}
	return q.Encode()
}

// pageOf reads the page number of q; an unreadable one is ErrInvalid.
func pageOf(q url.Values) (int, error) {
	n := q.Get("page")
	if n == "" {
		return 1, nil
	}
	page, err := strconv.Atoi(n)
	if err != nil || page < 1 {
		return 0, store.ErrInvalid
	}
	return page, nil
}

func (s *Server) useSection(ctx context.Context, p *auth.Principal, v *view, q url.Values, full bool) (useData, error) {
	d := useData{Full: full, Period: q.Get("period"), Sort: q.Get("sort"), Desc: q.Get("desc") == "1"}
	if d.Period == "" {
		d.Period = "day"
	}
	if !slices.Contains(usePeriods, d.Period) {
		return d, store.ErrInvalid
	}
	from, to, first, last := periodBounds(d.Period, domain.Today(v.Now))
	d.First, d.Last = first, last
	for _, per := range usePeriods {
		d.Periods = append(d.Periods, option{Value: per, Label: v.T("use.period." + per), Selected: per == d.Period})
	}
	rows, err := s.store.SystemUse(ctx, p.Staff, from, to)
	if err != nil {
		return d, err
	}
	if err := sortRows(rows, useSorts, d.Sort, "name", d.Desc); err != nil {
		return d, err
	}
	desc := ""
	if d.Desc {
		desc = "1"
	}
	d.Query = keepQuery("period", d.Period, "sort", d.Sort, "desc", desc)
	d.Total = len(rows)
	if !full && len(rows) > consoleSectionRows {
		rows = rows[:consoleSectionRows]
	}
	d.Rows = rows
	return d, nil
}

func useTable(v *view, d useData) exportTable {
	t := exportTable{name: "system-use", sheet: v.T("use.title"), header: []string{v.T("use.person"), v.T("use.username"), v.T("use.role"),
		v.T("use.logins"), v.T("use.opened"), v.T("use.contacts"), v.T("use.alerts"), v.T("use.tasks"), v.T("use.from"), v.T("use.to")},
		widths: []float64{14, 12, 12, 10, 12, 12, 12, 12, 12, 12}}
	for _, u := range d.Rows {
		t.rows = append(t.rows, []cell{textCell(u.Staff.Name), textCell(u.Staff.Username), textCell(v.Role(u.Staff.Role)),
			numCell(int64(u.Logins)), numCell(int64(u.ClientsOpened)), numCell(int64(u.Contacts)), numCell(int64(u.AlertsWorked)),
			numCell(int64(u.TasksDone)), textCell(d.First.String()), textCell(d.Last.String())})
	}
	return t
}

// completenessData is the information-completeness table and its drill-down.
type completenessData struct {
	Full              bool
	Clients, Complete int
	RMs               []store.RMCompleteness
	RMOptions         []option
	RM                string // the drill-down's client manager ("" all; "0" the clients without one)
	Incomplete        []store.FileCompleteness
	IncompleteTotal   int
	From, To          int
	Pages             []pageLink
	PrevURL, NextURL  string
	Sort              string
	Desc              bool
	Query             string
}

func (d completenessData) sorting() columnSort {
	return columnSort{path: "/console/completeness", query: d.Query, sort: d.Sort, def: "rm", desc: d.Desc,
		reversed: map[string]bool{"clients": true, "complete": true, "share": true}}
}

func (d completenessData) SortURL(key string) string  { return d.sorting().url(key) }
func (d completenessData) SortMark(key string) string { return d.sorting().mark(key) }

// ExportURL is the per-RM table's download; ClientsExportURL the incomplete clients'.
func (d completenessData) ExportURL(format string) string {
	return withQuery("/console/completeness/export/"+format, d.Query)
}
func (d completenessData) ClientsExportURL(format string) string {
	return withQuery("/console/completeness/export/"+format, keepQuery("list", "clients", "rm", d.RM))
}

// DrillURL lists the incomplete clients of one client manager.
func (d completenessData) DrillURL(rmID int64) string {
	return "/console/completeness?" + keepQuery("rm", strconv.FormatInt(rmID, 10)) + "#incomplete"
}

// Share is the complete files' share of all, for the section's head.
func (d completenessData) Share() float64 {
	if d.Clients == 0 {
		return 0
	}
	return float64(d.Complete) / float64(d.Clients)
}

// Pct shows a share as a percentage with one decimal.
func (d completenessData) Pct(x float64) string { return strconv.FormatFloat(x*100, 'f', 1, 64) + "%" }

var completenessSorts = map[string]func(a, b store.RMCompleteness) int{
	"rm":       func(a, b store.RMCompleteness) int { return cmp.Compare(a.RMName, b.RMName) },
	"clients":  func(a, b store.RMCompleteness) int { return cmp.Compare(b.Clients, a.Clients) },
	"complete": func(a, b store.RMCompleteness) int { return cmp.Compare(b.Complete, a.Complete) },
	"share":    func(a, b store.RMCompleteness) int { return cmp.Compare(b.Share(), a.Share()) },
}

func (s *Server) completenessSection(ctx context.Context, p *auth.Principal, v *view, q url.Values, full bool) (completenessData, error) {
	d := completenessData{Full: full, RM: q.Get("rm"), Sort: q.Get("sort"), Desc: q.Get("desc") == "1"}
	files, err := s.store.Completeness(ctx, p.Scope, domain.Today(v.Now))
	if err != nil {
		return d, err
	}
	d.RMs = store.SummariseCompleteness(files, 3)
	if err := sortRows(d.RMs, completenessSorts, d.Sort, "rm", d.Desc); err != nil {
		return d, err
	}
	rmID := int64(-1)
	if d.RM != "" {
		if rmID, err = strconv.ParseInt(d.RM, 10, 64); err != nil || rmID < 0 {
			return d, store.ErrInvalid
		}
	}
	d.RMOptions = []option{{Value: "", Label: v.T("clients.any")}}
	for _, r := range d.RMs {
		d.Clients += r.Clients
		d.Complete += r.Complete
		id := strconv.FormatInt(r.RMID, 10)
		d.RMOptions = append(d.RMOptions, option{Value: id, Label: v.RMLabel(r.RMID, r.RMName), Selected: id == d.RM})
	}
	var incomplete []store.FileCompleteness
	for _, f := range files {
		if !f.Complete() && (rmID < 0 || f.RMID == rmID) {
			incomplete = append(incomplete, f)
		}
	}
	// The most incomplete files first, then by client manager and client.
	slices.SortStableFunc(incomplete, func(a, b store.FileCompleteness) int { return cmp.Compare(a.Score(), b.Score()) })
	d.IncompleteTotal = len(incomplete)
	desc := ""
	if d.Desc {
		desc = "1"
	}
	d.Query = keepQuery("rm", d.RM, "sort", d.Sort, "desc", desc)
	size := consoleSectionRows
	page := 1
	if full {
		size = consolePageSize
		if page, err = pageOf(q); err != nil {
			return d, err
		}
	}
	off := (page - 1) * size
	if off < len(incomplete) {
		d.Incomplete = incomplete[off:min(off+size, len(incomplete))]
		d.From, d.To = off+1, off+len(d.Incomplete)
	}
	if full {
		d.Pages, d.PrevURL, d.NextURL = numberedPages(d.IncompleteTotal, size, page,
			func(n int) string { return withPage("/console/completeness", d.Query, n) })
	}
	return d, nil
}

// RMLabel is a client manager's name in a table, or "unassigned" for the clients without one.
func (v *view) RMLabel(id int64, name string) string {
	if id == 0 {
		return v.T("clients.unassigned")
	}
	return name
}

// MissingText names a file's missing details: 手机号、职业.
func (v *view) MissingText(codes []string) string {
	names := make([]string, len(codes))
	for i, c := range codes {
		names[i] = v.T("alerttext.missing." + c)
	}
	return strings.Join(names, "、")
}

// TopMissingText names a client manager's most-missing details with their counts: 职业（12）、家庭成员（9）.
func (v *view) TopMissingText(top []store.MissingCount) string {
	parts := make([]string, len(top))
	for i, m := range top {
		parts[i] = v.T("completeness.missingCount", v.T("alerttext.missing."+m.Detail), m.Count)
	}
	return strings.Join(parts, "、")
}

func completenessTable(v *view, d completenessData) exportTable {
	t := exportTable{name: "completeness", sheet: v.T("completeness.title"), header: []string{v.T("col.rm"), v.T("completeness.clients"),
		v.T("completeness.complete"), v.T("completeness.share"), v.T("completeness.topMissing")}, widths: []float64{14, 10, 10, 10, 50}}
	for _, r := range d.RMs {
		t.rows = append(t.rows, []cell{textCell(v.RMLabel(r.RMID, r.RMName)), numCell(int64(r.Clients)), numCell(int64(r.Complete)),
			pctCell(r.Share()), textCell(v.TopMissingText(r.TopMissing))})
	}
	return t
}

func incompleteTable(v *view, files []store.FileCompleteness) exportTable {
	t := exportTable{name: "incomplete-clients", sheet: v.T("completeness.incomplete"), header: []string{v.T("col.clientID"), v.T("col.name"),
		v.T("rating.tier"), v.T("col.rm"), v.T("completeness.score"), v.T("completeness.missing")}, widths: []float64{12, 12, 6, 14, 8, 50}}
	for _, f := range files {
		t.rows = append(t.rows, []cell{textCell(f.ClientID), textCell(f.Name), textCell(v.Code("tier", f.Tier)), textCell(v.RMLabel(f.RMID, f.RMName)),
			numCell(int64(f.Score())), textCell(v.MissingText(f.Missing))})
	}
	return t
}

// keyFocusData is the key-focus list.
type keyFocusData struct {
	Full             bool
	Rows             []store.KeyFocusClient
	Total            int
	From, To         int
	Pages            []pageLink
	PrevURL, NextURL string
	Sort             string
	Desc             bool
	Query            string
	// Marks: the reader may mark and unmark (access.MayMarkKeyFocus at their outlet).
	Marks bool
}

func (d keyFocusData) sorting() columnSort {
	return columnSort{path: "/console/key-focus", query: d.Query, sort: d.Sort, def: "aum", desc: d.Desc,
		reversed: map[string]bool{"aum": true, "alerts": true, "tier": true}}
}

func (d keyFocusData) SortURL(key string) string  { return d.sorting().url(key) }
func (d keyFocusData) SortMark(key string) string { return d.sorting().mark(key) }
func (d keyFocusData) ExportURL(format string) string {
	return withQuery("/console/key-focus/export/"+format, d.Query)
}

var keyFocusSorts = map[string]func(a, b store.KeyFocusClient) int{
	"aum":    func(a, b store.KeyFocusClient) int { return cmp.Compare(b.AUM, a.AUM) },
	"name":   func(a, b store.KeyFocusClient) int { return cmp.Compare(a.Name, b.Name) },
	"client": func(a, b store.KeyFocusClient) int { return cmp.Compare(a.ClientID, b.ClientID) },
	"tier":   func(a, b store.KeyFocusClient) int { return cmp.Compare(b.Tier, a.Tier) },
	"rm":     func(a, b store.KeyFocusClient) int { return cmp.Compare(a.RMName, b.RMName) },
	"alerts": func(a, b store.KeyFocusClient) int { return cmp.Compare(b.OpenAlerts, a.OpenAlerts) },
}

func (s *Server) keyFocusSection(ctx context.Context, p *auth.Principal, q url.Values, full bool) (keyFocusData, error) {
	d := keyFocusData{Full: full, Sort: q.Get("sort"), Desc: q.Get("desc") == "1", Marks: access.MayMarkKeyFocus(p.Staff, p.Staff.OrgID)}
	rows, err := s.store.KeyFocusClients(ctx, p.Scope)
	if err != nil {
		return d, err
	}
	if err := sortRows(rows, keyFocusSorts, d.Sort, "aum", d.Desc); err != nil {
		return d, err
	}
	desc := ""
	if d.Desc {
		desc = "1"
	}
	d.Query = keepQuery("sort", d.Sort, "desc", desc)
	d.Total = len(rows)
	size, page := consoleSectionRows, 1
	if full {
		size = consolePageSize
		if page, err = pageOf(q); err != nil {
			return d, err
		}
		d.Pages, d.PrevURL, d.NextURL = numberedPages(d.Total, size, page, func(n int) string { return withPage("/console/key-focus", d.Query, n) })
	}
	off := (page - 1) * size
	if off < len(rows) {
		d.Rows = rows[off:min(off+size, len(rows))]
		d.From, d.To = off+1, off+len(d.Rows)
	}
	return d, nil
}

func keyFocusTable(v *view, rows []store.KeyFocusClient) exportTable {
	t := exportTable{name: "key-focus", sheet: v.T("keyfocus.title"), header: []string{v.T("col.clientID"), v.T("col.name"), v.T("rating.tier"),
		v.T("col.aum"), v.T("col.rm"), v.T("keyfocus.openAlerts")}, widths: []float64{12, 12, 6, 16, 14, 10}}
	for _, k := range rows {
		t.rows = append(t.rows, []cell{textCell(k.ClientID), textCell(k.Name), textCell(v.Code("tier", k.Tier)), moneyCell(k.AUM),
			textCell(v.RMLabel(k.RMID, k.RMName)), numCell(int64(k.OpenAlerts))})
	}
	return t
}

// consoleUseSections builds the console's system-use, information-completeness and key-focus sections
// (their first rows; each links to its page). The caller has checked that p reaches the console. The
// client lists carried are audited.
func (s *Server) consoleUseSections(r *http.Request, p *auth.Principal, v *view) (use, completeness, keyFocus any, err error) {
	ctx := r.Context()
	// Of the console's query only the period is the system-use table's; sorting and paging are its page's.
	u, err := s.useSection(ctx, p, v, url.Values{"period": {r.URL.Query().Get("period")}}, false)
	if err != nil {
		return nil, nil, nil, err
	}
	c, err := s.completenessSection(ctx, p, v, url.Values{}, false)
	if err != nil {
		return nil, nil, nil, err
	}
	k, err := s.keyFocusSection(ctx, p, url.Values{}, false)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := s.store.AuditList(ctx, p.Staff.ID, clientIP(r), store.ListAudit{Via: "web", List: "console", Rows: len(c.Incomplete) + len(k.Rows),
		Total: c.IncompleteTotal + k.Total}); err != nil {
		return nil, nil, nil, err
	}
	return u, c, k, nil
}

// consoleUseRoutes registers the three sections' pages, exports and the key-focus changes.
func (s *Server) consoleUseRoutes(mux *routeMux) {
	mux.Handle("GET /console/use", s.page(s.consoleUsePage))
	mux.Handle("GET /console/use/export/{format}", s.page(s.consoleUseExport))
	mux.Handle("GET /console/completeness", s.page(s.consoleCompletenessPage))
	mux.Handle("GET /console/completeness/export/{format}", s.page(s.consoleCompletenessExport))
	mux.Handle("GET /console/key-focus", s.page(s.consoleKeyFocusPage))
	mux.Handle("GET /console/key-focus/export/{format}", s.page(s.consoleKeyFocusExport))
	mux.Handle("POST /console/key-focus", s.page(s.markKeyFocus))
	mux.Handle("POST /clients/{id}/key-focus", s.page(s.markKeyFocus))
}

// consoleGate answers 403 with the error page for a person who does not lead an outlet's team.
func (s *Server) consoleGate(w http.ResponseWriter, r *http.Request, p *auth.Principal) bool {
	if !access.ReachesConsole(p.Staff) || p.Scope.Masked || p.Scope.Reach != access.ReachOutlet {
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "err.forbiddenText")
		return false
	}
	return true
}

// consoleErr answers a section's error: a bad filter is 400, the rest a server error.
func (s *Server) consoleErr(w http.ResponseWriter, r *http.Request, p *auth.Principal, err error) {
	if errors.Is(err, store.ErrInvalid) {
		s.errorPage(w, r, p, http.StatusBadRequest, "err.badRequest", "console.badFilter")
		return
	}
	if errors.Is(err, store.ErrNotAllowed) {
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "err.forbiddenText")
		return
	}
	s.serverError(w, r, p, err)
}

func (s *Server) consoleUsePage(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	if !s.consoleGate(w, r, p) {
		return
	}
	v := s.newView(r, p)
	v.Nav = "console"
	d, err := s.useSection(r.Context(), p, v, r.URL.Query(), true)
	if err != nil {
		s.consoleErr(w, r, p, err)
		return
	}
	v.Data = consoleUsePageData{Use: &d}
	s.render(w, r, http.StatusOK, "console_use_page.html", v)
}

// consoleUsePageData is a standalone section's page: one of the three set.
type consoleUsePageData struct {
	Use          *useData
	Completeness *completenessData
	KeyFocus     *keyFocusData
}

func (s *Server) consoleUseExport(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	if !s.consoleGate(w, r, p) {
		return
	}
	format, ok := s.exportFormat(w, r, p)
	if !ok {
		return
	}
	v := s.newView(r, p)
	d, err := s.useSection(r.Context(), p, v, r.URL.Query(), true)
	if err != nil {
		s.consoleErr(w, r, p, err)
		return
	}
	s.sendTable(w, r, p, v, format, useTable(v, d))
}

func (s *Server) consoleCompletenessPage(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	if !s.consoleGate(w, r, p) {
		return
	}
	v := s.newView(r, p)
	v.Nav = "console"
	d, err := s.completenessSection(r.Context(), p, v, r.URL.Query(), true)
	if err != nil {
		s.consoleErr(w, r, p, err)
		return
	}
	if err := s.auditList(r, p, "web", "completeness", url.Values{"rm": {d.RM}, "page": {r.URL.Query().Get("page")}}, len(d.Incomplete), d.IncompleteTotal); err != nil {
		s.serverError(w, r, p, err)
		return
	}
	v.Data = consoleUsePageData{Completeness: &d}
	s.render(w, r, http.StatusOK, "console_use_page.html", v)
}

func (s *Server) consoleCompletenessExport(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	if !s.consoleGate(w, r, p) {
		return
	}
	format, ok := s.exportFormat(w, r, p)
	if !ok {
		return
	}
	v := s.newView(r, p)
	q := r.URL.Query()
	full := url.Values{"rm": {q.Get("rm")}, "sort": {q.Get("sort")}, "desc": {q.Get("desc")}}
	d, err := s.completenessSection(r.Context(), p, v, full, true)
	if err != nil {
		s.consoleErr(w, r, p, err)
		return
	}
	switch q.Get("list") {
	case "":
		s.sendTable(w, r, p, v, format, completenessTable(v, d))
	case "clients":
		// The whole drill-down, not its first page.
		files, err := s.store.Completeness(r.Context(), p.Scope, domain.Today(v.Now))
		if err != nil {
			s.serverError(w, r, p, err)
			return
		}
		var out []store.FileCompleteness
		for _, f := range files {
			if !f.Complete() && (d.RM == "" || strconv.FormatInt(f.RMID, 10) == d.RM) {
				out = append(out, f)
			}
		}
		slices.SortStableFunc(out, func(a, b store.FileCompleteness) int { return cmp.Compare(a.Score(), b.Score()) })
		s.sendTable(w, r, p, v, format, incompleteTable(v, out))
	default:
		s.consoleErr(w, r, p, store.ErrInvalid)
	}
}

func (s *Server) consoleKeyFocusPage(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	if !s.consoleGate(w, r, p) {
		return
	}
	v := s.newView(r, p)
	v.Nav = "console"
	d, err := s.keyFocusSection(r.Context(), p, r.URL.Query(), true)
	if err != nil {
		s.consoleErr(w, r, p, err)
		return
	}
	if err := s.auditList(r, p, "web", "key_focus", url.Values{"page": {r.URL.Query().Get("page")}}, len(d.Rows), d.Total); err != nil {
		s.serverError(w, r, p, err)
		return
	}
	v.Data = consoleUsePageData{KeyFocus: &d}
	s.render(w, r, http.StatusOK, "console_use_page.html", v)
}

func (s *Server) consoleKeyFocusExport(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	if !s.consoleGate(w, r, p) {
		return
	}
	format, ok := s.exportFormat(w, r, p)
	if !ok {
		return
	}
	v := s.newView(r, p)
	q := r.URL.Query()
	d, err := s.keyFocusSection(r.Context(), p, url.Values{"sort": {q.Get("sort")}, "desc": {q.Get("desc")}}, true)
	if err != nil {
		s.consoleErr(w, r, p, err)
		return
	}
	rows, err := s.store.KeyFocusClients(r.Context(), p.Scope)
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	if err := sortRows(rows, keyFocusSorts, d.Sort, "aum", d.Desc); err != nil {
		s.consoleErr(w, r, p, err)
		return
	}
	s.sendTable(w, r, p, v, format, keyFocusTable(v, rows))
}

// markKeyFocus marks (on=1) or unmarks (on=0) a client as key-focus: POST /clients/{id}/key-focus from the
// client view, back to it; POST /console/key-focus with the client's number (client=…) from the list,
// back to the list. The store checks who may (access.MayMarkKeyFocus) and audits.
func (s *Server) markKeyFocus(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	id, fromClient := r.PathValue("id"), true
	if id == "" {
		id, fromClient = strings.TrimSpace(r.PostFormValue("client")), false
	}
	var on bool
	switch r.PostFormValue("on") {
	case "1":
		on = true
	case "0":
	default:
		s.errorPage(w, r, p, http.StatusBadRequest, "err.badRequest", "console.badFilter")
		return
	}
	err := s.store.SetKeyFocus(r.Context(), p.Scope, p.Staff.ID, id, on, clientIP(r))
	flash := "keyfocus_unmarked"
	if on {
		flash = "keyfocus_marked"
	}
	switch {
	case errors.Is(err, domain.ErrNotFound):
		if fromClient {
			s.notFoundClient(w, r, p)
			return
		}
		s.errorPage(w, r, p, http.StatusNotFound, "err.notFound", "keyfocus.noClient")
	case errors.Is(err, store.ErrNotAllowed):
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "keyfocus.notYours")
	case err != nil:
		s.serverError(w, r, p, err)
	case fromClient:
		http.Redirect(w, r, "/clients/"+url.PathEscape(id)+"?flash="+flash, http.StatusSeeOther)
	default:
		http.Redirect(w, r, "/console/key-focus?flash="+flash, http.StatusSeeOther)
	}
}

// MarksKeyFocus reports whether the person may mark or unmark a client of outlet as key-focus (the client
// view's button).
func (v *view) MarksKeyFocus(outlet string) bool {
	return v.P != nil && access.MayMarkKeyFocus(v.P.Staff, outlet)
}
