package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/rotation"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// rotationBank is the fixture bank with an outlet manager at OT1 and OT3, two more client managers (rm04
// at OT1, rm05 at OT2), a department at the branch, and more clients kept by rm01: C005 and C006 at OT1
// (tiers T5 and T3) and C007 at OT2.
func rotationBank(t *testing.T, s *store.Store) storetest.Fixture {
	t.Helper()
	ctx := context.Background()
	f := storetest.Seed(t, s)
	for _, st := range []domain.Staff{
		{Username: "om01", Name: "冯行长", Role: domain.RoleOutletManager, OrgID: "OT1"},
		{Username: "om03", Name: "陈行长", Role: domain.RoleOutletManager, OrgID: "OT3"},
		{Username: "rm04", Name: "褚经理", Role: domain.RoleRM, OrgID: "OT1"},
		{Username: "rm05", Name: "卫经理", Role: domain.RoleRM, OrgID: "OT2"},
		{Username: "deptbr", Name: "分行个金部", Role: domain.RoleDept, OrgID: "BR1"},
	} {
		st.PasswordHash = f.Staff["rm01"].PasswordHash
		created, err := s.CreateStaff(ctx, st)
		if err != nil {
			t.Fatal(err)
		}
		f.Staff[st.Username] = created
	}
	d := domain.NewDate
	rm01 := f.Staff["rm01"].ID
	if err := s.PutClients(ctx, []domain.Client{
		{ClientID: "C005", Name: "杨洁", IDType: "02", IDNumber: "E00000005", OutletID: "OT1", OpenDate: d(2019, 1, 1), Status: "normal", RMID: rm01, AUM: 400_000_000},
		{ClientID: "C006", Name: "黄磊", IDType: "02", IDNumber: "E00000006", OutletID: "OT1", OpenDate: d(2019, 1, 1), Status: "normal", RMID: rm01, AUM: 60_000_000},
		{ClientID: "C007", Name: "吴静", IDType: "02", IDNumber: "E00000007", OutletID: "OT2", OpenDate: d(2019, 1, 1), Status: "normal", RMID: rm01, AUM: 70_000_000},
	}); err != nil {
		t.Fatal(err)
	}
	for id, tier := range map[string]string{"C001": "T4", "C005": "T5", "C006": "T3", "C007": "T3"} {
		rotExec(t, s, "INSERT INTO client_ratings (client_id, rated_on, tier) VALUES (?, ?, ?)", id, d(2026, 11, 30), tier)
	}
	// Open work rm01 holds for C001, and a rule task of C001's supervisors.
	for _, h := range []struct {
		assignee any
		role     string
	}{{rm01, "rm"}, {nil, "supervisor"}} {
		rotExec(t, s, `INSERT INTO tasks (client_id, assignee_id, assignee_role, outlet_id, source, title, due_on, priority, state, created_at)
			VALUES ('C001', ?, ?, 'OT1', 'rule', ?, ?, 1, 'open', ?)`, h.assignee, h.role, h.role, d(2026, 12, 10), time.Now().UTC())
	}
	return f
}

func rotExec(t *testing.T, s *store.Store, q string, args ...any) {
	t.Helper()
	if _, err := s.DB().ExecContext(context.Background(), s.Rebind(q), args...); err != nil {
		t.Fatal(err)
	}
}

func actorOf(t *testing.T, s *store.Store, f storetest.Fixture, username string) store.Actor {
	t.Helper()
	st := f.Staff[username]
	org, err := s.Org(context.Background(), st.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	return store.Actor{Staff: st, Org: org, Scope: access.ScopeFor(st, org)}
}

// rmIDOf is who keeps a client now (0: nobody).
func rmIDOf(t *testing.T, s *store.Store, id string) int64 {
	t.Helper()
	var rm int64
	if err := s.DB().QueryRowContext(context.Background(), s.Rebind("SELECT COALESCE(rm_id, 0) FROM clients WHERE client_id = ?"), id).Scan(&rm); err != nil {
		t.Fatal(err)
	}
	return rm
}

// taskHolders is who holds C001's open rule tasks: staff ID, or 0 for the supervisors' pool, by title.
func taskHolders(t *testing.T, s *store.Store, client string) map[string]int64 {
	t.Helper()
	rows, err := s.DB().QueryContext(context.Background(), s.Rebind(`SELECT title, COALESCE(assignee_id, 0) FROM tasks
		WHERE client_id = ? AND state = 'open'`), client)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var title string
		var id int64
		if err := rows.Scan(&title, &id); err != nil {
			t.Fatal(err)
		}
		out[title] = id
	}
	return out
}

