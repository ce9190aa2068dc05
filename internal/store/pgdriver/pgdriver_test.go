package pgdriver

import "testing"

func TestRebind(t *testing.T) {
	tests := []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"SELECT a FROM t WHERE b = ? AND c IN (?,?)", "SELECT a FROM t WHERE b = $1 AND c IN ($2,$3)"},
		{"UPDATE t SET a = ?1, b = ?2 WHERE c <= ?1 LIMIT ?2", "UPDATE t SET a = $1, b = $2 WHERE c <= $1 LIMIT $2"},
		{"SELECT 'what?', \"odd?name\" FROM t WHERE a = ?", "SELECT 'what?', \"odd?name\" FROM t WHERE a = $1"},
		{"SELECT 'it''s?' WHERE a = ?", "SELECT 'it''s?' WHERE a = $1"},
		{"SELECT a -- why?\nFROM t WHERE b = ?", "SELECT a -- why?\nFROM t WHERE b = $1"},
		{"SELECT a - ? FROM t", "SELECT a - $1 FROM t"},
		{"SELECT 'unterminated ?", "SELECT 'unterminated ?"},
		{"SELECT a /* why? */ FROM t WHERE b = ?", "SELECT a /* why? */ FROM t WHERE b = $1"},
		{"SELECT E'it\\'s ?' WHERE a = ?", "SELECT E'it\\'s ?' WHERE a = $1"},
		{"SELECT $$ what? $$, $q$ and? $q$ WHERE a = ?", "SELECT $$ what? $$, $q$ and? $q$ WHERE a = $1"},
		{"SELECT ?2, ?", "SELECT $2, $3"},
		{"SELECT ?1, ?1, ?", "SELECT $1, $1, $2"},
		{"SELECT name' FROM t WHERE a = ?", "SELECT name' FROM t WHERE a = ?"},
	}
	for _, tt := range tests {
		if got := Rebind(tt.in); got != tt.want {
			t.Errorf("Rebind(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
