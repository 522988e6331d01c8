package mastodon

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// errorShape is what a caller can learn from an error: its type, status
// and the sentinels it matches.
func errorShape(err error) string {
	var (
		pe *PermanentError
		re *RetryableError
		rl *RateLimitError
		nm *NotMastodonError
	)
	kind, status := "other", 0
	switch {
	case errors.As(err, &pe):
		kind, status = "permanent", pe.Status
	case errors.As(err, &re):
		kind, status = "retryable", re.Status
	case errors.As(err, &rl):
		kind = "ratelimit"
	case errors.As(err, &nm):
		kind, status = "notmastodon", nm.Status
	}
	return fmt.Sprintf("%s %d notfound=%v auth=%v retryable=%v notmastodon=%v", kind, status,
		errors.Is(err, ErrNotFound), errors.Is(err, ErrAuth), errors.Is(err, ErrRetryable), errors.Is(err, ErrNotMastodon))
}

// TestLibraryAndOwnRequestsFailAlike: for the same answer, a call through
// go-mastodon (Lookup, Relationships) and our own request of the same kind
// (SearchAccounts; Mute and Block, both writes) give errors a caller
// classifies the same way. Before libBoundary an HTML error page was a
// *PermanentError through the library and a *NotMastodonError otherwise.
func TestLibraryAndOwnRequestsFailAlike(t *testing.T) {
	html := func(code int) step {
		return func(w http.ResponseWriter, _ *http.Request, _ time.Time) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(code)
			_, _ = w.Write([]byte("<!DOCTYPE html><html><body>Bad gateway</body></html>"))
		}
	}
	answers := []struct {
		name string
		step step
		want string
	}{
		{"404", status(404, "Record not found"), "permanent 404 notfound=true auth=false retryable=false notmastodon=false"},
		{"401", status(401, "The access token is invalid"), "permanent 401 notfound=false auth=true retryable=false notmastodon=false"},
		{"403 scope", status(403, "This action is outside the authorized scopes"), "permanent 403 notfound=false auth=true retryable=false notmastodon=false"},
		{"422", status(422, "Validation failed"), "permanent 422 notfound=false auth=false retryable=false notmastodon=false"},
		{"500", status(500, "boom"), "retryable 500 notfound=false auth=false retryable=true notmastodon=false"},
		{"HTML 502", html(502), "notmastodon 502 notfound=false auth=false retryable=false notmastodon=true"},
		{"HTML 404", html(404), "notmastodon 404 notfound=false auth=false retryable=false notmastodon=true"},
		{"429", tooMany(time.Hour), "ratelimit 0 notfound=false auth=false retryable=true notmastodon=false"},
	}
	calls := []struct {
		name string
		do   func(ctx context.Context, c *Client) error
	}{
		{"Lookup (library)", func(ctx context.Context, c *Client) error { _, err := c.Lookup(ctx, "a@b"); return err }},
		{"Relationships (library)", func(ctx context.Context, c *Client) error { _, err := c.Relationships(ctx, "7"); return err }},
		{"SearchAccounts (own)", func(ctx context.Context, c *Client) error {
			_, err := c.SearchAccounts(ctx, "a@b", false, 1)
			return err
		}},
		{"Block (own)", func(ctx context.Context, c *Client) error { _, err := c.Block(ctx, "7"); return err }},
		{"Mute (own)", func(ctx context.Context, c *Client) error { _, err := c.Mute(ctx, "7", true); return err }},
	}
	for _, a := range answers {
		for _, call := range calls {
			t.Run(a.name+"/"+call.name, func(t *testing.T) {
				s := &script{steps: []step{a.step}}
				c, clock, _ := testClient(t, s, Options{MaxRetries: 1, MaxWait: time.Minute})
				s.clock = clock
				err := call.do(context.Background(), c)
				if got := errorShape(err); got != a.want {
					t.Fatalf("error %v\n got %s\nwant %s", err, got, a.want)
				}
				if strings.Contains(err.Error(), "bad request:") {
					t.Errorf("error shows go-mastodon's wording: %v", err)
				}
			})
		}
	}
}
