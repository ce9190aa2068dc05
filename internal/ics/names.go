package ics

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/followup-dev/followup/internal/followup"
)

// freeMail are domains anyone can have an address on: they say nothing
// about the company.
var freeMail = map[string]bool{
	"gmail.com": true, "googlemail.com": true, "outlook.com": true, "hotmail.com": true, "live.com": true,
	"msn.com": true, "yahoo.com": true, "ymail.com": true, "icloud.com": true, "me.com": true, "mac.com": true,
	"aol.com": true, "proton.me": true, "protonmail.com": true, "gmx.de": true, "gmx.net": true, "web.de": true,
	"yandex.ru": true, "mail.ru": true, "qq.com": true, "163.com": true, "fastmail.com": true, "zoho.com": true,
}

// schedulers are calendar and hiring services that send invitations on a
// company's behalf: their addresses are neither interviewers nor the company.
var schedulers = []string{
	"calendar.google.com", "group.calendar.google.com", "resource.calendar.google.com",
	"greenhouse.io", "lever.co", "calendly.com", "goodtime.io", "ashbyhq.com", "myworkday.com",
	"workday.com", "smartrecruiters.com", "icims.com", "gem.com", "modernloop.io", "zoom.us",
}

func domainOf(addr string) string {
	_, d, _ := strings.Cut(strings.ToLower(addr), "@")
	return d
}

func isScheduler(addr string) bool {
	d := domainOf(addr)
	local, _, _ := strings.Cut(strings.ToLower(addr), "@")
	if local == "noreply" || local == "no-reply" || local == "calendar-notification" {
		return true
	}
	for _, s := range schedulers {
		if d == s || strings.HasSuffix(d, "."+s) {
			return true
		}
	}
	return false
}

// CompanyOf guesses the company from the organizer's domain, else from the
// first interviewer on a company domain: "talent@northwind-traders.com"
// gives "Northwind Traders". Empty when every address is free mail.
func CompanyOf(organizer followup.Person, interviewers []followup.Person) string {
	for _, p := range append([]followup.Person{organizer}, interviewers...) {
		d := domainOf(p.Email)
		if d == "" || freeMail[d] || isScheduler(p.Email) {
			continue
		}
		if name := companyName(d); name != "" {
			return name
		}
	}
	return ""
}

// secondLevel are public suffixes of two labels under which companies
// register ("fabrikam.co.uk").
var secondLevel = map[string]bool{"co": true, "com": true, "ac": true, "org": true, "net": true, "gov": true, "ne": true, "or": true}

// legalForms keep their usual spelling in a company name.
var legalForms = map[string]string{"gmbh": "GmbH", "ag": "AG", "inc": "Inc", "llc": "LLC", "ltd": "Ltd", "plc": "PLC", "sa": "SA", "bv": "BV", "ab": "AB", "as": "AS", "oy": "Oy", "srl": "SRL", "kg": "KG", "se": "SE"}

func companyName(domain string) string {
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return ""
	}
	i := len(labels) - 2
	if len(labels) >= 3 && len(labels[len(labels)-1]) == 2 && secondLevel[labels[i]] {
		i--
	}
	words := strings.FieldsFunc(labels[i], func(r rune) bool { return r == '-' || r == '_' })
	for j, w := range words {
		if lf, ok := legalForms[w]; ok && j > 0 {
			words[j] = lf
			continue
		}
		rs := []rune(w)
		rs[0] = unicode.ToUpper(rs[0])
		words[j] = string(rs)
	}
	return strings.Join(words, " ")
}

var (
	// parenthesised asides: "(m/w/d)", "(2nd round)", "(Remote)"
	asides = regexp.MustCompile(`\s*[(\[][^)\]]*[)\]]`)
	// separators between the parts of a summary
	separators = regexp.MustCompile(`(?i)\s+[-–—|/@·]\s+|\s*[:|]\s+|\s+(?:at|with|for|bei|mit|für|chez|avec|pour|para|con|per)\s+`)
	// words that frame a role without being part of it
	frame = regexp.MustCompile(`(?i)^(?:interview|interviews|vorstellungsgespräch|bewerbungsgespräch|entretien|entrevista|colloquio|sollicitatiegesprek|call|chat|screen|screening|phone|video|onsite|on-site|virtual|final|first|second|third|\d+(?:st|nd|rd|th)|round|stage|the|a|an|role|position|of|job|opening|invitation|invite|einladung|zum|zur)$`)
	// words that make a phrase a job title
	roleWords = regexp.MustCompile(`(?i)\b(?:engineer|engineering|developer|programmer|designer|manager|analyst|scientist|architect|consultant|lead|director|administrator|admin|specialist|researcher|sre|devops|intern|internship|owner|recruiter|accountant|writer|editor|marketer|marketing|sales|support|coordinator|officer|associate|tester|qa|head|vp|president|executive|representative|technician|entwickler|entwicklerin|ingenieur|ingenieurin|berater|beraterin|leiter|leiterin|développeur|ingénieur|desarrollador|sviluppatore)\b`)
)

// RoleOf finds the role in an invitation's summary when it names one:
// "Interview: Senior Backend Engineer - Northwind Traders" gives "Senior
// Backend Engineer". Empty when no part of the summary reads as a job
// title; the company and the people are never taken for one.
func RoleOf(summary, company string, people []followup.Person) string {
	s := asides.ReplaceAllString(summary, "")
	for _, part := range separators.Split(s, -1) {
		part = trimFrame(part)
		if part == "" || strings.EqualFold(part, company) || isPerson(part, people) || !roleWords.MatchString(part) {
			continue
		}
		return part
	}
	return ""
}

// trimFrame drops framing words ("interview", "the", "2nd round") from both ends.
func trimFrame(part string) string {
	words := strings.Fields(strings.Trim(part, " ,.;:!?-–—\"'"))
	for len(words) > 0 && frame.MatchString(strings.Trim(words[0], ",.:;")) {
		words = words[1:]
	}
	for len(words) > 0 && frame.MatchString(strings.Trim(words[len(words)-1], ",.:;")) {
		words = words[:len(words)-1]
	}
	return strings.Trim(strings.Join(words, " "), " ,.;:-–—")
}

func isPerson(part string, people []followup.Person) bool {
	for _, p := range people {
		if p.Name != "" && strings.EqualFold(part, p.Name) {
			return true
		}
	}
	return false
}
