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
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"github.com/mattn/go-sqlite3"
	"github.com/steward-bank/steward/domain"
)

// scanBufBytes is the size of the buffer a C read fills per call: rows are packed into it in C, and
// decoded in Go, without a cgo call, an allocation or a reflective conversion per row and column.
const scanBufBytes = 1 << 20

// scanBufs are the read buffers of scanRowsC, reused: a re-rating runs a dozen reads, and a nightly pass a
// read per chunk of clients.
var scanBufs = sync.Pool{New: func() any { b := make([]byte, scanBufBytes); return &b }}

// afterBind, when set (by tests), runs between binding the arguments and the first step.
var afterBind func()

// scanRowsC runs query on the SQLite connection conn and calls fn for every row, exactly as scanRows does
// through database/sql, but reads the rows in C (steward_fill_rows), a buffer at a time. fn's scan fills
// destinations of the kinds the store reads (cValue.scanInto); like database/sql's, it converts integers
// and text as needed and refuses a NULL where its destination cannot hold one.
//
// The rows are read inside conn.Raw, which holds the connection's lock: fn must not use conn. The rating
// passes' reads and the import's reads of what it compares use it on SQLite; PostgreSQL, and the store's
// other queries, go through scanRows.
func scanRowsC(ctx context.Context, conn *sql.Conn, query string, fn func(scan func(...any) error) error, args ...any) error {
	return scanC(ctx, conn, query, 0, fn, args)
}

// scanKeyedC runs query, which takes k parameters, once for each key of keys (k values each, flattened),
// on the SQLite connection conn, and calls fn for every row of every key, in the keys' order; as scanRowsC,
// in C (steward_fill_keyed). A lookup of many keys by one prepared statement costs less than IN lists of
// them: SQLite parses no list and builds no temporary index of it.
func scanKeyedC(ctx context.Context, conn *sql.Conn, query string, k int, fn func(scan func(...any) error) error, keys ...any) error {
	if k < 1 || len(keys)%k != 0 {
		return fmt.Errorf("query %.60s: %d values are not keys of %d", query, len(keys), k)
	}
	if len(keys) == 0 {
		return nil
	}
	return scanC(ctx, conn, query, k, fn, keys)
}

// scanC is scanRowsC (k = 0: args bound once) and scanKeyedC (k > 0: args are keys of k values).
func scanC(ctx context.Context, conn *sql.Conn, query string, k int, fn func(scan func(...any) error) error, args []any) error {
	var params rowBuf
	params.startRow()
	for i, a := range args {
		if err := params.value(a); err != nil {
			return fmt.Errorf("query %.60s: argument %d: %w", query, i+1, err)
		}
	}
	err := conn.Raw(func(dc any) error {
		h, err := sqliteHandle(dc)
		if err != nil {
			return err
		}
		db := (*C.sqlite3)(h)
		failure := func(rc C.int) error {
			msg := C.GoString(C.sqlite3_errmsg(db))
			if msg == "" || msg == "not an error" {
				msg = sqlite3.ErrNoExtended(rc).Error()
			}
			return &sqliteRowError{Row: -1, Msg: msg, Err: sqlite3.Error{Code: sqlite3.ErrNo(rc & 0xff), ExtendedCode: sqlite3.ErrNoExtended(rc)}}
		}
		var stmt *C.sqlite3_stmt
		q := (*C.char)(unsafe.Pointer(unsafe.StringData(query)))
		if rc := C.sqlite3_prepare_v2(db, q, C.int(len(query)), &stmt, nil); rc != 0 {
			return failure(C.sqlite3_extended_errcode(db))
		}
		defer C.sqlite3_finalize(stmt)
		if n := int(C.sqlite3_bind_parameter_count(stmt)); (k == 0 && n != len(args)) || (k > 0 && n != k) {
			return fmt.Errorf("the statement takes %d arguments, %d given", n, max(k, len(args)))
		}
		if k == 0 && len(args) > 0 {
			p := (*C.uchar)(unsafe.Pointer(&params.buf[0]))
			if rc := C.steward_bind_buf(stmt, C.int(len(args)), p, C.longlong(len(params.buf))); rc != 0 {
				return failure(rc)
			}
		}
		if afterBind != nil {
			afterBind()
		}
		ncols := int(C.sqlite3_column_count(stmt))
		pooled := scanBufs.Get().(*[]byte)
		defer scanBufs.Put(pooled)
		buf := *pooled
		row := cRow{vals: make([]cValue, ncols)}
		scan := row.scan // one method value for every row
		var pending, key, bound C.int
		var at C.longlong
		for {
			if err := ctx.Err(); err != nil {
				return err
			}
			var nrows C.int
			var used C.longlong
			var rc C.int
			if k == 0 {
				rc = C.steward_fill_rows(db, stmt, (*C.uchar)(unsafe.Pointer(&buf[0])), C.longlong(len(buf)), &pending, &nrows, &used)
			} else {
				rc = C.steward_fill_keyed(db, stmt, C.int(k), (*C.uchar)(unsafe.Pointer(&params.buf[0])), C.longlong(len(params.buf)),
					C.int(len(args)/k), &key, &at, &bound, (*C.uchar)(unsafe.Pointer(&buf[0])), C.longlong(len(buf)), &pending, &nrows, &used)
			}
			if rc != 0 && rc != 101 {
				return failure(rc)
			}
			if rc == 0 && nrows == 0 { // one row larger than the buffer
				buf = make([]byte, int(used))
				continue
			}
			p := buf[:used]
			for range int(nrows) {
				p = row.decode(p)
				if err := fn(scan); err != nil {
					return err
				}
			}
			if rc == 101 {
				return nil
			}
		}
	})
	if err != nil {
		return fmt.Errorf("query %.60s: %w", query, err)
	}
	return nil
}

