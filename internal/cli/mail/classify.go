package mail

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/followup-dev/followup/internal/classify"
	"github.com/followup-dev/followup/internal/cli/command"
	"github.com/followup-dev/followup/internal/usage"
)

func init() { Commands.Add(newClassifyCommand) }

const classifyLong = `Classify saved messages (.eml files, or "-" for standard input) the way the
inbox watcher does: a reply written by a person (the only kind that stops
follow-ups), an auto-reply (with the return date it announces, if any), a
bounce (with the address that failed, if found) or bulk mail. Each message
gets one line saying its class and why; --json prints one JSON object per line:

  {"file": "...", "class": "reply|auto-reply|bounce|bulk", "reason": "...",
   "return_date": "YYYY-MM-DD" or null, "failed_recipient": "..." or null}

A file that cannot be read gets one line on standard error and the others are
still classified. Exit codes: 0 every file was classified; 1 a file could not
be read; 2 a file does not exist (or bad usage).`

type classifyOptions struct {
	Paths []string // files, "-" for standard input
	json  bool
}

func newClassifyCommand(a *command.App) *cobra.Command {
	var o classifyOptions
	cmd := &cobra.Command{
		Use:   "classify [--json] FILE|-...",
		Short: "Tell whether saved messages are replies, auto-replies, bounces or bulk mail",
		Long:  classifyLong,
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Paths = args
			return runClassify(cmd.Context(), a, o)
		},
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print one JSON object per message")
	return cmd
}

// classifyView is one message in `followup classify --json`.
type classifyView struct {
	File            string   `json:"file"`
	Class           string   `json:"class"`
	Reason          string   `json:"reason"`
	ReturnDate      *string  `json:"return_date"`
	FailedRecipient *string  `json:"failed_recipient"`
	Signals         []string `json:"signals"`
}

func newClassifyView(file string, r classify.Result) classifyView {
	v := classifyView{File: file, Class: string(r.Class), Reason: r.Reason, Signals: r.Signals}
	if v.Signals == nil {
		v.Signals = []string{}
	}
	if !r.ReturnDate.IsZero() {
		d := r.ReturnDate.UTC().Format(time.DateOnly)
		v.ReturnDate = &d
	}
	if r.FailedRecipient != "" {
		v.FailedRecipient = &r.FailedRecipient
	}
	return v
}

// runClassify classifies each file in turn; unreadable ones are reported
// on stderr and decide the exit code at the end.
func runClassify(_ context.Context, a *command.App, o classifyOptions) error {
	enc := json.NewEncoder(a.Out)
	enc.SetEscapeHTML(false)
	code := command.ExitOK
	for _, p := range o.Paths {
		raw, err := readMessage(a, p)
		if err != nil {
			fmt.Fprintf(a.Err, "followup: classify: %s\n", err)
			code = max(code, readExitCode(err))
			continue
		}
		v := newClassifyView(p, classify.Classify(raw))
		if o.json {
			if err := enc.Encode(v); err != nil {
				return err
			}
			continue
		}
		printClassified(a.Out, v)
	}
	switch code {
	case command.ExitUsage:
		return usage.Wrap(command.ErrSilent)
	case command.ExitFailure:
		return command.ErrSilent
	}
	return nil
}

// maxMessageBytes is as much of a message as the classifier reads.
const maxMessageBytes = classify.MaxHeaderBytes + classify.MaxBodyBytes

// readMessage reads a message file, or standard input for "-", up to what
// the classifier reads.
func readMessage(a *command.App, path string) ([]byte, error) {
	if path == "-" {
		raw, err := io.ReadAll(io.LimitReader(a.In, maxMessageBytes))
		if err != nil {
			return nil, fmt.Errorf("read standard input: %w", err)
		}
		return raw, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxMessageBytes)) // os errors name the path
}

// readExitCode is 2 for a missing file and 1 for any other read failure.
func readExitCode(err error) int {
	if errors.Is(err, fs.ErrNotExist) {
		return command.ExitUsage
	}
	return command.ExitFailure
}

func printClassified(w io.Writer, v classifyView) {
	line := fmt.Sprintf("%s: %s (%s)", v.File, v.Class, v.Reason)
	if v.ReturnDate != nil {
		line += ", back " + *v.ReturnDate
	}
	if v.FailedRecipient != nil {
		line += ", failed recipient " + *v.FailedRecipient
	}
	fmt.Fprintln(w, line)
	if len(v.Signals) > 0 {
		fmt.Fprintln(w, "  weighed: "+strings.Join(v.Signals, "; "))
	}
}
