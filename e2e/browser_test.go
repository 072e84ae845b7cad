// Package e2e drives Steward's real pages in headless Chromium (Debian's package), as a person would, and
// saves screenshots under test-output/screenshots (or $STEWARD_SCREENSHOTS).
package e2e

import (
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/demo"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
	"github.com/steward-bank/steward/web"
)

const demoPassword = "Demo@2026"

// chromium finds the browser, or skips (fails under STEWARD_REQUIRE_BROWSER=1, as in make test).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("STEWARD_REQUIRE_BROWSER") == "1" {
		t.Fatal("STEWARD_REQUIRE_BROWSER=1 but no chromium on PATH (make test installs Debian's chromium)")
	}
	t.Skip("no chromium on PATH")
	return ""
}

func screenshotDir(t *testing.T) string {
	dir := os.Getenv("STEWARD_SCREENSHOTS")
	if dir == "" {
		wd, _ := os.Getwd()
		dir = filepath.Join(wd, "..", "test-output", "screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// server builds a small demo bank on the given engine and serves it on loopback.
func server(t *testing.T, engine string) (*httptest.Server, *store.Store, *demo.Bank) {
	t.Helper()
	ctx := context.Background()
	st := storetest.Open(t, engine)
	bank := demo.Generate(demo.Options{Clients: 600, Seed: 7})
	if _, err := demo.Load(ctx, st, bank, demoPassword); err != nil {
		t.Fatal(err)
	}
	pol := policy.Default()
	srv, err := web.New(web.Config{Store: st, Auth: auth.NewService(st, pol), Policy: pol,
		Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})), Demo: true})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts, st, bank
}

func browser(t *testing.T) context.Context {
	t.Helper()
	// Chromium's helper processes may still write into the profile for a moment after the browser is
	// stopped, so the profile is removed with retries rather than by t.TempDir's one-shot cleanup.
	profile, err := os.MkdirTemp("", "steward-e2e-profile-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for range 50 {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Logf("browser profile %s left behind", profile)
	})
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", "zh-CN"),
		chromedp.WindowSize(1366, 900),
		chromedp.UserDataDir(profile),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel3)
	if err := chromedp.Run(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// shot saves a screenshot of the whole page as name.png in the screenshot directory.
//
// A full-page capture (Page.captureScreenshot beyond the viewport) waits for a fresh composited frame of
// the whole page, and headless Chromium now and then never produces one after a scroll: the capture
// stalls with the page otherwise healthy. So it gets 10 seconds, and then the visible viewport is taken
// instead, which needs no new frame of the parts off screen.
func shot(t *testing.T, name string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		var buf []byte
		full, cancel := context.WithTimeout(ctx, 10*time.Second)
		err := chromedp.FullScreenshot(&buf, 100).Do(full)
		cancel()
		if err != nil && ctx.Err() == nil {
			t.Logf("screenshot %s: the full page did not render in 10 s (%v); taking the viewport", name, err)
			err = chromedp.CaptureScreenshot(&buf).Do(ctx)
		}
		if err != nil {
			return err
		}
		path := filepath.Join(screenshotDir(t), name+".png")
		t.Logf("screenshot %s", path)
		return os.WriteFile(path, buf, 0o644)
	})
}

