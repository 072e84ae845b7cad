package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/rotation"
)

// Rotation (轮岗): a supervisor plans the handover of a leaving client manager's book to other client
// managers of the clients' outlets; the outlet manager (the personal-banking department when the plan
// crosses outlets) approves or rejects it; once approved it is applied in one transaction, each client
// through the same assignment rule as AssignRM. And the queue of clients waiting for a manager (待指定):
// the book of a member of staff disabled while still keeping clients.

// ReasonRotation is the reason of a relationship opened by applying a rotation plan.
const ReasonRotation = "rotation"

// EndDisabled is the end reason of a relationship ended because its manager's account was disabled.
const EndDisabled = "disabled"

// Rotation plan states.
const (
	PlanDraft     = "draft"
	PlanSubmitted = "submitted"
	PlanApproved  = "approved"
	PlanRejected  = "rejected"
	PlanApplied   = "applied"
)

// Audit actions of rotation and the queue.
const (
	AuditRotationPlan    = "rotation_plan"
	AuditRotationSubmit  = "rotation_submit"
	AuditRotationApprove = "rotation_approve"
	AuditRotationReject  = "rotation_reject"
	AuditRotationApply   = "rotation_apply"
	AuditQueueEnter      = "queue_enter"
)

// ErrRotationNotAllowed: the person may not do this to the plan or the queue (their role, their node, or
// their own plan); a RotationRefusal wraps it with the reason's code.
var ErrRotationNotAllowed = errors.New("not allowed for this person")

// RotationRefusal says why a person may not act on a plan: Code is one of access.Refuse… or "planner"
// (only the planner submits), "role" (the role may not plan or work the queue).
type RotationRefusal struct{ Code string }

func (e RotationRefusal) Error() string { return "rotation refused: " + e.Code }

// Unwrap makes a refusal ErrRotationNotAllowed.
func (e RotationRefusal) Unwrap() error { return ErrRotationNotAllowed }

// Actor is a person acting on rotation plans: their account, node and client scope.
type Actor struct {
	Staff domain.Staff
	Org   domain.OrgUnit
	Scope access.Scope
	// Policy holds the per-RM service cap the plans and the queue are checked against (nil: the defaults).
	Policy *policy.Policy
}

// RotationInput is a new plan: the leaving client manager, which of their clients (ClientIDs, or the tiers
// in Tiers, or every one when both are empty), the recipients and how to split.
type RotationInput struct {
	FromRM     int64
	ClientIDs  []string
	Tiers      []string
	Recipients []int64
	By         rotation.By
	Reason     string
}

// RotationPlan is a plan with its lines.
type RotationPlan struct {
	ID             int64
	FromRM         int64
	FromName       string
	State          string
	SplitBy        string
	Reason         string
	CreatedBy      int64
	CreatedByName  string
	CreatedAt      time.Time
	SubmittedAt    time.Time
	ApproverRole   domain.Role
	DecidedBy      int64
	DecidedByName  string
	DecidedAt      time.Time
	DecisionReason string
	AppliedAt      time.Time
	Clients        int
	AUM            int64
	Lines          []RotationLine // ByID only
	Outlets        []domain.OrgUnit
}

// RotationLine is one client of a plan and who takes it over.
type RotationLine struct {
	ClientID string
	Name     string
	OutletID string
	Tier     string
	AUM      int64
	CurRM    int64 // who keeps the client now
	ToRM     int64
	ToName   string
}

// RecipientLoad is what one recipient takes over: counts and AUM, in all and by tier.
type RecipientLoad struct {
	StaffID int64
	Name    string
	Clients int
	AUM     int64
	Tiers   []RecipientTier // highest tier first
}

// RecipientTier is one tier's share of a recipient's load.
type RecipientTier struct {
	Tier    string
	Clients int
	AUM     int64
}

// CapRefusal is a recipient whose book of a tier would exceed the per-RM service cap (人均服务上限,
// relationships.max_clients_per_rm): Keeps clients of the tier after the change, against Cap.
type CapRefusal struct {
	StaffID int64
	Name    string
	Tier    string
	Keeps   int
	Cap     int
}

