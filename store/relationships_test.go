package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/alerts"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// relFixture adds an unassigned T1 client C005 to OT1, a supervisor sup03 of OT3 and an outlet manager
// om01 of OT1, and returns a policy whose T1 cap is 1.
func relFixture(t *testing.T, s *store.Store) (storetest.Fixture, *policy.Policy) {
	t.Helper()
	f := storetest.Seed(t, s)
	ctx := context.Background()
	if err := s.PutClients(ctx, []domain.Client{{ClientID: "C005", Name: "陈静", OutletID: "OT1", OpenDate: domain.NewDate(2021, 1, 1), Status: "normal"}}); err != nil {
		t.Fatal(err)
	}
	for _, st := range []domain.Staff{
		{Username: "sup03", Name: "冯主管", Role: domain.RoleSupervisor, OrgID: "OT3", PasswordHash: "x"},
		{Username: "om01", Name: "何网点", Role: domain.RoleOutletManager, OrgID: "OT1", PasswordHash: "x"},
	} {
		created, err := s.CreateStaff(ctx, st)
		if err != nil {
			t.Fatal(err)
		}
		f.Staff[st.Username] = created
	}
	p := policy.Default()
	p.Relationships.MaxClientsPerRM.T1 = 1
	return f, p
}

func rmOf(t *testing.T, s *store.Store, id string) int64 {
	t.Helper()
	var rm int64
	if err := s.DB().QueryRowContext(context.Background(), s.Rebind("SELECT COALESCE(rm_id, 0) FROM clients WHERE client_id = ?"), id).Scan(&rm); err != nil {
		t.Fatal(err)
	}
	return rm
}

func auditCount(t *testing.T, s *store.Store, action, object string) int {
	t.Helper()
	evs, err := s.AuditEvents(context.Background(), store.AuditFilter{Action: action, ObjectID: object, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return len(evs)
}

// A supervisor assigns an unassigned client, changes its manager and ends the relationship: each period is
// in the history with who set it and why, each change is on the time line with the work that moved, and
// each is audited.
func TestAssignChangeEndWithHistory(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f, p := relFixture(t, s)
		ctx := context.Background()
		day := domain.Today(time.Now())
		if _, err := s.RaiseAlerts(ctx, day, []store.AlertRow{{Alert: alerts.Alert{ClientID: "C003", Rule: alerts.RuleMaturity, Key: "m1",
			Due: day.AddDays(7), Severity: alerts.Warn}, OutletID: "OT1", Assignee: alerts.Assignee{Role: domain.RoleSupervisor}, RaisedOn: day,
			Deadline: time.Now().Add(48 * time.Hour)}}); err != nil {
			t.Fatal(err)
		}
		sup := f.Staff["sup01"]
		sc := scopeOf(t, s, f, "sup01")
		assign := func(rm int64, reason string) []store.RMChange {
			t.Helper()
			ch, err := s.AssignClients(ctx, sc, sup.ID, p, store.RMAssignment{ClientIDs: []string{"C003"}, RMID: rm, Reason: reason})
			if err != nil {
				t.Fatal(err)
			}
			return ch
		}
		ch := assign(f.Staff["rm01"].ID, "新开户分配")
		if len(ch) != 1 || ch[0].MovedAlerts != 1 || ch[0].From != 0 {
			t.Errorf("assign: %+v, want one change moving 1 alert", ch)
		}
		if ch := assign(f.Staff["rm02"].ID, "客户要求更换"); len(ch) != 1 || ch[0].MovedAlerts != 1 || ch[0].From != f.Staff["rm01"].ID {
			t.Errorf("change: %+v", ch)
		}
		if ch := assign(f.Staff["rm02"].ID, "again"); len(ch) != 0 {
			t.Errorf("the same manager again changed %+v", ch)
		}
		assign(0, "客户销户")
		if rmOf(t, s, "C003") != 0 {
			t.Fatal("relationship not ended")
		}
		hist, err := s.ClientRelationships(ctx, sc, "C003")
		if err != nil {
			t.Fatal(err)
		}
		if len(hist) != 2 || hist[0].StaffName != "孙经理" || hist[0].Reason != "客户要求更换" || hist[0].AssignedBy != "赵主管" || hist[0].ValidTo.IsZero() ||
			hist[1].StaffName != "钱经理" || hist[1].Reason != "新开户分配" || hist[1].ValidTo.IsZero() {
			t.Errorf("history %+v", hist)
		}
		tl, err := s.Timeline(ctx, sc, "C003", 50)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range tl {
			if e.Kind == "relationship" {
				got = append(got, e.Code+":"+e.From+">"+e.To+":"+e.Text+":"+e.Who+":"+string(rune('0'+e.MovedAlerts)))
			}
		}
		want := []string{"ended:孙经理>:客户销户:赵主管:1", "changed:钱经理>孙经理:客户要求更换:赵主管:1", "assigned:>钱经理:新开户分配:赵主管:1"}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("time line\n got %q\nwant %q", got, want)
		}
		if n := auditCount(t, s, store.AuditClientAssign, "C003"); n != 3 {
			t.Errorf("%d client_assign events, want 3", n)
		}
	})
}

