package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/alerts"
	"github.com/steward-bank/steward/domain"
)

// Maintenance cadences (DOMAIN.md §4: T5 weekly, T4 every two weeks, T3 monthly, T2 quarterly, T1 none;
// policy tiers.cadence_days): each client with a cadence has a row in `cadence` saying when it was last
// contacted and when the next contact is due. A contact that reaches the client (any outcome but "no
// answer") moves the due date on and completes the open cadence task; the nightly pass keeps the rows in
// step with the tiers and creates the tasks due within a week, one at a time per client.

// cadenceOutcomes are the contact outcomes that count as contact for the cadence.
var cadenceOutcomes = map[string]bool{"reached": true, "declined": true, "interested": true, "appointment": true, "done": true}

// contactMade records, inside a contact's transaction, that the client was contacted on day.
func (s *Store) contactMade(ctx context.Context, tx *sql.Tx, actor int64, client string, day domain.Date, now time.Time) error {
	var days int
	var task sql.NullInt64
	err := tx.QueryRowContext(ctx, s.Rebind("SELECT cadence_days, task_id FROM cadence WHERE client_id = ?"), client).Scan(&days, &task)
	if err == sql.ErrNoRows { // the client's tier has no cadence (any longer)
		return s.closeAlertsTx(ctx, tx, actor, client, alerts.RuleContactOverdue, AlertOutcomeContacted, now)
	}
	if err != nil {
		return fmt.Errorf("cadence of %s: %w", client, err)
	}
	if task.Valid {
		if _, err := tx.ExecContext(ctx, s.Rebind("UPDATE tasks SET state = 'done', done_at = ? WHERE task_id = ? AND state = 'open'"),
			now, task.Int64); err != nil {
			return fmt.Errorf("cadence task of %s: %w", client, err)
		}
	}
	_, err = tx.ExecContext(ctx, s.Rebind("UPDATE cadence SET last_contact = ?, due_on = ?, task_id = NULL WHERE client_id = ?"),
		day, day.AddDays(days), client)
	if err != nil {
		return fmt.Errorf("cadence of %s: %w", client, err)
	}
	// The overdue period ends with the contact.
	return s.closeAlertsTx(ctx, tx, actor, client, alerts.RuleContactOverdue, AlertOutcomeContacted, now)
}

// CadenceChange is a client whose tier (and so cadence) the nightly rating set or changed.
type CadenceChange struct {
	ClientID string
	Tier     string
	Days     int // 0: the tier has no cadence
}

// SyncCadence brings the cadence rows of the clients whose tier changed on day in step: a new cadence
// counts from the last contact (or from day when there was none); a tier without one drops the row and
// cancels its open task.
func (s *Store) SyncCadence(ctx context.Context, day domain.Date, changes []CadenceChange) error {
	if len(changes) == 0 {
		return nil
	}
	return s.Tx(ctx, func(tx *sql.Tx) error {
		for _, c := range changes {
			var last sql.Null[domain.Date]
			var task sql.NullInt64
			err := tx.QueryRowContext(ctx, s.Rebind("SELECT last_contact, task_id FROM cadence WHERE client_id = ?"), c.ClientID).Scan(&last, &task)
			exists := err == nil
			if err != nil && err != sql.ErrNoRows {
				return fmt.Errorf("cadence of %s: %w", c.ClientID, err)
			}
			if c.Days <= 0 {
				if task.Valid {
					if _, err := tx.ExecContext(ctx, s.Rebind("UPDATE tasks SET state = 'cancelled' WHERE task_id = ? AND state = 'open'"), task.Int64); err != nil {
						return err
					}
				}
				if _, err := tx.ExecContext(ctx, s.Rebind("DELETE FROM cadence WHERE client_id = ?"), c.ClientID); err != nil {
					return fmt.Errorf("cadence of %s: %w", c.ClientID, err)
				}
				continue
			}
			from := day
			if last.Valid && !last.V.IsZero() {
				from = last.V
			}
			if exists {
				_, err = tx.ExecContext(ctx, s.Rebind("UPDATE cadence SET tier = ?, cadence_days = ?, due_on = ? WHERE client_id = ?"),
					c.Tier, c.Days, from.AddDays(c.Days), c.ClientID)
			} else {
				_, err = tx.ExecContext(ctx, s.Rebind("INSERT INTO cadence (client_id, tier, cadence_days, due_on) VALUES (?, ?, ?, ?)"),
					c.ClientID, c.Tier, c.Days, from.AddDays(c.Days))
			}
			if err != nil {
				return fmt.Errorf("cadence of %s: %w", c.ClientID, err)
			}
		}
		return nil
	})
}

