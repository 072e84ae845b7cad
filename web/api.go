package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/pipeline"
	"github.com/steward-bank/steward/rating"
	"github.com/steward-bank/steward/store"
)

// The JSON API (/api/v1) is described by openapi.json beside this file; keep the two in step. Amounts
// travel as decimal strings in yuan ("12345.67"), dates as "YYYY-MM-DD", moments as RFC 3339 (UTC), and
// every error as {"error": "..."}.

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

func writeJSONError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// api wraps an API handler: the caller is the owner of a Bearer token when the request carries one (and
// then only that: the session cookie is ignored), or the session cookie's person.
func (s *Server) api(h handlerP) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var p auth.Principal
		var err error
		if tok := bearerToken(r); tok != "" {
			p, err = s.auth.Token(r.Context(), tok)
		} else if r.Header.Get("Authorization") != "" {
			writeJSONError(w, http.StatusUnauthorized, "unsupported authorization scheme (use Bearer)")
			return
		} else {
			p, err = s.sessionPrincipal(r)
		}
		if errors.Is(err, auth.ErrNoSession) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="steward"`)
			writeJSONError(w, http.StatusUnauthorized, "authentication required")
			return
		}
		if err != nil {
			if clientClosed(r, err) {
				return
			}
			s.log.Error("API authentication", "path", r.URL.Path, "err", err)
			writeJSONError(w, http.StatusInternalServerError, "internal error")
			return
		}
		infoOf(r.Context()).staff = p.Staff.Username
		if p.PasswordExpired {
			writeJSONError(w, http.StatusForbidden, "password expired: change it at /password")
			return
		}
		h(w, r, &p)
	})
}

// apiInternal logs an unexpected error and answers without its details (nothing when the client has closed
// the connection: clientClosed).
func (s *Server) apiInternal(w http.ResponseWriter, r *http.Request, err error) {
	if clientClosed(r, err) {
		return
	}
	s.log.Error("API request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	writeJSONError(w, http.StatusInternalServerError, "internal error")
}

type sessionJSON struct {
	Username        string    `json:"username"`
	Name            string    `json:"name"`
	Role            string    `json:"role"`
	OrgID           string    `json:"org_id"`
	ExpiresAt       time.Time `json:"expires_at"`
	PasswordExpired bool      `json:"password_expired"`
}

func (s *Server) apiLogin(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Username string `json:"username"`
		Password string `json:"password"`
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10))
	if err := dec.Decode(&body); err != nil {
		writeJSONError(w, http.StatusBadRequest, "the body must be JSON: {\"username\": \"...\", \"password\": \"...\"}")
		return
	}
	if strings.TrimSpace(body.Username) == "" || body.Password == "" {
		writeJSONError(w, http.StatusBadRequest, "username and password are required")
		return
	}
	// Every refusal reads the same whether the name is an account or not (auth counts both alike).
	token, p, err := s.auth.Login(r.Context(), body.Username, body.Password, clientIP(r), r.UserAgent())
	var locked *auth.LockedError
	var throttled *auth.ThrottledError
	switch {
	case errors.As(err, &throttled):
		w.Header().Set("Retry-After", retryAfter(throttled.Until, s.auth.Now()))
		writeJSON(w, http.StatusTooManyRequests, map[string]any{"error": "too many failed logins from this address",
			"locked_until": throttled.Until.UTC().Format(time.RFC3339)})
		return
	case errors.As(err, &locked):
		w.Header().Set("Retry-After", retryAfter(locked.Until, s.auth.Now()))
		writeJSON(w, http.StatusLocked, map[string]any{"error": "too many failed logins under this username from this address",
			"locked_until": locked.Until.UTC().Format(time.RFC3339)})
		return
	case errors.Is(err, auth.ErrBadCredentials):
		writeJSONError(w, http.StatusUnauthorized, "wrong username or password")
		return
	case err != nil:
		s.apiInternal(w, r, err)
		return
	}
	infoOf(r.Context()).staff = p.Staff.Username
	ttl := s.auth.SessionTTL()
	s.setSessionCookie(w, token, ttl)
	writeJSON(w, http.StatusOK, sessionJSON{Username: p.Staff.Username, Name: p.Staff.Name, Role: string(p.Staff.Role),
		OrgID: p.Staff.OrgID, ExpiresAt: s.auth.Now().Add(ttl).UTC().Truncate(time.Second), PasswordExpired: p.PasswordExpired})
}

// apiLogout ends the cookie's session. A request with a Bearer token has no session to end (tokens are
// revoked, not logged out), and its cookie is ignored like everywhere else in the API.
func (s *Server) apiLogout(w http.ResponseWriter, r *http.Request) {
	if bearerToken(r) != "" {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if p, err := s.sessionPrincipal(r); err == nil {
		infoOf(r.Context()).staff = p.Staff.Username
		if err := s.auth.Logout(r.Context(), p, clientIP(r)); err != nil {
			s.apiInternal(w, r, err)
			return
		}
	}
	s.clearSessionCookie(w)
	w.WriteHeader(http.StatusNoContent)
}

type meJSON struct {
	ID           int64    `json:"id"`
	Username     string   `json:"username"`
	Name         string   `json:"name"`
	Role         string   `json:"role"`
	OrgID        string   `json:"org_id"`
	OrgName      string   `json:"org_name"`
	Lang         string   `json:"lang"`
	Scope        string   `json:"scope"`
	Masked       bool     `json:"masked"`
	ViaToken     bool     `json:"via_token"`
	Capabilities []string `json:"capabilities"`
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	me := meJSON{ID: p.Staff.ID, Username: p.Staff.Username, Name: p.Staff.Name, Role: string(p.Staff.Role),
		OrgID: p.Org.ID, OrgName: p.Org.Name, Lang: p.Staff.Lang, Scope: p.Scope.String(), Masked: p.Scope.Masked,
		ViaToken: p.ViaToken, Capabilities: []string{}}
	for _, c := range access.AllCapabilities {
		if p.Can(c) {
			me.Capabilities = append(me.Capabilities, string(c))
		}
	}
	writeJSON(w, http.StatusOK, me)
}

// optDate is a date for JSON: "YYYY-MM-DD", or null when absent.
func optDate(d domain.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}

func optID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

type clientItemJSON struct {
	ClientID   string  `json:"client_id"`
	Name       string  `json:"name"`
	Gender     string  `json:"gender"`
	Mobile     string  `json:"mobile"`
	IDNumber   string  `json:"id_number"`
	OutletID   string  `json:"outlet_id"`
	OutletName string  `json:"outlet_name"`
	RMID       *int64  `json:"rm_id"`
	RMName     *string `json:"rm_name"`
	// AUM is null for a masked caller (docs/masking.md), who has the tier.
	AUM      *string `json:"aum"`
	OpenDate *string `json:"open_date"`
	Status   string  `json:"status"`
	KeyFocus bool    `json:"key_focus"`
	// Rating and segments (zero values before the first rating).
	ServiceStars     int     `json:"service_stars"`
	StarPoints       *string `json:"star_points"` // null for a masked caller
	Tier             string  `json:"tier"`
	ABCClass         string  `json:"abc_class"`
	Lifecycle        string  `json:"lifecycle"`
	Matrix           string  `json:"matrix"`
	Loyalty          int     `json:"loyalty"`
	Potential        int     `json:"potential"`
	NearUpgrade      bool    `json:"near_upgrade"`
	DowngradeWarning bool    `json:"downgrade_warning"`
	ParetoTop        bool    `json:"pareto_top"`
	// HandedOver: the caller sees the client only for a while after it was handed over from them: read-only.
	HandedOver bool `json:"handed_over"`
}

type clientListJSON struct {
	Items       []clientItemJSON `json:"items"`
	NextCursor  *string          `json:"next_cursor"`
	Total       int              `json:"total"`
	TotalCapped bool             `json:"total_capped"`
}

func (s *Server) apiClients(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	q := r.URL.Query()
	f := store.ClientFilter{Q: strings.TrimSpace(q.Get("q")), OutletID: q.Get("outlet_id"), Sort: q.Get("sort"),
		Cursor: q.Get("cursor"), Limit: 50}
	if f.Sort == "" {
		f.Sort = "name"
	}
	if !sortKeys[f.Sort] {
		writeJSONError(w, http.StatusBadRequest, "sort must be one of name, aum, open_date, client_id, stars, points, potential, loyalty")
		return
	}
	for _, x := range []struct {
		key string
		dst *int
		max int
	}{{"min_stars", &f.MinStars, 7}, {"min_potential", &f.MinPotential, 100}} {
		if v := q.Get(x.key); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > x.max {
				writeJSONError(w, http.StatusBadRequest, fmt.Sprintf("%s must be a number from 0 to %d", x.key, x.max))
				return
			}
			*x.dst = n
		}
	}
	for _, x := range []struct {
		key string
		dst *string
		ok  map[string]bool
	}{{"tier", &f.Tier, tierFilters}, {"abc_class", &f.Class, map[string]bool{"A": true, "B": true, "C": true}},
		{"lifecycle", &f.Lifecycle, lifeFilters}, {"matrix", &f.Matrix, matrixFilter}} {
		if v := q.Get(x.key); v != "" {
			if !x.ok[v] {
				writeJSONError(w, http.StatusBadRequest, fmt.Sprintf("%s %q is not one of its values", x.key, v))
				return
			}
			*x.dst = v
		}
	}
	for _, x := range []struct {
		key string
		dst *bool
	}{{"near_upgrade", &f.Near}, {"downgrade_warning", &f.Warning}, {"pareto_top", &f.VitalFew}} {
		switch strings.ToLower(q.Get(x.key)) {
		case "", "0", "false":
		case "1", "true":
			*x.dst = true
		default:
			writeJSONError(w, http.StatusBadRequest, x.key+" must be true or false")
			return
		}
	}
	switch strings.ToLower(q.Get("desc")) {
	case "", "0", "false":
	case "1", "true":
		f.Desc = true
	default:
		writeJSONError(w, http.StatusBadRequest, "desc must be true or false")
		return
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			writeJSONError(w, http.StatusBadRequest, "limit must be a number from 1 to 500")
			return
		}
		f.Limit = n
	}
	switch v := q.Get("rm_id"); v {
	case "":
	case "none", "unassigned":
		f.Unassigned = true
	default:
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			writeJSONError(w, http.StatusBadRequest, `rm_id must be a staff id or "none"`)
			return
		}
		f.RMID = id
	}
	page, err := s.store.SearchClients(r.Context(), p.Scope, f)
	if errors.Is(err, store.ErrBadCursor) {
		writeJSONError(w, http.StatusBadRequest, "cursor is not valid for this sort order")
		return
	}
	if errors.Is(err, store.ErrSearchLimit) {
		writeJSONError(w, http.StatusTooManyRequests, err.Error())
		return
	}
	if errors.Is(err, store.ErrInvalid) {
		writeJSONError(w, http.StatusBadRequest, "sort "+f.Sort+" is not available to a masked caller (it ranks clients by wealth)")
		return
	}
	if err != nil {
		s.apiInternal(w, r, err)
		return
	}
	// One audit row for the page, with the filter as the request gave it (the searched text masked).
	if err := s.auditList(r, p, "api", "clients", q, len(page.Items), page.Total); err != nil {
		s.apiInternal(w, r, err)
		return
	}
	out := clientListJSON{Items: make([]clientItemJSON, 0, len(page.Items)), NextCursor: optString(page.NextCursor),
		Total: page.Total, TotalCapped: page.TotalCapped}
	for _, c := range page.Items {
		item := clientItemJSON{ClientID: c.ClientID, Name: c.Name, Gender: c.Gender, Mobile: c.Mobile, IDNumber: c.IDNumber,
			OutletID: c.OutletID, OutletName: c.OutletName, RMID: optID(c.RMID),
			OpenDate: optDate(c.OpenDate), Status: c.Status, KeyFocus: c.KeyFocus,
			ServiceStars: c.ServiceStars, Tier: c.Tier, ABCClass: c.Class,
			Lifecycle: c.Lifecycle, Matrix: c.Matrix, Loyalty: c.Loyalty, Potential: c.Potential, NearUpgrade: c.Near,
			DowngradeWarning: c.Warning, ParetoTop: c.VitalFew, HandedOver: c.Handed}
		if c.RMID != 0 {
			item.RMName = &c.RMName
		}
		if !p.Scope.Masked {
			aum, points := decimalYuan(c.AUM), rating.HundredthsText(c.StarPoints)
			item.AUM, item.StarPoints = &aum, &points
		}
		out.Items = append(out.Items, item)
	}
	writeJSON(w, http.StatusOK, out)
}

type accountJSON struct {
	AccountID    string  `json:"account_id"`
	ProductCode  string  `json:"product_code"`
	ProductName  string  `json:"product_name"`
	Category     string  `json:"category"`
	RiskLevel    string  `json:"risk_level"`
	Currency     string  `json:"currency"`
	Balance      *string `json:"balance"`     // null for a masked caller
	BalanceCNY   *string `json:"balance_cny"` // null for a masked caller
	OpenDate     *string `json:"open_date"`
	MaturityDate *string `json:"maturity_date"`
	Status       string  `json:"status"`
}

type familyJSON struct {
	Relation   string  `json:"relation"`
	Name       string  `json:"name"`
	BirthDate  *string `json:"birth_date"`
	Lunar      bool    `json:"lunar"`
	LunarMonth int     `json:"lunar_month,omitempty"`
	LunarDay   int     `json:"lunar_day,omitempty"`
	LunarLeap  bool    `json:"lunar_leap,omitempty"`
	Note       string  `json:"note"`
}

type clientJSON struct {
	ClientID       string        `json:"client_id"`
	Name           string        `json:"name"`
	IDType         string        `json:"id_type"`
	IDNumber       string        `json:"id_number"`
	Gender         string        `json:"gender"`
	BirthDate      *string       `json:"birth_date"`
	LunarBirthday  bool          `json:"lunar_birthday"`
	Mobile         string        `json:"mobile"`
	Phone          string        `json:"phone"`
	Email          string        `json:"email"`
	Address        string        `json:"address"`
	Occupation     string        `json:"occupation"`
	Employer       string        `json:"employer"`
	OutletID       string        `json:"outlet_id"`
	OutletName     string        `json:"outlet_name"`
	RMID           *int64        `json:"rm_id"`
	RMName         *string       `json:"rm_name"`
	Source         string        `json:"source"`
	OpenDate       *string       `json:"open_date"`
	Status         string        `json:"status"`
	CreditGrade    string        `json:"credit_grade"`
	KeyFocus       bool          `json:"key_focus"`
	RiskLevel      string        `json:"risk_level"`
	RiskAssessedOn *string       `json:"risk_assessed_on"`
	RiskExpiresOn  *string       `json:"risk_expires_on"`
	AUM            *string       `json:"aum"`         // null for a masked caller
	StarPoints     *string       `json:"star_points"` // null for a masked caller
	Masked         bool          `json:"masked"`
	Editable       bool          `json:"editable"`
	Accounts       []accountJSON `json:"accounts"`
	Family         []familyJSON  `json:"family"`
	Tags           []string      `json:"tags"`

	// HandedOver: the client was handed over from the caller, who reads it for a while (shadow_days).
	HandedOver *handoverJSON `json:"handed_over,omitempty"`
	// The rating, segments and explanation (the fields of `steward client show --json`).
	pipeline.ClientCard
}

// handoverJSON is when a client was handed over from the caller, and to whom (null: left without a
// client manager).
type handoverJSON struct {
	On string  `json:"on"`
	To *string `json:"to"`
}

// errClientNotFound is the one answer for a client that does not exist and for one outside the scope.
const errClientNotFound = "client not found"

func (s *Server) apiClient(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	ctx := r.Context()
	id := r.PathValue("id")
	d, err := s.store.Client(ctx, p.Scope, id)
	if errors.Is(err, domain.ErrNotFound) {
		writeJSONError(w, http.StatusNotFound, errClientNotFound)
		return
	}
	if err != nil {
		s.apiInternal(w, r, err)
		return
	}
	accounts, err := s.store.ClientAccounts(ctx, p.Scope, id)
	if err != nil {
		s.apiInternal(w, r, err)
		return
	}
	family, err := s.store.ClientFamily(ctx, p.Scope, id)
	if err != nil {
		s.apiInternal(w, r, err)
		return
	}
	tags, err := s.store.ClientTags(ctx, p.Scope, id)
	if err != nil {
		s.apiInternal(w, r, err)
		return
	}
	card, err := pipeline.Card(ctx, s.store, s.rules, p.Scope, d)
	if err != nil {
		s.apiInternal(w, r, err)
		return
	}
	if err := s.auditView(ctx, r, p, id, "api"); err != nil {
		s.apiInternal(w, r, err)
		return
	}
	c := d.Client
	out := clientJSON{ClientID: c.ClientID, Name: c.Name, IDType: c.IDType, IDNumber: c.IDNumber, Gender: c.Gender,
		BirthDate: optDate(c.BirthDate), LunarBirthday: c.LunarBirthday, Mobile: c.Mobile, Phone: c.Phone, Email: c.Email, Address: c.Address,
		Occupation: c.Occupation, Employer: c.Employer, OutletID: c.OutletID, OutletName: d.OutletName,
		RMID: optID(c.RMID), Source: c.Source, OpenDate: optDate(c.OpenDate), Status: c.Status, CreditGrade: c.CreditGrade,
		KeyFocus: c.KeyFocus, RiskLevel: c.RiskLevel, RiskAssessedOn: optDate(c.RiskAssessedOn),
		RiskExpiresOn: optDate(c.RiskExpiresOn), Masked: d.Masked, Editable: d.Editable,
		Accounts: []accountJSON{}, Family: []familyJSON{}, Tags: []string{}, ClientCard: card}
	if h := d.HandedOver; h != nil {
		out.HandedOver = &handoverJSON{On: domain.DateOf(h.On.In(domain.Shanghai)).String()}
		if h.ToName != "" {
			out.HandedOver.To = &h.ToName
		}
	}
	if c.RMID != 0 {
		out.RMName = &d.RMName
	}
	if !d.Masked {
		aum := decimalYuan(c.AUM)
		out.AUM, out.StarPoints = &aum, &card.StarPoints
	}
	for _, a := range accounts {
		aj := accountJSON{AccountID: a.AccountID, ProductCode: a.ProductCode,
			ProductName: a.ProductName, Category: a.Category, RiskLevel: a.RiskLevel, Currency: a.Currency,
			OpenDate: optDate(a.OpenDate), MaturityDate: optDate(a.MaturityDate), Status: a.Status}
		if !d.Masked {
			b, cny := decimalYuan(a.Balance), decimalYuan(a.BalanceCNY)
			aj.Balance, aj.BalanceCNY = &b, &cny
		}
		out.Accounts = append(out.Accounts, aj)
	}
	for _, m := range family {
		out.Family = append(out.Family, familyJSON{Relation: m.Relation, Name: m.Name, BirthDate: optDate(m.BirthDate),
			Lunar: m.Lunar, LunarMonth: m.LunarMonth, LunarDay: m.LunarDay, LunarLeap: m.LunarLeap, Note: m.Note})
	}
	out.Tags = append(out.Tags, tags...)
	writeJSON(w, http.StatusOK, out)
}
