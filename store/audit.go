package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/domain"
)

// Audit appends one event to the audit log.
func (s *Store) Audit(ctx context.Context, ev domain.AuditEvent) error {
	return s.appendAudit(ctx, s.db, ev)
}

func (s *Store) appendAudit(ctx context.Context, q querier, ev domain.AuditEvent) error {
	if ev.At.IsZero() {
		ev.At = s.now()
	}
	_, err := q.ExecContext(ctx, s.Rebind(`INSERT INTO audit_events (at, actor_id, action, object_type, object_id, detail, ip)
		VALUES (?, ?, ?, ?, ?, ?, ?)`), utc(ev.At), nullInt(ev.ActorID), ev.Action, ev.ObjectType, ev.ObjectID, ev.Detail, ev.IP)
	if err != nil {
		return fmt.Errorf("audit %s %s %s: %w", ev.Action, ev.ObjectType, ev.ObjectID, err)
	}
	return nil
}

// AuditFilter selects audit events; empty fields match everything.
type AuditFilter struct {
	ActorID    int64
	Action     string
	ObjectType string
	ObjectID   string
	Since      time.Time
	Limit      int // default 100, at most 1000
	BeforeID   int64
}

// AuditEvents lists audit events of the whole log, newest first, for the system, the command line and
// checks; what a person reads goes through AuditLog, which applies their scope.
func (s *Store) AuditEvents(ctx context.Context, f AuditFilter) ([]domain.AuditEvent, error) {
	entries, err := s.auditQuery(ctx, "", nil, f)
	if err != nil {
		return nil, err
	}
	out := make([]domain.AuditEvent, len(entries))
	for i, e := range entries {
		out[i] = e.AuditEvent
	}
	return out, nil
}

// AuditEntry is an audit event as a person reads it: with the actor's display name.
type AuditEntry struct {
	domain.AuditEvent
	ActorFullName string
}

// AuditLog lists the audit events a person may read, newest first. Callers check the right to read the log
// (access.CapViewAudit); the scope is applied in the query itself, like client data's:
//
//   - an event belongs to the node of its actor (the actor's org), and an event about a client (object
//     type "client") also to the client's outlet, and an event about a member of staff (object type
//     "staff", object id the username, e.g. a change made from the command line) also to that person's
//     node;
//   - an outlet's scope (supervisor, outlet manager) reads the events belonging to its outlet, the
//     department's the events of its subtree, an administrator's all; any other scope only the person's
//     own events.
//
// Events of no one's node (a failed login under a name that matches no account, the system's own work on
// no client) are therefore read by administrators only.
func (s *Store) AuditLog(ctx context.Context, sc access.Scope, f AuditFilter) ([]AuditEntry, error) {
	cond, args := auditScopeCond(sc)
	return s.auditQuery(ctx, cond, args, f)
}

// auditScopeCond is the condition on audit_events (alias e) that keeps the log inside a scope.
func auditScopeCond(sc access.Scope) (string, []any) {
	var orgs string
	var orgArgs []any
	switch sc.Reach {
	case access.ReachAll:
		return "1 = 1", nil
	case access.ReachSubtree:
		lo, hi := pathRange(sc.OrgPath)
		orgs, orgArgs = "IN (SELECT org_id FROM orgs WHERE path >= ? AND path < ?)", []any{lo, hi}
	case access.ReachOutlet:
		orgs, orgArgs = "= ?", []any{sc.OrgID}
	case access.ReachAssigned:
		return "e.actor_id = ?", []any{sc.StaffID}
	default:
		return "1 = 0", nil
	}
	cond := "(e.actor_id IN (SELECT staff_id FROM staff WHERE org_id " + orgs + ")" +
		" OR (e.object_type = 'client' AND e.object_id IN (SELECT client_id FROM clients WHERE outlet_id " + orgs + "))" +
		" OR (e.object_type = 'staff' AND e.object_id IN (SELECT username FROM staff WHERE org_id " + orgs + ")))"
	var args []any
	for range 3 {
		args = append(args, orgArgs...)
	}
	return cond, args
}

func (s *Store) auditQuery(ctx context.Context, scopeCond string, scopeArgs []any, f AuditFilter) ([]AuditEntry, error) {
	var where []string
	var args []any
	if scopeCond != "" {
		where = append(where, scopeCond)
		args = append(args, scopeArgs...)
	}
	if f.ActorID != 0 {
		where = append(where, "e.actor_id = ?")
		args = append(args, f.ActorID)
	}
	if f.Action != "" {
		where = append(where, "e.action = ?")
		args = append(args, f.Action)
	}
	if f.ObjectType != "" {
		where = append(where, "e.object_type = ?")
		args = append(args, f.ObjectType)
	}
	if f.ObjectID != "" {
		where = append(where, "e.object_id = ?")
		args = append(args, f.ObjectID)
	}
	if !f.Since.IsZero() {
		where = append(where, "e.at >= ?")
		args = append(args, utc(f.Since))
	}
	if f.BeforeID != 0 {
		where = append(where, "e.event_id < ?")
		args = append(args, f.BeforeID)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	if limit > 1000 {
		limit = 1000
	}
	q := `SELECT e.event_id, e.at, COALESCE(e.actor_id, 0), COALESCE(st.username, ''), COALESCE(st.name, ''), e.action,
		e.object_type, e.object_id, e.detail, e.ip FROM audit_events e LEFT JOIN staff st ON st.staff_id = e.actor_id`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY e.event_id DESC LIMIT " + strconv.Itoa(limit)
	rows, err := s.db.QueryContext(ctx, s.Rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		if err := rows.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorName, &e.ActorFullName, &e.Action, &e.ObjectType, &e.ObjectID,
			&e.Detail, &e.IP); err != nil {
			return nil, fmt.Errorf("read audit log: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
