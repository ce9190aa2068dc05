package demo

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"time"
)

// narrator tells the story on the terminal: a heading per step with the
// simulated time, what happened, what followup did, and the command that
// shows it. Between steps it pauses (Pause), waits for Enter (Step) or
// goes straight on; the pauses are for reading only, never for
// correctness.
type narrator struct {
	w      io.Writer
	in     *bufio.Reader // nil unless stepping
	pause  time.Duration
	prefix string // "followup" or "followup --config DIR/config.toml"
	loc    *time.Location
}

// heading starts a step at the simulated time at.
func (n *narrator) heading(at time.Time, title string) {
	fmt.Fprintf(n.w, "\n── %s ── %s\n", at.In(n.loc).Format("Mon 2 Jan 15:04"), title)
}

// say prints story text, indented.
func (n *narrator) say(lines ...string) {
	for _, l := range lines {
		for _, part := range strings.Split(l, "\n") {
			fmt.Fprintf(n.w, "   %s\n", part)
		}
	}
}

// did prints what followup did.
func (n *narrator) did(format string, args ...any) {
	fmt.Fprintf(n.w, "   ▸ followup: %s\n", fmt.Sprintf(format, args...))
}

// mail prints a message that arrived in someone's mailbox.
func (n *narrator) mail(format string, args ...any) {
	fmt.Fprintf(n.w, "   ✉ %s\n", fmt.Sprintf(format, args...))
}

// see names the command that shows what just happened.
func (n *narrator) see(args string) {
	fmt.Fprintf(n.w, "   $ %s %s\n", n.prefix, args)
}

// wait ends a step: Enter when stepping, else the pause, weighted.
func (n *narrator) wait(ctx context.Context, weight float64) error {
	if n.in != nil {
		fmt.Fprint(n.w, "   [Enter] ")
		return n.enter(ctx)
	}
	d := time.Duration(float64(n.pause) * weight)
	if d <= 0 {
		return ctx.Err()
	}
	return realSleep(ctx, d)
}

// enter waits for a line on the input, or for ctx to end. The read runs
// in its own goroutine so that Ctrl-C is not held up by it; after ctx ended
// that goroutine ends with the next line or the end of the input (the
// process is exiting by then).
func (n *narrator) enter(ctx context.Context) error {
	in, got := n.in, make(chan error, 1)
	go func() {
		_, err := in.ReadString('\n')
		got <- err
	}()
	select {
	case err := <-got:
		if err == io.EOF {
			n.in = nil // input ended: go on without stepping
			return nil
		}
		return err
	case <-ctx.Done():
		n.in = nil
		return ctx.Err()
	}
}
