package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/steward-bank/steward/alerts"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// workBench is the fixture with an outlet manager at OT1, a task of rm01's about C001, a task of OT1's
// lobby managers about C003, an alert of rm01's about C001 and an alert of OT1's supervisors about C003
// (unassigned).
type workBench struct {
	f                              storetest.Fixture
	om                             domain.Staff
	rmTask, lobbyTask              int64
	rmAlert, supAlert              int64
	day                            domain.Date
	rmTaskNoClient, rmTaskFollowUp int64
}

func newWorkBench(t *testing.T, s *store.Store) workBench {
	t.Helper()
	ctx := context.Background()
	w := workBench{f: storetest.Seed(t, s), day: domain.Today(time.Now())}
	om, err := s.CreateStaff(ctx, domain.Staff{Username: "om01", Name: "冯行长", Role: domain.RoleOutletManager, OrgID: "OT1", PasswordHash: "x"})
	if err != nil {
		t.Fatal(err)
	}
	w.om = om
	task := func(client any, who any, role, outlet, source string) int64 {
		var id int64
		if err := s.DB().QueryRowContext(ctx, s.Rebind(`INSERT INTO tasks (client_id, assignee_id, assignee_role, outlet_id, source, title, due_on,
			created_at) VALUES (?, ?, ?, ?, ?, 'cadence:T3', ?, ?) RETURNING task_id`), client, who, role, outlet, source, w.day, time.Now().UTC()).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	rm01 := w.f.Staff["rm01"].ID
	w.rmTask = task("C001", rm01, "rm", "OT1", "rule")
	w.lobbyTask = task("C003", nil, "lobby", "OT1", "rule")
	w.rmTaskNoClient = task(nil, rm01, "rm", "OT1", "supervisor")
	w.rmTaskFollowUp = task("C001", rm01, "", "", "contact") // a contact's follow-up names a person and no outlet
	row := func(client string, who int64, role domain.Role, key string) store.AlertRow {
		return store.AlertRow{Alert: alerts.Alert{ClientID: client, Rule: alerts.RuleMaturity, Key: key, Due: w.day.AddDays(7), Severity: alerts.Warn},
			OutletID: "OT1", Assignee: alerts.Assignee{StaffID: who, Role: role}, RaisedOn: w.day, Deadline: time.Now().Add(time.Hour)}
	}
	if n, err := s.RaiseAlerts(ctx, w.day, []store.AlertRow{row("C001", rm01, domain.RoleRM, "rm"), row("C003", 0, domain.RoleSupervisor, "sup")}); err != nil || n != 2 {
		t.Fatalf("raise alerts: %d %v", n, err)
	}
	alertID := func(key string) int64 {
		var id int64
		if err := s.DB().QueryRowContext(ctx, s.Rebind("SELECT alert_id FROM alerts WHERE fact_key = ?"), key).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	w.rmAlert, w.supAlert = alertID("rm"), alertID("sup")
	return w
}

func rowState(t *testing.T, s *store.Store, table, idCol string, id int64) string {
	t.Helper()
	var state string
	if err := s.DB().QueryRowContext(context.Background(), s.Rebind("SELECT state FROM "+table+" WHERE "+idCol+" = ?"), id).Scan(&state); err != nil {
		t.Fatal(err)
	}
	return state
}

// A task is finished by its assignee, its pool's people, or the assignee's supervisor or outlet manager; a
// teller or lobby manager who sees the client, an administrator and the department are refused
// (ErrNotAllowed) and the task stays open; one who does not see the client gets ErrNotFound.
func TestFinishTaskIsForItsHolder(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorkBench(t, s)
		finish := func(who string, id int64) error {
			st := w.f.Staff[who]
			sc := scopeOf(t, s, w.f, who)
			return s.FinishTask(ctx, sc, st.ID, id, "done")
		}
		for _, c := range []struct {
			who  string
			task int64
			want error
		}{
			{"teller01", w.rmTask, store.ErrNotAllowed},
			{"lobby01", w.rmTask, store.ErrNotAllowed},
			{"admin", w.rmTask, store.ErrNotAllowed},
			{"dept1", w.rmTask, store.ErrNotAllowed},
			{"teller01", w.rmTaskFollowUp, store.ErrNotAllowed},
			{"rm02", w.rmTask, domain.ErrNotFound},             // C001 is outside rm02's scope
			{"rm03", w.rmTask, domain.ErrNotFound},             // another outlet
			{"teller01", w.rmTaskNoClient, domain.ErrNotFound}, // no client: seen only by those whose work it is
			{"rm02", w.rmTaskNoClient, domain.ErrNotFound},
			{"teller01", w.lobbyTask, store.ErrNotAllowed},
			{"rm01", w.lobbyTask, store.ErrNotAllowed}, // C003 is read-only to rm01, and the task is the lobby's
		} {
			if err := finish(c.who, c.task); !errors.Is(err, c.want) {
				t.Errorf("%s finishes task %d: %v, want %v", c.who, c.task, err, c.want)
			}
		}
		for _, id := range []int64{w.rmTask, w.lobbyTask, w.rmTaskNoClient, w.rmTaskFollowUp} {
			if st := rowState(t, s, "tasks", "task_id", id); st != "open" {
				t.Fatalf("task %d is %s after refusals", id, st)
			}
		}
		if n := countAudit(t, s, store.AuditTask); n != 0 {
			t.Errorf("%d audit events of refused finishes", n)
		}
		// The right persons.
		if err := finish("rm01", w.rmTask); err != nil {
			t.Errorf("the assignee: %v", err)
		}
		if err := finish("lobby01", w.lobbyTask); err != nil {
			t.Errorf("the pool: %v", err)
		}
		if err := finish("sup01", w.rmTaskNoClient); err != nil {
			t.Errorf("the assignee's supervisor: %v", err)
		}
		if err := s.FinishTask(ctx, scopeOf(t, s, w.f, "sup01"), w.om.ID, w.rmTaskFollowUp, "cancelled"); err != nil {
			t.Errorf("the outlet manager: %v", err)
		}
		for id, want := range map[int64]string{w.rmTask: "done", w.lobbyTask: "done", w.rmTaskNoClient: "done", w.rmTaskFollowUp: "cancelled"} {
			if st := rowState(t, s, "tasks", "task_id", id); st != want {
				t.Errorf("task %d is %s, want %s", id, st, want)
			}
		}
	})
}

