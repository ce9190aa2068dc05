package setup

import (
	"context"
	"fmt"
	"os/exec"
	"runtime"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/oauth"
	"github.com/followup-dev/followup/internal/usage"
)

func init() { Commands.Add(newLoginCommand) }

const loginLong = `Sign in to the mail provider of an [oauth2.NAME] section (the only one
when NAME is left out) and store the tokens: in the OS keyring when one is
available, else in a private file in the data folder.

Google: a browser opens a sign-in page (on a desktop) and comes back to
followup on 127.0.0.1; the URL is printed too. Microsoft: the device flow,
a code to enter at the printed URL, on any device.
On a machine without a browser: --device (Microsoft, or a custom provider
with device_url), or --no-browser, which prints the URL to open elsewhere
and reads back the address the browser ended on.

Tokens are never printed. Exit codes: 0 signed in; 1 the provider refused or
could not be reached; 2 no such section or a bad flag.`

type loginOptions struct {
	Name              string // the [oauth2.NAME] to sign in to, when named
	named             bool
	device, noBrowser bool
	port              int
}

func newLoginCommand(a *command.App) *cobra.Command {
	var o loginOptions
	cmd := &cobra.Command{
		Use:   "login [NAME] [--device | --no-browser]",
		Short: "Sign in with OAuth2 to Gmail, Microsoft 365 or another provider",
		Long:  loginLong,
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.Name, o.named = args[0], true
			}
			return runLogin(cmd.Context(), a, o)
		},
	}
	cmd.Flags().BoolVar(&o.device, "device", false, "use the device flow: enter a code on another device")
	cmd.Flags().BoolVar(&o.noBrowser, "no-browser", false, "print the sign-in URL and read back the address the browser ended on")
	cmd.Flags().IntVar(&o.port, "port", 0, "loopback port for the browser's redirect (default: random)")
	return cmd
}

func runLogin(ctx context.Context, a *command.App, o loginOptions) error {
	cfg, err := a.Config()
	if err != nil {
		return err
	}
	var args []string
	if o.named {
		args = []string{o.Name}
	}
	sec, err := loginSection(cfg, args)
	if err != nil {
		return err
	}
	if sec.TokenCmd != "" {
		return usage.Errorf("[oauth2.%s] has token_cmd: that command signs in and refreshes, followup does not", sec.Name)
	}
	if o.port < 0 || o.port > 65535 {
		return usage.Errorf("--port %d is not a port: use 1-65535, or leave it out", o.port)
	}
	if o.device && o.noBrowser {
		return usage.Errorf("--device and --no-browser exclude each other: choose one")
	}
	p, err := oauth.NewProvider(ctx, sec)
	if err != nil {
		return usage.Wrap(err)
	}
	if o.device && !p.Device {
		return usage.Errorf("%s does not allow the device flow for mail: use --no-browser on a machine without a browser", p)
	}
	store, err := a.TokenStore()
	if err != nil {
		return err
	}
	lo := oauth.LoginOptions{Out: a.Out, In: a.In, Device: o.device, NoBrowser: o.noBrowser, Port: o.port, Now: a.Clock.Now}
	if a.OutTTY && hasDesktop(a.Env) {
		lo.Open = openBrowser
	}
	tok, err := oauth.Login(ctx, p, store, lo)
	if err != nil {
		return err
	}
	valid := ""
	if !tok.Expiry.IsZero() {
		valid = " (access token valid until " + a.When(tok.Expiry) + "; refreshed automatically)"
	}
	fmt.Fprintf(a.Out, "signed in to %s; token stored in %s%s\n", p, store.Where(sec.Name), valid)
	return nil
}

// loginSection is the [oauth2.NAME] named in args, else the only one.
func loginSection(cfg *config.Config, args []string) (config.OAuth2, error) {
	names := make([]string, 0, len(cfg.OAuth2))
	for n := range cfg.OAuth2 {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(args) == 1 {
		if o, ok := cfg.OAuth2[args[0]]; ok {
			return o, nil
		}
		if len(names) == 0 {
			return config.OAuth2{}, usage.Errorf("there is no [oauth2.%s] section in %s: add one (see README, \"Signing in with OAuth2\")", args[0], cfg.Path)
		}
		return config.OAuth2{}, usage.Errorf("there is no [oauth2.%s] section in %s: use one of %s", args[0], cfg.Path, strings.Join(names, ", "))
	}
	switch len(names) {
	case 0:
		return config.OAuth2{}, usage.Errorf("there is no [oauth2.NAME] section in %s: add one (see README, \"Signing in with OAuth2\")", cfg.Path)
	case 1:
		return cfg.OAuth2[names[0]], nil
	}
	return config.OAuth2{}, usage.Errorf("%s has several [oauth2.NAME] sections: name one, e.g. `followup login %s`", cfg.Path, names[0])
}

// hasDesktop guesses whether a browser can be opened here.
func hasDesktop(env config.Env) bool {
	return runtime.GOOS == "darwin" || runtime.GOOS == "windows" || env("DISPLAY") != "" || env("WAYLAND_DISPLAY") != ""
}

// openBrowser starts the desktop's browser on url and does not wait for it.
func openBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go func() { _ = cmd.Wait() }() // reaps the opener, which exits at once
	return nil
}
