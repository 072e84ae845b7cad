package pipeline

import (
	"context"
	"fmt"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/rating"
	"github.com/steward-bank/steward/store"
)

// CadenceLookahead is how far ahead the nightly pass plans cadence contacts: a week, so that visits can be
// planned at least a week ahead (DOMAIN.md §6).
const CadenceLookahead = 7

// CadenceReport says what the nightly cadence pass did.
type CadenceReport struct {
	On      domain.Date
	Synced  int // clients whose cadence followed a new tier
	Created int // contact tasks created
}

// cadencePass keeps the cadences in step with the day's tier changes and creates the contact tasks due
// within the lookahead, for the tier's keepers, due on a working day.
func (n *Night) cadencePass(ctx context.Context, st *store.Store, d domain.Date) (CadenceReport, error) {
	rep := CadenceReport{On: d}
	changes, err := st.TierChangesOn(ctx, d)
	if err != nil {
		return rep, err
	}
	for i := range changes {
		t, err := rating.ParseTier(changes[i].Tier)
		if err != nil {
			return rep, fmt.Errorf("tier of client %s: %w", changes[i].ClientID, err)
		}
		changes[i].Days = n.Rules.Keeping(t).CadenceDays
	}
	if err := st.SyncCadence(ctx, d, changes); err != nil {
		return rep, err
	}
	rep.Synced = len(changes)
	due, err := st.DueCadence(ctx, d.AddDays(CadenceLookahead))
	if err != nil {
		return rep, err
	}
	tasks := make([]store.CadenceTask, 0, len(due))
	for _, c := range due {
		t, err := rating.ParseTier(c.Tier)
		if err != nil {
			return rep, fmt.Errorf("tier of client %s: %w", c.ClientID, err)
		}
		on := c.Due
		if on.Before(d) {
			on = d
		}
		if n.Calendar != nil {
			on = n.Calendar.NextWorkingDay(on)
		}
		who := n.Alerts.Assign(t, c.RMID)
		tasks = append(tasks, store.CadenceTask{ClientID: c.ClientID, Assignee: who.StaffID, Role: who.Role, OutletID: c.OutletID, Due: on,
			Priority: max(int(t)-int(rating.T2), 0) + 1, Title: "cadence:" + c.Tier})
	}
	rep.Created, err = st.CreateCadenceTasks(ctx, tasks)
	return rep, err
}
