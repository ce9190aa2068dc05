package followup

import "fmt"

// Level is a three-step rating the user gives after an interview.
type Level string

// The levels of a rating; the empty level means "not logged".
const (
	LevelLow    Level = "low"
	LevelMedium Level = "medium"
	LevelHigh   Level = "high"
)

// ParseLevel checks that s names a level; the empty string is allowed.
func ParseLevel(field, s string) (Level, error) {
	switch l := Level(s); l {
	case "", LevelLow, LevelMedium, LevelHigh:
		return l, nil
	}
	return "", &FieldError{Field: field, Value: s, Hint: "use low, medium or high"}
}

// Clarity is how clear the interviewer was about what happens next.
type Clarity string

// The clarity ratings; empty means "not logged".
const (
	ClarityClear Clarity = "clear"
	ClarityVague Clarity = "vague"
	ClarityNone  Clarity = "none"
)

// ParseClarity checks that s names a clarity rating; the empty string is allowed.
func ParseClarity(s string) (Clarity, error) {
	switch c := Clarity(s); c {
	case "", ClarityClear, ClarityVague, ClarityNone:
		return c, nil
	}
	return "", &FieldError{Field: "next-steps-clarity", Value: s, Hint: "use clear, vague or none"}
}

// Signals are the five things a candidate notices about how an interview went.
type Signals struct {
	// OverrunMinutes is how far past the scheduled time it ran (negative: ended early).
	OverrunMinutes *int `json:"overrun_minutes"`
	// Engagement is the interviewers' engagement and eye contact.
	Engagement Level `json:"engagement,omitempty"`
	// OffScript is how far the questions went off the script.
	OffScript Level `json:"off_script,omitempty"`
	// NextStepsClarity is how clear the next steps were.
	NextStepsClarity Clarity `json:"next_steps_clarity,omitempty"`
	// Concerns is what they said when asked about concerns, in the user's words.
	Concerns string `json:"concerns,omitempty"`
}

// Empty reports whether no signal has been logged.
func (s Signals) Empty() bool {
	return s.OverrunMinutes == nil && s.Engagement == "" && s.OffScript == "" &&
		s.NextStepsClarity == "" && s.Concerns == ""
}

// Reading is one signal with a plain-words reading of what it suggests.
type Reading struct {
	Signal  string
	Value   string
	Meaning string
}

// Read turns the logged signals, and whether next steps were recorded, into
// plain-words readings. Signals that were not logged are left out.
func (s Signals) Read(hasNextSteps bool) []Reading {
	var out []Reading
	if s.OverrunMinutes != nil {
		out = append(out, readOverrun(*s.OverrunMinutes))
	}
	if s.Engagement != "" {
		out = append(out, Reading{"engagement", string(s.Engagement), levelMeaning(s.Engagement,
			"they were engaged: a good sign", "polite attention: neutral", "little engagement: may be a weak sign, or just their style")})
	}
	if s.OffScript != "" {
		out = append(out, Reading{"off script", string(s.OffScript), levelMeaning(s.OffScript,
			"a real conversation beyond the script: a good sign", "some questions beyond the script: neutral", "they stayed on script: neutral, common in structured interviews")})
	}
	out = append(out, readClarity(s.NextStepsClarity, hasNextSteps)...)
	if s.Concerns != "" {
		out = append(out, Reading{"concerns", s.Concerns, "what they said about concerns is worth answering in your thank-you note"})
	}
	return out
}

func readOverrun(m int) Reading {
	v := fmt.Sprintf("%+d min", m)
	switch {
	case m >= 10:
		return Reading{"over time", v, "ran well over time: they wanted to keep talking, a good sign"}
	case m > 0:
		return Reading{"over time", v, "ran a little over: neutral to good"}
	case m <= -10:
		return Reading{"over time", v, "ended well early: can be a weak sign"}
	}
	return Reading{"over time", v, "ended on time: neutral"}
}

func levelMeaning(l Level, high, medium, low string) string {
	switch l {
	case LevelHigh:
		return high
	case LevelMedium:
		return medium
	}
	return low
}

func readClarity(c Clarity, hasNextSteps bool) []Reading {
	switch c {
	case ClarityClear:
		return []Reading{{"next steps", "clear", "clear, detailed next steps or a walkthrough of the process: a good sign"}}
	case ClarityVague:
		return []Reading{{"next steps", "vague", `noncommittal ("we'll be in touch"): neutral, often a busy team`}}
	case ClarityNone:
		return []Reading{{"next steps", "none", "no next steps given: ask about them in your thank-you note"}}
	}
	if !hasNextSteps {
		return []Reading{{"next steps", "not recorded", "no next steps recorded: ask about the timeline in your thank-you note"}}
	}
	return nil
}
