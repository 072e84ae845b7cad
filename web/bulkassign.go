package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
)

// Assigning a selection of the client list to one client manager: the person ticks rows or takes the whole
// current filter (at most store.MaxAssignBatch clients), chooses the recipient, reads the preview (counts
// and AUM by tier, the recipient's book against the cap) and applies it, all or nothing
// (store.AssignClients).

func (s *Server) bulkAssignRoutes(mux *routeMux) {
	mux.Handle("POST /clients/assign/preview", s.page(s.bulkPreview))
	mux.Handle("POST /clients/assign", s.page(s.bulkApply))
}

// bulkAssign is the client list's selection form: the recipients offered.
type bulkAssign struct {
	RMs []domain.Staff
	// Filter is the list's current filter, sent with "the whole filter" choice.
	Filter string
}

// bulkOptions is the client list's selection form for a person who may assign the clients of an outlet:
// their own outlet, or the outlet the list is filtered to (an administrator); nil otherwise.
func (s *Server) bulkOptions(ctx context.Context, p *auth.Principal, lq listQuery) (*bulkAssign, error) {
	outlet := p.Staff.OrgID
	if p.Staff.Role == domain.RoleAdmin {
		outlet = lq.OutletID
	}
	if !access.MayAssign(p.Staff, outlet) {
		return nil, nil
	}
	rms, err := s.store.OutletRMs(ctx, outlet)
	if err != nil || len(rms) == 0 {
		return nil, err
	}
	return &bulkAssign{RMs: rms, Filter: lq.values().Encode()}, nil
}

// bulkPreviewData is the preview page.
type bulkPreviewData struct {
	Preview  store.RMPreview
	RM       string
	IDs      []string
	Reason   string
	Override bool
}

// selection reads the selected clients: the ticked rows, or every client of the filter (select=filter).
func (s *Server) selection(r *http.Request, p *auth.Principal) ([]string, string, error) {
	if r.PostFormValue("select") == "filter" {
		q, err := url.ParseQuery(r.PostFormValue("filter"))
		if err != nil {
			return nil, "bulk.badFilter", err
		}
		f := parseListQuery(q).filter()
		f.Limit, f.Cursor, f.Offset = store.MaxAssignBatch, "", 0
		page, err := s.store.SearchClients(r.Context(), p.Scope, f)
		if err != nil {
			return nil, "", err
		}
		if page.Total > store.MaxAssignBatch {
			return nil, "bulk.tooMany", nil
		}
		ids := make([]string, len(page.Items))
		for i, c := range page.Items {
			ids[i] = c.ClientID
		}
		return ids, "", nil
	}
	return r.PostForm["id"], "", nil
}

func (s *Server) bulkPreview(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	r.Body = http.MaxBytesReader(w, r.Body, 256<<10)
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, p, http.StatusBadRequest, "err.badRequest", "bulk.badFilter")
		return
	}
	ids, problem, err := s.selection(r, p)
	if err != nil && problem == "" {
		s.serverError(w, r, p, err)
		return
	}
	if problem == "" && len(ids) == 0 {
		problem = "bulk.none"
	}
	if problem != "" {
		s.bulkError(w, r, p, http.StatusBadRequest, msg(resolveLang(r, p), problem, store.MaxAssignBatch))
		return
	}
	s.showPreview(w, r, p, http.StatusOK, ids, "")
}

func (s *Server) showPreview(w http.ResponseWriter, r *http.Request, p *auth.Principal, status int, ids []string, problem string) {
	username := r.PostFormValue("rm")
	rm, err := s.staffIDOf(r.Context(), username)
	var pv store.RMPreview
	if err == nil {
		pv, err = s.store.PreviewAssignment(r.Context(), p.Scope, p.Staff.ID, s.policy, ids, rm)
	}
	lang := resolveLang(r, p)
	switch {
	case errors.Is(err, domain.ErrNotFound):
		s.errorPage(w, r, p, http.StatusNotFound, "client.notFound", "client.notFoundText")
		return
	case errors.Is(err, store.ErrNotAllowed):
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "rel.notAllowed")
		return
	case errors.Is(err, store.ErrInvalid):
		s.bulkError(w, r, p, http.StatusBadRequest, msg(lang, "rel.invalid", err.Error()))
		return
	case err != nil:
		s.serverError(w, r, p, err)
		return
	}
	// The preview carries the selection's client numbers and AUM by tier: audited as a list of clients.
	if err := s.auditList(r, p, "web", "assign_preview", url.Values{"rm": {username}}, len(ids), len(ids)); err != nil {
		s.serverError(w, r, p, err)
		return
	}
	v := s.newView(r, p)
	v.Nav = "clients"
	v.Path = "/clients"
	v.Error = problem
	if problem == "" && len(pv.Breaches) > 0 {
		v.Error = capText(lang, &store.CapError{Breaches: pv.Breaches})
	}
	v.Data = bulkPreviewData{Preview: pv, RM: username, IDs: ids, Reason: strings.TrimSpace(r.PostFormValue("reason")),
		Override: r.PostFormValue("override_cap") == "1"}
	s.render(w, r, status, "assign_preview.html", v)
}

func (s *Server) bulkApply(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	r.Body = http.MaxBytesReader(w, r.Body, 256<<10)
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, p, http.StatusBadRequest, "err.badRequest", "bulk.badFilter")
		return
	}
	lang := resolveLang(r, p)
	ids := r.PostForm["id"]
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	if reason == "" {
		s.showPreview(w, r, p, http.StatusBadRequest, ids, msg(lang, "rel.reasonRequired"))
		return
	}
	rm, err := s.staffIDOf(r.Context(), r.PostFormValue("rm"))
	if err == nil && rm == 0 {
		err = store.ErrInvalid
	}
	var changes []store.RMChange
	if err == nil {
		changes, err = s.store.AssignClients(r.Context(), p.Scope, p.Staff.ID, s.policy, store.RMAssignment{ClientIDs: ids, RMID: rm,
			Reason: reason, OverrideCap: r.PostFormValue("override_cap") == "1"})
	}
	var ce *store.CapError
	switch {
	case err == nil:
		http.Redirect(w, r, "/clients?assigned="+strconv.Itoa(len(changes))+"&flash=bulkassigned", http.StatusSeeOther)
	case errors.As(err, &ce):
		s.showPreview(w, r, p, http.StatusConflict, ids, capText(lang, ce))
	case errors.Is(err, domain.ErrNotFound):
		s.errorPage(w, r, p, http.StatusNotFound, "client.notFound", "client.notFoundText")
	case errors.Is(err, store.ErrNotAllowed):
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "rel.notAllowed")
	case textProblem(err) != nil:
		s.showPreview(w, r, p, http.StatusBadRequest, ids, inputMessage(lang, textProblem(err)))
	case errors.Is(err, store.ErrInvalid):
		s.showPreview(w, r, p, http.StatusBadRequest, ids, msg(lang, "rel.invalid", err.Error()))
	default:
		s.serverError(w, r, p, err)
	}
}

// bulkError shows a selection's problem on the message page.
func (s *Server) bulkError(w http.ResponseWriter, r *http.Request, p *auth.Principal, status int, text string) {
	v := s.newView(r, p)
	d := newErrorData(v, r, status, "bulk.title", "bulk.title")
	d.Text = text
	v.Data = d
	s.render(w, r, status, "error.html", v)
}
