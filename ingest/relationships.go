package ingest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/transform"
)

// RelationshipTable is an existing bank's table of service relationships (服务关系), for the migration
// from the system it uses today: which client manager serves which client.
type RelationshipTable struct {
	// ClientColumn and StaffColumn are the header's names of the two columns read, for the report.
	ClientColumn, StaffColumn string
	// ByEmployeeNo: the staff column holds employee numbers (工号), not Steward usernames.
	ByEmployeeNo bool
	Rows         []RelationshipRow
}

// RelationshipRow is one line of the table.
type RelationshipRow struct {
	Line     int    // 1-based line (CSV) or row (xlsx) of the file; the header is line 1 or later
	ClientID string // the client number of the core system
	Staff    string // the client manager's Steward username, or employee number (RelationshipTable.ByEmployeeNo)
}

// Column names a relationship table may use for the client and the client manager (case and spaces do
// not matter); other columns (names, tiers …) are ignored.
var (
	relClientColumns = []string{"client_id", "client", "客户号", "客户编号", "客户代码"}
	relStaffColumns  = []string{"rm", "rm_username", "username", "staff", "客户经理", "客户经理用户名", "用户名", "登录名"}
	// Employee numbers are not recorded on staff (yet): a table keyed by them is refused at the header.
	relEmployeeColumns = []string{"employee_no", "employee_number", "工号", "员工号", "客户经理工号", "柜员号"}
)

// MaxRelationshipTableBytes bounds the file read into memory (a book of millions of clients fits).
const MaxRelationshipTableBytes = 256 << 20

// ReadRelationshipTable reads a relationship table: an xlsx workbook (its first sheet; by the name's
// .xlsx suffix or the content) or a CSV file in UTF-8 (with or without a byte-order mark) or GB18030
// (encoding "" detects which: text that is not valid UTF-8 is read as GB18030). The first non-empty line
// is the header. Every problem found is an Issue (file, line, column, value, reason); the rows without
// one are returned, so that a caller can check them too and report everything at once. The error is for
// a file that cannot be read at all.
func ReadRelationshipTable(name string, data []byte, encoding string) (RelationshipTable, []Issue, error) {
	var t RelationshipTable
	var issues []Issue
	bad := func(line int, col, val, reason string) {
		issues = append(issues, Issue{File: name, Line: line, Column: col, Value: shorten(val), Reason: reason})
	}
	var records [][]string // records[i] is at lines[i]
	var lines []int
	if strings.HasSuffix(strings.ToLower(name), ".xlsx") || bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			return t, nil, fmt.Errorf("%s: not a readable xlsx workbook: %w", name, err)
		}
		defer f.Close()
		sheets := f.GetSheetList()
		if len(sheets) == 0 {
			return t, nil, fmt.Errorf("%s: the workbook has no sheet", name)
		}
		rows, err := f.GetRows(sheets[0])
		if err != nil {
			return t, nil, fmt.Errorf("%s: sheet %s: %w", name, sheets[0], err)
		}
		for i, r := range rows {
			records, lines = append(records, r), append(lines, i+1)
		}
	} else {
		text, line, reason := decodeTable(data, encoding)
		if reason != "" {
			bad(line, "", "", reason)
			return t, issues, nil
		}
		r := csv.NewReader(strings.NewReader(text))
		r.FieldsPerRecord = -1
		r.TrimLeadingSpace = true
		for {
			rec, err := r.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				var pe *csv.ParseError
				if errors.As(err, &pe) {
					bad(pe.Line, "", "", "not valid CSV: "+pe.Err.Error()+"; the rows after it are not read")
				} else {
					bad(0, "", "", err.Error())
				}
				break
			}
			l, _ := r.FieldPos(0)
			records, lines = append(records, rec), append(lines, l)
		}
	}
	clientCol, staffCol := -1, -1
	employeeCol := false
	i := 0
	for ; i < len(records) && blankRecord(records[i]); i++ {
	}
	if i == len(records) {
		bad(0, "", "", "no header line: the table is empty")
		return t, issues, nil
	}
	headerLine := lines[i]
	for j, h := range records[i] {
		key := strings.ToLower(strings.Join(strings.Fields(strings.TrimPrefix(h, "\uFEFF")), ""))
		switch {
		case containsFold(relClientColumns, key):
			if clientCol >= 0 {
				bad(headerLine, h, "", fmt.Sprintf("a second client column (the first is %q)", t.ClientColumn))
				continue
			}
			clientCol, t.ClientColumn = j, strings.TrimSpace(h)
		case containsFold(relStaffColumns, key):
			if staffCol >= 0 {
				bad(headerLine, h, "", fmt.Sprintf("a second client manager column (the first is %q)", t.StaffColumn))
				continue
			}
			staffCol, t.StaffColumn = j, strings.TrimSpace(h)
		case containsFold(relEmployeeColumns, key):
			if employeeCol {
				bad(headerLine, h, "", fmt.Sprintf("a second employee number column (the first is %q)", t.StaffColumn))
				continue
			}
			employeeCol = true
			if staffCol < 0 {
				staffCol, t.StaffColumn, t.ByEmployeeNo = j, strings.TrimSpace(h), true
			}
		}
	}
	if employeeCol && !t.ByEmployeeNo {
		bad(headerLine, "", "", "both a username and an employee number column: keep one, so that each row names its client manager once")
	}
	if clientCol < 0 {
		bad(headerLine, "", "", "no client column: name it client_id (or 客户号)")
	}
	if staffCol < 0 && !employeeCol {
		bad(headerLine, "", "", "no client manager column: name it rm (or 客户经理) for Steward usernames, or employee_no (or 工号) for employee numbers")
	}
	if clientCol < 0 || staffCol < 0 {
		return t, issues, nil
	}
	for k := i + 1; k < len(records); k++ {
		rec, line := records[k], lines[k]
		if blankRecord(rec) {
			continue
		}
		field := func(j int) string {
			if j < len(rec) {
				return strings.TrimSpace(rec[j])
			}
			return ""
		}
		row := RelationshipRow{Line: line, ClientID: field(clientCol), Staff: field(staffCol)}
		ok := true
		for _, f := range []struct{ col, val string }{{t.ClientColumn, row.ClientID}, {t.StaffColumn, row.Staff}} {
			switch {
			case f.val == "":
				bad(line, f.col, "", "empty")
				ok = false
			case len(f.val) > 64 || strings.ContainsFunc(f.val, func(r rune) bool { return r < ' ' || r == utf8.RuneError }):
				bad(line, f.col, f.val, "not a client number or a username (too long, or control characters)")
				ok = false
			}
		}
		if ok {
			t.Rows = append(t.Rows, row)
		}
	}
	if len(t.Rows) == 0 && len(issues) == 0 {
		bad(headerLine, "", "", "no rows after the header")
	}
	return t, issues, nil
}

