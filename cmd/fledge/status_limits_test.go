package main

import (
	"strings"
	"testing"
	"time"
)

func TestStatusLimitsHelp(t *testing.T) {
	got := strings.ReplaceAll(statusLimitsHelp(), "\n", " ")
	want := "follows 400 per day (360 used), posts 300 per 3 hours (270), deletions 30 per 30 minutes (27), blocks and mutes 300 requests per 5 minutes (270)"
	if got != want {
		t.Errorf("statusLimitsHelp() =\n%s\nwant\n%s", got, want)
	}
	for d, want := range map[time.Duration]string{time.Hour: "hour", 90 * time.Second: "1m30s", 0: "0s"} {
		if got := perPeriod(d); got != want {
			t.Errorf("perPeriod(%v) = %q, want %q", d, got, want)
		}
	}
}
