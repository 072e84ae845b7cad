package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/steward-bank/steward/alerts"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// The system-use counts are the person's own log-ins, distinct clients opened, contacts, alerts worked
// and tasks done within the period, for the members of the reader's outlet the reader may read.
func TestSystemUseCounts(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorkBench(t, s)
		rm01, sup01 := w.f.Staff["rm01"], w.f.Staff["sup01"]
		now := time.Now()
		ev := func(actor int64, action, object string, at time.Time) {
			t.Helper()
			if err := s.Audit(ctx, domain.AuditEvent{At: at, ActorID: actor, Action: action, ObjectType: "client", ObjectID: object}); err != nil {
				t.Fatal(err)
			}
		}
		ev(rm01.ID, domain.AuditLogin, "", now)
		ev(rm01.ID, domain.AuditLogin, "", now.Add(-time.Minute))
		ev(rm01.ID, domain.AuditLogin, "", now.AddDate(0, 0, -40)) // outside any period
		ev(rm01.ID, domain.AuditLoginFailed, "", now)
		ev(rm01.ID, domain.AuditClientView, "C001", now)
		ev(rm01.ID, domain.AuditClientView, "C001", now) // the same client again
		ev(rm01.ID, domain.AuditClientView, "C003", now)
		ev(w.f.Staff["rm02"].ID, domain.AuditLogin, "", now)
		ev(w.f.Staff["rm03"].ID, domain.AuditLogin, "", now)
		sc := scopeOf(t, s, w.f, "rm01")
		if _, err := s.LogContact(ctx, sc, rm01.ID, store.Contact{ClientID: "C001", Channel: "visit", Outcome: "reached", Note: "面谈"}); err != nil {
			t.Fatal(err)
		}
		if err := s.ActOnAlert(ctx, sc, rm01.ID, w.rmAlert, store.AlertWork, ""); err != nil {
			t.Fatal(err)
		}
		if err := s.FinishTask(ctx, sc, rm01.ID, w.rmTask, "done"); err != nil {
			t.Fatal(err)
		}
		if err := s.FinishTask(ctx, sc, rm01.ID, w.rmTaskNoClient, "cancelled"); err != nil {
			t.Fatal(err)
		}
		from := time.Date(w.day.Year(), w.day.Month(), w.day.Day(), 0, 0, 0, 0, domain.Shanghai)
		rows, err := s.SystemUse(ctx, sup01, from, from.AddDate(0, 0, 1))
		if err != nil {
			t.Fatal(err)
		}
		by := map[string]store.UseRow{}
		for _, r := range rows {
			by[r.Staff.Username] = r
		}
		got := by["rm01"]
		if got.Logins != 2 || got.ClientsOpened != 2 || got.Contacts != 1 || got.AlertsWorked != 1 || got.TasksDone != 1 {
			t.Errorf("rm01's use today: %+v, want 2 log-ins, 2 clients, 1 contact, 1 alert, 1 task", got)
		}
		if by["rm02"].Logins != 1 || by["rm02"].Contacts != 0 {
			t.Errorf("rm02's use today: %+v", by["rm02"])
		}
		if _, ok := by["rm03"]; ok {
			t.Error("another outlet's RM is in sup01's system use")
		}
		if _, ok := by["om01"]; ok {
			t.Error("the supervisor reads the outlet manager's use")
		}
		for _, u := range []string{"sup01", "teller01", "lobby01"} {
			if _, ok := by[u]; !ok {
				t.Errorf("%s missing from sup01's system use", u)
			}
		}
		// Yesterday's span holds none of today's events.
		rows, err = s.SystemUse(ctx, sup01, from.AddDate(0, 0, -1), from)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if r.Logins+r.ClientsOpened+r.Contacts+r.AlertsWorked+r.TasksDone != 0 {
				t.Errorf("%s's use yesterday: %+v", r.Staff.Username, r)
			}
		}
		// The outlet manager reads the supervisor too; an RM reads nobody's.
		if rows, err := s.SystemUse(ctx, w.om, from, from.AddDate(0, 0, 1)); err != nil ||
			!slices.ContainsFunc(rows, func(r store.UseRow) bool { return r.Staff.Username == "sup01" }) {
			t.Errorf("the outlet manager's system use lacks sup01 (%v)", err)
		}
		if _, err := s.SystemUse(ctx, rm01, from, from.AddDate(0, 0, 1)); !errors.Is(err, store.ErrNotAllowed) {
			t.Errorf("an RM reading the system use: %v, want ErrNotAllowed", err)
		}
	})
}

