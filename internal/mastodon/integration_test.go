package mastodon_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

// roomyLimits keep pacing out of the way of functional tests.
var roomyLimits = map[mastodon.Bucket]mastodon.Limit{
	mastodon.BucketAPI:     {Count: 100000, Period: 5 * time.Minute},
	mastodon.BucketFollows: {Count: 100000, Period: 24 * time.Hour},
	mastodon.BucketPaging:  {Count: 100000, Period: 15 * time.Minute},
}

var roomyServerLimits = mastotest.Limits{
	API:     mastotest.Limit{N: 100000, Per: 5 * time.Minute},
	User:    mastotest.Limit{N: 100000, Per: 5 * time.Minute},
	Paging:  mastotest.Limit{N: 100000, Per: 15 * time.Minute},
	Follows: mastotest.Limit{N: 100000, Per: 24 * time.Hour},
}

func newPair(t testing.TB, opts mastotest.Options, copts mastodon.Options) (*mastotest.Server, *mastodon.Client) {
	t.Helper()
	s := mastotest.New(opts)
	t.Cleanup(s.Close)
	s.AddAccount("alice", mastotest.AccountOptions{})
	if copts.Limits == nil {
		copts.Limits = roomyLimits
	}
	copts.Base = s.Client().Transport
	c, err := mastodon.New(s.URL(), s.Token("alice"), copts)
	if err != nil {
		t.Fatal(err)
	}
	return s, c
}

func TestIntegrationMastodon(t *testing.T) {
	s, c := newPair(t, mastotest.Options{Limits: roomyServerLimits}, mastodon.Options{})
	ctx := context.Background()

	p, err := c.Profile(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if p.Software != mastodon.SoftwareMastodon || !p.NativeQuotes || p.CanBackdate || p.Limits.MaxCharacters != 500 {
		t.Errorf("profile = %+v", p)
	}
	me, err := c.VerifyCredentials(ctx)
	if err != nil || me.Username != "alice" {
		t.Fatalf("verify_credentials = %+v, %v", me, err)
	}

	// Lookup only knows resolved accounts; search with resolve finds them.
	s.AddRemoteAccount("bob@remote.example", mastotest.RemoteOptions{ManualApproval: true})
	if _, err := c.Lookup(ctx, "@bob@remote.example"); !errors.Is(err, mastodon.ErrNotFound) {
		t.Errorf("lookup before resolve: %v", err)
	}
	found, err := c.SearchAccounts(ctx, "bob@remote.example", true, 1)
	if err != nil || len(found) != 1 {
		t.Fatalf("search = %v, %v", found, err)
	}
	no := false
	rel, err := c.Follow(ctx, found[0].ID, mastodon.FollowOptions{Reblogs: &no, Languages: []string{"de"}})
	if err != nil {
		t.Fatal(err)
	}
	if !rel.Requested {
		t.Errorf("remote follow not pending: %+v", rel)
	}
	fd := s.FollowDetails("alice")
	if len(fd) != 1 || fd[0].Reblogs || strings.Join(fd[0].Languages, ",") != "de" {
		t.Errorf("follow details = %+v", fd)
	}

	// Idempotency-Key: a repeated post returns the first status.
	kctx := mastodon.WithIdempotencyKey(ctx, "tweet-42")
	r1, err := c.PostStatus(kctx, mastodon.NewStatus{Text: "hello https://example.org/very/long/url", Visibility: "unlisted"})
	if err != nil {
		t.Fatal(err)
	}
	r2, err := c.PostStatus(kctx, mastodon.NewStatus{Text: "hello https://example.org/very/long/url", Visibility: "unlisted"})
	if err != nil || r1.Status == nil || r2.Status == nil || r1.Status.ID != r2.Status.ID {
		t.Fatalf("idempotent posts = %+v %+v, %v", r1, r2, err)
	}
	if n := len(s.Statuses("alice")); n != 1 {
		t.Errorf("server has %d statuses, want 1", n)
	}
	if _, err := c.PostStatus(ctx, mastodon.NewStatus{Text: strings.Repeat("x", 501)}); err == nil {
		t.Error("over-long post accepted")
	} else if pe := new(mastodon.PermanentError); !errors.As(err, &pe) || pe.Status != 422 {
		t.Errorf("over-long post: %v", err)
	}

	// Video: 202, then polled until ready.
	att, err := c.UploadMedia(ctx, mastodon.MediaUpload{FileName: "clip.mp4", ContentType: "video/mp4",
		Description: "a clip", Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("mp4data")), nil }})
	if err != nil {
		t.Fatal(err)
	}
	if att.URL == "" {
		t.Errorf("attachment without URL: %+v", att)
	}
	if m := s.Media("alice"); len(m) != 1 || m[0].Description != "a clip" {
		t.Errorf("server media = %+v", m)
	}
}

