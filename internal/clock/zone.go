package clock

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// SystemLocation is the system's time zone under its IANA name (from $TZ or
// the /etc/localtime link), so that times stored with it keep their meaning
// when read on another machine; time.Local when no name can be found.
var SystemLocation = sync.OnceValue(func() *time.Location {
	for _, name := range []string{strings.TrimPrefix(os.Getenv("TZ"), ":"), localtimeName("/etc/localtime")} {
		if name == "" || name == "Local" {
			continue
		}
		if loc, err := time.LoadLocation(name); err == nil {
			return loc
		}
	}
	return time.Local
})

// localtimeName reads a zone name such as "Europe/Berlin" from a link to a
// zoneinfo file; "" when link is not such a link.
func localtimeName(link string) string {
	target, err := os.Readlink(link)
	if err != nil {
		return ""
	}
	target = filepath.ToSlash(target)
	if _, name, ok := strings.Cut(target, "zoneinfo/"); ok {
		return name
	}
	return ""
}
