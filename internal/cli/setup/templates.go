package setup

import (
	"errors"
	"fmt"
	"io/fs"
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
	cmd.AddCommand(&cobra.Command{
		Use:   "check",
		Short: "Load every template (built-in and overrides) and render each against sample data",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dir, err := a.TemplatesDir()
			if err != nil {
				return err
			}
			if err := checkTemplates(a, dir); err != nil {
				return err
			}
			where := "built-in templates"
			if dir != "" {
				where += " with overrides from " + dir
			}
			fmt.Fprintf(a.Out, "%s: ok\n", where)
			return nil
		},
	})
	cmd.AddCommand(&cobra.Command{
		Use:   "doc",
		Short: "Describe the data every template can use",
		Args:  cobra.NoArgs,
		Run:   func(*cobra.Command, []string) { fmt.Fprint(a.Out, render.DataDoc) },
	})
	cmd.AddCommand(&cobra.Command{
		Use:       "show KIND",
		Short:     "Print a built-in template (" + strings.Join(render.Kinds(), ", ") + ")",
		Args:      cobra.ExactArgs(1),
		ValidArgs: render.Kinds(),
		RunE: func(_ *cobra.Command, args []string) error {
			if err := render.ValidKind(args[0]); err != nil {
				return usage.Wrap(err)
			}
			b, err := fs.ReadFile(templates.FS, args[0]+".tmpl")
			if errors.Is(err, fs.ErrNotExist) {
				return usage.Errorf("no built-in template %q", args[0])
			}
			if err != nil {
				return err
			}
			_, err = a.Out.Write(b)
			return err
		},
	})
	return cmd
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
