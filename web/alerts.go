package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/rating"
	"github.com/steward-bank/steward/store"
)

// AlertText says what an alert is about, in the page's language and as of the viewing day (not the night
// the alert was raised): "定期存款 A123 ¥200,000.00 7 天后到期" before the date, "今天到期" on it, "已到期 30 天"
// after it.
func (v *view) AlertText(a store.AlertView) string {
	f := a.Figures
	// left is the days from the viewing day to the date the alert is about: negative once it has passed.
	left := rating.DaysBetween(domain.Today(v.Now), a.Due)
	when := func(prefix string, args ...any) string {
		switch {
		case left > 0:
			return v.T(prefix+".future", append(args, left)...)
		case left == 0:
			return v.T(prefix+".today", args...)
		}
		return v.T(prefix+".past", append(args, -left)...)
	}
	switch a.Rule {
	case "large_movement", "moved_out":
		if v.P != nil && v.P.Scope.Masked {
			// A masked view is told the threshold crossed, not the amount (docs/masking.md).
			if f.TxnID == "" {
				return v.T("alert.text.netMasked", yuan(f.Threshold))
			}
			return v.T("alert.text.movementMasked", f.AccountID, yuan(f.Threshold))
		}
		if f.TxnID == "" {
			return v.T("alert.text.net", yuan(f.AmountFen))
		}
		return v.T("alert.text.movement", yuan(f.AmountFen), f.AccountID)
	case "maturity":
		if v.P != nil && v.P.Scope.Masked {
			return when("alerttext.maturityMasked", f.AccountID)
		}
		return when("alerttext.maturity", f.AccountID, yuan(f.AmountFen))
	case "birthday":
		who := f.Name
		if f.Relation != "" {
			who = v.Code("relation", f.Relation) + " " + f.Name
		}
		if f.Lunar {
			return when("alerttext.birthdayLunar", who)
		}
		return when("alerttext.birthday", who)
	case "risk_expiring", "risk_expired":
		return when("alerttext.risk")
	case "stars_up", "stars_down":
		return v.T("alert.text.stars", v.Stars(atoi(f.From)), v.Stars(atoi(f.To)))
	case "tier_up", "tier_down":
		return v.T("alert.text.tier", f.From, f.To)
	case "downgrade_warning":
		return v.DowngradeText(f.Below)
	case "near_upgrade":
		return v.T("alerttext.near", v.Stars(atoi(f.From)), v.Stars(atoi(f.To)))
	case "dormant", "churning", "lost":
		return v.T("alerttext.stage", v.Code("lifecycle", f.From), v.Code("lifecycle", f.To))
	case "contact_overdue":
		// Due is the day the contact was due: the days overdue grow with the viewing day.
		if f.Since == "" {
			return v.T("alert.text.overdueNever", f.Cadence, -left)
		}
		return v.T("alert.text.overdue", f.Since, f.Cadence, -left)
	case "phone_stale":
		if f.Opened {
			return v.T("alert.text.phoneNever", f.Since, f.Cadence)
		}
		return v.T("alert.text.phoneStale", f.Since, f.Cadence)
	case "holiday_greeting":
		return when("alerttext.holiday", f.Name)
	case "info_incomplete":
		var names []string
		for _, m := range strings.Split(f.Missing, ",") {
			names = append(names, v.T("alerttext.missing."+m))
		}
		return v.T("alerttext.missing", strings.Join(names, "、"))
	}
	return ""
}

// AlertAge says how long ago an alert was raised, as of the viewing day: 今天, 昨天, 3 天前.
func (v *view) AlertAge(a store.AlertView) string {
	switch n := rating.DaysBetween(a.RaisedOn, domain.Today(v.Now)); {
	case n <= 0:
		return v.T("alertage.today")
	case n == 1:
		return v.T("alertage.yesterday")
	default:
		return v.T("alertage.days", n)
	}
}

