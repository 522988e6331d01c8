package profile

import (
	"bytes"
	"io"
	"io/fs"
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/archive"
	"github.com/fledge-cli/fledge/matcher/profiles"
)

var jpegBytes = []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00synthetic\xff\xd9")

// profileFiles serves archive files from memory.
type profileFiles map[string][]byte

func (m profileFiles) open(name string) (io.ReadCloser, int64, error) {
	b, ok := m[name]
	if !ok {
		return nil, 0, fs.ErrNotExist
	}
	return io.NopCloser(bytes.NewReader(b)), int64(len(b)), nil
}

func sampleSource() Source {
	files := profileFiles{
		"data/profile_media/1-avatar.jpg": jpegBytes,
		"data/profile_media/1-999.jpg":    append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 100)...),
	}
	return Source{
		Account: archive.Account{ID: "1", Username: "quinemo", DisplayName: "Quinemo 🐘"},
		Profile: archive.Profile{
			Bio: "Writes about bridges. More: https://t.co/AbC123", Website: "https://t.co/SiTe99", Location: "Belhu",
			AvatarURL: "https://pbs.twimg.com/profile_images/5/avatar.jpg", AvatarFile: "data/profile_media/1-avatar.jpg",
			HeaderURL: "https://pbs.twimg.com/profile_banners/1/999", HeaderFile: "data/profile_media/1-999.jpg",
		},
		Open: files.open,
	}
}

var mastodonLimits = Limits{DisplayName: 30, Note: 500, Fields: 4, FieldName: 255, FieldValue: 255, CharsPerURL: 23,
	AvatarSize: 2<<20 - 1, HeaderSize: 2<<20 - 1, ImageTypes: []string{"image/jpeg", "image/png", "image/gif", "image/webp"}}

func change(t *testing.T, p *Plan, item string) Change {
	t.Helper()
	for _, c := range p.Changes {
		if c.Item == item {
			return c
		}
	}
	t.Fatalf("no change for %q in %+v", item, p.Changes)
	return Change{}
}

func TestPlanProfileFreshAccount(t *testing.T) {
	p, err := NewPlan(sampleSource(), Current{}, Options{Limits: mastodonLimits})
	if err != nil {
		t.Fatal(err)
	}
	if p.UpToDate() {
		t.Fatal("a fresh account is up to date")
	}
	u := p.Update
	if u.DisplayName == nil || *u.DisplayName != "Quinemo 🐘" {
		t.Errorf("display name %v", u.DisplayName)
	}
	// Without the Twitter profile the bio's t.co links stay and are
	// reported; the website, only a t.co link, is left out.
	if u.Note == nil || *u.Note != "Writes about bridges. More: https://t.co/AbC123" {
		t.Errorf("note %v", u.Note)
	}
	if strings.Join(p.Unexpanded, " ") != "https://t.co/AbC123" {
		t.Errorf("unexpanded %q", p.Unexpanded)
	}
	if c := change(t, p, "field:Website"); c.Action != ActionSkipped || c.Reason != ReasonUnexpandedLink {
		t.Errorf("website change %+v", c)
	}
	want := []Field{{"Twitter", "https://twitter.com/quinemo"}, {"Location", "Belhu"}}
	if u.Fields == nil || !sameFields(*u.Fields, want) {
		t.Errorf("fields %+v", u.Fields)
	}
	if u.Avatar == nil || u.Avatar.ContentType != "image/jpeg" || u.Avatar.Size != int64(len(jpegBytes)) || u.Avatar.SHA256 == "" {
		t.Errorf("avatar %+v", u.Avatar)
	}
	// The banner is named .jpg but holds a PNG: the content decides.
	if u.Header == nil || u.Header.ContentType != "image/png" {
		t.Errorf("header %+v", u.Header)
	}
	if c := change(t, p, "avatar"); c.After != "1-avatar.jpg (22 B)" || c.Action != ActionSet {
		t.Errorf("avatar change %+v", c)
	}
	rc, err := u.Avatar.Open()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(rc)
	if !bytes.Equal(b, jpegBytes) {
		t.Error("avatar opens to other bytes")
	}
}

