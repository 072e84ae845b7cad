package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/calendar"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/greetings"
)

// Greetings (migration 0009): templates, the outbox and its life, opt-outs. Every state change is a
// conditional UPDATE on the state it leaves, so that two processes (the server's sender and a cron run of
// `steward greetings send`) never both take a message, and a message is never sent twice.

// Greeting states.
const (
	GreetingPrepared = "prepared"
	GreetingApproved = "approved"
	GreetingRejected = "rejected"
	GreetingSending  = "sending"
	GreetingSent     = "sent"
	GreetingFailed   = "failed"
	GreetingSkipped  = "skipped"
	GreetingUnknown  = "unknown"
)

// GreetingStates lists the states in the order of a message's life.
var GreetingStates = []string{GreetingPrepared, GreetingApproved, GreetingRejected, GreetingSending, GreetingSent, GreetingFailed,
	GreetingSkipped, GreetingUnknown}

// Reasons a greeting is skipped, kept in last_error.
const (
	SkipOptedOut  = "opted out"
	SkipNoAddress = "no mobile or e-mail address"
	SkipLate      = "the day has passed"
)

// GreetingTemplate is one template (migration 0009).
type GreetingTemplate struct {
	ID            int64
	Occasion      string // a festival code, "festival" (any festival without its own) or "birthday"
	Tier, Channel string
	Lang          string
	Subject, Body string
	UpdatedBy     string // the name of the person who last changed it, "" for the shipped text
	UpdatedAt     time.Time
}

