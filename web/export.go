package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
)

// exportMaxRows bounds an export: a list longer than this is a job for the nightly batch, not a browser.
const exportMaxRows = 50_000

// exportPageSize is the store's largest page; an export walks the list by cursor.
const exportPageSize = 500

// exportRows reads the whole filtered list (in scope, up to exportMaxRows), in the list's order.
func (s *Server) exportRows(ctx context.Context, p *auth.Principal, lq listQuery) ([]store.ClientRow, bool, error) {
	f := lq.filter()
	f.Limit, f.Offset, f.Cursor = exportPageSize, 0, ""
	var rows []store.ClientRow
	for {
		page, err := s.store.SearchClients(ctx, p.Scope, f)
		if err != nil {
			return nil, false, err
		}
		rows = append(rows, page.Items...)
		if len(rows) >= exportMaxRows {
			return rows[:exportMaxRows], page.NextCursor != "" || len(rows) > exportMaxRows, nil
		}
		if page.NextCursor == "" {
			return rows, false, nil
		}
		f.Cursor = page.NextCursor
	}
}

// exportFilter is the filter as the audit event records it.
type exportFilter struct {
	Q          string `json:"q,omitempty"`
	OutletID   string `json:"outlet_id,omitempty"`
	RMID       int64  `json:"rm_id,omitempty"`
	Unassigned bool   `json:"unassigned,omitempty"`
	Sort       string `json:"sort"`
	Desc       bool   `json:"desc,omitempty"`
}

// prepareExport checks the right to export, reads the rows and writes the audit event. The event is
// written before a byte of data leaves: an export that cannot be audited does not happen.
func (s *Server) prepareExport(w http.ResponseWriter, r *http.Request, p *auth.Principal, format string) ([]store.ClientRow, *view, bool) {
	if !p.Can(access.CapExport) {
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "err.forbiddenText")
		return nil, nil, false
	}
	lq := parseListQuery(r.URL.Query())
	lq.Cursor, lq.Page = "", 1
	rows, truncated, err := s.exportRows(r.Context(), p, lq)
	if err != nil {
		s.serverError(w, r, p, err)
		return nil, nil, false
	}
	f := lq.filter()
	detail, err := json.Marshal(struct {
		Format    string       `json:"format"`
		Filter    exportFilter `json:"filter"`
		Rows      int          `json:"rows"`
		Truncated bool         `json:"truncated,omitempty"`
		Scope     string       `json:"scope"`
	}{format, exportFilter{f.Q, f.OutletID, f.RMID, f.Unassigned, f.Sort, f.Desc}, len(rows), truncated, p.Scope.String()})
	if err != nil {
		s.serverError(w, r, p, err)
		return nil, nil, false
	}
	if err := s.store.Audit(withoutCancel(r.Context()), domain.AuditEvent{ActorID: p.Staff.ID, Action: domain.AuditExport,
		ObjectType: "client_list", ObjectID: format, Detail: string(detail), IP: clientIP(r)}); err != nil {
		s.serverError(w, r, p, err)
		return nil, nil, false
	}
	return rows, s.newView(r, p), true
}

// exportHeader is the header row of both formats, in the person's language.
func exportHeader(v *view) []string {
	return []string{v.T("col.clientID"), v.T("col.name"), v.T("col.gender"), v.T("col.idType"), v.T("col.idNumber"),
		v.T("col.mobile"), v.T("col.outletID"), v.T("col.outlet"), v.T("col.rm"), v.T("col.aumYuan"),
		v.T("col.openDate"), v.T("col.status"), v.T("col.keyFocus"), v.T("col.stars"), v.T("rating.points"), v.T("rating.tier"),
		v.T("rating.lifecycle"), v.T("rating.matrix"), v.T("col.loyalty"), v.T("rating.potential"), v.T("clients.flag")}
}

// exportText are a row's text cells (everything but the AUM, which each format writes its own way).
func exportText(v *view, c store.ClientRow) []string {
	rm := c.RMName
	if c.RMID == 0 {
		rm = v.T("clients.unassigned")
	}
	kf := v.T("col.no")
	if c.KeyFocus {
		kf = v.T("col.yes")
	}
	var flags []string
	for _, f := range []struct {
		on  bool
		key string
	}{{c.Near, "near"}, {c.Warning, "warning"}, {c.VitalFew, "top"}} {
		if f.on {
			flags = append(flags, v.Code("flag", f.key))
		}
	}
	return []string{c.ClientID, c.Name, v.Code("gender", c.Gender), v.Code("idtype", c.IDType), c.IDNumber, c.Mobile,
		c.OutletID, c.OutletName, rm, c.OpenDate.String(), v.Code("status", c.Status), kf, v.Stars(c.ServiceStars),
		v.Points(c.StarPoints), c.Tier, v.Code("lifecycle", c.Lifecycle), v.Code("matrix", c.Matrix), strconv.Itoa(c.Loyalty),
		strconv.Itoa(c.Potential), strings.Join(flags, "、")}
}

