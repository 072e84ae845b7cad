// Package demo builds Steward's synthetic bank: an organisation, its staff and a client book whose
// distributions follow the seeds.
//
// It works in two steps so that other writers can reuse the model: Generate builds a Bank in memory, purely
// and deterministically from a seed; Load writes a Bank into a store. A feed writer (`steward gen`,
// FEEDS.md batches) can take the same Bank and write it as files instead.
//
// The distributions come from the seeds (DOMAIN.md, seeds/003): 87 % of clients hold less than 1万, a thin
// top above 300万; 26 % retired, 16 % workers, 14 % with no stable income, 20 % self-employed, freelance
// or sales; 72 % walk-in, 21 % agency, about 1 % brought by staff; ages heavy at both ends (the 30–50 group
// is only 29 %). Money is fen (int64) throughout and every amount is drawn with integer arithmetic.
package demo

import (
	"math/rand/v2"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/policy"
)

// DefaultClients is the size of the default client book.
const DefaultClients = 20000

// DefaultToday is the default business date of the demo bank.
var DefaultToday = domain.NewDate(2026, 11, 22)

// USDRate is the fixed demo exchange rate: fen of CNY per 100 fen (1 dollar) of USD, i.e. 7.12.
const USDRate = 712

// Options say what bank to build.
type Options struct {
	// Clients is the number of clients; 0 means DefaultClients.
	Clients int
	// Seed selects the bank: the same seed (and options) always gives the same bank.
	Seed uint64
	// Today is the business date the book is as of; zero means DefaultToday.
	Today domain.Date
	// AccountsPer100 is the active accounts a hundred clients hold on average (300: three a client); 0 is
	// the natural mix (about 1.4 a client). Above the natural mix, clients also keep old passbooks (demand
	// deposits) holding a small part of their demand balance, so that assets, tiers and stars are the same.
	AccountsPer100 int
}

func (o Options) withDefaults() Options {
	if o.Clients <= 0 {
		o.Clients = DefaultClients
	}
	if o.Today.IsZero() {
		o.Today = DefaultToday
	}
	return o
}

// StaffSpec is a member of staff to create. The password is given to Load, not kept in the model.
type StaffSpec struct {
	Username string
	Name     string
	Role     domain.Role
	OrgID    string
}

// NoteSpec is a note on a client written by a member of staff (by username, resolved to an id on load).
type NoteSpec struct {
	ClientID string
	Author   string
	Body     string
}

// Bank is a generated bank: everything Load writes, in the order it writes it.
type Bank struct {
	// Today is the business date of the book (account states, ages and maturities are as of it).
	Today domain.Date
	// Orgs lists the organisation tree, parents before children.
	Orgs     []domain.OrgUnit
	Staff    []StaffSpec
	Products []domain.Product
	// Clients have RMID 0: the responsible RM is in RMUsername and is resolved to a staff id on load.
	Clients []domain.Client
	// RMUsername maps a client id to the username of its responsible client manager (服务关系); clients
	// absent from it are unassigned.
	RMUsername map[string]string
	Accounts   []domain.Account
	Family     []domain.FamilyMember
	Notes      []NoteSpec
	Events     []domain.LifeEvent
	// Tags maps a client id to its tags.
	Tags map[string][]string
}

// Generate builds a bank. It is pure: the same options give the same bank, byte for byte.
func Generate(opts Options) *Bank {
	opts = opts.withDefaults()
	g := &generator{
		r:       rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15)),
		opts:    opts,
		today:   opts.Today,
		pol:     policy.Default(),
		ids:     make(map[string]bool, opts.Clients),
		mobiles: make(map[string]bool, opts.Clients),
		emails:  map[string]bool{},
		steps:   map[[2]int64][]int64{},
		b: &Bank{
			Today:      opts.Today,
			RMUsername: map[string]string{},
			Tags:       map[string][]string{},
		},
	}
	g.buildOrgs()
	g.buildStaff()
	g.buildProducts()
	g.buildClients()
	g.assignRMs()
	g.buildLifeDetails()
	return g.b
}

// generator holds the state of one Generate call.
type generator struct {
	r     *rand.Rand
	opts  Options
	today domain.Date
	pol   *policy.Policy
	b     *Bank

	ids     map[string]bool // ID numbers already issued
	mobiles map[string]bool
	emails  map[string]bool
	steps   map[[2]int64][]int64 // log-uniform step tables by [lo, hi)

	products map[string]domain.Product
	meta     []clientMeta // parallel to b.Clients
	active   int          // active accounts opened so far
}

// clientMeta is what the generator knows about a client beyond domain.Client, for later passes.
type clientMeta struct {
	age      int
	risk     int // 0 (no assessment) or 1..5 for C1..C5
	accounts []int
}
