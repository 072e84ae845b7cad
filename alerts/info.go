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
//
// The same list, MissingDetails, is the client's information completeness (信息完整度) that the supervisor
// follows (DOMAIN.md §2, §6): the counter details of T2 and above, and for T3 and above the client file the
// client manager opens — occupation, employer, at least one family member, and a risk assessment in force.

// ClientFile is what the client's file holds of the details the keepers need.
type ClientFile struct {
	ClientID  string
	Mobile    string
	BirthDate domain.Date
	Address   string
	// The client file of T3 and above (MissingDetails only; the alert keeps to the counter details).
	Occupation  string
	Employer    string
	Family      int         // family members recorded
	RiskExpires domain.Date // the last risk assessment's expiry; zero: never assessed
}

// The details a tier's keepers must collect, in the order they are listed.
const (
	DetailMobile     = "mobile"
	DetailBirthDate  = "birth_date"
	DetailAddress    = "address"
	DetailOccupation = "occupation"
	DetailEmployer   = "employer"
	DetailFamily     = "family"
	DetailRisk       = "risk_assessment"
)

// AllDetails are the details MissingDetails may name, in its order.
var AllDetails = []string{DetailMobile, DetailBirthDate, DetailAddress, DetailOccupation, DetailEmployer, DetailFamily, DetailRisk}

// counterMissing is what the counter collects from T2 up (mobile, birth date, address) and f lacks.
func counterMissing(f ClientFile) []string {
	var missing []string
	if strings.TrimSpace(f.Mobile) == "" {
		missing = append(missing, DetailMobile)
	}
	if f.BirthDate.IsZero() {
		missing = append(missing, DetailBirthDate)
	}
	if strings.TrimSpace(f.Address) == "" {
		missing = append(missing, DetailAddress)
	}
	return missing
}

// RequiredDetails is how many details the keepers of tier t must collect (0 below T2).
func RequiredDetails(t rating.Tier) int {
	switch {
	case t >= rating.T3:
		return len(AllDetails)
	case t == rating.T2:
		return 3
	}
	return 0
}

// MissingDetails lists the details that the keepers of a client of tier t must collect and f lacks on day
// on: nothing below T2; from T2 the mobile, birth date and address; from T3 also the occupation, the
// employer, a family member and a risk assessment that has not expired by on. Nil: the file is complete.
func MissingDetails(f ClientFile, t rating.Tier, on domain.Date) []string {
	if t < rating.T2 {
		return nil
	}
	missing := counterMissing(f)
	if t < rating.T3 {
		return missing
	}
	if strings.TrimSpace(f.Occupation) == "" {
		missing = append(missing, DetailOccupation)
	}
	if strings.TrimSpace(f.Employer) == "" {
		missing = append(missing, DetailEmployer)
	}
	if f.Family <= 0 {
		missing = append(missing, DetailFamily)
	}
	if f.RiskExpires.IsZero() || f.RiskExpires.Before(on) {
		missing = append(missing, DetailRisk)
	}
	return missing
}

// InfoIncomplete returns the alert of a client of tier t whose file lacks details its keepers need at the
// counter (the mobile, birth date and address of MissingDetails; the rest of a T3+ file is followed on the
// supervisor's completeness table, not raised as an alert on every tier change).
func InfoIncomplete(f ClientFile, t rating.Tier, on domain.Date) (Alert, bool) {
	if t < rating.T2 {
		return Alert{}, false
	}
	missing := counterMissing(f)
	if len(missing) == 0 {
		return Alert{}, false
	}
	m := strings.Join(missing, ",")
	return Alert{ClientID: f.ClientID, Rule: RuleInfoIncomplete, Key: m, Due: on, Severity: Info, Figures: Figures{Missing: m}}, true
}
