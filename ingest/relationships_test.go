package ingest

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func issueText(issues []Issue) string {
	var b []string
	for _, i := range issues {
		b = append(b, i.String())
	}
	return strings.Join(b, "\n")
}

// A relationship table is read from CSV in UTF-8 (with or without a byte-order mark) or GB18030, and from
// xlsx, with Chinese or English column names; extra columns are ignored, blank lines skipped.
func TestReadRelationshipTableEncodingsAndFormats(t *testing.T) {
	const text = "客户号,客户姓名,客户经理\r\nC001,张伟,rm01\r\n\r\n\"C002\", 李娜 ,rm02\r\n"
	gb, err := simplifiedchinese.GB18030.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	wb := excelize.NewFile()
	for i, r := range [][]any{{"客户号", "客户姓名", "客户经理"}, {"C001", "张伟", "rm01"}, {}, {"C002", "李娜", "rm02"}} {
		if len(r) > 0 {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := wb.SetSheetRow("Sheet1", cell, &r); err != nil {
				t.Fatal(err)
			}
		}
	}
	var xlsx bytes.Buffer
	if err := wb.Write(&xlsx); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, file, encoding string
		data                 []byte
	}{
		{"UTF-8", "rel.csv", "", []byte(text)},
		{"UTF-8 with BOM", "rel.csv", "", append([]byte("\xEF\xBB\xBF"), text...)},
		{"GB18030 detected", "rel.csv", "", []byte(gb)},
		{"GB18030 named", "rel.csv", "GB18030", []byte(gb)},
		{"xlsx", "rel.xlsx", "", xlsx.Bytes()},
	} {
		tab, issues, err := ReadRelationshipTable(c.file, c.data, c.encoding)
		if err != nil || len(issues) > 0 {
			t.Errorf("%s: %v\n%s", c.name, err, issueText(issues))
			continue
		}
		want := []RelationshipRow{{2, "C001", "rm01"}, {4, "C002", "rm02"}}
		if tab.ClientColumn != "客户号" || tab.StaffColumn != "客户经理" || len(tab.Rows) != 2 || tab.Rows[0] != want[0] || tab.Rows[1] != want[1] {
			t.Errorf("%s: %+v, want rows %+v", c.name, tab, want)
		}
	}
}

// Every bad line is reported as FILE:LINE column "value": reason, and the good rows are still returned
// for checking; a file that is neither UTF-8 nor GB18030, or a header without the columns, is refused.
func TestReadRelationshipTableReportsBadRows(t *testing.T) {
	tab, issues, err := ReadRelationshipTable("rel.csv", []byte("client_id,rm\nC001,\n,rm02\nC003,rm03\nC004\n"), "")
	if err != nil {
		t.Fatal(err)
	}
	want := `rel.csv:2 rm: empty
rel.csv:3 client_id: empty
rel.csv:5 rm: empty`
	if got := issueText(issues); got != want {
		t.Errorf("issues:\n%s\nwant:\n%s", got, want)
	}
	if len(tab.Rows) != 1 || tab.Rows[0].ClientID != "C003" {
		t.Errorf("rows %+v, want C003 only", tab.Rows)
	}
	// A table keyed by employee numbers (工号) reads them into the staff column.
	if tab, issues, err := ReadRelationshipTable("rel.csv", []byte("客户号,工号\nC001,10023\n"), ""); err != nil || len(issues) != 0 ||
		!tab.ByEmployeeNo || len(tab.Rows) != 1 || tab.Rows[0].Staff != "10023" {
		t.Errorf("employee numbers: %+v %v %v", tab, issues, err)
	}
	for _, c := range []struct{ name, data, encoding, want string }{
		{"no client column", "name,rm\nx,rm01\n", "", "rel.csv:1: no client column: name it client_id (or 客户号)"},
		{"both kinds of staff column", "client_id,rm,工号\nC001,rm01,10023\n", "", `rel.csv:1: both a username and an employee number column`},
		{"not UTF-8 as asked", "client_id,rm\nC001,\xD5\xC5\n", "UTF-8", "rel.csv:2: invalid UTF-8 (is the file GB18030?)"},
		{"neither encoding", "client_id,rm\nC001,rm01\nC002,\x80\x80\n", "", "rel.csv:3: neither UTF-8 nor GB18030"},
		{"bad quoting", "client_id,rm\nC001,\"rm01\n", "", `rel.csv:2: not valid CSV`},
		{"empty", "\n\n", "", "rel.csv: no header line: the table is empty"},
		{"header only", "client_id,rm\n", "", "rel.csv:1: no rows after the header"},
	} {
		_, issues, err := ReadRelationshipTable("rel.csv", []byte(c.data), c.encoding)
		if err != nil || !strings.Contains(issueText(issues), c.want) {
			t.Errorf("%s: %v\n%s\nwant %q", c.name, err, issueText(issues), c.want)
		}
	}
}
