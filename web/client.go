package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/calendar"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/pipeline"
	"github.com/steward-bank/steward/rating"
	"github.com/steward-bank/steward/store"
)

// clientData is everything the client view shows.
type clientData struct {
	C   store.ClientDetail
	Age int
	// AUMBand is the tier and its band, shown instead of the AUM to a masked view.
	AUMBand       string
	RiskExpired   bool
	Accounts      []store.AccountView
	Liabilities   int64
	Family        []domain.FamilyMember
	Events        []domain.LifeEvent
	Tags          []string
	Notes         []domain.Note
	Relationships []store.Relationship
	ShowRecent    bool
	RecentViews   []domain.AuditEvent
	Form          clientForm
	Relations     []string
	// Rating: the card with its explanation, the history, the teller observations recorded.
	Card         pipeline.ClientCard
	History      []store.HistoryEntry
	Observed     rating.Signals
	Observations []rating.Signals
	// Upgrades: the client's instant upgrade applications and whether the person may apply.
	Upgrades upgradeInfo
	// The time line and the contact form's choices.
	Timeline []store.TimelineEntry
	Channels []string
	Outcomes []string
	Today    string
	// PhoneVerified is when the client's phone was last verified (zero: never, counted from OpenDate).
	PhoneVerified domain.Date
	// AlertID is the alert the person came from (the day list), which a contact logged here answers.
	AlertID string
	// GreetingsOptOut: the client asked not to be greeted.
	GreetingsOptOut bool
	// Which form of the page (contact, note, family, tag) has just been saved (Done) or refused (Problem):
	// the message is shown beside that form, where the person is looking, not at the top of a long page.
	Which, Done, Problem string

	// Rel: who may assign or request the client, the choices and the requests (relationships.go).
	Rel relData
}

// clientForm keeps what a person typed when a form comes back with an error.
type clientForm struct {
	Which     string // note, family, tag
	NoteBody  string
	FamName   string
	FamRel    string
	FamLunar  bool
	FamDate   string
	FamLMonth string
	FamLDay   string
	FamLLeap  bool
	FamNote   string
	TagName   string
}

// Amount shows a balance in its own currency: "¥1,234.56" for CNY, "美元 1,234.56" (English "USD 1,234.56")
// otherwise.
func (v *view) Amount(currency string, fen int64) string {
	if currency == "" || currency == "CNY" {
		return yuan(fen)
	}
	a, neg := absFen(fen)
	s := v.Code("currency", currency) + " " + twoDecimals(a, true)
	if neg {
		return "-" + s
	}
	return s
}

// FamilyBirthday shows a family member's birthday: a solar date, or a lunar day (with the birth year when
// known).
func (v *view) FamilyBirthday(m domain.FamilyMember) string {
	if !m.Lunar {
		return m.BirthDate.String()
	}
	s := v.Lunar(m)
	if !m.BirthDate.IsZero() {
		s += " (" + strconv.Itoa(m.BirthDate.Year()) + ")"
	}
	return s
}

// ClientLunarBirthday shows the lunar birthday of a client who celebrates it: the lunar month and day of
// the birth date ("" when there is none to show).
func (v *view) ClientLunarBirthday(c domain.Client) string {
	m, d, ok := calendar.LunarBirthdayOf(c.BirthDate)
	if !ok {
		return ""
	}
	return lunarText(m, d, false, v.Lang)
}

// notFoundClient answers for a client that does not exist or is outside the scope: the same page, the
// same status, so that nobody can tell the two apart.
func (s *Server) notFoundClient(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	s.errorPage(w, r, p, http.StatusNotFound, "client.notFound", "client.notFoundText")
}

func (s *Server) clientView(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	s.showClient(w, r, p, r.PathValue("id"), http.StatusOK, clientForm{}, "")
}

