package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCalendarCommand(t *testing.T) {
	e := newTestEnv(t)
	id := strings.TrimSpace(e.mustRun(addArgs...))
	out := e.mustRun("calendar")
	if !strings.HasPrefix(out, "BEGIN:VCALENDAR\r\n") || !strings.Contains(out, "UID:interview."+id+"@followup") {
		t.Errorf("calendar = %q, want a VCALENDAR with the interview's UID", out)
	}
	path := filepath.Join(e.dir, "cal", "followup.ics")
	e.mustRun("calendar", "--out", path)
	data, err := os.ReadFile(path)
	if err != nil || string(data) != out {
		t.Errorf("calendar --out wrote %q (%v), want what stdout got", data, err)
	}
}
