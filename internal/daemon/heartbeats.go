package daemon

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/followup-dev/followup/internal/clock"
	"github.com/followup-dev/followup/internal/store"
)

// Heartbeats renews the leases of many shared claims — the account daemons
// of one daemon of all accounts — together, in one statement every
// LeaseHeartbeat (store.RenewLeases), instead of a transaction per account:
// at 10,000 accounts one write every 10 s instead of a thousand a second.
// A daemon given one (Options.Heartbeats) hands its claim to it and stops
// when it reports the lease lost.
type Heartbeats struct {
	st    *store.Store // the whole store's view
	clock clock.Clock
	log   *slog.Logger

	mu     sync.Mutex
	claims map[*Claim]func(error)
}

// NewHeartbeats renews leases in st (the whole store's view) once Run runs.
func NewHeartbeats(st *store.Store, c clock.Clock, log *slog.Logger) *Heartbeats {
	return &Heartbeats{st: st, clock: c, log: log, claims: map[*Claim]func(error){}}
}

// add renews c's lease from now on; lost is called, once, when another
// daemon holds it.
func (h *Heartbeats) add(c *Claim, lost func(error)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.claims[c] = lost
}

// remove stops renewing c's lease (its daemon releases it).
func (h *Heartbeats) remove(c *Claim) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.claims, c)
}

// Run renews the leases added every LeaseHeartbeat (sooner after a jump of
// the wall clock, as heartbeatDue says) until ctx ends. It blocks.
func (h *Heartbeats) Run(ctx context.Context) {
	last := h.clock.Now()
	for {
		if clock.Sleep(ctx, h.clock, DefaultPoll) != nil {
			return
		}
		if now := h.clock.Now(); heartbeatDue(last, now) {
			last = now
			h.renew(ctx, now)
		}
	}
}

// giveUp stops the daemons whose lease went unrenewed so long that
// another daemon may take it over before the next try (the store out of
// reach from here, not from there): better none watching a mailbox for a
// while than two.
func (h *Heartbeats) giveUp(claims []*Claim, now time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, c := range claims {
		stop, ok := h.claims[c]
		if ok && now.Sub(c.written.Heartbeat) >= LeaseTTL-LeaseHeartbeat {
			delete(h.claims, c)
			stop(fmt.Errorf("%w: not renewed since %s", store.ErrLeaseLost, c.written.Heartbeat.Format(time.RFC3339)))
		}
	}
}

// renew renews every lease added in one go and tells the daemons of the
// leases lost.
func (h *Heartbeats) renew(ctx context.Context, now time.Time) {
	h.mu.Lock()
	claims := make([]*Claim, 0, len(h.claims))
	rs := make([]store.LeaseRenewal, 0, len(h.claims))
	for c := range h.claims {
		claims = append(claims, c)
		rs = append(rs, store.LeaseRenewal{Account: c.st.Account(), Lease: c.written})
	}
	h.mu.Unlock()
	if len(rs) == 0 {
		return
	}
	lost, err := h.st.RenewLeases(ctx, rs, now)
	if err != nil {
		if ctx.Err() == nil {
			h.log.Error("lease heartbeats failed", "leases", len(rs), "err", err)
			h.giveUp(claims, now)
		}
		return
	}
	gone := map[string]bool{}
	for _, account := range lost {
		gone[account] = true
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, c := range claims {
		stop, ok := h.claims[c]
		switch {
		case !ok: // released meanwhile
		case gone[c.st.Account()]:
			delete(h.claims, c)
			stop(store.ErrLeaseLost)
		default:
			c.written.Heartbeat = now.UTC()
		}
	}
}
