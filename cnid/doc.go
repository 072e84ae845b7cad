// Package cnid parses, validates, normalises and masks Chinese identity data:
// resident ID numbers (GB 11643), mainland mobile numbers and names.
//
// The package is pure: it performs no I/O and does not read the clock, so its
// results depend only on its arguments. That keeps it deterministic in tests
// and safe to call from any layer of Steward.
//
// Error messages deliberately describe what is wrong without echoing the whole
// input back, because the inputs are personal data and errors tend to end up
// in logs. All resident ID errors wrap [ErrInvalidResidentID] and all mobile
// number errors wrap [ErrInvalidMobile], so callers can classify them with
// [errors.Is].
package cnid
