package pipeline

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/alerts"
	"github.com/steward-bank/steward/calendar"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/rating"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// Each alert rule fires on the batch that carries its fact and not on one that does not, and the same
// fact never alerts twice across nights or reruns.
func TestAlertPass(t *testing.T) {
	dir := t.TempDir()
	cust := "client_id|name|id_type|id_number|gender|birth_date|mobile|outlet_id|open_date|status"
	batchSpec{date: "20261101", acctMode: "full", files: map[string][]string{
		"ORG": orgFile, "PROD": prodFile,
		"CUST": {cust,
			"C1|张伟|01|110101199011081239|M|19901108|13800138000|OT1|20200101|normal", // birthday in 7 days
			"C2|李娜|01|11010519491231002X|F|19491231|13900139000|OT1|20210101|normal",
			"C3|王芳|01|110101199003071233|F|19900307|13700137000|OT1|20220101|normal"},
		"ACCT": {acctHeader,
			"A1|C1|DEP|CNY|300000.00|20200101||active",
			"A2|C1|TD1Y|CNY|200000.00|20251201|20261201|active", // matures in 30 days
			"A3|C2|DEP|CNY|500.00|20210101||active",
			"A4|C3|DEP|CNY|1000.00|20220101||active"},
	}}.write(t, dir)
	batchSpec{date: "20261102", files: map[string][]string{
		"ACCT": {acctHeader,
			"A1|C1|DEP|CNY|220000.00|20200101||active",
			"A3|C2|DEP|CNY|60500.00|20210101||active",
			"A4|C3|DEP|CNY|50999.99|20220101||active"},
		"TXN": {txnHeader,
			"T1|A1|C1|20261102100000|-80000.00|CNY|transfer|online|1|ICBC|", // to another bank
			"T2|A3|C2|20261102110000|60000.00|CNY|transfer|counter|1||",     // large in
			"T3|A4|C3|20261102120000|49999.99|CNY|transfer|counter|1||"},    // just below
	}}.write(t, dir)
	batchSpec{date: "20261103", files: map[string][]string{}}.write(t, dir)

	p := policy.Default()
	rr, err := rating.New(p)
	if err != nil {
		t.Fatal(err)
	}
	ar, err := alerts.New(p, rr)
	if err != nil {
		t.Fatal(err)
	}
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		// The risk assessment of C3 expires in 30 days of the first batch.
		// (Clients are created by the first batch; the expiry is staff-kept, so it is set after it.)
		opts := Options{ReportDir: filepath.Join(t.TempDir(), "r"), Rules: rr, Alerts: ar, Calendar: calendar.Default(),
			OwnBankCodes: []string{"PSBC"}}
		if _, err := Import(ctx, st, []string{filepath.Join(dir, "BATCH_20261101")}, opts); err != nil {
			t.Fatal(err)
		}
		if _, err := st.DB().ExecContext(ctx, st.Rebind("UPDATE clients SET risk_expires_on = ? WHERE client_id = 'C3'"), domain.NewDate(2026, 12, 1)); err != nil {
			t.Fatal(err)
		}
		if _, err := Import(ctx, st, []string{dir}, opts); err != nil {
			t.Fatal(err)
		}
		got := alertLines(t, st)
		want := []string{
			// C1 (T4, no client manager yet: the supervisor acts and assigns one).
			"C1 birthday client:2026-11-08 2026-11-01 supervisor",     // solar birthday 7 days ahead, the first night
			"C1 info_incomplete address 2026-11-01 supervisor",        // rated T4 with no address in the file
			"C1 maturity A2:2026-12-01:30 2026-11-01 supervisor",      // 30 days before maturity
			"C1 moved_out txn:T1 2026-11-02 supervisor",               // 80 000 to ICBC, another bank
			"C1 phone_stale opened:2020-01-01 2026-11-01 supervisor",  // never verified since the account opened in 2020
			"C1 stars_up 2026-11-02:up_points 2026-11-02 supervisor",  // its trailing average still rising
			"C1 tier_down 2026-11-02:tier_down 2026-11-02 supervisor", // 500 000 → 420 000: T3
			"C2 info_incomplete address 2026-11-02 teller_vip",        // reaching T2: the VIP tellers collect it
			"C2 large_movement txn:T2 2026-11-02 teller_vip",          // 60 000 in: now T2, VIP tellers act
			"C2 phone_stale opened:2021-01-01 2026-11-02 teller_vip",  // reaching T2 with a phone never verified
			"C2 tier_up 2026-11-02:tier_up 2026-11-02 teller_vip",
			"C3 info_incomplete address 2026-11-02 teller_vip", // not on 11-01: T1 keeps no file
			"C3 phone_stale opened:2022-01-01 2026-11-02 teller_vip",
			"C3 risk_expiring 2026-12-01 2026-11-01 teller",       // found by the rerun of 11-01's pass, T1 then
			"C3 tier_up 2026-11-02:tier_up 2026-11-02 teller_vip", // 50 999.99: T2; its 49 999.99 is no movement
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("alerts:\n got %q\nwant %q", got, want)
		}
		// C3's 49 999.99 is below the threshold: no movement alert (checked above by its absence), and a
		// rerun of the night's passes raises nothing new.
		night := &Night{Rules: rr, Alerts: ar, Calendar: calendar.Default()}
		if _, err := CatchUp(ctx, st, night); err != nil {
			t.Fatal(err)
		}
		if len(night.AlertReports) != 1 || night.AlertReports[0].Raised != 0 {
			t.Errorf("rerun raised %+v", night.AlertReports)
		}
		if again := alertLines(t, st); !slices.Equal(again, got) {
			t.Errorf("alerts changed on a rerun: %q", again)
		}
		// The movement facts are dropped once alerted.
		var n int
		if err := st.DB().QueryRowContext(ctx, "SELECT count(*) FROM day_movements").Scan(&n); err != nil || n != 0 {
			t.Errorf("%d movement facts left (%v)", n, err)
		}
	})
}

