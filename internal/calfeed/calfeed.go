// Package calfeed keeps followup's calendar feed: it reads interviews and
// follow-ups from the store, gives every event its SEQUENCE from the
// store's memory of earlier exports, and writes the iCalendar file
// atomically so that a subscribed calendar app never reads half of one.
package calfeed

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/followup-dev/followup/internal/followup"
	"github.com/followup-dev/followup/internal/ics"
	"github.com/followup-dev/followup/internal/store"
)

// Source is what the feed reads from; *store.Store is one.
type Source interface {
	ListInterviews(ctx context.Context, f store.Filter) ([]*followup.Interview, error)
	ActionsByInterview(ctx context.Context) (map[string][]followup.Action, error)
	CalendarSequences(ctx context.Context, hashes map[string]string, now time.Time) (map[string]int, error)
}

// Build renders the whole feed: every interview and every follow-up, with
// stable UIDs and a SEQUENCE that goes up when an event's time or status
// changed since the last Build. An unchanged store gives identical bytes.
func Build(ctx context.Context, src Source, now time.Time) ([]byte, error) {
	ivs, err := src.ListInterviews(ctx, store.Filter{})
	if err != nil {
		return nil, fmt.Errorf("calendar feed: %w", err)
	}
	actions, err := src.ActionsByInterview(ctx)
	if err != nil {
		return nil, fmt.Errorf("calendar feed: %w", err)
	}
	entries := ics.Entries(ivs, actions)
	hashes := make(map[string]string, len(entries))
	for _, e := range entries {
		hashes[e.UID] = e.Hash()
	}
	seq, err := src.CalendarSequences(ctx, hashes, now)
	if err != nil {
		return nil, fmt.Errorf("calendar feed: %w", err)
	}
	var buf bytes.Buffer
	if err := ics.Encode(&buf, entries, seq, now); err != nil {
		return nil, fmt.Errorf("calendar feed: %w", err)
	}
	return buf.Bytes(), nil
}

// WriteFeed builds the feed and writes it to path: a temporary file in the
// same folder (created 0700 if missing), mode 0600, synced, then renamed
// over path. A file that already holds the same bytes is left alone, so
// that a subscribed app sees no change when there is none. It blocks on
// the store and the disk; it is safe to call from the daemon and the CLI
// at once (the last rename wins, and both write a complete feed).
func WriteFeed(ctx context.Context, src Source, path string, now time.Time) error {
	data, err := Build(ctx, src, now)
	if err != nil {
		return err
	}
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return nil
	}
	return WriteAtomic(path, data)
}

// WriteAtomic replaces path with data through a temporary file and a
// rename; the file is 0600.
func WriteAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	defer os.Remove(tmp) // after a successful rename there is nothing left to remove
	if err := writeSynced(f, data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func writeSynced(f *os.File, data []byte) error {
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
