package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
)

// Staff administration pages (/admin/staff, /admin/org): administrators manage every node and role;
// outlet managers, when the policy lets them (security.outlet_managers_manage_staff), their own outlet's
// working staff. Who may do what, the checks and the audit are the store's use cases (store/staffadmin.go),
// the same the command line calls; these handlers only read forms and word the answers.

func (s *Server) staffAdminRoutes(mux *routeMux) {
	mux.Handle("GET /admin/staff", s.page(s.staffListPage))
	mux.Handle("POST /admin/staff", s.page(s.staffCreate))
	mux.Handle("GET /admin/staff/export/{format}", s.page(s.staffExport))
	mux.Handle("GET /admin/staff/{id}", s.page(s.staffPersonPage))
	mux.Handle("POST /admin/staff/{id}", s.page(s.staffUpdate))
	mux.Handle("POST /admin/staff/{id}/{action}", s.page(s.staffAction))
	mux.Handle("GET /admin/org", s.page(s.orgPage))
	mux.Handle("POST /admin/org", s.page(s.orgAdd))
	mux.Handle("POST /admin/org/{id}", s.page(s.orgRename))
}

// staffPagesFor reports whether a person reaches the staff pages (the navigation link).
func (s *Server) staffPagesFor(p *auth.Principal) bool {
	if p == nil {
		return false
	}
	_, err := store.StaffActorFor(p.Staff, s.policy.Security.OutletManagersManageStaff, "")
	return err == nil
}

// staffActor is the person as a staff administrator, or a 403 page.
func (s *Server) staffActor(w http.ResponseWriter, r *http.Request, p *auth.Principal) (store.StaffActor, bool) {
	a, err := store.StaffActorFor(p.Staff, s.policy.Security.OutletManagersManageStaff, clientIP(r))
	if err != nil {
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "err.forbiddenText")
		return a, false
	}
	return a, true
}

// staffProblem words a refusal of the store for the page, or says (ok false) that it is not one: then
// it was answered already (403, 404) or is a server error, answered too.
func (s *Server) staffProblem(w http.ResponseWriter, r *http.Request, p *auth.Principal, v *view, err error) (string, bool) {
	var ap *store.AdminProblem
	switch {
	case errors.As(err, &ap):
		if _, ok := staffProblemWithValue[ap.Problem]; ok {
			return v.T("staffadmin.problem."+ap.Problem, ap.Value), true
		}
		return v.T("staffadmin.problem." + ap.Problem), true
	case textProblem(err) != nil:
		return inputMessage(v.Lang, textProblem(err)), true
	case errors.Is(err, store.ErrSelf):
		return v.T("staffadmin.err.self"), true
	case errors.Is(err, store.ErrLastAdmin):
		return v.T("staffadmin.err.lastAdmin"), true
	case errors.Is(err, store.ErrNotAllowed):
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "staffadmin.err.notYours")
	case errors.Is(err, domain.ErrNotFound):
		s.errorPage(w, r, p, http.StatusNotFound, "staffadmin.notFound", "staffadmin.notFoundText")
	case errors.Is(err, store.ErrInvalid):
		return v.T("staffadmin.problem.invalid"), true
	default:
		s.serverError(w, r, p, err)
	}
	return "", false
}

// staffProblemWithValue are the problems whose message names the refused value.
var staffProblemWithValue = map[string]struct{}{"username_taken": {}, "employee_no_taken": {}, "employee_no_format": {},
	"node_unknown": {}, "username_format": {}, "node_exists": {}, "node_id_format": {}}

// staffRowView is a line of the staff list with its state now.
type staffRowView struct {
	store.StaffRow
	State       string    // active, disabled, must_change
	Locks       int       // addresses at which the username is locked now
	LockedUntil time.Time // the end of the last of those locks
}

// staffForm is the add form's values, offered again after a refusal.
type staffForm struct {
	Username, Name, Role, OrgID, EmployeeNo string
}

// staffListData is the staff list page.
type staffListData struct {
	Admin    bool
	Rows     []staffRowView
	Roles    []domain.Role
	Orgs     []domain.OrgUnit
	Role     string
	State    string
	Q        string
	Query    string // the filter, for the export links
	Form     staffForm
	FormOpen bool
}

func (s *Server) staffRows(r *http.Request, a store.StaffActor, f store.StaffFilter) ([]staffRowView, error) {
	list, err := s.store.StaffList(r.Context(), a, f, s.auth.Now().Add(-s.auth.TokenLifetime()))
	if err != nil {
		return nil, err
	}
	out := make([]staffRowView, len(list))
	for i, row := range list {
		out[i] = s.staffRowOf(row)
	}
	return out, nil
}

