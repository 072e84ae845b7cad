package rating_test

import (
	"fmt"
	"time"

	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/rating"
)

// A client with 75 700 yuan in time deposits all through the window of the March 2025 re-rating, and
// an ordinary credit card.
func Example() {
	r, err := rating.New(policy.Default())
	if err != nil {
		panic(err)
	}
	w := r.RatingWindow(2025, time.March)
	in := rating.Inputs{Days: w.Days, Long: 7_570_000 * int64(w.Days)}
	e, err := r.Evaluate(in, rating.OrdinaryCreditCard)
	if err != nil {
		panic(err)
	}
	fmt.Printf("window %s to %s, %d days\n", w.From, w.To, w.Days)
	fmt.Printf("star points %s: contribution %s, service %s\n", e.Breakdown.Total,
		rating.StarsName(e.Contribution, "en"), rating.StarsName(e.Service, "en"))
	g, _ := r.NextGap(&e.Breakdown, e.Service)
	fmt.Printf("%s takes %s more points: +¥%s average long-term assets, or +¥%s of investment purchases\n",
		rating.StarsName(g.Target, "en"), g.Needed.StringUp(),
		policy.Money(g.Ways[rating.Long].Fen), policy.Money(g.Ways[rating.Purchase].Fen))
	fmt.Println("tier", r.Tier(7_570_000), "class", r.Class(7_570_000))
	d := r.Move(rating.Held{Stars: rating.Stars{Contribution: 5, Service: 5}}, e.Stars(), rating.Monthly)
	fmt.Println(d.Reason.Code, "-", d.Reason.Text("en"))
	// Output:
	// window 2024-09-01 to 2025-02-28, 181 days
	// star points 757.00: contribution 4 stars, service 4 stars
	// 5 stars takes 1243.00 more points: +¥124300.00 average long-term assets, or +¥62150.00 of investment purchases
	// tier T2 class B
	// down_grace - Downgrade warning: below the held contribution stars (5 stars) and service stars (5 stars) at 1 consecutive monthly rating(s); lowered at the next monthly rating if still below
}
