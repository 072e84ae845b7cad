package auth_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// clock is a settable clock shared by the service and the store.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newService(s *store.Store) (*auth.Service, *clock) {
	c := &clock{t: time.Now()}
	s.Now = c.now
	svc := auth.NewService(s, policy.Default())
	svc.Params = storetest.CheapParams
	svc.Now = c.now
	return svc, c
}

func actions(t *testing.T, s *store.Store, username string) []string {
	t.Helper()
	evs, err := s.AuditEvents(context.Background(), store.AuditFilter{ObjectType: "staff", ObjectID: username})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(evs) - 1; i >= 0; i-- {
		out = append(out, evs[i].Action)
	}
	return out
}

func TestLoginAndSession(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		storetest.Seed(t, s)
		svc, _ := newService(s)
		ctx := context.Background()
		token, p, err := svc.Login(ctx, "rm01", storetest.Password, "10.0.0.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		if p.Scope.Reach != access.ReachAssigned || p.Scope.OrgID != "OT1" {
			t.Errorf("rm01 scope %v", p.Scope)
		}
		got, err := svc.Session(ctx, token)
		if err != nil || got.Staff.Username != "rm01" {
			t.Fatalf("session: %v", err)
		}
		if _, err := svc.Session(ctx, token+"x"); !errors.Is(err, auth.ErrNoSession) {
			t.Errorf("a forged token opened a session: %v", err)
		}
		if err := svc.Logout(ctx, got, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Session(ctx, token); !errors.Is(err, auth.ErrNoSession) {
			t.Errorf("session alive after logout: %v", err)
		}
		if got := strings.Join(actions(t, s, "rm01"), ","); got != "login,logout" {
			t.Errorf("audit %s", got)
		}
	})
}

func TestFiveWrongPasswordsLock(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		storetest.Seed(t, s)
		svc, clk := newService(s)
		ctx := context.Background()
		for i := 1; i <= 4; i++ {
			if _, _, err := svc.Login(ctx, "rm01", "wrong", "", ""); !errors.Is(err, auth.ErrBadCredentials) {
				t.Fatalf("attempt %d: %v", i, err)
			}
		}
		_, _, err := svc.Login(ctx, "rm01", "wrong", "", "")
		var locked *auth.LockedError
		if !errors.As(err, &locked) {
			t.Fatalf("5th wrong password: %v, want locked", err)
		}
		if d := locked.Until.Sub(clk.t); d != 15*time.Minute {
			t.Errorf("locked for %v, want 15m", d)
		}
		// The right password is refused while locked …
		if _, _, err := svc.Login(ctx, "rm01", storetest.Password, "", ""); !errors.Is(err, auth.ErrLocked) {
			t.Errorf("right password while locked: %v", err)
		}
		// … and accepted once the lock has run out.
		clk.t = clk.t.Add(15*time.Minute + time.Second)
		if _, _, err := svc.Login(ctx, "rm01", storetest.Password, "", ""); err != nil {
			t.Errorf("after the lock: %v", err)
		}
		want := "login_failed,login_failed,login_failed,login_failed,login_failed,account_locked,login_failed,login"
		if got := strings.Join(actions(t, s, "rm01"), ","); got != want {
			t.Errorf("audit\n got %s\nwant %s", got, want)
		}
		// A success resets the count: four more failures do not lock.
		for i := 0; i < 4; i++ {
			svc.Login(ctx, "rm01", "wrong", "", "")
		}
		if _, _, err := svc.Login(ctx, "rm01", storetest.Password, "", ""); err != nil {
			t.Errorf("4 failures after a success locked the account: %v", err)
		}
	})
}

func TestUnknownAndDisabledUsers(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		svc, _ := newService(s)
		ctx := context.Background()
		if _, _, err := svc.Login(ctx, "nobody", "x", "198.51.100.7", ""); !errors.Is(err, auth.ErrBadCredentials) {
			t.Errorf("unknown user: %v", err)
		}
		// The failure is recorded, with the address, but not the name typed (it may be a password).
		if got := actions(t, s, "nobody"); len(got) != 0 {
			t.Errorf("the typed unknown name was recorded: %v", got)
		}
		evs, err := s.AuditEvents(ctx, store.AuditFilter{Action: domain.AuditLoginFailed})
		if err != nil || len(evs) != 1 || evs[0].ActorID != 0 || evs[0].IP != "198.51.100.7" ||
			strings.Contains(evs[0].ObjectID+evs[0].Detail, "nobody") {
			t.Errorf("unknown user audit %+v, %v", evs, err)
		}
		token, _, err := svc.Login(ctx, "rm02", storetest.Password, "", "")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SetDisabled(ctx, f.Staff["rm02"].ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Session(ctx, token); !errors.Is(err, auth.ErrNoSession) {
			t.Errorf("disabled user's session: %v", err)
		}
		if _, _, err := svc.Login(ctx, "rm02", storetest.Password, "", ""); !errors.Is(err, auth.ErrBadCredentials) {
			t.Errorf("disabled user logs in: %v", err)
		}
	})
}

