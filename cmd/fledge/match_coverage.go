package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/fledge-cli/fledge/archive"
	"github.com/fledge-cli/fledge/importer/directory"
	"github.com/fledge-cli/fledge/internal/adapter"
	"github.com/fledge-cli/fledge/matcher"
	"github.com/fledge-cli/fledge/matcher/profiles"
)

// matchCoverage tells how many of the accounts to match had profile data,
// and which did not. An archive lists ids only, so without profiles
// (a browser capture, a profiles file, the Twitter API) nothing can be
// matched; saying so is the difference between "0 matched" and knowing
// what to do. It watches the sources' answers with the tracker fledge
// directory uses: an account has data when a source returned its id (or,
// for an account known only by name, its screen name).
type matchCoverage struct {
	list  string   // following, followers, blocks, mutes, handles
	files []string // the --profiles files, as given
	api   bool     // the Twitter API is one of the sources
	// failsOnNone: the command returns noData's error, which says what
	// to do, when no account had data; the line then need not.
	failsOnNone bool

	seen *directory.ProfileTracker
}

// newMatchCoverage returns the coverage of a run of opts, or nil when the
// accounts come from the profiles themselves (all have data by
// construction).
func newMatchCoverage(opts *matchOptions, kind archive.AccountKind) *matchCoverage {
	list := ""
	switch {
	case opts.Handles != "":
		list = "handles"
	case opts.Archive != "":
		list = kindName(kind)
	default:
		return nil
	}
	return &matchCoverage{list: list, files: opts.Profiles, seen: directory.NewProfileTracker()}
}

// failOnNone marks a command that ends with noData's error when no
// account had profile data (match, migrate's match step).
func (c *matchCoverage) failOnNone() *matchCoverage {
	if c != nil {
		c.failsOnNone = true
	}
	return c
}

// watch wraps the run's sources so the coverage sees what they return.
func (c *matchCoverage) watch(cfg *matcher.RunConfig) {
	if c == nil {
		return
	}
	for _, s := range cfg.Sources {
		if adapter.IsTwitterAPI(s) {
			c.api = true
		}
	}
	cfg.Sources = c.seen.Wrap(cfg.Sources)
}

// missing lists the accounts no source knew, by id (screen name for an
// account known only by name), in input order, without duplicates. Like
// the pipeline, it looks an account up by id when the id is known.
func (c *matchCoverage) missing(accounts []profiles.AccountRef) []string {
	var out []string
	seen := map[string]bool{}
	for _, a := range accounts {
		key, known := a.ID, c.seen.Has(a.ID, "")
		if a.ID == "" {
			key, known = a.ScreenName, c.seen.Has("", a.ScreenName)
		}
		if key == "" || known || seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, key)
	}
	return out
}

// kindName is the name of an archive list, as --kind spells it.
func kindName(kind archive.AccountKind) string { return kind.String() }

// listWords names the accounts of a list in a sentence: "followed
// accounts", "muted accounts".
func listWords(list string) string {
	switch list {
	case "following":
		return "followed accounts"
	case "followers":
		return "followers"
	case "blocks":
		return "blocked accounts"
	case "mutes":
		return "muted accounts"
	}
	return "listed accounts"
}

// capturePage is the x.com page whose capture holds a list's profiles.
func capturePage(list string) string {
	switch list {
	case "following":
		return "x.com/<you>/following"
	case "followers":
		return "x.com/<you>/followers"
	case "blocks":
		return "x.com/settings/blocked/all"
	case "mutes":
		return "x.com/settings/muted/all"
	}
	return "the page that lists them (a list's members: x.com/i/lists/<id>/members)"
}

// captureFile is the file name the advice suggests for a list's capture.
func captureFile(list string) string {
	if list == "handles" {
		return "members.har"
	}
	return list + ".har"
}

