// Package demotest builds, for tests, a demo bank the way `steward demo` does (demoimport.Run): the
// generated bank's first daily batch, then the staff, their books and the clients' life details, then
// the rest of the month's batches with the rating and alert passes. Tests that read every page (the crawl, the visible-text check) stand on it.
package demotest

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/steward-bank/steward/alerts"
	"github.com/steward-bank/steward/calendar"
	"github.com/steward-bank/steward/demo"
	"github.com/steward-bank/steward/demo/demoimport"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/pipeline"
	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/rating"
	"github.com/steward-bank/steward/store"
)

// Seed is the demo's seed: the same bank every run.
const Seed = 20261122

// Bank is a demo bank imported into a store.
type Bank struct {
	*demo.Bank
	Policy   *policy.Policy
	Calendar *calendar.WorkCalendar
	// Dir holds the feeds, the import reports (Reports) and the holiday schedules (Holidays).
	Dir, Reports, Holidays string
}

// Build generates a bank of the given number of clients whose month of batches ends yesterday, imports it
// into st and loads its staff, each with password.
func Build(t testing.TB, st *store.Store, clients int, password string) *Bank {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	first := domain.DateOf(time.Now().In(domain.Shanghai).AddDate(0, -1, -1))
	b := &Bank{Bank: demo.Generate(demo.Options{Clients: clients, Seed: Seed, Today: first}), Policy: policy.Default(),
		Dir: dir, Reports: filepath.Join(dir, "reports"), Holidays: filepath.Join(dir, "holidays")}
	feeds := filepath.Join(dir, "feeds")
	if _, err := demo.WriteFeeds(b.Bank, feeds, demo.FeedOptions{Start: first, Months: 1, Seed: Seed}, nil); err != nil {
		t.Fatal(err)
	}
	rr, err := rating.New(b.Policy)
	if err != nil {
		t.Fatal(err)
	}
	ar, err := alerts.New(b.Policy, rr)
	if err != nil {
		t.Fatal(err)
	}
	if b.Calendar, err = calendar.Load(b.Holidays); err != nil {
		t.Fatal(err)
	}
	if _, err := demoimport.Run(ctx, st, b.Bank, feeds, password, pipeline.Options{ReportDir: b.Reports, Rules: rr, Alerts: ar,
		Calendar: b.Calendar, OwnBankCodes: []string{demo.OwnBank}}); err != nil {
		t.Fatal(err)
	}
	if err := demoimport.LeaveWaiting(ctx, st, b.Policy); err != nil {
		t.Fatal(err)
	}
	return b
}
