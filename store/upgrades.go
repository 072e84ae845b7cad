package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/rating"
)

// Instant upgrade applications (VIP即时申请, DOMAIN.md §3 and §6; migration 0023). A client manager asks,
// with the evidence, for the service stars of a client they keep to be raised now to stated stars until a
// stated date; a supervisor or outlet manager of the client's outlet approves or rejects it with a reason.
// An approval raises the stars at once, in its own transaction (a rating history line of occasion
// "instant", reason rating.ReasonInstant), and leaves a service-star floor that the nightly and monthly
// passes honour up to the end date (RatingQuery.FloorsOn). Who may do what is access.MayApplyUpgrade and
// access.MayDecideUpgrade.

// States of an application.
const (
	UpgradePending  = "pending"
	UpgradeApproved = "approved"
	UpgradeRejected = "rejected"
)

// Audit actions of the applications.
const (
	AuditUpgradeApply  = "upgrade_apply"
	AuditUpgradeDecide = "upgrade_decide"
)

// UpgradeReasonMaxRunes bounds the evidence and the decision's reason.
const UpgradeReasonMaxRunes = 500

// UpgradeRequest is what a client manager applies for.
type UpgradeRequest struct {
	ClientID string
	Stars    int         // the service stars asked for: 3 to 7
	Until    domain.Date // the last day the floor holds
	Reason   string      // the evidence: funds arriving, a product held at another bank …
	// AmountFen is the amount the evidence expects, in fen; 0 when none is stated.
	AmountFen int64
}

// UpgradeApplication is one application as the pages show it.
type UpgradeApplication struct {
	ID             int64
	ClientID       string
	ClientName     string
	OutletID       string
	Stars          int
	Until          domain.Date
	Reason         string
	AmountFen      int64
	ApplicantID    int64
	ApplicantName  string
	AppliedAt      time.Time
	AppliedOn      domain.Date
	State          string
	DeciderID      int64
	DeciderName    string
	DecidedAt      time.Time
	DecisionReason string
	// FromService is the service stars held when the application was approved.
	FromService int
	// HeldService is the client's service stars now (0 when never rated).
	HeldService int
}

// checkUpgradeReason checks a free-text reason: required, one paragraph or several, bounded.
func checkUpgradeReason(field, what, text string) (string, error) {
	text = strings.TrimSpace(text)
	if err := inputErr(what, domain.CheckText(field, text, true)); err != nil {
		return "", err
	}
	if text == "" {
		return "", fmt.Errorf("%s: the %s is empty: %w", what, field, ErrInvalid)
	}
	if n := len([]rune(text)); n > UpgradeReasonMaxRunes {
		return "", fmt.Errorf("%s: the %s has %d characters, at most %d: %w", what, field, n, UpgradeReasonMaxRunes, ErrInvalid)
	}
	return text, nil
}

// ApplyUpgrade records who's application for an instant upgrade of a client and returns its id. Only the
// client's own client manager applies (ErrNotAllowed; ErrNotFound outside the person's scope); the stars
// must be above those the client holds, the end date from today to maxDays days after it
// (policy.Rating.InstantUpgradeMaxDays), the evidence stated (ErrInvalid). A client has at most one
// application waiting (ErrInvalid for a second).
func (s *Store) ApplyUpgrade(ctx context.Context, who domain.Staff, sc access.Scope, req UpgradeRequest, maxDays int) (int64, error) {
	what := "instant upgrade of client " + req.ClientID
	today := s.today()
	reason, err := checkUpgradeReason("reason", what, req.Reason)
	if err != nil {
		return 0, err
	}
	if req.Stars < 3 || req.Stars > rating.MaxStar {
		return 0, fmt.Errorf("%s: %d stars: an instant upgrade asks for 3 to 7 stars: %w", what, req.Stars, ErrInvalid)
	}
	if maxDays < 1 {
		return 0, fmt.Errorf("%s: the policy allows no instant upgrade (instant_upgrade_max_days %d)", what, maxDays)
	}
	if last := today.AddDays(maxDays); req.Until.IsZero() || req.Until.Before(today) || req.Until.After(last) {
		return 0, fmt.Errorf("%s: the end date %s must be from %s to %s (at most %d days): %w", what, req.Until, today, last, maxDays, ErrInvalid)
	}
	if req.AmountFen < 0 || req.AmountFen > int64(policy.MaxFeedAmountCap) {
		return 0, fmt.Errorf("%s: the expected amount %s is out of range (0 to %s yuan): %w", what, policy.Money(req.AmountFen).YuanString(),
			policy.MaxFeedAmountCap.YuanString(), ErrInvalid)
	}
	var id int64
	err = s.Tx(ctx, func(tx *sql.Tx) error {
		c, err := s.clientTx(ctx, tx, sc, req.ClientID)
		if err != nil {
			return err
		}
		if who.ID != sc.StaffID || !access.MayApplyUpgrade(who.Role, sc, c.RMID) {
			return fmt.Errorf("%s: only the client's own client manager applies: %w", what, ErrNotAllowed)
		}
		var held int
		err = tx.QueryRowContext(ctx, s.Rebind("SELECT service_stars FROM client_ratings WHERE client_id = ?"), req.ClientID).Scan(&held)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%s: read the stars: %w", what, err)
		}
		if req.Stars <= held {
			return fmt.Errorf("%s: the client already holds %s: %w", what, rating.StarsName(held, "en"), ErrInvalid)
		}
		var waiting int
		if err := tx.QueryRowContext(ctx, s.Rebind("SELECT count(*) FROM upgrade_applications WHERE client_id = ? AND state = ?"),
			req.ClientID, UpgradePending).Scan(&waiting); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if waiting > 0 {
			return fmt.Errorf("%s: an application of this client is already waiting: %w", what, ErrInvalid)
		}
		if err := tx.QueryRowContext(ctx, s.Rebind(`INSERT INTO upgrade_applications (client_id, stars, until_date, reason, amount,
			applicant_id, applied_at, applied_on, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING upgrade_id`),
			req.ClientID, req.Stars, req.Until, reason, req.AmountFen, who.ID, s.now(), today, UpgradePending).Scan(&id); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		detail, _ := json.Marshal(map[string]any{"upgrade_id": id, "stars": req.Stars, "until": req.Until.String(), "reason": reason,
			"amount": policy.Money(req.AmountFen).YuanString(), "held_service": held})
		return s.appendAudit(ctx, tx, domain.AuditEvent{ActorID: who.ID, Action: AuditUpgradeApply, ObjectType: "client",
			ObjectID: req.ClientID, Detail: string(detail)})
	})
	return id, err
}

