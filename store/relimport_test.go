package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/steward-bank/steward/access"
	"github.com/steward-bank/steward/alerts"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/ingest"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

func relTable(rows ...ingest.RelationshipRow) ingest.RelationshipTable {
	return ingest.RelationshipTable{ClientColumn: "client_id", StaffColumn: "rm", Rows: rows}
}

func row(line int, client, staff string) ingest.RelationshipRow {
	return ingest.RelationshipRow{Line: line, ClientID: client, Staff: staff}
}

// importedRMOf is a client's responsible client manager's username ("" for none) and its open relationships.
func importedRMOf(t *testing.T, s *store.Store, client string) (string, int) {
	t.Helper()
	var rm string
	var open int
	if err := s.DB().QueryRowContext(context.Background(), s.Rebind(`SELECT COALESCE(st.username, ''),
		(SELECT count(*) FROM relationships r WHERE r.client_id = c.client_id AND r.valid_to IS NULL)
		FROM clients c LEFT JOIN staff st ON st.staff_id = c.rm_id WHERE c.client_id = ?`), client).Scan(&rm, &open); err != nil {
		t.Fatal(err)
	}
	return rm, open
}

// A relationship table is applied whole or not at all: one bad row refuses every row, and each bad row is
// reported with its line, column, value and reason; nothing is written and nothing audited.
func TestImportRelationshipsRefusesEveryBadRow(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		storetest.Seed(t, s)
		ctx := context.Background()
		if _, err := s.CreateStaff(ctx, domain.Staff{Username: "rm05", Name: "离职", Role: domain.RoleRM, OrgID: "OT1", PasswordHash: "x", Disabled: true}); err != nil {
			t.Fatal(err)
		}
		var more []domain.Client
		for _, id := range []string{"C005", "C006"} {
			more = append(more, domain.Client{ClientID: id, Name: "客户" + id, OutletID: "OT1", OpenDate: domain.NewDate(2020, 1, 1), Status: "normal"})
		}
		if err := s.PutClients(ctx, more); err != nil {
			t.Fatal(err)
		}
		res, err := s.ImportRelationships(ctx, store.RelationshipImport{File: "rel.csv", Table: relTable(
			row(2, "C003", "rm01"),     // good
			row(3, "C999", "rm01"),     // no such client
			row(4, "C003", "rm02"),     // listed twice
			row(5, "C004", "rm01"),     // rm01 works at OT1, C004 belongs to OT3
			row(6, "C002", "rm01"),     // already served by rm02, no --replace
			row(7, "C001", "teller01"), // not a client manager
			row(8, "C005", "nobody"),   // no such staff
			row(9, "C006", "rm05"),     // disabled
		)})
		if !errors.Is(err, store.ErrInvalid) {
			t.Fatalf("import with bad rows: %v, want ErrInvalid", err)
		}
		var got []string
		for _, i := range res.Issues {
			got = append(got, i.String())
		}
		want := []string{
			`rel.csv:3 client_id "C999": no such client`,
			`rel.csv:4 client_id "C003": client listed twice (first at line 2)`,
			`rel.csv:5 rm "rm01": works at outlet OT1; client C004 belongs to outlet OT3`,
			`rel.csv:6 client_id "C002": already served by rm02; --replace moves it to rm01`,
			`rel.csv:7 rm "teller01": is teller, not a client manager`,
			`rel.csv:8 rm "nobody": no such member of staff`,
			`rel.csv:9 rm "rm05": the member of staff is disabled`,
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("issues:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if rm, open := importedRMOf(t, s, "C003"); rm != "" || open != 0 {
			t.Errorf("C003 after a refused table: rm %q, %d open relationships; want none", rm, open)
		}
		if ev, _ := s.AuditEvents(ctx, store.AuditFilter{Action: store.AuditRelationshipImport}); len(ev) != 0 {
			t.Errorf("a refused table was audited: %+v", ev)
		}
	})
}

