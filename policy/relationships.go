package policy

// Relationships is DOMAIN.md §6's service relationships (服务关系): how many clients one client manager may
// keep.
type Relationships struct {
	// MaxClientsPerRM is the per-RM service cap (人均服务上限) per tier: an assignment that would give a
	// client manager more clients of a tier than this is refused (a supervisor may override it, audited).
	// 0 means no cap for the tier. DOMAIN.md names no number; the defaults are Steward's choice, from the
	// tiers' cadences (a T5 client is contacted weekly, a T3 client monthly): T1 0, T2 0 (those books are
	// the tellers'), T3 300, T4 150, T5 50.
	MaxClientsPerRM Cadence `toml:"max_clients_per_rm"`
	// ShadowDays: for how many days after a client is handed over to another client manager (or left
	// without one) the former manager keeps read-only sight of it, marked handed over, to answer the
	// client's questions and brief the successor. 0: none. Default 30; at most 365.
	ShadowDays int `toml:"shadow_days"`
}

// MaxClientsPerRM returns the per-RM service cap of a tier ("T1".."T5"); 0 means none, as does an unknown
// tier.
func (p *Policy) MaxClientsPerRM(tier string) int { return p.Relationships.MaxClientsPerRM.Of(tier) }

func (c *checker) relationships(r *Relationships) {
	m := &r.MaxClientsPerRM
	c.between("relationships.max_clients_per_rm.t1", m.T1, 0, 100000)
	c.between("relationships.max_clients_per_rm.t2", m.T2, 0, 100000)
	c.between("relationships.max_clients_per_rm.t3", m.T3, 0, 100000)
	c.between("relationships.max_clients_per_rm.t4", m.T4, 0, 100000)
	c.between("relationships.max_clients_per_rm.t5", m.T5, 0, 100000)
	c.between("relationships.shadow_days", r.ShadowDays, 0, 365)
}
