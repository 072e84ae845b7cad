package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// addOM adds an outlet manager of OT1 who signs in with the fixture's password.
func (e *env) addOM() domain.Staff {
	e.t.Helper()
	om, err := e.st.CreateStaff(context.Background(), domain.Staff{Username: "om01", Name: "冯行长", Role: domain.RoleOutletManager,
		OrgID: "OT1", PasswordHash: e.fx.Staff["rm01"].PasswordHash})
	if err != nil {
		e.t.Fatal(err)
	}
	return om
}

var oneTimeRE = regexp.MustCompile(`<code id="one-time-password">([^<]+)</code>`)

func oneTime(t *testing.T, body string) string {
	t.Helper()
	m := oneTimeRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no one-time password on the page:\n%s", body)
	}
	return m[1]
}

// Only administrators (and outlet managers when the policy lets them) reach the staff pages and their
// forms: everyone else gets 403 on every route, and nothing changes.
func TestStaffAdminRefusesOthers(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		e.addOM()
		rm02 := strconv.FormatInt(e.fx.Staff["rm02"].ID, 10)
		routes := []struct{ method, path string }{
			{"GET", "/admin/staff"}, {"POST", "/admin/staff"}, {"GET", "/admin/staff/export/csv"}, {"GET", "/admin/staff/export/xlsx"},
			{"GET", "/admin/staff/" + rm02}, {"POST", "/admin/staff/" + rm02}, {"POST", "/admin/staff/" + rm02 + "/disable"},
			{"POST", "/admin/staff/" + rm02 + "/enable"}, {"POST", "/admin/staff/" + rm02 + "/unlock"},
			{"POST", "/admin/staff/" + rm02 + "/reset-password"}, {"GET", "/admin/org"}, {"POST", "/admin/org"}, {"POST", "/admin/org/OT1"},
		}
		form := url.Values{"username": {"x99"}, "name": {"某某"}, "role": {"admin"}, "org": {"OT1"}, "id": {"OT9"}, "parent": {"SB1"},
			"level": {"outlet"}}
		for _, who := range []string{"rm01", "sup01", "dept1", "teller01", "lobby01", "om01"} {
			b := e.login(who)
			if strings.Contains(b.get("/").Body.String(), `id="nav-staff"`) {
				t.Errorf("%s sees the staff link", who)
			}
			for _, rt := range routes {
				var rec = b.get(rt.path)
				if rt.method == "POST" {
					rec = b.post(rt.path, form)
				}
				if rec.Code != http.StatusForbidden {
					t.Errorf("%s %s %s: status %d, want 403", who, rt.method, rt.path, rec.Code)
				}
			}
		}
		if s, _ := e.st.StaffByID(context.Background(), e.fx.Staff["rm02"].ID); s.Disabled || s.MustChangePassword {
			t.Errorf("rm02 changed by refused requests: %+v", s)
		}
		if _, err := e.st.StaffByUsername(context.Background(), "x99"); err == nil {
			t.Error("a refused request created x99")
		}
		if !strings.Contains(e.login("admin").get("/").Body.String(), `id="nav-staff"`) {
			t.Error("the administrator has no staff link")
		}
	})
}

