package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/steward-bank/steward/domain"
)

// Staff administration: the organisation tree, staff accounts (create, change role, node or employee
// number, disable, enable, reset the password). Each action is one use case here, called alike by the web
// pages and the command line: it checks who may, validates, changes and audits in one transaction.

// Errors of staff administration.
var (
	// ErrSelf: an administrator may not disable their own account, reset their own password here (the
	// password page is for that) or change their own role or node.
	ErrSelf = errors.New("not on one's own account")
	// ErrLastAdmin: the change would leave the bank without an active administrator.
	ErrLastAdmin = errors.New("the bank would be left without an active administrator")
)

// AdminProblem is a refused staff-administration input (wraps ErrInvalid): Problem is a code the pages
// word (username_taken, employee_no_taken, employee_no_format, node_unknown, name_required,
// username_format, node_exists, node_id_format, node_placement), Value what was refused.
type AdminProblem struct {
	Problem, Value string
	text           string
}

func (e *AdminProblem) Error() string { return e.text }

// Unwrap makes errors.Is(err, ErrInvalid) hold.
func (e *AdminProblem) Unwrap() error { return ErrInvalid }

func adminProblem(problem, value, format string, args ...any) error {
	return &AdminProblem{Problem: problem, Value: value, text: fmt.Sprintf(format, args...)}
}

// AuditPasswordReset is the audit action of a password reset to a one-time password; AuditOrgChange of
// a node of the tree added or renamed.
const (
	AuditPasswordReset = "password_reset"
	AuditOrgChange     = "org_change"
)

// StaffActor is who runs a staff-administration action: an administrator (every node, every role), an
// outlet manager whom the policy lets manage their own outlet's staff (only that node, and only the
// outlet's working roles: never an administrator, a department user or another outlet manager), or the
// server's command line (an administrator). Build it with StaffActorFor or CommandLineActor: the zero
// value may do nothing.
type StaffActor struct {
	id    int64
	role  domain.Role
	orgID string
	ip    string
	cli   bool
}

// usernameRE is a username the pages accept: a letter, then letters, digits, dots, hyphens or
// underscores, 2 to 32 in all.
var usernameRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9._-]{1,31}$`)

// orgIDRE is a node id the pages accept.
var orgIDRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,32}$`)

// outletManagedRoles are the roles an outlet manager may give and manage within their outlet.
var outletManagedRoles = []domain.Role{domain.RoleTeller, domain.RoleTellerVIP, domain.RoleLobby, domain.RoleRM, domain.RoleSupervisor}

// StaffActorFor is the actor of a signed-in member of staff, or ErrNotAllowed: administrators may,
// outlet managers may when outletManagers is set (policy staff_admin.outlet_managers), nobody else.
func StaffActorFor(st domain.Staff, outletManagers bool, ip string) (StaffActor, error) {
	a := StaffActor{id: st.ID, role: st.Role, orgID: st.OrgID, ip: ip}
	switch {
	case st.Disabled:
		return StaffActor{}, fmt.Errorf("staff administration by %s: account disabled: %w", st.Username, ErrNotAllowed)
	case st.Role == domain.RoleAdmin:
		return a, nil
	case st.Role == domain.RoleOutletManager && outletManagers:
		return a, nil
	}
	return StaffActor{}, fmt.Errorf("staff administration by %s: %w", st.Username, ErrNotAllowed)
}

// CommandLineActor is the server's command line: an administrator, audited as such.
func CommandLineActor() StaffActor { return StaffActor{role: domain.RoleAdmin, cli: true} }

// Admin reports whether the actor administers the whole bank (and the tree).
func (a StaffActor) Admin() bool { return a.role == domain.RoleAdmin }

// ID is the actor's staff id (0 for the command line).
func (a StaffActor) ID() int64 { return a.id }

// OrgID is the node an outlet manager administers; "" for an administrator (all of them).
func (a StaffActor) OrgID() string {
	if a.Admin() {
		return ""
	}
	return a.orgID
}

// Roles are the roles the actor may give.
func (a StaffActor) Roles() []domain.Role {
	switch a.role {
	case domain.RoleAdmin:
		return domain.Roles
	case domain.RoleOutletManager:
		return outletManagedRoles
	}
	return nil
}

