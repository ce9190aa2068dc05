package archive

import (
	"strings"
	"testing"
)

func TestReadJSONNamesTheLine(t *testing.T) {
	data := `{
  "format": "followup-export",
  "version": 1,
  "interviews": [
    {
      "id": "acme-sre-1120",
      "company": "Acme",
      "role": "SRE",
      "start": "2026-11-20T14:00:00+01:00",
      "time_zone": "Europe/Nowhere",
      "interviewers": [{"name": "Jane", "email": "jane@acme.example"}],
      "status": "awaiting"
    }
  ]
}`
	_, err := ReadJSON([]byte(data))
	if err == nil || !strings.HasPrefix(err.Error(), `line 6: interview 1 (acme-sre-1120): time_zone "Europe/Nowhere"`) {
		t.Errorf("ReadJSON = %v, want line 6 and the interview", err)
	}
	_, err = ReadJSON([]byte(data[:200]))
	if err == nil || !strings.Contains(err.Error(), "cut short") {
		t.Errorf("ReadJSON(cut) = %v, want cut short", err)
	}
}
