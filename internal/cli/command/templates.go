package command

import (
	"github.com/followup-dev/followup/internal/render"
	"github.com/followup-dev/followup/internal/usage"
)

// TemplatesDir is the override folder from the config ("" for none).
func (a *App) TemplatesDir() (string, error) {
	cfg, err := a.Config()
	if err != nil {
		return "", err
	}
	return cfg.TemplatesDir(a.Env)
}

// LoadTemplates loads the built-in templates and the user's overrides.
func (a *App) LoadTemplates() (*render.Set, error) {
	dir, err := a.TemplatesDir()
	if err != nil {
		return nil, err
	}
	set, err := render.Load(dir)
	if err != nil {
		return nil, usage.Wrap(err)
	}
	return set, nil
}

// LoadTemplatesEach is LoadTemplates for drafting: a broken template of one
// kind does not stop the others, and drafting that kind reports its problems.
func (a *App) LoadTemplatesEach() (*render.Set, error) {
	dir, err := a.TemplatesDir()
	if err != nil {
		return nil, err
	}
	set, _ := render.LoadEach(dir)
	return set, nil
}
