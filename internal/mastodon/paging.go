package mastodon

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tomnomnom/linkheader"

	"github.com/fledge-cli/fledge/internal/ulid"
)

// maxPages stops a server whose Link header loops from paging for ever.
const maxPages = 100000

// Following yields the accounts the user follows, page by page.
func (c *Client) Following(ctx context.Context) iter.Seq2[*Account, error] {
	return c.ownPages(ctx, "following", 80)
}

// Statuses yields the user's own statuses, newest first.
func (c *Client) Statuses(ctx context.Context) iter.Seq2[*Status, error] {
	return pagesOf[Status](c, ctx, func(ctx context.Context) (string, error) {
		self, err := c.VerifyCredentials(ctx)
		if err != nil {
			return "", err
		}
		return c.server + "/api/v1/accounts/" + url.PathEscape(string(self.ID)) + "/statuses?limit=40", nil
	})
}

// StatusesCreatedBetween yields the user's own statuses whose ids date
// from..to (both inclusive, to the millisecond), oldest first, reading
// only that stretch of the history. It works where ids are times
// (IDsAreTimes: GoToSocial); elsewhere, or when the server's answers show
// that its ids are not ULIDs or that it ignored the window, it yields an
// error matching ErrIDsNotTimes and the caller pages Statuses instead.
//
// min_id and max_id are exclusive, so the window runs from the last id of
// the millisecond before from to the first id of the millisecond after
// to. With min_id the server returns the oldest statuses after it (newest
// first within the page); the next page starts after the newest one. It
// ends at an empty page: GoToSocial filters a page after cutting it to
// the limit, so a short page does not prove that nothing follows.
func (c *Client) StatusesCreatedBetween(ctx context.Context, from, to time.Time) iter.Seq2[*Status, error] {
	return func(yield func(*Status, error) bool) {
		prof, err := c.Profile(ctx)
		if err != nil {
			yield(nil, err)
			return
		}
		if !prof.IDsAreTimes() {
			yield(nil, fmt.Errorf("%w (%s)", ErrIDsNotTimes, prof.SoftwareName))
			return
		}
		self, err := c.VerifyCredentials(ctx)
		if err != nil {
			yield(nil, err)
			return
		}
		base := c.server + "/api/v1/accounts/" + url.PathEscape(string(self.ID)) + "/statuses"
		after, before := ulid.Ceil(from.Add(-time.Millisecond)), ulid.Floor(to.Add(time.Millisecond))
		for page := 0; page < maxPages; page++ {
			q := url.Values{"limit": {"40"}, "min_id": {after}, "max_id": {before}}
			var items []*Status
			if _, err := c.getURL(ctx, base+"?"+q.Encode(), &items); err != nil {
				yield(nil, err)
				return
			}
			if len(items) == 0 {
				return
			}
			newest := after
			for i := len(items) - 1; i >= 0; i-- {
				id := string(items[i].ID)
				if _, err := ulid.Time(id); err != nil {
					yield(nil, fmt.Errorf("%w: %w", ErrIDsNotTimes, err))
					return
				}
				if id <= after || id >= before {
					yield(nil, fmt.Errorf("%w: status %s is outside the requested window %s..%s", ErrIDsNotTimes, id, after, before))
					return
				}
				newest = max(newest, id)
				if !yield(items[i], nil) {
					return
				}
			}
			after = newest
		}
	}
}

// Blocks yields the accounts the user blocks.
func (c *Client) Blocks(ctx context.Context) iter.Seq2[*Account, error] {
	return pagesOf[Account](c, ctx, fixedURL(c.server+"/api/v1/blocks?limit=80"))
}

// Mutes yields the accounts the user mutes.
func (c *Client) Mutes(ctx context.Context) iter.Seq2[*Account, error] {
	return pagesOf[Account](c, ctx, fixedURL(c.server+"/api/v1/mutes?limit=80"))
}

func (c *Client) ownPages(ctx context.Context, what string, limit int) iter.Seq2[*Account, error] {
	return pagesOf[Account](c, ctx, func(ctx context.Context) (string, error) {
		self, err := c.VerifyCredentials(ctx)
		if err != nil {
			return "", err
		}
		return c.server + "/api/v1/accounts/" + url.PathEscape(string(self.ID)) + "/" + what +
			"?limit=" + strconv.Itoa(limit), nil
	})
}

func fixedURL(u string) func(context.Context) (string, error) {
	return func(context.Context) (string, error) { return u, nil }
}

// pagesOf follows Link rel="next" from the first URL. The iterator stops
// after yielding the first error.
func pagesOf[T any](c *Client, ctx context.Context, first func(context.Context) (string, error)) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		next, err := first(ctx)
		if err != nil {
			yield(nil, err)
			return
		}
		for page := 0; next != "" && page < maxPages; page++ {
			var items []*T
			hdr, err := c.getURL(ctx, next, &items)
			if err != nil {
				yield(nil, err)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			if len(items) == 0 {
				return
			}
			if next, err = c.nextLink(hdr); err != nil {
				yield(nil, err)
				return
			}
		}
	}
}

// getURL is call for an absolute URL taken from a Link header.
func (c *Client) getURL(ctx context.Context, rawURL string, out any) (http.Header, error) {
	resp, err := c.send(ctx, http.MethodGet, rawURL, nil, true)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.Header, responseError(http.MethodGet, resp)
	}
	return resp.Header, decodeJSON(resp, out)
}

// nextLink returns the rel="next" URL, refusing links to other hosts so
// the token never travels elsewhere.
func (c *Client) nextLink(h http.Header) (string, error) {
	for _, l := range linkheader.Parse(h.Get("Link")) {
		if l.Rel != "next" {
			continue
		}
		u, err := url.Parse(l.URL)
		if err != nil {
			return "", &NotMastodonError{URL: c.server, Status: http.StatusOK, Detail: "bad Link header: " + err.Error()}
		}
		base, _ := url.Parse(c.server)
		if u.Scheme != base.Scheme || !strings.EqualFold(u.Host, base.Host) {
			return "", &NotMastodonError{URL: c.server, Status: http.StatusOK,
				Detail: fmt.Sprintf("Link header points to another server (%s://%s)", u.Scheme, u.Host)}
		}
		return u.String(), nil
	}
	return "", nil
}
