// Package setup is followup's commands for getting set up: init, config
// check, login to an OAuth2 provider, status and the templates.
package setup

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/spf13/cobra"

	followupfiles "github.com/followup-dev/followup"
	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/usage"
)

// Commands are the constructors of this package's top-level commands.
var Commands command.Registry

func init() {
	Commands.Add(newInitCommand)
	Commands.Add(newConfigCommand)
}

type initOptions struct{ force bool }

func newInitCommand(a *command.App) *cobra.Command {
	var o initOptions
	cmd := &cobra.Command{
		Use:   "init [--force]",
		Short: "Write a commented config file to the config location",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runInit(cmd.Context(), a, o)
		},
	}
	cmd.Flags().BoolVar(&o.force, "force", false, "overwrite an existing config file")
	return cmd
}

func runInit(_ context.Context, a *command.App, o initOptions) error {
	path := a.ConfigPath
	if path == "" {
		p, err := config.DefaultPath(a.Env)
		if err != nil {
			return usage.Wrap(err)
		}
		path = p
	}
	if err := writeConfigFile(path, followupfiles.SampleConfig, o.force); err != nil {
		return err
	}
	fmt.Fprintf(a.Out, "wrote %s\n", path)
	return nil
}

// writeConfigFile writes data to path (0600, folder 0700) atomically: a
// temporary file renamed into place, so a failure leaves no partial file.
func writeConfigFile(path string, data []byte, force bool) error {
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		return usage.Errorf("%s is a folder: name the config file itself, e.g. --config %s", path, filepath.Join(path, "config.toml"))
	case err == nil && !force:
		return usage.Errorf("%s already exists: edit it, or pass --force to replace it", path)
	case errors.Is(err, syscall.ENOTDIR):
		return usage.Errorf("%s: part of the path is a file, not a folder: choose another path for the config file", path)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("check %s: %w", path, err)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, ".config-*.toml")
	if err != nil {
		return fmt.Errorf("write config: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write config: %w", err)
	}
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("write config: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write config: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write config: %w", err)
	}
	return os.Rename(tmp.Name(), path)
}

func newConfigCommand(a *command.App) *cobra.Command {
	cmd := &cobra.Command{Use: "config", Short: "Inspect the configuration"}
	cmd.AddCommand(newConfigCheckCommand(a))
	return cmd
}

type configCheckOptions struct{}

func newConfigCheckCommand(a *command.App) *cobra.Command {
	return &cobra.Command{
		Use:   "check",
		Short: "Report every problem in the config file and the templates it names at once",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runConfigCheck(cmd.Context(), a, configCheckOptions{})
		},
	}
}

func runConfigCheck(_ context.Context, a *command.App, _ configCheckOptions) error {
	cfg, err := a.Config()
	if err != nil {
		return err
	}
	if _, statErr := os.Stat(cfg.Path); statErr != nil {
		fmt.Fprintf(a.Out, "no config file at %s: running on defaults (drafts only, no mail servers)\n", cfg.Path)
		return nil
	}
	dir, err := cfg.TemplatesDir(a.Env)
	if err != nil {
		return usage.Wrap(err)
	}
	if err := checkTemplates(a, dir); err != nil {
		return err
	}
	fmt.Fprintf(a.Out, "%s: ok\n", cfg.Path)
	if dir != "" {
		fmt.Fprintf(a.Out, "built-in templates%s: ok\n", overridesFrom(dir))
	}
	return nil
}
