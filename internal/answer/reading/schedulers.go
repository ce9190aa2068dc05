package reading

import (
	_ "embed"
	"slices"

	"github.com/BurntSushi/toml"
	"github.com/followup-dev/followup/internal/answer/words"
)

// Scheduler is an interview-scheduling tool; a link to one of its Hosts
// (a host, optionally followed by a path prefix) invites the candidate to
// pick a time.
type Scheduler struct {
	Name  string   `toml:"name"`
	Hosts []string `toml:"hosts"`
}

// Schedulers are the interview-scheduling tools whose links Read looks for:
// the built-in ones of schedulers.toml and any extra. A set is read-only
// once built, so one may be used by many goroutines.
type Schedulers struct {
	index map[string][]schedulerHost // by the first label of each host
}

//go:embed schedulers.toml
var builtinSchedulersTOML string

// builtinSchedulers are the embedded schedulers, parsed once.
var builtinSchedulers = mustParseSchedulers(builtinSchedulersTOML)

// defaultSchedulers is the built-in set.
var defaultSchedulers = NewSchedulers(nil)

func mustParseSchedulers(s string) []Scheduler {
	var f struct {
		Scheduler []Scheduler `toml:"scheduler"`
	}
	if _, err := toml.Decode(s, &f); err != nil {
		panic("reading: embedded schedulers.toml: " + err.Error())
	}
	return f.Scheduler
}

// NewSchedulers returns the built-in schedulers followed by extra, whose
// hosts the caller has checked and lower-cased.
func NewSchedulers(extra []Scheduler) *Schedulers {
	return &Schedulers{index: indexSchedulers(append(slices.Clone(builtinSchedulers), extra...))}
}

// schedulerHost is one host of a scheduler, indexed by its first label.
type schedulerHost struct{ name, host string }

// indexSchedulers maps the first label of each scheduler host to it.
func indexSchedulers(scs []Scheduler) map[string][]schedulerHost {
	ix := map[string][]schedulerHost{}
	for _, sc := range scs {
		for _, h := range sc.Hosts {
			first := words.Split(h)
			if len(first) > 0 {
				ix[first[0]] = append(ix[first[0]], schedulerHost{sc.Name, h})
			}
		}
	}
	return ix
}
