package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// batchSpec is a batch to write: per kind (ORG, PROD, …) the header and rows, pipe-delimited.
type batchSpec struct {
	date     string // YYYYMMDD
	acctMode string
	files    map[string][]string // kind → header line then data lines
}

// write writes the batch under dir/BATCH_<date> with a control file that matches it, and returns the
// batch directory.
func (b batchSpec) write(t testing.TB, dir string) string {
	t.Helper()
	bd := filepath.Join(dir, "BATCH_"+b.date)
	if err := os.MkdirAll(bd, 0o755); err != nil {
		t.Fatal(err)
	}
	var ctl strings.Builder
	fmt.Fprintf(&ctl, "business_date=%s\n", b.date)
	if b.acctMode != "" {
		fmt.Fprintf(&ctl, "acct_mode=%s\n", b.acctMode)
	}
	for _, kind := range []string{"ORG", "PROD", "FX", "CUST", "ACCT", "TXN", "INCOME"} {
		lines, ok := b.files[kind]
		if !ok {
			continue
		}
		name := kind + "_" + b.date + ".dat"
		body := strings.Join(lines, "\n") + "\n"
		if err := os.WriteFile(filepath.Join(bd, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256([]byte(body))
		fmt.Fprintf(&ctl, "file=%s rows=%d sha256=%s\n", name, len(lines)-1, hex.EncodeToString(sum[:]))
	}
	if err := os.WriteFile(filepath.Join(bd, "BATCH_"+b.date+".ctl"), []byte(ctl.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return bd
}

// A small bank for import tests: one outlet, a demand and a time-deposit product, a USD demand product.
var (
	orgFile  = []string{"org_id|parent_id|level|name", "HO||head|总行", "BR1|HO|branch|分行", "SB1|BR1|subbranch|支行", "OT1|SB1|outlet|网点"}
	prodFile = []string{"product_code|name|category|risk_level|asset_class|card_level|agreement_kind|points_class|term_days",
		"DEP|活期储蓄|demand||asset||||", "TD1Y|一年定期|time||asset||||365", "WM1|理财一号|wealth|R2|asset||||180",
		"GOLD|金卡|credit_card||none|gold|||", "LN|消费贷款|loan||liability||||"}
	custHeader = "client_id|name|id_type|id_number|gender|birth_date|mobile|outlet_id|open_date|status"
	acctHeader = "account_id|client_id|product_code|currency|balance|open_date|maturity_date|status"
	txnHeader  = "txn_id|account_id|client_id|ts|amount|currency|kind|channel|client_initiated|counterparty_bank|memo"
)
