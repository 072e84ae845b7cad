package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/rotation"
	"github.com/steward-bank/steward/store"
)

// Rotation (轮岗) and the queue of clients waiting for a manager (待指定): GET /rotation lists the queue and
// the plans and starts a new plan; GET /rotation/{id} previews one plan and offers what the person may do
// with it. Every action is one store use case (store/rotation.go), which checks permission and audits.

// RotationNav reports whether the navigation shows the rotation page.
func (v *view) RotationNav() bool {
	return v.P != nil && (access.CanPlanRotation(v.P.Staff.Role) || access.CanWorkQueue(v.P.Staff.Role))
}

// rotationData is the rotation page.
type rotationData struct {
	Queue    []store.QueueEntry
	Plans    []store.RotationPlan
	Staff    []domain.Staff       // the client managers in reach
	From     int64                // the leaving manager chosen for a new plan (0: none yet)
	Book     []store.RotationLine // that manager's clients
	Tiers    []string
	CanQueue bool
	CanPlan  bool
}

// planData is one plan's page.
type planData struct {
	Plan      store.RotationPlan
	Loads     []store.RecipientLoad
	Caps      []store.CapRefusal
	CanSubmit bool
	CanDecide bool
	CanApply  bool
}

func (s *Server) actorOf(p *auth.Principal) store.Actor {
	return store.Actor{Staff: p.Staff, Org: p.Org, Scope: p.Scope, Policy: s.policy}
}

// rotationPage is GET /rotation.
func (s *Server) rotationPage(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	s.renderRotation(w, r, p, http.StatusOK, "")
}

func (s *Server) renderRotation(w http.ResponseWriter, r *http.Request, p *auth.Principal, status int, errKey string) {
	role := p.Staff.Role
	if !access.CanPlanRotation(role) && !access.CanWorkQueue(role) {
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "err.forbiddenText")
		return
	}
	ctx := r.Context()
	a := s.actorOf(p)
	d := rotationData{CanQueue: access.CanWorkQueue(role), CanPlan: access.CanPlanRotation(role), Tiers: []string{"T5", "T4", "T3", "T2", "T1"}}
	var err error
	if d.Staff, err = s.store.RotationStaff(ctx, a); err != nil {
		s.serverError(w, r, p, err)
		return
	}
	if d.CanQueue {
		if d.Queue, err = s.store.AssignmentQueue(ctx, p.Scope); err != nil {
			s.serverError(w, r, p, err)
			return
		}
	}
	if d.CanPlan {
		if d.Plans, err = s.store.RotationPlans(ctx, a); err != nil {
			s.serverError(w, r, p, err)
			return
		}
		if from, _ := strconv.ParseInt(r.FormValue("from"), 10, 64); from != 0 {
			d.From = from
			if d.Book, err = s.store.RotationBook(ctx, a, from); err != nil {
				s.serverError(w, r, p, err)
				return
			}
		}
	}
	if err := s.auditList(r, p, "web", "rotation", url.Values{"from": {r.FormValue("from")}}, len(d.Queue)+len(d.Book), -1); err != nil {
		s.serverError(w, r, p, err)
		return
	}
	v := s.newView(r, p)
	v.Nav = "rotation"
	if errKey != "" {
		v.Error = v.T(errKey)
	}
	v.Data = d
	s.render(w, r, status, "rotation.html", v)
}

// rotationErrKey is the message of a refused action, and its status.
func rotationErrKey(err error) (string, int) {
	var ref store.RotationRefusal
	switch {
	case errors.As(err, &ref):
		return "rotation.refuse." + ref.Code, http.StatusForbidden
	case errors.Is(err, domain.ErrNotFound):
		return "rotation.err.notFound", http.StatusNotFound
	case errors.Is(err, store.ErrPlanStale):
		return "rotation.err.stale", http.StatusConflict
	case errors.Is(err, store.ErrCapExceeded):
		return "rotation.err.cap", http.StatusConflict
	case errors.Is(err, store.ErrReadOnly):
		return "rotation.refuse.elsewhere", http.StatusForbidden
	case errors.Is(err, store.ErrInvalid):
		return "rotation.err.invalid", http.StatusBadRequest
	}
	return "", 0
}