// decodeTable returns a CSV file's text as UTF-8, or the line and reason why it cannot be read.
func decodeTable(data []byte, encoding string) (string, int, string) {
	switch strings.ToUpper(encoding) {
	case "", "AUTO":
		if b, ok := bytes.CutPrefix(data, utf8BOM); ok {
			return checkUTF8(b)
		}
		if utf8.Valid(data) {
			return string(data), 0, ""
		}
		return decodeGB(data)
	case EncodingUTF8, "UTF8":
		return checkUTF8(bytes.TrimPrefix(data, utf8BOM))
	case EncodingGB18030, "GBK", "GB2312":
		if bytes.HasPrefix(data, utf8BOM) {
			return "", 1, "starts with a UTF-8 byte-order mark but GB18030 was asked for"
		}
		return decodeGB(data)
	}
	return "", 0, fmt.Sprintf("unknown encoding %q: want UTF-8 or GB18030", encoding)
}

func checkUTF8(b []byte) (string, int, string) {
	if utf8.Valid(b) {
		return string(b), 0, ""
	}
	i := 0
	for i < len(b) {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		i += size
	}
	return "", bytes.Count(b[:i], []byte("\n")) + 1, "invalid UTF-8 (is the file GB18030?)"
}

func decodeGB(data []byte) (string, int, string) {
	out, _, err := transform.Bytes(newGB18030Decoder(), data)
	if err != nil {
		return "", 0, "cannot be decoded as GB18030: " + err.Error()
	}
	if i := bytes.IndexByte(out, invalidMark); i >= 0 {
		return "", bytes.Count(out[:i], []byte("\n")) + 1, "neither UTF-8 nor GB18030"
	}
	return string(out), 0, ""
}

func blankRecord(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func containsFold(list []string, key string) bool {
	for _, c := range list {
		if strings.EqualFold(c, key) {
			return true
		}
	}
	return false
}
