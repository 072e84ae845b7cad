package demo

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"

	"github.com/steward-bank/steward/domain"
)

// DefaultFeedStart is the default first business date of the feeds.
var DefaultFeedStart = domain.NewDate(2026, 5, 1)

// Feed encodings (FEEDS.md, control file).
const (
	FeedUTF8    = "UTF-8"
	FeedGB18030 = "GB18030"
)

// FeedOptions say which batches WriteFeeds writes (FEEDS.md).
type FeedOptions struct {
	// Start is the first business date; the bank from Generate is the end-of-day state of Start, so the
	// bank must have been generated with Today = Start. Zero means DefaultFeedStart.
	Start domain.Date
	// Months is the number of calendar months of daily batches from Start (every calendar day gets a
	// batch: cores run daily); 0 means 1. Ignored when Days is set.
	Months int
	// Days, when positive, is the exact number of daily batches (1 writes the first, full batch only).
	Days int
	// Encoding of the data files: FeedUTF8 (default) or FeedGB18030.
	Encoding string
	// Delimiter of the data files, one or more characters; default "|". It may not contain letters,
	// digits, '.', '-', '_', line breaks, or any character that occurs in a text field (names, addresses,
	// memos): WriteFeeds fails on the first such field.
	Delimiter string
	// CRLF ends the lines of the FX, CUST and INCOME files in CRLF (FEEDS.md allows LF or CRLF); the other
	// files always use LF.
	CRLF bool
	// Seed selects the day-to-day movement: the same bank, seed and options give the same bytes.
	Seed uint64
	// DailyTxns, when positive, is the exact number of transactions of every batch (system postings
	// included; exceeded only when the postings due that day alone are more). 0 means the realistic
	// default: about 1.5 per active client per day, on top of the system postings.
	DailyTxns int
	// DailyChangedPct, when positive, makes the ACCT delta of every day after the first hold that per
	// cent of the accounts active at the start of the day (to within one account, unless the postings
	// due that day alone change more); transactions beyond what it takes land on the accounts already
	// changed or on credit cards. 0 means the natural movement.
	DailyChangedPct int
	// FullAccounts makes every day's ACCT a full snapshot (acct_mode=full): every account not closed at
	// the end of the day, changed or not, as a core that sends its whole book each night does; an account
	// closed that day is absent, which closes it. Otherwise the days after the first carry the day's
	// changes only (acct_mode=delta).
	FullAccounts bool
}

func (o FeedOptions) withDefaults() FeedOptions {
	if o.Start.IsZero() {
		o.Start = DefaultFeedStart
	}
	if o.Months <= 0 {
		o.Months = 1
	}
	switch strings.ToUpper(o.Encoding) {
	case "", "UTF-8", "UTF8":
		o.Encoding = FeedUTF8
	case "GB18030", "GBK":
		o.Encoding = FeedGB18030
	}
	if o.Delimiter == "" {
		o.Delimiter = "|"
	}
	return o
}

// days is the number of batches the options ask for.
func (o FeedOptions) days() int {
	if o.Days > 0 {
		return o.Days
	}
	end := domain.DateOf(o.Start.Time().AddDate(0, o.Months, 0))
	return daysBetween(o.Start, end)
}

func (o FeedOptions) check() error {
	if o.Encoding != FeedUTF8 && o.Encoding != FeedGB18030 {
		return fmt.Errorf("feeds: encoding %q: want %s or %s", o.Encoding, FeedUTF8, FeedGB18030)
	}
	if !utf8.ValidString(o.Delimiter) {
		return fmt.Errorf("feeds: delimiter %q is not UTF-8", o.Delimiter)
	}
	for _, r := range o.Delimiter {
		switch {
		case r == '\r' || r == '\n':
			return fmt.Errorf("feeds: delimiter %q contains a line break", o.Delimiter)
		case r >= '0' && r <= '9', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r == '.', r == '-', r == '_':
			return fmt.Errorf("feeds: delimiter %q contains %q, which occurs in codes, dates and amounts", o.Delimiter, r)
		}
	}
	if strings.Trim(o.Delimiter, " ") == "" {
		return fmt.Errorf("feeds: delimiter %q is only spaces, which FEEDS.md trims", o.Delimiter)
	}
	if o.DailyTxns < 0 || o.DailyChangedPct < 0 || o.DailyChangedPct > 100 {
		return fmt.Errorf("feeds: DailyTxns %d, DailyChangedPct %d out of range", o.DailyTxns, o.DailyChangedPct)
	}
	return nil
}