func countAudit(t *testing.T, s *store.Store, action string) int {
	t.Helper()
	var n int
	if err := s.DB().QueryRowContext(context.Background(), s.Rebind("SELECT count(*) FROM audit_events WHERE action = ?"), action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// An alert is acted on by its assignee, its pool's people, or its outlet's supervisor or manager: a teller
// acknowledging or a lobby manager closing the supervisors' alert is refused (ErrNotAllowed) and the alert
// is unchanged; so is a contact that would answer it.
func TestActOnAlertIsForItsHolder(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorkBench(t, s)
		act := func(who string, id int64, action string) error {
			return s.ActOnAlert(ctx, scopeOf(t, s, w.f, who), w.f.Staff[who].ID, id, action, "已处理")
		}
		for _, c := range []struct {
			who, action string
			alert       int64
			want        error
		}{
			{"teller01", store.AlertAcknowledge, w.supAlert, store.ErrNotAllowed},
			{"lobby01", store.AlertClose, w.supAlert, store.ErrNotAllowed},
			{"rm01", store.AlertWork, w.supAlert, store.ErrNotAllowed},
			{"admin", store.AlertClose, w.supAlert, store.ErrNotAllowed},
			{"teller01", store.AlertAcknowledge, w.rmAlert, store.ErrNotAllowed},
			{"rm02", store.AlertAcknowledge, w.rmAlert, domain.ErrNotFound},
			{"rm03", store.AlertAcknowledge, w.supAlert, domain.ErrNotFound},
		} {
			if err := act(c.who, c.alert, c.action); !errors.Is(err, c.want) {
				t.Errorf("%s %s alert %d: %v, want %v", c.who, c.action, c.alert, err, c.want)
			}
		}
		// A lobby manager's contact with C003 (which the lobby may change) may not answer the supervisors' alert.
		if _, err := s.LogContact(ctx, scopeOf(t, s, w.f, "lobby01"), w.f.Staff["lobby01"].ID, store.Contact{ClientID: "C003", Channel: "phone",
			Outcome: "reached", AlertID: w.supAlert}); !errors.Is(err, store.ErrNotAllowed) {
			t.Errorf("lobby01's contact answering the supervisors' alert: %v", err)
		}
		var contacts int
		if err := s.DB().QueryRowContext(ctx, "SELECT count(*) FROM contacts").Scan(&contacts); err != nil || contacts != 0 {
			t.Fatalf("%d contacts after refusals (%v)", contacts, err)
		}
		for _, id := range []int64{w.supAlert, w.rmAlert} {
			if st := rowState(t, s, "alerts", "alert_id", id); st != "new" {
				t.Fatalf("alert %d is %s after refusals", id, st)
			}
		}
		// The right persons.
		if err := act("sup01", w.supAlert, store.AlertAcknowledge); err != nil {
			t.Errorf("a supervisor of the outlet: %v", err)
		}
		if err := s.ActOnAlert(ctx, scopeOf(t, s, w.f, "sup01"), w.om.ID, w.supAlert, store.AlertClose, "已联系"); err != nil {
			t.Errorf("the outlet manager: %v", err)
		}
		if err := act("sup01", w.rmAlert, store.AlertAcknowledge); err != nil {
			t.Errorf("the assignee's supervisor: %v", err)
		}
		if _, err := s.LogContact(ctx, scopeOf(t, s, w.f, "rm01"), w.f.Staff["rm01"].ID, store.Contact{ClientID: "C001", Channel: "phone",
			Outcome: "reached", AlertID: w.rmAlert}); err != nil {
			t.Errorf("the assignee's contact answering the alert: %v", err)
		}
		if st := rowState(t, s, "alerts", "alert_id", w.supAlert); st != "closed" {
			t.Errorf("the supervisors' alert is %s", st)
		}
		if st := rowState(t, s, "alerts", "alert_id", w.rmAlert); st != "worked" {
			t.Errorf("rm01's alert is %s", st)
		}
	})
}

