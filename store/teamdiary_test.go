package store_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// A lead reads the work diaries of their outlet's team, by person and date, each read audited; a client
// manager reads only their own, past ones included; nobody reads another outlet's, and a supervisor does
// not read the outlet manager's.
func TestTeamDiaries(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		ctx := context.Background()
		newStaff := func(username string, role domain.Role, org string) domain.Staff {
			t.Helper()
			st, err := s.CreateStaff(ctx, domain.Staff{Username: username, Name: username, Role: role, OrgID: org, PasswordHash: "x"})
			if err != nil {
				t.Fatal(err)
			}
			return st
		}
		om := newStaff("om01", domain.RoleOutletManager, "OT1")
		sup3 := newStaff("sup03", domain.RoleSupervisor, "OT3")
		sup, rm01, rm02 := f.Staff["sup01"], f.Staff["rm01"], f.Staff["rm02"]
		day := domain.NewDate(2026, 11, 20)
		for i, note := range []string{"拜访张伟，了解理财到期安排", "", "电话回访三位客户"} {
			if err := s.SaveDiary(ctx, rm01.ID, day.AddDays(i-2), note, "明日联系李娜"); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.SaveDiary(ctx, sup.ID, day, "主管小结", ""); err != nil {
			t.Fatal(err)
		}

		// Own diary: any date, not audited.
		d, who, err := s.ReadDiary(ctx, rm01, rm01.ID, day, "")
		if err != nil || who.ID != rm01.ID || d.Summary != "电话回访三位客户" || d.Plan != "明日联系李娜" {
			t.Errorf("rm01's own diary %+v %v", d, err)
		}
		past, err := s.WrittenDiaries(ctx, rm01, rm01.ID, day, 0, "")
		if err != nil || len(past) != 2 || past[0].Day != day.AddDays(-1) || past[1].Day != day.AddDays(-2) || past[1].Summary != "拜访张伟，了解理财到期安排" {
			t.Errorf("rm01's past diaries %+v %v: want the two days before, newest first", past, err)
		}
		// The team lead of the outlet reads them, audited.
		if d, _, err := s.ReadDiary(ctx, sup, rm01.ID, day, "192.0.2.1"); err != nil || d.Summary != "电话回访三位客户" {
			t.Errorf("sup01 reading rm01's diary: %+v %v", d, err)
		}
		if ev, err := s.AuditEvents(ctx, store.AuditFilter{Action: store.AuditDiaryRead, ActorID: sup.ID}); err != nil || len(ev) != 1 ||
			ev[0].ObjectID != strconv.FormatInt(rm01.ID, 10) || ev[0].IP != "192.0.2.1" {
			t.Errorf("sup01's read of rm01's diary audited as %+v (%v)", ev, err)
		}
		if ev, _ := s.AuditEvents(ctx, store.AuditFilter{Action: store.AuditDiaryRead, ActorID: rm01.ID}); len(ev) != 0 {
			t.Errorf("reading one's own diary was audited: %+v", ev)
		}
		// The wrong readers: a fellow RM, another outlet's supervisor, a supervisor the outlet manager's;
		// the answer is the same as for nobody at all.
		for _, c := range []struct {
			name   string
			reader domain.Staff
			of     int64
		}{{"rm02 reading rm01", rm02, rm01.ID}, {"OT3's supervisor reading rm01", sup3, rm01.ID}, {"sup01 reading the outlet manager", sup, om.ID},
			{"rm01 reading sup01", rm01, sup.ID}, {"sup01 reading nobody", sup, 999999}, {"the teller reading rm01", f.Staff["teller01"], rm01.ID}} {
			if _, _, err := s.ReadDiary(ctx, c.reader, c.of, day, ""); !errors.Is(err, domain.ErrNotFound) {
				t.Errorf("%s: %v, want not found", c.name, err)
			}
			if _, err := s.WrittenDiaries(ctx, c.reader, c.of, day, 0, ""); !errors.Is(err, domain.ErrNotFound) {
				t.Errorf("%s's past diaries: %v, want not found", c.name, err)
			}
		}
		if d, _, err := s.ReadDiary(ctx, om, sup.ID, day, ""); err != nil || d.Summary != "主管小结" {
			t.Errorf("the outlet manager reading sup01's diary: %+v %v", d, err)
		}
		// The team of a day.
		team, err := s.TeamDiaries(ctx, sup, day, "")
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, m := range team {
			names = append(names, m.Staff.Username)
			if m.Staff.ID == rm01.ID && m.Summary != "电话回访三位客户" {
				t.Errorf("rm01's line of the team's diaries: %+v", m)
			}
		}
		if got := strings.Join(names, " "); got != "lobby01 rm01 rm02 teller01" {
			t.Errorf("sup01's team diaries are of %s, want lobby01 rm01 rm02 teller01", got)
		}
		omTeam, err := s.TeamDiaries(ctx, om, day, "")
		if err != nil || len(omTeam) != 5 {
			t.Errorf("the outlet manager's team diaries: %d (%v), want the five others of OT1", len(omTeam), err)
		}
		if _, err := s.TeamDiaries(ctx, rm01, day, ""); !errors.Is(err, store.ErrNotAllowed) {
			t.Errorf("an RM reading the team's diaries: %v", err)
		}
	})
}
