package web

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// env is a server over a seeded store (storetest's fixture bank).
type env struct {
	t    *testing.T
	st   *store.Store
	fx   storetest.Fixture
	auth *auth.Service
	srv  *Server
	h    http.Handler
	logs *bytes.Buffer
}

func newEnv(t *testing.T, st *store.Store) *env {
	t.Helper()
	fx := storetest.Seed(t, st)
	pol := policy.Default()
	a := auth.NewService(st, pol)
	a.Params = storetest.CheapParams
	logs := &bytes.Buffer{}
	srv, err := New(Config{Store: st, Auth: a, Policy: pol, Logger: slog.New(slog.NewTextHandler(logs, nil))})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return &env{t: t, st: st, fx: fx, auth: a, srv: srv, h: srv.Handler(), logs: logs}
}

// browser is a cookie jar and default headers in front of the handler.
type browser struct {
	e       *env
	cookies map[string]*http.Cookie
	header  http.Header
	addr    string // the peer's address; empty: 192.0.2.10
}

func (e *env) anon() *browser {
	return &browser{e: e, cookies: map[string]*http.Cookie{}, header: http.Header{}}
}

// login logs a fixture account in through the login form.
func (e *env) login(username string) *browser {
	e.t.Helper()
	b := e.anon()
	rec := b.post("/login", url.Values{"username": {username}, "password": {storetest.Password}})
	if rec.Code != http.StatusSeeOther {
		e.t.Fatalf("login %s: status %d, body %s", username, rec.Code, rec.Body.String())
	}
	if b.cookies[sessionCookie] == nil {
		e.t.Fatalf("login %s: no session cookie", username)
	}
	return b
}

func (b *browser) do(method, target string, body io.Reader, contentType string, hdr ...string) *httptest.ResponseRecorder {
	b.e.t.Helper()
	req := httptest.NewRequest(method, target, body)
	req.RemoteAddr = "192.0.2.10:5555"
	if b.addr != "" {
		req.RemoteAddr = b.addr + ":5555"
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range b.header {
		req.Header[k] = v
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	for _, c := range b.cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	b.e.h.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.MaxAge < 0 || c.Value == "" {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c
		}
	}
	return rec
}

func (b *browser) get(target string, hdr ...string) *httptest.ResponseRecorder {
	b.e.t.Helper()
	return b.do(http.MethodGet, target, nil, "", hdr...)
}

func (b *browser) post(target string, form url.Values, hdr ...string) *httptest.ResponseRecorder {
	b.e.t.Helper()
	return b.do(http.MethodPost, target, strings.NewReader(form.Encode()), "application/x-www-form-urlencoded", hdr...)
}

func (b *browser) postJSON(target, body string, hdr ...string) *httptest.ResponseRecorder {
	b.e.t.Helper()
	return b.do(http.MethodPost, target, strings.NewReader(body), "application/json", hdr...)
}

func wantStatus(t *testing.T, rec *httptest.ResponseRecorder, want int, what string) {
	t.Helper()
	if rec.Code != want {
		body := rec.Body.String()
		if len(body) > 2000 {
			body = body[:2000] + "…"
		}
		t.Fatalf("%s: status %d, want %d; body:\n%s", what, rec.Code, want, body)
	}
}

// rowIDs are the client numbers of the rows of the client table.
var rowRE = regexp.MustCompile(`<tr class="client-row" data-client-id="([^"]+)"`)

func rowIDs(body string) []string {
	var ids []string
	for _, m := range rowRE.FindAllStringSubmatch(body, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

// elementText is the text of the element with the given id (no nested tags expected).
func elementText(t *testing.T, body, id string) string {
	t.Helper()
	re := regexp.MustCompile(`id="` + regexp.QuoteMeta(id) + `"[^>]*>([^<]*)<`)
	m := re.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no element #%s in page", id)
	}
	return m[1]
}

var ctx = context.Background()
