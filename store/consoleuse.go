package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/alerts"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/rating"
)

// The supervisor's console tables (DOMAIN.md §6): how much each member of the outlet uses the system, how
// complete the client files are per client manager, and the outlet's key-focus clients (重点关注客户).

// AuditKeyFocus is the audit action of a client marked or unmarked as key-focus.
const AuditKeyFocus = "key_focus"

// UseRow is what one member of staff did in Steward in a period.
type UseRow struct {
	Staff         domain.Staff
	Logins        int // successful log-ins
	ClientsOpened int // distinct clients whose view they opened
	Contacts      int // contacts logged
	AlertsWorked  int // alerts they worked or closed (the alert's last handling was theirs, in the period)
	TasksDone     int // their tasks marked done
}

// SystemUse counts, for every active member of reader's outlet whose use reader may read
// (access.SeesUseOf), their log-ins and client views (from the audit log), contacts logged, alerts worked
// and tasks done between from (inclusive) and to (exclusive). A reader who leads no outlet's team gets
// ErrNotAllowed.
func (s *Store) SystemUse(ctx context.Context, reader domain.Staff, from, to time.Time) ([]UseRow, error) {
	if !access.ReachesConsole(reader) {
		return nil, fmt.Errorf("system use: %w", ErrNotAllowed)
	}
	f, t := from.UTC(), to.UTC()
	q := s.Rebind(`SELECT st.staff_id, st.username, st.name, st.role, st.org_id, st.disabled,
		(SELECT count(*) FROM audit_events e WHERE e.actor_id = st.staff_id AND e.action = 'login' AND e.at >= ? AND e.at < ?),
		(SELECT count(DISTINCT e.object_id) FROM audit_events e WHERE e.actor_id = st.staff_id AND e.action = 'client_view'
			AND e.at >= ? AND e.at < ?),
		(SELECT count(*) FROM contacts k WHERE k.staff_id = st.staff_id AND k.at >= ? AND k.at < ?),
		(SELECT count(*) FROM alerts a WHERE a.acted_by = st.staff_id AND a.state IN ('worked', 'closed') AND a.acted_at >= ? AND a.acted_at < ?),
		(SELECT count(*) FROM tasks k WHERE k.assignee_id = st.staff_id AND k.state = 'done' AND k.done_at >= ? AND k.done_at < ?)
		FROM staff st WHERE st.org_id = ? AND st.disabled = FALSE ORDER BY st.username`)
	var out []UseRow
	err := s.scanAll(ctx, q, func(scan func(...any) error) error {
		var u UseRow
		var role string
		if err := scan(&u.Staff.ID, &u.Staff.Username, &u.Staff.Name, &role, &u.Staff.OrgID, &u.Staff.Disabled,
			&u.Logins, &u.ClientsOpened, &u.Contacts, &u.AlertsWorked, &u.TasksDone); err != nil {
			return err
		}
		u.Staff.Role = domain.Role(role)
		if access.SeesUseOf(reader, u.Staff) {
			out = append(out, u)
		}
		return nil
	}, f, t, f, t, f, t, f, t, f, t, reader.OrgID)
	if err != nil {
		return nil, fmt.Errorf("system use of outlet %s: %w", reader.OrgID, err)
	}
	return out, nil
}

// FileCompleteness is one client's information completeness: the details its tier's keepers must
// collect (alerts.MissingDetails) and which of them the file lacks.
type FileCompleteness struct {
	ClientID, Name string
	RMID           int64
	RMName         string
	Tier           string
	Required       int
	Missing        []string
}

// Complete reports whether the client's file holds every detail its tier needs.
func (f FileCompleteness) Complete() bool { return len(f.Missing) == 0 }

// Score is the share of the required details the file holds, 0–100 (100 when nothing is required).
func (f FileCompleteness) Score() int {
	if f.Required == 0 {
		return 100
	}
	return (f.Required - len(f.Missing)) * 100 / f.Required
}

// Completeness returns the information completeness on day on of every client in scope whose tier asks
// its keepers to collect details (T2 and above), by client manager and client number. A masked scope
// (tellers) gets ErrNotAllowed: the table is about whole files.
func (s *Store) Completeness(ctx context.Context, sc access.Scope, on domain.Date) ([]FileCompleteness, error) {
	if sc.Masked {
		return nil, fmt.Errorf("completeness: %w", ErrNotAllowed)
	}
	cond, args := scopeCond(sc.Book())
	q := s.Rebind(`SELECT c.client_id, c.name, COALESCE(c.rm_id, 0), COALESCE(st.name, ''), r.tier, c.mobile, c.birth_date, c.address,
		c.occupation, c.employer, c.risk_expires_on, (SELECT count(*) FROM family_members f WHERE f.client_id = c.client_id)
		FROM clients c JOIN client_ratings r ON r.client_id = c.client_id LEFT JOIN staff st ON st.staff_id = c.rm_id
		WHERE r.tier IN ('T2', 'T3', 'T4', 'T5') AND ` + cond + ` ORDER BY COALESCE(st.name, ''), c.client_id`)
	var out []FileCompleteness
	err := s.scanAll(ctx, q, func(scan func(...any) error) error {
		var fc FileCompleteness
		var file alerts.ClientFile
		if err := scan(&fc.ClientID, &fc.Name, &fc.RMID, &fc.RMName, &fc.Tier, &file.Mobile, &file.BirthDate, &file.Address,
			&file.Occupation, &file.Employer, &file.RiskExpires, &file.Family); err != nil {
			return err
		}
		t, err := rating.ParseTier(fc.Tier)
		if err != nil {
			return fmt.Errorf("client %s: %w", fc.ClientID, err)
		}
		fc.Required, fc.Missing = alerts.RequiredDetails(t), alerts.MissingDetails(file, t, on)
		out = append(out, fc)
		return nil
	}, args...)
	if err != nil {
		return nil, fmt.Errorf("completeness: %w", err)
	}
	return out, nil
}

