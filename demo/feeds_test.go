package demo

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/ingest"
)

// writeFeeds generates a bank of n clients and writes its feeds into a temporary directory.
func writeFeeds(t testing.TB, n int, seed uint64, opts FeedOptions) (*Bank, string, FeedSummary) {
	t.Helper()
	b := Generate(Options{Clients: n, Seed: seed, Today: DefaultFeedStart})
	dir := t.TempDir()
	sum, err := WriteFeeds(b, dir, opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	return b, dir, sum
}

// readTree reads every file under dir by relative path.
func readTree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[rel], err = os.ReadFile(p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestFeedsDeterministic(t *testing.T) {
	opts := FeedOptions{Days: 8, Seed: 3}
	_, d1, s1 := writeFeeds(t, 300, 3, opts)
	_, d2, _ := writeFeeds(t, 300, 3, opts)
	a, b := readTree(t, d1), readTree(t, d2)
	if len(a) != len(b) || len(a) == 0 {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for name, content := range a {
		if !bytes.Equal(content, b[name]) {
			t.Errorf("%s differs between two runs with the same seed", name)
		}
	}
	if s1.Batches != 8 || s1.Rows["ORG"] != len(orgTree) || s1.Rows["FX"] != 8 || s1.Rows["TXN"] == 0 {
		t.Errorf("summary %+v", s1)
	}

	opts.Seed = 4
	_, d3, _ := writeFeeds(t, 300, 3, opts)
	c := readTree(t, d3)
	if bytes.Equal(a["BATCH_20260505/TXN_20260505.dat"], c["BATCH_20260505/TXN_20260505.dat"]) {
		t.Error("seeds 3 and 4 give the same transactions")
	}
	if !bytes.Equal(a["BATCH_20260501/CUST_20260501.dat"], c["BATCH_20260501/CUST_20260501.dat"]) {
		t.Error("the first batch's clients depend on the feed seed; they are the bank's")
	}
}

// TestFeedsUTF8 writes two months for 500 clients, UTF-8 with '|', and checks every batch through
// ingest.ReadBatch and the replay; the events themselves are checked by TestReplayTwoMonths.
func TestFeedsUTF8(t *testing.T) {
	_, dir, sum := writeFeeds(t, 500, 21, FeedOptions{Months: 2, Seed: 21})
	if sum.Batches != 61 {
		t.Fatalf("%d batches", sum.Batches)
	}
	checkControlFiles(t, dir, FeedUTF8, "|")
	r := newReplay(t)
	r.all(dir)
	first := readTree(t, dir)
	ctl := string(first["BATCH_20260501/BATCH_20260501.ctl"])
	for _, want := range []string{"business_date=20260501\n", "encoding=UTF-8\n", "delimiter=|\n", "acct_mode=full\n",
		"file=ORG_20260501.dat rows=10 sha256=", "file=ACCT_20260501.dat"} {
		if !strings.Contains(ctl, want) {
			t.Errorf("first control file lacks %q:\n%s", want, ctl)
		}
	}
	if ctl := string(first["BATCH_20260502/BATCH_20260502.ctl"]); !strings.Contains(ctl, "acct_mode=delta\n") || strings.Contains(ctl, "ORG_") {
		t.Errorf("second control file:\n%s", ctl)
	}
	// A new wealth issue on the first of the month, and only then.
	if ctl := string(first["BATCH_20260601/BATCH_20260601.ctl"]); !strings.Contains(ctl, "file=PROD_20260601.dat rows=1 ") {
		t.Errorf("no new product on 2026-06-01:\n%s", ctl)
	}
	if _, ok := first["BATCH_20260602/PROD_20260602.dat"]; ok {
		t.Error("a PROD file on 2026-06-02")
	}
	// Columns in a different order for every kind, none alphabetical.
	headers := map[string]bool{}
	for name, content := range first {
		if !strings.HasSuffix(name, ".dat") {
			continue
		}
		header, _, _ := strings.Cut(string(content), "\n")
		cols := strings.Split(header, "|")
		if slices.IsSorted(cols) {
			t.Errorf("%s: columns in alphabetical order", name)
		}
		headers[header] = true
	}
	if len(headers) != 7 {
		t.Errorf("%d different headers in the first batch, want 7", len(headers))
	}
}

// TestFeedsGB18030 writes GB18030 batches with '|' (珅 is AB 7C: a '|' byte inside a character), with the
// multi-character delimiter |+| and with the control character \x1e (and CRLF), and checks them through
// ingest and the replay.
func TestFeedsGB18030(t *testing.T) {
	for _, tc := range []struct {
		name, delim string
		crlf        bool
	}{{"pipe", "|", false}, {"pipe-plus", "|+|", false}, {"record-separator", "\x1e", true}} {
		t.Run(tc.name, func(t *testing.T) {
			b := Generate(Options{Clients: 300, Seed: 8, Today: DefaultFeedStart})
			b.Clients[5].Name = "刘䶮" // outside GBK: four bytes in GB18030
			b.Clients[6].Name = "吉𠮷" // outside the BMP: four bytes too
			dir := t.TempDir()
			opts := FeedOptions{Days: 10, Seed: 8, Encoding: "GB18030", Delimiter: tc.delim, CRLF: tc.crlf}
			sum, err := WriteFeeds(b, dir, opts, nil)
			if err != nil {
				t.Fatal(err)
			}
			if sum.Batches != 10 {
				t.Fatalf("%d batches", sum.Batches)
			}
			checkControlFiles(t, dir, FeedGB18030, tc.delim)
			r := newReplay(t)
			r.all(dir)

			// The text comes back as written.
			batch, _, err := ingest.ReadBatch(filepath.Join(dir, "BATCH_20260501"))
			if err != nil {
				t.Fatal(err)
			}
			s := newSim(b, opts.withDefaults(), 10)
			for i, c := range batch.Clients {
				want := s.client(int32(i))
				if c.Name != want.Name || c.Address != want.Address || c.Email != want.Email || c.Phone != want.Phone {
					t.Errorf("CUST row %d reads %q %q, want %q %q", i+1, c.Name, c.Address, want.Name, want.Address)
				}
			}

			files := readTree(t, dir)
			ctl := string(files["BATCH_20260501/BATCH_20260501.ctl"])
			if want := "delimiter=" + escapeDelimiter(tc.delim) + "\n"; !strings.Contains(ctl, want) || !strings.Contains(ctl, "encoding=GB18030\n") {
				t.Errorf("control file lacks %q:\n%s", want, ctl)
			}
			cust := files["BATCH_20260501/CUST_20260501.dat"]
			if !bytes.Contains(cust, []byte{0xAB, 0x7C}) {
				t.Error("no 珅 (GB18030 AB 7C) in the first CUST file")
			}
			if utf8Text := strings.ToValidUTF8(string(cust), "\uFFFD"); strings.Contains(utf8Text, "珅") {
				t.Error("the CUST file is UTF-8, not GB18030")
			}
			if got := bytes.Contains(cust, []byte("\r\n")); got != tc.crlf {
				t.Errorf("CRLF in CUST: %v, want %v", got, tc.crlf)
			}
			if bytes.Contains(files["BATCH_20260501/ACCT_20260501.dat"], []byte("\r\n")) {
				t.Error("CRLF in ACCT, which always uses LF")
			}
		})
	}
}

// checkControlFiles checks each batch's control file without ingest: every data file of the directory
// listed, with its row count and the SHA-256 of its bytes.
func checkControlFiles(t *testing.T, dir, encoding, delim string) {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join(dir, "BATCH_*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no batch directories in %s (%v)", dir, err)
	}
	for _, bd := range dirs {
		date := strings.TrimPrefix(filepath.Base(bd), "BATCH_")
		ctl, err := os.ReadFile(filepath.Join(bd, "BATCH_"+date+".ctl"))
		if err != nil {
			t.Fatal(err)
		}
		listed := map[string]bool{}
		for _, line := range strings.Split(strings.TrimSuffix(string(ctl), "\n"), "\n") {
			value, ok := strings.CutPrefix(line, "file=")
			if !ok {
				continue
			}
			f := strings.Fields(value)
			if len(f) != 3 || !strings.HasPrefix(f[1], "rows=") || !strings.HasPrefix(f[2], "sha256=") {
				t.Fatalf("%s: bad file line %q", bd, line)
			}
			listed[f[0]] = true
			content, err := os.ReadFile(filepath.Join(bd, f[0]))
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(content)
			if hex.EncodeToString(sum[:]) != strings.TrimPrefix(f[2], "sha256=") {
				t.Errorf("%s: sha256 of %s differs", bd, f[0])
			}
			text := content
			if encoding == FeedGB18030 {
				if text, err = simplifiedchinese.GB18030.NewDecoder().Bytes(content); err != nil {
					t.Fatal(err)
				}
			}
			lines := strings.Split(strings.TrimSuffix(string(text), "\n"), "\n")
			if want, _ := strconv.Atoi(strings.TrimPrefix(f[1], "rows=")); len(lines)-1 != want || want == 0 {
				t.Errorf("%s: %s has %d rows, the control file says %d", bd, f[0], len(lines)-1, want)
			}
			header := strings.Split(strings.TrimSuffix(lines[0], "\r"), delim)
			for i, l := range lines[1:] {
				if n := len(strings.Split(strings.TrimSuffix(l, "\r"), delim)); n != len(header) {
					t.Errorf("%s: %s:%d has %d fields, the header %d", bd, f[0], i+2, n, len(header))
					break
				}
			}
		}
		dats, _ := filepath.Glob(filepath.Join(bd, "*.dat"))
		for _, d := range dats {
			if !listed[filepath.Base(d)] {
				t.Errorf("%s: %s not listed", bd, filepath.Base(d))
			}
		}
	}
}

// TestFeedTargets asks for an exact daily volume, as the benchmarks do.
func TestFeedTargets(t *testing.T) {
	const clients, txns, pct = 2000, 5000, 10
	_, dir, _ := writeFeeds(t, clients, 4, FeedOptions{Days: 3, Seed: 4, DailyTxns: txns, DailyChangedPct: pct})
	r := newReplay(t)
	dirs, err := ingest.FindBatches(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range dirs {
		active := 0
		for _, a := range r.accts {
			if a.status == "active" {
				active++
			}
		}
		r.batch(d)
		batch, _, _ := ingest.ReadBatch(d)
		if len(batch.Txns) != txns {
			t.Errorf("%s: %d transactions, want %d", d, len(batch.Txns), txns)
		}
		if i > 0 {
			want := active * pct / 100
			if n := len(batch.Accounts); n < want || n > want+1 {
				t.Errorf("%s: %d accounts changed of %d, want %d", d, n, active, want)
			}
		}
	}
}

func TestFeedOptionErrors(t *testing.T) {
	b := Generate(Options{Clients: 50, Seed: 1, Today: DefaultFeedStart})
	for _, o := range []FeedOptions{
		{Delimiter: ","}, // fine: no field holds a comma
		{Delimiter: "."},
		{Delimiter: "a"},
		{Delimiter: "\n"},
		{Delimiter: "  "},
		{Delimiter: "_"},
		{Delimiter: "市"}, // in addresses
		{Encoding: "latin1"},
		{Start: domain.NewDate(2026, 11, 22)},
	} {
		o.Days = 2
		_, err := WriteFeeds(b, t.TempDir(), o, nil)
		if (err == nil) != (o.Delimiter == ",") {
			t.Errorf("%+v: error %v", o, err)
		}
	}
}

func TestFeedRefusesDelimiterInText(t *testing.T) {
	b := Generate(Options{Clients: 50, Seed: 1, Today: DefaultFeedStart})
	b.Clients[7].Address = "武汉市洪山区珞喻路1号|2栋"
	_, err := WriteFeeds(b, t.TempDir(), FeedOptions{Days: 1}, nil)
	if err == nil || !strings.Contains(err.Error(), "CUST_20260501.dat: row 8") {
		t.Errorf("error %v", err)
	}
}

func TestFeedProgress(t *testing.T) {
	b := Generate(Options{Clients: 50, Seed: 1, Today: DefaultFeedStart})
	var calls []int
	sum, err := WriteFeeds(b, t.TempDir(), FeedOptions{Days: 4}, func(done, total int) {
		if total != 4 {
			t.Errorf("total %d", total)
		}
		calls = append(calls, done)
	})
	if err != nil || !slices.Equal(calls, []int{1, 2, 3, 4}) || sum.Batches != 4 || sum.Bytes == 0 {
		t.Errorf("calls %v, summary %+v, err %v", calls, sum, err)
	}
}

func TestFormatting(t *testing.T) {
	for fen, want := range map[int64]string{0: "0", 5: "0.05", -5: "-0.05", 123450: "1234.50", -100: "-1", 123456789: "1234567.89"} {
		if got := string(appendAmount(nil, fen)); got != want {
			t.Errorf("appendAmount(%d) = %s, want %s", fen, got, want)
		}
		if v, err := ingest.ParseAmount(want); err != nil || v != fen {
			t.Errorf("ingest reads %s as %d, %v", want, v, err)
		}
	}
	for micros, want := range map[int64]string{7_120_000: "7.12", 7_123_456: "7.123456", 7_000_000: "7", 7_100_001: "7.100001"} {
		if got := string(appendRate(nil, micros)); got != want {
			t.Errorf("appendRate(%d) = %s, want %s", micros, got, want)
		}
	}
	for d, want := range map[string]string{"|": "|", "|+|": "|+|", "\x1e": `\x1e`, "\t": `\t`, "#": `\x23`, `\`: `\\`, " | ": `\x20|\x20`} {
		if got := escapeDelimiter(d); got != want {
			t.Errorf("escapeDelimiter(%q) = %s, want %s", d, got, want)
		}
	}
	if got := string(appendSeq(nil, 42)); got != "00000042" {
		t.Errorf("appendSeq = %s", got)
	}
	if got := string(appendSeq(nil, 123456789)); got != "123456789" {
		t.Errorf("appendSeq = %s", got)
	}
	if got := string(appendHMS(nil, 13*3600+5*60+9)); got != "130509" {
		t.Errorf("appendHMS = %s", got)
	}
}

// Benchmarks. BenchmarkFeedsSixMonths is the default demo size; BenchmarkFeedsMillion writes the first
// (full) batch of a million clients padded to three million accounts, then one delta day with 10 % of the
// accounts changed and 500 000 transactions. Set STEWARD_FEEDS_CLIENTS to try another size.

func BenchmarkFeedsSixMonths(b *testing.B) {
	bank := Generate(Options{Clients: DefaultClients, Seed: 1, Today: DefaultFeedStart})
	for b.Loop() {
		dir := b.TempDir()
		sum, err := WriteFeeds(bank, dir, FeedOptions{Months: 6, Seed: 1}, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(sum.Rows["TXN"]), "txns")
		b.ReportMetric(float64(sum.Bytes)/1e6, "MB")
	}
}

func BenchmarkFeedsMillion(b *testing.B) {
	clients := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("STEWARD_FEEDS_CLIENTS")); err == nil && v > 0 {
		clients = v
	}
	t0 := time.Now()
	bank := Generate(Options{Clients: clients, Seed: 1, Today: DefaultFeedStart})
	padAccounts(bank, 3*clients)
	b.Logf("generated %d clients, %d accounts in %v", len(bank.Clients), len(bank.Accounts), time.Since(t0))
	var dir string
	for b.Loop() {
		dir = b.TempDir()
		var laps []time.Duration
		last := time.Now()
		sum, err := WriteFeeds(bank, dir, FeedOptions{Days: 2, Seed: 1, DailyTxns: 500_000, DailyChangedPct: 10},
			func(done, total int) {
				laps = append(laps, time.Since(last))
				last = time.Now()
			})
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("%d clients: day 1 (full) %v, day 2 (delta) %v; rows %v; %d MB", clients, laps[0], laps[1], sum.Rows, sum.Bytes>>20)
		b.ReportMetric(float64(laps[0].Milliseconds()), "day1-ms")
		b.ReportMetric(float64(laps[1].Milliseconds()), "delta-ms")
	}
	// Not timed: the batches as the importer reads them.
	dirs, err := ingest.FindBatches(dir)
	if err != nil {
		b.Fatal(err)
	}
	for _, d := range dirs {
		t0 := time.Now()
		batch, rep, err := ingest.ReadBatch(d)
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("ingest.ReadBatch %s: %v, %d errors, %d warnings, %d accounts, %d transactions",
			filepath.Base(d), time.Since(t0), rep.ErrorCount(), rep.WarningCount(), len(batch.Accounts), len(batch.Txns))
		if !rep.OK() {
			b.Errorf("%s", rep.Text())
		}
	}
}

// padAccounts adds demand, fund and time-deposit accounts to the bank's active clients, round-robin,
// until it has n accounts: Generate gives about 1.5 accounts a client, the benchmark wants 3.
func padAccounts(b *Bank, n int) {
	var active []int
	for i := range b.Clients {
		if b.Clients[i].Status == "normal" {
			active = append(active, i)
		}
	}
	count := map[string]int{}
	for _, a := range b.Accounts {
		count[a.ClientID]++
	}
	codes := []string{pDemand, "FD01", "TD01Y", "TD03Y"}
	for k := 0; len(b.Accounts) < n && len(active) > 0; k++ {
		c := &b.Clients[active[k%len(active)]]
		count[c.ClientID]++
		a := domain.Account{AccountID: fmt.Sprintf("A%s%02d", c.ClientID[1:], count[c.ClientID]), ClientID: c.ClientID,
			ProductCode: codes[k%len(codes)], Currency: "CNY", Balance: int64(k%100000) * 100, OpenDate: c.OpenDate, Status: "active"}
		if a.ProductCode == "TD01Y" || a.ProductCode == "TD03Y" {
			a.OpenDate = b.Today.AddDays(-(k % 300))
			a.MaturityDate = a.OpenDate.AddDays(365 * (1 + 2*(k%4/3)))
		}
		a.BalanceCNY = a.Balance
		b.Accounts = append(b.Accounts, a)
	}
}
