package sqldb

import (
	"sync"
	"time"
)

// zones caches time.LoadLocation by name: rows carry their zone's name,
// and reading the zone file again for each of 10,000 rows is most of the
// cost of listing them.
var zones sync.Map // name → *time.Location

// LoadZone is time.LoadLocation, cached; errors are not cached.
func LoadZone(name string) (*time.Location, error) {
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	zones.Store(name, loc)
	return loc, nil
}