func (s *Server) staffRowOf(row store.StaffRow) staffRowView {
	rv := staffRowView{StaffRow: row, State: "active"}
	switch {
	case row.Disabled:
		rv.State = "disabled"
	case row.MustChangePassword:
		rv.State = "must_change"
	}
	rv.Locks, rv.LockedUntil = s.auth.Locks(row.Username)
	return rv
}

// assignableOrgs are the nodes the actor may place staff at.
func (s *Server) assignableOrgs(r *http.Request, a store.StaffActor) ([]domain.OrgUnit, error) {
	if !a.Admin() {
		o, err := s.store.Org(r.Context(), a.OrgID())
		return []domain.OrgUnit{o}, err
	}
	return s.store.Orgs(r.Context())
}

func staffFilterOf(q url.Values) store.StaffFilter {
	f := store.StaffFilter{Q: strings.TrimSpace(q.Get("q"))}
	if r, err := domain.ParseRole(q.Get("role")); err == nil {
		f.Role = r
	}
	if st := q.Get("state"); st == "active" || st == "disabled" {
		f.State = st
	}
	return f
}

func (s *Server) staffListPage(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	a, ok := s.staffActor(w, r, p)
	if !ok {
		return
	}
	s.showStaffList(w, r, p, a, http.StatusOK, staffForm{}, "")
}

func (s *Server) showStaffList(w http.ResponseWriter, r *http.Request, p *auth.Principal, a store.StaffActor, status int, form staffForm, problem string) {
	v := s.newView(r, p)
	v.Nav = "staff"
	f := staffFilterOf(r.URL.Query())
	rows, err := s.staffRows(r, a, f)
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	orgs, err := s.assignableOrgs(r, a)
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	fq := url.Values{}
	if f.Role != "" {
		fq.Set("role", string(f.Role))
	}
	if f.State != "" {
		fq.Set("state", f.State)
	}
	if f.Q != "" {
		fq.Set("q", f.Q)
	}
	v.Error = problem
	v.Data = staffListData{Admin: a.Admin(), Rows: rows, Roles: a.Roles(), Orgs: orgs, Role: string(f.Role), State: f.State, Q: f.Q,
		Query: fq.Encode(), Form: form, FormOpen: problem != ""}
	s.render(w, r, status, "staff.html", v)
}

// staffOneTimeData is the page that shows a one-time password, once.
type staffOneTimeData struct {
	Person   domain.Staff
	Password string
	Created  bool
}

// staffCreate is POST /admin/staff: a new member of staff with a one-time password, shown once.
func (s *Server) staffCreate(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	a, ok := s.staffActor(w, r, p)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	form := staffForm{Username: strings.TrimSpace(r.PostFormValue("username")), Name: strings.TrimSpace(r.PostFormValue("name")),
		Role: r.PostFormValue("role"), OrgID: r.PostFormValue("org"), EmployeeNo: strings.TrimSpace(r.PostFormValue("employee_no"))}
	v := s.newView(r, p)
	role, err := domain.ParseRole(form.Role)
	if err != nil {
		s.showStaffList(w, r, p, a, http.StatusUnprocessableEntity, form, v.T("staffadmin.problem.role"))
		return
	}
	if form.OrgID == "" {
		s.showStaffList(w, r, p, a, http.StatusUnprocessableEntity, form, v.T("staffadmin.problem.org"))
		return
	}
	// The role and node are checked before a password is made, so that a refused form costs no hash.
	if err := a.May(role, form.OrgID); err != nil {
		s.staffProblem(w, r, p, v, err)
		return
	}
	pw, err := auth.OneTimePassword(form.Username, s.policy.Security.PasswordMinLength)
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	hash, err := auth.HashPassword(pw, s.auth.Params)
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	st, err := s.store.CreateStaffAs(r.Context(), a, domain.Staff{Username: form.Username, Name: form.Name, Role: role,
		OrgID: form.OrgID, EmployeeNo: form.EmployeeNo, PasswordHash: hash, MustChangePassword: true})
	if err != nil {
		if problem, ok := s.staffProblem(w, r, p, v, err); ok {
			s.showStaffList(w, r, p, a, http.StatusUnprocessableEntity, form, problem)
		}
		return
	}
	v.Nav = "staff"
	v.Data = staffOneTimeData{Person: st, Password: pw, Created: true}
	s.render(w, r, http.StatusOK, "staff_onetime.html", v)
}

// staffPersonData is one member of staff's page.
type staffPersonData struct {
	Row       staffRowView
	Self      bool
	Admin     bool
	Roles     []domain.Role
	Orgs      []domain.OrgUnit
	Tokens    []auth.TokenInfo
	CanRevoke bool
	Form      store.StaffEdit
}

func (s *Server) staffPersonPage(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	a, ok := s.staffActor(w, r, p)
	if !ok {
		return
	}
	s.showStaffPerson(w, r, p, a, http.StatusOK, nil, "")
}

