package pipeline

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
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

// Contact overdue and phone stale over twelve nights. C1 (T5, weekly) was first rated on 2026-11-01, so its
// contact is due 11-08 (a Sunday); with 2 working days of grace it is overdue on Wednesday 11-11, not
// before, and alerts once however many nights follow; a contact that reaches the client closes the alert.
// C4 (T3) had its phone verified on 2025-11-05: it goes stale on 2026-11-05, found that night by date; C2
// (T2) was verified recently, C3 is T1: neither alerts.
func TestUpkeepAlerts(t *testing.T) {
	dir := t.TempDir()
	batchSpec{date: "20261101", acctMode: "full", files: map[string][]string{
		"ORG": orgFile, "PROD": prodFile,
		"CUST": {custHeader,
			"C1|张伟|01|110101199003071233|M|19900307|13800138000|OT1|20200101|normal",
			"C2|李娜|01|11010519491231002X|F|19491231|13900139000|OT1|20210101|normal",
			"C3|王芳|01|110101199003071233|F|19900307|13700137000|OT1|20220101|normal",
			"C4|赵敏|01|110101199003071233|F|19900307|13600136000|OT1|20150101|normal"},
		"ACCT": {acctHeader,
			"A1|C1|DEP|CNY|3500000.00|20200101||active",
			"A2|C2|DEP|CNY|80000.00|20210101||active",
			"A3|C3|DEP|CNY|100.00|20220101||active",
			"A4|C4|DEP|CNY|300000.00|20150101||active"},
	}}.write(t, dir)
	for day := domain.NewDate(2026, 11, 2); !day.After(domain.NewDate(2026, 11, 12)); day = day.AddDays(1) {
		batchSpec{date: day.Time().Format("20060102"), files: map[string][]string{}}.write(t, dir)
	}
	p := policy.Default()
	rr, _ := rating.New(p)
	ar, _ := alerts.New(p, rr)
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		opts := Options{ReportDir: filepath.Join(t.TempDir(), "r"), Rules: rr, Alerts: ar, Calendar: calendar.Default()}
		// The first night alerted every phone never verified; these were verified, as the bank records say.
		if _, err := Import(ctx, st, []string{filepath.Join(dir, "BATCH_20261101")}, opts); err != nil {
			t.Fatal(err)
		}
		for id, on := range map[string]domain.Date{"C2": domain.NewDate(2026, 10, 1), "C4": domain.NewDate(2025, 11, 5), "C1": domain.NewDate(2026, 10, 1)} {
			if _, err := st.DB().ExecContext(ctx, st.Rebind("UPDATE clients SET phone_verified_on = ? WHERE client_id = ?"), on, id); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := st.DB().ExecContext(ctx, "DELETE FROM alerts WHERE rule = 'phone_stale'"); err != nil {
			t.Fatal(err)
		}
		upkeep := func() []string {
			var out []string
			for _, l := range alertLines(t, st) {
				if c, _, _ := cut3(l); c == "contact_overdue" || c == "phone_stale" {
					out = append(out, l)
				}
			}
			return out
		}
		for day := domain.NewDate(2026, 11, 2); !day.After(domain.NewDate(2026, 11, 12)); day = day.AddDays(1) {
			if _, err := Import(ctx, st, []string{filepath.Join(dir, "BATCH_"+day.Time().Format("20060102"))}, opts); err != nil {
				t.Fatal(err)
			}
			got := upkeep()
			var want []string
			if !day.Before(domain.NewDate(2026, 11, 11)) {
				want = append(want, "C1 contact_overdue due:2026-11-08 2026-11-11 outlet_manager")
			}
			if !day.Before(domain.NewDate(2026, 11, 5)) {
				want = append(want, "C4 phone_stale verified:2025-11-05 2026-11-05 supervisor")
			}
			if !slices.Equal(got, want) {
				t.Fatalf("after the night of %s:\n got %q\nwant %q", day, got, want)
			}
		}
		// A contact that reaches C1 closes the overdue alert; a phone call also verifies its number.
		om, err := st.CreateStaff(ctx, domain.Staff{Username: "om1", Name: "网点主任", Role: domain.RoleOutletManager, OrgID: "OT1", PasswordHash: "x"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.LogContact(ctx, access.Scope{Reach: access.ReachAll}, om.ID, store.Contact{ClientID: "C1", Channel: "phone", Outcome: "reached"}); err != nil {
			t.Fatal(err)
		}
		var state, outcome string
		if err := st.DB().QueryRowContext(ctx, "SELECT state, outcome FROM alerts WHERE rule = 'contact_overdue'").Scan(&state, &outcome); err != nil ||
			state != "closed" || outcome != "contacted" {
			t.Errorf("overdue alert after the contact: %s %s (%v)", state, outcome, err)
		}
		if v, err := st.PhoneVerified(ctx, access.Scope{Reach: access.ReachAll}, "C1"); err != nil || v.IsZero() {
			t.Errorf("a call that reached C1 did not verify its phone: %v %v", v, err)
		}
		// Verifying C4's phone closes its alert.
		if err := st.VerifyPhone(ctx, access.Scope{Reach: access.ReachAll}, om.ID, "C4", domain.NewDate(2026, 11, 12)); err != nil {
			t.Fatal(err)
		}
		if err := st.DB().QueryRowContext(ctx, "SELECT state FROM alerts WHERE rule = 'phone_stale'").Scan(&state); err != nil || state != "closed" {
			t.Errorf("phone alert after the verification: %s (%v)", state, err)
		}
	})
}

// cut3 is the rule of an alert line "CLIENT RULE KEY …".
func cut3(line string) (rule, key string, ok bool) {
	var c string
	n, _ := fmt.Sscan(line, &c, &rule, &key)
	return rule, key, n == 3
}