// FeedSummary tells what WriteFeeds wrote.
type FeedSummary struct {
	Batches int
	// Rows is the number of data rows per kind (ORG, PROD, FX, CUST, ACCT, TXN, INCOME) over all batches.
	Rows map[string]int
	// Bytes is the size of every file written, control files included.
	Bytes int64
	// Events counts what happened in the simulation (rollover, payout, purchase, new_client, upgrade,
	// large, outflow_other_bank, closed_account, lost_client …), for a summary line.
	Events  map[string]int
	Elapsed time.Duration
}

// WriteFeeds writes the daily batches of FEEDS.md for bank b under dir: dir/BATCH_YYYYMMDD/ per business
// date from opts.Start, each with its data files and its control file (written last). The first batch
// carries the organisation, the catalogue, every client and every active account (acct_mode=full), as b
// holds them; the following ones carry one day of simulated movement each (acct_mode=delta, or full with
// FullAccounts). b is not modified. progress, when not nil, is called after each batch.
//
// A batch directory that already exists loses its .dat and .ctl files first; batch directories of other
// dates under dir are left alone, so write a shorter run into a fresh directory.
func WriteFeeds(b *Bank, dir string, opts FeedOptions, progress func(done, total int)) (FeedSummary, error) {
	t0 := time.Now()
	opts = opts.withDefaults()
	sum := FeedSummary{Rows: map[string]int{}, Events: map[string]int{}}
	if err := opts.check(); err != nil {
		return sum, err
	}
	if b.Today != opts.Start {
		return sum, fmt.Errorf("feeds: the bank is as of %s but the feeds start on %s: generate it with Today = Start", b.Today, opts.Start)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return sum, err
	}
	total := opts.days()
	s := newSim(b, opts, total)
	w := newFeedWriter(s, opts)
	for i := range total {
		s.beginDay(i)
		s.runDay()
		if err := w.writeBatch(dir, &sum); err != nil {
			return sum, err
		}
		sum.Batches++
		if progress != nil {
			progress(i+1, total)
		}
	}
	for k, v := range s.events {
		sum.Events[eventNames[k]] = v
	}
	sum.Elapsed = time.Since(t0)
	return sum, nil
}

// feedWriter writes the batches of a simulation.
type feedWriter struct {
	s      *sim
	opts   FeedOptions
	gb     bool
	delim  string
	banned string  // characters a text field may not contain: those of the delimiter
	accts  []int32 // the accounts of the batch's ACCT file
}

func newFeedWriter(s *sim, opts FeedOptions) *feedWriter {
	return &feedWriter{s: s, opts: opts, gb: opts.Encoding == FeedGB18030, delim: opts.Delimiter, banned: opts.Delimiter}
}

// The columns of each kind, in the order written: deliberately neither FEEDS.md's order nor alphabetical,
// and different from kind to kind, so that readers must map columns by name.
var (
	orgHeader    = []string{"level", "org_id", "name", "parent_id"}
	prodHeader   = []string{"product_code", "category", "name", "asset_class", "risk_level", "term_days", "points_class", "card_level", "agreement_kind"}
	fxHeader     = []string{"rate", "currency"}
	custHeader   = []string{"client_id", "id_type", "id_number", "name", "gender", "birth_date", "occupation", "mobile", "phone", "email", "address", "outlet_id", "source", "credit_grade", "open_date", "status"}
	acctHeader   = []string{"account_id", "product_code", "client_id", "status", "currency", "balance", "open_date", "maturity_date"}
	txnHeader    = []string{"txn_id", "ts", "account_id", "client_id", "kind", "amount", "currency", "channel", "client_initiated", "counterparty_bank", "memo"}
	incomeHeader = []string{"amount", "product_code", "client_id"}
)

// fileSpec is one data file of a batch.
type fileSpec struct {
	kind   string
	header []string
	n      int
	crlf   bool
	row    func(w *rowWriter, i int)
}

// writtenFile is a data file as written, for the control file.
type writtenFile struct {
	name  string
	rows  int
	sha   string
	bytes int64
}

