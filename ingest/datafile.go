package ingest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/steward-bank/steward/domain"
	"golang.org/x/text/transform"
)

const (
	// chunkSize is the size of the read buffer; every chunk of complete lines becomes one string, so the
	// fields of thousands of rows share a single allocation.
	chunkSize = 1 << 20
	// MaxLineBytes is the longest line accepted (after decoding); longer lines are reported and skipped.
	MaxLineBytes = chunkSize
)

// line statuses of lineSource.next
const (
	lineOK = iota
	lineLong
	lineEOF
)

// lineSource yields the lines of a decoded text stream without their line endings (LF or CRLF). It reads
// big chunks, turns each run of complete lines into one string and hands out substrings of it.
type lineSource struct {
	ctx   context.Context
	r     io.Reader
	gb    bool // the text was decoded from GB18030: invalidMark (never valid UTF-8) marks bytes that were not GB18030
	buf   []byte
	n     int // bytes buffered in buf[:n], not yet in a chunk
	eof   bool
	err   error // read error (not io.EOF)
	chunk string
	pos   int
	clean bool // the current chunk has no invalid text at all
	first bool // no chunk yet: strip a byte-order mark
}

// newLineSource reads r; size is the file's size when known (0 otherwise), so that a small file gets a
// small buffer.
func newLineSource(ctx context.Context, r io.Reader, gb bool, size int64) *lineSource {
	n := chunkSize
	if size > 0 && size < chunkSize/2 {
		n = int(size) + 64
	}
	return &lineSource{ctx: ctx, r: r, gb: gb, buf: make([]byte, n), first: true}
}

// next returns the next line, lineLong for a line longer than MaxLineBytes (skipped; no text), or lineEOF
// at the end or on a read error (see s.err).
func (s *lineSource) next() (string, int) {
	if s.pos >= len(s.chunk) {
		st := s.fill()
		if st != lineOK {
			return "", st
		}
	}
	rest := s.chunk[s.pos:]
	i := strings.IndexByte(rest, '\n')
	if i < 0 {
		i = len(rest) // the last line of a file without a final newline
		s.pos = len(s.chunk)
	} else {
		s.pos += i + 1
	}
	line := rest[:i]
	if len(line) > 0 && line[len(line)-1] == '\r' {
		line = line[:len(line)-1]
	}
	return line, lineOK
}

// fill makes the next chunk of complete lines.
func (s *lineSource) fill() int {
	s.chunk, s.pos = "", 0
	var end int
	for {
		s.read()
		if s.err != nil || s.n == 0 {
			return lineEOF
		}
		end = bytes.LastIndexByte(s.buf[:s.n], '\n') + 1
		if end > 0 {
			break
		}
		if s.eof {
			end = s.n // the last line, without a final newline
			break
		}
		if len(s.buf) == chunkSize {
			return s.skipLong()
		}
		// A small buffer (for a small file) that a line outgrew, e.g. after decoding.
		s.buf = append(s.buf, make([]byte, min(len(s.buf), chunkSize-len(s.buf)))...)
	}
	s.chunk = string(s.buf[:end])
	s.n = copy(s.buf, s.buf[end:s.n])
	if s.first {
		s.first = false
		s.chunk = strings.TrimPrefix(s.chunk, "\uFEFF")
		if s.chunk == "" {
			return s.fill()
		}
	}
	s.clean = utf8.ValidString(s.chunk)
	return lineOK
}

// read fills the buffer up to its end, or to the end of the input.
func (s *lineSource) read() {
	for empty := 0; s.n < len(s.buf) && !s.eof && s.err == nil; {
		if err := s.ctx.Err(); err != nil {
			s.err = err
			return
		}
		m, err := s.r.Read(s.buf[s.n:])
		s.n += m
		switch {
		case err == io.EOF:
			s.eof = true
		case err != nil:
			s.err = err
		case m == 0:
			if empty++; empty > 100 {
				s.err = io.ErrNoProgress
			}
		}
	}
}

