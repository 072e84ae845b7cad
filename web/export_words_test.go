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