// A good table assigns the unassigned, leaves those already served by the one listed, moves (with Replace)
// those served by another, in one transaction: relationships closed and opened, the clients' open work
// handed to the new managers, one audit event with the file, its hash and the counts. Check changes nothing.
func TestImportRelationshipsApplies(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		ctx := context.Background()
		day := domain.Today(time.Now())
		alert := func(client, key string, to alerts.Assignee) store.AlertRow {
			return store.AlertRow{Alert: alerts.Alert{ClientID: client, Rule: alerts.RuleMaturity, Key: key, Due: day.AddDays(7), Severity: alerts.Warn},
				OutletID: "OT1", Assignee: to, RaisedOn: day, Deadline: time.Now().Add(48 * time.Hour)}
		}
		if _, err := s.RaiseAlerts(ctx, day, []store.AlertRow{
			alert("C003", "pool", alerts.Assignee{Role: domain.RoleSupervisor}),
			alert("C002", "rm02s", alerts.Assignee{StaffID: f.Staff["rm02"].ID, Role: domain.RoleRM}),
		}); err != nil {
			t.Fatal(err)
		}
		table := relTable(row(2, "C003", "rm02"), row(3, "C001", "rm01"), row(4, "C002", "rm01"))
		res, err := s.ImportRelationships(ctx, store.RelationshipImport{File: "rel.csv", Table: table, Replace: true, Check: true})
		if err != nil || res.Assigned != 1 || res.Replaced != 1 || res.Unchanged != 1 {
			t.Fatalf("check: %+v %v", res, err)
		}
		if rm, _ := importedRMOf(t, s, "C003"); rm != "" {
			t.Fatalf("check assigned C003 to %q", rm)
		}
		// Without Replace the moved client is refused.
		if _, err := s.ImportRelationships(ctx, store.RelationshipImport{File: "rel.csv", Table: table}); !errors.Is(err, store.ErrInvalid) {
			t.Fatalf("without replace: %v", err)
		}
		res, err = s.ImportRelationships(ctx, store.RelationshipImport{File: "rel.csv", SHA256: "ab12", Table: table, Replace: true, Actor: f.Staff["admin"].ID})
		if err != nil || res.Assigned != 1 || res.Replaced != 1 || res.Unchanged != 1 {
			t.Fatalf("import: %+v %v", res, err)
		}
		for client, want := range map[string]string{"C001": "rm01", "C002": "rm01", "C003": "rm02"} {
			if rm, open := importedRMOf(t, s, client); rm != want || open != 1 {
				t.Errorf("%s: rm %q with %d open relationships, want %s with 1", client, rm, open, want)
			}
		}
		rels, err := s.ClientRelationships(ctx, access.Scope{Reach: access.ReachAll}, "C002")
		if err != nil || len(rels) != 2 || rels[0].StaffName != "钱经理" || rels[0].Reason != store.ReasonInitialAssignment ||
			rels[0].AssignedBy != "管理员" || rels[1].StaffName != "孙经理" || rels[1].ValidTo.IsZero() {
			t.Errorf("C002's history: %+v %v", rels, err)
		}
		for key, want := range map[string]int64{"pool": f.Staff["rm02"].ID, "rm02s": f.Staff["rm01"].ID} {
			var got int64
			if err := s.DB().QueryRowContext(ctx, s.Rebind("SELECT COALESCE(assignee_id, 0) FROM alerts WHERE fact_key = ?"), key).Scan(&got); err != nil || got != want {
				t.Errorf("alert %s held by %d (%v), want %d", key, got, err, want)
			}
		}
		ev, err := s.AuditEvents(ctx, store.AuditFilter{Action: store.AuditRelationshipImport})
		if err != nil || len(ev) != 1 || ev[0].ObjectID != "rel.csv" || ev[0].ActorID != f.Staff["admin"].ID {
			t.Fatalf("audit: %+v %v", ev, err)
		}
		for _, part := range []string{`"sha256":"ab12"`, `"assigned":1`, `"replaced":1`, `"unchanged":1`, `"rows":3`, `"file":"rel.csv"`} {
			if !strings.Contains(ev[0].Detail, part) {
				t.Errorf("audit detail %s lacks %s", ev[0].Detail, part)
			}
		}
	})
}

