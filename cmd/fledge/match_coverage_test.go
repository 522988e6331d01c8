package main

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/archive"
	"github.com/fledge-cli/fledge/internal/iostreams"
	"github.com/fledge-cli/fledge/matcher"
	"github.com/fledge-cli/fledge/matcher/profiles"
)

func TestMatchCoverage(t *testing.T) {
	accounts := []profiles.AccountRef{{ID: "1"}, {ID: "2"}, {ID: "3"}, {ScreenName: "Dora"}, {ID: "2"}}
	tests := []struct {
		name     string
		opts     matchOptions
		kind     archive.AccountKind
		fail     bool
		known    []profiles.Profile // what the sources return
		json     bool
		wantLine string // "" for no line
		wantErr  string // in noData's error; "" for none
	}{
		{"followers, some from a capture", matchOptions{Archive: "a.zip", Profiles: []string{"caps/followers.har"}}, archive.KindFollowers, true,
			[]profiles.Profile{{ID: "1"}, {ID: "3"}}, false,
			"2 of 4 followers have profile data (followers.har); 2 have none: capture again and scroll to the end (fledge help capture)\n", ""},
		{"no files: where to capture", matchOptions{Archive: "a.zip"}, archive.KindMutes, true,
			[]profiles.Profile{{ID: "1"}}, false,
			"1 of 4 muted accounts have profile data; 3 have none: capture x.com/settings/muted/all in your browser and pass it with --profiles (fledge help capture)\n", ""},
		{"all known", matchOptions{Handles: "h.txt", Profiles: []string{"p.jsonl"}}, archive.KindFollowing, true,
			[]profiles.Profile{{ID: "1"}, {ID: "2"}, {ID: "3"}, {ScreenName: "dora"}}, false,
			"4 of 4 listed accounts have profile data (p.jsonl)\n", ""},
		{"none, and the command says what to do", matchOptions{Archive: "a.zip"}, archive.KindBlocks, true,
			nil, false, "", "none of the 4 blocked accounts has profile data (a Twitter archive lists ids only)"},
		{"none, in a command that goes on", matchOptions{Archive: "a.zip"}, archive.KindFollowing, false,
			nil, false, "0 of 4 followed accounts have profile data; 4 have none: capture x.com/<you>/following in your browser", ""},
		{"json lists the missing in order", matchOptions{Archive: "a.zip", Profiles: []string{"/x/following.har"}}, archive.KindFollowing, true,
			[]profiles.Profile{{ID: "2"}}, true,
			`{"type":"coverage","list":"following","accounts":4,"with_profile":1,"files":["following.har"],"twitter_api":false,"missing":["1","3","Dora"]}` + "\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newMatchCoverage(&tt.opts, tt.kind)
			if tt.fail {
				c = c.failOnNone()
			}
			cfg := matcher.RunConfig{Sources: []matcher.ProfileSource{profiles.NewStaticSource(tt.known)}}
			c.watch(&cfg)
			if _, err := cfg.Sources[0].Lookup(context.Background(), []string{"1", "2", "3"}, []string{"Dora"}); err != nil {
				t.Fatal(err)
			}
			sum := matcher.Summary{Scanned: 4, NoProfile: 4 - len(tt.known)}
			ios, _, _, errOut := iostreams.Test()
			f := &factory{IO: ios, Globals: &globalOptions{JSON: tt.json}}
			c.print(f, sum, accounts)
			if got := errOut.String(); tt.wantLine == "" && got != "" || !strings.Contains(got, tt.wantLine) {
				t.Errorf("line %q\nwant %q", got, tt.wantLine)
			}
			err := c.noData(sum)
			var pe *partialError
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("noData = %v, want none", err)
			case tt.wantErr != "" && (!errors.As(err, &pe) || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("noData = %v, want a partial error with %q", err, tt.wantErr)
			}
		})
	}
	// Accounts from the profiles themselves have data by construction.
	if c := newMatchCoverage(&matchOptions{Profiles: []string{"p.har"}}, archive.KindFollowing); c != nil {
		t.Errorf("coverage without an archive or handles: %+v", c)
	}
}
