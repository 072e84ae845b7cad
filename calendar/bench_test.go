package calendar

import (
	"math/rand/v2"
	"testing"

	"github.com/steward-bank/steward/domain"
)

// benchDates is 4096 dates spread over the supported range.
func benchDates() []domain.Date {
	first, last := SupportedRange()
	span := dayOf(last) - dayOf(first)
	r := rand.New(rand.NewPCG(1, 2))
	ds := make([]domain.Date, 4096)
	for i := range ds {
		ds[i] = first.AddDays(r.IntN(span + 1))
	}
	return ds
}

func BenchmarkSolarToLunar(b *testing.B) {
	ds := benchDates()
	for i := 0; b.Loop(); i++ {
		if _, err := SolarToLunar(ds[i&4095]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLunarToSolar(b *testing.B) {
	ds := benchDates()
	ls := make([]LunarDate, len(ds))
	for i, d := range ds {
		ls[i], _ = SolarToLunar(d)
	}
	for i := 0; b.Loop(); i++ {
		if _, err := LunarToSolar(ls[i&4095]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNextLunarOccurrence is the nightly birthday pass: one business date, many clients' lunar
// birthdays.
func BenchmarkNextLunarOccurrence(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	type birthday struct{ month, day int }
	bs := make([]birthday, 4096)
	for i := range bs {
		bs[i] = birthday{1 + r.IntN(12), 1 + r.IntN(30)}
	}
	today := domain.NewDate(2026, 11, 23)
	for i := 0; b.Loop(); i++ {
		bd := bs[i&4095]
		if NextLunarOccurrence(bd.month, bd.day, today).IsZero() {
			b.Fatal("no occurrence")
		}
	}
}

func BenchmarkNextSolarOccurrence(b *testing.B) {
	today := domain.NewDate(2026, 11, 23)
	for i := 0; b.Loop(); i++ {
		if NextSolarOccurrence(1+i%12, 1+i%28, today).IsZero() {
			b.Fatal("no occurrence")
		}
	}
}

func BenchmarkIsWorkingDay(b *testing.B) {
	c := Default()
	d := domain.NewDate(2026, 1, 1)
	ds := make([]domain.Date, 512)
	for i := range ds {
		ds[i] = d.AddDays(i)
	}
	for i := 0; b.Loop(); i++ {
		c.IsWorkingDay(ds[i&511])
	}
}
