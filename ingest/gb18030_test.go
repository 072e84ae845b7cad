package ingest

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// refCode is one code of the GB18030 reference table with what each reference decodes it to (-1: refused).
type refCode struct {
	code       []byte
	py, glibc  rune
	fourByteIx int // linear index of a four-byte code, -1 otherwise
}

// want is the decoding the decoder follows: glibc for one- and two-byte codes (GB18030-2022 with the
// user-defined areas), Python for four-byte ones (see gb18030.go).
func (c refCode) want() rune {
	if len(c.code) == 4 {
		return c.py
	}
	return c.glibc
}

// readReference expands testdata/gb18030_reference.txt (scripts/gb18030_reference.py), calling f for
// every code.
func readReference(t *testing.T, f func(refCode)) {
	t.Helper()
	fh, err := os.Open("testdata/gb18030_reference.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	parse := func(s string) rune {
		if s == "-" {
			return -1
		}
		v, err := strconv.ParseUint(s, 16, 32)
		if err != nil {
			t.Fatalf("reference: %q: %v", s, err)
		}
		return rune(v)
	}
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		fs := strings.Fields(line)
		if len(fs) != 4 {
			t.Fatalf("reference line %q", line)
		}
		code, err := hexBytes(fs[0])
		if err != nil {
			t.Fatalf("reference line %q: %v", line, err)
		}
		n, _ := strconv.Atoi(fs[1])
		py, gl := parse(fs[2]), parse(fs[3])
		for k := 0; k < n; k++ {
			c := refCode{code: append([]byte(nil), code...), py: py, glibc: gl, fourByteIx: -1}
			if len(code) == 4 {
				c.fourByteIx = ((int(code[0])-0x81)*10+int(code[1])-0x30)*1260 + (int(code[2])-0x81)*10 + int(code[3]) - 0x30
			}
			f(c)
			if py >= 0 {
				py++
			}
			if gl >= 0 {
				gl++
			}
			code = nextCode(code)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}

func hexBytes(s string) ([]byte, error) {
	var b []byte
	for i := 0; i+2 <= len(s); i += 2 {
		v, err := strconv.ParseUint(s[i:i+2], 16, 8)
		if err != nil {
			return nil, err
		}
		b = append(b, byte(v))
	}
	return b, nil
}

// nextCode is the code after c in the order of the reference table.
func nextCode(c []byte) []byte {
	c = append([]byte(nil), c...)
	switch len(c) {
	case 1:
		c[0]++
	case 2:
		switch c[1] {
		case 0x7E:
			c[1] = 0x80
		case 0xFE:
			c[0], c[1] = c[0]+1, 0x40
		default:
			c[1]++
		}
	case 4:
		lo := [4]byte{0x81, 0x30, 0x81, 0x30}
		hi := [4]byte{0xFE, 0x39, 0xFE, 0x39}
		for i := 3; i >= 0; i-- {
			if c[i] < hi[i] {
				c[i]++
				break
			}
			c[i] = lo[i]
		}
	}
	return c
}

// TestGB18030Reference decodes every one- and two-byte code of GB18030, every four-byte code of the BMP
// and a sample of the others (valid and not), each on a line of its own, and compares with the reference
// table. A code the reference refuses must come out as not valid UTF-8 (reported as bytes that are not
// GB18030); every other must come out as its one code point.
func TestGB18030Reference(t *testing.T) {
	var codes []refCode
	var in bytes.Buffer
	stats := map[string]int{}
	readReference(t, func(c refCode) {
		if len(c.code) == 1 && c.code[0] == '\n' {
			return
		}
		if c.fourByteIx >= gbBMPEnd+1000 && c.fourByteIx%97 != 0 && !(c.fourByteIx >= gbSuppEnd-3 && c.fourByteIx <= gbSuppEnd+3) {
			return // a sample of the codes above the BMP
		}
		codes = append(codes, c)
		in.Write(c.code)
		in.WriteByte('\n')
		stats[fmt.Sprintf("%d-byte", len(c.code))]++
		if c.py != c.glibc {
			stats[fmt.Sprintf("%d-byte python≠glibc", len(c.code))]++
		}
	})
	t.Logf("codes checked: %v", stats)
	if stats["2-byte"] != 23940 || stats["4-byte"] < 39420+10000 {
		t.Fatalf("reference incomplete: %v", stats)
	}
	out, err := io.ReadAll(transform.NewReader(bytes.NewReader(in.Bytes()), newGB18030Decoder()))
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.Split(out, []byte("\n"))
	if len(lines) != len(codes)+1 {
		t.Fatalf("%d lines decoded for %d codes", len(lines)-1, len(codes))
	}
	bad := 0
	for i, c := range codes {
		got := lines[i]
		want := c.want()
		var ok bool
		if want < 0 {
			ok = !utf8.Valid(got)
		} else {
			r, size := utf8.DecodeRune(got)
			ok = size == len(got) && r == want && r != utf8.RuneError || (want == utf8.RuneError && string(got) == "\uFFFD")
		}
		if !ok {
			if bad++; bad <= 20 {
				t.Errorf("% X: decoded %q, want %s (python %s, glibc %s)", c.code, got, runeName(want), runeName(c.py), runeName(c.glibc))
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d codes decoded wrong", bad)
	}

	// The same two-byte codes read a byte at a time: a code split across reads decodes the same.
	var two bytes.Buffer
	var twoWant []rune
	for _, c := range codes {
		if len(c.code) == 2 {
			two.Write(c.code)
			twoWant = append(twoWant, c.want())
		}
	}
	slow, err := io.ReadAll(transform.NewReader(iotest.OneByteReader(bytes.NewReader(two.Bytes())), newGB18030Decoder()))
	if err != nil {
		t.Fatal(err)
	}
	if got := []rune(string(slow)); string(got) != string(twoWant) {
		t.Errorf("two-byte codes read a byte at a time: %d code points, want %d", len(got), len(twoWant))
	}
}

func runeName(r rune) string {
	if r < 0 {
		return "refused"
	}
	return fmt.Sprintf("U+%04X", r)
}

// TestGB18030Names reads a client file as a core system writes rare characters: a name in the first
// user-defined area (AA A1 → U+E000), one with the GB18030-2022 code FE 51 (𠂇), the vertical comma
// A6 D9 (U+FE10), a genuine U+FFFD (84 31 A4 37) in an address; none of them refuses the batch, and each
// reads as its character. A truncated code and a byte 0x80 still do.
func TestGB18030Names(t *testing.T) {
	tb := testBatch{ctl: []string{"business_date=20261122", "encoding=GB18030"}, gb: true, omit: map[Kind]bool{KindCUST: true}}
	// The template is encoded by x/text, then @1 and @2 are replaced by raw GB18030 bytes.
	cust := tb.encode("client_id|name|id_type|id_number|mobile|address|outlet_id|open_date|status\n" +
		"C001|王@1|02|P1|+0086 138 0013 8000|北京|OT1|20200101|normal\n" +
		"C002|李@2明|02|P2|13800138001|@3|OT1|20200101|normal\n")
	raw := func(two string) []byte {
		r := strings.NewReplacer("@1", "\xAA\xA1", "@2", two, "@3", "\x84\x31\xA4\x37\xA6\xD9")
		return []byte(r.Replace(cust))
	}
	tb.extra = []testFile{{kind: KindCUST, raw: raw("\xFE\x51"), body: "h\nr\nr\n"}}
	b, rep := tb.read(t)
	if !rep.OK() {
		t.Fatalf("refused:\n%s", rep.Text())
	}
	if len(b.Clients) != 2 || b.Clients[0].Name != "王\uE000" || b.Clients[0].Mobile != "13800138000" || b.Clients[1].Name != "李\U00020087明" || b.Clients[1].Address != "\uFFFD\uFE10" {
		t.Fatalf("clients %+v", b.Clients)
	}

	for _, bad := range []string{"\x80", "\xFF", "\x81\x30\x81"} {
		tb.extra[0].raw = raw(bad)
		if _, rep := tb.read(t); !has(rep.Errors, "CUST_20261122.dat:3: bytes that are not GB18030") {
			t.Errorf("% X: errors:%s", bad, issuesText(rep.Errors))
		}
	}
}

// BenchmarkGB18030Decode decodes feed-like text (ASCII fields, Chinese names and memos) with the decoder
// and, for comparison, with x/text's alone.
func BenchmarkGB18030Decode(b *testing.B) {
	line := "T000000001|A0000000001|C000000001|20261122093000|-1234.50|CNY|transfer|mobile|1|ICBC|张伟转账给李娜房租水电费\n"
	enc, err := simplifiedchinese.GB18030.NewEncoder().String(strings.Repeat(line, 20000))
	if err != nil {
		b.Fatal(err)
	}
	for _, d := range []struct {
		name string
		t    func() transform.Transformer
	}{{"steward", newGB18030Decoder}, {"x-text", func() transform.Transformer { return simplifiedchinese.GB18030.NewDecoder() }}} {
		b.Run(d.name, func(b *testing.B) {
			b.SetBytes(int64(len(enc)))
			for b.Loop() {
				if _, err := io.Copy(io.Discard, transform.NewReader(strings.NewReader(enc), d.t())); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
