package main

import (
	"regexp"
	"strings"
	"testing"
)

// markdownTables turns the aligned two-column lists of the help texts
// ("  login    log in …", continuation lines indented to the second
// column) into Markdown tables, outside code blocks. A terminal shows the
// help as written; a Markdown viewer would run such lines together into
// one paragraph. The tables have an empty header: Markdown requires one,
// and the help's lists have none.
func markdownTables(md string) string {
	lines := strings.Split(md, "\n")
	out := make([]string, 0, len(lines))
	fenced := false
	for i := 0; i < len(lines); {
		if strings.HasPrefix(lines[i], "```") {
			fenced = !fenced
		}
		if !fenced && (i == 0 || lines[i-1] == "") {
			if rows, n := tableAt(lines[i:]); n > 0 {
				out = append(out, "| | |", "|---|---|")
				for _, r := range rows {
					out = append(out, "| "+tableCell(r[0])+" | "+tableCell(r[1])+" |")
				}
				i += n
				continue
			}
		}
		out = append(out, lines[i])
		i++
	}
	return strings.Join(out, "\n")
}

// termLine is a list row: two spaces, the term (words with single spaces
// between them), two or more spaces, the text.
var termLine = regexp.MustCompile(`^  (\S+(?: \S+)*)( {2,})(\S.*)$`)

// tableAt reads the list at the start of lines, up to a blank line: at
// least two rows whose text starts in the same column, each maybe
// followed by lines indented to that column. n is 0 when the paragraph is
// not such a list.
func tableAt(lines []string) (rows [][2]string, n int) {
	col := 0
	for ; n < len(lines) && lines[n] != ""; n++ {
		l := lines[n]
		if m := termLine.FindStringSubmatch(l); m != nil && (col == 0 || 2+len(m[1])+len(m[2]) == col) {
			col = 2 + len(m[1]) + len(m[2])
			rows = append(rows, [2]string{m[1], m[3]})
			continue
		}
		if col > 0 && len(l) > col && strings.TrimLeft(l[:col], " ") == "" && l[col] != ' ' {
			rows[len(rows)-1][1] += " " + l[col:]
			continue
		}
		return nil, 0
	}
	if len(rows) < 2 {
		return nil, 0
	}
	return rows, n
}

func tableCell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

func TestMarkdownTables(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"steps with a continuation line",
			"step by step:\n\n  login    log in (or use\n           FLEDGE_TOKEN)\n  inspect  summarize a|b\n\nOn a terminal",
			"step by step:\n\n| | |\n|---|---|\n| login | log in (or use FLEDGE_TOKEN) |\n| inspect | summarize a\\|b |\n\nOn a terminal"},
		{"a term of two words",
			"  done         nothing left\n  in progress  running now",
			"| | |\n|---|---|\n| done | nothing left |\n| in progress | running now |"},
		{"inside a code block", "```\n  -n, --dry-run  change nothing\n  -y, --yes      do not ask\n```",
			"```\n  -n, --dry-run  change nothing\n  -y, --yes      do not ask\n```"},
		{"one row is no table", "\n  login    log in\n", "\n  login    log in\n"},
		{"columns that differ", "  a  one\n  bb    two\n", "  a  one\n  bb    two\n"},
		{"text after a list line", "  a  one\n  b  two\nnot indented\n", "  a  one\n  b  two\nnot indented\n"},
		{"not at a paragraph's start", "intro\n  a  one\n  b  two\n", "intro\n  a  one\n  b  two\n"},
	} {
		if got := markdownTables(tc.in); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
}
