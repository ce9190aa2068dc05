package cli

import (
	"context"
	"errors"
)

// runOnce processes everything due now and returns.
func (a *App) runOnce(ctx context.Context, o daemonOptions) error {
	return errors.New("daemon --once is not available yet")
}
