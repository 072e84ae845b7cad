package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
)

// logContact records a contact from the client view (or from an alert of the day list, with alert=ID):
// channel (phone by default), outcome, an optional note, and an optional next step with its date, which
// becomes a follow-up task. Three clicks at most: the channel, the outcome, the button.
func (s *Server) logContact(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	id := r.PathValue("id")
	form := clientForm{Which: "contact"}
	c := store.Contact{ClientID: id, Channel: r.PostFormValue("channel"), Outcome: r.PostFormValue("outcome"),
		Note: r.PostFormValue("note"), NextStep: r.PostFormValue("next_step")}
	if c.Channel == "" {
		c.Channel = "phone"
	}
	if v := strings.TrimSpace(r.PostFormValue("follow_up")); v != "" {
		d, err := domain.ParseDate(v)
		if err != nil || d.Before(domain.Today(s.auth.Now())) {
			s.invalid(w, r, p, id, form, "contact.badDate")
			return
		}
		c.FollowUp = d
	}
	if a := r.PostFormValue("alert"); a != "" {
		c.AlertID, _ = strconv.ParseInt(a, 10, 64)
	}
	if c.Outcome == "" {
		s.invalid(w, r, p, id, form, "contact.noOutcome")
		return
	}
	if !c.FollowUp.IsZero() && strings.TrimSpace(c.NextStep) == "" {
		s.invalid(w, r, p, id, form, "contact.noNextStep")
		return
	}
	_, err := s.store.LogContact(r.Context(), p.Scope, p.Staff.ID, c)
	s.afterChange(w, r, p, id, form, err)
}
