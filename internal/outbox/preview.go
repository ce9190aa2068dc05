package outbox

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/compose"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/store"
)

// Preview is one thing ProcessOnce would do now, for --dry-run.
type Preview struct {
	// Do is "check" (may have been sent: looked up in Sent), "hold" (stale:
	// needs review), "draft", "send" or "wait" (due, but sending is paused
	// or the send window is closed).
	Do      string
	Why     string
	Message compose.Composed // zero for "hold"
}

// PreviewOnce lists what ProcessOnce would do now, with the complete
// messages. It writes nothing and uses no network: the inbox is not
// checked, so an answer not yet seen is not taken into account.
func (o *Outbox) PreviewOnce(ctx context.Context) ([]Preview, error) {
	p, err := o.newPass(ctx)
	if err != nil {
		return nil, err
	}
	out, err := p.previewUnsure(ctx)
	if err != nil {
		return nil, err
	}
	gate, err := p.sendGate()
	if err != nil {
		return nil, err
	}
	due, err := p.previewDue(ctx, gate)
	if err != nil {
		return nil, err
	}
	out = append(out, due...)
	rows, err := p.dueRows(ctx)
	for _, it := range rows {
		out = append(out, preview("send", gate, composedFromRow(followup.Action{}, it)))
	}
	return out, err
}

func preview(do, why string, c compose.Composed) Preview {
	if why != "" {
		do = "wait"
	}
	return Preview{Do: do, Why: why, Message: c}
}

// sendGate is why nothing would be sent now, "" when sending may run.
func (p *pass) sendGate() (string, error) {
	if p.paused {
		return "sending is paused", nil
	}
	open, err := p.windowOpen()
	if err != nil || open {
		return "", err
	}
	return "outside the send window", nil
}

func (p *pass) previewUnsure(ctx context.Context) ([]Preview, error) {
	rows, err := p.o.Store.ListOutbox(ctx, store.OutboxSending, store.OutboxUnknown)
	var out []Preview
	for _, it := range followUps(rows) {
		out = append(out, Preview{Do: "check", Why: "may have been sent: looked up in Sent, else held for review",
			Message: composedFromRow(followup.Action{}, it)})
	}
	return out, err
}

func (p *pass) previewDue(ctx context.Context, gate string) ([]Preview, error) {
	acs, err := p.o.Store.ActionsDueBefore(ctx, p.now.Add(time.Second))
	if err != nil {
		return nil, err
	}
	var out []Preview
	for _, ac := range acs {
		rows, err := p.rowsOf(ctx, ac.ID)
		if err != nil {
			return nil, err
		}
		if covered(rows, ac) {
			continue
		}
		if stale := p.o.Config.Policy.StaleAfter; stale > 0 && p.now.Sub(ac.Due) > stale {
			out = append(out, Preview{Do: "hold", Why: fmt.Sprintf("%s %d to %s is overdue by %s: needs review",
				ac.Kind, ac.ID, strings.Join(ac.To, ", "), overdueText(p.now.Sub(ac.Due)))})
			continue
		}
		cs, err := p.o.Composer.ComposeAction(ctx, ac)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			if !p.o.Config.Policy.AutoSend {
				out = append(out, Preview{Do: "draft", Message: c})
			} else if !hasRowFor(rows, c.To.Email) {
				out = append(out, preview("send", gate, c))
			}
		}
	}
	return out, nil
}