func TestPlanProfileExpandsTCo(t *testing.T) {
	tw := &profiles.Profile{ID: "1", ScreenName: "quinemo",
		DescriptionURLs: []profiles.URLEntity{{URL: "http://t.co/AbC123", ExpandedURL: "https://bridges.example/blog"}},
		URLURLs:         []profiles.URLEntity{{URL: "https://t.co/SiTe99", ExpandedURL: "https://quinemo.example"}},
	}
	p, err := NewPlan(sampleSource(), Current{}, Options{Limits: mastodonLimits, Twitter: tw})
	if err != nil {
		t.Fatal(err)
	}
	if *p.Update.Note != "Writes about bridges. More: https://bridges.example/blog" {
		t.Errorf("note %q", *p.Update.Note)
	}
	if change(t, p, "field:Website").After != "https://quinemo.example" || len(p.Unexpanded) != 0 {
		t.Errorf("website %+v, unexpanded %q", change(t, p, "field:Website"), p.Unexpanded)
	}
}

func TestPlanProfileLimits(t *testing.T) {
	long := strings.Repeat("word ", 120) // 600 characters
	tests := []struct {
		name     string
		edit     func(*Source)
		opts     Options
		item     string
		action   Action
		reason   string
		checkOut func(t *testing.T, p *Plan)
	}{
		{name: "bio over the limit is left unchanged", edit: func(s *Source) { s.Profile.Bio = long },
			item: "note", action: ActionSkipped, reason: ReasonTooLong,
			checkOut: func(t *testing.T, p *Plan) {
				if p.Update.Note != nil {
					t.Error("an over-long bio is sent")
				}
			}},
		{name: "bio over the limit is shortened when asked", edit: func(s *Source) { s.Profile.Bio = long },
			opts: Options{TruncateBio: true}, item: "note", action: ActionSet, reason: ReasonTruncated,
			checkOut: func(t *testing.T, p *Plan) {
				n := *p.Update.Note
				if profileTextLen(n, 23) > 500 || !strings.HasSuffix(n, "word…") {
					t.Errorf("shortened to %d: %q", profileTextLen(n, 23), n[len(n)-20:])
				}
			}},
		{name: "links count as 23 on Mastodon", edit: func(s *Source) {
			s.Profile.Bio = strings.Repeat("https://example.org/"+strings.Repeat("x", 80)+" ", 20)
		}, item: "note", action: ActionSet},
		{name: "display name over the limit", edit: func(s *Source) { s.Account.DisplayName = strings.Repeat("n", 31) },
			item: "display_name", action: ActionSkipped, reason: ReasonTooLong},
		{name: "avatar too large", opts: Options{Limits: Limits{AvatarSize: 10}},
			item: "avatar", action: ActionSkipped, reason: ReasonTooLarge},
		{name: "header type not taken", opts: Options{Limits: Limits{ImageTypes: []string{"image/jpeg"}}},
			item: "header", action: ActionSkipped, reason: ReasonBadType},
		{name: "no avatar wanted", opts: Options{NoAvatar: true}, item: "avatar", action: ActionSkipped, reason: ReasonNotWanted},
		{name: "Twitter's default avatar is not copied", edit: func(s *Source) {
			s.Profile.AvatarURL = "https://abs.twimg.com/sticky/default_profile_images/default_profile.png"
		}, item: "avatar", action: ActionSkipped, reason: ReasonDefault},
		{name: "avatar missing from the archive", edit: func(s *Source) { s.Profile.AvatarFile = "" },
			item: "avatar", action: ActionSkipped, reason: ReasonNotInArchive},
		{name: "avatar unreadable", edit: func(s *Source) { s.Profile.AvatarFile = "data/profile_media/gone.jpg" },
			item: "avatar", action: ActionSkipped, reason: ReasonNotInArchive},
		{name: "website longer than a field value", edit: func(s *Source) {
			s.Profile.Website = "https://example.org/" + strings.Repeat("p", 300)
		}, item: "field:Website", action: ActionSkipped, reason: ReasonTooLong},
		{name: "no username", edit: func(s *Source) { s.Account.Username = "" },
			item: "field:Twitter", action: ActionSkipped, reason: ReasonNoUsername},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := sampleSource()
			if tt.edit != nil {
				tt.edit(&src)
			}
			opts := tt.opts
			if opts.Limits.DisplayName == 0 && opts.Limits.AvatarSize == 0 && opts.Limits.ImageTypes == nil {
				opts.Limits = mastodonLimits
			}
			p, err := NewPlan(src, Current{}, opts)
			if err != nil {
				t.Fatal(err)
			}
			c := change(t, p, tt.item)
			if c.Action != tt.action || c.Reason != tt.reason {
				t.Errorf("%s: %+v, want %s/%s", tt.item, c, tt.action, tt.reason)
			}
			if c.Action == ActionSkipped && c.Detail == "" {
				t.Error("a skipped item does not say why")
			}
			if tt.checkOut != nil {
				tt.checkOut(t, p)
			}
		})
	}
}

