// Package followup is the domain core: interviews, the people in them, the
// follow-up actions planned for them and the rules for their status. It does
// no I/O and never reads the clock; callers pass the time in.
package followup
