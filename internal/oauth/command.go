package oauth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/followup-dev/followup/internal/secretcmd"
)

// CommandTimeout bounds how long token_cmd or client_secret_cmd may run.
const CommandTimeout = secretcmd.Timeout

// runCommand runs command (secretcmd.Run) and returns its output, trimmed:
// a token or client secret is one line.
func runCommand(ctx context.Context, key, command string, timeout time.Duration) (string, error) {
	out, err := secretcmd.Run(ctx, key, command, timeout)
	if err != nil {
		return "", err
	}
	v := strings.TrimSpace(out)
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