// print writes the coverage line after the summary: for people a
// sentence, under --json a "coverage" line with the ids lacking data.
func (c *matchCoverage) print(f *factory, s matcher.Summary, accounts []profiles.AccountRef) {
	if c == nil || s.Scanned == 0 {
		return
	}
	missing := c.missing(accounts)
	files := make([]string, len(c.files))
	for i, name := range c.files {
		files[i] = filepath.Base(name)
	}
	f.printer().Status("coverage", struct {
		List        string   `json:"list"`
		Accounts    int      `json:"accounts"`
		WithProfile int      `json:"with_profile"`
		Files       []string `json:"files"`
		TwitterAPI  bool     `json:"twitter_api"`
		Missing     []string `json:"missing"`
	}{c.list, s.Scanned, s.Scanned - s.NoProfile, nonNil(files), c.api, nonNil(missing)}, c.text(s, files))
}

// text is the coverage sentence, "" when noData's error says it all.
func (c *matchCoverage) text(s matcher.Summary, files []string) string {
	var from []string
	from = append(from, files...)
	if c.api {
		from = append(from, "Twitter API")
	}
	line := fmt.Sprintf("%d of %d %s have profile data", s.Scanned-s.NoProfile, s.Scanned, listWords(c.list))
	if len(from) > 0 {
		line += " (" + strings.Join(from, ", ") + ")"
	}
	switch {
	case s.NoProfile == 0:
	case s.NoProfile == s.Scanned && c.failsOnNone:
		return ""
	case len(c.files) > 0:
		line += fmt.Sprintf("; %d have none: capture again and scroll to the end (fledge help capture)", s.NoProfile)
	default:
		line += fmt.Sprintf("; %d have none: capture %s in your browser and pass it with --profiles (fledge help capture)", s.NoProfile, capturePage(c.list))
	}
	return line
}

// noData is the error for a run in which no account had profile data:
// exit status 3, with what to do, the browser capture first. A command
// that returns it says so with failOnNone before printing.
func (c *matchCoverage) noData(s matcher.Summary) error {
	if c == nil || !c.failsOnNone || s.Scanned == 0 || s.NoProfile < s.Scanned {
		return nil
	}
	why := ""
	if c.list != "handles" {
		why = " (a Twitter archive lists ids only)"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "none of the %d %s has profile data%s, so nothing could be matched from a bio. Give fledge their profiles, then run the same command again:\n", s.Scanned, listWords(c.list), why)
	fmt.Fprintf(&b, "  1. save %s from your browser as a HAR file and pass it: --profiles %s\n", capturePage(c.list), captureFile(c.list))
	fmt.Fprintf(&b, "     ('fledge help capture' shows how in two minutes; delete the HAR afterwards)\n")
	fmt.Fprintf(&b, "  2. or, if you have a Twitter API bearer token, set %s\n", envTwitterToken)
	fmt.Fprintf(&b, "  3. or pass profiles you already have: --profiles FILE (JSON lines or CSV)")
	return &partialError{b.String()}
}

// reportCapture says what a browser capture held: profiles, tweet
// authors, and the response bodies it could not use, by reason (a body
// the browser evicted, a rate-limit answer), so a thin capture is
// explained. Other --profiles files say nothing unless asked (-v). The
// stats hold counts and fixed labels only, never the capture's contents.
func reportCapture(f *factory, st profiles.ReadStats) {
	if st.Format != profiles.FormatHAR {
		return
	}
	f.printer().Status("profiles", struct {
		File       string         `json:"file"`
		Format     string         `json:"format"`
		Entries    int            `json:"entries"`
		BodiesRead int            `json:"bodies_read"`
		Profiles   int            `json:"profiles"`
		Authors    int            `json:"authors"`
		Duplicates int            `json:"duplicates"`
		Skipped    map[string]int `json:"skipped,omitempty"`
	}{st.File, st.Format, st.Entries, st.BodiesRead, st.Profiles, st.Authors, st.Duplicates, st.Skipped}, st.Summary())
}