// CadenceDue is a client whose next contact is due and who has no open cadence task.
type CadenceDue struct {
	ClientID, Tier, OutletID string
	RMID                     int64
	Due                      domain.Date
	LastContact              domain.Date
}

// DueCadence returns the clients whose contact is due by `by` and have no open cadence task.
func (s *Store) DueCadence(ctx context.Context, by domain.Date) ([]CadenceDue, error) {
	var out []CadenceDue
	err := s.scanAll(ctx, s.Rebind(`SELECT k.client_id, k.tier, c.outlet_id, COALESCE(c.rm_id, 0), k.due_on, k.last_contact
		FROM cadence k JOIN clients c ON c.client_id = k.client_id WHERE k.due_on <= ? AND k.task_id IS NULL ORDER BY k.due_on, k.client_id`),
		func(scan func(...any) error) error {
			var d CadenceDue
			var last sql.Null[domain.Date]
			if err := scan(&d.ClientID, &d.Tier, &d.OutletID, &d.RMID, &d.Due, &last); err != nil {
				return err
			}
			d.LastContact = last.V
			out = append(out, d)
			return nil
		}, by)
	if err != nil {
		return nil, fmt.Errorf("cadence due by %s: %w", by, err)
	}
	return out, nil
}

// CadenceTask is a task the nightly pass creates for a due contact.
type CadenceTask struct {
	ClientID string
	Assignee int64 // 0: the role's people at the outlet
	Role     domain.Role
	OutletID string
	Due      domain.Date
	Priority int
	Title    string
}

