package pipeline

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/alerts"
	"github.com/steward-bank/steward/calendar"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/rating"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// The fixture's clients by AUM: C001 张伟 (M, born 1990-03-07) T4 kept by rm01, C002 李娜 (F, born
// 1949-12-31) T5, C003 王芳 T1 unassigned, C004 刘洋 T1 in OT3.
func TestPrepareGreetings(t *testing.T) {
	p := policy.Default()
	rr, _ := rating.New(p)
	ar, _ := alerts.New(p, rr)
	all := access.Scope{Reach: access.ReachAll}
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		f := storetest.Seed(t, st)
		ctx := context.Background()
		now := time.Date(2027, 9, 12, 23, 0, 0, 0, domain.Shanghai)
		prepare := func(day domain.Date) GreetingReport {
			t.Helper()
			rep, err := PrepareGreetings(ctx, st, rr, ar, calendar.Default(), day, now)
			if err != nil {
				t.Fatal(err)
			}
			return rep
		}
		// 中秋 2027 is on 09-15: three days ahead, every tier is greeted; T4–T5 keepers get a holiday alert.
		rep := prepare(domain.NewDate(2027, 9, 12))
		if rep.Prepared != 4 || rep.Alerts != 2 || strings.Join(rep.Occasions, ",") != "mid_autumn-2027" {
			t.Fatalf("first night: %+v", rep)
		}
		vs, err := st.Greetings(ctx, all, store.GreetingFilter{})
		if err != nil {
			t.Fatal(err)
		}
		byClient := map[string]store.GreetingView{}
		for _, v := range vs {
			byClient[v.ClientID] = v
		}
		if v := byClient["C001"]; v.Tier != "T4" || v.Channel != "sms" || v.State != "prepared" ||
			v.Body != "尊敬的张先生：中秋佳节（八月十五）将至，月圆人团圆，您的客户经理钱经理感谢您一直以来的信任，祝您和家人中秋快乐、幸福安康！" {
			t.Errorf("C001 (T4, personal): %+v", v)
		}
		if v := byClient["C003"]; v.Tier != "T1" || v.Body != "尊敬的王女士：值此中秋佳节（八月十五）之际，解放路网点恭祝您花好月圆、阖家团圆！" {
			t.Errorf("C003 (T1, formal): %+v", v)
		}
		// The keepers' holiday alerts: C001's RM, C002's outlet manager (T5).
		rm01, err := st.MyAlerts(ctx, all, f.Staff["rm01"].ID, domain.RoleRM, 10)
		if err != nil || len(rm01) != 1 || rm01[0].Rule != string(alerts.RuleHoliday) || rm01[0].Key != "mid_autumn-2027" ||
			rm01[0].Due != domain.NewDate(2027, 9, 15) {
			t.Errorf("rm01's alerts: %+v, %v", rm01, err)
		}
		// The next nights within the lead time prepare and raise nothing again.
		for _, d := range []domain.Date{domain.NewDate(2027, 9, 12), domain.NewDate(2027, 9, 13), domain.NewDate(2027, 9, 15)} {
			if rep := prepare(d); rep.Prepared != 0 || rep.Alerts != 0 {
				t.Errorf("night of %s: %+v", d, rep)
			}
		}
		// Birthdays: T2 and above. C001 (T4) is greeted on 03-07; an opted-out client is prepared skipped.
		rep = prepare(domain.NewDate(2028, 3, 4))
		if rep.Prepared != 1 || rep.Birthdays != 1 {
			t.Fatalf("birthday night: %+v", rep)
		}
		bd, _ := st.Greetings(ctx, all, store.GreetingFilter{Kind: "birthday"})
		if len(bd) != 1 || bd[0].Occasion != "birthday-2028-03-07" || !strings.Contains(bd[0].Body, "今天是您的生日") {
			t.Fatalf("birthday greeting: %+v", bd)
		}
		rm := f.Staff["rm02"]
		org, _ := st.Org(ctx, rm.OrgID)
		if err := st.SetGreetingOptOut(ctx, access.ScopeFor(rm, org), rm.ID, "C002", true, ""); err != nil {
			t.Fatal(err)
		}
		prepare(domain.NewDate(2028, 12, 29))
		bd, _ = st.Greetings(ctx, all, store.GreetingFilter{Kind: "birthday", On: domain.NewDate(2028, 12, 31)})
		if len(bd) != 1 || bd[0].State != "skipped" || bd[0].LastError != store.SkipOptedOut {
			t.Fatalf("opted-out birthday: %+v", bd)
		}
		// Batches per outlet (the last night was also three days before 元旦 2029).
		bs, _ := st.GreetingBatches(ctx, all, domain.NewDate(2027, 9, 1))
		var keys []string
		for _, b := range bs {
			keys = append(keys, b.OutletID+" "+b.Kind+" "+b.On.String())
		}
		sort.Strings(keys)
		if strings.Join(keys, "|") != "OT1 birthday 2028-03-07|OT1 birthday 2028-12-31|OT1 mid_autumn 2027-09-15|OT1 new_year 2029-01-01|OT3 mid_autumn 2027-09-15|OT3 new_year 2029-01-01" {
			t.Errorf("batches %v", keys)
		}
	})
}

