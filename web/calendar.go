package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
)

// calendarData is a person's week: seven days from Monday with their open tasks.
type calendarData struct {
	Days       []calendarDay
	Prev, Next string
	Week       string
	Lead       bool // leads a team: may switch to the team's week (schedule.go)
}

type calendarDay struct {
	Date    domain.Date
	Today   bool
	Working bool
	Tasks   []store.TaskView
}

// weekOf returns the Monday of d's week.
func weekOf(d domain.Date) domain.Date {
	wd := (int(d.Time().Weekday()) + 6) % 7 // Monday 0
	return d.AddDays(-wd)
}

func (s *Server) calendarPage(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	v := s.newView(r, p)
	v.Nav = "calendar"
	today := domain.Today(v.Now)
	start := weekOf(today)
	if q := r.URL.Query().Get("week"); q != "" {
		if d, err := domain.ParseDate(q); err == nil {
			start = weekOf(d)
		}
	}
	tasks, err := s.store.TasksBetween(r.Context(), p.Scope, p.Staff.ID, p.Staff.Role, start, start.AddDays(6), 500)
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	d := calendarData{Week: start.String(), Prev: "/calendar?week=" + start.AddDays(-7).String(), Next: "/calendar?week=" + start.AddDays(7).String(),
		Lead: store.LeadsTeam(p.Staff)}
	if d.Lead && r.URL.Query().Get("team") == "1" {
		s.teamCalendar(w, r, p, v, start)
		return
	}
	cal := s.workCalendar()
	for i := range 7 {
		day := start.AddDays(i)
		cd := calendarDay{Date: day, Today: day == today, Working: cal.IsWorkingDay(day)}
		for _, t := range tasks {
			if t.Due == day {
				cd.Tasks = append(cd.Tasks, t)
			}
		}
		d.Days = append(d.Days, cd)
	}
	v.Data = d
	s.render(w, r, http.StatusOK, "calendar.html", v)
}

// apiCalendar is the person's open tasks of the coming weeks as an iCalendar feed (RFC 5545), for a
// calendar application subscribed with an API token.
func (s *Server) apiCalendar(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	today := domain.Today(s.auth.Now())
	tasks, err := s.store.TasksBetween(r.Context(), p.Scope, p.Staff.ID, p.Staff.Role, today.AddDays(-30), today.AddDays(60), 2000)
	if err != nil {
		s.apiInternal(w, r, err)
		return
	}
	v := &view{Lang: resolveLang(r, p), P: p, Now: s.auth.Now()}
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Steward//Tasks//ZH\r\nCALSCALE:GREGORIAN\r\nX-WR-CALNAME:Steward\r\n")
	stamp := s.auth.Now().UTC().Format("20060102T150405Z")
	for _, t := range tasks {
		day := t.Due.Time().Format("20060102")
		next := t.Due.AddDays(1).Time().Format("20060102")
		fmt.Fprintf(&b, "BEGIN:VEVENT\r\nUID:task-%d@steward\r\nDTSTAMP:%s\r\nDTSTART;VALUE=DATE:%s\r\nDTEND;VALUE=DATE:%s\r\nSUMMARY:%s\r\nEND:VEVENT\r\n",
			t.ID, stamp, day, next, icsText(t.ClientName+" · "+v.TaskTitle(t)))
	}
	b.WriteString("END:VCALENDAR\r\n")
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="steward.ics"`)
	_, _ = w.Write([]byte(b.String()))
}

// icsText escapes a text value of RFC 5545 (backslash, semicolon, comma, newline).
func icsText(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`, "\r", "").Replace(s)
}
