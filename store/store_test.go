package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// scopeOf is the scope of a fixture user, as the login would compute it.
func scopeOf(t *testing.T, s *store.Store, f storetest.Fixture, username string) access.Scope {
	t.Helper()
	st := f.Staff[username]
	org, err := s.Org(context.Background(), st.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	return access.ScopeFor(st, org)
}

func ids(page store.ClientPage) []string {
	var out []string
	for _, r := range page.Items {
		out = append(out, r.ClientID)
	}
	sort.Strings(out)
	return out
}

func TestMigrateIsIdempotent(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		applied, err := s.Migrate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) != 0 {
			t.Fatalf("second migrate applied %v, want nothing", applied)
		}
		v, err := s.SchemaVersion(ctx)
		if err != nil || v < 1 {
			t.Fatalf("schema version %d, %v", v, err)
		}
	})
}

// TestScopeByRole checks DOMAIN.md §1 "whose clients they see" on every read route of the store.
func TestScopeByRole(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		ctx := context.Background()
		want := map[string][]string{
			"admin":    {"C001", "C002", "C003", "C004"},
			"dept1":    {"C001", "C002", "C003"}, // SB1's outlets OT1 and OT2, not SB2's OT3
			"sup01":    {"C001", "C002", "C003"},
			"lobby01":  {"C001", "C002", "C003"},
			"teller01": {"C001", "C002", "C003"},
			"rm01":     {"C001", "C003"}, // own client + the outlet's unassigned one
			"rm02":     {"C002", "C003"},
			"rm03":     {"C004"},
		}
		for user, wantIDs := range want {
			sc := scopeOf(t, s, f, user)
			page, err := s.SearchClients(ctx, sc, store.ClientFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(page); fmt.Sprint(got) != fmt.Sprint(wantIDs) {
				t.Errorf("%s lists %v, want %v", user, got, wantIDs)
			}
			if page.Total != len(wantIDs) {
				t.Errorf("%s total %d, want %d", user, page.Total, len(wantIDs))
			}
			visible := map[string]bool{}
			for _, id := range wantIDs {
				visible[id] = true
			}
			for id := range f.Clients {
				_, err := s.Client(ctx, sc, id)
				if visible[id] && err != nil {
					t.Errorf("%s cannot open %s: %v", user, id, err)
				}
				if !visible[id] && !errors.Is(err, domain.ErrNotFound) {
					t.Errorf("%s opening %s: got %v, want not found", user, id, err)
				}
				accts, err := s.ClientAccounts(ctx, sc, id)
				if err != nil {
					t.Fatal(err)
				}
				if !visible[id] && len(accts) > 0 {
					t.Errorf("%s reaches the accounts of %s", user, id)
				}
			}
		}
	})
}

