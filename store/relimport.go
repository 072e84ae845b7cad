package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/ingest"
)

// Handover is when, and to whom, a client was handed over from a client manager who still sees it through
// the shadow of the ended relationship (policy relationships.shadow_days).
type Handover struct {
	On time.Time
	// ToName is the client manager who took the client over; "" when it was left without one.
	ToName string
}

// handoverOf is the handover of c from the caller, when the caller is a client manager who is no longer
// responsible for it and whose relationship with it ended within the shadow; nil otherwise.
func (s *Store) handoverOf(ctx context.Context, sc access.Scope, c domain.Client) (*Handover, error) {
	if sc.Reach != access.ReachAssigned || sc.ShadowSince.IsZero() || c.RMID == sc.StaffID {
		return nil, nil
	}
	var h Handover
	err := s.db.QueryRowContext(ctx, s.Rebind(`SELECT r.valid_to, COALESCE((SELECT st.name FROM relationships n
		JOIN staff st ON st.staff_id = n.staff_id WHERE n.client_id = r.client_id AND n.valid_from >= r.valid_to
		ORDER BY n.valid_from, n.rel_id LIMIT 1), '')
		FROM relationships r WHERE r.client_id = ? AND r.staff_id = ? AND r.valid_to >= ? ORDER BY r.valid_to DESC LIMIT 1`),
		c.ClientID, sc.StaffID, utc(sc.ShadowSince)).Scan(&h.On, &h.ToName)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("handover of client %s: %w", c.ClientID, err)
	}
	return &h, nil
}

// AuditRelationshipImport is the audit action of loading a relationship table (one event for the table).
const AuditRelationshipImport = "relationship_import"

// RelationshipImport is an existing bank's relationship table (ingest.ReadRelationshipTable), to apply.
type RelationshipImport struct {
	File   string // the file's name, for the report and the audit
	SHA256 string // hex SHA-256 of the file's bytes, for the audit
	Table  ingest.RelationshipTable
	// Replace moves a client that already has another client manager to the one listed; without it such
	// a row is refused.
	Replace bool
	// Check only validates: nothing is written, nothing audited.
	Check bool
	Actor int64 // 0: the command line
}

// RelationshipImportResult counts what an import did (or, with Check, would do).
type RelationshipImportResult struct {
	Assigned  int // clients that had no client manager
	Replaced  int // clients moved from another client manager (Replace)
	Unchanged int // clients already served by the manager listed
	// Issues are the bad rows, in file order; when there are any, nothing was applied and the error is
	// ErrInvalid.
	Issues []ingest.Issue
}

// importChunk bounds the keys of one IN list (SQLite and PostgreSQL both take far more parameters).
const importChunk = 500

var errCheckOnly = errors.New("check only")