// writeBatch writes the current day of the simulation.
func (w *feedWriter) writeBatch(root string, sum *FeedSummary) error {
	s := w.s
	ymd := string(s.ymd[:])
	dir := filepath.Join(root, "BATCH_"+ymd)
	if err := prepareBatchDir(dir); err != nil {
		return err
	}
	first := s.dayIx == 0
	full := first || w.opts.FullAccounts
	w.accts = s.dayAccts
	if full && !first {
		w.accts = w.accts[:0:0]
		for i := range s.accts {
			if !s.accts[i].closed {
				w.accts = append(w.accts, int32(i))
			}
		}
	}
	var specs []fileSpec
	if first {
		specs = append(specs, fileSpec{kind: "ORG", header: orgHeader, n: len(s.b.Orgs), row: w.orgRow})
	}
	specs = append(specs,
		fileSpec{kind: "PROD", header: prodHeader, n: len(s.dayProds), row: w.prodRow},
		fileSpec{kind: "FX", header: fxHeader, n: 1, crlf: w.opts.CRLF, row: w.fxRow},
		fileSpec{kind: "CUST", header: custHeader, n: len(s.dayCust), crlf: w.opts.CRLF, row: w.custRow},
		fileSpec{kind: "ACCT", header: acctHeader, n: len(w.accts), row: w.acctRow},
		fileSpec{kind: "TXN", header: txnHeader, n: len(s.txns), row: w.txnRow},
		fileSpec{kind: "INCOME", header: incomeHeader, n: len(s.income), crlf: w.opts.CRLF, row: w.incomeRow},
	)
	// Write the files side by side; each goroutine only reads the simulation.
	out := make([]writtenFile, len(specs))
	errs := make([]error, len(specs))
	var wg sync.WaitGroup
	for i, sp := range specs {
		if sp.n == 0 && !(full && sp.kind == "ACCT") {
			continue
		}
		wg.Go(func() {
			out[i], errs[i] = w.writeFile(dir, ymd, sp)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}

	var ctl []byte
	ctl = append(ctl, "business_date="...)
	ctl = append(ctl, ymd...)
	ctl = append(ctl, "\nencoding="...)
	ctl = append(ctl, w.opts.Encoding...)
	ctl = append(ctl, "\ndelimiter="...)
	ctl = append(ctl, escapeDelimiter(w.delim)...)
	ctl = append(ctl, "\nacct_mode="...)
	if full {
		ctl = append(ctl, "full"...)
	} else {
		ctl = append(ctl, "delta"...)
	}
	ctl = append(ctl, '\n')
	for i, sp := range specs {
		f := out[i]
		if f.name == "" {
			continue
		}
		ctl = append(ctl, "file="...)
		ctl = append(ctl, f.name...)
		ctl = append(ctl, " rows="...)
		ctl = strconv.AppendInt(ctl, int64(f.rows), 10)
		ctl = append(ctl, " sha256="...)
		ctl = append(ctl, f.sha...)
		ctl = append(ctl, '\n')
		sum.Rows[sp.kind] += f.rows
		sum.Bytes += f.bytes
	}
	sum.Bytes += int64(len(ctl))
	return os.WriteFile(filepath.Join(dir, "BATCH_"+ymd+".ctl"), ctl, 0o644)
}

// prepareBatchDir creates a batch directory, removing the data and control files of an earlier run.
func prepareBatchDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if n := e.Name(); !e.IsDir() && (strings.HasSuffix(n, ".dat") || strings.HasSuffix(n, ".ctl")) {
			if err := os.Remove(filepath.Join(dir, n)); err != nil {
				return err
			}
		}
	}
	return nil
}

