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
	"github.com/steward-bank/steward/pipeline"
	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/store"
)

// Instant upgrade applications (VIP即时申请): the form on the client view of a client the person keeps, the
// applications listed there, and the approvals page of the outlet's supervisors and outlet manager. The
// rules, the permission and the audit are the store's (store.ApplyUpgrade, store.DecideUpgrade); the page
// checks the input first to word its problems in the person's language.

// upgradeInfo is what the client view shows of instant upgrades.
type upgradeInfo struct {
	// CanApply: the person is the client's own client manager and no application of the client waits.
	CanApply bool
	Waiting  bool
	List     []store.UpgradeApplication
	// Stars are the levels the person may ask for (above the held service stars); MaxUntil the last end
	// date the policy allows, Today the first.
	Stars           []int
	Today, MaxUntil string
}

// clientUpgrades reads the instant upgrades of a client for its view.
func (s *Server) clientUpgrades(ctx context.Context, p *auth.Principal, c store.ClientDetail, card pipeline.ClientCard) (upgradeInfo, error) {
	var u upgradeInfo
	var err error
	if u.List, err = s.store.ClientUpgrades(ctx, p.Scope, c.ClientID, 10); err != nil {
		return u, err
	}
	for _, a := range u.List {
		u.Waiting = u.Waiting || a.State == store.UpgradePending
	}
	today := domain.Today(s.auth.Now())
	u.Today, u.MaxUntil = today.String(), today.AddDays(s.policy.Rating.InstantUpgradeMaxDays).String()
	for _, n := range []int{3, 4, 5, 6, 7} {
		if n > card.ServiceStars {
			u.Stars = append(u.Stars, n)
		}
	}
	u.CanApply = !u.Waiting && len(u.Stars) > 0 && access.MayApplyUpgrade(p.Staff.Role, p.Scope, c.RMID)
	return u, nil
}

// DecidesUpgrades reports whether the person decides instant upgrade applications (the approvals page).
func (v *view) DecidesUpgrades() bool {
	return v.P != nil && (v.P.Staff.Role == domain.RoleSupervisor || v.P.Staff.Role == domain.RoleOutletManager) &&
		v.P.Scope.Reach == access.ReachOutlet
}

// UpgradeState names an application's state.
func (v *view) UpgradeState(state string) string { return v.T("upgrade.state." + state) }

// applyUpgrade takes the application form of the client view.
func (s *Server) applyUpgrade(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	id := r.PathValue("id")
	lang := resolveLang(r, p)
	problem := func(status int, key string, args ...any) {
		s.showClient(w, r, p, id, status, clientForm{}, msg(lang, key, args...))
	}
	req := store.UpgradeRequest{ClientID: id, Reason: strings.TrimSpace(r.PostFormValue("reason"))}
	req.Stars, _ = strconv.Atoi(r.PostFormValue("stars"))
	maxDays := s.policy.Rating.InstantUpgradeMaxDays
	today := domain.Today(s.auth.Now())
	until, err := domain.ParseDate(strings.TrimSpace(r.PostFormValue("until")))
	if err != nil || until.IsZero() || until.Before(today) || until.After(today.AddDays(maxDays)) {
		problem(http.StatusUnprocessableEntity, "upgrade.untilInvalid", today.String(), today.AddDays(maxDays).String(), maxDays)
		return
	}
	req.Until = until
	if req.Stars < 3 || req.Stars > 7 {
		problem(http.StatusUnprocessableEntity, "upgrade.starsInvalid")
		return
	}
	if req.Reason == "" || utf8.RuneCountInString(req.Reason) > store.UpgradeReasonMaxRunes {
		problem(http.StatusUnprocessableEntity, "upgrade.reasonInvalid", store.UpgradeReasonMaxRunes)
		return
	}
	if a := strings.TrimSpace(r.PostFormValue("amount")); a != "" {
		m, err := policy.ParseYuan(strings.ReplaceAll(a, ",", ""))
		if err != nil || m < 0 || m > policy.MaxFeedAmountCap {
			problem(http.StatusUnprocessableEntity, "upgrade.amountInvalid")
			return
		}
		req.AmountFen = m.Fen()
	}
	_, err = s.store.ApplyUpgrade(r.Context(), p.Staff, p.Scope, req, maxDays)
	switch {
	case err == nil:
		http.Redirect(w, r, "/clients/"+url.PathEscape(id)+"?flash=upgradeApplied#upgrades", http.StatusSeeOther)
	case errors.Is(err, domain.ErrNotFound):
		s.notFoundClient(w, r, p)
	case errors.Is(err, store.ErrNotAllowed):
		problem(http.StatusForbidden, "upgrade.notYours")
	case textProblem(err) != nil:
		s.showClient(w, r, p, id, http.StatusBadRequest, clientForm{}, inputMessage(lang, textProblem(err)))
	case errors.Is(err, store.ErrInvalid):
		// What the form could not check: the stars already held, or an application already waiting.
		problem(http.StatusUnprocessableEntity, "upgrade.refused")
	default:
		s.serverError(w, r, p, err)
	}
}

