// Package demoimport builds the demo bank in a store the way a bank starts on Steward: the core system's
// first batch brings the organisation, the products, the clients and their accounts; then the staff are
// created and given their books (服务关系); then the rest of the batches are imported, each followed by
// the night's passes, which therefore raise every alert and cadence task to the client's own manager from
// the first business date on. `steward demo` and the tests that stand on the demo bank both build it here.
//
// It is a package of its own because it joins the generator (demo) and the nightly run (pipeline), and
// pipeline's own tests use the generator.
package demoimport

import (
	"context"
	"errors"
	"fmt"

	"github.com/steward-bank/steward/demo"
	"github.com/steward-bank/steward/ingest"
	"github.com/steward-bank/steward/pipeline"
	"github.com/steward-bank/steward/store"
)

// Run imports the batches WriteFeeds wrote for b under feeds into st, a migrated, empty store: the first
// batch alone, without the night's passes; then the staff, each with password, their clients and the
// clients' life details (demo.LoadPeople); then every batch after it with opts' passes, which rate and
// raise alerts from the first business date (pipeline.CatchUp takes up the first day's passes with the
// second batch). A bank of one batch gets its passes run once its staff exist.
func Run(ctx context.Context, st *store.Store, b *demo.Bank, feeds, password string, opts pipeline.Options) ([]pipeline.Outcome, error) {
	dirs, err := ingest.FindBatches(feeds)
	if err != nil {
		return nil, fmt.Errorf("demo: find the batches: %w", err)
	}
	if len(dirs) == 0 {
		return nil, fmt.Errorf("demo: no batch under %s", feeds)
	}
	first := opts
	first.Rules, first.Alerts = nil, nil
	out, err := pipeline.Import(ctx, st, dirs[:1], first)
	if err != nil {
		return out, fmt.Errorf("demo: import the first batch: %w", err)
	}
	if err := demo.LoadPeople(ctx, st, b, password); err != nil {
		return out, err
	}
	if len(dirs) == 1 {
		if opts.Rules == nil {
			return out, nil
		}
		if len(out) != 1 {
			return out, errors.New("demo: the first batch gave no outcome")
		}
		night := &pipeline.Night{Rules: opts.Rules, Alerts: opts.Alerts, Calendar: opts.Calendar}
		out[0].Ratings, err = pipeline.CatchUp(ctx, st, night)
		out[0].Alerts = night.AlertReports
		if err != nil {
			return out, fmt.Errorf("demo: the night's passes of the first batch: %w", err)
		}
		return out, nil
	}
	rest, err := pipeline.Import(ctx, st, dirs[1:], opts)
	out = append(out, rest...)
	if err != nil {
		return out, fmt.Errorf("demo: import the batches: %w", err)
	}
	return out, nil
}
