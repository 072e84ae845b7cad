package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/domain"
)

// The supervisor's follow-up lists (seed 004, actions 10–12): this month's maturing clients of the outlet,
// the intent clients (contacts whose outcome was "interested") and the referrals between staff (hand-overs),
// each with whether it was followed up. Every query applies the caller's scope in SQL (scopeCond); the
// follow-up state is derived from the rows read, so that the boundaries are one rule in Go.

// Follow-up states of an intent contact or a referral.
const (
	FollowDone      = "followed" // a later contact, or a done task, after it
	FollowOpen      = "open"     // not yet, and not yet late
	FollowOverdue   = "overdue"  // not followed up within its time
	FollowCancelled = "cancelled"
)

// IntentFollowDays is how long an intent contact may wait for its follow-up before it is overdue, and
// IntentWindowDays how far back the intent list reads (DOMAIN.md §6; docs/decisions.md).
const (
	IntentFollowDays = 7
	IntentWindowDays = 30
	ReferralDays     = 30
)

// followRowsMax bounds what one list reads (an outlet's month; an export takes all of them).
const followRowsMax = 20000

// FollowPage is one page of a follow-up list: the rows and how many match in all.
type FollowPage[T any] struct {
	Items []T
	Total int
}

// FollowFilter is a follow-up list's filter, order and page. Sort is a column key of the list ("" for its
// default); an unknown key is ErrInvalid.
type FollowFilter struct {
	Now        time.Time
	Tier       string // maturing: T1…T5
	Unassigned bool   // maturing: only clients without a client manager
	State      string // intent, referrals: a Follow* state
	Today      bool   // referrals: only today's
	Client     string // a client id or a prefix of the name
	Sort       string
	Desc       bool
	Limit      int
	Offset     int
}

// MaturingAccount is an account of a client of the outlet that matures from today to the month's end.
type MaturingAccount struct {
	ClientID, Name, Tier string
	AccountID, Product   string
	Maturity             domain.Date
	AmountFen            int64
	RMID                 int64
	RM                   string // "" unassigned
}

// IntentContact is a contact whose outcome was "interested", with its follow-up.
type IntentContact struct {
	ContactID      int64
	ClientID, Name string
	StaffID        int64
	Staff          string // who logged it
	RM             string // the client's manager now, "" unassigned
	At             time.Time
	Note           string
	FollowedAt     time.Time // zero: not followed up
	State          string
}

// Referral is a hand-over of a client to a client manager (a task with source 'handover'), with its
// follow-up: the manager contacted the client after it, or finished the task.
type Referral struct {
	TaskID         int64
	ClientID, Name string
	FromID         int64
	From           string
	FromRole       domain.Role
	ToID           int64
	To             string
	At             time.Time
	Due            domain.Date
	Note           string
	FollowedAt     time.Time
	State          string
}

// MaturingFrom is the range of "this month's maturing": today to the last day of today's month, in
// Asia/Shanghai.
func MaturingFrom(now time.Time) (from, to domain.Date) {
	from = domain.Today(now)
	to = domain.NewDate(from.Year(), from.Month()+1, 1).AddDays(-1)
	return from, to
}