// CreateCadenceTasks creates the tasks in one transaction and links each to its client's cadence row, so
// that none is created twice. It returns how many it created.
func (s *Store) CreateCadenceTasks(ctx context.Context, tasks []CadenceTask) (int, error) {
	n := 0
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		for _, t := range tasks {
			var who any
			if t.Assignee != 0 {
				who = t.Assignee
			}
			var id int64
			// Only a client whose cadence row still has no task gets one (a concurrent pass, a rerun).
			var free int
			if err := tx.QueryRowContext(ctx, s.Rebind("SELECT count(*) FROM cadence WHERE client_id = ? AND task_id IS NULL"), t.ClientID).
				Scan(&free); err != nil {
				return err
			}
			if free == 0 {
				continue
			}
			if err := tx.QueryRowContext(ctx, s.Rebind(`INSERT INTO tasks (client_id, assignee_id, assignee_role, outlet_id, source, title, due_on,
				priority, created_at) VALUES (?, ?, ?, ?, 'rule', ?, ?, ?, ?) RETURNING task_id`), t.ClientID, who, string(t.Role), t.OutletID,
				t.Title, t.Due, t.Priority, now).Scan(&id); err != nil {
				return fmt.Errorf("cadence task of %s: %w", t.ClientID, err)
			}
			if _, err := tx.ExecContext(ctx, s.Rebind("UPDATE cadence SET task_id = ? WHERE client_id = ?"), id, t.ClientID); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// CoverageRow is the share of clients contacted within their cadence, for one group.
type CoverageRow struct {
	Key     string // the RM's name, the outlet's id or the tier
	Clients int
	Covered int
}

// Coverage measures, within the caller's scope on day, how many clients with a cadence were contacted
// within it, by "rm", "outlet" or "tier".
func (s *Store) Coverage(ctx context.Context, sc access.Scope, day domain.Date, by string) ([]CoverageRow, error) {
	key := map[string]string{"rm": "COALESCE(st.name, '')", "outlet": "c.outlet_id", "tier": "k.tier"}[by]
	if key == "" {
		return nil, fmt.Errorf("coverage by %q: %w", by, ErrInvalid)
	}
	cond, args := scopeCond(sc)
	var out []CoverageRow
	// Covered: the next contact is not yet overdue.
	err := s.scanAll(ctx, s.Rebind(`SELECT `+key+`, count(*), COALESCE(sum(CASE WHEN k.last_contact IS NOT NULL AND k.due_on >= ? THEN 1 ELSE 0 END), 0)
		FROM cadence k JOIN clients c ON c.client_id = k.client_id LEFT JOIN staff st ON st.staff_id = c.rm_id
		WHERE `+cond+` GROUP BY `+key+` ORDER BY 1`), func(scan func(...any) error) error {
		var r CoverageRow
		if err := scan(&r.Key, &r.Clients, &r.Covered); err != nil {
			return err
		}
		out = append(out, r)
		return nil
	}, append([]any{day}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("coverage by %s: %w", by, err)
	}
	return out, nil
}

// TierChangesOn returns the clients whose tier the rating set (first rating) or changed on day, with their
// new tier.
func (s *Store) TierChangesOn(ctx context.Context, day domain.Date) ([]CadenceChange, error) {
	var out []CadenceChange
	err := s.scanAll(ctx, s.Rebind(`SELECT client_id, to_tier FROM rating_history WHERE on_date = ?
		AND reason IN ('first_rating', 'tier_up', 'tier_down') ORDER BY history_id`), func(scan func(...any) error) error {
		var c CadenceChange
		if err := scan(&c.ClientID, &c.Tier); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	}, day)
	if err != nil {
		return nil, fmt.Errorf("tier changes of %s: %w", day, err)
	}
	return out, nil
}

// TaskView is a task as the day list shows it.
type TaskView struct {
	ID         int64
	ClientID   string
	ClientName string
	Title      string
	Due        domain.Date
	Priority   int
	Source     string
	Mine       bool   // assigned to the person (not to the role's people)
	Kind       string // a supervisor's task: call, visit, invitation, follow_up, other
}

// MyTasks returns the open tasks due by `by` that a person must do, within the caller's scope: assigned to
// the person, or to the person's role at the clients' outlets. Overdue and most urgent first.
func (s *Store) MyTasks(ctx context.Context, sc access.Scope, staffID int64, role domain.Role, by domain.Date, limit int) ([]TaskView, error) {
	return s.TasksBetween(ctx, sc, staffID, role, domain.Date{}, by, limit)
}

// TasksBetween returns a person's open tasks due from `from` (zero: any time before) to `to`, as MyTasks.
func (s *Store) TasksBetween(ctx context.Context, sc access.Scope, staffID int64, role domain.Role, from, to domain.Date, limit int) ([]TaskView, error) {
	where, args := myTasksWhere(sc, staffID, role, from, to)
	var out []TaskView
	err := s.scanAll(ctx, s.Rebind(`SELECT t.task_id, COALESCE(t.client_id, ''), COALESCE(c.name, ''), t.title, t.due_on, t.priority, t.source,
		t.assignee_id IS NOT NULL, t.kind
		FROM tasks t LEFT JOIN clients c ON c.client_id = t.client_id
		WHERE `+where+` ORDER BY t.due_on, t.priority DESC, t.task_id LIMIT ?`), func(scan func(...any) error) error {
		var v TaskView
		if err := scan(&v.ID, &v.ClientID, &v.ClientName, &v.Title, &v.Due, &v.Priority, &v.Source, &v.Mine, &v.Kind); err != nil {
			return err
		}
		out = append(out, v)
		return nil
	}, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("tasks of staff %d: %w", staffID, err)
	}
	return out, nil
}

// CountTasksBetween counts the tasks TasksBetween lists, without a limit: the day list's true total.
func (s *Store) CountTasksBetween(ctx context.Context, sc access.Scope, staffID int64, role domain.Role, from, to domain.Date) (int, error) {
	where, args := myTasksWhere(sc, staffID, role, from, to)
	var n int
	if err := s.db.QueryRowContext(ctx, s.Rebind(`SELECT count(*) FROM tasks t LEFT JOIN clients c ON c.client_id = t.client_id
		WHERE `+where), args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count the tasks of staff %d: %w", staffID, err)
	}
	return n, nil
}

// myTasksWhere is the WHERE of a person's open tasks due from `from` (zero: any time before) to `to`,
// over tasks t and clients c. A task need not be about a client (a supervisor's task); one that is shows
// only within the scope.
func myTasksWhere(sc access.Scope, staffID int64, role domain.Role, from, to domain.Date) (string, []any) {
	cond, args := scopeCond(sc)
	if from.IsZero() {
		from = domain.NewDate(1900, 1, 1)
	}
	return `t.state = 'open' AND t.due_on >= ? AND t.due_on <= ? AND (t.assignee_id = ? OR (t.assignee_id IS NULL AND t.assignee_role = ?))
		AND ((t.client_id IS NULL AND t.assignee_id = ?) OR (t.client_id IS NOT NULL AND ` + cond + `))`,
		append([]any{from, to, staffID, string(role), staffID}, args...)
}

// FinishTask marks a task done (or cancelled) for the person who may (access.MayFinishTask: its assignee,
// its pool's people, the assignee's supervisor or outlet manager; ErrNotAllowed for anyone else). A task
// about a client outside the caller's scope, and a task about no client that is not the actor's to
// finish, is domain.ErrNotFound, as one that does not exist or is no longer open. A cadence task done
// this way counts as the client contacted only when a contact is logged, so it stays due in the cadence.
func (s *Store) FinishTask(ctx context.Context, sc access.Scope, actor, id int64, state string) error {
	if state != "done" && state != "cancelled" {
		return fmt.Errorf("task %d: state %q: %w", id, state, ErrInvalid)
	}
	cond, args := scopeCond(sc)
	return s.Tx(ctx, func(tx *sql.Tx) error {
		who, err := s.actorTx(ctx, tx, actor)
		if err != nil {
			return err
		}
		var client string
		var holder access.Holder
		err = tx.QueryRowContext(ctx, s.Rebind(`SELECT COALESCE(t.client_id, ''), `+holderCols+` FROM tasks t
			LEFT JOIN clients c ON c.client_id = t.client_id LEFT JOIN staff a ON a.staff_id = t.assignee_id
			WHERE t.task_id = ? AND t.state = 'open' AND (t.client_id IS NULL OR `+cond+`)`),
			append([]any{id}, args...)...).Scan(append([]any{&client}, holderDests(&holder)...)...)
		if err == sql.ErrNoRows {
			return domain.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("task %d: %w", id, err)
		}
		if !access.MayFinishTask(who, holder) {
			if client == "" {
				return domain.ErrNotFound // a task about no client is seen only by those whose work it is
			}
			return fmt.Errorf("task %d is not %s %s's to finish: %w", id, who.Role, who.Username, ErrNotAllowed)
		}
		if _, err := tx.ExecContext(ctx, s.Rebind("UPDATE tasks SET state = ?, done_at = ? WHERE task_id = ?"), state, s.now(), id); err != nil {
			return fmt.Errorf("task %d: %w", id, err)
		}
		if err := s.freeCadence(ctx, tx, client, id); err != nil {
			return fmt.Errorf("task %d: %w", id, err)
		}
		if client == "" {
			return s.appendAudit(ctx, tx, domain.AuditEvent{ActorID: actor, Action: AuditTask, ObjectType: "task",
				ObjectID: fmt.Sprint(id), Detail: fmt.Sprintf(`{"task":%d,"state":%q}`, id, state)})
		}
		return s.appendAudit(ctx, tx, domain.AuditEvent{ActorID: actor, Action: domain.AuditClientUpdate, ObjectType: "client",
			ObjectID: client, Detail: fmt.Sprintf(`{"task":%d,"state":%q}`, id, state)})
	})
}

// Prospect is a client with a potential score and no client manager: a teller or lobby manager hands it to
// one (DOMAIN.md §4, potential; §6, the teller's day).
type Prospect struct {
	ClientID, Name string
	Potential      int
	AUM            int64
	Tier           string
}

// Prospects returns the clients in the caller's scope with at least minPotential and no client manager,
// the highest potential first.
func (s *Store) Prospects(ctx context.Context, sc access.Scope, minPotential, limit int) ([]Prospect, error) {
	cond, args := scopeCond(sc)
	order := "r.potential DESC, m.aum DESC, c.client_id"
	if sc.Masked {
		order = "r.potential DESC, c.client_id" // not ranked by wealth within a potential (docs/masking.md)
	}
	var out []Prospect
	err := s.scanAll(ctx, s.Rebind(`SELECT c.client_id, c.name, r.potential, m.aum, r.tier FROM client_ratings r JOIN clients c ON c.client_id = r.client_id
		JOIN client_aum m ON m.client_id = c.client_id
		WHERE r.potential >= ? AND c.rm_id IS NULL AND `+cond+` ORDER BY `+order+` LIMIT ?`),
		func(scan func(...any) error) error {
			var p Prospect
			if err := scan(&p.ClientID, &p.Name, &p.Potential, &p.AUM, &p.Tier); err != nil {
				return err
			}
			if sc.Masked {
				p.AUM = 0 // the tier says enough to a masked view (docs/masking.md)
			}
			out = append(out, p)
			return nil
		}, append(append([]any{minPotential}, args...), limit)...)
	if err != nil {
		return nil, fmt.Errorf("prospects: %w", err)
	}
	return out, nil
}

// HandOver hands a client the caller may change (ErrReadOnly for one they only read) to a client manager
// of the client's outlet: a task for the manager to contact the client, due on day, with the hand-over's
// note. The assignment itself (服务关系) stays the supervisor's decision.
func (s *Store) HandOver(ctx context.Context, sc access.Scope, actor int64, clientID string, rm int64, note string, day domain.Date) error {
	note = strings.TrimSpace(note)
	if err := inputErr("hand-over of "+clientID, domain.CheckText("note", note, true)); err != nil {
		return err
	}
	if utf8.RuneCountInString(note) > 200 {
		return fmt.Errorf("hand-over of %s: the note is too long: %w", clientID, ErrInvalid)
	}
	return s.Tx(ctx, func(tx *sql.Tx) error {
		c, err := s.editableClient(ctx, tx, sc, clientID)
		if err != nil {
			return err // ErrReadOnly for a client the caller only reads
		}
		var role, org string
		var disabled bool
		err = tx.QueryRowContext(ctx, s.Rebind("SELECT role, org_id, disabled FROM staff WHERE staff_id = ?"), rm).Scan(&role, &org, &disabled)
		if err == sql.ErrNoRows || (err == nil && (role != string(domain.RoleRM) || org != c.OutletID || disabled)) {
			return fmt.Errorf("hand-over of %s: staff %d is not a client manager of outlet %s: %w", clientID, rm, c.OutletID, ErrInvalid)
		}
		if err != nil {
			return err
		}
		title := "handover"
		if note != "" {
			title += ":" + note
		}
		if _, err := tx.ExecContext(ctx, s.Rebind(`INSERT INTO tasks (client_id, assignee_id, assignee_role, outlet_id, created_by, source, title,
			due_on, priority, created_at) VALUES (?, ?, 'rm', ?, ?, 'handover', ?, ?, 2, ?)`), clientID, rm, c.OutletID, actor, title, day, s.now()); err != nil {
			return fmt.Errorf("hand-over of %s: %w", clientID, err)
		}
		return s.appendAudit(ctx, tx, domain.AuditEvent{ActorID: actor, Action: domain.AuditClientUpdate, ObjectType: "client",
			ObjectID: clientID, Detail: fmt.Sprintf(`{"handed_to":%d}`, rm)})
	})
}

// freeCadence frees the cadence of client ("" for a task about no client) whose open task was task, for
// the next one. The cadence is found by its primary key, the client: task_id has no index.
func (s *Store) freeCadence(ctx context.Context, tx *sql.Tx, client string, task int64) error {
	if client == "" {
		return nil
	}
	_, err := tx.ExecContext(ctx, s.Rebind("UPDATE cadence SET task_id = NULL WHERE client_id = ? AND task_id = ?"), client, task)
	return err
}
