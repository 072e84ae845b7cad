package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/alerts"
	"github.com/steward-bank/steward/calendar"
	"github.com/steward-bank/steward/domain"
)

// What the nightly alert pass reads: each kind of fact found through an index by date, so that the pass
// costs what is due that night, not the size of the book or its history (migration 0005).

// AlertClient is what the pass needs to know of a client to raise its alerts.
type AlertClient struct {
	ClientID, OutletID string
	RMID               int64
	Tier               string // from the client's rating; "" before the first
	AUM                int64
	// The details the tier's keepers need in the client's file.
	Mobile, Address string
	BirthDate       domain.Date
}

// Movement is a row of day_movements: a large transaction (TxnID set) or a large net change of the day.
type Movement struct {
	ClientID, TxnID, AccountID string
	Amount                     int64
	OtherBank                  bool
}

// Maturing is an active account maturing within the window.
type Maturing struct {
	ClientID, AccountID, Product string
	BalanceCNY                   int64
	Maturity                     domain.Date
}

// Birthday is a person whose birthday falls within the window: the client (FamilyID 0) or a family member.
type Birthday struct {
	ClientID   string
	FamilyID   int64
	Name       string
	Relation   string
	Birth      domain.Date
	Lunar      bool
	LunarMonth int
	LunarDay   int
}

// RiskExpiry is a client whose risk assessment expires within the window (or recently expired).
type RiskExpiry struct {
	ClientID string
	Expires  domain.Date
}

// AlertFacts are the facts of one business date.
type AlertFacts struct {
	Movements  []Movement
	Maturities []Maturing
	Birthdays  []Birthday
	Risks      []RiskExpiry
	Ratings    []HistoryEntry
	Clients    map[string]AlertClient
}

// AlertWindow says how far the pass looks ahead and back from the business date.
type AlertWindow struct {
	MaturityDays, BirthdayDays, RiskDays int
	// Back is how many days back an expiry still counts (a night the pass did not run).
	Back int
}

