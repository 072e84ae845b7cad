package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/calendar"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// The tasks page: sup01 assigns rm01 a call about C001 (a due date on a day off moves to the next working
// day, and the page says so) and rm02 a task without a client; the wrong person, another outlet's staff and
// a client outside the scope are refused; the RMs see and finish their own; the supervisor filters,
// reassigns, cancels and exports.
func TestTasksPage(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		cal := calendar.Default()
		today := domain.Today(time.Now())
		dayOff := today.AddDays(1)
		for cal.IsWorkingDay(dayOff) {
			dayOff = dayOff.AddDays(1)
		}
		rm01, rm02, rm03 := e.fx.Staff["rm01"], e.fx.Staff["rm02"], e.fx.Staff["rm03"]
		sup := e.login("sup01")
		body := sup.get("/tasks").Body.String()
		if !strings.Contains(body, `id="assign-form"`) || !strings.Contains(body, rm01.Name) || strings.Contains(body, rm03.Name) {
			t.Fatalf("the supervisor's form offers the outlet's team only")
		}
		assign := func(b *browser, to int64, client, due string) *http.Response {
			return b.post("/tasks", url.Values{"assignee": {fmt.Sprint(to)}, "client": {client}, "kind": {"call"}, "due": {due},
				"priority": {"2"}, "note": {"询问到期资金安排"}}).Result()
		}
		res := assign(sup, rm01.ID, "C001", dayOff.String())
		moved := cal.NextWorkingDay(dayOff)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/tasks?moved="+moved.String() {
			t.Fatalf("assign on a day off: %d %s", res.StatusCode, res.Header.Get("Location"))
		}
		if body := sup.get("/tasks?moved=" + moved.String()).Body.String(); !strings.Contains(body, "已顺延至 "+moved.String()) {
			t.Error("the page does not say the due date moved")
		}
		if body := sup.get("/tasks").Body.String(); strings.Contains(body, "已顺延") {
			t.Error("the page says a due date moved when none did")
		}
		next := cal.NextWorkingDay(today.AddDays(1))
		wantStatus(t, sup.post("/tasks", url.Values{"assignee": {fmt.Sprint(rm02.ID)}, "kind": {"other"}, "due": {next.String()},
			"priority": {"1"}, "note": {"整理客户档案"}}), http.StatusSeeOther, "a task without a client")
		// Refusals.
		if res := assign(sup, rm03.ID, "", next.String()); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("another outlet's RM: %d", res.StatusCode)
		}
		if res := assign(sup, rm01.ID, "C004", next.String()); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("another outlet's client: %d", res.StatusCode)
		}
		if res := assign(sup, rm02.ID, "C001", next.String()); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("a client the assignee cannot see: %d", res.StatusCode)
		}
		r1 := e.login("rm01")
		if res := assign(r1, rm02.ID, "", next.String()); res.StatusCode != http.StatusForbidden {
			t.Errorf("an RM assigns: %d", res.StatusCode)
		}
		var callID, fileID int64
		if err := st.DB().QueryRowContext(ctx, "SELECT task_id FROM tasks WHERE kind = 'call'").Scan(&callID); err != nil {
			t.Fatal(err)
		}
		if err := st.DB().QueryRowContext(ctx, "SELECT task_id FROM tasks WHERE kind = 'other'").Scan(&fileID); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := st.DB().QueryRowContext(ctx, "SELECT count(*) FROM tasks").Scan(&n); err != nil || n != 2 {
			t.Errorf("%d tasks stored, want 2", n)
		}
		// The RMs see their own tasks, rm02's without a client on the home day list too.
		if body := r1.get("/tasks").Body.String(); !strings.Contains(body, "电话: 询问到期资金安排") || strings.Contains(body, "整理客户档案") ||
			strings.Contains(body, `id="assign-form"`) {
			t.Error("rm01's task page")
		}
		r2 := e.login("rm02")
		if home := r2.get("/").Body.String(); !strings.Contains(home, "其他: 整理客户档案") {
			t.Error("rm02's task without a client is not on the day list")
		}
		// The supervisor filters by assignee and overdue.
		if body := sup.get(fmt.Sprintf("/tasks?assignee=%d", rm02.ID)).Body.String(); strings.Contains(body, "询问到期资金安排") || !strings.Contains(body, "整理客户档案") {
			t.Error("filter by assignee")
		}
		if body := sup.get("/tasks?overdue=1").Body.String(); strings.Contains(body, "data-task-id=") {
			t.Error("nothing is overdue yet")
		}
		csv := sup.get("/tasks/export/csv?state=open").Body.String()
		if !strings.Contains(csv, "询问到期资金安排") || !strings.Contains(csv, rm01.Name) {
			t.Errorf("export: %q", csv)
		}
		// rm02 cannot finish rm01's task; an RM cannot cancel; rm01 finishes it.
		wantStatus(t, r2.post(fmt.Sprintf("/tasks/%d", callID), url.Values{"next": {"tasks"}}), http.StatusNotFound, "rm02 finishes rm01's task")
		wantStatus(t, r1.post(fmt.Sprintf("/tasks/%d/cancel", fileID), nil), http.StatusForbidden, "an RM cancels")
		wantStatus(t, r1.post(fmt.Sprintf("/tasks/%d", callID), url.Values{"next": {"tasks"}}), http.StatusSeeOther, "rm01 finishes")
		// The supervisor reassigns the general task to rm01, then cancels it.
		wantStatus(t, sup.post(fmt.Sprintf("/tasks/%d/reassign", fileID), url.Values{"to": {fmt.Sprint(rm03.ID)}}), http.StatusUnprocessableEntity, "to another outlet")
		wantStatus(t, sup.post(fmt.Sprintf("/tasks/%d/reassign", fileID), url.Values{"to": {fmt.Sprint(rm01.ID)}}), http.StatusSeeOther, "reassign")
		if body := r1.get("/tasks").Body.String(); !strings.Contains(body, "整理客户档案") {
			t.Error("the reassigned task is not rm01's")
		}
		wantStatus(t, sup.post(fmt.Sprintf("/tasks/%d/cancel", fileID), nil), http.StatusSeeOther, "cancel")
		for id, want := range map[int64]string{callID: "done", fileID: "cancelled"} {
			var state string
			if err := st.DB().QueryRowContext(ctx, st.Rebind("SELECT state FROM tasks WHERE task_id = ?"), id).Scan(&state); err != nil || state != want {
				t.Errorf("task %d: %q, want %q (%v)", id, state, want, err)
			}
		}
		if body := e.login("rm03").get("/tasks").Body.String(); strings.Contains(body, "data-task-id=") {
			t.Error("rm03 sees OT1's tasks")
		}
	})
}
