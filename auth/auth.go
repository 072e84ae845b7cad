package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/store"
)

// Errors of Login. ErrBadCredentials deliberately does not say whether the user exists.
var (
	ErrBadCredentials = errors.New("wrong username or password")
	ErrLocked         = errors.New("too many failed logins under this username from this address")
	ErrThrottled      = errors.New("too many failed logins from this address")
	ErrNoSession      = errors.New("no valid session")
	ErrPasswordRules  = errors.New("password refused")
	// ErrWrongPassword: the current password given to a password change is wrong.
	ErrWrongPassword = errors.New("the current password is wrong")
	// ErrForbidden: the person may not do this (list everyone's tokens).
	ErrForbidden = errors.New("not allowed")
)

// LockedError says until when a username is locked for the address it was tried from.
type LockedError struct{ Until time.Time }

func (e *LockedError) Error() string {
	return fmt.Sprintf("%v until %s", ErrLocked, e.Until.In(domain.Shanghai).Format("15:04"))
}

// Unwrap makes errors.Is(err, ErrLocked) hold.
func (e *LockedError) Unwrap() error { return ErrLocked }

// ThrottledError says until when an address may not log in at all.
type ThrottledError struct{ Until time.Time }

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("%v until %s", ErrThrottled, e.Until.In(domain.Shanghai).Format("15:04"))
}

// Unwrap makes errors.Is(err, ErrThrottled) hold.
func (e *ThrottledError) Unwrap() error { return ErrThrottled }

// Principal is an authenticated person with their data scope.
type Principal struct {
	Staff domain.Staff
	Org   domain.OrgUnit
	Scope access.Scope
	// SessionHash identifies the session (empty for API tokens).
	SessionHash string
	ViaToken    bool
	// PasswordExpired: the person must change the password before anything else.
	PasswordExpired bool
}

// Can reports whether the principal's role holds a capability.
func (p Principal) Can(c access.Capability) bool { return access.Can(p.Staff.Role, c) }

// Service logs people in and resolves sessions and tokens.
type Service struct {
	Store  *store.Store
	Policy *policy.Policy
	Params Params
	Now    func() time.Time
	// dummy is a hash verified for unknown users so that a wrong username costs as long as a wrong password;
	// it is made with Params on first use.
	dummy     string
	dummyOnce sync.Once
	throttle  *throttle
}

// NewService returns a Service with the default argon2id parameters.
func NewService(st *store.Store, pol *policy.Policy) *Service {
	return &Service{Store: st, Policy: pol, Params: DefaultParams, Now: time.Now, throttle: newThrottle()}
}

// SessionTTL is a session's absolute lifetime (policy).
func (s *Service) SessionTTL() time.Duration {
	return time.Duration(s.Policy.Security.SessionMaxHours) * time.Hour
}

