package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
)

// auditData is the audit log page.
type auditData struct {
	Action    string
	Actor     string
	ObjectID  string
	Actions   []string
	Scope     string
	Events    []auditRow
	OlderURL  string
	NewestURL string
}

// auditRow is one event as a person reads it: names instead of staff ids, translated kinds and actions,
// the detail as labelled fields.
type auditRow struct {
	ID       int64
	At       time.Time
	Actor    string // "钱经理（rm01）"; empty for the system
	Action   string // the code, for the row's class
	Kind     string // the object's kind, translated
	Object   string // the object, readable
	ClientID string // set for a client, to link to it
	Fields   []auditField
	IP       string
}

type auditField struct{ Label, Value string }

// auditActions are the actions offered by the filter.
var auditActions = []string{domain.AuditLogin, domain.AuditLoginFailed, domain.AuditLogout, domain.AuditLocked,
	domain.AuditClientView, domain.AuditClientUpdate, "client_assign", domain.AuditExport, domain.AuditPassword,
	domain.AuditStaffChange, domain.AuditTokenCreate, store.AuditTokenRevoke, store.AuditTask, store.AuditClientList,
	store.AuditRelationshipImport, store.AuditPasswordReset, store.AuditOrgChange, store.AuditUpgradeApply, store.AuditUpgradeDecide,
	store.AuditKeyFocus}

const auditPageSize = 50

// auditLog is GET /audit: the log within the reader's scope (store.AuditLog applies it in the query).
func (s *Server) auditLog(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	if !p.Can(access.CapViewAudit) {
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "err.forbiddenText")
		return
	}
	v := s.newView(r, p)
	q := r.URL.Query()
	d := auditData{Action: q.Get("action"), Actor: strings.TrimSpace(q.Get("actor")), ObjectID: strings.TrimSpace(q.Get("object")),
		Actions: auditActions, Scope: auditScopeText(v, p)}
	f := store.AuditFilter{Action: d.Action, ObjectID: d.ObjectID, Limit: auditPageSize}
	if b, err := strconv.ParseInt(q.Get("before"), 10, 64); err == nil && b > 0 {
		f.BeforeID = b
	}
	found := true
	if d.Actor != "" {
		st, err := s.store.StaffByUsername(r.Context(), d.Actor)
		switch {
		case err == nil:
			f.ActorID = st.ID
		case errors.Is(err, domain.ErrNotFound):
			found = false
		default:
			s.serverError(w, r, p, err)
			return
		}
	}
	var events []store.AuditEntry
	if found {
		var err error
		if events, err = s.store.AuditLog(r.Context(), p.Scope, f); err != nil {
			s.serverError(w, r, p, err)
			return
		}
	}
	names := &staffNames{s: s.store, byID: map[int64]string{}, byName: map[string]string{}}
	for _, e := range events {
		d.Events = append(d.Events, auditRowOf(r.Context(), v, names, e))
	}
	filter := url.Values{}
	for k, val := range map[string]string{"action": d.Action, "actor": d.Actor, "object": d.ObjectID} {
		if val != "" {
			filter.Set(k, val)
		}
	}
	if f.BeforeID != 0 {
		d.NewestURL = "/audit"
		if len(filter) > 0 {
			d.NewestURL += "?" + filter.Encode()
		}
	}
	if len(events) == auditPageSize {
		filter.Set("before", strconv.FormatInt(events[len(events)-1].ID, 10))
		d.OlderURL = "/audit?" + filter.Encode()
	}
	v.Nav = "audit"
	v.Data = d
	s.render(w, r, http.StatusOK, "audit.html", v)
}

// auditScopeText says in words whose events the person reads.
func auditScopeText(v *view, p *auth.Principal) string {
	switch p.Scope.Reach {
	case access.ReachAll:
		return v.T("audit.reads.all")
	case access.ReachSubtree:
		return v.T("audit.reads.subtree", p.Org.Name)
	case access.ReachOutlet:
		return v.T("audit.reads.outlet", p.Org.Name)
	}
	return v.T("audit.reads.own")
}

// staffNames looks up the display names of staff met on a page, once each.
type staffNames struct {
	s      *store.Store
	byID   map[int64]string
	byName map[string]string
}

func display(st domain.Staff) string {
	if st.Name == "" || st.Name == st.Username {
		return st.Username
	}
	return st.Name + "（" + st.Username + "）"
}

func (n *staffNames) id(ctx context.Context, id int64) string {
	if name, ok := n.byID[id]; ok {
		return name
	}
	name := "#" + strconv.FormatInt(id, 10)
	if st, err := n.s.StaffByID(ctx, id); err == nil {
		name = display(st)
	}
	n.byID[id] = name
	return name
}

func (n *staffNames) username(ctx context.Context, u string) string {
	if name, ok := n.byName[u]; ok {
		return name
	}
	name := u
	if st, err := n.s.StaffByUsername(ctx, u); err == nil {
		name = display(st)
	} else if id, err := strconv.ParseInt(u, 10, 64); err == nil {
		// Password changes recorded the staff id before they recorded the username.
		name = n.id(ctx, id)
	}
	n.byName[u] = name
	return name
}

// auditStaffFields are detail fields that hold a staff id.
var auditStaffFields = map[string]bool{"staff_id": true, "handed_to": true, "assigned_to": true, "from_rm": true, "former_rm": true,
	"rm": true, "rm_id": true}

