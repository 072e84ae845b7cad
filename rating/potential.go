package rating

import "math/bits"

// Potential (潜力客户), DOMAIN.md §4: signals of a high-value client hidden in a small book, from
// transactions, holdings, the client's occupation and teller observations entered at the counter. The
// potential score ranks prospects for RMs: it is the sum of the weights of the signals present (each
// counts once however often it occurs), 0 to 100. DOMAIN.md lists the signals; the weights are
// Steward's, listed with each signal below. Transaction signals look at the signals' period (the
// caller's choice; Steward uses the rating window); "large" means at least PotentialLargeFen.

// PotentialLargeFen is the amount from which a cash deposit or withdrawal, a transfer or remittance, or
// a loan draw or repayment is large for the potential score: 50 000 yuan, the bank's large-movement
// threshold for ordinary clients (alerts.large_movement). DOMAIN.md gives no separate figure.
const PotentialLargeFen = 50_000_00

// Signals is a set of potential signals.
type Signals uint16

// The potential signals and their weights (PotentialWeight).
const (
	SignalLargeCash       Signals = 1 << iota // large cash deposit or withdrawal: 15
	SignalLargeTransfer                       // large transfer or remittance: 15
	SignalFX                                  // foreign-exchange business: 10
	SignalLargeLoan                           // large loan draw or repayment: 10
	SignalPurchase                            // purchase of investment or insurance products: 10
	SignalDepositCert                         // deposit certificate (存款证明): 5
	SignalSafeBox                             // safe-deposit box: 5
	SignalOccupation                          // self-employed, freelance or sales (the wealth-building group): 5
	SignalOtherBankVIP                        // teller observation: a VIP card of another bank: 10
	SignalAskedWealth                         // teller observation: asked about wealth products: 10
	SignalUpmarketAddress                     // teller observation: an upmarket address: 5
	numSignals            = iota
)

var signalInfo = [numSignals]struct {
	code   string
	weight int
}{
	{"large_cash", 15},
	{"large_transfer", 15},
	{"fx", 10},
	{"large_loan", 10},
	{"purchase", 10},
	{"deposit_certificate", 5},
	{"safe_deposit_box", 5},
	{"occupation", 5},
	{"other_bank_vip", 10},
	{"asked_wealth", 10},
	{"upmarket_address", 5},
}

// TellerObservations are the signals a teller records at the counter.
const TellerObservations = SignalOtherBankVIP | SignalAskedWealth | SignalUpmarketAddress

// List returns the single signals of the set, in the order above.
func (s Signals) List() []Signals {
	var out []Signals
	for i := range numSignals {
		if s&(1<<i) != 0 {
			out = append(out, 1<<i)
		}
	}
	return out
}

// String returns a single signal's code ("large_cash", …); for a set, the codes joined by "+".
func (s Signals) String() string {
	out := ""
	for i := range numSignals {
		if s&(1<<i) != 0 {
			if out != "" {
				out += "+"
			}
			out += signalInfo[i].code
		}
	}
	return out
}

// PotentialWeight returns the weight of a single signal (0 for a set or none).
func PotentialWeight(s Signals) int {
	if bits.OnesCount16(uint16(s)) != 1 {
		return 0
	}
	return signalInfo[bits.TrailingZeros16(uint16(s))].weight
}

// PotentialScore returns the potential score of a set of signals: the sum of their weights, 0–100.
func PotentialScore(s Signals) int {
	n := 0
	for i := range numSignals {
		if s&(1<<i) != 0 {
			n += signalInfo[i].weight
		}
	}
	return n
}

// TxnSignal returns the potential signal of one transaction (FEEDS.md TXN.kind and its amount in CNY
// fen, either sign), or 0: a large cash movement, a large transfer, any foreign-exchange business, a
// large loan draw or repayment, any purchase of an investment or insurance product.
func TxnSignal(kind string, amountFen int64) Signals {
	large := abs64(amountFen) >= PotentialLargeFen
	switch {
	case kind == "cash" && large:
		return SignalLargeCash
	case kind == "transfer" && large:
		return SignalLargeTransfer
	case kind == "fx":
		return SignalFX
	case (kind == "loan_draw" || kind == "loan_repay") && large:
		return SignalLargeLoan
	case kind == "purchase":
		return SignalPurchase
	}
	return 0
}

// OccupationSignal returns SignalOccupation for the wealth-building occupations of FEEDS.md
// CUST.occupation (self_employed, freelance, sales), 0 otherwise.
func OccupationSignal(occupation string) Signals {
	switch occupation {
	case "self_employed", "freelance", "sales":
		return SignalOccupation
	}
	return 0
}

// SignalOf returns the single signal with the given code (see Signals.String).
func SignalOf(code string) (Signals, bool) {
	for i := range numSignals {
		if signalInfo[i].code == code {
			return 1 << i, true
		}
	}
	return 0, false
}