// skipLong discards a line that does not fit in the buffer, up to and including its newline.
func (s *lineSource) skipLong() int {
	s.first = false
	for {
		s.n = 0
		if s.eof {
			return lineLong
		}
		s.read()
		if s.err != nil {
			return lineEOF
		}
		if i := bytes.IndexByte(s.buf[:s.n], '\n'); i >= 0 {
			s.n = copy(s.buf, s.buf[i+1:s.n])
			return lineLong
		}
	}
}

// lineInvalid explains why a line of a chunk that is not clean is bad, or returns "".
func (s *lineSource) lineInvalid(line string) string {
	if s.clean {
		return ""
	}
	if utf8.ValidString(line) {
		return ""
	}
	if s.gb {
		return "bytes that are not GB18030 (the control file says encoding=GB18030)"
	}
	return "invalid UTF-8 (is the file GB18030? the control file says encoding=UTF-8)"
}

// decoder returns the reader of a file's text: raw for UTF-8, decoded for GB18030. Decoding comes before
// any splitting: in GBK and GB18030 the second byte of a character can be '|' (珅 is AB 7C).
func decoder(raw io.Reader, encoding string) io.Reader {
	if encoding == EncodingGB18030 {
		return transform.NewReader(raw, newGB18030Decoder())
	}
	return raw
}

const maxCols = 16

// fileParser turns the lines of one data file into rows of the Batch.
type fileParser struct {
	spec  *kindSpec
	b     *Batch
	delim string
	errs  *issueList
	warns *issueList

	date     domain.Date // business date
	dayStart time.Time   // midnight of the business date in Asia/Shanghai
	fixedDay bool        // the business date has 86 400 s: a time of day is an offset from dayStart
	dates    dateCache

	colOf []int8 // field index → column of spec, or -1 for an unknown column
	vals  [maxCols]string
	line  int
	bad   bool // the current row has an error
	rows  int  // data rows seen (blank lines excluded)
	keys  *keyIndex
	hash  uint64 // of the current row's key, from claim for keep
}

func newFileParser(spec *kindSpec, b *Batch, delim string, errs, warns *issueList, sizeHint int) *fileParser {
	p := &fileParser{spec: spec, b: b, delim: delim, errs: errs, warns: warns, date: b.BusinessDate}
	y, m, d := b.BusinessDate.Year(), b.BusinessDate.Month(), b.BusinessDate.Day()
	p.dayStart = time.Date(y, m, d, 0, 0, 0, 0, domain.Shanghai)
	p.fixedDay = time.Date(y, m, d, 23, 59, 59, 0, domain.Shanghai).Sub(p.dayStart) == 86399*time.Second
	if spec.key >= 0 {
		p.keys = newKeyIndex(sizeHint, func(row int32) string { return spec.keyOf(b, row) })
	}
	spec.grow(b, sizeHint)
	return p
}

// run reads every line of src.
func (p *fileParser) run(src *lineSource) {
	header, st := src.next()
	if st == lineEOF {
		if src.err == nil {
			p.warns.add(0, "", "", "empty file: no header line")
		}
		return
	}
	p.line = 1
	if st == lineLong {
		p.errs.add(1, "", "", fmt.Sprintf("the header line is longer than %d bytes", MaxLineBytes))
		p.drain(src, false)
		return
	}
	if reason := src.lineInvalid(header); reason != "" {
		p.errs.add(1, "", "", "header: "+reason)
		p.drain(src, false)
		return
	}
	ok := p.header(header)
	p.drain(src, ok)
}

