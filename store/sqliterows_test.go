package store

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mattn/go-sqlite3"
	"github.com/steward-bank/steward/domain"
)

func openRawSQLite(t *testing.T) (*sql.DB, *sql.Conn, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "raw.db")
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return db, conn, path
}

// TestSQLiteHandleLayout guards the one place that reaches into github.com/mattn/go-sqlite3: the import binds
// rows in C against the sqlite3* the driver keeps in the unexported field db of *sqlite3.SQLiteConn. If an
// upgrade of the driver (pinned in go.mod) moves, renames or retypes that field, this fails, and so does
// every import on SQLite, with the same message.
func TestSQLiteHandleLayout(t *testing.T) {
	f, ok := reflect.TypeFor[sqlite3.SQLiteConn]().FieldByName("db")
	if !ok {
		t.Fatal("*sqlite3.SQLiteConn has no field db: the driver changed; the import cannot bind rows in C (store/sqlitehandle.go)")
	}
	if f.Type.Kind() != reflect.Pointer || f.Type.Elem().Name() != "_Ctype_struct_sqlite3" {
		t.Fatalf("*sqlite3.SQLiteConn.db is %s, want *C.sqlite3: the driver changed (store/sqlitehandle.go)", f.Type)
	}
	_, conn, path := openRawSQLite(t)
	err := conn.Raw(func(dc any) error {
		h, err := sqliteHandle(dc)
		if err != nil {
			return err
		}
		if got := sqliteFilename(h); got != path {
			t.Errorf("the handle's database file is %q, want %q: the pointer read is not the connection's sqlite3*", got, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sqliteHandle(struct{}{}); err == nil {
		t.Error("sqliteHandle accepted a value that is not a *sqlite3.SQLiteConn")
	}
}

// TestExecRows checks that packed rows store the same values database/sql stores, that the rows run inside
// the transaction open on the connection, and that a refused row is named and rolls back with the rest.
func TestExecRows(t *testing.T) {
	ctx := context.Background()
	_, conn, _ := openRawSQLite(t)
	if _, err := conn.ExecContext(ctx, `CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER, d DATE, ts TIMESTAMP, b BOOLEAN, z TEXT) WITHOUT ROWID`); err != nil {
		t.Fatal(err)
	}
	ts := time.Date(2026, 5, 1, 8, 30, 15, 123456000, time.UTC)
	day := domain.NewDate(2026, 5, 1)
	row := func(id string) []any { return []any{id, int64(-42), day, ts, true, nil} }
	const q = "INSERT INTO t (id, n, d, ts, b, z) VALUES (?, ?, ?, ?, ?, ?)"
	names := []string{"id", "n", "d", "ts", "b", "z"}

	// The reference row, through database/sql.
	if _, err := conn.ExecContext(ctx, q, row("ref")...); err != nil {
		t.Fatal(err)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var rb rowBuf
	for _, id := range []string{"a", "b", "c"} {
		rb.startRow()
		for _, v := range row(id) {
			if err := rb.value(v); err != nil {
				t.Fatal(err)
			}
		}
	}
	n, err := execRows(ctx, conn, q, 6, &rb)
	if err != nil || n != 3 {
		t.Fatalf("execRows = %d, %v; want 3 rows", n, err)
	}
	// Visible to the transaction's own statements.
	var count int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM t").Scan(&count); err != nil || count != 4 {
		t.Fatalf("count in the transaction = %d, %v; want 4", count, err)
	}
	var same int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM t x JOIN t r ON r.id = 'ref' WHERE x.id = 'b' AND x.n = r.n
		AND x.d = r.d AND x.ts = r.ts AND x.b = r.b AND x.z IS NULL AND typeof(x.ts) = typeof(r.ts) AND typeof(x.d) = typeof(r.d)`).Scan(&same); err != nil || same != 1 {
		t.Fatalf("packed row differs from the row database/sql wrote (%d, %v)", same, err)
	}

	// A duplicate key in the middle of a call: named, coded as the driver codes it.
	rb.reset()
	for _, id := range []string{"d", "a", "e"} {
		rb.startRow()
		for _, v := range row(id) {
			if err := rb.value(v); err != nil {
				t.Fatal(err)
			}
		}
	}
	_, err = execRows(ctx, conn, q, 6, &rb)
	var re *sqliteRowError
	if !errors.As(err, &re) || re.Row != 1 {
		t.Fatalf("error = %v; want row 1 refused", err)
	}
	var se sqlite3.Error
	if !errors.As(err, &se) || se.ExtendedCode != sqlite3.ErrConstraintPrimaryKey || !isUniqueViolation(err) {
		t.Fatalf("error %v: extended code %d, want %d (primary key)", err, se.ExtendedCode, sqlite3.ErrConstraintPrimaryKey)
	}
	if d := describeRow(&rb, re.Row, "t", names, 0); !strings.Contains(d, `id "a"`) || strings.Contains(d, "-42") {
		t.Errorf("describeRow = %s; want the refused row's key and nothing else", d)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM t").Scan(&count); err != nil || count != 1 {
		t.Fatalf("after rollback: %d rows, %v; want only the reference row", count, err)
	}

	// A statement that does not take the values given is refused before any row.
	rb.reset()
	rb.startRow()
	rb.text("x")
	if _, err := execRows(ctx, conn, "INSERT INTO t (id, n) VALUES (?, ?)", 1, &rb); err == nil {
		t.Error("a statement with 2 parameters ran with 1 value a row")
	}
}

// TestImportConnection checks that imports run on one kept connection with the large page cache, that the
// store's other connections keep theirs, and that a broken import connection is replaced.
func TestImportConnection(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cacheIn := func() (got int, conn *sql.Conn) {
		t.Helper()
		err := s.importTx(ctx, func(tx *sql.Tx, c *sql.Conn) error {
			conn = c
			return tx.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&got)
		})
		if err != nil {
			t.Fatal(err)
		}
		return got, conn
	}
	got, first := cacheIn()
	if got != importCacheKiB {
		t.Errorf("import connection cache_size = %d, want %d", got, importCacheKiB)
	}
	if _, again := cacheIn(); again != first {
		t.Error("the second import did not run on the kept connection")
	}
	var other int
	if err := s.db.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&other); err != nil || other != storeCacheKiB {
		t.Errorf("another connection's cache_size = %d (%v), want %d", other, err, storeCacheKiB)
	}
	first.Close() // as if the connection had broken
	got, replaced := cacheIn()
	if replaced == first || got != importCacheKiB {
		t.Errorf("after the import connection closed: same connection %v, cache_size %d", replaced == first, got)
	}
}

// TestRatingRowPack checks that a rating row packed field by field (SaveRatings on SQLite) is the row its
// values would pack: the same columns, in the same order, converted the same way.
func TestRatingRowPack(t *testing.T) {
	for _, r := range []RatingRow{
		{ClientID: "C1"},
		{ClientID: "C000000002", RatingMonth: 202603, RatedOn: domain.NewDate(2026, 3, 1), StarPoints: 123456, PointsNow: -7,
			PointsStars: 5, Contribution: 5, Service: 6, Floor: 6, Below: 1, Warning: true, Near: true, Tier: "T3", Class: "A",
			PeakAUM: 1 << 40, Loyalty: 77, Matrix: "core", ParetoTop: true, Lifecycle: "active", LifecycleCause: "x", Potential: 42,
			Signals: 5, ContribValue: 99, RecheckOn: domain.NewDate(2026, 4, 9)},
	} {
		var packed, valued rowBuf
		packed.startRow()
		r.pack(&packed)
		valued.startRow()
		vals := r.values()
		if len(vals) != len(strings.Fields(strings.ReplaceAll(ratingColumns, ",", " "))) {
			t.Fatalf("%d values for the rating columns", len(vals))
		}
		for _, v := range vals {
			if err := valued.value(v); err != nil {
				t.Fatal(err)
			}
		}
		if !reflect.DeepEqual(packed.buf, valued.buf) {
			t.Errorf("%s: packed %v, want %v", r.ClientID, packed.rowValues(0, len(vals)), valued.rowValues(0, len(vals)))
		}
	}
}