func refusal(err error) string {
	var r store.RotationRefusal
	if errors.As(err, &r) {
		return r.Code
	}
	return ""
}

func TestRotationPlanApproveApply(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := rotationBank(t, s)
		ctx := context.Background()
		sup, om := actorOf(t, s, f, "sup01"), actorOf(t, s, f, "om01")
		rm01, rm02, rm04 := f.Staff["rm01"].ID, f.Staff["rm02"].ID, f.Staff["rm04"].ID
		in := store.RotationInput{FromRM: rm01, Recipients: []int64{rm02, rm04}, By: rotation.ByCount, Reason: "轮岗调往城西网点"}

		// Nobody but supervisors, outlet managers and the department plans.
		for _, who := range []string{"rm01", "rm02", "teller01", "lobby01", "admin"} {
			if _, err := s.PlanRotation(ctx, actorOf(t, s, f, who), in); err == nil {
				t.Errorf("%s planned a rotation", who)
			}
		}
		// An RM of another outlet is not a recipient of OT1's clients.
		bad := in
		bad.Recipients = []int64{f.Staff["rm03"].ID}
		if _, err := s.PlanRotation(ctx, sup, bad); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("an OT3 recipient for OT1 clients: %v", err)
		}
		// The supervisor sees only OT1: C007 (OT2) is not theirs to hand over.
		bad = in
		bad.ClientIDs = []string{"C001", "C007"}
		if _, err := s.PlanRotation(ctx, sup, bad); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("an OT2 client in an OT1 supervisor's plan: %v", err)
		}

		id, err := s.PlanRotation(ctx, sup, in)
		if err != nil {
			t.Fatal(err)
		}
		p, err := s.RotationPlanByID(ctx, sup, id)
		if err != nil {
			t.Fatal(err)
		}
		if p.State != store.PlanDraft || len(p.Lines) != 3 || len(p.Outlets) != 1 || p.Outlets[0].ID != "OT1" {
			t.Fatalf("plan: state %s, %d lines, outlets %v; want a draft of C001, C005, C006 at OT1", p.State, len(p.Lines), p.Outlets)
		}
		loads, err := p.Preview()
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, l := range loads {
			total += l.Clients
			if l.Clients < 1 || l.Clients > 2 {
				t.Errorf("%s takes %d clients, want 1 or 2", l.Name, l.Clients)
			}
		}
		if len(loads) != 2 || total != 3 {
			t.Errorf("preview: %+v", loads)
		}
		if refs, err := s.PlanCapRefusals(ctx, nil, p); err != nil || len(refs) != 0 {
			t.Errorf("cap refusals: %v %v", refs, err)
		}
		to := map[string]int64{}
		for _, l := range p.Lines {
			to[l.ClientID] = l.ToRM
		}

		// Only the planner submits; nobody decides a draft.
		if err := s.SubmitRotation(ctx, om, id); refusal(err) != "planner" {
			t.Errorf("the outlet manager submitted another's plan: %v", err)
		}
		if err := s.DecideRotation(ctx, om, id, true, ""); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("approved a draft: %v", err)
		}
		if err := s.SubmitRotation(ctx, sup, id); err != nil {
			t.Fatal(err)
		}
		if err := s.ApplyRotation(ctx, sup, id); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("applied a plan not yet approved: %v", err)
		}
		// Wrong persons.
		if err := s.DecideRotation(ctx, sup, id, true, ""); refusal(err) != access.RefuseOwnPlan {
			t.Errorf("the planner approved their own plan: %v", err)
		}
		for _, who := range []string{"rm01", "rm02", "teller01", "om03", "admin"} {
			if err := s.DecideRotation(ctx, actorOf(t, s, f, who), id, true, ""); err == nil {
				t.Errorf("%s approved the plan", who)
			}
		}
		if err := s.DecideRotation(ctx, actorOf(t, s, f, "dept1"), id, true, ""); refusal(err) != access.RefuseRole {
			t.Errorf("the department approved a plan within one outlet: %v", err)
		}
		if p, _ := s.RotationPlanByID(ctx, sup, id); p.State != store.PlanSubmitted || p.ApproverRole != domain.RoleOutletManager {
			t.Fatalf("after refused approvals: %s for %s", p.State, p.ApproverRole)
		}
		if todo, err := s.RotationsToDecide(ctx, om); err != nil || len(todo) != 1 || todo[0].ID != id {
			t.Errorf("om01's plans to decide: %+v %v", todo, err)
		}
		for _, who := range []string{"sup01", "om03", "dept1"} {
			if todo, _ := s.RotationsToDecide(ctx, actorOf(t, s, f, who)); len(todo) != 0 {
				t.Errorf("%s is asked to decide %d plans", who, len(todo))
			}
		}
		if err := s.DecideRotation(ctx, om, id, true, "同意"); err != nil {
			t.Fatal(err)
		}
		if err := s.ApplyRotation(ctx, actorOf(t, s, f, "rm02"), id); err == nil {
			t.Error("a client manager applied the plan")
		}
		if err := s.ApplyRotation(ctx, sup, id); err != nil {
			t.Fatal(err)
		}
		for c, r := range to {
			if rmIDOf(t, s, c) != r {
				t.Errorf("%s is kept by %d, want %d", c, rmIDOf(t, s, c), r)
			}
		}
		rels, err := s.ClientRelationships(ctx, sup.Scope, "C001")
		if err != nil || len(rels) != 2 || rels[0].StaffID != to["C001"] || rels[0].Reason != store.ReasonRotation ||
			!rels[0].ValidTo.IsZero() || rels[1].StaffID != rm01 || rels[1].ValidTo.IsZero() {
			t.Errorf("relationships of C001: %+v %v", rels, err)
		}
		// The work rm01 held and the supervisors' pool held for C001 goes to its new manager.
		for title, holder := range taskHolders(t, s, "C001") {
			if holder != to["C001"] {
				t.Errorf("C001's task %q is held by %d, want %d", title, holder, to["C001"])
			}
		}
		evs, err := s.AuditEvents(ctx, store.AuditFilter{Action: "client_assign"})
		if err != nil || len(evs) != 3 {
			t.Errorf("assignment audit: %d events (%v), want 3", len(evs), err)
		}
		for _, a := range []string{store.AuditRotationPlan, store.AuditRotationSubmit, store.AuditRotationApprove, store.AuditRotationApply} {
			if evs, err := s.AuditEvents(ctx, store.AuditFilter{Action: a, ObjectType: "rotation_plan"}); err != nil || len(evs) != 1 {
				t.Errorf("%s audited %d times (%v)", a, len(evs), err)
			}
		}
		if err := s.ApplyRotation(ctx, sup, id); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("applied twice: %v", err)
		}
		// The plan is the outlet's: OT3's manager does not see it.
		if _, err := s.RotationPlanByID(ctx, actorOf(t, s, f, "om03"), id); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("om03 reads OT1's plan: %v", err)
		}
		if list, _ := s.RotationPlans(ctx, actorOf(t, s, f, "om03")); len(list) != 0 {
			t.Errorf("om03 lists %d plans", len(list))
		}
		if list, _ := s.RotationPlans(ctx, om); len(list) != 1 || list[0].State != store.PlanApplied || list[0].Clients != 3 {
			t.Errorf("om01's plans: %+v", list)
		}
	})
}

