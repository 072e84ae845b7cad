package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// midAutumn is the batch the tests prepare: 中秋 2027 for the fixture's clients of OT1 and OT3.
var midAutumnOn = domain.NewDate(2027, 9, 15)

func prepareMidAutumn(t *testing.T, s *store.Store) {
	t.Helper()
	// The store's clock stands some days before the festival, so that its batch is still to come (a batch
	// whose day is over cannot be approved) whenever the tests run.
	s.Now = func() time.Time { return time.Date(2027, 9, 10, 9, 0, 0, 0, domain.Shanghai) }
	var rows []store.GreetingRow
	for _, c := range []struct{ id, outlet, mobile string }{{"C001", "OT1", "13800138000"}, {"C002", "OT1", "13912345678"},
		{"C003", "OT1", "13700001111"}, {"C004", "OT3", "13655556666"}} {
		rows = append(rows, store.GreetingRow{ClientID: c.id, Occasion: "mid_autumn-2027", Kind: "mid_autumn", On: midAutumnOn,
			OutletID: c.outlet, Tier: "T3", Channel: "sms", Address: c.mobile, Body: "尊敬的客户：中秋快乐！"})
	}
	n, err := s.PrepareGreetings(context.Background(), rows)
	if err != nil || n != 4 {
		t.Fatalf("prepare: %d, %v", n, err)
	}
}

func TestGreetingTemplates(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		ctx := context.Background()
		ts, err := s.GreetingTemplates(ctx)
		if err != nil || len(ts) < 50 {
			t.Fatalf("shipped templates: %d, %v", len(ts), err)
		}
		var birthdayT1 bool
		for _, x := range ts {
			birthdayT1 = birthdayT1 || (x.Occasion == "birthday" && x.Tier == "T1")
		}
		if birthdayT1 {
			t.Error("a T1 birthday template is shipped; T1 gets holiday greetings only")
		}
		admin := f.Staff["admin"].ID
		if err := s.SaveGreetingTemplate(ctx, admin, ts[0].ID, "", "{nmae}您好"); !errors.Is(err, store.ErrInvalid) {
			t.Fatalf("an unknown placeholder saved: %v", err)
		}
		if err := s.SaveGreetingTemplate(ctx, admin, ts[0].ID, "{festival}快乐", "{dear}：{festival}快乐！"); err != nil {
			t.Fatal(err)
		}
		ts2, _ := s.GreetingTemplates(ctx)
		for _, x := range ts2 {
			if x.ID == ts[0].ID && (x.Body != "{dear}：{festival}快乐！" || x.UpdatedBy != "管理员" || x.UpdatedAt.IsZero()) {
				t.Errorf("saved template: %+v", x)
			}
		}
		if err := s.SaveGreetingTemplate(ctx, admin, 999999, "", "{dear}"); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("missing template: %v", err)
		}
		// The templates are the bank's: an outlet's supervisor (or anyone but the department and the
		// administrators) does not change what every outlet sends.
		for _, who := range []string{"sup01", "rm01", "teller01", "lobby01"} {
			if err := s.SaveGreetingTemplate(ctx, f.Staff[who].ID, ts[0].ID, "", "{dear}：节日快乐！"+who); !errors.Is(err, store.ErrNotAllowed) {
				t.Errorf("%s saved a bank-wide template: %v", who, err)
			}
		}
		if err := s.SaveGreetingTemplate(ctx, f.Staff["dept1"].ID, ts[0].ID, "", "{dear}：{festival}快乐，阖家安康！"); err != nil {
			t.Errorf("the personal-banking department: %v", err)
		}
		ts3, _ := s.GreetingTemplates(ctx)
		for _, x := range ts3 {
			if x.ID == ts[0].ID && (x.Body != "{dear}：{festival}快乐，阖家安康！" || x.UpdatedBy != "个金部") {
				t.Errorf("after the refusals and the department's change: %+v", x)
			}
		}
	})
}