// AlertFacts reads the facts of business date day.
func (s *Store) AlertFacts(ctx context.Context, day domain.Date, w AlertWindow) (AlertFacts, error) {
	f := AlertFacts{Clients: map[string]AlertClient{}}
	ids := map[string]bool{}
	err := s.scanAll(ctx, s.Rebind("SELECT client_id, txn_id, account_id, amount, other_bank FROM day_movements WHERE business_date = ?"),
		func(scan func(...any) error) error {
			var m Movement
			if err := scan(&m.ClientID, &m.TxnID, &m.AccountID, &m.Amount, &m.OtherBank); err != nil {
				return err
			}
			f.Movements, ids[m.ClientID] = append(f.Movements, m), true
			return nil
		}, day)
	if err != nil {
		return f, fmt.Errorf("movements of %s: %w", day, err)
	}
	err = s.scanAll(ctx, s.Rebind(`SELECT client_id, account_id, product_code, balance_cny, maturity_date FROM accounts
		WHERE maturity_date >= ? AND maturity_date <= ? AND status = 'active'`), func(scan func(...any) error) error {
		var m Maturing
		if err := scan(&m.ClientID, &m.AccountID, &m.Product, &m.BalanceCNY, &m.Maturity); err != nil {
			return err
		}
		f.Maturities, ids[m.ClientID] = append(f.Maturities, m), true
		return nil
	}, day, day.AddDays(w.MaturityDays))
	if err != nil {
		return f, fmt.Errorf("maturities from %s: %w", day, err)
	}
	if err := s.birthdays(ctx, &f, ids, day, w.BirthdayDays); err != nil {
		return f, err
	}
	err = s.scanAll(ctx, s.Rebind("SELECT client_id, risk_expires_on FROM clients WHERE risk_expires_on >= ? AND risk_expires_on <= ?"),
		func(scan func(...any) error) error {
			var r RiskExpiry
			if err := scan(&r.ClientID, &r.Expires); err != nil {
				return err
			}
			f.Risks, ids[r.ClientID] = append(f.Risks, r), true
			return nil
		}, day.AddDays(-w.Back-1), day.AddDays(w.RiskDays))
	if err != nil {
		return f, fmt.Errorf("risk assessments: %w", err)
	}
	err = s.scanAll(ctx, s.Rebind(`SELECT client_id, on_date, occasion, reason, from_contribution, to_contribution, from_service,
		to_service, from_tier, to_tier, star_points, below_count, from_stage, to_stage, below_stars FROM rating_history WHERE on_date = ?`), func(scan func(...any) error) error {
		var e HistoryEntry
		if err := scan(&e.ClientID, &e.On, &e.Occasion, &e.Reason, &e.FromContribution, &e.ToContribution, &e.FromService,
			&e.ToService, &e.FromTier, &e.ToTier, &e.StarPoints, &e.Below, &e.FromStage, &e.ToStage, &e.BelowStars); err != nil {
			return err
		}
		f.Ratings, ids[e.ClientID] = append(f.Ratings, e), true
		return nil
	}, day)
	if err != nil {
		return f, fmt.Errorf("rating changes of %s: %w", day, err)
	}
	list := make([]string, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	if err := s.AddAlertClients(ctx, &f, list); err != nil {
		return f, err
	}
	return f, nil
}

// AddAlertClients reads into f.Clients what the pass needs of the clients ids (those it lacks).
func (s *Store) AddAlertClients(ctx context.Context, f *AlertFacts, ids []string) error {
	var list []string
	for _, id := range ids {
		if _, ok := f.Clients[id]; !ok {
			list = append(list, id)
		}
	}
	err := inChunks(list, func(chunk []string, ph string) error {
		return s.scanAll(ctx, s.Rebind(`SELECT c.client_id, c.outlet_id, COALESCE(c.rm_id, 0), COALESCE(r.tier, ''), m.aum, c.mobile, c.address,
			c.birth_date FROM clients c JOIN client_aum m ON m.client_id = c.client_id LEFT JOIN client_ratings r ON r.client_id = c.client_id WHERE c.client_id IN (`+ph+")"),
			func(scan func(...any) error) error {
				var c AlertClient
				if err := scan(&c.ClientID, &c.OutletID, &c.RMID, &c.Tier, &c.AUM, &c.Mobile, &c.Address, &c.BirthDate); err != nil {
					return err
				}
				f.Clients[c.ClientID] = c
				return nil
			}, anys(chunk)...)
	})
	if err != nil {
		return fmt.Errorf("clients with alerts: %w", err)
	}
	return nil
}

// birthdays finds the clients and family members whose birthday falls from day to day+lead: solar ones
// by month and day (29 February also on 28 February of a common year), lunar ones by lunar month and day
// (day 30 also on the 29th of a short month), each through an index.
func (s *Store) birthdays(ctx context.Context, f *AlertFacts, ids map[string]bool, day domain.Date, lead int) error {
	var mds []any
	var lunar []string
	var largs []any
	window := map[[2]int]bool{}
	for i := 0; i <= lead; i++ {
		d := day.AddDays(i)
		mds = append(mds, birthdayKeys(d)...)
		for _, k := range calendar.LunarBirthdaysOn(d) {
			lunar, largs, window[k] = append(lunar, "(?, ?)"), append(largs, k[0], k[1]), true
		}
	}
	ph := placeholders(len(mds))
	err := s.scanAll(ctx, s.Rebind("SELECT client_id, name, birth_date FROM clients WHERE "+s.monthDay("birth_date")+" IN ("+ph+") AND lunar_birthday = FALSE"),
		func(scan func(...any) error) error {
			var b Birthday
			if err := scan(&b.ClientID, &b.Name, &b.Birth); err != nil {
				return err
			}
			f.Birthdays, ids[b.ClientID] = append(f.Birthdays, b), true
			return nil
		}, mds...)
	if err != nil {
		return fmt.Errorf("birthdays: %w", err)
	}
	// Clients who celebrate the lunar birthday are few: each one's lunar month and day is worked out from
	// the birth date and matched against the window's.
	err = s.scanAll(ctx, "SELECT client_id, name, birth_date FROM clients WHERE lunar_birthday = TRUE", func(scan func(...any) error) error {
		var b Birthday
		if err := scan(&b.ClientID, &b.Name, &b.Birth); err != nil {
			return err
		}
		m, d, ok := calendar.LunarBirthdayOf(b.Birth)
		if !ok || !window[[2]int{m, d}] {
			return nil
		}
		b.Lunar, b.LunarMonth, b.LunarDay = true, m, d
		f.Birthdays, ids[b.ClientID] = append(f.Birthdays, b), true
		return nil
	})
	if err != nil {
		return fmt.Errorf("lunar birthdays: %w", err)
	}
	family := func(cond string, args []any) error {
		return s.scanAll(ctx, s.Rebind(`SELECT member_id, client_id, name, relation, birth_date, lunar, lunar_month, lunar_day
			FROM family_members WHERE `+cond), func(scan func(...any) error) error {
			var b Birthday
			if err := scan(&b.FamilyID, &b.ClientID, &b.Name, &b.Relation, &b.Birth, &b.Lunar, &b.LunarMonth, &b.LunarDay); err != nil {
				return err
			}
			f.Birthdays, ids[b.ClientID] = append(f.Birthdays, b), true
			return nil
		}, args...)
	}
	if err := family("lunar = FALSE AND "+s.monthDay("birth_date")+" IN ("+ph+")", mds); err != nil {
		return fmt.Errorf("family birthdays: %w", err)
	}
	if len(lunar) > 0 {
		if err := family("lunar = TRUE AND (lunar_month, lunar_day) IN ("+strings.Join(lunar, ", ")+")", largs); err != nil {
			return fmt.Errorf("family lunar birthdays: %w", err)
		}
	}
	return nil
}

// AlertRow is an alert to raise, with who acts and when it escalates.
type AlertRow struct {
	alerts.Alert
	OutletID string
	Assignee alerts.Assignee
	RaisedOn domain.Date
	Deadline time.Time
}

// RaiseAlerts records the alerts of business date day in one transaction, skipping any whose fact has
// alerted before (the same client, rule and key), and drops the day's movement facts. It returns how many
// were new.
func (s *Store) RaiseAlerts(ctx context.Context, day domain.Date, rows []AlertRow) (int, error) {
	n := 0
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, s.Rebind(`INSERT INTO alerts (client_id, rule, fact_key, due_on, severity, figures, outlet_id,
			assignee_id, assignee_role, raised_on, raised_at, deadline) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (client_id, rule, fact_key) DO NOTHING`))
		if err != nil {
			return fmt.Errorf("raise alerts: %w", err)
		}
		defer stmt.Close()
		now := s.now()
		for _, r := range rows {
			fig, err := json.Marshal(r.Figures)
			if err != nil {
				return err
			}
			var who any
			if r.Assignee.StaffID != 0 {
				who = r.Assignee.StaffID
			}
			res, err := stmt.ExecContext(ctx, r.ClientID, string(r.Rule), r.Key, r.Due, int(r.Severity), string(fig), r.OutletID, who,
				string(r.Assignee.Role), r.RaisedOn, now, r.Deadline.UTC())
			if err != nil {
				return fmt.Errorf("raise alert %s: %w", r.Alert, err)
			}
			if k, _ := res.RowsAffected(); k > 0 {
				n++
				if r.Supersedes != "" {
					if err := s.supersedeAlerts(ctx, tx, r, now); err != nil {
						return err
					}
				}
			}
		}
		if _, err := tx.ExecContext(ctx, s.Rebind("DELETE FROM day_movements WHERE business_date <= ?"), day); err != nil {
			return fmt.Errorf("drop the movements of %s: %w", day, err)
		}
		return nil
	})
	return n, err
}

