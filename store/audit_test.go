package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// The audit log a person reads is scoped like client data: an outlet's supervisor reads the events of
// the outlet's staff and clients only, the department its subtree's, an administrator everything.
func TestAuditLogIsScoped(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		ctx := context.Background()
		rm01, rm03, admin := f.Staff["rm01"], f.Staff["rm03"], f.Staff["admin"]
		for _, ev := range []domain.AuditEvent{
			{ActorID: rm01.ID, Action: domain.AuditLogin, ObjectType: "staff", ObjectID: "rm01", IP: "10.1.0.1"},
			{ActorID: rm01.ID, Action: domain.AuditClientView, ObjectType: "client", ObjectID: "C001", IP: "10.1.0.1"},
			{ActorID: rm03.ID, Action: domain.AuditLogin, ObjectType: "staff", ObjectID: "rm03", IP: "10.3.0.3"},
			{ActorID: rm03.ID, Action: domain.AuditExport, ObjectType: "client_list", ObjectID: "csv",
				Detail: `{"filter":{"q":"13655556666"}}`, IP: "10.3.0.3"},
			{ActorID: rm03.ID, Action: domain.AuditClientView, ObjectType: "client", ObjectID: "C004", IP: "10.3.0.3"},
			// An administrator at head office views an OT1 client: OT1's event (the client's outlet).
			{ActorID: admin.ID, Action: domain.AuditClientView, ObjectType: "client", ObjectID: "C002", IP: "10.0.0.9"},
			// A change from the command line about rm03: OT3's event (the person's node).
			{Action: domain.AuditStaffChange, ObjectType: "staff", ObjectID: "rm03", Detail: `{"disable":true}`},
			// A failed login under no account: nobody's node.
			{Action: domain.AuditLoginFailed, ObjectType: "staff", Detail: `{"reason":"unknown user"}`, IP: "203.0.113.5"},
		} {
			if err := s.Audit(ctx, ev); err != nil {
				t.Fatal(err)
			}
		}
		read := func(username string) (objects, ips string) {
			st := f.Staff[username]
			org, err := s.Org(ctx, st.OrgID)
			if err != nil {
				t.Fatal(err)
			}
			evs, err := s.AuditLog(ctx, access.ScopeFor(st, org), store.AuditFilter{})
			if err != nil {
				t.Fatal(err)
			}
			var o, i []string
			for k := len(evs) - 1; k >= 0; k-- {
				e := evs[k]
				o = append(o, e.Action+":"+e.ObjectID+e.Detail)
				i = append(i, e.IP)
			}
			return strings.Join(o, " "), strings.Join(i, " ")
		}
		objects, ips := read("sup01")
		if objects != "login:rm01 client_view:C001 client_view:C002" {
			t.Errorf("sup01 (OT1) reads %s", objects)
		}
		if strings.Contains(ips, "10.3.0.3") || strings.Contains(ips, "203.0.113.5") || strings.Contains(objects, "13655556666") {
			t.Errorf("sup01 reads another outlet's addresses or searches: %s / %s", objects, ips)
		}
		// The department of sub-branch SB1 (outlets OT1, OT2) reads the same; OT3 is under SB2.
		if got, _ := read("dept1"); got != "login:rm01 client_view:C001 client_view:C002" {
			t.Errorf("dept1 (SB1) reads %s", got)
		}
		if got, _ := read("admin"); strings.Count(got, ":") < 8 || !strings.Contains(got, "login_failed") {
			t.Errorf("admin reads %s", got)
		}
		// OT3's supervisor would read OT3's own, including the command-line change about rm03.
		sup03, err := s.CreateStaff(ctx, domain.Staff{Username: "sup03", Role: domain.RoleSupervisor, OrgID: "OT3", PasswordHash: "x"})
		if err != nil {
			t.Fatal(err)
		}
		f.Staff["sup03"] = sup03
		if got, _ := read("sup03"); got != `login:rm03 export:csv{"filter":{"q":"13655556666"}} client_view:C004 staff_change:rm03{"disable":true}` {
			t.Errorf("sup03 (OT3) reads %s", got)
		}
		// A filter narrows within the scope, never beyond it.
		org, _ := s.Org(ctx, "OT1")
		evs, err := s.AuditLog(ctx, access.ScopeFor(f.Staff["sup01"], org), store.AuditFilter{ActorID: rm03.ID})
		if err != nil || len(evs) != 0 {
			t.Errorf("sup01 filtering by rm03: %d events, %v", len(evs), err)
		}
		// The zero scope reads nothing.
		if evs, err := s.AuditLog(ctx, access.Scope{}, store.AuditFilter{}); err != nil || len(evs) != 0 {
			t.Errorf("zero scope: %d events, %v", len(evs), err)
		}
	})
}

// Migration 0018 blanks the names recorded by failed logins under no account (often a password typed into
// the name field), keeps those of real accounts, and revokes the live tokens of people already disabled.
func TestUpgradeForgetsTypedNamesAndRevokesTokensOfDisabled(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			s := storeAt(t, engine, 17)
			f := storetest.Seed(t, s)
			for _, ev := range []domain.AuditEvent{
				{Action: domain.AuditLoginFailed, ObjectType: "staff", ObjectID: "MySecret2026", Detail: `{"reason":"unknown user"}`, IP: "203.0.113.4"},
				{ActorID: f.Staff["rm01"].ID, Action: domain.AuditLoginFailed, ObjectType: "staff", ObjectID: "rm01", Detail: `{"reason":"wrong password"}`},
			} {
				if err := s.Audit(ctx, ev); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := s.CreateAPIToken(ctx, f.Staff["rm02"].ID, "old script", "hash-rm02"); err != nil {
				t.Fatal(err)
			}
			if _, err := s.CreateAPIToken(ctx, f.Staff["rm01"].ID, "calendar", "hash-rm01"); err != nil {
				t.Fatal(err)
			}
			if _, err := s.DB().ExecContext(ctx, s.Rebind("UPDATE staff SET disabled = TRUE WHERE staff_id = ?"), f.Staff["rm02"].ID); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			evs, err := s.AuditEvents(ctx, store.AuditFilter{Action: domain.AuditLoginFailed})
			if err != nil || len(evs) != 2 {
				t.Fatalf("%d events, %v", len(evs), err)
			}
			if evs[0].ObjectID != "rm01" || evs[1].ObjectID != "" || evs[1].IP != "203.0.113.4" {
				t.Errorf("after 0018: %q (%s), %q (%s)", evs[0].ObjectID, evs[0].IP, evs[1].ObjectID, evs[1].IP)
			}
			// The disabled person's token is revoked, even once they are enabled again; rm01's still works.
			if err := s.SetDisabled(ctx, f.Staff["rm02"].ID, false); err != nil {
				t.Fatal(err)
			}
			if _, err := s.StaffByAPIToken(ctx, "hash-rm02", time.Time{}); !errors.Is(err, domain.ErrNotFound) {
				t.Errorf("the token of a disabled person survived the upgrade: %v", err)
			}
			if _, err := s.StaffByAPIToken(ctx, "hash-rm01", time.Time{}); err != nil {
				t.Errorf("rm01's token: %v", err)
			}
		})
	}
}
