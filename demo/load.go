package demo

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/store"
)

const (
	// clientChunk is how many clients go into one transaction.
	clientChunk = 5000
	// accountChunk is how many accounts go into one transaction.
	accountChunk = 20000
	// hashWorkers is how many passwords are hashed at once (argon2id at 64 MiB each; two cores here).
	hashWorkers = 2
)

// Load writes a bank into a migrated, empty store: the organisation (parents first), the staff (each with
// password, which never expires on demo accounts), the products, the clients with their RMs, the accounts,
// then the AUM and the service relationships, and last the life details (family, events, notes, tags)
// through the same audited calls staff use, as the administrator (notes as their authors).
//
// It stops at the first error; what was written stays written, so load into a fresh store.
func Load(ctx context.Context, st *store.Store, b *Bank, password string) (Summary, error) {
	start := time.Now()
	if password == "" {
		return Summary{}, errors.New("demo: load: a password for the demo staff is required")
	}
	for _, u := range b.Orgs {
		if _, err := st.PutOrg(ctx, u); err != nil {
			return Summary{}, fmt.Errorf("demo: load orgs: %w", err)
		}
	}
	if err := st.PutProducts(ctx, b.Products); err != nil {
		return Summary{}, fmt.Errorf("demo: load products: %w", err)
	}
	for from := 0; from < len(b.Clients); from += clientChunk {
		part := b.Clients[from:min(from+clientChunk, len(b.Clients))]
		if err := st.PutClients(ctx, part); err != nil {
			return Summary{}, fmt.Errorf("demo: load clients %d–%d: %w", from+1, from+len(part), err)
		}
	}
	for from := 0; from < len(b.Accounts); from += accountChunk {
		part := b.Accounts[from:min(from+accountChunk, len(b.Accounts))]
		if err := st.PutAccounts(ctx, part); err != nil {
			return Summary{}, fmt.Errorf("demo: load accounts %d–%d: %w", from+1, from+len(part), err)
		}
	}
	if err := st.RecomputeAUM(ctx); err != nil {
		return Summary{}, fmt.Errorf("demo: load: %w", err)
	}
	if err := LoadPeople(ctx, st, b, password); err != nil {
		return Summary{}, err
	}
	sum := Summarize(b)
	sum.Elapsed = time.Since(start)
	return sum, nil
}

// LoadPeople writes what the core-banking feeds do not carry, into a store that already holds the bank's
// organisation, products and clients (loaded by Load, or imported from WriteFeeds' batches): the staff,
// the RM of each client (服务关系), and the life details staff collect — family members, life events,
// notes and tags — through the same audited calls staff use, as the administrator (notes as their authors).
func LoadPeople(ctx context.Context, st *store.Store, b *Bank, password string) error {
	if password == "" {
		return errors.New("demo: load: a password for the demo staff is required")
	}
	ids, err := createStaff(ctx, st, b.Staff, password)
	if err != nil {
		return err
	}
	var admin int64
	for _, s := range b.Staff {
		if s.Role == domain.RoleAdmin {
			admin = ids[s.Username]
			break
		}
	}
	if admin == 0 {
		return errors.New("demo: load: the bank has no administrator to record the life details")
	}
	assign := make(map[string]int64, len(b.RMUsername))
	for clientID, u := range b.RMUsername {
		id, ok := ids[u]
		if !ok {
			return fmt.Errorf("demo: load: client %s: RM %q is not a member of staff", clientID, u)
		}
		assign[clientID] = id
	}
	if err := st.AssignInitial(ctx, assign, store.ReasonDemoAssignment); err != nil {
		return fmt.Errorf("demo: load: %w", err)
	}
	all := access.Scope{Reach: access.ReachAll, StaffID: admin}
	for _, m := range b.Family {
		if _, err := st.AddFamilyMember(ctx, all, admin, m); err != nil {
			return fmt.Errorf("demo: load family: %w", err)
		}
	}
	for _, c := range b.Clients {
		if c.LunarBirthday {
			if err := st.SetLunarBirthday(ctx, all, admin, c.ClientID, true); err != nil {
				return fmt.Errorf("demo: load lunar birthdays: %w", err)
			}
		}
	}
	for _, e := range b.Events {
		if _, err := st.AddLifeEvent(ctx, all, admin, e); err != nil {
			return fmt.Errorf("demo: load life events: %w", err)
		}
	}
	for _, n := range b.Notes {
		author, ok := ids[n.Author]
		if !ok {
			return fmt.Errorf("demo: load: note on client %s: author %q is not a member of staff", n.ClientID, n.Author)
		}
		if _, err := st.AddNote(ctx, all, author, n.ClientID, n.Body); err != nil {
			return fmt.Errorf("demo: load notes: %w", err)
		}
	}
	// Tags in client order, so that tag ids come out the same on every load.
	for _, c := range b.Clients {
		for _, t := range b.Tags[c.ClientID] {
			if err := st.TagClient(ctx, all, admin, c.ClientID, t); err != nil {
				return fmt.Errorf("demo: load tags: %w", err)
			}
		}
	}
	return nil
}

