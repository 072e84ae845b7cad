package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/calendar"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/greetings"
	"github.com/steward-bank/steward/store"
)

// The greetings page (问候, DOMAIN.md §6) for supervisors, outlet managers and administrators: the batches
// the nightly pass prepared, by occasion and outlet, with their counts by tier and channel (a batch whose
// day passed unapproved is listed as lapsed, 过期未发); a preview of each batch's messages, approved or
// rejected in one step; the outbox's failures and messages of unknown fate, retried by a person; exports.
// Every query is scoped to the person's outlets. The templates are the bank's: the personal-banking
// department and administrators word them, those who approve read them.

// greetingRoutes adds the greetings pages to mux.
func (s *Server) greetingRoutes(mux *routeMux) {
	mux.Handle("GET /greetings", s.page(s.greetingsPage))
	mux.Handle("POST /greetings/batch", s.page(s.decideGreetings))
	mux.Handle("POST /greetings/retry/{id}", s.page(s.retryGreeting))
	mux.Handle("GET /greetings/templates", s.page(s.greetingTemplates))
	mux.Handle("POST /greetings/templates/{id}", s.page(s.saveGreetingTemplate))
	mux.Handle("GET /greetings/export/{format}", s.page(s.exportGreetings))
	mux.Handle("POST /clients/{id}/greetings", s.page(s.setGreetingOptOut))
}

// greetingsAllowed refuses, with 403, a person whose role does not approve greetings.
func (s *Server) greetingsAllowed(w http.ResponseWriter, r *http.Request, p *auth.Principal) bool {
	if !p.Can(access.CapGreetings) {
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "err.forbiddenText")
		return false
	}
	return true
}

// festivalNames are the festivals' names by code.
var festivalNames = func() map[string][2]string {
	m := map[string][2]string{greetings.KindBirthday: {"生日", "Birthday"}, "festival": {"节日（通用）", "Any festival"}}
	for _, f := range calendar.FestivalsIn(2027) {
		m[string(f.Code)] = [2]string{f.NameZH, f.NameEN}
	}
	return m
}()

// Occasion names an occasion kind in the page's language.
func (v *view) Occasion(kind string) string {
	n, ok := festivalNames[kind]
	if !ok {
		return kind
	}
	if v.Lang == langEN {
		return n[1]
	}
	return n[0]
}

// GreetingState names a greeting's state.
func (v *view) GreetingState(state string) string { return v.T("greet.state." + state) }

// batchRow is a batch as the page lists it: its Waiting and Lapsed counts are the store's
// (store.GreetingBatches), which the home page's count reads too.
type batchRow struct {
	store.GreetingBatch
	TierChannel string // "T1 短信 120 条 · T4 邮件 3 条"
	StateText   string
	Selected    bool
}

// TierChannel words one count of a batch: the store's key "T3 sms" and its count, as "T3 短信 12 条".
func (v *view) TierChannel(key string, n int) string {
	tier, channel, _ := strings.Cut(key, " ")
	return v.T("greet.tierChannel", tier, v.Code("greet.channel", channel), n)
}

// GreetingError words why a message failed or is of unknown fate: Steward's own reason in the page's
// language, a gateway's or mail server's answer as it came.
func (v *view) GreetingError(e string) string {
	if e == store.UnknownReason {
		return v.T("greet.unknownReason")
	}
	return e
}

// ChannelNames names channels in the page's language: 短信、邮件.
func (v *view) ChannelNames(chs []string) string {
	names := make([]string, len(chs))
	for i, c := range chs {
		names[i] = v.T("greet.channel." + c)
	}
	sep := "、"
	if v.Lang == langEN {
		sep = ", "
	}
	return strings.Join(names, sep)
}

type greetingsData struct {
	Channels   []string
	Batches    []batchRow
	Selected   *batchRow
	Preview    []store.GreetingView
	Problems   []store.GreetingView
	CanExport  bool
	QuietHours string
	Lead       int
}

