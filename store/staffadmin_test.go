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

// seedOM adds an outlet manager of OT1 to the fixture.
func seedOM(t *testing.T, s *store.Store, f storetest.Fixture) domain.Staff {
	t.Helper()
	om, err := s.CreateStaff(context.Background(), domain.Staff{Username: "om01", Name: "冯行长", Role: domain.RoleOutletManager,
		OrgID: "OT1", PasswordHash: f.Staff["rm01"].PasswordHash})
	if err != nil {
		t.Fatal(err)
	}
	return om
}

func actor(t *testing.T, st domain.Staff, outletManagers bool) store.StaffActor {
	t.Helper()
	a, err := store.StaffActorFor(st, outletManagers, "10.0.0.1")
	if err != nil {
		t.Fatalf("actor %s: %v", st.Username, err)
	}
	return a
}

// lastAudit is the newest audit event of an action.
func lastAudit(t *testing.T, s *store.Store, action string) domain.AuditEvent {
	t.Helper()
	evs, err := s.AuditEvents(context.Background(), store.AuditFilter{Action: action, Limit: 1})
	if err != nil || len(evs) == 0 {
		t.Fatalf("audit %s: %v, %d events", action, err, len(evs))
	}
	return evs[0]
}

func TestStaffActorWho(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		om := seedOM(t, s, f)
		if _, err := store.StaffActorFor(om, false, ""); !errors.Is(err, store.ErrNotAllowed) {
			t.Errorf("outlet manager without the policy: %v, want ErrNotAllowed", err)
		}
		for _, u := range []string{"dept1", "sup01", "rm01", "teller01"} {
			if _, err := store.StaffActorFor(f.Staff[u], true, ""); !errors.Is(err, store.ErrNotAllowed) {
				t.Errorf("%s: %v, want ErrNotAllowed", u, err)
			}
		}
		a := actor(t, om, true)
		if a.Admin() || a.OrgID() != "OT1" {
			t.Errorf("outlet manager's actor: admin %v, org %q", a.Admin(), a.OrgID())
		}
	})
}

func TestCreateStaffAsWithEmployeeNo(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		ctx := context.Background()
		adm := actor(t, f.Staff["admin"], false)
		hash := f.Staff["rm01"].PasswordHash
		st, err := s.CreateStaffAs(ctx, adm, domain.Staff{Username: "rm09", Name: "陈经理", Role: domain.RoleRM, OrgID: "OT2",
			EmployeeNo: " 100234 ", PasswordHash: hash, MustChangePassword: true})
		if err != nil {
			t.Fatal(err)
		}
		back, err := s.StaffByUsername(ctx, "rm09")
		if err != nil || back.EmployeeNo != "100234" || !back.MustChangePassword || back.ID != st.ID {
			t.Fatalf("read back: %+v, %v", back, err)
		}
		ev := lastAudit(t, s, domain.AuditStaffChange)
		if ev.ObjectID != "rm09" || ev.ActorID != f.Staff["admin"].ID || !strings.Contains(ev.Detail, `"employee_no":"100234"`) {
			t.Errorf("audit: %+v", ev)
		}
		// The same employee number again, a taken username, a bad number: refused, with the problem named.
		for _, c := range []struct {
			st      domain.Staff
			problem string
		}{
			{domain.Staff{Username: "rm10", Name: "甲", Role: domain.RoleRM, OrgID: "OT2", EmployeeNo: "100234", PasswordHash: hash}, "employee_no_taken"},
			{domain.Staff{Username: "rm09", Name: "乙", Role: domain.RoleRM, OrgID: "OT2", PasswordHash: hash}, "username_taken"},
			{domain.Staff{Username: "rm11", Name: "丙", Role: domain.RoleRM, OrgID: "OT2", EmployeeNo: "10 02", PasswordHash: hash}, "employee_no_format"},
			{domain.Staff{Username: "rm12", Name: "丁", Role: domain.RoleRM, OrgID: "NOPE", PasswordHash: hash}, "node_unknown"},
		} {
			_, err := s.CreateStaffAs(ctx, adm, c.st)
			var ap *store.AdminProblem
			if !errors.As(err, &ap) || ap.Problem != c.problem || !errors.Is(err, store.ErrInvalid) {
				t.Errorf("%s: %v, want %s", c.st.Username, err, c.problem)
			}
		}
		// Many without an employee number are fine (unique only when present).
		for _, u := range []string{"t1", "t2"} {
			if _, err := s.CreateStaffAs(ctx, adm, domain.Staff{Username: u, Name: u, Role: domain.RoleTeller, OrgID: "OT2", PasswordHash: hash}); err != nil {
				t.Errorf("%s without an employee number: %v", u, err)
			}
		}
	})
}