// AlertView is an alert as a day list shows it.
type AlertView struct {
	ID         int64
	ClientID   string
	ClientName string
	Tier       string // the client's asset tier, "" before the first rating
	Rule       string
	Key        string
	Due        domain.Date
	Severity   int
	Figures    alerts.Figures
	State      string
	RaisedOn   domain.Date
	Deadline   time.Time
	Escalated  bool
	// EscalatedTo and EscalatedAt say to whom and when an alert still new after its deadline was handed.
	EscalatedTo string
	EscalatedAt time.Time
	AssigneeID  int64
	Assignee    string // the person's name; "" for the outlet's people in Role
	Role        string
}

// AlertFilter narrows and orders an alert list. The zero filter is the person's open alerts, most severe
// first.
type AlertFilter struct {
	// Team, for a lead of an outlet's team: every alert of the outlet's clients (within the scope), not only
	// the lead's own. AssigneeID then narrows to one member's (assigned or escalated to them).
	Team       bool
	AssigneeID int64
	Rule       string
	Severity   string // info, warn, urgent; "": any
	State      string // open (not closed; the default), new, acknowledged, worked, closed, all
	Tier       string // T1 … T5
	Client     string // a client number or a client's full name
	// Overdue: open alerts past their deadline (the time they escalate at), as of Now.
	Overdue bool
	Now     time.Time
	// KeyFocus: only alerts of key-focus clients (clients.key_focus); Rules: only these rules (with Rule,
	// both apply); RaisedFrom: only alerts raised on or after this business day (zero: any).
	KeyFocus   bool
	Rules      []string
	RaisedFrom domain.Date
	Sort       string // severity (the default), due, raised, client, rule
	Desc       bool   // reverse the sort
	Limit      int    // 0: 50
	Offset     int
}