func TestIntegrationFollowingPages(t *testing.T) {
	s, c := newPair(t, mastotest.Options{Limits: roomyServerLimits}, mastodon.Options{})
	ctx := context.Background()
	const n = 95 // more than one page of 80
	for i := range n {
		acct := fmt.Sprintf("u%d@remote.example", i)
		s.AddRemoteAccount(acct, mastotest.RemoteOptions{Known: true})
		a, err := c.Lookup(ctx, acct)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Follow(ctx, a.ID, mastodon.FollowOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	s.AcceptFollowRequests("alice")
	seen := map[string]bool{}
	for a, err := range c.Following(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		seen[a.Acct] = true
	}
	if len(seen) != n {
		t.Errorf("iterated %d follows, want %d", len(seen), n)
	}
}

func TestIntegrationGoToSocial(t *testing.T) {
	s, c := newPair(t, mastotest.Options{Software: mastotest.GoToSocial,
		Limits: mastotest.Limits{API: mastotest.Limit{N: 100000, Per: 5 * time.Minute}}}, mastodon.Options{})
	ctx := context.Background()
	p, err := c.Profile(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if p.Software != mastodon.SoftwareGoToSocial || !p.CanBackdate || p.NativeQuotes || p.Limits.CharactersPerURL != 25 {
		t.Errorf("profile = %+v", p)
	}
	// A past scheduled_at backdates on GoToSocial.
	when := time.Date(2015, 3, 1, 10, 0, 0, 0, time.UTC)
	res, err := c.PostStatus(ctx, mastodon.NewStatus{Text: "from 2015", ScheduledAt: when})
	if err != nil || res.Status == nil {
		t.Fatalf("backdated post = %+v, %v", res, err)
	}
	if st := s.Statuses("alice"); len(st) != 1 || !st[0].Backdated || !st[0].CreatedAt.Equal(when) {
		t.Errorf("server statuses = %+v", st)
	}
}

// Our counting agrees with the fake server's, which follows the servers'
// validators independently.
func TestIntegrationCountCharsAgreesWithServer(t *testing.T) {
	texts := []string{"plain", "see https://example.org/a/very/long/path/indeed ok", "hi @bob@remote.example!",
		"👨‍👩‍👧 family", "e\u0301t\u00e9", "(https://a.org/x).", "two https://a.org https://b.org"}
	m := mastodon.ServerProfile{Software: mastodon.SoftwareMastodon, Limits: mastodon.ServerLimits{CharactersPerURL: 23}}
	g := mastodon.ServerProfile{Software: mastodon.SoftwareGoToSocial}
	for _, tx := range texts {
		if got, want := mastodon.CountChars(m, tx), mastotest.CountMastodon(tx, 23); got != want {
			t.Errorf("Mastodon %q: we count %d, server %d", tx, got, want)
		}
		if got, want := mastodon.CountChars(g, tx), mastotest.CountGoToSocial(tx); got != want {
			t.Errorf("GoToSocial %q: we count %d, server %d", tx, got, want)
		}
	}
}

func TestIntegrationFaults(t *testing.T) {
	s, c := newPair(t, mastotest.Options{Limits: roomyServerLimits}, mastodon.Options{MaxBackoff: time.Millisecond})
	ctx := context.Background()

	// A reply lost after the server acted: without a key we must not
	// repeat the post, and say it may have happened.
	s.InjectFaults(mastotest.Faults{DropRate: 1, DropAfter: true, Paths: []string{"/api/v1/statuses"}})
	_, err := c.PostStatus(ctx, mastodon.NewStatus{Text: "once"})
	var re *mastodon.RetryableError
	if !errors.As(err, &re) || !re.MayHaveApplied {
		t.Fatalf("dropped reply: %v", err)
	}
	if n := len(s.Statuses("alice")); n != 1 {
		t.Errorf("statuses = %d, want exactly 1 (no blind retry)", n)
	}

	// 503 with Retry-After is waited out and retried.
	s.InjectFaults(mastotest.Faults{})
	s.FailNext(2, 503)
	var waits []mastodon.WaitEvent
	c2, err := mastodon.New(s.URL(), s.Token("alice"), mastodon.Options{Base: s.Client().Transport, Limits: roomyLimits,
		MaxBackoff: time.Millisecond, OnWait: func(e mastodon.WaitEvent) { waits = append(waits, e) }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c2.VerifyCredentials(ctx); err != nil {
		t.Fatalf("after two 503s: %v", err)
	}
	if len(waits) != 2 || waits[0].Reason != mastodon.WaitUnavailable {
		t.Errorf("waits = %+v", waits)
	}

	// A revoked token is an auth error.
	s.RevokeToken(s.Token("alice"))
	c3, _ := mastodon.New(s.URL(), "revoked-"+s.Token("alice"), mastodon.Options{Base: s.Client().Transport, Limits: roomyLimits})
	if _, err := c3.VerifyCredentials(ctx); !errors.Is(err, mastodon.ErrAuth) {
		t.Errorf("bad token: %v", err)
	}
}

// TestKeyedRetryOnlyWhereKeysHonoured: a keyed post whose reply is lost is
// retried on Mastodon (the key makes the retry return the same status) but
// not on GoToSocial, which ignores the key: there a retry would be a second
// post, so the error says it may have happened instead.
func TestKeyedRetryOnlyWhereKeysHonoured(t *testing.T) {
	for _, tc := range []struct {
		software  string
		wantRetry bool
	}{
		{"mastodon", true},
		{"gotosocial", false},
	} {
		t.Run(tc.software, func(t *testing.T) {
			opts := mastotest.Options{Limits: roomyServerLimits, Software: tc.software}
			if tc.software == "gotosocial" {
				opts.Version = "0.18.0"
			}
			s, c := newPair(t, opts, mastodon.Options{MaxBackoff: time.Millisecond})
			ctx := context.Background()
			if _, err := c.Profile(ctx); err != nil {
				t.Fatal(err)
			}
			// Drop the first reply after the server created the status.
			s.InjectFaults(mastotest.Faults{DropRate: 1, DropAfter: true, Paths: []string{"/api/v1/statuses"}, Max: 1})
			_, err := c.PostStatus(mastodon.WithIdempotencyKey(ctx, "tweet-1/0"), mastodon.NewStatus{Text: "once"})
			var re *mastodon.RetryableError
			switch {
			case tc.wantRetry && err != nil:
				t.Fatalf("keyed post on Mastodon: %v, want a retry that succeeds", err)
			case !tc.wantRetry && (!errors.As(err, &re) || !re.MayHaveApplied):
				t.Fatalf("keyed post on GoToSocial: %v, want 'may have applied'", err)
			}
			if n := len(s.Statuses("alice")); n != 1 {
				t.Fatalf("%d statuses, want exactly 1", n)
			}
		})
	}
}
