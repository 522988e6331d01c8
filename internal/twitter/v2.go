package twitter

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/fledge-cli/fledge/matcher/profiles"
)

// SourceV2 is Profile.Source for accounts fetched through the v2 API.
const SourceV2 = "twitter-v2"

// maxBody caps a response: 100 users with pinned tweets are well under
// 1 MB, so anything near this is not a real answer.
const maxBody = 16 << 20

// v2Query asks for everything extraction reads: the bio with its t.co
// spans, the URL field, location, and the pinned tweet with its entities.
func v2Query() url.Values {
	q := url.Values{}
	q.Set("user.fields", "description,entities,location,url,pinned_tweet_id")
	q.Set("expansions", "pinned_tweet_id")
	q.Set("tweet.fields", "entities")
	return q
}

// lookupV2 calls GET /2/users?ids=… or GET /2/users/by?usernames=….
func (c *Client) lookupV2(ctx context.Context, ids, names []string) ([]profiles.Profile, error) {
	q := v2Query()
	path := "users"
	if len(ids) > 0 {
		q.Set("ids", strings.Join(ids, ","))
	} else {
		path = "users/by"
		q.Set("usernames", strings.Join(names, ","))
	}
	u := c.v2Base.ResolveReference(&url.URL{Path: path, RawQuery: q.Encode()})
	r, err := c.call(ctx, func(ctx context.Context) (response, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
		if err != nil {
			return response{}, err
		}
		req.Header.Set("Accept", "application/json")
		resp, err := c.hc.Do(req)
		if err != nil {
			return response{}, err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
		if err != nil {
			return response{}, err
		}
		if len(body) > maxBody {
			return response{}, errBodyTooLarge
		}
		return response{status: resp.StatusCode, header: resp.Header, body: body}, nil
	})
	if err != nil {
		return nil, err
	}
	return decodeV2(r.body)
}

// decodeV2 reads a 200 answer. Accounts that do not exist or are
// suspended come back in "errors" next to "data" and are simply absent.
func decodeV2(body []byte) ([]profiles.Profile, error) {
	var env struct {
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, fmt.Errorf("twitter API: unreadable v2 response: %w", err)
	}
	if d := bytes.TrimSpace(env.Data); len(d) == 0 || bytes.Equal(d, []byte("null")) {
		return nil, nil
	}
	ps, err := profiles.DecodeTwitterJSON(body, SourceV2)
	if err != nil {
		return nil, fmt.Errorf("twitter API: unreadable v2 response: %w", err)
	}
	return ps, nil
}
