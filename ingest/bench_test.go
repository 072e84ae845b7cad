package ingest

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/steward-bank/steward/domain"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

const benchRows = 200_000

// genACCT writes n ACCT rows shaped like a city branch's book: mostly CNY demand and time deposits, 87 %
// under 10 000 yuan.
func genACCT(w *bufio.Writer, n int) {
	r := rand.New(rand.NewPCG(1, 2))
	products := []string{"D01", "D01", "D01", "T1Y", "T3Y", "W01", "F01", "L01"}
	w.WriteString("account_id|client_id|product_code|currency|balance|open_date|maturity_date|status\n")
	for i := range n {
		cur := "CNY"
		if r.IntN(50) == 0 {
			cur = "USD"
		}
		bal := r.Int64N(1_000_000) // fen
		if r.IntN(100) >= 87 {
			bal = r.Int64N(500_000_000)
		}
		p := products[r.IntN(len(products))]
		open := fmt.Sprintf("20%02d%02d%02d", 5+r.IntN(21), 1+r.IntN(12), 1+r.IntN(28))
		mat := ""
		if p == "T1Y" || p == "T3Y" || p == "L01" {
			mat = "2027" + open[4:]
		}
		status := "active"
		if r.IntN(40) == 0 {
			status = "closed"
		}
		fmt.Fprintf(w, "62220200%08d|C%09d|%s|%s|%s|%s|%s|%s\n", i, r.IntN(n/3+1), p, cur, FormatAmount(bal), open, mat, status)
	}
}

// genTXN writes n TXN rows of the business date 2026-11-22.
func genTXN(w *bufio.Writer, n int) {
	r := rand.New(rand.NewPCG(3, 4))
	kinds := []string{"cash", "transfer", "transfer", "purchase", "card_spend", "fee", "interest", "loan_repay"}
	chans := []string{"counter", "atm", "mobile", "mobile", "online", "pos"}
	memos := []string{"", "", "工资", "房租", "转账", "ATM取款", "理财购买"}
	w.WriteString("txn_id|account_id|client_id|ts|amount|currency|kind|channel|client_initiated|counterparty_bank|memo\n")
	for i := range n {
		amt := r.Int64N(2_000_000) - 1_000_000
		bank := ""
		if r.IntN(5) == 0 {
			bank = "ICBC"
		}
		kind, channel, initiated := kinds[r.IntN(len(kinds))], chans[r.IntN(len(chans))], 1
		if kind == "fee" || kind == "interest" {
			channel, initiated = "system", 0
		}
		fmt.Fprintf(w, "T2026112200%08d|62220200%08d|C%09d|20261122%02d%02d%02d|%s|CNY|%s|%s|%d|%s|%s\n",
			i, r.IntN(n), r.IntN(n/3+1), r.IntN(24), r.IntN(60), r.IntN(60), FormatAmount(amt),
			kind, channel, initiated, bank, memos[r.IntN(len(memos))])
	}
}

// benchFile writes a generated data file and returns its control entry.
func benchFile(b *testing.B, dir string, kind Kind, gen func(*bufio.Writer, int), gb bool) FileEntry {
	b.Helper()
	name := string(kind) + "_20261122.dat"
	fh, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		b.Fatal(err)
	}
	h := sha256.New()
	var out io.Writer = multiWriter{fh, h}
	var enc io.WriteCloser
	if gb {
		enc = transform.NewWriter(out, simplifiedchinese.GB18030.NewEncoder())
		out = enc
	}
	w := bufio.NewWriterSize(out, 1<<16)
	gen(w, benchRows)
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if enc != nil {
		if err := enc.Close(); err != nil {
			b.Fatal(err)
		}
	}
	if err := fh.Close(); err != nil {
		b.Fatal(err)
	}
	return FileEntry{Name: name, Kind: kind, Rows: benchRows, SHA256: hex.EncodeToString(h.Sum(nil))}
}

type multiWriter [2]io.Writer

func (m multiWriter) Write(p []byte) (int, error) {
	m[1].Write(p)
	return m[0].Write(p)
}

func benchParse(b *testing.B, kind Kind, gen func(*bufio.Writer, int), gb bool) {
	dir := b.TempDir()
	f := benchFile(b, dir, kind, gen, gb)
	encoding := EncodingUTF8
	if gb {
		encoding = EncodingGB18030
	}
	st, _ := os.Stat(filepath.Join(dir, f.Name))
	b.SetBytes(st.Size())
	b.ReportAllocs()
	for b.Loop() {
		bt := &Batch{Dir: dir, BusinessDate: mustDate("20261122"), Encoding: encoding, Delimiter: "|"}
		res := &fileResult{errs: &issueList{file: f.Name}, warns: &issueList{file: f.Name}}
		if err := readDataFile(context.Background(), bt, f, true, res); err != nil {
			b.Fatal(err)
		}
		if res.errs.n != 0 || res.warns.n != 0 || len(bt.Accounts)+len(bt.Txns) != benchRows {
			b.Fatalf("%d errors, e.g. %v", res.errs.n, res.errs.list())
		}
	}
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkParseACCT reads, hashes, decodes, splits and validates a 200 000-row ACCT file on one core.
func BenchmarkParseACCT(b *testing.B) { benchParse(b, KindACCT, genACCT, false) }

// BenchmarkParseTXN: the same for TXN.
func BenchmarkParseTXN(b *testing.B) { benchParse(b, KindTXN, genTXN, false) }

// BenchmarkParseTXNGB18030: the same TXN file encoded in GB18030, to show the cost of decoding.
func BenchmarkParseTXNGB18030(b *testing.B) { benchParse(b, KindTXN, genTXN, true) }

// BenchmarkReadBatch reads a batch of 200 000 accounts and 200 000 transactions with ReadBatch, whose
// files are read in parallel (GOMAXPROCS cores).
func BenchmarkReadBatch(b *testing.B) {
	dir := b.TempDir()
	acct := benchFile(b, dir, KindACCT, genACCT, false)
	txn := benchFile(b, dir, KindTXN, genTXN, false)
	ctl := fmt.Sprintf("business_date=20261122\nfile=%s rows=%d sha256=%s\nfile=%s rows=%d sha256=%s\n",
		acct.Name, acct.Rows, acct.SHA256, txn.Name, txn.Rows, txn.SHA256)
	if err := os.WriteFile(filepath.Join(dir, "BATCH_20261122.ctl"), []byte(ctl), 0o644); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		bt, rep, err := ReadBatch(dir)
		if err != nil || !rep.OK() || len(bt.Accounts) != benchRows {
			b.Fatalf("%v %v", err, rep.Errors)
		}
	}
	b.ReportMetric(float64(2*benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(runtime.GOMAXPROCS(0)), "cores")
}

func mustDate(s string) domain.Date {
	y, m, d, ok := parseYMD(s)
	if !ok {
		panic(s)
	}
	return domain.NewDate(y, timeMonth(m), d)
}
