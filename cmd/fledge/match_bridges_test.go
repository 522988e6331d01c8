package main

import (
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/internal/iostreams"
	"github.com/fledge-cli/fledge/matcher"
)

// TestMatchSummaryBridges: the summary counts bridged Bluesky accounts and
// says what to do about the ones not bridged; silent when there are none.
func TestMatchSummaryBridges(t *testing.T) {
	sum := matcher.Summary{Scanned: 3, Matched: 1, Bridged: 1, NotBridged: 2}
	ios, _, _, errOut := iostreams.Test()
	printMatchSummary(&factory{IO: ios, Globals: &globalOptions{}}, sum)
	for _, want := range []string{", 1 bridged from Bluesky", ", 2 on Bluesky but not bridged", "ask them to turn bridging on"} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("summary %q lacks %q", errOut, want)
		}
	}
	ios, _, _, errOut = iostreams.Test()
	printMatchSummary(&factory{IO: ios, Globals: &globalOptions{JSON: true}}, sum)
	if !strings.Contains(errOut.String(), `"bridged":1`) || !strings.Contains(errOut.String(), `"not_bridged":2`) {
		t.Errorf("JSON summary %q lacks the bridge counts", errOut)
	}
	ios, _, _, errOut = iostreams.Test()
	printMatchSummary(&factory{IO: ios, Globals: &globalOptions{}}, matcher.Summary{Scanned: 1})
	if strings.Contains(errOut.String(), "Bluesky") {
		t.Errorf("summary %q mentions Bluesky when nobody is on it", errOut)
	}
}
