package cli

import (
	"context"
	"errors"
)

// runDaemon runs the long-lived daemon until ctx ends.
func (a *App) runDaemon(ctx context.Context, o daemonOptions) error {
	return errors.New("the long-running daemon is not available yet")
}
