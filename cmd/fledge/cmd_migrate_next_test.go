package main

import (
	"strings"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/importer/follow"
	"github.com/fledge-cli/fledge/internal/iostreams"
)

func TestRealRunCommand(t *testing.T) {
	tests := []struct {
		name     string
		opts     migrateOptions
		loggedIn bool
		want     string
	}{
		{"not logged in", migrateOptions{Archive: "a.zip", Visibility: "unlisted", Offline: true, DryRun: true},
			false, "fledge migrate --server https://your.server a.zip"},
		{"logged in, profiles kept, offline left out", migrateOptions{Archive: "a.zip", Visibility: "unlisted", Offline: true,
			Profiles: []string{"f.har", "more.jsonl"}}, true, "fledge migrate --profiles f.har --profiles more.jsonl a.zip"},
		{"server and choices", migrateOptions{Archive: "a.zip", Server: "https://s.example", Steps: []string{"follow", "import"},
			List: "from twitter", Include: []string{"replies"}, Since: "2020-01-01", Visibility: "public", Max: 50, Account: "me@s.example"},
			false, "fledge migrate --account me@s.example --server https://s.example --steps follow,import --list 'from twitter' " +
				"--include replies --since 2020-01-01 --visibility public --max 50 a.zip"},
		{"paths quoted", migrateOptions{Archive: "/tmp/my archive's.zip", Visibility: "unlisted"}, true,
			`fledge migrate '/tmp/my archive'\''s.zip'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := realRunCommand(&tt.opts, tt.loggedIn); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestShellArg(t *testing.T) {
	for in, want := range map[string]string{
		"archive/testdata/x.zip": "archive/testdata/x.zip",
		"https://a.example:8443": "https://a.example:8443",
		"":                       "''",
		"a b":                    "'a b'",
		"it's":                   `'it'\''s'`,
		"$HOME/x":                "'$HOME/x'",
	} {
		if got := shellArg(in); got != want {
			t.Errorf("shellArg(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestFollowPlanAndSummaryLines: with nothing to follow, the dry run says
// so without a time, and the summary without "of 0".
func TestFollowPlanAndSummaryLines(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name        string
		plan        follow.Plan
		sum         follow.Summary
		verb        string
		plan1, sum1 string
	}{
		{"nothing matched", follow.Plan{ETA: now}, follow.Summary{}, "follow",
			"dry run: nothing to follow (no matched accounts)", "follow: nothing to follow"},
		{"all followed already", follow.Plan{ETA: now}, follow.Summary{Total: 2, Counts: map[follow.Status]int{follow.StatusAlready: 2}}, "follow",
			"dry run: would follow 0 of 2 accounts (nothing left to follow)", "follow: 2 already followed of 2"},
		{"a few", follow.Plan{ToFollow: 3, ETA: now.Add(time.Minute)}, follow.Summary{Total: 3, Counts: map[follow.Status]int{follow.StatusPlanned: 3}}, "follow",
			"dry run: would follow 3 of 3 accounts; at the server's pace that takes a few minutes", "follow: 3 planned of 3"},
		{"days", follow.Plan{ToFollow: 900, ETA: now.Add(50 * time.Hour)}, follow.Summary{Total: 900, Counts: map[follow.Status]int{follow.StatusPlanned: 900}}, "follow",
			"dry run: would follow 900 of 900 accounts; at the server's pace that is done by 2026-03-03 14:00 UTC", "follow: 900 planned of 900"},
		{"a list, none", follow.Plan{}, follow.Summary{}, `list "x"`, "dry run: nothing to follow (no matched accounts)", `list "x": no accounts, nothing to do`},
		{"blocks already there", follow.Plan{ETA: now}, follow.Summary{Total: 1, Counts: map[follow.Status]int{follow.StatusAlready: 1}}, "block",
			"dry run: would follow 0 of 1 accounts (nothing left to follow)", "block: 1 already blocked of 1"},
		{"some now, some earlier", follow.Plan{}, follow.Summary{Earlier: 2, Total: 3, Counts: map[follow.Status]int{follow.StatusFollowed: 1}}, "follow",
			"dry run: would follow 0 of 3 accounts (nothing left to follow)", "follow: 1 followed of 3 (2 from earlier runs)"},
		{"earlier runs did it all", follow.Plan{}, follow.Summary{Earlier: 2, Total: 0}, "follow",
			"dry run: nothing to follow (no matched accounts)", "follow: nothing left to do (2 done by earlier runs)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, _, errOut := iostreams.Test()
			f := &factory{IO: ios, Globals: &globalOptions{}, Now: func() time.Time { return now }}
			p := newResultPrinter(f, tt.verb)
			p.plan(tt.plan, tt.sum)
			p.summary(tt.sum)
			if got := strings.Split(strings.TrimSpace(errOut.String()), "\n"); len(got) != 2 || got[0] != tt.plan1 || got[1] != tt.sum1 {
				t.Errorf("got %q\nwant %q, %q", got, tt.plan1, tt.sum1)
			}
		})
	}
}
