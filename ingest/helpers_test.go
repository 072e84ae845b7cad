package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/cnid"
	"golang.org/x/text/encoding/simplifiedchinese"
)

const testDate = "20261122"

// idZhang is a valid resident ID (born 1990-03-07, male).
var idZhang = string(cnid.GenerateResidentID("110105", time.Date(1990, 3, 7, 0, 0, 0, 0, time.UTC), 12, true))

// testFile is a data file of a test batch. Its body is written with "|" as the delimiter and "\n" line
// ends; the batch's settings translate them.
type testFile struct {
	kind      Kind
	body      string
	rowsDelta int  // added to the true row count in the control file
	badSHA    bool // list a wrong SHA-256
	unlisted  bool // write the file but leave it out of the control file
	missing   bool // list the file but do not write it
	name      string
	raw       []byte // exact bytes to write instead of body
}

// testBatch describes a batch to write.
type testBatch struct {
	date     string
	ctl      []string // control lines before the file lines; nil for business_date only
	ctlBOM   bool
	dataBOM  bool
	gb       bool   // encode the data files as GB18030
	delim    string // replaces "|" in the bodies
	crlf     bool
	noFiles  bool // leave out the default files
	replace  map[Kind]string
	extra    []testFile
	omit     map[Kind]bool
	settings map[Kind]testFile // overrides of a default file's flags (body from replace or default)
}

func baseBodies() map[Kind]string {
	return map[Kind]string{
		KindORG: `org_id|parent_id|level|name
HO||head|总行
BR1|HO|branch|北京分行
SB1|BR1|subbranch|朝阳支行
OT1|SB1|outlet|望京网点
`,
		KindPROD: `product_code|name|category|risk_level|asset_class|card_level|agreement_kind|points_class|term_days
D01|活期储蓄|demand||asset||||
T1Y|一年定期|time||asset|||long|365
W01|稳健理财|wealth|R2|asset||||
L01|住房贷款|loan||liability|||mortgage|
CC1|白金卡|credit_card||none|platinum|||
AG1|私行协议|agreement||none||private_banking||
`,
		KindFX: `currency|rate
USD|7.123456
`,
		KindCUST: `client_id|name|id_type|id_number|gender|birth_date|mobile|phone|email|address|occupation|outlet_id|source|open_date|status|credit_grade
C001|张三|01|` + idZhang + `|M||+86 138-0013-8000||zhang@example.com|北京市朝阳区|manager|OT1|natural|20200101|normal|AA
C002|李四|02|E12345678|F|19851201|13900139000|||||OT1||20210315|normal|
`,
		KindACCT: `account_id|client_id|product_code|currency|balance|open_date|maturity_date|status
A001|C001|D01|CNY|1234567.89|20200101||active
A002|C001|T1Y|CNY|50000|20251201|20261201|active
A003|C002|D01|USD|100.5|20210315||active
A004|C002|CC1|CNY|0|20210315||active
`,
		KindTXN: `txn_id|account_id|client_id|ts|amount|currency|kind|channel|client_initiated|counterparty_bank|memo
T001|A001|C001|20261122093000|-500.00|CNY|transfer|mobile|1|ICBC|房租
T002|A003|C002|20261122235959|12.34|USD|interest|system|0||
`,
		KindINCOME: `client_id|product_code|amount
C001|W01|12.50
`,
	}
}

// countRows counts the data rows of a body as the contract does: lines after the header, blank ones not
// counted, a final line end not starting a row.
func countRows(body string) int {
	body = strings.TrimSuffix(body, "\n")
	if body == "" {
		return 0
	}
	n := 0
	for i, l := range strings.Split(body, "\n") {
		if i > 0 && strings.TrimSpace(strings.TrimSuffix(l, "\r")) != "" {
			n++
		}
	}
	return n
}

func (tb testBatch) write(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	date := tb.date
	if date == "" {
		date = testDate
	}
	var files []testFile
	if !tb.noFiles {
		bodies := baseBodies()
		for _, k := range kindOrder {
			if tb.omit[k] {
				continue
			}
			f := tb.settings[k]
			f.kind = k
			f.body = bodies[k]
			if r, ok := tb.replace[k]; ok {
				f.body = r
			}
			files = append(files, f)
		}
	}
	files = append(files, tb.extra...)

	var ctl strings.Builder
	if tb.ctlBOM {
		ctl.WriteString("\uFEFF")
	}
	if tb.ctl == nil {
		fmt.Fprintf(&ctl, "business_date=%s\n", date)
	}
	for _, l := range tb.ctl {
		ctl.WriteString(l + "\n")
	}
	for _, f := range files {
		name := f.name
		if name == "" {
			name = fmt.Sprintf("%s_%s.dat", f.kind, date)
		}
		data := f.raw
		if data == nil {
			data = []byte(tb.encode(f.body))
		}
		if !f.missing {
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if f.unlisted {
			continue
		}
		sum := sha256.Sum256(data)
		sha := hex.EncodeToString(sum[:])
		if f.badSHA {
			sha = strings.Repeat("0", 64)
		}
		fmt.Fprintf(&ctl, "file=%s rows=%d sha256=%s\n", name, countRows(f.body)+f.rowsDelta, sha)
	}
	ctlName := fmt.Sprintf("BATCH_%s.ctl", date)
	if err := os.WriteFile(filepath.Join(dir, ctlName), []byte(ctl.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// encode applies the batch's delimiter, line ends, BOM and encoding to a body.
func (tb testBatch) encode(body string) string {
	if tb.delim != "" {
		body = strings.ReplaceAll(body, "|", tb.delim)
	}
	if tb.crlf {
		body = strings.ReplaceAll(body, "\n", "\r\n")
	}
	if tb.dataBOM {
		body = "\uFEFF" + body
	}
	if tb.gb {
		s, err := simplifiedchinese.GB18030.NewEncoder().String(body)
		if err != nil {
			panic(err)
		}
		body = s
	}
	return body
}

// read writes and reads a test batch.
func (tb testBatch) read(t testing.TB) (*Batch, *Report) {
	t.Helper()
	b, rep, err := ReadBatch(tb.write(t))
	if err != nil {
		t.Fatalf("ReadBatch: %v", err)
	}
	return b, rep
}

// has reports whether one of issues, as printed, contains every part.
func has(issues []Issue, parts ...string) bool {
	for _, is := range issues {
		s := is.String()
		ok := true
		for _, p := range parts {
			ok = ok && strings.Contains(s, p)
		}
		if ok {
			return true
		}
	}
	return false
}

func issuesText(issues []Issue) string {
	var b strings.Builder
	for _, is := range issues {
		b.WriteString("\n\t" + is.String())
	}
	return b.String()
}
