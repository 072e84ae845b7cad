package web

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// A client manager's client list opens on their own book, with a visible switch to the outlet's
// unassigned clients (read-only) that keeps the other filters; everything they may see stays one choice
// away. Others' lists open on everything in their scope, as before.
func TestClientListOpensOnOwnBook(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		b := e.login("rm01")
		rec := b.get("/clients")
		wantStatus(t, rec, http.StatusOK, "list")
		body := rec.Body.String()
		if ids := rowIDs(body); !slices.Equal(ids, []string{"C001"}) {
			t.Errorf("rm01's list opens on %v, want its own C001 alone", ids)
		}
		for _, want := range []string{`id="book-switch"`, `aria-current="page">我负责的客户（1 户）</a>`,
			`href="/clients?rm=none">本网点未分配客户（1 户，只读）</a>`} {
			if !strings.Contains(body, want) {
				t.Errorf("rm01's list lacks %q", want)
			}
		}
		if ids := rowIDs(b.get("/clients?rm=none").Body.String()); !slices.Equal(ids, []string{"C003"}) {
			t.Errorf("rm01's switch to the unassigned lists %v, want C003", ids)
		}
		if ids := rowIDs(b.get("/clients?rm=all").Body.String()); len(ids) != 2 {
			t.Errorf("rm01's everything lists %v, want C001 and C003", ids)
		}
		// The switch keeps the other filters.
		if body := b.get("/clients?tier=T1&rm=none").Body.String(); !strings.Contains(body, `href="/clients?rm=`+itoa64(e.fx.Staff["rm01"].ID)+`&amp;tier=T1"`) {
			t.Error("the switch back to the own book drops the tier filter")
		}
		// Another RM's id in the filter finds nothing of theirs: the scope stays in the query.
		if ids := rowIDs(b.get("/clients?rm=" + itoa64(e.fx.Staff["rm02"].ID)).Body.String()); len(ids) != 0 {
			t.Errorf("rm01 filtering by rm02 lists %v", ids)
		}
		sup := e.login("sup01").get("/clients").Body.String()
		if ids := rowIDs(sup); len(ids) != 3 || strings.Contains(sup, `id="book-switch"`) {
			t.Errorf("sup01's list opens on %v (switch shown: %v), want the outlet's three clients", ids, strings.Contains(sup, `id="book-switch"`))
		}
	})
}
