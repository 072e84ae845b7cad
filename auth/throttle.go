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
	// byUser indexes byName by the hash of the name alone, so that an administrator can lift the locks of
	// a name at every address (unlock) and see them (locks).
	byUser map[[32]byte]map[[32]byte]struct{}
}

// window is the failures of one key within the counting window, and the end of its lock.
type window struct {
	fails  []time.Time
	locked time.Time
}

func newThrottle() *throttle {
	return &throttle{byAddr: map[string]*window{}, byName: map[[32]byte]*window{}, byUser: map[[32]byte]map[[32]byte]struct{}{}}
}

func userKey(username string) [32]byte { return sha256.Sum256([]byte(strings.ToLower(username))) }

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
		u := userKey(username)
		if t.byUser[u] == nil {
			t.byUser[u] = map[[32]byte]struct{}{}
		}
		t.byUser[u][k] = struct{}{}
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
	k := nameKey(username, ip)
	delete(t.byName, k)
	if keys := t.byUser[userKey(username)]; keys != nil {
		delete(keys, k)
	}
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
	for u, keys := range t.byUser {
		for k := range keys {
			if t.byName[k] == nil {
				delete(keys, k)
			}
		}
		if len(keys) == 0 {
			delete(t.byUser, u)
		}
	}
}

// locks says at how many addresses a name is locked now, and until when the last of those locks runs.
func (t *throttle) locks(username string, now time.Time) (n int, until time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for k := range t.byUser[userKey(username)] {
		if w := t.byName[k]; w != nil && w.locked.After(now) {
			n++
			if w.locked.After(until) {
				until = w.locked
			}
		}
	}
	return n, until
}

// unlock forgets the failures and locks of a name at every address (not those of the addresses) and
// says how many locks were running.
func (t *throttle) unlock(username string, now time.Time) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	u := userKey(username)
	n := 0
	for k := range t.byUser[u] {
		if w := t.byName[k]; w != nil && w.locked.After(now) {
			n++
		}
		delete(t.byName, k)
	}
	delete(t.byUser, u)
	return n
}