// createStaff hashes every password on hashWorkers goroutines, then creates the staff in order (so that
// staff ids follow the list) and returns their ids by username.
func createStaff(ctx context.Context, st *store.Store, staff []StaffSpec, password string) (map[string]int64, error) {
	hashes := make([]string, len(staff))
	errs := make([]error, hashWorkers)
	var wg sync.WaitGroup
	for w := range hashWorkers {
		wg.Go(func() {
			for i := w; i < len(staff); i += hashWorkers {
				if err := ctx.Err(); err != nil {
					errs[w] = err
					return
				}
				h, err := auth.HashPassword(password, auth.DefaultParams)
				if err != nil {
					errs[w] = fmt.Errorf("demo: hash the password of %s: %w", staff[i].Username, err)
					return
				}
				hashes[i] = h
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	ids := make(map[string]int64, len(staff))
	for i, s := range staff {
		created, err := st.CreateStaff(ctx, domain.Staff{Username: s.Username, Name: s.Name, Role: s.Role, OrgID: s.OrgID,
			PasswordHash: hashes[i], PasswordNeverExpires: true})
		if err != nil {
			return nil, fmt.Errorf("demo: load staff: %w", err)
		}
		ids[s.Username] = created.ID
	}
	return ids, nil
}

// Summary counts what a bank holds (and Load wrote) and how its assets spread over the tiers.
type Summary struct {
	Orgs, Staff, Products, Clients, Accounts int
	// Family, Events and Notes count records; Tags counts tags put on clients.
	Family, Events, Notes, Tags int
	// Tiers is the AUM distribution by asset tier (DOMAIN.md §4, default policy bands), T1 first.
	Tiers []TierBand
	// Elapsed is how long Load took (zero from Summarize).
	Elapsed time.Duration
}

// TierBand is one asset tier: its AUM band [From, To) in fen (To 0: no upper bound), how many clients it
// has and their AUM in fen.
type TierBand struct {
	Tier     string
	From, To int64
	Clients  int
	AUM      int64
}

// Summarize counts a bank.
func Summarize(b *Bank) Summary {
	s := Summary{Orgs: len(b.Orgs), Staff: len(b.Staff), Products: len(b.Products), Clients: len(b.Clients),
		Accounts: len(b.Accounts), Family: len(b.Family), Events: len(b.Events), Notes: len(b.Notes)}
	for _, t := range b.Tags {
		s.Tags += len(t)
	}
	p := policy.Default()
	t := p.Tiers
	s.Tiers = []TierBand{
		{Tier: policy.T1, From: 0, To: t.T2Min.Fen()},
		{Tier: policy.T2, From: t.T2Min.Fen(), To: t.T3Min.Fen()},
		{Tier: policy.T3, From: t.T3Min.Fen(), To: t.T4Min.Fen()},
		{Tier: policy.T4, From: t.T4Min.Fen(), To: t.T5Min.Fen()},
		{Tier: policy.T5, From: t.T5Min.Fen()},
	}
	for _, c := range b.Clients {
		for i := range s.Tiers {
			if tb := &s.Tiers[i]; tb.Tier == p.TierOf(c.AUM) {
				tb.Clients++
				tb.AUM += c.AUM
			}
		}
	}
	return s
}

// String prints the summary as a small report.
func (s Summary) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "demo bank: %d orgs, %d staff, %d products, %d clients, %d accounts\n",
		s.Orgs, s.Staff, s.Products, s.Clients, s.Accounts)
	fmt.Fprintf(&b, "life details: %d family members, %d life events, %d notes, %d tags\n",
		s.Family, s.Events, s.Notes, s.Tags)
	var clients int
	var aum int64
	for _, t := range s.Tiers {
		clients += t.Clients
		aum += t.AUM
	}
	fmt.Fprintf(&b, "%-4s %-12s %8s %8s %22s %8s\n", "tier", "AUM", "clients", "share", "AUM (yuan)", "share")
	for _, t := range s.Tiers {
		band := "≥ " + wanLabel(t.From)
		switch {
		case t.From == 0:
			band = "< " + wanLabel(t.To)
		case t.To > 0:
			band = wanLabel(t.From) + "–" + wanLabel(t.To)
		}
		fmt.Fprintf(&b, "%-4s %s %8d %8s %22s %8s\n", t.Tier, padWide(band, 12), t.Clients,
			percent(int64(t.Clients), int64(clients)), yuanText(t.AUM), percent(t.AUM, aum))
	}
	fmt.Fprintf(&b, "%-4s %-12s %8d %8s %22s\n", "all", "", clients, "", yuanText(aum))
	if s.Elapsed > 0 {
		fmt.Fprintf(&b, "loaded in %s\n", s.Elapsed.Round(time.Millisecond))
	}
	return b.String()
}

// wanLabel writes fen as whole 万 ("20万").
func wanLabel(fen int64) string { return fmt.Sprintf("%d万", fen/wan(1)) }

// padWide pads a label holding CJK characters (two columns each on a terminal) to width columns; fmt's
// widths count runes, not columns.
func padWide(s string, width int) string {
	cols := 0
	for _, r := range s {
		cols++
		if r >= 0x2E80 {
			cols++
		}
	}
	if cols >= width {
		return s
	}
	return s + strings.Repeat(" ", width-cols)
}

// percent is part/whole as a percentage with two decimals, rounded down, by integer arithmetic.
func percent(part, whole int64) string {
	if whole == 0 {
		return "-"
	}
	// Scale down large amounts first so that part*10000 cannot overflow.
	for part > 1<<49 {
		part, whole = part/2, whole/2
	}
	bp := part * 10000 / whole
	return fmt.Sprintf("%d.%02d%%", bp/100, bp%100)
}

// yuanText writes fen as yuan with thousands separators: "1,234,567.89".
func yuanText(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	whole := fmt.Sprint(fen / 100)
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return fmt.Sprintf("%s%s.%02d", sign, b.String(), fen%100)
}
