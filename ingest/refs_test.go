package ingest

import (
	"strings"
	"testing"

	"github.com/steward-bank/steward/domain"
)

// fakeKnown is a store as CheckReferences sees it.
type fakeKnown struct {
	clients  map[string]bool
	products map[string]string
	orgs     map[string]domain.OrgLevel
	accounts map[string][2]string // id → client, currency
	rates    map[string]bool
	txns     map[string]bool
}

func (k fakeKnown) ClientExists(id string) bool { return k.clients[id] }
func (k fakeKnown) ProductCategory(code string) (string, bool) {
	c, ok := k.products[code]
	return c, ok
}
func (k fakeKnown) OrgLevel(id string) (domain.OrgLevel, bool) {
	l, ok := k.orgs[id]
	return l, ok
}
func (k fakeKnown) Account(id string) (string, string, bool) {
	a, ok := k.accounts[id]
	return a[0], a[1], ok
}
func (k fakeKnown) HasRate(c string) bool    { return k.rates[c] }
func (k fakeKnown) TxnExists(id string) bool { return k.txns[id] }

var _ TxnKnown = fakeKnown{}

func TestCheckReferences(t *testing.T) {
	known := fakeKnown{
		clients:  map[string]bool{"K1": true},
		products: map[string]string{"KCC": "credit_card", "KD": "demand"},
		orgs:     map[string]domain.OrgLevel{"KOT": domain.LevelOutlet, "KSB": domain.LevelSubbranch},
		accounts: map[string][2]string{"KA1": {"K1", "CNY"}},
		rates:    map[string]bool{"JPY": true},
		txns:     map[string]bool{"KT1": true},
	}
	tb := testBatch{replace: map[Kind]string{
		KindORG: baseBodies()[KindORG] +
			"OT2|KSB|outlet|库里的支行下\n" + // fine: parent stored
			"OT3|XX|outlet|无上级\n" + // line 7: unknown parent
			"BR2|OT1|branch|挂在网点下\n", // line 8: a branch below an outlet
		KindCUST: baseBodies()[KindCUST] +
			"C003|王五|02|P3|||13800138003|||||OT2||20200101|normal|\n" + // outlet from this batch
			"C004|赵六|02|P4|||13800138004|||||KOT||20200101|normal|\n" + // stored outlet
			"C005|钱七|02|P5|||13800138005|||||BR1||20200101|normal|\n" + // line 6: a branch
			"C006|孙八|02|P6|||13800138006|||||ZZ||20200101|normal|\n" + // line 7: unknown
			"C777|周九|02|P7|||12345|||||OT1||20200101|normal|\n", // line 8: rejected (mobile)
		KindACCT: baseBodies()[KindACCT] +
			"A101|K1|KD|CNY|1|20200101||active\n" + // stored client and product
			"A102|C404|D01|CNY|1|20200101||active\n" + // line 7: unknown client
			"A103|C001|P404|CNY|1|20200101||active\n" + // line 8: unknown product
			"A104|C001|KCC|CNY|5|20200101||active\n" + // line 9: card with a balance
			"A105|C001|D01|EUR|5|20200101||active\n" + // line 10: no EUR rate
			"A106|C001|D01|JPY|5|20200101||active\n" + // stored JPY rate
			"A107|C777|D01|CNY|5|20200101||active\n" + // client rejected above: no second error
			"A108|C001|AG1|CNY|0.01|20200101||active\n", // line 13: agreement with a balance
		KindTXN: baseBodies()[KindTXN] +
			"T101|KA1|K1|20261122100000|1|CNY|cash|counter|1||\n" + // stored account
			"T102|A404|C001|20261122100000|1|CNY|cash|counter|1||\n" + // line 5: unknown account
			"T103|KA1|C001|20261122100000|1|CNY|cash|counter|1||\n" + // line 6: not the owner
			"T104|A001|C001|20261122100000|1|USD|cash|counter|1||\n" + // line 7: not the account's currency
			"KT1|A001|C001|20261122100000|1|CNY|cash|counter|1||\n", // line 8: applied before
		KindINCOME: baseBodies()[KindINCOME] +
			"K1||3\n" +
			"C404|D01|3\n" + // line 4: unknown client
			"C001|P404|3\n", // line 5: unknown product
	}}
	b, rep := tb.read(t)
	if rep.OK() || len(rep.Errors) != 1 || !has(rep.Errors, "CUST_20261122.dat:8 mobile") {
		t.Fatalf("want only the mobile error from ReadBatch:%s", issuesText(rep.Errors))
	}
	issues := b.CheckReferences(known)
	want := []string{
		`ORG_20261122.dat:7 parent_id "XX": unknown org`,
		`ORG_20261122.dat:8 parent_id "OT1": is an outlet; a branch must sit below it`,
		`CUST_20261122.dat:6 outlet_id "BR1": is a branch, not an outlet`,
		`CUST_20261122.dat:7 outlet_id "ZZ": unknown org`,
		`ACCT_20261122.dat:7 client_id "C404": unknown client`,
		`ACCT_20261122.dat:8 product_code "P404": unknown product`,
		`ACCT_20261122.dat:9 balance "5.00": must be 0 for a credit_card account`,
		`ACCT_20261122.dat:10 currency "EUR": no exchange rate to CNY (neither in FX of this batch nor stored)`,
		`ACCT_20261122.dat:13 balance "0.01": must be 0 for an agreement account`,
		`TXN_20261122.dat:5 account_id "A404": unknown account`,
		`TXN_20261122.dat:6 client_id "C001": the account KA1 belongs to client K1`,
		`TXN_20261122.dat:7 currency "USD": the account A001 is in CNY`,
		`TXN_20261122.dat:8 txn_id "KT1": already applied by an earlier batch (txn_id is unique across batches)`,
		`INCOME_20261122.dat:4 client_id "C404": unknown client`,
		`INCOME_20261122.dat:5 product_code "P404": unknown product`,
	}
	got := make([]string, len(issues))
	for i, is := range issues {
		got[i] = is.String()
	}
	if len(got) != len(want) {
		t.Fatalf("got %d issues, want %d:%s", len(got), len(want), issuesText(issues))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("issue %d\n got  %s\n want %s", i, got[i], want[i])
		}
	}
	rep.AddErrors(issues)
	if rep.ErrorCount() != 1+len(want) || len(rep.Errors) != 1+len(want) {
		t.Errorf("after AddErrors: %d counted, %d stored", rep.ErrorCount(), len(rep.Errors))
	}

	// Against an empty store, everything stored is unknown.
	if issues := b.CheckReferences(NothingKnown{}); !has(issues, `ACCT_20261122.dat:6 client_id "K1": unknown client`) {
		t.Errorf("NothingKnown:%s", issuesText(issues))
	}
}

