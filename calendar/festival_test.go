package calendar

import (
	"math"
	"testing"
	"time"
)

func festivalDates(year int) map[FestivalCode]string {
	m := map[FestivalCode]string{}
	for _, f := range FestivalsIn(year) {
		m[f.Code] = f.Date.String()
	}
	return m
}

func TestFestivalsKnownYears(t *testing.T) {
	want := map[int]map[FestivalCode]string{
		2024: {
			NewYear: "2024-01-01", SpringFestivalEve: "2024-02-09", SpringFestival: "2024-02-10",
			Lantern: "2024-02-24", Qingming: "2024-04-04", LabourDay: "2024-05-01", DragonBoat: "2024-06-10",
			MidAutumn: "2024-09-17", NationalDay: "2024-10-01", DoubleNinth: "2024-10-11",
		},
		2025: {
			NewYear: "2025-01-01", SpringFestivalEve: "2025-01-28", SpringFestival: "2025-01-29",
			Lantern: "2025-02-12", Qingming: "2025-04-04", LabourDay: "2025-05-01", DragonBoat: "2025-05-31",
			MidAutumn: "2025-10-06", NationalDay: "2025-10-01", DoubleNinth: "2025-10-29",
		},
		2026: {
			NewYear: "2026-01-01", SpringFestivalEve: "2026-02-16", SpringFestival: "2026-02-17",
			Lantern: "2026-03-03", Qingming: "2026-04-05", LabourDay: "2026-05-01", DragonBoat: "2026-06-19",
			MidAutumn: "2026-09-25", NationalDay: "2026-10-01", DoubleNinth: "2026-10-18",
		},
		2027: {
			NewYear: "2027-01-01", SpringFestivalEve: "2027-02-05", SpringFestival: "2027-02-06",
			Lantern: "2027-02-20", Qingming: "2027-04-05", LabourDay: "2027-05-01", DragonBoat: "2027-06-09",
			MidAutumn: "2027-09-15", NationalDay: "2027-10-01", DoubleNinth: "2027-10-08",
		},
	}
	for year, w := range want {
		got := festivalDates(year)
		if len(got) != len(w) {
			t.Errorf("%d: %d festivals, want %d: %v", year, len(got), len(w), got)
		}
		for code, d := range w {
			if got[code] != d {
				t.Errorf("%d %s = %s, want %s", year, code, got[code], d)
			}
		}
	}
}

func TestFestivalsInOrderAndNames(t *testing.T) {
	for year := MinYear; year <= MaxYear; year++ {
		fs := FestivalsIn(year)
		n := 10
		if year == MinYear {
			n = 9 // 除夕 of lunar 1899 is outside the table
		}
		if len(fs) != n {
			t.Fatalf("%d: %d festivals", year, len(fs))
		}
		for i, f := range fs {
			if f.Date.Year() != year || f.NameZH == "" || f.NameEN == "" {
				t.Fatalf("%d: %+v", year, f)
			}
			if i > 0 && f.Date.Before(fs[i-1].Date) {
				t.Fatalf("%d: %s before %s", year, f.Code, fs[i-1].Code)
			}
		}
		if dates := festivalDates(year); year > MinYear {
			if spring := date(t, dates[SpringFestival]); spring.AddDays(-1).String() != dates[SpringFestivalEve] {
				t.Fatalf("%d: 除夕 %s is not the eve of 春节 %s", year, dates[SpringFestivalEve], spring)
			}
		}
	}
	if FestivalsIn(1899) != nil || FestivalsIn(2101) != nil {
		t.Error("festivals outside 1900–2100")
	}
	fs := FestivalsIn(2026)
	if f := fs[2]; f.Code != SpringFestival || f.NameZH != "春节" || f.NameEN != "Spring Festival" || !f.Lunar {
		t.Errorf("2026 third festival = %+v", f)
	}
	if f := fs[0]; f.Code != NewYear || f.Lunar {
		t.Errorf("2026 first festival = %+v", f)
	}
}

func TestFestivalsBetween(t *testing.T) {
	got := FestivalsBetween(date(t, "2026-12-28"), date(t, "2027-02-06"))
	var codes []FestivalCode
	for _, f := range got {
		codes = append(codes, f.Code)
	}
	want := []FestivalCode{NewYear, SpringFestivalEve, SpringFestival}
	if len(codes) != len(want) || codes[0] != want[0] || codes[1] != want[1] || codes[2] != want[2] {
		t.Errorf("FestivalsBetween = %v, want %v", codes, want)
	}
	if got := FestivalsBetween(date(t, "2026-09-25"), date(t, "2026-09-25")); len(got) != 1 || got[0].Code != MidAutumn {
		t.Errorf("one-day window = %v", got)
	}
	if got := FestivalsBetween(date(t, "2026-10-02"), date(t, "2026-10-01")); got != nil {
		t.Errorf("reversed window = %v", got)
	}
}

func TestQingming(t *testing.T) {
	known := map[int]string{
		1900: "1900-04-05", 1912: "1912-04-05", 1935: "1935-04-06", 1943: "1943-04-06", 1949: "1949-04-05",
		1976: "1976-04-04", 1984: "1984-04-04", 2000: "2000-04-04", 2008: "2008-04-04", 2019: "2019-04-05",
		2020: "2020-04-04", 2023: "2023-04-05", 2024: "2024-04-04", 2025: "2025-04-04", 2026: "2026-04-05",
		2027: "2027-04-05", 2028: "2028-04-04", 2100: "2100-04-05",
	}
	for y, want := range known {
		if got := QingmingDate(y).String(); got != want {
			t.Errorf("QingmingDate(%d) = %s, want %s", y, got, want)
		}
	}
	// The 寿星 formula ⌊Y·D + C⌋ − ⌊Y/4⌋ (Y the last two digits) agrees with the table for 1900–2099.
	for y := 1900; y <= 2099; y++ {
		c := 5.59
		if y >= 2000 {
			c = 4.81
		}
		yy := y % 100
		want := int(math.Floor(float64(yy)*0.2422+c)) - yy/4
		if got := QingmingDate(y); got.Month() != time.April || got.Day() != want {
			t.Errorf("QingmingDate(%d) = %s, formula gives April %d", y, got, want)
		}
	}
	if !QingmingDate(1899).IsZero() || !QingmingDate(2101).IsZero() {
		t.Error("清明 outside 1900–2100")
	}
}
