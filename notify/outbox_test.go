package notify

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// gateway is an SMS gateway on loopback: it answers each request with the next status of its script (the
// last one repeating) and keeps what it received.
type gateway struct {
	srv    *httptest.Server
	mu     sync.Mutex
	script []int
	got    []smsRequest
}

type smsRequest struct {
	Mobile, Text, ID string
	Auth             string
}

func newGateway(t *testing.T, script ...int) *gateway {
	g := &gateway{script: script}
	g.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req smsRequest
		body, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(body, &req); err != nil || r.Method != http.MethodPost {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		req.Auth = r.Header.Get("Authorization")
		g.mu.Lock()
		status := g.script[min(len(g.got), len(g.script)-1)]
		g.got = append(g.got, req)
		g.mu.Unlock()
		w.WriteHeader(status)
		io.WriteString(w, `{"result":"`+http.StatusText(status)+`"}`)
	}))
	t.Cleanup(g.srv.Close)
	return g
}

func (g *gateway) requests() []smsRequest {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]smsRequest(nil), g.got...)
}

func TestSMSGatewayAnswers(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		status        int
		ok, permanent bool
	}{
		{200, true, false}, {202, true, false}, {400, false, true}, {404, false, true}, {429, false, false}, {500, false, false}, {503, false, false},
	} {
		g := newGateway(t, tt.status)
		sms, _ := NewSMSGateway(g.srv.URL+"/send", "tok")
		err := sms.Send(ctx, Message{ID: 7, To: "13800138000", Body: "中秋快乐"})
		if (err == nil) != tt.ok || IsPermanent(err) != tt.permanent {
			t.Errorf("status %d: %v (permanent %v)", tt.status, err, IsPermanent(err))
		}
		if r := g.requests(); len(r) != 1 || r[0].Mobile != "13800138000" || r[0].Text != "中秋快乐" || r[0].ID != "greeting-7" || r[0].Auth != "Bearer tok" {
			t.Errorf("status %d: request %+v", tt.status, r)
		}
	}
	// A gateway that does not answer in time: temporary.
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { time.Sleep(300 * time.Millisecond) }))
	defer slow.Close()
	sms := &SMSGateway{URL: slow.URL, Client: &http.Client{Timeout: 50 * time.Millisecond}}
	if err := sms.Send(ctx, Message{ID: 8, To: "13800138000", Body: "x"}); err == nil || IsPermanent(err) {
		t.Errorf("timeout: %v, want temporary", err)
	}
	if _, err := NewSMSGateway("ftp://x", ""); err == nil {
		t.Error("an ftp URL accepted")
	}
}

// bank is a store with the fixture and a 中秋 batch approved by OT1's supervisor: C001 by SMS, C002 by
// e-mail, C003 by SMS.
type bank struct {
	s   *store.Store
	f   storetest.Fixture
	url string
}

var midAutumn = domain.NewDate(2027, 9, 15)

func openBank(t *testing.T, url string) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

func newBank(t *testing.T, engine string) *bank {
	t.Helper()
	url := storetest.URL(t, engine)
	s := openBank(t, url)
	f := storetest.Seed(t, s)
	ctx := context.Background()
	rows := []store.GreetingRow{
		{ClientID: "C001", Channel: "sms", Address: "13800138000", Body: "尊敬的张先生：中秋快乐！"},
		{ClientID: "C002", Channel: "email", Address: "lina@example.cn", Subject: "中秋节快乐", Body: "尊敬的李女士：中秋快乐！"},
		{ClientID: "C003", Channel: "sms", Address: "13700001111", Body: "尊敬的王女士：中秋快乐！"},
	}
	for i := range rows {
		rows[i].Occasion, rows[i].Kind, rows[i].On, rows[i].OutletID, rows[i].Tier = "mid_autumn-2027", "mid_autumn", midAutumn, "OT1", "T3"
	}
	if _, err := s.PrepareGreetings(ctx, rows); err != nil {
		t.Fatal(err)
	}
	sup := f.Staff["sup01"]
	org, _ := s.Org(ctx, sup.OrgID)
	// Approved the evening before, by the store's clock: a batch whose day is over cannot be approved.
	clock := s.Now
	s.Now = func() time.Time { return time.Date(2027, 9, 14, 18, 0, 0, 0, domain.Shanghai) }
	if _, err := s.DecideGreetingBatch(ctx, access.ScopeFor(sup, org), sup.ID, "OT1", "mid_autumn", midAutumn, true,
		time.Date(2027, 9, 15, 8, 0, 0, 0, domain.Shanghai)); err != nil {
		t.Fatal(err)
	}
	s.Now = clock
	return &bank{s: s, f: f, url: url}
}

