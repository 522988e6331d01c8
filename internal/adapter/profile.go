package adapter

import (
	"context"
	"encoding/json"
	"path/filepath"

	"github.com/fledge-cli/fledge/importer/job"
	"github.com/fledge-cli/fledge/importer/profile"
	"github.com/fledge-cli/fledge/internal/journal"
	"github.com/fledge-cli/fledge/internal/mastodon"
)

// Profile lets importer read and change the user's profile through a
// *mastodon.Client.
type Profile struct{ c *mastodon.Client }

var _ profile.Target = Profile{}

// NewProfile returns the Profile of c's account.
func NewProfile(c *mastodon.Client) Profile { return Profile{c: c} }

func (a Profile) Current(ctx context.Context) (profile.Current, error) {
	acct, err := a.c.VerifyCredentials(ctx)
	if err != nil {
		return profile.Current{}, err
	}
	return currentProfile(acct), nil
}

func (a Profile) Update(ctx context.Context, u profile.Update) (profile.Current, error) {
	cu := mastodon.CredentialsUpdate{DisplayName: u.DisplayName, Note: u.Note}
	if u.Fields != nil {
		fs := make([]mastodon.ProfileField, len(*u.Fields))
		for i, f := range *u.Fields {
			fs[i] = mastodon.ProfileField{Name: f.Name, Value: f.Value}
		}
		cu.Fields = &fs
	}
	cu.Avatar, cu.Header = profileImage(u.Avatar), profileImage(u.Header)
	acct, err := a.c.UpdateCredentials(ctx, cu)
	if err != nil {
		return profile.Current{}, importErr(err)
	}
	return currentProfile(acct), nil
}

func profileImage(img *profile.Image) *mastodon.ProfileImage {
	if img == nil {
		return nil
	}
	return &mastodon.ProfileImage{FileName: filepath.Base(img.File), ContentType: img.ContentType, Open: img.Open}
}

// currentProfile reads the plain-text source of the profile; a server
// without it gives the rendered note, which then differs from any plain
// bio and is simply replaced.
func currentProfile(a *mastodon.Account) profile.Current {
	note, ok := mastodon.SourceNote(a)
	if !ok {
		note = a.Note
	}
	p := profile.Current{DisplayName: a.DisplayName, Note: note, AvatarURL: a.Avatar, HeaderURL: a.Header}
	for _, f := range mastodon.SourceFields(a) {
		p.Fields = append(p.Fields, profile.Field{Name: f.Name, Value: f.Value})
	}
	return p
}

// ProfileLimits turns what the client knows about the server into the
// importer's limits.
func ProfileLimits(sp mastodon.ServerProfile) profile.Limits {
	l := mastodon.AccountLimitsFor(sp)
	out := profile.Limits{DisplayName: l.DisplayName, Note: l.Note, Fields: l.Fields, FieldName: l.FieldName,
		FieldValue: l.FieldValue, AvatarSize: l.AvatarSize, HeaderSize: l.HeaderSize, ImageTypes: l.ImageTypes}
	if sp.Software != mastodon.SoftwareGoToSocial {
		// Mastodon counts a bio's links as 23 characters, like a post's.
		out.CharsPerURL = sp.Limits.CharactersPerURL
		if out.CharsPerURL == 0 {
			out.CharsPerURL = 23
		}
	}
	return out
}

// profileJournal adapts *journal.Journal to job.Journal for images.
type profileJournal struct{ j *journal.Journal }

// NewProfileJournal returns j as the journal of a profile copy, which
// records each image uploaded by its content's key.
func NewProfileJournal(j *journal.Journal) job.Journal { return profileJournal{j} }

func (p profileJournal) Outcome(key string) (json.RawMessage, bool) {
	return p.j.Result(journal.Key(key))
}

func (p profileJournal) Intend(key string, data json.RawMessage) error {
	return p.j.Intent(journal.Key(key), data)
}

func (p profileJournal) Record(key string, data json.RawMessage) error {
	return p.j.Succeed(journal.Key(key), data)
}
