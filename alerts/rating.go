package alerts

import (
	"fmt"
	"strconv"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/rating"
)

// Rating alerts, DOMAIN.md §3 and §5: every change of stars or tier raises an alert to the responsible
// person, as do a downgrade warning, a near-upgrade opportunity and a move into dormancy, churn or loss.

// RatingChange is a line of a client's rating history (store.HistoryEntry's figures).
type RatingChange struct {
	ClientID                         string
	On                               domain.Date
	Reason                           string // rating.ReasonCode, tier_up, tier_down or first_rating
	FromContribution, ToContribution int
	FromService, ToService           int
	FromTier, ToTier                 string
	// BelowStars, on a downgrade warning, names the held stars the figures are below (contribution,
	// service, both: rating.Reason.BelowStars).
	BelowStars string
}

// FromHistory returns the alert a rating history line raises, if any. A first rating raises none:
// loading a bank is not a change.
func FromHistory(c RatingChange) (Alert, bool) {
	a := Alert{ClientID: c.ClientID, Key: c.On.String() + ":" + c.Reason, Due: c.On, Severity: Info,
		Figures: Figures{From: strconv.Itoa(c.FromService), To: strconv.Itoa(c.ToService)}}
	switch rating.ReasonCode(c.Reason) {
	case rating.ReasonUpPoints, rating.ReasonUpProduct, rating.ReasonInstant:
		a.Rule = RuleStarsUp
	case rating.ReasonContributionUp:
		a.Rule = RuleStarsUp
		a.Figures.From, a.Figures.To = strconv.Itoa(c.FromContribution), strconv.Itoa(c.ToContribution)
	case rating.ReasonDown:
		a.Rule, a.Severity = RuleStarsDown, Warn
	case rating.ReasonContributionDown:
		a.Rule, a.Severity = RuleStarsDown, Warn
		a.Figures.From, a.Figures.To = strconv.Itoa(c.FromContribution), strconv.Itoa(c.ToContribution)
	case rating.ReasonGrace, rating.ReasonBelowDaily:
		a.Rule, a.Severity = RuleDowngradeWarning, Warn
		a.Figures.Below = c.BelowStars
		if c.BelowStars == rating.BelowContribution {
			a.Figures.From, a.Figures.To = strconv.Itoa(c.FromContribution), strconv.Itoa(c.ToContribution)
		}
	default:
		switch c.Reason {
		case "tier_up":
			a.Rule = RuleTierUp
		case "tier_down":
			a.Rule, a.Severity = RuleTierDown, Warn
		default:
			return Alert{}, false
		}
		a.Figures.From, a.Figures.To = c.FromTier, c.ToTier
	}
	return a, true
}

// NearUpgrade returns the near-upgrade (临界) alert of a client flagged at the monthly rating of month
// (YYYYMM) with held service stars: once per month and target star.
func NearUpgrade(client string, month int, on domain.Date, held int) (Alert, bool) {
	next, ok := rating.NextStars(held)
	if !ok {
		return Alert{}, false
	}
	return Alert{ClientID: client, Rule: RuleNearUpgrade, Key: fmt.Sprintf("%d:%d", month, next), Due: on, Severity: Info,
		Figures: Figures{From: strconv.Itoa(held), To: strconv.Itoa(next)}}, true
}

// LifeStage returns the alert of a client whose life-cycle stage became dormant, churning or lost at the
// monthly rating of month; a stage it was already in raises none.
func LifeStage(client string, month int, on domain.Date, from, to rating.Stage) (Alert, bool) {
	if from == to {
		return Alert{}, false
	}
	a := Alert{ClientID: client, Key: fmt.Sprintf("%d:%s", month, to), Due: on, Figures: Figures{From: string(from), To: string(to)}}
	switch to {
	case rating.StageDormant:
		a.Rule, a.Severity = RuleDormant, Info
	case rating.StageChurning:
		a.Rule, a.Severity = RuleChurning, Urgent
	case rating.StageLost:
		a.Rule, a.Severity = RuleLost, Warn
	default:
		return Alert{}, false
	}
	return a, true
}
