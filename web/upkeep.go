package web

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
)

// verifyPhone records, in one click on the client view, that the client's phone was verified today
// (电话已核实): tellers at the counter and the client's keepers; audited by the store.
func (s *Server) verifyPhone(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	id := r.PathValue("id")
	err := s.store.VerifyPhone(r.Context(), p.Scope, p.Staff.ID, id, domain.Today(s.auth.Now()))
	switch {
	case errors.Is(err, domain.ErrNotFound):
		s.notFoundClient(w, r, p)
	case errors.Is(err, store.ErrReadOnly):
		s.showClient(w, r, p, id, http.StatusForbidden, clientForm{}, s.newView(r, p).T("client.readOnlyErr"))
	case errors.Is(err, store.ErrInvalid):
		s.showClient(w, r, p, id, http.StatusUnprocessableEntity, clientForm{}, s.newView(r, p).T("phone.noMobile"))
	case err != nil:
		s.serverError(w, r, p, err)
	default:
		http.Redirect(w, r, "/clients/"+url.PathEscape(id)+"?flash=phone#identity", http.StatusSeeOther)
	}
}
