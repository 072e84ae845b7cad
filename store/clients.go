package store

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/calendar"
	"github.com/steward-bank/steward/cnid"
	"github.com/steward-bank/steward/domain"
)

// PutClients inserts or replaces clients in one transaction (the CUST feed and the demo bank). The
// relationship (rm_id) and the staff-kept life details are not touched on update: the core system does
// not own them.
func (s *Store) PutClients(ctx context.Context, clients []domain.Client) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, s.Rebind(`INSERT INTO clients (client_id, name, id_type, id_number, id_rev,
			gender, birth_date, mobile, mobile_rev, phone, email, address, occupation, employer, outlet_id, source,
			open_date, status, credit_grade, rm_id, key_focus, interests, prefs, risk_level, risk_assessed_on,
			risk_expires_on, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (client_id) DO UPDATE SET name = excluded.name, id_type = excluded.id_type,
			id_number = excluded.id_number, id_rev = excluded.id_rev, gender = excluded.gender,
			birth_date = excluded.birth_date, mobile = excluded.mobile, mobile_rev = excluded.mobile_rev,
			phone = excluded.phone, email = excluded.email, address = excluded.address,
			occupation = excluded.occupation, outlet_id = excluded.outlet_id, source = excluded.source,
			open_date = excluded.open_date, status = excluded.status, credit_grade = excluded.credit_grade,
			updated_at = excluded.updated_at`))
		if err != nil {
			return fmt.Errorf("put clients: %w", err)
		}
		defer stmt.Close()
		// A client's AUM row is inserted with the client and kept on update: the accounts move it.
		aum, err := tx.PrepareContext(ctx, s.Rebind("INSERT INTO client_aum (client_id, aum) VALUES (?, ?) ON CONFLICT (client_id) DO NOTHING"))
		if err != nil {
			return fmt.Errorf("put clients: %w", err)
		}
		defer aum.Close()
		now := s.now()
		for _, c := range clients {
			if c.ClientID == "" || c.Name == "" || c.OutletID == "" || c.OpenDate.IsZero() || c.Status == "" {
				return fmt.Errorf("put client %q: client_id, name, outlet, open date and status are required", c.ClientID)
			}
			_, err := stmt.ExecContext(ctx, c.ClientID, c.Name, c.IDType, c.IDNumber, reverse(c.IDNumber),
				c.Gender, c.BirthDate, c.Mobile, reverse(c.Mobile), c.Phone, c.Email, c.Address, c.Occupation,
				c.Employer, c.OutletID, c.Source, c.OpenDate, c.Status, c.CreditGrade, nullInt(c.RMID), c.KeyFocus,
				c.Interests, c.Prefs, c.RiskLevel, c.RiskAssessedOn, c.RiskExpiresOn, now)
			if err == nil {
				_, err = aum.ExecContext(ctx, c.ClientID, c.AUM)
			}
			if err != nil {
				return fmt.Errorf("put client %s: %w", c.ClientID, err)
			}
		}
		return nil
	})
}

// PutProducts inserts or replaces catalogue products.
func (s *Store) PutProducts(ctx context.Context, products []domain.Product) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, s.Rebind(`INSERT INTO products (product_code, name, category, risk_level,
			asset_class, card_level, agreement_kind, points_class, term_days) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (product_code) DO UPDATE SET name = excluded.name, category = excluded.category,
			risk_level = excluded.risk_level, asset_class = excluded.asset_class, card_level = excluded.card_level,
			agreement_kind = excluded.agreement_kind, points_class = excluded.points_class, term_days = excluded.term_days`))
		if err != nil {
			return fmt.Errorf("put products: %w", err)
		}
		defer stmt.Close()
		for _, p := range products {
			if _, err := stmt.ExecContext(ctx, p.Code, p.Name, p.Category, p.RiskLevel, p.AssetClass, p.CardLevel,
				p.AgreementKind, p.PointsClass, p.TermDays); err != nil {
				return fmt.Errorf("put product %s: %w", p.Code, err)
			}
		}
		return nil
	})
}

// PutAccounts inserts or replaces accounts with their end-of-day state.
func (s *Store) PutAccounts(ctx context.Context, accounts []domain.Account) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, s.Rebind(`INSERT INTO accounts (account_id, client_id, product_code, currency,
			balance, balance_cny, open_date, maturity_date, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (account_id) DO UPDATE SET client_id = excluded.client_id, product_code = excluded.product_code,
			currency = excluded.currency, balance = excluded.balance, balance_cny = excluded.balance_cny,
			open_date = excluded.open_date, maturity_date = excluded.maturity_date, status = excluded.status`))
		if err != nil {
			return fmt.Errorf("put accounts: %w", err)
		}
		defer stmt.Close()
		for _, a := range accounts {
			if _, err := stmt.ExecContext(ctx, a.AccountID, a.ClientID, a.ProductCode, a.Currency, a.Balance,
				a.BalanceCNY, a.OpenDate, a.MaturityDate, a.Status); err != nil {
				return fmt.Errorf("put account %s: %w", a.AccountID, err)
			}
		}
		return nil
	})
}

// assetProducts is the set of products whose balances are financial assets. Written as an uncorrelated
// IN list so that both planners drive an AUM sum from the accounts(client_id) index: joined to the
// handful of products instead, SQLite loops over the products and scans accounts for each client.
const assetProducts = "(SELECT product_code FROM products WHERE asset_class = 'asset')"