// TestPlanWebsite: a website that is a bare t.co link is expanded from
// the user's own Twitter profile, or else left out (not put on the new
// profile) and reported; a t.co link already on the profile stays and is
// listed as left as written.
func TestPlanWebsite(t *testing.T) {
	own := &profiles.Profile{URLURLs: []profiles.URLEntity{{URL: "http://t.co/SiTe99", ExpandedURL: "https://quinemo.example"}}}
	tests := []struct {
		name       string
		website    string
		twitter    *profiles.Profile
		current    []Field
		action     Action
		reason     string
		field      string // the Website field's value after, "" for none
		unexpanded string // t.co links of the website left as written
	}{
		{name: "bare t.co expanded from the own profile", website: "https://t.co/SiTe99", twitter: own,
			action: ActionAdd, field: "https://quinemo.example"},
		{name: "bare t.co unknown is left out", website: "https://t.co/SiTe99",
			action: ActionSkipped, reason: ReasonUnexpandedLink},
		{name: "bare t.co that the own profile does not list is left out", website: "https://t.co/Other1", twitter: own,
			action: ActionSkipped, reason: ReasonUnexpandedLink},
		{name: "an earlier run's t.co link stays and is listed", website: "https://t.co/SiTe99",
			current: []Field{{"Website", "https://t.co/SiTe99"}}, action: ActionUnchanged,
			field: "https://t.co/SiTe99", unexpanded: "https://t.co/SiTe99"},
		{name: "an earlier run's t.co link is expanded now", website: "https://t.co/SiTe99", twitter: own,
			current: []Field{{"Website", "https://t.co/SiTe99"}}, action: ActionUpdate, field: "https://quinemo.example"},
		{name: "the user's own website is kept", website: "https://t.co/SiTe99",
			current: []Field{{"Website", "https://mine.example"}}, action: ActionUnchanged, reason: ReasonKept,
			field: "https://mine.example"},
		{name: "bare t.co unknown, fields full: left out for the link", website: "https://t.co/SiTe99",
			current: []Field{{"a", "1"}, {"b", "2"}, {"c", "3"}, {"d", "4"}}, action: ActionSkipped, reason: ReasonUnexpandedLink},
		{name: "a plain website is copied", website: "https://quinemo.example", action: ActionAdd, field: "https://quinemo.example"},
		{name: "a t.co link inside more text stays as written", website: "https://t.co/SiTe99 and more",
			action: ActionAdd, field: "https://t.co/SiTe99 and more", unexpanded: "https://t.co/SiTe99"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := sampleSource()
			src.Profile.Website = tt.website
			src.Profile.Bio = "no links"
			p, err := NewPlan(src, Current{Fields: tt.current}, Options{Limits: mastodonLimits, Twitter: tt.twitter})
			if err != nil {
				t.Fatal(err)
			}
			item := "field:Website"
			c := change(t, p, item)
			if c.Action != tt.action || c.Reason != tt.reason {
				t.Errorf("change %+v, want %s %q", c, tt.action, tt.reason)
			}
			if tt.reason == ReasonUnexpandedLink && !strings.Contains(c.Detail, tt.website) {
				t.Errorf("detail %q does not name the link", c.Detail)
			}
			got := ""
			for _, f := range p.Fields {
				if f.Name == FieldWebsite {
					got = f.Value
				}
			}
			if got != tt.field {
				t.Errorf("Website field %q, want %q (fields %+v)", got, tt.field, p.Fields)
			}
			if u := strings.Join(p.Unexpanded, " "); u != tt.unexpanded {
				t.Errorf("unexpanded %q, want %q", u, tt.unexpanded)
			}
		})
	}
}

