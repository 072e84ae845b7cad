package calendar

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/domain"
)

func date(t testing.TB, s string) domain.Date {
	t.Helper()
	d, err := domain.ParseDate(s)
	if err != nil || d.IsZero() {
		t.Fatalf("bad test date %q: %v", s, err)
	}
	return d
}

func TestSolarToLunarKnownDates(t *testing.T) {
	tests := []struct {
		solar string
		want  LunarDate
	}{
		{"1900-01-31", LunarDate{1900, 1, 1, false}}, // first day of the table
		{"1900-02-01", LunarDate{1900, 1, 2, false}},
		{"1900-03-01", LunarDate{1900, 2, 1, false}},
		{"1900-09-24", LunarDate{1900, 8, 1, true}}, // 1900 闰八月
		{"1900-12-31", LunarDate{1900, 11, 10, false}},
		{"1901-02-18", LunarDate{1900, 12, 30, false}},
		{"1901-02-19", LunarDate{1901, 1, 1, false}},
		{"1911-10-10", LunarDate{1911, 8, 19, false}},
		{"1933-07-23", LunarDate{1933, 6, 1, false}}, // after a 30-day 闰五月
		{"1949-10-01", LunarDate{1949, 8, 10, false}},
		{"1954-03-04", LunarDate{1954, 1, 30, false}},
		{"1956-06-08", LunarDate{1956, 4, 30, false}},
		{"1978-06-06", LunarDate{1978, 5, 1, false}},
		{"1984-12-22", LunarDate{1984, 11, 1, false}}, // after 1984 闰十月
		{"1996-02-19", LunarDate{1996, 1, 1, false}},
		{"1997-07-01", LunarDate{1997, 5, 27, false}},
		{"2000-01-01", LunarDate{1999, 11, 25, false}},
		{"2001-01-23", LunarDate{2000, 12, 29, false}},
		{"2001-01-24", LunarDate{2001, 1, 1, false}},
		{"2008-08-08", LunarDate{2008, 7, 8, false}},
		{"2012-12-21", LunarDate{2012, 11, 9, false}},
		{"2017-08-21", LunarDate{2017, 6, 30, true}}, // last day of 2017 闰六月
		{"2020-01-24", LunarDate{2019, 12, 30, false}},
		{"2020-05-22", LunarDate{2020, 4, 30, false}},
		{"2020-05-23", LunarDate{2020, 4, 1, true}}, // 2020 闰四月初一
		{"2020-06-20", LunarDate{2020, 4, 29, true}},
		{"2020-06-21", LunarDate{2020, 5, 1, false}},
		{"2023-03-21", LunarDate{2023, 2, 30, false}},
		{"2023-03-22", LunarDate{2023, 2, 1, true}}, // 2023 闰二月
		{"2023-04-19", LunarDate{2023, 2, 29, true}},
		{"2023-04-20", LunarDate{2023, 3, 1, false}},
		{"2025-07-25", LunarDate{2025, 6, 1, true}}, // 2025 闰六月
		{"2025-08-22", LunarDate{2025, 6, 29, true}},
		{"2026-02-16", LunarDate{2025, 12, 29, false}}, // 除夕 2026
		{"2026-02-17", LunarDate{2026, 1, 1, false}},   // 春节 2026
		{"2026-09-25", LunarDate{2026, 8, 15, false}},  // 中秋 2026
		{"2033-11-21", LunarDate{2033, 10, 30, false}},
		{"2033-12-22", LunarDate{2033, 11, 1, true}}, // 2033 闰冬月
		{"2034-01-19", LunarDate{2033, 11, 29, true}},
		{"2034-01-20", LunarDate{2033, 12, 1, false}},
		{"2050-01-23", LunarDate{2050, 1, 1, false}},
		{"2099-03-22", LunarDate{2099, 2, 1, true}},
		{"2100-02-09", LunarDate{2100, 1, 1, false}},
		{"2100-12-31", LunarDate{2100, 12, 1, false}},
		{"2101-01-28", LunarDate{2100, 12, 29, false}}, // last supported day
	}
	for _, tt := range tests {
		d := date(t, tt.solar)
		got, err := SolarToLunar(d)
		if err != nil || got != tt.want {
			t.Errorf("SolarToLunar(%s) = %v, %v; want %v", tt.solar, got, err, tt.want)
		}
		back, err := LunarToSolar(tt.want)
		if err != nil || back != d {
			t.Errorf("LunarToSolar(%v) = %s, %v; want %s", tt.want, back, err, tt.solar)
		}
	}
}

// mmdd reads the i-th MMDD of a packed list as a date of year.
func mmdd(t *testing.T, list string, i, year int) domain.Date {
	t.Helper()
	m, err1 := strconv.Atoi(list[4*i : 4*i+2])
	d, err2 := strconv.Atoi(list[4*i+2 : 4*i+4])
	if err1 != nil || err2 != nil {
		t.Fatalf("bad test data at %d", i)
	}
	return domain.NewDate(year, time.Month(m), d)
}

