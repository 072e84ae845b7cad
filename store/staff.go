package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/steward-bank/steward/domain"
)

// PutOrg inserts or updates one node of the organisation tree. The parent must exist already (or be empty
// for head office); the node's path is derived from its parent's.
func (s *Store) PutOrg(ctx context.Context, u domain.OrgUnit) (domain.OrgUnit, error) {
	return s.putOrg(ctx, s.db, u)
}

func (s *Store) putOrg(ctx context.Context, q querier, u domain.OrgUnit) (domain.OrgUnit, error) {
	if err := inputErr(fmt.Sprintf("org %q", u.ID), domain.CheckFields(domain.Field{Name: "id", Value: u.ID}, domain.Field{Name: "name", Value: u.Name})); err != nil {
		return u, err
	}
	if u.ID == "" || u.Name == "" || u.Level.Depth() < 0 {
		return u, fmt.Errorf("org %q: id, name and a known level are required", u.ID)
	}
	u.Path = "/" + u.ID + "/"
	if u.ParentID != "" {
		parent, err := s.orgIn(ctx, q, u.ParentID)
		if err != nil {
			return u, fmt.Errorf("org %s: parent %s: %w", u.ID, u.ParentID, err)
		}
		if parent.Level.Depth() >= u.Level.Depth() {
			return u, fmt.Errorf("org %s: a %s cannot sit under a %s", u.ID, u.Level, parent.Level)
		}
		u.Path = parent.ChildPath(u.ID)
	} else if u.Level != domain.LevelHead {
		return u, fmt.Errorf("org %s: only head office has no parent", u.ID)
	}
	_, err := q.ExecContext(ctx, s.Rebind(`INSERT INTO orgs (org_id, parent_id, level, name, path) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (org_id) DO UPDATE SET parent_id = excluded.parent_id, level = excluded.level, name = excluded.name, path = excluded.path`),
		u.ID, nullString(u.ParentID), string(u.Level), u.Name, u.Path)
	if err != nil {
		return u, fmt.Errorf("save org %s: %w", u.ID, err)
	}
	return u, nil
}

func nullString(v string) any {
	if v == "" {
		return nil
	}
	return v
}

const orgCols = "org_id, COALESCE(parent_id, ''), level, name, path"

func scanOrg(row interface{ Scan(...any) error }) (domain.OrgUnit, error) {
	var u domain.OrgUnit
	var level string
	err := row.Scan(&u.ID, &u.ParentID, &level, &u.Name, &u.Path)
	u.Level = domain.OrgLevel(level)
	return u, err
}

// Org reads one node of the tree.
func (s *Store) Org(ctx context.Context, id string) (domain.OrgUnit, error) {
	return s.orgIn(ctx, s.db, id)
}

