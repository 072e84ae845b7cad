package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/steward-bank/steward/domain"
)

// A client of a tier kept by client managers (T3–T4) whose alerts and rule-made tasks were raised while it
// had no client manager went to its outlet's supervisors, who assign one (alerts.Rules.Assign). Once the
// client has a manager that work is the manager's: routeToKeeper moves it, in the transaction that assigns
// the client. Work already in another person's hands stays there (a supervisor's own task, an alert someone
// took up), but whatever the previous manager held of the client goes to the new one.
//
// clientIDs narrows the move to those clients (nil: every client with a manager, for a first assignment of
// the whole book); prev is the client's previous manager (0: none).
func (s *Store) routeToKeeper(ctx context.Context, q querier, clientIDs []string, prev int64) error {
	_, _, err := s.routeToKeeperCount(ctx, q, clientIDs, prev)
	return err
}

// routeToKeeperCount is routeToKeeper, counting the alerts and the tasks it moved.
func (s *Store) routeToKeeperCount(ctx context.Context, q querier, clientIDs []string, prev int64) (alerts, tasks int64, err error) {
	which := "client_id IN (SELECT client_id FROM clients WHERE rm_id IS NOT NULL)"
	var ids []any
	if clientIDs != nil {
		if len(clientIDs) == 0 {
			return 0, 0, nil
		}
		which = "client_id IN (" + placeholders(len(clientIDs)) + ")"
		for _, id := range clientIDs {
			ids = append(ids, id)
		}
	}
	counts := []*int64{&alerts, &tasks}
	// The supervisors' pool stood in for a missing manager in alerts and rule-made tasks only; whatever the
	// previous manager held of the client (their follow-ups, a hand-over, a supervisor's task) goes too.
	for i, t := range []struct{ table, open, pool string }{
		{"alerts", "state <> 'closed'", ""},
		{"tasks", "state = 'open'", " AND source = 'rule'"},
	} {
		held := "(assignee_id IS NULL AND assignee_role = ?" + t.pool + ")"
		args := []any{string(domain.RoleRM), string(domain.RoleSupervisor)}
		if prev != 0 {
			held = "(" + held + " OR assignee_id = ?)"
			args = append(args, prev)
		}
		stmt := fmt.Sprintf(`UPDATE %s SET assignee_id = (SELECT c.rm_id FROM clients c WHERE c.client_id = %s.client_id),
			assignee_role = ? WHERE %s AND %s AND %s`, t.table, t.table, t.open, held, which)
		res, err := q.ExecContext(ctx, s.Rebind(stmt), append(args, ids...)...)
		if err == nil {
			*counts[i], err = res.RowsAffected()
		}
		if err != nil {
			return 0, 0, fmt.Errorf("hand the %s of %s to their client manager: %w", t.table, strings.Join(clientIDs, ", "), err)
		}
	}
	return alerts, tasks, nil
}

// releaseToSupervisorsCount gives back to the outlet's supervisors the open alerts and tasks that a
// client's manager held when the client is left without one (the manager no longer sees the client, and
// the supervisors assign the next), and counts the alerts and the tasks it gave back.
func (s *Store) releaseToSupervisorsCount(ctx context.Context, q querier, clientID string, prev int64) (alerts, tasks int64, err error) {
	counts := []*int64{&alerts, &tasks}
	for i, t := range []struct{ table, open string }{
		{"alerts", "state <> 'closed'"},
		{"tasks", "state = 'open'"},
	} {
		res, err := q.ExecContext(ctx, s.Rebind(`UPDATE `+t.table+` SET assignee_id = NULL, assignee_role = ?
			WHERE client_id = ? AND assignee_id = ? AND `+t.open), string(domain.RoleSupervisor), clientID, prev)
		if err == nil {
			*counts[i], err = res.RowsAffected()
		}
		if err != nil {
			return 0, 0, fmt.Errorf("give the %s of %s back to the supervisors: %w", t.table, clientID, err)
		}
	}
	return alerts, tasks, nil
}