// exportName is the download's file name: clients-20261123-1530.csv.
func exportName(now time.Time, ext string) string {
	return "clients-" + now.In(domain.Shanghai).Format("20060102-1504") + "." + ext
}

func setDownload(w http.ResponseWriter, contentType, name string, size int) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q; filename*=UTF-8''%s", name, url.PathEscape(name)))
	w.Header().Set("Content-Length", strconv.Itoa(size))
}

// csvSafe defuses spreadsheet formula injection: a text cell that a spreadsheet would read as a formula
// (=, +, -, @, tab, CR at its start) is prefixed with an apostrophe.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// exportCSV writes the list as CSV: UTF-8 with a byte-order mark so that Excel reads the Chinese correctly,
// CRLF line ends, amounts as plain decimal yuan.
func (s *Server) exportCSV(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	rows, v, ok := s.prepareExport(w, r, p, "csv")
	if !ok {
		return
	}
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	cw := csv.NewWriter(&buf)
	cw.UseCRLF = true
	header := exportHeader(v)
	cw.Write(header)
	for _, c := range rows {
		text := exportText(v, c)
		rec := make([]string, 0, len(header))
		for _, t := range text[:9] {
			rec = append(rec, csvSafe(t))
		}
		rec = append(rec, decimalYuan(c.AUM))
		for _, t := range text[9:] {
			rec = append(rec, csvSafe(t))
		}
		cw.Write(rec)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		s.serverError(w, r, p, err)
		return
	}
	setDownload(w, "text/csv; charset=utf-8", exportName(v.Now, "csv"), buf.Len())
	w.Write(buf.Bytes())
}

// exportXLSX writes the list as an Excel workbook: a bold, frozen header row; identity numbers as text (so
// that Excel does not turn an 18-digit ID into 1.10101E+17); the AUM as a number in yuan with two decimals.
func (s *Server) exportXLSX(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	rows, v, ok := s.prepareExport(w, r, p, "xlsx")
	if !ok {
		return
	}
	buf, err := buildXLSX(v, rows)
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	setDownload(w, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", exportName(v.Now, "xlsx"), buf.Len())
	w.Write(buf.Bytes())
}

func buildXLSX(v *view, rows []store.ClientRow) (*bytes.Buffer, error) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := v.T("clients.title")
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	bold, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Color: "FFFFFF"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E79"}},
		Alignment: &excelize.Alignment{Vertical: "center"},
	})
	if err != nil {
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	money, err := f.NewStyle(&excelize.Style{NumFmt: 4}) // #,##0.00
	if err != nil {
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	// Panes and widths must precede the first row in a stream.
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	widths := []float64{12, 12, 6, 16, 22, 14, 10, 16, 12, 16, 12, 8, 10}
	for i, wd := range widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return nil, fmt.Errorf("xlsx: %w", err)
		}
	}
	header := exportHeader(v)
	cells := make([]any, len(header))
	for i, h := range header {
		cells[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	if err := sw.SetRow("A1", cells); err != nil {
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	for i, c := range rows {
		text := exportText(v, c)
		cells := make([]any, 0, len(header))
		for _, t := range text[:9] {
			cells = append(cells, t)
		}
		// A spreadsheet number is a float64 whatever we do. Converting only here, at the edge, gives the
		// double nearest the exact amount, which Excel shows exactly with two decimals below 2^53 fen.
		cells = append(cells, excelize.Cell{StyleID: money, Value: float64(c.AUM) / 100})
		for _, t := range text[9:] {
			cells = append(cells, t)
		}
		cell, err := excelize.CoordinatesToCellName(1, i+2)
		if err != nil {
			return nil, fmt.Errorf("xlsx: %w", err)
		}
		if err := sw.SetRow(cell, cells); err != nil {
			return nil, fmt.Errorf("xlsx: %w", err)
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	return &buf, nil
}