// May reports whether the actor may manage a member of staff of this role at this node (ErrNotAllowed
// says why not).
func (a StaffActor) May(role domain.Role, orgID string) error {
	switch {
	case a.role == domain.RoleAdmin:
		return nil
	case a.role != domain.RoleOutletManager:
		return fmt.Errorf("staff administration: %w", ErrNotAllowed)
	case orgID != a.orgID:
		return fmt.Errorf("an outlet manager manages only the staff of their own outlet %s, not of %s: %w", a.orgID, orgID, ErrNotAllowed)
	case !slices.Contains(outletManagedRoles, role):
		return fmt.Errorf("an outlet manager cannot manage a member of staff with the role %s: %w", role, ErrNotAllowed)
	}
	return nil
}

// auditDetail is an event's detail with "by": "command line" when the command line did it.
func (a StaffActor) auditDetail(m map[string]any) string {
	if a.cli {
		m["by"] = "command line"
	}
	b, _ := json.Marshal(m)
	return string(b)
}

func (a StaffActor) event(action, objectType, objectID string, detail map[string]any) domain.AuditEvent {
	return domain.AuditEvent{ActorID: a.id, Action: action, ObjectType: objectType, ObjectID: objectID,
		Detail: a.auditDetail(detail), IP: a.ip}
}

// CleanEmployeeNo trims an employee number and checks it: at most 32 letters, digits, hyphens or
// underscores; "" is none.
func CleanEmployeeNo(v string) (string, error) {
	v = strings.TrimSpace(v)
	if len(v) > 32 {
		return v, adminProblem("employee_no_format", v, "employee number %q: at most 32 characters", v)
	}
	for _, r := range v {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r == '-' || r == '_') {
			return v, adminProblem("employee_no_format", v, "employee number %q: only letters, digits, hyphens and underscores", v)
		}
	}
	return v, nil
}

// employeeNoTaken refuses an employee number another member of staff holds, naming them.
func (s *Store) employeeNoTaken(ctx context.Context, q querier, no string, self int64) error {
	if no == "" {
		return nil
	}
	var who string
	err := q.QueryRowContext(ctx, s.Rebind("SELECT username FROM staff WHERE employee_no = ? AND staff_id <> ?"), no, self).Scan(&who)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return fmt.Errorf("check employee number %s: %w", no, err)
	}
	return adminProblem("employee_no_taken", no, "employee number %s is already %s's", no, who)
}

