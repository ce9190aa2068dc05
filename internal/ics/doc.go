// Package ics is followup's iCalendar (RFC 5545) in and out: the feed of
// interviews and planned follow-ups that a calendar app subscribes to, and
// the reading of an emailed invitation into a proposed interview. It does no
// I/O and never reads the clock; callers pass the time in.
package ics
