package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/calendar"
	"github.com/steward-bank/steward/domain"
)

// The working-day calendar page (/admin/calendar): the administrators see which years the calendar covers
// and where each came from, this year's and next year's holidays and make-up working days, and install
// the State Council's schedule of a year as <HolidayDir>/<year>.txt. The file is checked before anything
// is written, written atomically, and the running server switches to the new calendar at once; `steward
// import` reads the same directory.

const (
	// maxScheduleBytes bounds an uploaded schedule file (a year's schedule is about 1 KB).
	maxScheduleBytes = 64 << 10
	// auditCalendarInstall is the audit action of an installed schedule file.
	auditCalendarInstall = "work_calendar_install"
)

// workCalendar is the server's current working-day calendar. Every handler reads it here, once per
// request, so that an install switches every page at once and no request sees two calendars.
func (s *Server) workCalendar() *calendar.WorkCalendar { return s.workCal.Load() }

// workCalData is the working-day calendar page.
type workCalData struct {
	Years       []calYear
	Shown       []calYear // this year and next
	NextYear    int
	NextMissing bool
	CanInstall  bool     // a holiday directory is configured
	Problems    []string // why an upload was refused
	Text        string   // the pasted text, offered again after a refusal
}

// calYear is one year of the calendar.
type calYear struct {
	Year     int
	Covered  bool
	File     string // base name of the file the year was read from
	Shipped  bool
	Holidays int // days of statutory holiday
	MakeUp   int // make-up working days
	Spans    []calendar.Span
}

func yearOf(cal *calendar.WorkCalendar, year int) calYear {
	y := calYear{Year: year, Spans: cal.Schedule(year)}
	if src, ok := cal.Source(year); ok {
		y.Covered, y.File, y.Shipped = true, filepath.Base(src.File), src.Shipped
	}
	for _, sp := range y.Spans {
		if sp.Kind == calendar.Holiday {
			y.Holidays += sp.Days()
		} else {
			y.MakeUp += sp.Days()
		}
	}
	return y
}

// SpanKind names a span's kind of day.
func (v *view) SpanKind(sp calendar.Span) string {
	if sp.Kind == calendar.Holiday {
		return v.T("wcal.holiday")
	}
	return v.T("wcal.makeUp")
}

func (s *Server) workCalendarPage(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	if !p.Can(access.CapWorkCalendar) {
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "err.forbiddenText")
		return
	}
	s.showWorkCalendar(w, r, p, http.StatusOK, nil, "")
}

func (s *Server) showWorkCalendar(w http.ResponseWriter, r *http.Request, p *auth.Principal, status int, problems []string, text string) {
	cal := s.workCalendar()
	v := s.newView(r, p)
	v.Nav = "work_calendar"
	this := domain.Today(v.Now).Year()
	d := workCalData{NextYear: this + 1, NextMissing: !cal.Covers(this + 1), CanInstall: s.holidayDir != "",
		Problems: problems, Text: text}
	for _, y := range cal.Years() {
		d.Years = append(d.Years, yearOf(cal, y))
	}
	d.Shown = []calYear{yearOf(cal, this), yearOf(cal, this+1)}
	if y, err := strconv.Atoi(r.URL.Query().Get("installed")); err == nil && cal.Covers(y) {
		v.Flash = v.T("wcal.installed", y)
	}
	if len(problems) > 0 {
		v.Error = v.T("wcal.refused")
	}
	v.Data = d
	s.render(w, r, status, "work_calendar.html", v)
}

// installSchedule checks an uploaded or pasted schedule file and installs it as <year>.txt: nothing is
// written when the file has a fault, when it would conflict with the other files, or when a file read
// after it would override it. The install is audited before the file takes its place.
func (s *Server) installSchedule(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	if !p.Can(access.CapWorkCalendar) || s.holidayDir == "" {
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "err.forbiddenText")
		return
	}
	lang := resolveLang(r, p)
	data, label, text, problem := uploadedSchedule(w, r, lang)
	if problem != "" {
		s.showWorkCalendar(w, r, p, http.StatusUnprocessableEntity, []string{problem}, text)
		return
	}
	refuse := func(err error) {
		s.showWorkCalendar(w, r, p, http.StatusUnprocessableEntity, faults(lang, err), text)
	}
	f, err := calendar.ParseFile(label, bytes.NewReader(data))
	if err != nil {
		refuse(err)
		return
	}
	name, err := calendar.FileName(f)
	if err != nil {
		refuse(err)
		return
	}
	s.calMu.Lock()
	defer s.calMu.Unlock()
	if _, err := calendar.LoadWith(s.holidayDir, name, f); err != nil {
		refuse(err)
		return
	}
	year := f.Years()[0]
	before, replaced := s.workCalendar().Source(year)
	if err := s.writeSchedule(r, p, name, data, f, before, replaced); err != nil {
		s.serverError(w, r, p, err)
		return
	}
	cal, err := calendar.Load(s.holidayDir)
	if err != nil {
		// Only a change made meanwhile by other means can bring this: the file was checked with the others.
		s.serverError(w, r, p, fmt.Errorf("reload the working-day calendar after installing %s: %w", name, err))
		return
	}
	s.workCal.Store(cal)
	s.log.Info("working-day calendar: schedule installed", "file", filepath.Join(s.holidayDir, name), "by", p.Staff.Username)
	http.Redirect(w, r, "/admin/calendar?installed="+strconv.Itoa(year), http.StatusSeeOther)
}

