package auth_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// An anonymous caller who types the administrator's name with wrong passwords locks that name for their
// own address only: the administrator logs in from theirs.
func TestLockoutDoesNotLockTheOwnerOut(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		storetest.Seed(t, s)
		svc, _ := newService(s)
		ctx := context.Background()
		var err error
		for i := 0; i < 7; i++ {
			_, _, err = svc.Login(ctx, "admin", fmt.Sprintf("guess%d", i), "203.0.113.9", "")
		}
		if !errors.Is(err, auth.ErrLocked) {
			t.Fatalf("the guesser is not stopped: %v", err)
		}
		if _, _, err := svc.Login(ctx, "admin", storetest.Password, "203.0.113.9", ""); !errors.Is(err, auth.ErrLocked) {
			t.Errorf("the right password from the guesser's address: %v, want locked", err)
		}
		if _, _, err := svc.Login(ctx, "admin", storetest.Password, "10.1.1.1", ""); err != nil {
			t.Errorf("the administrator is locked out by an anonymous caller: %v", err)
		}
	})
}

// After the policy's failures from one address under any names, the address may not log in at all.
func TestAddressThrottle(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		storetest.Seed(t, s)
		svc, clk := newService(s)
		ctx := context.Background()
		for i := 0; i < 20; i++ {
			name := []string{"admin", "rm01", "sup01", "nosuch", "teller01"}[i%5]
			if _, _, err := svc.Login(ctx, name, "wrong-"+fmt.Sprint(i), "203.0.113.9", ""); err == nil {
				t.Fatal("a wrong password logged in")
			}
		}
		_, _, err := svc.Login(ctx, "rm02", storetest.Password, "203.0.113.9", "")
		var th *auth.ThrottledError
		if !errors.As(err, &th) || th.Until.Sub(clk.t) != 15*time.Minute {
			t.Fatalf("21st try from the address: %v, want refused for 15 minutes", err)
		}
		if _, _, err := svc.Login(ctx, "rm02", storetest.Password, "10.1.1.1", ""); err != nil {
			t.Errorf("another address: %v", err)
		}
		clk.t = clk.t.Add(15*time.Minute + time.Second)
		if _, _, err := svc.Login(ctx, "rm02", storetest.Password, "203.0.113.9", ""); err != nil {
			t.Errorf("after the window: %v", err)
		}
	})
}

// A name that matches no account gets, try after try, the answers a known name gets.
func TestUnknownNameAnswersLikeAKnownOne(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		storetest.Seed(t, s)
		svc, _ := newService(s)
		ctx := context.Background()
		answer := func(err error) string {
			var l *auth.LockedError
			if errors.As(err, &l) {
				return "locked until " + l.Until.String()
			}
			return fmt.Sprint(err)
		}
		for i := 1; i <= 7; i++ {
			_, _, known := svc.Login(ctx, "rm01", "wrong-pass1", "203.0.113.1", "")
			_, _, unknown := svc.Login(ctx, "rm99", "wrong-pass1", "203.0.113.2", "")
			if answer(known) != answer(unknown) {
				t.Errorf("attempt %d: known name %q, unknown name %q", i, answer(known), answer(unknown))
			}
		}
		evs, err := s.AuditEvents(ctx, store.AuditFilter{Action: domain.AuditLoginFailed})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range evs {
			if strings.Contains(e.ObjectID+e.Detail, "rm99") {
				t.Errorf("the unknown name was stored: %+v", e)
			}
		}
	})
}

