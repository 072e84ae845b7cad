package main

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/steward-bank/steward/ingest"
	"github.com/steward-bank/steward/store"
)

// relationship is `steward relationship import FILE`: an existing bank's relationship table, whole or
// nothing (store.ImportRelationships).
func (c *cli) relationship(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "import" {
		return usagef("relationship: want 'relationship import FILE'")
	}
	fs := flag.NewFlagSet("relationship import", flag.ContinueOnError)
	var d dbFlags
	d.register(fs)
	replace := fs.Bool("replace", false, "move clients that already have another client manager to the one listed (else such rows are refused)")
	check := fs.Bool("check", false, "check the table against the database and report, without changing anything")
	encoding := fs.String("encoding", "", "CSV text encoding: UTF-8 or GB18030 (default: detected)")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("relationship import FILE: name one CSV or xlsx file")
	}
	switch *encoding {
	case "", "UTF-8", "utf-8", "GB18030", "gb18030":
	default:
		return usagef("relationship import: --encoding %q: want UTF-8 or GB18030", *encoding)
	}
	path := pos[0]
	data, err := readTable(path)
	if err != nil {
		return err
	}
	name := filepath.Base(path)
	sum := sha256.Sum256(data)
	table, issues, err := ingest.ReadRelationshipTable(name, data, *encoding)
	if err != nil {
		return err
	}
	st, err := d.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	res := store.RelationshipImportResult{}
	if len(table.Rows) > 0 {
		// The rows read are checked against the database even when others are bad, so that one run
		// reports every bad row.
		res, err = st.ImportRelationships(ctx, store.RelationshipImport{File: name, SHA256: hex.EncodeToString(sum[:]), Table: table,
			Replace: *replace, Check: *check || len(issues) > 0})
		if err != nil && !errors.Is(err, store.ErrInvalid) {
			return err
		}
	}
	issues = append(issues, res.Issues...)
	if len(issues) > 0 {
		slices.SortStableFunc(issues, func(a, b ingest.Issue) int { return cmp.Compare(a.Line, b.Line) })
		for _, i := range issues {
			fmt.Fprintln(c.stderr, i.String())
		}
		if len(issues) == 1 {
			return fmt.Errorf("%s: 1 problem; nothing imported", name)
		}
		return fmt.Errorf("%s: %d problems; nothing imported", name, len(issues))
	}
	verb := "imported"
	if *check {
		verb = "checked (nothing changed)"
	}
	fmt.Fprintf(c.stdout, "%s %s: %d rows (clients assigned %d, moved from another client manager %d, unchanged %d)\n",
		name, verb, len(table.Rows), res.Assigned, res.Replaced, res.Unchanged)
	return nil
}

// readTable reads a relationship table file, up to ingest.MaxRelationshipTableBytes.
func readTable(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, ingest.MaxRelationshipTableBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(data) > ingest.MaxRelationshipTableBytes {
		return nil, fmt.Errorf("%s: larger than %d MiB; split the table", path, ingest.MaxRelationshipTableBytes>>20)
	}
	return data, nil
}
