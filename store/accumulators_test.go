package store

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/steward-bank/steward/domain"
)

// TestBalEntriesText checks the entries of a balances row (migration 0016): read back as written, and
// every malformed row refused with what is wrong rather than read as zeros.
func TestBalEntriesText(t *testing.T) {
	entries := []balEntry{
		{account: []byte("6222A"), fromDay: 1, class: "short", sumBefore: 0, balance: 1},
		{account: []byte("6222B"), fromDay: 31, class: "long", sumBefore: 9223372036854775807, balance: -9223372036854775807},
		{account: []byte("6222C"), fromDay: 29, class: "mortgage", sumBefore: -5, balance: 0},
	}
	text := string(appendBalEntries(nil, entries))
	if want := "6222A,1,short,0,1;6222B,31,long,9223372036854775807,-9223372036854775807;6222C,29,mortgage,-5,0"; text != want {
		t.Fatalf("packed %q, want %q", text, want)
	}
	for id, want := range map[string]string{"6222A": "6222A", "A,1;2%": "A%2C1%3B2%25", "A\nB C": "A%0AB C"} {
		if got := entryKey(id); got != want {
			t.Errorf("entryKey(%q) = %q, want %q", id, got, want)
		}
	}
	got, err := parseBalEntries([]byte(text), nil)
	if err != nil || !reflect.DeepEqual(got, entries) {
		t.Fatalf("read back %+v, %v; want %+v", got, err, entries)
	}
	if got, err := parseBalEntries(nil, nil); err != nil || len(got) != 0 {
		t.Errorf("empty text: %v, %v", got, err)
	}
	for _, bad := range []string{
		"A,1,short,0",                     // four fields
		"A,1,short,0,1,2",                 // six
		"A,1,short,0,1;",                  // an empty entry
		",1,short,0,1",                    // no account
		"A,0,short,0,1",                   // day 0
		"A,32,short,0,1",                  // day 32
		"A,1,,0,1",                        // no class
		"A,1,short,1.5,1",                 // a decimal
		"A,1,short,0,9223372036854775808", // out of range
		"A,1,short,0,1;A,2,short,0,1",     // the same account twice
		"B,1,short,0,1;A,2,short,0,1",     // out of order
		"A,1,short, 0,1",                  // a space
		"A,1,short,-,1",                   // a lone sign
	} {
		if _, err := parseBalEntries([]byte(bad), nil); err == nil {
			t.Errorf("%q: read without error", bad)
		}
	}
}

// TestAccMonthsText checks the packed months of the account_balances rows that migration 0016 converts:
// read as written, and every malformed row refused.
func TestAccMonthsText(t *testing.T) {
	text := "202512,1,short,0,1;202601,31,long,9223372036854775807,-9223372036854775807;202602,29,mortgage,-5,0"
	want := []accEntry{
		{month: 202512, fromDay: 1, class: "short", sumBefore: 0, balance: 1},
		{month: 202601, fromDay: 31, class: "long", sumBefore: 9223372036854775807, balance: -9223372036854775807},
		{month: 202602, fromDay: 29, class: "mortgage", sumBefore: -5, balance: 0},
	}
	got, err := parseAccMonths([]byte(text), nil)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("read %+v, %v; want %+v", got, err, want)
	}
	for _, bad := range []string{
		"202601,1,short,0",                      // four fields
		"202601,1,short,0,1;",                   // an empty entry
		"202613,1,short,0,1",                    // month 13
		"202601,0,short,0,1",                    // day 0
		"202601,1,short,0,1;202601,2,short,0,1", // the same month twice
		"202602,1,short,0,1;202601,2,short,0,1", // out of order
	} {
		if _, err := parseAccMonths([]byte(bad), nil); err == nil {
			t.Errorf("%q: read without error", bad)
		}
	}
}

// TestMonthArithmetic checks the month steps the closed rows are keyed by.
func TestMonthArithmetic(t *testing.T) {
	for _, c := range []struct{ m, n, want int }{
		{202601, 1, 202602}, {202612, 1, 202701}, {202601, -1, 202512}, {202603, -36, 202303}, {202612, 0, 202612},
	} {
		if got := addMonth(c.m, c.n); got != c.want {
			t.Errorf("addMonth(%d, %d) = %d, want %d", c.m, c.n, got, c.want)
		}
	}
	for _, c := range []struct{ m, q int }{{202601, 20261}, {202603, 20261}, {202604, 20262}, {202609, 20263}, {202610, 20264}, {202612, 20264}} {
		if got := quarterOf(c.m); got != c.q {
			t.Errorf("quarterOf(%d) = %d, want %d", c.m, got, c.q)
		}
	}
	if nextQuarter(20264) != 20271 || nextQuarter(20262) != 20263 {
		t.Errorf("nextQuarter: %d, %d", nextQuarter(20264), nextQuarter(20262))
	}
}

