package render

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

// mustLoad loads the built-in templates or stops the test.
func mustLoad(t *testing.T, dir string) *Set {
	t.Helper()
	s, err := Load(dir)
	if err != nil {
		t.Fatalf("Load(%q) = %v, want nil", dir, err)
	}
	return s
}

func TestThankYouGreetsByFirstName(t *testing.T) {
	m, err := mustLoad(t, "").Render(KindThankYou, SampleData())
	if err != nil {
		t.Fatalf("Render(thank-you) = %v, want nil", err)
	}
	for _, want := range []string{"Hi Dana,\n", "Acme Robotics", "Senior Backend Engineer", "order routing to an event log"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("Render(thank-you).Text = %q, want it to contain %q", m.Text, want)
		}
	}
	if !strings.Contains(m.Subject, "Senior Backend Engineer") {
		t.Errorf("Render(thank-you).Subject = %q, want the role", m.Subject)
	}
}

func TestUserDataIsNeverATemplate(t *testing.T) {
	d := SampleData()
	d.Recipient = Person{Name: "{{.Me.Email}}", Email: "x@acme.example"}
	d.Interview.Role = `{{template "body" .}}`
	d.Topics = "{{printf \"%s\" .Me.Signature}}"
	s := mustLoad(t, "")
	for _, kind := range []string{KindThankYou, KindCheckIn, KindNetworking} {
		m, err := s.Render(kind, d)
		if err != nil {
			t.Fatalf("Render(%s, name {{.Me.Email}}) = %v, want nil", kind, err)
		}
		all := m.Subject + m.Text
		if strings.Contains(all, "alex@example.org") {
			t.Errorf("Render(%s) = %q, want {{.Me.Email}} printed literally, not evaluated", kind, all)
		}
		if !strings.Contains(m.Text, "Hi {{.Me.Email}},") || !strings.Contains(m.Subject+m.Text, `{{template "body" .}}`) {
			t.Errorf("Render(%s).Text = %q, want the literal names", kind, m.Text)
		}
	}
}

func TestHeaderLineBreaksRefused(t *testing.T) {
	s := mustLoad(t, "")
	for _, role := range []string{"Engineer\r\nBcc: evil@example.com", "Engineer\nBcc: evil@example.com", "Engineer\rX", "Engineer\x00"} {
		d := SampleData()
		d.Interview.Role = role
		_, err := s.Render(KindThankYou, d)
		if err == nil || !strings.Contains(err.Error(), "Subject") || !strings.Contains(err.Error(), "line break or NUL") {
			t.Errorf("Render(thank-you, role %q) = %v, want an error about a line break in Subject", role, err)
		}
	}
	d := SampleData()
	d.Recipient.Name = "Dana\nWhitfield" // a line break in the body is harmless
	if _, err := s.Render(KindThankYou, d); err != nil {
		t.Errorf("Render(thank-you, name with line break) = %v, want nil", err)
	}
}

func TestHTMLEscapesUserData(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"thank-you.html.tmpl": "<p>Hi {{.Recipient.FirstName}},</p>\n<p><a href=\"{{.Article.URL}}\">{{.Topics}}</a></p>\n",
	})
	d := SampleData()
	d.Recipient.FirstName = "<script>alert(1)</script>"
	d.Topics = `"><img src=x onerror=alert(1)>`
	d.Article.URL = "javascript:alert(1)"
	m, err := mustLoad(t, dir).Render(KindThankYou, d)
	if err != nil {
		t.Fatalf("Render(thank-you) = %v, want nil", err)
	}
	for _, bad := range []string{"<script>", "<img", "javascript:"} {
		if strings.Contains(m.HTML, bad) {
			t.Errorf("Render(thank-you).HTML = %q, want %q escaped", m.HTML, bad)
		}
	}
	if !strings.Contains(m.HTML, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("Render(thank-you).HTML = %q, want the escaped name", m.HTML)
	}
	dg := SampleDigest()
	dg.Due[0].Person.Name = "<script>x</script>"
	m, err = mustLoad(t, "").Render(KindDigest, dg)
	if err != nil || strings.Contains(m.HTML, "<script>") || !strings.Contains(m.HTML, "&lt;script&gt;") {
		t.Errorf("Render(digest).HTML = %q, %v, want <script> escaped", m.HTML, err)
	}
}