// showClient renders the client view and records the view in the audit log: every showing of a client's
// full details is audited, including a form shown again with its error.
func (s *Server) showClient(w http.ResponseWriter, r *http.Request, p *auth.Principal, id string, status int, form clientForm, problem string) {
	ctx := r.Context()
	d, err := s.loadClient(ctx, p, id)
	if errors.Is(err, domain.ErrNotFound) {
		s.notFoundClient(w, r, p)
		return
	}
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	if err := s.auditView(ctx, r, p, id, "web"); err != nil {
		s.serverError(w, r, p, err)
		return
	}
	if d.ShowRecent {
		if d.RecentViews, err = s.store.AuditEvents(ctx, store.AuditFilter{ObjectType: "client", ObjectID: id,
			Action: domain.AuditClientView, Limit: 20}); err != nil {
			s.serverError(w, r, p, err)
			return
		}
		// Who looked, by name and login name, as the audit log shows them.
		names := &staffNames{s: s.store, byID: map[int64]string{}, byName: map[string]string{}}
		for i, e := range d.RecentViews {
			if e.ActorID != 0 {
				d.RecentViews[i].ActorName = names.id(ctx, e.ActorID)
			}
		}
	}
	v := s.newView(r, p)
	v.Nav = "clients"
	v.Path = "/clients/" + url.PathEscape(id) // after a form post, the language switch returns to the view
	if status == http.StatusUnprocessableEntity && !d.C.Editable {
		// A person who may only read gets "read-only", not a remark on what they typed.
		status, problem = http.StatusForbidden, v.T("client.readOnlyErr")
	}
	if inPlaceForms[form.Which] && problem != "" && d.C.Editable {
		d.Which, d.Problem, problem = form.Which, problem, ""
	} else if f := r.URL.Query().Get("flash"); inPlaceForms[f] && v.Flash != "" {
		d.Which, d.Done, v.Flash = f, v.Flash, ""
	}
	v.Error = problem
	d.Form = form
	if d.C.Masked {
		d.AUMBand = s.tierBand(v, d.C)
	} else {
		d.Age = d.C.BirthDate.AgeOn(domain.Today(v.Now))
	}
	if a := r.URL.Query().Get("alert"); a != "" {
		if _, err := strconv.ParseInt(a, 10, 64); err == nil {
			d.AlertID = a
		}
	}
	d.RiskExpired = !d.C.RiskExpiresOn.IsZero() && d.C.RiskExpiresOn.Before(domain.Today(v.Now))
	if d.GreetingsOptOut, err = s.store.GreetingOptOut(ctx, p.Scope, id); err != nil {
		s.serverError(w, r, p, err)
		return
	}
	v.Data = d
	s.render(w, r, status, "client.html", v)
}

// loadClient reads a client and its details, all within the person's scope.
func (s *Server) loadClient(ctx context.Context, p *auth.Principal, id string) (clientData, error) {
	var d clientData
	var err error
	if d.C, err = s.store.Client(ctx, p.Scope, id); err != nil {
		return d, err
	}
	if d.PhoneVerified, err = s.store.PhoneVerified(ctx, p.Scope, id); err != nil {
		return d, err
	}
	if d.Accounts, err = s.store.ClientAccounts(ctx, p.Scope, id); err != nil {
		return d, err
	}
	for _, a := range d.Accounts {
		if a.Status == "active" && a.AssetClass == "liability" {
			d.Liabilities += a.BalanceCNY
		}
	}
	if d.Family, err = s.store.ClientFamily(ctx, p.Scope, id); err != nil {
		return d, err
	}
	if d.Events, err = s.store.ClientLifeEvents(ctx, p.Scope, id); err != nil {
		return d, err
	}
	if d.Tags, err = s.store.ClientTags(ctx, p.Scope, id); err != nil {
		return d, err
	}
	if d.Notes, err = s.store.ClientNotes(ctx, p.Scope, id); err != nil {
		return d, err
	}
	if d.Relationships, err = s.store.ClientRelationships(ctx, p.Scope, id); err != nil {
		return d, err
	}
	if d.Rel, err = s.loadRel(ctx, p, d.C); err != nil {
		return d, err
	}
	if d.Card, err = pipeline.Card(ctx, s.store, s.rules, p.Scope, d.C); err != nil {
		return d, err
	}
	if d.History, err = s.store.ClientRatingHistory(ctx, p.Scope, id, 24); err != nil {
		return d, err
	}
	if d.Upgrades, err = s.clientUpgrades(ctx, p, d.C, d.Card); err != nil {
		return d, err
	}
	if d.Observed, err = s.store.TellerObservations(ctx, p.Scope, id); err != nil {
		return d, err
	}
	d.Observations = rating.TellerObservations.List()
	if d.Timeline, err = s.store.Timeline(ctx, p.Scope, id, 50); err != nil {
		return d, err
	}
	d.Channels, d.Outcomes = store.ContactChannels, store.ContactOutcomes
	d.Today = domain.Today(s.auth.Now()).String()
	// Who opened the client: for those who read the audit log anyway, and for the client's own RM.
	d.ShowRecent = p.Can(access.CapViewAudit) || (d.C.RMID != 0 && d.C.RMID == p.Staff.ID)
	d.Relations = []string{"spouse", "child", "parent", "other"}
	return d, nil
}

// auditView records that a person saw a client's full details. It is written even if the browser goes
// away, and a failure to write it fails the request: an unaudited view must not be shown.
func (s *Server) auditView(ctx context.Context, r *http.Request, p *auth.Principal, id, via string) error {
	return s.store.Audit(withoutCancel(ctx), domain.AuditEvent{ActorID: p.Staff.ID, Action: domain.AuditClientView,
		ObjectType: "client", ObjectID: id, Detail: `{"via":"` + via + `"}`, IP: clientIP(r)})
}

// inPlaceForms are the client view's forms whose confirmation or error is shown beside the form.
var inPlaceForms = map[string]bool{"contact": true, "note": true, "family": true, "tag": true}

// maxNoteRunes bounds a note.
const maxNoteRunes = 2000

