package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/policy"
)

// The service relationship (服务关系) as people change it: a supervisor or outlet manager assigns, changes
// or ends a client's responsible client manager, one client or a selection at once, within the per-RM
// service cap (人均服务上限, policy relationships.max_clients_per_rm) or overriding it; a client manager
// asks for an unassigned client and the outlet's supervisor decides. Each change is one transaction with
// the relationship period, the client's open work moving to the new manager, its time-line line and its
// audit events: a selection is applied whole or not at all.

// Audit actions of relationships.
const (
	// AuditClientAssign: a client's responsible client manager was assigned, changed or ended (one event
	// per client, also in a selection, which they share a batch number with).
	AuditClientAssign = "client_assign"
	// AuditCapOverride: an assignment went beyond the per-RM cap by a supervisor's explicit decision; the
	// event names the figures.
	AuditCapOverride = "relationship_cap_override"
	// AuditRelRequest and AuditRelDecision: a client manager asked for a client; the request was decided.
	AuditRelRequest  = "relationship_request"
	AuditRelDecision = "relationship_decision"
)

// MaxAssignBatch bounds a selection assigned at once: one page of the client list at its largest.
const MaxAssignBatch = 500

// maxReasonRunes bounds the reason of a relationship change or request.
const maxReasonRunes = 200

// RMAssignment is a change of the responsible client manager of one client or a selection.
type RMAssignment struct {
	ClientIDs []string
	// RMID is the new client manager; 0 ends the relationship.
	RMID   int64
	Reason string
	// OverrideCap: assign even beyond the per-RM cap (a supervisor's or outlet manager's decision, audited).
	OverrideCap bool
}

// CapBreach is one client manager's tier beyond the per-RM cap after an assignment.
type CapBreach struct {
	RMID   int64  `json:"rm_id"`
	RMName string `json:"rm_name"`
	Tier   string `json:"tier"`
	Keeps  int    `json:"keeps"` // clients of the tier the RM would keep
	Cap    int    `json:"cap"`
}

// CapError refuses an assignment that would exceed the per-RM cap (ErrCapExceeded), with the figures.
type CapError struct{ Breaches []CapBreach }

// ErrCapExceeded: an assignment would give a client manager more clients of a tier than the cap.
var ErrCapExceeded = errors.New("the per-RM service cap would be exceeded")

func (e *CapError) Error() string {
	parts := make([]string, len(e.Breaches))
	for i, b := range e.Breaches {
		parts[i] = fmt.Sprintf("%s would keep %d %s clients, cap %d", b.RMName, b.Keeps, b.Tier, b.Cap)
	}
	return ErrCapExceeded.Error() + ": " + strings.Join(parts, "; ")
}

func (e *CapError) Unwrap() error { return ErrCapExceeded }

// RMChange is what an assignment did to one client.
type RMChange struct {
	ClientID    string
	From, To    int64
	MovedAlerts int64
	MovedTasks  int64
}

// TierLoad is one tier of an assignment's preview: the selected clients of the tier and their AUM, the
// recipient's book of the tier before and after, and the cap (0: none).
type TierLoad struct {
	Tier    string
	Clients int
	AUM     int64
	Before  int
	After   int
	Cap     int
	Over    bool
}

// RMPreview is what an assignment would do, before it is applied.
type RMPreview struct {
	RMID    int64
	RMName  string
	Clients int   // selected clients that would change hands
	Already int   // selected clients the recipient already keeps
	AUM     int64 // of the clients that would change hands
	Tiers   []TierLoad
	// Breaches are the tiers beyond the cap (the assignment needs an override).
	Breaches []CapBreach
	// Overridable: the person may override the cap.
	Overridable bool
}

// checkReason validates a person's reason: required, one line, at most 200 characters.
func checkReason(what, field, reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	if err := inputErr(what, domain.CheckText(field, reason, false)); err != nil {
		return "", err
	}
	if reason == "" {
		return "", fmt.Errorf("%s: a reason is required: %w", what, ErrInvalid)
	}
	if utf8.RuneCountInString(reason) > maxReasonRunes {
		return "", fmt.Errorf("%s: the reason has more than %d characters: %w", what, maxReasonRunes, ErrInvalid)
	}
	return reason, nil
}

