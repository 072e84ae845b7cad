package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/greetings"
	"github.com/steward-bank/steward/store"
)

// Greetings through the API (DOMAIN.md §6): the outbox and its batches, a batch approved or rejected, and a
// client's "no more messages" recorded (a call centre takes it on the phone). Each handler calls the same
// store function as the greetings page or the client view, with the caller's data scope: the outbox and the
// batches are the greetings page's, for the same people (access.CapGreetings); the opt-out is the client
// view's, for whoever may change the client. DecideGreetingBatch and SetGreetingOptOut write their audit
// events in the transaction of the change.

const (
	// errGreetingBatchNotFound is the one answer for a batch that does not exist, one already decided and
	// one outside the caller's scope.
	errGreetingBatchNotFound = "no greetings of this batch wait for approval"
	errGreetingsForbidden    = "greetings are for the outlet's supervisor, an outlet manager or an administrator"
	// errGreetingBatchLapsed answers the approval of a batch whose day is over (过期未发).
	errGreetingBatchLapsed = "the batch's day has passed: its greetings can no longer be approved"
	// maxOptOutNote is the longest note of an opt-out (store.SetGreetingOptOut).
	maxOptOutNote = 200
)

// greetingKinds are the occasion kinds of greetings: birthday and the festival codes.
var greetingKinds = func() []string {
	var out []string
	for k := range festivalNames {
		if k != "festival" {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}()

// apiGreetingsAllowed refuses, with 403, a caller whose role does not approve greetings (as the page does).
func apiGreetingsAllowed(w http.ResponseWriter, p *auth.Principal) bool {
	if !p.Can(access.CapGreetings) {
		writeJSONError(w, http.StatusForbidden, errGreetingsForbidden)
		return false
	}
	return true
}

// checkGreetingKind answers 400 unless kind is an occasion kind.
func checkGreetingKind(w http.ResponseWriter, field, kind string) bool {
	if !slices.Contains(greetingKinds, kind) {
		writeJSONError(w, http.StatusBadRequest, fmt.Sprintf("%s must be %q or a festival code: %s", field, greetings.KindBirthday,
			strings.Join(slices.DeleteFunc(slices.Clone(greetingKinds), func(k string) bool { return k == greetings.KindBirthday }), ", ")))
		return false
	}
	return true
}

// checkOutletID answers 400 unless outlet looks like an org's id (not blank, at most 64 characters, no
// spaces or control characters).
func checkOutletID(w http.ResponseWriter, field, outlet string) bool {
	if outlet == "" || utf8.RuneCountInString(outlet) > 64 || strings.IndexFunc(outlet, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r)
	}) >= 0 {
		writeJSONError(w, http.StatusBadRequest, field+" must be an outlet's id")
		return false
	}
	return true
}

type greetingJSON struct {
	ID           int64      `json:"id"`
	ClientID     string     `json:"client_id"`
	ClientName   string     `json:"client_name"`
	OutletID     string     `json:"outlet_id"`
	Occasion     string     `json:"occasion"`
	Kind         string     `json:"kind"`
	OccasionName string     `json:"occasion_name"`
	On           string     `json:"on"`
	Tier         string     `json:"tier"`
	Channel      string     `json:"channel"`
	Address      string     `json:"address"`
	Subject      string     `json:"subject"`
	Body         string     `json:"body"`
	State        string     `json:"state"`
	Attempts     int        `json:"attempts"`
	NextAttempt  *time.Time `json:"next_attempt_at"`
	LastError    string     `json:"last_error"`
	DecidedBy    *string    `json:"decided_by"`
	DecidedAt    *time.Time `json:"decided_at"`
	SentAt       *time.Time `json:"sent_at"`
	PreparedAt   time.Time  `json:"prepared_at"`
	ContactID    *int64     `json:"contact_id"`
}

type greetingListJSON struct {
	Items []greetingJSON `json:"items"`
}