func TestRotationRejectAndStale(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := rotationBank(t, s)
		ctx := context.Background()
		sup, om := actorOf(t, s, f, "sup01"), actorOf(t, s, f, "om01")
		rm01, rm02 := f.Staff["rm01"].ID, f.Staff["rm02"].ID
		in := store.RotationInput{FromRM: rm01, Tiers: []string{"T5", "T4"}, Recipients: []int64{rm02}, By: rotation.ByAUM}
		id, err := s.PlanRotation(ctx, sup, in)
		if err != nil {
			t.Fatal(err)
		}
		if p, _ := s.RotationPlanByID(ctx, sup, id); len(p.Lines) != 2 {
			t.Fatalf("tiers T5, T4 of rm01's book: %+v, want C001 and C005", p.Lines)
		}
		if err := s.SubmitRotation(ctx, sup, id); err != nil {
			t.Fatal(err)
		}
		if err := s.DecideRotation(ctx, om, id, false, "  "); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("rejected without a reason: %v", err)
		}
		if err := s.DecideRotation(ctx, om, id, false, "接收人服务客户数已满"); err != nil {
			t.Fatal(err)
		}
		p, _ := s.RotationPlanByID(ctx, sup, id)
		if p.State != store.PlanRejected || p.DecisionReason != "接收人服务客户数已满" || p.DecidedBy != om.Staff.ID {
			t.Errorf("rejected plan: %+v", p)
		}
		if err := s.ApplyRotation(ctx, sup, id); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("applied a rejected plan: %v", err)
		}
		if err := s.DecideRotation(ctx, om, id, true, ""); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("approved a rejected plan: %v", err)
		}
		if rmIDOf(t, s, "C001") != rm01 || rmIDOf(t, s, "C005") != rm01 {
			t.Error("a rejected plan moved clients")
		}
		// An approved plan whose client was moved meanwhile is refused whole.
		id, err = s.PlanRotation(ctx, sup, store.RotationInput{FromRM: rm01, ClientIDs: []string{"C001", "C005", "C006"}, Recipients: []int64{rm02}})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SubmitRotation(ctx, sup, id); err != nil {
			t.Fatal(err)
		}
		if err := s.DecideRotation(ctx, om, id, true, ""); err != nil {
			t.Fatal(err)
		}
		if err := s.AssignRM(ctx, sup.Scope, sup.Staff.ID, "C006", f.Staff["rm04"].ID, "rebalance"); err != nil {
			t.Fatal(err)
		}
		if err := s.ApplyRotation(ctx, sup, id); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("applied a stale plan: %v", err)
		}
		if rmIDOf(t, s, "C001") != rm01 || rmIDOf(t, s, "C005") != rm01 {
			t.Error("a refused plan moved some clients")
		}
		if p, _ := s.RotationPlanByID(ctx, sup, id); p.State != store.PlanApproved {
			t.Errorf("a refused apply left the plan %s", p.State)
		}
	})
}

