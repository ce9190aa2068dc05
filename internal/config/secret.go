package config

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/followup-dev/followup/internal/secretcmd"
)

// secretTimeout bounds how long a password_cmd or dsn_cmd may run.
const secretTimeout = secretcmd.Timeout

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
	return runSecretCmd(ctx, "password_cmd", command)
}

// ConnString returns the PostgreSQL connection string from dsn_cmd or dsn.
// It may hold a password: never log it.
func (s Store) ConnString(ctx context.Context) (string, error) {
	if s.DSNCmd != "" {
		dsn, err := runSecretCmd(ctx, "dsn_cmd", s.DSNCmd)
		if err != nil {
			return "", fmt.Errorf("[store] %w", err)
		}
		return dsn, nil
	}
	if s.DSN == "" {
		return "", errors.New(`[store] driver = "postgres" needs dsn or dsn_cmd`)
	}
	return s.DSN, nil
}

// runSecretCmd runs a command that prints a secret (secretcmd.Run); key
// names the setting in errors.
func runSecretCmd(ctx context.Context, key, command string) (string, error) {
	return secretcmd.Run(ctx, key, command, secretTimeout)
}