func TestGreetingsOncePerOccasionAndScoped(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		ctx := context.Background()
		prepareMidAutumn(t, s)
		// The next night prepares the same occasion again: nothing new.
		n, err := s.PrepareGreetings(ctx, []store.GreetingRow{{ClientID: "C001", Occasion: "mid_autumn-2027", Kind: "mid_autumn",
			On: midAutumnOn, OutletID: "OT1", Tier: "T4", Channel: "email", Address: "x@y.cn", Body: "again"}})
		if err != nil || n != 0 {
			t.Fatalf("second preparation: %d new, %v", n, err)
		}
		sup := scopeOf(t, s, f, "sup01")
		bs, err := s.GreetingBatches(ctx, sup, domain.NewDate(2027, 9, 1))
		if err != nil || len(bs) != 1 || bs[0].OutletID != "OT1" || bs[0].Total != 3 || bs[0].States["prepared"] != 3 || bs[0].TierChannel["T3 sms"] != 3 {
			t.Fatalf("sup01's batches: %+v, %v", bs, err)
		}
		all, _ := s.GreetingBatches(ctx, scopeOf(t, s, f, "admin"), domain.NewDate(2027, 9, 1))
		if len(all) != 2 {
			t.Fatalf("admin's batches: %+v", all)
		}
		// A teller sees masked addresses.
		vs, err := s.Greetings(ctx, scopeOf(t, s, f, "teller01"), store.GreetingFilter{OutletID: "OT1"})
		if err != nil || len(vs) != 3 || vs[0].Address != "138****8000" {
			t.Fatalf("teller's view: %+v, %v", vs, err)
		}
		// sup01 cannot decide OT3's batch.
		if _, err := s.DecideGreetingBatch(ctx, sup, f.Staff["sup01"].ID, "OT3", "mid_autumn", midAutumnOn, true, time.Now()); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("sup01 approved OT3's batch: %v", err)
		}
		sendAt := time.Date(2027, 9, 15, 8, 0, 0, 0, domain.Shanghai)
		k, err := s.DecideGreetingBatch(ctx, sup, f.Staff["sup01"].ID, "OT1", "mid_autumn", midAutumnOn, true, sendAt)
		if err != nil || k != 3 {
			t.Fatalf("approve: %d, %v", k, err)
		}
		if _, err := s.DecideGreetingBatch(ctx, sup, f.Staff["sup01"].ID, "OT1", "mid_autumn", midAutumnOn, false, sendAt); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("an approved batch rejected afterwards: %v", err)
		}
		// Not due before the day.
		if _, ok, err := s.ClaimGreeting(ctx, sendAt.Add(-time.Minute), []string{"sms"}); ok || err != nil {
			t.Fatalf("claimed before its time: %v %v", ok, err)
		}
		// Not on a channel that is not configured.
		if _, ok, _ := s.ClaimGreeting(ctx, sendAt, []string{"email"}); ok {
			t.Fatal("claimed an SMS for e-mail")
		}
		seen := map[string]bool{}
		for {
			m, ok, err := s.ClaimGreeting(ctx, sendAt, []string{"sms", "email"})
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				break
			}
			if seen[m.ClientID] || m.Attempts != 1 {
				t.Fatalf("claimed twice or attempts %d: %+v", m.Attempts, m)
			}
			seen[m.ClientID] = true
			if err := s.GreetingSent(ctx, m.ID, sendAt); err != nil {
				t.Fatal(err)
			}
			if err := s.GreetingSent(ctx, m.ID, sendAt); !errors.Is(err, store.ErrInvalid) {
				t.Fatalf("sent twice: %v", err)
			}
		}
		if len(seen) != 3 {
			t.Fatalf("sent %v", seen)
		}
		// Each is a contact on the client's time line, in the approver's name.
		tl, err := s.Timeline(ctx, scopeOf(t, s, f, "admin"), "C001", 10)
		if err != nil || len(tl) == 0 || tl[0].Kind != "contact" || tl[0].Code != "sms" || tl[0].Who != "赵主管" || tl[0].Text != "问候：尊敬的客户：中秋快乐！" {
			t.Fatalf("time line: %+v, %v", tl, err)
		}
	})
}

