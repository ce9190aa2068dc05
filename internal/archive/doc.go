// Package archive moves followup's data in and out of files: the JSON
// export that restores a store losslessly (by id, idempotently), and the
// CSV of one row per interview for spreadsheets and job trackers. Nothing
// is written unless the whole file is good.
package archive
