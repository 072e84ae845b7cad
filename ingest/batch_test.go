package ingest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/domain"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func TestReadBatchValid(t *testing.T) {
	b, rep := testBatch{}.read(t)
	if !rep.OK() || len(rep.Warnings) != 0 {
		t.Fatalf("report not clean:\n%s", rep.Text())
	}
	if got := b.BusinessDate; got != domain.NewDate(2026, 11, 22) {
		t.Errorf("BusinessDate = %v", got)
	}
	if b.Encoding != EncodingUTF8 || b.Delimiter != "|" || b.AcctMode != AcctDelta || len(b.Files) != 7 {
		t.Errorf("settings: %q %q %q %d files", b.Encoding, b.Delimiter, b.AcctMode, len(b.Files))
	}
	if len(b.ContentHash) != 64 {
		t.Errorf("ContentHash = %q", b.ContentHash)
	}
	if n := []int{len(b.Orgs), len(b.Products), len(b.FX), len(b.Clients), len(b.Accounts), len(b.Txns), len(b.Income)}; n[0] != 4 || n[1] != 6 || n[2] != 1 || n[3] != 2 || n[4] != 4 || n[5] != 2 || n[6] != 1 {
		t.Fatalf("row counts %v", n)
	}
	if a := b.Accounts[0]; a.Balance != 123456789 || a.AccountID != "A001" || a.OpenDate != domain.NewDate(2020, 1, 1) || a.Line != 2 {
		t.Errorf("account 0 = %+v", a)
	}
	if a := b.Accounts[2]; a.Balance != 10050 || a.Currency != "USD" {
		t.Errorf("account 2 = %+v", a)
	}
	if a := b.Accounts[1]; a.MaturityDate != domain.NewDate(2026, 12, 1) {
		t.Errorf("maturity = %v", a.MaturityDate)
	}
	if fx := b.FX[0]; fx.Rate != 7123456 {
		t.Errorf("rate = %d", fx.Rate)
	}
	c := b.Clients[0]
	if c.Mobile != "13800138000" {
		t.Errorf("mobile normalised to %q, want 13800138000", c.Mobile)
	}
	if c.BirthDate != domain.NewDate(1990, 3, 7) {
		t.Errorf("birth date derived from the ID = %v", c.BirthDate)
	}
	if c.Name != "张三" || c.Email != "zhang@example.com" || c.OutletID != "OT1" {
		t.Errorf("client = %+v", c)
	}
	tx := b.Txns[0]
	want := time.Date(2026, 11, 22, 9, 30, 0, 0, domain.Shanghai)
	if !tx.TS.Equal(want) || tx.TS.Location() != domain.Shanghai || tx.Amount != -50000 || !tx.ClientInitiated || tx.Memo != "房租" {
		t.Errorf("txn = %+v", tx)
	}
	if b.Txns[1].ClientInitiated {
		t.Errorf("client_initiated 0 read as true")
	}
	points := map[string]string{}
	for _, p := range b.Products {
		points[p.Code] = p.PointsClass
	}
	if points["D01"] != "short" || points["W01"] != "long" || points["L01"] != "mortgage" || points["CC1"] != "none" || points["T1Y"] != "long" {
		t.Errorf("points classes %v", points)
	}
	if b.Products[1].TermDays != 365 {
		t.Errorf("term days %d", b.Products[1].TermDays)
	}
	if b.Income[0].Amount != 1250 || b.Income[0].ProductCode != "W01" {
		t.Errorf("income %+v", b.Income[0])
	}
	if org := b.Orgs[0]; org.Level != domain.LevelHead || org.ParentID != "" {
		t.Errorf("org %+v", org)
	}
	if issues := b.CheckReferences(NothingKnown{}); len(issues) != 0 {
		t.Errorf("references of a self-contained batch: %s", issuesText(issues))
	}
}

