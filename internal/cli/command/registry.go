package command

import "github.com/spf13/cobra"

// Registry is a package's list of top-level command constructors; each
// command's file adds its own in init, so that commands live apart.
type Registry []func(*App) *cobra.Command

// Add appends the constructor f.
func (r *Registry) Add(f func(*App) *cobra.Command) { *r = append(*r, f) }