// Nobody but the outlet's supervisor, its outlet manager or an administrator assigns; a reason is
// required and checked; the recipient must be a client manager of the client's outlet. A refusal changes
// nothing.
func TestAssignRefusesWrongPeopleAndInput(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f, p := relFixture(t, s)
		ctx := context.Background()
		rm02 := f.Staff["rm02"].ID
		for _, c := range []struct {
			who, client, reason string
			rm                  int64
			want                error
		}{
			{"rm01", "C001", "mine", rm02, store.ErrNotAllowed},
			{"teller01", "C003", "counter", rm02, store.ErrNotAllowed},
			{"lobby01", "C003", "lobby", rm02, store.ErrNotAllowed},
			{"dept1", "C003", "dept", rm02, store.ErrNotAllowed},
			{"sup03", "C003", "other outlet", rm02, domain.ErrNotFound},
			{"sup01", "C003", "  ", rm02, store.ErrInvalid},
			{"sup01", "C003", "bad\u202ereason", rm02, store.ErrInvalid},
			{"sup01", "C003", strings.Repeat("长", 201), rm02, store.ErrInvalid},
			{"sup01", "C003", "elsewhere", f.Staff["rm03"].ID, store.ErrInvalid},
			{"sup01", "C003", "not an RM", f.Staff["teller01"].ID, store.ErrInvalid},
		} {
			_, err := s.AssignClients(ctx, scopeOf(t, s, f, c.who), f.Staff[c.who].ID, p, store.RMAssignment{ClientIDs: []string{c.client}, RMID: c.rm, Reason: c.reason})
			if !errors.Is(err, c.want) {
				t.Errorf("%s assigning %s (%q): %v, want %v", c.who, c.client, c.reason, err, c.want)
			}
		}
		if rmOf(t, s, "C003") != 0 || rmOf(t, s, "C001") != f.Staff["rm01"].ID {
			t.Error("a refused assignment changed a client")
		}
		for _, who := range []string{"om01", "admin"} {
			if _, err := s.AssignClients(ctx, scopeOf(t, s, f, who), f.Staff[who].ID, p, store.RMAssignment{ClientIDs: []string{"C002"}, RMID: f.Staff["rm01"].ID, Reason: who}); err != nil {
				t.Errorf("%s: %v", who, err)
			}
		}
	})
}

// An assignment beyond the per-RM cap is refused with the figures; the outlet's supervisor may override
// it, audited with the figures; an administrator may not.
func TestCapRefusesAndOverrideAudited(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f, p := relFixture(t, s)
		ctx := context.Background()
		rm01 := f.Staff["rm01"].ID
		sup := f.Staff["sup01"]
		sc := scopeOf(t, s, f, "sup01")
		if _, err := s.AssignClients(ctx, sc, sup.ID, p, store.RMAssignment{ClientIDs: []string{"C003"}, RMID: rm01, Reason: "first"}); err != nil {
			t.Fatal(err)
		}
		_, err := s.AssignClients(ctx, sc, sup.ID, p, store.RMAssignment{ClientIDs: []string{"C005"}, RMID: rm01, Reason: "second"})
		var ce *store.CapError
		if !errors.As(err, &ce) || !errors.Is(err, store.ErrCapExceeded) || len(ce.Breaches) != 1 ||
			ce.Breaches[0] != (store.CapBreach{RMID: rm01, RMName: "钱经理", Tier: "T1", Keeps: 2, Cap: 1}) {
			t.Fatalf("beyond the cap: %v (%+v)", err, ce)
		}
		if rmOf(t, s, "C005") != 0 {
			t.Fatal("a refused assignment was applied")
		}
		if _, err := s.AssignClients(ctx, scopeOf(t, s, f, "admin"), f.Staff["admin"].ID, p,
			store.RMAssignment{ClientIDs: []string{"C005"}, RMID: rm01, Reason: "admin", OverrideCap: true}); !errors.Is(err, store.ErrNotAllowed) {
			t.Errorf("admin override: %v, want ErrNotAllowed", err)
		}
		if _, err := s.AssignClients(ctx, sc, sup.ID, p, store.RMAssignment{ClientIDs: []string{"C005"}, RMID: rm01, Reason: "主管决定", OverrideCap: true}); err != nil {
			t.Fatal(err)
		}
		if rmOf(t, s, "C005") != rm01 {
			t.Fatal("override not applied")
		}
		evs, err := s.AuditEvents(ctx, store.AuditFilter{Action: store.AuditCapOverride, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) != 1 || evs[0].ActorID != sup.ID || !strings.Contains(evs[0].Detail, `"keeps":2`) || !strings.Contains(evs[0].Detail, `"cap":1`) {
			t.Errorf("override audit %+v", evs)
		}
		evs, _ = s.AuditEvents(ctx, store.AuditFilter{Action: store.AuditClientAssign, ObjectID: "C005", Limit: 10})
		if len(evs) != 1 || !strings.Contains(evs[0].Detail, `"cap_override":true`) {
			t.Errorf("assign audit %+v", evs)
		}
	})
}

