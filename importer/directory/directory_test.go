package directory

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/importer/export"
	"github.com/fledge-cli/fledge/importer/follow"
	"github.com/fledge-cli/fledge/matcher"
)

// memFiles holds the files a directory writes, by name.
type memFiles map[string]*bytes.Buffer

type nopCloser struct{ *bytes.Buffer }

func (nopCloser) Close() error { return nil }

func (m memFiles) create(name string) (io.WriteCloser, error) {
	b := &bytes.Buffer{}
	m[name] = b
	return nopCloser{b}, nil
}

var update = flag.Bool("update", false, "rewrite golden files")

// sampleMatches covers every shape a directory meets: confirmed,
// verified, unchecked and moved handles, two handles for one person, two
// Twitter accounts with one handle, and the three reasons an account is
// missing.
func sampleMatches() []matcher.Match {
	cand := func(h string, st matcher.Status, moved string) matcher.Candidate {
		return matcher.Candidate{Handle: h, Field: matcher.FieldBio, Form: matcher.FormAcct, Confidence: 0.9, Status: st, MovedTo: moved}
	}
	return []matcher.Match{
		{TwitterID: "1", ScreenName: "zoe_bird", Name: "Zoë", Handles: []string{"@zoe@example.social"},
			Candidates: []matcher.Candidate{cand("@zoe@example.social", matcher.StatusConfirmed, "")}},
		{TwitterID: "2", ScreenName: "Alice_Bird", Name: "Alice 🐘", Handles: []string{"@Alice@Example.Social", "@alice@alt.example"},
			Candidates: []matcher.Candidate{cand("@alice@example.social", matcher.StatusVerified, ""), cand("@alice@alt.example", matcher.StatusVerified, "")}},
		{TwitterID: "3", ScreenName: "bob_bird", Name: "Bob", Handles: []string{"@bob@old.example"},
			Candidates: []matcher.Candidate{cand("@bob@old.example", matcher.StatusMoved, "@bob@fosstodon.org")}},
		{TwitterID: "4", ScreenName: "bob_work", Name: "Bob at work", Handles: []string{"@bob@fosstodon.org"},
			Candidates: []matcher.Candidate{cand("@bob@fosstodon.org", matcher.StatusVerified, "")}},
		{TwitterID: "5", ScreenName: "dan", Name: "", Handles: []string{"@dan@fosstodon.org"}},
		{TwitterID: "6", ScreenName: "eve_bird", Name: "Eve", Handles: []string{"@eve@down.example"},
			Candidates: []matcher.Candidate{cand("@eve@down.example", matcher.StatusUnreachable, "")}},
		{TwitterID: "7", ScreenName: "carol_bird", Name: "Carol", Handles: []string{},
			Candidates: []matcher.Candidate{cand("@carol@nowhere.example", matcher.StatusNotFound, "")}},
		{TwitterID: "8", ScreenName: "ghost", Handles: []string{}},
		{TwitterID: "9", Handles: []string{}},
	}
}

