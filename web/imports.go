package web

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/pipeline"
	"github.com/steward-bank/steward/store"
)

// The nightly import (`steward import`, package pipeline) logs every applied batch in import_batches and
// writes one text report per batch read, applied or refused, to <data>/reports/import_YYYYMMDD.txt. The
// imports page shows both to the administrators; the reports hold client numbers and values, so opening
// one is audited as an export.

const (
	importLogLimit    = 100 // batches shown from the import log
	importReportLimit = 200 // reports listed, newest first
	// outcomeScanLines bounds the lines read from a report's head looking for its "outcome:" line (the
	// importer writes it fourth).
	outcomeScanLines = 32
)

// reportNameRE is the only file name the report route serves: no other file, no path.
var reportNameRE = regexp.MustCompile(`^import_\d{8}\.txt$`)

// importsData is the imports page.
type importsData struct {
	Batches []importBatchRow
	Reports []importReportRow
	// HasReportDir is false when the server has no reports directory configured.
	HasReportDir bool
	// ReportDirError: the directory could not be read (the error is in the server log).
	ReportDirError bool
	ReportLimit    int
}

// importBatchRow is one applied batch of the import log.
type importBatchRow struct {
	store.ImportedBatch
	RowsN  int
	Report string // the report's file name when it exists, else ""
}

// importReportRow is one report file.
type importReportRow struct {
	Name     string
	Date     string // the business date of the name, YYYY-MM-DD
	Outcome  string // pipeline.ReportApplied …, as the "outcome" code list of the messages names them
	Status   pipeline.ReportStatus
	Size     int64
	SizeText string
	Modified time.Time
}

func (s *Server) imports(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	if !p.Can(access.CapImports) {
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "err.forbiddenText")
		return
	}
	batches, err := s.store.ImportLog(r.Context(), importLogLimit)
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	d := importsData{HasReportDir: s.reportDir != "", ReportLimit: importReportLimit}
	var names map[string]bool
	if d.HasReportDir {
		var all []importReportRow
		all, err = s.listReports()
		// A directory not created yet (no batch read so far) simply holds no report.
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			s.log.Error("read the import reports directory", "dir", s.reportDir, "err", err)
			d.ReportDirError = true
		}
		names = make(map[string]bool, len(all))
		for _, rep := range all {
			names[rep.Name] = true
		}
		if len(all) > importReportLimit {
			all = all[:importReportLimit]
		}
		d.Reports = all
	}
	for _, b := range batches {
		row := importBatchRow{ImportedBatch: b, RowsN: int(b.Rows)}
		if name := reportName(b.BusinessDate); names[name] {
			row.Report = name
		}
		d.Batches = append(d.Batches, row)
	}
	v := s.newView(r, p)
	v.Nav = "imports"
	v.Data = d
	s.render(w, r, http.StatusOK, "imports.html", v)
}

// reportName is the report file of a business date: import_20261123.txt.
func reportName(d domain.Date) string {
	if d.IsZero() {
		return ""
	}
	return "import_" + strings.ReplaceAll(d.String(), "-", "") + ".txt"
}

