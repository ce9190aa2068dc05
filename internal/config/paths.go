package config

import (
	"errors"
	"os"
	"path/filepath"
)

// Env is the part of the process environment that decides where files live.
// Tests pass their own.
type Env func(key string) string

// home returns $HOME or an error.
func home(env Env) (string, error) {
	if h := env("HOME"); h != "" {
		return h, nil
	}
	return "", errors.New("HOME is not set: set HOME or XDG_CONFIG_HOME / XDG_DATA_HOME")
}

// DefaultPath is where the config file is looked for: FOLLOWUP_CONFIG, else
// $XDG_CONFIG_HOME/followup/config.toml, else ~/.config/followup/config.toml.
func DefaultPath(env Env) (string, error) {
	if p := env("FOLLOWUP_CONFIG"); p != "" {
		return p, nil
	}
	return xdgPath(env, "XDG_CONFIG_HOME", ".config", "config.toml")
}

// DataDir is $XDG_DATA_HOME/followup, else ~/.local/share/followup.
func DataDir(env Env) (string, error) {
	return xdgPath(env, "XDG_DATA_HOME", filepath.Join(".local", "share"), "")
}

func xdgPath(env Env, xdgVar, fallback, file string) (string, error) {
	base := env(xdgVar)
	if base == "" || !filepath.IsAbs(base) {
		h, err := home(env)
		if err != nil {
			return "", err
		}
		base = filepath.Join(h, fallback)
	}
	return filepath.Join(base, "followup", file), nil
}

// StorePath is the database file: [store] path, else followup.db in DataDir.
func (c *Config) StorePath(env Env) (string, error) {
	if c.Store.Path != "" {
		return expandHome(c.Store.Path, env)
	}
	dir, err := DataDir(env)
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "followup.db"), nil
}

func expandHome(p string, env Env) (string, error) {
	if len(p) >= 2 && p[:2] == "~/" {
		h, err := home(env)
		if err != nil {
			return "", err
		}
		return filepath.Join(h, p[2:]), nil
	}
	return p, nil
}

// OSEnv reads the real process environment.
var OSEnv Env = os.Getenv

// TemplatesDir is [templates] dir with ~ expanded; empty means built-ins only.
func (c *Config) TemplatesDir(env Env) (string, error) {
	if c.Templates.Dir == "" {
		return "", nil
	}
	return expandHome(c.Templates.Dir, env)
}

// FeedPath is [calendar] feed with ~ expanded; "" when there is no feed.
func (c *Config) FeedPath(env Env) (string, error) {
	if c.Calendar.Feed == "" {
		return "", nil
	}
	return expandHome(c.Calendar.Feed, env)
}
