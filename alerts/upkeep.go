package alerts

import (
	"time"

	"github.com/steward-bank/steward/calendar"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/rating"
)

// Keeping a client's relationship and file up to date (DOMAIN.md §5, the last two rules): a client not
// contacted within its tier's cadence, and a client whose phone has not been verified for a year.

// Cadence is what a client's maintenance cadence says (the cadence row the nightly pass keeps).
type Cadence struct {
	ClientID    string
	Days        int         // the tier's cadence; 0: none
	LastContact domain.Date // zero: never contacted since the cadence began
	Due         domain.Date // when the next contact fell due
}

// ContactOverdue returns the alert of a client not contacted by its cadence's due date plus
// alerts.contact_overdue_grace_days working days (calendar days when cal is nil): overdue from the day
// after the grace. It alerts once per overdue period: the key is the due date, which a contact moves on.
func (r *Rules) ContactOverdue(c Cadence, today domain.Date, cal *calendar.WorkCalendar) (Alert, bool) {
	if c.Days <= 0 || c.Due.IsZero() {
		return Alert{}, false
	}
	grace := r.p.Alerts.ContactOverdueGraceDays
	last := c.Due.AddDays(grace)
	if cal != nil {
		last = cal.AddWorkingDays(c.Due, grace)
	}
	if !today.After(last) {
		return Alert{}, false
	}
	f := Figures{Days: daysBetween(c.Due, today), Cadence: c.Days, Lead: grace}
	if !c.LastContact.IsZero() {
		f.Since = c.LastContact.String()
	}
	sev := Warn
	if f.Days > c.Days { // a whole cadence missed on top
		sev = Urgent
	}
	return Alert{ClientID: c.ClientID, Rule: RuleContactOverdue, Key: "due:" + c.Due.String(), Due: c.Due, Severity: sev, Figures: f}, true
}

// OverdueWindow is the range of due dates whose grace ends in the back days before today: the due dates
// a nightly pass must look at to find every client that became overdue since it last ran (back 0: today
// only). The rule decides; the window only keeps the pass reading what is due.
func (r *Rules) OverdueWindow(today domain.Date, back int, cal *calendar.WorkCalendar) (from, to domain.Date) {
	grace := r.p.Alerts.ContactOverdueGraceDays
	end := func(due domain.Date) domain.Date {
		if cal != nil {
			return cal.AddWorkingDays(due, grace)
		}
		return due.AddDays(grace)
	}
	// The grace's end never decreases with the due date: walk back from today.
	to = today
	for !today.After(end(to)) {
		to = to.AddDays(-1)
	}
	from = to
	for end(from.AddDays(-1)).After(today.AddDays(-back - 2)) {
		from = from.AddDays(-1)
	}
	return from, to
}

// Phone is what a client's file says of its phone.
type Phone struct {
	ClientID string
	Mobile   string
	Verified domain.Date // when staff last verified it; zero: never
	Opened   domain.Date // the client's account opening, from which a phone never verified counts
}

// PhoneStale returns the alert of a client of a tier whose keepers keep a file (T2 and above, as
// InfoIncomplete) whose phone has not been verified for alerts.phone_stale_months (counted from the
// account opening when it never was). It alerts once per staleness period: the key is the date the
// period counts from, which a verification moves on. A client without a mobile is incomplete, not stale.
func (r *Rules) PhoneStale(c Phone, t rating.Tier, today domain.Date) (Alert, bool) {
	if t < rating.T2 || c.Mobile == "" {
		return Alert{}, false
	}
	since, key := c.Verified, "verified:"
	if since.IsZero() {
		since, key = c.Opened, "opened:"
	}
	if since.IsZero() {
		return Alert{}, false
	}
	months := r.p.Alerts.PhoneStaleMonths
	if today.Before(AddMonths(since, months)) {
		return Alert{}, false
	}
	return Alert{ClientID: c.ClientID, Rule: RulePhoneStale, Key: key + since.String(), Due: AddMonths(since, months), Severity: Info,
		Figures: Figures{Since: since.String(), Opened: c.Verified.IsZero(), Cadence: months, Days: daysBetween(since, today)}}, true
}

// AddMonths is d plus n calendar months, on the month's last day when d's day does not exist in it
// (29 February plus 12 months is 28 February).
func AddMonths(d domain.Date, n int) domain.Date {
	m := int(d.Month()) - 1 + n
	y := d.Year() + m/12
	m %= 12
	if m < 0 {
		m += 12
		y--
	}
	last := time.Date(y, time.Month(m+2), 0, 0, 0, 0, 0, time.UTC).Day()
	return domain.NewDate(y, time.Month(m+1), min(d.Day(), last))
}
