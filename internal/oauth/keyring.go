package oauth

import (
	"errors"
	"fmt"
	"time"

	"github.com/zalando/go-keyring"
)

// keyringService is the service name under which tokens are kept.
const keyringService = "followup-oauth2"

// keyringTimeout bounds a keyring call: a session bus without a secret
// service can leave a call waiting.
const keyringTimeout = 3 * time.Second

// KeyringStore keeps tokens in the OS keyring (Secret Service, macOS
// Keychain, Windows Credential Manager), falling back to Files for a
// token that is not in the keyring (one saved while no keyring was
// available).
type KeyringStore struct{ Files FileStore }

// Where is "the OS keyring", or the file when the token is there.
func (s KeyringStore) Where(name string) string {
	if _, err := withTimeout(func() (string, error) { return keyring.Get(keyringService, name) }); err != nil {
		if _, ferr := s.Files.Load(name); !errors.Is(ferr, ErrNoToken) {
			return s.Files.Where(name)
		}
	}
	return "the OS keyring"
}

// Load reads the token from the keyring, else from the file.
func (s KeyringStore) Load(name string) (Token, error) {
	v, err := withTimeout(func() (string, error) { return keyring.Get(keyringService, name) })
	if err != nil {
		return s.Files.Load(name)
	}
	return decodeToken([]byte(v), "the OS keyring", name)
}

// Save writes the token to the keyring and removes any file copy.
func (s KeyringStore) Save(name string, t Token) error {
	data, err := jsonToken(t)
	if err != nil {
		return err
	}
	if _, err := withTimeout(func() (string, error) { return "", keyring.Set(keyringService, name, string(data)) }); err != nil {
		return fmt.Errorf("save token in the OS keyring: %w", err)
	}
	_ = removeFile(s.Files.path(name))
	return nil
}

// KeyringAvailable reports whether the OS keyring answers (a lookup of a
// name that is not there comes back "not found").
func KeyringAvailable() bool {
	_, err := withTimeout(func() (string, error) { return keyring.Get(keyringService, "followup-probe") })
	return errors.Is(err, keyring.ErrNotFound)
}

// OpenStore returns the keyring store when useKeyring is set and a keyring
// answers, else the file store in dir.
func OpenStore(dir string, useKeyring bool) Store {
	files := FileStore{Dir: dir}
	if useKeyring && KeyringAvailable() {
		return KeyringStore{Files: files}
	}
	return files
}

var errKeyringTimeout = errors.New("the OS keyring did not answer")

func withTimeout(f func() (string, error)) (string, error) {
	type result struct {
		v   string
		err error
	}
	ch := make(chan result, 1)
	go func() { v, err := f(); ch <- result{v, err} }() // left to finish on its own after a timeout
	t := time.NewTimer(keyringTimeout)
	defer t.Stop()
	select {
	case r := <-ch:
		return r.v, r.err
	case <-t.C:
		return "", errKeyringTimeout
	}
}
