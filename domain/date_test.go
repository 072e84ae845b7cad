package domain

import (
	"fmt"
	"testing"
)

func TestDateText(t *testing.T) {
	for _, d := range []Date{{}, {2026, 5, 1}, {1, 1, 1}, {9999, 12, 31}, {10000, 1, 2}, {-1, 3, 4}, {1987, 11, 23}} {
		want := ""
		if !d.IsZero() {
			want = fmt.Sprintf("%04d-%02d-%02d", d.y, d.m, d.d)
		}
		if got := d.String(); got != want {
			t.Errorf("String(%v) = %q, want %q", [3]int{d.y, d.m, d.d}, got, want)
		}
		if got := string(d.AppendISO([]byte("x"))); got != "x"+want {
			t.Errorf("AppendISO(%v) = %q, want %q", [3]int{d.y, d.m, d.d}, got, "x"+want)
		}
	}
}
