package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

func init() { register(newManCommand) }

type manOptions struct {
	root *cobra.Command // the command line to describe
}

func newManCommand(a *App) *cobra.Command {
	return &cobra.Command{
		Use:   "man",
		Short: "Print the manual page, followup(1), in roff",
		Long: `Print the manual page followup(1) in roff, every command in one page. Read it
with 'followup man | man -l -', or install it:

  followup man > ~/.local/share/man/man1/followup.1

The same page is in contrib/man/followup.1.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runMan(cmd.Context(), a, manOptions{root: cmd.Root()})
		},
	}
}

func runMan(_ context.Context, a *App, o manOptions) error {
	return writeMan(a.Out, o.root)
}

// writeMan writes the manual page of root and all its commands.
func writeMan(w io.Writer, root *cobra.Command) error {
	var b strings.Builder
	b.WriteString(".TH FOLLOWUP 1 \"\" \"followup\" \"User Commands\"\n")
	b.WriteString(".SH NAME\nfollowup \\- " + roff(root.Short) + "\n")
	b.WriteString(".SH SYNOPSIS\n.B followup\n.I command\n[flags]\n")
	b.WriteString(".SH DESCRIPTION\n" + roffText(root.Long) + "\n")
	b.WriteString(".SH GLOBAL OPTIONS\n")
	writeFlags(&b, root.PersistentFlags())
	b.WriteString(".SH COMMANDS\n")
	for _, c := range root.Commands() {
		writeManCommand(&b, c)
	}
	b.WriteString(".SH EXIT STATUS\n.TP\n0\nsuccess\n.TP\n1\nsomething failed while running (network, disk, mail server)\n")
	b.WriteString(".TP\n2\nbad usage, bad input or a config problem; the one\\-line message says what and how to fix it\n")
	b.WriteString(".TP\n130\ninterrupted (Ctrl\\-C)\n")
	b.WriteString(".SH FILES\n.TP\n$XDG_CONFIG_HOME/followup/config.toml\nthe config file (followup init writes it)\n")
	b.WriteString(".TP\n$XDG_DATA_HOME/followup/followup.db\nthe store: interviews, plans, the outbox\n")
	b.WriteString(".TP\n$XDG_DATA_HOME/followup/drafts/\ndrafts as .eml files when [imap] is not set\n")
	b.WriteString(".SH ENVIRONMENT\n.TP\nFOLLOWUP_CONFIG\nthe config file to use\n.TP\nPAGER\nthe pager for long output on a terminal (default less; --no-pager turns it off)\n")
	b.WriteString(".TP\nVISUAL, EDITOR\nthe editor of draft --edit\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// writeManCommand writes one command and, after it, its subcommands.
func writeManCommand(b *strings.Builder, c *cobra.Command) {
	if !c.IsAvailableCommand() || c.Name() == "help" {
		return
	}
	if c.Runnable() {
		fmt.Fprintf(b, ".SS %s\n", roff(c.CommandPath()+strings.TrimPrefix(c.Use, c.Name())))
		text := c.Long
		if text == "" {
			text = c.Short
		}
		b.WriteString(roffText(text) + "\n")
		if c.Example != "" {
			b.WriteString(".PP\nExample:\n.PP\n.nf\n.RS\n" + roff(c.Example) + "\n.RE\n.fi\n")
		}
		writeFlags(b, c.LocalNonPersistentFlags())
	}
	for _, sub := range c.Commands() {
		writeManCommand(b, sub)
	}
}

// writeFlags lists flags as tagged paragraphs.
func writeFlags(b *strings.Builder, fs *pflag.FlagSet) {
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden || f.Name == "help" {
			return
		}
		name := "\\-\\-" + roff(f.Name)
		if f.Shorthand != "" {
			name = "\\-" + f.Shorthand + ", " + name
		}
		fmt.Fprintf(b, ".TP\n.B %s\n%s\n", name, roff(f.Usage))
	})
}

// roffText turns plain paragraphs into roff paragraphs; indented lines are
// kept as they are.
func roffText(s string) string {
	var out []string
	for _, para := range strings.Split(strings.TrimSpace(s), "\n\n") {
		if strings.HasPrefix(para, " ") || strings.Contains(para, "\n ") {
			out = append(out, ".PP\n.nf\n"+roff(para)+"\n.fi")
			continue
		}
		out = append(out, ".PP\n"+roff(para))
	}
	return strings.Join(out, "\n")
}

// roff escapes text for roff: backslashes, leading dots and quotes,
// dashes, and every non-ASCII character as \[uXXXX].
func roff(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\e`)
		case r == '-':
			b.WriteString(`\-`)
		case r > 127:
			fmt.Fprintf(&b, `\[u%04X]`, r)
		default:
			b.WriteRune(r)
		}
	}
	s = b.String()
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, ".") || strings.HasPrefix(l, "'") {
			lines[i] = `\&` + l
		}
	}
	return strings.Join(lines, "\n")
}
