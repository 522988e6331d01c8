package retry

import (
	"context"
	"net/http"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 21, 22, 13, 30, 0, time.UTC)

func TestParseRetryAfter(t *testing.T) {
	tests := []struct {
		in     string
		want   time.Time
		wantOK bool
	}{
		{"120", t0.Add(120 * time.Second), true},
		{" 7 ", t0.Add(7 * time.Second), true},
		{"0", t0, true},
		{"99999999", t0.Add(MaxRetryAfter), true},
		{"999999999999999999999999", t0.Add(MaxRetryAfter), true}, // overflows int64
		{t0.Add(time.Hour).Format(http.TimeFormat), t0.Add(time.Hour), true},
		{"Sat, 21 Nov 2026 23:13:30 GMT", t0.Add(time.Hour), true},
		{"Saturday, 21-Nov-26 23:13:30 GMT", t0.Add(time.Hour), true}, // RFC 850
		{"Sat Nov 21 23:13:30 2026", t0.Add(time.Hour), true},         // asctime
		{t0.Add(-time.Hour).Format(http.TimeFormat), t0, true},        // past: go ahead
		{t0.Add(72 * time.Hour).Format(http.TimeFormat), t0.Add(MaxRetryAfter), true},
		{"-5", time.Time{}, false},
		{"+5", time.Time{}, false},
		{"1.5", time.Time{}, false},
		{"soon", time.Time{}, false},
		{"", time.Time{}, false},
	}
	for _, tc := range tests {
		got, ok := ParseRetryAfter(tc.in, t0)
		if ok != tc.wantOK || !got.Equal(tc.want) {
			t.Errorf("ParseRetryAfter(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.wantOK)
		}
	}
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"120", "0", "", "soon", "-1", "99999999999999999999",
		"Sat, 21 Nov 2026 23:13:30 GMT", "Sat Nov 21 23:13:30 2026", "Thu, 01 Jan 1970 00:00:00 GMT"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		until, ok := ParseRetryAfter(s, t0)
		if !ok {
			if !until.IsZero() {
				t.Fatalf("%q: not ok but until %v", s, until)
			}
			return
		}
		if d := until.Sub(t0); d < 0 || d > MaxRetryAfter {
			t.Fatalf("%q: wait %v outside [0, %v]", s, d, MaxRetryAfter)
		}
	})
}

func TestBackoffDelay(t *testing.T) {
	exact := Backoff{Base: time.Second, Max: 32 * time.Second}
	for n, want := range map[int]time.Duration{0: time.Second, 1: time.Second, 2: 2 * time.Second,
		3: 4 * time.Second, 6: 32 * time.Second, 7: 32 * time.Second, 1000: 32 * time.Second} {
		if got := exact.Delay(n); got != want {
			t.Errorf("Delay(%d) = %v, want %v", n, got, want)
		}
	}
	uncapped := Backoff{Base: time.Second}
	if got := uncapped.Delay(200); got <= 0 {
		t.Errorf("uncapped Delay(200) = %v, want positive (no overflow)", got)
	}
	for _, j := range []float64{0, 0.5, 0.999} {
		b := Backoff{Base: time.Second, Max: time.Minute, Jitter: func() float64 { return j }}
		for n := 1; n <= 10; n++ {
			step := (Backoff{Base: time.Second, Max: time.Minute}).Delay(n)
			got := b.Delay(n)
			if got < step/2 || got > step {
				t.Errorf("jitter %v: Delay(%d) = %v, want in [%v, %v]", j, n, got, step/2, step)
			}
		}
	}
	if got := (Backoff{Base: time.Second, Jitter: func() float64 { return 0 }}).Delay(1); got != time.Second/2 {
		t.Errorf("zero jitter = %v, want half the step", got)
	}
}

func TestSleepHonoursContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Sleep(ctx, time.Hour); err != context.Canceled {
		t.Fatalf("Sleep on a cancelled context = %v, want context.Canceled", err)
	}
	if err := Sleep(context.Background(), 0); err != nil {
		t.Fatalf("Sleep(0) = %v", err)
	}
	if err := (Real{}).Sleep(context.Background(), time.Millisecond); err != nil {
		t.Fatalf("Real.Sleep = %v", err)
	}
}

func TestFake(t *testing.T) {
	var c Clock = NewFake(t0)
	f := c.(*Fake)
	if err := c.Sleep(context.Background(), time.Minute); err != nil {
		t.Fatal(err)
	}
	f.Advance(time.Second)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := c.Sleep(ctx, time.Hour); err != context.Canceled {
		t.Fatalf("Sleep on a cancelled context = %v", err)
	}
	if got, want := c.Now(), t0.Add(time.Minute+time.Second); !got.Equal(want) {
		t.Errorf("Now = %v, want %v", got, want)
	}
	if s := f.Sleeps(); len(s) != 1 || s[0] != time.Minute {
		t.Errorf("Sleeps = %v, want [1m]", s)
	}
}