// assignable reads the selected clients in scope and checks that actor may assign each of them (may:
// access.MayAssign, or a use case's own rule) and that the recipient (0: none) is an active client manager
// of each one's outlet.
func (s *Store) assignable(ctx context.Context, q querier, sc access.Scope, actor domain.Staff, ids []string, rmID int64,
	may func(domain.Staff, string) bool) ([]ClientDetail, string, error) {
	if len(ids) == 0 {
		return nil, "", fmt.Errorf("assign clients: no client selected: %w", ErrInvalid)
	}
	if len(ids) > MaxAssignBatch {
		return nil, "", fmt.Errorf("assign clients: %d clients selected, at most %d at once: %w", len(ids), MaxAssignBatch, ErrInvalid)
	}
	var rmName, rmOrg string
	if rmID != 0 {
		var role string
		var disabled bool
		err := q.QueryRowContext(ctx, s.Rebind("SELECT name, role, org_id, disabled FROM staff WHERE staff_id = ?"), rmID).Scan(&rmName, &role, &rmOrg, &disabled)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && (disabled || role != string(domain.RoleRM))) {
			return nil, "", fmt.Errorf("assign clients: staff %d is not an active client manager: %w", rmID, ErrInvalid)
		}
		if err != nil {
			return nil, "", fmt.Errorf("assign clients: %w", err)
		}
	}
	seen := map[string]bool{}
	out := make([]ClientDetail, 0, len(ids))
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		c, err := s.clientTx(ctx, q, sc, id)
		if err != nil {
			return nil, "", err
		}
		if !may(actor, c.OutletID) {
			return nil, "", fmt.Errorf("assign client %s: %s %s may not assign the clients of outlet %s: %w", id, actor.Role, actor.Username, c.OutletID, ErrNotAllowed)
		}
		if rmID != 0 && rmOrg != c.OutletID {
			return nil, "", fmt.Errorf("assign client %s: %s is not a client manager of outlet %s: %w", id, rmName, c.OutletID, ErrInvalid)
		}
		out = append(out, c)
	}
	return out, rmName, nil
}

// loadOf computes the recipient's book by tier before and after taking the clients (those it does not
// already keep), against the caps of p.
func (s *Store) loadOf(ctx context.Context, q querier, p *policy.Policy, rmID int64, rmName string, clients []ClientDetail) (RMPreview, error) {
	pv := RMPreview{RMID: rmID, RMName: rmName}
	byTier := map[string]*TierLoad{}
	tiers := []string{policy.T1, policy.T2, policy.T3, policy.T4, policy.T5}
	for _, t := range tiers {
		byTier[t] = &TierLoad{Tier: t, Cap: p.MaxClientsPerRM(t)}
	}
	tierSQL, tierArgs := tierCase(p)
	rows, err := q.QueryContext(ctx, s.Rebind("SELECT "+tierSQL+", count(*) FROM clients c JOIN client_aum m ON m.client_id = c.client_id WHERE c.rm_id = ? GROUP BY 1"),
		append(tierArgs, rmID)...)
	if err != nil {
		return pv, fmt.Errorf("book of staff %d: %w", rmID, err)
	}
	for rows.Next() {
		var tier string
		var n int
		if err := rows.Scan(&tier, &n); err != nil {
			rows.Close()
			return pv, fmt.Errorf("book of staff %d: %w", rmID, err)
		}
		byTier[tier].Before = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return pv, fmt.Errorf("book of staff %d: %w", rmID, err)
	}
	for _, c := range clients {
		if c.RMID == rmID {
			pv.Already++
			continue
		}
		tl := byTier[p.TierOf(c.AUM)]
		tl.Clients++
		pv.Clients++
		var ok bool
		if tl.AUM, ok = addFen(tl.AUM, c.AUM); !ok {
			return pv, fmt.Errorf("AUM of the selection's %s clients overflows: %w", tl.Tier, ErrInvalid)
		}
		if pv.AUM, ok = addFen(pv.AUM, c.AUM); !ok {
			return pv, fmt.Errorf("AUM of the selection overflows: %w", ErrInvalid)
		}
	}
	for _, t := range tiers {
		tl := byTier[t]
		tl.After = tl.Before + tl.Clients
		tl.Over = tl.Cap > 0 && tl.Clients > 0 && tl.After > tl.Cap
		if tl.Over {
			pv.Breaches = append(pv.Breaches, CapBreach{RMID: rmID, RMName: rmName, Tier: t, Keeps: tl.After, Cap: tl.Cap})
		}
		pv.Tiers = append(pv.Tiers, *tl)
	}
	return pv, nil
}

