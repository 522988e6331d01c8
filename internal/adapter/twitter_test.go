package adapter_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/fledge-cli/fledge/internal/adapter"
	"github.com/fledge-cli/fledge/internal/twitter"
	"github.com/fledge-cli/fledge/matcher/profiles"
)

func TestTwitterSourceFromTheCache(t *testing.T) {
	cache, err := twitter.OpenCache(t.TempDir(), twitter.CacheOptions{})
	if err != nil {
		t.Fatal(err)
	}
	u := twitter.User{ID: "7", ScreenName: "Alice", Name: "Alice", Description: "see https://t.co/a and https://t.co/b",
		DescriptionURLs: []twitter.URLEntity{
			{URL: "https://t.co/a", ExpandedURL: "https://social.example/@alice", Start: 4, End: 18},
			{URL: "https://t.co/b", ExpandedURL: "https://b.example", Start: 0, End: 3}, // points elsewhere
			{ExpandedURL: "https://no-tco.example"},                                     // no t.co URL
		},
		PinnedText: "moved", Source: twitter.SourceV2}
	if err := cache.Put(u); err != nil {
		t.Fatal(err)
	}
	src := adapter.NewTwitterSource(cache)
	ps, err := src.Lookup(context.Background(), []string{"7", "8"}, []string{"alice"})
	if err != nil {
		t.Fatal(err)
	}
	want := profiles.Profile{ID: "7", ScreenName: "Alice", Name: "Alice", Description: u.Description,
		DescriptionURLs: []profiles.URLEntity{
			{URL: "https://t.co/a", ExpandedURL: "https://social.example/@alice", Start: 4, End: 18},
			{URL: "https://t.co/b", ExpandedURL: "https://b.example"},
		},
		PinnedText: "moved", Source: twitter.SourceV2}
	if len(ps) != 2 || fmt.Sprintf("%+v", ps[0]) != fmt.Sprintf("%+v", want) || fmt.Sprintf("%+v", ps[1]) != fmt.Sprintf("%+v", want) {
		t.Errorf("got  %+v\nwant %+v (by id and by name)", ps, want)
	}
	if src.String() != "Twitter profile cache" || adapter.IsTwitterAPI(src) {
		t.Errorf("the cache is %q, API %v", src.String(), adapter.IsTwitterAPI(src))
	}
}

// failing answers some users and an error, as a client does when a later
// batch fails.
type failing struct{}

func (failing) Lookup(context.Context, []string, []string) ([]twitter.User, error) {
	return []twitter.User{{ID: "1", ScreenName: "a"}}, errors.New("error 453")
}

func TestTwitterSourceKeepsPartialAnswers(t *testing.T) {
	ps, err := adapter.NewTwitterSource(failing{}).Lookup(context.Background(), []string{"1", "2"}, nil)
	if err == nil || len(ps) != 1 || ps[0].ScreenName != "a" {
		t.Errorf("%+v, %v; want the first user and the error", ps, err)
	}
	c, err := twitter.New(twitter.Options{Token: "t0ken"})
	if err != nil {
		t.Fatal(err)
	}
	if s := adapter.NewTwitterSource(c); !adapter.IsTwitterAPI(s) || s.String() != "Twitter API v2" {
		t.Errorf("client source %q, API %v", s.String(), adapter.IsTwitterAPI(s))
	}
}
