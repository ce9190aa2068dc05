package cli

import (
	"context"
	"log/slog"

	"github.com/followup-dev/followup/internal/daemon"
	"github.com/followup-dev/followup/internal/followup"
)

// planEnv is the part of the daemon's environment that planning and
// incoming mail need: config, store and clock (no templates, no servers).
func (a *App) planEnv(ctx context.Context) (*daemon.Env, error) {
	cfg, err := a.Config()
	if err != nil {
		return nil, err
	}
	st, err := a.Store(ctx)
	if err != nil {
		return nil, err
	}
	log := slog.New(slog.NewTextHandler(a.Err, &slog.HandlerOptions{Level: slog.LevelWarn}))
	return &daemon.Env{Config: cfg, Store: st, Now: a.Now, Log: log}, nil
}

// afterChange is called after an interview is added or changed: it
// recomputes the interview's follow-up plan and writes it to the store.
func (a *App) afterChange(ctx context.Context, id string) error {
	env, err := a.planEnv(ctx)
	if err != nil {
		return err
	}
	_, err = env.ReplanID(ctx, id)
	return err
}

// replan plans iv and returns the planner's decision.
func (a *App) replan(ctx context.Context, iv *followup.Interview) (followup.PlanResult, error) {
	env, err := a.planEnv(ctx)
	if err != nil {
		return followup.PlanResult{}, err
	}
	return env.Replan(ctx, iv)
}

// deadline is the date the company promised, for show and list; nil when
// nothing datable was promised or the configuration cannot be read.
func (a *App) deadline(iv *followup.Interview) *deadlineView {
	cfg, err := a.Config()
	if err != nil {
		return nil
	}
	r, err := daemon.PromiseOf(cfg, iv)
	if err != nil || !r.Found {
		return nil
	}
	return &deadlineView{Earliest: r.Earliest.String(), Latest: r.Latest.String(), Rule: r.Rule}
}
