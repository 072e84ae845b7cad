package cnid

import (
	"strings"
	"unicode"
)

// ValidEmail performs a light plausibility check of an e-mail address: exactly
// one '@', a non-empty local part, a domain containing a dot with no empty
// labels (so "a@.cn", "a@b." and "a@b..cn" fail), and no white space or
// control characters anywhere.
//
// It is intentionally not RFC 5322: that grammar accepts forms (quoted local
// parts, comments, IP literals) that no customer types into a CRM and that
// downstream mail systems often reject. The only real test of an address is
// sending to it; this check just catches typos at entry time.
func ValidEmail(s string) bool {
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return false
		}
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || strings.Contains(domain, "@") {
		return false
	}
	if !strings.Contains(domain, ".") {
		return false
	}
	for _, label := range strings.Split(domain, ".") {
		if label == "" {
			return false
		}
	}
	return true
}
