package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// A supervisor assigns tasks to the team of the outlet, about clients both may see; the wrong person, the
// wrong assignee and the wrong client are refused; the assignee does the task; the team's list filters,
// reassigns and cancels.
func TestSupervisorTasks(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := storetest.Seed(t, s)
		sup, rm01, rm02, rm03 := f.Staff["sup01"], f.Staff["rm01"], f.Staff["rm02"], f.Staff["rm03"]
		supScope := scopeOf(t, s, f, "sup01")
		day := domain.NewDate(2026, 11, 24)
		s.Now = func() time.Time { return time.Date(2026, 11, 22, 10, 0, 0, 0, domain.Shanghai) } // due dates are today or later
		task := func(to int64, client string) store.NewTask {
			return store.NewTask{AssigneeID: to, ClientID: client, Kind: "call", Due: day, Priority: 2, Note: "问候到期安排"}
		}
		for _, tt := range []struct {
			name string
			lead domain.Staff
			t    store.NewTask
			want error
		}{
			{"an RM assigns to another", rm01, task(rm02.ID, ""), store.ErrNotAllowed},
			{"another outlet's staff", sup, task(rm03.ID, ""), store.ErrInvalid},
			{"a client outside the supervisor's scope", sup, task(rm01.ID, "C004"), domain.ErrNotFound},
			{"a client the assignee cannot see", sup, task(rm02.ID, "C001"), store.ErrInvalid},
			{"an unknown kind", sup, store.NewTask{AssigneeID: rm01.ID, Kind: "party", Due: day, Priority: 1}, store.ErrInvalid},
			{"no due date", sup, store.NewTask{AssigneeID: rm01.ID, Kind: "visit", Priority: 1}, store.ErrInvalid},
		} {
			sc := supScope
			if tt.lead.ID == rm01.ID {
				sc = scopeOf(t, s, f, "rm01")
			}
			if _, err := s.AssignTask(ctx, tt.lead, sc, tt.t); !errors.Is(err, tt.want) {
				t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
			}
		}
		about, err := s.AssignTask(ctx, sup, supScope, task(rm01.ID, "C001"))
		if err != nil {
			t.Fatal(err)
		}
		general, err := s.AssignTask(ctx, sup, supScope, store.NewTask{AssigneeID: rm02.ID, Kind: "other", Due: day.AddDays(-2), Priority: 1, Note: "整理客户档案"})
		if err != nil {
			t.Fatal(err)
		}
		// Each RM sees their own on the day list, the one without a client included.
		for _, c := range []struct {
			user string
			want string
		}{{"rm01", fmt.Sprintf("[%d C001 call]", about)}, {"rm02", fmt.Sprintf("[%d  other]", general)}} {
			st := f.Staff[c.user]
			got, err := s.TasksBetween(ctx, scopeOf(t, s, f, c.user), st.ID, st.Role, domain.Date{}, day.AddDays(7), 50)
			if err != nil {
				t.Fatal(err)
			}
			var line string
			for _, v := range got {
				line += fmt.Sprintf("[%d %s %s]", v.ID, v.ClientID, v.Kind)
			}
			if line != c.want {
				t.Errorf("%s's tasks: %s, want %s", c.user, line, c.want)
			}
		}
		// The team's list: overdue only, and by assignee.
		overdue, err := s.TeamTasks(ctx, supScope, "OT1", store.TaskFilter{Overdue: true, Today: day})
		if err != nil || len(overdue) != 1 || overdue[0].ID != general || overdue[0].AssigneeName != rm02.Name {
			t.Errorf("overdue team tasks: %+v (%v)", overdue, err)
		}
		mine, err := s.TeamTasks(ctx, supScope, "OT1", store.TaskFilter{AssigneeID: rm01.ID})
		if err != nil || len(mine) != 1 || mine[0].ID != about || mine[0].CreatedBy != sup.Name {
			t.Errorf("rm01's team tasks: %+v (%v)", mine, err)
		}
		// Only rm01 marks their task done; rm02 cannot, though the task's client is at rm02's outlet.
		if err := s.FinishTask(ctx, scopeOf(t, s, f, "rm02"), rm02.ID, about, "done"); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("rm02 finishes rm01's task: %v", err)
		}
		// Reassigning: not to someone who cannot see the client; the general task to rm01, then cancelled.
		if err := s.ReassignTask(ctx, sup, supScope, about, rm02.ID); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("reassign C001's task to rm02: %v", err)
		}
		if err := s.ReassignTask(ctx, rm01, scopeOf(t, s, f, "rm01"), general, rm01.ID); !errors.Is(err, store.ErrNotAllowed) {
			t.Errorf("an RM reassigns: %v", err)
		}
		if err := s.ReassignTask(ctx, sup, supScope, general, rm01.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.FinishTask(ctx, scopeOf(t, s, f, "rm01"), rm01.ID, about, "done"); err != nil {
			t.Fatal(err)
		}
		if err := s.CancelTask(ctx, sup, supScope, general); err != nil {
			t.Fatal(err)
		}
		if err := s.CancelTask(ctx, sup, supScope, general); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("cancel twice: %v", err)
		}
		all, err := s.TeamTasks(ctx, supScope, "OT1", store.TaskFilter{})
		if err != nil || len(all) != 2 || all[0].State != "cancelled" && all[0].State != "done" {
			t.Errorf("team tasks at the end: %+v (%v)", all, err)
		}
		// A task for the tellers of OT1 (a rule's) is on each teller's own list there, nobody else's.
		if _, err := s.DB().ExecContext(ctx, s.Rebind(`INSERT INTO tasks (client_id, assignee_role, outlet_id, source, title, due_on, created_at)
			VALUES ('C003', 'teller', 'OT1', 'rule', 'cadence:T1', ?, CURRENT_TIMESTAMP)`), day); err != nil {
			t.Fatal(err)
		}
		for user, want := range map[string]int{"teller01": 1, "lobby01": 0} {
			own, err := s.OwnTasks(ctx, scopeOf(t, s, f, user), f.Staff[user], store.TaskFilter{State: "open"})
			if err != nil || len(own) != want {
				t.Errorf("%s's own tasks: %+v, want %d (%v)", user, own, want, err)
			}
		}
		var n int
		if err := s.DB().QueryRowContext(ctx, "SELECT count(*) FROM audit_events WHERE action = 'task_change'").Scan(&n); err != nil || n != 4 {
			t.Errorf("%d task changes audited, want 4 (two assigned, one reassigned, one cancelled) (%v)", n, err)
		}
	})
}

