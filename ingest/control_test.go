package ingest

import (
	"strings"
	"testing"

	"github.com/steward-bank/steward/domain"
)

func TestParseControl(t *testing.T) {
	sha := strings.Repeat("ab", 32)
	tests := []struct {
		name    string
		file    string
		content string
		errs    []string
		warns   []string
		check   func(t *testing.T, c *control)
	}{
		{name: "example of FEEDS.md", file: "BATCH_20261122.ctl",
			content: "\uFEFFbusiness_date=20261122\r\nencoding=GB18030            # UTF-8 (default) or GB18030\r\n" +
				"delimiter=|+|                 # one or more characters\r\nacct_mode=full\r\n" +
				"file=CUST_20261122.dat rows=1520 sha256=" + strings.ToUpper(sha) + "\r\n" +
				"file=ACCT_20261122.dat   rows=88213   sha256=" + sha + "   # accounts\r\n",
			check: func(t *testing.T, c *control) {
				if c.businessDate != domain.NewDate(2026, 11, 22) || c.encoding != EncodingGB18030 || c.delimiter != "|+|" || c.acctMode != AcctFull {
					t.Errorf("settings %+v", c)
				}
				if len(c.files) != 2 || c.files[0].Rows != 1520 || c.files[0].SHA256 != sha || c.files[1].Kind != KindACCT || c.files[1].Rows != 88213 || c.files[1].Line != 6 {
					t.Errorf("files %+v", c.files)
				}
			}},
		{name: "defaults", file: "BATCH_20261122.ctl", content: "business_date=20261122",
			check: func(t *testing.T, c *control) {
				if c.encoding != EncodingUTF8 || c.delimiter != "|" || c.acctMode != AcctDelta || len(c.files) != 0 {
					t.Errorf("defaults %+v", c)
				}
			}},
		{name: "file line problems", file: "BATCH_20261122.ctl",
			content: "business_date=20261122\n" +
				"file=FX_20261122.dat sha256=" + sha + "\n" +
				"file=CUST_20261122.dat rows=1\n" +
				"file=ACCT_20261122.dat rows=-1 sha256=" + sha + "\n" +
				"file=TXN_20261122.dat rows=1 sha256=xyz\n" +
				"file=INCOME_20261122.dat rows=1 sha256=" + sha + " size=12\n" +
				"file=\n" +
				"file=cust_20261122.dat rows=1 sha256=" + sha + "\n" +
				"file=ORG_2026112.dat rows=1 sha256=" + sha + "\n" +
				"file=../ORG_20261122.dat rows=1 sha256=" + sha + "\n" +
				"encoding=utf-8\nencoding=UTF-8\n",
			errs: []string{
				`BATCH_20261122.ctl:2 file "FX_20261122.dat": has no rows=N`,
				`BATCH_20261122.ctl:3 file "CUST_20261122.dat": has no sha256=HEX`,
				`BATCH_20261122.ctl:4 rows "-1": is not a row count`,
				`BATCH_20261122.ctl:5 sha256 "xyz": is not a SHA-256 (64 hexadecimal digits)`,
				`BATCH_20261122.ctl:7 file: no file name`,
				`BATCH_20261122.ctl:8 file "cust_20261122.dat": has an unknown kind "cust"`,
				`BATCH_20261122.ctl:9 file "ORG_2026112.dat": is not named KIND_YYYYMMDD.dat (the date is not a real YYYYMMDD date)`,
				`BATCH_20261122.ctl:10 file "../ORG_20261122.dat": has an unknown kind "../ORG"`,
				`BATCH_20261122.ctl:12 encoding "UTF-8": given twice; first on line 11`,
			},
			warns: []string{`BATCH_20261122.ctl:6 size "12": unknown attribute of a file line, ignored`},
			check: func(t *testing.T, c *control) {
				if len(c.files) != 1 || c.files[0].Kind != KindINCOME {
					t.Errorf("files %+v", c.files)
				}
			}},
		{name: "bad control file name", file: "BATCH_2026-11-22.ctl", content: "business_date=20261122\nfile=FX_20261121.dat rows=1 sha256=" + sha + "\n",
			errs: []string{"BATCH_2026-11-22.ctl: the control file must be named BATCH_YYYYMMDD.ctl with a real date",
				`BATCH_2026-11-22.ctl:2 file "FX_20261121.dat": its date differs from the business date 2026-11-22`}},
		{name: "invalid UTF-8", file: "BATCH_20261122.ctl", content: "business_date=20261122\nsource=\xff\n",
			errs: []string{"BATCH_20261122.ctl:2: invalid UTF-8 (the control file is always UTF-8)"}},
		{name: "empty value", file: "BATCH_20261122.ctl", content: "business_date=\ndelimiter=\n=x\n",
			errs: []string{`BATCH_20261122.ctl:1 business_date: is not a date (want YYYYMMDD)`, `BATCH_20261122.ctl:2 delimiter: is empty`, `BATCH_20261122.ctl:3 "=x": is not a key=value line`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs, warns := &issueList{file: tt.file}, &issueList{file: tt.file}
			c := parseControl(tt.file, []byte(tt.content), errs, warns)
			if len(errs.items) != len(tt.errs) {
				t.Errorf("%d errors, want %d:%s", len(errs.items), len(tt.errs), issuesText(errs.items))
			}
			for _, want := range tt.errs {
				if !has(errs.items, want) {
					t.Errorf("no error %s; errors:%s", want, issuesText(errs.items))
				}
			}
			if len(warns.items) != len(tt.warns) {
				t.Errorf("%d warnings, want %d:%s", len(warns.items), len(tt.warns), issuesText(warns.items))
			}
			for _, want := range tt.warns {
				if !has(warns.items, want) {
					t.Errorf("no warning %s; warnings:%s", want, issuesText(warns.items))
				}
			}
			if tt.check != nil {
				tt.check(t, c)
			}
		})
	}
}

func TestHeaderProblems(t *testing.T) {
	for _, tt := range []struct{ body, want string }{
		{"client_id|am\xffount\nC1|1\n", "F:1: header: invalid UTF-8"},
		{strings.Repeat("x", MaxLineBytes+1) + "\nC1|1\n", "F:1: the header line is longer than"},
		{"CLIENT_ID|AMOUNT\nC1|1\n", "F:1: missing required columns: client_id, amount; the file's rows are not read"},
	} {
		b, res := readForTest(t, KindINCOME, []byte(tt.body), EncodingUTF8, 0, 0)
		if !has(res.errs.items, tt.want) || len(b.Income) != 0 || res.rows != 1 {
			t.Errorf("%.30q: rows %d, errors:%s", tt.body, res.rows, issuesText(res.errs.items))
		}
	}
}