func TestOutletManagerReach(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		ctx := context.Background()
		om := seedOM(t, s, f)
		a := actor(t, om, true)
		hash := f.Staff["rm01"].PasswordHash
		if _, err := s.CreateStaffAs(ctx, a, domain.Staff{Username: "rm20", Name: "新经理", Role: domain.RoleRM, OrgID: "OT1", PasswordHash: hash}); err != nil {
			t.Fatalf("an RM in their outlet: %v", err)
		}
		for _, c := range []domain.Staff{
			{Username: "adm2", Name: "甲", Role: domain.RoleAdmin, OrgID: "OT1", PasswordHash: hash},
			{Username: "dept2", Name: "乙", Role: domain.RoleDept, OrgID: "OT1", PasswordHash: hash},
			{Username: "om02", Name: "丙", Role: domain.RoleOutletManager, OrgID: "OT1", PasswordHash: hash},
			{Username: "rm21", Name: "丁", Role: domain.RoleRM, OrgID: "OT2", PasswordHash: hash},
		} {
			if _, err := s.CreateStaffAs(ctx, a, c); !errors.Is(err, store.ErrNotAllowed) {
				t.Errorf("outlet manager creates %s (%s in %s): %v, want ErrNotAllowed", c.Username, c.Role, c.OrgID, err)
			}
		}
		rm01 := f.Staff["rm01"]
		edit := store.StaffEdit{Name: rm01.Name, Role: domain.RoleRM, OrgID: "OT2"}
		if _, err := s.UpdateStaffAs(ctx, a, rm01.ID, edit); !errors.Is(err, store.ErrNotAllowed) {
			t.Errorf("move rm01 out of the outlet: %v, want ErrNotAllowed", err)
		}
		edit = store.StaffEdit{Name: rm01.Name, Role: domain.RoleAdmin, OrgID: "OT1"}
		if _, err := s.UpdateStaffAs(ctx, a, rm01.ID, edit); !errors.Is(err, store.ErrNotAllowed) {
			t.Errorf("make rm01 an administrator: %v, want ErrNotAllowed", err)
		}
		// Staff of another outlet do not exist for them; the administrator is not theirs to touch.
		if err := s.DisableStaff(ctx, a, f.Staff["rm03"].ID); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("disable rm03 of OT3: %v, want ErrNotFound", err)
		}
		if err := s.ResetPasswordAs(ctx, a, f.Staff["admin"].ID, hash); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("reset the administrator's password: %v, want ErrNotFound", err)
		}
		list, err := s.StaffList(ctx, a, store.StaffFilter{}, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range list {
			if r.OrgID != "OT1" {
				t.Errorf("outlet manager's list holds %s of %s", r.Username, r.OrgID)
			}
		}
		if len(list) == 0 {
			t.Error("outlet manager's list is empty")
		}
		// Within the outlet: a supervisor may be made an RM.
		if _, err := s.UpdateStaffAs(ctx, a, f.Staff["sup01"].ID, store.StaffEdit{Name: "赵主管", Role: domain.RoleRM, OrgID: "OT1"}); err != nil {
			t.Errorf("change sup01's role within the outlet: %v", err)
		}
	})
}

