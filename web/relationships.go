package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
)

// Service relationships on the pages and the API: the client view's assignment form and history, a client
// manager's request for an unassigned client, the supervisor's approvals (待审批), and PUT
// /api/v1/clients/{id}/rm. Every change is one store use case (store.AssignClients, RequestClient,
// DecideRequest), which checks who may do it.

func init() {
	inPlaceForms["rm"] = true
	inPlaceForms["rmrequest"] = true
}

func (s *Server) relationshipRoutes(mux *routeMux) {
	mux.Handle("POST /clients/{id}/rm", s.page(s.assignRMForm))
	mux.Handle("POST /clients/{id}/rm-request", s.page(s.requestClientForm))
	mux.Handle("GET /approvals", s.page(s.approvalsPage))
	mux.Handle("POST /approvals/{id}", s.page(s.decideRequestForm))
	mux.Handle("PUT /api/v1/clients/{id}/rm", s.api(s.apiSetRM))
	s.bulkAssignRoutes(mux)
}

// relData is the client view's relationship part.
type relData struct {
	// MayAssign: the person may assign, change or end the client's manager; RMs are the choices.
	MayAssign   bool
	MayOverride bool
	RMs         []domain.Staff
	// MayRequest: the person (a client manager of the outlet) may ask for this unassigned client; Open is
	// their request waiting.
	MayRequest bool
	Requests   []store.RelRequest
}

// loadRel reads the relationship part of the client view.
func (s *Server) loadRel(ctx context.Context, p *auth.Principal, c store.ClientDetail) (relData, error) {
	var d relData
	var err error
	d.MayAssign = access.MayAssign(p.Staff, c.OutletID)
	d.MayOverride = access.MayOverrideCap(p.Staff, c.OutletID)
	if d.MayAssign {
		if d.RMs, err = s.store.OutletRMs(ctx, c.OutletID); err != nil {
			return d, err
		}
	}
	if d.Requests, err = s.store.ClientRequests(ctx, p.Scope, c.ClientID); err != nil {
		return d, err
	}
	if !d.MayAssign {
		// A client manager sees their own requests for the client, not their colleagues'.
		own := d.Requests[:0]
		for _, r := range d.Requests {
			if r.StaffID == p.Staff.ID {
				own = append(own, r)
			}
		}
		d.Requests = own
	}
	d.MayRequest = access.MayRequestClient(p.Staff, c.Client)
	for _, r := range d.Requests {
		if r.State == "open" && r.StaffID == p.Staff.ID {
			d.MayRequest = false
		}
	}
	return d, nil
}

// capText words a cap refusal: "钱经理 would keep 151 T4 clients, cap 150".
func capText(lang string, ce *store.CapError) string {
	parts := make([]string, len(ce.Breaches))
	for i, b := range ce.Breaches {
		parts[i] = msg(lang, "rel.capBreach", b.RMName, b.Keeps, code(lang, "tier", b.Tier), b.Cap)
	}
	return msg(lang, "rel.capRefused", strings.Join(parts, msg(lang, "rel.listSep")))
}

// relProblem shows the client view again with a relationship form's problem.
func (s *Server) relProblem(w http.ResponseWriter, r *http.Request, p *auth.Principal, id, which string, err error) {
	lang := resolveLang(r, p)
	form := clientForm{Which: which}
	var ce *store.CapError
	switch {
	case errors.Is(err, domain.ErrNotFound):
		s.notFoundClient(w, r, p)
	case errors.As(err, &ce):
		s.showClient(w, r, p, id, http.StatusConflict, form, capText(lang, ce))
	case errors.Is(err, store.ErrNotAllowed):
		s.showClient(w, r, p, id, http.StatusForbidden, form, msg(lang, "rel.notAllowed"))
	case errors.Is(err, store.ErrRequestOpen):
		s.showClient(w, r, p, id, http.StatusConflict, form, msg(lang, "rel.requestOpen"))
	case textProblem(err) != nil:
		s.showClient(w, r, p, id, http.StatusBadRequest, form, inputMessage(lang, textProblem(err)))
	case errors.Is(err, store.ErrInvalid):
		s.showClient(w, r, p, id, http.StatusBadRequest, form, msg(lang, "rel.invalid", err.Error()))
	default:
		s.serverError(w, r, p, err)
	}
}

// staffIDOf resolves a client manager's username ("" ends the relationship: 0).
func (s *Server) staffIDOf(ctx context.Context, username string) (int64, error) {
	if username == "" {
		return 0, nil
	}
	st, err := s.store.StaffByUsername(ctx, username)
	if errors.Is(err, domain.ErrNotFound) {
		return 0, fmt.Errorf("no member of staff %q: %w", username, store.ErrInvalid)
	}
	return st.ID, err
}

