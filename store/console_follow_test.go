package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

func followScope(t *testing.T, s *store.Store, st domain.Staff) access.Scope {
	t.Helper()
	org, err := s.Org(context.Background(), st.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	return access.ScopeFor(st, org)
}

// This month's maturing accounts: from today (Shanghai) to the month's last day, inclusive at both ends;
// the unassigned filter; another outlet's never.
func TestMaturingClients(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		ctx := context.Background()
		// 2026-11-10 01:00 in Shanghai is still 11-09 in UTC: the business day is the 10th.
		now := time.Date(2026, 11, 10, 1, 0, 0, 0, domain.Shanghai)
		d := domain.NewDate
		acct := func(id, client string, due domain.Date) domain.Account {
			return domain.Account{AccountID: id, ClientID: client, ProductCode: "WM01", Currency: "CNY", Balance: 1_000_00, BalanceCNY: 1_000_00,
				OpenDate: d(2026, 5, 1), MaturityDate: due, Status: "active"}
		}
		if err := s.PutAccounts(ctx, []domain.Account{acct("M1", "C003", d(2026, 11, 10)), acct("M2", "C001", d(2026, 11, 30)),
			acct("M3", "C003", d(2026, 11, 9)), acct("M4", "C002", d(2026, 12, 1)), acct("M5", "C004", d(2026, 11, 20))}); err != nil {
			t.Fatal(err)
		}
		sc := followScope(t, s, f.Staff["sup01"])
		page, err := s.MaturingClients(ctx, sc, store.FollowFilter{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range page.Items {
			got = append(got, m.AccountID+":"+m.RM)
		}
		if page.Total != 2 || len(got) != 2 || got[0] != "M1:" || got[1] != "M2:钱经理" {
			t.Errorf("maturing at OT1 on 11-10: %v (total %d), want M1 (unassigned, today) and M2 (the 30th)", got, page.Total)
		}
		if page, err := s.MaturingClients(ctx, sc, store.FollowFilter{Now: now, Unassigned: true}); err != nil || page.Total != 1 || page.Items[0].ClientID != "C003" {
			t.Errorf("unassigned maturing: %+v %v", page, err)
		}
		if page, err := s.MaturingClients(ctx, sc, store.FollowFilter{Now: now, Sort: "amount", Desc: true, Limit: 1, Offset: 1}); err != nil || page.Total != 2 || len(page.Items) != 1 {
			t.Errorf("second page of one: %+v %v", page, err)
		}
		if _, err := s.MaturingClients(ctx, sc, store.FollowFilter{Now: now, Sort: "nonsense"}); err == nil {
			t.Error("an unknown sort was accepted")
		}
		rm03 := followScope(t, s, f.Staff["rm03"])
		if page, err := s.MaturingClients(ctx, rm03, store.FollowFilter{Now: now}); err != nil || page.Total != 1 || page.Items[0].AccountID != "M5" {
			t.Errorf("OT3's maturing: %+v %v", page, err)
		}
	})
}

// Intent clients: an "interested" contact is followed up by a later contact or a task done after it;
// without one it is open up to IntentFollowDays days after its business day and overdue the day after;
// contacts older than the window and another outlet's never appear.
func TestIntentContacts(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		ctx := context.Background()
		rm01, rm03 := f.Staff["rm01"], f.Staff["rm03"]
		at := func(tm time.Time) { s.Now = func() time.Time { return tm } }
		day := func(d int, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, domain.Shanghai) }
		logc := func(st domain.Staff, client, outcome, note string) {
			t.Helper()
			if _, err := s.LogContact(ctx, followScope(t, s, st), st.ID, store.Contact{ClientID: client, Channel: "phone", Outcome: outcome, Note: note}); err != nil {
				t.Fatal(err)
			}
		}
		at(day(1, 10))
		logc(rm01, "C001", "interested", "想买理财") // followed by the call of the 3rd
		at(day(3, 10))
		logc(rm01, "C001", "reached", "回电")
		at(day(3, 11))
		logc(f.Staff["sup01"], "C003", "interested", "到期转存") // open on the 10th, overdue on the 11th
		at(day(3, 12))
		logc(rm03, "C004", "interested", "外网点") // another outlet
		at(time.Date(2026, 10, 1, 10, 0, 0, 0, domain.Shanghai))
		logc(f.Staff["rm02"], "C002", "interested", "太早") // outside the 30 days

		sc := followScope(t, s, f.Staff["sup01"])
		read := func(now time.Time, state string) store.FollowPage[store.IntentContact] {
			t.Helper()
			page, err := s.IntentContacts(ctx, sc, store.FollowFilter{Now: now, State: state})
			if err != nil {
				t.Fatal(err)
			}
			return page
		}
		page := read(day(10, 23), "")
		if page.Total != 2 || page.Items[0].ClientID != "C003" || page.Items[1].ClientID != "C001" {
			t.Fatalf("intent at OT1: %+v, want C003 then C001, newest first", page.Items)
		}
		if c := page.Items[1]; c.State != store.FollowDone || !c.FollowedAt.Equal(day(3, 10)) || c.RM != "钱经理" || c.Note != "想买理财" {
			t.Errorf("C001 followed up by the call of the 3rd: %+v", c)
		}
		if c := page.Items[0]; c.State != store.FollowOpen {
			t.Errorf("C003 on the 7th day after: %s, want open", c.State)
		}
		if page := read(day(11, 0), store.FollowOverdue); page.Total != 1 || page.Items[0].ClientID != "C003" {
			t.Errorf("overdue on the 11th: %+v", page.Items)
		}
		// A task for the client done after the contact follows it up too.
		at(day(11, 9))
		id, err := s.AssignTask(ctx, f.Staff["sup01"], sc, store.NewTask{ClientID: "C003", AssigneeID: rm01.ID, Kind: "call", Priority: 1, Due: domain.NewDate(2026, 11, 12)})
		if err != nil {
			t.Fatal(err)
		}
		at(day(11, 10))
		if err := s.FinishTask(ctx, followScope(t, s, rm01), rm01.ID, id, "done"); err != nil {
			t.Fatal(err)
		}
		if page := read(day(11, 23), store.FollowDone); page.Total != 2 {
			t.Errorf("after the task is done: %+v, want both followed", page.Items)
		}
		if _, err := s.IntentContacts(ctx, sc, store.FollowFilter{Now: day(11, 23), State: "bogus"}); err == nil {
			t.Error("an unknown state was accepted")
		}
		if page, err := s.IntentContacts(ctx, followScope(t, s, rm03), store.FollowFilter{Now: day(10, 23)}); err != nil || page.Total != 1 || page.Items[0].ClientID != "C004" {
			t.Errorf("OT3's intent: %+v %v", page, err)
		}
	})
}

