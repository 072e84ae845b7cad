package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/steward-bank/steward/notify"
	"github.com/steward-bank/steward/policy"
	"github.com/steward-bank/steward/store"
)

// channelFlags configure the greetings' channels: the mail server and the SMS gateway. Credentials come
// from the environment, where they do not show in the process list.
type channelFlags struct {
	smtp   string
	smsURL string
}

func (c *channelFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.smtp, "smtp", os.Getenv("STEWARD_SMTP_URL"),
		"mail server for greetings: smtp://[user:password@]host[:port]?from=ADDRESS[&starttls=1] or smtps://…; default $STEWARD_SMTP_URL")
	fs.StringVar(&c.smsURL, "sms-url", os.Getenv("STEWARD_SMS_URL"),
		"SMS gateway for greetings (JSON POST); default $STEWARD_SMS_URL; bearer token from $STEWARD_SMS_TOKEN")
}

// outbox builds the greetings outbox with the configured senders; a channel left unconfigured keeps its
// messages waiting.
func (c *channelFlags) outbox(st *store.Store, pol *policy.Policy, logger *slog.Logger) (*notify.Outbox, error) {
	o := &notify.Outbox{Store: st, Policy: pol, Log: logger}
	if c.smtp != "" {
		m, err := notify.ParseSMTPURL(c.smtp)
		if err != nil {
			return nil, usagef("--smtp: %v", err)
		}
		o.Email = m
	}
	if c.smsURL != "" {
		g, err := notify.NewSMSGateway(c.smsURL, os.Getenv("STEWARD_SMS_TOKEN"))
		if err != nil {
			return nil, usagef("--sms-url: %v", err)
		}
		o.SMS = g
	}
	return o, nil
}

// greetings runs `steward greetings send`: one pass of the outbox, for cron.
func (c *cli) greetings(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "send" {
		return usagef("greetings: want `steward greetings send`")
	}
	fs := flag.NewFlagSet("greetings send", flag.ContinueOnError)
	var d dbFlags
	d.register(fs)
	var ch channelFlags
	ch.register(fs)
	if pos, err := parse(fs, args[1:]); err != nil {
		return err
	} else if len(pos) > 0 {
		return usagef("greetings send takes no arguments, got %q", pos)
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
	o, err := ch.outbox(st, pol, slog.New(slog.NewTextHandler(c.stderr, nil)))
	if err != nil {
		return err
	}
	rep, err := o.Drain(ctx)
	if err != nil {
		return fmt.Errorf("greetings send: %w", err)
	}
	switch {
	case len(rep.Channels) == 0:
		fmt.Fprintln(c.stdout, "no channel configured (--smtp, --sms-url): greetings stay in the outbox")
	case rep.Quiet:
		fmt.Fprintf(c.stdout, "quiet hours until %s: nothing sent\n", rep.QuietUntil.Format("15:04"))
	default:
		fmt.Fprintf(c.stdout, "greetings over %s: %d sent, %d to retry, %d failed\n", strings.Join(rep.Channels, ", "), rep.Sent, rep.Retrying, rep.Failed)
	}
	if rep.Recovered > 0 {
		fmt.Fprintf(c.stdout, "%d left sending by a stopped sender marked unknown: a supervisor decides on the greetings page\n", rep.Recovered)
	}
	return nil
}
