package web

import (
	"fmt"
	"math/bits"
	"net/http"
	"strconv"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
)

// homeData is the home page: who the person is and their book in numbers.
type homeData struct {
	Greeting  string
	Today     string
	ScopeText string
	// OwnBook: the figures count the client manager's own book (Total, AUM, Tiers, Top), and Unassigned
	// the outlet's clients without a manager, which they may read; otherwise all count the person's scope.
	OwnBook    bool
	Total      int
	Unassigned int
	AUM        int64
	Tiers      []tierRow
	Top        []store.ClientRow
	// Masked: the person sees clients masked (tellers): no list of the largest clients, prospects by tier.
	Masked bool
	// Alerts are the most urgent of the open alerts the person must act on (DOMAIN.md §5), most severe
	// first, and AlertTotal how many there are; Tasks the first of the open tasks due within a week, and
	// TaskTotal how many.
	Alerts     []store.AlertView
	AlertTotal int
	Tasks      []store.TaskView
	TaskTotal  int
	// For tellers and lobby managers: prospects to hand to a client manager of the outlet.
	Prospects []store.Prospect
	RMs       []option
	// For those who approve greetings: messages prepared and not yet approved or rejected, and in how many
	// batches (an occasion at an outlet).
	GreetingsWaiting, GreetingBatchesWaiting int
	// Duties are the counter staff's standing duties by tier (DOMAIN.md §4), for tellers and lobby managers.
	Duties []string
	// The day's counts: what the person has done today, and what is open (alerts, tasks due by today).
	Done      store.Diary
	OpenTasks int
	// Lead: the person leads the outlet's team and reads its work diaries.
	Lead bool

	// Books: for the outlet's supervisor and outlet manager, its clients, those served and each RM's book
	// against the per-RM cap (relationships.go).
	Books *homeBooks
}

// homeListSize is how many alerts and tasks the home page's day list shows: the most urgent; the alerts and
// tasks pages list them all.
const homeListSize = 10

// tierRow is one asset tier of the person's book (DOMAIN.md §4).
type tierRow struct {
	Tier   string // T1 … T5
	Band   string // "< 5万", "5万 – 20万" …
	Keeper string
	Count  int
	AUM    int64
	Share  int // percent of the clients, rounded down
	// AUMShare is the tier's percent of the AUM, rounded down.
	AUMShare int
}

// percentOf is part's whole percent of whole (0 ≤ part ≤ whole), rounded down, without overflow.
func percentOf(part, whole int64) int {
	if whole <= 0 || part <= 0 {
		return 0
	}
	hi, lo := bits.Mul64(uint64(part), 100)
	q, _ := bits.Div64(hi, lo, uint64(whole)) // part ≤ whole, so hi < whole: no overflow
	return int(q)
}

