package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// A masked view (a teller) finds a client by the whole mobile or ID number, never by a fragment; its
// searches by a whole value are bounded per hour (counted from their audit rows), names are not.
func TestMaskedSearch(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := storetest.Seed(t, s)
		teller, rm := scopeOf(t, s, f, "teller01"), scopeOf(t, s, f, "rm01")
		now := time.Date(2026, 12, 4, 2, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		search := func(q string) ([]string, error) {
			t.Helper()
			page, err := s.SearchClients(ctx, teller, store.ClientFilter{Q: q})
			var ids []string
			for _, r := range page.Items {
				ids = append(ids, r.ClientID)
			}
			if err == nil {
				err = s.AuditList(ctx, teller.StaffID, "192.0.2.1", store.ListAudit{Via: "web", List: "clients",
					Filter: map[string]string{"q": q}, Rows: len(ids), Total: page.Total})
			}
			return ids, err
		}
		for _, q := range []string{"8000", "38000", "0138000", "071233", "1233", "03071233"} {
			if ids, err := search(q); err != nil || len(ids) != 0 {
				t.Errorf("teller's fragment search %q: %v, %v", q, ids, err)
			}
		}
		// The same fragment finds the client for a client manager.
		if page, err := s.SearchClients(ctx, rm, store.ClientFilter{Q: "38000"}); err != nil || len(page.Items) != 1 {
			t.Errorf("rm's fragment search: %v, %v", page.Items, err)
		}
		if ids, err := search("110101199003071233"); err != nil || strings.Join(ids, ",") != "C001" {
			t.Errorf("whole ID number: %v, %v", ids, err)
		}
		for i := 1; i < store.MaskedIdentitySearchesPerHour; i++ {
			if _, err := search("13800138000"); err != nil {
				t.Fatalf("search %d by whole mobile: %v", i+1, err)
			}
		}
		if _, err := search("13912345678"); !errors.Is(err, store.ErrSearchLimit) {
			t.Errorf("search beyond the hour's bound: %v", err)
		}
		if ids, err := search("张"); err != nil || len(ids) != 1 {
			t.Errorf("a name search after the bound: %v, %v", ids, err)
		}
		// The client manager is not bounded; an hour later the teller may search again.
		if _, err := s.SearchClients(ctx, rm, store.ClientFilter{Q: "13800138000"}); err != nil {
			t.Errorf("rm's search: %v", err)
		}
		now = now.Add(time.Hour + time.Second)
		if ids, err := search("13912345678"); err != nil || strings.Join(ids, ",") != "C002" {
			t.Errorf("an hour later: %v, %v", ids, err)
		}
	})
}

// The audit row of a search keeps what kind of value was looked for and the value masked.
func TestAuditQuery(t *testing.T) {
	for _, c := range []struct{ q, want, kind string }{
		{"13800138000", "138****8000", "mobile"}, {"110101199003071233", "110101********1233", "id_number"},
		{"11010519491231002x", "110105********002X", "id_number"}, {"38000", "38*00", "digits"}, {"8000", "****", "digits"},
		{"张伟", "张伟", ""}, {"C001", "C001", ""},
	} {
		if got, kind := store.AuditQuery(c.q), store.SearchKind(c.q); got != c.want || kind != c.kind {
			t.Errorf("AuditQuery(%q) = %q, %q; want %q, %q", c.q, got, kind, c.want, c.kind)
		}
	}
}
