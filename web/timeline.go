package web

import (
	"strconv"

	"github.com/steward-bank/steward/pipeline"
	"github.com/steward-bank/steward/rating"
	"github.com/steward-bank/steward/store"
)

// The client's time line in words: the store keeps codes (channel, outcome, rule, state, reason, stage),
// and every one of them is named here in the page's language. What a person typed (a note, a next step,
// an alert's outcome, a task's note) is shown as typed.

// TimelineWhat is the entry's second column: the contact's channel, the alert's rule, the task's state,
// the rating change's reason, or the kind of sale.
func (v *view) TimelineWhat(e store.TimelineEntry) string {
	switch e.Kind {
	case "contact":
		return v.Code("channel", e.Code)
	case "alert":
		return v.Code("alert", e.Code)
	case "rating":
		return v.Code("reason", e.Code)
	case "sale":
		return v.Code("sale", e.Code)
	case "task":
		return v.Code("taskstate", e.Code)
	case "relationship":
		return v.Code("relchange", e.Code)
	}
	return v.Code("tl", e.Kind)
}

// TimelineText is the entry's main text: a contact's note, an alert's outcome, a task's title, a rating
// change "from → to" in words, or the product sold.
func (v *view) TimelineText(e store.TimelineEntry) string {
	switch e.Kind {
	case "alert":
		return v.AlertOutcome(e.Text)
	case "task":
		return v.TaskTitle(store.TaskView{Title: e.Text, Kind: e.TaskKind})
	case "rating":
		if e.From == "" && e.To == "" {
			return ""
		}
		return v.T("tl.change", v.ratingValue(e.Code, e.From), v.ratingValue(e.Code, e.To))
	case "relationship":
		from, to := e.From, e.To
		if from == "" {
			from = v.T("client.noRM")
		}
		if to == "" {
			to = v.T("client.noRM")
		}
		return v.T("rel.tlText", from, to, e.Text)
	}
	return e.Text
}

// ratingValue names one side of a rating change: a lifecycle stage, an asset tier, or service stars.
func (v *view) ratingValue(reason, val string) string {
	switch {
	case val == "":
		return "—"
	case reason == pipeline.ReasonLifecycle:
		return v.Code("lifecycle", val)
	case reason == "tier_up" || reason == "tier_down":
		return v.Code("tier", val)
	}
	if n, err := strconv.Atoi(val); err == nil {
		return rating.StarsName(n, v.Lang) // 准星, 三星 … as the rating history names them
	}
	return val
}

// TimelineDetail is the entry's muted detail: a contact's outcome and next step, an alert's state, or a
// sale's account.
func (v *view) TimelineDetail(e store.TimelineEntry) string {
	switch e.Kind {
	case "contact":
		d := v.Code("outcome", e.Detail)
		if e.NextStep != "" {
			d = v.T("tl.nextStep", d, e.NextStep)
		}
		return d
	case "alert":
		return v.Code("alertstate", e.Detail)
	case "sale":
		return e.Detail
	case "relationship":
		d := v.T("rel.tlMoved", e.MovedAlerts, e.MovedTasks)
		if e.Detail == "cap_override" {
			d += v.T("rel.tlOverride")
		}
		return d
	}
	return ""
}

// AlertOutcome words how an alert was closed: the system's own outcomes by name (a contact logged, a
// phone verified), anything a person wrote as written.
func (v *view) AlertOutcome(outcome string) string {
	return v.Code("alertoutcome", outcome)
}
