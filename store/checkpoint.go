package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"sync"
)

// SQLite in WAL mode writes a transaction's pages to the write-ahead log at its commit; a checkpoint later
// copies them into the database file and syncs it. By default the connection that commits past 1 000
// pages of log runs that checkpoint itself, before its commit returns. A night's import or a monthly
// rating writes tens of thousands of pages, and the copy cost as much as a third of the import's time.
//
// The large writers (the import's connection and connTx) therefore commit with automatic checkpoints off
// and hand the checkpoint to the store's checkpointer, which runs it on a connection of the pool while the
// writer goes on (the next batch's checks, the rating pass). Nothing about durability changes: a committed
// transaction is in the log either way, and a process killed before the checkpoint finds it there when the
// database is next opened. Small writes keep SQLite's automatic checkpoint.

// checkpointer runs PASSIVE checkpoints one at a time, in the background.
type checkpointer struct {
	mu      sync.Mutex
	queued  bool           // a checkpoint is asked for and has not started yet
	running sync.Mutex     // held while a checkpoint runs
	pending sync.WaitGroup // checkpoints asked for and not finished
}

// checkpointSoon asks for a checkpoint of everything committed so far. One that is queued and has not
// started yet covers this request too.
func (s *Store) checkpointSoon() {
	if s.dialect != SQLite {
		return
	}
	c := &s.ckpt
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.queued {
		return
	}
	c.queued = true
	c.pending.Add(1)
	go func() {
		defer c.pending.Done()
		c.running.Lock()
		defer c.running.Unlock()
		c.mu.Lock()
		c.queued = false
		c.mu.Unlock()
		var busy, logged, done int
		err := s.db.QueryRowContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &logged, &done)
		if err != nil {
			// Nothing is lost: the pages stay in the log, and the next checkpoint (this store's, or SQLite's
			// own at a later commit or at close) copies them.
			slog.Warn("checkpoint of the SQLite write-ahead log failed; it is retried at the next large write", "err", err)
		}
	}()
}

// WaitCheckpoint waits for the checkpoints asked for so far to finish (Close; benchmarks that count them).
func (s *Store) WaitCheckpoint() { s.ckpt.pending.Wait() }

// autoCheckpoint turns SQLite's automatic checkpoint at commit off (pages 0) or on (1 000 pages, its
// default) for one connection.
func autoCheckpoint(ctx context.Context, conn *sql.Conn, pages int) error {
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA wal_autocheckpoint = %d", pages)); err != nil {
		return fmt.Errorf("set the automatic checkpoint of a connection: %w", err)
	}
	return nil
}
