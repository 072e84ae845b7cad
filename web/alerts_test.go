package web

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/alerts"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// rm01 sees the alerts of its clients on the home page, acknowledges one and closes it with an outcome;
// nobody outside the client's scope can act on it; an alert left new past its deadline escalates to the
// outlet's supervisor.
func TestAlertDayList(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		ctx := context.Background()
		rm01 := e.fx.Staff["rm01"]
		now := time.Now()
		day := domain.Today(now)
		rows := []store.AlertRow{
			{Alert: alerts.Alert{ClientID: "C001", Rule: alerts.RuleMaturity, Key: "A002:" + day.AddDays(7).String() + ":7", Due: day.AddDays(7),
				Severity: alerts.Warn, Figures: alerts.Figures{AccountID: "A002", AmountFen: 50_000_000, Days: 7, Lead: 7}},
				OutletID: "OT1", Assignee: alerts.Assignee{StaffID: rm01.ID, Role: domain.RoleRM}, RaisedOn: day, Deadline: now.Add(48 * time.Hour)},
			{Alert: alerts.Alert{ClientID: "C001", Rule: alerts.RuleMovedOut, Key: "txn:T9", Due: day, Severity: alerts.Urgent,
				Figures: alerts.Figures{AccountID: "A001", AmountFen: -8_000_000, TxnID: "T9", Direction: "out"}},
				OutletID: "OT1", Assignee: alerts.Assignee{StaffID: rm01.ID, Role: domain.RoleRM}, RaisedOn: day, Deadline: now.Add(-time.Hour)},
		}
		if n, err := st.RaiseAlerts(ctx, day, rows); err != nil || n != 2 {
			t.Fatalf("raise: %d %v", n, err)
		}
		if n, err := st.RaiseAlerts(ctx, day, rows); err != nil || n != 0 {
			t.Fatalf("the same facts again: %d %v", n, err)
		}
		b := e.login("rm01")
		body := b.get("/").Body.String()
		if !strings.Contains(body, `data-rule="moved_out"`) || !strings.Contains(body, "他行转出") ||
			!strings.Contains(body, "账户 A002 余额 ¥500,000.00，7 天后到期") {
			t.Fatalf("rm01's day list:\n%s", elementText(t, body, "alerts"))
		}
		// The urgent one first.
		if i, j := strings.Index(body, `data-rule="moved_out"`), strings.Index(body, `data-rule="maturity"`); i > j {
			t.Error("the urgent alert is not first")
		}
		// Each line says what to do, and the day's counts head the list.
		if !strings.Contains(body, "到期前联系客户商议续存或转购合适产品") || !strings.Contains(body, "尽快联系客户了解转出原因") {
			t.Errorf("the day list does not say what to do:\n%s", elementText(t, body, "alerts"))
		}
		if open, done := elementText(t, body, "day-open"), elementText(t, body, "day-done"); !strings.Contains(open, "预警 2 条") || !strings.Contains(done, "办结预警 0 条") {
			t.Errorf("the day's counts: %q, %q", open, done)
		}
		// The day list's alerts export to Excel and CSV, audited.
		rec := b.get("/export/alerts/xlsx")
		wantStatus(t, rec, http.StatusOK, "alerts xlsx")
		f, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		xrows, _ := f.GetRows(f.GetSheetName(0))
		if len(xrows) != 3 || xrows[1][0] != "他行转出" || xrows[1][1] != "C001" || xrows[1][6] != "-80,000.00" {
			t.Errorf("alerts workbook: %q", xrows)
		}
		if csv := b.get("/export/alerts/csv").Body.String(); !strings.HasPrefix(csv, "\ufeff预警,") || !strings.Contains(csv, "产品到期,C001") {
			t.Errorf("alerts csv: %q", csv)
		}
		wantStatus(t, e.login("teller01").get("/export/alerts/csv"), http.StatusForbidden, "tellers do not export")
		wantStatus(t, b.get("/export/alerts/pdf"), http.StatusNotFound, "an unknown format")
		list, _ := st.MyAlerts(ctx, access.Scope{Reach: access.ReachAll}, rm01.ID, rm01.Role, 10)
		id := list[0].ID
		wantStatus(t, b.post("/alerts/"+itoa64(id), url.Values{"action": {"acknowledge"}}), http.StatusSeeOther, "acknowledge")
		rec = b.post("/alerts/"+itoa64(id), url.Values{"action": {"close"}})
		if loc := rec.Header().Get("Location"); !strings.Contains(loc, "alert=outcome") {
			t.Errorf("closing without an outcome: %d %s", rec.Code, loc)
		}
		rec = b.post("/alerts/"+itoa64(id), url.Values{"action": {"close"}, "outcome": {strings.Repeat("很", store.MaxAlertOutcome+1)}})
		if loc := rec.Header().Get("Location"); !strings.Contains(loc, "alert=outcome") {
			t.Errorf("closing with an outcome too long: %d %s", rec.Code, loc)
		}
		wantStatus(t, e.login("rm03").post("/alerts/"+itoa64(id), url.Values{"action": {"close"}, "outcome": {"x"}}), http.StatusNotFound, "another outlet's RM")
		wantStatus(t, b.post("/alerts/"+itoa64(id), url.Values{"action": {"close"}, "outcome": {"已电话联系, 客户暂不转回"}}), http.StatusSeeOther, "close")
		if left, _ := st.MyAlerts(ctx, access.Scope{Reach: access.ReachAll}, rm01.ID, rm01.Role, 10); len(left) != 1 || left[0].Rule != "maturity" {
			t.Errorf("after closing: %+v", left)
		}
		after := b.get("/").Body.String()
		if open, done := elementText(t, after, "day-open"), elementText(t, after, "day-done"); !strings.Contains(open, "预警 1 条") || !strings.Contains(done, "办结预警 1 条") {
			t.Errorf("the day's counts after closing one: %q, %q", open, done)
		}
		// Escalation: the maturity alert's deadline is not past; make it so.
		if _, err := st.DB().ExecContext(ctx, st.Rebind("UPDATE alerts SET deadline = ? WHERE state = 'new'"), now.Add(-time.Minute).UTC()); err != nil {
			t.Fatal(err)
		}
		if n, err := st.EscalateAlerts(ctx, now); err != nil || n != 1 {
			t.Fatalf("escalate: %d %v", n, err)
		}
		if n, _ := st.EscalateAlerts(ctx, now); n != 0 {
			t.Errorf("escalated twice: %d", n)
		}
		if body := e.login("sup01").get("/").Body.String(); !strings.Contains(body, "已升级") || !strings.Contains(body, `data-rule="maturity"`) {
			t.Errorf("the supervisor does not see the escalated alert:\n%s", elementText(t, body, "alerts"))
		}
	})
}

// Every alert rule has a name and says what to do, in both languages.
func TestAlertRulesHaveTexts(t *testing.T) {
	for _, r := range alerts.AllRules {
		for _, key := range []string{"alert." + string(r), "alert.todo." + string(r)} {
			m, ok := messages[key]
			if !ok || m.zh == "" || m.en == "" {
				t.Errorf("%s: no text (%+v)", key, m)
			}
		}
	}
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