// GreetingTemplates lists every template, by occasion, tier and channel.
func (s *Store) GreetingTemplates(ctx context.Context) ([]GreetingTemplate, error) {
	var out []GreetingTemplate
	err := s.scanAll(ctx, `SELECT t.template_id, t.occasion, t.tier, t.channel, t.lang, t.subject, t.body, COALESCE(st.name, ''), t.updated_at
		FROM greeting_templates t LEFT JOIN staff st ON st.staff_id = t.updated_by ORDER BY t.occasion, t.tier, t.channel, t.lang`,
		func(scan func(...any) error) error {
			var t GreetingTemplate
			var at sql.NullTime
			if err := scan(&t.ID, &t.Occasion, &t.Tier, &t.Channel, &t.Lang, &t.Subject, &t.Body, &t.UpdatedBy, &at); err != nil {
				return err
			}
			t.UpdatedAt = at.Time
			out = append(out, t)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("greeting templates: %w", err)
	}
	return out, nil
}

// SaveGreetingTemplate changes a template's subject and body, checked (greetings.Check), audited. The
// templates are the bank's, sent by every outlet: only a person whose role words them
// (access.CapGreetingTemplates: the personal-banking department, administrators) changes one;
// ErrNotAllowed for anyone else.
func (s *Store) SaveGreetingTemplate(ctx context.Context, actor, id int64, subject, body string) error {
	subject, body = strings.TrimSpace(subject), strings.TrimSpace(body)
	if err := inputErr(fmt.Sprintf("greeting template %d", id), domain.CheckFields(domain.Field{Name: "subject", Value: subject},
		domain.Field{Name: "body", Value: body, Multiline: true})); err != nil {
		return err
	}
	if err := greetings.Check(body); err != nil {
		return fmt.Errorf("greeting template %d: %w: %w", id, err, ErrInvalid)
	}
	if subject != "" {
		if err := greetings.Check(subject); err != nil || utf8.RuneCountInString(subject) > 100 {
			return fmt.Errorf("greeting template %d: the subject is not valid (at most 100 characters, known placeholders): %w", id, ErrInvalid)
		}
	}
	return s.Tx(ctx, func(tx *sql.Tx) error {
		who, err := s.actorTx(ctx, tx, actor)
		if err != nil {
			return err
		}
		if !access.Can(who.Role, access.CapGreetingTemplates) {
			return fmt.Errorf("greeting template %d: %s %s does not word the bank's templates: %w", id, who.Role, who.Username, ErrNotAllowed)
		}
		var before string
		if err := tx.QueryRowContext(ctx, s.Rebind("SELECT body FROM greeting_templates WHERE template_id = ?"), id).Scan(&before); err == sql.ErrNoRows {
			return domain.ErrNotFound
		} else if err != nil {
			return fmt.Errorf("greeting template %d: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, s.Rebind(`UPDATE greeting_templates SET subject = ?, body = ?, updated_by = ?, updated_at = ?
			WHERE template_id = ?`), subject, body, actor, s.now(), id); err != nil {
			return fmt.Errorf("greeting template %d: %w", id, err)
		}
		detail, _ := json.Marshal(map[string]string{"before": before, "after": body})
		return s.appendAudit(ctx, tx, domain.AuditEvent{ActorID: actor, Action: AuditGreetingTemplate, ObjectType: "greeting_template",
			ObjectID: fmt.Sprint(id), Detail: string(detail)})
	})
}

// Audit actions of greetings.
const (
	AuditGreetingTemplate = "greeting_template"
	AuditGreetingDecision = "greeting_decision"
	AuditGreetingRetry    = "greeting_retry"
)

// GreetingClient is what preparing a client's greeting needs to know.
type GreetingClient struct {
	ClientID, Name, Gender string
	Mobile, Email          string
	OutletID, OutletName   string
	RMName                 string
	RMID                   int64
	Tier                   string // from the client's rating; "" before the first
	AUM                    int64
	BirthDate              domain.Date
	LunarBirthday          bool // the birthday falls on the lunar month and day of BirthDate
	OptedOut               bool
}

const greetingClientCols = `SELECT c.client_id, c.name, c.gender, c.mobile, c.email, c.outlet_id, o.name, COALESCE(st.name, ''),
	COALESCE(c.rm_id, 0), COALESCE(r.tier, ''), m.aum, c.birth_date, c.lunar_birthday, CASE WHEN x.client_id IS NULL THEN 0 ELSE 1 END
	FROM clients c JOIN client_aum m ON m.client_id = c.client_id JOIN orgs o ON o.org_id = c.outlet_id LEFT JOIN staff st ON st.staff_id = c.rm_id
	LEFT JOIN client_ratings r ON r.client_id = c.client_id LEFT JOIN greeting_optouts x ON x.client_id = c.client_id `

func scanGreetingClient(scan func(...any) error) (GreetingClient, error) {
	var c GreetingClient
	var opted int
	err := scan(&c.ClientID, &c.Name, &c.Gender, &c.Mobile, &c.Email, &c.OutletID, &c.OutletName, &c.RMName, &c.RMID, &c.Tier, &c.AUM, &c.BirthDate, &c.LunarBirthday, &opted)
	c.OptedOut = opted != 0
	return c, err
}

// GreetingClientsAfter reads the book (but closed clients) in client-number order, limit clients after the client after ("" to
// start): a festival's greetings are prepared a page at a time.
func (s *Store) GreetingClientsAfter(ctx context.Context, after string, limit int) ([]GreetingClient, error) {
	var out []GreetingClient
	err := s.scanAll(ctx, s.Rebind(greetingClientCols+"WHERE c.client_id > ? AND c.status <> 'closed' ORDER BY c.client_id LIMIT ?"), func(scan func(...any) error) error {
		c, err := scanGreetingClient(scan)
		out = append(out, c)
		return err
	}, after, limit)
	if err != nil {
		return nil, fmt.Errorf("clients to greet after %q: %w", after, err)
	}
	return out, nil
}

// GreetingClientsBornOn reads the clients (but closed ones) whose birthday falls on one of days: by the
// solar month and day of birth, through its index (29 February also on 28 February of a common year), or,
// for a client who celebrates the lunar birthday (LunarBirthday set), by the lunar month and day of birth.
func (s *Store) GreetingClientsBornOn(ctx context.Context, days []domain.Date) ([]GreetingClient, error) {
	var mds []any
	for _, d := range days {
		mds = append(mds, birthdayKeys(d)...)
	}
	if len(mds) == 0 {
		return nil, nil
	}
	var out []GreetingClient
	err := s.scanAll(ctx, s.Rebind(greetingClientCols+"WHERE "+s.monthDay("c.birth_date")+" IN ("+placeholders(len(mds))+
		") AND c.lunar_birthday = FALSE AND c.status <> 'closed'"),
		func(scan func(...any) error) error {
			c, err := scanGreetingClient(scan)
			out = append(out, c)
			return err
		}, mds...)
	if err != nil {
		return nil, fmt.Errorf("clients born on %v: %w", days, err)
	}
	// The clients who celebrate the lunar birthday, whose lunar month and day falls on one of days.
	window := map[[2]int]bool{}
	for _, d := range days {
		for _, k := range calendar.LunarBirthdaysOn(d) {
			window[k] = true
		}
	}
	err = s.scanAll(ctx, greetingClientCols+"WHERE c.lunar_birthday = TRUE AND c.status <> 'closed'", func(scan func(...any) error) error {
		c, err := scanGreetingClient(scan)
		if err != nil {
			return err
		}
		if m, d, ok := calendar.LunarBirthdayOf(c.BirthDate); ok && window[[2]int{m, d}] {
			out = append(out, c)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("clients with a lunar birthday on %v: %w", days, err)
	}
	return out, nil
}

// GreetingRunDone reports whether a festival's greetings were prepared for the whole book.
func (s *Store) GreetingRunDone(ctx context.Context, occasion string) (bool, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, s.Rebind("SELECT count(*) FROM greeting_runs WHERE occasion = ?"), occasion).Scan(&n); err != nil {
		return false, fmt.Errorf("greeting run %s: %w", occasion, err)
	}
	return n > 0, nil
}

// FinishGreetingRun records that a festival's greetings were prepared for the whole book.
func (s *Store) FinishGreetingRun(ctx context.Context, occasion string, prepared int) error {
	_, err := s.db.ExecContext(ctx, s.Rebind(`INSERT INTO greeting_runs (occasion, prepared_at, prepared) VALUES (?, ?, ?)
		ON CONFLICT (occasion) DO NOTHING`), occasion, s.now(), prepared)
	if err != nil {
		return fmt.Errorf("greeting run %s: %w", occasion, err)
	}
	return nil
}

// GreetingRow is a greeting to prepare.
type GreetingRow struct {
	ClientID   string
	Occasion   string // the occasion's key
	Kind       string
	On         domain.Date
	OutletID   string
	Tier       string
	Channel    string
	Address    string
	Subject    string
	Body       string
	TemplateID int64
	// Skip, when set, prepares the greeting as skipped with this reason (opted out, no address), so that
	// the batch counts it and it is never prepared again.
	Skip string
}

// PrepareGreetings records greetings waiting for approval in one transaction, skipping every one whose
// client already has a greeting for the occasion. It returns how many were new.
func (s *Store) PrepareGreetings(ctx context.Context, rows []GreetingRow) (int, error) {
	n := 0
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, s.Rebind(`INSERT INTO greetings (client_id, occasion, kind, occasion_on, outlet_id, tier, channel,
			address, subject, body, template_id, state, last_error, prepared_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (client_id, occasion) DO NOTHING`))
		if err != nil {
			return fmt.Errorf("prepare greetings: %w", err)
		}
		defer stmt.Close()
		now := s.now()
		for _, r := range rows {
			state := GreetingPrepared
			if r.Skip != "" {
				state = GreetingSkipped
			}
			channel := r.Channel
			if channel == "" {
				channel = "sms"
			}
			res, err := stmt.ExecContext(ctx, r.ClientID, r.Occasion, r.Kind, r.On, r.OutletID, r.Tier, channel, r.Address, r.Subject, r.Body,
				nullInt(r.TemplateID), state, r.Skip, now)
			if err != nil {
				return fmt.Errorf("prepare the greeting %s of client %s: %w", r.Occasion, r.ClientID, err)
			}
			if k, _ := res.RowsAffected(); k > 0 {
				n++
			}
		}
		return nil
	})
	return n, err
}

// GreetingBatch is the greetings of one outlet for one occasion kind and day, counted by state and by
// tier and channel.
type GreetingBatch struct {
	OutletID, OutletName string
	Kind                 string
	On                   domain.Date
	Total                int
	States               map[string]int
	// TierChannel counts by "T3 sms".
	TierChannel map[string]int
	// Waiting is how many prepared messages wait for a decision while the occasion is still to come;
	// Lapsed how many were never approved before it passed (过期未发): they can no longer be approved.
	Waiting, Lapsed int
}

// ErrLapsed: a batch whose occasion has passed cannot be approved.
var ErrLapsed = errors.New("the occasion has passed")

// GreetingBatches lists the batches within the caller's scope for occasions on or after from, soonest
// first, each with its messages waiting for approval and those lapsed (greetings.Late, at the store's
// clock).
func (s *Store) GreetingBatches(ctx context.Context, sc access.Scope, from domain.Date) ([]GreetingBatch, error) {
	cond, args := scopeCond(sc)
	now := s.now()
	var out []GreetingBatch
	idx := map[string]int{}
	err := s.scanAll(ctx, s.Rebind(`SELECT g.outlet_id, o.name, g.kind, g.occasion_on, g.tier, g.channel, g.state, count(*)
		FROM greetings g JOIN clients c ON c.client_id = g.client_id JOIN orgs o ON o.org_id = g.outlet_id
		WHERE g.occasion_on >= ? AND `+cond+`
		GROUP BY g.outlet_id, o.name, g.kind, g.occasion_on, g.tier, g.channel, g.state
		ORDER BY g.occasion_on, g.kind, g.outlet_id`), func(scan func(...any) error) error {
		var b GreetingBatch
		var tier, channel, state string
		var n int
		if err := scan(&b.OutletID, &b.OutletName, &b.Kind, &b.On, &tier, &channel, &state, &n); err != nil {
			return err
		}
		key := b.OutletID + "|" + b.Kind + "|" + b.On.String()
		i, ok := idx[key]
		if !ok {
			b.States, b.TierChannel = map[string]int{}, map[string]int{}
			out = append(out, b)
			i = len(out) - 1
			idx[key] = i
		}
		out[i].Total += n
		out[i].States[state] += n
		out[i].TierChannel[tier+" "+channel] += n
		if state == GreetingPrepared {
			if greetings.Late(out[i].On, now) {
				out[i].Lapsed += n
			} else {
				out[i].Waiting += n
			}
		}
		return nil
	}, append([]any{from}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("greeting batches from %s: %w", from, err)
	}
	return out, nil
}

// GreetingsWaiting counts, within the caller's scope, the messages waiting for approval and the batches
// they are in: GreetingBatches' Waiting, so that a count shown anywhere is the greetings page's.
func (s *Store) GreetingsWaiting(ctx context.Context, sc access.Scope) (messages, batches int, err error) {
	list, err := s.GreetingBatches(ctx, sc, domain.Today(s.now()))
	if err != nil {
		return 0, 0, err
	}
	for _, b := range list {
		if b.Waiting > 0 {
			messages, batches = messages+b.Waiting, batches+1
		}
	}
	return messages, batches, nil
}

// GreetingView is one message of the outbox.
type GreetingView struct {
	ID                int64
	ClientID, Name    string
	Occasion, Kind    string
	On                domain.Date
	OutletID          string
	Tier, Channel     string
	Address           string
	Subject, Body     string
	State             string
	Attempts          int
	NextAttempt       time.Time
	LastError         string
	DecidedBy         string
	DecidedAt, SentAt time.Time
	PreparedAt        time.Time
	ContactID         int64
}

// GreetingFilter selects messages of the outbox: any field left empty matches all.
type GreetingFilter struct {
	OutletID string
	Kind     string
	On       domain.Date
	From     domain.Date // occasions on or after
	States   []string
	Limit    int
}

// Greetings lists the outbox within the caller's scope (a masked scope sees masked addresses), by occasion
// day, outlet, state and client.
func (s *Store) Greetings(ctx context.Context, sc access.Scope, f GreetingFilter) ([]GreetingView, error) {
	cond, args := scopeCond(sc)
	where := []string{cond}
	add := func(c string, v any) { where, args = append(where, c), append(args, v) }
	if f.OutletID != "" {
		add("g.outlet_id = ?", f.OutletID)
	}
	if f.Kind != "" {
		add("g.kind = ?", f.Kind)
	}
	if !f.On.IsZero() {
		add("g.occasion_on = ?", f.On)
	}
	if !f.From.IsZero() {
		add("g.occasion_on >= ?", f.From)
	}
	if len(f.States) > 0 {
		where = append(where, "g.state IN ("+placeholders(len(f.States))+")")
		args = append(args, anys(f.States)...)
	}
	if f.Limit <= 0 {
		f.Limit = 1000
	}
	var out []GreetingView
	err := s.scanAll(ctx, s.Rebind(`SELECT g.greeting_id, g.client_id, c.name, g.occasion, g.kind, g.occasion_on, g.outlet_id, g.tier, g.channel,
		g.address, g.subject, g.body, g.state, g.attempts, g.next_attempt_at, g.last_error, COALESCE(st.name, ''), g.decided_at, g.sent_at,
		g.prepared_at, COALESCE(g.contact_id, 0)
		FROM greetings g JOIN clients c ON c.client_id = g.client_id LEFT JOIN staff st ON st.staff_id = g.decided_by
		WHERE `+strings.Join(where, " AND ")+` ORDER BY g.occasion_on, g.outlet_id, g.state, g.client_id LIMIT ?`), func(scan func(...any) error) error {
		var v GreetingView
		var next, decided, sent sql.NullTime
		if err := scan(&v.ID, &v.ClientID, &v.Name, &v.Occasion, &v.Kind, &v.On, &v.OutletID, &v.Tier, &v.Channel, &v.Address, &v.Subject,
			&v.Body, &v.State, &v.Attempts, &next, &v.LastError, &v.DecidedBy, &decided, &sent, &v.PreparedAt, &v.ContactID); err != nil {
			return err
		}
		v.NextAttempt, v.DecidedAt, v.SentAt = next.Time, decided.Time, sent.Time
		if sc.Masked {
			v.Address = maskAddress(v.Address)
		}
		out = append(out, v)
		return nil
	}, append(args, f.Limit)...)
	if err != nil {
		return nil, fmt.Errorf("greetings: %w", err)
	}
	return out, nil
}

// maskAddress hides the middle of a mobile (138****5678) or the local part of an e-mail address.
func maskAddress(a string) string {
	if at := strings.IndexByte(a, '@'); at > 0 {
		return a[:1] + "***" + a[at:]
	}
	if len(a) == 11 {
		return a[:3] + "****" + a[7:]
	}
	return "****"
}

// DecideGreetingBatch approves or rejects the prepared greetings of one batch (outlet, kind, day) within
// the caller's scope, for a person whose role approves greetings (access.CapGreetings; ErrNotAllowed
// otherwise). Approved messages are due at sendAt (the day itself, outside quiet hours: greetings.SendAt);
// a batch whose day has passed (greetings.Late) is not approved (ErrLapsed), though it may be rejected. It
// returns how many it moved; audited.
func (s *Store) DecideGreetingBatch(ctx context.Context, sc access.Scope, actor int64, outlet, kind string, on domain.Date, approve bool,
	sendAt time.Time) (int, error) {
	cond, args := scopeCond(sc)
	state := GreetingRejected
	var next any
	if approve {
		state, next = GreetingApproved, utc(sendAt)
	}
	var n int64
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		who, err := s.actorTx(ctx, tx, actor)
		if err != nil {
			return err
		}
		if !access.Can(who.Role, access.CapGreetings) {
			return fmt.Errorf("decide the greetings of %s %s %s: %s %s does not approve greetings: %w", outlet, kind, on, who.Role, who.Username, ErrNotAllowed)
		}
		now := s.now()
		if approve && greetings.Late(on, now) {
			return fmt.Errorf("approve the greetings of %s %s %s: %w", outlet, kind, on, ErrLapsed)
		}
		res, err := tx.ExecContext(ctx, s.Rebind(`UPDATE greetings SET state = ?, next_attempt_at = ?, decided_by = ?, decided_at = ?
			WHERE outlet_id = ? AND kind = ? AND occasion_on = ? AND state = 'prepared'
			AND client_id IN (SELECT c.client_id FROM clients c WHERE `+cond+")"),
			append([]any{state, next, actor, now, outlet, kind, on}, args...)...)
		if err != nil {
			return fmt.Errorf("decide the greetings of %s %s %s: %w", outlet, kind, on, err)
		}
		n, _ = res.RowsAffected()
		if n == 0 {
			return fmt.Errorf("no greeting of %s for %s on %s waits for approval in your scope: %w", outlet, kind, on, domain.ErrNotFound)
		}
		detail, _ := json.Marshal(map[string]any{"outlet": outlet, "kind": kind, "on": on.String(), "state": state, "count": n})
		return s.appendAudit(ctx, tx, domain.AuditEvent{ActorID: actor, Action: AuditGreetingDecision, ObjectType: "greetings",
			ObjectID: outlet + "/" + kind + "/" + on.String(), Detail: string(detail)})
	})
	return int(n), err
}

// RetryGreeting puts a failed message, or one whose fate is unknown after the sender stopped mid-send, back
// in the queue at once, with its attempts counted from zero; audited. A person who approves greetings
// (access.CapGreetings; ErrNotAllowed otherwise) decides this: an unknown message may have reached the
// client.
func (s *Store) RetryGreeting(ctx context.Context, sc access.Scope, actor, id int64) error {
	cond, args := scopeCond(sc)
	return s.Tx(ctx, func(tx *sql.Tx) error {
		who, err := s.actorTx(ctx, tx, actor)
		if err != nil {
			return err
		}
		if !access.Can(who.Role, access.CapGreetings) {
			return fmt.Errorf("retry greeting %d: %s %s does not approve greetings: %w", id, who.Role, who.Username, ErrNotAllowed)
		}
		client, state, err := s.scopedState(ctx, tx, "greeting", "greetings", "greeting_id", id, cond, args)
		if err != nil {
			return err
		}
		if state != GreetingFailed && state != GreetingUnknown {
			return fmt.Errorf("greeting %d is %s: only failed or unknown messages are retried: %w", id, state, ErrInvalid)
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, s.Rebind(`UPDATE greetings SET state = 'approved', attempts = 0, next_attempt_at = ?
			WHERE greeting_id = ? AND state = ?`), now, id, state); err != nil {
			return fmt.Errorf("greeting %d: %w", id, err)
		}
		return s.appendAudit(ctx, tx, domain.AuditEvent{ActorID: actor, Action: AuditGreetingRetry, ObjectType: "client", ObjectID: client,
			Detail: fmt.Sprintf(`{"greeting":%d,"was":%q}`, id, state)})
	})
}

// GreetingOptOut reports whether a client within the caller's scope asked not to be greeted.
func (s *Store) GreetingOptOut(ctx context.Context, sc access.Scope, clientID string) (bool, error) {
	cond, args := sightCond(sc)
	var n int
	err := s.db.QueryRowContext(ctx, s.Rebind(`SELECT count(*) FROM greeting_optouts x JOIN clients c ON c.client_id = x.client_id
		WHERE x.client_id = ? AND `+cond), append([]any{clientID}, args...)...).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("greeting opt-out of %s: %w", clientID, err)
	}
	return n > 0, nil
}

// SetGreetingOptOut records that a client asked not to be greeted (optOut) or lifts it, for a person who
// may change the client (access.Scope.CanEdit). Opting out skips, in the same transaction, every greeting
// of the client not yet sending. Audited.
func (s *Store) SetGreetingOptOut(ctx context.Context, sc access.Scope, actor int64, clientID string, optOut bool, note string) error {
	note = strings.TrimSpace(note)
	if err := inputErr("greeting opt-out of "+clientID, domain.CheckText("note", note, false)); err != nil {
		return err
	}
	if utf8.RuneCountInString(note) > 200 {
		return fmt.Errorf("greeting opt-out of %s: the note is longer than 200 characters: %w", clientID, ErrInvalid)
	}
	return s.Tx(ctx, func(tx *sql.Tx) error {
		c, err := s.clientTx(ctx, tx, sc, clientID)
		if err != nil {
			return err
		}
		if !c.Editable {
			return fmt.Errorf("client %s: %w", clientID, ErrReadOnly)
		}
		if optOut {
			if _, err := tx.ExecContext(ctx, s.Rebind(`INSERT INTO greeting_optouts (client_id, set_by, set_at, note) VALUES (?, ?, ?, ?)
				ON CONFLICT (client_id) DO NOTHING`), clientID, actor, s.now(), note); err != nil {
				return fmt.Errorf("greeting opt-out of %s: %w", clientID, err)
			}
			if _, err := tx.ExecContext(ctx, s.Rebind(`UPDATE greetings SET state = 'skipped', last_error = ?
				WHERE client_id = ? AND state IN ('prepared', 'approved')`), SkipOptedOut, clientID); err != nil {
				return fmt.Errorf("greeting opt-out of %s: %w", clientID, err)
			}
		} else if _, err := tx.ExecContext(ctx, s.Rebind("DELETE FROM greeting_optouts WHERE client_id = ?"), clientID); err != nil {
			return fmt.Errorf("greeting opt-out of %s: %w", clientID, err)
		}
		detail, _ := json.Marshal(map[string]any{"greetings_opt_out": optOut, "note": note})
		return s.appendAudit(ctx, tx, domain.AuditEvent{ActorID: actor, Action: domain.AuditClientUpdate, ObjectType: "client",
			ObjectID: clientID, Detail: string(detail)})
	})
}

// OutboxMessage is a message claimed for sending.
type OutboxMessage struct {
	ID            int64
	ClientID      string
	Occasion      string
	Channel       string
	Address       string
	Subject, Body string
	Attempts      int // including this one
}

// ClaimGreeting takes the next approved message due at now on one of channels and marks it sending, with
// one more attempt, in a committed transaction: the caller sends it only after the claim is durable, so a
// process that stops mid-send leaves it "sending", never "approved" (at most once). Messages of clients who
// opted out, or whose day has passed, are skipped on the way. ok is false when nothing is due.
func (s *Store) ClaimGreeting(ctx context.Context, now time.Time, channels []string) (m OutboxMessage, ok bool, err error) {
	if len(channels) == 0 {
		return m, false, nil
	}
	now = utc(now)
	for {
		var optedOut int
		var on domain.Date
		err := s.db.QueryRowContext(ctx, s.Rebind(`SELECT g.greeting_id, g.client_id, g.occasion, g.occasion_on, g.channel, g.address, g.subject,
			g.body, g.attempts, CASE WHEN x.client_id IS NULL THEN 0 ELSE 1 END
			FROM greetings g LEFT JOIN greeting_optouts x ON x.client_id = g.client_id
			WHERE g.state = 'approved' AND g.next_attempt_at <= ? AND g.channel IN (`+placeholders(len(channels))+`)
			ORDER BY g.next_attempt_at, g.greeting_id LIMIT 1`), append([]any{now}, anys(channels)...)...).
			Scan(&m.ID, &m.ClientID, &m.Occasion, &on, &m.Channel, &m.Address, &m.Subject, &m.Body, &m.Attempts, &optedOut)
		if err == sql.ErrNoRows {
			return OutboxMessage{}, false, nil
		}
		if err != nil {
			return OutboxMessage{}, false, fmt.Errorf("claim a greeting: %w", err)
		}
		state, reason := GreetingSending, ""
		switch {
		case optedOut != 0:
			state, reason = GreetingSkipped, SkipOptedOut
		case greetings.Late(on, now):
			state, reason = GreetingSkipped, SkipLate
		}
		attempts := m.Attempts
		if state == GreetingSending {
			attempts++
		}
		res, err := s.db.ExecContext(ctx, s.Rebind(`UPDATE greetings SET state = ?, attempts = ?, claimed_at = ?,
			last_error = CASE WHEN ? <> '' THEN ? ELSE last_error END WHERE greeting_id = ? AND state = 'approved'`),
			state, attempts, now, reason, reason, m.ID)
		if err != nil {
			return OutboxMessage{}, false, fmt.Errorf("claim greeting %d: %w", m.ID, err)
		}
		if k, _ := res.RowsAffected(); k == 0 || state != GreetingSending {
			continue // another sender took it, or it was skipped: look for the next
		}
		m.Attempts = attempts
		return m, true, nil
	}
}

// GreetingSent records a claimed message as sent and, in the same transaction, logs it as a contact with
// the client in the name of the person who approved it (channel sms or email, outcome done, the text sent
// as its note). It is not a conversation, so it does not count for the client's contact cadence.
func (s *Store) GreetingSent(ctx context.Context, id int64, at time.Time) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		var client, channel, subject, body string
		var approver sql.NullInt64
		err := tx.QueryRowContext(ctx, s.Rebind(`SELECT client_id, channel, subject, body, decided_by FROM greetings
			WHERE greeting_id = ? AND state = 'sending'`), id).Scan(&client, &channel, &subject, &body, &approver)
		if err == sql.ErrNoRows {
			return fmt.Errorf("greeting %d is not being sent: %w", id, ErrInvalid)
		}
		if err != nil {
			return fmt.Errorf("greeting %d: %w", id, err)
		}
		var contact any
		if approver.Valid {
			var cid int64
			if err := tx.QueryRowContext(ctx, s.Rebind(`INSERT INTO contacts (client_id, staff_id, at, channel, outcome, note)
				VALUES (?, ?, ?, ?, 'done', ?) RETURNING contact_id`), client, approver.Int64, utc(at), channel, contactNote(subject, body)).Scan(&cid); err != nil {
				return fmt.Errorf("log greeting %d as a contact: %w", id, err)
			}
			contact = cid
		}
		if _, err := tx.ExecContext(ctx, s.Rebind(`UPDATE greetings SET state = 'sent', sent_at = ?, last_error = '', contact_id = ?
			WHERE greeting_id = ? AND state = 'sending'`), utc(at), contact, id); err != nil {
			return fmt.Errorf("greeting %d sent: %w", id, err)
		}
		return nil
	})
}

// contactNote is the text a greeting's contact keeps: 问候：the subject and the text, at most 2 000 characters.
func contactNote(subject, body string) string {
	note := "问候：" + body
	if subject != "" {
		note = "问候：" + subject + " | " + body
	}
	if r := []rune(note); len(r) > 2000 {
		note = string(r[:2000])
	}
	return note
}

// GreetingNotSent records that sending a claimed message definitely failed (the server refused it, or
// nothing was delivered): with a zero retryAt it is failed for good, otherwise it goes back to the queue,
// due at retryAt.
func (s *Store) GreetingNotSent(ctx context.Context, id int64, reason string, retryAt time.Time) error {
	if utf8.RuneCountInString(reason) > 500 {
		reason = string([]rune(reason)[:500])
	}
	state, next := GreetingFailed, any(nil)
	if !retryAt.IsZero() {
		state, next = GreetingApproved, utc(retryAt)
	}
	res, err := s.db.ExecContext(ctx, s.Rebind(`UPDATE greetings SET state = ?, next_attempt_at = COALESCE(?, next_attempt_at), last_error = ?
		WHERE greeting_id = ? AND state = 'sending'`), state, next, reason, id)
	if err != nil {
		return fmt.Errorf("greeting %d not sent: %w", id, err)
	}
	if k, _ := res.RowsAffected(); k == 0 {
		return fmt.Errorf("greeting %d is not being sent: %w", id, ErrInvalid)
	}
	return nil
}

// UnknownReason is kept on a message found "sending" by RecoverGreetings.
const UnknownReason = "the sender stopped while sending it: it may or may not have reached the client, so it is not sent again on its own"

// RecoverGreetings marks unknown every message claimed for sending before staleBefore and never finished:
// its sender stopped mid-send, and whether the gateway delivered it cannot be known. They are never resent
// on their own; a supervisor sees them and decides (RetryGreeting). It returns how many it marked.
func (s *Store) RecoverGreetings(ctx context.Context, staleBefore time.Time) (int, error) {
	res, err := s.db.ExecContext(ctx, s.Rebind(`UPDATE greetings SET state = 'unknown', last_error = ?
		WHERE state = 'sending' AND claimed_at < ?`), UnknownReason, utc(staleBefore))
	if err != nil {
		return 0, fmt.Errorf("recover greetings left sending: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