// upgradesData is the approvals page.
type upgradesData struct {
	Waiting []store.UpgradeApplication
}

// upgradesPage lists the applications waiting for the person's decision: those of the clients of their
// outlet. Only supervisors and outlet managers decide.
func (s *Server) upgradesPage(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	s.showUpgrades(w, r, p, http.StatusOK, "")
}

func (s *Server) showUpgrades(w http.ResponseWriter, r *http.Request, p *auth.Principal, status int, problem string) {
	v := s.newView(r, p)
	if !v.DecidesUpgrades() {
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "upgrade.onlyDeciders")
		return
	}
	list, err := s.store.WaitingUpgrades(r.Context(), p.Scope)
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	// The page names clients with the evidence about their money: the listing is audited.
	if err := s.auditList(r, p, "web", "upgrade_applications", url.Values{}, len(list), len(list)); err != nil {
		s.serverError(w, r, p, err)
		return
	}
	v.Nav = "upgrades"
	v.Error = problem
	v.Data = upgradesData{Waiting: list}
	s.render(w, r, status, "upgrades.html", v)
}

// decideUpgrade approves or rejects one application.
func (s *Server) decideUpgrade(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	lang := resolveLang(r, p)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.notFoundPage(w, r)
		return
	}
	decision, reason := r.PostFormValue("decision"), strings.TrimSpace(r.PostFormValue("reason"))
	if decision != "approve" && decision != "reject" {
		s.showUpgrades(w, r, p, http.StatusUnprocessableEntity, msg(lang, "upgrade.decisionInvalid"))
		return
	}
	if (decision == "reject" && reason == "") || utf8.RuneCountInString(reason) > store.UpgradeReasonMaxRunes {
		s.showUpgrades(w, r, p, http.StatusUnprocessableEntity, msg(lang, "upgrade.decisionReasonInvalid", store.UpgradeReasonMaxRunes))
		return
	}
	err = s.store.DecideUpgrade(r.Context(), p.Staff, p.Scope, id, decision == "approve", reason)
	switch {
	case err == nil:
		http.Redirect(w, r, "/approvals/upgrades?flash=upgrade_"+decision, http.StatusSeeOther)
	case errors.Is(err, domain.ErrNotFound):
		s.showUpgrades(w, r, p, http.StatusNotFound, msg(lang, "upgrade.notFound"))
	case errors.Is(err, store.ErrNotAllowed):
		s.showUpgrades(w, r, p, http.StatusForbidden, msg(lang, "upgrade.notDecider"))
	case textProblem(err) != nil:
		s.showUpgrades(w, r, p, http.StatusBadRequest, inputMessage(lang, textProblem(err)))
	case errors.Is(err, store.ErrInvalid):
		s.showUpgrades(w, r, p, http.StatusConflict, msg(lang, "upgrade.notWaiting"))
	default:
		s.serverError(w, r, p, err)
	}
}

// upgradeHistoryText words a rating history line of an approved instant upgrade: "即时升级：至 2027-03-31
// 保持 五星（赵主管批准）".
func (v *view) upgradeHistoryText(e store.HistoryEntry) string {
	l := "en"
	if v.Lang == langZH {
		l = "zh"
	}
	return pipeline.InstantUpgradeText(e.ToService, e.UpgradeUntil, e.UpgradeBy, l)
}
