package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

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
		// An export is the person's book: a handed-over client is read, not taken away (access.Scope.Book).
		page, err := s.store.SearchClients(ctx, p.Scope.Book(), f)
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
	}{format, exportFilter{store.AuditQuery(f.Q), f.OutletID, f.RMID, f.Unassigned, f.Sort, f.Desc}, len(rows), truncated, p.Scope.String()})
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

// clientTable is the exported client list: its text cells, and the AUM as an amount (CSV: plain decimal
// yuan; Excel: a number in yuan with two decimals). Identity numbers stay text, so that Excel does not turn
// an 18-digit ID into 1.10101E+17.
func clientTable(v *view, rows []store.ClientRow) exportTable {
	t := exportTable{name: "clients", sheet: v.T("clients.title"), header: exportHeader(v),
		widths: []float64{12, 12, 6, 16, 22, 14, 10, 16, 12, 16, 12, 8, 10}}
	for _, c := range rows {
		text := exportText(v, c)
		row := make([]cell, 0, len(text)+1)
		for _, x := range text[:9] {
			row = append(row, textCell(x))
		}
		row = append(row, moneyCell(c.AUM))
		for _, x := range text[9:] {
			row = append(row, textCell(x))
		}
		t.rows = append(t.rows, row)
	}
	return t
}

// exportCSV writes the list as CSV (writeTable).
func (s *Server) exportCSV(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	if rows, v, ok := s.prepareExport(w, r, p, "csv"); ok {
		s.writeTable(w, r, p, v, "csv", clientTable(v, rows))
	}
}

// exportXLSX writes the list as an Excel workbook (writeTable).
func (s *Server) exportXLSX(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	if rows, v, ok := s.prepareExport(w, r, p, "xlsx"); ok {
		s.writeTable(w, r, p, v, "xlsx", clientTable(v, rows))
	}
}