// The import's nightly run prepares the greetings: a batch of 2026-09-22 is three days before 中秋
// (2026-09-25); a closed client is not greeted; importing it again prepares nothing twice.
func TestImportPreparesGreetings(t *testing.T) {
	dir := t.TempDir()
	batchSpec{date: "20260922", acctMode: "full", files: map[string][]string{
		"ORG": orgFile, "PROD": prodFile,
		"CUST": {custHeader,
			"C1|张伟|01|110101199003071233|M||13800138000|OT1|20200101|normal",
			"C2|李娜|01|11010519491231002X|F|||OT1|20210101|normal",
			"C3|王芳|01|110101199003071233|F||13700137000|OT1|20150101|closed"},
		"ACCT": {acctHeader,
			"A1|C1|DEP|CNY|3500000.00|20200101||active",
			"A2|C2|DEP|CNY|100.00|20210101||active"},
	}}.write(t, dir)
	p := policy.Default()
	rr, _ := rating.New(p)
	ar, _ := alerts.New(p, rr)
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		opts := Options{ReportDir: t.TempDir(), Rules: rr, Alerts: ar, Calendar: calendar.Default()}
		for i := 0; i < 2; i++ {
			if _, err := Import(ctx, st, []string{dir}, opts); err != nil {
				t.Fatal(err)
			}
		}
		vs, err := st.Greetings(ctx, access.Scope{Reach: access.ReachAll}, store.GreetingFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, v := range vs {
			got = append(got, v.ClientID+" "+v.Occasion+" "+v.Tier+" "+v.State+" "+v.LastError)
		}
		sort.Strings(got)
		if want := "C1 mid_autumn-2026 T5 prepared |C2 mid_autumn-2026 T1 skipped no mobile or e-mail address"; strings.Join(got, "|") != want {
			t.Errorf("greetings %q, want %q", strings.Join(got, "|"), want)
		}
	})
}

