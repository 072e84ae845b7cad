package alerts

import (
	"slices"
	"testing"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/rating"
)

func TestMissingDetailsAtTierBoundaries(t *testing.T) {
	on := domain.NewDate(2026, 12, 4)
	empty := ClientFile{ClientID: "C1"}
	counter := ClientFile{ClientID: "C2", Mobile: "13800000000", BirthDate: domain.NewDate(1970, 1, 2), Address: "中山路1号"}
	full := counter
	full.Occupation, full.Employer, full.Family, full.RiskExpires = "teacher", "第一中学", 2, on
	expired := full
	expired.RiskExpires = on.AddDays(-1)
	cases := []struct {
		name string
		f    ClientFile
		tier rating.Tier
		want []string
	}{
		{"T1 needs nothing", empty, rating.T1, nil},
		{"T2 needs the counter details", empty, rating.T2, []string{DetailMobile, DetailBirthDate, DetailAddress}},
		{"T2 with the counter details is complete", counter, rating.T2, nil},
		{"T3 needs the client file too", counter, rating.T3, []string{DetailOccupation, DetailEmployer, DetailFamily, DetailRisk}},
		{"T3 empty lacks everything", empty, rating.T3, AllDetails},
		{"T3 full file, assessment in force on the day", full, rating.T3, nil},
		{"T3 assessment expired the day before", expired, rating.T3, []string{DetailRisk}},
		{"T5 as T3", expired, rating.T5, []string{DetailRisk}},
	}
	for _, c := range cases {
		got := MissingDetails(c.f, c.tier, on)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: missing %v, want %v", c.name, got, c.want)
		}
		if n := RequiredDetails(c.tier); n < len(got) {
			t.Errorf("%s: %d details required but %d missing", c.name, n, len(got))
		}
	}
	// The alert keeps to the counter details: a T3 client with them raises none.
	if _, ok := InfoIncomplete(counter, rating.T3, on); ok {
		t.Error("the alert fired for a T3 client with the counter details")
	}
	if a, ok := InfoIncomplete(empty, rating.T2, on); !ok || a.Figures.Missing != "mobile,birth_date,address" {
		t.Errorf("alert of an empty T2 file: %+v %v", a, ok)
	}
}