func TestTokensListRevokeExpire(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		svc, clk := newService(s)
		ctx := context.Background()
		principal := func(username string) auth.Principal {
			_, p, err := svc.Login(ctx, username, storetest.Password, "10.0.0.5", "")
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
		rm01, rm02, admin := principal("rm01"), principal("rm02"), principal("admin")
		tokA, err := svc.CreateAPIToken(ctx, admin.Staff.ID, rm01.Staff.ID, "calendar")
		if err != nil {
			t.Fatal(err)
		}
		tokB, err := svc.CreateAPIToken(ctx, admin.Staff.ID, rm01.Staff.ID, "call centre")
		if err != nil {
			t.Fatal(err)
		}
		own, err := svc.Tokens(ctx, rm01, false)
		if err != nil || len(own) != 2 || own[0].Name != "call centre" || own[0].State != auth.TokenLive ||
			own[0].ExpiresAt.Sub(own[0].CreatedAt) != 90*24*time.Hour {
			t.Fatalf("rm01's tokens %+v, %v", own, err)
		}
		if list, _ := svc.Tokens(ctx, rm02, false); len(list) != 0 {
			t.Errorf("rm02 lists %d tokens of others", len(list))
		}
		if _, err := svc.Tokens(ctx, rm02, true); !errors.Is(err, auth.ErrForbidden) {
			t.Errorf("rm02 lists everyone's tokens: %v", err)
		}
		if list, err := svc.Tokens(ctx, admin, true); err != nil || len(list) != 2 {
			t.Errorf("admin lists %d tokens, %v", len(list), err)
		}
		// Someone else cannot revoke rm01's token; rm01 can, and it stops working.
		idB := own[0].ID
		if err := svc.RevokeToken(ctx, rm02, idB, "10.0.0.6"); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("rm02 revokes rm01's token: %v", err)
		}
		if _, err := svc.Token(ctx, tokB); err != nil {
			t.Fatalf("token after a refused revocation: %v", err)
		}
		if err := svc.RevokeToken(ctx, rm01, idB, "10.0.0.5"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Token(ctx, tokB); !errors.Is(err, auth.ErrNoSession) {
			t.Errorf("a revoked token works: %v", err)
		}
		if err := svc.RevokeToken(ctx, rm01, idB, "10.0.0.5"); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("revoked twice: %v", err)
		}
		evs, _ := s.AuditEvents(ctx, store.AuditFilter{ObjectType: "api_token"})
		var acts []string
		for _, e := range evs {
			acts = append(acts, e.Action)
		}
		if got := strings.Join(acts, ","); got != "api_token_revoke,api_token_create,api_token_create" {
			t.Errorf("token audit %s", got)
		}
		if evs[0].ActorID != rm01.Staff.ID || evs[0].IP != "10.0.0.5" {
			t.Errorf("revocation audited as %+v", evs[0])
		}
		// A token lapses after 90 days.
		clk.t = clk.t.Add(89 * 24 * time.Hour)
		if _, err := svc.Token(ctx, tokA); err != nil {
			t.Errorf("token after 89 days: %v", err)
		}
		clk.t = clk.t.Add(24*time.Hour + time.Minute)
		if _, err := svc.Token(ctx, tokA); !errors.Is(err, auth.ErrNoSession) {
			t.Errorf("token after 90 days: %v", err)
		}
		if list, _ := svc.Tokens(ctx, rm01, false); list[1].State != auth.TokenExpired || list[0].State != auth.TokenRevoked {
			t.Errorf("states %s, %s", list[0].State, list[1].State)
		}
		_ = f
	})
}

// Disabling an account revokes its tokens; enabling it again does not bring them back.
func TestDisableRevokesTokens(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		svc, _ := newService(s)
		ctx := context.Background()
		id := f.Staff["dept1"].ID
		tok, err := svc.CreateAPIToken(ctx, f.Staff["admin"].ID, id, "nightly report")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SetDisabled(ctx, id, true); err != nil {
			t.Fatal(err)
		}
		if err := s.SetDisabled(ctx, id, false); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Token(ctx, tok); !errors.Is(err, auth.ErrNoSession) {
			t.Errorf("a token of a disabled and re-enabled account works: %v", err)
		}
		list, err := svc.TokensOf(ctx, id)
		if err != nil || len(list) != 1 || list[0].State != auth.TokenRevoked || list[0].RevokedAt.IsZero() {
			t.Errorf("after disable: %+v, %v", list, err)
		}
		evs, err := s.AuditEvents(ctx, store.AuditFilter{Action: store.AuditTokenRevoke})
		if err != nil || len(evs) != 1 || evs[0].ObjectID != fmt.Sprint(list[0].ID) || !strings.Contains(evs[0].Detail, "account disabled") {
			t.Errorf("the revocation on disabling is not audited: %+v, %v", evs, err)
		}
	})
}

