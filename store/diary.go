package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/steward-bank/steward/domain"
)

// Diary is a person's day: what the records say they did, and their own note and plan.
type Diary struct {
	Day           domain.Date
	Contacts      int
	Reached       int
	AlertsClosed  int
	TasksDone     int
	TomorrowTasks int
	Summary, Plan string
}

// dayBounds is the day's span in UTC (business days are Shanghai days).
func dayBounds(d domain.Date) (time.Time, time.Time) {
	from := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, domain.Shanghai)
	return from.UTC(), from.AddDate(0, 0, 1).UTC()
}

// DiaryOf returns a person's diary of day d: the counts of their own records and their note.
func (s *Store) DiaryOf(ctx context.Context, staffID int64, d domain.Date) (Diary, error) {
	out := Diary{Day: d}
	from, to := dayBounds(d)
	q := s.Rebind(`SELECT
		(SELECT count(*) FROM contacts WHERE staff_id = ? AND at >= ? AND at < ?),
		(SELECT count(*) FROM contacts WHERE staff_id = ? AND at >= ? AND at < ? AND outcome <> 'no_answer'),
		(SELECT count(*) FROM alerts WHERE acted_by = ? AND state = 'closed' AND acted_at >= ? AND acted_at < ?),
		(SELECT count(*) FROM tasks WHERE assignee_id = ? AND state = 'done' AND done_at >= ? AND done_at < ?),
		(SELECT count(*) FROM tasks WHERE assignee_id = ? AND state = 'open' AND due_on = ?)`)
	err := s.db.QueryRowContext(ctx, q, staffID, from, to, staffID, from, to, staffID, from, to, staffID, from, to, staffID, d.AddDays(1)).
		Scan(&out.Contacts, &out.Reached, &out.AlertsClosed, &out.TasksDone, &out.TomorrowTasks)
	if err != nil {
		return out, fmt.Errorf("diary of staff %d on %s: %w", staffID, d, err)
	}
	err = s.db.QueryRowContext(ctx, s.Rebind("SELECT summary, plan FROM work_diary WHERE staff_id = ? AND day = ?"), staffID, d).
		Scan(&out.Summary, &out.Plan)
	if err != nil && err != sql.ErrNoRows {
		return out, fmt.Errorf("diary of staff %d on %s: %w", staffID, d, err)
	}
	return out, nil
}

// SaveDiary writes a person's note on day d and plan for the next.
func (s *Store) SaveDiary(ctx context.Context, staffID int64, d domain.Date, summary, plan string) error {
	summary, plan = strings.TrimSpace(summary), strings.TrimSpace(plan)
	if err := inputErr("diary", domain.CheckFields(domain.Field{Name: "summary", Value: summary, Multiline: true},
		domain.Field{Name: "plan", Value: plan, Multiline: true})); err != nil {
		return err
	}
	if utf8.RuneCountInString(summary) > 4000 || utf8.RuneCountInString(plan) > 4000 {
		return fmt.Errorf("diary: at most 4 000 characters each: %w", ErrInvalid)
	}
	_, err := s.db.ExecContext(ctx, s.Rebind(`INSERT INTO work_diary (staff_id, day, summary, plan, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (staff_id, day) DO UPDATE SET summary = excluded.summary, plan = excluded.plan, updated_at = excluded.updated_at`),
		staffID, d, summary, plan, s.now())
	if err != nil {
		return fmt.Errorf("diary of staff %d on %s: %w", staffID, d, err)
	}
	return nil
}