func alertLines(t *testing.T, st *store.Store) []string {
	t.Helper()
	rows, err := st.DB().QueryContext(context.Background(), `SELECT client_id, rule, fact_key, raised_on, assignee_role, deadline, raised_at
		FROM alerts ORDER BY client_id, rule, fact_key`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c, r, k, role string
		var on domain.Date
		var deadline, raised time.Time
		if err := rows.Scan(&c, &r, &k, &on, &role, &deadline, &raised); err != nil {
			t.Fatal(err)
		}
		if !deadline.After(raised) {
			t.Errorf("%s %s: deadline %s not after %s", c, r, deadline, raised)
		}
		out = append(out, fmt.Sprintf("%s %s %s %s %s", c, r, k, on, role))
	}
	return out
}

// The alerts of the rating passes fire from the batches that carry their facts, over four months of daily
// batches with a one-month window (policy): the stars and tiers of a client whose money leaves (warned, then
// lowered after the grace period, lost), the near-upgrade of a client just below five stars, a dormant
// client (30 days, policy), a churning one (AUM down 62.5 % over one month, policy), and a risk assessment
// expiring then expired. C1, steady and active with an assessment valid for a year, raises none of them.
func TestRatingAlerts(t *testing.T) {
	p := policy.Default()
	p.Rating.WindowMonths = 1
	p.Segments.DormantDays = 30
	p.Segments.ChurnMonths = 1
	rr, err := rating.New(p)
	if err != nil {
		t.Fatal(err)
	}
	ar, err := alerts.New(p, rr)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	first, last := domain.NewDate(2026, 1, 1), domain.NewDate(2026, 4, 1)
	txns := map[string][]string{ // client-initiated transactions, by day
		"20260105": {"T1|A4|C3|20260105100000|-100.00|CNY|cash|counter|1||"},
		"20260110": {"T2|A1|C1|20260110100000|-100.00|CNY|cash|counter|1||"},
		"20260120": {"T3|A5|C4|20260120100000|-100.00|CNY|cash|counter|1||"},
		"20260215": {"T4|A5|C4|20260215100000|-100.00|CNY|cash|counter|1||"},
		"20260220": {"T5|A1|C1|20260220100000|-100.00|CNY|cash|counter|1||"},
		"20260315": {"T6|A5|C4|20260315100000|-100.00|CNY|cash|counter|1||"},
		"20260320": {"T7|A1|C1|20260320100000|-100.00|CNY|cash|counter|1||"},
	}
	accts := map[string][]string{
		"20260101": {"A1|C1|TD1Y|CNY|100000.00|20200101|20270101|active", // 1 000 points, four stars: steady
			"A3|C2|TD1Y|CNY|190000.00|20210101|20270101|active", // 1 900 points: within 10 % of five stars
			"A4|C3|DEP|CNY|10000.00|20220101||active",
			"A5|C4|DEP|CNY|400000.00|20220101||active",
			"A6|C5|DEP|CNY|1000000.00|20220101||active"},
		"20260201": {"A5|C4|DEP|CNY|150000.00|20220101||active", // down 62.5 %
			"A6|C5|DEP|CNY|0.00|20220101||active"}, // the money leaves
	}
	for d := first; !d.After(last); d = d.AddDays(1) {
		ymd := fmt.Sprintf("%04d%02d%02d", d.Year(), d.Month(), d.Day())
		b := batchSpec{date: ymd, files: map[string][]string{}}
		if d == first {
			b.acctMode = "full"
			b.files["ORG"], b.files["PROD"] = orgFile, prodFile
			b.files["CUST"] = ratingClients
		}
		if rows, ok := accts[ymd]; ok {
			b.files["ACCT"] = append([]string{acctHeader}, rows...)
		}
		if rows, ok := txns[ymd]; ok {
			b.files["TXN"] = append([]string{txnHeader}, rows...)
		}
		b.write(t, dir)
	}
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		opts := Options{ReportDir: filepath.Join(t.TempDir(), "r"), Rules: rr, Alerts: ar, Calendar: calendar.Default()}
		if _, err := Import(ctx, st, []string{filepath.Join(dir, "BATCH_20260101")}, opts); err != nil {
			t.Fatal(err)
		}
		// Risk assessments are kept by staff: C3's expires on 02-10, C1's in a year.
		for client, on := range map[string]domain.Date{"C3": domain.NewDate(2026, 2, 10), "C1": domain.NewDate(2027, 1, 1)} {
			if _, err := st.DB().ExecContext(ctx, st.Rebind("UPDATE clients SET risk_expires_on = ? WHERE client_id = ?"), on, client); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := Import(ctx, st, []string{dir}, opts); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, l := range alertLines(t, st) {
			for _, rule := range []string{"risk_", "stars_", "tier_", "downgrade_warning", "near_upgrade", "dormant", "churning", "lost"} {
				if strings.Contains(l, " "+rule) {
					got = append(got, l)
					break
				}
			}
		}
		want := []string{
			// 1 900 points, four stars: near five at each monthly rating (one alert a month), for the VIP tellers (T2).
			"C2 near_upgrade 202602:5 2026-02-01 teller_vip",
			"C2 near_upgrade 202603:5 2026-03-01 teller_vip",
			"C2 near_upgrade 202604:5 2026-04-01 teller_vip",
			"C3 dormant 202603:dormant 2026-03-01 teller",       // last client transaction 01-05: 55 days at March's rating
			"C3 risk_expired 2026-02-10 2026-02-11 teller",      // valid through 02-10
			"C3 risk_expiring 2026-02-10 2026-01-11 teller",     // 30 days ahead
			"C4 churning 202603:churning 2026-03-01 teller_vip", // 400 000 at the end of January, 150 000 at the end of February
			"C4 tier_down 2026-02-01:tier_down 2026-02-01 teller_vip",
			"C5 downgrade_warning 2026-02-01:below_daily 2026-02-01 teller", // the night the money left
			"C5 downgrade_warning 2026-03-01:down_grace 2026-03-01 teller",  // March's rating: below, in the grace period
			"C5 lost 202603:lost 2026-03-01 teller",
			"C5 stars_down 2026-04-01:down 2026-04-01 teller", // April's: lowered
			"C5 tier_down 2026-02-01:tier_down 2026-02-01 teller",
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("alerts:\n got %q\nwant %q", got, want)
		}
	})
}