// A selection is previewed with its counts and AUM by tier against the recipient's book and cap, and
// applied whole or not at all.
func TestBulkPreviewAndAllOrNothing(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f, p := relFixture(t, s)
		ctx := context.Background()
		rm02 := f.Staff["rm02"].ID
		sup := f.Staff["sup01"]
		sc := scopeOf(t, s, f, "sup01")
		c001, err := s.Client(ctx, sc, "C001")
		if err != nil {
			t.Fatal(err)
		}
		pv, err := s.PreviewAssignment(ctx, sc, sup.ID, p, []string{"C001", "C002", "C003", "C005"}, rm02)
		if err != nil {
			t.Fatal(err)
		}
		if pv.Clients != 3 || pv.Already != 1 || pv.AUM != c001.AUM || !pv.Overridable || pv.RMName != "孙经理" {
			t.Errorf("preview %+v", pv)
		}
		tiers := map[string]store.TierLoad{}
		for _, tl := range pv.Tiers {
			tiers[tl.Tier] = tl
		}
		if tl := tiers["T1"]; tl != (store.TierLoad{Tier: "T1", Clients: 2, AUM: 0, Before: 0, After: 2, Cap: 1, Over: true}) {
			t.Errorf("T1 %+v", tl)
		}
		if tl := tiers["T4"]; tl != (store.TierLoad{Tier: "T4", Clients: 1, AUM: c001.AUM, Before: 0, After: 1, Cap: 150}) {
			t.Errorf("T4 %+v", tl)
		}
		if tl := tiers["T5"]; tl != (store.TierLoad{Tier: "T5", Clients: 0, Before: 1, After: 1, Cap: 50}) {
			t.Errorf("T5 %+v", tl)
		}
		if len(pv.Breaches) != 1 || pv.Breaches[0].Tier != "T1" {
			t.Errorf("breaches %+v", pv.Breaches)
		}
		// Refused by the cap: nothing applied.
		if _, err := s.AssignClients(ctx, sc, sup.ID, p, store.RMAssignment{ClientIDs: []string{"C001", "C003", "C005"}, RMID: rm02, Reason: "轮岗"}); !errors.Is(err, store.ErrCapExceeded) {
			t.Fatalf("bulk beyond the cap: %v", err)
		}
		// One client out of scope: nothing applied.
		if _, err := s.AssignClients(ctx, sc, sup.ID, p, store.RMAssignment{ClientIDs: []string{"C001", "C004"}, RMID: rm02, Reason: "轮岗"}); !errors.Is(err, domain.ErrNotFound) {
			t.Fatalf("bulk with a client out of scope: %v", err)
		}
		if rmOf(t, s, "C001") != f.Staff["rm01"].ID || rmOf(t, s, "C003") != 0 || rmOf(t, s, "C005") != 0 {
			t.Fatal("a refused selection was partly applied")
		}
		ch, err := s.AssignClients(ctx, sc, sup.ID, p, store.RMAssignment{ClientIDs: []string{"C001", "C003", "C005"}, RMID: rm02, Reason: "轮岗", OverrideCap: true})
		if err != nil || len(ch) != 3 {
			t.Fatalf("bulk with override: %v %+v", err, ch)
		}
		for _, id := range []string{"C001", "C003", "C005"} {
			if rmOf(t, s, id) != rm02 {
				t.Errorf("%s not assigned", id)
			}
		}
		evs, _ := s.AuditEvents(ctx, store.AuditFilter{Action: store.AuditClientAssign, Limit: 10})
		if len(evs) != 3 || !strings.Contains(evs[0].Detail, `"batch"`) {
			t.Errorf("bulk audit %+v", evs)
		}
	})
}

