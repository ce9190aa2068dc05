package inbox

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/followup-dev/followup/internal/config"
)

// FuzzFindInvite feeds the search for an invitation in a received message
// arbitrary bytes, seeded with the fixtures and their body prefixes: it
// must never panic, and what it finds has a UID and a method it handles.
func FuzzFindInvite(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.eml"))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		f.Add(data[:len(data)*2/3])
	}
	f.Add([]byte("Content-Type: text/calendar\r\n\r\nBEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\n"))
	cfg := config.Default()
	cfg.Me = config.Me{Email: "max@example.org", Timezone: "Europe/Berlin"}
	in := &Inbox{Config: cfg}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, ok := in.findInvite(data)
		if ok && (p.UID == "" || p.Method != "REQUEST" && p.Method != "CANCEL") {
			t.Fatalf("findInvite = UID %q METHOD %q, want a UID and REQUEST or CANCEL", p.UID, p.Method)
		}
	})
}