// lockAdmins counts the active administrators other than except, holding their rows (PostgreSQL) so that
// two administrators cannot each remove the other at once; SQLite serialises writers anyway.
func (s *Store) otherActiveAdmins(ctx context.Context, tx *sql.Tx, except int64) (int, error) {
	q := "SELECT staff_id FROM staff WHERE role = 'admin' AND NOT disabled AND staff_id <> ?"
	if s.dialect == Postgres {
		q += " FOR UPDATE"
	}
	rows, err := tx.QueryContext(ctx, s.Rebind(q), except)
	if err != nil {
		return 0, fmt.Errorf("count administrators: %w", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}

func (s *Store) staffIn(ctx context.Context, q querier, id int64) (domain.Staff, error) {
	st, err := scanStaff(q.QueryRowContext(ctx, s.Rebind("SELECT "+staffCols+" FROM staff WHERE staff_id = ?"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return st, fmt.Errorf("staff %d: %w", id, domain.ErrNotFound)
	}
	if err != nil {
		return st, fmt.Errorf("read staff %d: %w", id, err)
	}
	return st, nil
}

// target reads a member of staff the actor may manage. One outside an outlet manager's reach is
// domain.ErrNotFound, as if it did not exist.
func (s *Store) target(ctx context.Context, q querier, a StaffActor, id int64) (domain.Staff, error) {
	st, err := s.staffIn(ctx, q, id)
	if err != nil {
		return st, err
	}
	if !a.Admin() && st.OrgID != a.orgID {
		return domain.Staff{}, fmt.Errorf("staff %d: %w", id, domain.ErrNotFound)
	}
	if err := a.May(st.Role, st.OrgID); err != nil {
		return st, err
	}
	return st, nil
}

// CreateStaffAs adds a member of staff (st.PasswordHash already a hash; st.MustChangePassword when the
// password is a one-time one) and audits it.
func (s *Store) CreateStaffAs(ctx context.Context, a StaffActor, st domain.Staff) (domain.Staff, error) {
	st.Username, st.Name = strings.TrimSpace(st.Username), strings.TrimSpace(st.Name)
	if err := inputErr(fmt.Sprintf("staff %q", st.Username), domain.CheckFields(domain.Field{Name: "username", Value: st.Username},
		domain.Field{Name: "name", Value: st.Name})); err != nil {
		return st, err
	}
	if !usernameRE.MatchString(st.Username) {
		return st, adminProblem("username_format", st.Username, "username %q: 2 to 32 letters, digits, dots, hyphens or underscores, starting with a letter", st.Username)
	}
	if st.Name == "" {
		st.Name = st.Username
	}
	if _, err := domain.ParseRole(string(st.Role)); err != nil {
		return st, fmt.Errorf("staff %s: %w: %w", st.Username, err, ErrInvalid)
	}
	if err := a.May(st.Role, st.OrgID); err != nil {
		return st, err
	}
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.orgIn(ctx, tx, st.OrgID); err != nil {
			return adminProblem("node_unknown", st.OrgID, "staff %s: no node %q", st.Username, st.OrgID)
		}
		no, err := CleanEmployeeNo(st.EmployeeNo)
		if err != nil {
			return err
		}
		if err := s.employeeNoTaken(ctx, tx, no, 0); err != nil {
			return err
		}
		var existing int64
		err = tx.QueryRowContext(ctx, s.Rebind("SELECT staff_id FROM staff WHERE username = ?"), st.Username).Scan(&existing)
		if err == nil {
			return adminProblem("username_taken", st.Username, "username %s is already taken", st.Username)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("check username %s: %w", st.Username, err)
		}
		if st, err = s.createStaff(ctx, tx, st); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, a.event(domain.AuditStaffChange, "staff", st.Username, map[string]any{
			"created": true, "role": string(st.Role), "org": st.OrgID, "employee_no": st.EmployeeNo,
			"must_change_password": st.MustChangePassword}))
	})
	return st, err
}

// StaffEdit is the editable part of an account: display name, role, node and employee number.
type StaffEdit struct {
	Name       string
	Role       domain.Role
	OrgID      string
	EmployeeNo string
}

// UpdateStaffAs changes a member of staff's name, role, node or employee number and audits what changed
// (with what it was). The actor may neither change their own role or node nor take the last active
// administrator's role away.
func (s *Store) UpdateStaffAs(ctx context.Context, a StaffActor, id int64, e StaffEdit) (domain.Staff, error) {
	var out domain.Staff
	e.Name = strings.TrimSpace(e.Name)
	if err := inputErr("staff name", domain.CheckFields(domain.Field{Name: "name", Value: e.Name})); err != nil {
		return out, err
	}
	if e.Name == "" {
		return out, adminProblem("name_required", "", "staff %d: a name is required", id)
	}
	if _, err := domain.ParseRole(string(e.Role)); err != nil {
		return out, fmt.Errorf("staff %d: %w: %w", id, err, ErrInvalid)
	}
	no, err := CleanEmployeeNo(e.EmployeeNo)
	if err != nil {
		return out, err
	}
	err = s.Tx(ctx, func(tx *sql.Tx) error {
		st, err := s.target(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := a.May(e.Role, e.OrgID); err != nil {
			return err
		}
		if _, err := s.orgIn(ctx, tx, e.OrgID); err != nil {
			return adminProblem("node_unknown", e.OrgID, "staff %s: no node %q", st.Username, e.OrgID)
		}
		if id == a.id && (e.Role != st.Role || e.OrgID != st.OrgID) {
			return fmt.Errorf("change the role or node of %s: %w", st.Username, ErrSelf)
		}
		if st.Role == domain.RoleAdmin && e.Role != domain.RoleAdmin && !st.Disabled {
			n, err := s.otherActiveAdmins(ctx, tx, id)
			if err != nil {
				return err
			}
			if n == 0 {
				return fmt.Errorf("change the role of %s: %w", st.Username, ErrLastAdmin)
			}
		}
		if err := s.employeeNoTaken(ctx, tx, no, id); err != nil {
			return err
		}
		detail := map[string]any{}
		note := func(key, was, now string) {
			if was != now {
				detail[key], detail[key+"_was"] = now, was
			}
		}
		note("name", st.Name, e.Name)
		note("role", string(st.Role), string(e.Role))
		note("org", st.OrgID, e.OrgID)
		note("employee_no", st.EmployeeNo, no)
		if len(detail) == 0 {
			out = st
			return nil
		}
		_, err = tx.ExecContext(ctx, s.Rebind("UPDATE staff SET name = ?, role = ?, org_id = ?, employee_no = ? WHERE staff_id = ?"),
			e.Name, string(e.Role), e.OrgID, nullString(no), id)
		if isUniqueViolation(err) {
			return adminProblem("employee_no_taken", no, "employee number %s is already taken", no)
		}
		if err != nil {
			return fmt.Errorf("update staff %s: %w", st.Username, err)
		}
		st.Name, st.Role, st.OrgID, st.EmployeeNo = e.Name, e.Role, e.OrgID, no
		out = st
		return s.appendAudit(ctx, tx, a.event(domain.AuditStaffChange, "staff", st.Username, detail))
	})
	return out, err
}

// DisableStaff disables an account: its sessions end and its API tokens are revoked for good, in the
// transaction that disables it, audited. This is the one way an account is disabled (pages, API, command
// line), so whatever must follow a person's departure belongs here. Nobody disables their own account,
// and the last active administrator stays.
func (s *Store) DisableStaff(ctx context.Context, a StaffActor, id int64) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		st, err := s.target(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if id == a.id {
			return fmt.Errorf("disable %s: %w", st.Username, ErrSelf)
		}
		if st.Role == domain.RoleAdmin && !st.Disabled {
			n, err := s.otherActiveAdmins(ctx, tx, id)
			if err != nil {
				return err
			}
			if n == 0 {
				return fmt.Errorf("disable %s: %w", st.Username, ErrLastAdmin)
			}
		}
		sessions, tokens, err := s.setDisabled(ctx, tx, id, true)
		if err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, a.event(domain.AuditStaffChange, "staff", st.Username, map[string]any{
			"disable": true, "sessions_ended_count": sessions, "tokens_revoked": tokens}))
	})
}

