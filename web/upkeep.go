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
	s.afterMark(w, r, p, id, err, "phone.noMobile", "phone")
}

// afterMark answers a one-click change on the client view's identity section: back to it with the flash
// message flash, or the reason it was refused (invalid: the message key for the store's ErrInvalid).
func (s *Server) afterMark(w http.ResponseWriter, r *http.Request, p *auth.Principal, id string, err error, invalid, flash string) {
	switch {
	case errors.Is(err, domain.ErrNotFound):
		s.notFoundClient(w, r, p)
	case errors.Is(err, store.ErrReadOnly):
		s.showClient(w, r, p, id, http.StatusForbidden, clientForm{}, s.newView(r, p).T("client.readOnlyErr"))
	case errors.Is(err, store.ErrInvalid):
		s.showClient(w, r, p, id, http.StatusUnprocessableEntity, clientForm{}, s.newView(r, p).T(invalid))
	case err != nil:
		s.serverError(w, r, p, err)
	default:
		http.Redirect(w, r, "/clients/"+url.PathEscape(id)+"?flash="+flash+"#identity", http.StatusSeeOther)
	}
}

// setLunarBirthday marks (lunar=1) or unmarks (lunar=0) that the client celebrates the lunar birthday
// (按农历过生日): its birthday alerts and greetings then fall on the lunar month and day of its birth date.
// Those who may change the client may do it; audited by the store.
func (s *Server) setLunarBirthday(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	id := r.PathValue("id")
	var lunar bool
	switch r.PostFormValue("lunar") {
	case "1":
		lunar = true
	case "0":
	default:
		s.showClient(w, r, p, id, http.StatusBadRequest, clientForm{}, s.newView(r, p).T("lunar.bad"))
		return
	}
	err := s.store.SetLunarBirthday(r.Context(), p.Scope, p.Staff.ID, id, lunar)
	s.afterMark(w, r, p, id, err, "lunar.noBirthDate", "lunar")
}
