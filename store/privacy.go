package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/steward-bank/steward/cnid"
	"github.com/steward-bank/steward/domain"
)

// AuditClientList is the audit action of a response that lists clients with their personal data: the
// client list and its search (page, live search, API), the greetings outbox and its preview.
const AuditClientList = "client_list"

// ListAudit says what one list response showed, for its audit row.
type ListAudit struct {
	// Via is where the list went: "web" or "api".
	Via string
	// List names the list: "clients", "greetings", "greetings_preview", "greetings_problems".
	List string
	// Filter is what the caller asked for, as the request named it; a searched text is masked by
	// AuditQuery before it is written.
	Filter map[string]string
	// Rows is how many clients' rows the response carried; Total the matches the list counted (-1: not
	// counted).
	Rows, Total int
}

// AuditList writes the audit row of one list response: who (actor, IP), which list, the filter and how
// many rows it carried. It is written before the response leaves and whatever the browser does; a list
// that cannot be audited must not be shown.
func (s *Store) AuditList(ctx context.Context, actor int64, ip string, a ListAudit) error {
	filter := make(map[string]string, len(a.Filter))
	for k, v := range a.Filter {
		if v == "" {
			continue
		}
		if k == "q" {
			v = AuditQuery(v)
		}
		filter[k] = v
	}
	detail := struct {
		Via    string            `json:"via"`
		Search string            `json:"search,omitempty"`
		Filter map[string]string `json:"filter"`
		Rows   int               `json:"rows"`
		Total  *int              `json:"total,omitempty"`
	}{Via: a.Via, Search: SearchKind(a.Filter["q"]), Filter: filter, Rows: a.Rows}
	if a.Total >= 0 {
		detail.Total = &a.Total
	}
	b, err := json.Marshal(detail)
	if err != nil {
		return fmt.Errorf("audit list %s: %w", a.List, err)
	}
	return s.appendAudit(context.WithoutCancel(ctx), s.db, domain.AuditEvent{ActorID: actor, Action: AuditClientList,
		ObjectType: "list", ObjectID: a.List, Detail: string(b), IP: ip})
}

// AuditQuery is a searched text as the audit log keeps it: a mobile, an ID number or any other run of
// digits masked as the screens mask them (138****5678, 420106********1234; a fragment keeps at most its
// first and last two digits), so that the log does not hold in clear the identity data a search was for.
// A name or a client number with letters is kept: the auditor reads what was looked for.
func AuditQuery(q string) string {
	q = strings.TrimSpace(q)
	u := strings.ToUpper(q)
	if !isIDish(u) {
		return q
	}
	if len(u) == 11 && u[0] == '1' {
		return cnid.MaskMobile(u)
	}
	return cnid.MaskID(u)
}

// SearchKind says what a searched text looks for, as the audit row records it: "mobile" (a whole mobile),
// "id_number" (a whole resident ID number), "digits" (any other run of digits: a fragment or a client
// number), or "" (a name or a client number with letters).
func SearchKind(q string) string {
	u := strings.ToUpper(strings.TrimSpace(q))
	switch {
	case !isIDish(u):
		return ""
	case len(u) == 11 && u[0] == '1':
		return "mobile"
	case len(u) == 18 || len(u) == 15:
		return "id_number"
	}
	return "digits"
}

// MaskedIdentitySearchesPerHour bounds the searches by a whole mobile or ID number that a masked view
// (a teller) makes in an hour. Each one tells whether a guessed value belongs to a client: without a bound,
// trying the 10 000 values a masked mobile leaves open would rebuild it. Thirty an hour is more than a
// counter serves; the audit log shows every one.
const MaskedIdentitySearchesPerHour = 30

// ErrSearchLimit: a masked view has made MaskedIdentitySearchesPerHour identity searches within the hour.
var ErrSearchLimit = errors.New("too many searches by mobile or ID number within the hour")

// checkSearchLimit refuses a masked view's identity search beyond the hour's bound, counted from the
// audit rows of its earlier searches (so that it holds across server processes).
func (s *Store) checkSearchLimit(ctx context.Context, staffID int64, q string) error {
	kind := SearchKind(q)
	if kind != "mobile" && kind != "id_number" {
		return nil
	}
	var n int
	if err := s.db.QueryRowContext(ctx, s.Rebind(`SELECT count(*) FROM audit_events WHERE actor_id = ? AND at >= ? AND action = ?
		AND (detail LIKE ? OR detail LIKE ?)`), staffID, utc(s.now().Add(-time.Hour)), AuditClientList,
		`%"search":"mobile"%`, `%"search":"id_number"%`).Scan(&n); err != nil {
		return fmt.Errorf("search limit: %w", err)
	}
	if n >= MaskedIdentitySearchesPerHour {
		return fmt.Errorf("%d searches by mobile or ID number within the hour, at most %d: %w", n, MaskedIdentitySearchesPerHour, ErrSearchLimit)
	}
	return nil
}
