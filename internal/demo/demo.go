// Package demo plays followup's story end to end inside one process:
// in-process SMTP and IMAP servers on 127.0.0.1 (TLS from a throwaway CA,
// AUTH, IDLE), a temporary config and store, a fast clock, and two
// interviews followed up by the same use cases the daemon runs, while it
// narrates each step. Nothing of the user's own config, store or mail is
// read or touched.
package demo

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/demo/mailserver"
	"github.com/followup-dev/followup/internal/imapwatch"
	"github.com/followup-dev/followup/internal/selfca"
	"github.com/followup-dev/followup/internal/store"
)

// Options configure Run. The zero value plays the story at once, without
// pauses, into a temporary folder that is removed.
type Options struct {
	// Out receives the narration; nil discards it.
	Out io.Writer
	// Step waits for a line on In (Enter) after each step.
	Step bool
	In   io.Reader
	// Pause is how long to wait after each step so that it can be read;
	// zero goes straight on. Pauses never affect what happens.
	Pause time.Duration
	// Keep, when set, is a new or empty folder where the demo's config,
	// store and messages (.eml) are left to explore.
	Keep string
	// Start is the first Monday of the story at 08:00 in Europe/Berlin,
	// the demo user's zone; zero means DefaultStart of today.
	Start time.Time
	// Log receives warnings of the components; nil discards them.
	Log *slog.Logger
}

// Result is what a run left: the interviews by company ("acme",
// "globex"), every message in every mailbox, the servers' addresses
// (closed by the time Run returns) and the folder used.
type Result struct {
	Interviews map[string]string
	Mail       []mailserver.Message
	Addrs      []string
	Dir        string
}

// settleWait bounds how long a step waits for the inbox watcher.
const settleWait = 20 * time.Second

// Run plays the story and returns when it is over, every server, watcher
// and connection stopped and, without Keep, every file removed. It blocks
// for the pauses (or the Enter presses) between steps; ctx ends it early.
func Run(ctx context.Context, o Options) (res Result, err error) {
	o = withDefaults(o)
	dir, removeDir, err := workDir(o.Keep)
	if err != nil {
		return res, err
	}
	defer removeDir()
	res.Dir = dir
	var r *player
	var stop func()
	defer func() {
		if r != nil {
			stop()
			res.Mail, res.Interviews = r.po.Mail(), r.ids
		}
		if o.Keep != "" { // even after a failure: the password and the CA go
			err = errors.Join(err, keepResults(dir, res.Mail))
		}
	}()
	if r, stop, err = setUp(ctx, o, dir); err != nil {
		r = nil
		return res, err
	}
	res.Addrs = r.addrs
	r.intro(dir, o.Keep != "")
	if err := r.play(ctx); err != nil {
		return res, err
	}
	r.outro(o.Keep)
	return res, nil
}

