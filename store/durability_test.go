package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
)

// sqliteFull is PRAGMA synchronous's value for FULL: every commit waits for the log to reach the disk.
const sqliteFull = 2

// TestSQLiteCommitsAreSynced holds the promise of the README: a commit that has returned (a person's write,
// an applied batch, a saved rating) survives a power cut. In WAL mode SQLite's synchronous=NORMAL syncs the
// log only at checkpoints, so the last commits before a power cut could roll back; every connection the
// store commits on must run with FULL.
func TestSQLiteCommitsAreSynced(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	check := func(what string, q interface {
		QueryRowContext(context.Context, string, ...any) *sql.Row
	}) {
		t.Helper()
		var got int
		if err := q.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&got); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if got != sqliteFull {
			t.Errorf("%s: synchronous = %d, want %d (FULL)", what, got, sqliteFull)
		}
	}
	// Several connections of the pool at once, so that each is a different one.
	var conns []*sql.Conn
	for range 4 {
		c, err := s.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		check("a pool connection", c)
	}
	for _, c := range conns {
		c.Close()
	}
	if err := s.Tx(ctx, func(tx *sql.Tx) error { check("Tx (a person's write)", tx); return nil }); err != nil {
		t.Fatal(err)
	}
	if err := s.connTx(ctx, func(tx *sql.Tx, _ *sql.Conn) error { check("connTx (the rating's save)", tx); return nil }); err != nil {
		t.Fatal(err)
	}
	if err := s.importTx(ctx, func(tx *sql.Tx, _ *sql.Conn) error { check("importTx (a batch)", tx); return nil }); err != nil {
		t.Fatal(err)
	}
}
