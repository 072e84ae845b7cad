package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/steward-bank/steward/auth"
	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
)

func (c *cli) migrate(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	var d dbFlags
	d.register(fs)
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usagef("migrate takes no arguments, got %q", pos)
	}
	st, err := storeOpenOnly(ctx, &d)
	if err != nil {
		return err
	}
	defer st.Close()
	applied, err := st.Migrate(ctx)
	if err != nil {
		return err
	}
	v, err := st.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	for _, name := range applied {
		fmt.Fprintf(c.stdout, "applied %s\n", name)
	}
	fmt.Fprintf(c.stdout, "schema at version %d (%s)\n", v, st.Dialect())
	return nil
}

func (c *cli) policy(args []string) error {
	if len(args) == 0 || args[0] != "show" {
		return usagef("policy: want 'policy show'")
	}
	fs := flag.NewFlagSet("policy show", flag.ContinueOnError)
	var d dbFlags
	d.register(fs)
	if pos, err := parse(fs, args[1:]); err != nil {
		return err
	} else if len(pos) > 0 {
		return usagef("policy show takes no arguments, got %q", pos)
	}
	p, source, err := d.loadPolicy()
	if err != nil {
		return err
	}
	out, err := p.TOML()
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "# effective policy, from %s\n", source)
	_, err = c.stdout.Write(out)
	return err
}

func (c *cli) org(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usagef("org: want 'org add' or 'org list'")
	}
	fs := flag.NewFlagSet("org "+args[0], flag.ContinueOnError)
	var d dbFlags
	d.register(fs)
	level := fs.String("level", "", "head, branch, subbranch or outlet")
	name := fs.String("name", "", "name")
	parent := fs.String("parent", "", "parent org id (empty for head office)")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	st, err := d.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	switch args[0] {
	case "add":
		if len(pos) != 1 || *level == "" || *name == "" {
			return usagef("org add ID --level LEVEL --name NAME [--parent ID]")
		}
		u, err := st.PutOrg(ctx, domain.OrgUnit{ID: pos[0], ParentID: *parent, Level: domain.OrgLevel(*level), Name: *name})
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "org %s saved at %s\n", u.ID, u.Path)
	case "list":
		orgs, err := st.Orgs(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(c.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tLEVEL\tNAME\tPATH")
		for _, o := range orgs {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", o.ID, o.Level, o.Name, o.Path)
		}
		return tw.Flush()
	default:
		return usagef("org: unknown subcommand %q", args[0])
	}
	return nil
}

func (c *cli) user(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usagef("user: want add, passwd, disable, enable, token, tokens, revoke-token or list")
	}
	sub := args[0]
	fs := flag.NewFlagSet("user "+sub, flag.ContinueOnError)
	var d dbFlags
	d.register(fs)
	role := fs.String("role", "", "role: teller, teller_vip, lobby, rm, supervisor, outlet_manager, dept, admin")
	orgID := fs.String("org", "", "org id the person belongs to")
	name := fs.String("name", "", "display name (user add) or token label (user token)")
	tokenID := fs.Int64("id", 0, "token id (user revoke-token; see user tokens)")
	employeeNo := fs.String("employee-no", "", "the bank's employee number (user add; optional, unique)")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	if sub != "list" && len(pos) != 1 {
		return usagef("user %s USERNAME …", sub)
	}
	pol, _, err := d.loadPolicy()
	if err != nil {
		return err
	}
	st, err := d.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	svc := auth.NewService(st, pol)
	if sub == "list" {
		staff, err := st.ListStaff(ctx, "")
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(c.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "USERNAME\tNAME\tEMPLOYEE NO\tROLE\tORG\tSTATE")
		for _, s := range staff {
			state := "active"
			switch {
			case s.Disabled:
				state = "disabled"
			case s.MustChangePassword:
				state = "must change password"
			}
			no := s.EmployeeNo
			if no == "" {
				no = "-"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", s.Username, s.Name, no, s.Role, s.OrgID, state)
		}
		return tw.Flush()
	}
	username := pos[0]
	if sub == "add" {
		r, err := domain.ParseRole(*role)
		if err != nil {
			return usagef("user add: %v", err)
		}
		if _, err := st.Org(ctx, *orgID); err != nil {
			return fmt.Errorf("org %q: %w (create it with 'steward org add')", *orgID, err)
		}
		pw, err := readSecret(c.stdin)
		if err != nil {
			return err
		}
		if err := auth.CheckPasswordRules(pw, username, pol.Security.PasswordMinLength); err != nil {
			return err
		}
		hash, err := auth.HashPassword(pw, svc.Params)
		if err != nil {
			return err
		}
		s, err := st.CreateStaffAs(ctx, store.CommandLineActor(), domain.Staff{Username: username, Name: *name, Role: r, OrgID: *orgID,
			EmployeeNo: *employeeNo, PasswordHash: hash})
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "user %s (%s) created in %s\n", s.Username, s.Role, s.OrgID)
		return nil
	}
	s, err := st.StaffByUsername(ctx, username)
	if errors.Is(err, domain.ErrNotFound) {
		return fmt.Errorf("no user %q", username)
	}
	if err != nil {
		return err
	}
	switch sub {
	case "passwd":
		pw, err := readSecret(c.stdin)
		if err != nil {
			return err
		}
		if err := svc.SetPassword(ctx, 0, s.ID, pw, "command line"); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "password of %s changed; their sessions are ended\n", username)
	case "disable":
		if err := st.DisableStaff(ctx, store.CommandLineActor(), s.ID); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "user %s disabled: sessions ended, API tokens revoked, the clients they kept wait in their outlet's queue for a new client manager\n", username)
	case "enable":
		if err := st.EnableStaff(ctx, store.CommandLineActor(), s.ID); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "user %s enabled (API tokens revoked on disabling stay revoked)\n", username)
	case "token":
		if *name == "" {
			return usagef("user token USERNAME --name LABEL")
		}
		tok, err := svc.CreateAPIToken(ctx, 0, s.ID, *name)
		if err != nil {
			return err
		}
		fmt.Fprintln(c.stdout, tok)
		fmt.Fprintf(c.stderr, "token for %s lapses in %d days; only its hash is kept, so copy it now\n", username, pol.Security.TokenMaxDays)
	case "tokens":
		list, err := svc.TokensOf(ctx, s.ID)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(c.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tLABEL\tCREATED\tLAST USED\tLAPSES\tSTATE")
		stamp := func(t time.Time) string {
			if t.IsZero() {
				return "-"
			}
			return t.In(domain.Shanghai).Format("2006-01-02 15:04")
		}
		for _, t := range list {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, stamp(t.CreatedAt), stamp(t.LastUsed), stamp(t.ExpiresAt), t.State)
		}
		return tw.Flush()
	case "revoke-token":
		if *tokenID == 0 {
			return usagef("user revoke-token USERNAME --id TOKEN_ID (see 'steward user tokens USERNAME')")
		}
		err := svc.RevokeTokenOf(ctx, s.ID, *tokenID)
		if errors.Is(err, domain.ErrNotFound) {
			return fmt.Errorf("%s has no live API token %d", username, *tokenID)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "API token %d of %s revoked\n", *tokenID, username)
	default:
		return usagef("user: unknown subcommand %q", sub)
	}
	return nil
}

func (c *cli) backup(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	var d dbFlags
	d.register(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("backup FILE")
	}
	st, err := d.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Backup(ctx, pos[0]); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "backup written to %s\n", pos[0])
	return nil
}