// createPlan is POST /rotation/plans.
func (s *Server) createPlan(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	if err := r.ParseForm(); err != nil {
		s.renderRotation(w, r, p, http.StatusBadRequest, "rotation.err.invalid")
		return
	}
	in := store.RotationInput{ClientIDs: r.PostForm["client"], Tiers: r.PostForm["tier"], By: rotation.By(r.PostFormValue("by")),
		Reason: strings.TrimSpace(r.PostFormValue("reason"))}
	in.FromRM, _ = strconv.ParseInt(r.PostFormValue("from"), 10, 64)
	for _, v := range r.PostForm["to"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			in.Recipients = append(in.Recipients, id)
		}
	}
	if in.By != rotation.ByAUM {
		in.By = rotation.ByCount
	}
	id, err := s.store.PlanRotation(r.Context(), s.actorOf(p), in)
	if err != nil {
		if key, status := rotationErrKey(err); key != "" {
			s.renderRotation(w, r, p, status, key)
			return
		}
		s.serverError(w, r, p, err)
		return
	}
	http.Redirect(w, r, "/rotation/"+strconv.FormatInt(id, 10)+"?flash=plan_created", http.StatusSeeOther)
}

// planPage is GET /rotation/{id}.
func (s *Server) planPage(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	s.renderPlan(w, r, p, http.StatusOK, "")
}

func (s *Server) renderPlan(w http.ResponseWriter, r *http.Request, p *auth.Principal, status int, errKey string) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.errorPage(w, r, p, http.StatusNotFound, "rotation.err.notFound", "rotation.err.notFoundText")
		return
	}
	ctx := r.Context()
	plan, err := s.store.RotationPlanByID(ctx, s.actorOf(p), id)
	if errors.Is(err, domain.ErrNotFound) {
		s.errorPage(w, r, p, http.StatusNotFound, "rotation.err.notFound", "rotation.err.notFoundText")
		return
	}
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	d := planData{Plan: plan}
	if d.Loads, err = plan.Preview(); err == nil {
		d.Caps, err = s.store.PlanCapRefusals(ctx, s.policy, plan)
	}
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	d.CanSubmit = plan.State == store.PlanDraft && plan.CreatedBy == p.Staff.ID
	d.CanDecide = plan.State == store.PlanSubmitted && access.CanApproveRotation(p.Staff, p.Org, plan.CreatedBy, plan.Outlets) == ""
	d.CanApply = plan.State == store.PlanApproved && access.CanPlanRotation(p.Staff.Role)
	if err := s.auditList(r, p, "web", "rotation_plan", url.Values{"plan": {r.PathValue("id")}}, len(plan.Lines), len(plan.Lines)); err != nil {
		s.serverError(w, r, p, err)
		return
	}
	v := s.newView(r, p)
	v.Nav = "rotation"
	if errKey != "" {
		v.Error = v.T(errKey)
	}
	v.Data = d
	s.render(w, r, status, "rotation_plan.html", v)
}

// actOnPlan is POST /rotation/{id}/{action}: submit, approve, reject or apply.
func (s *Server) actOnPlan(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.errorPage(w, r, p, http.StatusNotFound, "rotation.err.notFound", "rotation.err.notFoundText")
		return
	}
	ctx, a := r.Context(), s.actorOf(p)
	action := r.PathValue("action")
	switch action {
	case "submit":
		err = s.store.SubmitRotation(ctx, a, id)
	case "approve", "reject":
		err = s.store.DecideRotation(ctx, a, id, action == "approve", r.FormValue("reason"))
	case "apply":
		err = s.store.ApplyRotation(ctx, a, id)
	default:
		s.notFoundPage(w, r)
		return
	}
	if err != nil {
		key, status := rotationErrKey(err)
		if key == "" {
			s.serverError(w, r, p, err)
			return
		}
		if status == http.StatusNotFound {
			s.errorPage(w, r, p, status, "rotation.err.notFound", "rotation.err.notFoundText")
			return
		}
		s.renderPlan(w, r, p, status, key)
		return
	}
	http.Redirect(w, r, "/rotation/"+strconv.FormatInt(id, 10)+"?flash=plan_"+action, http.StatusSeeOther)
}

// assignQueued is POST /rotation/queue: the ticked clients waiting for a manager go to one client manager.
func (s *Server) assignQueued(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	if err := r.ParseForm(); err != nil {
		s.renderRotation(w, r, p, http.StatusBadRequest, "rotation.err.invalid")
		return
	}
	to, _ := strconv.ParseInt(r.PostFormValue("rm"), 10, 64)
	err := s.store.AssignFromQueue(r.Context(), s.actorOf(p), r.PostForm["client"], to, strings.TrimSpace(r.PostFormValue("reason")))
	if err != nil {
		key, status := rotationErrKey(err)
		if key == "" {
			s.serverError(w, r, p, err)
			return
		}
		s.renderRotation(w, r, p, status, key)
		return
	}
	http.Redirect(w, r, "/rotation?flash=queue_assigned", http.StatusSeeOther)
}