// ImportRelationships loads a relationship table whole or not at all, in one transaction: every row must
// name a client that exists and an active client manager of that client's outlet, and each client once; a
// client that already has another client manager is refused unless Replace. Each client whose manager
// changes gets its previous relationship closed and a new one opened (reason ReasonInitialAssignment, set
// by the actor), and its open alerts and rule-made tasks that its supervisors (for want of a manager) or
// its previous manager held go to the new manager (routeToKeeper). One audit event records the file, its
// hash and the counts.
func (s *Store) ImportRelationships(ctx context.Context, imp RelationshipImport) (RelationshipImportResult, error) {
	var res RelationshipImportResult
	t := imp.Table
	if len(t.Rows) == 0 {
		return res, fmt.Errorf("relationship table %s: no rows: %w", imp.File, ErrInvalid)
	}
	bad := func(line int, col, val, reason string) {
		res.Issues = append(res.Issues, ingest.Issue{File: imp.File, Line: line, Column: col, Value: val, Reason: reason})
	}
	type client struct {
		outlet, rmName string
		rm             int64
	}
	type member struct {
		id        int64
		role, org string
		disabled  bool
	}
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		var ids, names []string
		for _, r := range t.Rows {
			ids, names = append(ids, r.ClientID), append(names, r.Staff)
		}
		clients := map[string]client{}
		staff := map[string]member{}
		for part := range slices.Chunk(uniq(ids), importChunk) {
			err := scanRows(ctx, tx, s.Rebind(`SELECT c.client_id, c.outlet_id, COALESCE(c.rm_id, 0), COALESCE(st.username, '')
				FROM clients c LEFT JOIN staff st ON st.staff_id = c.rm_id WHERE c.client_id IN (`+placeholders(len(part))+`)`),
				func(scan func(...any) error) error {
					var id string
					var c client
					if err := scan(&id, &c.outlet, &c.rm, &c.rmName); err != nil {
						return err
					}
					clients[id] = c
					return nil
				}, anys(part)...)
			if err != nil {
				return fmt.Errorf("relationship table %s: read clients: %w", imp.File, err)
			}
		}
		for part := range slices.Chunk(uniq(names), importChunk) {
			key := "username"
			if t.ByEmployeeNo {
				key = "employee_no" // migration 0022; unique where present
			}
			err := scanRows(ctx, tx, s.Rebind(`SELECT staff_id, `+key+`, role, org_id, disabled FROM staff WHERE `+key+` IN (`+placeholders(len(part))+`)`),
				func(scan func(...any) error) error {
					var m member
					var username string
					if err := scan(&m.id, &username, &m.role, &m.org, &m.disabled); err != nil {
						return err
					}
					staff[username] = m
					return nil
				}, anys(part)...)
			if err != nil {
				return fmt.Errorf("relationship table %s: read staff: %w", imp.File, err)
			}
		}
		type change struct {
			client      string
			staff, prev int64
		}
		var changes []change
		first := map[string]int{} // client → line of its first row
		for _, r := range t.Rows {
			if l, dup := first[r.ClientID]; dup {
				bad(r.Line, t.ClientColumn, r.ClientID, fmt.Sprintf("client listed twice (first at line %d)", l))
				continue
			}
			first[r.ClientID] = r.Line
			c, ok := clients[r.ClientID]
			if !ok {
				bad(r.Line, t.ClientColumn, r.ClientID, "no such client")
			}
			m, known := staff[r.Staff]
			switch {
			case !known:
				bad(r.Line, t.StaffColumn, r.Staff, "no such member of staff")
			case m.disabled:
				bad(r.Line, t.StaffColumn, r.Staff, "the member of staff is disabled")
			case m.role != string(domain.RoleRM):
				bad(r.Line, t.StaffColumn, r.Staff, fmt.Sprintf("is %s, not a client manager", m.role))
			case ok && m.org != c.outlet:
				bad(r.Line, t.StaffColumn, r.Staff, fmt.Sprintf("works at outlet %s; client %s belongs to outlet %s", m.org, r.ClientID, c.outlet))
			case ok && c.rm == m.id:
				res.Unchanged++
			case ok && c.rm != 0 && !imp.Replace:
				bad(r.Line, t.ClientColumn, r.ClientID, fmt.Sprintf("already served by %s; --replace moves it to %s", c.rmName, r.Staff))
			case ok:
				changes = append(changes, change{client: r.ClientID, staff: m.id, prev: c.rm})
			}
		}
		if len(res.Issues) > 0 {
			return fmt.Errorf("relationship table %s: %d bad rows, nothing applied: %w", imp.File, len(res.Issues), ErrInvalid)
		}
		for _, ch := range changes {
			if ch.prev == 0 {
				res.Assigned++
			} else {
				res.Replaced++
			}
		}
		if imp.Check {
			return errCheckOnly
		}
		now := s.now()
		closeRel, err := tx.PrepareContext(ctx, s.Rebind("UPDATE relationships SET valid_to = ? WHERE client_id = ? AND valid_to IS NULL"))
		if err != nil {
			return fmt.Errorf("relationship table %s: %w", imp.File, err)
		}
		defer closeRel.Close()
		openRel, err := tx.PrepareContext(ctx, s.Rebind(`INSERT INTO relationships (client_id, staff_id, valid_from, assigned_by, reason)
			VALUES (?, ?, ?, ?, ?)`))
		if err != nil {
			return fmt.Errorf("relationship table %s: %w", imp.File, err)
		}
		defer openRel.Close()
		setRM, err := tx.PrepareContext(ctx, s.Rebind("UPDATE clients SET rm_id = ?, updated_at = ? WHERE client_id = ?"))
		if err != nil {
			return fmt.Errorf("relationship table %s: %w", imp.File, err)
		}
		defer setRM.Close()
		byPrev := map[int64][]string{}
		for _, ch := range changes {
			for _, step := range []struct {
				stmt *sql.Stmt
				args []any
			}{
				{closeRel, []any{now, ch.client}},
				{openRel, []any{ch.client, ch.staff, now, nullInt(imp.Actor), ReasonInitialAssignment}},
				{setRM, []any{ch.staff, now, ch.client}},
			} {
				if _, err := step.stmt.ExecContext(ctx, step.args...); err != nil {
					return fmt.Errorf("relationship table %s: client %s: %w", imp.File, ch.client, err)
				}
			}
			byPrev[ch.prev] = append(byPrev[ch.prev], ch.client)
		}
		for prev, ids := range byPrev {
			for part := range slices.Chunk(ids, importChunk) {
				if err := s.routeToKeeper(ctx, tx, part, prev); err != nil {
					return err
				}
			}
		}
		detail, err := json.Marshal(map[string]any{"file": imp.File, "sha256": imp.SHA256, "rows": len(t.Rows), "assigned": res.Assigned,
			"replaced": res.Replaced, "unchanged": res.Unchanged, "replace": imp.Replace})
		if err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, domain.AuditEvent{ActorID: imp.Actor, Action: AuditRelationshipImport, ObjectType: "relationship_table",
			ObjectID: imp.File, Detail: string(detail)})
	})
	if errors.Is(err, errCheckOnly) {
		err = nil
	}
	return res, err
}

// uniq is the distinct values of ss, sorted.
func uniq(ss []string) []string {
	out := slices.Clone(ss)
	slices.Sort(out)
	return slices.Compact(out)
}