// Changing one's password ends one's other sessions and keeps the one that made the change; an
// administrator's reset ends them all.
func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		svc, _ := newService(s)
		ctx := context.Background()
		here, p, err := svc.Login(ctx, "rm01", storetest.Password, "10.0.0.1", "")
		if err != nil {
			t.Fatal(err)
		}
		there, _, err := svc.Login(ctx, "rm01", storetest.Password, "10.0.0.2", "")
		if err != nil {
			t.Fatal(err)
		}
		other, _, _ := svc.Login(ctx, "rm02", storetest.Password, "10.0.0.3", "")
		if err := svc.ChangePassword(ctx, p.Staff.ID, p.SessionHash, storetest.Password, "Better2027x", "10.0.0.1"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Session(ctx, here); err != nil {
			t.Errorf("the session that changed the password ended: %v", err)
		}
		if _, err := svc.Session(ctx, there); !errors.Is(err, auth.ErrNoSession) {
			t.Errorf("another session of rm01 outlived the password change: %v", err)
		}
		if _, err := svc.Session(ctx, other); err != nil {
			t.Errorf("rm02's session ended: %v", err)
		}
		if err := svc.SetPassword(ctx, f.Staff["admin"].ID, p.Staff.ID, "Reset2027x", "10.0.0.9"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Session(ctx, here); !errors.Is(err, auth.ErrNoSession) {
			t.Errorf("a session outlived the administrator's reset: %v", err)
		}
	})
}

func TestPasswordRules(t *testing.T) {
	for _, tc := range []struct {
		pw, user, rule string
	}{
		{"Better2027x", "rm01", ""},
		{"我的密码Mima2027", "rm01", ""},
		{"short1", "rm01", auth.RuleTooShort},
		{"lettersonly", "rm01", auth.RuleLettersDigit},
		{"12345678901", "rm01", auth.RuleLettersDigit},
		{"xRM01x2027", "rm01", auth.RuleUsername},
		{"zhangwei2027Z", "ZhangWei", auth.RuleUsername},
		{"woaini1314", "rm01", auth.RuleCommon},
		{"A12345678", "rm01", auth.RuleCommon},
		{"QQ123456", "rm01", auth.RuleCommon},
		{"Passw0rd", "rm01", auth.RuleCommon},
		{"Abcd1234", "rm01", auth.RuleCommon},
		{"a1          ", "rm01", auth.RuleWhitespace},
		{"Ab1 \u3000\u3000\u3000\u3000\u3000", "rm01", auth.RuleWhitespace},
		{"Good2027\x00x", "rm01", auth.RuleControl},
		{"Good2027\tx", "rm01", auth.RuleControl},
		{"Good\u200b2027x", "rm01", auth.RuleControl},
		{"Good\x1b[2027x", "rm01", auth.RuleControl},
	} {
		err := auth.CheckPasswordRules(tc.pw, tc.user, 8)
		var re *auth.RuleError
		switch {
		case tc.rule == "" && err != nil:
			t.Errorf("%q refused: %v", tc.pw, err)
		case tc.rule != "" && (!errors.As(err, &re) || re.Rule != tc.rule):
			t.Errorf("%q: %v, want rule %s", tc.pw, err, tc.rule)
		}
	}
	if !auth.IsCommonPassword("123456") || auth.IsCommonPassword("Vq7#kLm2pX") {
		t.Error("the common-password list is not the one shipped")
	}
}