// escapeDelimiter writes a delimiter for the control file: tab as \t, '\' as \\, other control
// characters, space and '#' (which starts a comment) as \xHH, everything else as itself.
func escapeDelimiter(d string) string {
	var b strings.Builder
	for i := 0; i < len(d); i++ {
		c := d[i]
		switch {
		case c == '\\':
			b.WriteString(`\\`)
		case c == '\t':
			b.WriteString(`\t`)
		case c < 0x20 || c == 0x7f || c == ' ' || c == '#':
			b.WriteString(`\x`)
			b.WriteByte("0123456789abcdef"[c>>4])
			b.WriteByte("0123456789abcdef"[c&15])
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// hashWriter writes to a file and a hash, counting bytes.
type hashWriter struct {
	f *os.File
	h hash.Hash
	n int64
}

func (w *hashWriter) Write(p []byte) (int, error) {
	w.h.Write(p)
	n, err := w.f.Write(p)
	w.n += int64(n)
	return n, err
}

// writeFile writes one data file: the header and sp.n rows, encoded, through a large buffer.
func (w *feedWriter) writeFile(dir, ymd string, sp fileSpec) (writtenFile, error) {
	name := sp.kind + "_" + ymd + ".dat"
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		return writtenFile{}, err
	}
	hw := &hashWriter{f: f, h: sha256.New()}
	var sink io.Writer = hw
	var tw *transform.Writer
	if w.gb {
		tw = transform.NewWriter(hw, simplifiedchinese.GB18030.NewEncoder())
		sink = tw
	}
	rw := &rowWriter{
		w: bufio.NewWriterSize(sink, 1<<20), delim: w.delim, banned: w.banned, eol: "\n",
		line: make([]byte, 0, 512), file: name,
	}
	if sp.crlf {
		rw.eol = "\r\n"
	}
	for _, h := range sp.header {
		rw.str(h)
	}
	rw.end()
	rw.rows = 0
	for i := range sp.n {
		sp.row(rw, i)
	}
	err = rw.w.Flush()
	if err == nil && tw != nil {
		err = tw.Close()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = rw.err
	}
	if err != nil {
		return writtenFile{}, fmt.Errorf("feeds: %s: %w", name, err)
	}
	return writtenFile{name: name, rows: rw.rows, sha: hex.EncodeToString(hw.h.Sum(nil)), bytes: hw.n}, nil
}

// rowWriter builds the lines of a data file in a reused buffer.
type rowWriter struct {
	w      *bufio.Writer
	line   []byte
	delim  string
	banned string
	eol    string
	more   bool // a field was written on this line
	rows   int
	file   string
	err    error
}

func (r *rowWriter) sep() {
	if r.more {
		r.line = append(r.line, r.delim...)
	}
	r.more = true
}

// str writes a code or a value that cannot contain the delimiter (checked at option time).
func (r *rowWriter) str(s string) {
	r.sep()
	r.line = append(r.line, s...)
}

// text writes a free-text field, refusing one that contains a character of the delimiter.
func (r *rowWriter) text(s string) {
	r.sep()
	if strings.ContainsAny(s, r.banned) && r.err == nil {
		r.err = fmt.Errorf("row %d: %q contains a character of the delimiter %q; choose another delimiter", r.rows+1, s, r.delim)
	}
	r.line = append(r.line, s...)
}

func (r *rowWriter) int(n int64) {
	r.sep()
	r.line = strconv.AppendInt(r.line, n, 10)
}

func (r *rowWriter) amount(fen int64) {
	r.sep()
	r.line = appendAmount(r.line, fen)
}

func (r *rowWriter) day(d int32) {
	r.sep()
	if d != 0 {
		r.line = appendDay(r.line, d)
	}
}

func (r *rowWriter) date(d domain.Date) {
	r.sep()
	if !d.IsZero() {
		r.line = appendYMD(r.line, d.Year(), int(d.Month()), d.Day())
	}
}

func (r *rowWriter) end() {
	r.line = append(r.line, r.eol...)
	if _, err := r.w.Write(r.line); err != nil && r.err == nil {
		r.err = err
	}
	r.line = r.line[:0]
	r.more = false
	r.rows++
}

// appendAmount writes fen as yuan: "1234", "1234.50", "-0.05" (FEEDS.md: at most two decimals).
func appendAmount(b []byte, fen int64) []byte {
	if fen < 0 {
		b = append(b, '-')
		fen = -fen
	}
	b = strconv.AppendInt(b, fen/100, 10)
	if c := fen % 100; c != 0 {
		b = append(b, '.', byte('0'+c/10), byte('0'+c%10))
	}
	return b
}

// appendRate writes a rate in millionths with up to six decimals: 7120000 → "7.12".
func appendRate(b []byte, micros int64) []byte {
	b = strconv.AppendInt(b, micros/1_000_000, 10)
	frac := micros % 1_000_000
	if frac == 0 {
		return b
	}
	var digits [6]byte
	for i := 5; i >= 0; i-- {
		digits[i] = byte('0' + frac%10)
		frac /= 10
	}
	n := 6
	for digits[n-1] == '0' {
		n--
	}
	b = append(b, '.')
	return append(b, digits[:n]...)
}

func appendYMD(b []byte, y, m, d int) []byte {
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10),
		byte('0'+m/10), byte('0'+m%10), byte('0'+d/10), byte('0'+d%10))
}

