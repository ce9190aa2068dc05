package imapconn

import (
	"testing"
	"time"
)

func TestBackoff(t *testing.T) {
	tests := []struct {
		attempt int
		max     time.Duration
	}{
		{0, time.Second},
		{1, 2 * time.Second},
		{5, 32 * time.Second},
		{6, time.Minute},
		{9, time.Minute},
		{40, time.Minute},
	}
	for _, tt := range tests {
		for range 20 {
			if got := Backoff(tt.attempt); got < tt.max/2 || got > tt.max {
				t.Errorf("Backoff(%d) = %v, want within [%v, %v]", tt.attempt, got, tt.max/2, tt.max)
			}
		}
	}
}
