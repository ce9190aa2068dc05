package clock

import (
	"context"
	"errors"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

func TestFakeTimers(t *testing.T) {
	f := NewFake(t0)
	a, b := f.NewTimer(time.Minute), f.NewTimer(time.Hour)
	f.Advance(30 * time.Second)
	select {
	case <-a.C():
		t.Fatal("timer fired 30s early")
	default:
	}
	f.Advance(30 * time.Second)
	if got := <-a.C(); !got.Equal(t0.Add(time.Minute)) {
		t.Errorf("timer fired at %v, want %v", got, t0.Add(time.Minute))
	}
	if !b.Stop() || b.Stop() {
		t.Errorf("Stop() on an active then stopped timer = want true then false")
	}
	f.Advance(2 * time.Hour)
	select {
	case <-b.C():
		t.Error("stopped timer fired")
	default:
	}
}

func TestFakeJump(t *testing.T) {
	for _, jump := range []time.Duration{-time.Hour, 72 * time.Hour} {
		f := NewFake(t0)
		tm := f.NewTimer(time.Minute)
		f.Jump(jump)
		if got := f.Now(); !got.Equal(t0.Add(jump)) {
			t.Errorf("Now() after Jump(%v) = %v, want %v", jump, got, t0.Add(jump))
		}
		f.Advance(59 * time.Second)
		select {
		case <-tm.C():
			t.Fatalf("Jump(%v): a one-minute timer fired after 59s", jump)
		default:
		}
		f.Advance(time.Second)
		if got := <-tm.C(); !got.Equal(t0.Add(jump + time.Minute)) {
			t.Errorf("Jump(%v): timer fired at %v, want %v", jump, got, t0.Add(jump+time.Minute))
		}
	}
}

func TestSleep(t *testing.T) {
	f := NewFake(t0)
	done := make(chan error, 1)
	made := f.TimerMade()
	go func() { done <- Sleep(t.Context(), f, time.Minute) }()
	<-made
	f.Advance(time.Minute)
	if err := <-done; err != nil {
		t.Errorf("Sleep(1m) after the clock moved 1m = %v, want nil", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := Sleep(ctx, f, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("Sleep(cancelled ctx) = %v, want context.Canceled", err)
	}
}
