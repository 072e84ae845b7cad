package rating

import (
	"testing"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/policy"
)

func TestLifeCycle(t *testing.T) {
	r := newRules(t) // new 90 days, dormant 180 days, churn 50 % over 3 months
	on := date(t, "2025-06-30")
	old := date(t, "2020-01-01")
	recent := on.AddDays(-10)
	active := LifeInputs{Opened: old, On: on, LastClientTxn: recent, AUMFen: yuan(80_000), AUMBeforeFen: yuan(80_000),
		PeakAUMFen: yuan(90_000), OpenAccounts: 2}
	with := func(f func(*LifeInputs)) LifeInputs { in := active; f(&in); return in }
	tests := []struct {
		name  string
		in    LifeInputs
		stage Stage
		cause Cause
		peak  Tier
	}{
		{"active", active, StageActive, CauseNone, T2},
		{"opened 89 days ago", with(func(in *LifeInputs) { in.Opened = on.AddDays(-89) }), StageNew, CauseNone, T2},
		{"opened 90 days ago", with(func(in *LifeInputs) { in.Opened = on.AddDays(-90) }), StageActive, CauseNone, T2},
		{"opened today", with(func(in *LifeInputs) { in.Opened = on; in.LastClientTxn = domain.Date{} }), StageNew, CauseNone, T2},
		{"last transaction 179 days ago", with(func(in *LifeInputs) { in.LastClientTxn = on.AddDays(-179) }), StageActive, CauseNone, T2},
		{"last transaction 180 days ago", with(func(in *LifeInputs) { in.LastClientTxn = on.AddDays(-180) }), StageDormant, CauseNoTransactions, T2},
		{"never a transaction, opened long ago", with(func(in *LifeInputs) { in.LastClientTxn = domain.Date{} }), StageDormant, CauseNoTransactions, T2},
		{"never a transaction, opened 100 days ago", with(func(in *LifeInputs) { in.LastClientTxn = domain.Date{}; in.Opened = on.AddDays(-100) }),
			StageActive, CauseNone, T2},
		{"AUM down exactly 50 %", with(func(in *LifeInputs) { in.AUMFen = yuan(40_000) }), StageChurning, CauseAUMDrop, T2},
		{"AUM down 49.99 %", with(func(in *LifeInputs) { in.AUMFen = yuan(40_000) + 800 }), StageActive, CauseNone, T2},
		{"AUM up", with(func(in *LifeInputs) { in.AUMFen = yuan(800_000) }), StageActive, CauseNone, T4},
		{"half the AUM moved to other banks", with(func(in *LifeInputs) { in.MovedOutFen = yuan(40_000) }), StageChurning, CauseMovedOut, T2},
		{"a little moved to other banks", with(func(in *LifeInputs) { in.MovedOutFen = yuan(39_999) }), StageActive, CauseNone, T2},
		{"moved out with no AUM three months ago", with(func(in *LifeInputs) { in.AUMBeforeFen = 0; in.MovedOutFen = yuan(5_000) }),
			StageActive, CauseNone, T2},
		{"churning beats dormant", with(func(in *LifeInputs) { in.AUMFen = yuan(10_000); in.LastClientTxn = on.AddDays(-400) }),
			StageChurning, CauseAUMDrop, T2},
		{"churning beats new", with(func(in *LifeInputs) { in.AUMFen = yuan(10_000); in.Opened = on.AddDays(-80) }), StageChurning, CauseAUMDrop, T2},
		{"every account closed", with(func(in *LifeInputs) { in.OpenAccounts = 0; in.ClosedAccounts = 3; in.AUMFen = 0 }),
			StageLost, CauseAccountsClosed, T2},
		{"no accounts ever (a prospect)", with(func(in *LifeInputs) { in.OpenAccounts = 0; in.AUMFen = 0; in.AUMBeforeFen = 0; in.PeakAUMFen = 0 }),
			StageActive, CauseNone, T1},
		{"AUM ≈ 0 after T2", with(func(in *LifeInputs) { in.AUMFen = LostAUMBelowFen - 1 }), StageLost, CauseAUMGone, T2},
		{"100 yuan left after T2 is churning, not lost", with(func(in *LifeInputs) { in.AUMFen = LostAUMBelowFen }), StageChurning, CauseAUMDrop, T2},
		{"AUM ≈ 0, never T2", with(func(in *LifeInputs) { in.AUMFen = 0; in.PeakAUMFen = yuan(50_000) - 1; in.AUMBeforeFen = yuan(30_000) }),
			StageChurning, CauseAUMDrop, T1},
		{"AUM ≈ 0, peak exactly T2", with(func(in *LifeInputs) { in.AUMFen = 0; in.PeakAUMFen = yuan(50_000) }), StageLost, CauseAUMGone, T2},
		{"a lost T5 client", with(func(in *LifeInputs) { in.AUMFen = 0; in.PeakAUMFen = yuan(5_000_000) }), StageLost, CauseAUMGone, T5},
	}
	for _, tt := range tests {
		l := r.LifeCycle(tt.in)
		if l.Stage != tt.stage || l.Cause != tt.cause || l.PeakTier != tt.peak {
			t.Errorf("%s: %+v, want %s %q %s", tt.name, l, tt.stage, tt.cause, tt.peak)
		}
	}
	// Thresholds follow the policy.
	r2 := newRules(t, func(p *policy.Policy) {
		p.Segments.DormantDays = 30
		p.Segments.NewDays = 7
		p.Segments.ChurnDropPct = 90
	})
	if l := r2.LifeCycle(with(func(in *LifeInputs) { in.LastClientTxn = on.AddDays(-30) })); l.Stage != StageDormant {
		t.Errorf("dormant after 30 days: %+v", l)
	}
	if l := r2.LifeCycle(with(func(in *LifeInputs) { in.AUMFen = yuan(10_000) })); l.Stage != StageActive {
		t.Errorf("87.5 %% drop with a 90 %% rule: %+v", l)
	}
	if l := r2.LifeCycle(with(func(in *LifeInputs) { in.Opened = on.AddDays(-8) })); l.Stage != StageActive {
		t.Errorf("8 days with a 7-day new period: %+v", l)
	}
}
