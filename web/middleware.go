package web

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"syscall"
	"time"
)

// reqInfo travels in a request's context so that inner handlers can tell the access log who made the
// request, once they know it.
type reqInfo struct {
	staff string
	// gone: the request failed because the client closed the connection (clientClosed), with goneErr.
	gone    bool
	goneErr error
}

type ctxKey int

const reqInfoKey ctxKey = iota

func infoOf(ctx context.Context) *reqInfo {
	if ri, ok := ctx.Value(reqInfoKey).(*reqInfo); ok {
		return ri
	}
	return &reqInfo{}
}

// clientClosed reports whether a request failed only because the person's browser or script closed the
// connection before the answer: net/http then cancels the request's context, and a write to the closed
// connection fails with a broken pipe or a reset. Nobody is left to read an error page and nothing is wrong
// with the server, so the caller answers nothing, and the access log records the request once, at INFO, as
// "client closed the connection" with status 499 (nginx's code for it) rather than as an ERROR 500.
func clientClosed(r *http.Request, err error) bool {
	if !errors.Is(r.Context().Err(), context.Canceled) && !connGone(err) {
		return false
	}
	ri := infoOf(r.Context())
	ri.gone, ri.goneErr = true, err
	return true
}

// connGone reports whether err is a write to a connection the peer has closed.
func connGone(err error) bool {
	return errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNRESET)
}

// statusClientClosed is the access log's status of a request whose client went away before the answer.
const statusClientClosed = 499

// recorder remembers a response's status and size for the access log and the panic handler.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
	// writeErr is the first failed write's error (a client gone mid-answer: a broken pipe).
	writeErr error
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
	if err != nil && rw.writeErr == nil {
		rw.writeErr = err
	}
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
		level, message := slog.LevelInfo, "http request"
		attrs := []slog.Attr{slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Int("status", status),
			slog.Duration("duration", time.Since(start)), slog.String("staff", ri.staff), slog.Int64("bytes", rw.bytes),
			slog.String("ip", clientIP(r))}
		// A client that went away before its answer (the handler said so, or nothing was written before the
		// connection closed, or writing failed) is not a server error.
		gone := ri.gone || connGone(rw.writeErr) || rw.status == 0 && errors.Is(r.Context().Err(), context.Canceled)
		switch {
		case gone:
			message = "client closed the connection"
			attrs[2] = slog.Int("status", statusClientClosed)
			if err := cmp.Or(ri.goneErr, rw.writeErr); err != nil {
				attrs = append(attrs, slog.String("err", err.Error()))
			}
		case status >= 500:
			level = slog.LevelError
		}
		s.log.LogAttrs(r.Context(), level, message, attrs...)
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
