// Package store keeps Steward's data in SQLite (embedded, the default) or PostgreSQL (production), behind
// one API with the same behaviour on both. SQL is written once, in portable standard SQL with `?`
// placeholders that are rebound for PostgreSQL; the few engine differences (auto-increment keys, collation
// for prefix search, timestamp types) are macros in the migrations.
//
// Every method that returns client data takes the caller's access.Scope and applies it inside the query.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL driver "pgx"
	_ "github.com/mattn/go-sqlite3"    // SQLite driver "sqlite3"
)

// Dialect is the database engine behind a Store.
type Dialect int

// The engines Steward runs on.
const (
	SQLite Dialect = iota
	Postgres
)

func (d Dialect) String() string {
	if d == Postgres {
		return "postgres"
	}
	return "sqlite"
}

// storeCacheKiB is the SQLite page cache of each connection (negative: KiB), 64 MiB.
const storeCacheKiB = -65536

// DefaultURL is where the embedded database lives when nothing else is configured.
const DefaultURL = "sqlite:./data/steward.db"

// Store is Steward's persistence.
type Store struct {
	db      *sql.DB
	dialect Dialect
	url     string
	// Now is the clock; tests replace it.
	Now func() time.Time

	rebound sync.Map // query text → rebound text (PostgreSQL)

	importMu   sync.Mutex
	importConn *sql.Conn // SQLite: the connection imports run on (importConnection), once opened

	ckpt checkpointer // SQLite: copies the WAL of large writes into the database file in the background
}

// Open connects to the database named by url: "sqlite:PATH" (or a path ending in .db) or
// "postgres://…"/"postgresql://…". It does not migrate; call Migrate.
func Open(ctx context.Context, url string) (*Store, error) {
	if url == "" {
		url = DefaultURL
	}
	s := &Store{url: url, Now: time.Now}
	switch {
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		s.dialect = Postgres
		db, err := sql.Open("pgx", url)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		db.SetMaxOpenConns(16)
		db.SetMaxIdleConns(16)
		db.SetConnMaxIdleTime(5 * time.Minute)
		s.db = db
	case strings.HasPrefix(url, "sqlite:"), strings.HasSuffix(url, ".db"):
		s.dialect = SQLite
		path := strings.TrimPrefix(url, "sqlite:")
		if path == "" {
			return nil, fmt.Errorf("open sqlite: empty path in %q", url)
		}
		if dir := filepath.Dir(path); dir != "" {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("open sqlite: create directory %s: %w", dir, err)
			}
		}
		// WAL lets readers run beside the one writer; immediate transactions take the write lock at BEGIN
		// so that two writers queue on the busy timeout instead of failing with SQLITE_BUSY mid-transaction.
		// _mutex=no opens each connection without SQLite's per-connection mutex ("multi-thread" mode):
		// database/sql never uses a connection from two goroutines at once, and the store's C reads and
		// writes run inside conn.Raw, which holds it (docs/decisions.md).
		// synchronous=FULL on every connection: a commit returns only once its log has reached the disk, so
		// what a person was told is saved, and a batch reported applied, survive a power cut (with NORMAL,
		// WAL mode syncs only at checkpoints and the last commits could roll back). It costs one fsync a
		// commit, nothing on reads (docs/decisions.md, Operations).
		dsn := "file:" + path + "?_journal_mode=WAL&_busy_timeout=10000&_foreign_keys=1&_synchronous=FULL&_txlock=immediate&_mutex=no&_cache_size=" + strconv.Itoa(storeCacheKiB)
		db, err := sql.Open("sqlite3", dsn)
		if err != nil {
			return nil, fmt.Errorf("open sqlite %s: %w", path, err)
		}
		db.SetMaxOpenConns(8)
		db.SetMaxIdleConns(8)
		s.db = db
	default:
		return nil, fmt.Errorf("database URL %q: want sqlite:PATH or postgres://…", url)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := s.db.PingContext(pingCtx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("connect to %s database: %w", s.dialect, err)
	}
	return s, nil
}

// Close waits for a checkpoint under way and releases the connections.
func (s *Store) Close() error {
	s.WaitCheckpoint()
	s.importMu.Lock()
	if s.importConn != nil {
		s.importConn.Close()
		s.importConn = nil
	}
	s.importMu.Unlock()
	return s.db.Close()
}

// Dialect is the engine behind the store.
func (s *Store) Dialect() Dialect { return s.dialect }

// DB exposes the connection pool for packages that own their own tables (the importer); they must keep to
// the store's conventions (Rebind, UTC timestamps, fen).
func (s *Store) DB() *sql.DB { return s.db }

// Ping reports whether the database answers (health checks).
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// Rebind turns `?` placeholders into the engine's own ($1, $2 … for PostgreSQL). Queries never hold a
// literal question mark.
func (s *Store) Rebind(query string) string {
	if s.dialect != Postgres {
		return query
	}
	if v, ok := s.rebound.Load(query); ok {
		return v.(string)
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	out := b.String()
	s.rebound.Store(query, out)
	return out
}

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Tx runs fn in one transaction: committed when fn returns nil, rolled back otherwise.
func (s *Store) Tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	return finishTx(tx, fn)
}

// finishTx runs fn in the begun transaction tx and commits it when fn returns nil, rolls it back otherwise.
func finishTx(tx *sql.Tx, fn func(tx *sql.Tx) error) error {
	if err := fn(tx); err != nil {
		if rbErr := tx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) {
			return errors.Join(err, fmt.Errorf("rollback: %w", rbErr))
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// now is the store's clock in UTC, to the microsecond (PostgreSQL's precision), so that a time read back
// equals the time written on both engines.
func (s *Store) now() time.Time { return utc(s.Now()) }

func utc(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// nullInt is an id for a nullable reference: NULL for 0.
func nullInt(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

// Backup writes a consistent copy of the database to file while the server runs (SQLite: VACUUM INTO).
// For PostgreSQL, use pg_dump or the cluster's own backup tooling; this refuses with that advice.
func (s *Store) Backup(ctx context.Context, file string) error {
	if s.dialect == Postgres {
		return fmt.Errorf("backup: the PostgreSQL store is backed up with pg_dump or pg_basebackup (see README, Operations)")
	}
	// The copy holds every client's data: the file is created here, empty and readable by its owner only
	// (VACUUM INTO writes into an empty file and keeps its mode), and never replaces an existing one.
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("backup: %s already exists; choose a new file", file)
	}
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := f.Close(); err != nil {
		os.Remove(file)
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, "VACUUM INTO ?", file); err != nil {
		os.Remove(file)
		return fmt.Errorf("backup to %s: %w", file, err)
	}
	return nil
}