// An administrator adds a member of staff: the page shows a one-time password that passes the rules;
// with it the person signs in only to the password page, and once they have chosen a new one, works.
func TestStaffAdminCreateWithOneTimePassword(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		admin := e.login("admin")
		rec := admin.post("/admin/staff", url.Values{"username": {"rm20"}, "name": {"新经理"}, "role": {"rm"}, "org": {"OT2"},
			"employee_no": {"100777"}})
		wantStatus(t, rec, http.StatusOK, "create")
		pw := oneTime(t, rec.Body.String())
		if err := auth.CheckPasswordRules(pw, "rm20", e.srv.policy.Security.PasswordMinLength); err != nil {
			t.Errorf("one-time password %q breaks the rules: %v", pw, err)
		}
		created, err := e.st.StaffByUsername(context.Background(), "rm20")
		if err != nil || created.EmployeeNo != "100777" || !created.MustChangePassword || created.OrgID != "OT2" {
			t.Fatalf("created: %+v, %v", created, err)
		}
		list := admin.get("/admin/staff?q=rm20").Body.String()
		if !strings.Contains(list, "100777") || !strings.Contains(list, "待修改初始密码") {
			t.Errorf("the list does not show rm20's employee number and state")
		}
		// The new person signs in with it and is sent to the password page, wherever they go.
		b := e.anon()
		rec = b.post("/login", url.Values{"username": {"rm20"}, "password": {pw}})
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/password" {
			t.Fatalf("first sign-in: %d to %q", rec.Code, rec.Header().Get("Location"))
		}
		if rec := b.get("/clients"); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/password" {
			t.Errorf("before changing it: /clients gives %d to %q", rec.Code, rec.Header().Get("Location"))
		}
		if page := b.get("/password").Body.String(); !strings.Contains(page, `id="password-one-time"`) {
			t.Error("the password page does not say the password is a one-time one")
		}
		rec = b.post("/password", url.Values{"current": {pw}, "new": {"Xinmima-2026"}, "confirm": {"Xinmima-2026"}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("change the one-time password: %d %s", rec.Code, rec.Body.String())
		}
		wantStatus(t, b.get("/clients"), http.StatusOK, "after the change")
		// A form without a node is refused with words.
		rec = admin.post("/admin/staff", url.Values{"username": {"rm21"}, "name": {"无机构"}, "role": {"rm"}, "org": {""}})
		wantStatus(t, rec, http.StatusUnprocessableEntity, "no node")
		if !strings.Contains(rec.Body.String(), "请选择所属机构") || !strings.Contains(rec.Body.String(), `value="无机构"`) {
			t.Errorf("no node: not worded, or the form not offered again")
		}
		// A taken username is refused with words, and the form is offered again.
		rec = admin.post("/admin/staff", url.Values{"username": {"rm20"}, "name": {"重名"}, "role": {"rm"}, "org": {"OT2"}})
		wantStatus(t, rec, http.StatusUnprocessableEntity, "taken username")
		if !strings.Contains(rec.Body.String(), "用户名 rm20 已被使用") {
			t.Errorf("refusal not worded")
		}
	})
}

// Changing role, node and employee number is audited, and the audit page shows words, not codes.
func TestStaffAdminChangeIsAuditedInWords(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		admin := e.login("admin")
		id := strconv.FormatInt(e.fx.Staff["rm02"].ID, 10)
		rec := admin.post("/admin/staff/"+id, url.Values{"name": {"孙经理"}, "role": {"supervisor"}, "org": {"OT2"}, "employee_no": {"A-9"}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("update: %d %s", rec.Code, rec.Body.String())
		}
		s, _ := e.st.StaffByID(context.Background(), e.fx.Staff["rm02"].ID)
		if s.Role != domain.RoleSupervisor || s.OrgID != "OT2" || s.EmployeeNo != "A-9" {
			t.Fatalf("after update: %+v", s)
		}
		page := admin.get("/audit?action=staff_change").Body.String()
		for _, want := range []string{"原岗位", "客户经理", "客户经理主管", "原机构", "工号", "A-9"} {
			if !strings.Contains(page, want) {
				t.Errorf("audit page lacks %q", want)
			}
		}
		for _, code := range []string{"role_was", "org_was", "employee_no"} {
			if strings.Contains(page, ">"+code+"<") {
				t.Errorf("audit page shows the code %s", code)
			}
		}
		// A taken employee number is refused in words.
		rm01 := strconv.FormatInt(e.fx.Staff["rm01"].ID, 10)
		rec = admin.post("/admin/staff/"+rm01, url.Values{"name": {"钱经理"}, "role": {"rm"}, "org": {"OT1"}, "employee_no": {"A-9"}})
		wantStatus(t, rec, http.StatusUnprocessableEntity, "taken employee number")
		if !strings.Contains(rec.Body.String(), "工号 A-9 已登记给其他员工") {
			t.Error("taken employee number not worded")
		}
	})
}

// Disabling ends the person's sessions and revokes their tokens; nobody disables themselves.
func TestStaffAdminDisableEnable(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		admin := e.login("admin")
		rm02 := e.login("rm02")
		ctx := context.Background()
		tok, err := e.auth.CreateAPIToken(ctx, 0, e.fx.Staff["rm02"].ID, "script")
		if err != nil {
			t.Fatal(err)
		}
		id := strconv.FormatInt(e.fx.Staff["rm02"].ID, 10)
		if rec := admin.post("/admin/staff/"+id+"/disable", nil); rec.Code != http.StatusSeeOther {
			t.Fatalf("disable: %d %s", rec.Code, rec.Body.String())
		}
		if rec := rm02.get("/clients"); rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/login") {
			t.Errorf("rm02's session survives disabling: %d", rec.Code)
		}
		if rec := e.anon().get("/api/v1/me", "Authorization", "Bearer "+tok); rec.Code != http.StatusUnauthorized {
			t.Errorf("rm02's token after disabling: %d", rec.Code)
		}
		page := admin.get("/admin/staff/" + id).Body.String()
		if !strings.Contains(page, `data-state="disabled"`) || !strings.Contains(page, "已吊销") {
			t.Errorf("the person's page does not show the disabled account and revoked token")
		}
		if rec := admin.post("/admin/staff/"+id+"/enable", nil); rec.Code != http.StatusSeeOther {
			t.Fatalf("enable: %d", rec.Code)
		}
		if s, _ := e.st.StaffByID(ctx, e.fx.Staff["rm02"].ID); s.Disabled {
			t.Error("still disabled")
		}
		self := strconv.FormatInt(e.fx.Staff["admin"].ID, 10)
		rec := admin.post("/admin/staff/"+self+"/disable", nil)
		wantStatus(t, rec, http.StatusUnprocessableEntity, "disable oneself")
		if !strings.Contains(rec.Body.String(), "不能对本人账户执行此操作") {
			t.Error("self-disable refusal not worded")
		}
		if s, _ := e.st.StaffByID(ctx, e.fx.Staff["admin"].ID); s.Disabled {
			t.Error("the administrator disabled themselves")
		}
	})
}