// TestRefusals triggers each reason of FEEDS.md (and of the control file) with a file that has it.
func TestRefusals(t *testing.T) {
	tests := []struct {
		name  string
		batch testBatch
		want  []string // parts of one error
		warn  []string // parts of one warning, when the batch is refused by nothing else
		more  [][]string
	}{
		{name: "listed file missing",
			batch: testBatch{settings: map[Kind]testFile{KindCUST: {missing: true}}},
			want:  []string{"CUST_20261122.dat: listed in the control file (line", "but missing"}},
		{name: "row count differs",
			batch: testBatch{settings: map[Kind]testFile{KindACCT: {rowsDelta: 1}}},
			want:  []string{"ACCT_20261122.dat rows: the control file says 5, the file has 4"}},
		{name: "sha256 differs",
			batch: testBatch{settings: map[Kind]testFile{KindTXN: {badSHA: true}}},
			want:  []string{"TXN_20261122.dat sha256: the control file says 0000"}},
		{name: "unlisted data file",
			batch: testBatch{extra: []testFile{{kind: KindTXN, name: "TXN_20261121.dat", body: "txn_id\n", unlisted: true}}},
			want:  []string{`TXN_20261121.dat: a data file that BATCH_20261122.ctl does not list`}},
		{name: "business_date differs from the name",
			batch: testBatch{ctl: []string{"business_date=20261121"}},
			want:  []string{`BATCH_20261122.ctl:1 business_date "20261121": differs from the date in the control file name`}},
		{name: "business_date not a date",
			batch: testBatch{ctl: []string{"business_date=20261131"}},
			want:  []string{`business_date "20261131": is not a date`}},
		{name: "business_date missing",
			batch: testBatch{ctl: []string{"encoding=UTF-8"}},
			want:  []string{"BATCH_20261122.ctl business_date: missing"}},
		{name: "unknown encoding",
			batch: testBatch{ctl: []string{"business_date=20261122", "encoding=Big5"}},
			want:  []string{`encoding "Big5": unknown encoding; allowed: UTF-8, GB18030`}},
		{name: "bad delimiter escape",
			batch: testBatch{ctl: []string{"business_date=20261122", `delimiter=\q`}},
			want:  []string{`delimiter "\\q": has an unknown escape`}},
		{name: "unknown acct_mode",
			batch: testBatch{ctl: []string{"business_date=20261122", "acct_mode=partial"}},
			want:  []string{`acct_mode "partial": unknown mode; allowed: delta, full`}},
		{name: "acct_mode full without ACCT",
			batch: testBatch{ctl: []string{"business_date=20261122", "acct_mode=full"}, omit: map[Kind]bool{KindACCT: true, KindTXN: true}},
			want:  []string{"acct_mode \"full\": needs an ACCT file"}},
		{name: "listed name of an unknown kind",
			batch: testBatch{extra: []testFile{{kind: "LOAN", body: "a\n"}}},
			want:  []string{`file "LOAN_20261122.dat": has an unknown kind "LOAN"`}},
		{name: "listed name with another date",
			batch: testBatch{omit: map[Kind]bool{KindINCOME: true}, extra: []testFile{{kind: KindINCOME, name: "INCOME_20261121.dat", body: "client_id|amount\n"}}},
			want:  []string{`file "INCOME_20261121.dat": its date differs from the business date 2026-11-22`}},
		{name: "kind listed twice",
			batch: testBatch{extra: []testFile{{kind: KindFX, name: "FX_20261122.dat", body: baseBodies()[KindFX]}}},
			want:  []string{`file "FX_20261122.dat": a second FX file; first on line`}},
		{name: "not key=value",
			batch: testBatch{ctl: []string{"business_date=20261122", "hello"}},
			want:  []string{`BATCH_20261122.ctl:2 "hello": is not a key=value line`}},
		{name: "missing required column",
			batch: testBatch{replace: map[Kind]string{KindACCT: "account_id|client_id|product_code|currency|open_date|status\nA9|C001|D01|CNY|20200101|active\n"}},
			want:  []string{"ACCT_20261122.dat:1: missing required columns: balance; the file's rows are not read"}},
		{name: "column twice",
			batch: testBatch{replace: map[Kind]string{KindFX: "currency|rate|rate\nUSD|7|7\n"}},
			want:  []string{`FX_20261122.dat:1 rate: column given twice (fields 2 and 3)`}},
		{name: "unknown code",
			batch: testBatch{replace: map[Kind]string{KindACCT: "account_id|client_id|product_code|currency|balance|open_date|status\nA9|C001|D01|CNY|1|20200101|Active\n"}},
			want:  []string{`ACCT_20261122.dat:2 status "Active": unknown code; allowed: active, closed`}},
		{name: "third decimal",
			batch: testBatch{replace: map[Kind]string{KindINCOME: "client_id|amount\nC001|12.345\n"}},
			want:  []string{`INCOME_20261122.dat:2 amount "12.345": has more than 2 decimals`}},
		{name: "thousands separator",
			batch: testBatch{replace: map[Kind]string{KindINCOME: "client_id|amount\nC001|1,234.00\n"}},
			want:  []string{`amount "1,234.00": has a thousands separator`}},
		{name: "bad date",
			batch: testBatch{replace: map[Kind]string{KindACCT: "account_id|client_id|product_code|currency|balance|open_date|status\nA9|C001|D01|CNY|1|20230229|active\n"}},
			want:  []string{`ACCT_20261122.dat:2 open_date "20230229": is not a date (want YYYYMMDD, a real calendar date)`}},
		{name: "open date after the business date",
			batch: testBatch{replace: map[Kind]string{KindACCT: "account_id|client_id|product_code|currency|balance|open_date|status\nA9|C001|D01|CNY|1|20261123|active\n"}},
			want:  []string{`open_date "20261123": is after the business date 2026-11-22`}},
		{name: "bad timestamp",
			batch: testBatch{replace: map[Kind]string{KindTXN: "txn_id|account_id|client_id|ts|amount|currency|kind|channel|client_initiated\nT9|A001|C001|20261122246000|1|CNY|cash|atm|1\n"}},
			want:  []string{`TXN_20261122.dat:2 ts "20261122246000": is not a timestamp (want YYYYMMDDHHMMSS)`}},
		{name: "timestamp not on the business date",
			batch: testBatch{replace: map[Kind]string{KindTXN: "txn_id|account_id|client_id|ts|amount|currency|kind|channel|client_initiated\nT9|A001|C001|20261121235959|1|CNY|cash|atm|1\n"}},
			want:  []string{`TXN_20261122.dat:2 ts "20261121235959": is not on the business date 2026-11-22`}},
		{name: "check digit",
			batch: testBatch{replace: map[Kind]string{KindCUST: "client_id|name|id_type|id_number|mobile|outlet_id|open_date|status\nC9|王五|01|11010119900307017X|13800138000|OT1|20200101|normal\n"}},
			want:  []string{`CUST_20261122.dat:2 id_number "11010119900307017X": check digit should be 7`}},
		{name: "invalid mobile",
			batch: testBatch{replace: map[Kind]string{KindCUST: "client_id|name|id_type|id_number|mobile|outlet_id|open_date|status\nC9|王五|02|P1|1380013800|OT1|20200101|normal\n"}},
			want:  []string{`CUST_20261122.dat:2 mobile "1380013800": invalid mobile number: 10 digits, want 11`}},
		{name: "client_id too long",
			batch: testBatch{replace: map[Kind]string{KindCUST: "client_id|name|id_type|id_number|mobile|outlet_id|open_date|status\n" + strings.Repeat("9", 33) + "|王五|02|P1|13800138000|OT1|20200101|normal\n"}},
			want:  []string{`client_id "999999999999999999999999999999999": is longer than 32 characters`}},
		{name: "duplicate account",
			batch: testBatch{replace: map[Kind]string{KindACCT: baseBodies()[KindACCT] + "A002|C002|D01|CNY|1|20200101||active\n"}},
			want:  []string{`ACCT_20261122.dat:6 account_id "A002": duplicate; first on line 3`}},
		{name: "duplicate client",
			batch: testBatch{replace: map[Kind]string{KindCUST: "client_id|name|id_type|id_number|mobile|outlet_id|open_date|status\nC9|王五|02|P1|13800138000|OT1|20200101|normal\nC9|王五|02|P1|13800138000|OT1|20200101|normal\n"}},
			want:  []string{`CUST_20261122.dat:3 client_id "C9": duplicate; first on line 2`}},
		{name: "duplicate txn",
			batch: testBatch{replace: map[Kind]string{KindTXN: baseBodies()[KindTXN] + "T001|A001|C001|20261122093000|-5.00|CNY|transfer|mobile|1||\n"}},
			want:  []string{`TXN_20261122.dat:4 txn_id "T001": duplicate; first on line 2`}},
		{name: "duplicate org, product, currency",
			batch: testBatch{replace: map[Kind]string{
				KindORG:  baseBodies()[KindORG] + "OT1|SB1|outlet|另一网点\n",
				KindPROD: baseBodies()[KindPROD] + "D01|活期|demand||asset||||\n",
				KindFX:   "currency|rate\nUSD|7.1\nUSD|7.2\n"}},
			want: []string{`FX_20261122.dat:3 currency "USD": duplicate; first on line 2`},
			more: [][]string{{`ORG_20261122.dat:6 org_id "OT1": duplicate; first on line 5`}, {`PROD_20261122.dat:8 product_code "D01": duplicate; first on line 2`}}},
		{name: "field count",
			batch: testBatch{replace: map[Kind]string{KindINCOME: "client_id|product_code|amount\nC001|12.50\n"}},
			want:  []string{"INCOME_20261122.dat:2: has 2 fields, the header has 3"}},
		{name: "required value empty",
			batch: testBatch{replace: map[Kind]string{KindINCOME: "client_id|product_code|amount\n|W01|12.50\n"}},
			want:  []string{"INCOME_20261122.dat:2 client_id: is empty but required"}},
		{name: "risk level required for wealth",
			batch: testBatch{replace: map[Kind]string{KindPROD: "product_code|name|category|asset_class\nW9|理财|wealth|asset\n"}},
			want:  []string{"PROD_20261122.dat:2 risk_level: is empty but required"}},
		{name: "card level required for credit cards",
			batch: testBatch{replace: map[Kind]string{KindPROD: "product_code|name|category|asset_class\nCC9|卡|credit_card|none\n"}},
			want:  []string{"PROD_20261122.dat:2 card_level: is empty but required"}},
		{name: "agreement kind required",
			batch: testBatch{replace: map[Kind]string{KindPROD: "product_code|name|category|asset_class|agreement_kind\nAG9|协议|agreement|none|vip\n"}},
			want:  []string{`agreement_kind "vip": unknown code; allowed: private_banking, wealth_premier, wealth`}},
		{name: "head office with a parent",
			batch: testBatch{replace: map[Kind]string{KindORG: "org_id|parent_id|level|name\nHO|X|head|总行\n"}},
			want:  []string{`ORG_20261122.dat:2 parent_id "X": the head office has no parent`}},
		{name: "negative balance",
			batch: testBatch{replace: map[Kind]string{KindACCT: "account_id|client_id|product_code|currency|balance|open_date|status\nA9|C001|L01|CNY|-100|20200101|active\n"}},
			want:  []string{`balance "-100": is negative`}},
		{name: "currency code",
			batch: testBatch{replace: map[Kind]string{KindFX: "currency|rate\nusd|7.1\n"}},
			want:  []string{`FX_20261122.dat:2 currency "usd": is not a currency code`}},
		{name: "rate with 7 decimals",
			batch: testBatch{replace: map[Kind]string{KindFX: "currency|rate\nUSD|7.1234567\n"}},
			want:  []string{`rate "7.1234567": has more than 6 decimals`}},
		{name: "invalid UTF-8",
			batch: testBatch{replace: map[Kind]string{KindINCOME: "client_id|amount\nC\xff01|1\n"}},
			want:  []string{"INCOME_20261122.dat:2: invalid UTF-8"}},
		{name: "GB18030 file with a UTF-8 BOM",
			batch: testBatch{ctl: []string{"business_date=20261122", "encoding=GB18030"}, omit: map[Kind]bool{KindINCOME: true},
				extra: []testFile{{kind: KindINCOME, raw: []byte("\xEF\xBB\xBFclient_id|amount\nC001|1\n"), body: "x\ny\n"}}},
			want: []string{"INCOME_20261122.dat: starts with a UTF-8 byte-order mark but the control file says encoding=GB18030"}},
		{name: "unknown column is a warning",
			batch: testBatch{replace: map[Kind]string{KindINCOME: "client_id|product_code|amount|channel\nC001|W01|12.50|counter\n"}},
			warn:  []string{`INCOME_20261122.dat:1: unknown columns ignored: "channel"`}},
		{name: "unknown control key is a warning",
			batch: testBatch{ctl: []string{"business_date=20261122", "source=core # the core system"}},
			warn:  []string{`BATCH_20261122.ctl:2 source "core": unknown key, ignored`}},
		{name: "client without mobile is a warning",
			batch: testBatch{replace: map[Kind]string{KindCUST: "client_id|name|id_type|id_number|outlet_id|open_date|status\nC001|王五|02|P1|OT1|20200101|normal\nC002|赵六|02|P2|OT1|20200101|normal\n"}},
			warn:  []string{"CUST_20261122.dat:2 mobile \"C001\": the client has no mobile"}},
		{name: "invalid e-mail is a warning",
			batch: testBatch{replace: map[Kind]string{KindCUST: "client_id|name|id_type|id_number|mobile|email|outlet_id|open_date|status\nC001|王五|02|P1|13800138000|a@b|OT1|20200101|normal\nC002|赵六|02|P2|13800138001||OT1|20200101|normal\n"}},
			warn:  []string{`CUST_20261122.dat:2 email "a@b": is not a valid e-mail address; ignored`}},
		{name: "blank lines are a warning",
			batch: testBatch{replace: map[Kind]string{KindINCOME: "client_id|amount\nC001|1\n\n  \n"}},
			warn:  []string{"INCOME_20261122.dat:3: 2 blank lines ignored (not counted as rows)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, rep := tt.batch.read(t)
			if tt.want != nil {
				for _, want := range append(tt.more, tt.want) {
					if !has(rep.Errors, want...) {
						t.Fatalf("want an error with %q; errors:%s", want, issuesText(rep.Errors))
					}
				}
			}
			if tt.warn != nil {
				if !rep.OK() {
					t.Fatalf("want no errors, got:%s", issuesText(rep.Errors))
				}
				if !has(rep.Warnings, tt.warn...) {
					t.Fatalf("want a warning with %q; warnings:%s", tt.warn, issuesText(rep.Warnings))
				}
			}
		})
	}
}