// AlertSeverities are the filter's severity names, alerts.Severity in order.
var AlertSeverities = []string{"info", "warn", "urgent"}

// AlertStateFilters are the filter's states.
var AlertStateFilters = []string{"open", "new", "acknowledged", "worked", "closed", "all"}

// AlertSorts are the orders of an alert list, each ending on the alert's id so that pages never overlap.
var AlertSorts = map[string]string{
	"severity": "a.severity DESC, a.due_on, a.alert_id",
	"due":      "a.due_on, a.severity DESC, a.alert_id",
	"raised":   "a.raised_on DESC, a.severity DESC, a.alert_id",
	"client":   "c.name, a.client_id, a.due_on, a.alert_id",
	"rule":     "a.rule, a.severity DESC, a.due_on, a.alert_id",
}

// AlertPage is one page of an alert list and the number of alerts the whole list holds.
type AlertPage struct {
	Items []AlertView
	Total int
}

// alertWhere is the WHERE of an alert list: whose alerts (the person's, or the team's for a lead), the
// caller's scope over the clients c, and the filter. The list and its count share it.
func alertWhere(sc access.Scope, st domain.Staff, f AlertFilter) (string, []any, error) {
	var where []string
	var args []any
	if f.Team {
		where, args = append(where, "a.outlet_id = ?"), append(args, st.OrgID)
		if f.AssigneeID != 0 {
			where, args = append(where, "(a.assignee_id = ? OR a.escalated_to = ?)"), append(args, f.AssigneeID, f.AssigneeID)
		}
	} else {
		where = append(where, "(a.assignee_id = ? OR (a.assignee_id IS NULL AND a.assignee_role = ?) OR a.escalated_to = ?)")
		args = append(args, st.ID, string(st.Role), st.ID)
	}
	cond, cargs := scopeCond(sc)
	where, args = append(where, cond), append(args, cargs...)
	switch f.State {
	case "", "open":
		where = append(where, "a.state <> 'closed'")
	case "all":
	case "new", "acknowledged", "worked", "closed":
		where, args = append(where, "a.state = ?"), append(args, f.State)
	default:
		return "", nil, fmt.Errorf("alerts: state %q: %w", f.State, ErrInvalid)
	}
	if f.Rule != "" {
		if !slices.Contains(alerts.AllRules, alerts.Rule(f.Rule)) {
			return "", nil, fmt.Errorf("alerts: rule %q: %w", f.Rule, ErrInvalid)
		}
		where, args = append(where, "a.rule = ?"), append(args, f.Rule)
	}
	if f.Severity != "" {
		i := slices.Index(AlertSeverities, f.Severity)
		if i < 0 {
			return "", nil, fmt.Errorf("alerts: severity %q: %w", f.Severity, ErrInvalid)
		}
		where, args = append(where, "a.severity = ?"), append(args, i)
	}
	if f.Tier != "" {
		where, args = append(where, "r.tier = ?"), append(args, f.Tier)
	}
	if f.Client != "" {
		where, args = append(where, "(a.client_id = ? OR c.name = ?)"), append(args, f.Client, f.Client)
	}
	if f.Overdue {
		where, args = append(where, "a.state <> 'closed' AND a.deadline < ?"), append(args, f.Now.UTC())
	}
	if f.KeyFocus {
		where = append(where, "c.key_focus")
	}
	if len(f.Rules) > 0 {
		for _, rule := range f.Rules {
			if !slices.Contains(alerts.AllRules, alerts.Rule(rule)) {
				return "", nil, fmt.Errorf("alerts: rule %q: %w", rule, ErrInvalid)
			}
			args = append(args, rule)
		}
		where = append(where, "a.rule IN (?"+strings.Repeat(", ?", len(f.Rules)-1)+")")
	}
	if !f.RaisedFrom.IsZero() {
		where, args = append(where, "a.raised_on >= ?"), append(args, f.RaisedFrom)
	}
	return strings.Join(where, " AND "), args, nil
}

