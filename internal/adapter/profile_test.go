package adapter_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/archive"
	"github.com/fledge-cli/fledge/importer/job"
	"github.com/fledge-cli/fledge/importer/profile"
	"github.com/fledge-cli/fledge/internal/adapter"
	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

func TestProfileReadAndUpdate(t *testing.T) {
	ctx := context.Background()
	_, c := serve(t, mastotest.Options{}, mastotest.AccountOptions{
		DisplayName: "Me", Note: "old bio", Fields: []mastotest.Field{{Name: "Site", Value: "https://me.example"}},
	})
	p := adapter.NewProfile(c)
	cur, err := p.Current(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The bio reads as its plain-text source, not the rendered HTML.
	if cur.DisplayName != "Me" || cur.Note != "old bio" ||
		!slices.Equal(cur.Fields, []profile.Field{{Name: "Site", Value: "https://me.example"}}) {
		t.Errorf("current: %+v", cur)
	}

	name, note := "Me, moved", "new bio"
	fields := []profile.Field{{Name: "Site", Value: "https://me.example"}, {Name: "Twitter", Value: "https://twitter.com/me"}}
	got, err := p.Update(ctx, profile.Update{DisplayName: &name, Note: &note, Fields: &fields})
	if err != nil {
		t.Fatal(err)
	}
	if got.DisplayName != name || got.Note != note || !slices.Equal(got.Fields, fields) {
		t.Errorf("after the update: %+v", got)
	}
	again, err := p.Current(ctx)
	if err != nil || again.DisplayName != name || again.Note != note || !slices.Equal(again.Fields, fields) {
		t.Errorf("read back: %+v, %v", again, err)
	}

	// Nil members stay as they are.
	other := "only the name"
	got, err = p.Update(ctx, profile.Update{DisplayName: &other})
	if err != nil || got.Note != note || !slices.Equal(got.Fields, fields) {
		t.Errorf("update of the name alone: %+v, %v", got, err)
	}
}

func TestProfileUpdateRefused(t *testing.T) {
	ctx := context.Background()
	_, c := serve(t, mastotest.Options{}, mastotest.AccountOptions{})
	long := strings.Repeat("x", 400)
	_, err := adapter.NewProfile(c).Update(ctx, profile.Update{DisplayName: &long})
	if !errors.Is(err, job.ErrRefused) {
		t.Errorf("a display name of %d characters: %v, want ErrRefused", len(long), err)
	}
	_, c = serve(t, mastotest.Options{}, mastotest.AccountOptions{Scopes: []string{"read"}})
	name := "Me"
	_, err = adapter.NewProfile(c).Update(ctx, profile.Update{DisplayName: &name})
	if !errors.Is(err, job.ErrAuth) || !errors.Is(err, mastodon.ErrAuth) {
		t.Errorf("update with a read-only token: %v, want ErrAuth", err)
	}
}

// Mastodon counts a bio's links as its posts' URL length; GoToSocial
// counts them in full.
func TestProfileLimits(t *testing.T) {
	for _, tt := range []struct {
		sp          mastodon.ServerProfile
		charsPerURL int
	}{
		{mastodon.ServerProfile{Software: mastodon.SoftwareMastodon, Limits: mastodon.ServerLimits{CharactersPerURL: 25}}, 25},
		{mastodon.ServerProfile{Software: mastodon.SoftwareMastodon}, 23},
		{mastodon.ServerProfile{Software: mastodon.SoftwareGoToSocial, Limits: mastodon.ServerLimits{CharactersPerURL: 25}}, 0},
	} {
		l := adapter.ProfileLimits(tt.sp)
		if l.CharsPerURL != tt.charsPerURL || l.DisplayName == 0 || l.Note == 0 || l.Fields == 0 || l.AvatarSize == 0 {
			t.Errorf("%s: %+v, want %d characters per URL", tt.sp.Software, l, tt.charsPerURL)
		}
	}
}

// An avatar and a header planned from the archive are uploaded as files
// named by their base name, with the content type the plan found.
func TestProfileUpdateImages(t *testing.T) {
	ctx := context.Background()
	s, c := serve(t, mastotest.Options{}, mastotest.AccountOptions{})
	rc, _ := pngFile()
	png, _ := io.ReadAll(rc)
	files := map[string][]byte{"data/profile_media/1-avatar.png": png, "data/profile_media/1-header.png": png}
	src := profile.Source{
		Account: archive.Account{ID: "1", Username: "me", DisplayName: "Me"},
		Profile: archive.Profile{AvatarFile: "data/profile_media/1-avatar.png", HeaderFile: "data/profile_media/1-header.png"},
		Open: func(name string) (io.ReadCloser, int64, error) {
			b, ok := files[name]
			if !ok {
				return nil, 0, fs.ErrNotExist
			}
			return io.NopCloser(bytes.NewReader(b)), int64(len(b)), nil
		},
	}
	sp, err := c.Profile(ctx)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := profile.NewPlan(src, profile.Current{}, profile.Options{Limits: adapter.ProfileLimits(sp)})
	if err != nil {
		t.Fatal(err)
	}
	if plan.Update.Avatar == nil || plan.Update.Header == nil {
		t.Fatalf("no images planned: %+v", plan.Update)
	}
	got, err := adapter.NewProfile(c).Update(ctx, plan.Update)
	if err != nil {
		t.Fatal(err)
	}
	avatar, header := s.ProfileImages("me")
	if avatar == nil || avatar.FileName != "1-avatar.png" || avatar.ContentType != "image/png" || avatar.Size != int64(len(png)) ||
		header == nil || header.FileName != "1-header.png" {
		t.Errorf("the server holds avatar %+v, header %+v", avatar, header)
	}
	if got.AvatarURL == "" || got.AvatarURL != avatar.URL {
		t.Errorf("answered avatar %q, the server's is %+v", got.AvatarURL, avatar)
	}
}