// optTime is a moment for JSON: UTC, or null when absent.
func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// apiGreetings lists the outbox within the caller's scope (store.Greetings, as the greetings page's preview
// and problems): by outlet, occasion kind, occasion day or days from, and states.
func (s *Server) apiGreetings(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	if !apiGreetingsAllowed(w, p) {
		return
	}
	q := r.URL.Query()
	var f store.GreetingFilter
	if v := q.Get("outlet"); v != "" {
		if !checkOutletID(w, "outlet", v) {
			return
		}
		f.OutletID = v
	}
	if v := q.Get("kind"); v != "" {
		if !checkGreetingKind(w, "kind", v) {
			return
		}
		f.Kind = v
	}
	for _, x := range []struct {
		key string
		dst *domain.Date
	}{{"on", &f.On}, {"from", &f.From}} {
		if v := q.Get(x.key); v != "" {
			d, ok := apiDate(v)
			if !ok {
				writeJSONError(w, http.StatusBadRequest, x.key+" must be a date written YYYY-MM-DD")
				return
			}
			*x.dst = d
		}
	}
	// state=failed&state=unknown or state=failed,unknown.
	for _, v := range q["state"] {
		for _, state := range strings.Split(v, ",") {
			if !slices.Contains(store.GreetingStates, state) {
				writeJSONError(w, http.StatusBadRequest, "state must be one of "+strings.Join(store.GreetingStates, ", "))
				return
			}
			if !slices.Contains(f.States, state) {
				f.States = append(f.States, state)
			}
		}
	}
	limit, ok := queryLimit(w, r, 100)
	if !ok {
		return
	}
	f.Limit = limit
	list, err := s.store.Greetings(r.Context(), p.Scope, f)
	if err != nil {
		s.apiInternal(w, r, err)
		return
	}
	if err := s.auditList(r, p, "api", "greetings", q, len(list), -1); err != nil {
		s.apiInternal(w, r, err)
		return
	}
	v := s.apiView(r, p)
	out := greetingListJSON{Items: make([]greetingJSON, 0, len(list))}
	for _, g := range list {
		out.Items = append(out.Items, greetingJSON{ID: g.ID, ClientID: g.ClientID, ClientName: g.Name, OutletID: g.OutletID, Occasion: g.Occasion,
			Kind: g.Kind, OccasionName: v.Occasion(g.Kind), On: g.On.String(), Tier: g.Tier, Channel: g.Channel, Address: g.Address,
			Subject: g.Subject, Body: g.Body, State: g.State, Attempts: g.Attempts, NextAttempt: optTime(g.NextAttempt), LastError: g.LastError,
			DecidedBy: optString(g.DecidedBy), DecidedAt: optTime(g.DecidedAt), SentAt: optTime(g.SentAt), PreparedAt: g.PreparedAt.UTC(),
			ContactID: optID(g.ContactID)})
	}
	writeJSON(w, http.StatusOK, out)
}

type tierChannelJSON struct {
	Tier    string `json:"tier"`
	Channel string `json:"channel"`
	Count   int    `json:"count"`
}

type greetingBatchJSON struct {
	OutletID     string            `json:"outlet_id"`
	OutletName   string            `json:"outlet_name"`
	Kind         string            `json:"kind"`
	OccasionName string            `json:"occasion_name"`
	On           string            `json:"on"`
	Total        int               `json:"total"`
	Waiting      int               `json:"waiting"`
	Lapsed       int               `json:"lapsed"`
	States       map[string]int    `json:"states"`
	TierChannel  []tierChannelJSON `json:"tier_channel"`
}

type greetingBatchListJSON struct {
	From  string              `json:"from"`
	Items []greetingBatchJSON `json:"items"`
}

// apiGreetingBatches lists the batches within the caller's scope for occasions on or after from (by
// default a week ago, as the greetings page), soonest first (store.GreetingBatches).
func (s *Server) apiGreetingBatches(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	if !apiGreetingsAllowed(w, p) {
		return
	}
	v := s.apiView(r, p)
	from := domain.Today(v.Now).AddDays(-7)
	if q := r.URL.Query().Get("from"); q != "" {
		d, ok := apiDate(q)
		if !ok {
			writeJSONError(w, http.StatusBadRequest, "from must be a date written YYYY-MM-DD")
			return
		}
		from = d
	}
	batches, err := s.store.GreetingBatches(r.Context(), p.Scope, from)
	if err != nil {
		s.apiInternal(w, r, err)
		return
	}
	out := greetingBatchListJSON{From: from.String(), Items: make([]greetingBatchJSON, 0, len(batches))}
	for _, b := range batches {
		item := greetingBatchJSON{OutletID: b.OutletID, OutletName: b.OutletName, Kind: b.Kind, OccasionName: v.Occasion(b.Kind),
			On: b.On.String(), Total: b.Total, Waiting: b.Waiting, Lapsed: b.Lapsed, States: b.States,
			TierChannel: make([]tierChannelJSON, 0, len(b.TierChannel))}
		for k, n := range b.TierChannel {
			// The store counts by "T3 sms".
			tier, channel, _ := strings.Cut(k, " ")
			item.TierChannel = append(item.TierChannel, tierChannelJSON{Tier: tier, Channel: channel, Count: n})
		}
		slices.SortFunc(item.TierChannel, func(a, b tierChannelJSON) int {
			return strings.Compare(a.Tier+" "+a.Channel, b.Tier+" "+b.Channel)
		})
		out.Items = append(out.Items, item)
	}
	writeJSON(w, http.StatusOK, out)
}