func TestEveryBadRowReported(t *testing.T) {
	body := "client_id|product_code|amount\n" +
		"C001|W01|1.234\n" + // bad
		"C001|W01|1.23\n" +
		"C001|W01|+5\n" + // bad
		"C001|W01|7\n" +
		"C001|W01|abc\n" // bad
	b, rep := testBatch{replace: map[Kind]string{KindINCOME: body}}.read(t)
	if len(rep.Errors) != 3 {
		t.Fatalf("want 3 errors, got %d:%s", len(rep.Errors), issuesText(rep.Errors))
	}
	for i, line := range []int{2, 4, 6} {
		if rep.Errors[i].Line != line || rep.Errors[i].File != "INCOME_20261122.dat" || rep.Errors[i].Column != "amount" {
			t.Errorf("error %d = %v", i, rep.Errors[i])
		}
	}
	if len(b.Income) != 2 {
		t.Errorf("kept %d good rows, want 2", len(b.Income))
	}
	var sum FileSummary
	for _, f := range rep.Files {
		if f.Name == "INCOME_20261122.dat" {
			sum = f
		}
	}
	if sum.Rows != 5 || sum.Errors != 3 {
		t.Errorf("summary %+v", sum)
	}
}

func TestSeveralProblemsInOneRow(t *testing.T) {
	body := "account_id|client_id|product_code|currency|balance|open_date|status\nA9|C001|D01|cny|1.005|2020|open\n"
	_, rep := testBatch{replace: map[Kind]string{KindACCT: body}}.read(t)
	for _, col := range []string{"currency", "balance", "open_date", "status"} {
		if !has(rep.Errors, "ACCT_20261122.dat:2 "+col+" ") {
			t.Errorf("no error on %s:%s", col, issuesText(rep.Errors))
		}
	}
}

