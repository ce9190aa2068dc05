package archive

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	"github.com/followup-dev/followup/internal/followup"
)

// The fields a CSV column can be read as (the values of --map).
const (
	FieldCompany      = "company"
	FieldRole         = "role"
	FieldDate         = "date"
	FieldTime         = "time"
	FieldZone         = "timezone"
	FieldDuration     = "duration"
	FieldStatus       = "status"
	FieldOutcome      = "outcome"
	FieldContactName  = "contact_name"
	FieldContactEmail = "contact_email"
	FieldInterviewers = "interviewers"
	FieldContacts     = "contacts"
	FieldNextSteps    = "next_steps"
	FieldNotes        = "notes"
	FieldIgnore       = "ignore"
)

// Fields lists the fields, for --map's help and errors.
var Fields = []string{FieldCompany, FieldRole, FieldDate, FieldTime, FieldZone, FieldDuration, FieldStatus, FieldOutcome,
	FieldContactName, FieldContactEmail, FieldInterviewers, FieldContacts, FieldNextSteps, FieldNotes, FieldIgnore}

// headerNames maps headers as job trackers and spreadsheets write them,
// lowercased with everything but letters and digits removed, to fields.
var headerNames = map[string]string{}

func init() {
	for field, names := range map[string][]string{
		FieldCompany:      {"company", "companyname", "employer", "organization", "organisation", "org"},
		FieldRole:         {"role", "title", "jobtitle", "position", "positiontitle", "job", "jobposition", "roletitle"},
		FieldDate:         {"date", "interviewdate", "interviewdatetime", "datetime", "when", "start", "interviewat", "scheduled", "scheduledat", "interview"},
		FieldTime:         {"time", "interviewtime", "starttime"},
		FieldZone:         {"timezone", "tz", "zone"},
		FieldDuration:     {"duration", "durationminutes", "length", "minutes"},
		FieldStatus:       {"status", "stage", "applicationstatus", "state"},
		FieldOutcome:      {"outcome", "result"},
		FieldContactName:  {"contact", "contactname", "contactperson", "recruiter", "recruitername", "interviewer", "interviewername", "hiringmanager", "name"},
		FieldContactEmail: {"email", "contactemail", "recruiteremail", "intervieweremail", "emailaddress", "contactemailaddress", "mail"},
		FieldInterviewers: {"interviewers"},
		FieldContacts:     {"contacts"},
		FieldNextSteps:    {"nextsteps", "nextstep", "followup", "nextaction", "nextactions"},
		FieldNotes:        {"notes", "note", "comments", "comment", "description", "details"},
		FieldIgnore:       {"id", "nextfollowup"},
	} {
		for _, n := range names {
			headerNames[n] = field
		}
	}
}

// MaxRows is the most rows ReadCSV reads.
const MaxRows = 10000

// CSVOptions tune ReadCSV; the zero value reads dates in UTC.
type CSVOptions struct {
	// Map names the field of a column by its header, case-insensitively,
	// over the built-in names ("Stage" → "status", "Foo" → "ignore").
	Map map[string]string
	// Local is the zone of dates without one of their own.
	Local *time.Location
}

// Row is one interview read from a CSV file, with its line.
type Row struct {
	Line      int
	Interview *followup.Interview
}

// CSV is what ReadCSV read.
type CSV struct {
	Rows    []Row
	Ignored []string // headers of the columns that were not read
}

// ReadCSV reads a CSV with a header row whose columns are mapped to
// fields by name: the separator (comma, semicolon or tab) is taken from
// the header, a UTF-8 byte-order mark is skipped. Any bad row fails the
// whole file with an *Error naming its line, so nothing is half imported.
func ReadCSV(data []byte, opts CSVOptions) (CSV, error) {
	if len(data) > MaxFile {
		return CSV{}, &Error{Msg: fmt.Sprintf("the file is %d MB, more than %d MB: is it the right file?", len(data)>>20, MaxFile>>20)}
	}
	if opts.Local == nil {
		opts.Local = time.UTC
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = separator(data)
	header, err := r.Read()
	if err != nil {
		return CSV{}, csvError(err, "the file is empty: export the sheet as CSV with a header row")
	}
	cols, ignored, err := mapColumns(header, opts.Map)
	if err != nil {
		return CSV{}, err
	}
	out := CSV{Ignored: ignored}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return CSV{}, csvError(err, "")
		}
		line, _ := r.FieldPos(0)
		if blank(rec) {
			continue
		}
		if len(out.Rows) == MaxRows {
			return CSV{}, &Error{Line: line, Msg: fmt.Sprintf("more than %d rows: split the file", MaxRows)}
		}
		iv, err := cols.interview(rec, opts.Local)
		if err != nil {
			return CSV{}, &Error{Line: line, Msg: err.Error()}
		}
		out.Rows = append(out.Rows, Row{Line: line, Interview: iv})
	}
	return out, nil
}

// separator picks the comma, semicolon (spreadsheets in many European
// locales) or tab that the header line uses most.
func separator(data []byte) rune {
	first, _, _ := bytes.Cut(data, []byte("\n"))
	best, n := ',', bytes.Count(first, []byte(","))
	for _, c := range []rune{';', '\t'} {
		if m := bytes.Count(first, []byte(string(c))); m > n {
			best, n = c, m
		}
	}
	return best
}

func csvError(err error, empty string) error {
	var pe *csv.ParseError
	switch {
	case errors.Is(err, io.EOF):
		return &Error{Msg: empty}
	case errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount):
		return &Error{Line: pe.StartLine, Msg: "the row has a different number of columns than the header: check for a separator inside a field that is not in double quotes"}
	case errors.As(err, &pe) && (errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote)):
		return &Error{Line: pe.Line, Msg: fmt.Sprintf("column %d: %v: put the field in double quotes and double each quote inside it (\"\"), or export the sheet as CSV again", pe.Column, pe.Err)}
	case errors.As(err, &pe):
		return &Error{Line: pe.Line, Msg: pe.Err.Error()}
	}
	return fmt.Errorf("read csv: %w", err)
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// normalize makes "Company Name" and "company_name" the same header.
func normalize(h string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, h)
}
