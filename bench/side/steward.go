package side

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	_ "github.com/mattn/go-sqlite3" // Steward's SQLite store
)

// Steward runs the steward command against a SQLite store in Data: `steward import` of the batches, then
// `steward rate --month`, whose results are in the store's client_ratings table (star_points in
// hundredths rounded down, points_stars the contribution stars they earn).
type Steward struct {
	Bin  string
	Data string
	// NoRate imports with --no-rate: the import only loads (no nightly or monthly rating passes), so
	// that its time compares with the SQL engines' loads; the rating is then all `steward rate`'s.
	NoRate bool
}

// BuildSteward builds the steward command of the module at root into out.
func BuildSteward(ctx context.Context, root, out string) error {
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, "./cmd/steward")
	cmd.Dir = root
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("build steward: %v\n%s", err, b)
	}
	return nil
}

// ModuleRoot returns the directory of Steward's module: the parent of the benchmark module that holds
// dir (found by walking up to bench's go.mod).
func ModuleRoot(dir string) (string, error) {
	d, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		if b, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil && bytes.Contains(b, []byte("module github.com/steward-bank/steward/bench\n")) {
			return filepath.Dir(d), nil
		}
		p := filepath.Dir(d)
		if p == d {
			return "", fmt.Errorf("no benchmark module above %s", dir)
		}
		d = p
	}
}

func (s *Steward) run(ctx context.Context, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, s.Bin, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// HasRate reports whether this steward has the rate command.
func (s *Steward) HasRate(ctx context.Context) bool {
	out, _ := s.run(ctx, "rate", "--help")
	return !strings.Contains(out, `unknown command "rate"`)
}

// Gen writes feeds with `steward gen`.
func (s *Steward) Gen(ctx context.Context, out string, clients, months int, seed uint64) error {
	if o, err := s.run(ctx, "gen", "--clients", fmt.Sprint(clients), "--months", fmt.Sprint(months), "--out", out,
		"--seed", fmt.Sprint(seed)); err != nil {
		return fmt.Errorf("steward gen: %v\n%s", err, o)
	}
	return nil
}

// Import applies every batch under feeds to the store.
func (s *Steward) Import(ctx context.Context, feeds string) error {
	args := []string{"import", feeds, "--data", s.Data, "--quiet"}
	if s.NoRate {
		args = append(args, "--no-rate")
	}
	if o, err := s.run(ctx, args...); err != nil {
		return fmt.Errorf("steward import: %v\n%s", err, tail(o, 2000))
	}
	return nil
}

// Rate runs the monthly re-rating of month (YYYY-MM).
func (s *Steward) Rate(ctx context.Context, month string) error {
	if o, err := s.run(ctx, "rate", "--month", month, "--data", s.Data); err != nil {
		return fmt.Errorf("steward rate: %v\n%s", err, tail(o, 2000))
	}
	return nil
}

// storeFiles are the files of the SQLite store.
var storeFiles = []string{"steward.db", "steward.db-wal", "steward.db-shm"}

// Snapshot copies the store aside, so that Restore can bring it back to this state (to time the same
// monthly rating more than once: a month already rated is not rated again).
func (s *Steward) Snapshot() error { return copyFiles(s.Data, filepath.Join(s.Data, "snapshot"), true) }

// Restore brings the store back to the last Snapshot.
func (s *Steward) Restore() error { return copyFiles(filepath.Join(s.Data, "snapshot"), s.Data, false) }

// DropSnapshot removes the snapshot.
func (s *Steward) DropSnapshot() error { return os.RemoveAll(filepath.Join(s.Data, "snapshot")) }

func copyFiles(from, to string, mkdir bool) error {
	if mkdir {
		if err := os.MkdirAll(to, 0o755); err != nil {
			return err
		}
	}
	for _, name := range storeFiles {
		src, dst := filepath.Join(from, name), filepath.Join(to, name)
		in, err := os.Open(src)
		if os.IsNotExist(err) {
			if err := os.Remove(dst); err != nil && !os.IsNotExist(err) {
				return err
			}
			continue
		}
		if err != nil {
			return err
		}
		out, err := os.Create(dst)
		if err != nil {
			in.Close()
			return err
		}
		_, err = io.Copy(out, in)
		in.Close()
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("copy %s: %w", src, err)
		}
	}
	return nil
}

// Ratings reads client_ratings from the store.
func (s *Steward) Ratings(ctx context.Context) (Results, error) {
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(s.Data, "steward.db")+"?mode=ro")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "SELECT client_id, star_points, points_stars FROM client_ratings")
	if err != nil {
		return nil, fmt.Errorf("steward store: %w", err)
	}
	defer rows.Close()
	out := Results{}
	for rows.Next() {
		var id string
		var r Result
		if err := rows.Scan(&id, &r.Hundredths, &r.Stars); err != nil {
			return nil, fmt.Errorf("steward store: %w", err)
		}
		out[id] = r
	}
	return out, rows.Err()
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}
