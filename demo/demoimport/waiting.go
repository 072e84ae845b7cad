package demoimport

import (
	"context"
	"fmt"
	"strings"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/rating"
	"github.com/steward-bank/steward/store"
)

// LeaveWaiting leaves the first outlet's supervisor (sup01) work to approve, as a morning at a real outlet
// would: rm01's requests for two unassigned clients of the outlet (客户关系建立申请), rm01's instant-upgrade
// application for one of their clients (VIP即时申请), and a draft rotation plan (轮岗) handing rm02's
// T3 clients (or, in a small bank, rm02's whole book) to rm01, for sup01 to check and submit. Each goes through the use case a person's page
// calls, with its checks and audit. A bank without those accounts (a smaller demo) is left as it is.
func LeaveWaiting(ctx context.Context, st *store.Store, p *policy.Policy) error {
	if p == nil {
		p = policy.Default()
	}
	staff := map[string]domain.Staff{}
	for _, u := range []string{"sup01", "rm01", "rm02"} {
		s, err := st.StaffByUsername(ctx, u)
		if err != nil {
			return nil // not the demo's staff: nothing to leave
		}
		staff[u] = s
	}
	rm01, rm02, sup := staff["rm01"], staff["rm02"], staff["sup01"]
	org, err := st.Org(ctx, rm01.OrgID)
	if err != nil {
		return fmt.Errorf("demo: rm01's outlet: %w", err)
	}
	rmScope := access.ScopeFor(rm01, org)

	// Two requests for the outlet's largest unassigned clients of the tiers client managers keep.
	asked := 0
	for _, tier := range []string{policy.T4, policy.T3} {
		page, err := st.SearchClients(ctx, rmScope, store.ClientFilter{Unassigned: true, Tier: tier, Sort: "aum", Desc: true, Limit: 2 - asked})
		if err != nil {
			return fmt.Errorf("demo: unassigned clients: %w", err)
		}
		for _, c := range page.Items {
			if _, err := st.RequestClient(ctx, rmScope, rm01.ID, c.ClientID,
				"客户近期多次来网点办理业务，由本人接待并了解其理财需求，申请建立服务关系"); err != nil {
				return fmt.Errorf("demo: rm01 asks for %s: %w", c.ClientID, err)
			}
			asked++
		}
		if asked == 2 {
			break
		}
	}

	// An instant upgrade for rm01's largest client below seven stars.
	own, err := st.SearchClients(ctx, rmScope, store.ClientFilter{RMID: rm01.ID, Sort: "aum", Desc: true, Limit: 20})
	if err != nil {
		return fmt.Errorf("demo: rm01's clients: %w", err)
	}
	for _, c := range own.Items {
		if c.ServiceStars < 3 || c.ServiceStars >= rating.MaxStar {
			continue
		}
		until := domain.Today(st.Now()).AddDays(90)
		if _, err := st.ApplyUpgrade(ctx, rm01, rmScope, store.UpgradeRequest{ClientID: c.ClientID, Stars: c.ServiceStars + 1,
			Until: until, Reason: "客户他行理财下月到期，约 80 万元将转入我行", AmountFen: 80_000_000}, p.Rating.InstantUpgradeMaxDays); err != nil {
			return fmt.Errorf("demo: rm01 applies for %s: %w", c.ClientID, err)
		}
		break
	}

	// rm02 rotates to another post: sup01 has drafted the handover of rm02's T3 clients to rm01.
	supOrg, err := st.Org(ctx, sup.OrgID)
	if err != nil {
		return fmt.Errorf("demo: sup01's outlet: %w", err)
	}
	a := store.Actor{Staff: sup, Org: supOrg, Scope: access.ScopeFor(sup, supOrg), Policy: p}
	// The T3 clients when rm02 keeps some (a small demo bank may have none: then the whole book).
	in := store.RotationInput{FromRM: rm02.ID, Recipients: []int64{rm01.ID},
		Reason: fmt.Sprintf("%s轮岗至分行营业部，其客户移交%s维护", rm02.Name, rm01.Name)}
	for _, tiers := range [][]string{{policy.T3}, nil} {
		page, err := st.SearchClients(ctx, a.Scope, store.ClientFilter{RMID: rm02.ID, Tier: strings.Join(tiers, ""), Limit: 1})
		if err != nil {
			return fmt.Errorf("demo: rm02's book: %w", err)
		}
		if len(page.Items) > 0 {
			in.Tiers = tiers
			break
		}
	}
	if in.Tiers == nil {
		if page, err := st.SearchClients(ctx, a.Scope, store.ClientFilter{RMID: rm02.ID, Limit: 1}); err != nil || len(page.Items) == 0 {
			return err // rm02 keeps nobody: no rotation to plan
		}
	}
	if _, err := st.PlanRotation(ctx, a, in); err != nil {
		return fmt.Errorf("demo: sup01 drafts rm02's rotation: %w", err)
	}
	return nil
}
