package rating

import "github.com/steward-bank/steward/domain"

// Life-cycle (客户生命周期), DOMAIN.md §4, with policy.Segments (defaults in brackets). A client is in
// the first stage that applies:
//
//	lost (流失)      all its accounts are closed (it had at least one), or its AUM is ≈ 0 (below
//	                 LostAUMBelowFen) after having reached T2 (its highest recorded AUM ≥ tiers.t2_min)
//	churning         AUM ChurnMonths (3) ago was positive, and since then either the AUM fell by at
//	                 least ChurnDropPct (50) % of it, or money moved to other banks amounted to at least
//	                 ChurnDropPct % of it
//	dormant (沉睡)   no client-initiated transaction for DormantDays (180) days: the last one (or, when
//	                 there was none, the relationship's opening) is at least DormantDays days before On
//	new              the relationship opened fewer than NewDays (90) days before On
//	active           otherwise
//
// The churn test "money moved to other banks" has no size in DOMAIN.md; Steward measures it against the
// same ChurnDropPct of the AUM at the start of the period, so that ordinary payments out do not count.

// LostAUMBelowFen is the AUM below which a client's assets are "≈ 0" for the lost stage: 100 yuan.
// DOMAIN.md says ≈ 0 without a number and the policy has no key for it.
const LostAUMBelowFen = 100_00

// Stage is a life-cycle stage.
type Stage string

// The life-cycle stages.
const (
	StageNew      Stage = "new"
	StageActive   Stage = "active"
	StageDormant  Stage = "dormant"  // 沉睡
	StageChurning Stage = "churning" // 流失预警
	StageLost     Stage = "lost"     // 流失
)

// Cause is the rule that put a client in its stage, for the record of lost and churning clients.
type Cause string

// Causes.
const (
	CauseAccountsClosed Cause = "accounts_closed" // lost: every account closed
	CauseAUMGone        Cause = "aum_gone"        // lost: AUM ≈ 0 after having been T2 or more
	CauseAUMDrop        Cause = "aum_drop"        // churning: AUM fell by ChurnDropPct % or more
	CauseMovedOut       Cause = "moved_out"       // churning: money moved to other banks
	CauseNoTransactions Cause = "no_transactions" // dormant
	CauseNone           Cause = ""                // new, active
)

// LifeInputs are a client's figures for its life-cycle stage.
type LifeInputs struct {
	// Opened is the date the relationship opened; On the date of the evaluation.
	Opened, On domain.Date
	// LastClientTxn is the date of the last client-initiated transaction; zero when there was none.
	LastClientTxn domain.Date
	// AUMFen is the current AUM; AUMBeforeFen the AUM ChurnMonths months before On.
	AUMFen, AUMBeforeFen int64
	// MovedOutFen is the money sent to other banks over the last ChurnMonths months.
	MovedOutFen int64
	// PeakAUMFen is the highest AUM on record.
	PeakAUMFen int64
	// OpenAccounts and ClosedAccounts count the client's accounts by status.
	OpenAccounts, ClosedAccounts int
}

// Life is a client's life-cycle stage, the rule behind it and, for a lost client, which kind of client
// it was.
type Life struct {
	Stage Stage
	Cause Cause
	// PeakTier is the tier of the client's highest recorded AUM (for lost clients: what was lost).
	PeakTier Tier
}

// LifeCycle returns a client's life-cycle stage.
func (r *Rules) LifeCycle(in LifeInputs) Life {
	s := &r.segments
	l := Life{Stage: StageActive, PeakTier: r.Tier(max(in.PeakAUMFen, in.AUMFen))}
	switch {
	case in.OpenAccounts == 0 && in.ClosedAccounts > 0:
		l.Stage, l.Cause = StageLost, CauseAccountsClosed
	case in.AUMFen < LostAUMBelowFen && max(in.PeakAUMFen, in.AUMFen) >= r.tiers.T2Min.Fen():
		l.Stage, l.Cause = StageLost, CauseAUMGone
	case in.AUMBeforeFen > 0 && atLeastPct(in.AUMBeforeFen-min(in.AUMFen, in.AUMBeforeFen), in.AUMBeforeFen, s.ChurnDropPct):
		l.Stage, l.Cause = StageChurning, CauseAUMDrop
	case in.AUMBeforeFen > 0 && atLeastPct(max(in.MovedOutFen, 0), in.AUMBeforeFen, s.ChurnDropPct):
		l.Stage, l.Cause = StageChurning, CauseMovedOut
	case dormant(in, s.DormantDays):
		l.Stage, l.Cause = StageDormant, CauseNoTransactions
	case !in.Opened.IsZero() && DaysBetween(in.Opened, in.On) < s.NewDays:
		l.Stage = StageNew
	}
	return l
}

// atLeastPct reports whether part ≥ pct % of whole (part, whole ≥ 0), exactly.
func atLeastPct(part, whole int64, pct int) bool {
	return mul64(part, 100).cmp(mul64(whole, int64(pct))) >= 0
}

func dormant(in LifeInputs, days int) bool {
	last := in.LastClientTxn
	if last.IsZero() || (!in.Opened.IsZero() && in.Opened.After(last)) {
		last = in.Opened
	}
	return !last.IsZero() && DaysBetween(last, in.On) >= days
}