// greetingDecisionInJSON is a decision on one batch.
type greetingDecisionInJSON struct {
	Outlet   string `json:"outlet"`
	Kind     string `json:"kind"`
	On       string `json:"on"`
	Decision string `json:"decision"`
}

type greetingDecisionJSON struct {
	OutletID string `json:"outlet_id"`
	Kind     string `json:"kind"`
	On       string `json:"on"`
	Decision string `json:"decision"`
	State    string `json:"state"`
	Count    int    `json:"count"`
}

// apiDecideGreetings approves or rejects the prepared greetings of one batch (store.DecideGreetingBatch,
// as the greetings page's buttons): approved messages are due on the day itself, outside the quiet hours.
func (s *Server) apiDecideGreetings(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	if !apiGreetingsAllowed(w, p) {
		return
	}
	var in greetingDecisionInJSON
	if !decodeBody(w, r, &in) {
		return
	}
	in.Outlet, in.Kind = strings.TrimSpace(in.Outlet), strings.TrimSpace(in.Kind)
	if !checkOutletID(w, "outlet", in.Outlet) || !checkGreetingKind(w, "kind", in.Kind) {
		return
	}
	on, ok := apiDate(in.On)
	if !ok {
		writeJSONError(w, http.StatusBadRequest, "on must be a date written YYYY-MM-DD")
		return
	}
	if in.Decision != "approve" && in.Decision != "reject" {
		writeJSONError(w, http.StatusBadRequest, `decision must be "approve" or "reject"`)
		return
	}
	approve := in.Decision == "approve"
	n, err := s.store.DecideGreetingBatch(r.Context(), p.Scope, p.Staff.ID, in.Outlet, in.Kind, on, approve,
		greetings.SendAt(s.policy, on, s.auth.Now()))
	switch {
	case errors.Is(err, domain.ErrNotFound):
		writeJSONError(w, http.StatusNotFound, errGreetingBatchNotFound)
	case errors.Is(err, store.ErrLapsed):
		writeJSONError(w, http.StatusConflict, errGreetingBatchLapsed)
	case errors.Is(err, store.ErrNotAllowed):
		writeJSONError(w, http.StatusForbidden, errGreetingsForbidden)
	case err != nil:
		s.apiInternal(w, r, err)
	default:
		state := store.GreetingRejected
		if approve {
			state = store.GreetingApproved
		}
		writeJSON(w, http.StatusOK, greetingDecisionJSON{OutletID: in.Outlet, Kind: in.Kind, On: on.String(), Decision: in.Decision,
			State: state, Count: n})
	}
}

type greetingOptOutJSON struct {
	ClientID string `json:"client_id"`
	OptOut   bool   `json:"opt_out"`
	Note     string `json:"note"`
}

// apiSetGreetingOptOut records that a client asked not to be greeted, or lifts it (store.SetGreetingOptOut,
// as the client view's form): opting out skips every greeting of the client not yet being sent.
func (s *Server) apiSetGreetingOptOut(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	id := r.PathValue("id")
	var in struct {
		OptOut *bool  `json:"opt_out"`
		Note   string `json:"note"`
	}
	if !decodeBody(w, r, &in) {
		return
	}
	note := strings.TrimSpace(in.Note)
	switch {
	case in.OptOut == nil:
		writeJSONError(w, http.StatusBadRequest, "opt_out is required: true or false")
		return
	case utf8.RuneCountInString(note) > maxOptOutNote:
		writeJSONError(w, http.StatusBadRequest, fmt.Sprintf("note must be at most %d characters", maxOptOutNote))
		return
	}
	err := s.store.SetGreetingOptOut(r.Context(), p.Scope, p.Staff.ID, id, *in.OptOut, note)
	switch {
	case errors.Is(err, domain.ErrNotFound):
		writeJSONError(w, http.StatusNotFound, errClientNotFound)
	case errors.Is(err, store.ErrReadOnly):
		writeJSONError(w, http.StatusForbidden, "this client is read-only for the caller")
	case textProblem(err) != nil:
		writeJSONError(w, http.StatusBadRequest, textProblem(err).Error())
	case errors.Is(err, store.ErrInvalid):
		writeJSONError(w, http.StatusBadRequest, "the opt-out is not valid")
	case err != nil:
		s.apiInternal(w, r, err)
	default:
		writeJSON(w, http.StatusOK, greetingOptOutJSON{ClientID: id, OptOut: *in.OptOut, Note: note})
	}
}
