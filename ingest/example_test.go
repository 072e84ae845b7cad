package ingest_test

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"

	"github.com/steward-bank/steward/ingest"
)

// A batch with one bad row: the report names the file, the line, the column, the value and the reason.
func ExampleReadBatch() {
	dir, _ := os.MkdirTemp("", "batch")
	defer os.RemoveAll(dir)
	income := "client_id|product_code|amount\nC001|W01|12.50\nC002||3.125\n"
	os.WriteFile(filepath.Join(dir, "INCOME_20261122.dat"), []byte(income), 0o644)
	ctl := fmt.Sprintf("business_date=20261122\nfile=INCOME_20261122.dat rows=2 sha256=%x\n", sha256.Sum256([]byte(income)))
	os.WriteFile(filepath.Join(dir, "BATCH_20261122.ctl"), []byte(ctl), 0o644)

	batch, report, err := ingest.ReadBatch(dir)
	if err != nil {
		fmt.Println(err) // the batch could not be read at all
		return
	}
	// References into the store: the caller's Known; here an empty store, so C001 and W01 are unknown.
	report.AddErrors(batch.CheckReferences(ingest.NothingKnown{}))
	fmt.Println("OK:", report.OK())
	for _, e := range report.Errors {
		fmt.Println(e)
	}
	// Output:
	// OK: false
	// INCOME_20261122.dat:3 amount "3.125": has more than 2 decimals
	// INCOME_20261122.dat:2 client_id "C001": unknown client
	// INCOME_20261122.dat:2 product_code "W01": unknown product
}
