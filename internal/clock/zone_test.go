package clock

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLocaltimeName(t *testing.T) {
	dir := t.TempDir()
	for target, want := range map[string]string{
		"/usr/share/zoneinfo/Europe/Berlin": "Europe/Berlin",
		"../usr/share/zoneinfo/Etc/UTC":     "Etc/UTC",
		"/somewhere/else":                   "",
	} {
		link := filepath.Join(dir, strings.ReplaceAll(target, "/", "_"))
		if err := os.Symlink(target, link); err != nil {
			t.Fatal(err)
		}
		if got := localtimeName(link); got != want {
			t.Errorf("localtimeName(-> %s) = %q, want %q", target, got, want)
		}
	}
	if got := localtimeName(filepath.Join(dir, "missing")); got != "" {
		t.Errorf("localtimeName(missing) = %q, want \"\"", got)
	}
}
