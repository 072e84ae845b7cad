package pipeline

import (
	"context"
	"strconv"
	"time"

	"github.com/steward-bank/steward/alerts"
	"github.com/steward-bank/steward/calendar"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/rating"
	"github.com/steward-bank/steward/store"
)

// AlertReport says what the nightly alert pass raised.
type AlertReport struct {
	On        domain.Date
	Raised    int // new alerts
	Seen      int // alerts the rules returned, new or already raised
	Escalated int // alerts past their deadline handed to a supervisor
	Elapsed   time.Duration
}

// RaiseAlerts runs the alert rules (DOMAIN.md §5) over the facts of business date day: the day's large
// movements, maturities, birthdays and risk assessments coming due, and the day's rating and life-cycle
// changes; with nearMonth (YYYYMM, 0 for none), the near-upgrade clients of that month's re-rating, run
// the same day. Facts already alerted are not raised again. It runs after the day's rating pass; running
// it twice raises nothing new.
func RaiseAlerts(ctx context.Context, st *store.Store, rr *rating.Rules, ar *alerts.Rules, cal *calendar.WorkCalendar, day domain.Date,
	nearMonth int, now time.Time) (AlertReport, error) {
	start := time.Now()
	rep := AlertReport{On: day}
	p := rr.Policy().Alerts
	lead := 0
	for _, l := range p.MaturityLeadDays {
		lead = max(lead, l)
	}
	facts, err := st.AlertFacts(ctx, day, store.AlertWindow{MaturityDays: lead, BirthdayDays: p.BirthdayLeadDays,
		RiskDays: p.RiskExpiryWarningDays, Back: 7})
	if err != nil {
		return rep, err
	}
	var due []alerts.Alert
	byClient := map[string][]alerts.Txn{}
	net := map[string]int64{}
	for _, m := range facts.Movements {
		if m.TxnID == "" {
			net[m.ClientID] = m.Amount
			continue
		}
		byClient[m.ClientID] = append(byClient[m.ClientID], alerts.Txn{TxnID: m.TxnID, AccountID: m.AccountID, AmountFen: m.Amount, OtherBank: m.OtherBank})
	}
	seen := map[string]bool{}
	for _, m := range facts.Movements {
		if seen[m.ClientID] {
			continue
		}
		seen[m.ClientID] = true
		due = append(due, ar.Movements(m.ClientID, tierOf(rr, facts.Clients[m.ClientID]), day, byClient[m.ClientID], net[m.ClientID])...)
	}
	for _, m := range facts.Maturities {
		if a, ok := ar.Maturity(m.ClientID, m.AccountID, m.Product, m.BalanceCNY, m.Maturity, day); ok {
			due = append(due, a)
		}
	}
	for _, b := range facts.Birthdays {
		who := alerts.Person{Key: "client", Name: b.Name, Relation: b.Relation, Birth: b.Birth, Lunar: b.Lunar,
			LunarMonth: b.LunarMonth, LunarDay: b.LunarDay}
		if b.FamilyID != 0 {
			who.Key = "family" + itoa(b.FamilyID)
		}
		if a, ok := ar.Birthday(b.ClientID, who, day); ok {
			due = append(due, a)
		}
	}
	for _, r := range facts.Risks {
		if a, ok := ar.RiskAssessment(r.ClientID, r.Expires, day); ok {
			due = append(due, a)
		}
	}
	for _, e := range facts.Ratings {
		if e.Reason == ReasonFirst || e.Reason == "tier_up" {
			// A client reaching a tier whose keepers keep a file: is the file complete?
			c := facts.Clients[e.ClientID]
			if t, err := rating.ParseTier(e.ToTier); err == nil {
				if a, ok := alerts.InfoIncomplete(alerts.ClientFile{ClientID: e.ClientID, Mobile: c.Mobile, BirthDate: c.BirthDate,
					Address: c.Address}, t, day); ok {
					due = append(due, a)
				}
			}
		}
		if e.Reason == ReasonLifecycle {
			if a, ok := alerts.LifeStage(e.ClientID, e.On.Year()*100+int(e.On.Month()), e.On, rating.Stage(e.FromStage), rating.Stage(e.ToStage)); ok {
				due = append(due, a)
			}
			continue
		}
		if a, ok := alerts.FromHistory(alerts.RatingChange{ClientID: e.ClientID, On: e.On, Reason: e.Reason,
			FromContribution: e.FromContribution, ToContribution: e.ToContribution, FromService: e.FromService, ToService: e.ToService,
			FromTier: e.FromTier, ToTier: e.ToTier, BelowStars: e.BelowStars}); ok {
			due = append(due, a)
		}
	}
	// Upkeep: clients not contacted within their tier's cadence, phones not verified for too long; found
	// by date, plus the clients whose tier changed that night.
	upkeep, err := upkeepAlerts(ctx, st, rr, ar, cal, day, &facts)
	if err != nil {
		return rep, err
	}
	due = append(due, upkeep...)
	// The month's re-rating ran on this business date: its near-upgrade clients are upsell opportunities.
	if nearMonth != 0 {
		near, err := st.NearUpgradesOf(ctx, nearMonth)
		if err != nil {
			return rep, err
		}
		ids := make([]string, len(near))
		for i, n := range near {
			ids[i] = n.ClientID
			if a, ok := alerts.NearUpgrade(n.ClientID, n.Month, day, n.Service); ok {
				due = append(due, a)
			}
		}
		if err := st.AddAlertClients(ctx, &facts, ids); err != nil {
			return rep, err
		}
	}
	rows := make([]store.AlertRow, 0, len(due))
	deadline := ar.Deadline(now, cal) // the same for every alert raised now
	for _, a := range due {
		c, ok := facts.Clients[a.ClientID]
		if !ok {
			continue // a client the facts name but the store no longer holds
		}
		rows = append(rows, store.AlertRow{Alert: a, OutletID: c.OutletID, Assignee: ar.Assign(tierOf(rr, c), c.RMID), RaisedOn: day,
			Deadline: deadline})
	}
	rep.Seen = len(rows)
	if rep.Raised, err = st.RaiseAlerts(ctx, day, rows); err != nil {
		return rep, err
	}
	rep.Escalated, err = st.EscalateAlerts(ctx, now)
	rep.Elapsed = time.Since(start)
	return rep, err
}