// A client manager asks for an unassigned client of the outlet; the outlet's supervisor rejects or approves
// it with a reason; an approval assigns the client and lapses the others' requests for it.
func TestRequestApproveReject(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f, p := relFixture(t, s)
		ctx := context.Background()
		rm01, rm02 := f.Staff["rm01"], f.Staff["rm02"]
		sup := f.Staff["sup01"]
		sc := scopeOf(t, s, f, "sup01")
		id, err := s.RequestClient(ctx, scopeOf(t, s, f, "rm01"), rm01.ID, "C003", "客户曾由我接待")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.RequestClient(ctx, scopeOf(t, s, f, "rm01"), rm01.ID, "C003", "again"); !errors.Is(err, store.ErrRequestOpen) {
			t.Errorf("second open request: %v", err)
		}
		if _, err := s.RequestClient(ctx, scopeOf(t, s, f, "rm01"), rm01.ID, "C001", "mine"); !errors.Is(err, store.ErrNotAllowed) {
			t.Errorf("request for a kept client: %v", err)
		}
		if _, err := s.RequestClient(ctx, scopeOf(t, s, f, "teller01"), f.Staff["teller01"].ID, "C003", "me"); !errors.Is(err, store.ErrNotAllowed) {
			t.Errorf("teller's request: %v", err)
		}
		if _, err := s.RequestClient(ctx, scopeOf(t, s, f, "rm01"), rm01.ID, "C005", ""); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("request without a reason: %v", err)
		}
		pending, err := s.PendingRequests(ctx, sc, sup)
		if err != nil || len(pending) != 1 || pending[0].ID != id || pending[0].StaffName != "钱经理" {
			t.Fatalf("pending %v %+v", err, pending)
		}
		if other, _ := s.PendingRequests(ctx, scopeOf(t, s, f, "sup03"), f.Staff["sup03"]); len(other) != 0 {
			t.Errorf("another outlet's supervisor sees %+v", other)
		}
		if err := s.DecideRequest(ctx, scopeOf(t, s, f, "sup03"), f.Staff["sup03"].ID, p, id, true, "ok", false); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("another outlet's supervisor decides: %v", err)
		}
		if err := s.DecideRequest(ctx, scopeOf(t, s, f, "rm02"), rm02.ID, p, id, true, "ok", false); !errors.Is(err, store.ErrNotAllowed) {
			t.Errorf("an RM decides: %v", err)
		}
		if err := s.DecideRequest(ctx, sc, sup.ID, p, id, false, "该客户由大堂经理跟进", false); err != nil {
			t.Fatal(err)
		}
		if err := s.DecideRequest(ctx, sc, sup.ID, p, id, true, "again", false); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("deciding twice: %v", err)
		}
		mine, err := s.MyRequests(ctx, rm01.ID)
		if err != nil || len(mine) != 1 || mine[0].State != "rejected" || mine[0].DecisionReason != "该客户由大堂经理跟进" || mine[0].DecidedBy != "赵主管" {
			t.Fatalf("rm01's requests %v %+v", err, mine)
		}
		id2, err := s.RequestClient(ctx, scopeOf(t, s, f, "rm01"), rm01.ID, "C003", "再次申请")
		if err != nil {
			t.Fatal(err)
		}
		id3, err := s.RequestClient(ctx, scopeOf(t, s, f, "rm02"), rm02.ID, "C003", "我也想要")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.DecideRequest(ctx, sc, sup.ID, p, id2, true, "同意", false); err != nil {
			t.Fatal(err)
		}
		if rmOf(t, s, "C003") != rm01.ID {
			t.Fatal("approval did not assign the client")
		}
		if hist, _ := s.ClientRelationships(ctx, sc, "C003"); len(hist) == 0 || hist[0].Reason != "再次申请" || hist[0].AssignedBy != "赵主管" {
			t.Errorf("the approved relationship %+v, want the request's reason", hist)
		}
		theirs, _ := s.MyRequests(ctx, rm02.ID)
		if len(theirs) != 1 || theirs[0].ID != id3 || theirs[0].State != "lapsed" {
			t.Errorf("rm02's request %+v, want lapsed", theirs)
		}
		if n := auditCount(t, s, store.AuditRelDecision, "C003"); n != 2 {
			t.Errorf("%d decisions audited, want 2", n)
		}
	})
}
