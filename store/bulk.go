package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"
)

// chunks runs one statement over queued rows, per rows at a time: the statement for a full chunk is
// prepared once and reused, the last, shorter chunk gets its own. bulk and updater build the SQL.
//
// On SQLite, inside the import (conn set, single-row statements), rows are instead packed into one buffer
// and bound and stepped in C, cRowsPer rows a call, against the connection of the import's transaction
// (sqliterows.go): the same statement and values, without database/sql's work per row.
type chunks struct {
	tx    *sql.Tx
	label string
	per   int // rows per statement
	ncols int // values per row
	args  []any
	n     int
	full  *sql.Stmt
	sql   func(n int) string // the statement for n rows

	conn   *sql.Conn // SQLite import: the connection holding tx, for the packed rows in C
	packed rowBuf
	table  string   // the table written (for naming a refused row)
	names  []string // the columns bound, in order
	keyCol int      // the column of names that identifies a row
	cquery string   // the single-row statement run in C (built at the first call: updaters set where late)
}

// packOn switches the chunks of a single-row SQLite statement to packed rows run in C on conn.
// A refused row is named by table, its position in the call and its key column keyCol of names (only the
// key: other values may be personal data, and errors reach logs and reports).
func (c *chunks) packOn(conn *sql.Conn, table string, names []string, keyCol int) {
	if conn == nil || c.per != 1 {
		return
	}
	c.conn, c.table, c.names, c.keyCol = conn, table, names, keyCol
}

// queue adds one row's values, running the statement when the chunk is full.
func (c *chunks) queue(ctx context.Context, vals ...any) error {
	if c.conn != nil {
		c.packed.startRow()
		for i, v := range vals {
			if err := c.packed.value(v); err != nil {
				return fmt.Errorf("%s: %s: %w", c.label, c.names[i], err)
			}
		}
		if c.packed.n == cRowsPer {
			return c.flush(ctx)
		}
		return nil
	}
	c.args = append(c.args, vals...)
	c.n++
	if c.n == c.per {
		return c.flush(ctx)
	}
	return nil
}

// packer writes one row's values straight into packed rows, in the statement's column order.
type packer interface{ pack(b *rowBuf) }

// queueRow adds one row: written by r into the packed rows when they are on (no value is boxed in an
// interface, which for a million rows of two dozen columns is most of the garbage), else its values.
func (c *chunks) queueRow(ctx context.Context, r interface {
	packer
	values() []any
}) error {
	if c.conn == nil {
		return c.queue(ctx, r.values()...)
	}
	c.packed.startRow()
	r.pack(&c.packed)
	if c.packed.n == cRowsPer {
		return c.flush(ctx)
	}
	return nil
}

// flush runs the statement over the queued rows.
func (c *chunks) flush(ctx context.Context) error {
	if c.conn != nil {
		if c.cquery == "" {
			c.cquery = c.sql(1)
		}
		_, err := execRows(ctx, c.conn, c.cquery, c.ncols, &c.packed)
		if err != nil {
			var re *sqliteRowError
			if errors.As(err, &re) {
				err = fmt.Errorf("%s: %w", describeRow(&c.packed, re.Row, c.table, c.names, c.keyCol), err)
			}
			return fmt.Errorf("%s: %w", c.label, err)
		}
		c.packed.reset()
		return nil
	}
	if c.n == 0 {
		return nil
	}
	var err error
	if c.n == c.per {
		if c.full == nil {
			if c.full, err = c.tx.PrepareContext(ctx, c.sql(c.per)); err != nil {
				return fmt.Errorf("%s: %w", c.label, err)
			}
		}
		_, err = c.full.ExecContext(ctx, c.args...)
	} else {
		_, err = c.tx.ExecContext(ctx, c.sql(c.n), c.args...)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", c.label, err)
	}
	c.args, c.n = c.args[:0], 0
	return nil
}

// close flushes and releases the prepared statement.
func (c *chunks) close(ctx context.Context) error {
	err := c.flush(ctx)
	if c.full != nil {
		c.full.Close()
	}
	return err
}

// bulk writes rows with INSERT statements: on PostgreSQL hundreds of rows a statement, so that a round
// trip is paid once per chunk, not per row; on SQLite see newBulk.
type bulk struct {
	chunks
	s    *Store
	head string // INSERT INTO t (a, b, c) VALUES
	tail string // ON CONFLICT … (may be empty)
}