// EnableStaff enables a disabled account again (its revoked tokens stay revoked), audited.
func (s *Store) EnableStaff(ctx context.Context, a StaffActor, id int64) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		st, err := s.target(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if _, _, err := s.setDisabled(ctx, tx, id, false); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, a.event(domain.AuditStaffChange, "staff", st.Username, map[string]any{"enable": true}))
	})
}

// ResetPasswordAs replaces a member of staff's password with a one-time password (hash already made)
// that must be changed at the next sign-in, ends all their sessions and audits it. Nobody resets their
// own password here: they change it on the password page, knowing the current one.
func (s *Store) ResetPasswordAs(ctx context.Context, a StaffActor, id int64, hash string) error {
	if hash == "" {
		return fmt.Errorf("reset password of staff %d: no password: %w", id, ErrInvalid)
	}
	return s.Tx(ctx, func(tx *sql.Tx) error {
		st, err := s.target(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if id == a.id {
			return fmt.Errorf("reset the password of %s: %w", st.Username, ErrSelf)
		}
		_, err = tx.ExecContext(ctx, s.Rebind(`UPDATE staff SET password_hash = ?, password_changed_at = ?, failed_logins = 0,
			locked_until = NULL, must_change_password = TRUE WHERE staff_id = ?`), hash, s.now(), id)
		if err != nil {
			return fmt.Errorf("reset the password of %s: %w", st.Username, err)
		}
		res, err := tx.ExecContext(ctx, s.Rebind("DELETE FROM sessions WHERE staff_id = ?"), id)
		if err != nil {
			return fmt.Errorf("end the sessions of %s: %w", st.Username, err)
		}
		n, _ := res.RowsAffected()
		return s.appendAudit(ctx, tx, a.event(AuditPasswordReset, "staff", st.Username, map[string]any{
			"must_change_password": true, "sessions_ended_count": n}))
	})
}

// AuditStaffUnlock records that the actor lifted the sign-in locks of a member of staff (the locks
// themselves are kept in memory by auth), after checking that the actor may manage them.
func (s *Store) AuditStaffUnlock(ctx context.Context, a StaffActor, id int64, locks int) (domain.Staff, error) {
	st, err := s.target(ctx, s.db, a, id)
	if err != nil {
		return st, err
	}
	return st, s.appendAudit(ctx, s.db, a.event(domain.AuditStaffChange, "staff", st.Username, map[string]any{
		"unlocked": true, "locks_lifted": locks}))
}

// CheckStaffTarget reads a member of staff the actor may manage (domain.ErrNotFound outside an outlet
// manager's outlet, ErrNotAllowed for a role they may not manage).
func (s *Store) CheckStaffTarget(ctx context.Context, a StaffActor, id int64) (domain.Staff, error) {
	return s.target(ctx, s.db, a, id)
}

// setDisabled sets the disabled flag; disabling ends the sessions, revokes the tokens (saying how many of
// each) and puts the clients the person keeps in their outlet's queue.
func (s *Store) setDisabled(ctx context.Context, tx *sql.Tx, id int64, disabled bool) (sessions int64, tokens int, err error) {
	res, err := tx.ExecContext(ctx, s.Rebind("UPDATE staff SET disabled = ? WHERE staff_id = ?"), disabled, id)
	if err := oneRow(res, err, "disable staff %d", id); err != nil {
		return 0, 0, err
	}
	if !disabled {
		return 0, 0, nil
	}
	res, err = tx.ExecContext(ctx, s.Rebind("DELETE FROM sessions WHERE staff_id = ?"), id)
	if err != nil {
		return 0, 0, fmt.Errorf("end sessions of staff %d: %w", id, err)
	}
	sessions, _ = res.RowsAffected()
	if tokens, err = s.revokeTokensOf(ctx, tx, id); err != nil {
		return sessions, tokens, err
	}
	// The clients the person still keeps wait in their outlet's queue for a new manager (rotation.go).
	return sessions, tokens, s.queueBookOf(ctx, tx, id)
}

// StaffRow is a line of the staff list: the account, its node's name, its last sign-in (from the audit
// log: sessions are deleted when they end) and its live API tokens.
type StaffRow struct {
	domain.Staff
	OrgName    string
	LastLogin  time.Time // zero: never signed in
	LiveTokens int
}

// StaffFilter narrows the staff list: a role, "active" or "disabled", text in username, name or
// employee number.
type StaffFilter struct {
	Role  domain.Role
	State string
	Q     string
}

// StaffList lists the staff the actor administers (an outlet manager: their outlet's), by node and
// username. tokensAfter is the creation time after which a token is still live (policy lifetime).
func (s *Store) StaffList(ctx context.Context, a StaffActor, f StaffFilter, tokensAfter time.Time) ([]StaffRow, error) {
	if a.role != domain.RoleAdmin && a.role != domain.RoleOutletManager {
		return nil, fmt.Errorf("staff list: %w", ErrNotAllowed)
	}
	var q strings.Builder
	q.WriteString(`SELECT st.staff_id, st.username, st.name, st.role, st.org_id, st.password_hash, st.password_changed_at,
		st.password_no_expiry, st.failed_logins, st.locked_until, st.disabled, st.lang, st.created_at, COALESCE(st.employee_no, ''),
		st.must_change_password`)
	q.WriteString(`, o.name, e.at, (SELECT COUNT(*) FROM api_tokens t WHERE t.staff_id = st.staff_id AND NOT t.revoked AND t.created_at > ?)
		FROM staff st JOIN orgs o ON o.org_id = st.org_id
		LEFT JOIN audit_events e ON e.event_id = (SELECT MAX(x.event_id) FROM audit_events x WHERE x.actor_id = st.staff_id AND x.action = 'login')
		WHERE 1 = 1`)
	args := []any{utc(tokensAfter)}
	if !a.Admin() {
		q.WriteString(" AND st.org_id = ?")
		args = append(args, a.orgID)
	}
	if f.Role != "" {
		q.WriteString(" AND st.role = ?")
		args = append(args, string(f.Role))
	}
	switch f.State {
	case "active":
		q.WriteString(" AND NOT st.disabled")
	case "disabled":
		q.WriteString(" AND st.disabled")
	}
	if t := strings.TrimSpace(f.Q); t != "" {
		q.WriteString(" AND (LOWER(st.username) LIKE ? OR st.name LIKE ? OR LOWER(COALESCE(st.employee_no, '')) LIKE ?)")
		like := "%" + strings.NewReplacer("%", "", "_", "").Replace(strings.ToLower(t)) + "%"
		args = append(args, like, "%"+strings.NewReplacer("%", "", "_", "").Replace(t)+"%", like)
	}
	q.WriteString(" ORDER BY o.path, st.username")
	rows, err := s.db.QueryContext(ctx, s.Rebind(q.String()), args...)
	if err != nil {
		return nil, fmt.Errorf("list staff: %w", err)
	}
	defer rows.Close()
	var out []StaffRow
	for rows.Next() {
		var r StaffRow
		var role string
		var locked, last sql.NullTime
		st := &r.Staff
		if err := rows.Scan(&st.ID, &st.Username, &st.Name, &role, &st.OrgID, &st.PasswordHash, &st.PasswordChangedAt,
			&st.PasswordNeverExpires, &st.FailedLogins, &locked, &st.Disabled, &st.Lang, &st.CreatedAt, &st.EmployeeNo,
			&st.MustChangePassword, &r.OrgName, &last, &r.LiveTokens); err != nil {
			return nil, fmt.Errorf("list staff: %w", err)
		}
		st.Role = domain.Role(role)
		st.LockedUntil = locked.Time
		st.PasswordHash = "" // never leaves the store through a list
		r.LastLogin = last.Time
		out = append(out, r)
	}
	return out, rows.Err()
}

// AddOrgAs adds a node to the tree (administrators only), audited; an id already in use is refused.
func (s *Store) AddOrgAs(ctx context.Context, a StaffActor, u domain.OrgUnit) (domain.OrgUnit, error) {
	if !a.Admin() {
		return u, fmt.Errorf("add a node: %w", ErrNotAllowed)
	}
	u.ID, u.Name = strings.TrimSpace(u.ID), strings.TrimSpace(u.Name)
	if err := inputErr(fmt.Sprintf("node %q", u.ID), domain.CheckFields(domain.Field{Name: "name", Value: u.Name})); err != nil {
		return u, err
	}
	if !orgIDRE.MatchString(u.ID) {
		return u, adminProblem("node_id_format", u.ID, "node id %q: 1 to 32 letters, digits, hyphens or underscores", u.ID)
	}
	if u.Name == "" {
		return u, adminProblem("name_required", "", "node %s: a name is required", u.ID)
	}
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.orgIn(ctx, tx, u.ID); err == nil {
			return adminProblem("node_exists", u.ID, "node %s exists already", u.ID)
		} else if !errors.Is(err, domain.ErrNotFound) {
			return err
		}
		if u.Level.Depth() < 0 || u.Level == domain.LevelHead {
			return adminProblem("node_placement", string(u.Level), "node %s: a new node is a branch, a sub-branch or an outlet", u.ID)
		}
		parent, err := s.orgIn(ctx, tx, u.ParentID)
		if errors.Is(err, domain.ErrNotFound) {
			return adminProblem("node_unknown", u.ParentID, "node %s: no parent node %q", u.ID, u.ParentID)
		} else if err != nil {
			return err
		}
		if parent.Level.Depth() >= u.Level.Depth() {
			return adminProblem("node_placement", string(u.Level), "node %s: a %s cannot sit under a %s", u.ID, u.Level, parent.Level)
		}
		if u, err = s.putOrg(ctx, tx, u); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, a.event(AuditOrgChange, "org", u.ID, map[string]any{
			"created": true, "name": u.Name, "level": string(u.Level), "parent": u.ParentID}))
	})
	return u, err
}