// A reset gives a one-time password shown once; the person's sessions end, and the old password no longer
// opens a session.
func TestStaffAdminResetPassword(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		admin := e.login("admin")
		rm01 := e.login("rm01")
		id := strconv.FormatInt(e.fx.Staff["rm01"].ID, 10)
		rec := admin.post("/admin/staff/"+id+"/reset-password", nil)
		wantStatus(t, rec, http.StatusOK, "reset")
		pw := oneTime(t, rec.Body.String())
		if rec := rm01.get("/clients"); rec.Code != http.StatusSeeOther {
			t.Errorf("rm01's session survives the reset: %d", rec.Code)
		}
		if rec := e.anon().post("/login", url.Values{"username": {"rm01"}, "password": {storetest.Password}}); rec.Code != http.StatusUnauthorized {
			t.Errorf("the old password still works: %d", rec.Code)
		}
		rec = e.anon().post("/login", url.Values{"username": {"rm01"}, "password": {pw}})
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/password" {
			t.Errorf("sign-in with the one-time password: %d to %q", rec.Code, rec.Header().Get("Location"))
		}
		// The page shown later never carries it again.
		if strings.Contains(admin.get("/admin/staff/"+id).Body.String(), pw) {
			t.Error("the one-time password is shown again")
		}
		page := admin.get("/audit?action=password_reset").Body.String()
		if !strings.Contains(page, "重置密码") || !strings.Contains(page, "须修改初始密码") {
			t.Error("the audit page does not word the reset")
		}
	})
}

// After failed sign-ins lock a username, the person's page says so and an administrator lifts the lock.
func TestStaffAdminUnlock(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		admin := e.login("admin")
		b := e.anon()
		b.addr = "192.0.2.77"
		for range e.srv.policy.Security.LockoutAttempts {
			b.post("/login", url.Values{"username": {"rm02"}, "password": {"wrong-1"}})
		}
		if rec := b.post("/login", url.Values{"username": {"rm02"}, "password": {storetest.Password}}); rec.Code != http.StatusLocked {
			t.Fatalf("not locked: %d", rec.Code)
		}
		id := strconv.FormatInt(e.fx.Staff["rm02"].ID, 10)
		if page := admin.get("/admin/staff/" + id).Body.String(); !strings.Contains(page, "在 1 个终端被锁定") || !strings.Contains(page, `id="staff-unlock"`) {
			t.Errorf("the page does not show the lock")
		}
		if rec := admin.post("/admin/staff/"+id+"/unlock", nil); rec.Code != http.StatusSeeOther {
			t.Fatalf("unlock: %d", rec.Code)
		}
		if rec := b.post("/login", url.Values{"username": {"rm02"}, "password": {storetest.Password}}); rec.Code != http.StatusSeeOther {
			t.Errorf("after unlock: %d", rec.Code)
		}
		if page := admin.get("/audit?action=staff_change").Body.String(); !strings.Contains(page, "解锁") || !strings.Contains(page, "解除的锁定数") {
			t.Error("the unlock is not on the audit page")
		}
	})
}