func (s *Server) assignRMForm(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	id := r.PathValue("id")
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	if reason == "" {
		s.showClient(w, r, p, id, http.StatusBadRequest, clientForm{Which: "rm"}, msg(resolveLang(r, p), "rel.reasonRequired"))
		return
	}
	rm, err := s.staffIDOf(r.Context(), r.PostFormValue("rm"))
	if err == nil {
		_, err = s.store.AssignClients(r.Context(), p.Scope, p.Staff.ID, s.policy, store.RMAssignment{ClientIDs: []string{id}, RMID: rm,
			Reason: reason, OverrideCap: r.PostFormValue("override_cap") == "1"})
	}
	if err != nil {
		s.relProblem(w, r, p, id, "rm", err)
		return
	}
	http.Redirect(w, r, "/clients/"+url.PathEscape(id)+"?flash=rm#relationship", http.StatusSeeOther)
}

func (s *Server) requestClientForm(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	id := r.PathValue("id")
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	if reason == "" {
		s.showClient(w, r, p, id, http.StatusBadRequest, clientForm{Which: "rmrequest"}, msg(resolveLang(r, p), "rel.reasonRequired"))
		return
	}
	if _, err := s.store.RequestClient(r.Context(), p.Scope, p.Staff.ID, id, reason); err != nil {
		s.relProblem(w, r, p, id, "rmrequest", err)
		return
	}
	http.Redirect(w, r, "/clients/"+url.PathEscape(id)+"?flash=rmrequest#relationship", http.StatusSeeOther)
}

// approvalsData is the approvals page (待审批): the requests waiting for the person's decision.
type approvalsData struct {
	Requests    []store.RelRequest
	MayOverride bool
}

func (s *Server) approvalsPage(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	s.showApprovals(w, r, p, http.StatusOK, "")
}

func (s *Server) showApprovals(w http.ResponseWriter, r *http.Request, p *auth.Principal, status int, problem string) {
	if !p.Can(access.CapAssignClients) {
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "rel.notAllowed")
		return
	}
	reqs, err := s.store.PendingRequests(r.Context(), p.Scope, p.Staff)
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	// The requests name clients and their AUM: the list is audited as the client list is.
	if err := s.auditList(r, p, "web", "relationship_requests", nil, len(reqs), len(reqs)); err != nil {
		s.serverError(w, r, p, err)
		return
	}
	v := s.newView(r, p)
	v.Nav = "approvals"
	v.Path = "/approvals"
	v.Error = problem
	if done := r.URL.Query().Get("done"); (done == "approved" || done == "rejected") && problem == "" {
		v.Flash = v.T("rel.flash." + done)
	}
	v.Data = approvalsData{Requests: reqs, MayOverride: access.MayOverrideCap(p.Staff, p.Staff.OrgID)}
	s.render(w, r, status, "approvals.html", v)
}

func (s *Server) decideRequestForm(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	lang := resolveLang(r, p)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.errorPage(w, r, p, http.StatusNotFound, "err.notFound", "err.notFoundText")
		return
	}
	approve := r.PostFormValue("decision") == "approve"
	if !approve && r.PostFormValue("decision") != "reject" {
		s.showApprovals(w, r, p, http.StatusBadRequest, msg(lang, "rel.decisionMissing"))
		return
	}
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	if reason == "" {
		s.showApprovals(w, r, p, http.StatusBadRequest, msg(lang, "rel.reasonRequired"))
		return
	}
	err = s.store.DecideRequest(r.Context(), p.Scope, p.Staff.ID, s.policy, id, approve, reason, r.PostFormValue("override_cap") == "1")
	var ce *store.CapError
	switch {
	case err == nil:
		done := "rejected"
		if approve {
			done = "approved"
		}
		http.Redirect(w, r, "/approvals?done="+done, http.StatusSeeOther)
	case errors.Is(err, domain.ErrNotFound):
		s.errorPage(w, r, p, http.StatusNotFound, "err.notFound", "err.notFoundText")
	case errors.As(err, &ce):
		s.showApprovals(w, r, p, http.StatusConflict, capText(lang, ce))
	case errors.Is(err, store.ErrNotAllowed):
		s.showApprovals(w, r, p, http.StatusForbidden, msg(lang, "rel.notAllowed"))
	case textProblem(err) != nil:
		s.showApprovals(w, r, p, http.StatusBadRequest, inputMessage(lang, textProblem(err)))
	case errors.Is(err, store.ErrInvalid):
		s.showApprovals(w, r, p, http.StatusConflict, msg(lang, "rel.invalid", err.Error()))
	default:
		s.serverError(w, r, p, err)
	}
}

