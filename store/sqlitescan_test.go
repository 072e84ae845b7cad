package store

import (
	"context"
	"database/sql"
	"errors"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/mattn/go-sqlite3"
	"github.com/steward-bank/steward/domain"
)

// TestScanRowsC checks the C row reader against database/sql's, value for value, on every kind of value
// the store reads: integers at their limits, text (empty, Chinese, larger than the read buffer), NULLs,
// REAL, BLOB, booleans, dates and nullable dates; and that it refuses what database/sql refuses.
func TestScanRowsC(t *testing.T) {
	ctx := context.Background()
	db, conn, _ := openRawSQLite(t)
	big := strings.Repeat("珅", scanBufBytes/3+100) // one value larger than the whole buffer
	if _, err := db.ExecContext(ctx, `CREATE TABLE t (id INTEGER PRIMARY KEY, n BIGINT, s TEXT, d DATE, f REAL, b BLOB, ok BOOLEAN)`); err != nil {
		t.Fatal(err)
	}
	rows := [][]any{
		{1, int64(-9223372036854775808), "", "2026-02-28", 1.5, []byte{0, 1, 2}, true},
		{2, int64(9223372036854775807), "王珅|先生", nil, nil, nil, false},
		{3, 0, big, "2024-02-29", -0.25, []byte{}, nil},
	}
	for i := 4; i < 5000; i++ { // enough rows to fill the buffer several times
		rows = append(rows, []any{i, i * 1000, strings.Repeat("x", i%300), "2025-12-31", float64(i), nil, i%2 == 0})
	}
	for _, r := range rows {
		if _, err := db.ExecContext(ctx, `INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)`, r...); err != nil {
			t.Fatal(err)
		}
	}
	type row struct {
		ID   int
		N    int64
		S    string
		D    sql.Null[domain.Date]
		F    sql.Null[float64]
		B    []byte
		OK   sql.Null[bool]
		Text string // n as text
	}
	read := func(scan func(context.Context, string, func(func(...any) error) error, ...any) error) []row {
		var out []row
		err := scan(ctx, `SELECT id, n, s, d, f, b, ok, n FROM t WHERE id >= ? ORDER BY id`, func(sc func(...any) error) error {
			var r row
			if err := sc(&r.ID, &r.N, &r.S, &r.D, &r.F, &r.B, &r.OK, &r.Text); err != nil {
				return err
			}
			out = append(out, r)
			return nil
		}, 1)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	want := read(func(ctx context.Context, q string, fn func(func(...any) error) error, args ...any) error {
		return scanRows(ctx, db, q, fn, args...)
	})
	got := read(func(ctx context.Context, q string, fn func(func(...any) error) error, args ...any) error {
		return scanRowsC(ctx, conn, q, fn, args...)
	})
	if len(got) != len(rows) || len(want) != len(rows) {
		t.Fatalf("read %d rows in C and %d through database/sql, want %d", len(got), len(want), len(rows))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) && !(len(got[i].B) == 0 && len(want[i].B) == 0) {
			t.Errorf("row %d: C read %+v, database/sql read %+v", i+1, got[i], want[i])
		}
	}
	if got[2].S != big || got[1].S != "王珅|先生" || got[0].D.V != domain.NewDate(2026, 2, 28) || got[1].D.Valid {
		t.Errorf("values not read back as stored: %q…, %q, %v, %v", got[2].S[:9], got[1].S, got[0].D, got[1].D)
	}

	// Text arguments stay bound while the statement is stepped, however the Go memory they came from is
	// collected and reused after the binding.
	var ids []any
	for i := range 400 {
		ids = append(ids, strings.Repeat("x", i%300))
	}
	var packed rowBuf // the size of the arguments' buffer, for garbage of the same size class
	packed.startRow()
	for _, id := range ids {
		if err := packed.value(id); err != nil {
			t.Fatal(err)
		}
	}
	var garbage [][]byte
	afterBind = func() {
		for range 3 {
			runtime.GC()
			for range 20 {
				garbage = append(garbage, []byte(strings.Repeat("y", len(packed.buf))))
			}
		}
	}
	defer func() { afterBind = nil }()
	matched := 0
	err := scanRowsC(ctx, conn, "SELECT id FROM t WHERE s IN ("+placeholders(len(ids))+")", func(sc func(...any) error) error {
		matched++
		return nil
	}, ids...)
	if err != nil {
		t.Fatal(err)
	}
	afterBind = nil
	var want2 int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM t WHERE s IN ("+placeholders(len(ids))+")", ids...).Scan(&want2); err != nil {
		t.Fatal(err)
	}
	if matched != want2 || want2 < 4000 {
		t.Errorf("C read matched %d rows on text arguments, database/sql %d", matched, want2)
	}

	refused := func(name, q string, fn func(func(...any) error) error, args ...any) {
		t.Helper()
		if err := scanRowsC(ctx, conn, q, fn, args...); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	none := func(func(...any) error) error { return nil }
	refused("bad SQL", "SELECT nothing FROM nowhere", none)
	refused("too few arguments", "SELECT id FROM t WHERE id = ?", none)
	refused("too many arguments", "SELECT id FROM t", none, 1)
	refused("NULL into int64", "SELECT f FROM t WHERE id = 2", func(sc func(...any) error) error { var n int64; return sc(&n) })
	refused("NULL into string", "SELECT d FROM t WHERE id = 2", func(sc func(...any) error) error { var s string; return sc(&s) })
	refused("text into int64", "SELECT s FROM t WHERE id = 2", func(sc func(...any) error) error { var n int64; return sc(&n) })
	refused("wrong number of destinations", "SELECT id, n FROM t", func(sc func(...any) error) error { var n int64; return sc(&n) })
	stop := errors.New("stop")
	if err := scanRowsC(ctx, conn, "SELECT id FROM t", func(func(...any) error) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("the callback's error was not returned: %v", err)
	}
	var se sqlite3.Error
	if err := scanRowsC(ctx, conn, "SELECT nothing FROM nowhere", none); !errors.As(err, &se) || se.Code != sqlite3.ErrError {
		t.Errorf("a bad statement's error does not unwrap to the driver's error: %v", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := scanRowsC(cancelled, conn, "SELECT id FROM t", none); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled context read on: %v", err)
	}
	// The connection is still usable after every refusal (each statement was finalized).
	var n int
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM t").Scan(&n); err != nil || n != len(rows) {
		t.Errorf("connection after the refusals: %d rows, %v", n, err)
	}
}