// staffID is the {id} of the path, or 0.
func staffID(r *http.Request) int64 {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	return id
}

func (s *Server) showStaffPerson(w http.ResponseWriter, r *http.Request, p *auth.Principal, a store.StaffActor, status int, form *store.StaffEdit, problem string) {
	v := s.newView(r, p)
	v.Nav = "staff"
	id := staffID(r)
	st, err := s.store.CheckStaffTarget(r.Context(), a, id)
	if id == 0 {
		err = domain.ErrNotFound
	}
	if err != nil {
		s.staffProblem(w, r, p, v, err)
		return
	}
	org, err := s.store.Org(r.Context(), st.OrgID)
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	last, err := s.store.LastLogin(r.Context(), st.ID)
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	tokens, err := s.auth.TokensOf(r.Context(), st.ID)
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	orgs, err := s.assignableOrgs(r, a)
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	st.PasswordHash = ""
	live := 0
	for _, t := range tokens {
		if t.State == auth.TokenLive {
			live++
		}
	}
	d := staffPersonData{Row: s.staffRowOf(store.StaffRow{Staff: st, OrgName: org.Name, LastLogin: last, LiveTokens: live}),
		Self: st.ID == p.Staff.ID, Admin: a.Admin(), Roles: a.Roles(), Orgs: orgs, Tokens: tokens, CanRevoke: p.Can(access.CapManageUsers),
		Form: store.StaffEdit{Name: st.Name, Role: st.Role, OrgID: st.OrgID, EmployeeNo: st.EmployeeNo}}
	if form != nil {
		d.Form = *form
	}
	v.Error = problem
	v.Data = d
	s.render(w, r, status, "staff_person.html", v)
}

// staffUpdate is POST /admin/staff/{id}: name, role, node and employee number.
func (s *Server) staffUpdate(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	a, ok := s.staffActor(w, r, p)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	v := s.newView(r, p)
	id := staffID(r)
	if id == 0 {
		s.staffProblem(w, r, p, v, domain.ErrNotFound)
		return
	}
	e := store.StaffEdit{Name: r.PostFormValue("name"), Role: domain.Role(r.PostFormValue("role")), OrgID: r.PostFormValue("org"),
		EmployeeNo: r.PostFormValue("employee_no")}
	if _, err := domain.ParseRole(string(e.Role)); err != nil {
		s.showStaffPerson(w, r, p, a, http.StatusUnprocessableEntity, &e, v.T("staffadmin.problem.role"))
		return
	}
	if _, err := s.store.UpdateStaffAs(r.Context(), a, id, e); err != nil {
		if problem, ok := s.staffProblem(w, r, p, v, err); ok {
			s.showStaffPerson(w, r, p, a, http.StatusUnprocessableEntity, &e, problem)
		}
		return
	}
	http.Redirect(w, r, "/admin/staff/"+strconv.FormatInt(id, 10)+"?flash=staff_saved", http.StatusSeeOther)
}

// staffAction is POST /admin/staff/{id}/disable|enable|unlock|reset-password.
func (s *Server) staffAction(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	a, ok := s.staffActor(w, r, p)
	if !ok {
		return
	}
	v := s.newView(r, p)
	id := staffID(r)
	if id == 0 {
		s.staffProblem(w, r, p, v, domain.ErrNotFound)
		return
	}
	var err error
	flash := ""
	switch r.PathValue("action") {
	case "disable":
		err, flash = s.store.DisableStaff(r.Context(), a, id), "staff_disabled"
	case "enable":
		err, flash = s.store.EnableStaff(r.Context(), a, id), "staff_enabled"
	case "unlock":
		_, err = s.auth.Unlock(r.Context(), a, id)
		flash = "staff_unlocked"
	case "reset-password":
		pw, err := s.auth.ResetPassword(r.Context(), a, id)
		if err != nil {
			if problem, ok := s.staffProblem(w, r, p, v, err); ok {
				s.showStaffPerson(w, r, p, a, http.StatusUnprocessableEntity, nil, problem)
			}
			return
		}
		st, err := s.store.StaffByID(r.Context(), id)
		if err != nil {
			s.serverError(w, r, p, err)
			return
		}
		st.PasswordHash = ""
		v.Nav = "staff"
		v.Data = staffOneTimeData{Person: st, Password: pw}
		s.render(w, r, http.StatusOK, "staff_onetime.html", v)
		return
	default:
		s.notFoundPage(w, r)
		return
	}
	if err != nil {
		if problem, ok := s.staffProblem(w, r, p, v, err); ok {
			s.showStaffPerson(w, r, p, a, http.StatusUnprocessableEntity, nil, problem)
		}
		return
	}
	http.Redirect(w, r, "/admin/staff/"+strconv.FormatInt(id, 10)+"?flash="+flash, http.StatusSeeOther)
}

