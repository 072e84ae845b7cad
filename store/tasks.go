package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/domain"
)

// Tasks a supervisor assigns (DOMAIN.md §6, the supervisor's routine): to a member of staff of the
// supervisor's outlet, optionally about a client within the supervisor's scope that the assignee may also
// see, with a kind, a due date, a priority and a note; the team's tasks listed, reassigned and cancelled.
// Every change is audited.

// TaskKinds are the kinds of a supervisor's task (migration 0010).
var TaskKinds = []string{"call", "visit", "invitation", "follow_up", "other"}

// AuditTask is the audit action of a task assigned, reassigned or cancelled.
const AuditTask = "task_change"

// ErrNotAllowed: the person's role may not do this.
var ErrNotAllowed = errors.New("not allowed for this person")

// LeadsTeam reports whether a member of staff leads the team of their outlet: assigns its tasks and sees
// its schedule (the RM supervisor, and the outlet manager above them).
func LeadsTeam(st domain.Staff) bool {
	return !st.Disabled && (st.Role == domain.RoleSupervisor || st.Role == domain.RoleOutletManager)
}

// TeamRoles are the roles of an outlet's team a lead assigns work to.
var TeamRoles = []domain.Role{domain.RoleRM, domain.RoleLobby, domain.RoleTellerVIP, domain.RoleTeller, domain.RoleSupervisor, domain.RoleOutletManager}

// NewTask is a task a supervisor assigns.
type NewTask struct {
	AssigneeID int64
	ClientID   string // "": not about one client
	Kind       string
	Due        domain.Date
	Priority   int // 1 normal, 2 high, 3 urgent
	Note       string
}

// AssignTask creates a task for a member of the lead's team (sc is the lead's scope). It is refused with
// ErrNotAllowed when the lead does not lead a team, ErrInvalid when the assignee is not a member of the
// lead's outlet or cannot see the client or a field is wrong, and domain.ErrNotFound when the client is
// outside the lead's scope. It returns the task's id.
func (s *Store) AssignTask(ctx context.Context, lead domain.Staff, sc access.Scope, t NewTask) (int64, error) {
	if err := inputErr("assign a task", firstErr(domain.CheckText("note", t.Note, true), domain.CheckFollowUp("due", t.Due, s.today()))); err != nil {
		return 0, err
	}
	if !LeadsTeam(lead) {
		return 0, fmt.Errorf("assign a task: %s %s leads no team: %w", lead.Role, lead.Username, ErrNotAllowed)
	}
	t.Note = strings.TrimSpace(t.Note)
	switch {
	case !slices.Contains(TaskKinds, t.Kind):
		return 0, fmt.Errorf("assign a task: kind %q is not one of %v: %w", t.Kind, TaskKinds, ErrInvalid)
	case t.Due.IsZero():
		return 0, fmt.Errorf("assign a task: no due date: %w", ErrInvalid)
	case t.Priority < 1 || t.Priority > 3:
		return 0, fmt.Errorf("assign a task: priority %d is not 1, 2 or 3: %w", t.Priority, ErrInvalid)
	case utf8.RuneCountInString(t.Note) > 200:
		return 0, fmt.Errorf("assign a task: the note is longer than 200 characters: %w", ErrInvalid)
	}
	var id int64
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		who, err := s.teamMemberTx(ctx, tx, lead, t.AssigneeID, t.ClientID, sc)
		if err != nil {
			return err
		}
		var client any
		if t.ClientID != "" {
			client = t.ClientID
		}
		if err := tx.QueryRowContext(ctx, s.Rebind(`INSERT INTO tasks (client_id, assignee_id, assignee_role, outlet_id, created_by, source,
			title, due_on, priority, kind, note, created_at) VALUES (?, ?, ?, ?, ?, 'supervisor', ?, ?, ?, ?, ?, ?) RETURNING task_id`),
			client, who.ID, string(who.Role), lead.OrgID, lead.ID, t.Note, t.Due, t.Priority, t.Kind, t.Note, s.now()).Scan(&id); err != nil {
			return fmt.Errorf("assign a task to staff %d: %w", who.ID, err)
		}
		return s.appendAudit(ctx, tx, domain.AuditEvent{ActorID: lead.ID, Action: AuditTask, ObjectType: "task", ObjectID: fmt.Sprint(id),
			Detail: fmt.Sprintf(`{"assigned_to":%d,"client":%q,"kind":%q,"due":%q}`, who.ID, t.ClientID, t.Kind, t.Due)})
	})
	return id, err
}

