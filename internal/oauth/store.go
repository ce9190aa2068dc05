package oauth

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/oauth2"
)

// ErrNoToken is returned by a Store that holds no token for the name.
var ErrNoToken = errors.New("no token stored")

// Token is what followup keeps of a sign-in. Both tokens are secrets.
type Token struct {
	AccessToken  string    `json:"access_token,omitempty"`
	RefreshToken string    `json:"refresh_token,omitempty"`
	TokenType    string    `json:"token_type,omitempty"`
	Expiry       time.Time `json:"expiry,omitzero"` // of the access token; zero: unknown
	// LoginRequired, when set, says why the refresh token no longer works
	// (revoked, expired): the token is unusable until the next login.
	LoginRequired string `json:"login_required,omitempty"`
}

// fromOAuth2 keeps what followup needs of t, taking its expiry from now
// and expires_in (the library would use the wall clock).
func fromOAuth2(t *oauth2.Token, now time.Time) Token {
	out := Token{AccessToken: t.AccessToken, RefreshToken: t.RefreshToken, TokenType: t.TokenType, Expiry: t.Expiry}
	if t.ExpiresIn > 0 {
		out.Expiry = now.Add(time.Duration(t.ExpiresIn) * time.Second).UTC()
	}
	return out
}

// Store keeps one Token per [oauth2.NAME].
type Store interface {
	// Load returns the token of name, or an error wrapping ErrNoToken.
	Load(name string) (Token, error)
	// Save replaces the token of name.
	Save(name string, t Token) error
	// Where says where tokens are kept, for messages: "the OS keyring" or a path.
	Where(name string) string
}

// FileStore keeps each token as JSON in Dir/NAME.json, mode 0600 in a
// 0700 folder, written atomically. A file that others can read is refused.
type FileStore struct{ Dir string }

func (s FileStore) path(name string) string { return filepath.Join(s.Dir, name+".json") }

// Where is the token file's path.
func (s FileStore) Where(name string) string { return s.path(name) }

// Load reads the token file of name.
func (s FileStore) Load(name string) (Token, error) {
	p := s.path(name)
	fi, err := os.Stat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return Token{}, fmt.Errorf("%w for [oauth2.%s]", ErrNoToken, name)
	}
	if err != nil {
		return Token{}, fmt.Errorf("token file: %w", err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return Token{}, fmt.Errorf("token file %s is refused because others can read it (mode %04o): run `chmod 600 %s`, or `followup login %s` again", p, fi.Mode().Perm(), p, name)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return Token{}, fmt.Errorf("token file: %w", err)
	}
	return decodeToken(data, p, name)
}

func decodeToken(data []byte, where, name string) (Token, error) {
	var t Token
	if err := json.Unmarshal(data, &t); err != nil || t.AccessToken == "" && t.RefreshToken == "" && t.LoginRequired == "" {
		return Token{}, fmt.Errorf("token in %s is malformed: run `followup login %s` to replace it", where, name)
	}
	return t, nil
}

// Save writes the token file of name atomically.
func (s FileStore) Save(name string, t Token) error {
	data, err := json.Marshal(t)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return fmt.Errorf("token folder: %w", err)
	}
	tmp, err := os.CreateTemp(s.Dir, "."+name+"-*.json")
	if err != nil {
		return fmt.Errorf("save token: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("save token: %w", err)
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), s.path(name))
	}
	if err != nil {
		return fmt.Errorf("save token: %w", err)
	}
	return nil
}

func jsonToken(t Token) ([]byte, error) { return json.Marshal(t) }

func removeFile(p string) error {
	err := os.Remove(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}
