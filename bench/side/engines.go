package side

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"net/url"
	"strings"

	"github.com/duckdb/duckdb-go/v2"
	"github.com/jackc/pgx/v5"
)

// Engine is an SQL engine that loads the feeds' tables and computes the star points.
type Engine interface {
	Name() string
	Load(ctx context.Context, f *Feeds) error
	Compute(ctx context.Context, p Params, variant string) (Results, error)
	Close() error
}

// rowsOf calls add with each table's rows in turn (the order of Tables).
func rowsOf(f *Feeds, table string, add func(vals ...any) error) error {
	var err error
	switch table {
	case "batches":
		for _, b := range f.Batches {
			if err = add(int32(b.Day), b.Full); err != nil {
				return err
			}
		}
	case "products":
		for _, p := range f.Products {
			if err = add(int32(p.Day), p.Product, p.Category, p.PointsClass); err != nil {
				return err
			}
		}
	case "fx":
		for _, r := range f.FX {
			if err = add(int32(r.Day), f.Currencies[r.Currency], r.Rate); err != nil {
				return err
			}
		}
	case "accts":
		for i := range f.Accts {
			a := &f.Accts[i]
			if err = add(int32(a.Day), a.Account, a.Client, a.Product, f.Currencies[a.Currency], a.Balance, a.Active); err != nil {
				return err
			}
		}
	case "txns":
		for i := range f.Txns {
			t := &f.Txns[i]
			if err = add(int32(t.Day), t.Client, f.Kinds[t.Kind], f.Currencies[t.Currency], t.Amount); err != nil {
				return err
			}
		}
	case "clients":
		for i, id := range f.Clients {
			if err = add(int32(i), id); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("unknown table %s", table)
	}
	return nil
}

func scanResults(next func() bool, scan func(...any) error, errf func() error) (Results, error) {
	out := Results{}
	for next() {
		var id string
		var r Result
		if err := scan(&id, &r.Short, &r.Long, &r.Mortgage, &r.Loan, &r.Purchases, &r.CardSpend, &r.Hundredths, &r.Stars); err != nil {
			return nil, err
		}
		r.Known = true
		out[id] = r
	}
	return out, errf()
}

// Duck is DuckDB, in memory.
type Duck struct {
	connector *duckdb.Connector
	db        *sql.DB
}

// OpenDuck opens an in-memory DuckDB database.
func OpenDuck() (*Duck, error) {
	c, err := duckdb.NewConnector("", nil)
	if err != nil {
		return nil, fmt.Errorf("duckdb: %w", err)
	}
	return &Duck{connector: c, db: sql.OpenDB(c)}, nil
}

// Name implements Engine.
func (d *Duck) Name() string { return "DuckDB" }

// Load creates the tables and fills them with the appender.
func (d *Duck) Load(ctx context.Context, f *Feeds) error {
	for _, s := range Schema(false) {
		if _, err := d.db.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("duckdb: %s: %w", s, err)
		}
	}
	conn, err := d.connector.Connect(ctx)
	if err != nil {
		return fmt.Errorf("duckdb: %w", err)
	}
	defer conn.Close()
	for _, t := range Tables {
		app, err := duckdb.NewAppenderFromConn(conn, "", t)
		if err != nil {
			return fmt.Errorf("duckdb: appender for %s: %w", t, err)
		}
		vals := make([]driver.Value, 0, 8)
		err = rowsOf(f, t, func(v ...any) error {
			vals = vals[:0]
			for _, x := range v {
				vals = append(vals, x)
			}
			return app.AppendRow(vals...)
		})
		if cerr := app.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("duckdb: load %s: %w", t, err)
		}
	}
	return nil
}

// Compute implements Engine.
func (d *Duck) Compute(ctx context.Context, p Params, variant string) (Results, error) {
	rows, err := d.db.QueryContext(ctx, Query(DuckDB, p, variant))
	if err != nil {
		return nil, fmt.Errorf("duckdb: %w", err)
	}
	defer rows.Close()
	res, err := scanResults(rows.Next, rows.Scan, rows.Err)
	if err != nil {
		return nil, fmt.Errorf("duckdb: %w", err)
	}
	return res, nil
}

