package demo

import (
	"slices"
	"strings"

	"github.com/steward-bank/steward/domain"
)

// MinClientsPerShowcaseRM is how many clients rm01 and rm02 (the two RMs of OT01) are guaranteed, book
// size permitting, so that the browser tests and a first look at the demo have data.
const MinClientsPerShowcaseRM = 20

// showcaseRMs are the RMs whose books are guaranteed.
var showcaseRMs = []string{"rm01", "rm02"}

// assignRMs sets the service relationships (DOMAIN.md §4): every client of 20万 or more is kept by one of
// the two RMs of its outlet; smaller clients are kept by the counters, except about 5 % handed to an RM
// by referral.
func (g *generator) assignRMs() {
	t3 := g.pol.Tiers.T3Min.Fen()
	rms := map[string][]string{}
	for _, u := range orgTree {
		if u.Level == domain.LevelOutlet {
			rms[u.ID] = g.b.outletStaff(u.ID, domain.RoleRM)
		}
	}
	count := map[string]int{}
	for _, c := range g.b.Clients {
		if c.Status == "closed" {
			continue
		}
		if c.AUM >= t3 || chance(g.r, 50) {
			u := oneOf(g.r, rms[c.OutletID])
			g.b.RMUsername[c.ClientID] = u
			count[u]++
		}
	}
	// Top up the showcase RMs from their outlet's unassigned clients, in client order.
	for _, c := range g.b.Clients {
		if c.Status != "normal" || c.OutletID != "OT01" || g.b.RMUsername[c.ClientID] != "" {
			continue
		}
		for _, u := range showcaseRMs {
			if count[u] < MinClientsPerShowcaseRM {
				g.b.RMUsername[c.ClientID] = u
				count[u]++
				break
			}
		}
	}
	g.ensureCommonSurname("rm01")
}

// ensureCommonSurname makes sure that an RM keeps a client whose name starts with one of the five commonest
// family names (a search test types "王" and expects hits); when none does, the RM's first client takes the
// family name 王.
func (g *generator) ensureCommonSurname(rm string) {
	first := -1
	for i, c := range g.b.Clients {
		if g.b.RMUsername[c.ClientID] != rm {
			continue
		}
		if slices.Contains(commonSurnames, surnameOf(c.Name)) {
			return
		}
		if first < 0 {
			first = i
		}
	}
	if first >= 0 {
		c := &g.b.Clients[first]
		c.Name = "王" + strings.TrimPrefix(c.Name, surnameOf(c.Name))
	}
}
