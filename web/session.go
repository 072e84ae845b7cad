package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
)

// sessionCookie holds the session token; the database keeps only its hash (auth).
const sessionCookie = "steward_session"

// handlerP is a handler for an authenticated person.
type handlerP func(w http.ResponseWriter, r *http.Request, p *auth.Principal)

// sessionPrincipal resolves the session cookie.
func (s *Server) sessionPrincipal(r *http.Request) (auth.Principal, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return auth.Principal{}, auth.ErrNoSession
	}
	return s.auth.Session(r.Context(), c.Value)
}

// bearerToken is the token of an "Authorization: Bearer …" header, or "".
func bearerToken(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// page wraps a page handler: without a session the person is sent to the login page (and back afterwards);
// with an expired password, to the password page, whatever they asked for.
func (s *Server) page(h handlerP) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := s.sessionPrincipal(r)
		if errors.Is(err, auth.ErrNoSession) {
			if _, cerr := r.Cookie(sessionCookie); cerr == nil {
				s.clearSessionCookie(w)
			}
			next := ""
			if r.Method == http.MethodGet {
				next = r.URL.RequestURI()
			}
			target := "/login"
			if next != "" && next != "/" {
				target += "?next=" + url.QueryEscape(next)
			}
			s.redirect(w, r, target)
			return
		}
		if err != nil {
			s.serverError(w, r, nil, err)
			return
		}
		infoOf(r.Context()).staff = p.Staff.Username
		if p.PasswordExpired && r.URL.Path != "/password" {
			s.redirect(w, r, "/password")
			return
		}
		h(w, r, &p)
	})
}

// redirect sends the browser elsewhere after a form or to the login page. An htmx request gets
// HX-Redirect instead, so that htmx loads the whole page rather than swapping it into a table.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, target string) {
	if r.Header.Get("HX-Request") == "true" {
		w.Header().Set("HX-Redirect", target)
		w.WriteHeader(http.StatusOK)
		return
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// localPath accepts a "next" target only if it is a path on this site ("/clients?q=张"), never another
// site ("//evil.example", "https://…", "/\evil"), so that the login page cannot become an open redirect.
func localPath(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return "/"
	}
	return next
}

func (s *Server) setSessionCookie(w http.ResponseWriter, token string, ttl time.Duration) {
	http.SetCookie(w, &http.Cookie{
		Name:     sessionCookie,
		Value:    token,
		Path:     "/",
		MaxAge:   int(ttl / time.Second),
		HttpOnly: true,
		Secure:   s.secure,
		SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: s.secure, SameSite: http.SameSiteLaxMode})
}

