package store

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/domain"
)

// TestAccMonthsText checks the packed months of account_balances (migration 0011): read back as written,
// and every malformed row refused with what is wrong rather than read as zeros.
func TestAccMonthsText(t *testing.T) {
	months := []accEntry{
		{month: 202512, fromDay: 1, class: "short", sumBefore: 0, balance: 1},
		{month: 202601, fromDay: 31, class: "long", sumBefore: 9223372036854775807, balance: -9223372036854775807},
		{month: 202602, fromDay: 29, class: "mortgage", sumBefore: -5, balance: 0},
	}
	text := string(appendAccMonths(nil, months))
	if want := "202512,1,short,0,1;202601,31,long,9223372036854775807,-9223372036854775807;202602,29,mortgage,-5,0"; text != want {
		t.Fatalf("packed %q, want %q", text, want)
	}
	got, err := parseAccMonths([]byte(text), nil)
	if err != nil || !reflect.DeepEqual(got, months) {
		t.Fatalf("read back %+v, %v; want %+v", got, err, months)
	}
	if got, err := parseAccMonths(nil, nil); err != nil || len(got) != 0 {
		t.Errorf("empty text: %v, %v", got, err)
	}
	for _, bad := range []string{
		"202601,1,short,0",                      // four fields
		"202601,1,short,0,1,2",                  // six
		"202601,1,short,0,1;",                   // an empty entry
		"202613,1,short,0,1",                    // month 13
		"202600,1,short,0,1",                    // month 0
		"202601,0,short,0,1",                    // day 0
		"202601,32,short,0,1",                   // day 32
		"202601,1,,0,1",                         // no class
		"202601,1,short,1.5,1",                  // a decimal
		"202601,1,short,0,9223372036854775808",  // out of range
		"202601,1,short,0,1;202601,2,short,0,1", // the same month twice
		"202602,1,short,0,1;202601,2,short,0,1", // out of order
		"202601,1,short, 0,1",                   // a space
		"202601,1,short,-,1",                    // a lone sign
	} {
		if _, err := parseAccMonths([]byte(bad), nil); err == nil {
			t.Errorf("%q: read without error", bad)
		}
	}
}

// TestAccRowPut checks that a row keeps its months in order, replaces a month it holds, and drops the
// months older than AccumulatorMonthsKept except the latest of them, which still carries its balance.
func TestAccRowPut(t *testing.T) {
	var r accRow
	r.put(accEntry{month: 202301, fromDay: 1, class: "short", balance: 10})
	r.put(accEntry{month: 202303, fromDay: 1, class: "short", balance: 30})
	r.put(accEntry{month: 202302, fromDay: 1, class: "short", balance: 20})
	r.put(accEntry{month: 202302, fromDay: 5, class: "short", balance: 21})
	if got := monthsOf(r.months); got != "202301 202302 202303" || r.months[1].balance != 21 || !r.changed {
		t.Fatalf("months %s (February %d)", got, r.months[1].balance)
	}
	// 36 months after March 2023 is March 2026: January and February 2023 fall out, and February, the
	// latest of them, stays as the carry.
	r.put(accEntry{month: 202603, fromDay: 1, class: "short", balance: 40})
	if got := monthsOf(r.months); got != "202302 202303 202603" {
		t.Errorf("after March 2026: months %s, want 202302 202303 202603", got)
	}
	r.put(accEntry{month: 202604, fromDay: 1, class: "short", balance: 50})
	if got := monthsOf(r.months); got != "202303 202603 202604" {
		t.Errorf("after April 2026: months %s, want 202303 202603 202604", got)
	}
	if i := r.find(202603); i != 1 || r.find(202605) != -1 {
		t.Errorf("find: %d, %d", i, r.find(202605))
	}
}

func monthsOf(es []accEntry) string {
	var s []string
	for _, e := range es {
		s = append(s, string(appendAccMonths(nil, []accEntry{e}))[:6])
	}
	return strings.Join(s, " ")
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

// The re-rating parses every account's and every client's packed months (tens of millions of entries at a
// million clients): BenchmarkParseAccMonths and BenchmarkParseVolMonths time a row of the rating
// benchmark's worst case (seven months of balances; twelve of volumes).
func BenchmarkParseAccMonths(b *testing.B) {
	var months []accEntry
	for m := 202508; m <= 202512; m++ {
		months = append(months, accEntry{month: m, fromDay: 17, class: "long", sumBefore: 1_234_567_890, balance: 98_765_432})
	}
	for m := 202601; m <= 202602; m++ {
		months = append(months, accEntry{month: m, fromDay: 3, class: "short", sumBefore: 4_567_890, balance: 12_345_678})
	}
	text := appendAccMonths(nil, months)
	var out []accEntry
	for b.Loop() {
		var err error
		if out, err = parseAccMonths(text, out[:0]); err != nil || len(out) != 7 {
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
