package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/calendar"
	"github.com/steward-bank/steward/notify"
	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/web"
)

func (c *cli) serve(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var d dbFlags
	d.register(fs)
	addr := fs.String("addr", ":8080", "listen address")
	secure := fs.Bool("secure-cookies", false, "mark session cookies Secure (behind HTTPS)")
	var ch channelFlags
	ch.register(fs)
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usagef("serve takes no arguments, got %q", pos)
	}
	pol, source, err := d.loadPolicy()
	if err != nil {
		return err
	}
	cal, err := loadCalendar(d.data)
	if err != nil {
		return err
	}
	st, err := d.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	logger := slog.New(slog.NewTextHandler(c.stderr, nil))
	logger.Info("policy", "source", source)
	outbox, err := ch.outbox(st, pol, logger)
	if err != nil {
		return err
	}
	return c.listen(ctx, st, pol, listenOpts{addr: *addr, secure: *secure, reportDir: filepath.Join(d.data, "reports"), outbox: outbox,
		calendar: cal, holidayDir: holidayDir(d.data)}, logger)
}

// listenOpts say how to serve.
type listenOpts struct {
	addr      string
	secure    bool   // Secure cookies (behind HTTPS)
	demo      bool   // the demo banner
	reportDir string // the import reports shown to administrators
	// outbox, when set, sends approved greetings in the background while the server runs.
	outbox *notify.Outbox
	// calendar is the effective working-day calendar, read from holidayDir (<data>/holidays) and the
	// shipped schedules; administrators add files to holidayDir from the web page.
	calendar   *calendar.WorkCalendar
	holidayDir string
}

// listen serves until ctx ends, then shuts down gracefully.
func (c *cli) listen(ctx context.Context, st *store.Store, pol *policy.Policy, o listenOpts, logger *slog.Logger) error {
	addr := o.addr
	svc := auth.NewService(st, pol)
	cfg := web.Config{Store: st, Auth: svc, Policy: pol, Logger: logger, Demo: o.demo, SecureCookies: o.secure,
		ReportDir: o.reportDir, Calendar: o.calendar, HolidayDir: o.holidayDir}
	if o.outbox != nil {
		cfg.GreetingChannels = o.outbox.Channels()
	}
	srv, err := web.New(cfg)
	if err != nil {
		return err
	}
	var years []string
	for _, src := range o.calendar.Sources() {
		years = append(years, src.String())
	}
	logger.Info("working-day calendar", "years", strings.Join(years, "; "))
	if y, missing := missingNextYear(o.calendar, time.Now()); missing {
		logger.Warn("the working-day calendar does not cover next year: due dates then count weekends only; "+
			"add the State Council's schedule on the page /admin/calendar or as the file", "year", y,
			"file", filepath.Join(o.holidayDir, strconv.Itoa(y)+".txt"))
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      5 * time.Minute, // exports of large books
		IdleTimeout:       2 * time.Minute,
	}
	go purgeSessions(ctx, st, logger)
	if o.outbox != nil {
		logger.Info("greetings outbox", "channels", o.outbox.Channels())
		go o.outbox.Run(ctx, time.Minute)
	}
	logger.Info("steward serving", "addr", ln.Addr().String(), "db", st.Dialect().String(), "pid", os.Getpid())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// purgeSessions deletes expired sessions every hour.
func purgeSessions(ctx context.Context, st *store.Store, logger *slog.Logger) {
	tick := time.NewTicker(time.Hour)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if n, err := st.PurgeSessions(ctx); err != nil {
				logger.Error("purge sessions", "err", err)
			} else if n > 0 {
				logger.Info("purged expired sessions", "count", n)
			}
		}
	}
}
