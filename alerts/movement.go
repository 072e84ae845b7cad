package alerts

import (
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/rating"
)

// Large balance movements (大额变动), DOMAIN.md §5: a single transaction, or the day's net change of the
// client's balances, of at least alerts.large_movement (alerts.large_movement_high for T4–T5 clients),
// with its direction. Money sent to another bank at or above the threshold is flagged separately
// (存款转移/他行转出, moved_out): it is the first sign of a client leaving. The net change alerts only on a
// day no single transaction did, so that one large payment is one alert.

// Txn is one of a client's transactions of the day: amount in CNY fen, positive in, negative out.
type Txn struct {
	TxnID, AccountID, Kind string
	AmountFen              int64
	// OtherBank: a transfer whose counterparty is another bank.
	OtherBank bool
}

// Threshold returns the large-movement threshold of a tier, in fen.
func (r *Rules) Threshold(t rating.Tier) int64 {
	if t >= rating.T4 {
		return r.p.Alerts.LargeMovementHigh.Fen()
	}
	return r.p.Alerts.LargeMovement.Fen()
}

// Movements returns the movement alerts of a client's day: txns are its transactions, netFen the change
// of its AUM over the day.
func (r *Rules) Movements(client string, tier rating.Tier, day domain.Date, txns []Txn, netFen int64) []Alert {
	thr := r.Threshold(tier)
	var out []Alert
	for _, t := range txns {
		if abs(t.AmountFen) < thr {
			continue
		}
		a := Alert{ClientID: client, Rule: RuleLargeMovement, Key: "txn:" + t.TxnID, Due: day, Severity: Warn,
			Figures: Figures{AmountFen: t.AmountFen, Direction: direction(t.AmountFen), AccountID: t.AccountID, TxnID: t.TxnID, Threshold: thr}}
		if t.AmountFen < 0 {
			a.Severity = Urgent
			if t.OtherBank {
				a.Rule = RuleMovedOut
			}
		}
		out = append(out, a)
	}
	if len(out) == 0 && abs(netFen) >= thr {
		a := Alert{ClientID: client, Rule: RuleLargeMovement, Key: "net:" + day.String(), Due: day, Severity: Warn,
			Figures: Figures{AmountFen: netFen, Direction: direction(netFen), Threshold: thr}}
		if netFen < 0 {
			a.Severity = Urgent
		}
		out = append(out, a)
	}
	return out
}

func direction(v int64) string {
	if v < 0 {
		return "out"
	}
	return "in"
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}
