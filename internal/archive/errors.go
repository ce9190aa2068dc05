package archive

import "fmt"

// Error is a file that cannot be imported: where (a line, or an item of
// the export), what is wrong and how to fix it. Nothing was written.
type Error struct {
	Line  int    // 1-based; 0 when Where says it instead
	Where string // e.g. `interview 4 (acme-backend-1120)`
	ID    string // the interview's id, when the problem is in one
	Msg   string
}

func (e *Error) Error() string {
	switch {
	case e.Line > 0 && e.Where != "":
		return fmt.Sprintf("line %d: %s: %s", e.Line, e.Where, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	case e.Where != "":
		return e.Where + ": " + e.Msg
	}
	return e.Msg
}

// lineAt is the 1-based line of byte offset off in data.
func lineAt(data []byte, off int64) int {
	line := 1
	for i := int64(0); i < off && i < int64(len(data)); i++ {
		if data[i] == '\n' {
			line++
		}
	}
	return line
}