// Close implements Engine.
func (d *Duck) Close() error {
	err := d.db.Close()
	if cerr := d.connector.Close(); err == nil {
		err = cerr
	}
	return err
}

// PG is a scratch database on a PostgreSQL server, created by OpenPG and dropped by Close.
type PG struct {
	admin, conn *pgx.Conn
	dbname      string
}

// OpenPG creates database dbname (dropping a leftover of the same name) on the server of serverURL
// and connects to it.
func OpenPG(ctx context.Context, serverURL, dbname string) (*PG, error) {
	admin, err := pgx.Connect(ctx, serverURL)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	q := pgx.Identifier{dbname}.Sanitize()
	if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+q+" WITH (FORCE)"); err != nil {
		admin.Close(ctx)
		return nil, fmt.Errorf("postgres: drop %s: %w", dbname, err)
	}
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+q); err != nil {
		admin.Close(ctx)
		return nil, fmt.Errorf("postgres: create %s: %w", dbname, err)
	}
	u, err := url.Parse(serverURL)
	if err != nil {
		admin.Close(ctx)
		return nil, fmt.Errorf("postgres: %w", err)
	}
	u.Path = "/" + dbname
	conn, err := pgx.Connect(ctx, u.String())
	if err != nil {
		admin.Close(ctx)
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return &PG{admin: admin, conn: conn, dbname: dbname}, nil
}

// Name implements Engine.
func (g *PG) Name() string { return "PostgreSQL" }

// Load creates UNLOGGED tables, fills them with COPY and analyses them.
func (g *PG) Load(ctx context.Context, f *Feeds) error {
	for _, s := range Schema(true) {
		if _, err := g.conn.Exec(ctx, s); err != nil {
			return fmt.Errorf("postgres: %s: %w", s, err)
		}
	}
	cols := map[string][]string{}
	for _, s := range Schema(false) {
		name := strings.Fields(s)[2]
		body := s[strings.Index(s, "(")+1 : strings.LastIndex(s, ")")]
		for _, c := range strings.Split(body, ",") {
			cols[name] = append(cols[name], strings.Fields(c)[0])
		}
	}
	for _, t := range Tables {
		ch := make(chan []any, 4096)
		errc := make(chan error, 1)
		go func() {
			defer close(ch)
			errc <- rowsOf(f, t, func(v ...any) error {
				select {
				case ch <- v:
					return nil
				case <-ctx.Done():
					return ctx.Err()
				}
			})
		}()
		_, err := g.conn.CopyFrom(ctx, pgx.Identifier{t}, cols[t], pgx.CopyFromFunc(func() ([]any, error) {
			v, ok := <-ch
			if !ok {
				return nil, nil
			}
			return v, nil
		}))
		for range ch {
		}
		if gerr := <-errc; err == nil {
			err = gerr
		}
		if err != nil {
			return fmt.Errorf("postgres: load %s: %w", t, err)
		}
	}
	if _, err := g.conn.Exec(ctx, "ANALYZE"); err != nil {
		return fmt.Errorf("postgres: analyze: %w", err)
	}
	return nil
}

// Compute implements Engine. work_mem is raised so that the sorts and hashes of the query stay in memory.
func (g *PG) Compute(ctx context.Context, p Params, variant string) (Results, error) {
	if _, err := g.conn.Exec(ctx, "SET work_mem = '512MB'"); err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	rows, err := g.conn.Query(ctx, Query(Postgres, p, variant))
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	defer rows.Close()
	res, err := scanResults(rows.Next, rows.Scan, rows.Err)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return res, nil
}

// Close drops the database.
func (g *PG) Close() error {
	ctx := context.Background()
	g.conn.Close(ctx)
	_, err := g.admin.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{g.dbname}.Sanitize()+" WITH (FORCE)")
	g.admin.Close(ctx)
	return err
}