// RecomputeAUM sets every client's AUM to the sum of its active asset accounts in CNY.
func (s *Store) RecomputeAUM(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, `UPDATE client_aum SET aum = COALESCE((SELECT sum(a.balance_cny) FROM accounts a
		WHERE a.client_id = client_aum.client_id AND a.status = 'active' AND a.product_code IN `+assetProducts+`), 0)`)
	if err != nil {
		return fmt.Errorf("recompute AUM: %w", err)
	}
	return nil
}

// AssignRM makes staffID the responsible client manager of one client (0: unassigned): AssignClients for
// one client, without the per-RM cap (a caller that applies the cap calls AssignClients with the policy).
func (s *Store) AssignRM(ctx context.Context, sc access.Scope, actor int64, clientID string, staffID int64, reason string) error {
	_, err := s.AssignClients(ctx, sc, actor, nil, RMAssignment{ClientIDs: []string{clientID}, RMID: staffID, Reason: reason})
	return err
}

// assignRMTx is AssignRM inside the caller's transaction, for use cases that assign many clients at once
// (a rotation plan, the queue of clients waiting for a manager) all or nothing: the same checks
// (assignable) and the same change (changeRMTx) as AssignClients, without the cap, which those use cases
// check for the whole plan.
func (s *Store) assignRMTx(ctx context.Context, tx *sql.Tx, sc access.Scope, actorID int64, clientID string, staffID int64, reason string) error {
	actor, err := s.actorTx(ctx, tx, actorID)
	if err != nil {
		return err
	}
	// Who may is the use case's own rule (a plan approved, the queue's workers), checked before.
	anyone := func(domain.Staff, string) bool { return true }
	clients, _, err := s.assignable(ctx, tx, sc, actor, []string{clientID}, staffID, anyone)
	if err != nil {
		return err
	}
	for _, c := range clients {
		if c.RMID == staffID {
			continue
		}
		if _, err := s.changeRMTx(ctx, tx, actorID, c, staffID, reason, false, ""); err != nil {
			return err
		}
	}
	return nil
}

// Errors a caller can act on.
var (
	// ErrReadOnly: the person may see the client but not change it.
	ErrReadOnly = errors.New("read-only for this person")
	// ErrBadCursor: a paging cursor that is malformed or belongs to another sort order.
	ErrBadCursor = errors.New("paging cursor is not valid for this list")
	// ErrInvalid: the input itself is wrong (an empty note, a lunar date that does not exist …).
	ErrInvalid = errors.New("invalid input")
)

// ClientRow is one line of the client list.
type ClientRow struct {
	ClientID   string
	Name       string
	Gender     string
	IDType     string
	IDNumber   string // masked for masked scopes
	Mobile     string // masked for masked scopes
	OutletID   string
	OutletName string
	RMID       int64
	RMName     string
	AUM        int64
	OpenDate   domain.Date
	Status     string
	KeyFocus   bool
	// The client's rating and segments (zero values for a client not yet rated).
	ServiceStars int
	StarPoints   int64 // hundredths
	Tier         string
	Class        string // A/B/C
	Lifecycle    string
	Matrix       string
	Loyalty      int
	Potential    int
	Near         bool
	Warning      bool
	VitalFew     bool
	// Handed: the caller sees the client only through the shadow of a relationship that has ended
	// (access.Scope.Handed): read-only, not in the caller's book.
	Handed bool
}

// ClientFilter selects and orders the client list.
type ClientFilter struct {
	// Q searches by name prefix, client number, mobile (whole or last digits) or ID-number suffix.
	Q          string
	OutletID   string
	RMID       int64 // 0: any
	Unassigned bool  // only clients with no RM
	// Rating and segments: MinStars (service stars at least; 0 any), Tier (T1–T5), Lifecycle, Matrix
	// (rating.Quadrant), MinPotential, and the flags near-upgrade, downgrade warning and 80/20 vital few.
	MinStars     int
	Tier         string
	Class        string // A, B or C
	Lifecycle    string
	Matrix       string
	MinPotential int
	Near         bool
	Warning      bool
	VitalFew     bool
	Sort         string
	Desc         bool
	Limit        int    // default 50, at most 500
	Cursor       string // from the previous page's NextCursor
	Offset       int    // for numbered pages; ignored with a cursor
}

// Sort keys of the client list.
var clientSorts = map[string]string{
	"name":      "c.name",
	"aum":       "m.aum",
	"open_date": "c.open_date",
	"client_id": "c.client_id",
	"stars":     "COALESCE(r.service_stars, 0)",
	"points":    "COALESCE(r.star_points, 0)",
	"potential": "COALESCE(r.potential, 0)",
	"loyalty":   "COALESCE(r.loyalty, 0)",
}

// intSorts are the sort keys whose cursor key is an integer.
var intSorts = map[string]func(ClientRow) int64{
	"aum":       func(r ClientRow) int64 { return r.AUM },
	"stars":     func(r ClientRow) int64 { return int64(r.ServiceStars) },
	"points":    func(r ClientRow) int64 { return r.StarPoints },
	"potential": func(r ClientRow) int64 { return int64(r.Potential) },
	"loyalty":   func(r ClientRow) int64 { return int64(r.Loyalty) },
}

// ClientPage is one page of the client list.
type ClientPage struct {
	Items      []ClientRow
	NextCursor string
	// Total counts the matches up to CountCap; TotalCapped says there are more.
	Total       int
	TotalCapped bool
}

