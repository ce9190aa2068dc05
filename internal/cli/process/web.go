package process

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/config"
	"github.com/followup-dev/followup/internal/daemon"
	"github.com/followup-dev/followup/internal/usage"
	"github.com/followup-dev/followup/internal/web"
)

func init() { Commands.Add(newWebCommand) }

// webOptions are the flags of `followup web`.
type webOptions struct {
	listen      string
	allowRemote bool
	hosts       []string
}

const webLong = `Serve followup's pages on this machine: the board of interviews by status,
each interview with its people, signals, next steps, follow-ups and messages,
and what goes out today. Its forms do what the commands do (add, log, close,
send, snooze, skip, pause, resume), through the same code, on the same store:
a change shows in the CLI at once and the daemon acts on it.

It listens on 127.0.0.1 only. Every request needs the install's token (kept in
web.token, mode 0600, in the data folder): open the login link it prints once,
and the browser keeps it in a cookie. --listen on another address is refused
unless --allow-remote is given too (put TLS in front of it). The pages then
answer to the listen address, this machine's name (NAME and NAME.local) and,
on 0.0.0.0 or [::], its own addresses; --host adds a name others use to reach
it (a proxy's, say). Any other Host header is refused, against DNS rebinding.`

func newWebCommand(a *command.App) *cobra.Command {
	var o webOptions
	cmd := &cobra.Command{
		Use:   "web [--listen 127.0.0.1:PORT]",
		Short: "Serve the board, the interview pages and today's view in a browser",
		Long:  webLong,
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return runWeb(cmd.Context(), a, o) },
	}
	f := cmd.Flags()
	f.StringVar(&o.listen, "listen", "127.0.0.1:8427", "address to listen on (host:port; port 0 picks a free one)")
	f.BoolVar(&o.allowRemote, "allow-remote", false, "allow --listen on an address other than loopback")
	f.StringArrayVar(&o.hosts, "host", nil, "also accept this Host `name` (repeatable; with --allow-remote)")
	return cmd
}

func runWeb(ctx context.Context, a *command.App, o webOptions) error {
	if err := checkListen(o.listen, o.allowRemote); err != nil {
		return err
	}
	svc, err := a.Services(ctx, nil)
	if err != nil {
		return err
	}
	dir, err := config.DataDir(a.Env)
	if err != nil {
		return usage.Wrap(err)
	}
	token, err := web.LoadToken(dir)
	if err != nil {
		return usage.Wrap(err)
	}
	hosts := o.hosts
	if o.allowRemote {
		hosts = append(hosts, machineHosts(o.listen)...)
	}
	ln, h, err := listenWeb(web.Options{Services: svc, Token: token, Hosts: hosts}, o.listen)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.Out, "followup web: open http://%s/login?token=%s\n", ln.Addr(), token)
	return serveUntil(ctx, ln, h)
}

// listenWeb opens the listener and builds the handler; the listen address
// (as given and as bound) is added to opts.Hosts.
func listenWeb(opts web.Options, listen string) (net.Listener, http.Handler, error) {
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return nil, nil, usage.Errorf("listen on %s: %v: pick another port with --listen 127.0.0.1:PORT", listen, err)
	}
	opts.Hosts = append(opts.Hosts, ln.Addr().String(), listen)
	h, err := web.New(opts)
	if err != nil {
		ln.Close()
		return nil, nil, err
	}
	return ln, h, nil
}

// daemonWeb starts serving the pages on [web] listen for the daemon, when
// it is set, until ctx ends; wait returns once the server has stopped.
// Every request uses the daemon's current use cases, so a reload (SIGHUP)
// reaches the pages too. The log says where, never the token.
func daemonWeb(ctx context.Context, a *command.App, d *daemon.Daemon) (wait func() error, err error) {
	svc := d.Services()
	listen := svc.Config.Web.Listen
	if listen == "" {
		return func() error { return nil }, nil
	}
	dir, err := config.DataDir(a.Env)
	if err != nil {
		return nil, usage.Wrap(err)
	}
	token, err := web.LoadToken(dir)
	if err != nil {
		return nil, usage.Wrap(err)
	}
	ln, h, err := listenWeb(web.Options{Services: svc, Current: d.Services, Token: token}, listen)
	if err != nil {
		return nil, err
	}
	svc.Log.Info("web pages served", "addr", ln.Addr().String(), "login", "http://"+ln.Addr().String()+"/login?token=<"+web.TokenFile+" in the data folder>")
	done := make(chan error, 1)
	go func() { done <- serveUntil(ctx, ln, h) }()
	return func() error { return <-done }, nil
}

// checkListen refuses an address that is not loopback unless allowed.
func checkListen(listen string, allowRemote bool) error {
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return usage.Errorf("invalid --listen %q: write host:port, e.g. 127.0.0.1:8427", listen)
	}
	if ip := net.ParseIP(host); (ip != nil && ip.IsLoopback()) || host == "localhost" || allowRemote {
		return nil
	}
	return usage.Errorf("refusing --listen %s: it is not loopback, so others could reach it; add --allow-remote (and put TLS in front) if you mean it", listen)
}

// machineHosts are the Host names a remote browser may use for a listen
// address other than loopback: this machine's name, NAME.local, and on an
// unspecified address (0.0.0.0, [::]) every address of its interfaces.
func machineHosts(listen string) []string {
	var hosts []string
	if name, err := os.Hostname(); err == nil && name != "" {
		hosts = append(hosts, name, name+".local")
	}
	host, _, err := net.SplitHostPort(listen)
	if ip := net.ParseIP(host); err != nil || (ip != nil && !ip.IsUnspecified()) {
		return hosts
	}
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return hosts
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok {
			hosts = append(hosts, n.IP.String())
		}
	}
	return hosts
}

// serveUntil serves h on ln until ctx ends, then lets running requests
// finish for a few seconds.
func serveUntil(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	err := srv.Shutdown(shutCtx)
	if serveErr := <-done; !errors.Is(serveErr, http.ErrServerClosed) {
		err = errors.Join(err, serveErr)
	}
	return err
}
