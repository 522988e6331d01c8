package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/fledge-cli/fledge/archive"
	"github.com/fledge-cli/fledge/internal/ui"
)

// matchTableRows is how many matches the follow step shows before asking;
// the rest are counted, and all are in the matches file.
const matchTableRows = 20

// preview shows what a step is about to do and returns the question to
// ask, or, when there is nothing to do, a line saying so.
func (m *migration) preview(ctx context.Context, s string) (question, nothing string, err error) {
	switch s {
	case stepMatch:
		n, err := countFollowing(m.opts.Archive)
		if err != nil {
			return "", "", err
		}
		if n == 0 {
			return "", "The archive lists no accounts you follow; nothing to match.", nil
		}
		how := "checking each handle over the network"
		if m.opts.Offline {
			how = "without checking them (--offline)"
		}
		if len(m.opts.Profiles) == 0 && !hasTwitterToken(m.sf) {
			m.say("No profiles given: the archive lists ids only, so few accounts (or none) can be matched.\nSave x.com/<you>/following from your browser and pass --profiles following.har ('fledge help capture' shows how).")
		}
		return fmt.Sprintf("Look up the fediverse handles of the %d accounts you follow, %s?", n, how), "", nil
	case stepFollow:
		return m.previewFollow()
	case stepProfile:
		o := m.profileOptions(true)
		o.asking = true // the question follows the plan and its warnings
		upToDate, err := profileRun(ctx, m.sf, o)
		if err != nil {
			return "", "", err
		}
		if upToDate {
			// profileRun has said so: record the step done, ask nothing.
			return "", "Nothing to change.", nil
		}
		return profileQuestion("@" + m.key), "", nil
	case stepImport:
		if _, err := runImport(ctx, m.sf, m.importOptions(true)); err != nil {
			return "", "", err
		}
		q := fmt.Sprintf("Import now, as %s posts of @%s?", m.opts.Visibility, m.key)
		if m.opts.Max > 0 {
			q = fmt.Sprintf("Import the next %d posts now, as %s posts of @%s?", m.opts.Max, m.opts.Visibility, m.key)
		}
		return q, "", nil
	}
	return "", "", nil // inspect only reads the archive: nothing to ask
}

// previewFollow shows the matches the follow step would follow: a
// summary and the first rows of the table.
func (m *migration) previewFollow() (string, string, error) {
	list := ""
	if m.opts.List != "" {
		list = fmt.Sprintf(" and add them to the list %q", m.opts.List)
	}
	fh, err := os.Open(m.matches)
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Sprintf("No matches saved yet: match the accounts you follow, then follow them as @%s%s?", m.key, list), "", nil
	}
	if err != nil {
		return "", "", err
	}
	defer fh.Close()
	p, err := readMatchesPreview(fh, m.matches, matchTableRows)
	if err != nil {
		return "", "", err
	}
	if p.Matched == 0 {
		return "", fmt.Sprintf("None of the %d accounts you follow was matched; nothing to follow.", p.Scanned), nil
	}
	m.say("%d of the %d accounts you follow were matched:", p.Matched, p.Scanned)
	if !m.f.Globals.JSON {
		tw := ui.MatchTableOf(m.f.printer())
		for _, mt := range p.First {
			if err := tw.Write(mt); err != nil {
				return "", "", err
			}
		}
		if err := tw.Close(); err != nil {
			return "", "", err
		}
		if more := p.Matched - len(p.First); more > 0 {
			m.say("… and %d more (all of them are in %s)", more, m.matches)
		}
	}
	return fmt.Sprintf("Follow these %d accounts as @%s%s?", p.Matched, m.key, list), "", nil
}

// countFollowing counts the accounts the archive says you follow.
func countFollowing(path string) (int, error) {
	a, err := archive.Open(path)
	if err != nil {
		return 0, err
	}
	defer a.Close()
	n := 0
	for _, err := range a.Accounts(archive.KindFollowing) {
		if err != nil {
			return 0, err
		}
		n++
	}
	return n, nil
}
