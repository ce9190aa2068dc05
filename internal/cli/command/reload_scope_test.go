package command

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/clock"
)

// TestReloadScopesTheStoreAgain: the store a daemon uses is its account's
// view, also without [[account]] sections (the same store may hold other
// accounts' rows), and a reload makes that view again from the new config
// instead of keeping the one it started with.
func TestReloadScopesTheStoreAgain(t *testing.T) {
	dir := t.TempDir()
	vars := map[string]string{"HOME": dir, "XDG_CONFIG_HOME": filepath.Join(dir, "config"), "XDG_DATA_HOME": filepath.Join(dir, "data")}
	cfgDir := filepath.Join(dir, "config", "followup")
	if err := os.MkdirAll(cfgDir, 0o700); err != nil {
		t.Fatal(err)
	}
	write := func(body string) {
		if err := os.WriteFile(filepath.Join(cfgDir, "config.toml"), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	me := "[me]\nname = \"Max\"\nemail = \"max@example.org\"\ntimezone = \"Europe/Berlin\"\n"
	write(me)
	a := &App{Streams: Streams{Out: os.Stdout, Err: os.Stderr, Env: func(k string) string { return vars[k] }},
		Clock: clock.Func(func() time.Time { return time.Date(2026, 11, 20, 16, 0, 0, 0, time.UTC) })}
	defer a.Close()
	env, err := a.Services(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !env.Store.Scoped() || env.Store.Account() != "" {
		t.Fatal("single account: the store is not the default account's view")
	}
	before := env.Store
	write(me + "\n[[account]]\nname = \"uni\"\n[account.me]\nemail = \"max@uni.example\"\n")
	env, err = a.ReloadServices(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !env.Store.Scoped() || env.Store.Account() != "" || env.Store == before {
		t.Error("after a reload that adds [[account]] uni, the default account's daemon does not use a new view of its own rows")
	}
}
