package setup

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/render"
	"github.com/followup-dev/followup/internal/usage"
	"github.com/followup-dev/followup/templates"
)

func init() { Commands.Add(newTemplatesCommand) }

func newTemplatesCommand(a *command.App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "templates",
		Short: "Check, document and print the email templates",
		Long: `followup writes every message from a template. The built-in ones can be replaced
file by file from the folder named by [templates] dir: copy one with
'followup templates show KIND > DIR/KIND.tmpl' and edit it.`,
	}
	cmd.AddCommand(newTemplatesCheckCommand(a))
	cmd.AddCommand(newTemplatesDocCommand(a))
	cmd.AddCommand(newTemplatesShowCommand(a))
	return cmd
}

type templatesCheckOptions struct{}

func newTemplatesCheckCommand(a *command.App) *cobra.Command {
	return &cobra.Command{
		Use:   "check",
		Short: "Load every template (built-in and overrides) and render each against sample data",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runTemplatesCheck(cmd.Context(), a, templatesCheckOptions{})
		},
	}
}

func runTemplatesCheck(_ context.Context, a *command.App, _ templatesCheckOptions) error {
	dir, err := a.TemplatesDir()
	if err != nil {
		return err
	}
	if err := checkTemplates(a, dir); err != nil {
		return err
	}
	fmt.Fprintf(a.Out, "built-in templates%s: ok\n", overridesFrom(dir))
	return nil
}

// overridesFrom says where the templates overriding the built-ins come
// from: nowhere when dir is "" or missing (a typo would go unnoticed
// otherwise; a missing folder is allowed, so that the sample config can
// name one before it is made).
func overridesFrom(dir string) string {
	if dir == "" {
		return ""
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return fmt.Sprintf(" only ([templates] dir %s does not exist: make it to override them)", dir)
	}
	return " with overrides from " + dir
}

type templatesDocOptions struct{}

func newTemplatesDocCommand(a *command.App) *cobra.Command {
	return &cobra.Command{
		Use:   "doc",
		Short: "Describe the data every template can use",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runTemplatesDoc(cmd.Context(), a, templatesDocOptions{})
		},
	}
}

func runTemplatesDoc(_ context.Context, a *command.App, _ templatesDocOptions) error {
	fmt.Fprint(a.Out, render.DataDoc)
	return nil
}

type templatesShowOptions struct {
	Kind string
}

func newTemplatesShowCommand(a *command.App) *cobra.Command {
	var o templatesShowOptions
	return &cobra.Command{
		Use:       "show KIND",
		Short:     "Print a built-in template (" + strings.Join(render.Kinds(), ", ") + ")",
		Args:      cobra.ExactArgs(1),
		ValidArgs: render.Kinds(),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Kind = args[0]
			return runTemplatesShow(cmd.Context(), a, o)
		},
	}
}

func runTemplatesShow(_ context.Context, a *command.App, o templatesShowOptions) error {
	if err := render.ValidKind(o.Kind); err != nil {
		return usage.Wrap(err)
	}
	b, err := fs.ReadFile(templates.FS, o.Kind+".tmpl")
	if errors.Is(err, fs.ErrNotExist) {
		return usage.Errorf("no built-in template %q", o.Kind)
	}
	if err != nil {
		return err
	}
	_, err = a.Out.Write(b)
	return err
}

// checkTemplates prints every template problem on its own line; it
// reports whether there were any.
func checkTemplates(a *command.App, dir string) error {
	errs := render.Check(dir)
	for _, e := range errs {
		fmt.Fprintln(a.Err, "followup: "+e.Error())
	}
	if len(errs) > 0 {
		return usage.Wrap(fmt.Errorf("%d template problem(s): %w", len(errs), command.ErrSilent))
	}
	return nil
}