// header maps the columns of the header line; it reports whether the rows can be read.
func (p *fileParser) header(line string) bool {
	names := strings.Split(line, p.delim)
	p.colOf = make([]int8, len(names))
	seen := make([]int, len(p.spec.cols)) // column → 1-based field position
	var unknown []string
	ok := true
	for i, name := range names {
		name = strings.TrimSpace(name)
		p.colOf[i] = -1
		c := p.spec.column(name)
		if c < 0 {
			unknown = append(unknown, quote(name))
			continue
		}
		if seen[c] > 0 {
			p.errs.add(1, name, "", fmt.Sprintf("column given twice (fields %d and %d)", seen[c], i+1))
			ok = false
			continue
		}
		seen[c] = i + 1
		p.colOf[i] = int8(c)
	}
	if len(unknown) > 0 {
		p.warns.add(1, "", "", "unknown columns ignored: "+strings.Join(unknown, ", "))
	}
	var missing []string
	for c, col := range p.spec.cols {
		if col.required && seen[c] == 0 {
			missing = append(missing, col.name)
		}
	}
	if len(missing) > 0 {
		p.errs.add(1, "", "", "missing required columns: "+strings.Join(missing, ", ")+"; the file's rows are not read")
		ok = false
	}
	return ok
}

// drain reads the data lines; with parse false it only counts them.
func (p *fileParser) drain(src *lineSource, parse bool) {
	firstBlank, blanks := 0, 0
	for {
		line, st := src.next()
		if st == lineEOF {
			break
		}
		p.line++
		if st == lineLong {
			p.rows++
			p.errs.add(p.line, "", "", fmt.Sprintf("line longer than %d bytes", MaxLineBytes))
			continue
		}
		if blank(line) {
			if blanks == 0 {
				firstBlank = p.line
			}
			blanks++
			continue
		}
		p.rows++
		if !parse {
			continue
		}
		if reason := src.lineInvalid(line); reason != "" {
			p.errs.add(p.line, "", "", reason)
			continue
		}
		if n := p.split(line); n != len(p.colOf) {
			p.errs.add(p.line, "", "", fmt.Sprintf("has %d fields, the header has %d", n, len(p.colOf)))
			continue
		}
		p.bad = false
		p.checkText()
		p.spec.parse(p)
	}
	if blanks > 0 {
		p.warns.add(firstBlank, "", "", fmt.Sprintf("%s ignored (not counted as rows)", plural(blanks, "blank line")))
	}
}