func (b *bank) states(t *testing.T) map[string]string {
	t.Helper()
	vs, err := b.s.Greetings(context.Background(), access.Scope{Reach: access.ReachAll}, store.GreetingFilter{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, v := range vs {
		out[v.ClientID] = v.State
	}
	return out
}

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// TestOutboxRetriesQuietHoursOptOutAndRestart sends a batch through a real HTTP gateway (500, then 200)
// and a real SMTP server on loopback.
func TestOutboxRetriesQuietHoursOptOutAndRestart(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			b := newBank(t, engine)
			ctx := context.Background()
			g := newGateway(t, 500, 200)
			mailSrv := newSMTPServer(t)
			sms, _ := NewSMSGateway(g.srv.URL, "tok")
			email, _ := ParseSMTPURL("smtp://" + mailSrv.addr() + "?from=greetings@bank.cn")
			p := policy.Default() // quiet 21:00–08:00, first retry after 5 minutes
			clk := &clock{time.Date(2027, 9, 14, 22, 0, 0, 0, domain.Shanghai)}
			box := &Outbox{Store: b.s, Policy: p, SMS: sms, Email: email, Now: clk.now}

			// The evening before: not due yet. At 07:30 on the day: quiet hours.
			for _, at := range []time.Time{clk.t, time.Date(2027, 9, 15, 7, 30, 0, 0, domain.Shanghai)} {
				clk.t = at
				rep, err := box.Drain(ctx)
				if err != nil || rep.Sent+rep.Retrying+rep.Failed != 0 {
					t.Fatalf("at %s: %+v, %v", at, rep, err)
				}
			}
			if len(g.requests()) != 0 || len(mailSrv.received()) != 0 {
				t.Fatal("something was sent before 08:00")
			}
			// C003 opts out after the approval: never sent.
			rm := b.f.Staff["sup01"]
			org, _ := b.s.Org(ctx, rm.OrgID)
			if err := b.s.SetGreetingOptOut(ctx, access.ScopeFor(rm, org), rm.ID, "C003", true, "客户要求不再发送"); err != nil {
				t.Fatal(err)
			}
			// 08:00: the e-mail goes, the SMS meets a 500 and waits.
			clk.t = time.Date(2027, 9, 15, 8, 0, 0, 0, domain.Shanghai)
			rep, err := box.Drain(ctx)
			if err != nil || rep.Sent != 1 || rep.Retrying != 1 {
				t.Fatalf("08:00: %+v, %v", rep, err)
			}
			if st := b.states(t); st["C001"] != "approved" || st["C002"] != "sent" || st["C003"] != "skipped" {
				t.Fatalf("after 08:00: %v", st)
			}
			// 08:03: the back-off has not passed.
			clk.t = clk.t.Add(3 * time.Minute)
			if rep, _ := box.Drain(ctx); rep.Sent+rep.Retrying != 0 {
				t.Fatalf("08:03: %+v", rep)
			}
			// The process restarts: new store, new outbox, same database.
			b.s.Close()
			b.s = openBank(t, b.url)
			defer b.s.Close()
			box = &Outbox{Store: b.s, Policy: p, SMS: sms, Email: email, Now: clk.now}
			clk.t = clk.t.Add(2 * time.Minute)
			if rep, err := box.Drain(ctx); err != nil || rep.Sent != 1 {
				t.Fatalf("08:05: %+v, %v", rep, err)
			}
			if st := b.states(t); st["C001"] != "sent" {
				t.Fatalf("after the retry: %v", st)
			}
			// Nothing more, however often the outbox runs, before or after another restart.
			for i := 0; i < 2; i++ {
				clk.t = clk.t.Add(time.Hour)
				if rep, _ := box.Drain(ctx); rep.Sent+rep.Retrying+rep.Failed != 0 {
					t.Fatalf("a later pass: %+v", rep)
				}
				b.s.Close()
				b.s = openBank(t, b.url)
				box.Store = b.s
			}
			reqs := g.requests()
			if len(reqs) != 2 || reqs[0].ID != reqs[1].ID || reqs[0].Mobile != "13800138000" || len(mailSrv.received()) != 1 {
				t.Fatalf("gateway saw %+v, mail server %d", reqs, len(mailSrv.received()))
			}
			// The sent messages are contacts on the clients' time lines.
			tl, _ := b.s.Timeline(ctx, access.Scope{Reach: access.ReachAll}, "C002", 5)
			if len(tl) == 0 || tl[0].Code != "email" || tl[0].Text != "问候：中秋节快乐 | 尊敬的李女士：中秋快乐！" {
				t.Fatalf("C002's time line: %+v", tl)
			}
		})
	}
}

