package pipeline

import (
	"context"
	"fmt"
	"time"

	"github.com/steward-bank/steward/alerts"
	"github.com/steward-bank/steward/calendar"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/greetings"
	"github.com/steward-bank/steward/rating"
	"github.com/steward-bank/steward/store"
)

// GreetingReport says what the nightly greetings pass prepared.
type GreetingReport struct {
	On        domain.Date
	Occasions []string // the festivals within the lead time (occasion keys)
	Birthdays int      // clients whose birthday greeting was looked at
	Prepared  int      // new greetings waiting for approval (or skipped: opted out, no address)
	Alerts    int      // new holiday alerts for the keepers of T4–T5 clients
	Elapsed   time.Duration
}

// greetingPage is how many clients a festival's preparation reads at a time.
const greetingPage = 2000

// PrepareGreetings prepares, for business date day, the greetings of the occasions within the policy's
// lead time (DOMAIN.md §6): each festival of the policy's list for every client of a greeted tier, read
// once per festival (greeting_runs), and the birthdays of the clients of a greeted tier; rendered from the
// templates of the client's tier and channel, waiting for the supervisor's approval. Clients kept in person
// (greetings.visit_min_tier) also raise a holiday alert for their keepers. Running it again prepares and
// raises nothing twice.
func PrepareGreetings(ctx context.Context, st *store.Store, rr *rating.Rules, ar *alerts.Rules, cal *calendar.WorkCalendar, day domain.Date,
	now time.Time) (GreetingReport, error) {
	start := time.Now()
	rep := GreetingReport{On: day}
	p := rr.Policy()
	tmpls, err := st.GreetingTemplates(ctx)
	if err != nil {
		return rep, err
	}
	byKey := map[string]store.GreetingTemplate{}
	for _, t := range tmpls {
		if t.Lang == "zh" {
			byKey[t.Occasion+"|"+t.Tier+"|"+t.Channel] = t
		}
	}
	var deadline time.Time // of the holiday alerts raised now
	if ar != nil {
		deadline = ar.Deadline(now, cal)
	}
	// row builds a client's greeting for an occasion, and its holiday alert when the keepers visit.
	row := func(c store.GreetingClient, o greetings.Occasion) (store.GreetingRow, *store.AlertRow, bool, error) {
		tier := c.Tier
		if _, err := rating.ParseTier(tier); err != nil {
			tier = rr.Tier(c.AUM).String()
		}
		if !greetings.Greeted(p, o.Kind, tier) {
			return store.GreetingRow{}, nil, false, nil
		}
		r := store.GreetingRow{ClientID: c.ClientID, Occasion: o.Key, Kind: o.Kind, On: o.On, OutletID: c.OutletID, Tier: tier}
		var visit *store.AlertRow
		if o.Kind != greetings.KindBirthday && greetings.Visited(p, tier) && ar != nil {
			if a, ok := alerts.Holiday(c.ClientID, o.Key, o.NameZH, o.On, day); ok {
				t, _ := rating.ParseTier(tier)
				visit = &store.AlertRow{Alert: a, OutletID: c.OutletID, Assignee: ar.Assign(t, c.RMID), RaisedOn: day, Deadline: deadline}
			}
		}
		ch, addr, ok := greetings.Channel(p, c.Mobile, c.Email)
		switch {
		case c.OptedOut:
			r.Skip = store.SkipOptedOut
		case !ok:
			r.Skip = store.SkipNoAddress
		}
		if !ok {
			return r, visit, true, nil
		}
		r.Channel, r.Address = ch, addr
		t, found := byKey[o.Kind+"|"+tier+"|"+ch]
		if !found && o.Kind != greetings.KindBirthday {
			t, found = byKey["festival|"+tier+"|"+ch]
		}
		if !found {
			if r.Skip == "" {
				r.Skip = "no template for " + o.Kind + " " + tier + " " + ch
			}
			return r, visit, true, nil
		}
		who := greetings.Recipient{Name: c.Name, Gender: c.Gender, Outlet: c.OutletName, RM: c.RMName}
		if r.Body, err = greetings.Render(t.Body, who, o); err != nil {
			return r, nil, false, fmt.Errorf("greeting template %d (%s %s %s): %w", t.ID, t.Occasion, t.Tier, t.Channel, err)
		}
		if r.Subject, err = greetings.Render(t.Subject, who, o); err != nil {
			return r, nil, false, fmt.Errorf("greeting template %d (%s %s %s) subject: %w", t.ID, t.Occasion, t.Tier, t.Channel, err)
		}
		r.TemplateID = t.ID
		return r, visit, true, nil
	}
	write := func(rows []store.GreetingRow, visits []store.AlertRow) error {
		n, err := st.PrepareGreetings(ctx, rows)
		if err != nil {
			return err
		}
		rep.Prepared += n
		if len(visits) > 0 {
			k, err := st.RaiseAlerts(ctx, day, visits)
			if err != nil {
				return err
			}
			rep.Alerts += k
		}
		return nil
	}
	for _, o := range greetings.Festivals(p, day) {
		rep.Occasions = append(rep.Occasions, o.Key)
		if done, err := st.GreetingRunDone(ctx, o.Key); err != nil || done {
			if err != nil {
				return rep, err
			}
			continue
		}
		before := rep.Prepared
		after := ""
		for {
			cs, err := st.GreetingClientsAfter(ctx, after, greetingPage)
			if err != nil {
				return rep, err
			}
			if len(cs) == 0 {
				break
			}
			var rows []store.GreetingRow
			var visits []store.AlertRow
			for _, c := range cs {
				r, v, ok, err := row(c, o)
				if err != nil {
					return rep, err
				}
				if ok {
					rows = append(rows, r)
				}
				if v != nil {
					visits = append(visits, *v)
				}
			}
			if err := write(rows, visits); err != nil {
				return rep, fmt.Errorf("greetings for %s: %w", o.Key, err)
			}
			after = cs[len(cs)-1].ClientID
		}
		if err := st.FinishGreetingRun(ctx, o.Key, rep.Prepared-before); err != nil {
			return rep, err
		}
	}
	cs, err := st.GreetingClientsBornOn(ctx, greetings.BirthdayWindow(p, day))
	if err != nil {
		return rep, err
	}
	var rows []store.GreetingRow
	for _, c := range cs {
		birth := greetings.Birth{Date: c.BirthDate}
		if c.LunarBirthday {
			m, d, ok := calendar.LunarBirthdayOf(c.BirthDate)
			if !ok {
				continue
			}
			birth = greetings.Birth{Lunar: true, LunarMonth: m, LunarDay: d}
		}
		o, ok := greetings.Birthday(p, birth, day)
		if !ok {
			continue
		}
		r, _, ok, err := row(c, o)
		if err != nil {
			return rep, err
		}
		if ok {
			rows = append(rows, r)
			rep.Birthdays++
		}
	}
	if err := write(rows, nil); err != nil {
		return rep, fmt.Errorf("birthday greetings: %w", err)
	}
	rep.Elapsed = time.Since(start)
	return rep, nil
}
