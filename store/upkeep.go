package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/alerts"
	"github.com/steward-bank/steward/domain"
)

// What the nightly pass reads to find clients not contacted within their tier's cadence and clients whose
// phone has gone unverified too long (migration 0010), each through an index by date, and what clears
// them: a contact that reaches the client, a verification of the phone.

// phoneSince is the date a client's phone staleness counts from; clients_phone_check indexes it.
const phoneSince = "COALESCE(phone_verified_on, open_date)"

// OverdueCadences returns the cadence rows due from `from` to `to` (the window of alerts.OverdueWindow)
// and those of the clients ids (whose tier, and so cadence, changed that day).
func (s *Store) OverdueCadences(ctx context.Context, from, to domain.Date, ids []string) ([]alerts.Cadence, error) {
	var out []alerts.Cadence
	seen := map[string]bool{}
	scan := func(scan func(...any) error) error {
		var c alerts.Cadence
		var last sql.Null[domain.Date]
		if err := scan(&c.ClientID, &c.Days, &last, &c.Due); err != nil {
			return err
		}
		if !seen[c.ClientID] {
			seen[c.ClientID] = true
			c.LastContact = last.V
			out = append(out, c)
		}
		return nil
	}
	err := s.datesAndClients(ctx, "SELECT client_id, cadence_days, last_contact, due_on FROM cadence", "due_on", from, to, ids, scan)
	if err != nil {
		return nil, fmt.Errorf("cadences due from %s to %s, or of re-tiered clients: %w", from, to, err)
	}
	return out, nil
}

// datesAndClients runs query (a SELECT with no WHERE clause) over the rows whose date expression dateExpr
// is from `from` to `to` (an index on dateExpr finds them), then over the rows of the clients ids in
// chunks, calling fn for each row: a row of both reads is seen twice.
func (s *Store) datesAndClients(ctx context.Context, query, dateExpr string, from, to domain.Date, ids []string,
	fn func(scan func(...any) error) error) error {
	if err := s.scanAll(ctx, s.Rebind(query+" WHERE "+dateExpr+" >= ? AND "+dateExpr+" <= ?"), fn, from, to); err != nil {
		return err
	}
	return inChunks(ids, func(chunk []string, ph string) error {
		return s.scanAll(ctx, s.Rebind(query+" WHERE client_id IN ("+ph+")"), fn, anys(chunk)...)
	})
}

// PhoneChecks returns the phones whose staleness counts from a date from `from` to `to`, and those of
// the clients ids (who reached a tier whose keepers keep a file that day).
func (s *Store) PhoneChecks(ctx context.Context, from, to domain.Date, ids []string) ([]alerts.Phone, error) {
	var out []alerts.Phone
	seen := map[string]bool{}
	scan := func(scan func(...any) error) error {
		var p alerts.Phone
		var verified sql.Null[domain.Date]
		if err := scan(&p.ClientID, &p.Mobile, &verified, &p.Opened); err != nil {
			return err
		}
		if !seen[p.ClientID] {
			seen[p.ClientID] = true
			p.Verified = verified.V
			out = append(out, p)
		}
		return nil
	}
	err := s.datesAndClients(ctx, "SELECT client_id, mobile, phone_verified_on, open_date FROM clients", phoneSince, from, to, ids, scan)
	if err != nil {
		return nil, fmt.Errorf("phones verified from %s to %s, or of re-tiered clients: %w", from, to, err)
	}
	return out, nil
}

// PhoneVerified returns when the phone of a client in the caller's scope was last verified (zero: never).
func (s *Store) PhoneVerified(ctx context.Context, sc access.Scope, clientID string) (domain.Date, error) {
	cond, args := sightCond(sc)
	var d sql.Null[domain.Date]
	err := s.db.QueryRowContext(ctx, s.Rebind("SELECT c.phone_verified_on FROM clients c WHERE c.client_id = ? AND "+cond),
		append([]any{clientID}, args...)...).Scan(&d)
	if err == sql.ErrNoRows {
		return domain.Date{}, domain.ErrNotFound
	}
	if err != nil {
		return domain.Date{}, fmt.Errorf("phone of client %s: %w", clientID, err)
	}
	return d.V, nil
}

// VerifyPhone records that staff verified the phone of a client in the caller's scope on day (电话已核实):
// the staleness period ends and an open phone-stale alert is closed. Those who may change the client
// may do it (tellers at the counter, the client's keepers); it is audited.
func (s *Store) VerifyPhone(ctx context.Context, sc access.Scope, actor int64, clientID string, day domain.Date) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		c, err := s.clientTx(ctx, tx, sc, clientID)
		if err != nil {
			return err
		}
		if !c.Editable {
			return fmt.Errorf("verify the phone of client %s: %w", clientID, ErrReadOnly)
		}
		if c.Mobile == "" {
			return fmt.Errorf("verify the phone of client %s: the client has no mobile: %w", clientID, ErrInvalid)
		}
		if err := s.phoneVerifiedTx(ctx, tx, actor, clientID, day, s.now()); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, domain.AuditEvent{ActorID: actor, Action: domain.AuditClientUpdate, ObjectType: "client",
			ObjectID: clientID, Detail: fmt.Sprintf(`{"phone_verified_on":%q}`, day)})
	})
}

// phoneVerifiedTx sets the phone's verification date and closes the client's open phone-stale alerts.
func (s *Store) phoneVerifiedTx(ctx context.Context, tx *sql.Tx, actor int64, clientID string, day domain.Date, now time.Time) error {
	if _, err := tx.ExecContext(ctx, s.Rebind("UPDATE clients SET phone_verified_on = ? WHERE client_id = ?"), day, clientID); err != nil {
		return fmt.Errorf("verify the phone of client %s: %w", clientID, err)
	}
	return s.closeAlertsTx(ctx, tx, actor, clientID, alerts.RulePhoneStale, AlertOutcomeVerified, now)
}

// closeAlertsTx closes a client's open alerts of a rule with an outcome: what the alert asked is done.
func (s *Store) closeAlertsTx(ctx context.Context, tx *sql.Tx, actor int64, clientID string, rule alerts.Rule, outcome string, now time.Time) error {
	_, err := tx.ExecContext(ctx, s.Rebind(`UPDATE alerts SET state = 'closed', outcome = ?, acted_by = ?, acted_at = ?
		WHERE client_id = ? AND rule = ? AND state <> 'closed'`), outcome, actor, now, clientID, string(rule))
	if err != nil {
		return fmt.Errorf("close the %s alerts of client %s: %w", rule, clientID, err)
	}
	return nil
}
