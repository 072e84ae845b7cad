package ingest

import (
	"bytes"
	"context"
	"math/big"
	"regexp"
	"testing"

	"github.com/steward-bank/steward/domain"
)

var amountGrammar = regexp.MustCompile(`^-?[0-9]+(\.[0-9]{1,2})?$`)

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"0", "-0", "1234567.89", "-0.5", "12.345", "1,234", "+1", "", "-", ".5", "5.",
		"92233720368547758.07", "92233720368547758.08", "-92233720368547758.07", "00001.10", "1e5", " 1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseAmount(s)
		if err != nil {
			// Anything of the grammar within range must be accepted.
			if amountGrammar.MatchString(s) {
				r, _ := new(big.Rat).SetString(s)
				fen := new(big.Rat).Mul(r, big.NewRat(100, 1))
				if fen.Num().IsInt64() && fen.Num().Int64() > -1<<63 {
					t.Fatalf("ParseAmount(%q) refused a valid amount: %v", s, err)
				}
			}
			return
		}
		if !amountGrammar.MatchString(s) {
			t.Fatalf("ParseAmount(%q) accepted a value outside the grammar: %d", s, v)
		}
		canon := FormatAmount(v)
		// The exact value, computed independently.
		r, ok := new(big.Rat).SetString(s)
		if !ok {
			t.Fatalf("big.Rat cannot read accepted %q", s)
		}
		if want := r.FloatString(2); canon != want {
			t.Fatalf("ParseAmount(%q) = %d, canonical %q; exact value is %s", s, v, canon, want)
		}
		back, err := ParseAmount(canon)
		if err != nil || back != v || FormatAmount(back) != canon {
			t.Fatalf("canonical %q of %q does not round-trip: %d, %v", canon, s, back, err)
		}
	})
}

// FuzzReadDataFile feeds arbitrary bytes as the body of a CUST or TXN file (after a fixed header), in
// UTF-8 or GB18030: reading never panics and never yields more rows than there are lines.
func FuzzReadDataFile(f *testing.F) {
	bodies := baseBodies()
	for _, k := range []Kind{KindCUST, KindTXN} {
		body := bodies[k]
		_, rows, _ := bytes.Cut([]byte(body), []byte("\n"))
		f.Add(rows, k == KindTXN, false)
		f.Add(rows, k == KindTXN, true)
	}
	f.Add([]byte("\xAB\x7C|\xff\x81\n\r\n|||\n"), true, true)
	f.Add([]byte("C1|名|01|11010119900307017X||||||||OT1||20200101|normal|\n"), false, false)
	f.Fuzz(func(t *testing.T, data []byte, txn, gb bool) {
		kind := KindCUST
		if txn {
			kind = KindTXN
		}
		header := bodies[kind][:bytes.IndexByte([]byte(bodies[kind]), '\n')+1]
		content := append([]byte(header), data...)
		b := &Batch{BusinessDate: domain.NewDate(2026, 11, 22), Encoding: EncodingUTF8, Delimiter: "|"}
		if gb {
			b.Encoding = EncodingGB18030
		}
		res := &fileResult{errs: &issueList{file: "F"}, warns: &issueList{file: "F"}}
		entry := FileEntry{Name: "F", Kind: kind, Rows: 1}
		if err := readData(context.Background(), b, entry, bytes.NewReader(content), int64(len(content)), true, res); err != nil {
			t.Fatalf("readData: %v", err)
		}
		lines := bytes.Count(content, []byte("\n")) + 1
		got := len(b.Clients) + len(b.Txns)
		if got > lines-1 || res.rows > lines-1 || got > res.rows {
			t.Fatalf("%d rows kept, %d counted, from %d lines", got, res.rows, lines)
		}
		for _, c := range b.Clients {
			if c.Line < 2 || c.Line > lines || c.ClientID == "" {
				t.Fatalf("bad client row %+v", c)
			}
		}
		for _, x := range b.Txns {
			if x.Line < 2 || x.Line > lines || domain.DateOf(x.TS) != domain.NewDate(2026, 11, 22) {
				t.Fatalf("bad txn row %+v", x)
			}
		}
		if len(res.errs.items) > MaxIssuesPerFile || len(res.warns.items) > MaxIssuesPerFile {
			t.Fatalf("issue cap exceeded")
		}
	})
}
