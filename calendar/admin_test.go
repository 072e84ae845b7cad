package calendar

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// fictional2027 is a made-up schedule for tests: not the State Council's 2027 schedule.
const fictional2027 = "# fictional schedule for tests\nyear 2027\n" +
	"2026-12-27 work 测试元旦\n" + // a Sunday before the year
	"2027-03-03..2027-03-05 holiday 测试假日\n" + // Wednesday to Friday
	"2027-03-06 holiday 测试假日\n" +
	"2027-03-13 work 测试假日\n" // a Saturday

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "holidays")
	if err := os.Mkdir(dir, 0o750); err != nil {
		t.Fatal(err)
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o640); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoad(t *testing.T) {
	type check struct {
		date string
		kind DayKind
		name string
	}
	tests := []struct {
		name    string
		files   map[string]string // nil: no directory at all
		years   []int
		admin   map[int]string // year → file name of an administrator's source
		checks  []check
		wantErr []string
	}{
		{name: "no directory", years: []int{2025, 2026},
			checks: []check{{"2026-10-01", Holiday, "国庆节"}, {"2027-03-03", Workday, ""}}},
		{name: "empty directory", files: map[string]string{}, years: []int{2025, 2026}},
		{name: "a file adds 2027", files: map[string]string{"2027.txt": fictional2027}, years: []int{2025, 2026, 2027},
			admin: map[int]string{2027: "2027.txt"},
			checks: []check{{"2027-03-03", Holiday, "测试假日"}, {"2027-03-13", MakeUpWorkday, "测试假日"},
				{"2026-12-27", MakeUpWorkday, "测试元旦"}, {"2026-10-01", Holiday, "国庆节"}}},
		{name: "a file replaces 2026", files: map[string]string{"2026.txt": "year 2026\n2026-10-01..2026-10-08 holiday 国庆节(更正)\n"},
			years: []int{2025, 2026}, admin: map[int]string{2026: "2026.txt"},
			checks: []check{{"2026-10-08", Holiday, "国庆节(更正)"}, {"2026-05-01", Workday, ""}, {"2026-10-10", Weekend, ""},
				{"2025-10-01", Holiday, "国庆节、中秋节"}}},
		{name: "later file wins", files: map[string]string{"2027.txt": fictional2027,
			"2027b.txt": "year 2027\n2027-03-10 holiday 另一测试\n"}, years: []int{2025, 2026, 2027},
			admin:  map[int]string{2027: "2027b.txt"},
			checks: []check{{"2027-03-03", Workday, ""}, {"2027-03-10", Holiday, "另一测试"}}},
		{name: "other names skipped", files: map[string]string{".2027.txt": "garbage", "notes.md": "garbage", "2027.txt.bak": "x"},
			years: []int{2025, 2026}},
		{name: "malformed file", files: map[string]string{"2027.txt": "year 2027\n2027-02-30 holiday 测试\n2027-03-01 work 测试\n"},
			wantErr: []string{`2027.txt:2: "2027-02-30" is not a date`, "2027.txt:3: 2027-03-01 is a weekday"}},
		{name: "a year without holiday", files: map[string]string{"2027.txt": "year 2027\n2027-03-13 work 测试\n"},
			wantErr: []string{"2027.txt:1: year 2027 lists no holiday"}},
		{name: "conflicting files", files: map[string]string{
			"a.txt": "year 2026\n2026-12-26 holiday 测试\n", "b.txt": "year 2027\n2026-12-26 work 测试\n2027-01-01 holiday 元旦\n"},
			wantErr: []string{"b.txt:2: 2026-12-26 is a work here but a holiday at", "a.txt:2"}},
		{name: "every bad file named", files: map[string]string{"a.txt": "year x\n", "b.txt": "year 2027\n2027-13-01 holiday x\n"},
			wantErr: []string{"a.txt:1:", "b.txt:2:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "missing")
			if tt.files != nil {
				dir = writeFiles(t, tt.files)
			}
			c, err := Load(dir)
			if tt.wantErr != nil {
				if err == nil || c != nil {
					t.Fatal("no error")
				}
				for _, want := range tt.wantErr {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("error %q\nlacks %q", err, want)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(c.Years(), tt.years) {
				t.Errorf("Years = %v, want %v", c.Years(), tt.years)
			}
			for _, src := range c.Sources() {
				name, admin := tt.admin[src.Year]
				switch {
				case admin && (src.Shipped || src.File != filepath.Join(dir, name) || src.Line == 0):
					t.Errorf("source of %d = %+v, want the administrator's %s", src.Year, src, name)
				case !admin && (!src.Shipped || src.File != "holidays/"+strconv.Itoa(src.Year)+".txt"):
					t.Errorf("source of %d = %+v, want shipped", src.Year, src)
				}
			}
			for _, ck := range tt.checks {
				if k, name := c.Kind(date(t, ck.date)); k != ck.kind || name != ck.name {
					t.Errorf("%s: %v %q, want %v %q", ck.date, k, name, ck.kind, ck.name)
				}
			}
		})
	}
}

func TestLoadWith(t *testing.T) {
	dir := writeFiles(t, map[string]string{"2027.txt": "year 2027\n2027-03-10 holiday 旧测试\n"})
	f, err := ParseFile("upload", strings.NewReader(fictional2027))
	if err != nil {
		t.Fatal(err)
	}
	// The new 2027.txt replaces the one there.
	c, err := LoadWith(dir, "2027.txt", f)
	if err != nil {
		t.Fatal(err)
	}
	if k, _ := c.Kind(date(t, "2027-03-10")); k != Workday {
		t.Error("the replaced file still counts")
	}
	if src, _ := c.Source(2027); src.File != "upload" || src.Shipped {
		t.Errorf("source %+v", src)
	}
	// A file read after it that declares 2027 again would win: refused.
	if _, err := LoadWith(dir, "2026.txt", f); err == nil ||
		!strings.Contains(err.Error(), "upload:2: year 2027 is declared again by "+filepath.Join(dir, "2027.txt")+":1") {
		t.Errorf("error %v", err)
	}
	// On a missing directory it is the shipped calendar and the file.
	c, err = LoadWith(filepath.Join(dir, "none"), "2027.txt", f)
	if err != nil || !slices.Equal(c.Years(), []int{2025, 2026, 2027}) {
		t.Errorf("%v %v", c.Years(), err)
	}
}

func TestFileName(t *testing.T) {
	for text, want := range map[string]string{
		fictional2027: "2027.txt",
		"# nothing\n": "declares no year",
		"year 2027\nyear 2028\n2027-01-01 holiday x\n2028-01-01 holiday x\n": "declares 2 years (2027, 2028)",
	} {
		c, err := ParseFile("f", strings.NewReader(text))
		if err != nil {
			t.Fatal(err)
		}
		got, err := FileName(c)
		if err != nil {
			got = err.Error()
		}
		if !strings.Contains(got, want) {
			t.Errorf("FileName = %q, want %q", got, want)
		}
	}
}

func TestScheduleAndSources(t *testing.T) {
	c := Default()
	var lines []string
	for _, sp := range c.Schedule(2026) {
		lines = append(lines, sp.String())
	}
	want := []string{"2026-01-01..2026-01-03 holiday 元旦", "2026-01-04 work 元旦", "2026-02-14 work 春节",
		"2026-02-15..2026-02-23 holiday 春节", "2026-02-28 work 春节", "2026-04-04..2026-04-06 holiday 清明节",
		"2026-05-01..2026-05-05 holiday 劳动节", "2026-05-09 work 劳动节", "2026-06-19..2026-06-21 holiday 端午节",
		"2026-09-20 work 国庆节", "2026-09-25..2026-09-27 holiday 中秋节", "2026-10-01..2026-10-07 holiday 国庆节",
		"2026-10-10 work 国庆节"}
	if !slices.Equal(lines, want) {
		t.Errorf("Schedule(2026) =\n%s", strings.Join(lines, "\n"))
	}
	if sp := c.Schedule(2026)[3]; sp.Days() != 9 || sp.Kind != Holiday {
		t.Errorf("春节 span %+v: %d days", sp, sp.Days())
	}
	if c.Schedule(2027) != nil {
		t.Error("an uncovered year has a schedule")
	}
	if src, ok := c.Source(2026); !ok || !src.Shipped || src.File != "holidays/2026.txt" || src.Line == 0 ||
		src.String() != "2026: shipped with Steward (holidays/2026.txt)" {
		t.Errorf("Source(2026) = %+v, %v", src, ok)
	}
	if _, ok := c.Source(2027); ok {
		t.Error("Source(2027) found")
	}
	var none *WorkCalendar
	if none.Sources() != nil || none.Schedule(2026) != nil {
		t.Error("nil calendar has sources")
	}
}