func auditRowOf(ctx context.Context, v *view, names *staffNames, e store.AuditEntry) auditRow {
	row := auditRow{ID: e.ID, At: e.At, Action: e.Action, IP: e.IP, Kind: v.Code("object", e.ObjectType), Object: e.ObjectID}
	if e.ActorID != 0 {
		row.Actor = e.ActorFullName + "（" + e.ActorName + "）"
		if e.ActorFullName == "" || e.ActorFullName == e.ActorName {
			row.Actor = e.ActorName
		}
	}
	switch e.ObjectType {
	case "client":
		row.ClientID = e.ObjectID
	case "staff":
		if e.ObjectID != "" {
			row.Object = names.username(ctx, e.ObjectID)
		}
	case "api_token", "task":
		row.Object = "#" + e.ObjectID
	case "list":
		row.Object = v.Code("object", e.ObjectID)
	}
	if e.Action == domain.AuditExport {
		row.Object = v.Code("format", e.ObjectID)
	}
	row.Fields = auditFields(ctx, v, names, e.Action, e.Detail)
	return row
}

// auditFields renders an event's JSON detail as labelled fields, in the order of the keys; nested objects
// (an export's filter) give one field per member. A detail that is not a JSON object is shown as it is.
func auditFields(ctx context.Context, v *view, names *staffNames, action, detail string) []auditField {
	if strings.TrimSpace(detail) == "" {
		return nil
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(detail), &m); err != nil {
		return []auditField{{Label: v.T("col.detail"), Value: detail}}
	}
	var out []auditField
	var walk func(prefix string, m map[string]any)
	walk = func(prefix string, m map[string]any) {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			return auditKeyOrder(keys[i]) < auditKeyOrder(keys[j]) || (auditKeyOrder(keys[i]) == auditKeyOrder(keys[j]) && keys[i] < keys[j])
		})
		for _, k := range keys {
			val := m[k]
			if sub, ok := val.(map[string]any); ok {
				walk(k+".", sub)
				continue
			}
			key := prefix + k
			if val == nil || val == "" || val == false && key != "lunar_birthday" && key != "greetings_opt_out" && key != "key_focus" {
				continue
			}
			out = append(out, auditField{Label: v.Code("auditfield", key), Value: auditValue(ctx, v, names, action, key, val)})
		}
	}
	walk("", m)
	return out
}

// auditKeyOrder puts the fields a reader looks for first.
func auditKeyOrder(k string) int {
	switch k {
	case "reason", "added", "state", "name", "staff_id", "format", "rows":
		return 0
	case "scope", "by":
		return 2
	}
	return 1
}

var scopeRE = regexp.MustCompile(`^(all|none|subtree (\S+)|outlet (\S+)( \(masked\))?|assigned to \d+ in outlet (\S+))$`)

func auditValue(ctx context.Context, v *view, names *staffNames, action, key string, val any) string {
	switch x := val.(type) {
	case []any:
		// A list of records (an assignment's cap breaches): each as its labelled fields, one after another.
		parts := make([]string, 0, len(x))
		for _, e := range x {
			if m, ok := e.(map[string]any); ok {
				var fs []string
				for _, f := range auditFields(ctx, v, names, action, mustJSON(m)) {
					fs = append(fs, f.Label+" "+f.Value)
				}
				parts = append(parts, strings.Join(fs, "，"))
				continue
			}
			parts = append(parts, auditValue(ctx, v, names, action, key, e))
		}
		return strings.Join(parts, "；")
	case bool:
		if x {
			return v.T("audit.yes")
		}
		return v.T("audit.no")
	case float64:
		n := int64(x)
		if float64(n) != x {
			return strconv.FormatFloat(x, 'f', -1, 64)
		}
		if auditStaffFields[key] || (action == "client_assign" && (key == "before" || key == "after")) {
			if n == 0 {
				return v.T("audit.nobody")
			}
			return names.id(ctx, n)
		}
		return strconv.FormatInt(n, 10)
	case string:
		if key == "scope" {
			if m := scopeRE.FindStringSubmatch(x); m != nil {
				switch {
				case m[1] == "all":
					return v.T("audit.scope.all")
				case m[1] == "none":
					return v.T("audit.scope.none")
				case m[2] != "":
					return v.T("audit.scope.subtree", m[2])
				case m[3] != "" && m[4] != "":
					return v.T("audit.scope.masked", m[3])
				case m[3] != "":
					return v.T("audit.scope.outlet", m[3])
				default:
					return v.T("audit.scope.assigned", m[5])
				}
			}
		}
		for _, list := range auditValueLists(key) {
			if t := v.Code(list, x); t != x {
				return t
			}
		}
		return x
	}
	return fmt.Sprint(val)
}

// auditValueLists are the code lists in which a detail field's value is translated, first match wins.
func auditValueLists(key string) []string {
	switch key {
	case "role", "role_was":
		return []string{"role"}
	case "observed", "withdrew":
		return []string{"signal"}
	case "state", "was":
		return []string{"audit.value.state", "alertstate", "greet.state"}
	case "format", "filter.sort":
		return []string{"format", "audit.value." + key}
	}
	return []string{"audit.value." + key}
}

// mustJSON is a decoded detail record written back, for auditFields to word it.
func mustJSON(m map[string]any) string {
	b, _ := json.Marshal(m)
	return string(b)
}
