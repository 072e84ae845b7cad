package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/domain"
)

// Contact channels and outcomes (migration 0006).
var (
	ContactChannels = []string{"phone", "visit", "invitation", "sms", "wechat", "email"}
	ContactOutcomes = []string{"reached", "no_answer", "declined", "interested", "appointment", "done"}
)

// Contact is one contact with a client.
type Contact struct {
	ID        int64
	ClientID  string
	StaffID   int64
	StaffName string
	At        time.Time
	Channel   string
	Outcome   string
	Note      string
	NextStep  string
	AlertID   int64
	// FollowUp, when set, creates a task for the person on that date (the next step).
	FollowUp domain.Date
}

// The longest note and next step of a contact, in characters.
const (
	MaxContactNote     = 2000
	MaxContactNextStep = 200
)

// LogContact records a contact with a client the caller may change (ErrReadOnly for one they only read,
// domain.ErrNotFound outside their scope), in one transaction with its follow-up task (when FollowUp is
// set) and, when it answers an alert the actor may act on (ErrNotAllowed otherwise), the alert moved to
// "worked". It returns the contact's id.
func (s *Store) LogContact(ctx context.Context, sc access.Scope, actor int64, c Contact) (int64, error) {
	if err := inputErr("contact with "+c.ClientID, c.checkInput(s.today())); err != nil {
		return 0, err
	}
	if !oneOf(c.Channel, ContactChannels) || !oneOf(c.Outcome, ContactOutcomes) {
		return 0, fmt.Errorf("contact with %s: channel %q or outcome %q is not one of the list: %w", c.ClientID, c.Channel, c.Outcome, ErrInvalid)
	}
	c.Note, c.NextStep = strings.TrimSpace(c.Note), strings.TrimSpace(c.NextStep)
	if utf8.RuneCountInString(c.Note) > MaxContactNote || utf8.RuneCountInString(c.NextStep) > MaxContactNextStep {
		return 0, fmt.Errorf("contact with %s: note or next step too long: %w", c.ClientID, ErrInvalid)
	}
	if !c.FollowUp.IsZero() && c.NextStep == "" {
		return 0, fmt.Errorf("contact with %s: a follow-up date needs the next step: %w", c.ClientID, ErrInvalid)
	}
	var id int64
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.editableClient(ctx, tx, sc, c.ClientID); err != nil {
			return err // a client read-only for the caller takes no contact (nor the phone verified by one)
		}
		var alert any
		if c.AlertID != 0 {
			who, err := s.actorTx(ctx, tx, actor)
			if err != nil {
				return err
			}
			cond, args := scopeCond(sc)
			holder, _, _, err := s.alertHolderTx(ctx, tx, c.AlertID, c.ClientID, cond, args)
			if errors.Is(err, domain.ErrNotFound) {
				return fmt.Errorf("alert %d is not an alert of client %s: %w", c.AlertID, c.ClientID, ErrInvalid)
			}
			if err != nil {
				return fmt.Errorf("contact's alert: %w", err)
			}
			// The contact moves the alert on: only for one who may act on it.
			if !access.MayActOnAlert(who, holder) {
				return fmt.Errorf("alert %d is not %s %s's to act on: %w", c.AlertID, who.Role, who.Username, ErrNotAllowed)
			}
			alert = c.AlertID
		}
		now := s.now()
		if err := tx.QueryRowContext(ctx, s.Rebind(`INSERT INTO contacts (client_id, staff_id, at, channel, outcome, note, next_step, alert_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING contact_id`), c.ClientID, actor, now, c.Channel, c.Outcome, c.Note, c.NextStep, alert).
			Scan(&id); err != nil {
			return fmt.Errorf("contact with %s: %w", c.ClientID, err)
		}
		if !c.FollowUp.IsZero() {
			if _, err := tx.ExecContext(ctx, s.Rebind(`INSERT INTO tasks (client_id, assignee_id, created_by, source, title, due_on, contact_id, created_at)
				VALUES (?, ?, ?, 'contact', ?, ?, ?, ?)`), c.ClientID, actor, actor, c.NextStep, c.FollowUp, id, now); err != nil {
				return fmt.Errorf("follow-up of contact %d: %w", id, err)
			}
		}
		if cadenceOutcomes[c.Outcome] {
			day := domain.DateOf(now.In(domain.Shanghai))
			if err := s.contactMade(ctx, tx, actor, c.ClientID, day, now); err != nil {
				return err
			}
			// A call that reached the client verified the number.
			if c.Channel == "phone" {
				if err := s.phoneVerifiedTx(ctx, tx, actor, c.ClientID, day, now); err != nil {
					return err
				}
			}
		}
		if c.AlertID != 0 {
			if _, err := tx.ExecContext(ctx, s.Rebind(`UPDATE alerts SET state = 'worked', acted_by = ?, acted_at = ?
				WHERE alert_id = ? AND state IN ('new', 'acknowledged')`), actor, now, c.AlertID); err != nil {
				return fmt.Errorf("alert %d: %w", c.AlertID, err)
			}
		}
		return s.appendAudit(ctx, tx, domain.AuditEvent{ActorID: actor, Action: domain.AuditClientUpdate, ObjectType: "client",
			ObjectID: c.ClientID, Detail: fmt.Sprintf(`{"added":"contact","contact_id":%d}`, id)})
	})
	return id, err
}