// RenameOrgAs renames a node of the tree (administrators only), audited with the former name.
func (s *Store) RenameOrgAs(ctx context.Context, a StaffActor, id, name string) error {
	if !a.Admin() {
		return fmt.Errorf("rename node %s: %w", id, ErrNotAllowed)
	}
	name = strings.TrimSpace(name)
	if err := inputErr(fmt.Sprintf("node %s", id), domain.CheckFields(domain.Field{Name: "name", Value: name})); err != nil {
		return err
	}
	if name == "" {
		return adminProblem("name_required", "", "rename node %s: a name is required", id)
	}
	return s.Tx(ctx, func(tx *sql.Tx) error {
		u, err := s.orgIn(ctx, tx, id)
		if err != nil {
			return err
		}
		if u.Name == name {
			return nil
		}
		if _, err := tx.ExecContext(ctx, s.Rebind("UPDATE orgs SET name = ? WHERE org_id = ?"), name, id); err != nil {
			return fmt.Errorf("rename node %s: %w", id, err)
		}
		return s.appendAudit(ctx, tx, a.event(AuditOrgChange, "org", id, map[string]any{"name": name, "name_was": u.Name}))
	})
}

// LastLogin is a member of staff's last sign-in, from the audit log (zero: never).
func (s *Store) LastLogin(ctx context.Context, staffID int64) (time.Time, error) {
	var at time.Time
	err := s.db.QueryRowContext(ctx, s.Rebind(`SELECT e.at FROM audit_events e WHERE e.event_id =
		(SELECT MAX(x.event_id) FROM audit_events x WHERE x.actor_id = ? AND x.action = 'login')`), staffID).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("last sign-in of staff %d: %w", staffID, err)
	}
	return at, nil
}
