package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"

	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// brokenPipe is a connection the client has closed: every write fails.
type brokenPipe struct{ *httptest.ResponseRecorder }

func (b brokenPipe) Write([]byte) (int, error) { return 0, syscall.EPIPE }

// A client that closes its connection before the answer is logged once, at INFO, as what it is, with status
// 499: not as an ERROR with status 500, which would page the operator for a person closing a tab.
func TestClientClosedConnectionIsNotAServerError(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		b := e.login("rm01")
		cancelled := func(target string) {
			t.Helper()
			ctx, cancel := context.WithCancel(context.Background())
			cancel() // as net/http does when the connection closes
			req := httptest.NewRequest(http.MethodGet, target, nil).WithContext(ctx)
			for _, c := range b.cookies {
				req.AddCookie(c)
			}
			e.h.ServeHTTP(httptest.NewRecorder(), req)
		}
		for _, target := range []string{"/clients", "/api/v1/clients", "/healthz"} {
			e.logs.Reset()
			cancelled(target)
			logs := e.logs.String()
			if strings.Contains(logs, "level=ERROR") || strings.Contains(logs, "status=500") {
				t.Errorf("%s, client gone: logged as a server error:\n%s", target, logs)
			}
			if n := strings.Count(logs, "\n"); n != 1 || !strings.Contains(logs, "level=INFO") ||
				!strings.Contains(logs, `msg="client closed the connection"`) || !strings.Contains(logs, "status=499") ||
				!strings.Contains(logs, "path="+target) {
				t.Errorf("%s, client gone: want one INFO line \"client closed the connection\" status=499, got:\n%s", target, logs)
			}
		}
		// The connection breaks while the answer is written.
		e.logs.Reset()
		req := httptest.NewRequest(http.MethodGet, "/healthz", nil)
		e.h.ServeHTTP(brokenPipe{httptest.NewRecorder()}, req)
		if logs := e.logs.String(); !strings.Contains(logs, `msg="client closed the connection"`) || !strings.Contains(logs, "status=499") ||
			!strings.Contains(logs, "broken pipe") {
			t.Errorf("broken pipe: got\n%s", logs)
		}
		// A request that completes is logged as before.
		e.logs.Reset()
		b.get("/clients")
		if logs := e.logs.String(); !strings.Contains(logs, `msg="http request"`) || !strings.Contains(logs, "status=200") {
			t.Errorf("a normal request: got\n%s", logs)
		}
	})
}