// A cadence task done or cancelled frees the client's cadence for the next one, and only that client's.
func TestFinishedCadenceTaskFreesTheCadence(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := storetest.Seed(t, s)
		rm01, sup := f.Staff["rm01"], f.Staff["sup01"]
		due := domain.NewDate(2026, 11, 24)
		ids := map[string]int64{}
		for _, c := range []string{"C001", "C003"} {
			var id int64
			if err := s.DB().QueryRowContext(ctx, s.Rebind(`INSERT INTO tasks (client_id, assignee_id, assignee_role, outlet_id, source, title,
				due_on, created_at) VALUES (?, ?, 'rm', 'OT1', 'rule', 'cadence', ?, ?) RETURNING task_id`), c, rm01.ID, due, due.Time()).Scan(&id); err != nil {
				t.Fatal(err)
			}
			ids[c] = id
			if _, err := s.DB().ExecContext(ctx, s.Rebind(`INSERT INTO cadence (client_id, tier, cadence_days, due_on, task_id) VALUES (?, 'T3', 30, ?, ?)`),
				c, due, id); err != nil {
				t.Fatal(err)
			}
		}
		open := func(c string) bool {
			var n int
			if err := s.DB().QueryRowContext(ctx, s.Rebind("SELECT count(*) FROM cadence WHERE client_id = ? AND task_id IS NOT NULL"), c).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n == 1
		}
		if err := s.FinishTask(ctx, scopeOf(t, s, f, "rm01"), rm01.ID, ids["C001"], "done"); err != nil {
			t.Fatal(err)
		}
		if open("C001") || !open("C003") {
			t.Errorf("after C001's task was done: C001 open %v, C003 open %v", open("C001"), open("C003"))
		}
		if err := s.CancelTask(ctx, sup, scopeOf(t, s, f, "sup01"), ids["C003"]); err != nil {
			t.Fatal(err)
		}
		if open("C003") {
			t.Error("C003's cadence still holds its cancelled task")
		}
	})
}