func TestGreetingOptOutAndRetries(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		ctx := context.Background()
		prepareMidAutumn(t, s)
		sup := scopeOf(t, s, f, "sup01")
		sendAt := time.Date(2027, 9, 15, 9, 0, 0, 0, domain.Shanghai)
		if _, err := s.DecideGreetingBatch(ctx, sup, f.Staff["sup01"].ID, "OT1", "mid_autumn", midAutumnOn, true, sendAt); err != nil {
			t.Fatal(err)
		}
		// rm02 cannot opt out rm01's client; rm01 can, after approval.
		if err := s.SetGreetingOptOut(ctx, scopeOf(t, s, f, "rm02"), f.Staff["rm02"].ID, "C001", true, ""); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("rm02 opted out C001: %v", err)
		}
		if err := s.SetGreetingOptOut(ctx, scopeOf(t, s, f, "rm01"), f.Staff["rm01"].ID, "C003", true, ""); !errors.Is(err, store.ErrReadOnly) {
			t.Fatalf("rm01 opted out an unassigned client: %v", err)
		}
		if err := s.SetGreetingOptOut(ctx, scopeOf(t, s, f, "rm01"), f.Staff["rm01"].ID, "C001", true, "客户来电要求"); err != nil {
			t.Fatal(err)
		}
		if out, _ := s.GreetingOptOut(ctx, sup, "C001"); !out {
			t.Fatal("opt-out not recorded")
		}
		evs, err := s.AuditEvents(ctx, store.AuditFilter{ObjectType: "client", ObjectID: "C001", Action: domain.AuditClientUpdate, Limit: 5})
		if err != nil || len(evs) == 0 || !strings.Contains(evs[0].Detail, `"greetings_opt_out":true`) || evs[0].ActorID != f.Staff["rm01"].ID {
			t.Fatalf("the opt-out is not audited: %+v, %v", evs, err)
		}
		vs, _ := s.Greetings(ctx, sup, store.GreetingFilter{States: []string{"skipped"}})
		if len(vs) != 1 || vs[0].ClientID != "C001" || vs[0].LastError != store.SkipOptedOut {
			t.Fatalf("skipped: %+v", vs)
		}
		// A failure goes back to the queue with its back-off; a permanent one stays failed.
		m, ok, err := s.ClaimGreeting(ctx, sendAt, []string{"sms"})
		if err != nil || !ok || m.ClientID == "C001" {
			t.Fatalf("claim: %+v %v %v", m, ok, err)
		}
		if err := s.GreetingNotSent(ctx, m.ID, "gateway answered 500", sendAt.Add(5*time.Minute)); err != nil {
			t.Fatal(err)
		}
		m2, ok, _ := s.ClaimGreeting(ctx, sendAt.Add(time.Minute), []string{"sms"})
		if !ok || m2.ID == m.ID {
			t.Fatalf("the retried message came back before its back-off: %+v", m2)
		}
		if err := s.GreetingNotSent(ctx, m2.ID, "gateway answered 400: bad mobile", time.Time{}); err != nil {
			t.Fatal(err)
		}
		m3, ok, _ := s.ClaimGreeting(ctx, sendAt.Add(5*time.Minute), []string{"sms"})
		if !ok || m3.ID != m.ID || m3.Attempts != 2 {
			t.Fatalf("the retry: %+v %v", m3, ok)
		}
		if err := s.GreetingSent(ctx, m3.ID, sendAt.Add(5*time.Minute)); err != nil {
			t.Fatal(err)
		}
		failed, _ := s.Greetings(ctx, sup, store.GreetingFilter{States: []string{"failed"}})
		if len(failed) != 1 || !strings.Contains(failed[0].LastError, "400") {
			t.Fatalf("failed: %+v", failed)
		}
		// An RM cannot retry (its role does not approve greetings); the supervisor can, once.
		if err := s.RetryGreeting(ctx, scopeOf(t, s, f, "rm03"), f.Staff["rm03"].ID, failed[0].ID); !errors.Is(err, store.ErrNotAllowed) {
			t.Fatalf("rm03 retried OT1's greeting: %v", err)
		}
		if err := s.RetryGreeting(ctx, sup, f.Staff["sup01"].ID, failed[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := s.RetryGreeting(ctx, sup, f.Staff["sup01"].ID, failed[0].ID); !errors.Is(err, store.ErrInvalid) {
			t.Fatalf("retried an approved message: %v", err)
		}
		// A day late, it is skipped rather than sent.
		if _, ok, _ := s.ClaimGreeting(ctx, sendAt.Add(24*time.Hour), []string{"sms"}); ok {
			t.Fatal("a greeting sent the day after its occasion")
		}
		late, _ := s.Greetings(ctx, sup, store.GreetingFilter{States: []string{"skipped"}})
		if len(late) != 2 || late[1].LastError != store.SkipLate && late[0].LastError != store.SkipLate {
			t.Fatalf("late: %+v", late)
		}
	})
}