// DecideUpgrade approves or rejects a waiting application. Only a supervisor or outlet manager of the
// client's outlet decides, never on their own application (ErrNotAllowed; ErrNotFound outside the person's
// scope); a rejection states its reason, an approval may (ErrInvalid); an application already decided, or
// whose end date has passed, cannot be decided (ErrInvalid). An approval raises the client's service
// stars to the application's at once, with a rating history line, in the same transaction.
func (s *Store) DecideUpgrade(ctx context.Context, who domain.Staff, sc access.Scope, id int64, approve bool, reason string) error {
	what := fmt.Sprintf("instant upgrade application %d", id)
	today := s.today()
	reason = strings.TrimSpace(reason)
	if !approve || reason != "" {
		var err error
		if reason, err = checkUpgradeReason("decision_reason", what, reason); err != nil {
			return err
		}
	}
	cond, args := scopeCond(sc)
	return s.Tx(ctx, func(tx *sql.Tx) error {
		var clientID, outlet, state string
		var applicant int64
		var stars int
		var until domain.Date
		err := tx.QueryRowContext(ctx, s.Rebind(`SELECT u.client_id, c.outlet_id, u.state, u.applicant_id, u.stars, u.until_date
			FROM upgrade_applications u JOIN clients c ON c.client_id = u.client_id WHERE u.upgrade_id = ? AND `+cond),
			append([]any{id}, args...)...).Scan(&clientID, &outlet, &state, &applicant, &stars, &until)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%s: %w", what, domain.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if who.ID != sc.StaffID || !access.MayDecideUpgrade(who.Role, sc, outlet, applicant) {
			return fmt.Errorf("%s: only a supervisor or outlet manager of the client's outlet, not the applicant, decides: %w", what, ErrNotAllowed)
		}
		if state != UpgradePending {
			return fmt.Errorf("%s: already %s: %w", what, state, ErrInvalid)
		}
		if approve && until.Before(today) {
			return fmt.Errorf("%s: its end date %s has passed: %w", what, until, ErrInvalid)
		}
		newState := UpgradeRejected
		if approve {
			newState = UpgradeApproved
		}
		var held struct {
			service, contribution int
			points                int64
			tier                  string
			ok                    bool
		}
		err = tx.QueryRowContext(ctx, s.Rebind("SELECT service_stars, contribution_stars, points_now, tier FROM client_ratings WHERE client_id = ?"),
			clientID).Scan(&held.service, &held.contribution, &held.points, &held.tier)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return fmt.Errorf("%s: read the stars of client %s: %w", what, clientID, err)
		default:
			held.ok = true
		}
		res, err := tx.ExecContext(ctx, s.Rebind(`UPDATE upgrade_applications SET state = ?, decider_id = ?, decided_at = ?, decision_reason = ?,
			from_service = ? WHERE upgrade_id = ? AND state = ?`), newState, who.ID, s.now(), reason, held.service, id, UpgradePending)
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("%s: decided meanwhile: %w", what, ErrInvalid)
		}
		raised := approve && held.ok && stars > held.service
		if raised {
			// The stars go up now (即时); the passes keep them up to the end date (the floor).
			if _, err := tx.ExecContext(ctx, s.Rebind("UPDATE client_ratings SET service_stars = ? WHERE client_id = ?"), stars, clientID); err != nil {
				return fmt.Errorf("%s: raise the stars of client %s: %w", what, clientID, err)
			}
			if _, err := tx.ExecContext(ctx, s.Rebind(`INSERT INTO rating_history (client_id, on_date, occasion, reason, from_contribution,
				to_contribution, from_service, to_service, from_tier, to_tier, star_points, upgrade_id) VALUES (?, ?, 'instant', ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
				clientID, today, string(rating.ReasonInstant), held.contribution, held.contribution, held.service, stars, held.tier, held.tier,
				held.points, id); err != nil {
				return fmt.Errorf("%s: rating history of client %s: %w", what, clientID, err)
			}
		}
		detail, _ := json.Marshal(map[string]any{"upgrade_id": id, "decision": newState, "reason": reason, "stars": stars,
			"until": until.String(), "from_service": held.service, "raised": raised})
		return s.appendAudit(ctx, tx, domain.AuditEvent{ActorID: who.ID, Action: AuditUpgradeDecide, ObjectType: "client",
			ObjectID: clientID, Detail: string(detail)})
	})
}

const upgradeCols = `u.upgrade_id, u.client_id, c.name, c.outlet_id, u.stars, u.until_date, u.reason, u.amount, u.applicant_id,
	COALESCE(a.name, ''), u.applied_at, u.applied_on, u.state, COALESCE(u.decider_id, 0), COALESCE(d.name, ''), u.decided_at,
	u.decision_reason, u.from_service, COALESCE(r.service_stars, 0)
	FROM upgrade_applications u JOIN clients c ON c.client_id = u.client_id
	LEFT JOIN staff a ON a.staff_id = u.applicant_id LEFT JOIN staff d ON d.staff_id = u.decider_id
	LEFT JOIN client_ratings r ON r.client_id = u.client_id`

// upgrades reads applications; a masked caller (a teller) gets neither the evidence, the amount nor the
// decision's reason: they speak of the client's money, which a masked view does not see.
func (s *Store) upgrades(ctx context.Context, sc access.Scope, where string, args ...any) ([]UpgradeApplication, error) {
	var out []UpgradeApplication
	err := s.scanAll(ctx, s.Rebind("SELECT "+upgradeCols+" WHERE "+where), func(scan func(...any) error) error {
		var a UpgradeApplication
		var decided sql.NullTime
		if err := scan(&a.ID, &a.ClientID, &a.ClientName, &a.OutletID, &a.Stars, &a.Until, &a.Reason, &a.AmountFen, &a.ApplicantID,
			&a.ApplicantName, &a.AppliedAt, &a.AppliedOn, &a.State, &a.DeciderID, &a.DeciderName, &decided, &a.DecisionReason,
			&a.FromService, &a.HeldService); err != nil {
			return err
		}
		a.DecidedAt = decided.Time
		if sc.Masked {
			a.Reason, a.AmountFen, a.DecisionReason = "", 0, ""
		}
		out = append(out, a)
		return nil
	}, args...)
	if err != nil {
		return nil, fmt.Errorf("instant upgrade applications: %w", err)
	}
	return out, nil
}

// WaitingUpgrades lists the applications waiting for a decision about the clients of the caller's scope,
// oldest first.
func (s *Store) WaitingUpgrades(ctx context.Context, sc access.Scope) ([]UpgradeApplication, error) {
	cond, args := scopeCond(sc)
	return s.upgrades(ctx, sc, "u.state = ? AND "+cond+" ORDER BY u.applied_at, u.upgrade_id", append([]any{UpgradePending}, args...)...)
}

// ClientUpgrades lists a client's applications within the caller's scope, newest first (at most limit).
func (s *Store) ClientUpgrades(ctx context.Context, sc access.Scope, clientID string, limit int) ([]UpgradeApplication, error) {
	cond, args := scopeCond(sc)
	return s.upgrades(ctx, sc, "u.client_id = ? AND "+cond+" ORDER BY u.applied_at DESC, u.upgrade_id DESC LIMIT ?",
		append(append([]any{clientID}, args...), limit)...)
}

// InstantFloor returns the approved application whose floor holds a client's service stars on date d
// (the highest stars, then the latest end date), within the caller's scope; ok is false when none does.
func (s *Store) InstantFloor(ctx context.Context, sc access.Scope, clientID string, d domain.Date) (UpgradeApplication, bool, error) {
	cond, args := scopeCond(sc)
	list, err := s.upgrades(ctx, sc, "u.client_id = ? AND u.state = ? AND u.until_date >= ? AND "+cond+
		" ORDER BY u.stars DESC, u.until_date DESC, u.upgrade_id DESC LIMIT 1", append([]any{clientID, UpgradeApproved, d}, args...)...)
	if err != nil || len(list) == 0 {
		return UpgradeApplication{}, false, err
	}
	return list[0], true, nil
}
