// Package rotation holds the pure rules of a rotation (轮岗): how a leaving client manager's book is split
// between the client managers who take it over.
package rotation

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
)

// Client is one client of the book being handed over.
type Client struct {
	ID   string
	Tier string // T1…T5, or "" for a client not yet rated
	AUM  int64  // fen
}

// By is what a split evens out.
type By string

// The ways of splitting.
const (
	ByCount By = "count" // each recipient gets as many clients as the others, give or take one
	ByAUM   By = "aum"   // each recipient gets as much AUM as the others, as nearly as whole clients allow
)

// ErrNoRecipients: a split needs at least one recipient.
var ErrNoRecipients = errors.New("no recipient to split the clients between")

// Split gives every client to one of the recipients (staff IDs, in the order given, each once) and returns
// client ID → recipient. It is deterministic: the same clients and recipients give the same split whatever
// the order of the clients.
//
// ByCount deals the clients from the highest tier and AUM down, each to the recipient holding the fewest
// clients so far; among those, the one holding the fewest of that tier, then the least AUM, then the first
// named. Counts differ by at most one, and each tier is spread as evenly as the counts allow.
//
// ByAUM gives the clients from the largest AUM down, each to the recipient holding the least AUM so far
// (the longest-processing-time rule: no recipient ends more than the largest single client above the
// lightest); ties go to the one holding the fewest of the client's tier, then the fewest clients, then the
// first named. A sum that would overflow int64 is an error.
func Split(clients []Client, recipients []int64, by By) (map[string]int64, error) {
	if len(recipients) == 0 {
		return nil, ErrNoRecipients
	}
	seen := map[int64]bool{}
	for _, r := range recipients {
		if r == 0 || seen[r] {
			return nil, fmt.Errorf("recipient %d is zero or named twice", r)
		}
		seen[r] = true
	}
	if by != ByCount && by != ByAUM {
		return nil, fmt.Errorf("split by %q: want %q or %q", by, ByCount, ByAUM)
	}
	ids := map[string]bool{}
	for _, c := range clients {
		if ids[c.ID] {
			return nil, fmt.Errorf("client %s is listed twice", c.ID)
		}
		if c.AUM < 0 {
			return nil, fmt.Errorf("client %s has negative AUM %d", c.ID, c.AUM)
		}
		ids[c.ID] = true
	}
	sorted := slices.Clone(clients)
	slices.SortFunc(sorted, func(a, b Client) int {
		if by == ByCount {
			if c := cmp.Compare(b.Tier, a.Tier); c != 0 {
				return c
			}
		}
		if c := cmp.Compare(b.AUM, a.AUM); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	type load struct {
		n      int
		aum    int64
		byTier map[string]int
	}
	loads := make([]load, len(recipients))
	for i := range loads {
		loads[i].byTier = map[string]int{}
	}
	to := map[string]int64{}
	for _, c := range sorted {
		best := 0
		for i := 1; i < len(loads); i++ {
			a, b := loads[i], loads[best]
			var keys [3]int
			if by == ByCount {
				keys = [3]int{cmp.Compare(a.n, b.n), cmp.Compare(a.byTier[c.Tier], b.byTier[c.Tier]), cmp.Compare(a.aum, b.aum)}
			} else {
				keys = [3]int{cmp.Compare(a.aum, b.aum), cmp.Compare(a.byTier[c.Tier], b.byTier[c.Tier]), cmp.Compare(a.n, b.n)}
			}
			for _, k := range keys {
				if k < 0 {
					best = i
				}
				if k != 0 {
					break
				}
			}
		}
		l := &loads[best]
		if c.AUM > math.MaxInt64-l.aum {
			return nil, fmt.Errorf("the AUM given to recipient %d overflows at client %s", recipients[best], c.ID)
		}
		l.n++
		l.aum += c.AUM
		l.byTier[c.Tier]++
		to[c.ID] = recipients[best]
	}
	return to, nil
}