func TestWrongRMCannotReachByAnyRoute(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		ctx := context.Background()
		rm02 := scopeOf(t, s, f, "rm02")
		rm01 := scopeOf(t, s, f, "rm01")
		// Put something in every sub-resource of C001, as its own RM.
		if _, err := s.AddNote(ctx, rm01, f.Staff["rm01"].ID, "C001", "客户关注大额存单"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddFamilyMember(ctx, rm01, f.Staff["rm01"].ID, domain.FamilyMember{ClientID: "C001", Relation: "spouse", Name: "李梅",
			Lunar: true, LunarMonth: 8, LunarDay: 15}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddLifeEvent(ctx, rm01, f.Staff["rm01"].ID, domain.LifeEvent{ClientID: "C001", Kind: "wedding", On: domain.NewDate(2026, 10, 1)}); err != nil {
			t.Fatal(err)
		}
		if err := s.TagClient(ctx, rm01, f.Staff["rm01"].ID, "C001", "高净值"); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"张", "张伟", "C001", "13800138000", "8000", "1233", "071233", "110101199003071233"} {
			page, err := s.SearchClients(ctx, rm02, store.ClientFilter{Q: q})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range page.Items {
				if r.ClientID == "C001" {
					t.Errorf("rm02 finds C001 by searching %q", q)
				}
			}
			// …and rm01 does find it the same way, so the search itself works.
			page, err = s.SearchClients(ctx, rm01, store.ClientFilter{Q: q})
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Items) == 0 || page.Items[0].ClientID != "C001" {
				t.Errorf("rm01 searching %q: got %v, want C001", q, ids(page))
			}
		}
		page, err := s.SearchClients(ctx, rm02, store.ClientFilter{RMID: f.Staff["rm01"].ID})
		if err != nil || len(page.Items) != 0 {
			t.Errorf("rm02 filtering by rm01 gets %v (%v)", ids(page), err)
		}
		if _, err := s.Client(ctx, rm02, "C001"); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("rm02 opens C001: %v", err)
		}
		if fam, _ := s.ClientFamily(ctx, rm02, "C001"); len(fam) != 0 {
			t.Error("rm02 reads C001's family")
		}
		if notes, _ := s.ClientNotes(ctx, rm02, "C001"); len(notes) != 0 {
			t.Error("rm02 reads C001's notes")
		}
		if ev, _ := s.ClientLifeEvents(ctx, rm02, "C001"); len(ev) != 0 {
			t.Error("rm02 reads C001's life events")
		}
		if tags, _ := s.ClientTags(ctx, rm02, "C001"); len(tags) != 0 {
			t.Error("rm02 reads C001's tags")
		}
		if rels, _ := s.ClientRelationships(ctx, rm02, "C001"); len(rels) != 0 {
			t.Error("rm02 reads C001's relationships")
		}
		if _, err := s.AddNote(ctx, rm02, f.Staff["rm02"].ID, "C001", "x"); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("rm02 writes a note on C001: %v", err)
		}
		// The outlet's unassigned client is readable by an RM, but not writable.
		if _, err := s.AddNote(ctx, rm02, f.Staff["rm02"].ID, "C003", "x"); !errors.Is(err, store.ErrReadOnly) {
			t.Errorf("rm02 writes a note on unassigned C003: %v, want read-only", err)
		}
		// The owner sees everything that was written.
		fam, _ := s.ClientFamily(ctx, rm01, "C001")
		notes, _ := s.ClientNotes(ctx, rm01, "C001")
		tags, _ := s.ClientTags(ctx, rm01, "C001")
		if len(fam) != 1 || !fam[0].Lunar || fam[0].LunarMonth != 8 || len(notes) != 1 || len(tags) != 1 || tags[0] != "高净值" {
			t.Errorf("rm01 reads back family %v, notes %v, tags %v", fam, notes, tags)
		}
	})
}

func TestTellerSeesMaskedIdentity(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		ctx := context.Background()
		sc := scopeOf(t, s, f, "teller01")
		c, err := s.Client(ctx, sc, "C001")
		if err != nil {
			t.Fatal(err)
		}
		if c.Mobile != "138****8000" || c.IDNumber != "110101********1233" || !c.Masked {
			t.Errorf("teller sees mobile %q, ID %q", c.Mobile, c.IDNumber)
		}
		page, err := s.SearchClients(ctx, sc, store.ClientFilter{Q: "13800138000"})
		if err != nil || len(page.Items) != 1 {
			t.Fatalf("teller searching a whole mobile: %v, %v", ids(page), err)
		}
		if r := page.Items[0]; r.Mobile != "138****8000" || r.IDNumber != "110101********1233" {
			t.Errorf("teller's list shows mobile %q, ID %q", r.Mobile, r.IDNumber)
		}
		sup, err := s.Client(ctx, scopeOf(t, s, f, "sup01"), "C001")
		if err != nil || sup.Mobile != "13800138000" || sup.Masked {
			t.Errorf("supervisor sees mobile %q (%v)", sup.Mobile, err)
		}
	})
}

