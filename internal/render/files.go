package render

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/followup-dev/followup/templates"
)

// maxTemplateSize bounds an override file; real templates are a few KiB.
const maxTemplateSize = 256 << 10

// fileText is the text of one template file and the name to report it by.
type fileText struct {
	name string // built-in file name, or override path
	text string
}

// sources returns the template text for every file name of every kind:
// the built-in, or the override from overrideDir in its place. errs are
// problems reading overrides; unknown names override files that match no kind.
func sources(overrideDir string) (files map[string]fileText, errs, unknown []error) {
	files = map[string]fileText{}
	for _, kind := range kinds {
		for _, name := range []string{kind + ".tmpl", kind + ".html.tmpl"} {
			if b, err := fs.ReadFile(templates.FS, name); err == nil {
				files[name] = fileText{name: name, text: string(b)}
			}
		}
	}
	overrides, errs, unknown := readOverrides(overrideDir)
	for name := range overrides {
		if !strings.HasSuffix(name, ".html.tmpl") {
			delete(files, strings.TrimSuffix(name, ".tmpl")+".html.tmpl")
		}
	}
	for name, f := range overrides {
		files[name] = f
	}
	return files, errs, unknown
}

// readOverrides reads the *.tmpl files of dir through an os.Root, so that no
// name or symbolic link can lead outside it. A missing dir has no overrides.
func readOverrides(dir string) (files map[string]fileText, errs, unknown []error) {
	if dir == "" {
		return nil, nil, nil
	}
	root, err := os.OpenRoot(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, []error{&Error{File: dir, Msg: fmt.Sprintf("cannot open the template folder: %v", err),
			Hint: "set the template folder to a readable directory"}}, nil
	}
	defer root.Close()
	entries, err := fs.ReadDir(root.FS(), ".")
	if err != nil {
		return nil, []error{&Error{File: dir, Msg: fmt.Sprintf("cannot list the template folder: %v", err)}}, nil
	}
	files = map[string]fileText{}
	for _, e := range entries {
		name, path := e.Name(), filepath.Join(dir, e.Name())
		if !strings.HasSuffix(name, ".tmpl") {
			continue // editor backups, notes, README
		}
		if kind := overrideKind(name); !slices.Contains(kinds, kind) {
			unknown = append(unknown, &Error{File: path, Msg: fmt.Sprintf("no template kind %q", kind),
				Hint: "name override files KIND.tmpl or KIND.html.tmpl, with KIND one of " + strings.Join(kinds, ", ")})
			continue
		}
		text, err := readOverride(root, name)
		if err != nil {
			errs = append(errs, &Error{File: path, Msg: err.Error(),
				Hint: "the override must be a regular file inside the template folder; symbolic links leading outside it are refused"})
			continue
		}
		files[name] = fileText{name: path, text: text}
	}
	return files, errs, unknown
}

// overrideKind returns the kind an override file name is for.
func overrideKind(name string) string {
	return strings.TrimSuffix(strings.TrimSuffix(name, ".tmpl"), ".html")
}

// readOverride reads one regular file of at most maxTemplateSize bytes from
// root. Anything else (a FIFO, a device, a socket, a folder) is refused
// before it is opened, and it is opened non-blocking, so that a FIFO
// swapped in meanwhile cannot hang the process either.
func readOverride(root *os.Root, name string) (string, error) {
	if info, err := root.Stat(name); err != nil {
		return "", fmt.Errorf("cannot open: %w", err)
	} else if !info.Mode().IsRegular() {
		return "", fmt.Errorf("not a regular file (%s)", info.Mode().Type())
	}
	f, err := root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return "", fmt.Errorf("cannot open: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return "", fmt.Errorf("cannot open: %w", err)
	}
	if !info.Mode().IsRegular() {
		return "", fmt.Errorf("not a regular file (%s)", info.Mode().Type())
	}
	b, err := io.ReadAll(io.LimitReader(f, maxTemplateSize+1))
	if err != nil {
		return "", fmt.Errorf("cannot read: %w", err)
	}
	if len(b) > maxTemplateSize {
		return "", fmt.Errorf("larger than %d KiB", maxTemplateSize>>10)
	}
	return string(b), nil
}
