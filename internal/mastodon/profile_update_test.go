package mastodon_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"

	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

func jpeg(size int) func() (io.ReadCloser, error) {
	b := append([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), bytes.Repeat([]byte{1}, size-11)...)
	return func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
}

func TestUpdateCredentialsAgainstMastotest(t *testing.T) {
	s, c := newPair(t, mastotest.Options{Limits: roomyServerLimits}, mastodon.Options{})
	ctx := context.Background()
	before, err := c.VerifyCredentials(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n, ok := mastodon.SourceNote(before); !ok || n != "" {
		t.Fatalf("SourceNote before = %q, %v", n, ok)
	}

	name, note := "Alice 🐘", "Bird watcher. https://example.org/a-very-long-path-that-counts-as-23"
	fields := []mastodon.ProfileField{{Name: "Pronouns", Value: "she/her"}, {Name: "Twitter", Value: "https://twitter.com/alice"}}
	acct, err := c.UpdateCredentials(ctx, mastodon.CredentialsUpdate{
		DisplayName: &name, Note: &note, Fields: &fields,
		Avatar: &mastodon.ProfileImage{FileName: "/home/alice/archive/data/profile_media/1-avatar.jpg", ContentType: "image/jpeg", Open: jpeg(2000)},
		Header: &mastodon.ProfileImage{FileName: "1-banner.jpg", ContentType: "image/jpeg", Open: jpeg(5000)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if acct.DisplayName != name {
		t.Errorf("display name %q", acct.DisplayName)
	}
	if n, _ := mastodon.SourceNote(acct); n != note {
		t.Errorf("note %q", n)
	}
	if got := mastodon.SourceFields(acct); len(got) != 2 || got[1] != fields[1] {
		t.Errorf("fields %+v", got)
	}
	av, hd := s.ProfileImages("alice")
	if av == nil || av.Size != 2000 || av.FileName != "1-avatar.jpg" || hd == nil || hd.Size != 5000 {
		t.Errorf("images on the server: %+v %+v (the local path must not be sent)", av, hd)
	}
	if acct.Avatar != av.URL {
		t.Errorf("answer avatar %q, server %q", acct.Avatar, av.URL)
	}
	// The cached account is the updated one.
	me, err := c.VerifyCredentials(ctx)
	if err != nil || me.DisplayName != name {
		t.Errorf("VerifyCredentials after update = %+v, %v", me, err)
	}

	// Clearing fields sends one blank field, which the server drops.
	empty := []mastodon.ProfileField{}
	acct, err = c.UpdateCredentials(ctx, mastodon.CredentialsUpdate{Fields: &empty})
	if err != nil {
		t.Fatal(err)
	}
	if got := mastodon.SourceFields(acct); len(got) != 0 || acct.DisplayName != name {
		t.Errorf("after clearing fields: %+v, %q", got, acct.DisplayName)
	}
}

func TestUpdateCredentialsErrors(t *testing.T) {
	_, c := newPair(t, mastotest.Options{Limits: roomyServerLimits}, mastodon.Options{})
	ctx := context.Background()

	if _, err := c.UpdateCredentials(ctx, mastodon.CredentialsUpdate{}); err == nil {
		t.Error("an empty update was sent")
	}
	if _, err := c.UpdateCredentials(ctx, mastodon.CredentialsUpdate{Avatar: &mastodon.ProfileImage{FileName: "a.jpg"}}); err == nil {
		t.Error("an image without Open was accepted")
	}

	// The server refuses a display name over 30 characters: a permanent
	// error naming the reason.
	long := "This display name is far too long for Mastodon"
	_, err := c.UpdateCredentials(ctx, mastodon.CredentialsUpdate{DisplayName: &long})
	var pe *mastodon.PermanentError
	if !errors.As(err, &pe) || pe.Status != 422 {
		t.Fatalf("err = %v, want a 422 PermanentError", err)
	}

	// A file that cannot be opened fails the request with that error.
	boom := errors.New("disk on fire")
	_, err = c.UpdateCredentials(ctx, mastodon.CredentialsUpdate{Avatar: &mastodon.ProfileImage{
		FileName: "a.jpg", Open: func() (io.ReadCloser, error) { return nil, boom }}})
	if !errors.Is(err, boom) {
		t.Errorf("err = %v, want it to wrap %v", err, boom)
	}
}

func TestAccountLimitsFor(t *testing.T) {
	v := func(s string) mastodon.Version { p, _ := mastodon.ParseVersion(s); return p }
	tests := []struct {
		name       string
		p          mastodon.ServerProfile
		wantNote   int
		wantFields int
		wantAvatar int64
		wantName   int
	}{
		{"mastodon 4.5", mastodon.ServerProfile{Software: mastodon.SoftwareMastodon, Version: v("4.5.0"),
			Limits: mastodon.ServerLimits{MaxProfileFields: 4, BioLength: 500}}, 500, 4, 2<<20 - 1, 30},
		{"mastodon 4.6 takes 8 MB", mastodon.ServerProfile{Software: mastodon.SoftwareMastodon, Version: v("4.6.0")}, 500, 4, 8<<20 - 1, 30},
		{"a fork advertising more fields", mastodon.ServerProfile{Software: mastodon.SoftwareMastodon, Version: v("4.2.0"),
			Limits: mastodon.ServerLimits{MaxProfileFields: 8}}, 500, 8, 2<<20 - 1, 30},
		{"gotosocial", mastodon.ServerProfile{Software: mastodon.SoftwareGoToSocial,
			Limits: mastodon.ServerLimits{ImageSizeLimit: 10 << 20, MaxProfileFields: 6}}, 5000, 6, 10 << 20, 64},
		{"akkoma", mastodon.ServerProfile{Software: mastodon.SoftwareAkkoma}, 5000, 10, 2_000_000, 100},
		{"unknown software is treated like Mastodon", mastodon.ServerProfile{Software: mastodon.SoftwareOther}, 500, 4, 2<<20 - 1, 30},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := mastodon.AccountLimitsFor(tt.p)
			if l.Note != tt.wantNote || l.Fields != tt.wantFields || l.AvatarSize != tt.wantAvatar || l.DisplayName != tt.wantName || len(l.ImageTypes) == 0 {
				t.Errorf("AccountLimitsFor = %+v", l)
			}
		})
	}
}
