package interviews

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/followup-dev/followup/internal/archive"
	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/usage"
)

func init() { Commands.Add(newImportCommand) }

type importOptions struct {
	Path                      string // FILE
	format, tz, company, role string
	maps                      []string
	dryRun, yes               bool
}

func newImportCommand(a *command.App) *cobra.Command {
	var o importOptions
	cmd := &cobra.Command{
		Use:   "import FILE [--dry-run]",
		Short: "Read interviews from a followup export (JSON), a spreadsheet (CSV) or an invitation (.ics)",
		Long: `Read interviews into followup:

  FILE.json  a followup export: restored by id, so importing it twice changes nothing
  FILE.csv   a header row and one interview per row; columns are mapped by name
             (company, role/title/position, date, time, status/stage, contact name,
             email, notes, next steps…); --map COLUMN=FIELD names the rest, and
             --map COLUMN=ignore leaves one out. Fields: ` + strings.Join(archive.Fields, ", ") + `.
             A row already tracked (same company, role and start) is skipped.
  FILE.ics   a calendar invitation: start, length and zone, the organizer and
             attendees other than you as interviewers, the company from the
             organizer's domain, the role from the title; you confirm first.

A bad row or value is reported with its line and nothing is imported.`,
		Example: `  followup import backup.json
  followup import tracker.csv --dry-run --map "Stage=status" --map "Link=ignore"
  followup import invite.ics --role "Backend Engineer"`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Path = args[0]
			return runImport(cmd.Context(), a, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.format, "format", "", "json, csv or ics (default: from the file name)")
	f.BoolVar(&o.dryRun, "dry-run", false, "show what would be imported and change nothing")
	f.StringArrayVar(&o.maps, "map", nil, "COLUMN=FIELD: read a CSV column as FIELD (repeatable)")
	f.StringVar(&o.tz, "tz", "", "zone of dates without one (default: [me] timezone)")
	f.StringVar(&o.company, "company", "", "an invitation's company, instead of the one from the organizer's domain")
	f.StringVar(&o.role, "role", "", "an invitation's role, when its title names none")
	f.BoolVar(&o.yes, "yes", false, "add an invitation's interview without asking")
	return cmd
}

func runImport(ctx context.Context, a *command.App, o importOptions) error {
	path := o.Path
	format, err := importFormat(path, o.format)
	if err != nil {
		return err
	}
	data, err := readImport(path)
	if err != nil {
		return err
	}
	switch format {
	case "json":
		return importJSON(ctx, a, path, data, o)
	case "csv":
		return importCSV(ctx, a, path, data, o)
	}
	return importInvite(ctx, a, path, data, o)
}

func importFormat(path, format string) (string, error) {
	if format == "" {
		format = strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	}
	switch format {
	case "json", "csv", "ics":
		return format, nil
	}
	return "", usage.Errorf("%s: cannot tell the format from the name: add --format json, csv or ics", path)
}

// readImport reads the file, refusing one too large before reading it.
func readImport(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, usage.Errorf("%s: %v", path, unwrapPathError(err))
	}
	if fi.Size() > archive.MaxFile {
		return nil, usage.Errorf("%s: the file is %d MB, more than %d MB: is it the right file?", path, fi.Size()>>20, archive.MaxFile>>20)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return data, nil
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

func importJSON(ctx context.Context, a *command.App, path string, data []byte, o importOptions) error {
	dump, err := archive.ReadJSON(data)
	if err != nil {
		return usage.Wrap(fmt.Errorf("%s: %w", path, err))
	}
	st, err := a.Store(ctx)
	if err != nil {
		return err
	}
	if o.dryRun {
		existing := 0
		for _, iv := range dump.Interviews {
			if _, err := st.GetInterview(ctx, iv.ID); err == nil {
				existing++
			}
		}
		fmt.Fprintf(a.Out, "would restore %d interviews (%d new, %d replacing ones with the same id), %d follow-ups, %d messages, %d replies, %d events\n",
			len(dump.Interviews), len(dump.Interviews)-existing, existing, len(dump.Actions), len(dump.Messages), len(dump.Replies), len(dump.Events))
		return nil
	}
	c, err := st.Restore(ctx, dump)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.Out, "restored %d interviews (%d new, %d replaced), %d follow-ups, %d messages, %d replies, %d events\n",
		c.New+c.Replaced, c.New, c.Replaced, c.Actions, c.Messages, c.Replies, c.Events)
	return nil
}

func importCSV(ctx context.Context, a *command.App, path string, data []byte, o importOptions) error {
	maps, err := parseMaps(o.maps)
	if err != nil {
		return err
	}
	loc, err := a.LoadZone(o.tz)
	if err != nil {
		return err
	}
	sheet, err := archive.ReadCSV(data, archive.CSVOptions{Map: maps, Local: loc})
	if err != nil {
		return usage.Wrap(fmt.Errorf("%s: %w", path, err))
	}
	if o.dryRun {
		for _, r := range sheet.Rows {
			iv := r.Interview
			fmt.Fprintf(a.Out, "line %d: would add %s — %s, %s (%s) with %s\n", r.Line, iv.Company, iv.Role,
				iv.Start.Format("Mon 2 Jan 2006 15:04"), iv.Zone(), iv.Interviewers[0].Email)
		}
		if len(sheet.Ignored) > 0 {
			fmt.Fprintf(a.Out, "columns not read: %s (name them with --map COLUMN=FIELD)\n", strings.Join(sheet.Ignored, ", "))
		}
		fmt.Fprintf(a.Out, "%d rows; rows already tracked (same company, role and start) will be skipped\n", len(sheet.Rows))
		warnPast(a, a.Out, sheet.Rows)
		return nil
	}
	if err := addImported(ctx, a, sheet.Rows); err != nil {
		return err
	}
	warnPast(a, a.Err, sheet.Rows)
	return nil
}

// pastWarning is how long ago an imported interview must have been for
// the import to warn that its follow-ups are due at once.
const pastWarning = 14 * 24 * time.Hour

// warnPast tells the user when imported interviews are long past and still
// open: the planner makes their thank-you and check-ins due now.
func warnPast(a *command.App, w io.Writer, rows []archive.Row) {
	n := 0
	for _, r := range rows {
		if st := r.Interview.CurrentStatus(a.Clock.Now()); st == followup.StatusAwaiting && r.Interview.Start.Before(a.Clock.Now().Add(-pastWarning)) {
			n++
		}
	}
	if n > 0 {
		fmt.Fprintf(w, "note: %d of these interviews were more than 14 days ago and are still open: their follow-ups are due at once; see followup plan, and close the ones that are over (followup close ID --outcome …)\n", n)
	}
}

func addImported(ctx context.Context, a *command.App, rows []archive.Row) error {
	st, err := a.Store(ctx)
	if err != nil {
		return err
	}
	ivs := make([]*followup.Interview, 0, len(rows))
	for _, r := range rows {
		ivs = append(ivs, r.Interview)
	}
	ids, err := st.AddInterviews(ctx, ivs, a.Clock.Now())
	if err != nil {
		return err
	}
	pl, err := a.Planner(ctx)
	if err != nil {
		return err
	}
	added := 0
	for _, id := range ids {
		if id == "" {
			continue
		}
		added++
		if _, err := pl.ReplanID(ctx, id); err != nil {
			return err
		}
		fmt.Fprintln(a.Out, id)
	}
	fmt.Fprintf(a.Err, "added %d interviews, skipped %d already tracked\n", added, len(ids)-added)
	return nil
}

// parseMaps reads repeated --map COLUMN=FIELD flags.
func parseMaps(values []string) (map[string]string, error) {
	out := map[string]string{}
	for _, v := range values {
		col, field, ok := strings.Cut(v, "=")
		if !ok || strings.TrimSpace(col) == "" {
			return nil, usage.Errorf("--map %q: write COLUMN=FIELD, such as --map \"Stage=status\"", v)
		}
		out[strings.TrimSpace(col)] = strings.TrimSpace(field)
	}
	return out, nil
}