func TestUpdateStaffAs(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		ctx := context.Background()
		adm := actor(t, f.Staff["admin"], false)
		rm01 := f.Staff["rm01"]
		st, err := s.UpdateStaffAs(ctx, adm, rm01.ID, store.StaffEdit{Name: "钱经理", Role: domain.RoleSupervisor, OrgID: "OT2", EmployeeNo: "A-7"})
		if err != nil {
			t.Fatal(err)
		}
		back, _ := s.StaffByID(ctx, rm01.ID)
		if back.Role != domain.RoleSupervisor || back.OrgID != "OT2" || back.EmployeeNo != "A-7" || st.EmployeeNo != "A-7" {
			t.Fatalf("after the change: %+v", back)
		}
		ev := lastAudit(t, s, domain.AuditStaffChange)
		for _, want := range []string{`"role":"supervisor"`, `"role_was":"rm"`, `"org":"OT2"`, `"org_was":"OT1"`, `"employee_no":"A-7"`} {
			if !strings.Contains(ev.Detail, want) {
				t.Errorf("audit detail %s lacks %s", ev.Detail, want)
			}
		}
		if strings.Contains(ev.Detail, "name") {
			t.Errorf("audit detail %s names an unchanged name", ev.Detail)
		}
		// Clearing the number frees it.
		if _, err := s.UpdateStaffAs(ctx, adm, rm01.ID, store.StaffEdit{Name: "钱经理", Role: domain.RoleSupervisor, OrgID: "OT2"}); err != nil {
			t.Fatal(err)
		}
		if back, _ := s.StaffByID(ctx, rm01.ID); back.EmployeeNo != "" {
			t.Errorf("employee number not cleared: %q", back.EmployeeNo)
		}
		// An administrator does not change their own role, and the last active one stays one.
		me := f.Staff["admin"]
		if _, err := s.UpdateStaffAs(ctx, adm, me.ID, store.StaffEdit{Name: me.Name, Role: domain.RoleDept, OrgID: "HO"}); !errors.Is(err, store.ErrSelf) {
			t.Errorf("own role: %v, want ErrSelf", err)
		}
		if _, err := s.UpdateStaffAs(ctx, store.CommandLineActor(), me.ID, store.StaffEdit{Name: me.Name, Role: domain.RoleDept, OrgID: "HO"}); !errors.Is(err, store.ErrLastAdmin) {
			t.Errorf("the last administrator made dept: %v, want ErrLastAdmin", err)
		}
		if back, _ := s.StaffByID(ctx, me.ID); back.Role != domain.RoleAdmin {
			t.Errorf("the administrator's role became %s", back.Role)
		}
	})
}