func (s *Store) newBulk(tx *sql.Tx, label, head, tail string, ncols int) *bulk {
	// Stay under both engines' limits on bound parameters (PostgreSQL 65535; SQLite 32766).
	per := 30000 / ncols
	if per > 500 {
		per = 500
	}
	if s.dialect == SQLite && tail == "" {
		// SQLite has no round trips to save, and inserts the rows of a multi-row VALUES list into indexed
		// tables about half as fast as it runs a prepared single-row INSERT (measured: 77 000 against
		// 150 000 transactions/s). An upsert (a tail) is the other way round, so it keeps its chunks.
		per = 1
	}
	b := &bulk{s: s, head: head, tail: tail,
		chunks: chunks{tx: tx, label: label, per: per, ncols: ncols, args: make([]any, 0, per*ncols)}}
	b.chunks.sql = b.sql
	return b
}

// newPackedBulk is newBulk whose rows, on SQLite with conn (the connection holding tx), are bound and
// stepped in C one row a statement, upserts included: in C a single-row upsert costs no more than its
// share of a multi-row one, without building and binding the long statement.
func (s *Store) newPackedBulk(tx *sql.Tx, conn *sql.Conn, label, head, tail string, ncols int) *bulk {
	b := s.newBulk(tx, label, head, tail, ncols)
	if conn == nil {
		return b
	}
	if table, names := b.columns(); len(names) == ncols {
		b.per = 1
		b.args = make([]any, 0, ncols)
		b.packOn(conn, table, names, 0)
	}
	return b
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

// columns are the table and the names of the columns an INSERT head lists, in order.
func (b *bulk) columns() (string, []string) {
	open, end := strings.IndexByte(b.head, '('), strings.IndexByte(b.head, ')')
	if open < 0 || end < open {
		return "", nil
	}
	table := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(b.head[:open]), "INSERT INTO"))
	names := strings.Split(b.head[open+1:end], ",")
	for i := range names {
		names[i] = strings.TrimSpace(names[i])
	}
	return table, names
}

// add queues one row; it must have ncols values.
func (b *bulk) add(ctx context.Context, vals ...any) error {
	if len(vals) != b.ncols {
		return fmt.Errorf("%s: %d values for %d columns", b.label, len(vals), b.ncols)
	}
	return b.queue(ctx, vals...)
}

// inChunks calls fn with the ids in chunks small enough for an IN list.
func inChunks(ids []string, fn func(chunk []string, placeholders string) error) error {
	const size = 500
	for i := 0; i < len(ids); i += size {
		j := min(i+size, len(ids))
		chunk := ids[i:j]
		if err := fn(chunk, placeholders(len(chunk))); err != nil {
			return err
		}
	}
	return nil
}

// placeholders is "?, ?, …" for n values.
func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

