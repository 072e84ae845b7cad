package ingest

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/steward-bank/steward/domain"
)

// Kind is the kind of a data file, the prefix of its name (CUST_20261122.dat).
type Kind string

// The kinds of data file of FEEDS.md.
const (
	KindORG    Kind = "ORG"
	KindPROD   Kind = "PROD"
	KindFX     Kind = "FX"
	KindCUST   Kind = "CUST"
	KindACCT   Kind = "ACCT"
	KindTXN    Kind = "TXN"
	KindINCOME Kind = "INCOME"
)

// kindOrder lists every kind in the order a batch is applied: organisation and products before the clients
// and accounts that refer to them.
var kindOrder = []Kind{KindORG, KindPROD, KindFX, KindCUST, KindACCT, KindTXN, KindINCOME}

// Encodings and account modes of the control file.
const (
	EncodingUTF8    = "UTF-8"
	EncodingGB18030 = "GB18030"

	AcctDelta = "delta"
	AcctFull  = "full"
)

// FileEntry is one file= line of the control file.
type FileEntry struct {
	Name   string
	Kind   Kind
	Rows   int    // data rows, header excluded, as listed
	SHA256 string // lower-case hex, as listed
	Line   int    // line of the control file
}

// control is what the control file says.
type control struct {
	name         string
	nameDate     domain.Date // from the file name; zero when the name is malformed
	businessDate domain.Date
	encoding     string
	delimiter    string
	acctMode     string
	files        []FileEntry
	listed       map[string]bool // every name of a file= line, valid or not
}

// ctlDate reads the date of a control file name BATCH_YYYYMMDD.ctl.
func ctlDate(name string) (domain.Date, bool) {
	s, ok := strings.CutPrefix(name, "BATCH_")
	if !ok {
		return domain.Date{}, false
	}
	s, ok = strings.CutSuffix(s, ".ctl")
	if !ok {
		return domain.Date{}, false
	}
	y, m, d, ok := parseYMD(s)
	if !ok {
		return domain.Date{}, false
	}
	return domain.NewDate(y, timeMonth(m), d), true
}

// isControlName reports whether name looks like a control file (BATCH_*.ctl), well formed or not.
func isControlName(name string) bool {
	return strings.HasPrefix(name, "BATCH_") && strings.HasSuffix(name, ".ctl")
}

// dataName splits a data file name KIND_YYYYMMDD.dat.
func dataName(name string) (Kind, domain.Date, string) {
	base, ok := strings.CutSuffix(name, ".dat")
	i := strings.LastIndexByte(base, '_')
	if !ok || i < 0 {
		return "", domain.Date{}, "is not named KIND_YYYYMMDD.dat"
	}
	kind := Kind(base[:i])
	known := false
	for _, k := range kindOrder {
		known = known || k == kind
	}
	if !known {
		return "", domain.Date{}, fmt.Sprintf("has an unknown kind %q; allowed: %s", string(kind), kindList())
	}
	y, m, d, ok := parseYMD(base[i+1:])
	if !ok {
		return "", domain.Date{}, "is not named KIND_YYYYMMDD.dat (the date is not a real YYYYMMDD date)"
	}
	return kind, domain.NewDate(y, timeMonth(m), d), ""
}

