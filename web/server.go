// Package web is Steward's HTTP face: the server-rendered pages (html/template, enhanced by htmx when it is
// present), the JSON API under /api/v1 and the embedded static assets. It authenticates people through
// auth, reads and changes data only through store (which applies each person's data scope inside every
// query), and writes the audit events the pages owe (client views, exports).
//
// Everything the browser loads comes from the binary: no CDN, no inline script or style, so that the strict
// Content-Security-Policy below holds on every page.
package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/calendar"
	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/rating"
	"github.com/steward-bank/steward/store"
)

// Config wires a Server.
type Config struct {
	Store  *store.Store
	Auth   *auth.Service
	Policy *policy.Policy
	Logger *slog.Logger
	// Demo shows a banner "演示环境 / demo" on every page.
	Demo bool
	// SecureCookies marks the session cookie Secure (serve over HTTPS, or behind a TLS-terminating proxy).
	SecureCookies bool
	// ReportDir is where the nightly import writes its reports (import_YYYYMMDD.txt, normally
	// <data>/reports); empty: none, and the imports page shows only the import log.
	ReportDir string
	// GreetingChannels are the channels greetings are sent on (sms, email); the greetings page says when
	// none is configured.
	GreetingChannels []string
	// HolidayDir is the administrator's directory of State Council schedule files (<data>/holidays), which
	// the working-day calendar page writes; empty: the page only shows the calendar.
	HolidayDir string
	// Calendar is the working-day calendar to start with; nil: read from HolidayDir and the shipped
	// schedules (calendar.Load).
	Calendar *calendar.WorkCalendar
}

// Server serves Steward's pages and API.
type Server struct {
	store  *store.Store
	auth   *auth.Service
	policy *policy.Policy
	rules  *rating.Rules
	// workCal is the working-day calendar (holidays, make-up days) of due dates and the schedule, replaced
	// whole when an administrator installs a schedule file; read it through workCalendar.
	workCal atomic.Pointer[calendar.WorkCalendar]
	// holidayDir is the administrator's schedule directory ("" for none); calMu serialises installs.
	holidayDir string
	calMu      sync.Mutex
	log        *slog.Logger
	demo       bool
	secure     bool
	// reportDir holds the import reports ("" for none).
	reportDir string
	// greetingChannels are the configured greeting channels.
	greetingChannels []string

	pages   *pages
	static  fs.FS
	assetV  string // content hash of the static files, appended to asset URLs to bust caches
	htmx    bool   // static/vendor/htmx.min.js was built into the binary
	openapi []byte
	handler http.Handler
	// patterns are the routes' patterns, in the order they were registered (routeMux).
	patterns []string
}

// New checks the configuration, parses the embedded templates and builds the routes.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil || cfg.Auth == nil {
		return nil, errors.New("web: Config.Store and Config.Auth are required")
	}
	s := &Server{store: cfg.Store, auth: cfg.Auth, policy: cfg.Policy, log: cfg.Logger, demo: cfg.Demo, secure: cfg.SecureCookies,
		reportDir: cfg.ReportDir, greetingChannels: cfg.GreetingChannels}
	if s.policy == nil {
		s.policy = cfg.Auth.Policy
	}
	if s.policy == nil {
		s.policy = policy.Default()
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	rules, err := rating.New(s.policy)
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	s.rules = rules
	cal := cfg.Calendar
	if cal == nil {
		if cal, err = calendar.Load(cfg.HolidayDir); err != nil {
			return nil, fmt.Errorf("web: %w", err)
		}
	}
	s.workCal.Store(cal)
	s.holidayDir = cfg.HolidayDir
	static, err := fs.Sub(assets, "static")
	if err != nil {
		return nil, err
	}
	s.static = static
	if s.assetV, err = hashFS(static); err != nil {
		return nil, err
	}
	if _, err := fs.Stat(static, "vendor/htmx.min.js"); err == nil {
		s.htmx = true
	}
	if s.openapi, err = fs.ReadFile(assets, "openapi.json"); err != nil {
		return nil, err
	}
	if s.pages, err = parsePages(); err != nil {
		return nil, err
	}
	s.handler = s.routes()
	return s, nil
}

// Handler is the whole application: routes wrapped in panic recovery, the access log, security headers and
// cross-origin (CSRF) protection.
func (s *Server) Handler() http.Handler { return s.handler }

// routeMux is the server's ServeMux; it also records every pattern registered on it, so that a test can hold
// the API's routes and its OpenAPI document together: no route is added without its description.
type routeMux struct {
	*http.ServeMux
	patterns []string
}