func TestRenderRefusesBadKindsAndData(t *testing.T) {
	s := mustLoad(t, "")
	tests := []struct {
		kind string
		data any
		want string
	}{
		{"../../etc/passwd", SampleData(), `"../../etc/passwd" is not valid`},
		{"/etc/passwd", SampleData(), "is not valid"},
		{"check-in/../digest", SampleData(), "is not valid"},
		{"..", SampleData(), "is not valid"},
		{"Thank-You", SampleData(), "is not valid"},
		{"farewell", SampleData(), `"farewell" does not exist (known kinds: thank-you`},
		{KindDigest, SampleData(), "want render.DigestData"},
		{KindThankYou, SampleDigest(), "want render.Data"},
		{KindNotice, (*NoticeData)(nil), "want render.NoticeData"},
		{KindCheckIn, nil, "want render.Data"},
		{KindNotice, NoticeData{Event: "party"}, `notice event "party" is not one of`},
	}
	for _, tc := range tests {
		_, err := s.Render(tc.kind, tc.data)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Render(%q, %T) = %v, want error containing %q", tc.kind, tc.data, err, tc.want)
		}
	}
	d := SampleData()
	if _, err := s.Render(KindCheckIn, &d); err != nil {
		t.Errorf("Render(check-in, *Data) = %v, want nil", err)
	}
}

func TestValidKind(t *testing.T) {
	for _, k := range Kinds() {
		if err := ValidKind(k); err != nil {
			t.Errorf("ValidKind(%q) = %v, want nil", k, err)
		}
	}
	got := Kinds()
	got[0] = "changed"
	if Kinds()[0] != KindThankYou {
		t.Errorf("Kinds() shares its slice with the caller, want a copy")
	}
}

func TestErrorFormat(t *testing.T) {
	tests := []struct {
		err  *Error
		want string
	}{
		{&Error{File: "check-in.tmpl", Line: 7, Msg: "bad", Hint: "fix it"}, "check-in.tmpl:7: bad; fix it"},
		{&Error{File: "/t/notice.tmpl", Msg: "bad"}, "/t/notice.tmpl: bad"},
	}
	for _, tc := range tests {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("(%#v).Error() = %q, want %q", tc.err, got, tc.want)
		}
	}
	e := templateError(source{file: "check-in.tmpl", offset: 2}, errors.New(`template: body:5:3: executing "body" at <.Nope>: can't evaluate field Nope in type render.Data`), true)
	if want := "check-in.tmpl:7: {{.Nope}}: can't evaluate field Nope in type render.Data; " + hintField; e.Error() != want {
		t.Errorf("templateError(...) = %q, want %q", e.Error(), want)
	}
}

func TestDataDocCoversEveryField(t *testing.T) {
	types := []any{Data{}, Me{}, Interview{}, Person{}, Article{}, DigestItem{}, DigestData{}, NoticeData{}}
	for _, v := range types {
		rt := reflect.TypeOf(v)
		for i := range rt.NumField() {
			if name := rt.Field(i).Name; !strings.Contains(DataDoc, "."+name) {
				t.Errorf("DataDoc does not document %s.%s", rt.Name(), name)
			}
		}
	}
	var words []string
	for name := range funcs() {
		words = append(words, "  "+name+" ")
	}
	words = append(words, allowedHeaders...)
	words = append(words, Kinds()...)
	words = append(words, ".Summary", ".Empty")
	for _, w := range words {
		if !strings.Contains(DataDoc, w) {
			t.Errorf("DataDoc does not mention %q", w)
		}
	}
}

