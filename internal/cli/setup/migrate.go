package setup

import (
	"context"
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/daemon"
	"github.com/followup-dev/followup/internal/store"
	"github.com/followup-dev/followup/internal/store/transfer"
	"github.com/followup-dev/followup/internal/usage"
)

func init() { Commands.Add(newMigrateCommand) }

type migrateOptions struct {
	to     string
	dsn    string
	dsnCmd string
	from   string
	json   bool
}

func newMigrateCommand(a *command.App) *cobra.Command {
	var o migrateOptions
	cmd := &cobra.Command{
		Use:   "migrate --to postgres [DSN | --dsn-cmd CMD] [--from FILE]",
		Short: "Copy the SQLite store into PostgreSQL, and prove the copy",
		Long: `Copy every table of the SQLite store into a PostgreSQL database, in one
transaction, then compare the number of rows and a checksum of every table on
both sides. Running it again copies nothing new and checks again. The SQLite
file is only read. Stop the daemon first; afterwards set [store] driver =
"postgres" and dsn (or dsn_cmd) in the config file.

The connection string is DSN, or what --dsn-cmd prints (keep a password out of
your shell history and the process list), or the config's [store] dsn / dsn_cmd.
A schema other than public is chosen with search_path in it.`,
		Example: `  followup migrate --to postgres "postgres://coach@db.example:5432/followup"
  followup migrate --to postgres --dsn-cmd "pass show followup/db"`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.dsn = args[0]
			}
			return runMigrate(cmd.Context(), a, o)
		},
	}
	cmd.Flags().StringVar(&o.to, "to", "", `the database to copy into: "postgres" (required)`)
	cmd.Flags().StringVar(&o.dsnCmd, "dsn-cmd", "", "a command printing the connection string")
	cmd.Flags().StringVar(&o.from, "from", "", "the SQLite store to copy (default: the config's [store] path, or the data folder's followup.db)")
	cmd.Flags().BoolVar(&o.json, "json", false, "print JSON")
	return cmd
}

// migrateView is `followup migrate --json`.
type migrateView struct {
	From   string           `json:"from"`
	To     string           `json:"to"`
	Tables []transfer.Count `json:"tables"`
}

func runMigrate(ctx context.Context, a *command.App, o migrateOptions) error {
	if o.to != config.DriverPostgres {
		return usage.Errorf(`--to %q: followup migrates to "postgres" only, e.g. followup migrate --to postgres "postgres://you@db.example/followup"`, o.to)
	}
	cfg, err := a.Config()
	if err != nil {
		return err
	}
	from, err := migrateSource(a, cfg, o.from)
	if err != nil {
		return err
	}
	dsn, err := migrateTarget(ctx, cfg, o)
	if err != nil {
		return err
	}
	src, err := store.Open(ctx, from)
	if err != nil {
		return err
	}
	defer src.Close()
	if l, held, err := src.CurrentLease(ctx); err == nil && held && l.Alive(a.Clock.Now(), daemon.LeaseTTL) {
		return usage.Errorf("a followup daemon is running on %s (pid %d on %s): stop it first, so that nothing changes during the copy", from, l.PID, l.Host)
	}
	dst, err := store.OpenPostgres(ctx, dsn)
	if err != nil {
		return err
	}
	defer dst.Close()
	counts, err := transfer.Copy(ctx, src.Handle, dst.Handle)
	if err != nil {
		return fmt.Errorf("migrate %s to %s: %w (nothing was changed there)", from, dst.Describe(), err)
	}
	if o.json {
		return command.WriteJSON(a.Out, migrateView{From: from, To: dst.Describe(), Tables: counts})
	}
	printMigration(a, cfg.Path, from, dst.Describe(), counts)
	return nil
}

// migrateSource is the SQLite file to copy: --from, else the config's.
func migrateSource(a *command.App, cfg *config.Config, from string) (string, error) {
	path := from
	if path == "" {
		var err error
		if path, err = cfg.StorePath(a.Env); err != nil { // the file, whatever the driver
			return "", usage.Wrap(err)
		}
	}
	fi, err := os.Stat(path)
	if err != nil || fi.IsDir() {
		return "", usage.Errorf("%s is not an SQLite store: name the file with --from", path)
	}
	return path, nil
}

// migrateTarget is the connection string: the argument, --dsn-cmd's output
// or the config's [store] dsn / dsn_cmd.
func migrateTarget(ctx context.Context, cfg *config.Config, o migrateOptions) (string, error) {
	s := config.Store{Driver: config.DriverPostgres, DSN: o.dsn, DSNCmd: o.dsnCmd}
	switch {
	case o.dsn != "" && o.dsnCmd != "":
		return "", usage.Errorf("give the connection string or --dsn-cmd, not both")
	case o.dsn == "" && o.dsnCmd == "" && cfg.Store.Postgres():
		s = cfg.Store
	case o.dsn == "" && o.dsnCmd == "":
		return "", usage.Errorf(`which PostgreSQL database? give its connection string, e.g. followup migrate --to postgres "postgres://you@db.example/followup", or --dsn-cmd`)
	}
	dsn, err := s.ConnString(ctx)
	if err != nil {
		return "", usage.Wrap(err)
	}
	return dsn, nil
}

func printMigration(a *command.App, configPath, from, to string, counts []transfer.Count) {
	fmt.Fprintf(a.Out, "copied %s into %s\n\n", from, to)
	tw := tabwriter.NewWriter(a.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TABLE\tROWS\tCOPIED NOW\tCHECKSUM")
	for _, c := range counts {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\n", c.Table, c.Rows, c.Copied, c.Checksum[:16])
	}
	tw.Flush()
	fmt.Fprintf(a.Out, "\nevery table has the same rows and checksum on both sides.\n"+
		"To use it: set [store] driver = \"postgres\" and dsn (or dsn_cmd) in %s, then start the daemon.\n", configPath)
}