// TestGreetingNeverTwiceAcrossRestart: a message claimed by a process that then stops is found "sending"
// by the next process, marked unknown and never sent again on its own; messages sent before the restart
// are not sent again either.
func TestGreetingNeverTwiceAcrossRestart(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			url := storetest.URL(t, engine)
			open := func() *store.Store {
				s, err := store.Open(ctx, url)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := s.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
				return s
			}
			s := open()
			f := storetest.Seed(t, s)
			prepareMidAutumn(t, s)
			sendAt := time.Date(2027, 9, 15, 9, 0, 0, 0, domain.Shanghai)
			if _, err := s.DecideGreetingBatch(ctx, scopeOf(t, s, f, "sup01"), f.Staff["sup01"].ID, "OT1", "mid_autumn", midAutumnOn, true, sendAt); err != nil {
				t.Fatal(err)
			}
			sent, _, _ := s.ClaimGreeting(ctx, sendAt, []string{"sms"})
			if err := s.GreetingSent(ctx, sent.ID, sendAt); err != nil {
				t.Fatal(err)
			}
			crashed, ok, _ := s.ClaimGreeting(ctx, sendAt, []string{"sms"})
			if !ok {
				t.Fatal("nothing to claim")
			}
			s.Close() // the process stops between the claim and the answer

			s = open()
			defer s.Close()
			n, err := s.RecoverGreetings(ctx, sendAt.Add(10*time.Minute))
			if err != nil || n != 1 {
				t.Fatalf("recovered %d, %v", n, err)
			}
			var claimed []int64
			for {
				m, ok, err := s.ClaimGreeting(ctx, sendAt.Add(time.Hour), []string{"sms"})
				if err != nil {
					t.Fatal(err)
				}
				if !ok {
					break
				}
				claimed = append(claimed, m.ID)
				if err := s.GreetingSent(ctx, m.ID, sendAt.Add(time.Hour)); err != nil {
					t.Fatal(err)
				}
			}
			if len(claimed) != 1 || claimed[0] == sent.ID || claimed[0] == crashed.ID {
				t.Fatalf("after the restart claimed %v (sent before: %d, crashed: %d)", claimed, sent.ID, crashed.ID)
			}
			vs, _ := s.Greetings(ctx, scopeOf(t, s, f, "sup01"), store.GreetingFilter{States: []string{"unknown"}})
			if len(vs) != 1 || vs[0].ID != crashed.ID || vs[0].Attempts != 1 {
				t.Fatalf("unknown: %+v", vs)
			}
		})
	}
}

