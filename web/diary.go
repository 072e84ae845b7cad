package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
)

// diaryPage is the evening work diary: the day's figures from the records, the person's note on the day
// and plan for tomorrow, and tomorrow's tasks.
func (s *Server) diaryPage(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	v := s.newView(r, p)
	v.Nav = "home"
	today := domain.Today(v.Now)
	status := http.StatusOK
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
		err := s.store.SaveDiary(r.Context(), p.Staff.ID, today, r.PostFormValue("summary"), r.PostFormValue("plan"))
		switch {
		case textProblem(err) != nil:
			v.Error, status = inputMessage(v.Lang, textProblem(err)), http.StatusBadRequest
		case errors.Is(err, store.ErrInvalid):
			v.Error = v.T("diary.tooLong")
		case err != nil:
			s.serverError(w, r, p, err)
			return
		default:
			http.Redirect(w, r, "/diary?flash=diary", http.StatusSeeOther)
			return
		}
	}
	// ?day= reads one of the person's past diaries (read-only); today's is the one they write.
	day := today
	if q := r.URL.Query().Get("day"); q != "" && r.Method == http.MethodGet {
		parsed, err := domain.ParseDate(q)
		if err != nil || parsed.After(today) {
			s.errorPage(w, r, p, http.StatusBadRequest, "err.badRequest", "diary.badDay")
			return
		}
		day = parsed
	}
	d, _, err := s.store.ReadDiary(r.Context(), p.Staff, p.Staff.ID, day, clientIP(r))
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	var tomorrow []store.TaskView
	if day == today {
		if tomorrow, err = s.store.TasksBetween(r.Context(), p.Scope, p.Staff.ID, p.Staff.Role, today.AddDays(1), today.AddDays(1), 100); err != nil {
			s.serverError(w, r, p, err)
			return
		}
	}
	past, err := s.store.WrittenDiaries(r.Context(), p.Staff, p.Staff.ID, today, 30, clientIP(r))
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	v.Data = diaryData{D: d, Tomorrow: tomorrow, Past: past, Editable: day == today, Lead: store.LeadsTeam(p.Staff)}
	s.render(w, r, status, "diary.html", v)
}

// diaryData is the diary page: one day's diary of one person, editable on the day itself by its writer.
type diaryData struct {
	D        store.Diary
	Tomorrow []store.TaskView
	// Past are the person's earlier written diaries, newest first.
	Past []store.WrittenDiary
	// Editable: the writer's own diary of today.
	Editable bool
	// Lead: the person leads a team, and reads its diaries.
	Lead bool
	// Who is whose diary it is, when it is a team member's (read by their lead).
	Who *domain.Staff
}

// teamDiaries is a team lead's reading of the outlet team's work diaries: the team's of one day
// (?day=, default today), or one member's (?staff=) of that day with their earlier written ones.
func (s *Server) teamDiaries(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	v := s.newView(r, p)
	v.Nav = "home"
	if !store.LeadsTeam(p.Staff) {
		s.errorPage(w, r, p, http.StatusForbidden, "err.forbidden", "err.forbiddenText")
		return
	}
	today := domain.Today(v.Now)
	day := today
	if q := r.URL.Query().Get("day"); q != "" {
		parsed, err := domain.ParseDate(q)
		if err != nil || parsed.After(today) {
			s.errorPage(w, r, p, http.StatusBadRequest, "err.badRequest", "diary.badDay")
			return
		}
		day = parsed
	}
	if q := r.URL.Query().Get("staff"); q != "" {
		id, err := strconv.ParseInt(q, 10, 64)
		if err != nil || id == p.Staff.ID {
			http.Redirect(w, r, "/diary", http.StatusSeeOther)
			return
		}
		d, who, err := s.store.ReadDiary(r.Context(), p.Staff, id, day, clientIP(r))
		if errors.Is(err, domain.ErrNotFound) {
			s.errorPage(w, r, p, http.StatusNotFound, "err.notFound", "err.notFoundText")
			return
		}
		if err != nil {
			s.serverError(w, r, p, err)
			return
		}
		past, err := s.store.WrittenDiaries(r.Context(), p.Staff, id, day, 30, clientIP(r))
		if err != nil {
			s.serverError(w, r, p, err)
			return
		}
		v.Data = diaryData{D: d, Past: past, Lead: true, Who: &who}
		s.render(w, r, http.StatusOK, "diary.html", v)
		return
	}
	team, err := s.store.TeamDiaries(r.Context(), p.Staff, day, clientIP(r))
	if err != nil {
		s.serverError(w, r, p, err)
		return
	}
	v.Data = struct {
		Day, Prev, Next domain.Date
		Team            []store.TeamDiary
	}{Day: day, Prev: day.AddDays(-1), Next: nextDay(day, today), Team: team}
	s.render(w, r, http.StatusOK, "teamdiary.html", v)
}

// nextDay is the day after d, or zero when d is today (no diary of tomorrow yet).
func nextDay(d, today domain.Date) domain.Date {
	if !d.Before(today) {
		return domain.Date{}
	}
	return d.AddDays(1)
}