func TestPasswordExpiryAndChange(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		svc, clk := newService(s)
		ctx := context.Background()
		clk.t = clk.t.AddDate(0, 0, 89)
		if _, p, _ := svc.Login(ctx, "rm01", storetest.Password, "", ""); p.PasswordExpired {
			t.Error("expired after 89 days")
		}
		clk.t = clk.t.AddDate(0, 0, 2)
		_, p, err := svc.Login(ctx, "rm01", storetest.Password, "", "")
		if err != nil || !p.PasswordExpired {
			t.Fatalf("after 91 days: expired=%v, %v", p.PasswordExpired, err)
		}
		id := f.Staff["rm01"].ID
		for _, tc := range []struct{ old, new, want string }{
			{"wrong", "Better2027", "current password is wrong"},
			{storetest.Password, storetest.Password, "must differ"},
			{storetest.Password, "short1", "at least 8"},
			{storetest.Password, "lettersonly", "letters and digits"},
		} {
			err := svc.ChangePassword(ctx, id, "", tc.old, tc.new, "")
			if !errors.Is(err, auth.ErrPasswordRules) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("change %q→%q: %v, want %q", tc.old, tc.new, err, tc.want)
			}
		}
		if err := svc.ChangePassword(ctx, id, "", storetest.Password, "Better2027", ""); err != nil {
			t.Fatal(err)
		}
		if _, p, err := svc.Login(ctx, "rm01", "Better2027", "", ""); err != nil || p.PasswordExpired {
			t.Errorf("after change: expired=%v, %v", p.PasswordExpired, err)
		}
	})
}

func TestIdleSessionEnds(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		storetest.Seed(t, s)
		svc, clk := newService(s)
		ctx := context.Background()
		token, _, err := svc.Login(ctx, "sup01", storetest.Password, "", "")
		if err != nil {
			t.Fatal(err)
		}
		clk.t = clk.t.Add(29 * time.Minute)
		if _, err := svc.Session(ctx, token); err != nil {
			t.Fatalf("after 29 idle minutes: %v", err)
		}
		clk.t = clk.t.Add(31 * time.Minute)
		if _, err := svc.Session(ctx, token); !errors.Is(err, auth.ErrNoSession) {
			t.Errorf("after 31 idle minutes: %v", err)
		}
	})
}

func TestAPIToken(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		svc, _ := newService(s)
		ctx := context.Background()
		tok, err := svc.CreateAPIToken(ctx, f.Staff["admin"].ID, f.Staff["dept1"].ID, "nightly report")
		if err != nil {
			t.Fatal(err)
		}
		p, err := svc.Token(ctx, tok)
		if err != nil || p.Staff.Username != "dept1" || p.Scope.Reach != access.ReachSubtree || !p.ViaToken {
			t.Errorf("token principal %+v, %v", p, err)
		}
		if _, err := svc.Token(ctx, "stw_forged"); !errors.Is(err, auth.ErrNoSession) {
			t.Errorf("forged token: %v", err)
		}
	})
}

func TestHashFormat(t *testing.T) {
	h, err := auth.HashPassword("Demo@2026", storetest.CheapParams)
	if err != nil || !strings.HasPrefix(h, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Fatalf("hash %q, %v", h, err)
	}
	h2, _ := auth.HashPassword("Demo@2026", storetest.CheapParams)
	if h == h2 {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	for pw, want := range map[string]bool{"Demo@2026": true, "demo@2026": false, "": false} {
		if ok, err := auth.VerifyPassword(h, pw); ok != want || err != nil {
			t.Errorf("verify %q = %v, %v", pw, ok, err)
		}
	}
	if _, err := auth.VerifyPassword("$2a$10$bcrypt", "x"); err == nil {
		t.Error("a non-argon2id hash was accepted")
	}
}