// Preview is each recipient's load; it is filled from the plan's lines.
func (p RotationPlan) Preview() ([]RecipientLoad, error) {
	byRM := map[int64]*RecipientLoad{}
	tiers := map[int64]map[string]*RecipientTier{}
	var order []int64
	for _, l := range p.Lines {
		r := byRM[l.ToRM]
		if r == nil {
			r = &RecipientLoad{StaffID: l.ToRM, Name: l.ToName}
			byRM[l.ToRM], tiers[l.ToRM] = r, map[string]*RecipientTier{}
			order = append(order, l.ToRM)
		}
		t := tiers[l.ToRM][l.Tier]
		if t == nil {
			t = &RecipientTier{Tier: l.Tier}
			tiers[l.ToRM][l.Tier] = t
		}
		if l.AUM > math.MaxInt64-r.AUM {
			return nil, fmt.Errorf("preview of plan %d: the AUM given to staff %d overflows", p.ID, l.ToRM)
		}
		r.Clients++
		r.AUM += l.AUM
		t.Clients++
		t.AUM += l.AUM
	}
	out := make([]RecipientLoad, 0, len(order))
	for _, id := range order {
		r := byRM[id]
		for _, t := range tiers[id] {
			r.Tiers = append(r.Tiers, *t)
		}
		slices.SortFunc(r.Tiers, func(a, b RecipientTier) int { return cmp.Compare(b.Tier, a.Tier) })
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b RecipientLoad) int { return cmp.Compare(a.Name, b.Name) })
	return out, nil
}

// capRefusals checks the per-RM service cap (relationships.max_clients_per_rm of the actor's policy) for a
// plan's or the queue's assignments (recipient → the clients it would take), by the same count as a single
// assignment (loadOf): the preview shows what it returns and applying refuses when it returns anything.
func (s *Store) capRefusals(ctx context.Context, q querier, p *policy.Policy, adding map[int64][]ClientDetail) ([]CapRefusal, error) {
	if p == nil {
		p = policy.Default()
	}
	rms := slices.Sorted(maps.Keys(adding))
	var out []CapRefusal
	for _, rm := range rms {
		var name string
		if err := q.QueryRowContext(ctx, s.Rebind("SELECT name FROM staff WHERE staff_id = ?"), rm).Scan(&name); err != nil {
			return nil, fmt.Errorf("the cap of staff %d: %w", rm, err)
		}
		pv, err := s.loadOf(ctx, q, p, rm, name, adding[rm])
		if err != nil {
			return nil, err
		}
		for _, b := range pv.Breaches {
			out = append(out, CapRefusal{StaffID: rm, Name: name, Tier: b.Tier, Keeps: b.Keeps, Cap: b.Cap})
		}
	}
	return out, nil
}