// upkeepAlerts raises the contact-overdue and phone-stale alerts of day (alerts/upkeep.go). The cadence
// rows are those the day's cadence pass left, so it runs after that pass.
func upkeepAlerts(ctx context.Context, st *store.Store, rr *rating.Rules, ar *alerts.Rules, cal *calendar.WorkCalendar, day domain.Date,
	facts *store.AlertFacts) ([]alerts.Alert, error) {
	const back = 7 // nights the pass may have missed, as for expiries
	var retiered, reached []string
	for _, e := range facts.Ratings {
		switch e.Reason {
		case ReasonFirst, "tier_up":
			reached = append(reached, e.ClientID)
			retiered = append(retiered, e.ClientID)
		case "tier_down":
			retiered = append(retiered, e.ClientID)
		}
	}
	from, to := ar.OverdueWindow(day, back, cal)
	cads, err := st.OverdueCadences(ctx, from, to, retiered)
	if err != nil {
		return nil, err
	}
	var due []alerts.Alert
	ids := map[string]bool{}
	for _, c := range cads {
		if a, ok := ar.ContactOverdue(c, day, cal); ok {
			due, ids[c.ClientID] = append(due, a), true
		}
	}
	months := rr.Policy().Alerts.PhoneStaleMonths
	phones, err := st.PhoneChecks(ctx, alerts.AddMonths(day, -months).AddDays(-back-1), alerts.AddMonths(day, -months), reached)
	if err != nil {
		return nil, err
	}
	for _, p := range phones {
		ids[p.ClientID] = true
	}
	list := make([]string, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	if err := st.AddAlertClients(ctx, facts, list); err != nil {
		return nil, err
	}
	for _, p := range phones {
		if a, ok := ar.PhoneStale(p, tierOf(rr, facts.Clients[p.ClientID]), day); ok {
			due = append(due, a)
		}
	}
	return due, nil
}

// tierOf is the client's rated tier, or the tier of its AUM before its first rating.
func tierOf(rr *rating.Rules, c store.AlertClient) rating.Tier {
	if t, err := rating.ParseTier(c.Tier); err == nil {
		return t
	}
	return rr.Tier(c.AUM)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