// TestScanKeyedC: a statement run once per key returns every key's rows in the keys' order (none, one,
// several, and rows that fill the read buffer many times over, one of them larger than the buffer), with
// keys of one and of two values, and refuses keys that do not fit the statement.
func TestScanKeyedC(t *testing.T) {
	ctx := context.Background()
	db, conn, _ := openRawSQLite(t)
	big := strings.Repeat("珅", scanBufBytes/3+100)
	if _, err := db.ExecContext(ctx, `CREATE TABLE t (g TEXT, h INTEGER, s TEXT)`); err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{}
	for i := range 3000 {
		g := []string{"a", "b", "c"}[i%3]
		s := strings.Repeat("x", i%500)
		if i == 1500 {
			s = big
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO t VALUES (?, ?, ?)`, g, i%7, s); err != nil {
			t.Fatal(err)
		}
		want[g] = append(want[g], s)
	}
	var got []string
	collect := func(sc func(...any) error) error {
		var g, s string
		if err := sc(&g, &s); err != nil {
			return err
		}
		got = append(got, g+":"+s)
		return nil
	}
	// One value a key: c, a missing key, a, c again.
	if err := scanKeyedC(ctx, conn, "SELECT g, s FROM t WHERE g = ? ORDER BY rowid", 1, collect, "c", "none", "a", "c"); err != nil {
		t.Fatal(err)
	}
	var expect []string
	for _, g := range []string{"c", "a", "c"} {
		for _, s := range want[g] {
			expect = append(expect, g+":"+s)
		}
	}
	if !reflect.DeepEqual(got, expect) {
		t.Errorf("keyed rows: %d rows, want %d (or out of order)", len(got), len(expect))
	}
	// Two values a key.
	got = nil
	if err := scanKeyedC(ctx, conn, "SELECT COALESCE(max(g), '-'), count(*) FROM t WHERE g = ? AND h = ?", 2, collect, "a", 0, "b", 6, "z", 1); err != nil {
		t.Fatal(err)
	}
	var want2 []string
	for _, k := range []struct {
		g string
		h int
	}{{"a", 0}, {"b", 6}, {"z", 1}} {
		var n int
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM t WHERE g = ? AND h = ?", k.g, k.h).Scan(&n); err != nil {
			t.Fatal(err)
		}
		g := k.g
		if n == 0 {
			g = "-"
		}
		want2 = append(want2, g+":"+strconv.Itoa(n))
	}
	if !reflect.DeepEqual(got, want2) {
		t.Errorf("two-value keys: %v, want %v", got, want2)
	}
	if err := scanKeyedC(ctx, conn, "SELECT g, s FROM t WHERE g = ? AND h = ?", 2, collect, "a", 0, "b"); err == nil {
		t.Error("three values for keys of two: no error")
	}
	if err := scanKeyedC(ctx, conn, "SELECT g, s FROM t WHERE g = ?", 2, collect, "a", 0); err == nil {
		t.Error("keys of two values for a statement of one: no error")
	}
	got = nil
	if err := scanKeyedC(ctx, conn, "SELECT g, s FROM t WHERE g = ?", 1, collect); err != nil || got != nil {
		t.Errorf("no keys: %v, %v", got, err)
	}
}
