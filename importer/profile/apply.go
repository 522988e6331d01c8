package profile

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/fledge-cli/fledge/importer/job"
	"github.com/fledge-cli/fledge/matcher"
	"github.com/fledge-cli/fledge/matcher/profiles"
)

// Result is what applying a plan did.
type Result struct {
	// UpToDate: nothing needed changing, no request was sent.
	UpToDate bool `json:"up_to_date"`
	// After is the profile the server answered with (the current one when
	// up to date).
	After Current `json:"after"`
	// Mismatches are planned text changes the server did not keep as sent
	// (a server may normalise or drop what it does not accept).
	Mismatches []string `json:"mismatches,omitempty"`
}

// imageRecord is the journal data of an image set on the server.
type imageRecord struct {
	Kind   string `json:"kind"`
	File   string `json:"file"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
	URL    string `json:"url,omitempty"`
}

// Apply sends the plan's update, journalling the images before and
// after, so a re-run neither uploads them again nor loses track of an
// upload cut short. A plan that is up to date sends nothing.
func Apply(ctx context.Context, t Target, plan *Plan, j job.Journal) (Result, error) {
	if plan.UpToDate() {
		return Result{UpToDate: true, After: plan.Current}, nil
	}
	images := []*Image{plan.Update.Avatar, plan.Update.Header}
	if j != nil {
		for _, img := range images {
			if img == nil {
				continue
			}
			data, err := json.Marshal(imageRecord{Kind: img.Kind, File: img.File, Size: img.Size, SHA256: img.SHA256})
			if err != nil {
				return Result{}, err
			}
			if err := j.Intend(imageKey(img), data); err != nil {
				return Result{}, fmt.Errorf("journal: %w", err)
			}
		}
	}
	after, err := t.Update(ctx, plan.Update)
	if err != nil {
		return Result{}, fmt.Errorf("update the profile: %w", err)
	}
	if j != nil {
		for _, img := range images {
			if img == nil {
				continue
			}
			rec := imageRecord{Kind: img.Kind, File: img.File, Size: img.Size, SHA256: img.SHA256, URL: after.AvatarURL}
			if img.Kind == "header" {
				rec.URL = after.HeaderURL
			}
			data, err := json.Marshal(rec)
			if err != nil {
				return Result{}, err
			}
			if err := j.Record(imageKey(img), data); err != nil {
				return Result{}, fmt.Errorf("journal: %w", err)
			}
		}
	}
	return Result{After: after, Mismatches: profileMismatches(plan, after)}, nil
}

// profileMismatches compares the server's answer with what was sent.
func profileMismatches(plan *Plan, after Current) []string {
	var out []string
	u := plan.Update
	if u.DisplayName != nil && strings.TrimSpace(after.DisplayName) != strings.TrimSpace(*u.DisplayName) {
		out = append(out, fmt.Sprintf("display name: sent %q, the server has %q", *u.DisplayName, after.DisplayName))
	}
	if u.Note != nil && strings.TrimSpace(after.Note) != strings.TrimSpace(*u.Note) {
		out = append(out, fmt.Sprintf("bio: sent %q, the server has %q", *u.Note, after.Note))
	}
	if u.Fields != nil && !sameFields(*u.Fields, after.Fields) {
		out = append(out, fmt.Sprintf("fields: sent %d, the server has %d as %s", len(*u.Fields), len(after.Fields), fieldList(after.Fields)))
	}
	return out
}

func fieldList(fs []Field) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = f.Name + ": " + f.Value
	}
	return "[" + strings.Join(parts, "; ") + "]"
}

// OwnTwitter asks the sources, in order, for the archive owner's
// own Twitter profile (for its t.co expansions). A source that fails is
// reported in errs and the next one is tried; nil means none knew it.
func OwnTwitter(ctx context.Context, sources []matcher.ProfileSource, id, username string) (p *profiles.Profile, errs []error) {
	var ids, names []string
	if id != "" {
		ids = []string{id}
	}
	if username != "" {
		names = []string{username}
	}
	if len(ids)+len(names) == 0 {
		return nil, nil
	}
	for _, src := range sources {
		ps, err := src.Lookup(ctx, ids, names)
		if err != nil {
			if ctx.Err() != nil {
				return nil, append(errs, ctx.Err())
			}
			errs = append(errs, err)
			continue
		}
		for i := range ps {
			if (id != "" && ps[i].ID == id) || (username != "" && strings.EqualFold(ps[i].ScreenName, username)) {
				return &ps[i], errs
			}
		}
	}
	return nil, errs
}