// loginData is the login page's form.
type loginData struct {
	Username string
	Next     string
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	if p, err := s.sessionPrincipal(r); err == nil {
		infoOf(r.Context()).staff = p.Staff.Username
		http.Redirect(w, r, localPath(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	v := s.newView(r, nil)
	v.Data = loginData{Next: r.URL.Query().Get("next")}
	s.render(w, r, http.StatusOK, "login.html", v)
}

func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	username := strings.TrimSpace(r.PostFormValue("username"))
	password := r.PostFormValue("password")
	next := r.PostFormValue("next")
	v := s.newView(r, nil)
	v.Data = loginData{Username: username, Next: next}
	if username == "" || password == "" {
		v.Error = v.T("login.missing")
		s.render(w, r, http.StatusBadRequest, "login.html", v)
		return
	}
	// Every refusal reads the same whether the name is an account or not (auth counts both alike).
	token, p, err := s.auth.Login(r.Context(), username, password, clientIP(r), r.UserAgent())
	var locked *auth.LockedError
	var throttled *auth.ThrottledError
	switch {
	case errors.As(err, &throttled):
		w.Header().Set("Retry-After", retryAfter(throttled.Until, s.auth.Now()))
		v.Error = v.T("login.throttled", lockedUntilText(throttled.Until, s.auth.Now()))
		s.render(w, r, http.StatusTooManyRequests, "login.html", v)
		return
	case errors.As(err, &locked):
		w.Header().Set("Retry-After", retryAfter(locked.Until, s.auth.Now()))
		v.Error = v.T("login.locked", lockedUntilText(locked.Until, s.auth.Now()))
		s.render(w, r, http.StatusLocked, "login.html", v)
		return
	case errors.Is(err, auth.ErrBadCredentials):
		v.Error = v.T("login.bad")
		s.render(w, r, http.StatusUnauthorized, "login.html", v)
		return
	case err != nil:
		s.serverError(w, r, nil, err)
		return
	}
	infoOf(r.Context()).staff = p.Staff.Username
	s.setSessionCookie(w, token, s.auth.SessionTTL())
	target := localPath(next)
	if p.PasswordExpired {
		target = "/password"
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// retryAfter is a Retry-After header's value: the seconds until a lock ends.
func retryAfter(until, now time.Time) string {
	return strconv.Itoa(int(max(until.Sub(now).Round(time.Second), time.Second) / time.Second))
}

// lockedUntilText is the end of a lock in bank time: "15:04" today, "2006-01-02 15:04" otherwise.
func lockedUntilText(until, now time.Time) string {
	u := until.In(domain.Shanghai)
	if domain.DateOf(u) == domain.DateOf(now.In(domain.Shanghai)) {
		return u.Format("15:04")
	}
	return u.Format("2006-01-02 15:04")
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if p, err := s.sessionPrincipal(r); err == nil {
		infoOf(r.Context()).staff = p.Staff.Username
		if err := s.auth.Logout(r.Context(), p, clientIP(r)); err != nil {
			s.log.Error("logout", "staff", p.Staff.Username, "err", err)
		}
	}
	s.clearSessionCookie(w)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// passwordData is the password page's state.
type passwordData struct {
	MinLength int
	Expired   bool
	// OneTime: the password is a one-time password an administrator issued (staffadmin.go).
	OneTime bool
}

func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	v := s.newView(r, p)
	v.Data = passwordData{MinLength: s.policy.Security.PasswordMinLength, Expired: p.PasswordExpired, OneTime: p.Staff.MustChangePassword}
	s.render(w, r, http.StatusOK, "password.html", v)
}

func (s *Server) passwordSubmit(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	current, next, confirm := r.PostFormValue("current"), r.PostFormValue("new"), r.PostFormValue("confirm")
	v := s.newView(r, p)
	v.Data = passwordData{MinLength: s.policy.Security.PasswordMinLength, Expired: p.PasswordExpired, OneTime: p.Staff.MustChangePassword}
	// The form's own mistakes are caught here; auth checks the current password and the rules whoever
	// the caller, and its refusals are put in the person's language.
	var problem string
	switch {
	case current == "" || next == "":
		problem = v.T("password.missing")
	case next != confirm:
		problem = v.T("password.mismatch")
	case next == current:
		problem = v.T("password.same")
	}
	if problem == "" {
		err := s.auth.ChangePassword(r.Context(), p.Staff.ID, p.SessionHash, current, next, clientIP(r))
		var rule *auth.RuleError
		var locked *auth.LockedError
		var throttled *auth.ThrottledError
		switch {
		case err == nil:
			http.Redirect(w, r, "/?flash=password_changed", http.StatusSeeOther)
			return
		case errors.Is(err, auth.ErrWrongPassword):
			problem = v.T("password.wrongCurrent")
		case errors.As(err, &rule):
			if rule.Rule == auth.RuleTooShort {
				problem = v.T("password.rule."+rule.Rule, rule.Min)
			} else {
				problem = v.T("password.rule." + rule.Rule)
			}
		case errors.As(err, &locked):
			problem = v.T("login.locked", lockedUntilText(locked.Until, s.auth.Now()))
		case errors.As(err, &throttled):
			problem = v.T("login.throttled", lockedUntilText(throttled.Until, s.auth.Now()))
		case errors.Is(err, auth.ErrPasswordRules):
			problem = v.T("password.same")
		default:
			s.serverError(w, r, p, err)
			return
		}
	}
	v.Error = problem
	s.render(w, r, http.StatusUnprocessableEntity, "password.html", v)
}

// setLang records a language choice in a cookie and, for a person who is logged in, in their profile.
func (s *Server) setLang(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	lang, ok := parseLang(r.PostFormValue("lang"))
	if !ok {
		http.Error(w, "unknown language", http.StatusBadRequest)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	if p, err := s.sessionPrincipal(r); err == nil {
		infoOf(r.Context()).staff = p.Staff.Username
		if err := s.store.SetLang(r.Context(), p.Staff.ID, lang); err != nil {
			s.log.Error("save language", "staff", p.Staff.Username, "err", err)
		}
	}
	http.Redirect(w, r, localPath(r.PostFormValue("next")), http.StatusSeeOther)
}

// withoutCancel is for audit writes that must happen even if the browser goes away mid-request.
func withoutCancel(ctx context.Context) context.Context { return context.WithoutCancel(ctx) }
