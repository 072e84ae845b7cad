package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
)

// The tasks page (任务, DOMAIN.md §6): a supervisor (or the outlet manager) assigns tasks to the team of
// the outlet and follows them — filtered by assignee, state and overdue, reassigned, cancelled, exported;
// everyone else sees their own tasks and marks them done. The store refuses the wrong person.

// tasksData is the tasks page.
type tasksData struct {
	Lead       bool
	Tasks      []store.TeamTask
	Total      int // the tasks of the whole filtered list
	From, To   int // the rows shown, 1-based
	Pages      []pageLink
	PrevURL    string
	NextURL    string
	Team       []option // the outlet's team, for the form, the filter and reassigning
	Kinds      []string
	Priorities []int
	States     []string
	Tiers      []option
	Assignee   string
	State      string
	Overdue    bool
	Client     string
	Tier       string
	Sort       string
	Desc       bool
	Query      string // the filter as a query string, for the exports and the pager
	Today      string
	Form       taskForm
}

// SortURL is the link of a column header: sort by the column, or flip the order if it is already sorted by.
func (d tasksData) SortURL(key string) string { return d.sorting().url(key) }

// SortMark is the arrow beside the sorted column.
func (d tasksData) SortMark(key string) string { return d.sorting().mark(key) }

// sorting is the list's order: by due date unless chosen.
func (d tasksData) sorting() columnSort {
	return columnSort{path: "/tasks", query: d.Query, sort: d.Sort, def: "due", desc: d.Desc}
}

// taskForm keeps what a supervisor typed when the form comes back with an error.
type taskForm struct {
	Assignee, Client, Kind, Due, Priority, Note string
}

// PriorityText words a task's priority: normal, high, urgent (a rule's higher priorities are urgent).
func (v *view) PriorityText(n int) string { return v.T("priority." + strconv.Itoa(min(max(n, 1), 3))) }

// KindText words a task's kind.
func (v *view) KindText(kind string) string { return v.Code("taskkind", kind) }

func (s *Server) tasksPage(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	s.showTasks(w, r, p, http.StatusOK, taskForm{Priority: "1"}, "")
}

// taskFilter reads the page's filter. An unknown sort, tier or page is ErrInvalid.
func taskFilter(r *http.Request, today domain.Date) (store.TaskFilter, tasksData, error) {
	q := r.URL.Query()
	d := tasksData{Assignee: q.Get("assignee"), State: q.Get("state"), Overdue: q.Get("overdue") == "1",
		Client: strings.TrimSpace(q.Get("client")), Tier: q.Get("tier"), Sort: q.Get("sort"), Desc: q.Get("desc") == "1"}
	if !slices.Contains([]string{"open", "done", "cancelled", "all"}, d.State) {
		d.State = "open"
	}
	f := store.TaskFilter{Overdue: d.Overdue, Today: today, Client: d.Client, Tier: d.Tier, Sort: d.Sort, Desc: d.Desc, Limit: dayListPageSize}
	if d.State != "all" {
		f.State = d.State
	}
	f.AssigneeID, _ = strconv.ParseInt(d.Assignee, 10, 64)
	var bad bool
	if _, ok := store.TaskSorts[d.Sort]; d.Sort != "" && !ok {
		bad = true
	}
	if d.Tier != "" && !tierFilters[d.Tier] {
		bad = true
	}
	page := 1
	if n := q.Get("page"); n != "" {
		var err error
		if page, err = strconv.Atoi(n); err != nil || page < 1 {
			bad = true
			page = 1
		}
	}
	f.Offset = (page - 1) * dayListPageSize
	keep := url.Values{"state": {d.State}}
	for k, val := range map[string]string{"assignee": d.Assignee, "client": d.Client, "tier": d.Tier, "sort": d.Sort} {
		if val != "" {
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
	if bad {
		return f, d, store.ErrInvalid
	}
	return f, d, nil
}

// loadTasks reads the tasks the person may list with the page's filter: the team's for a lead, their
// own otherwise; with f's limit and offset (a page), or every one up to limit rows for an export.
func (s *Server) loadTasks(r *http.Request, p *auth.Principal, today domain.Date, limit int) (tasksData, store.TaskFilter, error) {
	f, d, err := taskFilter(r, today)
	if err != nil {
		return d, f, err
	}
	if limit > 0 {
		f.Limit, f.Offset = limit, 0
	}
	d.Lead = store.LeadsTeam(p.Staff)
	var page store.TaskPage
	if d.Lead {
		page, err = s.store.TeamTaskPage(r.Context(), p.Scope, p.Staff.OrgID, f)
	} else {
		page, err = s.store.OwnTaskPage(r.Context(), p.Scope, p.Staff, f)
	}
	d.Tasks, d.Total = page.Items, page.Total
	if len(d.Tasks) > 0 {
		d.From, d.To = f.Offset+1, f.Offset+len(d.Tasks)
	}
	return d, f, err
}

func (s *Server) showTasks(w http.ResponseWriter, r *http.Request, p *auth.Principal, status int, form taskForm, problem string) {
	v := s.newView(r, p)
	v.Nav = "tasks"
	v.Error = problem
	today := domain.Today(v.Now)
	d, f, err := s.loadTasks(r, p, today, 0)
	if errors.Is(err, store.ErrInvalid) {
		s.errorPage(w, r, p, http.StatusBadRequest, "err.badRequest", "alerts.badFilter")
		return
	}
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	d.Pages, d.PrevURL, d.NextURL = numberedPages(d.Total, dayListPageSize, f.Offset/dayListPageSize+1,
		func(n int) string { return withPage("/tasks", d.Query, n) })
	d.Kinds, d.Today, d.Form = store.TaskKinds, today.String(), form
	d.Priorities, d.States = []int{1, 2, 3}, []string{"open", "done", "cancelled", "all"}
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
		for _, st := range staff {
			if !st.Disabled && slices.Contains(store.TeamRoles, st.Role) {
				id := strconv.FormatInt(st.ID, 10)
				d.Team = append(d.Team, option{Value: id, Label: st.Name + " · " + v.Role(st.Role), Selected: id == d.Assignee})
			}
		}
	}
	if m, err := domain.ParseDate(r.URL.Query().Get("moved")); err == nil && !m.IsZero() {
		v.Flash = v.T("task.moved", m.String())
	}
	v.Data = d
	s.render(w, r, status, "tasks.html", v)
}

// assignTask creates a task from the supervisor's form. A due date on a day off moves to the next working
// day, and the page says so.
func (s *Server) assignTask(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	form := taskForm{Assignee: r.PostFormValue("assignee"), Client: r.PostFormValue("client"), Kind: r.PostFormValue("kind"),
		Due: r.PostFormValue("due"), Priority: r.PostFormValue("priority"), Note: r.PostFormValue("note")}
	v := s.newView(r, p)
	if !store.LeadsTeam(p.Staff) {
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "err.forbiddenText")
		return
	}
	due, err := domain.ParseDate(form.Due)
	if err != nil || due.Before(domain.Today(v.Now)) {
		s.showTasks(w, r, p, http.StatusUnprocessableEntity, form, v.T("task.badDue"))
		return
	}
	moved := s.workCalendar().NextWorkingDay(due)
	to, _ := strconv.ParseInt(form.Assignee, 10, 64)
	prio, _ := strconv.Atoi(form.Priority)
	_, err = s.store.AssignTask(r.Context(), p.Staff, p.Scope, store.NewTask{AssigneeID: to, ClientID: form.Client, Kind: form.Kind,
		Due: moved, Priority: prio, Note: form.Note})
	switch {
	case errors.Is(err, store.ErrNotAllowed):
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "err.forbiddenText")
	case errors.Is(err, domain.ErrNotFound):
		s.showTasks(w, r, p, http.StatusUnprocessableEntity, form, v.T("task.badClient"))
	case textProblem(err) != nil:
		s.showTasks(w, r, p, http.StatusBadRequest, form, inputMessage(v.Lang, textProblem(err)))
	case errors.Is(err, store.ErrInvalid):
		s.showTasks(w, r, p, http.StatusUnprocessableEntity, form, v.T("task.invalid"))
	case err != nil:
		s.serverError(w, r, p, err)
	case moved != due:
		http.Redirect(w, r, "/tasks?moved="+moved.String(), http.StatusSeeOther)
	default:
		http.Redirect(w, r, "/tasks?flash=task", http.StatusSeeOther)
	}
}