// TestClientLunarBirthday: C001 (born 1990-03-07, lunar 二月十一) celebrates the lunar birthday. In 2028
// lunar 二月十一 falls on 03-06, the day before the solar birthday: the greeting and the birthday alert
// come for 03-06 and not for 03-07; without the mark, for 03-07 as before.
func TestClientLunarBirthday(t *testing.T) {
	p := policy.Default()
	rr, _ := rating.New(p)
	ar, _ := alerts.New(p, rr)
	all := access.Scope{Reach: access.ReachAll}
	lunarDay, err := calendar.LunarToSolar(calendar.LunarDate{Year: 2028, Month: 2, Day: 11})
	if err != nil || lunarDay != domain.NewDate(2028, 3, 6) {
		t.Fatalf("lunar 2028-02-11 is %s (%v); the test expects 2028-03-06", lunarDay, err)
	}
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		f := storetest.Seed(t, st)
		ctx := context.Background()
		rm01 := f.Staff["rm01"]
		org, _ := st.Org(ctx, rm01.OrgID)
		sc := access.ScopeFor(rm01, org)
		if err := st.SetLunarBirthday(ctx, sc, rm01.ID, "C001", true); err != nil {
			t.Fatal(err)
		}
		if c, err := st.Client(ctx, sc, "C001"); err != nil || !c.LunarBirthday {
			t.Fatalf("C001 after marking: lunar %v (%v)", c.LunarBirthday, err)
		}
		now := time.Date(2028, 3, 1, 23, 0, 0, 0, domain.Shanghai)
		for _, day := range []domain.Date{domain.NewDate(2028, 3, 3), domain.NewDate(2028, 3, 4)} {
			if _, err := PrepareGreetings(ctx, st, rr, ar, calendar.Default(), day, now); err != nil {
				t.Fatal(err)
			}
		}
		bd, _ := st.Greetings(ctx, all, store.GreetingFilter{Kind: "birthday"})
		if len(bd) != 1 || bd[0].ClientID != "C001" || bd[0].Occasion != "birthday-2028-03-06" {
			t.Fatalf("birthday greetings: %+v", bd)
		}
		// The alert pass finds the same birthday through the store's facts.
		facts, err := st.AlertFacts(ctx, domain.NewDate(2028, 3, 3), store.AlertWindow{BirthdayDays: 7})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, b := range facts.Birthdays {
			if b.FamilyID == 0 {
				got = append(got, fmt.Sprintf("%s lunar=%t %d/%d", b.ClientID, b.Lunar, b.LunarMonth, b.LunarDay))
			}
		}
		if strings.Join(got, ",") != "C001 lunar=true 2/11" {
			t.Errorf("clients' birthdays from 03-03: %q", got)
		}
		// Unmarked again, C001's birthday is the solar one.
		if err := st.SetLunarBirthday(ctx, sc, rm01.ID, "C001", false); err != nil {
			t.Fatal(err)
		}
		facts, _ = st.AlertFacts(ctx, domain.NewDate(2028, 3, 3), store.AlertWindow{BirthdayDays: 7})
		got = nil
		for _, b := range facts.Birthdays {
			if b.FamilyID == 0 {
				got = append(got, fmt.Sprintf("%s lunar=%t %s", b.ClientID, b.Lunar, b.Birth))
			}
		}
		if strings.Join(got, ",") != "C001 lunar=false 1990-03-07" {
			t.Errorf("clients' birthdays from 03-03, unmarked: %q", got)
		}
		// Who may mark it: not an RM on another's client (C002 is rm02's: out of rm01's scope), not an RM
		// on an outlet's unassigned client (read-only), not a client without a birth date.
		if err := st.SetLunarBirthday(ctx, sc, rm01.ID, "C002", true); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("rm01 marks C002: %v, want not found", err)
		}
		if err := st.SetLunarBirthday(ctx, sc, rm01.ID, "C003", true); !errors.Is(err, store.ErrReadOnly) {
			t.Errorf("rm01 marks unassigned C003: %v, want read-only", err)
		}
		if _, err := st.DB().ExecContext(ctx, "UPDATE clients SET birth_date = NULL WHERE client_id = 'C004'"); err != nil {
			t.Fatal(err)
		}
		if err := st.SetLunarBirthday(ctx, all, rm01.ID, "C004", true); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("marking a client without a birth date: %v, want invalid", err)
		}
		var audits int
		if err := st.DB().QueryRowContext(ctx, `SELECT count(*) FROM audit_events WHERE object_id = 'C001' AND detail LIKE '%lunar_birthday%'`).Scan(&audits); err != nil || audits != 2 {
			t.Errorf("%d audit events for the marks (%v), want 2", audits, err)
		}
	})
}
