package adapter_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/importer"
	"github.com/fledge-cli/fledge/importer/follow"
	"github.com/fledge-cli/fledge/importer/job"
	"github.com/fledge-cli/fledge/internal/adapter"
	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

// sentinels are importer's classes of failure; an error is in at most one.
var sentinels = map[string]error{
	"ErrAuth": job.ErrAuth, "ErrNotFound": job.ErrNotFound, "ErrRefused": job.ErrRefused,
	"ErrUncertain": importer.ErrUncertain, "ErrNoDatedListing": importer.ErrNoDatedListing,
	"ErrAlreadyListed": follow.ErrAlreadyListed,
}

// The adapters turn each way the server can say no into importer's
// sentinel for it, and keep the client's error in the chain (the exit
// code reads mastodon.ErrAuth).
func TestErrorMapping(t *testing.T) {
	post := func(ctx context.Context, c *mastodon.Client, text, key string) error {
		_, err := adapter.NewPoster(c).PostStatus(ctx, importer.StatusRequest{Text: text, Visibility: "public", IdempotencyKey: key})
		return err
	}
	tests := []struct {
		name   string
		opts   mastotest.Options
		acct   mastotest.AccountOptions
		call   func(context.Context, *mastotest.Server, *mastodon.Client) error
		want   string // the importer sentinel, or "" for none
		client error  // what must stay in the chain
	}{{
		name: "refused token",
		call: func(ctx context.Context, s *mastotest.Server, c *mastodon.Client) error {
			s.RevokeToken(s.Token("me"))
			return post(ctx, c, "hello", "k1")
		},
		want: "ErrAuth", client: mastodon.ErrAuth,
	}, {
		name: "token without the scope",
		acct: mastotest.AccountOptions{Scopes: []string{"read"}},
		call: func(ctx context.Context, _ *mastotest.Server, c *mastodon.Client) error {
			return adapter.NewFollower(c).Block(ctx, "1")
		},
		want: "ErrAuth", client: mastodon.ErrAuth,
	}, {
		name: "validation (422)",
		call: func(ctx context.Context, _ *mastotest.Server, c *mastodon.Client) error {
			return post(ctx, c, strings.Repeat("x", 501), "k1")
		},
		want: "ErrRefused",
	}, {
		name: "not found on lookup",
		call: func(ctx context.Context, _ *mastotest.Server, c *mastodon.Client) error {
			_, err := adapter.NewFollower(c).Lookup(ctx, "nobody@elsewhere.example")
			return err
		},
		want: "ErrNotFound", client: mastodon.ErrNotFound,
	}, {
		name: "not found on delete",
		call: func(ctx context.Context, _ *mastotest.Server, c *mastodon.Client) error {
			return adapter.NewPoster(c).DeleteStatus(ctx, "123456")
		},
		want: "ErrNotFound", client: mastodon.ErrNotFound,
	}, {
		name: "server error on a read is left as it is",
		call: func(ctx context.Context, s *mastotest.Server, c *mastodon.Client) error {
			s.FailNext(10, http.StatusInternalServerError)
			_, err := adapter.NewFollower(c).Lookup(ctx, "me")
			return err
		},
		client: mastodon.ErrRetryable,
	}, {
		name: "server error on a post with a key is retried, then left as it is",
		call: func(ctx context.Context, s *mastotest.Server, c *mastodon.Client) error {
			s.FailNext(10, http.StatusServiceUnavailable)
			return post(ctx, c, "hello", "k1")
		},
		client: mastodon.ErrRetryable,
	}, {
		name: "server error on a post without a key may have applied",
		call: func(ctx context.Context, s *mastotest.Server, c *mastodon.Client) error {
			s.FailNext(1, http.StatusBadGateway)
			return post(ctx, c, "hello", "")
		},
		want: "ErrUncertain", client: mastodon.ErrRetryable,
	}, {
		name: "image the server cannot process",
		opts: mastotest.Options{MediaFails: func(string) bool { return true }},
		call: func(ctx context.Context, _ *mastotest.Server, c *mastodon.Client) error {
			_, err := adapter.NewPoster(c).UploadMedia(ctx, importer.MediaRequest{FileName: "a.png", ContentType: "image/png", Open: pngFile})
			return err
		},
		want: "ErrRefused",
	}, {
		name: "video whose processing fails after the upload",
		opts: mastotest.Options{MediaFails: func(string) bool { return true }},
		call: func(ctx context.Context, _ *mastotest.Server, c *mastodon.Client) error {
			_, err := adapter.NewPoster(c).UploadMedia(ctx, importer.MediaRequest{FileName: "a.mp4", ContentType: "video/mp4", Open: pngFile})
			return err
		},
		want: "ErrRefused", client: mastodon.ErrMediaFailed,
	}, {
		name: "dated listing on a server whose ids are no times",
		call: func(ctx context.Context, _ *mastotest.Server, c *mastodon.Client) error {
			for _, err := range adapter.NewPoster(c).StatusesCreatedBetween(ctx, time.Now().Add(-time.Hour), time.Now()) {
				return err
			}
			return nil
		},
		want: "ErrNoDatedListing", client: mastodon.ErrIDsNotTimes,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, c := serve(t, tt.opts, tt.acct)
			err := tt.call(context.Background(), s, c)
			if err == nil {
				t.Fatal("no error")
			}
			for name, sentinel := range sentinels {
				if got := errors.Is(err, sentinel); got != (name == tt.want) {
					t.Errorf("errors.Is(%v, importer.%s) = %v", err, name, got)
				}
			}
			if tt.client != nil && !errors.Is(err, tt.client) {
				t.Errorf("%v: the client's %v is not in the chain", err, tt.client)
			}
		})
	}
}

// A 429 storm ends in job.RateLimited, which says when to come back.
func TestErrorMappingRateLimited(t *testing.T) {
	s, c := serve(t, mastotest.Options{}, mastotest.AccountOptions{})
	s.InjectFaults(mastotest.Faults{Storm429: 1})
	_, err := adapter.NewFollower(c).Lookup(context.Background(), "me")
	var rl *job.RateLimited
	if !errors.As(err, &rl) {
		t.Fatalf("%v (%T): not job.RateLimited", err, err)
	}
	if !rl.Until.After(time.Now()) {
		t.Errorf("until %v: not in the future", rl.Until)
	}
	var mrl *mastodon.RateLimitError
	if !errors.As(err, &mrl) {
		t.Errorf("%v: the client's RateLimitError is not in the chain", err)
	}
}

// pngFile is a tiny PNG, enough for an upload.
func pngFile() (io.ReadCloser, error) {
	const png = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
	return io.NopCloser(strings.NewReader(png)), nil
}