// writeSchedule writes data to <HolidayDir>/<name> through a temporary file in the same directory and a
// rename, so that a reader (this server, `steward import`) sees the old file or the new one, never half
// of one. The audit event is written before the rename: a failed audit leaves the old file in place.
func (s *Server) writeSchedule(r *http.Request, p *auth.Principal, name string, data []byte, f *calendar.WorkCalendar,
	before calendar.YearSource, replaced bool) error {
	if err := os.MkdirAll(s.holidayDir, 0o750); err != nil {
		return fmt.Errorf("install the schedule %s: %w", name, err)
	}
	tmp, err := os.CreateTemp(s.holidayDir, "."+name+".*.tmp")
	if err != nil {
		return fmt.Errorf("install the schedule %s: %w", name, err)
	}
	done := false
	defer func() {
		if !done {
			os.Remove(tmp.Name())
		}
	}()
	// Readable by the group: `steward import` may run as another user of the installation's group.
	if err := tmp.Chmod(0o640); err != nil {
		tmp.Close()
		return fmt.Errorf("install the schedule %s: %w", name, err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("install the schedule %s: write %s: %w", name, tmp.Name(), err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("install the schedule %s: sync %s: %w", name, tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("install the schedule %s: close %s: %w", name, tmp.Name(), err)
	}
	y := yearOf(f, f.Years()[0])
	sum := sha256.Sum256(data)
	detail := struct {
		File     string `json:"file"`
		Year     int    `json:"year"`
		Holidays int    `json:"holiday_days"`
		MakeUp   int    `json:"make_up_days"`
		SHA256   string `json:"sha256"`
		Replaced string `json:"replaced,omitempty"` // the file the year was read from before
	}{File: name, Year: y.Year, Holidays: y.Holidays, MakeUp: y.MakeUp, SHA256: hex.EncodeToString(sum[:])}
	if replaced {
		detail.Replaced = before.File
	}
	b, err := json.Marshal(detail)
	if err != nil {
		return err
	}
	if err := s.store.Audit(withoutCancel(r.Context()), domain.AuditEvent{ActorID: p.Staff.ID, Action: auditCalendarInstall,
		ObjectType: "work_calendar", ObjectID: strconv.Itoa(y.Year), Detail: string(b), IP: clientIP(r)}); err != nil {
		return fmt.Errorf("install the schedule %s: audit: %w", name, err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(s.holidayDir, name)); err != nil {
		return fmt.Errorf("install the schedule %s: %w", name, err)
	}
	done = true
	return nil
}

// uploadedSchedule reads the form: a file (multipart field "file") or pasted text ("text"). label is what
// faults call the text; problem, in lang, says why there is nothing to read.
func uploadedSchedule(w http.ResponseWriter, r *http.Request, lang string) (data []byte, label, text, problem string) {
	r.Body = http.MaxBytesReader(w, r.Body, 2*maxScheduleBytes+16<<10)
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		if err := r.ParseMultipartForm(2 * maxScheduleBytes); err != nil {
			return nil, "", "", msg(lang, "wcal.tooLarge", maxScheduleBytes>>10)
		}
		if fh, hdr, err := r.FormFile("file"); err == nil {
			defer fh.Close()
			data, err = io.ReadAll(io.LimitReader(fh, maxScheduleBytes+1))
			switch {
			case err != nil:
				return nil, "", "", msg(lang, "wcal.unreadable")
			case len(data) > maxScheduleBytes:
				return nil, "", "", msg(lang, "wcal.tooLarge", maxScheduleBytes>>10)
			case len(bytes.TrimSpace(data)) > 0:
				return data, filepath.Base(hdr.Filename), "", ""
			}
		}
	}
	text = r.PostFormValue("text")
	switch {
	case len(text) > maxScheduleBytes:
		return nil, "", "", msg(lang, "wcal.tooLarge", maxScheduleBytes>>10)
	case strings.TrimSpace(text) == "":
		return nil, "", text, msg(lang, "wcal.empty")
	}
	return []byte(text), msg(lang, "wcal.pasted"), text, ""
}

// faults lists an error's faults for the page: a fault of a line as "line 3: reason", others as they are.
func faults(lang string, err error) []string {
	var out []string
	var walk func(error)
	walk = func(err error) {
		var pe *calendar.ParseError
		if errors.As(err, &pe) && pe.Error() == err.Error() {
			out = append(out, msg(lang, "wcal.line", pe.Line, pe.Msg))
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		out = append(out, strings.Split(err.Error(), "\n")...)
	}
	walk(err)
	return out
}