func TestRotationAcrossOutlets(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := rotationBank(t, s)
		ctx := context.Background()
		dept := actorOf(t, s, f, "dept1")
		rm01, rm02, rm05 := f.Staff["rm01"].ID, f.Staff["rm02"].ID, f.Staff["rm05"].ID
		// Without a recipient at OT2, C007 has nobody to go to.
		if _, err := s.PlanRotation(ctx, dept, store.RotationInput{FromRM: rm01, Recipients: []int64{rm02}}); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("planned C007 without an OT2 recipient: %v", err)
		}
		id, err := s.PlanRotation(ctx, dept, store.RotationInput{FromRM: rm01, Recipients: []int64{rm02, rm05}, By: rotation.ByAUM})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SubmitRotation(ctx, dept, id); err != nil {
			t.Fatal(err)
		}
		p, err := s.RotationPlanByID(ctx, dept, id)
		if err != nil || p.ApproverRole != domain.RoleDept || len(p.Outlets) != 2 {
			t.Fatalf("cross-outlet plan: %+v %v", p, err)
		}
		for _, l := range p.Lines {
			if want := map[string]int64{"OT1": rm02, "OT2": rm05}[l.OutletID]; l.ToRM != want {
				t.Errorf("%s of %s goes to %d, want %d", l.ClientID, l.OutletID, l.ToRM, want)
			}
		}
		if err := s.DecideRotation(ctx, actorOf(t, s, f, "om01"), id, true, ""); err == nil {
			t.Error("OT1's outlet manager approved a plan crossing outlets")
		}
		if err := s.DecideRotation(ctx, dept, id, true, ""); refusal(err) != access.RefuseOwnPlan {
			t.Errorf("the planning department approved its own plan: %v", err)
		}
		if err := s.DecideRotation(ctx, actorOf(t, s, f, "deptbr"), id, true, ""); err != nil {
			t.Fatal(err)
		}
		if err := s.ApplyRotation(ctx, dept, id); err != nil {
			t.Fatal(err)
		}
		if rmIDOf(t, s, "C007") != rm05 || rmIDOf(t, s, "C001") != rm02 {
			t.Errorf("after applying: C007 kept by %d, C001 by %d", rmIDOf(t, s, "C007"), rmIDOf(t, s, "C001"))
		}
	})
}