// greetingFilter reads the batch a request names (outlet, kind, on), if any.
func greetingFilter(r *http.Request) (store.GreetingFilter, bool) {
	q := r.URL.Query()
	f := store.GreetingFilter{OutletID: q.Get("outlet"), Kind: q.Get("kind")}
	if on, err := domain.ParseDate(q.Get("on")); err == nil {
		f.On = on
	}
	return f, f.OutletID != "" && f.Kind != "" && !f.On.IsZero()
}

func (s *Server) greetingsPage(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	if !s.greetingsAllowed(w, r, p) {
		return
	}
	ctx := r.Context()
	v := s.newView(r, p)
	v.Nav = "greetings"
	today := domain.Today(v.Now)
	batches, err := s.store.GreetingBatches(ctx, p.Scope, today.AddDays(-7))
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	f, selected := greetingFilter(r)
	g := s.policy.Greetings
	d := greetingsData{Channels: s.greetingChannels, CanExport: p.Can(access.CapExport), Lead: g.LeadDays,
		QuietHours: g.QuietHoursStart.String() + "–" + g.QuietHoursEnd.String()}
	for _, b := range batches {
		row := batchRow{GreetingBatch: b}
		row.Selected = selected && b.OutletID == f.OutletID && b.Kind == f.Kind && b.On == f.On
		var keys, tc, st []string
		for k := range b.TierChannel {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			tc = append(tc, v.TierChannel(k, b.TierChannel[k]))
		}
		for _, state := range store.GreetingStates {
			if n := b.States[state]; n > 0 {
				name := v.GreetingState(state)
				if state == store.GreetingPrepared && b.Lapsed > 0 {
					name = v.T("greet.state.lapsed") // never approved, and its day is over
				}
				st = append(st, name+" "+strconv.Itoa(n))
			}
		}
		row.TierChannel, row.StateText = strings.Join(tc, " · "), strings.Join(st, " · ")
		d.Batches = append(d.Batches, row)
		if row.Selected {
			d.Selected = &d.Batches[len(d.Batches)-1]
		}
	}
	if d.Selected != nil {
		f.Limit = 200
		if d.Preview, err = s.store.Greetings(ctx, p.Scope, f); err != nil {
			s.serverError(w, r, p, err)
			return
		}
	}
	if d.Problems, err = s.store.Greetings(ctx, p.Scope, store.GreetingFilter{From: today.AddDays(-30),
		States: []string{store.GreetingFailed, store.GreetingUnknown}, Limit: 200}); err != nil {
		s.serverError(w, r, p, err)
		return
	}
	// The preview and the problems show clients' mobiles and e-mail addresses: one audit row for the page.
	if n := len(d.Preview) + len(d.Problems); n > 0 {
		filter := url.Values{}
		if d.Selected != nil {
			filter = url.Values{"outlet": {f.OutletID}, "kind": {f.Kind}, "on": {f.On.String()}}
		}
		if err := s.auditList(r, p, "web", "greetings", filter, n, -1); err != nil {
			s.serverError(w, r, p, err)
			return
		}
	}
	switch r.URL.Query().Get("done") {
	case "approved", "rejected", "retry", "template":
		v.Flash = v.T("greet.flash." + r.URL.Query().Get("done"))
	}
	v.Data = d
	s.render(w, r, http.StatusOK, "greetings.html", v)
}

// decideGreetings approves or rejects one batch.
func (s *Server) decideGreetings(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	if !s.greetingsAllowed(w, r, p) {
		return
	}
	on, err := domain.ParseDate(r.PostFormValue("on"))
	decision := r.PostFormValue("decision")
	if err != nil || (decision != "approve" && decision != "reject") {
		s.errorPage(w, r, p, http.StatusBadRequest, "err.badRequest", "greet.badRequestText")
		return
	}
	outlet, kind := r.PostFormValue("outlet"), r.PostFormValue("kind")
	now := s.auth.Now()
	_, err = s.store.DecideGreetingBatch(r.Context(), p.Scope, p.Staff.ID, outlet, kind, on, decision == "approve",
		greetings.SendAt(s.policy, on, now))
	switch {
	case errors.Is(err, domain.ErrNotFound):
		s.errorPage(w, r, p, http.StatusNotFound, "greet.noBatch", "greet.noBatchText")
	case errors.Is(err, store.ErrLapsed):
		s.errorPage(w, r, p, http.StatusConflict, "greet.lapsed", "greet.lapsedText")
	case errors.Is(err, store.ErrNotAllowed):
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "err.forbiddenText")
	case err != nil:
		s.serverError(w, r, p, err)
	default:
		done := map[string]string{"approve": "approved", "reject": "rejected"}[decision]
		http.Redirect(w, r, fmt.Sprintf("/greetings?outlet=%s&kind=%s&on=%s&done=%s", url.QueryEscape(outlet), url.QueryEscape(kind), on, done),
			http.StatusSeeOther)
	}
}