// A batch whose day has passed is lapsed (过期未发): its prepared messages no longer count as waiting,
// here or in GreetingsWaiting, and it cannot be approved (ErrLapsed), though it can be rejected. On its
// day it still waits and is approved.
func TestLapsedGreetingBatches(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		ctx := context.Background()
		prepareMidAutumn(t, s)
		sup := scopeOf(t, s, f, "sup01")
		at := func(tm time.Time) { s.Now = func() time.Time { return tm } }
		// 23:30 on the day itself, Shanghai time (15:30 UTC): still the day.
		at(time.Date(2027, 9, 15, 23, 30, 0, 0, domain.Shanghai))
		bs, err := s.GreetingBatches(ctx, sup, midAutumnOn.AddDays(-7))
		if err != nil || len(bs) != 1 || bs[0].Waiting != 3 || bs[0].Lapsed != 0 {
			t.Fatalf("on the day: %+v, %v", bs, err)
		}
		if m, b, err := s.GreetingsWaiting(ctx, sup); err != nil || m != 3 || b != 1 {
			t.Fatalf("waiting on the day: %d in %d, %v", m, b, err)
		}
		// Ten minutes past midnight, Shanghai time: the day is over, though in UTC it is still the 15th.
		at(time.Date(2027, 9, 16, 0, 10, 0, 0, domain.Shanghai))
		bs, err = s.GreetingBatches(ctx, sup, midAutumnOn.AddDays(-7))
		if err != nil || len(bs) != 1 || bs[0].Waiting != 0 || bs[0].Lapsed != 3 || bs[0].States[store.GreetingPrepared] != 3 {
			t.Fatalf("the day after: %+v, %v", bs, err)
		}
		if m, b, err := s.GreetingsWaiting(ctx, sup); err != nil || m != 0 || b != 0 {
			t.Fatalf("waiting the day after: %d in %d, %v", m, b, err)
		}
		sendAt := time.Date(2027, 9, 16, 8, 0, 0, 0, domain.Shanghai)
		if _, err := s.DecideGreetingBatch(ctx, sup, f.Staff["sup01"].ID, "OT1", "mid_autumn", midAutumnOn, true, sendAt); !errors.Is(err, store.ErrLapsed) {
			t.Fatalf("approved a lapsed batch: %v", err)
		}
		if vs, _ := s.Greetings(ctx, sup, store.GreetingFilter{OutletID: "OT1", States: []string{store.GreetingPrepared}}); len(vs) != 3 {
			t.Fatalf("after the refused approval %d messages are still prepared, want 3", len(vs))
		}
		if n, err := s.DecideGreetingBatch(ctx, sup, f.Staff["sup01"].ID, "OT1", "mid_autumn", midAutumnOn, false, sendAt); err != nil || n != 3 {
			t.Fatalf("reject a lapsed batch: %d, %v", n, err)
		}
	})
}

// Only those whose role approves greetings decide a batch, whatever they see.
func TestGreetingDecisionsByRole(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		ctx := context.Background()
		prepareMidAutumn(t, s)
		sendAt := time.Date(2027, 9, 15, 8, 0, 0, 0, domain.Shanghai)
		for _, who := range []string{"teller01", "lobby01", "dept1"} {
			if _, err := s.DecideGreetingBatch(ctx, scopeOf(t, s, f, who), f.Staff[who].ID, "OT1", "mid_autumn", midAutumnOn, true, sendAt); !errors.Is(err, store.ErrNotAllowed) {
				t.Errorf("%s approved OT1's batch: %v", who, err)
			}
		}
		if n, err := s.DecideGreetingBatch(ctx, scopeOf(t, s, f, "sup01"), f.Staff["sup01"].ID, "OT1", "mid_autumn", midAutumnOn, true, sendAt); err != nil || n != 3 {
			t.Errorf("the outlet's supervisor: %d, %v", n, err)
		}
	})
}