// A client read-only to an RM (unassigned, of the RM's outlet) takes no contact (which would verify its
// phone), no observation and no hand-over from the RM: ErrReadOnly, and nothing is recorded. A teller of
// the outlet, who may change it, records all three.
func TestReadOnlyClientTakesNoWrites(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorkBench(t, s)
		rm01, rm02, teller := w.f.Staff["rm01"], w.f.Staff["rm02"], w.f.Staff["teller01"]
		rmScope, tellerScope := scopeOf(t, s, w.f, "rm01"), scopeOf(t, s, w.f, "teller01")
		if c, err := s.Client(ctx, rmScope, "C003"); err != nil || c.Editable {
			t.Fatalf("C003 to rm01: editable %t, %v", c.Editable, err)
		}
		count := func(q string) int {
			var n int
			if err := s.DB().QueryRowContext(ctx, s.Rebind(q), "C003").Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		state := func() [4]int {
			return [4]int{count("SELECT count(*) FROM contacts WHERE client_id = ?"), count("SELECT count(*) FROM client_signals WHERE client_id = ?"),
				count("SELECT count(*) FROM tasks WHERE client_id = ? AND source = 'handover'"),
				count("SELECT count(*) FROM clients WHERE client_id = ? AND phone_verified_on IS NOT NULL")}
		}
		before := state()
		if _, err := s.LogContact(ctx, rmScope, rm01.ID, store.Contact{ClientID: "C003", Channel: "phone", Outcome: "reached"}); !errors.Is(err, store.ErrReadOnly) {
			t.Errorf("rm01's contact: %v", err)
		}
		if err := s.RecordObservation(ctx, rmScope, rm01.ID, "C003", "asked_wealth", true, w.day); !errors.Is(err, store.ErrReadOnly) {
			t.Errorf("rm01's observation: %v", err)
		}
		if err := s.HandOver(ctx, rmScope, rm01.ID, "C003", rm02.ID, "", w.day); !errors.Is(err, store.ErrReadOnly) {
			t.Errorf("rm01's hand-over: %v", err)
		}
		if err := s.VerifyPhone(ctx, rmScope, rm01.ID, "C003", w.day); !errors.Is(err, store.ErrReadOnly) {
			t.Errorf("rm01's phone verification: %v", err)
		}
		if got := state(); got != before {
			t.Fatalf("after refusals: contacts, signals, hand-overs, phone verified = %v, before %v", got, before)
		}
		// The teller, who may change C003.
		if _, err := s.LogContact(ctx, tellerScope, teller.ID, store.Contact{ClientID: "C003", Channel: "phone", Outcome: "reached"}); err != nil {
			t.Errorf("the teller's contact: %v", err)
		}
		if err := s.RecordObservation(ctx, tellerScope, teller.ID, "C003", "asked_wealth", true, w.day); err != nil {
			t.Errorf("the teller's observation: %v", err)
		}
		if err := s.HandOver(ctx, tellerScope, teller.ID, "C003", rm02.ID, "", w.day); err != nil {
			t.Errorf("the teller's hand-over: %v", err)
		}
		if got := state(); got != [4]int{before[0] + 1, before[1] + 1, before[2] + 1, 1} {
			t.Errorf("after the teller: %v", got)
		}
	})
}