func kindList() string {
	s := make([]string, len(kindOrder))
	for i, k := range kindOrder {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// parseControl reads the control file content. Problems go to errs and warns; the result holds every
// setting that could be read, with the defaults for the others.
func parseControl(name string, content []byte, errs, warns *issueList) *control {
	c := &control{name: name, encoding: EncodingUTF8, delimiter: "|", acctMode: AcctDelta, listed: map[string]bool{}}
	if d, ok := ctlDate(name); ok {
		c.nameDate = d
	} else {
		errs.add(0, "", "", "the control file must be named BATCH_YYYYMMDD.ctl with a real date")
	}
	content = bytes.TrimPrefix(content, utf8BOM)
	seen := map[string]int{} // key → first line
	kinds := map[Kind]int{}  // kind → first line
	var businessDateLine int // line of business_date, for the error when the files' dates differ
	lines := strings.Split(string(content), "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	for n, raw := range lines {
		ln := n + 1
		raw = strings.TrimSuffix(raw, "\r")
		if !utf8.ValidString(raw) {
			errs.add(ln, "", "", "invalid UTF-8 (the control file is always UTF-8)")
			continue
		}
		if i := strings.IndexByte(raw, '#'); i >= 0 {
			raw = raw[:i]
		}
		text := strings.TrimSpace(raw)
		if text == "" {
			continue
		}
		key, value, ok := strings.Cut(text, "=")
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		if !ok || key == "" {
			errs.add(ln, "", text, "is not a key=value line")
			continue
		}
		if key != "file" {
			if first, dup := seen[key]; dup {
				errs.add(ln, key, value, fmt.Sprintf("given twice; first on line %d", first))
				continue
			}
			seen[key] = ln
		}
		switch key {
		case "business_date":
			businessDateLine = ln
			y, m, d, ok := parseYMD(value)
			if !ok {
				errs.add(ln, key, value, "is not a date (want YYYYMMDD)")
				continue
			}
			c.businessDate = domain.NewDate(y, timeMonth(m), d)
			if !c.nameDate.IsZero() && c.businessDate != c.nameDate {
				errs.add(ln, key, value, "differs from the date in the control file name "+name)
			}
		case "encoding":
			switch strings.ToUpper(value) {
			case "UTF-8", "UTF8":
				c.encoding = EncodingUTF8
			case "GB18030", "GBK", "GB2312", "CP936":
				c.encoding = EncodingGB18030
			default:
				c.encoding = ""
				errs.add(ln, key, value, "unknown encoding; allowed: UTF-8, GB18030 (GBK)")
			}
		case "delimiter":
			d, reason := unescapeDelimiter(value)
			if reason != "" {
				c.delimiter = ""
				errs.add(ln, key, value, reason)
				continue
			}
			c.delimiter = d
		case "acct_mode":
			if value != AcctDelta && value != AcctFull {
				errs.add(ln, key, value, "unknown mode; allowed: delta, full")
				continue
			}
			c.acctMode = value
		case "file":
			if fields := strings.Fields(value); len(fields) > 0 {
				c.listed[fields[0]] = true
			}
			f, ok := parseFileLine(ln, value, errs, warns)
			if !ok {
				continue
			}
			if first, dup := kinds[f.Kind]; dup {
				errs.add(ln, "file", f.Name, fmt.Sprintf("a second %s file; first on line %d", f.Kind, first))
				continue
			}
			kinds[f.Kind] = ln
			c.files = append(c.files, f)
		default:
			warns.add(ln, key, value, "unknown key, ignored")
		}
	}
	if businessDateLine == 0 {
		errs.add(0, "business_date", "", "missing")
	}
	// The files' dates are checked once the business date is known, wherever its line is.
	date := c.businessDate
	if date.IsZero() {
		date = c.nameDate
	}
	if !date.IsZero() {
		kept := c.files[:0]
		for _, f := range c.files {
			if _, d, _ := dataName(f.Name); d != date {
				errs.add(f.Line, "file", f.Name, "its date differs from the business date "+date.String())
				continue
			}
			kept = append(kept, f)
		}
		c.files = kept
	}
	return c
}

// parseFileLine reads the value of a file= line: "CUST_20261122.dat rows=1520 sha256=3b1f…".
func parseFileLine(ln int, value string, errs, warns *issueList) (FileEntry, bool) {
	tokens := strings.Fields(value)
	if len(tokens) == 0 {
		errs.add(ln, "file", "", "no file name")
		return FileEntry{}, false
	}
	f := FileEntry{Name: tokens[0], Rows: -1, Line: ln}
	kind, _, reason := dataName(f.Name)
	if reason != "" {
		errs.add(ln, "file", f.Name, reason)
		return FileEntry{}, false
	}
	f.Kind = kind
	ok := true
	for _, tok := range tokens[1:] {
		k, v, _ := strings.Cut(tok, "=")
		switch k {
		case "rows":
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || v[0] == '+' {
				errs.add(ln, "rows", v, "is not a row count")
				ok = false
				continue
			}
			f.Rows = n
		case "sha256":
			if len(v) != 64 || strings.IndexFunc(v, func(r rune) bool { return !isHex(r) }) >= 0 {
				errs.add(ln, "sha256", v, "is not a SHA-256 (64 hexadecimal digits)")
				ok = false
				continue
			}
			f.SHA256 = strings.ToLower(v)
		default:
			warns.add(ln, k, v, "unknown attribute of a file line, ignored")
		}
	}
	if ok && f.Rows < 0 {
		errs.add(ln, "file", f.Name, "has no rows=N")
		ok = false
	}
	if ok && f.SHA256 == "" {
		errs.add(ln, "file", f.Name, "has no sha256=HEX")
		ok = false
	}
	return f, ok
}

func isHex(r rune) bool {
	return '0' <= r && r <= '9' || 'a' <= r && r <= 'f' || 'A' <= r && r <= 'F'
}

// unescapeDelimiter reads the delimiter setting: literal characters, with \t, \\ and \xHH (HH ≤ 7F).
func unescapeDelimiter(s string) (string, string) {
	if s == "" {
		return "", "is empty"
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		if i+1 >= len(s) {
			return "", "ends with a lone backslash"
		}
		i++
		switch s[i] {
		case 't':
			b.WriteByte('\t')
		case '\\':
			b.WriteByte('\\')
		case 'x':
			if i+2 >= len(s) || !isHex(rune(s[i+1])) || !isHex(rune(s[i+2])) {
				return "", `has a bad \x escape (want \xHH)`
			}
			v, _ := strconv.ParseUint(s[i+1:i+3], 16, 8)
			if v >= utf8.RuneSelf {
				return "", `\x escapes are for ASCII (00-7F); write other characters as themselves`
			}
			b.WriteByte(byte(v))
			i += 2
		default:
			return "", fmt.Sprintf(`has an unknown escape \%c (allowed: \t, \\, \xHH)`, s[i])
		}
	}
	d := b.String()
	if strings.ContainsAny(d, "\r\n") {
		return "", "must not contain a line break"
	}
	if strings.Trim(d, " ") == "" {
		return "", "must not be only spaces"
	}
	return d, ""
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}
