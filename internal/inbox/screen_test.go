package inbox

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/followup-dev/followup/internal/answer"
	"github.com/followup-dev/followup/internal/classify"
)

// onlyFields is raw's header cut down to the fields named, as a
// BODY.PEEK[HEADER.FIELDS (...)] FETCH returns it.
func onlyFields(raw []byte, fields []string) []byte {
	raw = bytes.TrimLeft(raw, "\r\n")
	if i := bytes.Index(raw, []byte("\n\n")); i >= 0 && !bytes.Contains(raw[:i], []byte("\r\n\r\n")) {
		raw = raw[:i+1]
	} else if i := bytes.Index(raw, []byte("\r\n\r\n")); i >= 0 {
		raw = raw[:i+2]
	}
	var out []byte
	keep := false
	for _, line := range bytes.SplitAfter(raw, []byte("\n")) {
		if len(line) > 0 && line[0] != ' ' && line[0] != '\t' {
			name, _, _ := strings.Cut(string(line), ":")
			keep = false
			for _, f := range fields {
				keep = keep || strings.EqualFold(strings.TrimSpace(name), f)
			}
		}
		if keep {
			out = append(out, line...)
		}
	}
	return append(out, "\r\n"...)
}

// Seen through only the fields the screen fetches, every bounce fixture of
// the classifier is flagged, and every applicant-tracking fixture of the
// answer reader is one the table still detects.
func TestScreenFieldsKeepBouncesAndATS(t *testing.T) {
	fields := ScreenFields()
	bounces, ats := 0, 0
	for _, p := range fixtures(t, "../classify/testdata/*.eml", "../answer/testdata/*.eml") {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		screened := onlyFields(raw, fields)
		if classify.Classify(raw).Class == classify.Bounce {
			bounces++
			if !classify.Screen(screened).MayBeBounce {
				t.Errorf("%s: a bounce the screen's fields do not flag", p)
			}
		}
		if _, ok := answer.Default().Detect(answer.ParseHeader(raw).Header); ok {
			ats++
			if _, ok := answer.Default().Detect(answer.ParseHeader(screened).Header); !ok || !answer.Default().MayDetect(screened) {
				t.Errorf("%s: applicant-tracking mail the screen's fields do not show", p)
			}
		}
	}
	if bounces < 10 || ats < 10 {
		t.Errorf("%d bounces and %d applicant-tracking fixtures: the test proves little", bounces, ats)
	}
}

func fixtures(t *testing.T, globs ...string) []string {
	t.Helper()
	var all []string
	for _, g := range globs {
		paths, err := filepath.Glob(g)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, paths...)
	}
	return all
}