// Login checks a username and password. On success it creates a session and returns its token; each
// outcome is audited. Failures are counted by address and by username at that address (policy.Security):
// after LockoutAttempts failures at one name within LockoutMinutes that name is locked for that address
// (*LockedError), after AddressFailedLogins failures at any names the address is refused (*ThrottledError),
// in both cases even with the right password, until LockoutMinutes have passed. A name that matches no
// account gets exactly the answers a known one gets, and the name it was is not recorded.
func (s *Service) Login(ctx context.Context, username, password, ip, ua string) (string, Principal, error) {
	username = strings.TrimSpace(username)
	now := s.Now()
	sec := s.Policy.Security
	span := time.Duration(sec.LockoutMinutes) * time.Minute
	st, err := s.Store.StaffByUsername(ctx, username)
	known := err == nil
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		return "", Principal{}, fmt.Errorf("login: %w", err)
	}
	// failed audits a failed login: under the account when the name is one, else with the address only.
	failed := func(action, detail string) {
		ev := domain.AuditEvent{Action: action, ObjectType: "staff", Detail: detail, IP: ip}
		if known {
			ev.ActorID, ev.ObjectID = st.ID, st.Username
		}
		s.audit(ctx, ev)
	}
	if addrUntil, nameUntil := s.throttle.blocked(username, ip, now); !addrUntil.IsZero() {
		failed(domain.AuditLoginFailed, `{"reason":"address throttled"}`)
		return "", Principal{}, &ThrottledError{Until: addrUntil}
	} else if !nameUntil.IsZero() {
		failed(domain.AuditLoginFailed, `{"reason":"locked"}`)
		return "", Principal{}, &LockedError{Until: nameUntil}
	}
	ok := false
	if known {
		if ok, err = VerifyPassword(st.PasswordHash, password); err != nil {
			return "", Principal{}, fmt.Errorf("login %s: %w", username, err)
		}
	} else {
		s.dummyOnce.Do(func() { s.dummy, _ = HashPassword("not a password", s.Params) })
		VerifyPassword(s.dummy, password)
	}
	if !ok || st.Disabled {
		reason := "wrong password"
		switch {
		case !known:
			reason = "unknown user"
		case ok && st.Disabled:
			reason = "disabled"
		}
		failed(domain.AuditLoginFailed, fmt.Sprintf(`{"reason":%q}`, reason))
		if locked, until := s.throttle.fail(username, ip, now, sec.LockoutAttempts, sec.AddressFailedLogins, span); locked {
			if known {
				failed(domain.AuditLocked, fmt.Sprintf(`{"attempts":%d,"minutes":%d}`, sec.LockoutAttempts, sec.LockoutMinutes))
			}
			return "", Principal{}, &LockedError{Until: until}
		}
		return "", Principal{}, ErrBadCredentials
	}
	s.throttle.succeed(username, ip)
	token, hash, err := NewToken("")
	if err != nil {
		return "", Principal{}, err
	}
	if err := s.Store.CreateSession(ctx, hash, st.ID, now.Add(s.SessionTTL()), ip, ua); err != nil {
		return "", Principal{}, err
	}
	s.audit(ctx, domain.AuditEvent{ActorID: st.ID, Action: domain.AuditLogin, ObjectType: "staff", ObjectID: st.Username, IP: ip})
	p, err := s.principal(ctx, st)
	p.SessionHash = hash
	return token, p, err
}

// Session resolves a session cookie's token. A session idle for longer than the policy allows, or past its
// lifetime, is ended.
func (s *Service) Session(ctx context.Context, token string) (Principal, error) {
	if token == "" {
		return Principal{}, ErrNoSession
	}
	hash := HashToken(token)
	se, err := s.Store.SessionByHash(ctx, hash)
	if errors.Is(err, domain.ErrNotFound) {
		return Principal{}, ErrNoSession
	}
	if err != nil {
		return Principal{}, err
	}
	now := s.Now()
	idle := time.Duration(s.Policy.Security.SessionIdleMinutes) * time.Minute
	if idle > 0 && now.Sub(se.LastSeen) > idle {
		s.Store.DeleteSession(ctx, hash)
		return Principal{}, ErrNoSession
	}
	st, err := s.Store.StaffByID(ctx, se.StaffID)
	if err != nil {
		return Principal{}, err
	}
	if st.Disabled {
		s.Store.DeleteSession(ctx, hash)
		return Principal{}, ErrNoSession
	}
	// Record activity at most once a minute: a page view should not always be a write.
	if now.Sub(se.LastSeen) > time.Minute {
		if err := s.Store.TouchSession(ctx, hash); err != nil {
			return Principal{}, err
		}
	}
	p, err := s.principal(ctx, st)
	p.SessionHash = hash
	return p, err
}

// TokenLifetime is how long an API token lives after its creation (policy).
func (s *Service) TokenLifetime() time.Duration {
	return time.Duration(s.Policy.Security.TokenMaxDays) * 24 * time.Hour
}

// Token resolves an API token (Authorization: Bearer …): one neither revoked nor lapsed, of an account
// that is not disabled.
func (s *Service) Token(ctx context.Context, token string) (Principal, error) {
	st, err := s.Store.StaffByAPIToken(ctx, HashToken(token), s.Now().Add(-s.TokenLifetime()))
	if errors.Is(err, domain.ErrNotFound) {
		return Principal{}, ErrNoSession
	}
	if err != nil {
		return Principal{}, err
	}
	if st.Disabled {
		return Principal{}, ErrNoSession
	}
	p, err := s.principal(ctx, st)
	p.ViaToken = true
	// Tokens belong to scripts; password expiry does not stop them.
	p.PasswordExpired = false
	return p, err
}

