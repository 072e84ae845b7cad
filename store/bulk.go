package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// bulk writes rows with multi-row INSERT statements (hundreds of rows a statement), which is what makes
// the nightly import fast on both engines: the cost of a statement is paid once per chunk, not per row.
type bulk struct {
	s      *Store
	tx     *sql.Tx
	head   string // INSERT INTO t (a, b, c) VALUES
	tail   string // ON CONFLICT … (may be empty)
	ncols  int
	per    int // rows per statement
	args   []any
	n      int
	full   *sql.Stmt // the prepared statement for a full chunk
	rows   int64     // rows affected so far
	label  string
	before func(ctx context.Context) error // runs before each flush (e.g. to stage what the rows replace)
}

func (s *Store) newBulk(tx *sql.Tx, label, head, tail string, ncols int) *bulk {
	// Stay under both engines' limits on bound parameters (PostgreSQL 65535; SQLite 32766).
	per := 30000 / ncols
	if per > 500 {
		per = 500
	}
	return &bulk{s: s, tx: tx, head: head, tail: tail, ncols: ncols, per: per, label: label, args: make([]any, 0, per*ncols)}
}

func (b *bulk) sql(n int) string {
	var sb strings.Builder
	sb.Grow(len(b.head) + len(b.tail) + n*(2*b.ncols+3))
	sb.WriteString(b.head)
	group := "(" + strings.Repeat("?, ", b.ncols-1) + "?)"
	for i := 0; i < n; i++ {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(group)
	}
	sb.WriteByte(' ')
	sb.WriteString(b.tail)
	return b.s.Rebind(sb.String())
}

// add queues one row; it must have ncols values.
func (b *bulk) add(ctx context.Context, vals ...any) error {
	if len(vals) != b.ncols {
		return fmt.Errorf("%s: %d values for %d columns", b.label, len(vals), b.ncols)
	}
	b.args = append(b.args, vals...)
	b.n++
	if b.n == b.per {
		return b.flush(ctx)
	}
	return nil
}

// flush writes the queued rows.
func (b *bulk) flush(ctx context.Context) error {
	if b.n == 0 {
		return nil
	}
	if b.before != nil {
		if err := b.before(ctx); err != nil {
			return err
		}
	}
	var res sql.Result
	var err error
	if b.n == b.per {
		if b.full == nil {
			if b.full, err = b.tx.PrepareContext(ctx, b.sql(b.per)); err != nil {
				return fmt.Errorf("%s: %w", b.label, err)
			}
		}
		res, err = b.full.ExecContext(ctx, b.args...)
	} else {
		res, err = b.tx.ExecContext(ctx, b.sql(b.n), b.args...)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", b.label, err)
	}
	if n, err := res.RowsAffected(); err == nil {
		b.rows += n
	}
	b.args, b.n = b.args[:0], 0
	return nil
}

// close flushes and releases the prepared statement.
func (b *bulk) close(ctx context.Context) error {
	err := b.flush(ctx)
	if b.full != nil {
		b.full.Close()
	}
	return err
}

// inChunks calls fn with the ids in chunks small enough for an IN list.
func inChunks(ids []string, fn func(chunk []string, placeholders string) error) error {
	const size = 500
	for i := 0; i < len(ids); i += size {
		j := min(i+size, len(ids))
		chunk := ids[i:j]
		if err := fn(chunk, strings.TrimSuffix(strings.Repeat("?, ", len(chunk)), ", ")); err != nil {
			return err
		}
	}
	return nil
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
