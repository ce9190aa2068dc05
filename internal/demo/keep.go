package demo

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/followup-dev/followup/internal/demo/mailserver"
)

// workDir is where the demo keeps its config, CA file and store: dir
// itself with --keep (created; it must be missing or empty), else a new
// temporary folder. remove deletes the temporary folder and is a no-op for
// a kept one.
func workDir(keep string) (dir string, remove func(), err error) {
	if keep == "" {
		dir, err := os.MkdirTemp("", "followup-demo-")
		if err != nil {
			return "", nil, fmt.Errorf("demo folder: %w", err)
		}
		return dir, func() { os.RemoveAll(dir) }, nil
	}
	abs, err := filepath.Abs(keep)
	if err != nil {
		return "", nil, fmt.Errorf("--keep %s: %w", keep, err)
	}
	entries, err := os.ReadDir(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(abs, 0o700); err != nil {
			return "", nil, fmt.Errorf("--keep: %w", err)
		}
	case err != nil:
		return "", nil, fmt.Errorf("--keep %s: %w", keep, err)
	case len(entries) > 0:
		return "", nil, ErrKeepNotEmpty{Dir: keep}
	}
	return abs, func() {}, nil
}

// ErrKeepNotEmpty: --keep names a folder that already holds files; the
// demo never writes into one.
type ErrKeepNotEmpty struct{ Dir string }

func (e ErrKeepNotEmpty) Error() string {
	return fmt.Sprintf("--keep %s: the folder is not empty: name a new or empty folder", e.Dir)
}

// UsageError marks it as the user's to fix (exit 2).
func (ErrKeepNotEmpty) UsageError() {}

// keepResults leaves the demo behind in dir for the other commands: every
// message as an .eml file under mail/OWNER/MAILBOX/, and a config.toml
// that points at the store but at no mail server (they are gone, and so
// is the password); the CA file is removed.
func keepResults(dir string, mail []mailserver.Message) error {
	for i, m := range mail {
		folder := filepath.Join(dir, "mail", m.Owner, m.Mailbox)
		if err := os.MkdirAll(folder, 0o700); err != nil {
			return fmt.Errorf("keep mail: %w", err)
		}
		name := fmt.Sprintf("%03d-%s.eml", i+1, slug(mailserver.ReadHeader(m.Raw).Get("Subject")))
		if err := os.WriteFile(filepath.Join(folder, name), m.Raw, 0o600); err != nil {
			return fmt.Errorf("keep mail: %w", err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(configText(dir, "", "", "", false)), 0o600); err != nil {
		return fmt.Errorf("keep config: %w", err)
	}
	if err := os.Remove(filepath.Join(dir, "demo-ca.pem")); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove demo CA: %w", err)
	}
	return nil
}

// slug makes a short file-name part from a subject.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9'
		switch {
		case ok:
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 40 {
			break
		}
	}
	out := strings.Trim(b.String(), "-")
	if out == "" {
		return "message"
	}
	return out
}
