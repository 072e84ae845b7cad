package store

/*
#include "sqlite_c.h"
*/
import "C"

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/binary"
	"fmt"
	"math"
	"time"
	"unsafe"

	"github.com/mattn/go-sqlite3"
	"github.com/steward-bank/steward/domain"
)

// cRowsPer is how many rows the SQLite import binds and steps in one call into C.
const cRowsPer = 2048

// Value tags of the packed row buffer (see steward_exec_rows).
const (
	tagNull byte = 0
	tagInt  byte = 1
	tagText byte = 2
)

// rowBuf packs rows of values for steward_exec_rows: one byte buffer with no Go pointers in it (cgo's rule
// for memory passed to C), the values converted as database/sql and the driver would convert them, so that
// what is stored is the same either way.
type rowBuf struct {
	buf  []byte
	n    int // rows
	offs []int
}

func (b *rowBuf) reset() { b.buf, b.n, b.offs = b.buf[:0], 0, b.offs[:0] }

// startRow marks the start of a row (for naming the row that fails).
func (b *rowBuf) startRow() {
	b.offs = append(b.offs, len(b.buf))
	b.n++
}

func (b *rowBuf) null() { b.buf = append(b.buf, tagNull) }

func (b *rowBuf) int(v int64) {
	b.buf = append(b.buf, tagInt)
	b.buf = binary.LittleEndian.AppendUint64(b.buf, uint64(v))
}

func (b *rowBuf) bool(v bool) {
	if v {
		b.int(1)
	} else {
		b.int(0)
	}
}

// date writes d as its Value does: NULL for the zero date, else YYYY-MM-DD.
func (b *rowBuf) date(d domain.Date) {
	if d.IsZero() {
		b.null()
		return
	}
	b.buf = append(b.buf, tagText, 0, 0, 0, 0)
	at := len(b.buf)
	b.buf = d.AppendISO(b.buf)
	binary.LittleEndian.PutUint32(b.buf[at-4:], uint32(len(b.buf)-at))
}

func (b *rowBuf) text(s string) {
	b.buf = append(b.buf, tagText)
	b.buf = binary.LittleEndian.AppendUint32(b.buf, uint32(len(s)))
	b.buf = append(b.buf, s...)
}

// value packs one value of the kinds the import binds. time.Time is written as the driver writes it
// (its first SQLiteTimestampFormats layout); driver.Valuer (domain.Date) as the value it returns.
func (b *rowBuf) value(v any) error {
	switch x := v.(type) {
	case nil:
		b.null()
	case string:
		if len(x) > math.MaxInt32 {
			return fmt.Errorf("text of %d bytes is too long to bind", len(x))
		}
		b.text(x)
	case int64:
		b.int(x)
	case int:
		b.int(int64(x))
	case int32:
		b.int(int64(x))
	case bool:
		b.bool(x)
	case domain.Date:
		b.date(x)
	case time.Time:
		var tmp [64]byte
		t := x.AppendFormat(tmp[:0], sqlite3.SQLiteTimestampFormats[0])
		b.buf = append(b.buf, tagText)
		b.buf = binary.LittleEndian.AppendUint32(b.buf, uint32(len(t)))
		b.buf = append(b.buf, t...)
	case driver.Valuer:
		dv, err := x.Value()
		if err != nil {
			return err
		}
		if _, again := dv.(driver.Valuer); again {
			return fmt.Errorf("value %T returns another driver.Valuer", v)
		}
		return b.value(dv)
	default:
		return fmt.Errorf("cannot bind %T in a packed row", v)
	}
	return nil
}

// rowValues decodes row r back into printable values (for an error message).
func (b *rowBuf) rowValues(r, ncols int) []string {
	if r < 0 || r >= len(b.offs) {
		return nil
	}
	p := b.buf[b.offs[r]:]
	out := make([]string, 0, ncols)
	for i := 0; i < ncols && len(p) > 0; i++ {
		tag := p[0]
		p = p[1:]
		switch tag {
		case tagInt:
			out = append(out, fmt.Sprint(int64(binary.LittleEndian.Uint64(p))))
			p = p[8:]
		case tagText:
			n := int(binary.LittleEndian.Uint32(p))
			out = append(out, fmt.Sprintf("%q", p[4:4+n]))
			p = p[4+n:]
		default:
			out = append(out, "NULL")
		}
	}
	return out
}

// sqliteRowError is a row that SQLite refused inside a packed call. It unwraps to the driver's
// sqlite3.Error, so that callers test codes (isUniqueViolation) as for any statement.
type sqliteRowError struct {
	Row int    // index of the row in the call, -1 for the statement itself
	Msg string // sqlite3_errmsg
	Err sqlite3.Error
}

func (e *sqliteRowError) Error() string { return e.Msg }
func (e *sqliteRowError) Unwrap() error { return e.Err }

// execRows runs query (one row's statement, ncols `?` values) once for each row packed in b, in C, on the
// SQLite connection conn (which holds the import's transaction). It returns the number of rows changed.
// A refused row stops the call with an error naming the row; the caller's transaction is then rolled back.
func execRows(ctx context.Context, conn *sql.Conn, query string, ncols int, b *rowBuf) (int64, error) {
	if b.n == 0 {
		return 0, nil
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	var changes int64
	err := conn.Raw(func(dc any) error {
		h, err := sqliteHandle(dc)
		if err != nil {
			return err
		}
		db := (*C.sqlite3)(h)
		q := (*C.char)(unsafe.Pointer(unsafe.StringData(query))) // read-only, for the call; no Go pointers in it
		var failRow C.int
		var ch C.longlong
		rc := C.steward_exec_rows(db, q, C.int(len(query)), C.int(ncols), (*C.uchar)(unsafe.Pointer(&b.buf[0])),
			C.longlong(len(b.buf)), C.int(b.n), &failRow, &ch)
		changes = int64(ch)
		if rc != 0 {
			msg := C.GoString(C.sqlite3_errmsg(db))
			if msg == "" || msg == "not an error" {
				msg = sqlite3.ErrNoExtended(rc).Error()
			}
			return &sqliteRowError{Row: int(failRow), Msg: msg,
				Err: sqlite3.Error{Code: sqlite3.ErrNo(rc & 0xff), ExtendedCode: sqlite3.ErrNoExtended(rc)}}
		}
		return nil
	})
	return changes, err
}

// sqliteFilename is the file of the main database of handle h (to check that h is a live sqlite3*).
func sqliteFilename(h unsafe.Pointer) string {
	main := [...]byte{'m', 'a', 'i', 'n', 0}
	return C.GoString(C.sqlite3_db_filename((*C.sqlite3)(h), (*C.char)(unsafe.Pointer(&main[0]))))
}

// describeRow names a refused row by table, position and key, e.g. `transactions row 17 (txn_id "T1")`.
func describeRow(b *rowBuf, row int, table string, names []string, keyCol int) string {
	vals := b.rowValues(row, len(names))
	if vals == nil || keyCol < 0 || keyCol >= len(vals) {
		return table + " (the statement)"
	}
	return fmt.Sprintf("%s row %d of the chunk (%s %s)", table, row+1, names[keyCol], vals[keyCol])
}
