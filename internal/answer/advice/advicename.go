package advice

import (
	"fmt"
	"strings"

	"github.com/followup-dev/followup/internal/answer/words"
	"github.com/followup-dev/followup/internal/followup"
)

// greetings start the first line of a note, lower-cased.
var greetings = []string{"hi ", "hello ", "dear ", "hey ", "good morning ", "good afternoon ", "hallo ", "liebe ", "lieber ",
	"sehr geehrte ", "sehr geehrter ", "guten tag ", "bonjour ", "hola ", "beste ", "ciao "}

// titles may stand before a name in a greeting.
var titles = words.Set("mr", "ms", "mrs", "miss", "mx", "dr", "prof", "herr", "frau", "monsieur", "madame")

// anonymous greet no one in particular.
var anonymous = words.Set("there", "team", "all", "everyone", "hiring", "sir", "madam", "zusammen", "recruiter")

// checkName compares the greeting's name with the recipient's.
func checkName(d Draft, iv *followup.Interview, body string) *Finding {
	greeted, ok := greetedName(body)
	want := words.Split(d.To.Name)
	switch {
	case !ok || len(want) == 0:
		return nil
	case len(greeted) == 0 || anonymous[greeted[0]]:
		return &Finding{"name", SeverityInfo, "greets no one by name",
			fmt.Sprintf("greet %s by name", d.To.Name)}
	case sharesWord(greeted, want):
		return nil
	}
	if iv != nil {
		for _, p := range iv.People() {
			if sharesWord(greeted, words.Split(p.Name)) && !strings.EqualFold(p.Email, d.To.Email) {
				return &Finding{"name", SeverityError, fmt.Sprintf("greets %s, but the note goes to %s", p.Name, d.To.Name),
					fmt.Sprintf("change the greeting to %s, or send the note to %s", firstWord(d.To.Name), p.Email)}
			}
		}
	}
	return &Finding{"name", SeverityError, fmt.Sprintf("greets %q, but the recipient is %s", strings.Join(greeted, " "), d.To.Name),
		fmt.Sprintf("change the greeting to %s", firstWord(d.To.Name))}
}

// greetedName returns the name words of the greeting on the first line of
// body, titles removed; false if the first line is no greeting.
func greetedName(body string) ([]string, bool) {
	line := strings.TrimSpace(body)
	if i := strings.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	lower := strings.ToLower(line) + " "
	for _, g := range greetings {
		if rest, ok := strings.CutPrefix(lower, g); ok {
			rest, _, _ = strings.Cut(rest, ",")
			var name []string
			for _, w := range words.Split(rest) {
				if !titles[w] {
					name = append(name, w)
				}
			}
			return name, true
		}
	}
	return nil, false
}

func sharesWord(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

func firstWord(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return s
}

// leftovers are marks of an unfilled template.
var leftovers = []string{"{{", "}}", "<no value>", "[name]", "[first name]", "[company]", "[role]", "[position]", "[interviewer",
	"[your name]", "[date]", "[insert", "<name>", "<company>", "xxx", "lorem ipsum", "todo:", "tbd", "%s", "${", "%!"}

// checkLeftovers finds text left from a template.
func checkLeftovers(text string) *Finding {
	lower := strings.ToLower(text)
	for _, l := range leftovers {
		if strings.Contains(lower, l) {
			return &Finding{"leftover", SeverityError, fmt.Sprintf("contains %q, left from a template", l),
				"replace it with the real text or delete it"}
		}
	}
	return nil
}