func (m *routeMux) Handle(pattern string, h http.Handler) {
	m.patterns = append(m.patterns, pattern)
	m.ServeMux.Handle(pattern, h)
}

func (m *routeMux) HandleFunc(pattern string, f func(http.ResponseWriter, *http.Request)) {
	m.Handle(pattern, http.HandlerFunc(f))
}

func (s *Server) routes() http.Handler {
	mux := &routeMux{ServeMux: http.NewServeMux()}
	defer func() { s.patterns = mux.patterns }()

	// Static assets and health.
	mux.Handle("GET /static/", http.StripPrefix("/static/", newStaticFiles(s.static)))
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/static/favicon.svg", http.StatusMovedPermanently)
	})

	// Pages.
	mux.HandleFunc("GET /login", s.loginForm)
	mux.HandleFunc("POST /login", s.loginSubmit)
	mux.HandleFunc("POST /logout", s.logout)
	mux.HandleFunc("POST /lang", s.setLang)
	mux.Handle("GET /password", s.page(s.passwordForm))
	mux.Handle("POST /password", s.page(s.passwordSubmit))
	mux.Handle("GET /tokens", s.page(s.tokensPage))
	mux.Handle("POST /tokens/{id}/revoke", s.page(s.revokeToken))
	mux.Handle("GET /{$}", s.page(s.home))
	mux.Handle("GET /clients", s.page(s.clientList))
	mux.Handle("GET /clients/export.csv", s.page(s.exportCSV))
	mux.Handle("GET /clients/export.xlsx", s.page(s.exportXLSX))
	mux.Handle("GET /clients/{id}", s.page(s.clientView))
	mux.Handle("POST /clients/{id}/notes", s.page(s.addNote))
	mux.Handle("POST /clients/{id}/family", s.page(s.addFamily))
	mux.Handle("POST /clients/{id}/tags", s.page(s.addTag))
	mux.Handle("POST /clients/{id}/observations", s.page(s.observe))
	mux.Handle("POST /clients/{id}/contacts", s.page(s.logContact))
	mux.Handle("POST /clients/{id}/handover", s.page(s.handOver))
	mux.Handle("POST /clients/{id}/phone-verified", s.page(s.verifyPhone))
	mux.Handle("POST /clients/{id}/lunar-birthday", s.page(s.setLunarBirthday))
	mux.Handle("POST /clients/{id}/upgrades", s.page(s.applyUpgrade))
	mux.Handle("GET /approvals/upgrades", s.page(s.upgradesPage))
	mux.Handle("POST /approvals/upgrades/{id}", s.page(s.decideUpgrade))
	mux.Handle("GET /outlets/{id}", s.page(s.outletPage))
	mux.Handle("GET /alerts", s.page(s.alertsPage))
	mux.Handle("GET /alerts/export/{format}", s.page(s.exportAlerts))
	mux.Handle("POST /alerts/{id}", s.page(s.actOnAlert))
	mux.Handle("POST /tasks/{id}", s.page(s.finishTask))
	mux.Handle("GET /tasks", s.page(s.tasksPage))
	mux.Handle("POST /tasks", s.page(s.assignTask))
	mux.Handle("POST /tasks/{id}/{action}", s.page(s.changeTask))
	mux.Handle("GET /tasks/export/{format}", s.page(s.exportTasks))
	mux.Handle("GET /calendar", s.page(s.calendarPage))
	s.consoleUseRoutes(mux)
	mux.Handle("GET /coverage", s.page(s.coveragePage))
	mux.Handle("GET /console", s.page(s.consolePage))
	mux.Handle("GET /console/export/{table}/{format}", s.page(s.exportConsole))
	mux.Handle("GET /diary", s.page(s.diaryPage))
	mux.Handle("POST /diary", s.page(s.diaryPage))
	mux.Handle("GET /team/diaries", s.page(s.teamDiaries))
	mux.Handle("GET /export/{what}/{format}", s.page(s.exportDayList))
	mux.Handle("GET /audit", s.page(s.auditLog))
	mux.Handle("GET /imports", s.page(s.imports))
	mux.Handle("GET /imports/reports/{name}", s.page(s.importReport))
	mux.Handle("GET /rotation", s.page(s.rotationPage))
	mux.Handle("POST /rotation/plans", s.page(s.createPlan))
	mux.Handle("POST /rotation/queue", s.page(s.assignQueued))
	mux.Handle("GET /rotation/{id}", s.page(s.planPage))
	mux.Handle("POST /rotation/{id}/{action}", s.page(s.actOnPlan))
	mux.Handle("GET /admin/calendar", s.page(s.workCalendarPage))
	mux.Handle("POST /admin/calendar", s.page(s.installSchedule))
	s.greetingRoutes(mux)
	s.relationshipRoutes(mux)
	s.staffAdminRoutes(mux)
	s.consoleFollowRoutes(mux)
	mux.HandleFunc("/", s.notFoundPage)

	// JSON API.
	mux.HandleFunc("GET /api/v1/openapi.json", s.openAPI)
	mux.HandleFunc("POST /api/v1/session", s.apiLogin)
	mux.HandleFunc("DELETE /api/v1/session", s.apiLogout)
	mux.Handle("GET /api/v1/me", s.api(s.apiMe))
	mux.Handle("GET /api/v1/clients", s.api(s.apiClients))
	mux.Handle("GET /api/v1/clients/{id}", s.api(s.apiClient))
	mux.Handle("GET /api/v1/calendar.ics", s.api(s.apiCalendar))
	mux.Handle("GET /api/v1/clients/{id}/timeline", s.api(s.apiTimeline))
	mux.Handle("POST /api/v1/clients/{id}/contacts", s.api(s.apiLogContact))
	mux.Handle("GET /api/v1/tasks", s.api(s.apiTasks))
	mux.Handle("POST /api/v1/tasks/{id}", s.api(s.apiFinishTask))
	mux.Handle("GET /api/v1/alerts", s.api(s.apiAlerts))
	mux.Handle("POST /api/v1/alerts/{id}", s.api(s.apiActOnAlert))
	mux.Handle("GET /api/v1/greetings", s.api(s.apiGreetings))
	mux.Handle("POST /api/v1/clients/{id}/upgrades", s.api(s.apiApplyUpgrade))
	mux.Handle("GET /api/v1/upgrades", s.api(s.apiUpgrades))
	mux.Handle("POST /api/v1/upgrades/{id}", s.api(s.apiDecideUpgrade))
	mux.Handle("GET /api/v1/greetings/batches", s.api(s.apiGreetingBatches))
	mux.Handle("POST /api/v1/greetings/batches", s.api(s.apiDecideGreetings))
	mux.Handle("PUT /api/v1/clients/{id}/greeting-opt-out", s.api(s.apiSetGreetingOptOut))
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeJSONError(w, http.StatusNotFound, "no such API endpoint")
	})

	return s.logRequests(s.recoverPanics(s.securityHeaders(s.crossOrigin(mux))))
}

