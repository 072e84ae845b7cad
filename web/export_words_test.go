package web

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// The task exports (the tasks page's and the day list's) give a task's priority as a word, in the
// person's language, not the number the store keeps.
func TestTaskExportsWordThePriority(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		rm01 := e.fx.Staff["rm01"]
		today := domain.Today(time.Now())
		addTask(t, st, "C001", rm01.ID, "rm", "OT1", "rule", "", "cadence:T5", today, 4)
		addTask(t, st, "C001", rm01.ID, "rm", "OT1", "supervisor", "call", "电话回访", today.AddDays(1), 2)
		addTask(t, st, "C001", rm01.ID, "rm", "OT1", "contact", "", "带资料上门", today.AddDays(2), 1)
		b := e.login("rm01")
		for _, c := range []struct {
			lang  string
			words []string
		}{{"zh-CN", []string{"紧急", "重要", "普通"}}, {"en", []string{"Urgent", "High", "Normal"}}} {
			wantStatus(t, b.post("/lang", url.Values{"lang": {c.lang}}), http.StatusSeeOther, "language")
			for _, path := range []string{"/tasks/export/csv", "/export/tasks/csv"} {
				rec := b.get(path)
				wantStatus(t, rec, http.StatusOK, path)
				rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(rec.Body.String(), "\ufeff"))).ReadAll()
				if err != nil || len(rows) != 4 {
					t.Fatalf("%s (%s): %d rows, %v:\n%s", path, c.lang, len(rows), err, rec.Body.String())
				}
				col := slices.Index(rows[0], msg(c.lang, "export.priority"))
				if col < 0 {
					t.Fatalf("%s (%s): no priority column in %v", path, c.lang, rows[0])
				}
				var got []string
				for _, r := range rows[1:] {
					got = append(got, r[col])
				}
				if !slices.Equal(got, c.words) {
					t.Errorf("%s (%s): priorities %v, want %v", path, c.lang, got, c.words)
				}
			}
		}
	})
}

// An import's time and its log's summary in words, in both languages; a part of the summary of another
// form is shown as written, never dropped.
func TestImportWords(t *testing.T) {
	for _, c := range []struct {
		d      time.Duration
		zh, en string
	}{{46 * time.Millisecond, "46 毫秒", "46 ms"}, {2149 * time.Millisecond, "2.1 秒", "2.1 s"}, {65400 * time.Millisecond, "1 分 5 秒", "1 min 5 s"}} {
		if zh, en := durationText(c.d, langZH), durationText(c.d, langEN); zh != c.zh || en != c.en {
			t.Errorf("durationText(%s) = %q, %q; want %q, %q", c.d, zh, en, c.zh, c.en)
		}
	}
	zh, en := &view{Lang: langZH}, &view{Lang: langEN}
	const summary = "CUST=2 ACCT=1396 closed=3 NEW=1"
	if got, want := zh.ImportSummary(summary), "客户 2 · 账户 1,396 · 因全量文件关闭账户 3 · NEW=1"; got != want {
		t.Errorf("ImportSummary = %q, want %q", got, want)
	}
	if got, want := en.ImportSummary(summary), "clients 2 · accounts 1,396 · accounts closed by a full file 3 · NEW=1"; got != want {
		t.Errorf("ImportSummary = %q, want %q", got, want)
	}
}
