package agenda_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/followup-dev/followup/internal/cli/clitest"
)

func TestCalendarCommand(t *testing.T) {
	e := clitest.NewEnv(t)
	id := strings.TrimSpace(e.MustRun(clitest.AddArgs...))
	out := e.MustRun("calendar")
	if !strings.HasPrefix(out, "BEGIN:VCALENDAR\r\n") || !strings.Contains(out, "UID:interview."+id+"@followup") {
		t.Errorf("calendar = %q, want a VCALENDAR with the interview's UID", out)
	}
	path := filepath.Join(e.Dir, "cal", "followup.ics")
	e.MustRun("calendar", "--out", path)
	data, err := os.ReadFile(path)
	if err != nil || string(data) != out {
		t.Errorf("calendar --out wrote %q (%v), want what stdout got", data, err)
	}
}
