package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/store"
)

// The instant upgrade applications in the API: the same use cases as the pages (store.ApplyUpgrade,
// store.DecideUpgrade, store.WaitingUpgrades), so the permission, the checks and the audit are the same.

type upgradeInJSON struct {
	Stars  int    `json:"stars"`
	Until  string `json:"until"`
	Reason string `json:"reason"`
	Amount string `json:"amount,omitempty"`
}

type upgradeJSON struct {
	ID             int64   `json:"id"`
	ClientID       string  `json:"client_id"`
	ClientName     string  `json:"client_name"`
	Stars          int     `json:"stars"`
	HeldStars      int     `json:"held_stars"`
	Until          string  `json:"until"`
	Reason         string  `json:"reason"`
	Amount         *string `json:"amount"`
	Applicant      string  `json:"applicant"`
	AppliedAt      string  `json:"applied_at"`
	State          string  `json:"state"`
	Decider        *string `json:"decider"`
	DecisionReason string  `json:"decision_reason"`
}

func upgradeOut(a store.UpgradeApplication) upgradeJSON {
	out := upgradeJSON{ID: a.ID, ClientID: a.ClientID, ClientName: a.ClientName, Stars: a.Stars, HeldStars: a.HeldService,
		Until: a.Until.String(), Reason: a.Reason, Applicant: a.ApplicantName, AppliedAt: a.AppliedAt.UTC().Format("2006-01-02T15:04:05Z"),
		State: a.State, DecisionReason: a.DecisionReason}
	if a.AmountFen != 0 {
		v := decimalYuan(a.AmountFen)
		out.Amount = &v
	}
	if a.DeciderName != "" {
		out.Decider = &a.DeciderName
	}
	return out
}

// apiApplyUpgrade: POST /api/v1/clients/{id}/upgrades.
func (s *Server) apiApplyUpgrade(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	id := r.PathValue("id")
	var in upgradeInJSON
	if !decodeBody(w, r, &in) {
		return
	}
	bad := func(msg string) { writeJSONError(w, http.StatusBadRequest, msg) }
	until, ok := apiDate(strings.TrimSpace(in.Until))
	if !ok {
		bad("until must be a date written YYYY-MM-DD")
		return
	}
	req := store.UpgradeRequest{ClientID: id, Stars: in.Stars, Until: until, Reason: in.Reason}
	if a := strings.TrimSpace(in.Amount); a != "" {
		m, err := policy.ParseYuan(a)
		if err != nil {
			bad("amount: " + err.Error())
			return
		}
		req.AmountFen = m.Fen()
	}
	uid, err := s.store.ApplyUpgrade(r.Context(), p.Staff, p.Scope, req, s.policy.Rating.InstantUpgradeMaxDays)
	switch {
	case errors.Is(err, domain.ErrNotFound):
		writeJSONError(w, http.StatusNotFound, errClientNotFound)
	case errors.Is(err, store.ErrNotAllowed):
		writeJSONError(w, http.StatusForbidden, "only the client's own client manager applies for an instant upgrade")
	case textProblem(err) != nil:
		bad(textProblem(err).Error())
	case errors.Is(err, store.ErrInvalid):
		bad(err.Error())
	case err != nil:
		s.apiInternal(w, r, err)
	default:
		list, err := s.store.ClientUpgrades(r.Context(), p.Scope, id, 1)
		if err != nil || len(list) == 0 || list[0].ID != uid {
			s.apiInternal(w, r, errors.Join(err, errors.New("the application just made is not found")))
			return
		}
		writeJSON(w, http.StatusCreated, upgradeOut(list[0]))
	}
}

// apiUpgrades: GET /api/v1/upgrades, the applications waiting for the caller's decision.
func (s *Server) apiUpgrades(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	v := s.newView(r, p)
	if !v.DecidesUpgrades() {
		writeJSONError(w, http.StatusForbidden, "instant upgrade applications are decided by the outlet's supervisor or outlet manager")
		return
	}
	list, err := s.store.WaitingUpgrades(r.Context(), p.Scope)
	if err != nil {
		s.apiInternal(w, r, err)
		return
	}
	if err := s.auditList(r, p, "api", "upgrade_applications", nil, len(list), len(list)); err != nil {
		s.apiInternal(w, r, err)
		return
	}
	out := struct {
		Items []upgradeJSON `json:"items"`
	}{Items: []upgradeJSON{}}
	for _, a := range list {
		out.Items = append(out.Items, upgradeOut(a))
	}
	writeJSON(w, http.StatusOK, out)
}

// apiDecideUpgrade: POST /api/v1/upgrades/{id} with {"decision": "approve"|"reject", "reason": "…"}.
func (s *Server) apiDecideUpgrade(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	id, ok := pathID(r)
	if !ok {
		writeJSONError(w, http.StatusNotFound, "application not found")
		return
	}
	var in struct {
		Decision string `json:"decision"`
		Reason   string `json:"reason"`
	}
	if !decodeBody(w, r, &in) {
		return
	}
	if in.Decision != "approve" && in.Decision != "reject" {
		writeJSONError(w, http.StatusBadRequest, `decision must be "approve" or "reject"`)
		return
	}
	err := s.store.DecideUpgrade(r.Context(), p.Staff, p.Scope, id, in.Decision == "approve", in.Reason)
	var state string
	switch {
	case errors.Is(err, domain.ErrNotFound):
		writeJSONError(w, http.StatusNotFound, "application not found")
	case errors.Is(err, store.ErrNotAllowed):
		writeJSONError(w, http.StatusForbidden, "only a supervisor or outlet manager of the client's outlet, not the applicant, decides")
	case textProblem(err) != nil:
		writeJSONError(w, http.StatusBadRequest, textProblem(err).Error())
	case errors.Is(err, store.ErrInvalid) && strings.Contains(err.Error(), "decision_reason"):
		writeJSONError(w, http.StatusBadRequest, err.Error())
	case errors.Is(err, store.ErrInvalid):
		writeJSONError(w, http.StatusConflict, err.Error())
	case err != nil:
		s.apiInternal(w, r, err)
	default:
		state = store.UpgradeRejected
		if in.Decision == "approve" {
			state = store.UpgradeApproved
		}
		writeJSON(w, http.StatusOK, stateChangeJSON{ID: id, State: state})
	}
}