func TestIssueString(t *testing.T) {
	tests := []struct {
		is   Issue
		want string
	}{
		{Issue{File: "CUST_20261122.dat", Line: 1841, Column: "id_number", Value: "11010119900307123X", Reason: "check digit should be 7"},
			`CUST_20261122.dat:1841 id_number "11010119900307123X": check digit should be 7`},
		{Issue{File: "ACCT_20261122.dat", Reason: "listed in the control file but missing"},
			`ACCT_20261122.dat: listed in the control file but missing`},
		{Issue{File: "TXN_20261122.dat", Line: 7, Reason: "has 3 fields, the header has 11"},
			`TXN_20261122.dat:7: has 3 fields, the header has 11`},
		{Issue{File: "CUST_20261122.dat", Line: 2, Column: "name", Reason: "is empty but required"},
			`CUST_20261122.dat:2 name: is empty but required`},
		{Issue{File: "CUST_20261122.dat", Line: 3, Column: "name", Value: "王\"五", Reason: "x"},
			`CUST_20261122.dat:3 name "王\"五": x`},
	}
	for _, tt := range tests {
		if got := tt.is.String(); got != tt.want {
			t.Errorf("got  %s\nwant %s", got, tt.want)
		}
	}
}

// TestGB18030 reads names with 珅, whose GB18030 encoding AB 7C ends in '|': decoding before splitting
// keeps the fields whole, where splitting the bytes first would cut the character in two.
func TestGB18030(t *testing.T) {
	enc, err := simplifiedchinese.GB18030.NewEncoder().String("珅")
	if err != nil || enc != "\xAB\x7C" {
		t.Fatalf("珅 in GB18030 = % X, %v; want AB 7C", enc, err)
	}
	cust := "client_id|name|id_type|id_number|mobile|address|outlet_id|open_date|status\n" +
		"C001|和珅|02|P1|13800138000|北京市西城区珅府|OT1|20200101|normal\n" +
		"C002|珅珅|02|P2|13800138001||OT1|20200101|normal\n"
	tb := testBatch{ctl: []string{"business_date=20261122", "encoding=GB18030", "delimiter=|"}, replace: map[Kind]string{KindCUST: cust}, gb: true}
	b, rep := tb.read(t)
	if !rep.OK() {
		t.Fatalf("refused:\n%s", rep.Text())
	}
	if b.Encoding != EncodingGB18030 {
		t.Errorf("encoding %q", b.Encoding)
	}
	if len(b.Clients) != 2 || b.Clients[0].Name != "和珅" || b.Clients[0].Address != "北京市西城区珅府" || b.Clients[1].Name != "珅珅" {
		t.Fatalf("clients %+v", b.Clients)
	}
	if b.Clients[0].Mobile != "13800138000" || b.Clients[0].OutletID != "OT1" {
		t.Errorf("fields after 珅 shifted: %+v", b.Clients[0])
	}
	if b.Orgs[0].Name != "总行" {
		t.Errorf("org name %q", b.Orgs[0].Name)
	}

	// The naive way: split the raw bytes at '|' and the row has too many fields.
	raw := []byte(tb.encode(cust))
	lines := bytes.Split(raw, []byte("\n"))
	header := bytes.Split(lines[0], []byte("|"))
	row := bytes.Split(lines[1], []byte("|"))
	if len(row) == len(header) {
		t.Fatalf("a byte split kept %d fields: the test does not show the trap", len(row))
	}
	t.Logf("byte split: %d fields for a %d-column header", len(row), len(header))

	// GBK is an accepted alias.
	tb.ctl[1] = "encoding=GBK"
	if _, rep := tb.read(t); !rep.OK() {
		t.Fatalf("GBK refused:\n%s", rep.Text())
	}
}

