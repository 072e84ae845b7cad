package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
)

// The working day through the API: the caller's tasks and alerts, acting on them, a client's time line and
// logging a contact (a call centre records its calls this way). Each handler calls the same store function
// as its page, with the caller's data scope, so the scope rules and the audit events are the pages' own:
// FinishTask, ActOnAlert and LogContact write their audit events in the transaction of the change.

// The one answer for a row that does not exist and for one outside the caller's scope.
const (
	errTaskNotFound  = "task not found"
	errAlertNotFound = "alert not found"
)

// The answers for work the caller sees but may not do (access.MayFinishTask, access.MayActOnAlert).
const (
	errTaskNotYours  = "the task is not the caller's to finish: its assignee, or the assignee's supervisor or outlet manager, finishes it"
	errAlertNotYours = "the alert is not the caller's to act on: its assignee, its role's people at its outlet, or the outlet's supervisor or manager acts on it"
)

// maxAPIBody bounds a JSON request body.
const maxAPIBody = 64 << 10

// decodeBody reads the request body, one JSON object, into dst; unknown fields are refused. On a problem
// it answers 400 with what is wrong and returns false.
func decodeBody(w http.ResponseWriter, r *http.Request, dst any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxAPIBody))
	dec.DisallowUnknownFields()
	err := dec.Decode(dst)
	if err == nil {
		// One object, nothing after it.
		if _, extra := dec.Token(); extra != io.EOF {
			err = errors.New("trailing data")
		}
	}
	if err == nil {
		return true
	}
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var tooBig *http.MaxBytesError
	msg := "the body must be one JSON object"
	switch {
	case errors.As(err, &tooBig):
		msg = fmt.Sprintf("the body is larger than %d bytes", tooBig.Limit)
	case errors.Is(err, io.EOF):
		msg = "the body is empty: it must be one JSON object"
	case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF):
		msg = "the body is not valid JSON"
	case errors.As(err, &typ) && typ.Field != "":
		msg = fmt.Sprintf("field %q must be a JSON %s", typ.Field, jsonKind(typ.Type.Kind()))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		msg = "unknown field " + strings.TrimPrefix(err.Error(), "json: unknown field ")
	}
	writeJSONError(w, http.StatusBadRequest, msg)
	return false
}

// jsonKind names a Go kind as JSON calls it.
func jsonKind(k reflect.Kind) string {
	switch k {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16,
		reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice, reflect.Array:
		return "array"
	}
	return "object"
}

// queryLimit reads the optional query parameter limit (1–500), def when absent; false after answering 400.
func queryLimit(w http.ResponseWriter, r *http.Request, def int) (int, bool) {
	v := r.URL.Query().Get("limit")
	if v == "" {
		return def, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 500 {
		writeJSONError(w, http.StatusBadRequest, "limit must be a number from 1 to 500")
		return 0, false
	}
	return n, true
}

// apiDate reads a date written exactly YYYY-MM-DD.
func apiDate(s string) (domain.Date, bool) {
	if len(s) != len("2006-01-02") {
		return domain.Date{}, false
	}
	d, err := domain.ParseDate(s)
	return d, err == nil && !d.IsZero()
}

// pathID reads a numeric row id from the path; false for anything else (which the handlers answer as a
// row not found).
func pathID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}

// apiView is a view for the words the pages show (task titles, alert texts), in the caller's language.
func (s *Server) apiView(r *http.Request, p *auth.Principal) *view {
	return &view{Lang: resolveLang(r, p), P: p, Now: s.auth.Now()}
}

type taskJSON struct {
	ID         int64   `json:"id"`
	Source     string  `json:"source"`
	Kind       string  `json:"kind"`
	ClientID   *string `json:"client_id"`
	ClientName *string `json:"client_name"`
	Due        string  `json:"due"`
	Overdue    bool    `json:"overdue"`
	Priority   int     `json:"priority"`
	Title      string  `json:"title"`
	Text       string  `json:"text"`
	State      string  `json:"state"`
	Mine       bool    `json:"mine"`
}

type taskListJSON struct {
	By    string     `json:"by"`
	Items []taskJSON `json:"items"`
}

