package greetings

import (
	"time"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/policy"
)

// NextAllowed is the first moment at or after t, in Asia/Shanghai, outside the policy's quiet hours.
func NextAllowed(p *policy.Policy, t time.Time) time.Time {
	t = t.In(domain.Shanghai)
	if !p.InQuietHours(t) {
		return t
	}
	end := int(p.Greetings.QuietHoursEnd)
	next := time.Date(t.Year(), t.Month(), t.Day(), end/60, end%60, 0, 0, domain.Shanghai)
	if !next.After(t) {
		next = next.AddDate(0, 0, 1)
	}
	return next
}

// SendAt is when a greeting approved at now for an occasion on day on is first sent: on the day itself,
// from the end of the night's quiet hours, or at once when approved on the day.
func SendAt(p *policy.Policy, on domain.Date, now time.Time) time.Time {
	t := now.In(domain.Shanghai)
	if start := time.Date(on.Year(), on.Month(), on.Day(), 0, 0, 0, 0, domain.Shanghai); start.After(t) {
		t = start
	}
	return NextAllowed(p, t)
}

// Late reports whether a greeting for day on is too late to send at now: its day is over.
func Late(on domain.Date, now time.Time) bool {
	return domain.Today(now).After(on)
}

// maxBackoff bounds the wait between attempts.
const maxBackoff = 24 * time.Hour

// Backoff is the wait after the attempts-th failed attempt (1 for the first): greetings.retry_minutes,
// three times longer after each further failure, at most a day.
func Backoff(p *policy.Policy, attempts int) time.Duration {
	d := time.Duration(p.Greetings.RetryMinutes) * time.Minute
	for i := 1; i < attempts && d < maxBackoff; i++ {
		d *= 3
	}
	return min(d, maxBackoff)
}

// Exhausted reports whether a message that has failed attempts times is not tried again.
func Exhausted(p *policy.Policy, attempts int) bool { return attempts >= p.Greetings.MaxAttempts }
