package auth

import (
	"crypto/sha256"
	"strings"
	"sync"
	"time"
)

// throttle counts failed logins in memory, by address and by (username, address), so that:
//
//   - a guesser at one address is stopped after a few tries at one name (the name is then locked for that
//     address only: the account's owner at their own desk is not locked out by an anonymous caller), and
//     after a few more tries at any names (the address is then refused altogether);
//   - a name that matches no account is counted exactly like one that does, so that the answers (wrong
//     password, locked, refused) never tell which accounts exist.
//
// Names are kept only as a hash, and only in memory: a typed name may be a mistyped password.
type throttle struct {
	mu     sync.Mutex
	byAddr map[string]*window
	byName map[[32]byte]*window
}

// window is the failures of one key within the counting window, and the end of its lock.
type window struct {
	fails  []time.Time
	locked time.Time
}

func newThrottle() *throttle {
	return &throttle{byAddr: map[string]*window{}, byName: map[[32]byte]*window{}}
}

func nameKey(username, ip string) [32]byte {
	return sha256.Sum256([]byte(strings.ToLower(username) + "\x00" + ip))
}

// blocked says until when the address, or else the name at the address, is refused (zero: not refused).
func (t *throttle) blocked(username, ip string, now time.Time) (addrUntil, nameUntil time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if w := t.byAddr[ip]; w != nil && w.locked.After(now) {
		addrUntil = w.locked
	}
	if w := t.byName[nameKey(username, ip)]; w != nil && w.locked.After(now) {
		nameUntil = w.locked
	}
	return addrUntil, nameUntil
}

// fail records a failed login and says whether it locked the name at the address, and until when.
func (t *throttle) fail(username, ip string, now time.Time, perName, perAddr int, span time.Duration) (nameLocked bool, until time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.sweep(now, span)
	count := func(w *window) int {
		kept := w.fails[:0]
		for _, f := range w.fails {
			if now.Sub(f) < span {
				kept = append(kept, f)
			}
		}
		w.fails = append(kept, now)
		return len(w.fails)
	}
	a := t.byAddr[ip]
	if a == nil {
		a = &window{}
		t.byAddr[ip] = a
	}
	if count(a) >= perAddr {
		a.locked, a.fails = now.Add(span), nil
	}
	k := nameKey(username, ip)
	n := t.byName[k]
	if n == nil {
		n = &window{}
		t.byName[k] = n
	}
	if count(n) >= perName {
		n.locked, n.fails = now.Add(span), nil
		return true, n.locked
	}
	return false, time.Time{}
}

// succeed forgets the failures of the name at the address (not those of the address: one good login must
// not buy a guesser another round of tries at other names).
func (t *throttle) succeed(username, ip string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.byName, nameKey(username, ip))
}

// sweep drops the entries with no recent failure and no running lock once the maps grow, so that a flood
// of names cannot grow them without bound.
func (t *throttle) sweep(now time.Time, span time.Duration) {
	if len(t.byName)+len(t.byAddr) < 10000 {
		return
	}
	stale := func(w *window) bool {
		return !w.locked.After(now) && (len(w.fails) == 0 || now.Sub(w.fails[len(w.fails)-1]) >= span)
	}
	for k, w := range t.byName {
		if stale(w) {
			delete(t.byName, k)
		}
	}
	for k, w := range t.byAddr {
		if stale(w) {
			delete(t.byAddr, k)
		}
	}
}