func TestGB18030InvalidBytes(t *testing.T) {
	tb := testBatch{ctl: []string{"business_date=20261122", "encoding=GB18030"}, gb: true, omit: map[Kind]bool{KindINCOME: true},
		extra: []testFile{{kind: KindINCOME, raw: []byte("client_id|amount\nC001|1\nC\xff\x0a"), body: "h\nr\nr\n"}}}
	_, rep := tb.read(t)
	if !has(rep.Errors, "INCOME_20261122.dat:3: bytes that are not GB18030") {
		t.Fatalf("errors:%s", issuesText(rep.Errors))
	}
}

func TestFormats(t *testing.T) {
	tests := []struct {
		name string
		tb   testBatch
	}{
		{"CRLF", testBatch{crlf: true}},
		{"BOM on control and data files", testBatch{ctlBOM: true, dataBOM: true}},
		{"GB18030 BOM", testBatch{ctl: []string{"business_date=20261122", "encoding=GB18030"}, gb: true, dataBOM: true, crlf: true}},
		{"multi-character delimiter", testBatch{ctl: []string{"business_date=20261122", "delimiter=|+|"}, delim: "|+|"}},
		{"\\x1e delimiter", testBatch{ctl: []string{"business_date=20261122", `delimiter=\x1e    # record separator`}, delim: "\x1e"}},
		{"tab delimiter", testBatch{ctl: []string{"business_date=20261122", `delimiter=\t`}, delim: "\t"}},
		{"comments and blank lines in the control file", testBatch{ctl: []string{"# batch of the day", "", "  business_date = 20261122   # the date", "encoding=UTF-8 # default", "acct_mode=full"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, rep := tt.tb.read(t)
			if !rep.OK() || len(rep.Warnings) != 0 {
				t.Fatalf("not clean:\n%s", rep.Text())
			}
			if len(b.Clients) != 2 || b.Clients[0].Name != "张三" || b.Accounts[0].Balance != 123456789 || b.Txns[0].Memo != "房租" || b.Orgs[0].Name != "总行" {
				t.Fatalf("rows misread: %+v %+v", b.Clients, b.Accounts[0])
			}
			if b.Orgs[0].ID != "HO" {
				t.Errorf("first org id %q (BOM left?)", b.Orgs[0].ID)
			}
		})
	}
}

func TestColumnOrderAndSpaces(t *testing.T) {
	acct := "status | balance|currency|open_date|product_code|client_id|account_id\n" +
		" active |  1.5 |CNY|20200101|D01|C001|A001\n" +
		"closed|0|CNY|20200101|D01|C002|A009\n"
	b, rep := testBatch{replace: map[Kind]string{KindACCT: acct}, omit: map[Kind]bool{KindTXN: true}}.read(t)
	if !rep.OK() {
		t.Fatalf("refused:\n%s", rep.Text())
	}
	a := b.Accounts[0]
	if a.AccountID != "A001" || a.ClientID != "C001" || a.Balance != 150 || a.Status != "active" || !a.MaturityDate.IsZero() {
		t.Errorf("account %+v", a)
	}
	if b.Accounts[1].Status != "closed" || b.Accounts[1].AccountID != "A009" {
		t.Errorf("account %+v", b.Accounts[1])
	}
}

func TestIssueCap(t *testing.T) {
	var body strings.Builder
	body.WriteString("client_id|amount\n")
	const bad = MaxIssuesPerFile + 250
	for range bad {
		body.WriteString("C001|x\n")
	}
	_, rep := testBatch{replace: map[Kind]string{KindINCOME: body.String()}}.read(t)
	if len(rep.Errors) != MaxIssuesPerFile+1 {
		t.Fatalf("%d errors stored", len(rep.Errors))
	}
	if last := rep.Errors[len(rep.Errors)-1]; last.String() != "INCOME_20261122.dat: … and 250 more" {
		t.Errorf("last error %q", last)
	}
	if rep.ErrorCount() != bad {
		t.Errorf("ErrorCount %d", rep.ErrorCount())
	}
	// The summary by kind counts them all, stored or not.
	if len(rep.ErrorKinds) != 1 || rep.ErrorKinds[0].Count != bad || rep.ErrorKinds[0].Column != "amount" {
		t.Errorf("error kinds %+v", rep.ErrorKinds)
	}
	if text := rep.Text(); !strings.Contains(text, fmt.Sprintf("errors by kind:\nINCOME_20261122.dat amount: %s × %d\n", reasonNotAmount, bad)) {
		t.Errorf("report text: %.1200s", text)
	}
}

func TestLongLine(t *testing.T) {
	body := "client_id|amount\nC001|1\nC001|" + strings.Repeat("9", MaxLineBytes+10) + "\nC001|2\n"
	b, rep := testBatch{replace: map[Kind]string{KindINCOME: body}}.read(t)
	if !has(rep.Errors, "INCOME_20261122.dat:3: line longer than") || len(rep.Errors) != 1 {
		t.Fatalf("errors:%s", issuesText(rep.Errors))
	}
	if len(b.Income) != 2 || b.Income[1].Amount != 200 || b.Income[1].Line != 4 {
		t.Errorf("income %+v", b.Income)
	}
}

func TestNoFinalNewlineAndEmptyFile(t *testing.T) {
	tb := testBatch{replace: map[Kind]string{KindINCOME: "client_id|amount\nC001|1\nC001|2", KindFX: ""}}
	b, rep := tb.read(t)
	if !rep.OK() || len(b.Income) != 2 || b.Income[1].Amount != 200 {
		t.Fatalf("%+v\n%s", b.Income, rep.Text())
	}
	if !has(rep.Warnings, "FX_20261122.dat: empty file: no header line") {
		t.Errorf("warnings:%s", issuesText(rep.Warnings))
	}
}

func TestControlNameAndPath(t *testing.T) {
	dir := testBatch{}.write(t)
	b, rep, err := ReadBatch(filepath.Join(dir, "BATCH_20261122.ctl"))
	if err != nil || !rep.OK() || len(b.Accounts) != 4 {
		t.Fatalf("reading by control file path: %v", err)
	}
	if _, _, err := ReadBatch(t.TempDir()); err == nil || !strings.Contains(err.Error(), "no control file") {
		t.Errorf("empty dir: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "BATCH_20261123.ctl"), []byte("business_date=20261123\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ReadBatch(dir); err == nil || !strings.Contains(err.Error(), "2 control files") {
		t.Errorf("two control files: %v", err)
	}
}

func TestReportText(t *testing.T) {
	_, rep := testBatch{replace: map[Kind]string{
		KindINCOME: "client_id|amount|extra\nC001|1.001|x\n",
	}}.read(t)
	text := rep.Text()
	for _, want := range []string{
		"batch BATCH_20261122.ctl (business date 2026-11-22)",
		"REFUSED, 1 error, 1 warning",
		"INCOME_20261122.dat          1        1        1",
		"\nerrors:\nINCOME_20261122.dat:2 amount \"1.001\": has more than 2 decimals\n",
		"\nwarnings:\nINCOME_20261122.dat:1: unknown columns ignored: \"extra\"\n",
		"\nerrors by kind:\nINCOME_20261122.dat amount: has more than 2 decimals × 1\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}
}

func TestFindBatches(t *testing.T) {
	root := t.TempDir()
	for _, d := range []struct{ dir, date string }{{"b", "20261123"}, {"a", "20261124"}, {"c", "20261122"}} {
		p := filepath.Join(root, d.dir)
		if err := os.Mkdir(p, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(p, "BATCH_"+d.date+".ctl"), []byte("business_date="+d.date+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(root, "notes"), 0o755); err != nil {
		t.Fatal(err)
	}
	got, err := FindBatches(root)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(root, "c"), filepath.Join(root, "b"), filepath.Join(root, "a")}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("got %v, want %v", got, want)
	}
	if one, err := FindBatches(filepath.Join(root, "a")); err != nil || len(one) != 1 || one[0] != filepath.Join(root, "a") {
		t.Errorf("a batch dir: %v %v", one, err)
	}
	if _, err := FindBatches(filepath.Join(root, "notes")); err == nil {
		t.Error("no batch: no error")
	}
	// Two batches of one date.
	if err := os.WriteFile(filepath.Join(root, "notes", "BATCH_20261122.ctl"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := FindBatches(root); err == nil || !strings.Contains(err.Error(), "both batches of 2026-11-22") {
		t.Errorf("same date twice: %v", err)
	}
}

func TestSymlinkAndDirectory(t *testing.T) {
	dir := testBatch{}.write(t)
	// A data file may be a symbolic link to the real file.
	elsewhere := filepath.Join(t.TempDir(), "acct.dat")
	name := filepath.Join(dir, "ACCT_20261122.dat")
	if err := os.Rename(name, elsewhere); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(elsewhere, name); err != nil {
		t.Fatal(err)
	}
	if b, rep, err := ReadBatch(dir); err != nil || !rep.OK() || len(b.Accounts) != 4 {
		t.Fatalf("symlink: %v\n%s", err, rep.Text())
	}
	// A directory is not a data file.
	if err := os.Remove(name); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(name, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, rep, err := ReadBatch(dir); err != nil || !has(rep.Errors, "ACCT_20261122.dat: is not a regular file") {
		t.Fatalf("directory: %v\n%s", err, rep.Text())
	}
}

// TestControlCharactersInFeeds: a name with NUL, an address with a right-to-left override and a memo with
// a zero-width space are reported on their rows (FILE:LINE column "value": reason) and refuse the batch,
// like any bad row; the rare characters of the Private Use Area and a tab delimiter stay accepted.
func TestControlCharactersInFeeds(t *testing.T) {
	cust := "client_id|name|id_type|id_number|mobile|address|outlet_id|open_date|status\n" +
		"C001|张\x00三|02|P1|13800138000|北京|OT1|20200101|normal\n" +
		"C002|王\uE000|02|P2|13800138001|付款\u202Egnp.exe|OT1|20200101|normal\n" +
		"C003|李\u2066四|02|P3|13800138002||OT1|20200101|normal\n"
	tb := testBatch{replace: map[Kind]string{KindCUST: cust}}
	b, rep := tb.read(t)
	for _, want := range [][]string{
		{`CUST_20261122.dat:2 name "张\x00三": holds a control character: U+0000`},
		{`CUST_20261122.dat:3 address "付款\u202egnp.exe": holds an invisible formatting character`, "U+202E"},
		{`CUST_20261122.dat:4 name "李\u2066四"`, "U+2066"},
	} {
		if !has(rep.Errors, want...) {
			t.Errorf("no error %q:%s", want, issuesText(rep.Errors))
		}
	}
	if has(rep.Errors, "CUST_20261122.dat:3 name") {
		t.Errorf("a Private Use character refused:%s", issuesText(rep.Errors))
	}
	if len(b.Clients) != 0 {
		t.Errorf("bad rows kept: %+v", b.Clients)
	}
}