// Referrals: a hand-over is followed up when the receiving manager contacts the client after it (not
// someone else's contact) or finishes the task; overdue after its due day; today's filter.
func TestReferrals(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		ctx := context.Background()
		lobby, rm01 := f.Staff["lobby01"], f.Staff["rm01"]
		at := func(tm time.Time) { s.Now = func() time.Time { return tm } }
		day := func(d int, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, domain.Shanghai) }
		at(day(9, 10))
		if err := s.HandOver(ctx, followScope(t, s, lobby), lobby.ID, "C001", rm01.ID, "想了解理财", domain.NewDate(2026, 11, 10)); err != nil {
			t.Fatal(err)
		}
		at(day(9, 11))
		// Someone else's contact does not follow up rm01's referral.
		sup := f.Staff["sup01"]
		if _, err := s.LogContact(ctx, followScope(t, s, sup), sup.ID, store.Contact{ClientID: "C001", Channel: "phone", Outcome: "reached"}); err != nil {
			t.Fatal(err)
		}
		sc := followScope(t, s, f.Staff["sup01"])
		read := func(now time.Time, today bool) store.FollowPage[store.Referral] {
			t.Helper()
			page, err := s.Referrals(ctx, sc, store.FollowFilter{Now: now, Today: today})
			if err != nil {
				t.Fatal(err)
			}
			return page
		}
		page := read(day(10, 23), false)
		if page.Total != 1 {
			t.Fatalf("referrals: %+v", page.Items)
		}
		if r := page.Items[0]; r.State != store.FollowOpen || r.From != "郑大堂" || r.FromRole != domain.RoleLobby || r.To != "钱经理" || r.Note != "想了解理财" {
			t.Errorf("on its due day: %+v, want open, from the lobby manager to rm01", r)
		}
		if r := read(day(11, 0), false).Items[0]; r.State != store.FollowOverdue {
			t.Errorf("the day after its due day: %s, want overdue", r.State)
		}
		if page := read(day(11, 0), true); page.Total != 0 {
			t.Errorf("today's referrals on the 11th: %+v, want none", page.Items)
		}
		at(day(11, 9))
		if _, err := s.LogContact(ctx, followScope(t, s, rm01), rm01.ID, store.Contact{ClientID: "C001", Channel: "visit", Outcome: "interested"}); err != nil {
			t.Fatal(err)
		}
		if r := read(day(11, 10), false).Items[0]; r.State != store.FollowDone || !r.FollowedAt.Equal(day(11, 9)) {
			t.Errorf("after rm01's visit: %+v", r)
		}
		if page, err := s.Referrals(ctx, followScope(t, s, f.Staff["rm03"]), store.FollowFilter{Now: day(11, 10)}); err != nil || page.Total != 0 {
			t.Errorf("OT3 sees OT1's referrals: %+v %v", page, err)
		}
	})
}