// teamMemberTx reads the assignee and checks that they are an active member of the lead's outlet and,
// for a task about a client, that the client is within the lead's scope and the assignee's.
func (s *Store) teamMemberTx(ctx context.Context, tx *sql.Tx, lead domain.Staff, staffID int64, clientID string, sc access.Scope) (domain.Staff, error) {
	who, err := scanStaff(tx.QueryRowContext(ctx, s.Rebind("SELECT "+staffCols+" FROM staff WHERE staff_id = ?"), staffID))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (who.OrgID != lead.OrgID || who.Disabled || !slices.Contains(TeamRoles, who.Role))) {
		return who, fmt.Errorf("task for staff %d: not an active member of outlet %s: %w", staffID, lead.OrgID, ErrInvalid)
	}
	if err != nil {
		return who, fmt.Errorf("task for staff %d: %w", staffID, err)
	}
	if clientID == "" {
		return who, nil
	}
	if _, err := s.clientTx(ctx, tx, sc, clientID); err != nil {
		return who, err // domain.ErrNotFound outside the lead's scope
	}
	org, err := scanOrg(tx.QueryRowContext(ctx, s.Rebind("SELECT "+orgCols+" FROM orgs WHERE org_id = ?"), who.OrgID))
	if err != nil {
		return who, fmt.Errorf("task for staff %d: outlet %s: %w", staffID, who.OrgID, err)
	}
	if _, err := s.clientTx(ctx, tx, access.ScopeFor(who, org), clientID); errors.Is(err, domain.ErrNotFound) {
		return who, fmt.Errorf("task for staff %d: client %s is outside their scope: %w", staffID, clientID, ErrInvalid)
	} else if err != nil {
		return who, err
	}
	return who, nil
}

// TeamTask is a task of a lead's team as the tasks page shows it.
type TeamTask struct {
	TaskView
	State        string
	AssigneeID   int64
	AssigneeName string
	Role         domain.Role // the role's people at the outlet, when nobody is named
	CreatedBy    string
	CreatedByID  int64  // 0: made by the nightly rules
	Tier         string // the client's asset tier; "" for a task about no client or an unrated one
}

// TaskFilter narrows and orders a task list.
type TaskFilter struct {
	AssigneeID int64  // 0: anyone
	State      string // open, done, cancelled; "": any
	Overdue    bool   // open and due before Today
	Today      domain.Date
	From, To   domain.Date // due dates, inclusive; zero: unbounded
	Client     string      // a client number or a client's full name
	Tier       string      // the client's asset tier, T1 … T5
	Sort       string      // due (the default: open first, then by due date), priority, client, assignee
	Desc       bool        // reverse the sort
	Limit      int         // 0: 500
	Offset     int
}

// TaskSorts are the orders of a task list, each ending on the task's id so that pages never overlap.
var TaskSorts = map[string]string{
	"due":      "CASE t.state WHEN 'open' THEN 0 ELSE 1 END, t.due_on, t.priority DESC, t.task_id",
	"priority": "t.priority DESC, t.due_on, t.task_id",
	"client":   "COALESCE(c.name, ''), t.due_on, t.task_id",
	"assignee": "COALESCE(a.name, ''), t.assignee_role, t.due_on, t.task_id",
}

// TaskPage is one page of a task list and the number of tasks the whole list holds.
type TaskPage struct {
	Items []TeamTask
	Total int
}

// TeamTasks lists the tasks of the team of outlet (its staff's, and those for a role's people there)
// within the caller's scope, overdue and most urgent first.
func (s *Store) TeamTasks(ctx context.Context, sc access.Scope, outlet string, f TaskFilter) ([]TeamTask, error) {
	page, err := s.TeamTaskPage(ctx, sc, outlet, f)
	return page.Items, err
}

// TeamTaskPage is TeamTasks's page with the count of the whole list.
func (s *Store) TeamTaskPage(ctx context.Context, sc access.Scope, outlet string, f TaskFilter) (TaskPage, error) {
	return s.tasks(ctx, sc, "(a.org_id = ? OR (t.assignee_id IS NULL AND t.outlet_id = ?))", []any{outlet, outlet}, f)
}

