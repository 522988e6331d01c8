package main

import (
	"strings"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/importer"
	"github.com/fledge-cli/fledge/internal/iostreams"
	"github.com/fledge-cli/fledge/internal/ui"
)

// TestImportJSONDurationsInSeconds: --json lines give durations in
// seconds (issue 13 §7), while the journal keeps importer's own encoding.
func TestImportJSONDurationsInSeconds(t *testing.T) {
	io, _, out, _ := iostreams.Test()
	f := &factory{IO: io, Globals: &globalOptions{JSON: true}}
	p := newImportPrinter(f, 3)
	p.report(&importer.Plan{}, importer.ExecReport{Planned: 3, Done: 1, Left: 2, LeftDuration: 90 * time.Minute}, "import-x", "")
	p.undoReport(importer.UndoReport{Created: 3, Left: 3, LeftDuration: 2 * time.Second}, "import-x")
	f.printer().Data("estimate", estimateJSON(importer.Estimate{Posts: 3, Duration: 3 * time.Hour}, importer.PrivateCounts{}, "import-x"), "")

	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	want := []string{`"left_duration":5400}`, `"left_duration":2}`, `"duration":10800,`}
	if len(lines) != len(want) {
		t.Fatalf("%d lines:\n%s", len(lines), out)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], `{"type":"`) || !strings.Contains(lines[i], w) {
			t.Errorf("line %d: %s\nwant a type first and %s", i, lines[i], w)
		}
	}
}

// TestImportWaitShowsOnTheBar: a rate-limit wait is on the bar itself
// on a terminal, and a line of its own when piped.
func TestImportWaitShowsOnTheBar(t *testing.T) {
	until := time.Now().Add(2 * time.Hour)
	for _, tty := range []bool{false, true} {
		io, _, _, errOut := iostreams.Test()
		io.SetStderrTTY(tty)
		ui.Attach(io)
		f := &factory{IO: io, Globals: &globalOptions{}}
		p := newImportPrinter(f, 3)
		p.event(importer.ExecEvent{Kind: importer.EventPosted, Done: 1, Total: 3})
		p.event(importer.ExecEvent{Kind: importer.EventWaiting, Done: 1, Total: 3, Until: until})
		got := errOut.String()
		if !strings.Contains(got, "waiting for the server's rate limit until") {
			t.Errorf("tty %v: no wait in %q", tty, got)
		}
		if tty && !strings.Contains(got, " 33% |") || tty && !strings.Contains(got, "importing 1/3 posts · waiting for") {
			t.Errorf("tty %v: the wait is not on the bar: %q", tty, got)
		}
		p.close()
	}
}

// TestImportPostedLinesWithV: each post made is a line on stderr with -v,
// none without.
func TestImportPostedLinesWithV(t *testing.T) {
	for _, v := range []int{0, 1} {
		io, _, out, errOut := iostreams.Test()
		f := &factory{IO: io, Globals: &globalOptions{Verbose: v}}
		p := newImportPrinter(f, 1)
		p.event(importer.ExecEvent{Kind: importer.EventPosted, TweetID: "42", Key: "t42", URL: "https://example.social/@a/1", Done: 1, Total: 1})
		got := errOut.String()
		if want := "posted: tweet 42 (t42) https://example.social/@a/1\n"; v == 1 && got != want || v == 0 && got != "" || out.Len() != 0 {
			t.Errorf("-v %d: stderr %q, stdout %q", v, got, out)
		}
	}
}