// MaturingClients lists the accounts of the caller's clients that mature this month (from today).
func (s *Store) MaturingClients(ctx context.Context, sc access.Scope, f FollowFilter) (FollowPage[MaturingAccount], error) {
	var page FollowPage[MaturingAccount]
	from, to := MaturingFrom(f.Now)
	cond, args := scopeCond(sc)
	q := `SELECT c.client_id, c.name, COALESCE(r.tier, ''), a.account_id, p.name, a.maturity_date, a.balance_cny, COALESCE(c.rm_id, 0), COALESCE(st.name, '')
		FROM accounts a JOIN clients c ON c.client_id = a.client_id JOIN products p ON p.product_code = a.product_code
		LEFT JOIN client_ratings r ON r.client_id = c.client_id LEFT JOIN staff st ON st.staff_id = c.rm_id
		WHERE a.maturity_date >= ? AND a.maturity_date <= ? AND a.status = 'active' AND ` + cond
	args = append([]any{from, to}, args...)
	if f.Unassigned {
		q += " AND c.rm_id IS NULL"
	}
	if f.Tier != "" {
		q += " AND r.tier = ?"
		args = append(args, f.Tier)
	}
	q += " ORDER BY a.maturity_date, c.client_id, a.account_id LIMIT ?"
	args = append(args, followRowsMax)
	var rows []MaturingAccount
	err := s.scanAll(ctx, s.Rebind(q), func(scan func(...any) error) error {
		var m MaturingAccount
		if err := scan(&m.ClientID, &m.Name, &m.Tier, &m.AccountID, &m.Product, &m.Maturity, &m.AmountFen, &m.RMID, &m.RM); err != nil {
			return err
		}
		if sc.Masked {
			m.AmountFen = 0
		}
		rows = append(rows, m)
		return nil
	}, args...)
	if err != nil {
		return page, fmt.Errorf("maturing clients: %w", err)
	}
	rows = filterClient(rows, f.Client, func(m MaturingAccount) (string, string) { return m.ClientID, m.Name })
	less := map[string]func(a, b MaturingAccount) int{
		"maturity": func(a, b MaturingAccount) int { return a.Maturity.Time().Compare(b.Maturity.Time()) },
		"client":   func(a, b MaturingAccount) int { return cmp.Compare(a.ClientID, b.ClientID) },
		"tier":     func(a, b MaturingAccount) int { return cmp.Compare(a.Tier, b.Tier) },
		"product":  func(a, b MaturingAccount) int { return cmp.Compare(a.Product, b.Product) },
		"amount":   func(a, b MaturingAccount) int { return cmp.Compare(a.AmountFen, b.AmountFen) },
		"rm":       func(a, b MaturingAccount) int { return cmp.Compare(a.RM, b.RM) },
	}
	return pageOf(rows, less, "maturity", f)
}

// IntentContacts lists the contacts of the last IntentWindowDays days whose outcome was "interested", of
// the caller's clients, each with its follow-up: the first later contact with the client (by anyone) or
// the first task for the client done after it. One not followed up is overdue IntentFollowDays after it.
func (s *Store) IntentContacts(ctx context.Context, sc access.Scope, f FollowFilter) (FollowPage[IntentContact], error) {
	var page FollowPage[IntentContact]
	if !validState(f.State, false) {
		return page, fmt.Errorf("intent clients: state %q: %w", f.State, ErrInvalid)
	}
	now := utc(f.Now)
	since := domain.Today(f.Now).AddDays(-(IntentWindowDays - 1)).Time().Add(-8 * time.Hour) // Shanghai midnight in UTC
	cond, args := scopeCond(sc)
	q := `SELECT k.contact_id, c.client_id, c.name, k.staff_id, ks.name, COALESCE(st.name, ''), k.at, k.note,
		(SELECT MIN(k2.at) FROM contacts k2 WHERE k2.client_id = k.client_id AND k2.at > k.at),
		(SELECT MIN(t.done_at) FROM tasks t WHERE t.client_id = k.client_id AND t.state = 'done' AND t.done_at > k.at)
		FROM contacts k JOIN clients c ON c.client_id = k.client_id JOIN staff ks ON ks.staff_id = k.staff_id
		LEFT JOIN staff st ON st.staff_id = c.rm_id
		WHERE k.outcome = 'interested' AND k.at >= ? AND k.at <= ? AND ` + cond + ` ORDER BY k.at DESC, k.contact_id DESC LIMIT ?`
	args = append(append([]any{utc(since), now}, args...), followRowsMax)
	var rows []IntentContact
	err := s.scanAll(ctx, s.Rebind(q), func(scan func(...any) error) error {
		var ic IntentContact
		var next, done any
		if err := scan(&ic.ContactID, &ic.ClientID, &ic.Name, &ic.StaffID, &ic.Staff, &ic.RM, &ic.At, &ic.Note, &next, &done); err != nil {
			return err
		}
		var err error
		if ic.FollowedAt, err = firstOf(next, done, now); err != nil {
			return err
		}
		ic.State = IntentState(ic.At, ic.FollowedAt, now)
		if f.State == "" || f.State == ic.State {
			rows = append(rows, ic)
		}
		return nil
	}, args...)
	if err != nil {
		return page, fmt.Errorf("intent clients: %w", err)
	}
	rows = filterClient(rows, f.Client, func(ic IntentContact) (string, string) { return ic.ClientID, ic.Name })
	less := map[string]func(a, b IntentContact) int{
		"date":   func(a, b IntentContact) int { return a.At.Compare(b.At) },
		"client": func(a, b IntentContact) int { return cmp.Compare(a.ClientID, b.ClientID) },
		"rm":     func(a, b IntentContact) int { return cmp.Compare(a.RM, b.RM) },
		"staff":  func(a, b IntentContact) int { return cmp.Compare(a.Staff, b.Staff) },
		"followed": func(a, b IntentContact) int {
			return cmp.Or(cmp.Compare(a.State, b.State), a.FollowedAt.Compare(b.FollowedAt))
		},
	}
	if cmp.Or(f.Sort, "date") == "date" {
		f.Desc = !f.Desc // newest first unless turned round
	}
	return pageOf(rows, less, "date", f)
}