func (s *Server) home(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	ctx := r.Context()
	v := s.newView(r, p)
	v.Nav = "home"
	d := homeData{ScopeText: scopeText(v, p), Masked: p.Scope.Masked, OwnBook: p.Scope.Reach == access.ReachAssigned,
		Lead: store.LeadsTeam(p.Staff)}
	// A client manager's figures are their own book; the outlet's unassigned clients they may read are
	// counted apart.
	book := store.BookFilter{}
	if d.OwnBook {
		book.RMID = p.Staff.ID
	}
	now := v.Now.In(domain.Shanghai)
	switch h := now.Hour(); {
	case h < 12:
		d.Greeting = v.T("home.morning", p.Staff.Name)
	case h < 18:
		d.Greeting = v.T("home.afternoon", p.Staff.Name)
	default:
		d.Greeting = v.T("home.evening", p.Staff.Name)
	}
	d.Today = domain.DateOf(now).String()
	if r.URL.Query().Get("alert") == "outcome" {
		v.Error = v.T("alert.needOutcome")
	}
	if r.URL.Query().Get("handover") == "invalid" {
		v.Error = v.T("prospect.invalid")
	}
	if m := inputFromQuery(v.Lang, r.URL.Query()); m != "" {
		v.Error = m
	}
	// The most urgent of the day list, with the true totals; the alerts and tasks pages list the rest.
	alerts, err := s.store.ListAlerts(ctx, p.Scope, p.Staff, store.AlertFilter{Limit: homeListSize})
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	d.Alerts, d.AlertTotal = alerts.Items, alerts.Total
	today, week := domain.DateOf(now), domain.DateOf(now).AddDays(7)
	if d.Tasks, err = s.store.MyTasks(ctx, p.Scope, p.Staff.ID, p.Staff.Role, week, homeListSize); err != nil {
		s.serverError(w, r, p, err)
		return
	}
	if d.TaskTotal, err = s.store.CountTasksBetween(ctx, p.Scope, p.Staff.ID, p.Staff.Role, domain.Date{}, week); err != nil {
		s.serverError(w, r, p, err)
		return
	}
	if d.OpenTasks, err = s.store.CountTasksBetween(ctx, p.Scope, p.Staff.ID, p.Staff.Role, domain.Date{}, today); err != nil {
		s.serverError(w, r, p, err)
		return
	}
	if d.Done, err = s.store.DiaryOf(ctx, p.Staff.ID, domain.DateOf(now)); err != nil {
		s.serverError(w, r, p, err)
		return
	}
	if role := p.Staff.Role; role == domain.RoleTeller || role == domain.RoleTellerVIP || role == domain.RoleLobby {
		for i := 1; ; i++ {
			key := fmt.Sprintf("duty.%s.%d", role, i)
			if _, ok := messages[key]; !ok {
				break
			}
			d.Duties = append(d.Duties, v.T(key))
		}
		if d.Prospects, err = s.store.Prospects(ctx, p.Scope, PotentialProspect, 20); err != nil {
			s.serverError(w, r, p, err)
			return
		}
		staff, err := s.store.ListStaff(ctx, p.Staff.OrgID)
		if err != nil {
			s.serverError(w, r, p, err)
			return
		}
		for _, st := range staff {
			if st.Role == domain.RoleRM && !st.Disabled {
				d.RMs = append(d.RMs, option{Value: strconv.FormatInt(st.ID, 10), Label: st.Name})
			}
		}
	}
	if p.Can(access.CapGreetings) {
		// The greetings page's own count: lapsed batches do not wait.
		if d.GreetingsWaiting, d.GreetingBatchesWaiting, err = s.store.GreetingsWaiting(ctx, p.Scope); err != nil {
			s.serverError(w, r, p, err)
			return
		}
	}

	// The ten largest clients by name: not for a masked view, for which it would be a named rich list.
	if !d.Masked {
		top, err := s.store.SearchClients(ctx, p.Scope.Book(), store.ClientFilter{Sort: "aum", Desc: true, Limit: 10, RMID: book.RMID})
		if err != nil {
			s.serverError(w, r, p, err)
			return
		}
		d.Top = top.Items
	}
	t := s.policy.Tiers
	bounds := []int64{t.T2Min.Fen(), t.T3Min.Fen(), t.T4Min.Fen(), t.T5Min.Fen()}
	sum, err := s.store.BookSummaryOf(ctx, p.Scope, book, bounds)
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	d.Total, d.Unassigned, d.AUM = sum.Clients, sum.Unassigned, sum.AUM
	if d.OwnBook {
		free, err := s.store.BookSummaryOf(ctx, p.Scope, store.BookFilter{Unassigned: true}, nil)
		if err != nil {
			s.serverError(w, r, p, err)
			return
		}
		d.Unassigned = free.Clients
	}
	for i := range sum.Bands {
		row := tierRow{Tier: fmt.Sprintf("T%d", i+1), Keeper: v.T(fmt.Sprintf("tier.keeper%d", i+1)), Count: sum.Bands[i], AUM: sum.BandAUM[i]}
		switch {
		case i == 0:
			row.Band = "< " + v.Wan(bounds[0])
		case i == len(bounds):
			row.Band = "≥ " + v.Wan(bounds[i-1])
		default:
			row.Band = v.Wan(bounds[i-1]) + " – " + v.Wan(bounds[i])
		}
		if sum.Clients > 0 {
			row.Share = sum.Bands[i] * 100 / sum.Clients
		}
		row.AUMShare = percentOf(sum.BandAUM[i], sum.AUM)
		d.Tiers = append(d.Tiers, row)
	}
	if d.Books, err = s.homeBooks(ctx, p); err != nil {
		s.serverError(w, r, p, err)
		return
	}
	v.Data = d
	s.render(w, r, http.StatusOK, "home.html", v)
}

// scopeText says in words whose clients the person sees.
func scopeText(v *view, p *auth.Principal) string {
	switch p.Scope.Reach {
	case access.ReachAll:
		return v.T("scope.all")
	case access.ReachSubtree:
		return v.T("scope.subtree", p.Org.Name)
	case access.ReachOutlet:
		if p.Scope.Masked {
			return v.T("scope.masked", p.Org.Name)
		}
		return v.T("scope.outlet", p.Org.Name)
	case access.ReachAssigned:
		return v.T("scope.assigned", p.Org.Name)
	}
	return v.T("scope.none")
}