// rmJSON is the answer of PUT /api/v1/clients/{id}/rm.
type rmJSON struct {
	ClientID    string  `json:"client_id"`
	RM          *string `json:"rm"`
	Changed     bool    `json:"changed"`
	MovedAlerts int64   `json:"moved_alerts"`
	MovedTasks  int64   `json:"moved_tasks"`
}

func (s *Server) apiSetRM(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	id := r.PathValue("id")
	var in struct {
		RM          json.RawMessage `json:"rm"`
		Reason      string          `json:"reason"`
		OverrideCap bool            `json:"override_cap"`
	}
	if !decodeBody(w, r, &in) {
		return
	}
	var username *string
	switch raw := strings.TrimSpace(string(in.RM)); {
	case raw == "":
		writeJSONError(w, http.StatusBadRequest, `rm is required: a client manager's username, or null to end the relationship`)
		return
	case raw == "null":
	default:
		var u string
		if err := json.Unmarshal(in.RM, &u); err != nil || u == "" {
			writeJSONError(w, http.StatusBadRequest, `rm must be a client manager's username (a string) or null`)
			return
		}
		username = &u
	}
	var rm int64
	var err error
	if username != nil {
		rm, err = s.staffIDOf(r.Context(), *username)
	}
	var changes []store.RMChange
	if err == nil {
		changes, err = s.store.AssignClients(r.Context(), p.Scope, p.Staff.ID, s.policy, store.RMAssignment{ClientIDs: []string{id}, RMID: rm,
			Reason: in.Reason, OverrideCap: in.OverrideCap})
	}
	var ce *store.CapError
	switch {
	case errors.Is(err, domain.ErrNotFound):
		writeJSONError(w, http.StatusNotFound, errClientNotFound)
	case errors.Is(err, store.ErrNotAllowed):
		writeJSONError(w, http.StatusForbidden, "the caller may not change this client's relationship (or override the cap)")
	case errors.As(err, &ce):
		writeJSON(w, http.StatusConflict, map[string]any{"error": ce.Error(), "breaches": capJSON(ce)})
	case textProblem(err) != nil:
		writeJSONError(w, http.StatusBadRequest, textProblem(err).Error())
	case errors.Is(err, store.ErrInvalid):
		writeJSONError(w, http.StatusBadRequest, err.Error())
	case err != nil:
		s.apiInternal(w, r, err)
	default:
		out := rmJSON{ClientID: id, RM: username, Changed: len(changes) > 0}
		for _, c := range changes {
			out.MovedAlerts += c.MovedAlerts
			out.MovedTasks += c.MovedTasks
		}
		writeJSON(w, http.StatusOK, out)
	}
}

type capBreachJSON struct {
	RM    string `json:"rm"`
	Tier  string `json:"tier"`
	Keeps int    `json:"keeps"`
	Cap   int    `json:"cap"`
}

func capJSON(ce *store.CapError) []capBreachJSON {
	out := make([]capBreachJSON, len(ce.Breaches))
	for i, b := range ce.Breaches {
		out[i] = capBreachJSON{RM: b.RMName, Tier: b.Tier, Keeps: b.Keeps, Cap: b.Cap}
	}
	return out
}

// homeBooks is the supervisor's home section: the outlet's clients, those served, each RM's book against
// the cap, and the requests waiting (nil for those who do not lead an outlet).
type homeBooks struct {
	Load     store.OutletLoad
	Tiers    []string
	Waiting  int
	Unserved int
}

// CapOf is a tier's cap as the table shows it ("" for none).
func (b *homeBooks) CapOf(l store.RMLoad, tier string) int { return l.Caps[tier] }

func (s *Server) homeBooks(ctx context.Context, p *auth.Principal) (*homeBooks, error) {
	if p.Staff.Role == domain.RoleAdmin || !access.MayAssign(p.Staff, p.Staff.OrgID) {
		return nil, nil
	}
	load, err := s.store.OutletBooks(ctx, p.Scope, s.policy, p.Staff.OrgID)
	if err != nil {
		return nil, err
	}
	reqs, err := s.store.PendingRequests(ctx, p.Scope, p.Staff)
	if err != nil {
		return nil, err
	}
	return &homeBooks{Load: load, Tiers: []string{"T1", "T2", "T3", "T4", "T5"}, Waiting: len(reqs), Unserved: load.Clients - load.Served}, nil
}

// booksTable is a table of client managers' books with the view that words it (templates/books_rows.html).
type booksTable struct {
	V *view
	B *homeBooks
}

// BooksTable pairs the view with a table of books, for the shared template.
func (v *view) BooksTable(b *homeBooks) booksTable { return booksTable{V: v, B: b} }