func TestDisableQueuesTheBook(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := rotationBank(t, s)
		ctx := context.Background()
		sup := actorOf(t, s, f, "sup01")
		rm01, rm02 := f.Staff["rm01"].ID, f.Staff["rm02"].ID
		if err := s.AssignRM(ctx, sup.Scope, sup.Staff.ID, "C003", rm01, "new client"); err != nil {
			t.Fatal(err)
		}
		if err := s.SetDisabled(ctx, rm01, true); err != nil {
			t.Fatal(err)
		}
		for _, c := range []string{"C001", "C003", "C005", "C006", "C007"} {
			if rmIDOf(t, s, c) != 0 {
				t.Errorf("%s still kept by the disabled rm01", c)
			}
		}
		rels, err := s.ClientRelationships(ctx, sup.Scope, "C003")
		if err != nil || len(rels) != 1 || rels[0].ValidTo.IsZero() {
			t.Errorf("C003's relationship after disabling: %+v %v", rels, err)
		}
		var ended int
		if err := s.DB().QueryRowContext(ctx, s.Rebind("SELECT count(*) FROM relationships WHERE staff_id = ? AND end_reason = ? AND valid_to IS NOT NULL"),
			rm01, store.EndDisabled).Scan(&ended); err != nil || ended < 2 {
			t.Errorf("%d of rm01's relationships ended as disabled (%v), want C001's and C003's at least", ended, err)
		}
		// rm01's task for C001 goes back to the supervisors.
		for title, holder := range taskHolders(t, s, "C001") {
			if holder != 0 {
				t.Errorf("C001's task %q is still held by %d", title, holder)
			}
		}
		q, err := s.AssignmentQueue(ctx, sup.Scope)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range q {
			got = append(got, e.ClientID)
			if e.FormerRM != rm01 || e.FormerName != f.Staff["rm01"].Name || e.Since.IsZero() {
				t.Errorf("queue entry %+v", e)
			}
		}
		// OT1's queue, highest tier first; C007 is OT2's.
		if len(got) != 4 || got[0] != "C005" || got[1] != "C001" {
			t.Errorf("OT1's queue: %v, want C005 (T5), C001 (T4), then C006 and C003", got)
		}
		if q, _ := s.AssignmentQueue(ctx, scopeOf(t, s, f, "rm03")); len(q) != 0 {
			t.Errorf("an OT3 client manager sees %d queued clients", len(q))
		}
		if evs, err := s.AuditEvents(ctx, store.AuditFilter{Action: store.AuditQueueEnter}); err != nil || len(evs) != 5 {
			t.Errorf("queue audit: %d events (%v), want 5", len(evs), err)
		}
		// Working the queue: not by a client manager; all or nothing; the assignment rule applies.
		if err := s.AssignFromQueue(ctx, actorOf(t, s, f, "rm02"), []string{"C001"}, rm02, ""); refusal(err) != access.RefuseRole {
			t.Errorf("a client manager assigned from the queue: %v", err)
		}
		if err := s.AssignFromQueue(ctx, sup, []string{"C001", "C002"}, rm02, ""); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("C002 is not queued: %v", err)
		}
		if err := s.AssignFromQueue(ctx, sup, []string{"C001", "C007"}, rm02, ""); err == nil {
			t.Error("assigned OT2's C007 from OT1")
		}
		if rmIDOf(t, s, "C001") != 0 {
			t.Error("a refused queue assignment moved C001")
		}
		if err := s.AssignFromQueue(ctx, sup, []string{"C001", "C003"}, rm02, "接替轮岗客户经理"); err != nil {
			t.Fatal(err)
		}
		if rmIDOf(t, s, "C001") != rm02 || rmIDOf(t, s, "C003") != rm02 {
			t.Error("queue assignment did not give C001 and C003 to rm02")
		}
		for title, holder := range taskHolders(t, s, "C001") {
			if holder != rm02 {
				t.Errorf("C001's task %q is held by %d, want rm02", title, holder)
			}
		}
		q, _ = s.AssignmentQueue(ctx, sup.Scope)
		if len(q) != 2 {
			t.Errorf("queue after assigning two: %+v", q)
		}
		// Assigning one the ordinary way takes it off the queue too.
		if err := s.AssignRM(ctx, sup.Scope, sup.Staff.ID, "C005", f.Staff["rm04"].ID, "rebalance"); err != nil {
			t.Fatal(err)
		}
		if q, _ = s.AssignmentQueue(ctx, sup.Scope); len(q) != 1 || q[0].ClientID != "C006" {
			t.Errorf("queue after AssignRM: %+v", q)
		}
	})
}