// AlertEscalation says to whom and when an alert left new past its deadline was escalated; "" when it
// was not.
func (v *view) AlertEscalation(a store.AlertView) string {
	if !a.Escalated {
		return ""
	}
	if a.EscalatedAt.IsZero() {
		return v.T("alert.escalated")
	}
	return v.T("alertesc.to", a.EscalatedTo, timeText(a.EscalatedAt))
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// actOnAlert acknowledges or closes an alert from the day list.
func (s *Server) actOnAlert(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.notFoundPage(w, r)
		return
	}
	err = s.store.ActOnAlert(r.Context(), p.Scope, p.Staff.ID, id, r.PostFormValue("action"), r.PostFormValue("outcome"))
	switch {
	case errors.Is(err, domain.ErrNotFound):
		s.notFoundPage(w, r)
	case errors.Is(err, store.ErrNotAllowed):
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "work.alertNotYours")
	case textProblem(err) != nil:
		http.Redirect(w, r, "/?"+inputQuery(textProblem(err))+"#alerts", http.StatusSeeOther)
	case errors.Is(err, store.ErrInvalid) && r.PostFormValue("next") == "alerts":
		http.Redirect(w, r, "/alerts?alert=outcome", http.StatusSeeOther)
	case errors.Is(err, store.ErrInvalid):
		http.Redirect(w, r, "/?alert=outcome#alerts", http.StatusSeeOther)
	case err != nil:
		s.serverError(w, r, p, err)
	case r.PostFormValue("next") == "alerts":
		http.Redirect(w, r, "/alerts", http.StatusSeeOther)
	default:
		http.Redirect(w, r, "/#alerts", http.StatusSeeOther)
	}
}

// TaskTitle words a task's title: a cadence task's code ("cadence:T4") in the page's language, others as
// written.
func (v *view) TaskTitle(t store.TaskView) string {
	if t.Kind != "" { // a supervisor's task: its kind, then its note
		if t.Title == "" {
			return v.KindText(t.Kind)
		}
		return v.KindText(t.Kind) + ": " + t.Title
	}
	if tier, ok := strings.CutPrefix(t.Title, "cadence:"); ok {
		return v.T("task.cadence", v.Code("tier", tier))
	}
	if t.Title == "handover" {
		return v.T("task.handover", "")
	}
	if note, ok := strings.CutPrefix(t.Title, "handover:"); ok {
		return v.T("task.handover", ": "+note)
	}
	return t.Title
}

// finishTask marks a task done from the day list.
func (s *Server) finishTask(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.notFoundPage(w, r)
		return
	}
	err = s.store.FinishTask(r.Context(), p.Scope, p.Staff.ID, id, "done")
	switch {
	case errors.Is(err, domain.ErrNotFound):
		s.notFoundPage(w, r)
	case errors.Is(err, store.ErrNotAllowed):
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "work.taskNotYours")
	case err != nil:
		s.serverError(w, r, p, err)
	case r.PostFormValue("next") == "tasks":
		http.Redirect(w, r, "/tasks?flash=taskDone", http.StatusSeeOther)
	default:
		http.Redirect(w, r, "/#tasks", http.StatusSeeOther)
	}
}

// handOver hands a prospect to a client manager of the outlet (tellers and lobby managers, from their
// day list).
func (s *Server) handOver(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	rm, _ := strconv.ParseInt(r.PostFormValue("rm"), 10, 64)
	err := s.store.HandOver(r.Context(), p.Scope, p.Staff.ID, r.PathValue("id"), rm, r.PostFormValue("note"), domain.Today(s.auth.Now()))
	switch {
	case errors.Is(err, domain.ErrNotFound):
		s.notFoundClient(w, r, p)
	case errors.Is(err, store.ErrReadOnly):
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "client.readOnlyErr")
	case textProblem(err) != nil:
		http.Redirect(w, r, "/?"+inputQuery(textProblem(err))+"#prospects", http.StatusSeeOther)
	case errors.Is(err, store.ErrInvalid):
		http.Redirect(w, r, "/?handover=invalid#prospects", http.StatusSeeOther)
	case err != nil:
		s.serverError(w, r, p, err)
	default:
		http.Redirect(w, r, "/?flash=handover#prospects", http.StatusSeeOther)
	}
}
