package oauth

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// CommandTimeout bounds how long token_cmd or client_secret_cmd may run.
const CommandTimeout = 30 * time.Second

// runCommand runs command with sh -c and returns its output, trimmed. The
// output is a secret: it never appears in an error; a failing command's
// stderr does (its first 200 bytes), as the user needs it.
func runCommand(ctx context.Context, key, command string, timeout time.Duration) (string, error) {
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
	v := strings.TrimSpace(out.String())
	if v == "" {
		return "", errors.New(key + " printed nothing: it must print the value on stdout")
	}
	if strings.ContainsAny(v, "\r\n") {
		return "", errors.New(key + " printed more than one line: it must print only the value")
	}
	return v, nil
}

// CommandSource is a token source backed by token_cmd: every AccessToken
// runs the command, which is in charge of caching and refreshing.
type CommandSource struct {
	Name    string // the [oauth2.NAME]
	Command string
	Timeout time.Duration // zero: CommandTimeout
}

// AccessToken runs the command and returns what it printed. It blocks
// while the command runs.
func (s *CommandSource) AccessToken(ctx context.Context) (string, error) {
	t := s.Timeout
	if t <= 0 {
		t = CommandTimeout
	}
	tok, err := runCommand(ctx, "token_cmd", s.Command, t)
	if err != nil {
		return "", fmt.Errorf("[oauth2.%s] %w", s.Name, err)
	}
	return tok, nil
}

// Rejected does nothing: the next AccessToken runs the command again.
func (s *CommandSource) Rejected(string) {}
