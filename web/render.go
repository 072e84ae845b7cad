package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
)

// assets are the templates, the static files (app.css, app.js and, when the Makefile has copied it from
// node_modules, vendor/htmx.min.js) and the OpenAPI document, all inside the binary.
//
//go:embed templates static openapi.json
var assets embed.FS

// pages holds one template set per page: the layout, the shared partials and the page's own file.
type pages struct {
	sets map[string]*template.Template
}

// funcs are the language-independent template helpers; language-dependent ones are methods of view.
var funcs = template.FuncMap{
	"yuan": yuan,
	"dec":  decimalYuan,
	"date": dateText,
	"time": timeText,
	"secs": secondsText,
	"num":  formatInt,
	"add1": func(i int) int { return i + 1 },
	// braces writes placeholder names as a template shows them: {name}, {festival}.
	"braces": func(ss []string) string { return "{" + strings.Join(ss, "}, {") + "}" },
}

// partialTemplates are template files that define parts other pages use (not pages of their own): each is
// parsed into every page's set.
var partialTemplates = map[string]bool{"console_use.html": true, "books_rows.html": true, "pager.html": true}

func parsePages() (*pages, error) {
	names, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return nil, err
	}
	common := []string{"templates/layout.html"}
	for _, name := range names {
		if partialTemplates[path.Base(name)] {
			common = append(common, name)
		}
	}
	p := &pages{sets: map[string]*template.Template{}}
	for _, name := range names {
		base := path.Base(name)
		if base == "layout.html" || partialTemplates[base] {
			continue
		}
		t, err := template.New(base).Funcs(funcs).ParseFS(assets, append(slices.Clone(common), name)...)
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", base, err)
		}
		p.sets[base] = t
	}
	return p, nil
}

// view is what every page template receives: the person, the language and the page's own data.
type view struct {
	Lang   string
	P      *auth.Principal
	Demo   bool
	HTMX   bool
	AssetV string
	// Path is the page's address, where the language switch returns to.
	Path  string
	Nav   string // the navigation entry to highlight
	Flash string
	Error string
	Data  any
	Now   time.Time
	// StaffPages: the person reaches the staff administration pages (staffadmin.go).
	StaffPages bool
}

func (s *Server) newView(r *http.Request, p *auth.Principal) *view {
	v := &view{Lang: resolveLang(r, p), P: p, Demo: s.demo, HTMX: s.htmx, AssetV: s.assetV, Path: r.URL.RequestURI(),
		Now: s.auth.Now(), StaffPages: s.staffPagesFor(p)}
	if r.Method != http.MethodGet {
		v.Path = r.URL.Path
	}
	if f := r.URL.Query().Get("flash"); f != "" {
		if _, ok := messages["flash."+f]; ok {
			v.Flash = v.T("flash." + f)
		}
	}
	return v
}

// T translates a message key into the page's language.
func (v *view) T(key string, args ...any) string { return msg(v.Lang, key, args...) }

// Code translates a code of a closed list (gender, status, category …).
func (v *view) Code(list, c string) string { return code(v.Lang, list, c) }

// Wan formats an amount in 万/亿 (Chinese) or K/M/B (English).
func (v *view) Wan(fen int64) string { return wan(fen, v.Lang) }

// Role is a role's name.
func (v *view) Role(r domain.Role) string { return code(v.Lang, "role", string(r)) }

// Lunar is a lunar birthday.
func (v *view) Lunar(m domain.FamilyMember) string {
	return lunarText(m.LunarMonth, m.LunarDay, m.LunarLeap, v.Lang)
}

// Can reports whether the person holds a capability.
func (v *view) Can(c string) bool { return v.P != nil && v.P.Can(access.Capability(c)) }

// Langs are the languages of the switch.
func (v *view) Langs() []string { return []string{langZH, langEN} }

// render executes a page into a buffer first, so that a template error becomes a clean 500 rather than
// half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, v *view) {
	s.renderTemplate(w, r, status, page, "layout", v)
}

func (s *Server) renderTemplate(w http.ResponseWriter, r *http.Request, status int, page, tmpl string, v *view) {
	t, ok := s.pages.sets[page]
	if !ok {
		s.log.Error("no such page template", "page", page)
		s.renderFailed(w, r, page, v)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, tmpl, v); err != nil {
		s.log.Error("render page", "page", page, "template", tmpl, "err", err)
		s.renderFailed(w, r, page, v)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", v.Lang)
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// renderFailed answers a page that could not be rendered with the error page in the site's layout; when
// that is what failed, with one plain line.
func (s *Server) renderFailed(w http.ResponseWriter, r *http.Request, page string, v *view) {
	if page == "error.html" {
		http.Error(w, msg(v.Lang, "err.internal"), http.StatusInternalServerError)
		return
	}
	ev := *v
	ev.Flash, ev.Error = "", ""
	ev.Data = newErrorData(&ev, r, http.StatusInternalServerError, "errpage.internalTitle", "err.internal")
	s.render(w, r, http.StatusInternalServerError, "error.html", &ev)
}

// errorData is the error page: its heading and text, and the ways back (the page the person came from,
// when it is one of ours, and the home page).
type errorData struct {
	Status        int
	Heading, Text string
	Back          string // "" when there is no page of ours to return to
}

// newErrorData words an error page in v's language. The way back is the Referer's path when it names a
// page of this site other than the failing one, so that a person returns to the list or form they used.
func newErrorData(v *view, r *http.Request, status int, heading, text string) errorData {
	d := errorData{Status: status, Heading: v.T(heading), Text: v.T(text)}
	if ref, err := url.Parse(r.Referer()); err == nil && ref.Host == r.Host && ref.Path != "" && strings.HasPrefix(ref.Path, "/") &&
		!strings.HasPrefix(ref.Path, "//") && ref.RequestURI() != r.URL.RequestURI() && ref.Path != "/login" {
		d.Back = ref.RequestURI()
	}
	return d
}

// errorPage shows a message page with a status (404, 403, 400) in the site's layout.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, p *auth.Principal, status int, heading, text string) {
	v := s.newView(r, p)
	v.Data = newErrorData(v, r, status, heading, text)
	s.render(w, r, status, "error.html", v)
}

// serverError logs an unexpected error and shows a page that reveals nothing of it; when the client has
// closed the connection it only tells the access log so (clientClosed).
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, p *auth.Principal, err error) {
	if clientClosed(r, err) {
		return
	}
	s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	s.errorPage(w, r, p, http.StatusInternalServerError, "errpage.internalTitle", "err.internal")
}

// sessionOrNil is the signed-in person of a request, or nil, for the pages that are shown before (or
// without) the page's own authentication: not found, a panic's error page.
func (s *Server) sessionOrNil(r *http.Request) *auth.Principal {
	if p, err := s.sessionPrincipal(r); err == nil {
		infoOf(r.Context()).staff = p.Staff.Username
		return &p
	}
	return nil
}

func (s *Server) notFoundPage(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, s.sessionOrNil(r), http.StatusNotFound, "err.notFound", "err.notFoundText")
}
