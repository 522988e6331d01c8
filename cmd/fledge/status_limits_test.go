package main

import (
	"strings"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/importer"
	"github.com/fledge-cli/fledge/internal/mastodon"
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

// TestEstimateDefaultsAreTheClients: the importer cannot import the client
// (it defines the interfaces the client implements), so its fallback
// limits for a run nobody gave limits to are a copy; this test keeps the
// copy equal to the client's limits for a server not known yet.
func TestEstimateDefaultsAreTheClients(t *testing.T) {
	d, l := importer.DefaultEstimateLimits(), mastodon.DefaultLimits()
	for _, c := range []struct {
		name string
		got  importer.RateLimit
		b    mastodon.Bucket
	}{
		{"statuses", d.Statuses, mastodon.BucketStatuses},
		{"media", d.Media, mastodon.BucketMedia},
		{"requests", d.Requests, mastodon.BucketAPI},
	} {
		if c.got.N != l[c.b].Count || c.got.Per != l[c.b].Period {
			t.Errorf("importer's %s default %d per %v, the client's %d per %v", c.name, c.got.N, c.got.Per, l[c.b].Count, l[c.b].Period)
		}
	}
	if d.Headroom != mastodon.DefaultHeadroom {
		t.Errorf("importer's headroom %v, the client's %v", d.Headroom, mastodon.DefaultHeadroom)
	}
}