func oneOf(v string, list []string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// TimelineEntry is one line of a client's time line: a contact, an alert, a task, a rating change or a sale.
type TimelineEntry struct {
	At     time.Time // for dated facts (alerts, tasks, rating changes, accounts opened), midnight of the date in Shanghai
	Kind   string    // contact, alert, task, rating, sale
	Code   string    // channel, rule, task state, rating reason; for a sale: purchase or opened
	Text   string    // note, alert outcome, task title, "from→to"; for a sale, the product's name
	Who    string
	Detail string // contact outcome code; alert state code; for a sale, the account
	// NextStep is a contact's next step (as typed).
	NextStep string
	// TaskKind is a supervisor's task's kind (call, visit …; "" for a task a rule or a contact made).
	TaskKind string
	// From and To are a rating change's values before and after: service stars (contribution stars for a
	// change of those), tier codes or lifecycle stage codes.
	From, To string
	// AmountFen is a purchase's amount in CNY fen.
	AmountFen int64
	// MovedAlerts and MovedTasks are the open alerts and rule-made tasks that moved with a change of the
	// client's manager (kind relationship, whose From and To are the managers' names, "" for none).
	MovedAlerts, MovedTasks int64
	// ID is the contact's, alert's or task's id (0 for rating changes and sales), by which the API acts on it.
	ID int64
	// Dated: the fact has a date and no time of day (alerts, tasks by their due date, rating changes,
	// accounts opened); At is then midnight only to order it among the others.
	Dated bool
}

// Timeline returns a client's time line, newest first: contacts, alerts, tasks, rating changes and sales,
// within the caller's scope. Sales are what the core-banking feed shows the bank sold the client: the
// investment products it bought (TXN kind purchase) and the accounts it opened (C7 of the sales funnel).
func (s *Store) Timeline(ctx context.Context, sc access.Scope, clientID string, limit int) ([]TimelineEntry, error) {
	if _, err := s.Client(ctx, sc, clientID); err != nil {
		return nil, err
	}
	var out []TimelineEntry
	add := func(q string, fn func(scan func(...any) error) (TimelineEntry, error)) error {
		return s.scanAll(ctx, s.Rebind(q), func(scan func(...any) error) error {
			e, err := fn(scan)
			if err != nil {
				return err
			}
			out = append(out, e)
			return nil
		}, clientID, limit)
	}
	midnight := func(d domain.Date) time.Time {
		return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, domain.Shanghai)
	}
	steps := []func() error{
		func() error {
			return add(`SELECT k.at, k.channel, k.outcome, k.note, k.next_step, st.name, k.contact_id FROM contacts k JOIN staff st ON st.staff_id = k.staff_id
				WHERE k.client_id = ? ORDER BY k.at DESC LIMIT ?`, func(scan func(...any) error) (TimelineEntry, error) {
				e := TimelineEntry{Kind: "contact"}
				err := scan(&e.At, &e.Code, &e.Detail, &e.Text, &e.NextStep, &e.Who, &e.ID)
				return e, err
			})
		},
		func() error {
			return add(`SELECT raised_on, rule, state, outcome, alert_id FROM alerts WHERE client_id = ? ORDER BY raised_on DESC, alert_id DESC LIMIT ?`,
				func(scan func(...any) error) (TimelineEntry, error) {
					e := TimelineEntry{Kind: "alert"}
					var on domain.Date
					err := scan(&on, &e.Code, &e.Detail, &e.Text, &e.ID)
					e.At, e.Dated = midnight(on), true
					return e, err
				})
		},
		func() error {
			return add(`SELECT t.due_on, t.state, t.title, t.kind, COALESCE(st.name, ''), t.task_id FROM tasks t LEFT JOIN staff st ON st.staff_id = t.assignee_id
				WHERE t.client_id = ? ORDER BY t.due_on DESC, t.task_id DESC LIMIT ?`, func(scan func(...any) error) (TimelineEntry, error) {
				e := TimelineEntry{Kind: "task"}
				var on domain.Date
				err := scan(&on, &e.Code, &e.Text, &e.TaskKind, &e.Who, &e.ID)
				e.At, e.Dated = midnight(on), true
				return e, err
			})
		},
		func() error {
			return add(`SELECT on_date, reason, from_service, to_service, from_contribution, to_contribution, from_tier, to_tier, from_stage, to_stage
				FROM rating_history WHERE client_id = ? ORDER BY on_date DESC, history_id DESC LIMIT ?`, func(scan func(...any) error) (TimelineEntry, error) {
				e := TimelineEntry{Kind: "rating"}
				var on domain.Date
				var fs, ts, fc, tc int
				var ft, tt, fst, tst string
				err := scan(&on, &e.Code, &fs, &ts, &fc, &tc, &ft, &tt, &fst, &tst)
				e.At, e.Dated = midnight(on), true
				e.From, e.To = strconv.Itoa(fs), strconv.Itoa(ts)
				switch {
				case strings.HasPrefix(e.Code, "contribution_"):
					e.From, e.To = strconv.Itoa(fc), strconv.Itoa(tc)
				case strings.HasPrefix(e.Code, "tier_"):
					e.From, e.To = ft, tt
				case e.Code == "lifecycle":
					e.From, e.To = fst, tst
				}
				e.Text = e.From + "→" + e.To
				return e, err
			})
		},
		func() error {
			return add(`SELECT g.at, COALESCE(f.name, ''), COALESCE(t.name, ''), COALESCE(a.name, ''), g.reason, g.moved_alerts, g.moved_tasks,
				g.cap_override FROM relationship_changes g LEFT JOIN staff f ON f.staff_id = g.from_staff LEFT JOIN staff t ON t.staff_id = g.to_staff
				LEFT JOIN staff a ON a.staff_id = g.actor_id WHERE g.client_id = ? ORDER BY g.at DESC, g.change_id DESC LIMIT ?`,
				func(scan func(...any) error) (TimelineEntry, error) {
					e := TimelineEntry{Kind: "relationship"}
					var override bool
					err := scan(&e.At, &e.From, &e.To, &e.Who, &e.Text, &e.MovedAlerts, &e.MovedTasks, &override)
					switch {
					case e.To == "":
						e.Code = "ended"
					case e.From == "":
						e.Code = "assigned"
					default:
						e.Code = "changed"
					}
					if override {
						e.Detail = "cap_override"
					}
					return e, err
				})
		},
		func() error {
			return add(purchasesQuery, func(scan func(...any) error) (TimelineEntry, error) {
				e := TimelineEntry{Kind: "sale", Code: "purchase"}
				err := scan(&e.At, &e.Text, &e.AmountFen, &e.Detail)
				if e.AmountFen < 0 {
					e.AmountFen = -e.AmountFen // the money leaves the client's account: the sale is its size
				}
				return e, err
			})
		},
		func() error {
			return add(`SELECT a.open_date, p.name, a.account_id FROM accounts a JOIN products p ON p.product_code = a.product_code
				WHERE a.client_id = ? ORDER BY a.open_date DESC, a.account_id LIMIT ?`, func(scan func(...any) error) (TimelineEntry, error) {
				e := TimelineEntry{Kind: "sale", Code: "opened"}
				var on domain.Date
				err := scan(&on, &e.Text, &e.Detail)
				e.At, e.Dated = midnight(on), true
				return e, err
			})
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, fmt.Errorf("time line of client %s: %w", clientID, err)
		}
	}
	sortTimeline(out)
	if sc.Masked {
		for i := range out {
			out[i].AmountFen = 0 // a purchase's size tells a masked view the wealth it does not see
		}
	}
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// purchasesQuery is the client's latest purchases for its time line. It reads the partial index
// transactions_client_purchases (migration 0013), whose condition it repeats.
const purchasesQuery = `SELECT t.ts, p.name, t.amount_cny, t.account_id FROM transactions t
	JOIN accounts a ON a.account_id = t.account_id JOIN products p ON p.product_code = a.product_code
	WHERE t.client_id = ? AND t.kind = 'purchase' ORDER BY t.business_date DESC, t.ts DESC LIMIT ?`

func sortTimeline(es []TimelineEntry) {
	// Newest first; stable, so that entries of the same moment keep the order of their kinds.
	slices.SortStableFunc(es, func(a, b TimelineEntry) int { return b.At.Compare(a.At) })
}
