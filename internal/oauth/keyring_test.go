package oauth

import (
	"errors"
	"os"
	"testing"

	"github.com/zalando/go-keyring"
)

// TestKeyringStore uses go-keyring's in-memory provider: CI machines have
// no keyring, and followup must work without one (see TestOpenStoreWithoutKeyring).
func TestKeyringStore(t *testing.T) {
	keyring.MockInit()
	files := FileStore{Dir: t.TempDir()}
	if err := files.Save("old", Token{RefreshToken: "r-file"}); err != nil {
		t.Fatal(err)
	}
	s := KeyringStore{Files: files}
	if got, err := s.Load("old"); err != nil || got.RefreshToken != "r-file" {
		t.Errorf("Load(token only in a file) = %+v, %v; want the file's", got.RefreshToken != "", err)
	}
	if err := s.Save("old", Token{AccessToken: "a", RefreshToken: "r-key"}); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Load("old"); err != nil || got.RefreshToken != "r-key" {
		t.Errorf("Load after Save = %v, want the keyring's token", err)
	}
	if _, err := os.Stat(files.path("old")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("file copy after saving to the keyring: %v, want removed", err)
	}
	if s.Where("old") != "the OS keyring" {
		t.Errorf("Where = %q, want the OS keyring", s.Where("old"))
	}
	if _, err := s.Load("none"); !errors.Is(err, ErrNoToken) {
		t.Errorf("Load(none) = %v, want ErrNoToken", err)
	}
}

func TestOpenStoreWithoutKeyring(t *testing.T) {
	dir := t.TempDir()
	if _, ok := OpenStore(dir, false).(FileStore); !ok {
		t.Errorf("OpenStore(keyring off) is not the file store")
	}
}
