package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/steward-bank/steward/domain"
)

// AuditDiaryRead is the audit action of a lead reading a team member's work diary (or the team's of a
// day): diaries speak of clients, so reading another person's is recorded.
const AuditDiaryRead = "diary_read"

// ReadsDiaryOf reports whether reader may read the work diaries of who: their own always; a lead's
// (LeadsTeam) those of their outlet's team — an RM supervisor the team below them (client managers,
// lobby managers, tellers), the outlet manager every member of the outlet. Nobody else's: not another
// outlet's, not a fellow client manager's.
func ReadsDiaryOf(reader, who domain.Staff) bool {
	if reader.ID != 0 && reader.ID == who.ID {
		return true
	}
	if !LeadsTeam(reader) || who.OrgID != reader.OrgID || !slices.Contains(TeamRoles, who.Role) {
		return false
	}
	leads := who.Role == domain.RoleSupervisor || who.Role == domain.RoleOutletManager
	return !leads || reader.Role == domain.RoleOutletManager
}

// ReadDiary returns the work diary of staff member staffID on day d as reader reads it, with the member.
// A member reader may not read (ReadsDiaryOf), or who does not exist, is domain.ErrNotFound alike, so
// that the answer says nothing of who works where. A colleague's diary read is audited.
func (s *Store) ReadDiary(ctx context.Context, reader domain.Staff, staffID int64, d domain.Date, ip string) (Diary, domain.Staff, error) {
	who, err := s.StaffByID(ctx, staffID)
	if errors.Is(err, domain.ErrNotFound) || (err == nil && !ReadsDiaryOf(reader, who)) {
		return Diary{}, domain.Staff{}, fmt.Errorf("diary of staff %d: %w", staffID, domain.ErrNotFound)
	}
	if err != nil {
		return Diary{}, domain.Staff{}, err
	}
	if who.ID != reader.ID {
		if err := s.Audit(ctx, domain.AuditEvent{ActorID: reader.ID, Action: AuditDiaryRead, ObjectType: "staff",
			ObjectID: strconv.FormatInt(who.ID, 10), Detail: `{"diary_day":"` + d.String() + `"}`, IP: ip}); err != nil {
			return Diary{}, domain.Staff{}, err
		}
	}
	out, err := s.DiaryOf(ctx, who.ID, d)
	return out, who, err
}

// WrittenDiary is a day on which a person wrote their diary: the note and the plan.
type WrittenDiary struct {
	Day           domain.Date
	Summary, Plan string
}

// WrittenDiaries lists the days before (not on) day `before` on which staff member staffID wrote a note
// or a plan, newest first, at most limit (default 30), as reader reads them (ReadDiary's rules, audited
// alike).
func (s *Store) WrittenDiaries(ctx context.Context, reader domain.Staff, staffID int64, before domain.Date, limit int, ip string) ([]WrittenDiary, error) {
	who, err := s.StaffByID(ctx, staffID)
	if errors.Is(err, domain.ErrNotFound) || (err == nil && !ReadsDiaryOf(reader, who)) {
		return nil, fmt.Errorf("diaries of staff %d: %w", staffID, domain.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 366 {
		limit = 30
	}
	if who.ID != reader.ID {
		if err := s.Audit(ctx, domain.AuditEvent{ActorID: reader.ID, Action: AuditDiaryRead, ObjectType: "staff",
			ObjectID: strconv.FormatInt(who.ID, 10), Detail: `{"diary_before":"` + before.String() + `"}`, IP: ip}); err != nil {
			return nil, err
		}
	}
	var out []WrittenDiary
	err = s.scanAll(ctx, s.Rebind(`SELECT day, summary, plan FROM work_diary WHERE staff_id = ? AND day < ?
		AND (summary <> '' OR plan <> '') ORDER BY day DESC LIMIT ?`), func(scan func(...any) error) error {
		var w WrittenDiary
		if err := scan(&w.Day, &w.Summary, &w.Plan); err != nil {
			return err
		}
		out = append(out, w)
		return nil
	}, who.ID, before, limit)
	if err != nil {
		return nil, fmt.Errorf("diaries of staff %d: %w", staffID, err)
	}
	return out, nil
}

// TeamDiary is one team member's diary of a day.
type TeamDiary struct {
	Staff domain.Staff
	Diary
}

// TeamDiaries returns the work diaries of day d of every member of lead's outlet team that lead may read
// (ReadsDiaryOf), the lead excepted, by username; ErrNotAllowed when lead leads no team. The read is
// audited once, with how many diaries it carried.
func (s *Store) TeamDiaries(ctx context.Context, lead domain.Staff, d domain.Date, ip string) ([]TeamDiary, error) {
	if !LeadsTeam(lead) {
		return nil, fmt.Errorf("team diaries: %w", ErrNotAllowed)
	}
	staff, err := s.ListStaff(ctx, lead.OrgID)
	if err != nil {
		return nil, err
	}
	var out []TeamDiary
	for _, who := range staff {
		if who.ID == lead.ID || !ReadsDiaryOf(lead, who) {
			continue
		}
		dy, err := s.DiaryOf(ctx, who.ID, d)
		if err != nil {
			return nil, err
		}
		if who.Disabled && dy == (Diary{Day: d}) {
			continue // a former member with nothing on the day
		}
		out = append(out, TeamDiary{Staff: who, Diary: dy})
	}
	if err := s.Audit(ctx, domain.AuditEvent{ActorID: lead.ID, Action: AuditDiaryRead, ObjectType: "work_diary", ObjectID: lead.OrgID,
		Detail: fmt.Sprintf(`{"diary_day":"%s","diaries":%d}`, d, len(out)), IP: ip}); err != nil {
		return nil, err
	}
	return out, nil
}