func TestBatchRate(t *testing.T) {
	b, _ := testBatch{}.read(t)
	if r, ok := b.Rate("USD"); !ok || r != 7123456 {
		t.Errorf("USD %d %v", r, ok)
	}
	if r, ok := b.Rate("CNY"); !ok || r != RateScale {
		t.Errorf("CNY %d %v", r, ok)
	}
	if _, ok := b.Rate("EUR"); ok {
		t.Error("EUR has a rate")
	}
}

// TestCheckAmounts: a balance, a transaction and an income beyond the bound are each reported on their
// row; amounts at the bound pass.
func TestCheckAmounts(t *testing.T) {
	b := &Batch{Files: []FileEntry{{Name: "ACCT_20261122.dat", Kind: KindACCT}, {Name: "TXN_20261122.dat", Kind: KindTXN}}}
	b.Accounts = []AccountRow{{Line: 2, Account: domain.Account{Balance: 100_000}}, {Line: 3, Account: domain.Account{Balance: 100_001}}}
	b.Txns = []TxnRow{{Line: 2, Amount: -100_000}, {Line: 3, Amount: -100_001}, {Line: 4, Amount: 9223372036854775807}}
	b.Income = []IncomeRow{{Line: 5, Amount: 100_001}}
	got := b.CheckAmounts(100_000)
	var lines []string
	for _, is := range got {
		lines = append(lines, is.String())
	}
	want := []string{
		`ACCT_20261122.dat:3 balance "1000.01": is larger than the largest amount a row may carry (1000.00, the policy's feeds.max_amount)`,
		`TXN_20261122.dat:3 amount "-1000.01": is larger than the largest amount a row may carry (1000.00, the policy's feeds.max_amount)`,
		`TXN_20261122.dat:4 amount "92233720368547758.07": is larger than the largest amount a row may carry (1000.00, the policy's feeds.max_amount)`,
		`INCOME:5 amount "1000.01": is larger than the largest amount a row may carry (1000.00, the policy's feeds.max_amount)`,
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}
