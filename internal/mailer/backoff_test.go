package mailer

import (
	"testing"
	"time"
)

func TestNextAttempt(t *testing.T) {
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	fixed := func(v float64) func() float64 { return func() float64 { return v } }
	tests := []struct {
		attempts int
		jitter   func() float64
		want     time.Duration
	}{
		{1, nil, 5 * time.Minute},
		{2, nil, 10 * time.Minute},
		{3, nil, 20 * time.Minute},
		{4, nil, 40 * time.Minute},
		{5, nil, time.Hour},
		{50, nil, time.Hour},
		{0, nil, 5 * time.Minute},
		{1, fixed(0), 4 * time.Minute},
		{1, fixed(0.5), 5 * time.Minute},
		{2, fixed(0.99), 11*time.Minute + 57*time.Second + 600*time.Millisecond},
		{5, fixed(0), 48 * time.Minute},
		{5, fixed(0.99), time.Hour},
	}
	for _, tt := range tests {
		if got := NextAttempt(tt.attempts, now, tt.jitter).Sub(now); got != tt.want {
			t.Errorf("NextAttempt(%d, now, jitter) = now+%v, want now+%v", tt.attempts, got, tt.want)
		}
	}
}

func TestGiveUp(t *testing.T) {
	first := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		firstTry time.Time
		now      time.Time
		after    time.Duration
		want     bool
	}{
		{first, first.Add(23 * time.Hour), 24 * time.Hour, false},
		{first, first.Add(24 * time.Hour), 24 * time.Hour, true},
		{first, first.Add(100 * time.Hour), 0, false},
		{time.Time{}, first, time.Hour, false},
	}
	for _, tt := range tests {
		if got := GiveUp(tt.firstTry, tt.now, tt.after); got != tt.want {
			t.Errorf("GiveUp(%v, %v, %v) = %v, want %v", tt.firstTry, tt.now, tt.after, got, tt.want)
		}
	}
}
