// Package answer decides whether a received message is the company's answer
// to an interview and what that answer says.
//
// Detect recognises mail sent through an applicant-tracking system (ATS) by
// a data-driven table of sender domains and header fingerprints
// (vendors.toml, extendable from configuration); MatchInterview matches such
// a message to one interview by the company name, the role and the time
// since the interview, and hands ambiguous matches to the user; Examine does
// this for one ATS message and reads what it says with Table.Read, which is
// reading.Read (a rejection, an invitation to the next round, an offer, a
// request, a hold or something else) with the table's schedulers. The
// advice on drafted follow-ups is in the sub-package advice.
//
// The package is pure: it does no I/O, never logs and never reads the
// clock; the caller passes the time in. Every function accepts hostile
// input and bounds its work (see MaxText).
package answer
