package web

import (
	"net/http"
	"slices"

	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
)

// The team's schedule (DOMAIN.md §6, the supervisor's routine: "plan schedules at least a week ahead and
// see the team's"): for a supervisor or outlet manager, each member's tasks (calls, visits, outlet
// invitations, appointments followed up, cadence contacts) by day of the week, and for next week who
// among the client managers has nothing or too little planned (policy schedule.week_plan_min).

// teamWeek is the team's week page.
type teamWeek struct {
	Week, Prev, Next, Mine string
	Days                   []calendarDay // the dates and whether they are worked; no tasks
	Members                []memberWeek
	// Next week's plan of each client manager.
	PlanWeek string
	PlanMin  int
	Plan     []memberPlan
}

type memberWeek struct {
	Name, Role string
	Days       [7][]store.TeamTask
}

type memberPlan struct {
	Name    string
	Planned int
	Short   bool // fewer than the policy's minimum
}

func (s *Server) teamCalendar(w http.ResponseWriter, r *http.Request, p *auth.Principal, v *view, start domain.Date) {
	ctx := r.Context()
	outlet := p.Staff.OrgID
	tasks, err := s.store.TeamTasks(ctx, p.Scope, outlet, store.TaskFilter{From: start, To: start.AddDays(6), Limit: 5000})
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	staff, err := s.store.ListStaff(ctx, outlet)
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	today := domain.Today(v.Now)
	week := func(d domain.Date) string { return "/calendar?team=1&week=" + d.String() }
	d := teamWeek{Week: start.String(), Prev: week(start.AddDays(-7)), Next: week(start.AddDays(7)), Mine: "/calendar?week=" + start.String(),
		PlanMin: s.policy.Schedule.WeekPlanMin}
	cal := s.workCalendar()
	for i := range 7 {
		day := start.AddDays(i)
		d.Days = append(d.Days, calendarDay{Date: day, Today: day == today, Working: cal.IsWorkingDay(day)})
	}
	rows := map[int64]int{}
	for _, st := range staff {
		if st.Disabled || !slices.Contains(store.TeamRoles, st.Role) {
			continue
		}
		rows[st.ID] = len(d.Members)
		d.Members = append(d.Members, memberWeek{Name: st.Name, Role: v.Role(st.Role)})
	}
	pools := map[domain.Role]int{} // tasks for a role's people at the outlet: one row per role
	for _, t := range tasks {
		if t.State == "cancelled" {
			continue
		}
		i, ok := rows[t.AssigneeID]
		if t.AssigneeID == 0 {
			if i, ok = pools[t.Role]; !ok {
				i, ok = len(d.Members), true
				pools[t.Role] = i
				d.Members = append(d.Members, memberWeek{Name: v.T("sched.pool", v.Role(t.Role)), Role: ""})
			}
		}
		if !ok {
			continue
		}
		col := dayColumn(start, t.Due)
		d.Members[i].Days[col] = append(d.Members[i].Days[col], t)
	}
	// Next week, planned a week ahead: from the Monday after this week's.
	next := weekOf(today).AddDays(7)
	d.PlanWeek = next.String()
	counts, err := s.store.PlannedCounts(ctx, p.Scope, outlet, next, next.AddDays(6))
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	for _, st := range staff {
		if st.Disabled || st.Role != domain.RoleRM {
			continue
		}
		n := counts[st.ID]
		d.Plan = append(d.Plan, memberPlan{Name: st.Name, Planned: n, Short: n < d.PlanMin})
	}
	slices.SortStableFunc(d.Plan, func(a, b memberPlan) int { return a.Planned - b.Planned })
	v.Data = d
	s.render(w, r, http.StatusOK, "schedule.html", v)
}

// dayColumn is the column (0 Monday … 6 Sunday) of day in the week from start.
func dayColumn(start, day domain.Date) int {
	return min(max(int(day.Time().Sub(start.Time()).Hours()/24), 0), 6)
}
