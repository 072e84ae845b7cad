package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/domain"
)

// Who may act on a task or an alert (access.MayFinishTask, access.MayActOnAlert) is asked here, inside the
// transaction of the change, with the actor as the staff table has them now (their role and outlet), not
// as a caller says they are.

// actorTx reads the member of staff who acts. One who does not exist, or is disabled, may do nothing.
func (s *Store) actorTx(ctx context.Context, tx *sql.Tx, actor int64) (domain.Staff, error) {
	st, err := scanStaff(tx.QueryRowContext(ctx, s.Rebind("SELECT "+staffCols+" FROM staff WHERE staff_id = ?"), actor))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && st.Disabled) {
		return st, fmt.Errorf("staff %d is not an active member of staff: %w", actor, ErrNotAllowed)
	}
	if err != nil {
		return st, fmt.Errorf("staff %d: %w", actor, err)
	}
	return st, nil
}

// holderCols are the columns (of tasks or alerts t, with the assignee's staff row a LEFT JOINed) that make
// an access.Holder, read by scanHolder.
const holderCols = "COALESCE(t.assignee_id, 0), COALESCE(a.org_id, ''), t.assignee_role, t.outlet_id"

// holderDests are the scan destinations of holderCols.
func holderDests(h *access.Holder) []any {
	return []any{&h.StaffID, &h.StaffOrg, &h.Role, &h.OutletID}
}

// alertHolderTx reads who holds alert id of client (any client when ""), within the caller's scope (cond
// and args of scopeCond); domain.ErrNotFound when it does not exist or is outside the scope.
func (s *Store) alertHolderTx(ctx context.Context, tx *sql.Tx, id int64, client string, cond string, args []any) (h access.Holder, clientID, state string, err error) {
	q := `SELECT ` + holderCols + `, t.client_id, t.state FROM alerts t JOIN clients c ON c.client_id = t.client_id
		LEFT JOIN staff a ON a.staff_id = t.assignee_id WHERE t.alert_id = ? AND ` + cond
	qargs := append([]any{id}, args...)
	if client != "" {
		q += " AND t.client_id = ?"
		qargs = append(qargs, client)
	}
	err = tx.QueryRowContext(ctx, s.Rebind(q), qargs...).Scan(append(holderDests(&h), &clientID, &state)...)
	if errors.Is(err, sql.ErrNoRows) {
		return h, "", "", domain.ErrNotFound
	}
	if err != nil {
		return h, "", "", fmt.Errorf("alert %d: %w", id, err)
	}
	return h, clientID, state, nil
}
