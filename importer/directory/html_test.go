package directory

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/fledge-cli/fledge/matcher"
)

// hostileMatches carry markup and script in every field a stranger
// controls: display names, screen names from a --handles file, and
// handle-like text that is not an address.
func hostileMatches() []matcher.Match {
	return []matcher.Match{
		{TwitterID: "1", ScreenName: "x<b>", Name: `<script>alert(1)</script>`, Handles: []string{"@ok@example.social"}},
		{TwitterID: "2", ScreenName: "y", Name: `"><img src=x onerror=alert(2)>`, Handles: []string{"@two@example.social"}},
		{TwitterID: "3", ScreenName: "z", Name: "javascript:alert(3)", Handles: []string{`@a"onmouseover=alert(4)@evil.example`}},
		{TwitterID: "4", ScreenName: "w", Name: "</li></ul><a href=\"https://evil.example/\">click</a>", Handles: []string{"@x@evil.example"},
			Candidates: []matcher.Candidate{{Handle: "@x@evil.example", Status: matcher.StatusUnreachable}}},
		{TwitterID: "5", ScreenName: "v", Name: "[click](https://evil.example) *bold* `code`", Handles: []string{"@md@example.social"}},
	}
}

func hostileDirectory(t testing.TB, ms []matcher.Match) *Directory {
	t.Helper()
	d, err := Build(ms, Options{
		Title: `</title><script>alert("title")</script>`, ListName: `List "with" <quotes>`,
	})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// checkPage parses a directory page and fails on anything that loads,
// links to or runs something other than the page's own script, the
// embedded CSV files, in-page anchors and the members' profile pages.
func checkPage(t testing.TB, d *Directory, page []byte) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatalf("page does not parse: %v", err)
	}
	allowed := map[string]bool{}
	for _, s := range d.Servers {
		for _, m := range s.Members {
			allowed[m.ProfileURL()] = true
		}
	}
	scripts := 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script":
				scripts++
			case "img", "iframe", "link", "object", "embed", "frame", "base", "video", "audio", "source", "svg", "math":
				t.Errorf("page has a <%s> element", n.Data)
			case "style":
				if n.FirstChild != nil && (strings.Contains(n.FirstChild.Data, "url(") || strings.Contains(n.FirstChild.Data, "@import")) {
					t.Error("the style sheet loads something")
				}
			}
			for _, a := range n.Attr {
				key := strings.ToLower(a.Key)
				switch {
				case strings.HasPrefix(key, "on"):
					t.Errorf("<%s> has an event handler %s=%q", n.Data, a.Key, a.Val)
				case key == "src" || key == "srcset" || key == "action" || key == "formaction" || key == "style":
					t.Errorf("<%s> has %s=%q", n.Data, a.Key, a.Val)
				case key == "href":
					ok := strings.HasPrefix(a.Val, "#") || strings.HasPrefix(a.Val, "data:text/csv;charset=utf-8,") || allowed[a.Val]
					if !ok {
						t.Errorf("<%s> links to %q", n.Data, a.Val)
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	want := 0
	if d.Len() > 0 {
		want = 1
	}
	if scripts != want {
		t.Errorf("page has %d scripts, want %d", scripts, want)
	}
}

// textOf is the page's visible text, entities decoded.
func textOf(t *testing.T, page []byte) string {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode && (n.Parent == nil || n.Parent.Data != "script" && n.Parent.Data != "style") {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return b.String()
}

func TestDirectoryHTMLEscapesHostileText(t *testing.T) {
	d := hostileDirectory(t, hostileMatches())
	var buf bytes.Buffer
	if err := d.WriteHTML(&buf); err != nil {
		t.Fatal(err)
	}
	page := buf.Bytes()
	checkPage(t, d, page)
	text := textOf(t, page)
	// The hostile names survive as text, shown to the reader verbatim.
	for _, s := range []string{`<script>alert(1)</script>`, `"><img src=x onerror=alert(2)>`, `@x<b>`, `List "with" <quotes>`,
		`</title><script>alert("title")</script>`, `@x@evil.example: unreachable`} {
		if !strings.Contains(text, s) {
			t.Errorf("page text lacks %q", s)
		}
	}
	if d.Len() != 3 || len(d.Unmatched) != 2 {
		t.Errorf("%d members, %d unmatched; want 3 and 2", d.Len(), len(d.Unmatched))
	}
}

func TestDirectoryGoldenPageIsSelfContained(t *testing.T) {
	d := sampleDirectory(t)
	var buf bytes.Buffer
	if err := d.WriteHTML(&buf); err != nil {
		t.Fatal(err)
	}
	checkPage(t, d, buf.Bytes())
	// Without a script every member still has a link: its profile.
	if got := strings.Count(buf.String(), `class="follow"`); got != d.Len() {
		t.Errorf("%d follow links for %d members", got, d.Len())
	}
}

func TestDirectoryHTMLEmpty(t *testing.T) {
	d, err := Build([]matcher.Match{{TwitterID: "1", ScreenName: "solo"}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := d.WriteHTML(&buf); err != nil {
		t.Fatal(err)
	}
	checkPage(t, d, buf.Bytes())
	if !strings.Contains(buf.String(), "Nobody has been found") || !strings.Contains(buf.String(), "@solo") {
		t.Errorf("empty directory page:\n%s", buf.String())
	}
	buf.Reset()
	if err := d.WriteMarkdown(&buf); err != nil {
		t.Fatal(err)
	}
	if md := buf.String(); !strings.Contains(md, "Nobody has been found") || strings.Contains(md, "lists.csv") {
		t.Errorf("empty directory markdown:\n%s", md)
	}
}

func TestDirectoryMarkdownEscapesHostileText(t *testing.T) {
	d := hostileDirectory(t, hostileMatches())
	var buf bytes.Buffer
	if err := d.WriteMarkdown(&buf); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	for _, bad := range []string{"<script>", "<img", "[click](", "](https://evil", "</li>"} {
		if unescaped(md, bad) {
			t.Errorf("markdown holds %q unescaped:\n%s", bad, md)
		}
	}
	for _, want := range []string{`\<script\>alert(1)\</script\>`, `\[click\](https\://evil.example)`, "# \\</title\\>"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}

// unescaped reports whether s occurs in md without a backslash before it.
func unescaped(md, s string) bool {
	for i := 0; ; {
		j := strings.Index(md[i:], s)
		if j < 0 {
			return false
		}
		if at := i + j; at == 0 || md[at-1] != '\\' {
			return true
		}
		i += j + 1
	}
}

// FuzzDirectory feeds arbitrary names, screen names and handles through
// the directory and checks that the page never gains an element,
// attribute or link of the input's making, and that the Markdown keeps
// one line per entry.
func FuzzDirectory(f *testing.F) {
	for _, m := range hostileMatches() {
		f.Add(m.Name, m.ScreenName, m.Handles[0], false)
	}
	f.Add("Zoë", "zoe", "@zoe@example.social", true)
	f.Add("a\nb\u2028c", "s\r\nt", "@u@exa\nmple.social", false)
	f.Add("`", "``", "@a`b@c.d", true)
	f.Fuzz(func(t *testing.T, name, screen, handle string, unreachable bool) {
		st := matcher.StatusVerified
		if unreachable {
			st = matcher.StatusUnreachable
		}
		ms := []matcher.Match{
			{TwitterID: "1", ScreenName: screen, Name: name, Handles: []string{handle},
				Candidates: []matcher.Candidate{{Handle: handle, Status: st}}},
			{TwitterID: "2", ScreenName: screen, Name: name},
		}
		d, err := Build(ms, Options{Title: name})
		if err != nil {
			t.Fatal(err)
		}
		var page, md bytes.Buffer
		if err := d.WriteHTML(&page); err != nil {
			t.Fatal(err)
		}
		checkPage(t, d, page.Bytes())
		if err := d.WriteMarkdown(&md); err != nil {
			t.Fatal(err)
		}
		bullets := 0
		for _, line := range strings.Split(md.String(), "\n") {
			if strings.HasPrefix(line, "- ") {
				bullets++
			}
		}
		if bullets != d.Len()+len(d.Unmatched) {
			t.Errorf("%d bullets for %d entries:\n%s", bullets, d.Len()+len(d.Unmatched), md.String())
		}
	})
}
