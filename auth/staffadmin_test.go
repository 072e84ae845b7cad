package auth

import (
	"testing"
	"time"
)

// One-time passwords pass the rules whatever the policy's minimum, and differ.
func TestOneTimePasswordPassesRules(t *testing.T) {
	seen := map[string]bool{}
	for _, min := range []int{8, 12, 20} {
		for range 50 {
			pw, err := OneTimePassword("rm01", min)
			if err != nil {
				t.Fatal(err)
			}
			if err := CheckPasswordRules(pw, "rm01", min); err != nil {
				t.Fatalf("%q (min %d): %v", pw, min, err)
			}
			if len(pw) < max(min, 12) {
				t.Errorf("%q is shorter than %d", pw, max(min, 12))
			}
			if seen[pw] {
				t.Errorf("%q made twice", pw)
			}
			seen[pw] = true
		}
	}
}

// Unlocking a name lifts its locks at every address, and only its own; the addresses' counts stay.
func TestThrottleUnlockByName(t *testing.T) {
	th := newThrottle()
	now := time.Now()
	for _, ip := range []string{"10.0.0.1", "10.0.0.2"} {
		for range 5 {
			th.fail("RM02", ip, now, 5, 100, 15*time.Minute)
		}
	}
	for range 5 {
		th.fail("rm03", "10.0.0.1", now, 5, 100, 15*time.Minute)
	}
	if n, until := th.locks("rm02", now); n != 2 || !until.After(now) {
		t.Fatalf("locks of rm02: %d until %v, want 2", n, until)
	}
	if n := th.unlock("rm02", now); n != 2 {
		t.Errorf("unlock said %d locks, want 2", n)
	}
	for _, ip := range []string{"10.0.0.1", "10.0.0.2"} {
		if _, name := th.blocked("rm02", ip, now); !name.IsZero() {
			t.Errorf("rm02 still locked at %s", ip)
		}
	}
	if _, name := th.blocked("rm03", "10.0.0.1", now); name.IsZero() {
		t.Error("unlocking rm02 unlocked rm03")
	}
	if n, _ := th.locks("rm02", now); n != 0 {
		t.Errorf("locks after unlock: %d", n)
	}
}