var sampleGenerated = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func sampleDirectory(t *testing.T) *Directory {
	t.Helper()
	profiled := map[string]bool{"1": true, "2": true, "3": true, "4": true, "6": true, "7": true}
	d, err := Build(sampleMatches(), Options{
		Title: "Bird watchers", ListName: "Bird watchers", Generated: sampleGenerated,
		HasProfile: func(id, _ string) bool { return profiled[id] },
	})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestBuildDirectory(t *testing.T) {
	d := sampleDirectory(t)
	var got []string
	for _, s := range d.Servers {
		for _, m := range s.Members {
			got = append(got, s.Domain+" "+m.Handle+" moved="+m.MovedFrom+" twitter="+twitterLabels(m.Twitter)+" also="+strings.Join(m.Also, ","))
		}
	}
	want := []string{
		"example.social Alice@example.social moved= twitter=@Alice_Bird also=alice@alt.example",
		"example.social zoe@example.social moved= twitter=@zoe_bird also=",
		"fosstodon.org bob@fosstodon.org moved=bob@old.example twitter=@bob_bird, @bob_work also=",
		"fosstodon.org dan@fosstodon.org moved= twitter=@dan also=",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("members:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var missing []string
	for _, u := range d.Unmatched {
		missing = append(missing, u.Label()+" "+string(u.Reason)+" "+strings.Join(u.Candidates, ","))
	}
	wantMissing := []string{
		"@carol_bird no_handle @carol@nowhere.example: not found",
		"@eve_bird unreachable @eve@down.example: unreachable",
		"@ghost no_profile ",
		"id:9 no_profile ",
	}
	if !reflect.DeepEqual(missing, wantMissing) {
		t.Errorf("unmatched:\n%s\nwant:\n%s", strings.Join(missing, "\n"), strings.Join(wantMissing, "\n"))
	}
	if d.Len() != 4 || len(d.Servers) != 2 {
		t.Errorf("Len %d, servers %d; want 4 and 2", d.Len(), len(d.Servers))
	}
	targets := d.Targets()
	if len(targets) != 4 || targets[2].Handle != "bob@fosstodon.org" || targets[2].ScreenName != "bob_bird" {
		t.Errorf("targets = %+v", targets)
	}
}

func TestBuildDirectoryOptions(t *testing.T) {
	tests := []struct {
		name          string
		o             Options
		title, list   string
		wantErr       string
		wantNoProfile bool
	}{
		{name: "defaults", title: DefaultTitle, list: DefaultTitle},
		{name: "list defaults to title", o: Options{Title: " Our club "}, title: "Our club", list: "Our club"},
		{name: "own list name", o: Options{Title: "T", ListName: "L"}, title: "T", list: "L"},
		{name: "list name on two lines", o: Options{ListName: "a\nb"}, wantErr: "cannot span lines"},
		{name: "no tracker: every account had a profile", o: Options{}, title: DefaultTitle, list: DefaultTitle},
		{name: "tracker says no profile", o: Options{HasProfile: func(string, string) bool { return false }},
			title: DefaultTitle, list: DefaultTitle, wantNoProfile: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Build([]matcher.Match{{TwitterID: "1", ScreenName: "x"}}, tt.o)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d.Title != tt.title || d.ListName != tt.list {
				t.Errorf("title %q list %q, want %q %q", d.Title, d.ListName, tt.title, tt.list)
			}
			if got := d.Unmatched[0].Reason == ReasonNoProfile; got != tt.wantNoProfile {
				t.Errorf("reason %s", d.Unmatched[0].Reason)
			}
		})
	}
}

func TestMemberAddress(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"@alice@Example.Social", "alice@example.social"},
		{"al.ice_-1@ex-ample.social", "al.ice_-1@ex-ample.social"},
		{"zoë@exämple.social", "zoë@exämple.social"},
		{"alice@localhost", ""},
		{"alice@.social", ""},
		{"alice@example.social.", ""},
		{"al'ice@example.social", ""},
		{"al`ice@example.social", ""},
		{"alice@exa'mple.social", ""},
		{"alice@exa:80.social", ""},
		{"alice", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, err := memberAddress(tt.in)
		if (err != nil) != (tt.want == "") || got != tt.want {
			t.Errorf("memberAddress(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestFollowURL(t *testing.T) {
	tests := []struct{ server, handle, want string }{
		{"mastodon.social", "alice@example.social", "https://mastodon.social/authorize_interaction?uri=alice%40example.social"},
		{" Home.Example ", "@bob@fosstodon.org", "https://home.example/authorize_interaction?uri=bob%40fosstodon.org"},
	}
	for _, tt := range tests {
		if got := FollowURL(tt.server, tt.handle); got != tt.want {
			t.Errorf("FollowURL(%q, %q) = %q, want %q", tt.server, tt.handle, got, tt.want)
		}
	}
	m := Member{User: "zoë", Domain: "example.social"}
	if got, want := m.ProfileURL(), "https://example.social/@zo%C3%AB"; got != want {
		t.Errorf("ProfileURL = %q, want %q", got, want)
	}
}

func TestMarkdownEscaping(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain name", "plain name"},
		{"*bold* _it_ [x](javascript:alert(1))", `\*bold\* \_it\_ \[x\](javascript:alert(1))`},
		{"<img src=x onerror=alert(1)>", `\<img src=x onerror=alert(1)\>`},
		{"see https://evil.example and www.evil.example", `see https\://evil.example and www\.evil.example`},
		{"line\nbreak\t# heading", `line break \# heading`},
		{"&amp; `code` | ~x~ !", `\&amp; \` + "`code\\`" + ` \| \~x\~ \!`},
	}
	for _, tt := range tests {
		if got := mdText(tt.in); got != tt.want {
			t.Errorf("mdText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	codes := []struct{ in, want string }{
		{"@a@b.c", "`@a@b.c`"},
		{"a`b", "``a`b``"},
		{"`a", "`` `a ``"},
	}
	for _, tt := range codes {
		if got := mdCode(tt.in); got != tt.want {
			t.Errorf("mdCode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestDirectoryGolden checks every file against testdata/directory;
// run with -update to rewrite them after checking a change by eye.
func TestDirectoryGolden(t *testing.T) {
	d := sampleDirectory(t)
	files := memFiles{}
	names, err := d.WriteFiles("out", files.create)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"directory.md", "directory.html", "following.csv", "lists.csv"}
	for i := range want {
		want[i] = filepath.Join("out", want[i])
	}
	if !slices.Equal(names, want) {
		t.Fatalf("wrote %v, want %v", names, want)
	}
	for _, name := range names {
		golden := filepath.Join("testdata", "directory", filepath.Base(name))
		got := files[name].Bytes()
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		wantBytes, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, wantBytes) {
			t.Errorf("%s differs from %s (run with -update after checking the change):\n%s", name, golden, got)
		}
	}
}

func TestDirectoryCSVFormats(t *testing.T) {
	d := sampleDirectory(t)
	var lists, following bytes.Buffer
	if err := d.WriteListsCSV(&lists); err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFollowingCSV(&following); err != nil {
		t.Fatal(err)
	}
	wantLists := "Bird watchers,Alice@example.social\nBird watchers,zoe@example.social\nBird watchers,bob@fosstodon.org\nBird watchers,dan@fosstodon.org\n"
	if lists.String() != wantLists {
		t.Errorf("lists.csv:\n%s\nwant (no header, as Mastodon exports it):\n%s", lists.String(), wantLists)
	}
	if !strings.HasPrefix(following.String(), matcher.MastodonCSVHeader+"\n") || strings.Count(following.String(), "\n") != 5 {
		t.Errorf("following.csv:\n%s", following.String())
	}
	// following.csv is what fledge follow reads back.
	ts, err := follow.ReadMatches(bytes.NewReader(following.Bytes()), "following.csv")
	if err != nil || len(ts) != 4 {
		t.Errorf("following.csv reads back as %d targets, %v", len(ts), err)
	}
	if err := d.FollowLimitWarning(); err != nil {
		t.Errorf("FollowLimitWarning = %v for 4 members", err)
	}
}

// TestDirectorySplitsLongLists checks that an import longer than
// Mastodon's row limit is split into parts, and that the page then
// points at the files instead of embedding them.
func TestDirectorySplitsLongLists(t *testing.T) {
	n := export.MaxImportRows + 5
	ms := make([]matcher.Match, n)
	for i := range ms {
		ms[i] = matcher.Match{TwitterID: strconv.Itoa(i), Handles: []string{"u" + strconv.Itoa(i) + "@many.example"}}
	}
	d, err := Build(ms, Options{})
	if err != nil {
		t.Fatal(err)
	}
	files := memFiles{}
	names, err := d.WriteFiles("o", files.create)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"o/following.csv", "o/following-2.csv", "o/lists.csv", "o/lists-2.csv"} {
		if !slices.Contains(names, filepath.FromSlash(want)) {
			t.Errorf("%s not written; got %v", want, names)
		}
	}
	if got := strings.Count(files[filepath.FromSlash("o/lists-2.csv")].String(), "\n"); got != 5 {
		t.Errorf("lists-2.csv has %d rows, want 5", got)
	}
	page := files[filepath.FromSlash("o/directory.html")].String()
	if strings.Contains(page, "data:text/csv") {
		t.Error("a split list is still embedded in the page")
	}
	if err := d.FollowLimitWarning(); err == nil {
		t.Error("no follow-limit warning for 20,005 members")
	}
}