// apiTasks is the caller's open tasks due by a date (today by default), overdue and most urgent first: the
// day list's tasks (store.MyTasks).
func (s *Server) apiTasks(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	v := s.apiView(r, p)
	today := domain.Today(v.Now)
	by := today
	if q := r.URL.Query().Get("by"); q != "" {
		d, ok := apiDate(q)
		if !ok {
			writeJSONError(w, http.StatusBadRequest, "by must be a date written YYYY-MM-DD")
			return
		}
		by = d
	}
	limit, ok := queryLimit(w, r, 100)
	if !ok {
		return
	}
	tasks, err := s.store.MyTasks(r.Context(), p.Scope, p.Staff.ID, p.Staff.Role, by, limit)
	if err != nil {
		s.apiInternal(w, r, err)
		return
	}
	out := taskListJSON{By: by.String(), Items: make([]taskJSON, 0, len(tasks))}
	// MyTasks lists open tasks only.
	for _, t := range tasks {
		out.Items = append(out.Items, taskJSON{ID: t.ID, Source: t.Source, Kind: t.Kind, ClientID: optString(t.ClientID),
			ClientName: optString(t.ClientName), Due: t.Due.String(), Overdue: t.Due.Before(today), Priority: t.Priority,
			Title: t.Title, Text: v.TaskTitle(t), State: "open", Mine: t.Mine})
	}
	writeJSON(w, http.StatusOK, out)
}

// stateChangeJSON is a task's or an alert's new state.
type stateChangeJSON struct {
	ID    int64  `json:"id"`
	State string `json:"state"`
}

