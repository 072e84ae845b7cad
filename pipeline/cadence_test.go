package pipeline

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/alerts"
	"github.com/steward-bank/steward/calendar"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/rating"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// Cadence tasks: a T5 client (weekly) gets a contact task the first night, due on the next working day
// after its due date (2026-11-08 is a Sunday: Monday 11-09); a T2 client (quarterly) none yet; a T1 client
// has no cadence. A contact completes the task and moves the due date on; no night creates a second open
// task; coverage counts the contacted client.
func TestCadenceTasks(t *testing.T) {
	dir := t.TempDir()
	batchSpec{date: "20261101", acctMode: "full", files: map[string][]string{
		"ORG": orgFile, "PROD": prodFile,
		"CUST": {custHeader,
			"C1|张伟|01|110101199003071233|M||13800138000|OT1|20200101|normal",
			"C2|李娜|01|11010519491231002X|F||13900139000|OT1|20210101|normal",
			"C3|王芳|01|110101199003071233|F||13700137000|OT1|20220101|normal"},
		"ACCT": {acctHeader,
			"A1|C1|DEP|CNY|3500000.00|20200101||active",
			"A2|C2|DEP|CNY|80000.00|20210101||active",
			"A3|C3|DEP|CNY|100.00|20220101||active"},
	}}.write(t, dir)
	for _, day := range []string{"20261102", "20261103"} {
		batchSpec{date: day, files: map[string][]string{}}.write(t, dir)
	}
	p := policy.Default()
	rr, _ := rating.New(p)
	ar, _ := alerts.New(p, rr)
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		opts := Options{ReportDir: filepath.Join(t.TempDir(), "r"), Rules: rr, Alerts: ar, Calendar: calendar.Default()}
		if _, err := Import(ctx, st, []string{filepath.Join(dir, "BATCH_20261101")}, opts); err != nil {
			t.Fatal(err)
		}
		got := tasks(t, st)
		if want := "[C1 cadence:T5 2026-11-09 outlet_manager open]"; fmt.Sprint(got) != want {
			t.Errorf("tasks after the first night: %v, want %s", got, want)
		}
		// A contact reaches C1: the task is done, the next contact is due a week later.
		staff, err := st.CreateStaff(ctx, domain.Staff{Username: "om1", Name: "网点主任", Role: domain.RoleOutletManager, OrgID: "OT1", PasswordHash: "x"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.LogContact(ctx, access.Scope{Reach: access.ReachAll}, staff.ID, store.Contact{ClientID: "C1", Channel: "visit",
			Outcome: "reached"}); err != nil {
			t.Fatal(err)
		}
		if _, err := Import(ctx, st, []string{dir}, opts); err != nil {
			t.Fatal(err)
		}
		got = tasks(t, st)
		if len(got) != 1 || got[0] != "C1 cadence:T5 2026-11-09 outlet_manager done" {
			t.Errorf("tasks after the contact and two nights: %v", got)
		}
		cov, err := st.Coverage(ctx, access.Scope{Reach: access.ReachAll}, domain.NewDate(2026, 11, 3), "tier")
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(cov) != "[{T2 1 0} {T5 1 1}]" {
			t.Errorf("coverage by tier: %v", cov)
		}
	})
}

func tasks(t *testing.T, st *store.Store) []string {
	t.Helper()
	rows, err := st.DB().QueryContext(context.Background(), "SELECT client_id, title, due_on, assignee_role, state FROM tasks ORDER BY task_id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c, title, role, state string
		var due domain.Date
		if err := rows.Scan(&c, &title, &due, &role, &state); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s %s %s %s %s", c, title, due, role, state))
	}
	return out
}
