package rating

import (
	"runtime"
	"testing"
)

// BenchmarkRateClient rates one client as the monthly re-rating does: star points over the window,
// contribution stars, upgrade floor and service stars, asset tier, and the move from its held rating.
func BenchmarkRateClient(b *testing.B) {
	b.Logf("GOMAXPROCS %d, %d CPUs", runtime.GOMAXPROCS(0), runtime.NumCPU())
	r := newRules(b)
	const days = 181
	clients := make([]Inputs, 1024)
	for i := range clients {
		k := int64(i)
		clients[i] = Inputs{Days: days, Short: held(yuan(3_000+k*97), days), Long: held(yuan(k*k*13), days-int(k%days)),
			Mortgage: held(yuan(k*1000%400_000), days), Purchases: yuan(k * 31), CardSpend: yuan(k * 7)}
	}
	b.ReportAllocs()
	sink := 0
	i := 0
	for b.Loop() {
		in := clients[i&1023]
		e, err := r.Evaluate(in, OrdinaryCreditCard)
		if err != nil {
			b.Fatal(err)
		}
		tier := r.Tier(in.Long / days)
		d := r.Move(Held{Stars: Stars{4, 4}}, e.Stars(), Monthly)
		sink += e.Service + int(tier) + d.Held.Service
		i++
	}
	if sink == 0 {
		b.Fatal("nothing rated")
	}
}

// BenchmarkExplain is the client view's explanation: the breakdown's display and the next star's gap.
func BenchmarkExplain(b *testing.B) {
	r := newRules(b)
	in := Inputs{Days: 181, Short: held(yuan(30_000), 181), Long: held(yuan(75_700), 181), Purchases: yuan(12_000)}
	b.ReportAllocs()
	for b.Loop() {
		bd, err := r.Points(in)
		if err != nil {
			b.Fatal(err)
		}
		g, _ := r.NextGap(&bd, r.ContributionStars(bd.Total))
		_ = bd.Total.String() + g.Needed.StringUp()
		_ = r.NearUpgrade(bd.Total, 4)
	}
}
