package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

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

// AuditEvents lists audit events, newest first. Callers check the right to read the log
// (access.CapViewAudit) before calling.
func (s *Store) AuditEvents(ctx context.Context, f AuditFilter) ([]domain.AuditEvent, error) {
	var where []string
	var args []any
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
	q := `SELECT e.event_id, e.at, COALESCE(e.actor_id, 0), COALESCE(st.username, ''), e.action, e.object_type,
		e.object_id, e.detail, e.ip FROM audit_events e LEFT JOIN staff st ON st.staff_id = e.actor_id`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY e.event_id DESC LIMIT " + strconv.Itoa(limit)
	rows, err := s.db.QueryContext(ctx, s.Rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	defer rows.Close()
	var out []domain.AuditEvent
	for rows.Next() {
		var e domain.AuditEvent
		if err := rows.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorName, &e.Action, &e.ObjectType, &e.ObjectID, &e.Detail, &e.IP); err != nil {
			return nil, fmt.Errorf("read audit log: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