// Logout ends a session.
func (s *Service) Logout(ctx context.Context, p Principal, ip string) error {
	if p.SessionHash == "" {
		return nil
	}
	s.audit(ctx, domain.AuditEvent{ActorID: p.Staff.ID, Action: domain.AuditLogout, ObjectType: "staff", ObjectID: p.Staff.Username, IP: ip})
	return s.Store.DeleteSession(ctx, p.SessionHash)
}

// ChangePassword replaces a person's password after checking the old one and the rules, and ends the
// person's other sessions (keepSession, the one making the change, stays). Wrong current passwords count
// as failed logins from the address, so a borrowed session cannot be used to guess the password.
func (s *Service) ChangePassword(ctx context.Context, staffID int64, keepSession, oldPw, newPw, ip string) error {
	st, err := s.Store.StaffByID(ctx, staffID)
	if err != nil {
		return err
	}
	now := s.Now()
	if addrUntil, nameUntil := s.throttle.blocked(st.Username, ip, now); !addrUntil.IsZero() {
		return &ThrottledError{Until: addrUntil}
	} else if !nameUntil.IsZero() {
		return &LockedError{Until: nameUntil}
	}
	ok, err := VerifyPassword(st.PasswordHash, oldPw)
	if err != nil {
		return err
	}
	if !ok {
		sec := s.Policy.Security
		if locked, until := s.throttle.fail(st.Username, ip, now, sec.LockoutAttempts, sec.AddressFailedLogins,
			time.Duration(sec.LockoutMinutes)*time.Minute); locked {
			return &LockedError{Until: until}
		}
		return fmt.Errorf("%w: %w", ErrPasswordRules, ErrWrongPassword)
	}
	if oldPw == newPw {
		return fmt.Errorf("%w: the new password must differ from the current one", ErrPasswordRules)
	}
	return s.setPassword(ctx, staffID, st, staffID, keepSession, newPw, ip)
}

// SetPassword sets a password without the old one (administrators, the command line) and ends every
// session of the person.
func (s *Service) SetPassword(ctx context.Context, actor, staffID int64, newPw, ip string) error {
	st, err := s.Store.StaffByID(ctx, staffID)
	if err != nil {
		return err
	}
	return s.setPassword(ctx, actor, st, staffID, "", newPw, ip)
}

func (s *Service) setPassword(ctx context.Context, actor int64, st domain.Staff, staffID int64, keepSession, newPw, ip string) error {
	if err := CheckPasswordRules(newPw, st.Username, s.Policy.Security.PasswordMinLength); err != nil {
		return fmt.Errorf("%w: %w", ErrPasswordRules, err)
	}
	hash, err := HashPassword(newPw, s.Params)
	if err != nil {
		return err
	}
	if err := s.Store.SetPassword(ctx, staffID, hash, keepSession); err != nil {
		return err
	}
	detail := `{"other_sessions_ended":true}`
	if keepSession == "" {
		detail = `{"sessions_ended":true}`
	}
	s.audit(ctx, domain.AuditEvent{ActorID: actor, Action: domain.AuditPassword, ObjectType: "staff", ObjectID: st.Username,
		Detail: detail, IP: ip})
	return nil
}

// CreateAPIToken issues a token for a member of staff and returns it; only its hash is kept. The token
// lapses after the policy's token lifetime.
func (s *Service) CreateAPIToken(ctx context.Context, actor, staffID int64, name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", errors.New("create API token: a label is required (what the token is for)")
	}
	token, hash, err := NewToken("stw_")
	if err != nil {
		return "", err
	}
	id, err := s.Store.CreateAPIToken(ctx, staffID, name, hash)
	if err != nil {
		return "", err
	}
	s.audit(ctx, domain.AuditEvent{ActorID: actor, Action: domain.AuditTokenCreate, ObjectType: "api_token",
		ObjectID: fmt.Sprint(id), Detail: fmt.Sprintf(`{"staff_id":%d,"name":%q,"expires":%q}`, staffID, name,
			s.Now().Add(s.TokenLifetime()).In(domain.Shanghai).Format("2006-01-02 15:04"))})
	return token, nil
}

