// Package storetest opens fresh, migrated stores on every engine for tests: SQLite always, PostgreSQL when
// STEWARD_TEST_PG names a server (make test starts one). With STEWARD_REQUIRE_PG=1 (CI) a missing
// PostgreSQL fails the test instead of skipping it, so the suite cannot quietly test one engine.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/steward-bank/steward/store"
)

// Engines are the engine names ForEach runs on, in order.
func Engines(t testing.TB) []string {
	t.Helper()
	engines := []string{"sqlite"}
	if os.Getenv("STEWARD_TEST_PG") != "" {
		engines = append(engines, "postgres")
	} else if os.Getenv("STEWARD_REQUIRE_PG") == "1" {
		t.Fatal("STEWARD_REQUIRE_PG=1 but STEWARD_TEST_PG is not set: the PostgreSQL half of the suite cannot run")
	}
	return engines
}

// ForEach runs fn as a subtest on a fresh store of each engine.
func ForEach(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	for _, engine := range Engines(t) {
		t.Run(engine, func(t *testing.T) {
			fn(t, Open(t, engine))
		})
	}
}

// Open returns a fresh, migrated store of one engine, removed when the test ends.
func Open(t testing.TB, engine string) *store.Store {
	t.Helper()
	ctx := context.Background()
	url := URL(t, engine)
	s, err := store.Open(ctx, url)
	if err != nil {
		t.Fatalf("open %s store: %v", engine, err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatalf("migrate %s store: %v", engine, err)
	}
	return s
}

// URL returns the URL of a fresh, empty database of one engine (not migrated): a new SQLite file, or a
// new PostgreSQL schema selected through search_path. Both are removed when the test ends.
func URL(t testing.TB, engine string) string {
	t.Helper()
	switch engine {
	case "sqlite":
		return "sqlite:" + filepath.Join(t.TempDir(), "steward.db")
	case "postgres":
		base := os.Getenv("STEWARD_TEST_PG")
		if base == "" {
			t.Skip("STEWARD_TEST_PG not set")
		}
		var b [6]byte
		rand.Read(b[:])
		schema := "t_" + hex.EncodeToString(b[:])
		admin, err := sql.Open("pgx", base)
		if err != nil {
			t.Fatalf("connect to %s: %v", base, err)
		}
		if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
			admin.Close()
			t.Fatalf("create schema %s: %v", schema, err)
		}
		t.Cleanup(func() {
			admin.Exec("DROP SCHEMA " + schema + " CASCADE")
			admin.Close()
		})
		sep := "?"
		if strings.Contains(base, "?") {
			sep = "&"
		}
		return base + sep + "search_path=" + schema
	}
	t.Fatalf("unknown engine %q", engine)
	return ""
}

// OpenSQLite opens (creating it when missing) and migrates the SQLite store at path; the caller closes it.
// Benchmarks use it to keep a store's file from one run to the next.
func OpenSQLite(t testing.TB, path string) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), "sqlite:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

// CopySQLite copies the closed SQLite store at from (its file, log and shared memory, those that exist)
// to to, removing what to has of a log or shared memory that from has not.
func CopySQLite(t testing.TB, from, to string) {
	t.Helper()
	for _, suffix := range []string{"", "-wal", "-shm"} {
		src, err := os.Open(from + suffix)
		if os.IsNotExist(err) && suffix != "" {
			os.Remove(to + suffix)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		dst, err := os.Create(to + suffix)
		if err != nil {
			src.Close()
			t.Fatal(err)
		}
		_, err = io.Copy(dst, src)
		src.Close()
		if cerr := dst.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}