// PlanRotation makes a draft plan: the leaving client manager's chosen clients split between the
// recipients of each client's outlet. Every client must be kept by FromRM now and editable by the planner;
// every recipient an enabled client manager other than FromRM. Audited.
func (s *Store) PlanRotation(ctx context.Context, a Actor, in RotationInput) (int64, error) {
	if !access.CanPlanRotation(a.Staff.Role) {
		return 0, RotationRefusal{Code: access.RefuseRole}
	}
	if in.FromRM == 0 || len(in.Recipients) == 0 {
		return 0, fmt.Errorf("plan rotation: the leaving client manager and at least one recipient are needed: %w", ErrInvalid)
	}
	if in.By == "" {
		in.By = rotation.ByCount
	}
	var id int64
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		book, err := s.bookOf(ctx, tx, a.Scope, in.FromRM)
		if err != nil {
			return err
		}
		chosen := book
		if len(in.ClientIDs) > 0 {
			have := map[string]RotationLine{}
			for _, l := range book {
				have[l.ClientID] = l
			}
			chosen = nil
			var missing []string
			for _, c := range in.ClientIDs {
				l, ok := have[c]
				if !ok {
					missing = append(missing, c)
					continue
				}
				chosen = append(chosen, l)
				delete(have, c)
			}
			if len(missing) > 0 {
				return fmt.Errorf("plan rotation: %s not kept by staff %d or not yours to hand over: %w", strings.Join(missing, ", "), in.FromRM, ErrInvalid)
			}
		}
		if len(in.Tiers) > 0 {
			chosen = slices.DeleteFunc(chosen, func(l RotationLine) bool { return !slices.Contains(in.Tiers, l.Tier) })
		}
		if len(chosen) == 0 {
			return fmt.Errorf("plan rotation: staff %d keeps no client you chose: %w", in.FromRM, ErrInvalid)
		}
		// The recipients, by outlet: each client goes to a client manager of its own outlet.
		byOutlet := map[string][]int64{}
		for _, r := range in.Recipients {
			if r == in.FromRM {
				return fmt.Errorf("plan rotation: staff %d cannot take over their own book: %w", r, ErrInvalid)
			}
			var role, org string
			var disabled bool
			err := tx.QueryRowContext(ctx, s.Rebind("SELECT role, org_id, disabled FROM staff WHERE staff_id = ?"), r).Scan(&role, &org, &disabled)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && (disabled || role != string(domain.RoleRM))) {
				return fmt.Errorf("plan rotation: staff %d is not an enabled client manager: %w", r, ErrInvalid)
			}
			if err != nil {
				return fmt.Errorf("plan rotation: %w", err)
			}
			if slices.Contains(byOutlet[org], r) {
				return fmt.Errorf("plan rotation: recipient %d named twice: %w", r, ErrInvalid)
			}
			byOutlet[org] = append(byOutlet[org], r)
		}
		groups := map[string][]rotation.Client{}
		for _, l := range chosen {
			groups[l.OutletID] = append(groups[l.OutletID], rotation.Client{ID: l.ClientID, Tier: l.Tier, AUM: l.AUM})
		}
		to := map[string]int64{}
		for outlet, cs := range groups {
			if len(byOutlet[outlet]) == 0 {
				return fmt.Errorf("plan rotation: no recipient is a client manager of outlet %s, where %d of the clients are: %w", outlet, len(cs), ErrInvalid)
			}
			part, err := rotation.Split(cs, byOutlet[outlet], in.By)
			if err != nil {
				return fmt.Errorf("plan rotation: %v: %w", err, ErrInvalid)
			}
			for c, r := range part {
				to[c] = r
			}
		}
		now := s.now()
		if err := tx.QueryRowContext(ctx, s.Rebind(`INSERT INTO rotation_plans (from_rm, state, split_by, reason, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING plan_id`), in.FromRM, PlanDraft, string(in.By), in.Reason, a.Staff.ID, now).Scan(&id); err != nil {
			return fmt.Errorf("plan rotation: %w", err)
		}
		stmt, err := tx.PrepareContext(ctx, s.Rebind("INSERT INTO rotation_lines (plan_id, client_id, to_rm) VALUES (?, ?, ?)"))
		if err != nil {
			return fmt.Errorf("plan rotation: %w", err)
		}
		defer stmt.Close()
		for _, l := range chosen {
			if _, err := stmt.ExecContext(ctx, id, l.ClientID, to[l.ClientID]); err != nil {
				return fmt.Errorf("plan rotation: line %s: %w", l.ClientID, err)
			}
		}
		detail, _ := json.Marshal(map[string]any{"from_rm": in.FromRM, "clients": len(chosen), "recipients": len(in.Recipients),
			"reason": in.Reason})
		return s.appendAudit(ctx, tx, domain.AuditEvent{ActorID: a.Staff.ID, Action: AuditRotationPlan, ObjectType: "rotation_plan",
			ObjectID: strconv.FormatInt(id, 10), Detail: string(detail)})
	})
	return id, err
}

