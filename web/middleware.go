package web

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"
)

// reqInfo travels in a request's context so that inner handlers can tell the access log who made the
// request, once they know it.
type reqInfo struct {
	staff string
}

type ctxKey int

const reqInfoKey ctxKey = iota

func infoOf(ctx context.Context) *reqInfo {
	if ri, ok := ctx.Value(reqInfoKey).(*reqInfo); ok {
		return ri
	}
	return &reqInfo{}
}

// recorder remembers a response's status and size for the access log and the panic handler.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (rw *recorder) WriteHeader(code int) {
	if rw.status == 0 {
		rw.status = code
	}
	rw.ResponseWriter.WriteHeader(code)
}

func (rw *recorder) Write(b []byte) (int, error) {
	if rw.status == 0 {
		rw.status = http.StatusOK
	}
	n, err := rw.ResponseWriter.Write(b)
	rw.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer (flushing, deadlines).
func (rw *recorder) Unwrap() http.ResponseWriter { return rw.ResponseWriter }

// logRequests writes one structured line per request: method, path, status, duration and the member of
// staff (when known). Query strings are left out: they hold search terms such as mobile numbers.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ri := &reqInfo{}
		rw := &recorder{ResponseWriter: w}
		next.ServeHTTP(rw, r.WithContext(context.WithValue(r.Context(), reqInfoKey, ri)))
		status := rw.status
		if status == 0 {
			status = http.StatusOK
		}
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelError
		}
		s.log.LogAttrs(r.Context(), level, "http request",
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", status),
			slog.Duration("duration", time.Since(start)),
			slog.String("staff", ri.staff),
			slog.Int64("bytes", rw.bytes),
			slog.String("ip", clientIP(r)))
	})
}

// recoverPanics turns a panic in a handler into a 500 and logs it with its stack, instead of letting
// net/http drop the connection with the stack on stderr.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.Error("panic serving request", "method", r.Method, "path", r.URL.Path,
				"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			if rw, ok := w.(*recorder); ok && rw.status != 0 {
				return // the response has begun; nothing sensible can follow
			}
			if isAPI(r) {
				writeJSONError(w, http.StatusInternalServerError, "internal error")
				return
			}
			s.panicPage(w, r)
		}()
		next.ServeHTTP(w, r)
	})
}

// contentSecurityPolicy allows nothing but the server's own files: no inline scripts or styles, no
// framing. Templates must therefore never carry a <script> body or a style attribute.
const contentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'"

// securityHeaders sets the strict headers of DESIGN.md (Security) on every response. Pages and API answers
// carry client data and are never cached; static assets are immutable per build (their URLs carry a
// content hash) and may be.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		if strings.HasPrefix(r.URL.Path, "/static/") {
			h.Set("Cache-Control", "public, max-age=86400")
		} else {
			h.Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r)
	})
}

// clientIP is the peer's address. Steward does not trust X-Forwarded-For: a proxy in front of it must be
// configured deliberately (not yet supported), or anyone could write any address into the audit log.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// panicPage answers a request whose handler panicked with the error page in the site's layout, or with
// one plain line when the server cannot render pages (or rendering panics too).
func (s *Server) panicPage(w http.ResponseWriter, r *http.Request) {
	plain := func() { http.Error(w, msg(resolveLang(r, nil), "err.internal"), http.StatusInternalServerError) }
	if s.pages == nil || s.auth == nil {
		plain()
		return
	}
	defer func() {
		if v := recover(); v != nil {
			s.log.Error("panic rendering the error page", "path", r.URL.Path, "panic", fmt.Sprint(v))
			plain()
		}
	}()
	s.errorPage(w, r, s.sessionOrNil(r), http.StatusInternalServerError, "errpage.internalTitle", "err.internal")
}