// crossOrigin is the CSRF defence: http.CrossOriginProtection refuses a state-changing request (POST,
// DELETE …) that a browser marks as cross-site, by the Sec-Fetch-Site header (every current browser sends
// it) or, failing that, by comparing the Origin header with Host. Requests carrying neither header are not
// from a browser page (curl, scripts) and pass, which is what lets `POST /api/v1/session` work from curl.
//
// API calls authenticated by `Authorization: Bearer` skip the check: a browser never attaches that header
// on its own, so such a request cannot ride on a victim's cookies, and the API ignores the session cookie
// whenever a Bearer token is present.
func (s *Server) crossOrigin(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.log.Warn("cross-origin request refused", "method", r.Method, "path", r.URL.Path,
			"sec_fetch_site", r.Header.Get("Sec-Fetch-Site"), "origin", r.Header.Get("Origin"))
		if isAPI(r) {
			writeJSONError(w, http.StatusForbidden, "cross-origin request refused")
			return
		}
		s.errorPage(w, r, s.sessionOrNil(r), http.StatusForbidden, "err.forbidden", "err.crossOrigin")
	}))
	protected := cop.Handler(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isAPI(r) && bearerToken(r) != "" {
			next.ServeHTTP(w, r)
			return
		}
		protected.ServeHTTP(w, r)
	})
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// hashFS is a short content hash of every file of fsys, for cache-busting asset URLs.
func hashFS(fsys fs.FS) (string, error) {
	h := sha256.New()
	err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, path)
		if err != nil {
			return err
		}
		h.Write([]byte(path))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:12], err
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	if err := s.store.Ping(ctx); err != nil {
		if clientClosed(r, err) {
			return
		}
		s.log.Error("health check: database does not answer", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("database unavailable\n"))
		return
	}
	w.Write([]byte("ok"))
}

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(s.openapi)
}