// IntentState is an intent contact's follow-up state at now: followed when a follow-up came after it,
// overdue when none came within IntentFollowDays (the contact's business day plus that many days, in
// Asia/Shanghai, is the last day it may come), open before.
func IntentState(at, followed, now time.Time) string {
	if !followed.IsZero() {
		return FollowDone
	}
	last := domain.Today(at).AddDays(IntentFollowDays)
	if domain.Today(now).After(last) {
		return FollowOverdue
	}
	return FollowOpen
}

// Referrals lists the hand-overs of the caller's clients of the last ReferralDays days (today's only, with
// Today), each with its follow-up: the receiving manager contacted the client after it, or finished the
// task. One not followed up is overdue after its due day; a cancelled task is cancelled.
func (s *Store) Referrals(ctx context.Context, sc access.Scope, f FollowFilter) (FollowPage[Referral], error) {
	var page FollowPage[Referral]
	if !validState(f.State, true) {
		return page, fmt.Errorf("referrals: state %q: %w", f.State, ErrInvalid)
	}
	now := utc(f.Now)
	days := ReferralDays
	if f.Today {
		days = 1
	}
	since := domain.Today(f.Now).AddDays(-(days - 1)).Time().Add(-8 * time.Hour)
	cond, args := scopeCond(sc)
	q := `SELECT t.task_id, c.client_id, c.name, COALESCE(t.created_by, 0), COALESCE(fs.name, ''), COALESCE(fs.role, ''),
		COALESCE(t.assignee_id, 0), COALESCE(ts.name, ''), t.created_at, t.due_on, t.title, t.state, t.done_at,
		(SELECT MIN(k.at) FROM contacts k WHERE k.client_id = t.client_id AND k.staff_id = t.assignee_id AND k.at > t.created_at)
		FROM tasks t JOIN clients c ON c.client_id = t.client_id
		LEFT JOIN staff fs ON fs.staff_id = t.created_by LEFT JOIN staff ts ON ts.staff_id = t.assignee_id
		WHERE t.source = 'handover' AND t.created_at >= ? AND t.created_at <= ? AND ` + cond + ` ORDER BY t.created_at DESC, t.task_id DESC LIMIT ?`
	args = append(append([]any{utc(since), now}, args...), followRowsMax)
	var rows []Referral
	err := s.scanAll(ctx, s.Rebind(q), func(scan func(...any) error) error {
		var r Referral
		var role, title, state string
		var done sql.NullTime
		var contact any
		if err := scan(&r.TaskID, &r.ClientID, &r.Name, &r.FromID, &r.From, &role, &r.ToID, &r.To, &r.At, &r.Due, &title, &state,
			&done, &contact); err != nil {
			return err
		}
		r.FromRole = domain.Role(role)
		r.Note = strings.TrimPrefix(strings.TrimPrefix(title, "handover"), ":")
		var doneAt any
		if state == "done" && done.Valid {
			doneAt = done.Time
		}
		var err error
		if r.FollowedAt, err = firstOf(contact, doneAt, now); err != nil {
			return err
		}
		r.State = ReferralState(state, r.Due, r.FollowedAt, now)
		if f.State == "" || f.State == r.State {
			rows = append(rows, r)
		}
		return nil
	}, args...)
	if err != nil {
		return page, fmt.Errorf("referrals: %w", err)
	}
	rows = filterClient(rows, f.Client, func(r Referral) (string, string) { return r.ClientID, r.Name })
	less := map[string]func(a, b Referral) int{
		"date":   func(a, b Referral) int { return a.At.Compare(b.At) },
		"client": func(a, b Referral) int { return cmp.Compare(a.ClientID, b.ClientID) },
		"from":   func(a, b Referral) int { return cmp.Compare(a.From, b.From) },
		"to":     func(a, b Referral) int { return cmp.Compare(a.To, b.To) },
		"followed": func(a, b Referral) int {
			return cmp.Or(cmp.Compare(a.State, b.State), a.FollowedAt.Compare(b.FollowedAt))
		},
	}
	if cmp.Or(f.Sort, "date") == "date" {
		f.Desc = !f.Desc
	}
	return pageOf(rows, less, "date", f)
}

