package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/store"
)

// dbFlags are the flags every command that touches the database takes.
type dbFlags struct {
	db     string
	data   string
	policy string
}

func (d *dbFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&d.db, "db", "", "database URL (sqlite:PATH or postgres://…); default $STEWARD_DB, else sqlite:<data>/steward.db")
	fs.StringVar(&d.data, "data", "./data", "data directory")
	fs.StringVar(&d.policy, "policy", "", "policy file (TOML); default <data>/policy.toml when it exists")
}

func (d *dbFlags) url() string {
	if d.db != "" {
		return d.db
	}
	if env := os.Getenv("STEWARD_DB"); env != "" {
		return env
	}
	return "sqlite:" + filepath.Join(d.data, "steward.db")
}

// open connects and migrates.
func (d *dbFlags) open(ctx context.Context) (*store.Store, error) {
	st, err := store.Open(ctx, d.url())
	if err != nil {
		return nil, err
	}
	if _, err := st.Migrate(ctx); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// loadPolicy reads the policy file, or the defaults when there is none. A bad value is refused with its key.
func (d *dbFlags) loadPolicy() (*policy.Policy, string, error) {
	path := d.policy
	if path == "" {
		candidate := filepath.Join(d.data, "policy.toml")
		if _, err := os.Stat(candidate); err != nil {
			return policy.Default(), "defaults (DOMAIN.md)", nil
		}
		path = candidate
	}
	p, err := policy.Load(path)
	if err != nil {
		return nil, "", err
	}
	return p, path, nil
}

// parse parses flags that may come after positional arguments (steward user add rm01 --role rm), and
// returns the positional ones.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usagef("%s: %v", fs.Name(), err)
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// readSecret reads one line (a password) from stdin.
func readSecret(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && line == "" {
		return "", fmt.Errorf("read the password from standard input: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// storeOpenOnly connects without migrating (the migrate command reports what it applies).
func storeOpenOnly(ctx context.Context, d *dbFlags) (*store.Store, error) {
	return store.Open(ctx, d.url())
}
