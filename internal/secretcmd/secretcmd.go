// Package secretcmd runs the commands that print a secret: password_cmd,
// dsn_cmd, token_cmd, client_secret_cmd. The output is the secret: it never
// appears in an error; a failing command's stderr does (its first 200
// bytes, on one line), as the user needs it to fix the command.
package secretcmd

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// Timeout is how long such a command may run unless the caller says.
const Timeout = 30 * time.Second

// Run runs command with sh -c for at most timeout and returns what it
// printed without the final line break. key names the setting in errors.
func Run(ctx context.Context, key, command string, timeout time.Duration) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", command)
	cmd.WaitDelay = time.Second // a child holding stdout open does not keep us waiting
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return "", fmt.Errorf("%s did not finish within %s: check the command, or run it by hand", key, timeout)
		}
		detail := strings.TrimSpace(errb.String())
		if len(detail) > 200 {
			detail = detail[:200]
		}
		return "", fmt.Errorf("%s failed (%v): %s", key, err, strings.ReplaceAll(detail, "\n", " "))
	}
	v := strings.TrimRight(out.String(), "\r\n")
	if v == "" {
		return "", fmt.Errorf("%s printed nothing: it must print the value on stdout", key)
	}
	return v, nil
}