// appendDay writes a day number as YYYYMMDD.
func appendDay(b []byte, day int32) []byte {
	y, m, d := civilFromDays(day)
	return appendYMD(b, y, m, d)
}

// appendSeq writes n with at least eight digits, zero-padded.
func appendSeq(b []byte, n int) []byte {
	var d [8]byte
	for k := 7; k >= 0; k-- {
		d[k] = byte('0' + n%10)
		n /= 10
	}
	if n > 0 {
		b = strconv.AppendInt(b, int64(n), 10)
	}
	return append(b, d[:]...)
}

// appendHMS writes seconds since midnight as HHMMSS.
func appendHMS(b []byte, sec int32) []byte {
	h, m, s := sec/3600, sec/60%60, sec%60
	return append(b, byte('0'+h/10), byte('0'+h%10), byte('0'+m/10), byte('0'+m%10), byte('0'+s/10), byte('0'+s%10))
}

// The rows of each kind.

func (w *feedWriter) orgRow(r *rowWriter, i int) {
	u := &w.s.b.Orgs[i]
	r.str(string(u.Level))
	r.str(u.ID)
	r.text(u.Name)
	r.str(u.ParentID)
	r.end()
}

func (w *feedWriter) prodRow(r *rowWriter, i int) {
	p := &w.s.prods[w.s.dayProds[i]]
	r.str(p.Code)
	r.str(p.Category)
	r.text(p.Name)
	r.str(p.AssetClass)
	r.str(p.RiskLevel)
	if p.TermDays > 0 {
		r.int(int64(p.TermDays))
	} else {
		r.str("")
	}
	r.str(p.PointsClass)
	r.str(p.CardLevel)
	r.str(p.AgreementKind)
	r.end()
}

func (w *feedWriter) fxRow(r *rowWriter, _ int) {
	r.sep()
	r.line = appendRate(r.line, w.s.rate)
	r.str("USD")
	r.end()
}

func (w *feedWriter) custRow(r *rowWriter, i int) {
	c := w.s.client(w.s.dayCust[i])
	r.str(c.ClientID)
	r.str(c.IDType)
	r.str(c.IDNumber)
	r.text(c.Name)
	r.str(c.Gender)
	r.date(c.BirthDate)
	r.str(c.Occupation)
	r.str(c.Mobile)
	r.text(c.Phone)
	r.text(c.Email)
	r.text(c.Address)
	r.str(c.OutletID)
	r.str(c.Source)
	r.str(c.CreditGrade)
	r.date(c.OpenDate)
	r.str(c.Status)
	r.end()
}

func (w *feedWriter) acctRow(r *rowWriter, i int) {
	s := w.s
	a := &s.accts[w.accts[i]]
	r.str(a.id)
	r.str(s.prods[a.prod].Code)
	r.str(s.clientID(a.client))
	if a.closed {
		r.str("closed")
	} else {
		r.str("active")
	}
	r.str(a.currency())
	r.amount(a.bal)
	r.day(a.open)
	r.day(a.mat)
	r.end()
}

func (w *feedWriter) txnRow(r *rowWriter, i int) {
	s := w.s
	t := &s.txns[i]
	a := &s.accts[t.acct]
	r.sep()
	r.line = append(r.line, 'T')
	r.line = append(r.line, s.ymd[:]...)
	r.line = appendSeq(r.line, i+1)
	r.sep()
	r.line = append(r.line, s.ymd[:]...)
	r.line = appendHMS(r.line, t.sec)
	r.str(a.id)
	r.str(s.clientID(a.client))
	r.str(kindCodes[t.kind])
	r.amount(t.amount)
	r.str(a.currency())
	r.str(channelCodes[t.channel])
	if t.init {
		r.str("1")
	} else {
		r.str("0")
	}
	r.str(bankCodes[t.bank])
	r.text(memoTexts[t.memo])
	r.end()
}

func (w *feedWriter) incomeRow(r *rowWriter, i int) {
	s := w.s
	in := &s.income[i]
	r.amount(in.amount)
	if in.prod >= 0 {
		r.str(s.prods[in.prod].Code)
	} else {
		r.str("")
	}
	r.str(s.clientID(in.client))
	r.end()
}
