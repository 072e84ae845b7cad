package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// Each use case that takes text or a date from a person refuses control characters, invisible formatting
// characters and implausible dates with the field named (a *domain.TextError wrapped in ErrInvalid), and
// stores nothing; a name with a rare character of the Private Use Area is accepted.
func TestUseCasesCheckInput(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := storetest.Seed(t, s)
		rm01, sup := f.Staff["rm01"], f.Staff["sup01"]
		sc := scopeOf(t, s, f, "rm01")
		today := domain.Today(s.Now())
		for _, tt := range []struct {
			name, field string
			do          func() error
		}{
			{"note", "note", func() error { _, err := s.AddNote(ctx, sc, rm01.ID, "C001", "来电\x00"); return err }},
			{"family member born 1800", "birth_date", func() error {
				_, err := s.AddFamilyMember(ctx, sc, rm01.ID, domain.FamilyMember{ClientID: "C001", Relation: "parent", Name: "张老", BirthDate: domain.NewDate(1800, 1, 1)})
				return err
			}},
			{"family member born tomorrow", "birth_date", func() error {
				_, err := s.AddFamilyMember(ctx, sc, rm01.ID, domain.FamilyMember{ClientID: "C001", Relation: "child", Name: "张小", BirthDate: today.AddDays(1)})
				return err
			}},
			{"life event in 9999", "event_on", func() error {
				_, err := s.AddLifeEvent(ctx, sc, rm01.ID, domain.LifeEvent{ClientID: "C001", Kind: "wedding", On: domain.NewDate(9999, 12, 31)})
				return err
			}},
			{"life event note", "note", func() error {
				_, err := s.AddLifeEvent(ctx, sc, rm01.ID, domain.LifeEvent{ClientID: "C001", Kind: "wedding", On: today, Note: "婚礼\u202E"})
				return err
			}},
			{"tag", "tag", func() error { return s.TagClient(ctx, sc, rm01.ID, "C001", "VIP\u2067") }},
			{"contact follow-up", "follow_up", func() error {
				_, err := s.LogContact(ctx, sc, rm01.ID, store.Contact{ClientID: "C001", Channel: "phone", Outcome: "reached", NextStep: "回访", FollowUp: domain.NewDate(9999, 12, 31)})
				return err
			}},
			{"contact note", "note", func() error {
				_, err := s.LogContact(ctx, sc, rm01.ID, store.Contact{ClientID: "C001", Channel: "phone", Outcome: "reached", Note: "\u200F"})
				return err
			}},
			{"diary", "plan", func() error { return s.SaveDiary(ctx, rm01.ID, today, "好", "明天\x7f") }},
			{"greeting template subject", "subject", func() error {
				return s.SaveGreetingTemplate(ctx, sup.ID, 1, "生日\u202A快乐", "祝您生日快乐")
			}},
			{"greeting opt-out note", "note", func() error { return s.SetGreetingOptOut(ctx, sc, rm01.ID, "C001", true, "客户要求\x00") }},
			{"alert outcome", "outcome", func() error { return s.ActOnAlert(ctx, sc, rm01.ID, 1, store.AlertClose, "已处理\u2069") }},
			{"hand-over note", "note", func() error { return s.HandOver(ctx, sc, rm01.ID, "C001", rm01.ID, "转交\x1b", today) }},
			{"staff name", "name", func() error {
				_, err := s.CreateStaff(ctx, domain.Staff{Username: "rm99", Name: "钱\u202E", Role: domain.RoleRM, OrgID: "OT1", PasswordHash: "x"})
				return err
			}},
			{"org name", "name", func() error {
				_, err := s.PutOrg(ctx, domain.OrgUnit{ID: "OT9", Name: "网点\x00", Level: domain.LevelOutlet, ParentID: "SB1"})
				return err
			}},
			{"task due in 9999", "due", func() error {
				_, err := s.AssignTask(ctx, sup, scopeOf(t, s, f, "sup01"), store.NewTask{AssigneeID: rm01.ID, Kind: "call", Due: domain.NewDate(9999, 12, 31), Priority: 1})
				return err
			}},
			{"task due yesterday", "due", func() error {
				_, err := s.AssignTask(ctx, sup, scopeOf(t, s, f, "sup01"), store.NewTask{AssigneeID: rm01.ID, Kind: "call", Due: today.AddDays(-1), Priority: 1})
				return err
			}},
		} {
			err := tt.do()
			var te *domain.TextError
			if !errors.Is(err, store.ErrInvalid) || !errors.As(err, &te) || te.Field != tt.field {
				t.Errorf("%s: %v, want the field %s refused", tt.name, err, tt.field)
			}
		}
		for _, table := range []string{"client_notes", "family_members", "life_events", "client_tags", "contacts", "work_diary", "greeting_optouts", "tasks"} {
			var n int
			if err := s.DB().QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Errorf("%s: %d rows stored", table, n)
			}
		}
		if _, err := s.AddFamilyMember(ctx, sc, rm01.ID, domain.FamilyMember{ClientID: "C001", Relation: "child", Name: "王\uE000",
			BirthDate: domain.NewDate(2010, 5, 1), Note: "第一行\n第二行"}); err != nil {
			t.Errorf("a rare character of a name: %v", err)
		}
	})
}
