package answer

import (
	"strings"
	"testing"
	"time"

	"github.com/followup-dev/followup/internal/answer/reading"
)

// TestExamineProductsWithoutFixtures builds messages of ATS products that
// have no .eml fixture, with wordings the rules were not written from.
func TestExamineProductsWithoutFixtures(t *testing.T) {
	tests := []struct {
		from, subject, text string
		vendor              string
		kind                Kind
		label               reading.Label
		match               string
	}{
		{"Hooli <hooli@recruitee.com>", "Your application at Hooli", "Hi Alex, thank you for your time. We have decided not to continue with your application.",
			"Recruitee", KindAnswer, reading.Rejection, "hooli-ds"},
		{"Soylent Careers <notifications@app.bamboohr.com>", "QA Lead", "Hello Alex, we would like to schedule a second interview. Which of these times suits you best?",
			"BambooHR", KindAnswer, reading.NextRound, "soylent-qa"},
		{"Stark Industries <noreply@applytojob.com>", "ML Engineer application", "Please send us three references and a copy of your degree.",
			"JazzHR", KindAnswer, reading.Request, "stark-ml"},
		{"Careers <careers@sapsf.com>", "Umbrella Health: Product Manager", "Dear Alex, the recruitment for this position has been put on hold. We will contact you in January.",
			"SAP SuccessFactors", KindAnswer, reading.OnHold, "umbrella-pm"},
		{"Globex Corporation <notification@jobvite.com>", "Thank you for applying", "Your application has been received. A recruiter will review it and reach out if there is a fit.",
			"Jobvite", KindNotice, reading.Other, "globex-sre"},
		{"Cyberdyne Systems GmbH <noreply@softgarden.io>", "Ihre Bewerbung", "Guten Tag, Ihre Bewerbung wurde von der Fachabteilung angesehen.",
			"Softgarden", KindNotice, reading.Other, "cyberdyne-pe"},
		{"Initech GmbH <no-reply@join.com>", "Backend Developer", "Hallo Alex, vielen Dank für das Gespräch. Wir möchten dich gerne zum Probearbeiten einladen.",
			"JOIN", KindAnswer, reading.NextRound, "initech-be"},
		{"Hooli <jobs@breezy.hr>", "Data Scientist - update", "Hi Alex, please log in to your candidate portal to view a message from the team.",
			"Breezy HR", KindUnclear, reading.Other, "hooli-ds"},
	}
	for _, tt := range tests {
		m := Message{From: tt.from, Subject: tt.subject, Text: tt.text, Date: now.Add(-time.Hour), Header: Header{"from": {tt.from}}}
		v, ok := Default().Examine(m, candidates, now, nil)
		if !ok || v.Vendor != tt.vendor || v.Kind != tt.kind || v.Reading.Label != tt.label || matchString(v.Match) != tt.match {
			t.Errorf("Examine(%s) = %v %s %s %s %s (%s; %s), want %s %s %s %s", tt.from, ok, v.Vendor, v.Kind, v.Reading.Label,
				matchString(v.Match), v.Reading.Reason, v.Match.Reason, tt.vendor, tt.kind, tt.label, tt.match)
		}
	}
}

// TestReadHostileInputIsBounded checks that long, cue-dense input costs
// little: the text is cut at MaxText and the tokens at maxTokens.
func TestReadHostileInputIsBounded(t *testing.T) {
	for _, text := range []string{
		strings.Repeat("unfortunately not if we will invite you to an interview ", 20000),
		strings.Repeat("a", 1<<20),
		strings.Repeat("> quoted\n", 50000),
		strings.Repeat("x'x'x'x ", 50000),
	} {
		start := time.Now()
		reading.Read("s", text, ref, nil)
		if d := time.Since(start); d > 500*time.Millisecond {
			t.Errorf("Read(%d bytes starting %q) took %v, want well under 500ms", len(text), text[:20], d)
		}
	}
}
