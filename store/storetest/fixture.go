package storetest

import (
	"context"
	"sync"
	"testing"

	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
)

// Password is every fixture account's password.
const Password = "Passw0rd!"

// CheapParams make fixture hashes fast to verify; production uses auth.DefaultParams.
var CheapParams = auth.Params{Memory: 1024, Time: 1, Threads: 1}

var (
	hashOnce sync.Once
	hash     string
)

// Fixture is a small bank: head office HO → branch BR1 → sub-branches SB1 (outlets OT1, OT2) and SB2
// (outlet OT3), with staff at each level and four clients.
//
//	C001 张伟 in OT1, kept by rm01     C002 李娜 in OT1, kept by rm02
//	C003 王芳 in OT1, unassigned       C004 刘洋 in OT3, kept by rm03
type Fixture struct {
	Staff   map[string]domain.Staff // by username
	Clients map[string]domain.Client
}

// Seed loads the fixture into a migrated store.
func Seed(t testing.TB, s *store.Store) Fixture {
	t.Helper()
	ctx := context.Background()
	hashOnce.Do(func() {
		var err error
		hash, err = auth.HashPassword(Password, CheapParams)
		if err != nil {
			panic(err)
		}
	})
	orgs := []domain.OrgUnit{
		{ID: "HO", Level: domain.LevelHead, Name: "总行"},
		{ID: "BR1", ParentID: "HO", Level: domain.LevelBranch, Name: "城东分行"},
		{ID: "SB1", ParentID: "BR1", Level: domain.LevelSubbranch, Name: "解放路支行"},
		{ID: "SB2", ParentID: "BR1", Level: domain.LevelSubbranch, Name: "人民路支行"},
		{ID: "OT1", ParentID: "SB1", Level: domain.LevelOutlet, Name: "解放路网点"},
		{ID: "OT2", ParentID: "SB1", Level: domain.LevelOutlet, Name: "中山路网点"},
		{ID: "OT3", ParentID: "SB2", Level: domain.LevelOutlet, Name: "人民路网点"},
	}
	for _, o := range orgs {
		if _, err := s.PutOrg(ctx, o); err != nil {
			t.Fatalf("seed org: %v", err)
		}
	}
	f := Fixture{Staff: map[string]domain.Staff{}, Clients: map[string]domain.Client{}}
	for _, st := range []domain.Staff{
		{Username: "admin", Name: "管理员", Role: domain.RoleAdmin, OrgID: "HO"},
		{Username: "dept1", Name: "个金部", Role: domain.RoleDept, OrgID: "SB1"},
		{Username: "sup01", Name: "赵主管", Role: domain.RoleSupervisor, OrgID: "OT1"},
		{Username: "rm01", Name: "钱经理", Role: domain.RoleRM, OrgID: "OT1"},
		{Username: "rm02", Name: "孙经理", Role: domain.RoleRM, OrgID: "OT1"},
		{Username: "rm03", Name: "周经理", Role: domain.RoleRM, OrgID: "OT3"},
		{Username: "teller01", Name: "吴柜员", Role: domain.RoleTeller, OrgID: "OT1"},
		{Username: "lobby01", Name: "郑大堂", Role: domain.RoleLobby, OrgID: "OT1"},
	} {
		st.PasswordHash = hash
		created, err := s.CreateStaff(ctx, st)
		if err != nil {
			t.Fatalf("seed staff: %v", err)
		}
		f.Staff[st.Username] = created
	}
	if err := s.PutProducts(ctx, []domain.Product{
		{Code: "DEP01", Name: "活期储蓄", Category: "demand", AssetClass: "asset", PointsClass: "short"},
		{Code: "TD1Y", Name: "一年期定期", Category: "time", AssetClass: "asset", PointsClass: "long", TermDays: 365},
		{Code: "WM01", Name: "稳健理财1号", Category: "wealth", RiskLevel: "R2", AssetClass: "asset", PointsClass: "long", TermDays: 180},
	}); err != nil {
		t.Fatalf("seed products: %v", err)
	}
	d := domain.NewDate
	clients := []domain.Client{
		{ClientID: "C001", Name: "张伟", IDType: "01", IDNumber: "110101199003071233", Gender: "M", BirthDate: d(1990, 3, 7),
			Mobile: "13800138000", OutletID: "OT1", OpenDate: d(2015, 6, 1), Status: "normal", RMID: f.Staff["rm01"].ID},
		{ClientID: "C002", Name: "李娜", IDType: "01", IDNumber: "11010519491231002X", Gender: "F", BirthDate: d(1949, 12, 31),
			Mobile: "13912345678", OutletID: "OT1", OpenDate: d(2010, 1, 5), Status: "normal", RMID: f.Staff["rm02"].ID},
		{ClientID: "C003", Name: "王芳", IDType: "02", IDNumber: "E12345678", Gender: "F", Mobile: "13700001111",
			OutletID: "OT1", OpenDate: d(2020, 9, 9), Status: "normal"},
		{ClientID: "C004", Name: "刘洋", IDType: "01", IDNumber: "110105194912310021", Gender: "F", Mobile: "13655556666",
			OutletID: "OT3", OpenDate: d(2018, 3, 3), Status: "normal", RMID: f.Staff["rm03"].ID},
	}
	if err := s.PutClients(ctx, clients); err != nil {
		t.Fatalf("seed clients: %v", err)
	}
	if err := s.PutAccounts(ctx, []domain.Account{
		{AccountID: "A001", ClientID: "C001", ProductCode: "DEP01", Currency: "CNY", Balance: 12_345_678, BalanceCNY: 12_345_678, OpenDate: d(2015, 6, 1), Status: "active"},
		{AccountID: "A002", ClientID: "C001", ProductCode: "TD1Y", Currency: "CNY", Balance: 50_000_000, BalanceCNY: 50_000_000, OpenDate: d(2026, 1, 1), MaturityDate: d(2027, 1, 1), Status: "active"},
		{AccountID: "A003", ClientID: "C002", ProductCode: "WM01", Currency: "CNY", Balance: 300_000_000, BalanceCNY: 300_000_000, OpenDate: d(2026, 5, 1), MaturityDate: d(2026, 11, 1), Status: "active"},
		{AccountID: "A004", ClientID: "C004", ProductCode: "DEP01", Currency: "CNY", Balance: 100_00, BalanceCNY: 100_00, OpenDate: d(2018, 3, 3), Status: "active"},
	}); err != nil {
		t.Fatalf("seed accounts: %v", err)
	}
	if err := s.RecomputeAUM(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.SeedRelationships(ctx, store.ReasonInitialAssignment); err != nil {
		t.Fatal(err)
	}
	for _, c := range clients {
		f.Clients[c.ClientID] = c
	}
	return f
}
