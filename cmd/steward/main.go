// Command steward is Steward's single binary: the web application and API server, the demo bank, and the
// operators' commands (migrate, policy, org, user, backup).
//
// Exit status: 0 on success, 1 on failure (one line on stderr saying what failed and why), 2 on a usage
// error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `steward — the client-management system for a retail bank's client managers

Usage:
  steward serve   [--addr :8080] [--db URL] [--data DIR] [--policy FILE] [--smtp URL] [--sms-url URL]
  steward demo    [--clients N] [--addr :8080] [--data DIR] [--no-serve]
  steward migrate [--db URL]
  steward import  PATH… [--db URL] [--data DIR] [--policy FILE] [--own-bank-codes A,B] [--quiet] [--no-rate]
  steward rate    --month YYYY-MM [--db URL] [--data DIR] [--policy FILE]
  steward client  show CLIENT_ID [--json] [--db URL] [--data DIR] [--policy FILE]
  steward gen     --clients N --months M --out DIR [--start YYYYMMDD] [--encoding GB18030] [--delimiter '|+|']
                  [--days D] [--seed N] [--daily-txns N] [--daily-changed-pct P] [--acct-mode delta|full]
                  [--accounts-per-client A]
  steward policy  show [--policy FILE] [--data DIR]
  steward org     add ID --level head|branch|subbranch|outlet --name NAME [--parent ID] [--db URL]
  steward org     list [--db URL]
  steward user    add USERNAME --role ROLE --org ORG_ID [--name NAME] [--employee-no NO] [--db URL]   (password on stdin)
  steward user    passwd|disable|enable|tokens USERNAME [--db URL]                 (passwd: new password on stdin)
  steward user    revoke-token USERNAME --id TOKEN_ID [--db URL]
  steward user    token USERNAME --name LABEL [--db URL]                           (prints a new API token)
  steward user    list [--db URL]
  steward backup  FILE [--db URL]
  steward greetings send [--db URL] [--data DIR] [--policy FILE] [--smtp URL] [--sms-url URL]
  steward relationship import FILE [--replace] [--check] [--encoding UTF-8|GB18030] [--db URL]
                  (an existing bank's relationship table, CSV or xlsx: client_id, rm; whole or nothing)
  steward calendar check FILE [--data DIR]       (check a State Council schedule file before installing it)
  steward calendar show  [YEAR] [--data DIR]     (a year's holidays and make-up working days, and their source)

The database is --db, else $STEWARD_DB, else sqlite:<data>/steward.db (data: --data, else ./data).
PostgreSQL: --db postgres://user:password@host:5432/steward
Working days: the State Council schedules shipped with Steward, and the administrator's files
<data>/holidays/YEAR.txt, which add a year or replace a shipped one (serve, import and demo read them).
`

// usageError is a mistake in the command line (exit status 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	env := &cli{stdin: stdin, stdout: stdout, stderr: stderr}
	var err error
	switch args[0] {
	case "serve":
		err = env.serve(ctx, args[1:])
	case "demo":
		err = env.demo(ctx, args[1:])
	case "migrate":
		err = env.migrate(ctx, args[1:])
	case "import":
		err = env.importCmd(ctx, args[1:])
	case "gen":
		err = env.gen(ctx, args[1:])
	case "rate":
		err = env.rate(ctx, args[1:])
	case "client":
		err = env.client(ctx, args[1:])
	case "policy":
		err = env.policy(args[1:])
	case "org":
		err = env.org(ctx, args[1:])
	case "user":
		err = env.user(ctx, args[1:])
	case "backup":
		err = env.backup(ctx, args[1:])
	case "greetings":
		err = env.greetings(ctx, args[1:])
	case "calendar":
		err = env.calendarCmd(args[1:])
	case "relationship":
		err = env.relationship(ctx, args[1:])
	default:
		err = usagef("unknown command %q", args[0])
	}
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue), errors.Is(err, flag.ErrHelp):
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stderr, "steward: %v\n\n", err)
		}
		fmt.Fprint(stderr, usage)
		return 2
	default:
		fmt.Fprintf(stderr, "steward %s: %v\n", args[0], err)
		return 1
	}
}

// cli carries the process's streams so that commands can be tested in-process.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}