func withDefaults(o Options) Options {
	if o.Out == nil {
		o.Out = io.Discard
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Start.IsZero() {
		loc, err := time.LoadLocation(demoZone)
		if err != nil {
			loc = time.UTC
		}
		o.Start = DefaultStart(time.Now(), loc)
	}
	return o
}

// DefaultStart is the Monday three weeks before the week of now, at 08:00
// in loc: the story (a little under three weeks) is over before today, so
// what --keep leaves reads as the recent past to the other commands.
func DefaultStart(now time.Time, loc *time.Location) time.Time {
	d := now.In(loc)
	back := (int(d.Weekday())+6)%7 + 21
	return time.Date(d.Year(), d.Month(), d.Day()-back, 8, 0, 0, 0, loc)
}

// player is a run being set up, with the addresses it listens on.
type player struct {
	*run
	addrs []string
}

// setUp starts the post office and its servers, writes and loads the
// config, opens the store, wires the use cases and starts the inbox
// watcher. stop undoes all of it, in reverse order, and waits.
func setUp(ctx context.Context, o Options, dir string) (p *player, stop func(), err error) {
	var undo []func()
	stop = func() {
		for i := len(undo) - 1; i >= 0; i-- {
			undo[i]()
		}
	}
	defer func() {
		if err != nil {
			stop()
		}
	}()
	fake := clock.NewFake(o.Start)
	po, srv, cfg, err := startMail(fake, dir)
	if err != nil {
		return nil, stop, err
	}
	undo = append(undo, srv.Close)
	st, err := store.Open(ctx, cfg.Store.Path)
	if err != nil {
		return nil, stop, fmt.Errorf("demo store: %w", err)
	}
	undo = append(undo, func() { st.Close() })
	svc, err := wire(cfg, st, fake, filepath.Join(dir, "data"), o.Log)
	if err != nil {
		return nil, stop, err
	}
	// As a daemon's first start does: the first digest covers from now on.
	if err := st.SetLastDigest(ctx, fake.Now()); err != nil {
		return nil, stop, err
	}
	stopWatch, err := watch(ctx, svc.Inbox.NewWatcher)
	if err != nil {
		return nil, stop, err
	}
	undo = append(undo, stopWatch)
	r := &run{clock: fake, start: o.Start, po: po, svc: svc, n: newNarrator(o, dir), ids: map[string]string{},
		explained: map[string]bool{}, settleWait: settleWait}
	return &player{run: r, addrs: []string{srv.SMTPAddr, srv.IMAPAddr}}, stop, nil
}

// startMail makes the post office with a mailbox for each person (random
// passwords), the CA and both servers, and writes and loads the config
// that points at them. On error nothing is left running.
func startMail(c clock.Clock, dir string) (*mailserver.PostOffice, *mailserver.Servers, *config.Config, error) {
	po := mailserver.NewPostOffice(c)
	password := newPassword()
	for _, owner := range mailboxOwners {
		pw := newPassword()
		if owner == userEmail {
			pw = password
		}
		if err := po.AddAccount(owner, pw); err != nil {
			return nil, nil, nil, err
		}
	}
	ca, err := selfca.New("followup demo CA (throwaway)")
	if err != nil {
		return nil, nil, nil, err
	}
	tc, err := ca.ServerTLS()
	if err != nil {
		return nil, nil, nil, err
	}
	srv, err := mailserver.Start(po, tc, userEmail, password)
	if err != nil {
		return nil, nil, nil, err
	}
	cfg, err := writeConfig(dir, ca, srv, password)
	if err != nil {
		srv.Close()
		return nil, nil, nil, err
	}
	return po, srv, cfg, nil
}

// newNarrator tells the story to o.Out; commands it names carry --config
// when the demo is kept.
func newNarrator(o Options, dir string) *narrator {
	n := &narrator{w: o.Out, pause: o.Pause, prefix: "followup", loc: o.Start.Location()}
	if o.Step && o.In != nil {
		n.in = bufio.NewReader(o.In)
	}
	if o.Keep != "" {
		n.prefix = "followup --config " + filepath.Join(dir, "config.toml")
	}
	return n
}

// watch runs the IMAP watcher (IDLE on INBOX and Sent) until stopped.
// Its reconnect pauses wait on the real clock: the fast clock moves only
// between steps.
func watch(ctx context.Context, newWatcher func(context.Context, imapwatch.WatchOptions) (*imapwatch.Watcher, error)) (stop func(), err error) {
	wctx, cancel := context.WithCancel(ctx)
	w, err := newWatcher(wctx, imapwatch.WatchOptions{Sleep: realSleep})
	if err != nil {
		cancel()
		return nil, fmt.Errorf("inbox watcher: %w", err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.Run(wctx)
	}()
	return func() { cancel(); <-done }, nil
}

// realSleep waits d on the wall clock, or until ctx ends (ctx.Err()).
func realSleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// intro says what runs where before the story starts.
func (p *player) intro(dir string, kept bool) {
	n := p.n
	fmt.Fprintln(n.w, "followup demo: three simulated weeks of a job search, told step by step.")
	n.say("",
		"Everything runs inside this process, on 127.0.0.1 only:",
		fmt.Sprintf("  SMTP  %s  implicit TLS, AUTH PLAIN: Alex's provider; it delivers to the mailboxes below", p.addrs[0]),
		fmt.Sprintf("  IMAP  %s  implicit TLS, LOGIN, IDLE: mailboxes of Alex and the interviewers", p.addrs[1]),
		"  a throwaway CA made in memory, trusted through ca_file; a fresh store and config in",
		"  "+dir+(map[bool]string{true: " (kept)", false: " (removed at the end)"}[kept]),
		"followup talks to these servers exactly as to a real provider, with auto_send on.",
		"Your own config, store and mail are not read or touched. The clock runs fast.")
}

// outro says how to explore what was kept.
func (p *player) outro(keep string) {
	if keep == "" {
		p.n.say("", "Run `followup demo --keep DIR` to keep the store and every message (.eml) and explore them.")
		return
	}
	p.n.say("", "The store and every message are in "+keep+" (mail/ADDRESS/MAILBOX/*.eml). Explore:")
	for _, c := range []string{"list", "show " + p.ids["acme"], "plan " + p.ids["globex"], "outbox --all"} {
		p.n.see(c)
	}
}