// OwnTasks lists a person's tasks within the caller's scope, as TeamTasks: those assigned to them, and
// those for their role's people at their outlet.
func (s *Store) OwnTasks(ctx context.Context, sc access.Scope, st domain.Staff, f TaskFilter) ([]TeamTask, error) {
	page, err := s.OwnTaskPage(ctx, sc, st, f)
	return page.Items, err
}

// OwnTaskPage is OwnTasks's page with the count of the whole list.
func (s *Store) OwnTaskPage(ctx context.Context, sc access.Scope, st domain.Staff, f TaskFilter) (TaskPage, error) {
	f.AssigneeID = 0
	return s.tasks(ctx, sc, "(t.assignee_id = ? OR (t.assignee_id IS NULL AND t.assignee_role = ? AND t.outlet_id = ?))",
		[]any{st.ID, string(st.Role), st.OrgID}, f)
}

// taskFrom joins what a task list shows and filters by.
const taskFrom = ` FROM tasks t LEFT JOIN clients c ON c.client_id = t.client_id LEFT JOIN staff a ON a.staff_id = t.assignee_id
	LEFT JOIN client_ratings r ON r.client_id = t.client_id`

func (s *Store) tasks(ctx context.Context, sc access.Scope, who string, args []any, f TaskFilter) (TaskPage, error) {
	var page TaskPage
	cond, cargs := scopeCond(sc)
	where := []string{who, "(t.client_id IS NULL OR " + cond + ")"}
	args = append(args, cargs...)
	if f.AssigneeID != 0 {
		where, args = append(where, "t.assignee_id = ?"), append(args, f.AssigneeID)
	}
	if f.State != "" {
		where, args = append(where, "t.state = ?"), append(args, f.State)
	}
	if f.Overdue {
		where, args = append(where, "t.state = 'open' AND t.due_on < ?"), append(args, f.Today)
	}
	if !f.From.IsZero() {
		where, args = append(where, "t.due_on >= ?"), append(args, f.From)
	}
	if !f.To.IsZero() {
		where, args = append(where, "t.due_on <= ?"), append(args, f.To)
	}
	if f.Client != "" {
		where, args = append(where, "(t.client_id = ? OR c.name = ?)"), append(args, f.Client, f.Client)
	}
	if f.Tier != "" {
		where, args = append(where, "r.tier = ?"), append(args, f.Tier)
	}
	order, ok := TaskSorts[f.Sort]
	switch {
	case f.Sort == "":
		order = TaskSorts["due"]
	case !ok:
		return page, fmt.Errorf("tasks: sort %q: %w", f.Sort, ErrInvalid)
	}
	if f.Desc {
		order = reverseOrder(order)
	}
	if f.Limit <= 0 {
		f.Limit = 500
	}
	w := strings.Join(where, " AND ")
	if err := s.db.QueryRowContext(ctx, s.Rebind("SELECT count(*)"+taskFrom+" WHERE "+w), args...).Scan(&page.Total); err != nil {
		return page, fmt.Errorf("count tasks: %w", err)
	}
	err := s.scanAll(ctx, s.Rebind(`SELECT t.task_id, COALESCE(t.client_id, ''), COALESCE(c.name, ''), t.title, t.due_on, t.priority, t.source,
		t.assignee_id IS NOT NULL, t.kind, t.state, COALESCE(t.assignee_id, 0), COALESCE(a.name, ''), t.assignee_role, COALESCE(b.name, ''),
		COALESCE(t.created_by, 0), COALESCE(r.tier, '')`+taskFrom+` LEFT JOIN staff b ON b.staff_id = t.created_by
		WHERE `+w+` ORDER BY `+order+` LIMIT ? OFFSET ?`),
		func(scan func(...any) error) error {
			var v TeamTask
			var role string
			if err := scan(&v.ID, &v.ClientID, &v.ClientName, &v.Title, &v.Due, &v.Priority, &v.Source, &v.Mine, &v.Kind, &v.State,
				&v.AssigneeID, &v.AssigneeName, &role, &v.CreatedBy, &v.CreatedByID, &v.Tier); err != nil {
				return err
			}
			v.Role = domain.Role(role)
			page.Items = append(page.Items, v)
			return nil
		}, append(args, f.Limit, max(f.Offset, 0))...)
	if err != nil {
		return page, fmt.Errorf("tasks: %w", err)
	}
	return page, nil
}

