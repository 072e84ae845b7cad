package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/steward-bank/steward/domain"
)

// Batch is a core-banking batch as read: the control file's settings and the valid rows of every data
// file. When the Report that came with it has errors, the Batch is incomplete (bad rows are left out) and
// must not be applied.
type Batch struct {
	Dir          string
	Control      string // control file name, BATCH_YYYYMMDD.ctl
	BusinessDate domain.Date
	Encoding     string // EncodingUTF8 or EncodingGB18030
	Delimiter    string
	AcctMode     string // AcctDelta or AcctFull
	Files        []FileEntry

	Orgs     []OrgRow
	Products []ProductRow
	FX       []FXRow
	Clients  []ClientRow
	Accounts []AccountRow
	Txns     []TxnRow
	Income   []IncomeRow

	// ContentHash is the hex SHA-256 of the control file's bytes. The control file lists the SHA-256 of
	// every data file, so the hash identifies the whole batch: re-applying a batch with the same hash as
	// the last applied one is "already applied".
	ContentHash string

	// keys of the rows of this batch, by kind (rejected rows included, with row -1)
	keys map[Kind]*keyIndex
}

// Rate returns the batch's rate for currency in millionths; CNY is always 1.
func (b *Batch) Rate(currency string) (int64, bool) {
	if currency == "CNY" {
		return RateScale, true
	}
	if k, ok := b.keys[KindFX].get(currency); ok && k.row >= 0 {
		return b.FX[k.row].Rate, true
	}
	return 0, false
}

// ReadBatch reads and checks the batch in dir (or the control file path itself). Every problem with the
// batch goes into the Report; the error is only for I/O problems that prevent reading at all (no readable
// control file, a read failure).
func ReadBatch(dir string) (*Batch, *Report, error) {
	return ReadBatchContext(context.Background(), dir)
}