func login(base, user string) chromedp.Tasks {
	return chromedp.Tasks{
		network.Enable(),
		network.SetExtraHTTPHeaders(network.Headers{"Accept-Language": "zh-CN,zh;q=0.9"}),
		network.ClearBrowserCookies(),
		chromedp.Navigate(base + "/login"),
		chromedp.WaitVisible("#username", chromedp.ByQuery),
		chromedp.SendKeys("#username", user, chromedp.ByQuery),
		chromedp.SendKeys("#password", demoPassword, chromedp.ByQuery),
		chromedp.Click(`button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitNotPresent("#password", chromedp.ByQuery),
	}
}

// rm01Client picks one of rm01's clients from the demo bank.
func rm01Client(t *testing.T, st *store.Store) domain.Client {
	t.Helper()
	ctx := context.Background()
	rm01, err := st.StaffByUsername(ctx, "rm01")
	if err != nil {
		t.Fatal(err)
	}
	page, err := st.SearchClients(ctx, access.Scope{Reach: access.ReachAll}, store.ClientFilter{RMID: rm01.ID, Sort: "aum", Desc: true, Limit: 1})
	if err != nil || len(page.Items) == 0 {
		t.Fatalf("rm01 has no client in the demo bank (%v)", err)
	}
	c, err := st.Client(ctx, access.Scope{Reach: access.ReachAll}, page.Items[0].ClientID)
	if err != nil {
		t.Fatal(err)
	}
	return c.Client
}

func TestRMFindsAndOpensOwnClientButNotAnothers(t *testing.T) {
	ts, st, _ := server(t, "sqlite")
	ctx := browser(t)
	c := rm01Client(t, st)

	// rm01 logs in, searches the client by name, and opens it.
	var listText, name, mobile string
	err := chromedp.Run(ctx,
		login(ts.URL, "rm01"),
		shot(t, "01-rm01-home"),
		chromedp.Navigate(ts.URL+"/clients"),
		chromedp.WaitVisible("#q", chromedp.ByQuery),
		chromedp.SendKeys("#q", c.Name+"\n", chromedp.ByQuery),
		chromedp.WaitVisible("#clients tr.client-row", chromedp.ByQuery),
		chromedp.Text("#clients", &listText, chromedp.ByQuery),
		shot(t, "02-rm01-search"),
		chromedp.Click(fmt.Sprintf(`#clients a.client-link[href$="/clients/%s"]`, c.ClientID), chromedp.ByQuery),
		chromedp.WaitVisible("#client-view", chromedp.ByQuery),
		chromedp.Text("#client-name", &name, chromedp.ByQuery),
		chromedp.Text("#client-mobile", &mobile, chromedp.ByQuery),
		shot(t, "03-rm01-client-view"),
	)
	if err != nil {
		t.Fatalf("rm01's session: %v", err)
	}
	if !strings.Contains(listText, c.ClientID) {
		t.Errorf("search for %q did not list %s:\n%s", c.Name, c.ClientID, listText)
	}
	if strings.TrimSpace(name) != c.Name {
		t.Errorf("client view shows name %q, want %q", name, c.Name)
	}
	if c.Mobile != "" && strings.TrimSpace(mobile) != c.Mobile {
		t.Errorf("client view shows mobile %q, want %q (unmasked for the client's RM)", mobile, c.Mobile)
	}

	// rm02, of the same outlet, can neither find nor open rm01's client.
	var body, rm02List string
	err = chromedp.Run(ctx,
		login(ts.URL, "rm02"),
		chromedp.Navigate(ts.URL+"/clients?q="+c.ClientID),
		chromedp.WaitVisible("#q", chromedp.ByQuery),
		chromedp.Text("body", &rm02List, chromedp.ByQuery),
		chromedp.Navigate(ts.URL+"/clients/"+c.ClientID),
		chromedp.WaitReady("body", chromedp.ByQuery),
		chromedp.Text("body", &body, chromedp.ByQuery),
		shot(t, "04-rm02-refused"),
	)
	if err != nil {
		t.Fatalf("rm02's session: %v", err)
	}
	if strings.Contains(rm02List, c.Name) {
		t.Errorf("rm02's search for %s shows the client's name", c.ClientID)
	}
	if strings.Contains(body, c.Name) || (c.Mobile != "" && strings.Contains(body, c.Mobile)) {
		t.Errorf("rm02 sees rm01's client %s", c.ClientID)
	}
	if !strings.Contains(body, "404") && !strings.Contains(body, "不存在") && !strings.Contains(strings.ToLower(body), "not found") {
		t.Errorf("rm02 opening %s: page does not say not found:\n%.300s", c.ClientID, body)
	}
	// The refused attempt is not a view; rm01's view is audited.
	evs, err := st.AuditEvents(context.Background(), store.AuditFilter{Action: domain.AuditClientView, ObjectID: c.ClientID})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 || evs[0].ActorName != "rm01" {
		t.Errorf("client_view audit for %s: %+v, want one by rm01", c.ClientID, evs)
	}
}

func TestTellerSeesMaskedClient(t *testing.T) {
	ts, st, _ := server(t, "sqlite")
	ctx := browser(t)
	c := rm01Client(t, st)
	if c.Mobile == "" {
		t.Skip("chosen client has no mobile")
	}
	var mobile, idNumber string
	err := chromedp.Run(ctx,
		login(ts.URL, "teller01"),
		chromedp.Navigate(ts.URL+"/clients/"+c.ClientID),
		chromedp.WaitVisible("#client-view", chromedp.ByQuery),
		chromedp.Text("#client-mobile", &mobile, chromedp.ByQuery),
		chromedp.Text("#client-id-number", &idNumber, chromedp.ByQuery),
		shot(t, "05-teller-masked"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if want := c.Mobile[:3] + "****" + c.Mobile[7:]; strings.TrimSpace(mobile) != want {
		t.Errorf("teller sees mobile %q, want %q", mobile, want)
	}
	if strings.Contains(idNumber, c.IDNumber) {
		t.Errorf("teller sees the whole ID number %q", idNumber)
	}
}