// listReports reads every import report of the reports directory, newest business date first, with its
// outcome. Only regular files named import_YYYYMMDD.txt count.
func (s *Server) listReports() ([]importReportRow, error) {
	root, err := os.OpenRoot(s.reportDir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	entries, err := fs.ReadDir(root.FS(), ".")
	if err != nil {
		return nil, err
	}
	var out []importReportRow
	for _, en := range entries {
		if !en.Type().IsRegular() || !reportNameRE.MatchString(en.Name()) {
			continue
		}
		info, err := en.Info()
		if err != nil {
			continue // removed meanwhile
		}
		n := en.Name()
		row := importReportRow{Name: n, Date: n[7:11] + "-" + n[11:13] + "-" + n[13:15], Size: info.Size(),
			SizeText: sizeText(info.Size()), Modified: info.ModTime()}
		row.Status = reportOutcome(root, n)
		row.Outcome = row.Status.Outcome
		out = append(out, row)
	}
	slices.SortFunc(out, func(a, b importReportRow) int { return strings.Compare(b.Name, a.Name) })
	return out, nil
}

// reportOutcome reads the first "outcome:" line of a report: "APPLIED in 2.1s (…)", "ALREADY APPLIED: …" or
// "REFUSED: 12 errors" (pipeline.ParseOutcome).
func reportOutcome(root *os.Root, name string) pipeline.ReportStatus {
	f, err := root.Open(name)
	if err != nil {
		return pipeline.ReportStatus{Outcome: pipeline.ReportUnknown}
	}
	defer f.Close()
	sc := bufio.NewScanner(io.LimitReader(f, 64<<10))
	for i := 0; i < outcomeScanLines && sc.Scan(); i++ {
		if line, ok := strings.CutPrefix(sc.Text(), "outcome:"); ok {
			return pipeline.ParseOutcome(line)
		}
	}
	return pipeline.ReportStatus{Outcome: pipeline.ReportUnknown}
}

// ReportStatusText words a report's outcome beyond its badge: how long an applied batch took, why a batch
// was refused. The file itself stays the operator's technical log, in English.
func (v *view) ReportStatusText(st pipeline.ReportStatus) string {
	switch st.Outcome {
	case pipeline.ReportApplied:
		if st.Elapsed > 0 {
			return v.T("imports.appliedIn", durationText(st.Elapsed, v.Lang))
		}
		return ""
	case pipeline.ReportAlready:
		return v.T("imports.alreadyText")
	case pipeline.ReportRefused:
		switch {
		case st.Errors > 0:
			return v.T("imports.refusedErrors", formatInt(st.Errors))
		case st.Duplicates > 0:
			return v.T("imports.refusedDuplicates", formatInt(st.Duplicates))
		case st.Order != nil && st.Order.SameDate:
			return v.T("imports.refusedSameDate", st.Order.Date.String())
		case st.Order != nil:
			return v.T("imports.refusedOrder", st.Order.Last.String())
		}
		return v.T("imports.refusedOther")
	}
	if st.Line != "" {
		return v.T("imports.unknownLine")
	}
	return ""
}

// durationText is an import's time for people: 46 毫秒, 2.1 秒, 3 分 5 秒 (46 ms, 2.1 s, 3 min 5 s).
func durationText(d time.Duration, lang string) string {
	ms := d.Milliseconds()
	switch {
	case ms < 1000:
		return msg(lang, "dur.ms", ms)
	case ms < 60_000:
		return msg(lang, "dur.s", strconv.FormatInt(ms/1000, 10)+"."+strconv.FormatInt(ms%1000/100, 10))
	}
	s := (ms + 500) / 1000
	return msg(lang, "dur.min", s/60, s%60)
}

// feedNames are the files of a batch (FEEDS.md) by their code in the import log's summary, and the
// accounts a full account file closed.
var feedNames = []string{"ORG", "PROD", "FX", "CUST", "ACCT", "TXN", "INCOME", "closed"}

// ImportSummary words an import log's summary ("CUST=2 ACCT=1396 closed=3", store.applier.log): the rows
// of each file by the file's name, "客户 2 · 账户 1,396 · 关闭账户 3". A part of another form is shown
// as written.
func (v *view) ImportSummary(summary string) string {
	var parts []string
	for _, f := range strings.Fields(summary) {
		k, n, ok := strings.Cut(f, "=")
		count, err := strconv.Atoi(n)
		if !ok || err != nil || !slices.Contains(feedNames, k) {
			parts = append(parts, f)
			continue
		}
		parts = append(parts, v.T("imports.feed."+k, formatInt(count)))
	}
	return strings.Join(parts, " · ")
}

// sizeText is a file size for people: 512 B, 1.5 KB, 12.3 MB.
func sizeText(n int64) string {
	const unit = 1024
	if n < unit {
		return strconv.FormatInt(n, 10) + " B"
	}
	f := float64(n) / unit
	for _, u := range []string{"KB", "MB", "GB"} {
		if f < unit || u == "GB" {
			return strconv.FormatFloat(f, 'f', 1, 64) + " " + u
		}
		f /= unit
	}
	return ""
}

// importReport serves one report as plain text. The name must be exactly import_YYYYMMDD.txt; anything
// else, or a missing file, is a 404. Opening a report is audited as an export, before a byte leaves.
func (s *Server) importReport(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	if !p.Can(access.CapImports) {
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "err.forbiddenText")
		return
	}
	name := r.PathValue("name")
	if s.reportDir == "" || !reportNameRE.MatchString(name) {
		s.errorPage(w, r, p, http.StatusNotFound, "err.notFound", "err.notFoundText")
		return
	}
	root, err := os.OpenRoot(s.reportDir)
	if errors.Is(err, fs.ErrNotExist) {
		s.errorPage(w, r, p, http.StatusNotFound, "err.notFound", "err.notFoundText")
		return
	}
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	defer root.Close()
	// os.Root refuses a symbolic link that leads out of the directory.
	f, err := root.Open(name)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			s.log.Warn("open import report", "name", name, "err", err)
		}
		s.errorPage(w, r, p, http.StatusNotFound, "err.notFound", "err.notFoundText")
		return
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	if !info.Mode().IsRegular() {
		s.errorPage(w, r, p, http.StatusNotFound, "err.notFound", "err.notFoundText")
		return
	}
	detail, err := json.Marshal(struct {
		Format string `json:"format"`
		Bytes  int64  `json:"bytes"`
	}{"txt", info.Size()})
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	if err := s.store.Audit(withoutCancel(r.Context()), domain.AuditEvent{ActorID: p.Staff.ID, Action: domain.AuditExport,
		ObjectType: "import_report", ObjectID: name, Detail: string(detail), IP: clientIP(r)}); err != nil {
		s.serverError(w, r, p, err)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Disposition", `inline; filename="`+name+`"`)
	w.Header().Set("Content-Length", strconv.FormatInt(info.Size(), 10))
	if _, err := io.CopyN(w, f, info.Size()); err != nil {
		s.log.Warn("send import report", "name", name, "err", err)
	}
}