func TestDigestSummary(t *testing.T) {
	d := SampleDigest()
	d.Replies = append(d.Replies, d.Replies[0])
	tests := []struct {
		data DigestData
		want string
	}{
		{DigestData{}, "nothing new"},
		{DigestData{Replies: d.Replies}, "2 replies"},
		{DigestData{Due: d.Due, Drafts: d.Drafts}, "1 due today, 1 draft to approve"},
	}
	for _, tc := range tests {
		if got := tc.data.Summary(); got != tc.want {
			t.Errorf("Summary() = %q, want %q", got, tc.want)
		}
		if got, want := tc.data.Empty(), tc.want == "nothing new"; got != want {
			t.Errorf("Empty() = %v, want %v for %q", got, want, tc.want)
		}
	}
}

func TestFuncs(t *testing.T) {
	day := time.Date(2026, time.November, 27, 16, 5, 0, 0, time.UTC)
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"date", date(day), "Friday, November 27"},
		{"date zero", date(time.Time{}), ""},
		{"shortdate", shortdate(day), "Fri 27 Nov"},
		{"shortdate zero", shortdate(time.Time{}), ""},
		{"clock", clock(day), "16:05"},
		{"firstname", firstname("Dana Whitfield"), "Dana"},
		{"firstname honorific", firstname("Dr. Dana Whitfield"), "Dana"},
		{"firstname last, first", firstname("Whitfield, Dana"), "Dana"},
		{"firstname one word", firstname("Cher"), "Cher"},
		{"firstname empty", firstname("  "), ""},
		{"join", join([]string{"a", "b"}, ", "), "a, b"},
		{"plural one", plural(1, "reply", "replies"), "1 reply"},
		{"plural many", plural(3, "reply", "replies"), "3 replies"},
		{"plural default", plural(0, "draft"), "0 drafts"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s = %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}

func TestTidyText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"\n\nHi,  \n\n\n\nBody\t\n\n", "Hi,\n\nBody\n"},
		{"a\n \nb", "a\n\nb\n"},
		{"Best,\n-- \nAlex", "Best,\n-- \nAlex\n"},
		{"", "\n"},
	}
	for _, tc := range tests {
		if got := tidyText(tc.in); got != tc.want {
			t.Errorf("tidyText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestRenderConcurrently(t *testing.T) {
	s := mustLoad(t, "")
	want, err := s.Render(KindDigest, SampleDigest())
	if err != nil {
		t.Fatalf("Render(digest) = %v, want nil", err)
	}
	results := make(chan Message, 8)
	for range cap(results) {
		go func() {
			m, _ := s.Render(KindDigest, SampleDigest())
			results <- m
		}()
	}
	for range cap(results) {
		if got := <-results; formatMessage(got) != formatMessage(want) {
			t.Errorf("concurrent Render(digest) = %q, want %q", formatMessage(got), formatMessage(want))
		}
	}
}

func TestNotesReadWellWithoutDates(t *testing.T) {
	d := SampleData()
	d.Interview.Date, d.Interview.PromisedDate, d.Topics, d.Article = "", "", "", Article{}
	d.Interview.PromisedWhen = ""
	s := mustLoad(t, "")
	for _, kind := range []string{KindThankYou, KindCheckIn, KindNetworking} {
		for n := range 3 {
			d.CheckInsBefore = n
			m, err := s.Render(kind, d)
			if err != nil {
				t.Fatalf("Render(%s) = %v, want nil", kind, err)
			}
			for _, bad := range []string{"  ", " on about", " ,", " .", "on ,"} {
				if strings.Contains(m.Subject+"\n"+m.Text, bad) {
					t.Errorf("Render(%s, %d earlier, no dates) = %q, want no %q", kind, n, m.Text, bad)
				}
			}
		}
	}
}