// TestOutboxCrashMidSend: a sender claims a message and stops before the gateway answers. The next
// process marks it unknown and never sends it; the supervisor's retry sends it once.
func TestOutboxCrashMidSend(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			b := newBank(t, engine)
			ctx := context.Background()
			at := time.Date(2027, 9, 15, 9, 0, 0, 0, domain.Shanghai)
			m, ok, err := b.s.ClaimGreeting(ctx, at, []string{"sms"})
			if err != nil || !ok {
				t.Fatal(ok, err)
			}
			b.s.Close() // killed mid-send

			b.s = openBank(t, b.url)
			defer b.s.Close()
			g := newGateway(t, 200)
			sms, _ := NewSMSGateway(g.srv.URL, "")
			clk := &clock{at.Add(15 * time.Minute)}
			box := &Outbox{Store: b.s, Policy: policy.Default(), SMS: sms, Now: clk.now}
			rep, err := box.Drain(ctx)
			if err != nil || rep.Recovered != 1 || rep.Sent != 1 {
				t.Fatalf("after the crash: %+v, %v", rep, err)
			}
			for _, r := range g.requests() {
				if r.ID == "greeting-"+strconv.FormatInt(m.ID, 10) {
					t.Fatalf("the message claimed before the crash was sent again: %+v", r)
				}
			}
			vs, _ := b.s.Greetings(ctx, access.Scope{Reach: access.ReachAll}, store.GreetingFilter{States: []string{"unknown"}})
			if len(vs) != 1 || vs[0].ID != m.ID || vs[0].LastError != store.UnknownReason {
				t.Fatalf("unknown: %+v", vs)
			}
			sup := b.f.Staff["sup01"]
			org, _ := b.s.Org(ctx, sup.OrgID)
			if err := b.s.RetryGreeting(ctx, access.ScopeFor(sup, org), sup.ID, m.ID); err != nil {
				t.Fatal(err)
			}
			if rep, _ := box.Drain(ctx); rep.Sent != 1 {
				t.Fatalf("after the supervisor's retry: %+v", rep)
			}
		})
	}
}

// TestOutboxGivesUp: a gateway that always fails uses up the attempts, then the message is failed; a
// permanent refusal fails at once.
func TestOutboxGivesUp(t *testing.T) {
	b := newBank(t, "sqlite")
	defer b.s.Close()
	ctx := context.Background()
	g := newGateway(t, 503)
	sms, _ := NewSMSGateway(g.srv.URL, "")
	p := policy.Default()
	p.Greetings.MaxAttempts = 3
	clk := &clock{time.Date(2027, 9, 15, 9, 0, 0, 0, domain.Shanghai)}
	box := &Outbox{Store: b.s, Policy: p, SMS: sms, Now: clk.now}
	for i := 0; i < 6; i++ {
		if _, err := box.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		clk.t = clk.t.Add(time.Hour)
	}
	if n := len(g.requests()); n != 6 { // C001 and C003, 3 attempts each
		t.Fatalf("%d attempts, want 6", n)
	}
	if st := b.states(t); st["C001"] != "failed" || st["C003"] != "failed" || st["C002"] != "approved" {
		t.Fatalf("states %v (no e-mail sender: C002 waits)", st)
	}
}

// TestOutboxRunStopsWithContext: the loop inside `steward serve` sends what is due and returns when the
// server's context ends.
func TestOutboxRunStopsWithContext(t *testing.T) {
	b := newBank(t, "sqlite")
	defer b.s.Close()
	g := newGateway(t, 200)
	sms, _ := NewSMSGateway(g.srv.URL, "")
	clk := &clock{time.Date(2027, 9, 15, 9, 0, 0, 0, domain.Shanghai)}
	box := &Outbox{Store: b.s, Policy: policy.Default(), SMS: sms, Now: clk.now}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { box.Run(ctx, 10*time.Millisecond); close(done) }()
	deadline := time.Now().Add(5 * time.Second)
	for len(g.requests()) < 2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
	if n := len(g.requests()); n != 2 { // C001 and C003 by SMS; C002's e-mail waits for a mail server
		t.Fatalf("%d messages sent, want 2", n)
	}
}