func TestSearchSortAndPage(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		ctx := context.Background()
		admin := scopeOf(t, s, f, "admin")
		// Extra clients so that paging has something to do.
		var more []domain.Client
		for i := 0; i < 23; i++ {
			more = append(more, domain.Client{ClientID: fmt.Sprintf("P%03d", i), Name: fmt.Sprintf("陈%02d", i), IDType: "99",
				IDNumber: fmt.Sprintf("X%06d", i), OutletID: "OT2", OpenDate: domain.NewDate(2021, 1, 1+i), Status: "normal",
				AUM: int64(i%5) * 1000})
		}
		if err := s.PutClients(ctx, more); err != nil {
			t.Fatal(err)
		}
		for _, sortKey := range []string{"name", "aum", "open_date", "client_id"} {
			for _, desc := range []bool{false, true} {
				var all []string
				cursor := ""
				for pages := 0; ; pages++ {
					page, err := s.SearchClients(ctx, admin, store.ClientFilter{OutletID: "OT2", Sort: sortKey, Desc: desc, Limit: 5, Cursor: cursor})
					if err != nil {
						t.Fatal(err)
					}
					if page.Total != 23 {
						t.Fatalf("total %d, want 23", page.Total)
					}
					all = append(all, ids(store.ClientPage{Items: page.Items})...)
					if page.NextCursor == "" {
						break
					}
					cursor = page.NextCursor
					if pages > 10 {
						t.Fatal("paging does not end")
					}
				}
				seen := map[string]bool{}
				for _, id := range all {
					if seen[id] {
						t.Errorf("sort %s desc=%v: %s on two pages", sortKey, desc, id)
					}
					seen[id] = true
				}
				if len(seen) != 23 {
					t.Errorf("sort %s desc=%v: %d clients over all pages, want 23", sortKey, desc, len(seen))
				}
			}
		}
		// Order really follows the key.
		page, err := s.SearchClients(ctx, admin, store.ClientFilter{OutletID: "OT2", Sort: "aum", Desc: true, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i < len(page.Items); i++ {
			if page.Items[i-1].AUM < page.Items[i].AUM {
				t.Fatalf("aum desc out of order at %d", i)
			}
		}
		// Name prefix search, and a cursor from another sort is refused.
		page, err = s.SearchClients(ctx, admin, store.ClientFilter{Q: "陈1"})
		if err != nil || len(page.Items) != 10 {
			t.Errorf("prefix 陈1: %d results (%v), want 10", len(page.Items), err)
		}
		first, _ := s.SearchClients(ctx, admin, store.ClientFilter{Sort: "name", Limit: 2})
		if _, err := s.SearchClients(ctx, admin, store.ClientFilter{Sort: "aum", Cursor: first.NextCursor}); err == nil {
			t.Error("a name cursor was accepted for the aum order")
		}
	})
}

func TestAssignRM(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		ctx := context.Background()
		sup := scopeOf(t, s, f, "sup01")
		if err := s.AssignRM(ctx, sup, f.Staff["sup01"].ID, "C003", f.Staff["rm01"].ID, "rotation"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Client(ctx, scopeOf(t, s, f, "rm01"), "C003"); err != nil {
			t.Errorf("rm01 after assignment: %v", err)
		}
		c, _ := s.Client(ctx, scopeOf(t, s, f, "rm01"), "C003")
		if !c.Editable {
			t.Error("rm01 cannot edit a client now assigned to them")
		}
		if _, err := s.Client(ctx, scopeOf(t, s, f, "rm02"), "C003"); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("rm02 still sees C003 once assigned to rm01: %v", err)
		}
		// An RM of another outlet cannot be given the client.
		if err := s.AssignRM(ctx, sup, f.Staff["sup01"].ID, "C001", f.Staff["rm03"].ID, ""); err == nil {
			t.Error("assigned an OT1 client to an OT3 RM")
		}
		rels, err := s.ClientRelationships(ctx, sup, "C003")
		if err != nil || len(rels) != 1 || rels[0].StaffID != f.Staff["rm01"].ID || !rels[0].ValidTo.IsZero() {
			t.Errorf("relationships of C003: %+v, %v", rels, err)
		}
		if err := s.AssignRM(ctx, sup, f.Staff["sup01"].ID, "C003", f.Staff["rm02"].ID, "rebalance"); err != nil {
			t.Fatal(err)
		}
		rels, _ = s.ClientRelationships(ctx, sup, "C003")
		if len(rels) != 2 || rels[0].StaffID != f.Staff["rm02"].ID || rels[1].ValidTo.IsZero() {
			t.Errorf("after reassignment: %+v", rels)
		}
		evs, err := s.AuditEvents(ctx, store.AuditFilter{ObjectType: "client", ObjectID: "C003", Action: "client_assign"})
		if err != nil || len(evs) != 2 {
			t.Errorf("assignment audit: %d events (%v)", len(evs), err)
		}
	})
}

