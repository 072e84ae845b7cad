package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/alerts"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// What people type with control characters, bidirectional overrides or implausible dates is refused by
// the store alike from each form and the API: a 400 with the field named in the page's language, and
// nothing stored.
func TestFormsRefuseControlCharactersAndImplausibleDates(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		ctx := context.Background()
		rm01 := e.fx.Staff["rm01"]
		b := e.login("rm01")
		count := func(table string) int {
			var n int
			if err := st.DB().QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := map[string]int{}
		tables := []string{"client_notes", "family_members", "client_tags", "contacts", "work_diary", "tasks"}
		for _, tb := range tables {
			before[tb] = count(tb)
		}
		far := domain.Today(time.Now()).AddDays(domain.FollowUpHorizonDays + 1).String()
		for _, tt := range []struct {
			name, target string
			form         url.Values
			want         string
		}{
			{"a note with NUL", "/clients/C001/notes", url.Values{"body": {"客户来电\x00咨询"}}, "备注中含有控制字符（第 5 个字符）"},
			{"a note with a right-to-left override", "/clients/C001/notes", url.Values{"body": {"转账\u202E0001"}}, "备注中含有不可见的格式字符（第 3 个字符"},
			{"a family member born 1800-01-01", "/clients/C001/family", url.Values{"name": {"张老"}, "relation": {"parent"}, "birth_date": {"1800-01-01"}},
				"出生日期应在 1900-01-01 至 "},
			{"a family member born 3000-01-01", "/clients/C001/family", url.Values{"name": {"张小"}, "relation": {"child"}, "birth_date": {"3000-01-01"}},
				"出生日期应在 1900-01-01 至 "},
			{"a family member's name with an isolate", "/clients/C001/family", url.Values{"name": {"张\u2066小"}, "relation": {"child"}},
				"姓名中含有不可见的格式字符"},
			{"a tag with a zero-width space", "/clients/C001/tags", url.Values{"tag": {"高\u200B净值"}}, "标签中含有不可见的格式字符（第 2 个字符"},
			{"a follow-up on 9999-12-31", "/clients/C001/contacts", url.Values{"outcome": {"reached"}, "next_step": {"回访"}, "follow_up": {"9999-12-31"}},
				"跟进日期应在 "},
			{"a follow-up past the horizon", "/clients/C001/contacts", url.Values{"outcome": {"reached"}, "next_step": {"回访"}, "follow_up": {far}},
				"跟进日期应在 "},
			{"a next step on two lines", "/clients/C001/contacts", url.Values{"outcome": {"reached"}, "next_step": {"回访\n再访"}},
				"下一步安排不能换行"},
			{"a diary with an escape", "/diary", url.Values{"summary": {"今日\x1b[2J"}}, "今日小结中含有控制字符（第 3 个字符）"},
		} {
			rec := b.post(tt.target, tt.form)
			wantStatus(t, rec, http.StatusBadRequest, tt.name)
			if body := html.UnescapeString(rec.Body.String()); !strings.Contains(body, tt.want) {
				t.Errorf("%s: the page does not say %q", tt.name, tt.want)
			}
		}

		// A supervisor's task with a bidirectional override in its note.
		rec := e.login("sup01").post("/tasks", url.Values{"assignee": {fmt.Sprint(rm01.ID)}, "kind": {"call"}, "priority": {"1"},
			"due": {domain.Today(time.Now()).AddDays(1).String()}, "note": {"致电\u202D客户"}})
		wantStatus(t, rec, http.StatusBadRequest, "a task note with an override")
		if body := html.UnescapeString(rec.Body.String()); !strings.Contains(body, "备注中含有不可见的格式字符") {
			t.Errorf("the task page does not name the note")
		}

		// An alert closed with an outcome holding NUL: the day list says why.
		day := domain.Today(time.Now())
		if _, err := st.RaiseAlerts(ctx, day, []store.AlertRow{{Alert: alerts.Alert{ClientID: "C001", Rule: alerts.RuleMaturity,
			Key: "A002:x:7", Due: day.AddDays(7), Severity: alerts.Warn}, OutletID: "OT1",
			Assignee: alerts.Assignee{StaffID: rm01.ID, Role: domain.RoleRM}, RaisedOn: day, Deadline: time.Now().Add(time.Hour)}}); err != nil {
			t.Fatal(err)
		}
		var alertID string
		if err := st.DB().QueryRowContext(ctx, "SELECT CAST(alert_id AS TEXT) FROM alerts").Scan(&alertID); err != nil {
			t.Fatal(err)
		}
		rec = b.post("/alerts/"+alertID, url.Values{"action": {"close"}, "outcome": {"已联系\x00"}})
		wantStatus(t, rec, http.StatusSeeOther, "an outcome with NUL")
		loc, _, _ := strings.Cut(rec.Header().Get("Location"), "#") // a browser does not send the fragment
		home := html.UnescapeString(b.get(loc).Body.String())
		if !strings.Contains(home, "处理结果中含有控制字符") {
			t.Errorf("the day list (%s) does not say why the outcome was refused", loc)
		}
		var state string
		if err := st.DB().QueryRowContext(ctx, "SELECT state FROM alerts").Scan(&state); err != nil || state == "closed" {
			t.Errorf("the alert is %s (%v)", state, err)
		}

		// The API refuses alike, naming the field.
		token, err := e.auth.CreateAPIToken(ctx, rm01.ID, rm01.ID, "call centre")
		if err != nil {
			t.Fatal(err)
		}
		api := e.anon().postJSON("/api/v1/clients/C001/contacts", `{"outcome":"reached","next_step":"回访\u2066","follow_up":"`+day.AddDays(1).String()+`"}`,
			"Authorization", "Bearer "+token)
		wantAPIError(t, api, http.StatusBadRequest, "an API contact with an isolate", "next_step: character U+2066 at position 3 is an invisible formatting character")
		api = e.anon().postJSON("/api/v1/clients/C001/contacts", `{"outcome":"reached","next_step":"回访","follow_up":"9999-12-31"}`,
			"Authorization", "Bearer "+token)
		wantAPIError(t, api, http.StatusBadRequest, "an API follow-up on 9999-12-31", "follow_up: 9999-12-31 is not a plausible date")

		for _, tb := range tables {
			if n := count(tb); n != before[tb] {
				t.Errorf("%s: %d rows, %d before: a refused entry was stored", tb, n, before[tb])
			}
		}
	})
}