func TestDisableStaffEndsSessionsAndTokens(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		ctx := context.Background()
		adm := actor(t, f.Staff["admin"], false)
		rm02 := f.Staff["rm02"]
		if err := s.CreateSession(ctx, "h-rm02", rm02.ID, time.Now().Add(time.Hour), "10.0.0.2", "test"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateAPIToken(ctx, rm02.ID, "nightly", "tok-rm02"); err != nil {
			t.Fatal(err)
		}
		if err := s.DisableStaff(ctx, adm, rm02.ID); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.CountLiveSessions(ctx, rm02.ID); n != 0 {
			t.Errorf("%d sessions left", n)
		}
		toks, _ := s.APITokens(ctx, rm02.ID)
		if len(toks) != 1 || !toks[0].Revoked {
			t.Errorf("tokens after disabling: %+v", toks)
		}
		ev := lastAudit(t, s, domain.AuditStaffChange)
		if ev.ObjectID != "rm02" || !strings.Contains(ev.Detail, `"disable":true`) || !strings.Contains(ev.Detail, `"tokens_revoked":1`) {
			t.Errorf("audit: %+v", ev)
		}
		if err := s.EnableStaff(ctx, adm, rm02.ID); err != nil {
			t.Fatal(err)
		}
		back, _ := s.StaffByID(ctx, rm02.ID)
		toks, _ = s.APITokens(ctx, rm02.ID)
		if back.Disabled || !toks[0].Revoked {
			t.Errorf("after enabling: disabled %v, token revoked %v", back.Disabled, toks[0].Revoked)
		}
		if ev := lastAudit(t, s, domain.AuditStaffChange); !strings.Contains(ev.Detail, `"enable":true`) {
			t.Errorf("enable audit: %s", ev.Detail)
		}
		// Nobody disables themselves; the last active administrator is not disabled.
		if err := s.DisableStaff(ctx, adm, f.Staff["admin"].ID); !errors.Is(err, store.ErrSelf) {
			t.Errorf("disable oneself: %v, want ErrSelf", err)
		}
		if err := s.DisableStaff(ctx, store.CommandLineActor(), f.Staff["admin"].ID); !errors.Is(err, store.ErrLastAdmin) {
			t.Errorf("disable the last administrator: %v, want ErrLastAdmin", err)
		}
		// With a second administrator, the first may be disabled by the command line.
		adm2, err := s.CreateStaffAs(ctx, adm, domain.Staff{Username: "admin2", Name: "副管理员", Role: domain.RoleAdmin, OrgID: "HO",
			PasswordHash: rm02.PasswordHash})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.DisableStaff(ctx, store.CommandLineActor(), adm2.ID); err != nil {
			t.Errorf("disable a second administrator: %v", err)
		}
		if ev := lastAudit(t, s, domain.AuditStaffChange); !strings.Contains(ev.Detail, `"by":"command line"`) || ev.ActorID != 0 {
			t.Errorf("command line audit: %+v", ev)
		}
	})
}

func TestResetPasswordAsMustChange(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		ctx := context.Background()
		adm := actor(t, f.Staff["admin"], false)
		rm01 := f.Staff["rm01"]
		if err := s.CreateSession(ctx, "h-rm01", rm01.ID, time.Now().Add(time.Hour), "10.0.0.2", "test"); err != nil {
			t.Fatal(err)
		}
		if err := s.ResetPasswordAs(ctx, adm, rm01.ID, "new-hash"); err != nil {
			t.Fatal(err)
		}
		back, _ := s.StaffByID(ctx, rm01.ID)
		if !back.MustChangePassword || back.PasswordHash != "new-hash" {
			t.Fatalf("after reset: must change %v, hash %q", back.MustChangePassword, back.PasswordHash)
		}
		if n, _ := s.CountLiveSessions(ctx, rm01.ID); n != 0 {
			t.Errorf("%d sessions left after a reset", n)
		}
		ev := lastAudit(t, s, store.AuditPasswordReset)
		if ev.ObjectID != "rm01" || ev.ActorID != f.Staff["admin"].ID || strings.Contains(ev.Detail, "hash") {
			t.Errorf("audit: %+v", ev)
		}
		// The person's own change clears the flag.
		if err := s.SetPassword(ctx, rm01.ID, "own-hash", ""); err != nil {
			t.Fatal(err)
		}
		if back, _ := s.StaffByID(ctx, rm01.ID); back.MustChangePassword {
			t.Error("must-change flag survives the person's own change")
		}
		if err := s.ResetPasswordAs(ctx, adm, f.Staff["admin"].ID, "x"); !errors.Is(err, store.ErrSelf) {
			t.Errorf("reset own password: %v, want ErrSelf", err)
		}
	})
}