// StaffState names a staff list line's state.
func (v *view) StaffState(row staffRowView) string { return v.Code("staffadmin.state", row.State) }

// staffExport is GET /admin/staff/export/csv|xlsx: the list as filtered, audited.
func (s *Server) staffExport(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	a, ok := s.staffActor(w, r, p)
	if !ok {
		return
	}
	format := r.PathValue("format")
	if format != "csv" && format != "xlsx" {
		s.notFoundPage(w, r)
		return
	}
	v := s.newView(r, p)
	rows, err := s.staffRows(r, a, staffFilterOf(r.URL.Query()))
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	t := exportTable{name: "staff_list", sheet: v.T("staffadmin.title"), header: []string{v.T("staffadmin.username"), v.T("staffadmin.name"),
		v.T("staffadmin.employeeNo"), v.T("staffadmin.role"), v.T("staffadmin.org"), v.T("staffadmin.state"), v.T("staffadmin.lastLogin"),
		v.T("staffadmin.tokens")}, widths: []float64{14, 14, 12, 14, 22, 14, 18, 10}}
	for _, row := range rows {
		last := ""
		if !row.LastLogin.IsZero() {
			last = secondsText(row.LastLogin)
		}
		t.rows = append(t.rows, []cell{textCell(row.Username), textCell(row.Name), textCell(row.EmployeeNo), textCell(v.Role(row.Role)),
			textCell(row.OrgName), textCell(v.StaffState(row)), textCell(last), numCell(int64(row.LiveTokens))})
	}
	s.sendTable(w, r, p, v, format, t)
}

// orgData is the organisation tree page.
type orgData struct {
	Orgs   []orgLine
	Levels []domain.OrgLevel
	Form   domain.OrgUnit
}

// orgLine is a node with its depth, for indenting, and its number of staff.
type orgLine struct {
	domain.OrgUnit
	Depth int
	Staff int
}

func (s *Server) orgPage(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	a, ok := s.staffActor(w, r, p)
	if !ok {
		return
	}
	if !a.Admin() {
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "err.forbiddenText")
		return
	}
	s.showOrg(w, r, p, a, http.StatusOK, domain.OrgUnit{}, "")
}

func (s *Server) showOrg(w http.ResponseWriter, r *http.Request, p *auth.Principal, a store.StaffActor, status int, form domain.OrgUnit, problem string) {
	v := s.newView(r, p)
	v.Nav = "staff"
	orgs, err := s.store.Orgs(r.Context())
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	staff, err := s.store.StaffList(r.Context(), a, store.StaffFilter{}, s.auth.Now())
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	count := map[string]int{}
	for _, st := range staff {
		count[st.OrgID]++
	}
	d := orgData{Levels: []domain.OrgLevel{domain.LevelBranch, domain.LevelSubbranch, domain.LevelOutlet}, Form: form}
	for _, o := range orgs {
		d.Orgs = append(d.Orgs, orgLine{OrgUnit: o, Depth: o.Level.Depth(), Staff: count[o.ID]})
	}
	v.Error = problem
	v.Data = d
	s.render(w, r, status, "org.html", v)
}

// orgAdd is POST /admin/org: a new node under a parent.
func (s *Server) orgAdd(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	a, ok := s.staffActor(w, r, p)
	if !ok {
		return
	}
	if !a.Admin() {
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "err.forbiddenText")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	u := domain.OrgUnit{ID: strings.TrimSpace(r.PostFormValue("id")), ParentID: r.PostFormValue("parent"),
		Level: domain.OrgLevel(r.PostFormValue("level")), Name: strings.TrimSpace(r.PostFormValue("name"))}
	if _, err := s.store.AddOrgAs(r.Context(), a, u); err != nil {
		if problem, ok := s.staffProblem(w, r, p, s.newView(r, p), err); ok {
			s.showOrg(w, r, p, a, http.StatusUnprocessableEntity, u, problem)
		}
		return
	}
	http.Redirect(w, r, "/admin/org?flash=org_added", http.StatusSeeOther)
}

// orgRename is POST /admin/org/{id}: a node's new name.
func (s *Server) orgRename(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	a, ok := s.staffActor(w, r, p)
	if !ok {
		return
	}
	if !a.Admin() {
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "err.forbiddenText")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := s.store.RenameOrgAs(r.Context(), a, r.PathValue("id"), r.PostFormValue("name")); err != nil {
		if problem, ok := s.staffProblem(w, r, p, s.newView(r, p), err); ok {
			s.showOrg(w, r, p, a, http.StatusUnprocessableEntity, domain.OrgUnit{}, problem)
		}
		return
	}
	http.Redirect(w, r, "/admin/org?flash=org_renamed", http.StatusSeeOther)
}