// retryGreeting puts a failed message, or one of unknown fate, back in the queue.
func (s *Server) retryGreeting(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	if !s.greetingsAllowed(w, r, p) {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.notFoundPage(w, r)
		return
	}
	err = s.store.RetryGreeting(r.Context(), p.Scope, p.Staff.ID, id)
	switch {
	case errors.Is(err, domain.ErrNotFound):
		s.notFoundPage(w, r)
	case errors.Is(err, store.ErrNotAllowed):
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "err.forbiddenText")
	case errors.Is(err, store.ErrInvalid):
		http.Redirect(w, r, "/greetings", http.StatusSeeOther)
	case err != nil:
		s.serverError(w, r, p, err)
	default:
		http.Redirect(w, r, "/greetings?done=retry", http.StatusSeeOther)
	}
}

// SampleGreeting renders a template for a sample client (王建国, 先生) of the person's outlet, on the
// occasion's next date, so that a supervisor sees what a client would read.
func (v *view) SampleGreeting(t store.GreetingTemplate) string {
	today := domain.Today(v.Now)
	o := greetings.Occasion{Kind: greetings.KindBirthday, NameZH: "生日", NameEN: "Birthday", On: today}
	kind := t.Occasion
	if kind == "festival" {
		kind = "mid_autumn"
	}
	for _, f := range calendar.FestivalsBetween(today, today.AddDays(400)) {
		if string(f.Code) == kind {
			o = greetings.Occasion{Kind: kind, NameZH: f.NameZH, NameEN: f.NameEN, On: f.Date}
			o.Lunar, _ = calendar.SolarToLunar(f.Date)
			break
		}
	}
	outlet := ""
	if v.P != nil {
		outlet = v.P.Org.Name
	}
	who := greetings.Recipient{Name: "王建国", Gender: "M", Outlet: outlet, RM: "张三"}
	body, err := greetings.Render(t.Body, who, o)
	if err != nil {
		return err.Error()
	}
	if subject, _ := greetings.Render(t.Subject, who, o); subject != "" {
		return subject + " | " + body
	}
	return body
}

type templatesData struct {
	Templates    []store.GreetingTemplate
	Placeholders []string
	Saved        string
	// CanEdit: the person words the bank's templates (access.CapGreetingTemplates); those who approve
	// greetings read them.
	CanEdit bool
}

// templatesAllowed refuses, with 403, a person who neither words the templates nor approves greetings.
func (s *Server) templatesAllowed(w http.ResponseWriter, r *http.Request, p *auth.Principal) bool {
	if !p.Can(access.CapGreetingTemplates) && !p.Can(access.CapGreetings) {
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "err.forbiddenText")
		return false
	}
	return true
}

func (s *Server) greetingTemplates(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	s.showTemplates(w, r, p, http.StatusOK, "")
}

func (s *Server) showTemplates(w http.ResponseWriter, r *http.Request, p *auth.Principal, status int, problem string) {
	if !s.templatesAllowed(w, r, p) {
		return
	}
	ts, err := s.store.GreetingTemplates(r.Context())
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	v := s.newView(r, p)
	v.Nav = "greetings"
	v.Error = problem
	if r.URL.Query().Get("saved") != "" {
		v.Flash = v.T("greet.flash.template")
	}
	v.Data = templatesData{Templates: ts, Placeholders: greetings.Placeholders, CanEdit: p.Can(access.CapGreetingTemplates)}
	s.render(w, r, status, "greeting_templates.html", v)
}