// With the policy switch on, an outlet manager administers their own outlet's working staff, and nothing
// beyond it.
func TestStaffAdminOutletManager(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		e.addOM()
		e.srv.policy.Security.OutletManagersManageStaff = true
		om := e.login("om01")
		if !strings.Contains(om.get("/").Body.String(), `id="nav-staff"`) {
			t.Error("the outlet manager has no staff link")
		}
		list := om.get("/admin/staff").Body.String()
		if !strings.Contains(list, `data-username="rm01"`) || strings.Contains(list, `data-username="rm03"`) || strings.Contains(list, `data-username="admin"`) {
			t.Errorf("the outlet manager's list is not their outlet's")
		}
		if rec := om.post("/admin/staff", url.Values{"username": {"adm9"}, "name": {"甲"}, "role": {"admin"}, "org": {"OT1"}}); rec.Code != http.StatusForbidden {
			t.Errorf("create an administrator: %d, want 403", rec.Code)
		}
		if rec := om.post("/admin/staff", url.Values{"username": {"dept9"}, "name": {"乙"}, "role": {"dept"}, "org": {"OT1"}}); rec.Code != http.StatusForbidden {
			t.Errorf("create a dept user: %d, want 403", rec.Code)
		}
		if rec := om.post("/admin/staff", url.Values{"username": {"rm29"}, "name": {"丙"}, "role": {"rm"}, "org": {"OT2"}}); rec.Code != http.StatusForbidden {
			t.Errorf("create an RM in another outlet: %d, want 403", rec.Code)
		}
		rm01 := strconv.FormatInt(e.fx.Staff["rm01"].ID, 10)
		if rec := om.post("/admin/staff/"+rm01, url.Values{"name": {"钱经理"}, "role": {"rm"}, "org": {"OT2"}}); rec.Code != http.StatusForbidden {
			t.Errorf("move rm01 out of the outlet: %d, want 403", rec.Code)
		}
		rm03 := strconv.FormatInt(e.fx.Staff["rm03"].ID, 10)
		if rec := om.post("/admin/staff/"+rm03+"/disable", nil); rec.Code != http.StatusNotFound {
			t.Errorf("disable rm03 of another outlet: %d, want 404", rec.Code)
		}
		if rec := om.get("/admin/org"); rec.Code != http.StatusForbidden {
			t.Errorf("the tree: %d, want 403", rec.Code)
		}
		rec := om.post("/admin/staff", url.Values{"username": {"rm29"}, "name": {"丁经理"}, "role": {"rm"}, "org": {"OT1"}})
		wantStatus(t, rec, http.StatusOK, "create an RM in the outlet")
		if rec := om.post("/admin/staff/"+rm01+"/disable", nil); rec.Code != http.StatusSeeOther {
			t.Errorf("disable rm01 of the outlet: %d", rec.Code)
		}
		for _, u := range []string{"adm9", "dept9"} {
			if _, err := e.st.StaffByUsername(context.Background(), u); err == nil {
				t.Errorf("%s was created", u)
			}
		}
		if s, _ := e.st.StaffByID(context.Background(), e.fx.Staff["rm03"].ID); s.Disabled {
			t.Error("rm03 was disabled")
		}
	})
}

// An administrator adds and renames nodes of the tree; both are audited.
func TestStaffAdminOrgTree(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		admin := e.login("admin")
		rec := admin.post("/admin/org", url.Values{"id": {"OT9"}, "parent": {"SB2"}, "level": {"outlet"}, "name": {"新华路网点"}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("add: %d %s", rec.Code, rec.Body.String())
		}
		rec = admin.post("/admin/org", url.Values{"id": {"OT9"}, "parent": {"SB2"}, "level": {"outlet"}, "name": {"重复"}})
		wantStatus(t, rec, http.StatusUnprocessableEntity, "add a taken code")
		if !strings.Contains(rec.Body.String(), "机构代码 OT9 已存在") {
			t.Error("taken code not worded")
		}
		if rec := admin.post("/admin/org/OT9", url.Values{"name": {"新华路营业部"}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("rename: %d", rec.Code)
		}
		page := admin.get("/admin/org").Body.String()
		if !strings.Contains(page, `data-org-id="OT9"`) || !strings.Contains(page, "新华路营业部") {
			t.Error("the tree lacks the new node's new name")
		}
		audit := admin.get("/audit?action=org_change").Body.String()
		for _, want := range []string{"机构变更", "原名称", "新华路网点", "网点"} {
			if !strings.Contains(audit, want) {
				t.Errorf("audit page lacks %q", want)
			}
		}
	})
}

// The staff list exports to CSV and Excel, audited.
func TestStaffAdminExport(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		admin := e.login("admin")
		rec := admin.get("/admin/staff/export/csv?role=rm")
		wantStatus(t, rec, http.StatusOK, "csv")
		body := rec.Body.String()
		if !strings.Contains(body, "用户名,姓名,工号,岗位") || !strings.Contains(body, "rm01,钱经理,,客户经理,解放路网点,正常") || strings.Contains(body, "teller01") {
			t.Errorf("csv:\n%s", body)
		}
		wantStatus(t, admin.get("/admin/staff/export/xlsx"), http.StatusOK, "xlsx")
		evs, err := e.st.AuditEvents(context.Background(), store.AuditFilter{Action: domain.AuditExport, ObjectType: "staff_list"})
		if err != nil || len(evs) != 2 {
			t.Errorf("export audits: %d, %v", len(evs), err)
		}
	})
}