// rmScope is the scope of a client manager of OT1 with the shadow of policy shadow_days at now.
func rmScope(t *testing.T, s *store.Store, st domain.Staff, days int, now time.Time) access.Scope {
	t.Helper()
	org, err := s.Org(context.Background(), st.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	return access.ScopeFor(st, org).WithShadow(days, now)
}

// A client manager whose client was handed over to another keeps read-only sight of it for
// relationships.shadow_days: the client view shows it marked handed over (when, to whom), the client list
// finds it marked, "my clients" and the book's counts leave it out, and every change is refused. After the
// window, or with shadow_days 0, it is out of scope like any other manager's client.
func TestShadowOfHandedOverClient(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		ctx := context.Background()
		rm01, rm02 := f.Staff["rm01"], f.Staff["rm02"]
		supScope := rmScope(t, s, f.Staff["sup01"], 30, time.Now())
		if err := s.AssignRM(ctx, supScope, f.Staff["sup01"].ID, "C002", rm01.ID, "rotation"); err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		sc := rmScope(t, s, rm02, 30, now)
		c, err := s.Client(ctx, sc, "C002")
		if err != nil {
			t.Fatalf("the former manager does not see the handed-over client: %v", err)
		}
		if c.Editable || c.HandedOver == nil || c.HandedOver.ToName != "钱经理" || now.Sub(c.HandedOver.On) > time.Minute {
			t.Errorf("handed-over client: editable %v, handover %+v", c.Editable, c.HandedOver)
		}
		if _, err := s.ClientAccounts(ctx, sc, "C002"); err != nil {
			t.Error(err)
		}
		page, err := s.SearchClients(ctx, sc, store.ClientFilter{})
		if err != nil {
			t.Fatal(err)
		}
		handed := map[string]bool{}
		for _, r := range page.Items {
			handed[r.ClientID] = r.Handed
		}
		if h, ok := handed["C002"]; !ok || !h || handed["C003"] || len(handed) != 2 {
			t.Errorf("rm02's client list: %v, want C002 handed over and C003 (unassigned) plain", handed)
		}
		if mine, err := s.SearchClients(ctx, sc, store.ClientFilter{RMID: rm02.ID}); err != nil || mine.Total != 0 {
			t.Errorf("rm02's own clients: %d %v, want none", mine.Total, err)
		}
		book, err := s.BookSummary(ctx, sc, []int64{1})
		if err != nil || book.Clients != 1 {
			t.Errorf("rm02's book counts %d clients (%v), want 1 (the outlet's unassigned C003)", book.Clients, err)
		}
		// Every change is refused as read-only.
		day := domain.Today(now)
		writes := map[string]error{}
		_, writes["note"] = s.AddNote(ctx, sc, rm02.ID, "C002", "still mine?")
		_, writes["contact"] = s.LogContact(ctx, sc, rm02.ID, store.Contact{ClientID: "C002", Channel: "phone", Outcome: "reached"})
		_, writes["family"] = s.AddFamilyMember(ctx, sc, rm02.ID, domain.FamilyMember{ClientID: "C002", Name: "李四", Relation: "spouse"})
		_, writes["event"] = s.AddLifeEvent(ctx, sc, rm02.ID, domain.LifeEvent{ClientID: "C002", Kind: "moved", On: day})
		writes["tag"] = s.TagClient(ctx, sc, rm02.ID, "C002", "老客户")
		writes["lunar"] = s.SetLunarBirthday(ctx, sc, rm02.ID, "C002", true)
		writes["phone"] = s.VerifyPhone(ctx, sc, rm02.ID, "C002", day)
		writes["optout"] = s.SetGreetingOptOut(ctx, sc, rm02.ID, "C002", true, "")
		writes["assign"] = s.AssignRM(ctx, sc, rm02.ID, "C002", rm02.ID, "take back")
		for what, err := range writes {
			// A client manager may never assign: refused before the client's sight is asked.
			if !errors.Is(err, store.ErrReadOnly) && !(what == "assign" && errors.Is(err, store.ErrNotAllowed)) {
				t.Errorf("%s on a handed-over client: %v, want ErrReadOnly", what, err)
			}
		}
		if rm, _ := importedRMOf(t, s, "C002"); rm != "rm01" {
			t.Errorf("C002 is served by %q after the former manager's attempts", rm)
		}
		// After the window, and with no shadow at all: out of scope.
		for name, late := range map[string]access.Scope{
			"after 30 days": rmScope(t, s, rm02, 30, now.AddDate(0, 0, 30).Add(time.Minute)),
			"shadow_days 0": rmScope(t, s, rm02, 0, now),
		} {
			if _, err := s.Client(ctx, late, "C002"); !errors.Is(err, domain.ErrNotFound) {
				t.Errorf("%s: the former manager reads C002: %v", name, err)
			}
			if page, err := s.SearchClients(ctx, late, store.ClientFilter{}); err != nil || page.Total != 1 {
				t.Errorf("%s: the former manager's list has %d clients (%v), want 1", name, page.Total, err)
			}
		}
		// Another manager of another outlet never had the client: no shadow.
		if _, err := s.Client(ctx, rmScope(t, s, f.Staff["rm03"], 30, now), "C002"); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("rm03 reads C002: %v", err)
		}
		// The new manager sees it plainly, editable.
		if c, err := s.Client(ctx, rmScope(t, s, rm01, 30, now), "C002"); err != nil || !c.Editable || c.HandedOver != nil {
			t.Errorf("the new manager: editable %v, handover %+v, %v", c.Editable, c.HandedOver, err)
		}
	})
}

