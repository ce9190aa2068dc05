package store

import "testing"

func TestCalendarSequences(t *testing.T) {
	s := openTemp(t)
	steps := []struct {
		hashes map[string]string
		want   map[string]int
	}{
		{map[string]string{"a": "h1", "b": "h1"}, map[string]int{"a": 0, "b": 0}},
		{map[string]string{"a": "h1", "b": "h1"}, map[string]int{"a": 0, "b": 0}}, // unchanged: kept
		{map[string]string{"a": "h2", "b": "h1"}, map[string]int{"a": 1, "b": 0}}, // a's time moved
		{map[string]string{"a": "h3", "c": "h1"}, map[string]int{"a": 2, "c": 0}},
		{map[string]string{"a": "h3", "b": "h9"}, map[string]int{"a": 2, "b": 1}}, // b comes back changed
	}
	for i, st := range steps {
		got, err := s.CalendarSequences(t.Context(), st.hashes, now)
		if err != nil {
			t.Fatalf("step %d: CalendarSequences = %v", i, err)
		}
		for uid, want := range st.want {
			if got[uid] != want {
				t.Errorf("step %d: CalendarSequences()[%s] = %d, want %d", i, uid, got[uid], want)
			}
		}
		if len(got) != len(st.want) {
			t.Errorf("step %d: CalendarSequences = %v, want %v", i, got, st.want)
		}
	}
}