// The lists below come from an astronomical computation of new moons and solar terms in Beijing time,
// independent of the table they check.
func TestLunarDaysEveryYear(t *testing.T) {
	lists := []struct {
		name       string
		list       string
		month, day int
		years      int
	}{
		{"正月初一", newYears, 1, 1, MaxYear - MinYear + 2},
		{"端午", dragonBoats, 5, 5, MaxYear - MinYear + 1},
		{"中秋", midAutumns, 8, 15, MaxYear - MinYear + 1},
	}
	for _, l := range lists {
		if len(l.list) != 4*l.years {
			t.Fatalf("%s: %d entries, want %d", l.name, len(l.list)/4, l.years)
		}
		for i := range l.years {
			year := MinYear + i
			want := mmdd(t, l.list, i, year)
			if year > MaxYear { // 2101 正月初一: one day after the range
				_, last := SupportedRange()
				if last.AddDays(1) != want {
					t.Errorf("last supported day %s, want the day before %s", last, want)
				}
				continue
			}
			got, err := LunarToSolar(LunarDate{Year: year, Month: l.month, Day: l.day})
			if err != nil || got != want {
				t.Errorf("%d %s = %s, %v; want %s", year, l.name, got, err, want)
			}
		}
	}
}

func TestLeapMonths(t *testing.T) {
	leapYears := map[int]bool{}
	for _, f := range leapMonthStarts {
		ds, ms, _ := strings.Cut(f, ":")
		d := date(t, ds)
		m, _ := strconv.Atoi(ms)
		year := d.Year()
		leapYears[year] = true
		if got := LeapMonth(year); got != m {
			t.Errorf("LeapMonth(%d) = %d, want %d", year, got, m)
		}
		got, err := LunarToSolar(LunarDate{Year: year, Month: m, Day: 1, Leap: true})
		if err != nil || got != d {
			t.Errorf("lunar %d 闰%d月初一 = %s, %v; want %s", year, m, got, err, d)
		}
		if n := YearDays(year); n < 383 || n > 385 {
			t.Errorf("YearDays(%d) = %d with a leap month", year, n)
		}
	}
	for y := MinYear; y <= MaxYear; y++ {
		if !leapYears[y] {
			if m := LeapMonth(y); m != 0 {
				t.Errorf("LeapMonth(%d) = %d, want none", y, m)
			}
			if n := YearDays(y); n < 353 || n > 355 {
				t.Errorf("YearDays(%d) = %d without a leap month", y, n)
			}
		}
	}
	if len(leapYears) != 74 {
		t.Errorf("%d leap years in 1900–2100, want 74", len(leapYears))
	}
}

func TestMonthDays(t *testing.T) {
	tests := []struct {
		year, month int
		leap        bool
		want        int
	}{
		{2020, 4, false, 30},
		{2020, 4, true, 29},
		{2020, 5, true, 0}, // 2020 has no 闰五月
		{2023, 2, false, 30},
		{2023, 2, true, 29},
		{2025, 12, false, 29}, // 除夕 2026 is 腊月廿九
		{2026, 12, false, 29}, // 除夕 2027 too
		{2023, 12, false, 30}, // 除夕 2024 is 腊月三十
		{1933, 5, true, 30},
		{2033, 11, true, 29},
		{2033, 11, false, 30},
		{2100, 12, false, 29},
		{1899, 1, false, 0},
		{2101, 1, false, 0},
		{2026, 0, false, 0},
		{2026, 13, false, 0},
	}
	for _, tt := range tests {
		if got := MonthDays(tt.year, tt.month, tt.leap); got != tt.want {
			t.Errorf("MonthDays(%d, %d, %v) = %d, want %d", tt.year, tt.month, tt.leap, got, tt.want)
		}
	}
	for y := MinYear; y <= MaxYear; y++ {
		sum := 0
		for m := 1; m <= 12; m++ {
			sum += MonthDays(y, m, false)
			if m == LeapMonth(y) {
				sum += MonthDays(y, m, true)
			}
		}
		if sum != YearDays(y) {
			t.Errorf("%d: months add up to %d, YearDays = %d", y, sum, YearDays(y))
		}
	}
	if LeapMonth(1899) != 0 || LeapMonth(2101) != 0 || YearDays(1899) != 0 || YearDays(2101) != 0 {
		t.Error("LeapMonth or YearDays answer outside 1900–2100")
	}
}