func (s *Store) orgIn(ctx context.Context, q querier, id string) (domain.OrgUnit, error) {
	u, err := scanOrg(q.QueryRowContext(ctx, s.Rebind("SELECT "+orgCols+" FROM orgs WHERE org_id = ?"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return u, domain.ErrNotFound
	}
	if err != nil {
		return u, fmt.Errorf("read org %s: %w", id, err)
	}
	return u, nil
}

// Orgs lists the whole tree in path order (parents before children).
func (s *Store) Orgs(ctx context.Context) ([]domain.OrgUnit, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+orgCols+" FROM orgs ORDER BY path")
	if err != nil {
		return nil, fmt.Errorf("list orgs: %w", err)
	}
	defer rows.Close()
	var out []domain.OrgUnit
	for rows.Next() {
		u, err := scanOrg(rows)
		if err != nil {
			return nil, fmt.Errorf("list orgs: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

const staffCols = `staff_id, username, name, role, org_id, password_hash, password_changed_at, password_no_expiry,
	failed_logins, locked_until, disabled, lang, created_at, COALESCE(employee_no, ''), must_change_password`

func scanStaff(row interface{ Scan(...any) error }) (domain.Staff, error) {
	var st domain.Staff
	var role string
	var locked sql.NullTime
	err := row.Scan(&st.ID, &st.Username, &st.Name, &role, &st.OrgID, &st.PasswordHash, &st.PasswordChangedAt,
		&st.PasswordNeverExpires, &st.FailedLogins, &locked, &st.Disabled, &st.Lang, &st.CreatedAt, &st.EmployeeNo, &st.MustChangePassword)
	st.Role = domain.Role(role)
	if locked.Valid {
		st.LockedUntil = locked.Time
	}
	return st, err
}

// CreateStaff adds a member of staff; PasswordHash must already be a hash. It is not audited: the
// administration use case CreateStaffAs checks who may and audits.
func (s *Store) CreateStaff(ctx context.Context, st domain.Staff) (domain.Staff, error) {
	return s.createStaff(ctx, s.db, st)
}

func (s *Store) createStaff(ctx context.Context, q querier, st domain.Staff) (domain.Staff, error) {
	var err error
	if st.EmployeeNo, err = CleanEmployeeNo(st.EmployeeNo); err != nil {
		return st, fmt.Errorf("staff %q: %w", st.Username, err)
	}
	if err := inputErr(fmt.Sprintf("staff %q", st.Username), domain.CheckFields(domain.Field{Name: "username", Value: st.Username},
		domain.Field{Name: "name", Value: st.Name})); err != nil {
		return st, err
	}
	if _, err := domain.ParseRole(string(st.Role)); err != nil {
		return st, fmt.Errorf("staff %s: %w", st.Username, err)
	}
	if st.Username == "" || st.PasswordHash == "" || st.OrgID == "" {
		return st, fmt.Errorf("staff %q: username, password and org are required", st.Username)
	}
	now := s.now()
	if st.PasswordChangedAt.IsZero() {
		st.PasswordChangedAt = now
	}
	st.CreatedAt = now
	if st.Name == "" {
		st.Name = st.Username
	}
	cols, marks := "", ""
	args := []any{st.Username, st.Name, string(st.Role), st.OrgID, st.PasswordHash, utc(st.PasswordChangedAt),
		st.PasswordNeverExpires, st.Disabled, st.Lang, now}
	// The columns of migration 0022 are named only when set, so that the tests of older migrations can
	// still seed staff into a schema without them.
	if st.EmployeeNo != "" {
		cols, marks, args = cols+", employee_no", marks+", ?", append(args, st.EmployeeNo)
	}
	if st.MustChangePassword {
		cols, marks, args = cols+", must_change_password", marks+", ?", append(args, true)
	}
	err = q.QueryRowContext(ctx, s.Rebind(`INSERT INTO staff (username, name, role, org_id, password_hash,
		password_changed_at, password_no_expiry, failed_logins, disabled, lang, created_at`+cols+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?`+marks+`) RETURNING staff_id`), args...).Scan(&st.ID)
	if isUniqueViolation(err) {
		return st, fmt.Errorf("create staff %s: the username or the employee number is already taken: %w", st.Username, ErrInvalid)
	}
	if err != nil {
		return st, fmt.Errorf("create staff %s: %w", st.Username, err)
	}
	return st, nil
}

// StaffByUsername reads a member of staff by login name.
func (s *Store) StaffByUsername(ctx context.Context, username string) (domain.Staff, error) {
	st, err := scanStaff(s.db.QueryRowContext(ctx, s.Rebind("SELECT "+staffCols+" FROM staff WHERE username = ?"), username))
	if errors.Is(err, sql.ErrNoRows) {
		return st, domain.ErrNotFound
	}
	if err != nil {
		return st, fmt.Errorf("read staff %s: %w", username, err)
	}
	return st, nil
}

// StaffByID reads a member of staff by id.
func (s *Store) StaffByID(ctx context.Context, id int64) (domain.Staff, error) {
	st, err := scanStaff(s.db.QueryRowContext(ctx, s.Rebind("SELECT "+staffCols+" FROM staff WHERE staff_id = ?"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return st, domain.ErrNotFound
	}
	if err != nil {
		return st, fmt.Errorf("read staff %d: %w", id, err)
	}
	return st, nil
}

// ListStaff lists staff, optionally of one org (empty: all), by username.
func (s *Store) ListStaff(ctx context.Context, orgID string) ([]domain.Staff, error) {
	q := "SELECT " + staffCols + " FROM staff"
	var args []any
	if orgID != "" {
		q += " WHERE org_id = ?"
		args = append(args, orgID)
	}
	rows, err := s.db.QueryContext(ctx, s.Rebind(q+" ORDER BY username"), args...)
	if err != nil {
		return nil, fmt.Errorf("list staff: %w", err)
	}
	defer rows.Close()
	var out []domain.Staff
	for rows.Next() {
		st, err := scanStaff(rows)
		if err != nil {
			return nil, fmt.Errorf("list staff: %w", err)
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// SetPassword stores a new password hash, clears failed attempts and any lock, and ends every session of
// the person but keepSession (the one that changed the password; empty: end them all), in one transaction:
// whoever knew the old password loses the sessions it opened.
func (s *Store) SetPassword(ctx context.Context, id int64, hash, keepSession string) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.Rebind(`UPDATE staff SET password_hash = ?, password_changed_at = ?,
			failed_logins = 0, locked_until = NULL, must_change_password = FALSE WHERE staff_id = ?`), hash, s.now(), id)
		if err := oneRow(res, err, "set password of staff %d", id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.Rebind("DELETE FROM sessions WHERE staff_id = ? AND token_hash <> ?"), id, keepSession); err != nil {
			return fmt.Errorf("end the other sessions of staff %d: %w", id, err)
		}
		return nil
	})
}

// SetDisabled disables or re-enables an account without checks or audit (tests, and the store itself).
// Disabling also ends its sessions and revokes its API tokens for good, so that re-enabling the account
// brings none of them back. Pages, API and command line use DisableStaff and EnableStaff, which check who
// may and audit.
func (s *Store) SetDisabled(ctx context.Context, id int64, disabled bool) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		_, _, err := s.setDisabled(ctx, tx, id, disabled)
		return err
	})
}

// revokeTokensOf revokes the live tokens of a member of staff whose account is disabled, each revocation
// audited (by the system: the disabling itself is audited by whoever did it).
func (s *Store) revokeTokensOf(ctx context.Context, tx *sql.Tx, staffID int64) (int, error) {
	rows, err := tx.QueryContext(ctx, s.Rebind(`UPDATE api_tokens SET revoked = TRUE, revoked_at = ? WHERE staff_id = ? AND NOT revoked
		RETURNING token_id, name`), s.now(), staffID)
	if err != nil {
		return 0, fmt.Errorf("revoke the API tokens of staff %d: %w", staffID, err)
	}
	type tok struct {
		id   int64
		name string
	}
	var revoked []tok
	for rows.Next() {
		var t tok
		if err := rows.Scan(&t.id, &t.name); err != nil {
			rows.Close()
			return 0, fmt.Errorf("revoke the API tokens of staff %d: %w", staffID, err)
		}
		revoked = append(revoked, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("revoke the API tokens of staff %d: %w", staffID, err)
	}
	for _, t := range revoked {
		detail, _ := json.Marshal(map[string]any{"staff_id": staffID, "name": t.name, "reason": "account disabled"})
		if err := s.appendAudit(ctx, tx, domain.AuditEvent{Action: AuditTokenRevoke, ObjectType: "api_token",
			ObjectID: strconv.FormatInt(t.id, 10), Detail: string(detail)}); err != nil {
			return 0, err
		}
	}
	return len(revoked), nil
}

// SetLang records a person's language choice.
func (s *Store) SetLang(ctx context.Context, id int64, lang string) error {
	res, err := s.db.ExecContext(ctx, s.Rebind("UPDATE staff SET lang = ? WHERE staff_id = ?"), lang, id)
	return oneRow(res, err, "set language of staff %d", id)
}

// Session is a logged-in browser or API session.
type Session struct {
	TokenHash string
	StaffID   int64
	CreatedAt time.Time
	LastSeen  time.Time
	ExpiresAt time.Time
}

// CreateSession stores a session under the hash of its token.
func (s *Store) CreateSession(ctx context.Context, tokenHash string, staffID int64, expires time.Time, ip, ua string) error {
	now := s.now()
	_, err := s.db.ExecContext(ctx, s.Rebind(`INSERT INTO sessions (token_hash, staff_id, created_at, last_seen, expires_at, ip, user_agent)
		VALUES (?, ?, ?, ?, ?, ?, ?)`), tokenHash, staffID, now, now, utc(expires), ip, ua)
	if err != nil {
		return fmt.Errorf("create session for staff %d: %w", staffID, err)
	}
	return nil
}

// SessionByHash reads a session that has not expired.
func (s *Store) SessionByHash(ctx context.Context, tokenHash string) (Session, error) {
	var se Session
	err := s.db.QueryRowContext(ctx, s.Rebind(`SELECT token_hash, staff_id, created_at, last_seen, expires_at FROM sessions
		WHERE token_hash = ? AND expires_at > ?`), tokenHash, s.now()).
		Scan(&se.TokenHash, &se.StaffID, &se.CreatedAt, &se.LastSeen, &se.ExpiresAt)
	if errors.Is(err, sql.ErrNoRows) {
		return se, domain.ErrNotFound
	}
	if err != nil {
		return se, fmt.Errorf("read session: %w", err)
	}
	return se, nil
}

// TouchSession records activity on a session.
func (s *Store) TouchSession(ctx context.Context, tokenHash string) error {
	_, err := s.db.ExecContext(ctx, s.Rebind("UPDATE sessions SET last_seen = ? WHERE token_hash = ?"), s.now(), tokenHash)
	if err != nil {
		return fmt.Errorf("touch session: %w", err)
	}
	return nil
}

// DeleteSession ends a session (log out).
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := s.db.ExecContext(ctx, s.Rebind("DELETE FROM sessions WHERE token_hash = ?"), tokenHash)
	if err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// PurgeSessions deletes expired sessions and reports how many.
func (s *Store) PurgeSessions(ctx context.Context) (int64, error) {
	res, err := s.db.ExecContext(ctx, s.Rebind("DELETE FROM sessions WHERE expires_at <= ?"), s.now())
	if err != nil {
		return 0, fmt.Errorf("purge sessions: %w", err)
	}
	return res.RowsAffected()
}

// CreateAPIToken stores the hash of a new API token for a member of staff.
func (s *Store) CreateAPIToken(ctx context.Context, staffID int64, name, tokenHash string) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, s.Rebind(`INSERT INTO api_tokens (token_hash, staff_id, name, created_at)
		VALUES (?, ?, ?, ?) RETURNING token_id`), tokenHash, staffID, name, s.now()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("create API token %q for staff %d: %w", name, staffID, err)
	}
	return id, nil
}

// StaffByAPIToken finds the owner of a live API token (not revoked, created after createdAfter: older
// tokens have lapsed) and records its use.
func (s *Store) StaffByAPIToken(ctx context.Context, tokenHash string, createdAfter time.Time) (domain.Staff, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, s.Rebind("SELECT staff_id FROM api_tokens WHERE token_hash = ? AND NOT revoked AND created_at > ?"),
		tokenHash, utc(createdAfter)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Staff{}, domain.ErrNotFound
	}
	if err != nil {
		return domain.Staff{}, fmt.Errorf("read API token: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, s.Rebind("UPDATE api_tokens SET last_used = ? WHERE token_hash = ?"), s.now(), tokenHash); err != nil {
		return domain.Staff{}, fmt.Errorf("record API token use: %w", err)
	}
	return s.StaffByID(ctx, id)
}

// APIToken is the record of an API token (never the token: only its hash is kept, and not shown).
type APIToken struct {
	ID        int64
	StaffID   int64
	Username  string // the owner's
	StaffName string
	OrgID     string
	Name      string // the label given at creation ("nightly report")
	CreatedAt time.Time
	LastUsed  time.Time // zero if never used
	Revoked   bool
	RevokedAt time.Time // zero if not revoked (or revoked before this was recorded)
	RevokedBy int64     // 0: revoked when the account was disabled, or unknown
}

const apiTokenCols = `t.token_id, t.staff_id, st.username, st.name, st.org_id, t.name, t.created_at, t.last_used, t.revoked,
	t.revoked_at, COALESCE(t.revoked_by, 0)`

func scanAPIToken(row interface{ Scan(...any) error }) (APIToken, error) {
	var t APIToken
	var used, revoked sql.NullTime
	err := row.Scan(&t.ID, &t.StaffID, &t.Username, &t.StaffName, &t.OrgID, &t.Name, &t.CreatedAt, &used, &t.Revoked, &revoked, &t.RevokedBy)
	t.LastUsed, t.RevokedAt = used.Time, revoked.Time
	return t, err
}

// APITokens lists the API tokens of one member of staff (staffID 0: everyone's), newest first.
func (s *Store) APITokens(ctx context.Context, staffID int64) ([]APIToken, error) {
	q := "SELECT " + apiTokenCols + " FROM api_tokens t JOIN staff st ON st.staff_id = t.staff_id"
	var args []any
	if staffID != 0 {
		q += " WHERE t.staff_id = ?"
		args = append(args, staffID)
	}
	rows, err := s.db.QueryContext(ctx, s.Rebind(q+" ORDER BY t.token_id DESC"), args...)
	if err != nil {
		return nil, fmt.Errorf("list API tokens: %w", err)
	}
	defer rows.Close()
	var out []APIToken
	for rows.Next() {
		t, err := scanAPIToken(rows)
		if err != nil {
			return nil, fmt.Errorf("list API tokens: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// APITokenByID reads one token's record.
func (s *Store) APITokenByID(ctx context.Context, id int64) (APIToken, error) {
	t, err := scanAPIToken(s.db.QueryRowContext(ctx, s.Rebind("SELECT "+apiTokenCols+
		" FROM api_tokens t JOIN staff st ON st.staff_id = t.staff_id WHERE t.token_id = ?"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return t, domain.ErrNotFound
	}
	if err != nil {
		return t, fmt.Errorf("read API token %d: %w", id, err)
	}
	return t, nil
}

// AuditTokenRevoke is the audit action of a token's revocation.
const AuditTokenRevoke = "api_token_revoke"

// RevokeAPIToken revokes a live token and audits it, in one transaction. Callers check that actor may
// (the owner, or an administrator). A token already revoked, or missing, is domain.ErrNotFound.
func (s *Store) RevokeAPIToken(ctx context.Context, actor, tokenID int64, ip string) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		var staffID int64
		var name string
		err := tx.QueryRowContext(ctx, s.Rebind(`UPDATE api_tokens SET revoked = TRUE, revoked_at = ?, revoked_by = ?
			WHERE token_id = ? AND NOT revoked RETURNING staff_id, name`), s.now(), nullInt(actor), tokenID).Scan(&staffID, &name)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("revoke API token %d: %w", tokenID, domain.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("revoke API token %d: %w", tokenID, err)
		}
		detail, _ := json.Marshal(map[string]any{"staff_id": staffID, "name": name})
		return s.appendAudit(ctx, tx, domain.AuditEvent{ActorID: actor, Action: AuditTokenRevoke, ObjectType: "api_token",
			ObjectID: strconv.FormatInt(tokenID, 10), Detail: string(detail), IP: ip})
	})
}

// CountLiveSessions is how many unexpired sessions a member of staff has.
func (s *Store) CountLiveSessions(ctx context.Context, staffID int64) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, s.Rebind("SELECT COUNT(*) FROM sessions WHERE staff_id = ? AND expires_at > ?"), staffID, s.now()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count sessions of staff %d: %w", staffID, err)
	}
	return n, nil
}

// oneRow turns the result of an UPDATE of one row into an error that says which row.
func oneRow(res sql.Result, err error, format string, args ...any) error {
	if err != nil {
		return fmt.Errorf(format+": %w", append(args, err)...)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf(format+": %w", append(args, err)...)
	}
	if n == 0 {
		return fmt.Errorf(format+": %w", append(args, domain.ErrNotFound)...)
	}
	return nil
}
