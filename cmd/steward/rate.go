package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/alerts"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/pipeline"
	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/rating"
	"github.com/steward-bank/steward/store"
)

// openRated builds the rating rules from the policy and opens the store.
func (d *dbFlags) openRated(ctx context.Context) (*rating.Rules, *store.Store, error) {
	p, _, err := d.loadPolicy()
	if err != nil {
		return nil, nil, err
	}
	rules, err := rating.New(p)
	if err != nil {
		return nil, nil, err
	}
	st, err := d.open(ctx)
	return rules, st, err
}

// night builds what runs after each batch: the rating and alert rules of the policy.
func nightRules(p *policy.Policy) (*rating.Rules, *alerts.Rules, error) {
	rr, err := rating.New(p)
	if err != nil {
		return nil, nil, err
	}
	ar, err := alerts.New(p, rr)
	return rr, ar, err
}

// rate: steward rate --month YYYY-MM re-rates every client over the window before that month.
func (c *cli) rate(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("rate", flag.ContinueOnError)
	var d dbFlags
	d.register(fs)
	month := fs.String("month", "", "rating month YYYY-MM: the window is the policy's months before it")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 || *month == "" {
		return usagef("rate --month YYYY-MM")
	}
	t, err := time.Parse("2006-01", *month)
	if err != nil {
		return usagef("rate: --month %q is not YYYY-MM", *month)
	}
	rules, st, err := d.openRated(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	rep, err := pipeline.RateMonth(ctx, st, rules, t.Year(), t.Month())
	if err != nil {
		return err
	}
	if rep.Already {
		fmt.Fprintf(c.stdout, "%s already rated (nothing changed)\n", *month)
		return nil
	}
	fmt.Fprintf(c.stdout, "%s rated over %s to %s (%d days): %d clients, %d up, %d down, %d first rated, %d downgrade warnings, %d tier changes, in %s\n",
		*month, rep.Window.From, rep.Window.To, rep.Window.Days, rep.Clients, rep.Up, rep.Down, rep.First, rep.Warned, rep.Tiers,
		rep.Elapsed.Round(time.Millisecond))
	return nil
}

// client: steward client show CLIENT_ID --json prints the client's rating, segments and explanation.
func (c *cli) client(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "show" {
		return usagef("client show CLIENT_ID [--json]")
	}
	fs := flag.NewFlagSet("client show", flag.ContinueOnError)
	var d dbFlags
	d.register(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	rest, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usagef("client show CLIENT_ID [--json]")
	}
	rules, st, err := d.openRated(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	all := access.Scope{Reach: access.ReachAll}
	detail, err := st.Client(ctx, all, rest[0])
	if errors.Is(err, domain.ErrNotFound) {
		return fmt.Errorf("no client %s", rest[0])
	}
	if err != nil {
		return err
	}
	card, err := pipeline.Card(ctx, st, rules, all, detail)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(card)
	}
	fmt.Fprintf(c.stdout, "%s %s  outlet %s  AUM ¥%s  tier %s  class %s\n", card.ClientID, card.Name, card.OutletID, card.AUM, card.Tier, card.ABCClass)
	fmt.Fprintf(c.stdout, "stars: service %s, contribution %s (floor %d); star points %s\n", rating.StarsName(card.ServiceStars, "en"),
		rating.StarsName(card.ContributionStars, "en"), card.UpgradeFloor, card.StarPoints)
	fmt.Fprintf(c.stdout, "matrix %s, loyalty %d, 80/20 top %v, life-cycle %s, potential %d\n", card.Matrix, card.Loyalty, card.ParetoTop,
		card.Lifecycle, card.Potential)
	if card.Explanation != nil {
		fmt.Fprintln(c.stdout, card.Explanation.Text["en"])
	}
	return nil
}
