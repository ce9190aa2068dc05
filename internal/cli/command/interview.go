package command

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/store"
	"github.com/followup-dev/followup/internal/usage"
)

// GetInterview loads an interview, turning a malformed or unknown id into a
// usage error that names it.
func (a *App) GetInterview(ctx context.Context, id string) (*followup.Interview, *store.Store, error) {
	if err := checkID(id); err != nil {
		return nil, nil, err
	}
	st, err := a.Store(ctx)
	if err != nil {
		return nil, nil, err
	}
	iv, err := st.GetInterview(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, usage.Errorf("unknown interview id %q: see `followup list`", id)
	}
	return iv, st, err
}

// CompleteIDs offers interview ids for shell completion.
func (a *App) CompleteIDs(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	st, err := a.Store(cmd.Context())
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	ivs, err := st.ListInterviews(cmd.Context(), store.Filter{})
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	ids := make([]string, 0, len(ivs))
	for _, iv := range ivs {
		ids = append(ids, iv.ID+"\t"+iv.Company+" — "+iv.Role)
	}
	return ids, cobra.ShellCompDirectiveNoFileComp
}

// checkID refuses a string that cannot be an interview id; an id typed in
// capitals is answered with its lowercase spelling.
func checkID(id string) error {
	if followup.ValidID(id) {
		return nil
	}
	hint := "ids look like acme-backend-1120; see `followup list`"
	if low := strings.ToLower(id); followup.ValidID(low) {
		hint = fmt.Sprintf("ids are lowercase: %s", low)
	}
	return &followup.FieldError{Field: "id", Value: id, Hint: hint}
}
