package command

import (
	"io"
	"os"
	"os/exec"

	"github.com/spf13/cobra"
)

// pagedCommands are the commands whose output may be long: on a terminal
// it goes through the pager. Commands that ask questions are not among
// them, and neither is draft --edit.
var pagedCommands = map[string]bool{
	"followup list": true, "followup show": true, "followup plan": true, "followup status": true,
	"followup outbox": true, "followup draft": true, "followup templates doc": true,
	"followup templates show": true, "followup man": true,
}

// pager is a running pager process reading what the command prints.
type pager struct {
	cmd *exec.Cmd
	w   io.WriteCloser
	out io.Writer // the stdout the pager replaced
}

// StartPager sends a.Out through $PAGER (default "less", with LESS=FRX
// unless LESS is set, so short output is printed as is) when cmd is one of
// pagedCommands, stdout is a terminal, --no-pager is not given and the
// pager can be started; otherwise output is unchanged.
func (a *App) StartPager(cmd *cobra.Command) {
	if !a.OutTTY || a.NoPager || !pagedCommands[cmd.CommandPath()] {
		return
	}
	if f := cmd.Flags().Lookup("edit"); f != nil && f.Changed {
		return
	}
	name := a.Env("PAGER")
	if name == "" {
		name = "less"
		if _, err := exec.LookPath(name); err != nil {
			return
		}
	}
	if name == "cat" {
		return
	}
	c := exec.Command("/bin/sh", "-c", name)
	c.Stdout = a.Out
	if f, ok := a.Err.(*os.File); ok {
		// Only a file: exec would copy into any other writer from a
		// goroutine while the command writes to it too.
		c.Stderr = f
	}
	c.Env = os.Environ()
	if a.Env("LESS") == "" {
		c.Env = append(c.Env, "LESS=FRX")
	}
	w, err := c.StdinPipe()
	if err != nil {
		return
	}
	if err := c.Start(); err != nil {
		return
	}
	a.pager = &pager{cmd: c, w: w, out: a.Out}
	a.Out = w
	cmd.SetOut(w)
}

// StopPager ends the input of the pager and waits until the user quits it.
func (a *App) StopPager() {
	if a.pager == nil {
		return
	}
	a.pager.w.Close()
	a.pager.cmd.Wait()
	a.Out = a.pager.out
	a.pager = nil
}