// TestRoundTripEveryDay converts every supported day to lunar and back, and checks that consecutive days
// have consecutive lunar dates.
func TestRoundTripEveryDay(t *testing.T) {
	first, last := SupportedRange()
	if first != date(t, "1900-01-31") || last != date(t, "2101-01-28") {
		t.Fatalf("SupportedRange = %s, %s", first, last)
	}
	var prev LunarDate
	count := 0
	for d := first; !d.After(last); d = d.AddDays(1) {
		l, err := SolarToLunar(d)
		if err != nil {
			t.Fatalf("SolarToLunar(%s): %v", d, err)
		}
		back, err := LunarToSolar(l)
		if err != nil || back != d {
			t.Fatalf("LunarToSolar(SolarToLunar(%s) = %v) = %s, %v", d, l, back, err)
		}
		if count > 0 {
			var ok bool
			switch {
			case l.Day == prev.Day+1:
				ok = l.Year == prev.Year && l.Month == prev.Month && l.Leap == prev.Leap
			case l.Day == 1:
				ok = prev.Day == MonthDays(prev.Year, prev.Month, prev.Leap) &&
					(l.Year == prev.Year && (l.Month == prev.Month && l.Leap && !prev.Leap ||
						l.Month == prev.Month+1 && !l.Leap) ||
						l.Year == prev.Year+1 && l.Month == 1 && !l.Leap && prev.Month == 12)
			}
			if !ok {
				t.Fatalf("%s: %v follows %v", d, l, prev)
			}
		}
		prev = l
		count++
	}
	if count != 73412 {
		t.Errorf("%d days in range, want 73412", count)
	}
}

func TestConversionErrors(t *testing.T) {
	for _, s := range []string{"1900-01-30", "1899-12-31", "1000-01-01", "2101-01-29", "2200-06-01"} {
		if l, err := SolarToLunar(date(t, s)); !errors.Is(err, ErrOutOfRange) {
			t.Errorf("SolarToLunar(%s) = %v, %v; want ErrOutOfRange", s, l, err)
		}
	}
	if _, err := SolarToLunar(domain.Date{}); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("SolarToLunar(zero) error %v", err)
	}
	for _, l := range []LunarDate{{1899, 12, 30, false}, {2101, 1, 1, false}, {0, 1, 1, false}} {
		if d, err := LunarToSolar(l); !errors.Is(err, ErrOutOfRange) {
			t.Errorf("LunarToSolar(%v) = %s, %v; want ErrOutOfRange", l, d, err)
		}
	}
	for _, l := range []LunarDate{
		{2026, 0, 1, false}, {2026, 13, 1, false}, {2026, 1, 0, false}, {2026, 1, 31, false},
		{2025, 12, 30, false}, // 腊月 2025 has 29 days
		{2021, 4, 1, true},    // 2021 has no leap month
		{2020, 5, 1, true},    // 2020's leap month is the 4th
		{2020, 4, 30, true},   // 闰四月 2020 has 29 days
	} {
		if d, err := LunarToSolar(l); !errors.Is(err, ErrNoSuchDate) {
			t.Errorf("LunarToSolar(%v) = %s, %v; want ErrNoSuchDate", l, d, err)
		}
	}
}

func TestDayNumber(t *testing.T) {
	epoch := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	for d := date(t, "1899-01-01"); d.Year() < 2102; d = d.AddDays(1) {
		want := int(d.Time().Sub(epoch).Hours() / 24)
		if got := dayOf(d); got != want {
			t.Fatalf("dayOf(%s) = %d, want %d", d, got, want)
		}
		if back := dateOf(want); back != d {
			t.Fatalf("dateOf(%d) = %s, want %s", want, back, d)
		}
	}
	for _, n := range []int{-719468, -719469, -1, 0, 1, 2932896} { // 0000-03-01, 0000-02-29, …, 9999-12-31
		y, m, d := civil(n)
		if got := dayNumber(y, m, d); got != n {
			t.Errorf("dayNumber(civil(%d) = %d-%d-%d) = %d", n, y, m, d, got)
		}
	}
}

// newYears is 正月初一 of every lunar year from 1900 to 2101 as MMDD, ten years a line.
const newYears = "" +
	"0131021902080129021602040125021302020122" + // 1900
	"0210013002180206012602140203012302110201" + // 1910
	"0220020801280216020501240213020201230210" + // 1920
	"0130021702060126021402040124021101310219" + // 1930
	"0208012702150205012502130202012202100129" + // 1940
	"0217020601270214020301240212013102180208" + // 1950
	"0128021502050125021302020121020901300217" + // 1960
	"0206012702150203012302110131021802070128" + // 1970
	"0216020501250213020202200209012902170206" + // 1980
	"0127021502040123021001310219020701280216" + // 1990
	"0205012402120201012202090129021802070126" + // 2000
	"0214020301230210013102190208012802160205" + // 2010
	"0125021202010122021001290217020601260213" + // 2020
	"0203012302110131021902080128021502040124" + // 2030
	"0212020101220210013002170206012602140202" + // 2040
	"0123021102010219020801280215020401240212" + // 2050
	"0202012102090129021702050126021402030123" + // 2060
	"0211013102190207012702150205012402120202" + // 2070
	"0122020901290217020601260214020301240210" + // 2080
	"0130021802070127021502050125021202010121" + // 2090
	"02090129" // 2100

