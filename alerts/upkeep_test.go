package alerts

import (
	"testing"

	"github.com/steward-bank/steward/calendar"
	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/rating"
)

// Contact overdue: due on a Sunday (2026-11-08) with the default grace of 2 working days, the grace runs
// through Tuesday; overdue from Wednesday, not a day before; the key is the due date, so each overdue
// period alerts once. Over the National Day holiday the grace waits for the working days.
func TestContactOverdue(t *testing.T) {
	r := newRules(t)
	cal := calendar.Default()
	due := d("2026-11-08")
	c := Cadence{ClientID: "C1", Days: 7, LastContact: d("2026-11-01"), Due: due}
	tests := []struct {
		name  string
		c     Cadence
		today string
		want  bool
	}{
		{"on the due date", c, "2026-11-08", false},
		{"first working day of the grace", c, "2026-11-09", false},
		{"last day of the grace", c, "2026-11-10", false},
		{"the day after the grace", c, "2026-11-11", true},
		{"long after", c, "2026-12-20", true},
		{"no cadence (T1)", Cadence{ClientID: "C1", Due: due}, "2026-12-20", false},
		{"holiday: due 2026-09-30, grace to 10-09", Cadence{ClientID: "C1", Days: 14, Due: d("2026-09-30")}, "2026-10-09", false},
		{"holiday: overdue 10-10", Cadence{ClientID: "C1", Days: 14, Due: d("2026-09-30")}, "2026-10-10", true},
	}
	for _, tt := range tests {
		a, ok := r.ContactOverdue(tt.c, d(tt.today), cal)
		if ok != tt.want {
			t.Errorf("%s (%s): alert %v, want %v", tt.name, tt.today, ok, tt.want)
			continue
		}
		if ok && (a.Rule != RuleContactOverdue || a.Key != "due:"+tt.c.Due.String() || a.Figures.Cadence != tt.c.Days) {
			t.Errorf("%s: %+v", tt.name, a)
		}
	}
	a, _ := r.ContactOverdue(c, d("2026-11-11"), cal)
	if a.Figures.Since != "2026-11-01" || a.Figures.Days != 3 || a.Severity != Warn {
		t.Errorf("figures: %+v", a)
	}
	if a, _ := r.ContactOverdue(c, d("2026-11-16"), cal); a.Severity != Urgent {
		t.Errorf("a whole cadence missed on top is urgent: %+v", a)
	}
	if a, _ := r.ContactOverdue(Cadence{ClientID: "C1", Days: 7, Due: due}, d("2026-11-11"), cal); a.Figures.Since != "" {
		t.Errorf("never contacted: %+v", a)
	}
	// Without a calendar the grace is in calendar days.
	if _, ok := r.ContactOverdue(c, d("2026-11-10"), nil); ok {
		t.Error("no calendar: the grace runs to the 10th")
	}
	if _, ok := r.ContactOverdue(c, d("2026-11-11"), nil); !ok {
		t.Error("no calendar: overdue on the 11th")
	}
}

// The window holds exactly the due dates whose grace ended in the back days before today.
func TestOverdueWindow(t *testing.T) {
	r := newRules(t)
	cal := calendar.Default()
	for _, today := range []string{"2026-11-11", "2026-10-10", "2026-10-08", "2026-02-25", "2026-06-01"} {
		day := d(today)
		from, to := r.OverdueWindow(day, 7, cal)
		for due := day.AddDays(-60); !due.After(day); due = due.AddDays(1) {
			c := Cadence{ClientID: "C", Days: 7, Due: due}
			_, now := r.ContactOverdue(c, day, cal)
			// became overdue on one of the last 8 nights (today and the 7 before)
			_, before := r.ContactOverdue(c, day.AddDays(-8), cal)
			inside := !due.Before(from) && !due.After(to)
			if now && !before && !inside {
				t.Errorf("%s: due %s became overdue in the window but is outside [%s, %s]", today, due, from, to)
			}
			if inside && !now {
				t.Errorf("%s: due %s is in [%s, %s] but not overdue", today, due, from, to)
			}
		}
	}
}

// Phone stale: 12 months after the last verification (or the account opening), once per period, only for
// tiers whose keepers keep a file and clients with a mobile.
func TestPhoneStale(t *testing.T) {
	r := newRules(t)
	opened := d("2024-02-29")
	tests := []struct {
		name  string
		p     Phone
		tier  rating.Tier
		today string
		key   string
	}{
		{"verified 11 months 30 days ago", Phone{ClientID: "C1", Mobile: "13800138000", Verified: d("2025-11-24"), Opened: opened}, rating.T3, "2026-11-23", ""},
		{"verified 12 months ago", Phone{ClientID: "C1", Mobile: "13800138000", Verified: d("2025-11-23"), Opened: opened}, rating.T3, "2026-11-23", "verified:2025-11-23"},
		{"never verified: from the opening (29 Feb + 12 months = 28 Feb)", Phone{ClientID: "C1", Mobile: "13800138000", Opened: opened}, rating.T2, "2025-02-28", "opened:2024-02-29"},
		{"never verified, the day before", Phone{ClientID: "C1", Mobile: "13800138000", Opened: opened}, rating.T2, "2025-02-27", ""},
		{"T1 keeps no file", Phone{ClientID: "C1", Mobile: "13800138000", Opened: opened}, rating.T1, "2026-11-23", ""},
		{"no mobile: incomplete, not stale", Phone{ClientID: "C1", Opened: opened}, rating.T4, "2026-11-23", ""},
	}
	for _, tt := range tests {
		a, ok := r.PhoneStale(tt.p, tt.tier, d(tt.today))
		if got := map[bool]string{true: a.Key}[ok]; got != tt.key {
			t.Errorf("%s: key %q, want %q", tt.name, got, tt.key)
		}
	}
	a, _ := r.PhoneStale(Phone{ClientID: "C1", Mobile: "13800138000", Opened: opened}, rating.T2, d("2026-11-23"))
	if !a.Figures.Opened || a.Figures.Since != "2024-02-29" || a.Figures.Cadence != 12 {
		t.Errorf("figures: %+v", a.Figures)
	}
	r6 := newRules(t, func(p *policy.Policy) { p.Alerts.PhoneStaleMonths = 6 })
	if _, ok := r6.PhoneStale(Phone{ClientID: "C1", Mobile: "1", Verified: d("2026-05-23")}, rating.T3, d("2026-11-23")); !ok {
		t.Error("phone_stale_months = 6: stale after 6 months")
	}
}

func TestAddMonths(t *testing.T) {
	for _, tt := range []struct {
		from, want string
		n          int
	}{
		{"2024-02-29", "2025-02-28", 12}, {"2025-01-31", "2025-02-28", 1}, {"2025-12-15", "2026-01-15", 1},
		{"2025-03-31", "2024-03-31", -12}, {"2026-01-10", "2025-12-10", -1},
	} {
		if got := AddMonths(d(tt.from), tt.n); got != d(tt.want) {
			t.Errorf("AddMonths(%s, %d) = %s, want %s", tt.from, tt.n, got, tt.want)
		}
	}
}
