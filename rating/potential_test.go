package rating

import (
	"slices"
	"testing"
)

func TestPotentialWeights(t *testing.T) {
	all := Signals(1<<numSignals - 1)
	if got := PotentialScore(all); got != 100 {
		t.Errorf("every signal scores %d, want 100", got)
	}
	if PotentialScore(0) != 0 {
		t.Error("no signal scores more than 0")
	}
	sum := 0
	for _, s := range all.List() {
		w := PotentialWeight(s)
		if w <= 0 {
			t.Errorf("%s has weight %d", s, w)
		}
		sum += w
	}
	if sum != 100 || len(all.List()) != numSignals {
		t.Errorf("weights sum to %d over %d signals", sum, len(all.List()))
	}
	if PotentialWeight(SignalFX|SignalPurchase) != 0 || PotentialWeight(0) != 0 {
		t.Error("PotentialWeight of a set")
	}
	s := SignalLargeCash | SignalOtherBankVIP | SignalOccupation
	if PotentialScore(s) != 30 || s.String() != "large_cash+occupation+other_bank_vip" ||
		!slices.Equal(s.List(), []Signals{SignalLargeCash, SignalOccupation, SignalOtherBankVIP}) {
		t.Errorf("%s scores %d", s, PotentialScore(s))
	}
	if PotentialScore(TellerObservations) != 25 {
		t.Errorf("teller observations score %d", PotentialScore(TellerObservations))
	}
}

func TestTxnSignal(t *testing.T) {
	tests := []struct {
		kind   string
		amount int64
		want   Signals
	}{
		{"cash", PotentialLargeFen, SignalLargeCash},
		{"cash", -PotentialLargeFen, SignalLargeCash},
		{"cash", PotentialLargeFen - 1, 0},
		{"transfer", -yuan(80_000), SignalLargeTransfer},
		{"transfer", yuan(49_999), 0},
		{"fx", 100, SignalFX},
		{"loan_draw", yuan(300_000), SignalLargeLoan},
		{"loan_repay", -yuan(50_000), SignalLargeLoan},
		{"loan_repay", -yuan(5_000), 0},
		{"purchase", -yuan(1_000), SignalPurchase},
		{"card_spend", -yuan(90_000), 0},
		{"interest", yuan(90_000), 0},
	}
	for _, tt := range tests {
		if got := TxnSignal(tt.kind, tt.amount); got != tt.want {
			t.Errorf("TxnSignal(%s, %d) = %s, want %s", tt.kind, tt.amount, got, tt.want)
		}
	}
	for occ, want := range map[string]Signals{"self_employed": SignalOccupation, "freelance": SignalOccupation,
		"sales": SignalOccupation, "teacher": 0, "": 0} {
		if got := OccupationSignal(occ); got != want {
			t.Errorf("OccupationSignal(%q) = %s", occ, got)
		}
	}
}

func TestSignalCodes(t *testing.T) {
	for i := range numSignals {
		s := Signals(1 << i)
		if got, ok := SignalOf(s.String()); !ok || got != s {
			t.Errorf("SignalOf(%q) = %v, %v", s.String(), got, ok)
		}
	}
	if _, ok := SignalOf("large_cash+fx"); ok {
		t.Error("a set of codes is not one signal")
	}
}