// apiFinishTask marks an open task done or cancelled (store.FinishTask, as the day list's button).
func (s *Server) apiFinishTask(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	id, ok := pathID(r)
	if !ok {
		writeJSONError(w, http.StatusNotFound, errTaskNotFound)
		return
	}
	var body struct {
		State string `json:"state"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	if body.State != "done" && body.State != "cancelled" {
		writeJSONError(w, http.StatusBadRequest, `state must be "done" or "cancelled"`)
		return
	}
	err := s.store.FinishTask(r.Context(), p.Scope, p.Staff.ID, id, body.State)
	switch {
	case errors.Is(err, domain.ErrNotFound):
		writeJSONError(w, http.StatusNotFound, errTaskNotFound)
	case errors.Is(err, store.ErrNotAllowed):
		writeJSONError(w, http.StatusForbidden, errTaskNotYours)
	case errors.Is(err, store.ErrInvalid):
		writeJSONError(w, http.StatusBadRequest, `state must be "done" or "cancelled"`)
	case err != nil:
		s.apiInternal(w, r, err)
	default:
		writeJSON(w, http.StatusOK, stateChangeJSON{ID: id, State: body.State})
	}
}

// alertFiguresJSON are what fired an alert; each rule fills its own.
type alertFiguresJSON struct {
	Amount    *string  `json:"amount,omitempty"`
	Direction string   `json:"direction,omitempty"`
	AccountID string   `json:"account_id,omitempty"`
	Product   string   `json:"product,omitempty"`
	TxnID     string   `json:"txn_id,omitempty"`
	Days      int      `json:"days"`
	Lead      int      `json:"lead,omitempty"`
	Name      string   `json:"name,omitempty"`
	Relation  string   `json:"relation,omitempty"`
	Lunar     bool     `json:"lunar,omitempty"`
	From      string   `json:"from,omitempty"`
	To        string   `json:"to,omitempty"`
	Threshold *string  `json:"threshold,omitempty"`
	Missing   []string `json:"missing,omitempty"`
	Since     string   `json:"since,omitempty"`
	Opened    bool     `json:"opened,omitempty"`
	Cadence   int      `json:"cadence,omitempty"`
}

type alertJSON struct {
	ID           int64            `json:"id"`
	ClientID     string           `json:"client_id"`
	ClientName   string           `json:"client_name"`
	Rule         string           `json:"rule"`
	Key          string           `json:"key"`
	Due          *string          `json:"due"`
	Severity     string           `json:"severity"`
	State        string           `json:"state"`
	RaisedOn     *string          `json:"raised_on"`
	Deadline     *time.Time       `json:"deadline"`
	Escalated    bool             `json:"escalated"`
	AssigneeID   *int64           `json:"assignee_id"`
	AssigneeRole string           `json:"assignee_role"`
	Text         string           `json:"text"`
	Todo         string           `json:"todo"`
	Figures      alertFiguresJSON `json:"figures"`
}

type alertListJSON struct {
	Items []alertJSON `json:"items"`
}

// severities name alerts.Severity (info, warn, urgent).
var severities = []string{"info", "warn", "urgent"}

func optAmount(fen int64) *string {
	if fen == 0 {
		return nil
	}
	s := decimalYuan(fen)
	return &s
}

// apiAlerts is the caller's open alerts, most severe first: the day list's alerts (store.MyAlerts).
func (s *Server) apiAlerts(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	limit, ok := queryLimit(w, r, 100)
	if !ok {
		return
	}
	list, err := s.store.MyAlerts(r.Context(), p.Scope, p.Staff.ID, p.Staff.Role, limit)
	if err != nil {
		s.apiInternal(w, r, err)
		return
	}
	v := s.apiView(r, p)
	out := alertListJSON{Items: make([]alertJSON, 0, len(list))}
	for _, a := range list {
		f := a.Figures
		item := alertJSON{ID: a.ID, ClientID: a.ClientID, ClientName: a.ClientName, Rule: a.Rule, Key: a.Key, Due: optDate(a.Due),
			Severity: severities[min(max(a.Severity, 0), len(severities)-1)], State: a.State, RaisedOn: optDate(a.RaisedOn),
			Escalated: a.Escalated, AssigneeID: optID(a.AssigneeID), AssigneeRole: a.Role, Text: v.AlertText(a), Todo: v.AlertTodo(a.Rule),
			Figures: alertFiguresJSON{Amount: optAmount(f.AmountFen), Direction: f.Direction, AccountID: f.AccountID, Product: f.Product,
				TxnID: f.TxnID, Days: f.Days, Lead: f.Lead, Name: f.Name, Relation: f.Relation, Lunar: f.Lunar, From: f.From, To: f.To,
				Threshold: optAmount(f.Threshold), Since: f.Since, Opened: f.Opened, Cadence: f.Cadence}}
		if !a.Deadline.IsZero() {
			d := a.Deadline.UTC()
			item.Deadline = &d
		}
		if f.Missing != "" {
			item.Figures.Missing = strings.Split(f.Missing, ",")
		}
		out.Items = append(out.Items, item)
	}
	writeJSON(w, http.StatusOK, out)
}

// apiActOnAlert acknowledges, works or closes an alert (store.ActOnAlert, as the day list's buttons).
func (s *Server) apiActOnAlert(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	id, ok := pathID(r)
	if !ok {
		writeJSONError(w, http.StatusNotFound, errAlertNotFound)
		return
	}
	var body struct {
		Action  string `json:"action"`
		Outcome string `json:"outcome"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	state := store.AlertStates[body.Action]
	body.Outcome = strings.TrimSpace(body.Outcome)
	switch {
	case state == "":
		writeJSONError(w, http.StatusBadRequest, `action must be "acknowledge", "work" or "close"`)
		return
	case body.Action == store.AlertClose && body.Outcome == "":
		writeJSONError(w, http.StatusBadRequest, "closing an alert needs an outcome")
		return
	case utf8.RuneCountInString(body.Outcome) > store.MaxAlertOutcome:
		writeJSONError(w, http.StatusBadRequest, fmt.Sprintf("outcome must be at most %d characters", store.MaxAlertOutcome))
		return
	}
	err := s.store.ActOnAlert(r.Context(), p.Scope, p.Staff.ID, id, body.Action, body.Outcome)
	switch {
	case errors.Is(err, domain.ErrNotFound):
		writeJSONError(w, http.StatusNotFound, errAlertNotFound)
	case errors.Is(err, store.ErrNotAllowed):
		writeJSONError(w, http.StatusForbidden, errAlertNotYours)
	case textProblem(err) != nil:
		writeJSONError(w, http.StatusBadRequest, textProblem(err).Error())
	case errors.Is(err, store.ErrInvalid):
		// The action and outcome are checked above: what is left is an alert already closed.
		writeJSONError(w, http.StatusConflict, "the alert is already closed")
	case err != nil:
		s.apiInternal(w, r, err)
	default:
		writeJSON(w, http.StatusOK, stateChangeJSON{ID: id, State: state})
	}
}

type timelineEntryJSON struct {
	ID       *int64    `json:"id"`
	At       time.Time `json:"at"`
	On       string    `json:"on"`
	Kind     string    `json:"kind"`
	Code     string    `json:"code"`
	Text     string    `json:"text"`
	Detail   string    `json:"detail"`
	NextStep string    `json:"next_step"`
	Who      string    `json:"who"`
	Amount   *string   `json:"amount"`
}

type timelineJSON struct {
	ClientID string              `json:"client_id"`
	Items    []timelineEntryJSON `json:"items"`
}

// apiTimeline is a client's time line, newest first (store.Timeline, as the client view shows it). Like
// the client view, the read is written to the audit log.
func (s *Server) apiTimeline(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	ctx := r.Context()
	id := r.PathValue("id")
	limit, ok := queryLimit(w, r, 50)
	if !ok {
		return
	}
	entries, err := s.store.Timeline(ctx, p.Scope, id, limit)
	if errors.Is(err, domain.ErrNotFound) {
		writeJSONError(w, http.StatusNotFound, errClientNotFound)
		return
	}
	if err != nil {
		s.apiInternal(w, r, err)
		return
	}
	if err := s.store.Audit(withoutCancel(ctx), domain.AuditEvent{ActorID: p.Staff.ID, Action: domain.AuditClientView,
		ObjectType: "client", ObjectID: id, Detail: `{"via":"api","part":"timeline"}`, IP: clientIP(r)}); err != nil {
		s.apiInternal(w, r, err)
		return
	}
	out := timelineJSON{ClientID: id, Items: make([]timelineEntryJSON, 0, len(entries))}
	for _, e := range entries {
		item := timelineEntryJSON{ID: optID(e.ID), At: e.At.UTC(), On: domain.DateOf(e.At.In(domain.Shanghai)).String(), Kind: e.Kind, Code: e.Code,
			Text: e.Text, Detail: e.Detail, NextStep: e.NextStep, Who: e.Who, Amount: optAmount(e.AmountFen)}
		out.Items = append(out.Items, item)
	}
	writeJSON(w, http.StatusOK, out)
}

// contactInJSON is a contact to record.
type contactInJSON struct {
	Channel  string `json:"channel"`
	Outcome  string `json:"outcome"`
	Note     string `json:"note"`
	NextStep string `json:"next_step"`
	FollowUp string `json:"follow_up"`
	AlertID  int64  `json:"alert_id"`
}

type contactJSON struct {
	ID       int64   `json:"id"`
	ClientID string  `json:"client_id"`
	Channel  string  `json:"channel"`
	Outcome  string  `json:"outcome"`
	Note     string  `json:"note"`
	NextStep string  `json:"next_step"`
	FollowUp *string `json:"follow_up"`
	AlertID  *int64  `json:"alert_id"`
}

// apiLogContact records a contact with a client (store.LogContact, with the checks of the client view's
// form): the channel (phone by default) and outcome from their lists, an optional note and next step, a
// follow-up date (today or later, with a next step) that becomes the caller's task, and the alert it
// answers, which moves to worked.
func (s *Server) apiLogContact(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	id := r.PathValue("id")
	var in contactInJSON
	if !decodeBody(w, r, &in) {
		return
	}
	c := store.Contact{ClientID: id, Channel: strings.TrimSpace(in.Channel), Outcome: strings.TrimSpace(in.Outcome),
		Note: strings.TrimSpace(in.Note), NextStep: strings.TrimSpace(in.NextStep), AlertID: in.AlertID}
	if c.Channel == "" {
		c.Channel = "phone"
	}
	bad := func(msg string) { writeJSONError(w, http.StatusBadRequest, msg) }
	switch {
	case !slices.Contains(store.ContactChannels, c.Channel):
		bad("channel must be one of " + strings.Join(store.ContactChannels, ", "))
		return
	case c.Outcome == "":
		bad("outcome is required: one of " + strings.Join(store.ContactOutcomes, ", "))
		return
	case !slices.Contains(store.ContactOutcomes, c.Outcome):
		bad("outcome must be one of " + strings.Join(store.ContactOutcomes, ", "))
		return
	case utf8.RuneCountInString(c.Note) > store.MaxContactNote:
		bad(fmt.Sprintf("note must be at most %d characters", store.MaxContactNote))
		return
	case utf8.RuneCountInString(c.NextStep) > store.MaxContactNextStep:
		bad(fmt.Sprintf("next_step must be at most %d characters", store.MaxContactNextStep))
		return
	case in.AlertID < 0:
		bad("alert_id must be an alert's id")
		return
	}
	if v := strings.TrimSpace(in.FollowUp); v != "" {
		d, ok := apiDate(v)
		if !ok || d.Before(domain.Today(s.auth.Now())) {
			bad("follow_up must be a date written YYYY-MM-DD, today or later")
			return
		}
		if c.NextStep == "" {
			bad("a follow_up date needs the next_step")
			return
		}
		c.FollowUp = d
	}
	cid, err := s.store.LogContact(r.Context(), p.Scope, p.Staff.ID, c)
	switch {
	case errors.Is(err, domain.ErrNotFound):
		writeJSONError(w, http.StatusNotFound, errClientNotFound)
	case errors.Is(err, store.ErrReadOnly):
		writeJSONError(w, http.StatusForbidden, "this client is read-only for the caller")
	case errors.Is(err, store.ErrNotAllowed):
		writeJSONError(w, http.StatusForbidden, errAlertNotYours)
	case textProblem(err) != nil:
		bad(textProblem(err).Error())
	case errors.Is(err, store.ErrInvalid):
		// The fields are checked above; what is left is an alert that is not one of this client's.
		if c.AlertID != 0 {
			bad("alert_id is not an alert of this client")
		} else {
			bad("the contact is not valid")
		}
	case err != nil:
		s.apiInternal(w, r, err)
	default:
		writeJSON(w, http.StatusCreated, contactJSON{ID: cid, ClientID: id, Channel: c.Channel, Outcome: c.Outcome, Note: c.Note,
			NextStep: c.NextStep, FollowUp: optDate(c.FollowUp), AlertID: optID(c.AlertID)})
	}
}