// leapMonthStarts is the first day of every leap month from 1900 to 2100 with its number.
var leapMonthStarts = strings.Fields(`
1900-09-24:8 1903-06-25:5 1906-05-23:4 1909-03-22:2 1911-07-26:6 1914-06-23:5 1917-03-23:2 1919-08-25:7
1922-06-25:5 1925-05-22:4 1928-03-22:2 1930-07-26:6 1933-06-23:5 1936-04-21:3 1938-08-25:7 1941-07-24:6
1944-05-22:4 1947-03-23:2 1949-08-24:7 1952-06-22:5 1955-04-22:3 1957-09-24:8 1960-07-24:6 1963-05-23:4
1966-04-21:3 1968-08-24:7 1971-06-23:5 1974-05-22:4 1976-09-24:8 1979-07-24:6 1982-05-23:4 1984-11-23:10
1987-07-26:6 1990-06-23:5 1993-04-22:3 1995-09-25:8 1998-06-24:5 2001-05-23:4 2004-03-21:2 2006-08-24:7
2009-06-23:5 2012-05-21:4 2014-10-24:9 2017-07-23:6 2020-05-23:4 2023-03-22:2 2025-07-25:6 2028-06-23:5
2031-04-22:3 2033-12-22:11 2036-07-23:6 2039-06-22:5 2042-03-22:2 2044-08-23:7 2047-06-23:5 2050-04-21:3
2052-09-23:8 2055-07-24:6 2058-05-22:4 2061-04-20:3 2063-08-24:7 2066-06-23:5 2069-05-21:4 2071-09-24:8
2074-07-24:6 2077-05-22:4 2080-04-20:3 2082-08-24:7 2085-06-22:5 2088-05-21:4 2090-09-24:8 2093-07-23:6
2096-05-22:4 2099-03-22:2
`)

// midAutumns is 中秋 (lunar 8/15) of every lunar year from 1900 to 2100 as MMDD, ten years a line.
const midAutumns = "" +
	"0908092709161005092409131002092209100928" + // 1900
	"0918100609250915100409230912093009191008" + // 1910
	"0926091610050925091310020921091009280917" + // 1920
	"1006092609151004092309120930091910080927" + // 1930
	"0916100509240914100109200910092909171006" + // 1940
	"0926091510030922091109300919090809270917" + // 1950
	"1005092409131002092009100929091810060926" + // 1960
	"0915100309220911093009200908092709171005" + // 1970
	"0923091210010921091009290918100709250914" + // 1980
	"1003092209110930092009090927091610050924" + // 1990
	"0912100109210911092809181006092509141003" + // 2000
	"0922091209300919090809270915100409240913" + // 2010
	"1001092109100929091710060925091510030922" + // 2020
	"0912100109190908092709161004092409131002" + // 2030
	"0920091009280917100509250915100409220911" + // 2040
	"0930091909070926091610050924091310020921" + // 2050
	"0909092809171006092509151003092309110929" + // 2060
	"0919090809260916100509240912100109200910" + // 2070
	"0928091710060926091410030922091109290918" + // 2080
	"0908092709161005092409130930092009090929" + // 2090
	"0918" // 2100

// dragonBoats is 端午 (lunar 5/5) of every lunar year from 1900 to 2100 as MMDD, ten years a line.
const dragonBoats = "" +
	"0601062006100531061806070626061506030622" + // 1900
	"0611060106190609052906170605062306130602" + // 1910
	"0620061005310618060606250614060406220611" + // 1920
	"0601062006080528061606050623061306020621" + // 1930
	"0610053006180607062506140604062306110601" + // 1940
	"0619060905280615060506240613060206210610" + // 1950
	"0529061706060625061406040623061205310619" + // 1960
	"0608052806150605062406140602062106100530" + // 1970
	"0617060606250615060406220611053106180608" + // 1980
	"0528061606050624061306020620060905300618" + // 1990
	"0606062506150604062206110531061906080528" + // 2000
	"0616060606230612060206200609053006180607" + // 2010
	"0625061406030622061005310619060905280616" + // 2020
	"0605062406120601062006100530061806070527" + // 2030
	"0614060306220611053106190608052906150604" + // 2040
	"0623061306010620061005300617060606250614" + // 2050
	"0603062206110601061906080528061606040623" + // 2060
	"0613060206200610053006170606062406140604" + // 2070
	"0622061106010619060705270615060506230613" + // 2080
	"0602062106090529061706060624061406040623" + // 2090
	"0612" // 2100