// changeTask reassigns (POST /tasks/{id}/reassign, to=STAFF) or cancels (POST /tasks/{id}/cancel) a task
// of the lead's team.
func (s *Server) changeTask(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.notFoundPage(w, r)
		return
	}
	if r.PathValue("action") == "reassign" {
		to, _ := strconv.ParseInt(r.PostFormValue("to"), 10, 64)
		err = s.store.ReassignTask(r.Context(), p.Staff, p.Scope, id, to)
	} else {
		err = s.store.CancelTask(r.Context(), p.Staff, p.Scope, id)
	}
	switch {
	case errors.Is(err, store.ErrNotAllowed):
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "err.forbiddenText")
	case errors.Is(err, domain.ErrNotFound):
		s.notFoundPage(w, r)
	case errors.Is(err, store.ErrInvalid):
		s.showTasks(w, r, p, http.StatusUnprocessableEntity, taskForm{Priority: "1"}, s.newView(r, p).T("task.invalid"))
	case err != nil:
		s.serverError(w, r, p, err)
	default:
		http.Redirect(w, r, "/tasks?flash=task", http.StatusSeeOther)
	}
}

// exportTasks writes the listed tasks (the page's filter) as Excel or CSV through the table writer.
func (s *Server) exportTasks(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	format, ok := s.exportFormat(w, r, p)
	if !ok {
		return
	}
	v := s.newView(r, p)
	d, _, err := s.loadTasks(r, p, domain.Today(v.Now), exportMaxRows)
	if errors.Is(err, store.ErrInvalid) {
		s.errorPage(w, r, p, http.StatusBadRequest, "err.badRequest", "alerts.badFilter")
		return
	}
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	t := exportTable{name: "tasks", sheet: v.T("nav.tasks"), header: []string{v.T("task.due"), v.T("task.assignee"), v.T("col.clientID"),
		v.T("col.name"), v.T("task.what"), v.T("export.priority"), v.T("alert.state"), v.T("rating.tier")}, widths: []float64{12, 14, 12, 12, 40, 8, 10, 6}}
	for _, k := range d.Tasks {
		who := k.AssigneeName
		if who == "" {
			who = v.Role(k.Role)
		}
		t.rows = append(t.rows, []cell{textCell(k.Due.String()), textCell(who), textCell(k.ClientID), textCell(k.ClientName),
			textCell(v.TaskTitle(k.TaskView)), textCell(v.PriorityText(k.Priority)), textCell(v.Code("taskstate", k.State)), textCell(k.Tier)})
	}
	s.sendTable(w, r, p, v, format, t)
}