// alertFrom joins what an alert list shows and filters by.
const alertFrom = ` FROM alerts a JOIN clients c ON c.client_id = a.client_id LEFT JOIN client_ratings r ON r.client_id = a.client_id`

// ListAlerts returns a page of the alerts of st (or, with f.Team, of st's outlet) within the caller's
// scope, filtered and ordered by f, with the number of alerts of the whole list counted on the same
// conditions. An unknown rule, severity, state or sort is ErrInvalid.
func (s *Store) ListAlerts(ctx context.Context, sc access.Scope, st domain.Staff, f AlertFilter) (AlertPage, error) {
	var page AlertPage
	where, args, err := alertWhere(sc, st, f)
	if err != nil {
		return page, err
	}
	order, ok := AlertSorts[f.Sort]
	switch {
	case f.Sort == "":
		order = AlertSorts["severity"]
	case !ok:
		return page, fmt.Errorf("alerts: sort %q: %w", f.Sort, ErrInvalid)
	}
	if f.Desc {
		order = reverseOrder(order)
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	if err := s.db.QueryRowContext(ctx, s.Rebind("SELECT count(*)"+alertFrom+" WHERE "+where), args...).Scan(&page.Total); err != nil {
		return page, fmt.Errorf("count the alerts of staff %d: %w", st.ID, err)
	}
	err = s.scanAll(ctx, s.Rebind(`SELECT a.alert_id, a.client_id, c.name, COALESCE(r.tier, ''), a.rule, a.fact_key, a.due_on, a.severity,
		a.figures, a.state, a.raised_on, a.deadline, a.escalated_to IS NOT NULL, COALESCE(e.name, ''), a.escalated_at,
		COALESCE(a.assignee_id, 0), COALESCE(p.name, ''), a.assignee_role`+alertFrom+`
		LEFT JOIN staff e ON e.staff_id = a.escalated_to LEFT JOIN staff p ON p.staff_id = a.assignee_id
		WHERE `+where+` ORDER BY `+order+` LIMIT ? OFFSET ?`), func(scan func(...any) error) error {
		var v AlertView
		var fig string
		var esc sql.NullTime
		if err := scan(&v.ID, &v.ClientID, &v.ClientName, &v.Tier, &v.Rule, &v.Key, &v.Due, &v.Severity, &fig, &v.State, &v.RaisedOn,
			&v.Deadline, &v.Escalated, &v.EscalatedTo, &esc, &v.AssigneeID, &v.Assignee, &v.Role); err != nil {
			return err
		}
		if esc.Valid {
			v.EscalatedAt = esc.Time
		}
		if err := json.Unmarshal([]byte(fig), &v.Figures); err != nil {
			return fmt.Errorf("alert %d: figures: %w", v.ID, err)
		}
		if sc.Masked {
			v.Figures.AmountFen = 0 // a movement or a maturing balance: money a masked view does not see
		}
		page.Items = append(page.Items, v)
		return nil
	}, append(args, f.Limit, max(f.Offset, 0))...)
	if err != nil {
		return page, fmt.Errorf("alerts of staff %d: %w", st.ID, err)
	}
	return page, nil
}

// reverseOrder turns an ORDER BY list around, column by column (the id that ends it too).
func reverseOrder(order string) string {
	cols := strings.Split(order, ", ")
	for i, c := range cols {
		if k, ok := strings.CutSuffix(c, " DESC"); ok {
			cols[i] = k
		} else {
			cols[i] = c + " DESC"
		}
	}
	return strings.Join(cols, ", ")
}

// MyAlerts returns the open alerts a person must act on, within the caller's scope: those assigned to the
// person, those of the person's role at the clients' outlets with nobody named, and those escalated to the
// person. Most severe first, then by due date. (ListAlerts's zero filter, as a list.)
func (s *Store) MyAlerts(ctx context.Context, sc access.Scope, staffID int64, role domain.Role, limit int) ([]AlertView, error) {
	page, err := s.ListAlerts(ctx, sc, domain.Staff{ID: staffID, Role: role}, AlertFilter{Limit: limit})
	return page.Items, err
}

// Alert actions.
const (
	AlertAcknowledge = "acknowledge"
	AlertWork        = "work"
	AlertClose       = "close"
)

// The outcomes Steward itself closes alerts with (a person's outcome is free text): a contact was logged
// (contact_overdue), the phone was verified (phone_stale). Pages name them in words.
const (
	AlertOutcomeContacted = "contacted"
	AlertOutcomeVerified  = "verified"
)

// AlertOutcomeSuperseded closes an earlier reminder of a fact when a nearer one is raised
// (alerts.Alert.Supersedes).
const AlertOutcomeSuperseded = "superseded"

// SystemAlertOutcomes lists them.
var SystemAlertOutcomes = []string{AlertOutcomeContacted, AlertOutcomeVerified, AlertOutcomeSuperseded}

// supersedeAlerts closes the open earlier reminders of the fact r reminds of again: the same client and
// rule, a key with r's Supersedes prefix, other than r's own. Nobody acted: acted_by stays empty.
func (s *Store) supersedeAlerts(ctx context.Context, tx *sql.Tx, r AlertRow, now time.Time) error {
	_, err := tx.ExecContext(ctx, s.Rebind(`UPDATE alerts SET state = 'closed', outcome = ?, acted_at = ?
		WHERE client_id = ? AND rule = ? AND state <> 'closed' AND fact_key <> ? AND substr(fact_key, 1, ?) = ?`),
		AlertOutcomeSuperseded, now, r.ClientID, string(r.Rule), r.Key, len(r.Supersedes), r.Supersedes)
	if err != nil {
		return fmt.Errorf("close the earlier reminders of alert %s: %w", r.Alert, err)
	}
	return nil
}

// AlertStates are the states each action on an alert leads to.
var AlertStates = map[string]string{AlertAcknowledge: "acknowledged", AlertWork: "worked", AlertClose: "closed"}

// MaxAlertOutcome is the longest outcome an alert is closed with, in characters (the day list's field).
const MaxAlertOutcome = 200

// ActOnAlert moves an alert on: acknowledged (知悉), worked (处理中) or closed with an outcome. The alert's
// client must be within the caller's scope (domain.ErrNotFound otherwise), and the actor one who may act on
// it (access.MayActOnAlert: its assignee, its pool's people, its outlet's supervisors and manager;
// ErrNotAllowed otherwise); a closed alert stays closed.
func (s *Store) ActOnAlert(ctx context.Context, sc access.Scope, actor int64, id int64, action, outcome string) error {
	if err := inputErr(fmt.Sprintf("alert %d", id), domain.CheckText("outcome", outcome, true)); err != nil {
		return err
	}
	state := AlertStates[action]
	if state == "" {
		return fmt.Errorf("alert %d: unknown action %q: %w", id, action, ErrInvalid)
	}
	outcome = strings.TrimSpace(outcome)
	if action == AlertClose && outcome == "" {
		return fmt.Errorf("alert %d: closing needs an outcome: %w", id, ErrInvalid)
	}
	if n := utf8.RuneCountInString(outcome); n > MaxAlertOutcome {
		return fmt.Errorf("alert %d: an outcome of %d characters (at most %d): %w", id, n, MaxAlertOutcome, ErrInvalid)
	}
	cond, args := scopeCond(sc)
	return s.Tx(ctx, func(tx *sql.Tx) error {
		who, err := s.actorTx(ctx, tx, actor)
		if err != nil {
			return err
		}
		holder, client, cur, err := s.alertHolderTx(ctx, tx, id, "", cond, args)
		if err != nil {
			return err
		}
		if !access.MayActOnAlert(who, holder) {
			return fmt.Errorf("alert %d is not %s %s's to act on: %w", id, who.Role, who.Username, ErrNotAllowed)
		}
		if cur == "closed" {
			return fmt.Errorf("alert %d is already closed: %w", id, ErrInvalid)
		}
		if _, err := tx.ExecContext(ctx, s.Rebind(`UPDATE alerts SET state = ?, outcome = CASE WHEN ? <> '' THEN ? ELSE outcome END,
			acted_by = ?, acted_at = ? WHERE alert_id = ?`), state, outcome, outcome, actor, s.now(), id); err != nil {
			return fmt.Errorf("alert %d: %w", id, err)
		}
		return s.appendAudit(ctx, tx, domain.AuditEvent{ActorID: actor, Action: domain.AuditClientUpdate, ObjectType: "client",
			ObjectID: client, Detail: fmt.Sprintf(`{"alert":%d,"state":%q}`, id, state)})
	})
}

// EscalateAlerts hands every alert still new after its deadline to a supervisor of its outlet (the outlet
// manager when the outlet has no supervisor), once. It returns how many it escalated.
func (s *Store) EscalateAlerts(ctx context.Context, now time.Time) (int, error) {
	res, err := s.db.ExecContext(ctx, s.Rebind(`UPDATE alerts SET escalated_at = ?, escalated_to = (SELECT min(st.staff_id) FROM staff st
		WHERE st.org_id = alerts.outlet_id AND st.role IN ('supervisor', 'outlet_manager') AND st.disabled = FALSE
		AND st.role = (SELECT CASE WHEN EXISTS (SELECT 1 FROM staff x WHERE x.org_id = alerts.outlet_id AND x.role = 'supervisor'
			AND x.disabled = FALSE) THEN 'supervisor' ELSE 'outlet_manager' END))
		WHERE state = 'new' AND deadline < ? AND escalated_at IS NULL`), now.UTC(), now.UTC())
	if err != nil {
		return 0, fmt.Errorf("escalate alerts: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// NearUpgrade is a client flagged near-upgrade (临界) by a monthly re-rating.
type NearUpgrade struct {
	ClientID string
	Service  int
	Month    int
}

// NearUpgradesOf returns the clients the monthly re-rating of month (YYYYMM) flagged near-upgrade. It reads
// the ratings whole: the alert pass calls it once a month, on the day of that re-rating.
func (s *Store) NearUpgradesOf(ctx context.Context, month int) ([]NearUpgrade, error) {
	var out []NearUpgrade
	err := s.scanAll(ctx, s.Rebind(`SELECT client_id, service_stars FROM client_ratings WHERE near_upgrade = ? AND rating_month = ?`),
		func(scan func(...any) error) error {
			n := NearUpgrade{Month: month}
			if err := scan(&n.ClientID, &n.Service); err != nil {
				return err
			}
			out = append(out, n)
			return nil
		}, true, month)
	if err != nil {
		return nil, fmt.Errorf("near-upgrade clients of %d: %w", month, err)
	}
	return out, nil
}

// scopedState reads the client and state of row id of table (keyed by idCol, with a client_id and a state
// column) within the caller's scope (cond and args of scopeCond over clients c), in tx. A row out of scope
// is domain.ErrNotFound, as one that does not exist. what names the row in errors ("alert").
func (s *Store) scopedState(ctx context.Context, tx *sql.Tx, what, table, idCol string, id int64, cond string, args []any) (client, state string, err error) {
	err = tx.QueryRowContext(ctx, s.Rebind(`SELECT t.client_id, t.state FROM `+table+` t JOIN clients c ON c.client_id = t.client_id
		WHERE t.`+idCol+` = ? AND `+cond), append([]any{id}, args...)...).Scan(&client, &state)
	if err == sql.ErrNoRows {
		return "", "", domain.ErrNotFound
	}
	if err != nil {
		return "", "", fmt.Errorf("%s %d: %w", what, id, err)
	}
	return client, state, nil
}

// birthdayKeys are the month-and-day keys (MMDD, as the index on {{MONTHDAY birth_date}}) of the solar
// birthdays celebrated on d: its own, and 29 February's on 28 February of a common year.
func birthdayKeys(d domain.Date) []any {
	keys := []any{int(d.Month())*100 + d.Day()}
	if d.Month() == time.February && d.Day() == 28 && domain.NewDate(d.Year(), time.February, 29).Month() != time.February {
		keys = append(keys, 229)
	}
	return keys
}
