package matcher

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// TableWriter writes one row per accepted handle (or one "no match" row per
// account): Twitter account, handle, status, where it was found, and for
// an unreachable handle a fifth cell saying why (Candidate.Reason: timed
// out, or what the network guard refused and which flag allows it). An
// account without a match then gets a row per handle that was checked and
// failed, with its reason. Last come a
// row per Bluesky account that is not bridged (its bsky.app link, status
// not_bridged: someone to ask) and per community mentioned. Aligned
// output is for terminals; otherwise columns are separated by single tabs
// so the output pipes cleanly into cut or awk.
type TableWriter struct {
	out  io.Writer
	bw   *bufio.Writer
	tw   *tabwriter.Writer
	rows int
}

// NewTableWriter returns a ResultWriter for the table format.
func NewTableWriter(w io.Writer, aligned bool) *TableWriter {
	t := &TableWriter{bw: bufio.NewWriter(w)}
	t.out = t.bw
	if aligned {
		t.tw = tabwriter.NewWriter(t.bw, 0, 8, 2, ' ', 0)
		t.out = t.tw
	}
	return t
}

// Write implements ResultWriter.
func (t *TableWriter) Write(m Match) error {
	if t.rows == 0 {
		t.row("TWITTER ACCOUNT", "HANDLE", "STATUS", "FOUND IN")
	}
	account := "id:" + m.TwitterID
	if m.ScreenName != "" {
		account = "@" + m.ScreenName
	}
	if len(m.Handles) == 0 {
		t.row(account, "-", "no match", "-")
		t.failed(account, m)
	}
	defer t.notFollowable(account, m)
	for _, h := range m.Handles {
		c := candidateFor(m, h)
		handle, status, found := h, "unverified", "-"
		if c != nil {
			if c.Status != StatusUnverified {
				status = string(c.Status)
			}
			if c.Status == StatusMoved && c.MovedTo != "" {
				handle = h + " → " + c.MovedTo
			}
			found = fmt.Sprintf("%s (%s)", c.Field, c.Form)
			if c.Status == StatusUnreachable && c.Reason != "" {
				t.row(account, handle, status, found, c.Reason)
				continue
			}
		}
		t.row(account, handle, status, found)
	}
	return nil
}

// failed writes the rows of an unmatched account's candidates that were
// checked and failed for a reason the person may act on. A matched
// account's failed candidates are left out: they change nothing.
func (t *TableWriter) failed(account string, m Match) {
	for _, c := range m.Candidates {
		if c.Reason == "" || c.Status == StatusNotBridged {
			continue
		}
		t.row(account, c.Handle, string(c.Status), fmt.Sprintf("%s (%s)", c.Field, c.Form), c.Reason)
	}
}

// notFollowable writes the rows a person may act on by hand: Bluesky
// accounts to ask to turn bridging on, and the communities mentioned.
func (t *TableWriter) notFollowable(account string, m Match) {
	for _, c := range m.Candidates {
		if c.Status == StatusNotBridged && c.ProfileURL != "" {
			t.row(account, c.ProfileURL, string(c.Status), fmt.Sprintf("%s (%s)", c.Field, c.Form))
		}
	}
	for _, c := range m.Communities {
		t.row(account, c, "community", "-")
	}
}

func (t *TableWriter) row(cells ...string) {
	for i, c := range cells {
		if i > 0 {
			io.WriteString(t.out, "\t")
		}
		io.WriteString(t.out, cellText(c))
	}
	io.WriteString(t.out, "\n")
	t.rows++
}

// cellText keeps a cell on one line and out of the neighbouring columns.
func cellText(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}

// Close implements ResultWriter.
func (t *TableWriter) Close() error {
	if t.tw != nil {
		if err := t.tw.Flush(); err != nil {
			return fmt.Errorf("write table: %w", err)
		}
	}
	if err := t.bw.Flush(); err != nil {
		return fmt.Errorf("write table: %w", err)
	}
	return nil
}

// WriteTable writes ms in the table format.
func WriteTable(w io.Writer, ms []Match, aligned bool) error {
	return writeAll(NewTableWriter(w, aligned), ms)
}

// candidateFor finds the candidate behind an accepted handle.
func candidateFor(m Match, handle string) *Candidate {
	for i := range m.Candidates {
		if strings.EqualFold(m.Candidates[i].Handle, handle) {
			return &m.Candidates[i]
		}
	}
	return nil
}