// ReassignTask hands an open task of the lead's team to another member of it (who must see the task's
// client, if any); CancelTask cancels one. Refusals as AssignTask's; a task of another team is not found.
func (s *Store) ReassignTask(ctx context.Context, lead domain.Staff, sc access.Scope, id, to int64) error {
	return s.changeTeamTask(ctx, lead, sc, id, func(tx *sql.Tx, client string) (string, error) {
		who, err := s.teamMemberTx(ctx, tx, lead, to, client, sc)
		if err != nil {
			return "", err
		}
		if _, err := tx.ExecContext(ctx, s.Rebind("UPDATE tasks SET assignee_id = ?, assignee_role = ? WHERE task_id = ?"), who.ID, string(who.Role), id); err != nil {
			return "", fmt.Errorf("reassign task %d: %w", id, err)
		}
		// A cadence task handed to someone stays the cadence's task.
		return fmt.Sprintf(`{"task":%d,"reassigned_to":%d}`, id, who.ID), nil
	})
}

// CancelTask cancels an open task of the lead's team.
func (s *Store) CancelTask(ctx context.Context, lead domain.Staff, sc access.Scope, id int64) error {
	return s.changeTeamTask(ctx, lead, sc, id, func(tx *sql.Tx, client string) (string, error) {
		if _, err := tx.ExecContext(ctx, s.Rebind("UPDATE tasks SET state = 'cancelled', done_at = ? WHERE task_id = ?"), s.now(), id); err != nil {
			return "", fmt.Errorf("cancel task %d: %w", id, err)
		}
		if err := s.freeCadence(ctx, tx, client, id); err != nil {
			return "", fmt.Errorf("cancel task %d: %w", id, err)
		}
		return fmt.Sprintf(`{"task":%d,"state":"cancelled"}`, id), nil
	})
}

func (s *Store) changeTeamTask(ctx context.Context, lead domain.Staff, sc access.Scope, id int64, change func(tx *sql.Tx, client string) (string, error)) error {
	if !LeadsTeam(lead) {
		return fmt.Errorf("task %d: %s %s leads no team: %w", id, lead.Role, lead.Username, ErrNotAllowed)
	}
	cond, args := scopeCond(sc)
	return s.Tx(ctx, func(tx *sql.Tx) error {
		var client string
		err := tx.QueryRowContext(ctx, s.Rebind(`SELECT COALESCE(t.client_id, '') FROM tasks t LEFT JOIN clients c ON c.client_id = t.client_id
			LEFT JOIN staff a ON a.staff_id = t.assignee_id
			WHERE t.task_id = ? AND t.state = 'open' AND (a.org_id = ? OR (t.assignee_id IS NULL AND t.outlet_id = ?))
			AND (t.client_id IS NULL OR `+cond+`)`), append([]any{id, lead.OrgID, lead.OrgID}, args...)...).Scan(&client)
		if err == sql.ErrNoRows {
			return domain.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("task %d: %w", id, err)
		}
		detail, err := change(tx, client)
		if err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, domain.AuditEvent{ActorID: lead.ID, Action: AuditTask, ObjectType: "task", ObjectID: fmt.Sprint(id), Detail: detail})
	})
}

// PlannedCounts counts, for each member of the team of outlet, the tasks (open or done, not cancelled) due
// from `from` to `to` within the caller's scope: what each has planned for a week (DOMAIN.md §6, plan
// schedules at least a week ahead). Members with nothing planned are absent.
func (s *Store) PlannedCounts(ctx context.Context, sc access.Scope, outlet string, from, to domain.Date) (map[int64]int, error) {
	cond, args := scopeCond(sc)
	out := map[int64]int{}
	err := s.scanAll(ctx, s.Rebind(`SELECT t.assignee_id, count(*) FROM tasks t JOIN staff a ON a.staff_id = t.assignee_id
		LEFT JOIN clients c ON c.client_id = t.client_id
		WHERE a.org_id = ? AND t.due_on >= ? AND t.due_on <= ? AND t.state <> 'cancelled' AND (t.client_id IS NULL OR `+cond+`)
		GROUP BY t.assignee_id`), func(scan func(...any) error) error {
		var id int64
		var n int
		if err := scan(&id, &n); err != nil {
			return err
		}
		out[id] = n
		return nil
	}, append([]any{outlet, from, to}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("planned tasks of outlet %s from %s to %s: %w", outlet, from, to, err)
	}
	return out, nil
}