func TestSessionsAndTokens(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		ctx := context.Background()
		id := f.Staff["rm01"].ID
		if err := s.CreateSession(ctx, "h1", id, time.Now().Add(time.Hour), "127.0.0.1", "test"); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateSession(ctx, "h2", id, time.Now().Add(-time.Second), "", ""); err != nil {
			t.Fatal(err)
		}
		if se, err := s.SessionByHash(ctx, "h1"); err != nil || se.StaffID != id {
			t.Errorf("live session: %+v, %v", se, err)
		}
		if _, err := s.SessionByHash(ctx, "h2"); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("expired session answered: %v", err)
		}
		if n, err := s.PurgeSessions(ctx); err != nil || n != 1 {
			t.Errorf("purge: %d, %v", n, err)
		}
		tok, err := s.CreateAPIToken(ctx, id, "script", "th")
		if err != nil {
			t.Fatal(err)
		}
		if st, err := s.StaffByAPIToken(ctx, "th", time.Now().Add(-time.Hour)); err != nil || st.ID != id {
			t.Errorf("token owner: %v", err)
		}
		if _, err := s.StaffByAPIToken(ctx, "th", time.Now().Add(time.Hour)); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("a lapsed token answered: %v", err)
		}
		if err := s.RevokeAPIToken(ctx, id, tok, "127.0.0.1"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.StaffByAPIToken(ctx, "th", time.Now().Add(-time.Hour)); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("revoked token answered: %v", err)
		}
		if err := s.SetDisabled(ctx, id, true); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SessionByHash(ctx, "h1"); !errors.Is(err, domain.ErrNotFound) {
			t.Error("disabling an account left its session alive")
		}
	})
}

func TestOrgTreeAndAUM(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		storetest.Seed(t, s)
		ctx := context.Background()
		ot3, err := s.Org(ctx, "OT3")
		if err != nil || ot3.Path != "/HO/BR1/SB2/OT3/" {
			t.Errorf("OT3 path %q (%v)", ot3.Path, err)
		}
		if _, err := s.PutOrg(ctx, domain.OrgUnit{ID: "X", ParentID: "OT1", Level: domain.LevelBranch, Name: "x"}); err == nil {
			t.Error("a branch under an outlet was accepted")
		}
		c, err := s.Client(ctx, access.Scope{Reach: access.ReachAll}, "C001")
		if err != nil || c.AUM != 62_345_678 {
			t.Errorf("C001 AUM %d fen (%v), want 62345678", c.AUM, err)
		}
		accts, _ := s.ClientAccounts(ctx, access.Scope{Reach: access.ReachAll}, "C001")
		if len(accts) != 2 || accts[1].MaturityDate != domain.NewDate(2027, 1, 1) {
			t.Errorf("C001 accounts %+v", accts)
		}
	})
}

func TestZeroScopeSeesNothing(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		storetest.Seed(t, s)
		page, err := s.SearchClients(context.Background(), access.Scope{}, store.ClientFilter{})
		if err != nil || len(page.Items) != 0 {
			t.Errorf("zero scope lists %v (%v)", ids(page), err)
		}
	})
}

func TestBackupSQLite(t *testing.T) {
	s := storetest.Open(t, "sqlite")
	storetest.Seed(t, s)
	ctx := context.Background()
	file := t.TempDir() + "/copy.db"
	if err := s.Backup(ctx, file); err != nil {
		t.Fatal(err)
	}
	// The copy holds every client's data: only its owner reads it, whatever the umask.
	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("backup file mode %v (%v), want -rw-------", fi.Mode().Perm(), err)
	}
	copyStore, err := store.Open(ctx, "sqlite:"+file)
	if err != nil {
		t.Fatal(err)
	}
	defer copyStore.Close()
	page, err := copyStore.SearchClients(ctx, access.Scope{Reach: access.ReachAll}, store.ClientFilter{})
	if err != nil || page.Total != 4 {
		t.Errorf("restored copy lists %d clients (%v), want 4", page.Total, err)
	}
	if err := s.Backup(ctx, file); err == nil {
		t.Error("backup overwrote an existing file")
	}
}

