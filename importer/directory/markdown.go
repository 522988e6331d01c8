package directory

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/fledge-cli/fledge/matcher"
)

// WriteMarkdown writes the directory as CommonMark: a section per server,
// one bullet per member, and the accounts not found yet. Every name comes
// from strangers' profiles, so text is escaped and handles are code spans:
// nothing a display name holds can become a link, an image or HTML.
func (d *Directory) WriteMarkdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	p := func(format string, a ...any) { fmt.Fprintf(bw, format, a...) }
	p("# %s\n\n", mdText(d.Title))
	p("%s", d.countLine())
	if !d.Generated.IsZero() {
		p(" Generated %s.", d.Generated.UTC().Format("2006-01-02"))
	}
	p("\n\n")
	if d.Len() > 0 {
		p("**Follow everyone at once:** on Mastodon, open Preferences › Import and export › Import, and upload\n")
		p("`lists.csv` as *Lists* (it follows everyone and puts them on the list %s) or `following.csv`\n", mdText("“"+d.ListName+"”"))
		p("as *Following list*. To follow one person, search for their handle on your own server.\n\n")
	} else {
		p("Nobody has been found on the fediverse yet.\n\n")
	}
	for _, s := range d.Servers {
		p("## %s (%d)\n\n", mdText(s.Domain), len(s.Members))
		for _, m := range s.Members {
			p("- %s\n", mdMember(m))
		}
		p("\n")
	}
	if len(d.Unmatched) > 0 {
		p("## Not found yet (%d)\n\n", len(d.Unmatched))
		p("Ask them to put their fediverse handle in their Twitter bio, or to send it to the organizer.\n\n")
		for _, u := range d.Unmatched {
			line := mdText(u.Label())
			if u.Name != "" {
				line += " (" + mdText(u.Name) + ")"
			}
			line += ": " + mdText(u.Reason.Explain())
			for i, c := range u.Candidates {
				sep := ", "
				if i == 0 {
					sep = "; "
				}
				line += sep + mdCode(c)
			}
			p("- %s\n", line)
		}
		p("\n")
	}
	return bw.Flush()
}

// countLine is "3 people on 2 servers, 1 not found yet."
func (d *Directory) countLine() string {
	s := fmt.Sprintf("%s on %s", dirPlural(d.Len(), "person", "people"), dirPlural(len(d.Servers), "server", "servers"))
	if n := len(d.Unmatched); n > 0 {
		s += fmt.Sprintf(", %d not found yet", n)
	}
	return s + "."
}

func dirPlural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func mdMember(m Member) string {
	var b strings.Builder
	if name := memberName(m); name != "" {
		b.WriteString("**" + mdText(name) + "** ")
	}
	b.WriteString(mdCode("@" + m.Handle))
	fmt.Fprintf(&b, " ([profile](<%s>))", m.ProfileURL())
	if tw := twitterLabels(m.Twitter); tw != "" {
		b.WriteString(", Twitter " + mdText(tw))
	}
	b.WriteString(", " + statusWords(m.Status))
	if m.MovedFrom != "" {
		b.WriteString(", moved from " + mdCode("@"+m.MovedFrom))
	}
	for i, a := range m.Also {
		if i == 0 {
			b.WriteString("; also ")
		} else {
			b.WriteString(", ")
		}
		b.WriteString(mdCode("@" + a))
	}
	return b.String()
}

// memberName is the Twitter display name shown for a member.
func memberName(m Member) string {
	for _, t := range m.Twitter {
		if n := strings.TrimSpace(t.Name); n != "" {
			return n
		}
	}
	return ""
}

func twitterLabels(ts []TwitterAccount) string {
	var ls []string
	for _, t := range ts {
		if t.ScreenName != "" || t.ID != "" {
			ls = append(ls, t.Label())
		}
	}
	return strings.Join(ls, ", ")
}

// statusWords says how sure a match is, for people.
func statusWords(s matcher.Status) string {
	switch s {
	case matcher.StatusConfirmed:
		return "confirmed (the profile links back to Twitter)"
	case matcher.StatusVerified, matcher.StatusMoved:
		return "verified"
	case matcher.StatusBridged:
		return "bridged from Bluesky (verified)"
	}
	return "not checked"
}

// mdText escapes text for CommonMark: backslash before every character
// that could start markup, control characters and line breaks flattened
// to spaces, and bare URLs broken so no renderer turns them into links.
func mdText(s string) string {
	s = dirOneLine(s)
	var b strings.Builder
	for i, r := range s {
		switch {
		case strings.ContainsRune("\\`*_[]<>&|~!#", r):
			b.WriteByte('\\')
		case r == ':' && strings.HasPrefix(s[i:], "://"):
			b.WriteByte('\\')
		case r == '.' && i >= 3 && strings.EqualFold(s[i-3:i], "www"):
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// mdCode is s as a code span, fenced with one backtick more than the
// longest run inside it (CommonMark's rule), padded when s starts or ends
// with a backtick.
func mdCode(s string) string {
	s = dirOneLine(s)
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}

// dirOneLine replaces control characters (line breaks included) with spaces
// and trims the result.
func dirOneLine(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '\u2028' || r == '\u2029' || r == '\u0085' {
			return ' '
		}
		return r
	}, s))
}
