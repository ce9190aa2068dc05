package agenda

import (
	"bytes"
	"context"
	"strings"

	"github.com/spf13/cobra"

	"github.com/followup-dev/followup/internal/archive"
	"github.com/followup-dev/followup/internal/calfeed"
	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/usage"
)

func init() { Commands.Add(newExportCommand) }

type exportOptions struct{ format, out string }

func newExportCommand(a *command.App) *cobra.Command {
	var o exportOptions
	cmd := &cobra.Command{
		Use:   "export [--format json|csv] [--out FILE]",
		Short: "Write everything followup knows to a JSON or CSV file",
		Long: `Write every interview with its people, signals, follow-ups (in every state),
messages, replies and the event history. JSON (the default) is lossless:
followup import reads it back into an identical store. CSV is one row per
interview, for a spreadsheet. The file goes to standard output, or to
--out FILE (written atomically, mode 0600; a name ending in .csv picks CSV).`,
		Example: `  followup export --out backup.json
  followup export --format csv --out interviews.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runExport(cmd.Context(), a, o) },
	}
	cmd.Flags().StringVar(&o.format, "format", "", "json or csv (default json, or csv for an --out name ending in .csv)")
	cmd.Flags().StringVar(&o.out, "out", "", "write to FILE instead of standard output")
	return cmd
}

func runExport(ctx context.Context, a *command.App, o exportOptions) error {
	format := o.format
	if format == "" {
		format = "json"
		if strings.HasSuffix(strings.ToLower(o.out), ".csv") {
			format = "csv"
		}
	}
	if format != "json" && format != "csv" {
		return usage.Errorf("--format %q: use json or csv", o.format)
	}
	st, err := a.Store(ctx)
	if err != nil {
		return err
	}
	dump, err := st.Dump(ctx)
	if err != nil {
		return err
	}
	doc := archive.FromDump(dump, a.Clock.Now())
	var buf bytes.Buffer
	if format == "csv" {
		err = archive.WriteCSV(&buf, doc, a.Clock.Now())
	} else {
		err = archive.WriteJSON(&buf, doc)
	}
	if err != nil {
		return err
	}
	if o.out == "" {
		_, err = a.Out.Write(buf.Bytes())
		return err
	}
	return calfeed.WriteAtomic(o.out, buf.Bytes())
}