// cValue is one column of a row packed by steward_fill_rows. b aliases the read buffer: it is valid until
// the next row is decoded.
type cValue struct {
	tag byte
	i   int64
	b   []byte
}

type cRow struct{ vals []cValue }

// decode reads one row from the front of p and returns the rest.
func (r *cRow) decode(p []byte) []byte {
	for i := range r.vals {
		v := &r.vals[i]
		v.tag, p = p[0], p[1:]
		switch v.tag {
		case tagInt, tagFloat:
			v.i, p = int64(binary.LittleEndian.Uint64(p)), p[8:]
		case tagText, tagBlob:
			n := int(binary.LittleEndian.Uint32(p))
			v.b, p = p[4:4+n], p[4+n:]
		}
	}
	return p
}

// Value tags beyond those the row binder writes (sqlite_c.h).
const (
	tagFloat byte = 3
	tagBlob  byte = 4
)

func (r *cRow) scan(dest ...any) error {
	if len(dest) != len(r.vals) {
		return fmt.Errorf("sql: expected %d destination arguments in Scan, not %d", len(r.vals), len(dest))
	}
	for i, d := range dest {
		if err := r.vals[i].scanInto(d); err != nil {
			return fmt.Errorf("sql: Scan error on column index %d: %w", i, err)
		}
	}
	return nil
}

// scanInto converts the value into dest as database/sql's Scan would for the driver's values: int64 for
// INTEGER, float64 for REAL, string for TEXT, []byte for BLOB, nil for NULL.
func (v *cValue) scanInto(dest any) error {
	switch d := dest.(type) {
	case *string:
		switch v.tag {
		case tagText, tagBlob:
			*d = string(v.b)
		case tagInt:
			*d = strconv.FormatInt(v.i, 10)
		case tagFloat:
			*d = strconv.FormatFloat(math.Float64frombits(uint64(v.i)), 'g', -1, 64)
		default:
			return fmt.Errorf("converting NULL to string is unsupported")
		}
	case *int64:
		n, err := v.integer()
		if err != nil {
			return err
		}
		*d = n
	case *int:
		n, err := v.integer()
		if err != nil {
			return err
		}
		*d = int(n)
	case *bool:
		n, err := v.integer()
		if err != nil {
			return err
		}
		*d = n != 0
	case *sql.RawBytes: // as database/sql's: the bytes alias the read buffer until the next row
		switch v.tag {
		case tagNull:
			*d = nil
		case tagText, tagBlob:
			*d = v.b
		default:
			return fmt.Errorf("converting a number to RawBytes is unsupported here")
		}
	case *[]byte:
		switch v.tag {
		case tagNull:
			*d = nil
		case tagText, tagBlob:
			*d = append([]byte(nil), v.b...)
		default:
			return fmt.Errorf("converting a number to []byte is unsupported here")
		}
	case *domain.Date: // the store's dates, read without a string per value (else as Date.Scan)
		if v.tag == tagText && len(v.b) >= 10 && v.b[4] == '-' {
			var err error
			*d, err = domain.ParseISO(v.b[:10])
			return err
		}
		return d.Scan(v.driverValue())
	case *sql.Null[domain.Date]:
		if v.tag == tagNull {
			*d = sql.Null[domain.Date]{}
			return nil
		}
		d.Valid = true
		return v.scanInto(&d.V)
	case sql.Scanner:
		return d.Scan(v.driverValue())
	default:
		return fmt.Errorf("unsupported destination %T", dest)
	}
	return nil
}

func (v *cValue) integer() (int64, error) {
	switch v.tag {
	case tagInt:
		return v.i, nil
	case tagText, tagBlob:
		n, err := strconv.ParseInt(string(v.b), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("converting %q to an integer: %w", v.b, err)
		}
		return n, nil
	case tagFloat:
		return 0, fmt.Errorf("converting a REAL to an integer is unsupported here")
	}
	return 0, fmt.Errorf("converting NULL to an integer is unsupported")
}

// driverValue is the value as the driver would hand it to a sql.Scanner (text as a string; a DATE column
// is text, which domain.Date scans).
func (v *cValue) driverValue() any {
	switch v.tag {
	case tagInt:
		return v.i
	case tagFloat:
		return math.Float64frombits(uint64(v.i))
	case tagText:
		return string(v.b)
	case tagBlob:
		return append([]byte(nil), v.b...)
	}
	return nil
}