// A table that names its client managers by employee number (工号) assigns by the number staff
// administration records; an unknown number is reported on its row and nothing is applied.
func TestImportRelationshipsByEmployeeNo(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, s *store.Store) {
		f := storetest.Seed(t, s)
		ctx := context.Background()
		if _, err := s.DB().ExecContext(ctx, s.Rebind("UPDATE staff SET employee_no = ? WHERE staff_id = ?"), "E1002", f.Staff["rm02"].ID); err != nil {
			t.Fatal(err)
		}
		table := ingest.RelationshipTable{ClientColumn: "client_id", StaffColumn: "工号", ByEmployeeNo: true,
			Rows: []ingest.RelationshipRow{row(2, "C003", "E1002"), row(3, "C001", "E9999")}}
		res, err := s.ImportRelationships(ctx, store.RelationshipImport{File: "rel.csv", Table: table})
		if !errors.Is(err, store.ErrInvalid) || len(res.Issues) != 1 || res.Issues[0].Line != 3 || res.Issues[0].Column != "工号" ||
			res.Issues[0].Value != "E9999" || res.Issues[0].Reason != "no such member of staff" {
			t.Fatalf("an unknown employee number: %+v %v", res.Issues, err)
		}
		if rm, _ := importedRMOf(t, s, "C003"); rm != "" {
			t.Fatalf("a refused table assigned C003 to %q", rm)
		}
		table.Rows = table.Rows[:1]
		if res, err := s.ImportRelationships(ctx, store.RelationshipImport{File: "rel.csv", Table: table, Actor: f.Staff["admin"].ID}); err != nil || res.Assigned != 1 {
			t.Fatalf("import by employee number: %+v %v", res, err)
		}
		if rm, _ := importedRMOf(t, s, "C003"); rm != "rm02" {
			t.Errorf("C003 is served by %q, want rm02 (E1002)", rm)
		}
	})
}
