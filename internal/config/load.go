package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/followup-dev/followup/internal/config/tomlpos"
)

// Problem is one thing wrong with a config file.
type Problem struct {
	File string
	Line int    // 0 when unknown
	Key  string // dotted key, e.g. "smtp.port"; empty for file-level problems
	Msg  string // what is wrong and how to fix it
}

// UsageError marks a Problem as the user's to fix (usage.Marker).
func (p Problem) UsageError() {}

func (p Problem) Error() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if p.Key != "" {
		fmt.Fprintf(&b, "%s: ", p.Key)
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Problems is every problem found in one config file.
type Problems []Problem

// UsageError marks Problems as the user's to fix (usage.Marker).
func (ps Problems) UsageError() {}

func (ps Problems) Error() string {
	msgs := make([]string, len(ps))
	for i, p := range ps {
		msgs[i] = p.Error()
	}
	return strings.Join(msgs, "\n")
}

// Load reads the config file at path. A missing file is not an error when
// mustExist is false: the defaults are returned. Every problem in the file is
// reported at once as Problems.
func Load(path string, mustExist bool) (*Config, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && !mustExist {
		return Default(), nil
	}
	if err != nil {
		return nil, Problems{{File: path, Msg: readProblem(path, err)}}
	}
	cfg, probs := Parse(path, data)
	probs = append(probs, checkPerms(path, cfg)...)
	sortProblems(probs)
	if len(probs) > 0 {
		return nil, probs
	}
	return cfg, nil
}

// readProblem says why the config file cannot be read and what to do.
func readProblem(path string, err error) string {
	if fi, serr := os.Stat(path); serr == nil && fi.IsDir() {
		return fmt.Sprintf("is a folder, not a config file: name the file itself, e.g. %s", filepath.Join(path, "config.toml"))
	}
	if errors.Is(err, fs.ErrNotExist) {
		return "does not exist: correct the path, or create the file with `followup init`"
	}
	return fmt.Sprintf("cannot read: %v", unwrapPathError(err))
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Parse decodes and validates config text; file is used in messages only.
// It does not look at file permissions.
func Parse(file string, data []byte) (*Config, Problems) {
	var raw map[string]any
	if _, err := toml.Decode(string(data), &raw); err != nil {
		return nil, Problems{syntaxProblem(file, err)}
	}
	d := decoder{file: file, lines: tomlpos.KeyLines(data), cfg: Default()}
	d.cfg.Path = file
	d.decode(raw)
	d.validate()
	return d.cfg, d.probs
}

func syntaxProblem(file string, err error) Problem {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		msg := pe.Message
		if pe.Usage != "" {
			msg += " (" + strings.TrimSpace(strings.SplitN(pe.Usage, "\n", 2)[0]) + ")"
		}
		return Problem{File: file, Line: pe.Position.Line, Key: pe.LastKey, Msg: "TOML syntax error: " + msg}
	}
	return Problem{File: file, Msg: "TOML syntax error: " + err.Error()}
}

func sortProblems(ps Problems) {
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Line < ps[j].Line })
}