func TestBookSummary(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		ctx := context.Background()
		// C001 623 456.78 yuan, C002 3 000 000.00, C003 0, C004 100.00; bands at 5万, 20万, 50万, 300万.
		bounds := []int64{5_000_000, 20_000_000, 50_000_000, 300_000_000}
		sum, err := s.BookSummary(ctx, scopeOf(t, s, f, "admin"), bounds)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Clients != 4 || sum.Unassigned != 1 || sum.AUM != 362_355_678 {
			t.Errorf("admin summary %+v", sum)
		}
		// 300万 exactly is in the top band (inclusive lower bound).
		if fmt.Sprint(sum.Bands) != "[2 0 0 1 1]" || sum.BandAUM[4] != 300_000_000 || sum.BandAUM[3] != 62_345_678 {
			t.Errorf("admin bands %v %v", sum.Bands, sum.BandAUM)
		}
		rm02, err := s.BookSummary(ctx, scopeOf(t, s, f, "rm02"), bounds)
		if err != nil || rm02.Clients != 2 || rm02.AUM != 300_000_000 {
			t.Errorf("rm02 summary %+v (%v): must hold C002 and unassigned C003 only", rm02, err)
		}
		if _, err := s.BookSummary(ctx, scopeOf(t, s, f, "admin"), []int64{5, 5}); err == nil {
			t.Error("bounds that do not ascend were accepted")
		}
	})
}

// A client manager's own book is counted apart from the outlet's unassigned clients they may read, and
// the filter never widens the caller's scope.
func TestBookSummaryOf(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		ctx := context.Background()
		bounds := []int64{5_000_000, 20_000_000, 50_000_000, 300_000_000}
		rm01, rm02 := f.Staff["rm01"].ID, f.Staff["rm02"].ID
		own, err := s.BookSummaryOf(ctx, scopeOf(t, s, f, "rm01"), store.BookFilter{RMID: rm01}, bounds)
		if err != nil || own.Clients != 1 || own.Unassigned != 0 || own.AUM != 62_345_678 || fmt.Sprint(own.Bands) != "[0 0 0 1 0]" {
			t.Errorf("rm01's own book %+v (%v): want C001 alone", own, err)
		}
		free, err := s.BookSummaryOf(ctx, scopeOf(t, s, f, "rm01"), store.BookFilter{Unassigned: true}, bounds)
		if err != nil || free.Clients != 1 || free.Unassigned != 1 || free.AUM != 0 {
			t.Errorf("rm01's outlet's unassigned clients %+v (%v): want C003 alone", free, err)
		}
		other, err := s.BookSummaryOf(ctx, scopeOf(t, s, f, "rm01"), store.BookFilter{RMID: rm02}, bounds)
		if err != nil || other.Clients != 0 || other.AUM != 0 {
			t.Errorf("rm01 counted rm02's book: %+v (%v)", other, err)
		}
		sup, err := s.BookSummaryOf(ctx, scopeOf(t, s, f, "sup01"), store.BookFilter{RMID: rm02}, bounds)
		if err != nil || sup.Clients != 1 || sup.AUM != 300_000_000 {
			t.Errorf("sup01's view of rm02's book %+v (%v): want C002", sup, err)
		}
		if out, err := s.BookSummaryOf(ctx, scopeOf(t, s, f, "sup01"), store.BookFilter{RMID: f.Staff["rm03"].ID}, bounds); err != nil || out.Clients != 0 {
			t.Errorf("sup01 of OT1 counted rm03's book in OT3: %+v (%v)", out, err)
		}
		if _, err := s.BookSummaryOf(ctx, scopeOf(t, s, f, "admin"), store.BookFilter{RMID: rm01, Unassigned: true}, bounds); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("a book and the unassigned clients at once: %v", err)
		}
	})
}
