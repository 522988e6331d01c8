package profile

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/fledge-cli/fledge/archive"
	"github.com/fledge-cli/fledge/importer/job"
	"github.com/fledge-cli/fledge/matcher/profiles"
)

// Source is what the archive says about its owner.
type Source struct {
	Account archive.Account
	Profile archive.Profile
	// Open opens a file inside the archive (archive.Archive.OpenFile).
	Open func(name string) (io.ReadCloser, int64, error)
}

// SourceFromArchive reads account.js and profile.js.
func SourceFromArchive(a *archive.Archive) (Source, error) {
	acct, err := a.Account()
	if err != nil {
		return Source{}, fmt.Errorf("reading the archive's account: %w", err)
	}
	p, err := a.Profile()
	if err != nil {
		return Source{}, fmt.Errorf("reading the archive's profile: %w", err)
	}
	return Source{Account: acct, Profile: p, Open: a.OpenFile}, nil
}

// Options are the caller's choices for a profile copy.
type Options struct {
	Limits Limits
	// Twitter is the user's own Twitter profile from the API or a
	// --profiles file; its URL entities expand the t.co links of the bio
	// and website. Nil leaves them as written.
	Twitter *profiles.Profile
	// NoAvatar and NoHeader leave the images alone.
	NoAvatar, NoHeader bool
	// TruncateBio shortens a bio over the server's limit instead of
	// leaving the server's bio unchanged.
	TruncateBio bool
	// Journal remembers the images already set, so a re-run does not
	// upload them again (servers re-encode images, so the server's copy
	// cannot be compared with the archive's). Nil: always upload.
	Journal job.Journal
}

// NewPlan compares the server's profile with the archive's and plans
// the update. It reads the image files (to hash and check them) and
// changes nothing.
func NewPlan(src Source, cur Current, opts Options) (*Plan, error) {
	if src.Open == nil {
		return nil, fmt.Errorf("plan profile: no way to open archive files")
	}
	lim := opts.Limits
	plan := &Plan{Username: src.Account.Username, Current: cur}
	exp := tcoExpansions(opts.Twitter)

	// Display name.
	if want := strings.TrimSpace(src.Account.DisplayName); want != "" {
		c := Change{Item: "display_name", Before: cur.DisplayName, After: want}
		n := utf8.RuneCountInString(want)
		switch {
		case want == strings.TrimSpace(cur.DisplayName):
			c.Action = ActionUnchanged
		case lim.DisplayName > 0 && n > lim.DisplayName:
			c.Action, c.Reason = ActionSkipped, ReasonTooLong
			c.Detail = fmt.Sprintf("it has %d characters; the server takes %d, so the display name is left unchanged", n, lim.DisplayName)
		default:
			c.Action = ActionSet
			plan.Update.DisplayName = &c.After
		}
		plan.Changes = append(plan.Changes, c)
	}

	// Bio.
	bio, left := expandTCo(strings.TrimSpace(src.Profile.Bio), exp)
	plan.Unexpanded = append(plan.Unexpanded, left...)
	if bio != "" {
		plan.Changes = append(plan.Changes, planNote(plan, bio, cur, lim, opts.TruncateBio))
	}

	planFields(plan, src, cur.Fields, lim, exp)

	// Images.
	for _, img := range []struct {
		kind, file, url, current string
		off                      bool
		max                      int64
		dst                      **Image
	}{
		{"avatar", src.Profile.AvatarFile, src.Profile.AvatarURL, cur.AvatarURL, opts.NoAvatar, lim.AvatarSize, &plan.Update.Avatar},
		{"header", src.Profile.HeaderFile, src.Profile.HeaderURL, cur.HeaderURL, opts.NoHeader, lim.HeaderSize, &plan.Update.Header},
	} {
		if img.url == "" && img.file == "" {
			continue // no such image on Twitter
		}
		c := planImage(src, img.kind, img.file, img.url, img.current, img.off, img.max, lim.ImageTypes, opts.Journal)
		if c.Action == ActionSet {
			*img.dst = c.Image
		}
		plan.Changes = append(plan.Changes, c)
	}
	return plan, nil
}

// planFields adds the Twitter, Website and Location fields to the plan:
// Twitter first, since it is how people find the person.
func planFields(plan *Plan, src Source, current []Field, lim Limits, exp map[string]string) {
	var wants []wantField
	if src.Account.Username != "" {
		wants = append(wants, twitterWant(src.Account.Username))
	} else {
		plan.Changes = append(plan.Changes, Change{Item: "field:" + FieldTwitter, Action: ActionSkipped,
			Reason: ReasonNoUsername, Detail: "the archive has no username (account.js)"})
	}
	var siteLeft []string
	if w := strings.TrimSpace(src.Profile.Website); w != "" {
		var site wantField
		site, siteLeft = websiteWant(w, exp)
		wants = append(wants, site)
	}
	if l := strings.TrimSpace(src.Profile.Location); l != "" {
		wants = append(wants, wantField{Field: Field{Name: FieldLocation, Value: l}})
	}
	fields, fc := mergeFields(current, wants, lim)
	plan.Fields = fields
	// The website's t.co links are left as written only where the field
	// ends up holding them: not when it is left out or the user's is kept.
	if len(siteLeft) > 0 && slices.ContainsFunc(fields, func(f Field) bool {
		return strings.EqualFold(strings.TrimSpace(f.Name), FieldWebsite) && slices.ContainsFunc(siteLeft, func(l string) bool { return strings.Contains(f.Value, l) })
	}) {
		plan.Unexpanded = append(plan.Unexpanded, siteLeft...)
	}
	plan.Changes = append(plan.Changes, fc...)
	if !sameFields(fields, current) {
		plan.Update.Fields = &plan.Fields
	}
}

// planNote decides the bio: set it, leave it, or (asked to) shorten it.
// A bio over the limit is never cut without being asked: the server's bio
// stays as it is and the plan says why.
func planNote(plan *Plan, bio string, cur Current, lim Limits, truncate bool) Change {
	c := Change{Item: "note", Before: cur.Note, After: bio}
	if bio == strings.TrimSpace(cur.Note) {
		c.Action = ActionUnchanged
		return c
	}
	if n := profileTextLen(bio, lim.CharsPerURL); lim.Note > 0 && n > lim.Note {
		if !truncate {
			c.Action, c.Reason = ActionSkipped, ReasonTooLong
			c.Detail = fmt.Sprintf("the bio has %d characters; the server takes %d, so the bio is left unchanged", n, lim.Note)
			return c
		}
		c.After = truncateProfileText(bio, lim.Note, lim.CharsPerURL)
		c.Reason = ReasonTruncated
		c.Detail = fmt.Sprintf("shortened from %d to %d characters to fit the server's limit", n, profileTextLen(c.After, lim.CharsPerURL))
		if c.After == strings.TrimSpace(cur.Note) {
			c.Action = ActionUnchanged
			return c
		}
	}
	c.Action = ActionSet
	plan.Update.Note = &c.After
	return c
}
