package auth

import (
	"context"
	"crypto/rand"
	"fmt"
	"math/big"
	"time"

	"github.com/steward-bank/steward/store"
)

// oneTimeAlphabet leaves out the characters read one for another (0 O o, 1 l I), since the password is
// read out or copied by hand.
const oneTimeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"

// OneTimePassword is a random password for username that passes CheckPasswordRules: at least 12
// characters (more if the policy's minimum is higher), letters and digits.
func OneTimePassword(username string, minLen int) (string, error) {
	n := max(minLen, 12)
	limit := big.NewInt(int64(len(oneTimeAlphabet)))
	for range 100 {
		b := make([]byte, n)
		for i := range b {
			k, err := rand.Int(rand.Reader, limit)
			if err != nil {
				return "", fmt.Errorf("one-time password: %w", err)
			}
			b[i] = oneTimeAlphabet[k.Int64()]
		}
		if pw := string(b); CheckPasswordRules(pw, username, minLen) == nil {
			return pw, nil
		}
	}
	return "", fmt.Errorf("one-time password: no password passed the rules in 100 tries")
}

// ResetPassword gives a member of staff a one-time password, returned to be shown once to the actor:
// the person must change it at the next sign-in. Their sessions end and the sign-in locks on their name
// are lifted; the store checks that the actor may and audits it.
func (s *Service) ResetPassword(ctx context.Context, a store.StaffActor, staffID int64) (string, error) {
	st, err := s.Store.CheckStaffTarget(ctx, a, staffID)
	if err != nil {
		return "", err
	}
	pw, err := OneTimePassword(st.Username, s.Policy.Security.PasswordMinLength)
	if err != nil {
		return "", err
	}
	hash, err := HashPassword(pw, s.Params)
	if err != nil {
		return "", err
	}
	if err := s.Store.ResetPasswordAs(ctx, a, staffID, hash); err != nil {
		return "", err
	}
	s.throttle.unlock(st.Username, s.Now())
	return pw, nil
}

// Locks says at how many addresses a username is locked now after failed sign-ins, and until when the
// last lock runs (locks are kept in memory, by this server process).
func (s *Service) Locks(username string) (int, time.Time) { return s.throttle.locks(username, s.Now()) }

// Unlock lifts the sign-in locks of a member of staff at every address, audited; it says how many
// were running.
func (s *Service) Unlock(ctx context.Context, a store.StaffActor, staffID int64) (int, error) {
	st, err := s.Store.CheckStaffTarget(ctx, a, staffID)
	if err != nil {
		return 0, err
	}
	n := s.throttle.unlock(st.Username, s.Now())
	_, err = s.Store.AuditStaffUnlock(ctx, a, staffID, n)
	return n, err
}
