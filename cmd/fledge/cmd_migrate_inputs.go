package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// The match step remembers the inputs it used, so that a later run given
// something new (a browser capture of the following page, a token,
// verification online after --offline) matches again without --restart.
// Only new profile sources count (a profiles file it did not use, a
// token): the guide tells people to delete the capture after use, and the
// run after that must not match again without it. When it does match
// again, accounts without data this time keep their earlier matches
// (keepEarlier).

// matchInputs are the match step's inputs as recorded in the state file:
// each --profiles file as "profiles SIZE MTIME PATH" (absolute path; a
// new capture saved over the old one counts as new), and "twitter-api"
// when a bearer token is set (never the token itself).
func (m *migration) matchInputs() []string {
	var in []string
	for _, name := range m.opts.Profiles {
		abs, err := filepath.Abs(name)
		if err != nil {
			abs = name
		}
		st, err := os.Stat(name)
		if err != nil {
			// The step will say what is wrong with it; until then it
			// is new.
			in = append(in, "profiles - - "+abs)
			continue
		}
		in = append(in, fmt.Sprintf("profiles %d %d %s", st.Size(), st.ModTime().UnixNano(), abs))
	}
	if hasTwitterToken(m.sf) {
		in = append(in, "twitter-api")
	}
	return in
}

// hasTwitterToken reports whether a Twitter API bearer token is set, as
// twitterToken finds it, without its warnings.
func hasTwitterToken(f *factory) bool {
	if f.Getenv(envTwitterToken) != "" {
		return true
	}
	prefs, err := f.preferences()
	return err == nil && prefs.TwitterBearerToken.Reveal() != ""
}

// describeInputs says what the new inputs are, for people.
func describeInputs(in []string) string {
	var out []string
	for _, s := range in {
		switch {
		case strings.HasPrefix(s, "profiles "):
			// The path comes last: it may hold spaces.
			f := strings.SplitN(s, " ", 4)
			out = append(out, filepath.Base(f[len(f)-1]))
		case s == "twitter-api":
			out = append(out, "a Twitter API token")
		default:
			out = append(out, s)
		}
	}
	return strings.Join(out, ", ")
}

// reopenMatch offers the match step again when it is done but this run
// has profile sources it did not use. A skipped step stays skipped.
func (m *migration) reopenMatch() {
	if !slices.Contains(m.steps, stepMatch) {
		return
	}
	r, ok := m.state.Steps[stepMatch]
	if !ok || r.Status != stateDone {
		return
	}
	var added []string
	for _, in := range m.inputs {
		if !slices.Contains(r.Inputs, in) {
			added = append(added, in)
		}
	}
	if len(added) == 0 {
		return
	}
	delete(m.state.Steps, stepMatch)
	m.say("match: new since it was done (%s); matching again.", describeInputs(added))
}

// reopenFollow offers the follow step again after the match step ran:
// the matches it follows may have changed (its journal and the server's
// relationships still keep anyone from being followed twice).
func (m *migration) reopenFollow() {
	if r, ok := m.state.Steps[stepFollow]; ok && r.Status == stateDone {
		delete(m.state.Steps, stepFollow)
	}
}
