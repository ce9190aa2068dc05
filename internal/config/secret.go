package config

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// secretTimeout bounds how long a password_cmd may run.
const secretTimeout = 30 * time.Second

// Secret returns the password from password_cmd, password_env or password,
// in that order of preference. The value is never logged; errors never
// include it. It blocks while password_cmd runs (at most 30 s).
func (c Credentials) Secret(ctx context.Context) (string, error) {
	switch {
	case c.PasswordCmd != "":
		return runPasswordCmd(ctx, c.PasswordCmd)
	case c.PasswordEnv != "":
		v, ok := os.LookupEnv(c.PasswordEnv)
		if !ok || v == "" {
			return "", fmt.Errorf("password_env: environment variable %s is not set", c.PasswordEnv)
		}
		return v, nil
	case c.Password != "":
		return c.Password, nil
	}
	return "", errors.New("no password configured: set password_cmd, password_env or password")
}

func runPasswordCmd(ctx context.Context, command string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, secretTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", command)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return "", fmt.Errorf("password_cmd did not finish within %s", secretTimeout)
		}
		detail := strings.TrimSpace(errb.String())
		if len(detail) > 200 {
			detail = detail[:200]
		}
		return "", fmt.Errorf("password_cmd failed (%v): %s", err, detail)
	}
	pw := strings.TrimRight(out.String(), "\r\n")
	if pw == "" {
		return "", errors.New("password_cmd printed nothing")
	}
	return pw, nil
}