func blank(line string) bool {
	for i := 0; i < len(line); i++ {
		if c := line[i]; c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

// split cuts line at the delimiter into p.vals (trimmed; only the header's known columns) and returns the
// number of fields.
func (p *fileParser) split(line string) int {
	n := 0
	if len(p.delim) == 1 {
		c := p.delim[0]
		for {
			i := strings.IndexByte(line, c)
			if i < 0 {
				break
			}
			p.set(n, line[:i])
			n++
			line = line[i+1:]
		}
	} else {
		for {
			i := strings.Index(line, p.delim)
			if i < 0 {
				break
			}
			p.set(n, line[:i])
			n++
			line = line[i+len(p.delim):]
		}
	}
	p.set(n, line)
	return n + 1
}

func (p *fileParser) set(i int, f string) {
	if i < len(p.colOf) {
		if c := p.colOf[i]; c >= 0 {
			p.vals[c] = trim(f)
		}
	}
}

// trim removes surrounding white space (ASCII and Unicode, e.g. the ideographic space U+3000).
func trim(s string) string {
	if len(s) == 0 || (s[0] > ' ' && s[0] < utf8.RuneSelf && s[len(s)-1] > ' ' && s[len(s)-1] < utf8.RuneSelf) {
		return s
	}
	return strings.TrimSpace(s)
}

// checkText reports every field of the current row that holds a control character or an invisible
// formatting character (a bidirectional override, a zero-width space…): such a name or memo would be
// stored and shown as it came. The row is refused, and with it the batch, like any other bad row.
func (p *fileParser) checkText() {
	for c := range p.spec.cols {
		if v := p.vals[c]; v != "" {
			if r, _, problem, ok := domain.BadRune(v, false); !ok {
				p.fail(c, "holds "+domain.TextReason(problem)+": "+domain.RuneName(r))
			}
		}
	}
}

// fail reports an error on column c of the current row.
func (p *fileParser) fail(c int, reason string) {
	p.bad = true
	p.errs.add(p.line, p.spec.cols[c].name, p.vals[c], reason)
}

// warn reports a warning on column c of the current row.
func (p *fileParser) warn(c int, reason string) {
	p.warns.add(p.line, p.spec.cols[c].name, p.vals[c], reason)
}

// required returns column c, reporting it when empty.
func (p *fileParser) required(c int) string {
	v := p.vals[c]
	if v == "" {
		p.fail(c, "is empty but required")
	}
	return v
}

// code returns the canonical code of column c; an empty optional value is "".
func (p *fileParser) code(c int, set *codeSet, req bool) string {
	v := p.vals[c]
	if v == "" {
		if req {
			p.fail(c, "is empty but required")
		}
		return ""
	}
	code, ok := set.find(v)
	if !ok {
		p.fail(c, set.reason)
	}
	return code
}

// amount returns column c in fen (required).
func (p *fileParser) amount(c int) int64 {
	v, reason := parseAmount(p.vals[c])
	if reason != "" {
		p.fail(c, reason)
	}
	return v
}

// date returns column c as a date; an empty optional value is the zero Date.
func (p *fileParser) dateCol(c int, req bool) domain.Date {
	v := p.vals[c]
	if v == "" {
		if req {
			p.fail(c, "is empty but required")
		}
		return domain.Date{}
	}
	y, m, d, ok := parseYMD(v)
	if !ok {
		p.fail(c, "is not a date (want YYYYMMDD, a real calendar date)")
		return domain.Date{}
	}
	return p.dates.get(y, m, d)
}

// notAfterBusinessDate reports a date of column c later than the business date.
func (p *fileParser) notAfterBusinessDate(c int, d domain.Date) {
	if !d.IsZero() && d.After(p.date) {
		p.fail(c, "is after the business date "+p.date.String())
	}
}

// timestamp returns column c (YYYYMMDDHHMMSS, Asia/Shanghai), which must fall on the business date.
func (p *fileParser) timestamp(c int) time.Time {
	v := p.vals[c]
	if v == "" {
		p.fail(c, "is empty but required")
		return time.Time{}
	}
	var y, m, d, h, mi, s int
	ok := len(v) == 14
	if ok {
		y, m, d, ok = parseYMD(v[:8])
	}
	if ok {
		h, mi, s, ok = parseHMS(v[8:])
	}
	if !ok {
		p.fail(c, "is not a timestamp (want YYYYMMDDHHMMSS)")
		return time.Time{}
	}
	if y != p.date.Year() || m != int(p.date.Month()) || d != p.date.Day() {
		p.fail(c, "is not on the business date "+p.date.String())
		return time.Time{}
	}
	if p.fixedDay {
		return p.dayStart.Add(time.Duration(h*3600+mi*60+s) * time.Second)
	}
	return time.Date(y, time.Month(m), d, h, mi, s, 0, domain.Shanghai)
}

// claim records the key of the current row, reporting a duplicate. It returns false for a duplicate.
func (p *fileParser) claim(c int, key string) bool {
	if key == "" {
		return true // reported as required already
	}
	h, first, dup := p.keys.lookup(key)
	if dup {
		p.fail(c, fmt.Sprintf("duplicate; first on line %d", first.line))
		return false
	}
	p.hash = h
	return true
}

// keep stores the key of a row that claimed it, with its index in the Batch (-1 when rejected).
func (p *fileParser) keep(key string, row int) {
	if key == "" {
		return
	}
	if p.bad {
		row = -1
	}
	p.keys.insert(p.hash, key, keyInfo{line: int32(p.line), row: int32(row)})
}
