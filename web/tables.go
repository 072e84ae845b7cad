package web

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
)

// Exports of tables (the client list, the day list's alerts and tasks, coverage) as CSV or Excel, from a
// table of cells. Every export is audited; exporting needs the export capability.

// cell is one value of an exported table: text, an amount in fen (a number in yuan in Excel), or a count.
type cell struct {
	text  string
	fen   int64
	num   int64
	kind  byte // 't' text, 'm' money, 'n' number
	ratio float64
}

func textCell(s string) cell { return cell{text: s, kind: 't'} }
func moneyCell(f int64) cell { return cell{fen: f, kind: 'm'} }
func numCell(n int64) cell   { return cell{num: n, kind: 'n'} }
func pctCell(r float64) cell { return cell{ratio: r, kind: 'p'} }

// String is the cell as CSV carries it.
func (c cell) String() string {
	switch c.kind {
	case 'm':
		return decimalYuan(c.fen)
	case 'n':
		return strconv.FormatInt(c.num, 10)
	case 'p':
		return strconv.FormatFloat(c.ratio*100, 'f', 1, 64) + "%"
	}
	return csvSafe(c.text)
}

// exportTable is a table to download.
type exportTable struct {
	name   string // file name prefix: alerts, tasks, coverage
	sheet  string
	header []string
	rows   [][]cell
	widths []float64 // Excel column widths, from the first column; optional
}

// sendTable audits the export of t and writes it (writeTable).
func (s *Server) sendTable(w http.ResponseWriter, r *http.Request, p *auth.Principal, v *view, format string, t exportTable) {
	detail, _ := json.Marshal(struct {
		Format string `json:"format"`
		Rows   int    `json:"rows"`
		Scope  string `json:"scope"`
	}{format, len(t.rows), p.Scope.String()})
	if err := s.store.Audit(withoutCancel(r.Context()), domain.AuditEvent{ActorID: p.Staff.ID, Action: domain.AuditExport,
		ObjectType: t.name, ObjectID: format, Detail: string(detail), IP: clientIP(r)}); err != nil {
		s.serverError(w, r, p, err)
		return
	}
	s.writeTable(w, r, p, v, format, t)
}

// writeTable writes t as CSV (UTF-8 with a byte-order mark so that Excel reads the Chinese, CRLF line
// ends, amounts as plain decimal yuan) or as an Excel workbook (a bold, frozen header row; amounts as
// numbers in yuan), named NAME-YYYYMMDD-HHMM.csv|xlsx.
func (s *Server) writeTable(w http.ResponseWriter, r *http.Request, p *auth.Principal, v *view, format string, t exportTable) {
	name := t.name + "-" + v.Now.In(domain.Shanghai).Format("20060102-1504") + "." + format
	var buf bytes.Buffer
	if format == "csv" {
		buf.WriteString("\ufeff")
		cw := csv.NewWriter(&buf)
		cw.UseCRLF = true
		cw.Write(t.header)
		for _, row := range t.rows {
			rec := make([]string, len(row))
			for i, c := range row {
				rec[i] = c.String()
			}
			cw.Write(rec)
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			s.serverError(w, r, p, err)
			return
		}
		setDownload(w, "text/csv; charset=utf-8", name, buf.Len())
		w.Write(buf.Bytes())
		return
	}
	if err := t.xlsx(&buf); err != nil {
		s.serverError(w, r, p, err)
		return
	}
	setDownload(w, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name, buf.Len())
	w.Write(buf.Bytes())
}

func (t exportTable) xlsx(buf *bytes.Buffer) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", t.sheet); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E79"}},
		Alignment: &excelize.Alignment{Vertical: "center"}})
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	money, err := f.NewStyle(&excelize.Style{NumFmt: 4}) // #,##0.00
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	pct, err := f.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	sw, err := f.NewStreamWriter(t.sheet)
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	// Panes and widths must precede the first row in a stream.
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	for i, wd := range t.widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
	}
	hdr := make([]any, len(t.header))
	for i, h := range t.header {
		hdr[i] = excelize.Cell{StyleID: head, Value: h}
	}
	if err := sw.SetRow("A1", hdr); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	for i, row := range t.rows {
		cells := make([]any, len(row))
		for j, c := range row {
			switch c.kind {
			case 'm':
				// A spreadsheet number is a float64 whatever we do. Converting only here, at the edge, gives
				// the double nearest the exact amount, which Excel shows exactly with two decimals below
				// 2^53 fen.
				cells[j] = excelize.Cell{StyleID: money, Value: float64(c.fen) / 100}
			case 'n':
				cells[j] = c.num
			case 'p':
				cells[j] = excelize.Cell{StyleID: pct, Value: c.ratio}
			default:
				cells[j] = c.text
			}
		}
		ref, err := excelize.CoordinatesToCellName(1, i+2)
		if err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
		if err := sw.SetRow(ref, cells); err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return f.Write(buf)
}