func (s *Server) saveGreetingTemplate(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	if !p.Can(access.CapGreetingTemplates) {
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "greet.templatesForbidden")
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.notFoundPage(w, r)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	err = s.store.SaveGreetingTemplate(r.Context(), p.Staff.ID, id, r.PostFormValue("subject"), r.PostFormValue("body"))
	switch {
	case errors.Is(err, domain.ErrNotFound):
		s.notFoundPage(w, r)
	case errors.Is(err, store.ErrNotAllowed):
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "greet.templatesForbidden")
	case textProblem(err) != nil:
		s.showTemplates(w, r, p, http.StatusBadRequest, inputMessage(resolveLang(r, p), textProblem(err)))
	case errors.Is(err, store.ErrInvalid):
		s.showTemplates(w, r, p, http.StatusUnprocessableEntity, msg(resolveLang(r, p), "greet.badTemplate", err.Error()))
	case err != nil:
		s.serverError(w, r, p, err)
	default:
		http.Redirect(w, r, "/greetings/templates?saved="+strconv.FormatInt(id, 10)+"#t"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	}
}

// exportGreetings exports the outbox: one batch when the request names it, else every message of the
// last 30 days and the days ahead.
func (s *Server) exportGreetings(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	format := r.PathValue("format")
	if !s.greetingsAllowed(w, r, p) {
		return
	}
	if !p.Can(access.CapExport) || (format != "csv" && format != "xlsx") {
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "err.forbiddenText")
		return
	}
	v := s.newView(r, p)
	f, one := greetingFilter(r)
	if !one {
		f = store.GreetingFilter{From: domain.Today(v.Now).AddDays(-30)}
	}
	f.Limit = 100000
	rows, err := s.store.Greetings(r.Context(), p.Scope, f)
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	t := exportTable{name: "greetings", sheet: v.T("greet.title"), header: []string{v.T("greet.col.on"), v.T("greet.col.occasion"),
		v.T("col.outlet"), v.T("greet.col.client"), v.T("greet.col.name"), v.T("greet.col.tier"), v.T("greet.col.channel"), v.T("greet.col.address"),
		v.T("greet.col.state"), v.T("greet.col.attempts"), v.T("greet.col.error"), v.T("greet.col.sentAt"), v.T("greet.col.subject"), v.T("greet.col.body")},
		widths: []float64{12, 14, 10, 12, 10, 6, 8, 16, 10, 6, 30, 18, 16, 60}}
	for _, g := range rows {
		sent := ""
		if !g.SentAt.IsZero() {
			sent = timeText(g.SentAt)
		}
		t.rows = append(t.rows, []cell{textCell(g.On.String()), textCell(v.Occasion(g.Kind)), textCell(g.OutletID), textCell(g.ClientID),
			textCell(g.Name), textCell(g.Tier), textCell(v.T("greet.channel." + g.Channel)), textCell(g.Address), textCell(v.GreetingState(g.State)),
			numCell(int64(g.Attempts)), textCell(v.GreetingError(g.LastError)), textCell(sent), textCell(g.Subject), textCell(g.Body)})
	}
	s.sendTable(w, r, p, v, format, t)
}

// setGreetingOptOut records on the client view that a client asked not to be greeted, or lifts it.
func (s *Server) setGreetingOptOut(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	id := r.PathValue("id")
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	err := s.store.SetGreetingOptOut(r.Context(), p.Scope, p.Staff.ID, id, r.PostFormValue("optout") == "1", r.PostFormValue("note"))
	switch {
	case errors.Is(err, domain.ErrNotFound):
		s.notFoundClient(w, r, p)
	case errors.Is(err, store.ErrReadOnly):
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "client.readOnlyErr")
	case textProblem(err) != nil:
		s.showClient(w, r, p, id, http.StatusBadRequest, clientForm{}, inputMessage(resolveLang(r, p), textProblem(err)))
	case errors.Is(err, store.ErrInvalid):
		s.errorPage(w, r, p, http.StatusBadRequest, "err.badRequest", "greet.badRequestText")
	case err != nil:
		s.serverError(w, r, p, err)
	default:
		http.Redirect(w, r, "/clients/"+url.PathEscape(id)+"#relationship", http.StatusSeeOther)
	}
}