// RMCompleteness is one client manager's share of complete client files (RMID 0: the clients without
// one), with the details most often missing, the most frequent first.
type RMCompleteness struct {
	RMID              int64
	RMName            string
	Clients           int
	Complete          int
	TopMissing        []MissingCount
	MissingAltogether int // details missing over all their clients
}

// MissingCount is how many of a person's clients lack a detail.
type MissingCount struct {
	Detail string
	Count  int
}

// Share is the complete files' share of the clients, 0–1 (0 without clients).
func (r RMCompleteness) Share() float64 {
	if r.Clients == 0 {
		return 0
	}
	return float64(r.Complete) / float64(r.Clients)
}

// SummariseCompleteness groups files by client manager: clients, complete files and the top most-missing
// details (at most top), ordered as alerts.AllDetails on a tie.
func SummariseCompleteness(files []FileCompleteness, top int) []RMCompleteness {
	by := map[int64]*RMCompleteness{}
	counts := map[int64]map[string]int{}
	var order []int64
	for _, f := range files {
		r := by[f.RMID]
		if r == nil {
			r = &RMCompleteness{RMID: f.RMID, RMName: f.RMName}
			by[f.RMID], counts[f.RMID] = r, map[string]int{}
			order = append(order, f.RMID)
		}
		r.Clients++
		if f.Complete() {
			r.Complete++
		}
		for _, m := range f.Missing {
			counts[f.RMID][m]++
			r.MissingAltogether++
		}
	}
	out := make([]RMCompleteness, 0, len(order))
	for _, id := range order {
		r := by[id]
		for _, d := range alerts.AllDetails {
			if n := counts[id][d]; n > 0 {
				r.TopMissing = append(r.TopMissing, MissingCount{Detail: d, Count: n})
			}
		}
		sort.SliceStable(r.TopMissing, func(i, j int) bool { return r.TopMissing[i].Count > r.TopMissing[j].Count })
		if len(r.TopMissing) > top {
			r.TopMissing = r.TopMissing[:top]
		}
		out = append(out, *r)
	}
	return out
}

// SetKeyFocus marks (on) or unmarks a client of sc as key-focus, for actor if access.MayMarkKeyFocus
// allows it at the client's outlet, audited (AuditKeyFocus) in the same transaction. A client outside sc is
// domain.ErrNotFound; one not actor's to mark, ErrNotAllowed. Setting the mark it already has changes and
// records nothing.
func (s *Store) SetKeyFocus(ctx context.Context, sc access.Scope, actor int64, clientID string, on bool, ip string) error {
	cond, args := scopeCond(sc.Book())
	return s.Tx(ctx, func(tx *sql.Tx) error {
		who, err := s.actorTx(ctx, tx, actor)
		if err != nil {
			return err
		}
		var outlet string
		var cur bool
		err = tx.QueryRowContext(ctx, s.Rebind(`SELECT c.outlet_id, c.key_focus FROM clients c WHERE c.client_id = ? AND `+cond),
			append([]any{clientID}, args...)...).Scan(&outlet, &cur)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("key focus of client %s: %w", clientID, err)
		}
		if !access.MayMarkKeyFocus(who, outlet) {
			return fmt.Errorf("client %s's key focus is not %s %s's to change: %w", clientID, who.Role, who.Username, ErrNotAllowed)
		}
		if cur == on {
			return nil
		}
		if _, err := tx.ExecContext(ctx, s.Rebind("UPDATE clients SET key_focus = ? WHERE client_id = ?"), on, clientID); err != nil {
			return fmt.Errorf("key focus of client %s: %w", clientID, err)
		}
		return s.appendAudit(ctx, tx, domain.AuditEvent{ActorID: actor, Action: AuditKeyFocus, ObjectType: "client", ObjectID: clientID,
			Detail: fmt.Sprintf(`{"key_focus":%t}`, on), IP: ip})
	})
}

// KeyFocusClient is a line of the key-focus list.
type KeyFocusClient struct {
	ClientID, Name string
	Tier           string
	AUM            int64 // fen
	RMID           int64
	RMName         string
	OpenAlerts     int
}

// KeyFocusClients lists the key-focus clients in sc (the book, not the shadow of handed-over clients),
// the largest AUM first, with their open alerts.
func (s *Store) KeyFocusClients(ctx context.Context, sc access.Scope) ([]KeyFocusClient, error) {
	cond, args := scopeCond(sc.Book())
	q := s.Rebind(`SELECT c.client_id, c.name, COALESCE(r.tier, ''), m.aum, COALESCE(c.rm_id, 0), COALESCE(st.name, ''),
		(SELECT count(*) FROM alerts a WHERE a.client_id = c.client_id AND a.state <> 'closed')
		FROM clients c JOIN client_aum m ON m.client_id = c.client_id LEFT JOIN client_ratings r ON r.client_id = c.client_id
		LEFT JOIN staff st ON st.staff_id = c.rm_id WHERE c.key_focus = TRUE AND ` + cond + ` ORDER BY m.aum DESC, c.client_id`)
	var out []KeyFocusClient
	err := s.scanAll(ctx, q, func(scan func(...any) error) error {
		var k KeyFocusClient
		if err := scan(&k.ClientID, &k.Name, &k.Tier, &k.AUM, &k.RMID, &k.RMName, &k.OpenAlerts); err != nil {
			return err
		}
		out = append(out, k)
		return nil
	}, args...)
	if err != nil {
		return nil, fmt.Errorf("key-focus clients: %w", err)
	}
	return out, nil
}