// TestClosedMonthsText checks the closed months of a balances_closed row: read back as written, and a
// malformed row refused.
func TestClosedMonthsText(t *testing.T) {
	var text []byte
	in := []closedMonth{{closedIn: 202602, month: 202601, entries: []byte("A,1,short,0,1")}, {closedIn: 202603, month: 202511, entries: []byte("B,2,long,5,6;C,1,loan,0,7")}}
	for _, c := range in {
		text = appendClosedMonth(text, c)
	}
	if want := "202602 202601 A,1,short,0,1\n202603 202511 B,2,long,5,6;C,1,loan,0,7"; string(text) != want {
		t.Fatalf("packed %q, want %q", text, want)
	}
	var got []closedMonth
	if err := parseClosedMonths(text, func(c closedMonth) error { got = append(got, c); return nil }); err != nil || !reflect.DeepEqual(got, in) {
		t.Fatalf("read back %+v, %v", got, err)
	}
	for _, bad := range []string{
		"202602 202601 A,1,short,0,1\n", // a trailing newline
		"202602 202602 A,1,short,0,1",   // closed in its own month
		"202602 202613 A,1,short,0,1",   // month 13
		"20260 202601 A,1,short,0,1",    // a short month
		"202602,202601 A,1,short,0,1",   // a comma
		"202602 202601",                 // no entries' space
	} {
		if err := parseClosedMonths([]byte(bad), func(closedMonth) error { return nil }); err == nil {
			t.Errorf("%q: read without error", bad)
		}
	}
}

// TestVolMonthsText checks the packed months of client_volumes (migration 0012) as TestAccMonthsText does
// the balances'.
func TestVolMonthsText(t *testing.T) {
	months := []volEntry{
		{month: 202512, purchases: 100, cardSpend: 20, fees: 5, txns: 3, outflow: 0, lastTxn: domain.NewDate(2025, 12, 31)},
		{month: 202601, purchases: -1, outflow: 9},
	}
	text := string(appendVolMonths(nil, months))
	if want := "202512,100,20,5,3,0,2025-12-31;202601,-1,0,0,0,9,"; text != want {
		t.Fatalf("packed %q, want %q", text, want)
	}
	got, err := parseVolMonths([]byte(text), nil)
	if err != nil || !reflect.DeepEqual(got, months) {
		t.Fatalf("read back %+v, %v; want %+v", got, err, months)
	}
	for _, bad := range []string{
		"202601,1,2,3,4,5",                              // six fields
		"202601,1,2,3,4,5,,",                            // eight
		"202601,1,2,3,4,5,2026-02-30",                   // no such date
		"202601,1,2,3,-4,5,",                            // a negative count
		"202601,1,2,3,4,5,;",                            // an empty entry
		"202601,1,2,3,4,5,;202512,1,2,3,4,5,",           // out of order
		"202601,1,2,3,4,5,2026-01-05;202601,1,2,3,4,5,", // the same month twice
	} {
		if _, err := parseVolMonths([]byte(bad), nil); err == nil {
			t.Errorf("%q: read without error", bad)
		}
	}
}

// The re-rating parses every client's rows of balances and volumes (tens of millions of entries at a
// million clients): BenchmarkParseBalEntries times a month's row of a client with three accounts,
// BenchmarkParseVolMonths a year of volumes.
func BenchmarkParseBalEntries(b *testing.B) {
	var entries []balEntry
	for i, class := range []string{"short", "long", "loan"} {
		entries = append(entries, balEntry{account: fmt.Appendf(nil, "C00012345%c", 'A'+i), fromDay: 17, class: class,
			sumBefore: 1_234_567_890, balance: 98_765_432})
	}
	text := appendBalEntries(nil, entries)
	var out []balEntry
	for b.Loop() {
		var err error
		if out, err = parseBalEntries(text, out[:0]); err != nil || len(out) != 3 {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseVolMonths(b *testing.B) {
	var months []volEntry
	for m := 202503; m <= 202512; m++ {
		months = append(months, volEntry{month: m, purchases: 5_000_000, cardSpend: 123_456, fees: 1_200, txns: 17, outflow: 300_000,
			lastTxn: domain.NewDate(m/100, time.Month(m%100), 28)})
	}
	months = append(months, volEntry{month: 202601, txns: 0}, volEntry{month: 202602, purchases: 1, txns: 2, lastTxn: domain.NewDate(2026, 2, 3)})
	text := appendVolMonths(nil, months)
	var out []volEntry
	for b.Loop() {
		var err error
		if out, err = parseVolMonths(text, out[:0]); err != nil || len(out) != 12 {
			b.Fatal(err)
		}
	}
}
