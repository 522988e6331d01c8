package ui

import (
	"fmt"
	"io"
	"strings"

	"github.com/fledge-cli/fledge/matcher"
)

// MatchTable writes one row per accepted handle (or one "no match" row per
// account): Twitter account, handle, status, where it was found, and for
// an unreachable handle a fifth cell saying why (Candidate.Reason: timed
// out, or what the network guard refused and which flag allows it). An
// account without a match then gets a row per handle that was checked and
// failed, with its reason. Last come a row per Bluesky account that is
// not bridged (its bsky.app link, status not_bridged: someone to ask) and
// per community mentioned. It is a matcher.ResultWriter, so fledge match
// streams into it.
type MatchTable struct {
	t *Table
}

// NewMatchTable returns a match table on w, aligned for a terminal.
func NewMatchTable(w io.Writer, aligned bool) *MatchTable {
	return &MatchTable{t: NewTable(w, aligned)}
}

// MatchTableOf starts a match table on the printer's stdout.
func MatchTableOf(p Printer) *MatchTable {
	return &MatchTable{t: p.Table()}
}

// Write implements matcher.ResultWriter.
func (mt *MatchTable) Write(m matcher.Match) error {
	t := mt.t
	if t.Rows() == 0 {
		t.Row("TWITTER ACCOUNT", "HANDLE", "STATUS", "FOUND IN")
	}
	account := "id:" + m.TwitterID
	if m.ScreenName != "" {
		account = "@" + m.ScreenName
	}
	if len(m.Handles) == 0 {
		t.Row(account, "-", "no match", "-")
		mt.failed(account, m)
	}
	defer mt.notFollowable(account, m)
	for _, h := range m.Handles {
		c := candidateFor(m, h)
		handle, status, found := h, "unverified", "-"
		if c != nil {
			if c.Status != matcher.StatusUnverified {
				status = string(c.Status)
			}
			if c.Status == matcher.StatusMoved && c.MovedTo != "" {
				handle = h + " → " + c.MovedTo
			}
			found = foundIn(*c)
			if c.Status == matcher.StatusUnreachable && c.Reason != "" {
				t.Row(account, handle, status, found, c.Reason)
				continue
			}
		}
		t.Row(account, handle, status, found)
	}
	return nil
}

func foundIn(c matcher.Candidate) string { return fmt.Sprintf("%s (%s)", c.Field, c.Form) }

// failed writes the rows of an unmatched account's candidates that were
// checked and failed for a reason the person may act on. A matched
// account's failed candidates are left out: they change nothing.
func (mt *MatchTable) failed(account string, m matcher.Match) {
	for _, c := range m.Candidates {
		if c.Reason == "" || c.Status == matcher.StatusNotBridged {
			continue
		}
		mt.t.Row(account, c.Handle, string(c.Status), foundIn(c), c.Reason)
	}
}

// notFollowable writes the rows a person may act on by hand: Bluesky
// accounts to ask to turn bridging on, and the communities mentioned.
func (mt *MatchTable) notFollowable(account string, m matcher.Match) {
	for _, c := range m.Candidates {
		if c.Status == matcher.StatusNotBridged && c.ProfileURL != "" {
			mt.t.Row(account, c.ProfileURL, string(c.Status), foundIn(c))
		}
	}
	for _, c := range m.Communities {
		mt.t.Row(account, c, "community", "-")
	}
}

// Close implements matcher.ResultWriter.
func (mt *MatchTable) Close() error { return mt.t.Flush() }

// WriteMatchTable writes ms as a match table.
func WriteMatchTable(w io.Writer, ms []matcher.Match, aligned bool) error {
	mt := NewMatchTable(w, aligned)
	for _, m := range ms {
		if err := mt.Write(m); err != nil {
			return err
		}
	}
	return mt.Close()
}

// candidateFor finds the candidate behind an accepted handle.
func candidateFor(m matcher.Match, handle string) *matcher.Candidate {
	for i := range m.Candidates {
		if strings.EqualFold(m.Candidates[i].Handle, handle) {
			return &m.Candidates[i]
		}
	}
	return nil
}