// scanCacheKiB is the SQLite page cache of a connection while it runs a bulk read (negative: KiB), 8 MiB.
// A scan reads each page once, so a large cache only costs: every page it fills is fresh memory, and on
// the virtual machines banks run, the first touch of a memory page (a page fault) costs tens of
// microseconds, several times the read of a database page from the operating system's cache. Measured on
// a 54 MB table: 85 ms cold with 4 MiB, 360 – 440 ms with 64 or 200 MiB, 50 ms once the cache is warm.
const scanCacheKiB = -8192

// readRows runs a read-only query on the store's pool and calls fn for every row: on SQLite in C
// (scanRowsC) on a connection of its own for the query, on PostgreSQL through database/sql.
func (s *Store) readRows(ctx context.Context, query string, fn func(scan func(...any) error) error, args ...any) error {
	return s.read(ctx, 0, query, fn, args...)
}

// scanTable is readRows for a query that reads a whole table (or most of it): on SQLite the connection
// runs it with a small page cache (scanCacheKiB; the store's is restored after). Queries that look up keys
// keep the usual cache, whose pages serve the next lookups.
func (s *Store) scanTable(ctx context.Context, query string, fn func(scan func(...any) error) error, args ...any) error {
	return s.read(ctx, scanCacheKiB, query, fn, args...)
}

// read is readRows with, when cacheKiB is not 0, that page cache for the query on SQLite.
func (s *Store) read(ctx context.Context, cacheKiB int, query string, fn func(scan func(...any) error) error, args ...any) error {
	if s.dialect != SQLite {
		return scanRows(ctx, s.db, query, fn, args...)
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("query %.60s: %w", query, err)
	}
	defer conn.Close()
	if cacheKiB != 0 {
		restore, err := withCache(ctx, conn, cacheKiB)
		if err != nil {
			return fmt.Errorf("query %.60s: %w", query, err)
		}
		defer restore()
	}
	return scanRowsC(ctx, conn, query, fn, args...)
}

// readByKey reads the rows that query (ending in "WHERE" or "AND") has for each key of keys, k values a
// key matched on cols (k of them). With a SQLite connection, conn, one statement is stepped per key in C
// (scanKeyedC); otherwise (PostgreSQL) q runs IN lists of up to 500 keys. The rows come in no particular
// order.
func (s *Store) readByKey(ctx context.Context, q queryer, conn *sql.Conn, query string, cols []string, keys []any,
	fn func(scan func(...any) error) error) error {
	k := len(cols)
	if conn != nil {
		return scanKeyedC(ctx, conn, query+" "+strings.Join(cols, " = ? AND ")+" = ?", k, fn, keys...)
	}
	tuple := "(" + placeholders(k) + ")"
	for i := 0; i < len(keys); i += 500 * k {
		chunk := keys[i:min(i+500*k, len(keys))]
		text := query + " (" + strings.Join(cols, ", ") + ") IN (VALUES " + strings.TrimSuffix(strings.Repeat(tuple+", ", len(chunk)/k), ", ") + ")"
		if k == 1 {
			text = query + " " + cols[0] + " IN (" + placeholders(len(chunk)) + ")"
		}
		if err := scanRows(ctx, q, s.Rebind(text), fn, chunk...); err != nil {
			return err
		}
	}
	return nil
}

// lookup reads the rows of query (ending in "WHERE" or "AND") for each of keys, matched on col, outside
// a transaction (readByKey; on SQLite, on one connection of the pool).
func (s *Store) lookup(ctx context.Context, query, col string, keys []string, fn func(scan func(...any) error) error) error {
	if len(keys) == 0 {
		return nil
	}
	if s.dialect != SQLite {
		return s.readByKey(ctx, s.db, nil, query, []string{col}, anys(keys), fn)
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("query %.60s: %w", query, err)
	}
	defer conn.Close()
	// One read transaction for all the keys: outside one, SQLite begins and ends one (taking and dropping
	// the WAL's read lock) for every execution of the statement, which costs more than the lookup itself.
	if _, err := conn.ExecContext(ctx, "BEGIN"); err != nil {
		return fmt.Errorf("query %.60s: %w", query, err)
	}
	// In key order, so that neighbouring keys' pages are read once (an IN list is sorted by SQLite).
	keys = slices.Clone(keys)
	slices.Sort(keys)
	err = s.readByKey(ctx, nil, conn, query, []string{col}, anys(keys), fn)
	if _, cerr := conn.ExecContext(context.WithoutCancel(ctx), "COMMIT"); cerr != nil {
		conn.Raw(func(any) error { return driver.ErrBadConn }) // not back to the pool inside a transaction
		return errors.Join(err, fmt.Errorf("query %.60s: end the read: %w", query, cerr))
	}
	return err
}

// withCache gives the SQLite connection conn a page cache of kib (negative: KiB) for one piece of work;
// restore gives it back the store's usual one before it returns to the pool.
func withCache(ctx context.Context, conn *sql.Conn, kib int) (restore func(), err error) {
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = %d", kib)); err != nil {
		return nil, fmt.Errorf("page cache: %w", err)
	}
	return func() {
		conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf("PRAGMA cache_size = %d", storeCacheKiB))
	}, nil
}
