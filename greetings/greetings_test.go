package greetings

import (
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/calendar"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/policy"
)

var d = domain.NewDate

func TestFestivalsWithinLead(t *testing.T) {
	p := policy.Default()
	for _, tt := range []struct {
		today domain.Date
		want  []string
	}{
		{d(2026, 9, 22), []string{"mid_autumn-2026 2026-09-25 八月十五"}},
		{d(2026, 9, 21), nil}, // 中秋 is 4 days away, the lead is 3
		{d(2026, 9, 28), []string{"national_day-2026 2026-10-01 八月廿一"}},   // solar
		{d(2027, 2, 4), []string{"spring_festival-2027 2027-02-06 正月初一"}}, // 除夕 (2-05) is not in the default list
		{d(2026, 12, 30), []string{"new_year-2027 2027-01-01 冬月廿四"}},      // across the year
		{d(2027, 4, 3), []string{"qingming-2027 2027-04-05 二月廿九"}},        // the solar term
		{d(2026, 6, 16), []string{"dragon_boat-2026 2026-06-19 五月初五"}},    // lunar 5/5
		{d(2026, 10, 15), []string{"double_ninth-2026 2026-10-18 九月初九"}},  // lunar 9/9
		{d(2027, 2, 19), []string{"lantern-2027 2027-02-20 正月十五"}},        // lunar 1/15
		{d(2026, 4, 28), []string{"labour_day-2026 2026-05-01 三月十五"}},     // solar
		{d(2026, 11, 23), nil},
	} {
		var got []string
		for _, o := range Festivals(p, tt.today) {
			got = append(got, o.Key+" "+o.On.String()+" "+o.Lunar.Chinese())
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("Festivals(%s) = %v, want %v", tt.today, got, tt.want)
		}
	}
	p.Greetings.Festivals = append(p.Greetings.Festivals, "spring_festival_eve")
	if got := Festivals(p, d(2027, 2, 4)); len(got) != 2 || got[0].Kind != "spring_festival_eve" {
		t.Errorf("with 除夕 listed: %v", got)
	}
}

func TestPolicyKnowsEveryFestival(t *testing.T) {
	for _, f := range calendar.FestivalsIn(2027) {
		found := false
		for _, c := range policy.FestivalCodes {
			found = found || c == string(f.Code)
		}
		if !found {
			t.Errorf("festival %s of the calendar is not in policy.FestivalCodes", f.Code)
		}
	}
}

