package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
)

// A teller opens a client from the list and records "asked about wealth products" with one more click
// (two clicks in all); the potential follows on the page. The supervisor's outlet page draws the star
// and tier distribution and the 80/20 curve.
func TestTellerObservationAndOutletPage(t *testing.T) {
	ts, st, _ := server(t, "sqlite")
	ctx := browser(t)
	c := rm01Client(t, st)
	on := domain.NewDate(2026, 11, 1)
	if err := st.SaveRatings(context.Background(), store.RatingRun{Kind: "monthly", Key: 202611, On: on}, []*store.RatingRow{
		{ClientID: c.ClientID, RatingMonth: 202611, RatedOn: on, StarPoints: 210055, PointsStars: 5, Contribution: 5, Service: 6, Floor: 6,
			Tier: "T4", Class: "A", Loyalty: 66, Matrix: "loyal", ParetoTop: true, Lifecycle: "active", ContribValue: 210055, Near: true},
	}, nil); err != nil {
		t.Fatal(err)
	}
	var stars, potential, pressed string
	err := chromedp.Run(ctx,
		login(ts.URL, "teller01"),
		chromedp.Navigate(ts.URL+"/clients?q="+c.ClientID),
		chromedp.Click(`#clients a.client-link`, chromedp.ByQuery), // click 1: open the client
		chromedp.WaitVisible("#rating", chromedp.ByQuery),
		chromedp.Click(`#observations button[data-signal="asked_wealth"]`, chromedp.ByQuery), // click 2: record
		chromedp.WaitVisible(`#observations button[data-signal="asked_wealth"][aria-pressed="true"]`, chromedp.ByQuery),
		chromedp.Text("#service-stars", &stars, chromedp.ByQuery),
		chromedp.Text("#potential", &potential, chromedp.ByQuery),
		chromedp.AttributeValue(`#observations button[data-signal="asked_wealth"]`, "aria-pressed", &pressed, nil, chromedp.ByQuery),
		chromedp.ScrollIntoView("#rating", chromedp.ByQuery),
		shot(t, "06-teller-observation"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(stars) != "六星" || !strings.HasPrefix(strings.TrimSpace(potential), "10") || pressed != "true" {
		t.Errorf("after the observation: stars %q, potential %q, pressed %q", stars, potential, pressed)
	}

	var canvases int
	err = chromedp.Run(ctx,
		login(ts.URL, "sup01"),
		chromedp.Navigate(ts.URL+"/outlets/"+c.OutletID),
		chromedp.WaitVisible("#chart-curve canvas", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll(".chart canvas").length`, &canvases),
		shot(t, "07-outlet-segments"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if canvases < 3 {
		t.Errorf("%d charts drawn, want 3", canvases)
	}
}
