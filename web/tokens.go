package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
)

// tokensData is the API tokens page: the person's own tokens, or for an administrator everyone's.
type tokensData struct {
	All    bool // an administrator's view: every member of staff's tokens, with their owner
	Days   int  // the policy's token lifetime
	Tokens []auth.TokenInfo
}

// tokensPage is GET /tokens.
func (s *Server) tokensPage(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	all := p.Can(access.CapManageUsers)
	list, err := s.auth.Tokens(r.Context(), *p, all)
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	v := s.newView(r, p)
	v.Nav = "tokens"
	v.Data = tokensData{All: all, Days: s.policy.Security.TokenMaxDays, Tokens: list}
	s.render(w, r, http.StatusOK, "tokens.html", v)
}

// revokeToken is POST /tokens/{id}/revoke: a person revokes one of their tokens, an administrator anyone's
// (auth checks which; the revocation is audited).
func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err == nil {
		err = s.auth.RevokeToken(r.Context(), *p, id, clientIP(r))
	}
	switch {
	case err == nil:
		http.Redirect(w, r, "/tokens?flash=token_revoked", http.StatusSeeOther)
	case errors.Is(err, domain.ErrNotFound), errors.Is(err, strconv.ErrSyntax), errors.Is(err, strconv.ErrRange):
		s.errorPage(w, r, p, http.StatusNotFound, "tokens.notFound", "tokens.notFoundText")
	default:
		s.serverError(w, r, p, err)
	}
}
