package alerts

import (
	"strings"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/rating"
)

// Information incomplete (信息不完整), DOMAIN.md §5: a client that reaches a tier whose keepers keep a client
// file (T3 and above: the RM opens one; T2: the VIP tellers collect birthday, address and phone at the
// counter, DOMAIN.md §4) and whose file lacks a mobile, a birth date or an address. The alert names what is
// missing and fires once for each set of missing details.

// ClientFile is what the client's file holds of the details the keepers need.
type ClientFile struct {
	ClientID  string
	Mobile    string
	BirthDate domain.Date
	Address   string
}

// InfoIncomplete returns the alert of a client of tier t whose file lacks details its keepers need.
func InfoIncomplete(f ClientFile, t rating.Tier, on domain.Date) (Alert, bool) {
	if t < rating.T2 {
		return Alert{}, false
	}
	var missing []string
	if strings.TrimSpace(f.Mobile) == "" {
		missing = append(missing, "mobile")
	}
	if f.BirthDate.IsZero() {
		missing = append(missing, "birth_date")
	}
	if strings.TrimSpace(f.Address) == "" {
		missing = append(missing, "address")
	}
	if len(missing) == 0 {
		return Alert{}, false
	}
	m := strings.Join(missing, ",")
	return Alert{ClientID: f.ClientID, Rule: RuleInfoIncomplete, Key: m, Due: on, Severity: Info, Figures: Figures{Missing: m}}, true
}
