package side

import (
	"fmt"
	"math/bits"

	"github.com/steward-bank/steward/rating"
)

// Reference computes every client's window sums day by day in Go, the way the rule reads: it replays
// the batches from the first, keeps each account's end-of-day state and each currency's rate, and on
// every day of the window adds every active account's CNY balance to its client's points class. The
// sums then go through rating.Rules.Points and ContributionStars, Steward's own rule code.
func Reference(f *Feeds, p Params, rules *rating.Rules) (Results, error) {
	class := productClasses(f, p.To)
	type state struct {
		client, product int32
		currency        uint8
		active          bool
		balance         int64
	}
	accts := make([]state, len(f.Accounts))
	carried := make([]Day, len(f.Accounts)) // the day of the account's latest row
	for i := range carried {
		carried[i] = -1 << 30
	}
	rates := make([]int64, len(f.Currencies))
	rates[0] = 1_000_000
	inputs := make([]rating.Inputs, len(f.Clients))
	for i := range inputs {
		inputs[i].Days = int(p.Days)
	}
	addBalance := func(in *rating.Inputs, cls string, v int64) {
		switch cls {
		case "short":
			in.Short += v
		case "long":
			in.Long += v
		case "mortgage":
			in.Mortgage += v
		case "loan":
			in.Loan += v
		}
	}

	var ai, ti, fi, bi int
	for day := f.Batches[0].Day; day <= p.To; day++ {
		if bi < len(f.Batches) && f.Batches[bi].Day == day {
			for ; fi < len(f.FX) && f.FX[fi].Day == day; fi++ {
				if f.FX[fi].Currency != 0 {
					rates[f.FX[fi].Currency] = f.FX[fi].Rate
				}
			}
			for ; ai < len(f.Accts) && f.Accts[ai].Day == day; ai++ {
				a := &f.Accts[ai]
				accts[a.Account] = state{client: a.Client, product: a.Product, currency: a.Currency, active: a.Active, balance: a.Balance}
				carried[a.Account] = day
			}
			if f.Batches[bi].Full {
				for i := range accts {
					if accts[i].active && carried[i] != day {
						accts[i].active = false // left out of a full batch: closed as of today
					}
				}
			}
			for ; ti < len(f.Txns) && f.Txns[ti].Day == day; ti++ {
				t := &f.Txns[ti]
				if day < p.From {
					continue
				}
				k := f.Kinds[t.Kind]
				if k != "purchase" && k != "card_spend" {
					continue
				}
				v, err := toCNY(t.Amount, rates[t.Currency])
				if err != nil {
					return nil, fmt.Errorf("transaction of %s on %s in %s: %w", f.Clients[t.Client], day, f.Currencies[t.Currency], err)
				}
				if v < 0 {
					v = -v
				}
				if k == "purchase" {
					inputs[t.Client].Purchases += v
				} else {
					inputs[t.Client].CardSpend += v
				}
			}
			bi++
		}
		if day < p.From {
			continue
		}
		for i := range accts {
			a := &accts[i]
			if !a.active {
				continue
			}
			cls := class[a.product]
			if cls == "none" || cls == "" {
				continue
			}
			v := a.balance
			if a.currency != 0 {
				var err error
				if v, err = toCNY(a.balance, rates[a.currency]); err != nil {
					return nil, fmt.Errorf("account %s on %s in %s: %w", f.Accounts[i], day, f.Currencies[a.currency], err)
				}
			}
			addBalance(&inputs[a.client], cls, v)
		}
	}

	out := make(Results, len(f.Clients))
	for i, id := range f.Clients {
		in := inputs[i]
		b, err := rules.Points(in)
		if err != nil {
			return nil, fmt.Errorf("client %s: %w", id, err)
		}
		out[id] = Result{Short: in.Short, Long: in.Long, Mortgage: in.Mortgage, Loan: in.Loan, Purchases: in.Purchases,
			CardSpend: in.CardSpend, Known: true, Hundredths: b.Total.Hundredths(), Stars: rules.ContributionStars(b.Total)}
	}
	return out, nil
}

// productClasses returns each product's points class from its latest PROD row on or before day,
// defaulted from the category when the row leaves it empty (FEEDS.md).
func productClasses(f *Feeds, day Day) []string {
	out := make([]string, len(f.Codes))
	for _, p := range f.Products {
		if p.Day > day {
			continue
		}
		c := p.PointsClass
		if c == "" {
			switch p.Category {
			case "demand":
				c = "short"
			case "time", "wealth", "fund", "bond", "insurance", "metal":
				c = "long"
			case "loan":
				c = "loan"
			default:
				c = "none"
			}
		}
		out[p.Product] = c
	}
	return out
}

// toCNY converts fen at rate (CNY millionths per unit) to CNY fen, rounding half away from zero.
func toCNY(fen, rate int64) (int64, error) {
	if rate <= 0 {
		return 0, fmt.Errorf("no exchange rate")
	}
	u := uint64(fen)
	if fen < 0 {
		u = uint64(-fen)
	}
	hi, lo := bits.Mul64(u, uint64(rate))
	lo, c := bits.Add64(lo, 500_000, 0)
	hi += c
	if hi >= 1_000_000 {
		return 0, fmt.Errorf("%d fen at rate %d overflows", fen, rate)
	}
	q, _ := bits.Div64(hi, lo, 1_000_000)
	if q > 1<<63-1 {
		return 0, fmt.Errorf("%d fen at rate %d overflows", fen, rate)
	}
	if fen < 0 {
		return -int64(q), nil
	}
	return int64(q), nil
}