// ReferralState is a hand-over's follow-up state at now: followed when the manager followed it up,
// cancelled when its task was cancelled without that, overdue when its due day (Asia/Shanghai) has passed,
// open before.
func ReferralState(taskState string, due domain.Date, followed, now time.Time) string {
	switch {
	case !followed.IsZero():
		return FollowDone
	case taskState == "cancelled":
		return FollowCancelled
	case domain.Today(now).After(due):
		return FollowOverdue
	}
	return FollowOpen
}

// firstOf is the earlier of two optional times (an aggregate's value: PostgreSQL gives a time, SQLite the
// stored text), neither later than now (a clock set back); zero if none.
func firstOf(a, b any, now time.Time) (time.Time, error) {
	var out time.Time
	for _, v := range []any{a, b} {
		t, err := aggregateTime(v)
		if err != nil {
			return out, err
		}
		if !t.IsZero() && !t.After(now) && (out.IsZero() || t.Before(out)) {
			out = t
		}
	}
	return out, nil
}

// aggregateTime reads a timestamp an aggregate returned: nil, a time, or SQLite's text of one.
func aggregateTime(v any) (time.Time, error) {
	switch x := v.(type) {
	case nil:
		return time.Time{}, nil
	case time.Time:
		return x.UTC(), nil
	case []byte:
		return aggregateTime(string(x))
	case string:
		for _, layout := range sqlite3.SQLiteTimestampFormats {
			if t, err := time.ParseInLocation(layout, strings.TrimSuffix(x, "Z"), time.UTC); err == nil {
				return t.UTC(), nil
			}
		}
		return time.Time{}, fmt.Errorf("timestamp %q: not a time", x)
	}
	return time.Time{}, fmt.Errorf("timestamp of type %T", v)
}

func validState(st string, cancelled bool) bool {
	return st == "" || st == FollowDone || st == FollowOpen || st == FollowOverdue || (cancelled && st == FollowCancelled)
}

// filterClient keeps the rows whose client id equals q or whose name starts with it.
func filterClient[T any](rows []T, q string, key func(T) (id, name string)) []T {
	q = strings.TrimSpace(q)
	if q == "" {
		return rows
	}
	return slices.DeleteFunc(rows, func(r T) bool {
		id, name := key(r)
		return id != q && !strings.HasPrefix(name, q)
	})
}

// pageOf sorts rows by f.Sort (def when ""; stable, so ties keep the query's order) and cuts f's page.
func pageOf[T any](rows []T, less map[string]func(a, b T) int, def string, f FollowFilter) (FollowPage[T], error) {
	key := cmp.Or(f.Sort, def)
	fn, ok := less[key]
	if !ok {
		return FollowPage[T]{}, fmt.Errorf("sort by %q: %w", f.Sort, ErrInvalid)
	}
	slices.SortStableFunc(rows, func(a, b T) int {
		if f.Desc {
			return fn(b, a)
		}
		return fn(a, b)
	})
	page := FollowPage[T]{Total: len(rows)}
	lo := min(max(f.Offset, 0), len(rows))
	hi := len(rows)
	if f.Limit > 0 {
		hi = min(lo+f.Limit, len(rows))
	}
	page.Items = rows[lo:hi]
	return page, nil
}