// Token states.
const (
	TokenLive    = "live"
	TokenExpired = "expired"
	TokenRevoked = "revoked"
)

// TokenInfo is a token's record with when it lapses and its state now.
type TokenInfo struct {
	store.APIToken
	ExpiresAt time.Time
	State     string
}

func (s *Service) tokenInfo(t store.APIToken) TokenInfo {
	ti := TokenInfo{APIToken: t, ExpiresAt: t.CreatedAt.Add(s.TokenLifetime()), State: TokenLive}
	switch {
	case t.Revoked:
		ti.State = TokenRevoked
	case !ti.ExpiresAt.After(s.Now()):
		ti.State = TokenExpired
	}
	return ti
}

// Tokens lists API tokens, newest first: the person's own, or with all, everyone's (administrators only).
func (s *Service) Tokens(ctx context.Context, p Principal, all bool) ([]TokenInfo, error) {
	id := p.Staff.ID
	if all {
		if !p.Can(access.CapManageUsers) {
			return nil, ErrForbidden
		}
		id = 0
	}
	return s.TokensOf(ctx, id)
}

// TokensOf lists the API tokens of one member of staff (0: everyone's), for the command line.
func (s *Service) TokensOf(ctx context.Context, staffID int64) ([]TokenInfo, error) {
	list, err := s.Store.APITokens(ctx, staffID)
	if err != nil {
		return nil, err
	}
	out := make([]TokenInfo, len(list))
	for i, t := range list {
		out[i] = s.tokenInfo(t)
	}
	return out, nil
}

// RevokeToken revokes a token for a person: their own, or anyone's for an administrator. Another's token,
// a missing one and one already revoked are all domain.ErrNotFound. The revocation is audited.
func (s *Service) RevokeToken(ctx context.Context, p Principal, tokenID int64, ip string) error {
	t, err := s.Store.APITokenByID(ctx, tokenID)
	if err != nil {
		return err
	}
	if t.StaffID != p.Staff.ID && !p.Can(access.CapManageUsers) {
		return fmt.Errorf("revoke API token %d: %w", tokenID, domain.ErrNotFound)
	}
	return s.Store.RevokeAPIToken(ctx, p.Staff.ID, tokenID, ip)
}

// RevokeTokenOf revokes a token of a given member of staff from the command line (actor 0).
func (s *Service) RevokeTokenOf(ctx context.Context, staffID, tokenID int64) error {
	t, err := s.Store.APITokenByID(ctx, tokenID)
	if err != nil {
		return err
	}
	if t.StaffID != staffID {
		return fmt.Errorf("revoke API token %d: not a token of staff %d: %w", tokenID, staffID, domain.ErrNotFound)
	}
	return s.Store.RevokeAPIToken(ctx, 0, tokenID, "command line")
}

func (s *Service) principal(ctx context.Context, st domain.Staff) (Principal, error) {
	org, err := s.Store.Org(ctx, st.OrgID)
	if err != nil {
		return Principal{}, fmt.Errorf("org of staff %s: %w", st.Username, err)
	}
	p := Principal{Staff: st, Org: org, Scope: access.ScopeFor(st, org).WithShadow(s.Policy.Relationships.ShadowDays, s.Now())}
	if !st.PasswordNeverExpires {
		p.PasswordExpired = s.Policy.PasswordExpired(st.PasswordChangedAt, s.Now())
	}
	// A one-time password an administrator issued is changed first, like an expired one.
	if st.MustChangePassword {
		p.PasswordExpired = true
	}
	return p, nil
}

// audit writes an event. A failure to audit must not change a login's outcome (a person refused stays
// refused), so it is logged as an error rather than returned.
func (s *Service) audit(ctx context.Context, ev domain.AuditEvent) {
	if err := s.Store.Audit(context.WithoutCancel(ctx), ev); err != nil {
		slog.Error("audit write failed", "action", ev.Action, "object", ev.ObjectID, "err", err)
	}
}