// bookOf is the clients kept by staffID that the scope may edit, with tier and AUM.
func (s *Store) bookOf(ctx context.Context, q querier, sc access.Scope, staffID int64) ([]RotationLine, error) {
	cond, args := scopeCond(sc)
	if sc.Reach == access.ReachAssigned {
		// A client manager may not hand over anyone's book, even their own.
		return nil, RotationRefusal{Code: access.RefuseRole}
	}
	rows, err := q.QueryContext(ctx, s.Rebind(`SELECT c.client_id, c.name, c.outlet_id, COALESCE(r.tier, ''), m.aum, c.rm_id
		FROM clients c JOIN client_aum m ON m.client_id = c.client_id LEFT JOIN client_ratings r ON r.client_id = c.client_id
		WHERE c.rm_id = ? AND `+cond+` ORDER BY c.client_id`), append([]any{staffID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("book of staff %d: %w", staffID, err)
	}
	defer rows.Close()
	var out []RotationLine
	for rows.Next() {
		var l RotationLine
		if err := rows.Scan(&l.ClientID, &l.Name, &l.OutletID, &l.Tier, &l.AUM, &l.CurRM); err != nil {
			return nil, fmt.Errorf("book of staff %d: %w", staffID, err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

const planCols = `p.plan_id, p.from_rm, COALESCE(f.name, ''), p.state, p.split_by, p.reason, p.created_by, COALESCE(cb.name, ''),
	p.created_at, p.submitted_at, p.approver_role, COALESCE(p.decided_by, 0), COALESCE(db.name, ''), p.decided_at,
	p.decision_reason, p.applied_at,
	(SELECT count(*) FROM rotation_lines l WHERE l.plan_id = p.plan_id),
	(SELECT COALESCE(sum(m.aum), 0) FROM rotation_lines l JOIN client_aum m ON m.client_id = l.client_id WHERE l.plan_id = p.plan_id)`

const planJoins = ` FROM rotation_plans p LEFT JOIN staff f ON f.staff_id = p.from_rm LEFT JOIN staff cb ON cb.staff_id = p.created_by
	LEFT JOIN staff db ON db.staff_id = p.decided_by`

// planInScope is the condition that every line of plan p is a client the scope sees (and the plan has one).
func planInScope(sc access.Scope) (string, []any) {
	cond, args := scopeCond(sc)
	return `EXISTS (SELECT 1 FROM rotation_lines l WHERE l.plan_id = p.plan_id) AND NOT EXISTS (SELECT 1 FROM rotation_lines l
		JOIN clients c ON c.client_id = l.client_id WHERE l.plan_id = p.plan_id AND NOT (` + cond + `))`, args
}

func scanPlan(row interface{ Scan(...any) error }) (RotationPlan, error) {
	var p RotationPlan
	var sub, dec, app sql.NullTime
	var role string
	err := row.Scan(&p.ID, &p.FromRM, &p.FromName, &p.State, &p.SplitBy, &p.Reason, &p.CreatedBy, &p.CreatedByName,
		&p.CreatedAt, &sub, &role, &p.DecidedBy, &p.DecidedByName, &dec, &p.DecisionReason, &app, &p.Clients, &p.AUM)
	p.SubmittedAt, p.DecidedAt, p.AppliedAt, p.ApproverRole = sub.Time, dec.Time, app.Time, domain.Role(role)
	return p, err
}

// RotationPlans lists the plans whose clients all lie in the person's scope, newest first (at most 200).
func (s *Store) RotationPlans(ctx context.Context, a Actor) ([]RotationPlan, error) {
	if !access.CanPlanRotation(a.Staff.Role) {
		return nil, nil
	}
	cond, args := planInScope(a.Scope)
	rows, err := s.db.QueryContext(ctx, s.Rebind(`SELECT `+planCols+planJoins+` WHERE `+cond+` ORDER BY p.plan_id DESC LIMIT 200`), args...)
	if err != nil {
		return nil, fmt.Errorf("rotation plans: %w", err)
	}
	defer rows.Close()
	var out []RotationPlan
	for rows.Next() {
		p, err := scanPlan(rows)
		if err != nil {
			return nil, fmt.Errorf("rotation plans: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// RotationPlanByID reads a plan with its lines and outlets, if every client of it lies in the person's
// scope (domain.ErrNotFound otherwise).
func (s *Store) RotationPlanByID(ctx context.Context, a Actor, id int64) (RotationPlan, error) {
	return s.planTx(ctx, s.db, a, id)
}

func (s *Store) planTx(ctx context.Context, q querier, a Actor, id int64) (RotationPlan, error) {
	if !access.CanPlanRotation(a.Staff.Role) {
		return RotationPlan{}, domain.ErrNotFound
	}
	cond, args := planInScope(a.Scope)
	p, err := scanPlan(q.QueryRowContext(ctx, s.Rebind(`SELECT `+planCols+planJoins+` WHERE p.plan_id = ? AND `+cond), append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return p, domain.ErrNotFound
	}
	if err != nil {
		return p, fmt.Errorf("rotation plan %d: %w", id, err)
	}
	rows, err := q.QueryContext(ctx, s.Rebind(`SELECT l.client_id, c.name, c.outlet_id, COALESCE(r.tier, ''), m.aum, COALESCE(c.rm_id, 0),
		l.to_rm, COALESCE(st.name, '') FROM rotation_lines l JOIN clients c ON c.client_id = l.client_id
		JOIN client_aum m ON m.client_id = l.client_id LEFT JOIN client_ratings r ON r.client_id = l.client_id
		LEFT JOIN staff st ON st.staff_id = l.to_rm WHERE l.plan_id = ? ORDER BY st.name, r.tier DESC, m.aum DESC, l.client_id`), id)
	if err != nil {
		return p, fmt.Errorf("rotation plan %d: %w", id, err)
	}
	outlets := map[string]bool{}
	for rows.Next() {
		var l RotationLine
		if err := rows.Scan(&l.ClientID, &l.Name, &l.OutletID, &l.Tier, &l.AUM, &l.CurRM, &l.ToRM, &l.ToName); err != nil {
			rows.Close()
			return p, fmt.Errorf("rotation plan %d: %w", id, err)
		}
		p.Lines = append(p.Lines, l)
		outlets[l.OutletID] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return p, fmt.Errorf("rotation plan %d: %w", id, err)
	}
	for _, o := range slices.Sorted(maps.Keys(outlets)) {
		u, err := scanOrg(q.QueryRowContext(ctx, s.Rebind("SELECT "+orgCols+" FROM orgs WHERE org_id = ?"), o))
		if err != nil {
			return p, fmt.Errorf("rotation plan %d: outlet %s: %w", id, o, err)
		}
		p.Outlets = append(p.Outlets, u)
	}
	return p, nil
}

// PlanCapRefusals is what the per-RM cap of pol says of a plan's lines (capRefusals).
func (s *Store) PlanCapRefusals(ctx context.Context, pol *policy.Policy, p RotationPlan) ([]CapRefusal, error) {
	return s.capRefusals(ctx, s.db, pol, planAdds(p))
}

// planAdds is what each recipient of a plan would take.
func planAdds(p RotationPlan) map[int64][]ClientDetail {
	adds := map[int64][]ClientDetail{}
	for _, l := range p.Lines {
		adds[l.ToRM] = append(adds[l.ToRM], ClientDetail{Client: domain.Client{ClientID: l.ClientID, RMID: l.CurRM, AUM: l.AUM}})
	}
	return adds
}

// SubmitRotation sends the planner's draft for approval, naming the role that must approve it.
func (s *Store) SubmitRotation(ctx context.Context, a Actor, id int64) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		p, err := s.planTx(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if p.CreatedBy != a.Staff.ID {
			return RotationRefusal{Code: "planner"}
		}
		if p.State != PlanDraft {
			return fmt.Errorf("submit plan %d: it is %s, not a draft: %w", id, p.State, ErrInvalid)
		}
		ids := make([]string, len(p.Outlets))
		for i, o := range p.Outlets {
			ids[i] = o.ID
		}
		need := access.RotationApprover(ids)
		if err := s.movePlan(ctx, tx, id, PlanDraft, "state = ?, submitted_at = ?, approver_role = ?", PlanSubmitted, s.now(), string(need)); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, domain.AuditEvent{ActorID: a.Staff.ID, Action: AuditRotationSubmit, ObjectType: "rotation_plan",
			ObjectID: strconv.FormatInt(id, 10)})
	})
}

// movePlan updates a plan that is still in state from (another person may have moved it meanwhile).
func (s *Store) movePlan(ctx context.Context, tx *sql.Tx, id int64, from, set string, args ...any) error {
	res, err := tx.ExecContext(ctx, s.Rebind("UPDATE rotation_plans SET "+set+" WHERE plan_id = ? AND state = ?"), append(args, id, from)...)
	if err != nil {
		return fmt.Errorf("plan %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return fmt.Errorf("plan %d is no longer %s: %w", id, from, ErrInvalid)
	}
	return nil
}

// DecideRotation approves or rejects a submitted plan: only the outlet manager of the plan's outlet, or
// the personal-banking department over all its outlets when it crosses outlets, and never the planner.
// A rejection needs a reason. Audited.
func (s *Store) DecideRotation(ctx context.Context, a Actor, id int64, approve bool, reason string) error {
	reason = strings.TrimSpace(reason)
	if !approve && reason == "" {
		return fmt.Errorf("reject plan %d: a reason is needed: %w", id, ErrInvalid)
	}
	return s.Tx(ctx, func(tx *sql.Tx) error {
		p, err := s.planTx(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if code := access.CanApproveRotation(a.Staff, a.Org, p.CreatedBy, p.Outlets); code != "" {
			return RotationRefusal{Code: code}
		}
		if p.State != PlanSubmitted {
			return fmt.Errorf("decide plan %d: it is %s, not waiting for approval: %w", id, p.State, ErrInvalid)
		}
		state, action := PlanRejected, AuditRotationReject
		if approve {
			state, action = PlanApproved, AuditRotationApprove
		}
		if err := s.movePlan(ctx, tx, id, PlanSubmitted, "state = ?, decided_by = ?, decided_at = ?, decision_reason = ?",
			state, a.Staff.ID, s.now(), reason); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, domain.AuditEvent{ActorID: a.Staff.ID, Action: action, ObjectType: "rotation_plan",
			ObjectID: strconv.FormatInt(id, 10), Detail: fmt.Sprintf(`{"reason":%q}`, reason)})
	})
}

// ApplyRotation applies an approved plan in one transaction: every client goes to its recipient through
// AssignRM's rule (relationship history, open work, audit), or none does. A client no longer kept by the
// leaving manager, a recipient disabled or moved since, or the per-RM cap refuses the whole plan.
func (s *Store) ApplyRotation(ctx context.Context, a Actor, id int64) error {
	if !access.CanPlanRotation(a.Staff.Role) {
		return RotationRefusal{Code: access.RefuseRole}
	}
	return s.Tx(ctx, func(tx *sql.Tx) error {
		p, err := s.planTx(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if p.State != PlanApproved {
			return fmt.Errorf("apply plan %d: it is %s, not approved: %w", id, p.State, ErrInvalid)
		}
		var moved []string
		for _, l := range p.Lines {
			if l.CurRM != p.FromRM {
				moved = append(moved, l.ClientID)
			}
		}
		if len(moved) > 0 {
			return fmt.Errorf("apply plan %d: %s no longer kept by staff %d; make a new plan: %w", id, strings.Join(moved, ", "), p.FromRM, errors.Join(ErrPlanStale, ErrInvalid))
		}
		refusals, err := s.capRefusals(ctx, tx, a.Policy, planAdds(p))
		if err != nil {
			return err
		}
		if len(refusals) > 0 {
			return fmt.Errorf("apply plan %d: %d recipients: %w", id, len(refusals), ErrCapExceeded)
		}
		for _, l := range p.Lines {
			if err := s.assignRMTx(ctx, tx, a.Scope, a.Staff.ID, l.ClientID, l.ToRM, ReasonRotation); err != nil {
				return fmt.Errorf("apply plan %d: %w", id, err)
			}
		}
		if err := s.movePlan(ctx, tx, id, PlanApproved, "state = ?, applied_by = ?, applied_at = ?", PlanApplied, a.Staff.ID, s.now()); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, domain.AuditEvent{ActorID: a.Staff.ID, Action: AuditRotationApply, ObjectType: "rotation_plan",
			ObjectID: strconv.FormatInt(id, 10), Detail: fmt.Sprintf(`{"from_rm":%d,"clients":%d}`, p.FromRM, len(p.Lines))})
	})
}

// QueueEntry is a client waiting for a manager.
type QueueEntry struct {
	ClientID   string
	Name       string
	OutletID   string
	Tier       string
	AUM        int64
	FormerRM   int64
	FormerName string
	Since      time.Time
	Reason     string
}

// AssignmentQueue lists the clients in the scope waiting for a manager, highest tier and AUM first.
func (s *Store) AssignmentQueue(ctx context.Context, sc access.Scope) ([]QueueEntry, error) {
	cond, args := scopeCond(sc)
	rows, err := s.db.QueryContext(ctx, s.Rebind(`SELECT q.client_id, c.name, c.outlet_id, COALESCE(r.tier, ''), m.aum,
		COALESCE(q.former_rm, 0), COALESCE(st.name, ''), q.since, q.reason
		FROM assignment_queue q JOIN clients c ON c.client_id = q.client_id JOIN client_aum m ON m.client_id = q.client_id
		LEFT JOIN client_ratings r ON r.client_id = q.client_id LEFT JOIN staff st ON st.staff_id = q.former_rm
		WHERE `+cond+` ORDER BY COALESCE(r.tier, '') DESC, m.aum DESC, q.client_id`), args...)
	if err != nil {
		return nil, fmt.Errorf("assignment queue: %w", err)
	}
	defer rows.Close()
	var out []QueueEntry
	for rows.Next() {
		var e QueueEntry
		if err := rows.Scan(&e.ClientID, &e.Name, &e.OutletID, &e.Tier, &e.AUM, &e.FormerRM, &e.FormerName, &e.Since, &e.Reason); err != nil {
			return nil, fmt.Errorf("assignment queue: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// AssignFromQueue gives clients waiting for a manager to one client manager, all or none, each through
// AssignRM's rule; a client that is not in the queue refuses the whole assignment.
func (s *Store) AssignFromQueue(ctx context.Context, a Actor, clientIDs []string, staffID int64, reason string) error {
	if !access.CanWorkQueue(a.Staff.Role) {
		return RotationRefusal{Code: access.RefuseRole}
	}
	if len(clientIDs) == 0 || staffID == 0 {
		return fmt.Errorf("assign from the queue: choose clients and a client manager: %w", ErrInvalid)
	}
	return s.Tx(ctx, func(tx *sql.Tx) error {
		var missing []string
		for _, c := range clientIDs {
			var n int
			if err := tx.QueryRowContext(ctx, s.Rebind("SELECT count(*) FROM assignment_queue WHERE client_id = ?"), c).Scan(&n); err != nil {
				return fmt.Errorf("assign from the queue: %w", err)
			}
			if n == 0 {
				missing = append(missing, c)
			}
		}
		if len(missing) > 0 {
			return fmt.Errorf("assign from the queue: %s not waiting for a manager: %w", strings.Join(missing, ", "), ErrInvalid)
		}
		var taking []ClientDetail
		for _, c := range clientIDs {
			var aum int64
			if err := tx.QueryRowContext(ctx, s.Rebind("SELECT COALESCE((SELECT aum FROM client_aum WHERE client_id = ?), 0)"), c).Scan(&aum); err != nil {
				return fmt.Errorf("assign from the queue: %w", err)
			}
			taking = append(taking, ClientDetail{Client: domain.Client{ClientID: c, AUM: aum}})
		}
		refusals, err := s.capRefusals(ctx, tx, a.Policy, map[int64][]ClientDetail{staffID: taking})
		if err != nil {
			return err
		}
		if len(refusals) > 0 {
			return fmt.Errorf("assign from the queue: %w", ErrCapExceeded)
		}
		for _, c := range clientIDs {
			if err := s.assignRMTx(ctx, tx, a.Scope, a.Staff.ID, c, staffID, reason); err != nil {
				return err
			}
		}
		return nil
	})
}

// leaveQueue takes a client given a manager off the queue.
func (s *Store) leaveQueue(ctx context.Context, q querier, clientID string) error {
	if _, err := q.ExecContext(ctx, s.Rebind("DELETE FROM assignment_queue WHERE client_id = ?"), clientID); err != nil {
		return fmt.Errorf("take client %s off the assignment queue: %w", clientID, err)
	}
	return nil
}

// queueBookOf puts the clients kept by a member of staff whose account is being disabled in their outlet's
// queue: their relationships end (reason "disabled"), the clients are left without a manager, and the open
// work the person held for them goes back to the supervisors. Each client's move is audited (by the
// system: the disabling itself is audited by whoever did it).
func (s *Store) queueBookOf(ctx context.Context, tx *sql.Tx, staffID int64) error {
	rows, err := tx.QueryContext(ctx, s.Rebind("SELECT client_id FROM clients WHERE rm_id = ? ORDER BY client_id"), staffID)
	if err != nil {
		return fmt.Errorf("queue the clients of staff %d: %w", staffID, err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return fmt.Errorf("queue the clients of staff %d: %w", staffID, err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("queue the clients of staff %d: %w", staffID, err)
	}
	now := s.now()
	if _, err := tx.ExecContext(ctx, s.Rebind(`UPDATE relationships SET valid_to = ?, end_reason = ?
		WHERE staff_id = ? AND valid_to IS NULL`), now, EndDisabled, staffID); err != nil {
		return fmt.Errorf("end the relationships of staff %d: %w", staffID, err)
	}
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, s.Rebind("UPDATE clients SET rm_id = NULL, updated_at = ? WHERE client_id = ?"), now, id); err != nil {
			return fmt.Errorf("queue client %s: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, s.Rebind(`INSERT INTO assignment_queue (client_id, former_rm, since, reason) VALUES (?, ?, ?, ?)
			ON CONFLICT (client_id) DO UPDATE SET former_rm = excluded.former_rm, since = excluded.since, reason = excluded.reason`),
			id, staffID, now, EndDisabled); err != nil {
			return fmt.Errorf("queue client %s: %w", id, err)
		}
		if _, _, err := s.releaseToSupervisorsCount(ctx, tx, id, staffID); err != nil {
			return err
		}
		if err := s.appendAudit(ctx, tx, domain.AuditEvent{Action: AuditQueueEnter, ObjectType: "client", ObjectID: id,
			Detail: fmt.Sprintf(`{"former_rm":%d,"reason":%q}`, staffID, EndDisabled)}); err != nil {
			return err
		}
	}
	return nil
}

// RotationBook is the clients a client manager keeps that the person may hand over (a plan's choice).
func (s *Store) RotationBook(ctx context.Context, a Actor, fromRM int64) ([]RotationLine, error) {
	if !access.CanPlanRotation(a.Staff.Role) {
		return nil, RotationRefusal{Code: access.RefuseRole}
	}
	return s.bookOf(ctx, s.db, a.Scope, fromRM)
}

// RotationStaff is the enabled client managers of the outlets in the person's scope (the leaving manager
// and the recipients of a plan, the managers the queue assigns to), by outlet and name.
func (s *Store) RotationStaff(ctx context.Context, a Actor) ([]domain.Staff, error) {
	var where string
	var args []any
	switch a.Scope.Reach {
	case access.ReachOutlet:
		where, args = "org_id = ?", []any{a.Scope.OrgID}
	case access.ReachSubtree:
		lo, hi := pathRange(a.Scope.OrgPath)
		where, args = "org_id IN (SELECT org_id FROM orgs WHERE path >= ? AND path < ?)", []any{lo, hi}
	default:
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx, s.Rebind("SELECT "+staffCols+` FROM staff
		WHERE role = ? AND NOT disabled AND `+where+" ORDER BY org_id, name, username"), append([]any{string(domain.RoleRM)}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("client managers in reach: %w", err)
	}
	defer rows.Close()
	var out []domain.Staff
	for rows.Next() {
		st, err := scanStaff(rows)
		if err != nil {
			return nil, fmt.Errorf("client managers in reach: %w", err)
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// ErrPlanStale: a client of the plan is no longer kept by the leaving manager.
var ErrPlanStale = errors.New("the plan no longer matches the book")

// RotationsToDecide lists the submitted plans this person may approve or reject (the approvals waiting on
// a supervisor's or department's day), oldest first.
func (s *Store) RotationsToDecide(ctx context.Context, a Actor) ([]RotationPlan, error) {
	all, err := s.RotationPlans(ctx, a)
	if err != nil {
		return nil, err
	}
	var out []RotationPlan
	for i := len(all) - 1; i >= 0; i-- {
		if all[i].State != PlanSubmitted {
			continue
		}
		p, err := s.RotationPlanByID(ctx, a, all[i].ID)
		if err != nil {
			return nil, err
		}
		if access.CanApproveRotation(a.Staff, a.Org, p.CreatedBy, p.Outlets) == "" {
			p.Lines = nil
			out = append(out, p)
		}
	}
	return out, nil
}