// exportDayList exports the person's open alerts (/export/alerts/FORMAT), tasks (/export/tasks/FORMAT) or
// the coverage table (/export/coverage/FORMAT?by=rm|outlet|tier).
func (s *Server) exportDayList(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	if !p.Can(access.CapExport) {
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "err.forbiddenText")
		return
	}
	v := s.newView(r, p)
	format := r.PathValue("format")
	if format != "csv" && format != "xlsx" {
		s.notFoundPage(w, r)
		return
	}
	today := domain.Today(v.Now)
	var t exportTable
	switch r.PathValue("what") {
	case "alerts":
		page, err := s.store.ListAlerts(r.Context(), p.Scope, p.Staff, store.AlertFilter{Limit: exportMaxRows})
		if err != nil {
			s.serverError(w, r, p, err)
			return
		}
		t = alertTable(v, page.Items)
	case "tasks":
		list, err := s.store.TasksBetween(r.Context(), p.Scope, p.Staff.ID, p.Staff.Role, domain.Date{}, today.AddDays(30), exportMaxRows)
		if err != nil {
			s.serverError(w, r, p, err)
			return
		}
		t = exportTable{name: "tasks", sheet: v.T("task.what"), header: []string{v.T("task.due"), v.T("col.clientID"), v.T("col.name"),
			v.T("task.what"), v.T("export.priority")}}
		for _, k := range list {
			t.rows = append(t.rows, []cell{textCell(k.Due.String()), textCell(k.ClientID), textCell(k.ClientName), textCell(v.TaskTitle(k)),
				textCell(v.PriorityText(k.Priority))})
		}
	case "coverage":
		rows, by, err := s.coverageRows(r, p, today)
		if err != nil {
			s.serverError(w, r, p, err)
			return
		}
		t = exportTable{name: "coverage", sheet: v.T("cov.title"), header: []string{v.T("cov.by." + by), v.T("cov.clients"),
			v.T("cov.covered"), v.T("cov.share")}}
		for _, c := range rows {
			t.rows = append(t.rows, []cell{textCell(c.Label), numCell(int64(c.Clients)), numCell(int64(c.Covered)), pctCell(c.Share)})
		}
	default:
		s.notFoundPage(w, r)
		return
	}
	s.sendTable(w, r, p, v, format, t)
}

// coverageRow is a line of the coverage table.
type coverageRow struct {
	Label            string
	Clients, Covered int
	Share            float64 // for display and spreadsheets only
}

// coverageRows reads the coverage table grouped by the "by" parameter (rm, outlet or tier; default rm).
func (s *Server) coverageRows(r *http.Request, p *auth.Principal, today domain.Date) ([]coverageRow, string, error) {
	by := r.URL.Query().Get("by")
	if by != "outlet" && by != "tier" {
		by = "rm"
	}
	rows, err := s.store.Coverage(r.Context(), p.Scope, today, by)
	if err != nil {
		return nil, by, err
	}
	v := s.newView(r, p)
	out := make([]coverageRow, 0, len(rows))
	for _, c := range rows {
		label := c.Key
		switch {
		case by == "tier":
			label = v.Code("tier", c.Key)
		case by == "rm" && c.Key == "":
			label = v.T("clients.unassigned")
		}
		share := 0.0
		if c.Clients > 0 {
			share = float64(c.Covered) / float64(c.Clients)
		}
		out = append(out, coverageRow{Label: label, Clients: c.Clients, Covered: c.Covered, Share: share})
	}
	return out, by, nil
}

// coverageData is the coverage page.
type coverageData struct {
	By   string
	Rows []coverageRow
}

// Pct shows a share as a percentage with one decimal.
func (d coverageData) Pct(x float64) string { return strconv.FormatFloat(x*100, 'f', 1, 64) + "%" }

func (s *Server) coveragePage(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	v := s.newView(r, p)
	v.Nav = "coverage"
	rows, by, err := s.coverageRows(r, p, domain.Today(v.Now))
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	v.Data = coverageData{By: by, Rows: rows}
	s.render(w, r, http.StatusOK, "coverage.html", v)
}

// columnSort is how a list page is sorted, for its column headers' links and arrows: the page's path and
// filter (query), the chosen column (sort, "" for the default def) and direction. A reversed column reads
// from the largest in its natural order (severity: the most severe first), so its arrows are turned round.
type columnSort struct {
	path, query, sort, def string
	desc                   bool
	reversed               map[string]bool
}

// url is the link of a column header: sort by the column, or flip the order if it is already sorted by.
func (c columnSort) url(key string) string {
	q, _ := url.ParseQuery(c.query)
	if c.sort == key || (c.sort == "" && key == c.def) {
		if c.desc {
			q.Del("desc")
		} else {
			q.Set("desc", "1")
		}
	} else {
		q.Set("sort", key)
		q.Del("desc")
	}
	return c.path + "?" + q.Encode()
}

// mark is the arrow beside the sorted column, "" beside the others.
func (c columnSort) mark(key string) string {
	if c.sort != key && (c.sort != "" || key != c.def) {
		return ""
	}
	if c.reversed[key] != c.desc {
		return "▼"
	}
	return "▲"
}

// exportFormat checks an export's format (the route's {format}: csv or xlsx; 404 otherwise) and the
// export capability (403); false when it answered.
func (s *Server) exportFormat(w http.ResponseWriter, r *http.Request, p *auth.Principal) (string, bool) {
	format := r.PathValue("format")
	if format != "csv" && format != "xlsx" {
		s.notFoundPage(w, r)
		return "", false
	}
	if !p.Can(access.CapExport) {
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "err.forbiddenText")
		return "", false
	}
	return format, true
}

// pager is a list's numbered pages with the view that words them (templates/pager.html); NextID names the
// next-page link ("" for none).
type pager struct {
	V                *view
	Pages            []pageLink
	PrevURL, NextURL string
	NextID           string
}

// Pager pairs the view with a list's pages, for the shared template.
func (v *view) Pager(pages []pageLink, prev, next, nextID string) pager {
	return pager{V: v, Pages: pages, PrevURL: prev, NextURL: next, NextID: nextID}
}
