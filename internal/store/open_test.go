package store

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"testing"

	"github.com/followup-dev/followup/internal/store/storetest"
)

// TestProcessesOpenFreshStoreAtOnce starts several processes that all open
// the same brand-new database at the same moment: each must succeed (the
// switch to WAL needs an exclusive lock that only one can have at first).
func TestProcessesOpenFreshStoreAtOnce(t *testing.T) {
	for range 3 {
		path := storetest.Where(t)
		var wg sync.WaitGroup
		errs := make([]error, 6)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				cmd := exec.Command(os.Args[0], "-test.run=^$", "-test.count=1")
				cmd.Env = append(os.Environ(), "FOLLOWUP_STORE_OPENER="+path)
				if out, err := cmd.CombinedOutput(); err != nil {
					errs[i] = fmt.Errorf("child %d: %v\n%s", i, err, out)
				}
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
	}
}

// openerChild is the child side of TestProcessesOpenFreshStoreAtOnce: it
// opens the store at path, reads from it and returns the exit code.
func openerChild(path string) int {
	s, err := openWhere(context.Background(), path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "Open:", err)
		return 1
	}
	defer s.Close()
	if _, err := s.CountInterviews(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "CountInterviews:", err)
		return 1
	}
	return 0
}
