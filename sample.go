// Package followup holds the files at the root of the repository that the
// binary embeds: the documented sample configuration.
package followup

import _ "embed"

// SampleConfig is config.toml, the documented sample configuration that
// `followup init` writes.
//
//go:embed config.toml
var SampleConfig []byte