// ReadBatchContext is ReadBatch with a context that can stop the reading.
func ReadBatchContext(ctx context.Context, dir string) (*Batch, *Report, error) {
	ctlName, err := findControl(dir)
	if err != nil {
		return nil, nil, err
	}
	if strings.HasSuffix(dir, ".ctl") {
		dir = filepath.Dir(dir)
	}
	content, err := readControl(filepath.Join(dir, ctlName))
	if err != nil {
		return nil, nil, fmt.Errorf("read batch %s: %w", dir, err)
	}
	sum := sha256.Sum256(content)

	ctlErrs, ctlWarns := &issueList{file: ctlName}, &issueList{file: ctlName}
	ctl := parseControl(ctlName, content, ctlErrs, ctlWarns)
	b := &Batch{
		Dir: dir, Control: ctlName, BusinessDate: ctl.businessDate, Encoding: ctl.encoding,
		Delimiter: ctl.delimiter, AcctMode: ctl.acctMode, Files: ctl.files,
		ContentHash: hex.EncodeToString(sum[:]),
		keys:        map[Kind]*keyIndex{},
	}
	if b.BusinessDate.IsZero() {
		b.BusinessDate = ctl.nameDate // to go on checking the rows
	}
	rep := &Report{Dir: dir, Control: ctlName, BusinessDate: b.BusinessDate}
	rep.Files = append(rep.Files, FileSummary{Name: ctlName, Rows: -1})

	if b.AcctMode == AcctFull && !slices.ContainsFunc(b.Files, func(f FileEntry) bool { return f.Kind == KindACCT }) {
		ctlErrs.add(0, "acct_mode", AcctFull, "needs an ACCT file: with acct_mode=full an absent file would close every account")
	}

	// Unlisted data files.
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("read batch %s: %w", dir, err)
	}
	present := map[string]bool{}
	var unlisted []string
	for _, e := range entries {
		present[e.Name()] = true
		if strings.EqualFold(filepath.Ext(e.Name()), ".dat") && !ctl.listed[e.Name()] {
			unlisted = append(unlisted, e.Name())
		}
	}

	readable := b.Encoding != "" && b.Delimiter != "" && !b.BusinessDate.IsZero()
	if !readable {
		ctlErrs.add(0, "", "", "the data files are not read: fix the control file first")
	}
	results := make([]*fileResult, len(b.Files))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var ioErr error
	var mu sync.Mutex
	for i, f := range b.Files {
		res := &fileResult{errs: &issueList{file: f.Name}, warns: &issueList{file: f.Name}, rows: -1}
		results[i] = res
		if _, ok := present[f.Name]; !ok {
			res.errs.add(0, "", "", "listed in the control file (line "+strconv.Itoa(f.Line)+") but missing")
			continue
		}
		if st, err := os.Stat(filepath.Join(dir, f.Name)); err != nil || !st.Mode().IsRegular() {
			res.errs.add(0, "", "", "is not a regular file")
			continue
		}
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			if err := readDataFile(ctx, b, f, readable, res); err != nil {
				mu.Lock()
				ioErr = errors.Join(ioErr, err)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if ioErr != nil {
		return nil, nil, fmt.Errorf("read batch %s: %w", dir, ioErr)
	}

	rep.add(ctlErrs, ctlWarns)
	for _, name := range unlisted {
		errs := &issueList{file: name}
		errs.add(0, "", "", "a data file that "+ctlName+" does not list")
		rep.add(errs, &issueList{file: name})
	}
	for i, f := range b.Files {
		res := results[i]
		rep.Files = append(rep.Files, FileSummary{Name: f.Name, Kind: f.Kind, Rows: res.rows})
		rep.add(res.errs, res.warns)
		if res.keys != nil {
			b.keys[f.Kind] = res.keys
		}
	}
	return b, rep, nil
}

// fileResult is what reading one data file gives.
type fileResult struct {
	rows  int // data rows found, -1 when not read
	errs  *issueList
	warns *issueList
	keys  *keyIndex
}

// readDataFile reads one listed data file: its SHA-256 and row count against the control file and, when
// parse is set, its rows into b. It returns an error only for an I/O failure.
func readDataFile(ctx context.Context, b *Batch, f FileEntry, parse bool, res *fileResult) error {
	fh, err := os.Open(filepath.Join(b.Dir, f.Name))
	if err != nil {
		return err
	}
	defer fh.Close()
	size := int64(0)
	if st, err := fh.Stat(); err == nil {
		size = st.Size()
	}
	if err := readData(ctx, b, f, fh, size, parse, res); err != nil {
		return fmt.Errorf("%s: %w", f.Name, err)
	}
	return nil
}

// readData reads the content of data file f from r (size bytes, or 0 when unknown).
func readData(ctx context.Context, b *Batch, f FileEntry, r io.Reader, size int64, parse bool, res *fileResult) error {
	h := sha256.New()
	raw := io.TeeReader(r, h)
	hint := max(0, min(f.Rows, int(size/8)+1, 1<<24))
	p := newFileParser(specs[f.Kind], b, b.Delimiter, res.errs, res.warns, hint)
	if !parse {
		p.delim = "|"
	}
	var text io.Reader = raw
	if b.Encoding == EncodingGB18030 {
		// A UTF-8 byte-order mark means the file is not GB18030, whatever the control file says.
		var head [3]byte
		n, err := io.ReadFull(raw, head[:])
		if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
			return err
		}
		if bytes.Equal(head[:n], utf8BOM) {
			res.errs.add(0, "", "", "starts with a UTF-8 byte-order mark but the control file says encoding=GB18030; the file's rows are not read")
			parse = false
		}
		text = decoder(io.MultiReader(bytes.NewReader(head[:n]), raw), b.Encoding)
	}
	src := newLineSource(ctx, text, b.Encoding == EncodingGB18030, size)
	if parse {
		p.run(src)
	} else {
		p.countOnly(src)
	}
	if src.err != nil {
		return src.err
	}
	// Read what the decoder may have left, so that the hash covers the whole file.
	if _, err := io.Copy(io.Discard, raw); err != nil {
		return err
	}
	res.rows = p.rows
	res.keys = p.keys
	if p.rows != f.Rows {
		res.errs.add(0, "rows", "", fmt.Sprintf("the control file says %d, the file has %d", f.Rows, p.rows))
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != f.SHA256 {
		res.errs.add(0, "sha256", "", fmt.Sprintf("the control file says %s, the file's is %s", f.SHA256, got))
	}
	return nil
}

// countOnly counts the data rows of a file whose rows are not read.
func (p *fileParser) countOnly(src *lineSource) {
	if _, st := src.next(); st == lineEOF {
		return
	}
	p.line = 1
	p.drain(src, false)
}

// MaxControlBytes bounds the control file, which lists a handful of files.
const MaxControlBytes = 1 << 20

func readControl(path string) ([]byte, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	content, err := io.ReadAll(io.LimitReader(fh, MaxControlBytes+1))
	if err != nil {
		return nil, err
	}
	if len(content) > MaxControlBytes {
		return nil, fmt.Errorf("%s is larger than %d bytes: not a control file", filepath.Base(path), MaxControlBytes)
	}
	return content, nil
}

// findControl returns the name of the one control file of dir (or of the control file path dir).
func findControl(dir string) (string, error) {
	if strings.HasSuffix(dir, ".ctl") {
		if _, err := os.Stat(dir); err != nil {
			return "", fmt.Errorf("read batch: %w", err)
		}
		return filepath.Base(dir), nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", fmt.Errorf("read batch: %w", err)
	}
	var found []string
	for _, e := range entries {
		if isControlName(e.Name()) && !e.IsDir() {
			found = append(found, e.Name())
		}
	}
	switch len(found) {
	case 0:
		return "", fmt.Errorf("read batch %s: no control file BATCH_YYYYMMDD.ctl", dir)
	case 1:
		return found[0], nil
	}
	return "", fmt.Errorf("read batch %s: %d control files (%s); a batch directory has exactly one", dir, len(found), strings.Join(found, ", "))
}

// FindBatches returns the batch directories at path, in business-date order: path itself when it holds a
// control file, otherwise its sub-directories that do. The date comes from the control file's name,
// BATCH_YYYYMMDD.ctl. It is an error when there is none, when a name is malformed or when two batches have
// the same date.
func FindBatches(path string) ([]string, error) {
	type found struct {
		dir  string
		date domain.Date
	}
	var batches []found
	consider := func(dir string) (bool, error) {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return false, err
		}
		var ctls []string
		for _, e := range entries {
			if !e.IsDir() && isControlName(e.Name()) {
				ctls = append(ctls, e.Name())
			}
		}
		switch len(ctls) {
		case 0:
			return false, nil
		case 1:
		default:
			return true, fmt.Errorf("%s: %d control files (%s); a batch directory has exactly one", dir, len(ctls), strings.Join(ctls, ", "))
		}
		d, ok := ctlDate(ctls[0])
		if !ok {
			return true, fmt.Errorf("%s: control file %s is not named BATCH_YYYYMMDD.ctl with a real date", dir, ctls[0])
		}
		batches = append(batches, found{dir, d})
		return true, nil
	}
	isBatch, err := consider(path)
	if err != nil {
		return nil, fmt.Errorf("find batches: %w", err)
	}
	if !isBatch {
		entries, err := os.ReadDir(path)
		if err != nil {
			return nil, fmt.Errorf("find batches: %w", err)
		}
		for _, e := range entries {
			if !e.IsDir() {
				continue
			}
			if _, err := consider(filepath.Join(path, e.Name())); err != nil {
				return nil, fmt.Errorf("find batches: %w", err)
			}
		}
	}
	if len(batches) == 0 {
		return nil, fmt.Errorf("find batches: no BATCH_YYYYMMDD.ctl in %s or its sub-directories", path)
	}
	slices.SortFunc(batches, func(a, b found) int { return a.date.Time().Compare(b.date.Time()) })
	dirs := make([]string, len(batches))
	for i, bt := range batches {
		if i > 0 && bt.date == batches[i-1].date {
			return nil, fmt.Errorf("find batches: %s and %s are both batches of %s", batches[i-1].dir, bt.dir, bt.date)
		}
		dirs[i] = bt.dir
	}
	return dirs, nil
}