// CountCap bounds the count of a client search so that counting a million-client book stays cheap.
const CountCap = 10000

// SearchClients lists the clients in scope that match a filter, one page at a time.
func (s *Store) SearchClients(ctx context.Context, sc access.Scope, f ClientFilter) (ClientPage, error) {
	var page ClientPage
	cond, args := sightCond(sc)
	where := []string{cond}
	if f.OutletID != "" {
		where = append(where, "c.outlet_id = ?")
		args = append(args, f.OutletID)
	}
	if f.Unassigned {
		where = append(where, "c.rm_id IS NULL")
	} else if f.RMID != 0 {
		where = append(where, "c.rm_id = ?")
		args = append(args, f.RMID)
	}
	if sc.Masked && maskedSorts[f.Sort] {
		return page, fmt.Errorf("clients sorted by %s: a masked view cannot rank clients by wealth: %w", f.Sort, ErrInvalid)
	}
	if q := strings.TrimSpace(f.Q); q != "" && sc.Masked {
		if err := s.checkSearchLimit(ctx, sc.StaffID, q); err != nil {
			return page, err
		}
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		qc, qa := searchCond(q, sc.Masked)
		where = append(where, qc)
		args = append(args, qa...)
	}
	for _, c := range []struct {
		on   bool
		cond string
		arg  any
	}{
		{f.MinStars > 0, "r.service_stars >= ?", f.MinStars},
		{f.Tier != "", "r.tier = ?", f.Tier},
		{f.Class != "", "r.abc_class = ?", f.Class},
		{f.Lifecycle != "", "r.lifecycle = ?", f.Lifecycle},
		{f.Matrix != "", "r.matrix = ?", f.Matrix},
		{f.MinPotential > 0, "r.potential >= ?", f.MinPotential},
		{f.Near, "r.near_upgrade = ?", true},
		{f.Warning, "r.downgrade_warning = ?", true},
		{f.VitalFew, "r.pareto_top = ?", true},
	} {
		if c.on {
			where = append(where, c.cond)
			args = append(args, c.arg)
		}
	}
	sortCol, ok := clientSorts[f.Sort]
	if !ok {
		f.Sort, sortCol = "name", "c.name"
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	if limit > 500 {
		limit = 500
	}
	whereSQL := strings.Join(where, " AND ")

	// Count (capped) before the cursor narrows the set.
	countArgs := append([]any(nil), args...)
	if err := s.db.QueryRowContext(ctx, s.Rebind("SELECT count(*) FROM (SELECT 1 FROM clients c LEFT JOIN client_ratings r ON r.client_id = c.client_id WHERE "+whereSQL+
		" LIMIT "+strconv.Itoa(CountCap+1)+") t"), countArgs...).Scan(&page.Total); err != nil {
		return page, fmt.Errorf("count clients: %w", err)
	}
	if page.Total > CountCap {
		page.Total, page.TotalCapped = CountCap, true
	}

	dir, cmp := "ASC", ">"
	if f.Desc {
		dir, cmp = "DESC", "<"
	}
	if f.Cursor != "" {
		key, id, err := decodeCursor(f.Cursor, f.Sort)
		if err != nil {
			return page, err
		}
		if f.Sort == "client_id" {
			whereSQL += " AND c.client_id " + cmp + " ?"
			args = append(args, id)
		} else {
			whereSQL += fmt.Sprintf(" AND (%s %s ? OR (%s = ? AND c.client_id %s ?))", sortCol, cmp, sortCol, cmp)
			args = append(args, key, key, id)
		}
	}
	order := sortCol + " " + dir
	if f.Sort != "client_id" {
		order += ", c.client_id " + dir
	}
	q := `SELECT c.client_id, c.name, c.gender, c.id_type, c.id_number, c.mobile, c.outlet_id, o.name,
		COALESCE(c.rm_id, 0), COALESCE(st.name, ''), m.aum, c.open_date, c.status, c.key_focus,
		COALESCE(r.service_stars, 0), COALESCE(r.star_points, 0), COALESCE(r.tier, ''), COALESCE(r.abc_class, ''), COALESCE(r.lifecycle, ''),
		COALESCE(r.matrix, ''), COALESCE(r.loyalty, 0), COALESCE(r.potential, 0), COALESCE(r.near_upgrade, FALSE),
		COALESCE(r.downgrade_warning, FALSE), COALESCE(r.pareto_top, FALSE)
		FROM clients c JOIN client_aum m ON m.client_id = c.client_id JOIN orgs o ON o.org_id = c.outlet_id
		LEFT JOIN staff st ON st.staff_id = c.rm_id LEFT JOIN client_ratings r ON r.client_id = c.client_id
		WHERE ` + whereSQL + " ORDER BY " + order + " LIMIT " + strconv.Itoa(limit+1)
	if f.Cursor == "" && f.Offset > 0 {
		q += " OFFSET " + strconv.Itoa(f.Offset)
	}
	rows, err := s.db.QueryContext(ctx, s.Rebind(q), args...)
	if err != nil {
		return page, fmt.Errorf("search clients: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r ClientRow
		if err := rows.Scan(&r.ClientID, &r.Name, &r.Gender, &r.IDType, &r.IDNumber, &r.Mobile, &r.OutletID, &r.OutletName,
			&r.RMID, &r.RMName, &r.AUM, &r.OpenDate, &r.Status, &r.KeyFocus, &r.ServiceStars, &r.StarPoints, &r.Tier,
			&r.Class, &r.Lifecycle, &r.Matrix, &r.Loyalty, &r.Potential, &r.Near, &r.Warning, &r.VitalFew); err != nil {
			return page, fmt.Errorf("search clients: %w", err)
		}
		if sc.Masked {
			r.IDNumber, r.Mobile = cnid.MaskID(r.IDNumber), cnid.MaskMobile(r.Mobile)
			r.AUM, r.StarPoints = 0, 0
		}
		r.Handed = sc.Handed(domain.Client{RMID: r.RMID, OutletID: r.OutletID})
		page.Items = append(page.Items, r)
	}
	if err := rows.Err(); err != nil {
		return page, fmt.Errorf("search clients: %w", err)
	}
	if len(page.Items) > limit {
		page.Items = page.Items[:limit]
		last := page.Items[limit-1]
		page.NextCursor = encodeCursor(f.Sort, last)
	}
	return page, nil
}

// maskedSorts are the orders a masked view may not use: sorted by AUM or star points, a list is a named
// rich list (docs/masking.md).
var maskedSorts = map[string]bool{"aum": true, "points": true}

// searchCond interprets the search box: digits are a client number, a mobile (whole or its last digits) or
// the end of an ID number; anything else is a client number or the start of a name. A masked view searches
// mobiles and ID numbers by their whole value only: a fragment would rebuild a masked value one digit at a
// time, so for a masked view it is only a client number.
func searchCond(q string, masked bool) (string, []any) {
	upper := strings.ToUpper(q)
	if isIDish(upper) {
		rq := reverse(upper)
		lo, hi := prefixRange(rq)
		if len(upper) == 11 && upper[0] == '1' {
			// A whole mobile: exact, through the same index.
			return "(c.mobile_rev = ? OR c.client_id = ?)", []any{rq, q}
		}
		if masked {
			if len(upper) == 18 || len(upper) == 15 {
				// A whole resident ID number (or an old 15-digit one): exact.
				return "(c.id_rev = ? OR c.client_id = ?)", []any{rq, q}
			}
			return "c.client_id = ?", []any{q}
		}
		if len(upper) < 4 {
			// Too short to be a useful suffix; only a client number.
			return "c.client_id = ?", []any{q}
		}
		return "(c.client_id = ? OR (c.id_rev >= ? AND c.id_rev < ?) OR (c.mobile_rev >= ? AND c.mobile_rev < ?))",
			[]any{q, lo, hi, lo, hi}
	}
	lo, hi := prefixRange(q)
	return "((c.name >= ? AND c.name < ?) OR c.client_id = ?)", []any{lo, hi, q}
}

// isIDish: digits, possibly ending in the ID check character X.
func isIDish(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= '0' && c <= '9' || (c == 'X' && i == len(s)-1 && i > 0) {
			continue
		}
		return false
	}
	return s != ""
}

func encodeCursor(sort string, r ClientRow) string {
	var key string
	switch sort {
	case "aum", "stars", "points", "potential", "loyalty":
		key = strconv.FormatInt(intSorts[sort](r), 10)
	case "open_date":
		key = r.OpenDate.String()
	case "client_id":
		key = ""
	default:
		key = r.Name
	}
	return base64.RawURLEncoding.EncodeToString([]byte(sort + "\x00" + key + "\x00" + r.ClientID))
}

func decodeCursor(cur, sort string) (any, string, error) {
	raw, err := base64.RawURLEncoding.DecodeString(cur)
	if err != nil {
		return nil, "", fmt.Errorf("cursor %q: %w", cur, ErrBadCursor)
	}
	parts := strings.SplitN(string(raw), "\x00", 3)
	if len(parts) != 3 || parts[0] != sort {
		return nil, "", fmt.Errorf("cursor %q belongs to another sort order: %w", cur, ErrBadCursor)
	}
	switch sort {
	case "aum", "stars", "points", "potential", "loyalty":
		v, err := strconv.ParseInt(parts[1], 10, 64)
		if err != nil {
			return nil, "", fmt.Errorf("cursor %q: %w", cur, ErrBadCursor)
		}
		return v, parts[2], nil
	case "open_date":
		d, err := domain.ParseDate(parts[1])
		if err != nil {
			return nil, "", fmt.Errorf("cursor %q: %w", cur, ErrBadCursor)
		}
		return d, parts[2], nil
	}
	return parts[1], parts[2], nil
}

// ClientDetail is a client with the names a page shows beside it.
type ClientDetail struct {
	domain.Client
	OutletName string
	RMName     string
	// Editable: the caller may change life details, notes and family (access.Scope.CanEdit).
	Editable bool
	// Masked: the caller sees the client masked (docs/masking.md): the ID number and mobile masked, the
	// address cut to its district, and no birth date and no AUM (zero); Band tells the AUM's band instead.
	Masked bool
	// HasBirthDate: a birth date is recorded (also when it is masked).
	HasBirthDate bool
	// HandedOver: the client was handed over from the caller, a client manager who keeps read-only sight
	// of it for a while (access.Scope.ShadowSince); nil otherwise.
	HandedOver *Handover
	// aum is the AUM behind a masked view, for Band only.
	aum int64
}

// Band is the asset band of the client's AUM (also for a masked view, which does not see the AUM):
// 0 below bounds[0], i when bounds[i-1] ≤ AUM < bounds[i], len(bounds) at or above the last bound.
func (d ClientDetail) Band(bounds []int64) int {
	aum := d.AUM
	if d.Masked {
		aum = d.aum
	}
	i := 0
	for i < len(bounds) && aum >= bounds[i] {
		i++
	}
	return i
}

const clientCols = `c.client_id, c.name, c.id_type, c.id_number, c.gender, c.birth_date, c.mobile, c.phone, c.email,
	c.address, c.occupation, c.employer, c.outlet_id, c.source, c.open_date, c.status, c.credit_grade,
	COALESCE(c.rm_id, 0), c.key_focus, c.interests, c.prefs, c.risk_level, c.risk_assessed_on, c.risk_expires_on,
	m.aum, c.updated_at, o.name, COALESCE(st.name, ''), c.lunar_birthday`

// Client reads one client in scope; a client outside the scope is domain.ErrNotFound, exactly like one that
// does not exist. A masked scope gets the client masked (maskDetail). The caller records the view in the
// audit log (AuditClientView).
func (s *Store) Client(ctx context.Context, sc access.Scope, clientID string) (ClientDetail, error) {
	d, err := s.clientTx(ctx, s.db, sc, clientID)
	if err == nil && sc.Masked {
		maskDetail(&d)
	}
	if err == nil {
		d.HandedOver, err = s.handoverOf(ctx, sc, d.Client)
	}
	return d, err
}

// maskDetail masks a client for a masked scope (docs/masking.md): nothing left can rebuild a masked value.
// The birth date goes entirely: the masked ID hides exactly its digits, and its check digit, with the
// month and day a birthday alert gives, would give any year hint away. The AUM goes too (Band stays).
func maskDetail(d *ClientDetail) {
	c := &d.Client
	d.Masked = true
	c.IDNumber = cnid.MaskID(c.IDNumber)
	c.Mobile = cnid.MaskMobile(c.Mobile)
	c.Phone = cnid.MaskMobile(c.Phone)
	c.Email = cnid.MaskEmail(c.Email)
	c.Address = cnid.AddressDistrict(c.Address)
	c.BirthDate = domain.Date{}
	d.aum, c.AUM = c.AUM, 0
}

// clientTx reads one client in scope, unmasked: for the store's own checks inside a transaction. Only
// Client hands a client out.

func (s *Store) clientTx(ctx context.Context, q querier, sc access.Scope, clientID string) (ClientDetail, error) {
	cond, args := sightCond(sc)
	var d ClientDetail
	c := &d.Client
	err := q.QueryRowContext(ctx, s.Rebind(`SELECT `+clientCols+` FROM clients c JOIN client_aum m ON m.client_id = c.client_id
		JOIN orgs o ON o.org_id = c.outlet_id LEFT JOIN staff st ON st.staff_id = c.rm_id WHERE c.client_id = ? AND `+cond), append([]any{clientID}, args...)...).
		Scan(&c.ClientID, &c.Name, &c.IDType, &c.IDNumber, &c.Gender, &c.BirthDate, &c.Mobile, &c.Phone, &c.Email,
			&c.Address, &c.Occupation, &c.Employer, &c.OutletID, &c.Source, &c.OpenDate, &c.Status, &c.CreditGrade,
			&c.RMID, &c.KeyFocus, &c.Interests, &c.Prefs, &c.RiskLevel, &c.RiskAssessedOn, &c.RiskExpiresOn,
			&c.AUM, &c.UpdatedAt, &d.OutletName, &d.RMName, &c.LunarBirthday)
	if errors.Is(err, sql.ErrNoRows) {
		return d, domain.ErrNotFound
	}
	if err != nil {
		return d, fmt.Errorf("read client %s: %w", clientID, err)
	}
	d.Editable = sc.CanEdit(d.Client)
	d.HasBirthDate = !c.BirthDate.IsZero()
	return d, nil
}

// AccountView is an account with its product.
type AccountView struct {
	domain.Account
	ProductName string
	Category    string
	RiskLevel   string
	AssetClass  string
}

// ClientAccounts lists a client's accounts and holdings, active first, within scope.
func (s *Store) ClientAccounts(ctx context.Context, sc access.Scope, clientID string) ([]AccountView, error) {
	cond, args := sightCond(sc)
	rows, err := s.db.QueryContext(ctx, s.Rebind(`SELECT a.account_id, a.client_id, a.product_code, a.currency, a.balance,
		a.balance_cny, a.open_date, a.maturity_date, a.status, p.name, p.category, p.risk_level, p.asset_class
		FROM accounts a JOIN clients c ON c.client_id = a.client_id JOIN products p ON p.product_code = a.product_code
		WHERE a.client_id = ? AND `+cond+` ORDER BY a.status, p.category, a.account_id`), append([]any{clientID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("accounts of client %s: %w", clientID, err)
	}
	defer rows.Close()
	var out []AccountView
	for rows.Next() {
		var a AccountView
		if err := rows.Scan(&a.AccountID, &a.ClientID, &a.ProductCode, &a.Currency, &a.Balance, &a.BalanceCNY, &a.OpenDate,
			&a.MaturityDate, &a.Status, &a.ProductName, &a.Category, &a.RiskLevel, &a.AssetClass); err != nil {
			return nil, fmt.Errorf("accounts of client %s: %w", clientID, err)
		}
		if sc.Masked {
			// The balances would add up to the AUM a masked view does not see.
			a.Balance, a.BalanceCNY = 0, 0
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// ClientFamily lists a client's recorded family members, within scope.
func (s *Store) ClientFamily(ctx context.Context, sc access.Scope, clientID string) ([]domain.FamilyMember, error) {
	cond, args := sightCond(sc)
	rows, err := s.db.QueryContext(ctx, s.Rebind(`SELECT f.member_id, f.client_id, f.relation, f.name, f.birth_date, f.lunar,
		f.lunar_month, f.lunar_day, f.lunar_leap, f.note FROM family_members f JOIN clients c ON c.client_id = f.client_id
		WHERE f.client_id = ? AND `+cond+` ORDER BY f.member_id`), append([]any{clientID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("family of client %s: %w", clientID, err)
	}
	defer rows.Close()
	var out []domain.FamilyMember
	for rows.Next() {
		var m domain.FamilyMember
		if err := rows.Scan(&m.ID, &m.ClientID, &m.Relation, &m.Name, &m.BirthDate, &m.Lunar, &m.LunarMonth, &m.LunarDay,
			&m.LunarLeap, &m.Note); err != nil {
			return nil, fmt.Errorf("family of client %s: %w", clientID, err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// ClientNotes lists a client's notes, newest first, within scope.
func (s *Store) ClientNotes(ctx context.Context, sc access.Scope, clientID string) ([]domain.Note, error) {
	cond, args := sightCond(sc)
	rows, err := s.db.QueryContext(ctx, s.Rebind(`SELECT n.note_id, n.client_id, n.author_id, st.name, n.body, n.created_at
		FROM client_notes n JOIN clients c ON c.client_id = n.client_id JOIN staff st ON st.staff_id = n.author_id
		WHERE n.client_id = ? AND `+cond+` ORDER BY n.created_at DESC, n.note_id DESC`), append([]any{clientID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("notes of client %s: %w", clientID, err)
	}
	defer rows.Close()
	var out []domain.Note
	for rows.Next() {
		var n domain.Note
		if err := rows.Scan(&n.ID, &n.ClientID, &n.AuthorID, &n.AuthorName, &n.Body, &n.CreatedAt); err != nil {
			return nil, fmt.Errorf("notes of client %s: %w", clientID, err)
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// ClientLifeEvents lists a client's recorded life events, within scope.
func (s *Store) ClientLifeEvents(ctx context.Context, sc access.Scope, clientID string) ([]domain.LifeEvent, error) {
	cond, args := sightCond(sc)
	rows, err := s.db.QueryContext(ctx, s.Rebind(`SELECT e.event_id, e.client_id, e.kind, e.event_on, e.note
		FROM life_events e JOIN clients c ON c.client_id = e.client_id
		WHERE e.client_id = ? AND `+cond+` ORDER BY e.event_on DESC, e.event_id DESC`), append([]any{clientID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("life events of client %s: %w", clientID, err)
	}
	defer rows.Close()
	var out []domain.LifeEvent
	for rows.Next() {
		var e domain.LifeEvent
		if err := rows.Scan(&e.ID, &e.ClientID, &e.Kind, &e.On, &e.Note); err != nil {
			return nil, fmt.Errorf("life events of client %s: %w", clientID, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// ClientTags lists a client's tags, within scope.
func (s *Store) ClientTags(ctx context.Context, sc access.Scope, clientID string) ([]string, error) {
	cond, args := sightCond(sc)
	rows, err := s.db.QueryContext(ctx, s.Rebind(`SELECT t.name FROM client_tags ct JOIN tags t ON t.tag_id = ct.tag_id
		JOIN clients c ON c.client_id = ct.client_id WHERE ct.client_id = ? AND `+cond+` ORDER BY t.name`),
		append([]any{clientID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("tags of client %s: %w", clientID, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, fmt.Errorf("tags of client %s: %w", clientID, err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Relationship is one period of a client's service relationship.
type Relationship struct {
	StaffID    int64
	StaffName  string
	ValidFrom  time.Time
	ValidTo    time.Time // zero while current
	AssignedBy string
	Reason     string
}

// ClientRelationships lists who has been responsible for a client, newest first, within scope.
func (s *Store) ClientRelationships(ctx context.Context, sc access.Scope, clientID string) ([]Relationship, error) {
	cond, args := sightCond(sc)
	rows, err := s.db.QueryContext(ctx, s.Rebind(`SELECT r.staff_id, st.name, r.valid_from, r.valid_to, COALESCE(ab.name, ''), r.reason
		FROM relationships r JOIN clients c ON c.client_id = r.client_id JOIN staff st ON st.staff_id = r.staff_id
		LEFT JOIN staff ab ON ab.staff_id = r.assigned_by
		WHERE r.client_id = ? AND `+cond+` ORDER BY r.valid_from DESC, r.rel_id DESC`), append([]any{clientID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("relationships of client %s: %w", clientID, err)
	}
	defer rows.Close()
	var out []Relationship
	for rows.Next() {
		var r Relationship
		var to sql.NullTime
		if err := rows.Scan(&r.StaffID, &r.StaffName, &r.ValidFrom, &to, &r.AssignedBy, &r.Reason); err != nil {
			return nil, fmt.Errorf("relationships of client %s: %w", clientID, err)
		}
		if to.Valid {
			r.ValidTo = to.Time
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// editableClient checks, inside tx, that the caller may change the client.
func (s *Store) editableClient(ctx context.Context, tx *sql.Tx, sc access.Scope, clientID string) (ClientDetail, error) {
	c, err := s.clientTx(ctx, tx, sc, clientID)
	if err != nil {
		return c, err
	}
	if !c.Editable {
		return c, fmt.Errorf("client %s: %w", clientID, ErrReadOnly)
	}
	return c, nil
}

// AddNote adds a note to a client the caller may edit, with its audit event, in one transaction.
func (s *Store) AddNote(ctx context.Context, sc access.Scope, actor int64, clientID, body string) (int64, error) {
	body = strings.TrimSpace(body)
	if err := inputErr("note on client "+clientID, domain.CheckText("note", body, true)); err != nil {
		return 0, err
	}
	if body == "" {
		return 0, fmt.Errorf("note on client %s: the note is empty: %w", clientID, ErrInvalid)
	}
	var id int64
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.editableClient(ctx, tx, sc, clientID); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, s.Rebind(`INSERT INTO client_notes (client_id, author_id, body, created_at)
			VALUES (?, ?, ?, ?) RETURNING note_id`), clientID, actor, body, s.now()).Scan(&id); err != nil {
			return fmt.Errorf("note on client %s: %w", clientID, err)
		}
		return s.appendAudit(ctx, tx, domain.AuditEvent{ActorID: actor, Action: domain.AuditClientUpdate, ObjectType: "client",
			ObjectID: clientID, Detail: fmt.Sprintf(`{"added":"note","note_id":%d}`, id)})
	})
	return id, err
}

// AddFamilyMember records a family member of a client the caller may edit.
func (s *Store) AddFamilyMember(ctx context.Context, sc access.Scope, actor int64, m domain.FamilyMember) (int64, error) {
	if err := inputErr("family member of client "+m.ClientID, firstErr(domain.CheckFields(domain.Field{Name: "name", Value: m.Name},
		domain.Field{Name: "relation", Value: m.Relation}, domain.Field{Name: "note", Value: m.Note, Multiline: true}),
		domain.CheckBirthDate("birth_date", m.BirthDate, s.today()))); err != nil {
		return 0, err
	}
	if strings.TrimSpace(m.Name) == "" || m.Relation == "" {
		return 0, fmt.Errorf("family member of client %s: name and relation are required: %w", m.ClientID, ErrInvalid)
	}
	if m.Lunar && (m.LunarMonth < 1 || m.LunarMonth > 12 || m.LunarDay < 1 || m.LunarDay > 30) {
		return 0, fmt.Errorf("family member of client %s: lunar birthday %d/%d is not a lunar date: %w", m.ClientID, m.LunarMonth, m.LunarDay, ErrInvalid)
	}
	var id int64
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.editableClient(ctx, tx, sc, m.ClientID); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, s.Rebind(`INSERT INTO family_members (client_id, relation, name, birth_date, lunar,
			lunar_month, lunar_day, lunar_leap, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING member_id`),
			m.ClientID, m.Relation, m.Name, m.BirthDate, m.Lunar, m.LunarMonth, m.LunarDay, m.LunarLeap, m.Note).Scan(&id); err != nil {
			return fmt.Errorf("family member of client %s: %w", m.ClientID, err)
		}
		return s.appendAudit(ctx, tx, domain.AuditEvent{ActorID: actor, Action: domain.AuditClientUpdate, ObjectType: "client",
			ObjectID: m.ClientID, Detail: fmt.Sprintf(`{"added":"family_member","member_id":%d}`, id)})
	})
	return id, err
}

// AddLifeEvent records an important event in a client's life.
func (s *Store) AddLifeEvent(ctx context.Context, sc access.Scope, actor int64, e domain.LifeEvent) (int64, error) {
	if err := inputErr("life event of client "+e.ClientID, firstErr(domain.CheckFields(domain.Field{Name: "kind", Value: e.Kind},
		domain.Field{Name: "note", Value: e.Note, Multiline: true}), domain.CheckEventDate("event_on", e.On, s.today()))); err != nil {
		return 0, err
	}
	if strings.TrimSpace(e.Kind) == "" {
		return 0, fmt.Errorf("life event of client %s: the kind is required: %w", e.ClientID, ErrInvalid)
	}
	var id int64
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.editableClient(ctx, tx, sc, e.ClientID); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, s.Rebind(`INSERT INTO life_events (client_id, kind, event_on, note)
			VALUES (?, ?, ?, ?) RETURNING event_id`), e.ClientID, e.Kind, e.On, e.Note).Scan(&id); err != nil {
			return fmt.Errorf("life event of client %s: %w", e.ClientID, err)
		}
		return s.appendAudit(ctx, tx, domain.AuditEvent{ActorID: actor, Action: domain.AuditClientUpdate, ObjectType: "client",
			ObjectID: e.ClientID, Detail: fmt.Sprintf(`{"added":"life_event","event_id":%d}`, id)})
	})
	return id, err
}

// TagClient puts a tag (created on first use) on a client the caller may edit.
func (s *Store) TagClient(ctx context.Context, sc access.Scope, actor int64, clientID, tag string) error {
	tag = strings.TrimSpace(tag)
	if err := inputErr("tag on client "+clientID, domain.CheckText("tag", tag, false)); err != nil {
		return err
	}
	if tag == "" || len([]rune(tag)) > 32 {
		return fmt.Errorf("tag on client %s: a tag has 1 to 32 characters: %w", clientID, ErrInvalid)
	}
	return s.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.editableClient(ctx, tx, sc, clientID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.Rebind("INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO NOTHING"), tag); err != nil {
			return fmt.Errorf("tag %q: %w", tag, err)
		}
		if _, err := tx.ExecContext(ctx, s.Rebind(`INSERT INTO client_tags (client_id, tag_id)
			SELECT ?, tag_id FROM tags WHERE name = ? ON CONFLICT DO NOTHING`), clientID, tag); err != nil {
			return fmt.Errorf("tag client %s: %w", clientID, err)
		}
		return s.appendAudit(ctx, tx, domain.AuditEvent{ActorID: actor, Action: domain.AuditClientUpdate, ObjectType: "client",
			ObjectID: clientID, Detail: fmt.Sprintf(`{"added":"tag","tag":%q}`, tag)})
	})
}

// SetLunarBirthday records whether a client the caller may edit celebrates the lunar birthday: its alerts
// and greetings then fall on the lunar month and day of the birth date. A client without a birth date, or
// born outside the lunar calendar's years (1900–2100), cannot have one (ErrInvalid).
func (s *Store) SetLunarBirthday(ctx context.Context, sc access.Scope, actor int64, clientID string, lunar bool) error {
	return s.Tx(ctx, func(tx *sql.Tx) error {
		c, err := s.editableClient(ctx, tx, sc, clientID)
		if err != nil {
			return err
		}
		if lunar {
			if c.BirthDate.IsZero() {
				return fmt.Errorf("lunar birthday of client %s: no birth date: %w", clientID, ErrInvalid)
			}
			if _, err := calendar.SolarToLunar(c.BirthDate); err != nil {
				return fmt.Errorf("lunar birthday of client %s: %v: %w", clientID, err, ErrInvalid)
			}
		}
		if c.LunarBirthday == lunar {
			return nil
		}
		if _, err := tx.ExecContext(ctx, s.Rebind("UPDATE clients SET lunar_birthday = ? WHERE client_id = ?"), lunar, clientID); err != nil {
			return fmt.Errorf("lunar birthday of client %s: %w", clientID, err)
		}
		return s.appendAudit(ctx, tx, domain.AuditEvent{ActorID: actor, Action: domain.AuditClientUpdate, ObjectType: "client",
			ObjectID: clientID, Detail: fmt.Sprintf(`{"lunar_birthday":%t}`, lunar)})
	})
}

// SeedRelationships opens a relationship period for every client whose rm_id has none open (after a bulk
// load that set rm_id directly).
func (s *Store) SeedRelationships(ctx context.Context, reason string) error {
	_, err := s.db.ExecContext(ctx, s.Rebind(`INSERT INTO relationships (client_id, staff_id, valid_from, reason)
		SELECT c.client_id, c.rm_id, ?, ? FROM clients c WHERE c.rm_id IS NOT NULL AND NOT EXISTS
		(SELECT 1 FROM relationships r WHERE r.client_id = c.client_id AND r.valid_to IS NULL)`), s.now(), reason)
	if err != nil {
		return fmt.Errorf("seed relationships: %w", err)
	}
	return nil
}

// Reasons of relationships Steward opens itself (a person's reason for a reassignment is free text); pages
// name them in words.
const (
	// ReasonInitialAssignment: the relationship was loaded with the bank's book (a migration from its old
	// system).
	ReasonInitialAssignment = "initial_assignment"
	// ReasonDemoAssignment: the demo bank's generated book.
	ReasonDemoAssignment = "demo_assignment"
)

// RelationshipReasons lists them.
var RelationshipReasons = []string{ReasonInitialAssignment, ReasonDemoAssignment, ReasonRotation}

// AssignInitial sets the responsible RM of clients that have none (a first load: the demo bank, a bank's
// migration from its old system), in one transaction, opens their relationship periods and hands each
// client manager the open alerts and rule-made tasks its new clients' supervisors held for want of one.
func (s *Store) AssignInitial(ctx context.Context, assignments map[string]int64, reason string) error {
	ids := make([]string, 0, len(assignments))
	for id := range assignments {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	now := s.now()
	return s.Tx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, s.Rebind("UPDATE clients SET rm_id = ?, updated_at = ? WHERE client_id = ? AND rm_id IS NULL"))
		if err != nil {
			return fmt.Errorf("initial assignment: %w", err)
		}
		defer stmt.Close()
		for _, id := range ids {
			if _, err := stmt.ExecContext(ctx, assignments[id], now, id); err != nil {
				return fmt.Errorf("initial assignment of client %s: %w", id, err)
			}
		}
		_, err = tx.ExecContext(ctx, s.Rebind(`INSERT INTO relationships (client_id, staff_id, valid_from, reason)
			SELECT c.client_id, c.rm_id, ?, ? FROM clients c WHERE c.rm_id IS NOT NULL AND NOT EXISTS
			(SELECT 1 FROM relationships r WHERE r.client_id = c.client_id AND r.valid_to IS NULL)`), now, reason)
		if err != nil {
			return fmt.Errorf("initial assignment: open relationships: %w", err)
		}
		return s.routeToKeeper(ctx, tx, nil, 0)
	})
}