func TestMergeFields(t *testing.T) {
	tw := twitterWant("Quinemo")
	site := wantField{Field: Field{Name: "Website", Value: "https://q.example"}}
	loc := wantField{Field: Field{Name: "Location", Value: "Belhu"}}
	f := func(kv ...string) []Field {
		var out []Field
		for i := 0; i+1 < len(kv); i += 2 {
			out = append(out, Field{kv[i], kv[i+1]})
		}
		return out
	}
	tests := []struct {
		name    string
		current []Field
		wants   []wantField
		max     int
		want    []Field
		actions []Action
	}{
		{"empty profile", nil, []wantField{tw, site, loc}, 4,
			f("Twitter", "https://twitter.com/Quinemo", "Website", "https://q.example", "Location", "Belhu"),
			[]Action{ActionAdd, ActionAdd, ActionAdd}},
		{"user's fields kept first", f("Pronouns", "they"), []wantField{tw}, 4,
			f("Pronouns", "they", "Twitter", "https://twitter.com/Quinemo"), []Action{ActionAdd}},
		{"Twitter field updated in place", f("Blog", "b", "twitter", "@old", "Pronouns", "they"), []wantField{tw}, 4,
			f("Blog", "b", "twitter", "https://twitter.com/Quinemo", "Pronouns", "they"), []Action{ActionUpdate}},
		{"Twitter link under another name is recognised", f("Birdsite archive", "https://x.com/quinemo/"), []wantField{tw}, 4,
			f("Birdsite archive", "https://x.com/quinemo/"), []Action{ActionUnchanged}},
		{"the user's Website is kept", f("website", "https://mine.example"), []wantField{site}, 4,
			f("website", "https://mine.example"), []Action{ActionUnchanged}},
		{"an earlier run's unexpanded Website is updated", f("Website", "https://t.co/x"),
			[]wantField{{Field: Field{Name: "Website", Value: "https://q.example"}, earlier: "https://t.co/x"}}, 4,
			f("Website", "https://q.example"), []Action{ActionUpdate}},
		{"full: nothing of the user's is dropped", f("a", "1", "b", "2", "c", "3", "d", "4"), []wantField{tw, site}, 4,
			f("a", "1", "b", "2", "c", "3", "d", "4"), []Action{ActionSkipped, ActionSkipped}},
		{"one slot left goes to Twitter", f("a", "1", "b", "2", "c", "3"), []wantField{tw, site, loc}, 4,
			f("a", "1", "b", "2", "c", "3", "Twitter", "https://twitter.com/Quinemo"),
			[]Action{ActionAdd, ActionSkipped, ActionSkipped}},
		{"over the limit already (a bigger server before)", f("a", "1", "b", "2", "c", "3", "d", "4", "e", "5"), []wantField{tw}, 4,
			f("a", "1", "b", "2", "c", "3", "d", "4", "e", "5"), []Action{ActionSkipped}},
		{"unknown limit", f("a", "1", "b", "2", "c", "3", "d", "4"), []wantField{loc}, 0,
			f("a", "1", "b", "2", "c", "3", "d", "4", "Location", "Belhu"), []Action{ActionAdd}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, changes := mergeFields(tt.current, tt.wants, Limits{Fields: tt.max, FieldValue: 255})
			if !sameFields(got, tt.want) {
				t.Errorf("fields = %+v, want %+v", got, tt.want)
			}
			if len(changes) != len(tt.actions) {
				t.Fatalf("changes = %+v", changes)
			}
			for i, c := range changes {
				if c.Action != tt.actions[i] {
					t.Errorf("change %d = %+v, want %s", i, c, tt.actions[i])
				}
				if c.Action == ActionSkipped && c.Reason != ReasonFieldsFull {
					t.Errorf("change %d reason %q", i, c.Reason)
				}
			}
		})
	}
}

// For the external tests (apply_test.go), which use internal/mock.
var (
	SampleSource   = sampleSource
	MastodonLimits = mastodonLimits
	ChangeOf       = change
)
