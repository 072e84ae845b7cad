package policy

import (
	"strings"
	"testing"
)

func TestGreetingsSection(t *testing.T) {
	p, err := Parse([]byte(`[greetings]
lead_days = 5
festivals = ["spring_festival", "mid_autumn", "spring_festival_eve"]
birthday_min_tier = "T3"
channels = ["email"]
`), "test.toml")
	if err != nil {
		t.Fatal(err)
	}
	g := p.Greetings
	if g.LeadDays != 5 || strings.Join(g.Festivals, ",") != "spring_festival,mid_autumn,spring_festival_eve" || g.BirthdayMinTier != "T3" ||
		strings.Join(g.Channels, ",") != "email" || g.FestivalMinTier != "T1" || g.MaxAttempts != 5 {
		t.Fatalf("parsed %+v", g)
	}
	// The effective policy prints and reads back.
	text, err := p.TOML()
	if err != nil {
		t.Fatal(err)
	}
	if back, err := Parse(text, "show"); err != nil || strings.Join(back.Greetings.Festivals, ",") != strings.Join(g.Festivals, ",") {
		t.Fatalf("round trip: %v", err)
	}
	for _, tt := range []struct{ toml, want string }{
		{`festivals = ["mid_autumn", "valentines"]`, `greetings.festivals: "valentines" is not a festival`},
		{`festivals = ["mid_autumn", "mid_autumn"]`, `greetings.festivals: "mid_autumn" is listed twice`},
		{`festivals = "mid_autumn"`, "greetings.festivals: must be an array of strings"},
		{`birthday_min_tier = "T6"`, "greetings.birthday_min_tier: must be one of T1, T2, T3, T4, T5"},
		{`visit_min_tier = 4`, "greetings.visit_min_tier: must be a string"},
		{`channels = []`, "greetings.channels: must list at least one channel"},
		{`channels = ["sms", "fax"]`, `greetings.channels: "fax" is not a channel`},
		{`max_attempts = 0`, "greetings.max_attempts: must be at least 1"},
		{`retry_minutes = 2000`, "greetings.retry_minutes: must be at most 1440"},
		{`lead_days = -1`, "greetings.lead_days: must be at least 0"},
	} {
		_, err := Parse([]byte("[greetings]\n"+tt.toml+"\n"), "test.toml")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.toml, err, tt.want)
		}
	}
}
