// Package auth logs people in and out: argon2id password hashes, database-backed sessions, API tokens,
// lockout after repeated failures and password expiry (policy), each login and failure written to the
// audit log. It turns a session or token into a Principal: the person, their node of the tree and their
// data scope.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's cost parameters.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
}

// DefaultParams follow RFC 9106's second recommended option (64 MiB), with two passes to suit a 2-core
// server: about 60 ms a hash here, cheap enough for a login, dear for a guesser.
var DefaultParams = Params{Memory: 64 * 1024, Time: 2, Threads: 2}

// HashPassword hashes a password with argon2id and a random salt, in the PHC string format
// ($argon2id$v=19$m=…,t=…,p=…$salt$hash) so that parameters can change without invalidating old hashes.
func HashPassword(pw string, p Params) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, 32)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// VerifyPassword reports whether pw matches an encoded hash, in constant time.
func VerifyPassword(encoded, pw string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errors.New("verify password: not an argon2id hash")
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, fmt.Errorf("verify password: unsupported argon2 version %q", parts[2])
	}
	var p Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return false, fmt.Errorf("verify password: bad parameters %q", parts[3])
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false, errors.New("verify password: bad salt")
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false, errors.New("verify password: bad hash")
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// The rules a new password can break (RuleError.Rule).
const (
	RuleControl      = "control"        // holds a control or invisible formatting character
	RuleWhitespace   = "whitespace"     // is mostly whitespace
	RuleTooShort     = "too_short"      // has fewer than the policy's characters
	RuleLettersDigit = "letters_digits" // lacks letters or digits
	RuleUsername     = "username"       // contains the username
	RuleCommon       = "common"         // is on the list of common passwords
)

// RuleError says which rule a new password breaks; Min is the policy's shortest length.
type RuleError struct {
	Rule string
	Min  int
}

func (e *RuleError) Error() string {
	switch e.Rule {
	case RuleControl:
		return "the password must not contain control characters"
	case RuleWhitespace:
		return "the password must not be mostly spaces"
	case RuleTooShort:
		return fmt.Sprintf("the password must have at least %d characters", e.Min)
	case RuleLettersDigit:
		return "the password must contain both letters and digits"
	case RuleUsername:
		return "the password must not contain the username"
	case RuleCommon:
		return "the password is too common: it is on the list of passwords tried first by guessers"
	}
	return "the password is refused"
}

//go:embed common_passwords.txt
var commonPasswordsText string

// commonPasswords is the embedded list (scripts/common_passwords.py writes it), in lower case.
var commonPasswords = func() map[string]struct{} {
	m := make(map[string]struct{}, 16384)
	for _, line := range strings.Split(commonPasswordsText, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			m[strings.ToLower(line)] = struct{}{}
		}
	}
	return m
}()

// IsCommonPassword reports whether pw, ignoring case, is on the list of common passwords.
func IsCommonPassword(pw string) bool {
	_, ok := commonPasswords[strings.ToLower(pw)]
	return ok
}

// CheckPasswordRules says why a new password for username is refused (a *RuleError), or nil. A password
// must hold no control or invisible formatting characters, not be mostly whitespace, have at least minLen
// characters with letters and digits, not contain the username (ignoring case) and not be on the list of
// common passwords.
func CheckPasswordRules(pw, username string, minLen int) error {
	var letter, digit bool
	var n, spaces int
	for _, r := range pw {
		n++
		switch {
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError:
			return &RuleError{Rule: RuleControl, Min: minLen}
		case unicode.IsSpace(r):
			spaces++
		case unicode.IsLetter(r):
			letter = true
		case unicode.IsDigit(r):
			digit = true
		}
	}
	if spaces*2 > n {
		return &RuleError{Rule: RuleWhitespace, Min: minLen}
	}
	if n < minLen {
		return &RuleError{Rule: RuleTooShort, Min: minLen}
	}
	if !letter || !digit {
		return &RuleError{Rule: RuleLettersDigit, Min: minLen}
	}
	if u := strings.ToLower(strings.TrimSpace(username)); len(u) >= 3 && strings.Contains(strings.ToLower(pw), u) {
		return &RuleError{Rule: RuleUsername, Min: minLen}
	}
	if IsCommonPassword(pw) || IsCommonPassword(strings.TrimSpace(pw)) {
		return &RuleError{Rule: RuleCommon, Min: minLen}
	}
	return nil
}

// NewToken returns a random token for a cookie or an API client, and the hash under which it is stored.
// Only the hash reaches the database, so a copy of the database opens no session.
func NewToken(prefix string) (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("new token: %w", err)
	}
	token = prefix + base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token), nil
}

// HashToken is the stored form of a token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
