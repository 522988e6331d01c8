package directory

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/importer/follow"
	"github.com/fledge-cli/fledge/matcher"
)

// bridgeMatches are what `fledge match` writes for a bridged Bluesky
// account, an opted-in Threads account, a Bluesky account that is not
// bridged (a candidate with its bsky.app link) and a mentioned community.
func bridgeMatches() []matcher.Match {
	return []matcher.Match{
		{TwitterID: "1", ScreenName: "alice", Handles: []string{"@alice.bsky.social@bsky.brid.gy"},
			Candidates: []matcher.Candidate{{Handle: "@alice.bsky.social@bsky.brid.gy", Form: matcher.FormBluesky, Confidence: 0.45,
				Status: matcher.StatusBridged, ProfileURL: "https://bsky.app/profile/alice.bsky.social"}}},
		{TwitterID: "2", ScreenName: "zed", Handles: []string{"@zed@threads.net"},
			Candidates: []matcher.Candidate{{Handle: "@zed@threads.net", Form: matcher.FormThreads, Confidence: 0.45, Status: matcher.StatusVerified}}},
		{TwitterID: "3", ScreenName: "bob", Handles: []string{}, Communities: []string{"!rust@lemmy.world"},
			Candidates: []matcher.Candidate{{Handle: "@bob.example.org@bsky.brid.gy", Form: matcher.FormBluesky, Confidence: 0.45,
				Status: matcher.StatusNotBridged, ProfileURL: "https://bsky.app/profile/bob.example.org"}}},
	}
}

// TestDirectoryBridges: bridged and opted-in accounts are members like any
// other; a Bluesky account that is not bridged is listed with its link.
func TestDirectoryBridges(t *testing.T) {
	d, err := Build(bridgeMatches(), Options{Generated: sampleGenerated})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, t := range d.Targets() {
		got = append(got, t.Handle)
	}
	if want := []string{"alice.bsky.social@bsky.brid.gy", "zed@threads.net"}; !reflect.DeepEqual(got, want) {
		t.Errorf("targets %q, want %q", got, want)
	}
	if len(d.Unmatched) != 1 || !reflect.DeepEqual(d.Unmatched[0].Candidates, []string{"https://bsky.app/profile/bob.example.org: on Bluesky, not bridged"}) {
		t.Errorf("unmatched %+v", d.Unmatched)
	}
	var md bytes.Buffer
	if err := d.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "bridged from Bluesky") {
		t.Errorf("markdown does not say the account is bridged:\n%s", md.String())
	}
}

// TestReadMatchesBridgeStatuses: a matches file with the bridge statuses
// and fields reads back; only accepted handles become targets.
func TestReadMatchesBridgeStatuses(t *testing.T) {
	var jsonl bytes.Buffer
	enc := json.NewEncoder(&jsonl)
	for _, m := range bridgeMatches() {
		if err := enc.Encode(m); err != nil {
			t.Fatal(err)
		}
	}
	for _, s := range []string{`"status":"bridged"`, `"status":"not_bridged"`, `"profile_url":`, `"communities":["!rust@lemmy.world"]`} {
		if !strings.Contains(jsonl.String(), s) {
			t.Fatalf("jsonl lacks %s:\n%s", s, jsonl.String())
		}
	}
	ts, err := follow.ReadMatches(&jsonl, "matches.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, t := range ts {
		got = append(got, t.Handle)
	}
	if want := []string{"alice.bsky.social@bsky.brid.gy", "zed@threads.net"}; !reflect.DeepEqual(got, want) {
		t.Errorf("targets %q, want %q", got, want)
	}
}
