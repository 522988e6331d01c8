package profile_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/importer/profile"
	"github.com/fledge-cli/fledge/internal/mock"
	"github.com/fledge-cli/fledge/matcher"
	"github.com/fledge-cli/fledge/matcher/profiles"
)

func TestPlanProfileIdempotent(t *testing.T) {
	src := profile.SampleSource()
	// A website fledge can write: a bare t.co link is left out, and
	// reported again on every run (TestPlanWebsite).
	src.Profile.Website = "https://quinemo.example"
	limits := profile.MastodonLimits
	j := mock.NewJournal()
	first, err := profile.NewPlan(src, profile.Current{}, profile.Options{Limits: limits, Journal: j})
	if err != nil {
		t.Fatal(err)
	}
	target := &mock.ProfileServer{}
	if _, err := profile.Apply(context.Background(), target, first, j); err != nil {
		t.Fatal(err)
	}
	cur, _ := target.Current(context.Background())
	again, err := profile.NewPlan(src, cur, profile.Options{Limits: limits, Journal: j})
	if err != nil {
		t.Fatal(err)
	}
	if !again.UpToDate() {
		t.Fatalf("re-run plans %+v", again.Update)
	}
	for _, c := range again.Changes {
		if c.Action != profile.ActionUnchanged {
			t.Errorf("re-run change %+v", c)
		}
	}
	if c := profile.ChangeOf(t, again, "avatar"); c.Reason != profile.ReasonAlreadySet {
		t.Errorf("avatar on re-run %+v", c)
	}
	res, err := profile.Apply(context.Background(), target, again, j)
	if err != nil || !res.UpToDate || target.Updates != 1 {
		t.Errorf("re-run applied: %+v, %v, %d updates", res, err, target.Updates)
	}
	// A different avatar in a newer archive is a new upload.
	src.Profile.AvatarFile = "data/profile_media/1-999.jpg"
	third, _ := profile.NewPlan(src, cur, profile.Options{Limits: limits, Journal: j})
	if third.Update.Avatar == nil || third.Update.DisplayName != nil {
		t.Errorf("new avatar not planned alone: %+v", third.Update)
	}
}

func TestApplyProfileFailureLeavesImagesPending(t *testing.T) {
	src := profile.SampleSource()
	limits := profile.MastodonLimits
	j := mock.NewJournal()
	p, _ := profile.NewPlan(src, profile.Current{}, profile.Options{Limits: limits, Journal: j})
	target := &mock.ProfileServer{Err: errors.New("422 Validation failed")}
	if _, err := profile.Apply(context.Background(), target, p, j); err == nil || !strings.Contains(err.Error(), "422") {
		t.Fatalf("err = %v", err)
	}
	if len(j.Outcomes) != 0 || len(j.Intents) != 2 {
		t.Errorf("journal after a failure: intents %v outcomes %v", j.Intents, j.Outcomes)
	}
	// The next plan still wants the images.
	p2, _ := profile.NewPlan(src, profile.Current{}, profile.Options{Limits: limits, Journal: j})
	if p2.Update.Avatar == nil || p2.Update.Header == nil {
		t.Error("a failed upload counts as done")
	}
	// A journal that cannot write stops before anything is sent.
	jf := mock.NewJournal()
	jf.FailAt = 1
	target.Err = nil
	if _, err := profile.Apply(context.Background(), target, p2, jf); err == nil || target.Updates != 0 {
		t.Errorf("err = %v, updates %d", err, target.Updates)
	}
}

func TestApplyProfileReportsMismatch(t *testing.T) {
	p, _ := profile.NewPlan(profile.SampleSource(), profile.Current{},
		profile.Options{Limits: profile.MastodonLimits, NoAvatar: true, NoHeader: true})
	target := &droppingServer{}
	res, err := profile.Apply(context.Background(), target, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Mismatches) != 1 || !strings.HasPrefix(res.Mismatches[0], "fields:") {
		t.Errorf("mismatches %q", res.Mismatches)
	}
}

// droppingServer keeps only the first field, like a server with a lower
// limit than it advertised.
type droppingServer struct{ mock.ProfileServer }

func (d *droppingServer) Update(ctx context.Context, u profile.Update) (profile.Current, error) {
	cur, err := d.ProfileServer.Update(ctx, u)
	cur.Fields = cur.Fields[:1]
	return cur, err
}

func TestOwnTwitterProfile(t *testing.T) {
	other := profiles.Profile{ID: "2", ScreenName: "someone"}
	me := profiles.Profile{ID: "1", ScreenName: "Quinemo", Description: "from the API"}
	p, errs := profile.OwnTwitter(context.Background(),
		[]matcher.ProfileSource{mock.Answer(nil, errors.New("453")), mock.Answer([]profiles.Profile{other}, nil), mock.Answer([]profiles.Profile{me}, nil)},
		"", "quinemo")
	if p == nil || p.Description != "from the API" || len(errs) != 1 {
		t.Errorf("OwnTwitterProfile = %+v, %v", p, errs)
	}
	if p, _ := profile.OwnTwitter(context.Background(), []matcher.ProfileSource{mock.Answer([]profiles.Profile{other}, nil)}, "1", "q"); p != nil {
		t.Errorf("found %+v", p)
	}
}