// Completeness follows the tier's details (alerts.MissingDetails) from the client's file, and each RM's
// share of complete files follows a detail filled in.
func TestCompletenessShare(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := storetest.Seed(t, s)
		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := s.DB().ExecContext(ctx, s.Rebind(q), args...); err != nil {
				t.Fatal(err)
			}
		}
		on := domain.Today(time.Now())
		for id, tier := range map[string]string{"C001": "T3", "C002": "T2", "C003": "T1", "C004": "T3"} {
			exec("INSERT INTO client_ratings (client_id, rated_on, tier) VALUES (?, ?, ?)", id, on, tier)
		}
		// C001 (rm01, T3): a whole file but the employer. C002 (rm02, T2): no address.
		exec(`UPDATE clients SET address = '中山路1号', occupation = 'teacher', risk_expires_on = ? WHERE client_id = 'C001'`, on.AddDays(30))
		exec(`INSERT INTO family_members (client_id, relation, name) VALUES ('C001', 'spouse', '王丽')`)
		sc := scopeOf(t, s, f, "sup01")
		files, err := s.Completeness(ctx, sc, on)
		if err != nil {
			t.Fatal(err)
		}
		by := map[string]store.FileCompleteness{}
		for _, fc := range files {
			by[fc.ClientID] = fc
		}
		if len(files) != 2 || !slices.Equal(by["C001"].Missing, []string{alerts.DetailEmployer}) ||
			!slices.Equal(by["C002"].Missing, []string{alerts.DetailAddress}) {
			t.Fatalf("OT1's files: %+v (want C001 lacking the employer, C002 the address; no T1 C003, no OT3 C004)", files)
		}
		if got := by["C001"].Score(); got != 85 {
			t.Errorf("C001's score %d, want 85 (6 of 7)", got)
		}
		share := func() map[string]store.RMCompleteness {
			files, err := s.Completeness(ctx, sc, on)
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]store.RMCompleteness{}
			for _, r := range store.SummariseCompleteness(files, 3) {
				out[r.RMName] = r
			}
			return out
		}
		rms := share()
		if r := rms["钱经理"]; r.Clients != 1 || r.Complete != 0 || r.Share() != 0 || len(r.TopMissing) != 1 || r.TopMissing[0].Detail != alerts.DetailEmployer {
			t.Errorf("rm01's completeness: %+v", r)
		}
		exec(`UPDATE clients SET employer = '第一中学' WHERE client_id = 'C001'`)
		if r := share()["钱经理"]; r.Complete != 1 || r.Share() != 1 || len(r.TopMissing) != 0 {
			t.Errorf("rm01's completeness with the employer filled in: %+v", r)
		}
		// The risk assessment expires: the file is incomplete again.
		if files, _ := s.Completeness(ctx, sc, on.AddDays(31)); !slices.ContainsFunc(files, func(f store.FileCompleteness) bool {
			return f.ClientID == "C001" && slices.Equal(f.Missing, []string{alerts.DetailRisk})
		}) {
			t.Error("C001's expired risk assessment does not make its file incomplete")
		}
		if _, err := s.Completeness(ctx, scopeOf(t, s, f, "teller01"), on); !errors.Is(err, store.ErrNotAllowed) {
			t.Errorf("a teller's completeness: %v, want ErrNotAllowed", err)
		}
	})
}

// A supervisor marks and unmarks a client of the outlet, each audited; an RM is refused, and another
// outlet's client is not found.
func TestKeyFocusMarkAndUnmark(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newWorkBench(t, s)
		sup, rm := w.f.Staff["sup01"], w.f.Staff["rm01"]
		sc := scopeOf(t, s, w.f, "sup01")
		if err := s.SetKeyFocus(ctx, scopeOf(t, s, w.f, "rm01"), rm.ID, "C001", true, ""); !errors.Is(err, store.ErrNotAllowed) {
			t.Errorf("rm01 marking its own client: %v, want ErrNotAllowed", err)
		}
		if err := s.SetKeyFocus(ctx, sc, sup.ID, "C004", true, ""); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("sup01 marking OT3's client: %v, want not found", err)
		}
		if err := s.SetKeyFocus(ctx, sc, sup.ID, "C001", true, "127.0.0.1"); err != nil {
			t.Fatal(err)
		}
		if err := s.SetKeyFocus(ctx, sc, sup.ID, "C001", true, "127.0.0.1"); err != nil { // already marked: nothing recorded
			t.Fatal(err)
		}
		list, err := s.KeyFocusClients(ctx, sc)
		if err != nil || len(list) != 1 || list[0].ClientID != "C001" || list[0].OpenAlerts != 1 || list[0].RMName != "钱经理" {
			t.Fatalf("key-focus clients: %+v %v", list, err)
		}
		if err := s.SetKeyFocus(ctx, sc, w.om.ID, "C001", false, ""); err != nil {
			t.Fatal(err)
		}
		if list, _ := s.KeyFocusClients(ctx, sc); len(list) != 0 {
			t.Errorf("after the unmark: %+v", list)
		}
		ev, err := s.AuditEvents(ctx, store.AuditFilter{Action: store.AuditKeyFocus})
		if err != nil || len(ev) != 2 {
			t.Fatalf("key-focus audit: %d events (%v), want 2", len(ev), err)
		}
		details := []string{ev[0].Detail, ev[1].Detail}
		slices.Sort(details)
		if details[0] != `{"key_focus":false}` || details[1] != `{"key_focus":true}` || ev[0].ObjectID != "C001" {
			t.Errorf("key-focus audit details %v", details)
		}
	})
}