// afterChange ends a form post: back to the client on success (post/redirect/get), or the view again with
// the error: 404 for a client out of scope, 403 when the person may only read it.
func (s *Server) afterChange(w http.ResponseWriter, r *http.Request, p *auth.Principal, id string, form clientForm, err error) {
	switch {
	case err == nil:
		anchor := map[string]string{"note": "notes", "family": "family", "tag": "tags", "contact": "timeline"}[form.Which]
		http.Redirect(w, r, "/clients/"+url.PathEscape(id)+"?flash="+form.Which+"#"+anchor, http.StatusSeeOther)
	case errors.Is(err, domain.ErrNotFound):
		s.notFoundClient(w, r, p)
	case errors.Is(err, store.ErrReadOnly):
		s.showClient(w, r, p, id, http.StatusForbidden, form, msg(resolveLang(r, p), "client.readOnlyErr"))
	case errors.Is(err, store.ErrNotAllowed):
		s.showClient(w, r, p, id, http.StatusForbidden, form, msg(resolveLang(r, p), "work.alertNotYours"))
	case textProblem(err) != nil:
		s.showClient(w, r, p, id, http.StatusBadRequest, form, inputMessage(resolveLang(r, p), textProblem(err)))
	case errors.Is(err, store.ErrInvalid):
		// The forms check input first with translated messages; this is the store's own word on anything
		// they let through.
		s.showClient(w, r, p, id, http.StatusUnprocessableEntity, form, err.Error())
	default:
		s.serverError(w, r, p, err)
	}
}

// invalid shows the form again with a validation problem.
func (s *Server) invalid(w http.ResponseWriter, r *http.Request, p *auth.Principal, id string, form clientForm, key string, args ...any) {
	s.showClient(w, r, p, id, http.StatusUnprocessableEntity, form, msg(resolveLang(r, p), key, args...))
}

func (s *Server) addNote(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	id := r.PathValue("id")
	form := clientForm{Which: "note", NoteBody: r.PostFormValue("body")}
	body := strings.TrimSpace(form.NoteBody)
	switch {
	case body == "":
		s.invalid(w, r, p, id, form, "client.noteEmpty")
		return
	case utf8.RuneCountInString(body) > maxNoteRunes:
		s.invalid(w, r, p, id, form, "client.noteTooLong", maxNoteRunes)
		return
	}
	_, err := s.store.AddNote(r.Context(), p.Scope, p.Staff.ID, id, body)
	s.afterChange(w, r, p, id, form, err)
}

func (s *Server) addFamily(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	id := r.PathValue("id")
	form := clientForm{Which: "family", FamName: strings.TrimSpace(r.PostFormValue("name")), FamRel: r.PostFormValue("relation"),
		FamLunar: r.PostFormValue("calendar") == "lunar", FamDate: strings.TrimSpace(r.PostFormValue("birth_date")),
		FamLMonth: r.PostFormValue("lunar_month"), FamLDay: r.PostFormValue("lunar_day"),
		FamLLeap: r.PostFormValue("lunar_leap") == "1", FamNote: strings.TrimSpace(r.PostFormValue("note"))}
	m := domain.FamilyMember{ClientID: id, Name: form.FamName, Relation: form.FamRel, Lunar: form.FamLunar, Note: form.FamNote}
	switch m.Relation {
	case "spouse", "child", "parent", "other":
	default:
		m.Relation = ""
	}
	if m.Name == "" || m.Relation == "" || utf8.RuneCountInString(m.Name) > 50 || utf8.RuneCountInString(m.Note) > 200 {
		s.invalid(w, r, p, id, form, "client.familyInvalid")
		return
	}
	var err error
	if m.BirthDate, err = domain.ParseDate(form.FamDate); err != nil {
		s.invalid(w, r, p, id, form, "client.dateInvalid")
		return
	}
	if m.Lunar {
		m.LunarMonth, _ = strconv.Atoi(form.FamLMonth)
		m.LunarDay, _ = strconv.Atoi(form.FamLDay)
		m.LunarLeap = form.FamLLeap
		if m.LunarMonth < 1 || m.LunarMonth > 12 || m.LunarDay < 1 || m.LunarDay > 30 {
			s.invalid(w, r, p, id, form, "client.lunarInvalid")
			return
		}
	}
	_, err = s.store.AddFamilyMember(r.Context(), p.Scope, p.Staff.ID, m)
	s.afterChange(w, r, p, id, form, err)
}

func (s *Server) addTag(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	id := r.PathValue("id")
	form := clientForm{Which: "tag", TagName: strings.TrimSpace(r.PostFormValue("tag"))}
	if n := utf8.RuneCountInString(form.TagName); n < 1 || n > 32 {
		s.invalid(w, r, p, id, form, "client.tagInvalid")
		return
	}
	err := s.store.TagClient(r.Context(), p.Scope, p.Staff.ID, id, form.TagName)
	s.afterChange(w, r, p, id, form, err)
}
