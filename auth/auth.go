package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/store"
)

// Errors of Login. ErrBadCredentials deliberately does not say whether the user exists.
var (
	ErrBadCredentials = errors.New("wrong username or password")
	ErrLocked         = errors.New("account locked after repeated failed logins")
	ErrNoSession      = errors.New("no valid session")
	ErrPasswordRules  = errors.New("password refused")
	// ErrWrongPassword: the current password given to a password change is wrong.
	ErrWrongPassword = errors.New("the current password is wrong")
)

// LockedError says until when an account is locked.
type LockedError struct{ Until time.Time }

func (e *LockedError) Error() string {
	return fmt.Sprintf("account locked after repeated failed logins until %s", e.Until.In(domain.Shanghai).Format("15:04"))
}

// Unwrap makes errors.Is(err, ErrLocked) hold.
func (e *LockedError) Unwrap() error { return ErrLocked }

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
	// dummy is a hash verified for unknown users so that a wrong username costs as long as a wrong password.
	dummy string
}

// NewService returns a Service with the default argon2id parameters.
func NewService(st *store.Store, pol *policy.Policy) *Service {
	s := &Service{Store: st, Policy: pol, Params: DefaultParams, Now: time.Now}
	s.dummy, _ = HashPassword("not a password", s.Params)
	return s
}

// SessionTTL is a session's absolute lifetime (policy).
func (s *Service) SessionTTL() time.Duration {
	return time.Duration(s.Policy.Security.SessionMaxHours) * time.Hour
}

// Login checks a username and password. On success it creates a session and returns its token; each
// outcome is audited. After policy.Security.LockoutAttempts failures in a row the account is locked for
// LockoutMinutes, and even the right password is refused until then.
func (s *Service) Login(ctx context.Context, username, password, ip, ua string) (string, Principal, error) {
	username = strings.TrimSpace(username)
	st, err := s.Store.StaffByUsername(ctx, username)
	if errors.Is(err, domain.ErrNotFound) {
		VerifyPassword(s.dummy, password)
		s.audit(ctx, domain.AuditEvent{Action: domain.AuditLoginFailed, ObjectType: "staff", ObjectID: username,
			Detail: `{"reason":"unknown user"}`, IP: ip})
		return "", Principal{}, ErrBadCredentials
	}
	if err != nil {
		return "", Principal{}, fmt.Errorf("login %s: %w", username, err)
	}
	now := s.Now()
	if st.LockedUntil.After(now) {
		s.audit(ctx, domain.AuditEvent{ActorID: st.ID, Action: domain.AuditLoginFailed, ObjectType: "staff", ObjectID: username,
			Detail: `{"reason":"locked"}`, IP: ip})
		return "", Principal{}, &LockedError{Until: st.LockedUntil}
	}
	ok, err := VerifyPassword(st.PasswordHash, password)
	if err != nil {
		return "", Principal{}, fmt.Errorf("login %s: %w", username, err)
	}
	if !ok || st.Disabled {
		reason := "wrong password"
		if st.Disabled {
			reason = "disabled"
		}
		s.audit(ctx, domain.AuditEvent{ActorID: st.ID, Action: domain.AuditLoginFailed, ObjectType: "staff", ObjectID: username,
			Detail: fmt.Sprintf(`{"reason":%q}`, reason), IP: ip})
		if st.Disabled {
			return "", Principal{}, ErrBadCredentials
		}
		sec := s.Policy.Security
		locked, err := s.Store.RecordLoginFailure(ctx, st.ID, sec.LockoutAttempts, time.Duration(sec.LockoutMinutes)*time.Minute)
		if err != nil {
			return "", Principal{}, fmt.Errorf("login %s: %w", username, err)
		}
		if locked {
			until := now.Add(time.Duration(sec.LockoutMinutes) * time.Minute)
			s.audit(ctx, domain.AuditEvent{ActorID: st.ID, Action: domain.AuditLocked, ObjectType: "staff", ObjectID: username,
				Detail: fmt.Sprintf(`{"attempts":%d,"minutes":%d}`, sec.LockoutAttempts, sec.LockoutMinutes), IP: ip})
			return "", Principal{}, &LockedError{Until: until}
		}
		return "", Principal{}, ErrBadCredentials
	}
	if err := s.Store.RecordLoginSuccess(ctx, st.ID); err != nil {
		return "", Principal{}, fmt.Errorf("login %s: %w", username, err)
	}
	token, hash, err := NewToken("")
	if err != nil {
		return "", Principal{}, err
	}
	if err := s.Store.CreateSession(ctx, hash, st.ID, now.Add(s.SessionTTL()), ip, ua); err != nil {
		return "", Principal{}, err
	}
	s.audit(ctx, domain.AuditEvent{ActorID: st.ID, Action: domain.AuditLogin, ObjectType: "staff", ObjectID: username, IP: ip})
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

// Token resolves an API token (Authorization: Bearer …).
func (s *Service) Token(ctx context.Context, token string) (Principal, error) {
	st, err := s.Store.StaffByAPIToken(ctx, HashToken(token))
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

// ChangePassword replaces a person's password after checking the old one and the rules.
func (s *Service) ChangePassword(ctx context.Context, staffID int64, oldPw, newPw, ip string) error {
	st, err := s.Store.StaffByID(ctx, staffID)
	if err != nil {
		return err
	}
	ok, err := VerifyPassword(st.PasswordHash, oldPw)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%w: %w", ErrPasswordRules, ErrWrongPassword)
	}
	if oldPw == newPw {
		return fmt.Errorf("%w: the new password must differ from the current one", ErrPasswordRules)
	}
	return s.SetPassword(ctx, staffID, staffID, newPw, ip)
}

// SetPassword sets a password without the old one (administrators, the command line).
func (s *Service) SetPassword(ctx context.Context, actor, staffID int64, newPw, ip string) error {
	if err := CheckPasswordRules(newPw, s.Policy.Security.PasswordMinLength); err != nil {
		return fmt.Errorf("%w: %v", ErrPasswordRules, err)
	}
	hash, err := HashPassword(newPw, s.Params)
	if err != nil {
		return err
	}
	if err := s.Store.SetPassword(ctx, staffID, hash); err != nil {
		return err
	}
	s.audit(ctx, domain.AuditEvent{ActorID: actor, Action: domain.AuditPassword, ObjectType: "staff", ObjectID: fmt.Sprint(staffID), IP: ip})
	return nil
}

// CreateAPIToken issues a token for a member of staff and returns it; only its hash is kept.
func (s *Service) CreateAPIToken(ctx context.Context, actor, staffID int64, name string) (string, error) {
	token, hash, err := NewToken("stw_")
	if err != nil {
		return "", err
	}
	id, err := s.Store.CreateAPIToken(ctx, staffID, name, hash)
	if err != nil {
		return "", err
	}
	s.audit(ctx, domain.AuditEvent{ActorID: actor, Action: domain.AuditTokenCreate, ObjectType: "api_token",
		ObjectID: fmt.Sprint(id), Detail: fmt.Sprintf(`{"staff_id":%d,"name":%q}`, staffID, name)})
	return token, nil
}

func (s *Service) principal(ctx context.Context, st domain.Staff) (Principal, error) {
	org, err := s.Store.Org(ctx, st.OrgID)
	if err != nil {
		return Principal{}, fmt.Errorf("org of staff %s: %w", st.Username, err)
	}
	p := Principal{Staff: st, Org: org, Scope: access.ScopeFor(st, org)}
	if !st.PasswordNeverExpires {
		p.PasswordExpired = s.Policy.PasswordExpired(st.PasswordChangedAt, s.Now())
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