func TestStaffListLastLogin(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		ctx := context.Background()
		rm01 := f.Staff["rm01"]
		at := time.Date(2026, 3, 2, 1, 30, 0, 0, time.UTC)
		for _, ev := range []domain.AuditEvent{
			{At: at.Add(-time.Hour), ActorID: rm01.ID, Action: domain.AuditLogin, ObjectType: "staff", ObjectID: "rm01"},
			{At: at, ActorID: rm01.ID, Action: domain.AuditLogin, ObjectType: "staff", ObjectID: "rm01"},
			{At: at.Add(time.Hour), ActorID: rm01.ID, Action: domain.AuditClientView, ObjectType: "client", ObjectID: "C001"},
		} {
			if err := s.Audit(ctx, ev); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.CreateAPIToken(ctx, rm01.ID, "report", "tok1"); err != nil {
			t.Fatal(err)
		}
		list, err := s.StaffList(ctx, actor(t, f.Staff["admin"], false), store.StaffFilter{}, time.Now().Add(-24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, r := range list {
			if r.PasswordHash != "" {
				t.Errorf("%s: the list carries a password hash", r.Username)
			}
			switch r.Username {
			case "rm01":
				found = true
				if !r.LastLogin.Equal(at) || r.LiveTokens != 1 || r.OrgName != "解放路网点" {
					t.Errorf("rm01: last login %v (want %v), tokens %d, org %q", r.LastLogin, at, r.LiveTokens, r.OrgName)
				}
			case "rm02":
				if !r.LastLogin.IsZero() {
					t.Errorf("rm02 never signed in, last login %v", r.LastLogin)
				}
			}
		}
		if !found || len(list) != len(f.Staff) {
			t.Errorf("list of %d, fixture has %d", len(list), len(f.Staff))
		}
		only, _ := s.StaffList(ctx, actor(t, f.Staff["admin"], false), store.StaffFilter{Role: domain.RoleRM, Q: "RM0"}, time.Time{})
		if len(only) != 3 {
			t.Errorf("filter rm + q: %d rows, want 3", len(only))
		}
	})
}

func TestOrgAddAndRename(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		ctx := context.Background()
		adm := actor(t, f.Staff["admin"], false)
		u, err := s.AddOrgAs(ctx, adm, domain.OrgUnit{ID: "OT9", ParentID: "SB2", Level: domain.LevelOutlet, Name: "新华路网点"})
		if err != nil || u.Path != "/HO/BR1/SB2/OT9/" {
			t.Fatalf("add: %+v, %v", u, err)
		}
		if ev := lastAudit(t, s, store.AuditOrgChange); ev.ObjectID != "OT9" || !strings.Contains(ev.Detail, `"created":true`) {
			t.Errorf("audit: %+v", ev)
		}
		for _, c := range []struct {
			u       domain.OrgUnit
			problem string
		}{
			{domain.OrgUnit{ID: "OT9", ParentID: "SB2", Level: domain.LevelOutlet, Name: "重复"}, "node_exists"},
			{domain.OrgUnit{ID: "BR9", ParentID: "OT1", Level: domain.LevelBranch, Name: "错位"}, "node_placement"},
			{domain.OrgUnit{ID: "OTX", ParentID: "NOPE", Level: domain.LevelOutlet, Name: "无上级"}, "node_unknown"},
			{domain.OrgUnit{ID: "A B", ParentID: "SB2", Level: domain.LevelOutlet, Name: "空格"}, "node_id_format"},
		} {
			_, err := s.AddOrgAs(ctx, adm, c.u)
			var ap *store.AdminProblem
			if !errors.As(err, &ap) || ap.Problem != c.problem {
				t.Errorf("add %s: %v, want %s", c.u.ID, err, c.problem)
			}
		}
		if err := s.RenameOrgAs(ctx, adm, "OT1", "解放路营业部"); err != nil {
			t.Fatal(err)
		}
		if o, _ := s.Org(ctx, "OT1"); o.Name != "解放路营业部" || o.Path != "/HO/BR1/SB1/OT1/" {
			t.Errorf("renamed: %+v", o)
		}
		if ev := lastAudit(t, s, store.AuditOrgChange); !strings.Contains(ev.Detail, `"name_was":"解放路网点"`) {
			t.Errorf("rename audit: %s", ev.Detail)
		}
		om := seedOM(t, s, f)
		if err := s.RenameOrgAs(ctx, actor(t, om, true), "OT1", "改名"); !errors.Is(err, store.ErrNotAllowed) {
			t.Errorf("outlet manager renames: %v, want ErrNotAllowed", err)
		}
	})
}