// PreviewAssignment says what assigning the selected clients to rmID would do: counts and AUM by tier,
// the recipient's book against the cap. Nothing is changed; the same checks as AssignClients apply.
func (s *Store) PreviewAssignment(ctx context.Context, sc access.Scope, actorID int64, p *policy.Policy, ids []string, rmID int64) (RMPreview, error) {
	if rmID == 0 {
		return RMPreview{}, fmt.Errorf("preview assignment: no client manager chosen: %w", ErrInvalid)
	}
	var pv RMPreview
	// A transaction only to read the selection and the book at one moment; it changes nothing.
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		actor, err := s.actorTx(ctx, tx, actorID)
		if err != nil {
			return err
		}
		clients, name, err := s.assignable(ctx, tx, sc, actor, ids, rmID, access.MayAssign)
		if err != nil {
			return err
		}
		if pv, err = s.loadOf(ctx, tx, p, rmID, name, clients); err != nil {
			return err
		}
		pv.Overridable = true
		for _, c := range clients {
			pv.Overridable = pv.Overridable && access.MayOverrideCap(actor, c.OutletID)
		}
		return nil
	})
	return pv, err
}

// AssignClients assigns, changes or ends (RMID 0) the responsible client manager of the selected clients,
// all in one transaction or none: the person must lead the clients' outlet (access.MayAssign), the
// recipient must be an active client manager of it, the reason is required, and the recipient's book must
// stay within the per-RM cap of p unless the person may override it and does (audited with the figures).
// Each client's open alerts and rule-made tasks go with it; each change is on its time line and in the
// audit log. A client already kept by the recipient is left as it is.
func (s *Store) AssignClients(ctx context.Context, sc access.Scope, actorID int64, p *policy.Policy, a RMAssignment) ([]RMChange, error) {
	reason, err := checkReason("assign clients", "reason", a.Reason)
	if err != nil {
		return nil, err
	}
	var out []RMChange
	err = s.Tx(ctx, func(tx *sql.Tx) error {
		actor, err := s.actorTx(ctx, tx, actorID)
		if err != nil {
			return err
		}
		clients, name, err := s.assignable(ctx, tx, sc, actor, a.ClientIDs, a.RMID, access.MayAssign)
		if err != nil {
			return err
		}
		override := false
		if a.RMID != 0 && p != nil {
			pv, err := s.loadOf(ctx, tx, p, a.RMID, name, clients)
			if err != nil {
				return err
			}
			if len(pv.Breaches) > 0 {
				if !a.OverrideCap {
					return &CapError{Breaches: pv.Breaches}
				}
				for _, c := range clients {
					if !access.MayOverrideCap(actor, c.OutletID) {
						return fmt.Errorf("assign client %s beyond the cap: %s %s may not override it: %w", c.ClientID, actor.Role, actor.Username, ErrNotAllowed)
					}
				}
				override = true
				detail, _ := json.Marshal(map[string]any{"rm": a.RMID, "clients": len(clients), "reason": reason, "breaches": pv.Breaches})
				if err := s.appendAudit(ctx, tx, domain.AuditEvent{ActorID: actorID, Action: AuditCapOverride, ObjectType: "staff",
					ObjectID: fmt.Sprint(a.RMID), Detail: string(detail)}); err != nil {
					return err
				}
			}
		}
		batch := ""
		if len(clients) > 1 {
			batch = fmt.Sprintf("%d-%d", actorID, s.now().UnixMicro())
		}
		for _, c := range clients {
			if c.RMID == a.RMID {
				continue
			}
			ch, err := s.changeRMTx(ctx, tx, actorID, c, a.RMID, reason, override, batch)
			if err != nil {
				return err
			}
			out = append(out, ch)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// changeRMTx makes one client's change: closes its relationship period and opens the next, moves its work,
// notes it on the time line, lapses the open requests for it when it gets a manager, and audits it.
func (s *Store) changeRMTx(ctx context.Context, tx *sql.Tx, actor int64, c ClientDetail, staffID int64, reason string, override bool, batch string) (RMChange, error) {
	id := c.ClientID
	ch := RMChange{ClientID: id, From: c.RMID, To: staffID}
	now := s.now()
	if _, err := tx.ExecContext(ctx, s.Rebind("UPDATE relationships SET valid_to = ? WHERE client_id = ? AND valid_to IS NULL"), now, id); err != nil {
		return ch, fmt.Errorf("assign client %s: close relationship: %w", id, err)
	}
	if staffID != 0 {
		if _, err := tx.ExecContext(ctx, s.Rebind(`INSERT INTO relationships (client_id, staff_id, valid_from, assigned_by, reason)
			VALUES (?, ?, ?, ?, ?)`), id, staffID, now, nullInt(actor), reason); err != nil {
			return ch, fmt.Errorf("assign client %s: %w", id, err)
		}
	}
	if _, err := tx.ExecContext(ctx, s.Rebind("UPDATE clients SET rm_id = ?, updated_at = ? WHERE client_id = ?"), nullInt(staffID), now, id); err != nil {
		return ch, fmt.Errorf("assign client %s: %w", id, err)
	}
	var err error
	if staffID != 0 {
		ch.MovedAlerts, ch.MovedTasks, err = s.routeToKeeperCount(ctx, tx, []string{id}, c.RMID)
	} else if c.RMID != 0 {
		ch.MovedAlerts, ch.MovedTasks, err = s.releaseToSupervisorsCount(ctx, tx, id, c.RMID)
	}
	if err != nil {
		return ch, err
	}
	if _, err := tx.ExecContext(ctx, s.Rebind(`INSERT INTO relationship_changes (client_id, at, from_staff, to_staff, actor_id, reason,
		moved_alerts, moved_tasks, cap_override) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`), id, now, nullInt(c.RMID), nullInt(staffID),
		nullInt(actor), reason, ch.MovedAlerts, ch.MovedTasks, override); err != nil {
		return ch, fmt.Errorf("assign client %s: time line: %w", id, err)
	}
	if staffID != 0 {
		if _, err := tx.ExecContext(ctx, s.Rebind(`UPDATE relationship_requests SET state = 'lapsed', decided_at = ?
			WHERE client_id = ? AND state = 'open' AND staff_id <> ?`), now, id, staffID); err != nil {
			return ch, fmt.Errorf("assign client %s: lapse requests: %w", id, err)
		}
		// A client given a manager leaves the queue of clients waiting for one (rotation.go).
		if err := s.leaveQueue(ctx, tx, id); err != nil {
			return ch, err
		}
	}
	d := map[string]any{"before": c.RMID, "after": staffID, "reason": reason, "moved_alerts": ch.MovedAlerts, "moved_tasks": ch.MovedTasks}
	if override {
		d["cap_override"] = true
	}
	if batch != "" {
		d["batch"] = batch
	}
	detail, _ := json.Marshal(d)
	return ch, s.appendAudit(ctx, tx, domain.AuditEvent{ActorID: actor, Action: AuditClientAssign, ObjectType: "client",
		ObjectID: id, Detail: string(detail)})
}

// RelRequest is a client manager's request for an unassigned client.
type RelRequest struct {
	ID             int64
	ClientID       string
	ClientName     string
	StaffID        int64
	StaffName      string
	OutletID       string
	Reason         string
	State          string // open, approved, rejected, lapsed
	RequestedAt    time.Time
	DecidedAt      time.Time // zero while open
	DecidedBy      string
	DecisionReason string
	// Tier and AUM of the client, for the approver (zero for the RM's own list).
	AUM int64
}

// RequestStates are the states of a request.
var RequestStates = []string{"open", "approved", "rejected", "lapsed"}

// RequestClient records a client manager's request to keep an unassigned client of the outlet
// (access.MayRequestClient), with its reason; one open request per client and client manager.
func (s *Store) RequestClient(ctx context.Context, sc access.Scope, actorID int64, clientID, reason string) (int64, error) {
	reason, err := checkReason("request client "+clientID, "reason", reason)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.Tx(ctx, func(tx *sql.Tx) error {
		actor, err := s.actorTx(ctx, tx, actorID)
		if err != nil {
			return err
		}
		c, err := s.clientTx(ctx, tx, sc, clientID)
		if err != nil {
			return err
		}
		if !access.MayRequestClient(actor, c.Client) {
			return fmt.Errorf("request client %s: %s %s may not ask for it: %w", clientID, actor.Role, actor.Username, ErrNotAllowed)
		}
		var open int
		if err := tx.QueryRowContext(ctx, s.Rebind("SELECT count(*) FROM relationship_requests WHERE client_id = ? AND staff_id = ? AND state = 'open'"),
			clientID, actorID).Scan(&open); err != nil {
			return fmt.Errorf("request client %s: %w", clientID, err)
		}
		if open > 0 {
			return fmt.Errorf("request client %s: %w", clientID, ErrRequestOpen)
		}
		if err := tx.QueryRowContext(ctx, s.Rebind(`INSERT INTO relationship_requests (client_id, staff_id, outlet_id, reason, state, requested_at)
			VALUES (?, ?, ?, ?, 'open', ?) RETURNING request_id`), clientID, actorID, c.OutletID, reason, s.now()).Scan(&id); err != nil {
			return fmt.Errorf("request client %s: %w", clientID, err)
		}
		detail, _ := json.Marshal(map[string]any{"request_id": id, "reason": reason})
		return s.appendAudit(ctx, tx, domain.AuditEvent{ActorID: actorID, Action: AuditRelRequest, ObjectType: "client", ObjectID: clientID, Detail: string(detail)})
	})
	return id, err
}

// ErrRequestOpen: the client manager already has an open request for the client.
var ErrRequestOpen = errors.New("a request for this client is already waiting")

// DecideRequest approves (the client is assigned to the requester, within the cap unless overridden) or
// rejects an open request, with the decider's reason, in one transaction. The decider must be allowed to
// assign the client (access.MayAssign); a request already decided, or for a client that meanwhile got a
// manager, is refused.
func (s *Store) DecideRequest(ctx context.Context, sc access.Scope, actorID int64, p *policy.Policy, requestID int64, approve bool, reason string, overrideCap bool) error {
	reason, err := checkReason(fmt.Sprintf("decide request %d", requestID), "reason", reason)
	if err != nil {
		return err
	}
	return s.Tx(ctx, func(tx *sql.Tx) error {
		actor, err := s.actorTx(ctx, tx, actorID)
		if err != nil {
			return err
		}
		var clientID, state, asked string
		var staffID int64
		err = tx.QueryRowContext(ctx, s.Rebind("SELECT client_id, staff_id, state, reason FROM relationship_requests WHERE request_id = ?"), requestID).Scan(&clientID, &staffID, &state, &asked)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("decide request %d: %w", requestID, err)
		}
		c, err := s.clientTx(ctx, tx, sc, clientID)
		if err != nil {
			return err
		}
		if !access.MayAssign(actor, c.OutletID) {
			return fmt.Errorf("decide request %d: %s %s may not assign the clients of outlet %s: %w", requestID, actor.Role, actor.Username, c.OutletID, ErrNotAllowed)
		}
		if state != "open" {
			return fmt.Errorf("decide request %d: it is %s already: %w", requestID, state, ErrInvalid)
		}
		newState := "rejected"
		if approve {
			if c.RMID != 0 {
				return fmt.Errorf("decide request %d: client %s has a client manager already: %w", requestID, clientID, ErrInvalid)
			}
			newState = "approved"
		}
		if _, err := tx.ExecContext(ctx, s.Rebind(`UPDATE relationship_requests SET state = ?, decided_at = ?, decided_by = ?, decision_reason = ?
			WHERE request_id = ? AND state = 'open'`), newState, s.now(), actorID, reason, requestID); err != nil {
			return fmt.Errorf("decide request %d: %w", requestID, err)
		}
		detail, _ := json.Marshal(map[string]any{"request_id": requestID, "approved": approve, "reason": reason, "rm": staffID})
		if err := s.appendAudit(ctx, tx, domain.AuditEvent{ActorID: actorID, Action: AuditRelDecision, ObjectType: "client", ObjectID: clientID, Detail: string(detail)}); err != nil {
			return err
		}
		if !approve {
			return nil
		}
		clients, name, err := s.assignable(ctx, tx, sc, actor, []string{clientID}, staffID, access.MayAssign)
		if err != nil {
			return err
		}
		override := false
		if p != nil {
			pv, err := s.loadOf(ctx, tx, p, staffID, name, clients)
			if err != nil {
				return err
			}
			if len(pv.Breaches) > 0 {
				if !overrideCap {
					return &CapError{Breaches: pv.Breaches}
				}
				if !access.MayOverrideCap(actor, c.OutletID) {
					return fmt.Errorf("decide request %d beyond the cap: %s %s may not override it: %w", requestID, actor.Role, actor.Username, ErrNotAllowed)
				}
				override = true
				detail, _ := json.Marshal(map[string]any{"rm": staffID, "clients": 1, "reason": reason, "breaches": pv.Breaches, "request_id": requestID})
				if err := s.appendAudit(ctx, tx, domain.AuditEvent{ActorID: actorID, Action: AuditCapOverride, ObjectType: "staff",
					ObjectID: fmt.Sprint(staffID), Detail: string(detail)}); err != nil {
					return err
				}
			}
		}
		// The relationship's reason is the request's: why the client manager keeps the client.
		_, err = s.changeRMTx(ctx, tx, actorID, clients[0], staffID, asked, override, "")
		return err
	})
}

const requestCols = `q.request_id, q.client_id, c.name, q.staff_id, st.name, q.outlet_id, q.reason, q.state, q.requested_at,
	q.decided_at, COALESCE(d.name, ''), q.decision_reason, m.aum`

func (s *Store) scanRequests(ctx context.Context, q string, args ...any) ([]RelRequest, error) {
	rows, err := s.db.QueryContext(ctx, s.Rebind(`SELECT `+requestCols+` FROM relationship_requests q JOIN clients c ON c.client_id = q.client_id
		JOIN client_aum m ON m.client_id = q.client_id JOIN staff st ON st.staff_id = q.staff_id LEFT JOIN staff d ON d.staff_id = q.decided_by `+q), args...)
	if err != nil {
		return nil, fmt.Errorf("relationship requests: %w", err)
	}
	defer rows.Close()
	var out []RelRequest
	for rows.Next() {
		var r RelRequest
		var decided sql.NullTime
		if err := rows.Scan(&r.ID, &r.ClientID, &r.ClientName, &r.StaffID, &r.StaffName, &r.OutletID, &r.Reason, &r.State, &r.RequestedAt,
			&decided, &r.DecidedBy, &r.DecisionReason, &r.AUM); err != nil {
			return nil, fmt.Errorf("relationship requests: %w", err)
		}
		if decided.Valid {
			r.DecidedAt = decided.Time
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// PendingRequests lists the open requests the person may decide (the outlets they lead; every outlet for
// an administrator), oldest first, within scope.
func (s *Store) PendingRequests(ctx context.Context, sc access.Scope, actor domain.Staff) ([]RelRequest, error) {
	if actor.Role != domain.RoleAdmin && !access.MayAssign(actor, actor.OrgID) {
		return nil, nil
	}
	cond, args := scopeCond(sc)
	out, err := s.scanRequests(ctx, "WHERE q.state = 'open' AND "+cond+" ORDER BY q.requested_at, q.request_id LIMIT 500", args...)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(out, func(r RelRequest) bool { return !access.MayAssign(actor, r.OutletID) }), nil
}

// MyRequests lists a client manager's own requests, newest first (the last 20): the outcome of each.
func (s *Store) MyRequests(ctx context.Context, staffID int64) ([]RelRequest, error) {
	return s.scanRequests(ctx, "WHERE q.staff_id = ? ORDER BY q.requested_at DESC, q.request_id DESC LIMIT 20", staffID)
}

// ClientRequests lists the requests for one client in scope, newest first.
func (s *Store) ClientRequests(ctx context.Context, sc access.Scope, clientID string) ([]RelRequest, error) {
	cond, args := scopeCond(sc)
	return s.scanRequests(ctx, "WHERE q.client_id = ? AND "+cond+" ORDER BY q.requested_at DESC, q.request_id DESC LIMIT 20", append([]any{clientID}, args...)...)
}

// OutletRMs lists the active client managers of an outlet, by name: the recipients an assignment offers.
func (s *Store) OutletRMs(ctx context.Context, outlet string) ([]domain.Staff, error) {
	rows, err := s.db.QueryContext(ctx, s.Rebind("SELECT "+staffCols+" FROM staff WHERE org_id = ? AND role = ? AND NOT disabled ORDER BY name, staff_id"),
		outlet, string(domain.RoleRM))
	if err != nil {
		return nil, fmt.Errorf("client managers of %s: %w", outlet, err)
	}
	defer rows.Close()
	var out []domain.Staff
	for rows.Next() {
		st, err := scanStaff(rows)
		if err != nil {
			return nil, fmt.Errorf("client managers of %s: %w", outlet, err)
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// RMLoad is one client manager's book against the cap, for the supervisor's home.
type RMLoad struct {
	RMID   int64
	RMName string
	// ByTier counts the book's clients per tier (T1..T5); Caps the cap per tier (0: none).
	ByTier map[string]int
	Caps   map[string]int
	Total  int
	Over   bool
}

// OutletLoad is an outlet's clients, those served (with a client manager) and each RM's book.
type OutletLoad struct {
	Clients int
	Served  int
	RMs     []RMLoad
}

// OutletBooks counts an outlet's clients, those with a client manager, and each active RM's book by tier
// against the caps of p.
func (s *Store) OutletBooks(ctx context.Context, sc access.Scope, p *policy.Policy, outlet string) (OutletLoad, error) {
	var out OutletLoad
	rms, err := s.OutletRMs(ctx, outlet)
	if err != nil {
		return out, err
	}
	idx := map[int64]int{}
	for i, st := range rms {
		idx[st.ID] = i
		caps := map[string]int{}
		for _, t := range []string{policy.T1, policy.T2, policy.T3, policy.T4, policy.T5} {
			caps[t] = p.MaxClientsPerRM(t)
		}
		out.RMs = append(out.RMs, RMLoad{RMID: st.ID, RMName: st.Name, ByTier: map[string]int{}, Caps: caps})
	}
	cond, args := scopeCond(sc)
	tierSQL, tierArgs := tierCase(p)
	rows, err := s.db.QueryContext(ctx, s.Rebind(`SELECT COALESCE(c.rm_id, 0), `+tierSQL+`, count(*) FROM clients c
		JOIN client_aum m ON m.client_id = c.client_id WHERE c.outlet_id = ? AND `+cond+` GROUP BY 1, 2`),
		append(append(tierArgs, outlet), args...)...)
	if err != nil {
		return out, fmt.Errorf("books of outlet %s: %w", outlet, err)
	}
	defer rows.Close()
	for rows.Next() {
		var rm int64
		var tier string
		var n int
		if err := rows.Scan(&rm, &tier, &n); err != nil {
			return out, fmt.Errorf("books of outlet %s: %w", outlet, err)
		}
		out.Clients += n
		if rm == 0 {
			continue
		}
		out.Served += n
		if i, ok := idx[rm]; ok {
			l := &out.RMs[i]
			l.ByTier[tier] += n
			l.Total += n
			if c := l.Caps[tier]; c > 0 && l.ByTier[tier] > c {
				l.Over = true
			}
		}
	}
	return out, rows.Err()
}

// tierCase is the SQL expression of the asset tier of a client's current AUM (m.aum), as policy.TierOf
// gives it, with its arguments.
func tierCase(p *policy.Policy) (string, []any) {
	t := p.Tiers
	return "CASE WHEN m.aum >= ? THEN 'T5' WHEN m.aum >= ? THEN 'T4' WHEN m.aum >= ? THEN 'T3' WHEN m.aum >= ? THEN 'T2' ELSE 'T1' END",
		[]any{t.T5Min.Fen(), t.T4Min.Fen(), t.T3Min.Fen(), t.T2Min.Fen()}
}