// isUniqueViolation reports whether err is a primary key or unique constraint refusing a row.
func isUniqueViolation(err error) bool {
	var se sqlite3.Error
	if errors.As(err, &se) {
		return se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey || se.ExtendedCode == sqlite3.ErrConstraintUnique
	}
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// updater changes rows by key: on SQLite one prepared single-row UPDATE a row (there are no round trips to
// save, and SQLite runs a single-row statement fastest); on PostgreSQL hundreds of rows a statement, as an
// UPDATE … FROM (VALUES …). Only the columns named are written, so indexes on other columns are untouched.
type updater struct {
	chunks
	s     *Store
	table string
	key   string
	cols  []string // key first, then the columns set
	types []string // PostgreSQL types of cols, for the VALUES list
	incr  []bool   // the column is incremented by the value rather than set to it
	where string   // a further condition on the rows, e.g. "month = 202605" (constants only)
}

// newUpdater prepares updates of table's cols by key. Each is "name:pgtype" (e.g. "balance:bigint"), or
// "name:pgtype:+" for a column incremented by the value given.
func (s *Store) newUpdater(tx *sql.Tx, label, table, key string, cols ...string) *updater {
	u := &updater{s: s, table: table}
	for _, c := range append([]string{key}, cols...) {
		parts := strings.Split(c, ":")
		u.cols, u.types = append(u.cols, parts[0]), append(u.types, parts[1])
		u.incr = append(u.incr, len(parts) > 2 && parts[2] == "+")
	}
	u.key = u.cols[0]
	per := 1
	if s.dialect == Postgres {
		per = min(500, 30000/len(u.cols))
	}
	u.chunks = chunks{tx: tx, label: label, per: per, ncols: len(u.cols), args: make([]any, 0, per*len(u.cols)), sql: u.sql}
	return u
}

func (u *updater) sql(n int) string {
	var sb strings.Builder
	if u.s.dialect == SQLite {
		sb.WriteString("UPDATE " + u.table + " SET ")
		for i, c := range u.cols[1:] {
			if i > 0 {
				sb.WriteString(", ")
			}
			if u.incr[i+1] {
				sb.WriteString(c + " = " + c + " + ?")
			} else {
				sb.WriteString(c + " = ?")
			}
		}
		sb.WriteString(" WHERE " + u.key + " = ?")
		if u.where != "" {
			sb.WriteString(" AND " + u.where)
		}
		return sb.String()
	}
	sb.WriteString("UPDATE " + u.table + " AS t SET ")
	for i, c := range u.cols[1:] {
		if i > 0 {
			sb.WriteString(", ")
		}
		if u.incr[i+1] {
			sb.WriteString(c + " = t." + c + " + v." + c)
		} else {
			sb.WriteString(c + " = v." + c)
		}
	}
	sb.WriteString(" FROM (VALUES ")
	p := 1
	for r := 0; r < n; r++ {
		if r > 0 {
			sb.WriteString(", ")
		}
		sb.WriteByte('(')
		for i := range u.cols {
			if i > 0 {
				sb.WriteString(", ")
			}
			fmt.Fprintf(&sb, "$%d::%s", p, u.types[i])
			p++
		}
		sb.WriteByte(')')
	}
	sb.WriteString(") AS v (" + strings.Join(u.cols, ", ") + ") WHERE t." + u.key + " = v." + u.key)
	if u.where != "" {
		sb.WriteString(" AND t." + u.where)
	}
	return sb.String()
}

// bindOrder is the columns in the order the SQLite statement binds them: the values set, then the key.
func (u *updater) bindOrder() []string { return append(slices.Clone(u.cols[1:]), u.key) }

// add queues the update of one row: the key, then the new values in the order of cols.
func (u *updater) add(ctx context.Context, key any, vals ...any) error {
	if len(vals) != len(u.cols)-1 {
		return fmt.Errorf("%s: %d values for %d columns", u.label, len(vals), len(u.cols)-1)
	}
	if u.s.dialect == SQLite { // … SET a = ?, b = ? WHERE key = ?
		return u.queue(ctx, append(vals, key)...)
	}
	return u.queue(ctx, append([]any{key}, vals...)...) // … FROM (VALUES (key, a, b), …)
}

// deferIndexes drops a table's secondary indexes for a bulk load into it and returns the function that
// builds them again: building an index once from the loaded rows is several times cheaper than inserting
// every row into it. Both engines run DDL inside the transaction, so a crash leaves the indexes as they were.
func (s *Store) deferIndexes(ctx context.Context, tx *sql.Tx, table string) (func(context.Context) error, error) {
	q := "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL"
	if s.dialect == Postgres {
		q = "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1"
	}
	rows, err := tx.QueryContext(ctx, q, table)
	if err != nil {
		return nil, fmt.Errorf("indexes of %s: %w", table, err)
	}
	var names, defs []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			return nil, fmt.Errorf("indexes of %s: %w", table, err)
		}
		if strings.HasPrefix(strings.ToUpper(def), "CREATE INDEX") { // not the primary key or a unique index
			names, defs = append(names, name), append(defs, def)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("indexes of %s: %w", table, err)
	}
	for _, n := range names {
		if _, err := tx.ExecContext(ctx, "DROP INDEX "+n); err != nil {
			return nil, fmt.Errorf("drop index %s for a bulk load: %w", n, err)
		}
	}
	return func(ctx context.Context) error {
		for i, d := range defs {
			if _, err := tx.ExecContext(ctx, d); err != nil {
				return fmt.Errorf("build index %s after a bulk load: %w", names[i], err)
			}
		}
		return nil
	}, nil
}