func TestBirthday(t *testing.T) {
	p := policy.Default()
	for _, tt := range []struct {
		name  string
		b     Birth
		today domain.Date
		want  string // key, "" for none
	}{
		{"solar in 2 days", Birth{Date: d(1980, 12, 3)}, d(2026, 12, 1), "birthday-2026-12-03"},
		{"solar today", Birth{Date: d(1980, 12, 3)}, d(2026, 12, 3), "birthday-2026-12-03"},
		{"solar in 4 days", Birth{Date: d(1980, 12, 3)}, d(2026, 11, 29), ""},
		{"solar passed", Birth{Date: d(1980, 12, 3)}, d(2026, 12, 4), ""},
		{"29 February in a common year", Birth{Date: d(1988, 2, 29)}, d(2027, 2, 26), "birthday-2027-02-28"},
		{"across the year", Birth{Date: d(1970, 1, 1)}, d(2026, 12, 30), "birthday-2027-01-01"},
		{"lunar 8/15", Birth{Lunar: true, LunarMonth: 8, LunarDay: 15}, d(2026, 9, 23), "birthday-2026-09-25"},
		// 2026's 腊月 has 29 days: a 腊月三十 birthday falls on its last day (2027-02-05).
		{"lunar day 30 in a short month", Birth{Lunar: true, LunarMonth: 12, LunarDay: 30}, d(2027, 2, 3), "birthday-2027-02-05"},
		{"no birth date", Birth{}, d(2026, 12, 1), ""},
	} {
		o, ok := Birthday(p, tt.b, tt.today)
		if got := map[bool]string{true: o.Key}[ok]; got != tt.want {
			t.Errorf("%s: Birthday = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestWhoIsGreeted(t *testing.T) {
	p := policy.Default()
	for _, tt := range []struct {
		kind, tier      string
		greeted, visits bool
	}{
		{"mid_autumn", "T1", true, false},
		{"birthday", "T1", false, false},
		{"birthday", "T2", true, false},
		{"spring_festival", "T3", true, false},
		{"spring_festival", "T4", true, true},
		{"birthday", "T5", true, true},
		{"spring_festival_eve", "T5", false, true}, // not in the default list
		{"mid_autumn", "", false, false},           // not rated yet
	} {
		if got := Greeted(p, tt.kind, tt.tier); got != tt.greeted {
			t.Errorf("Greeted(%s, %s) = %v, want %v", tt.kind, tt.tier, got, tt.greeted)
		}
		if got := Visited(p, tt.tier); got != tt.visits {
			t.Errorf("Visited(%s) = %v, want %v", tt.tier, got, tt.visits)
		}
	}
	p.Greetings.BirthdayMinTier = "T4"
	if Greeted(p, "birthday", "T3") {
		t.Error("birthday_min_tier T4 still greets T3")
	}
}

func TestChannel(t *testing.T) {
	p := policy.Default()
	for _, tt := range []struct {
		channels      []string
		mobile, email string
		want          string
	}{
		{[]string{"sms", "email"}, "13800138000", "a@b.cn", "sms:13800138000"},
		{[]string{"sms", "email"}, "", "a@b.cn", "email:a@b.cn"},
		{[]string{"email", "sms"}, "13800138000", "a@b.cn", "email:a@b.cn"},
		{[]string{"email"}, "13800138000", "", ""},
		{[]string{"sms", "email"}, "", "", ""},
	} {
		p.Greetings.Channels = tt.channels
		ch, addr, ok := Channel(p, tt.mobile, tt.email)
		got := ""
		if ok {
			got = ch + ":" + addr
		}
		if got != tt.want {
			t.Errorf("Channel(%v, %q, %q) = %q, want %q", tt.channels, tt.mobile, tt.email, got, tt.want)
		}
	}
}

func TestRender(t *testing.T) {
	mid := Occasion{Kind: "mid_autumn", NameZH: "中秋节", On: d(2027, 9, 15), Lunar: calendar.LunarDate{Year: 2027, Month: 8, Day: 15}}
	tmpl := "{dear}：值此{festival}（{lunar}，{date}）之际，{outlet}恭祝您阖家团圆！——{rm}"
	for _, tt := range []struct {
		r    Recipient
		want string
	}{
		{Recipient{Name: "王建国", Gender: "M", Outlet: "解放路网点", RM: "钱经理"},
			"尊敬的王先生：值此中秋节（八月十五，2027年9月15日）之际，解放路网点恭祝您阖家团圆！——钱经理"},
		{Recipient{Name: "李娜", Gender: "F", Outlet: "解放路网点"},
			"尊敬的李女士：值此中秋节（八月十五，2027年9月15日）之际，解放路网点恭祝您阖家团圆！——解放路网点"},
		{Recipient{Name: "欧阳修远", Gender: "M", Outlet: "O"}, "尊敬的欧阳先生：值此中秋节（八月十五，2027年9月15日）之际，O恭祝您阖家团圆！——O"},
		{Recipient{Name: "王芳", Outlet: "O"}, "王芳您好：值此中秋节（八月十五，2027年9月15日）之际，O恭祝您阖家团圆！——O"},
	} {
		got, err := Render(tmpl, tt.r, mid)
		if err != nil || got != tt.want {
			t.Errorf("Render(%v) = %q, %v\nwant %q", tt.r, got, err, tt.want)
		}
	}
	for _, tt := range []struct{ rm, want string }{{"钱多多", "生日快乐，您的客户经理钱多多敬上"}, {"", "生日快乐，解放路网点敬上"}} {
		if got, _ := Render("生日快乐，{signer}敬上", Recipient{Name: "王芳", Outlet: "解放路网点", RM: tt.rm}, mid); got != tt.want {
			t.Errorf("{signer} with RM %q: %q", tt.rm, got)
		}
	}
	if got, _ := Render("{salutation}{honorific}|{surname}|{name}", Recipient{Name: "Anna Li", Gender: "F"}, mid); got != "Anna Li女士|Anna Li|Anna Li" {
		t.Errorf("a Latin name: %q", got)
	}
}

func TestCheck(t *testing.T) {
	for _, tt := range []struct {
		tmpl string
		bad  string // part of the error, "" for none
	}{
		{"{dear}：{festival}快乐！", ""},
		{"", "empty"},
		{"{nmae}您好", "unknown placeholder {nmae}"},
		{"{dear", "not closed"},
		{"dear}", "no opening brace"},
		{strings.Repeat("好", MaxTemplateRunes+1), "at most"},
	} {
		err := Check(tt.tmpl)
		if (err == nil) != (tt.bad == "") || (err != nil && !strings.Contains(err.Error(), tt.bad)) {
			t.Errorf("Check(%.20q) = %v, want %q", tt.tmpl, err, tt.bad)
		}
	}
}

func TestQuietHours(t *testing.T) {
	p := policy.Default() // 21:00–08:00
	at := func(day, h, m int) time.Time { return time.Date(2026, 12, day, h, m, 0, 0, domain.Shanghai) }
	for _, tt := range []struct {
		t, want time.Time
	}{
		{at(3, 10, 0), at(3, 10, 0)},
		{at(3, 20, 59), at(3, 20, 59)},
		{at(3, 21, 0), at(4, 8, 0)},
		{at(3, 23, 30), at(4, 8, 0)},
		{at(4, 2, 0), at(4, 8, 0)},
		{at(4, 8, 0), at(4, 8, 0)},
		{at(3, 13, 0).UTC(), at(3, 13, 0)}, // a UTC time is judged in Shanghai (05:00 UTC = 13:00)
	} {
		if got := NextAllowed(p, tt.t); !got.Equal(tt.want) {
			t.Errorf("NextAllowed(%s) = %s, want %s", tt.t, got, tt.want)
		}
	}
	// Approved three days early: sent on the day at the end of the quiet hours.
	if got := SendAt(p, d(2026, 12, 6), at(3, 15, 0)); !got.Equal(at(6, 8, 0)) {
		t.Errorf("SendAt before the day = %s", got)
	}
	// Approved on the day in the afternoon: at once; in the evening: not until the next morning.
	if got := SendAt(p, d(2026, 12, 3), at(3, 15, 0)); !got.Equal(at(3, 15, 0)) {
		t.Errorf("SendAt on the day = %s", got)
	}
	if !Late(d(2026, 12, 3), at(4, 0, 1)) || Late(d(2026, 12, 3), at(3, 23, 59)) {
		t.Error("Late")
	}
	p.Greetings.QuietHoursStart, p.Greetings.QuietHoursEnd = 12*60, 14*60 // a midday span
	if got := NextAllowed(p, at(3, 13, 0)); !got.Equal(at(3, 14, 0)) {
		t.Errorf("midday quiet hours: %s", got)
	}
}

func TestBackoff(t *testing.T) {
	p := policy.Default() // 5 minutes, 5 attempts
	want := []time.Duration{5 * time.Minute, 15 * time.Minute, 45 * time.Minute, 135 * time.Minute, 405 * time.Minute}
	for i, w := range want {
		if got := Backoff(p, i+1); got != w {
			t.Errorf("Backoff(%d) = %s, want %s", i+1, got, w)
		}
	}
	if got := Backoff(p, 40); got != 24*time.Hour {
		t.Errorf("Backoff(40) = %s, want a day", got)
	}
	if Exhausted(p, 4) || !Exhausted(p, 5) {
		t.Error("Exhausted")
	}
}

func FuzzRender(f *testing.F) {
	f.Add("{dear}：{festival}快乐！{lunar}", "王芳", "F")
	f.Add("{", "", "")
	f.Fuzz(func(t *testing.T, tmpl, name, gender string) {
		if Check(tmpl) != nil {
			return
		}
		if _, err := Render(tmpl, Recipient{Name: name, Gender: gender}, Occasion{NameZH: "春节"}); err != nil {
			t.Fatalf("a template that passes Check fails to render: %v", err)
		}
	})
}
