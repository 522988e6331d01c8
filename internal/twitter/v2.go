package twitter

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
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
func (c *Client) lookupV2(ctx context.Context, ids, names []string) ([]User, error) {
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

// The v2 answer's shapes: data is a list of users (or one), and pinned
// tweets arrive apart in includes.tweets, found by pinned_tweet_id.
type (
	v2URLs struct {
		URLs []struct {
			URL         string `json:"url"`
			ExpandedURL string `json:"expanded_url"`
			Start       int    `json:"start"`
			End         int    `json:"end"`
		} `json:"urls"`
	}
	v2User struct {
		ID          string `json:"id"`
		Username    string `json:"username"`
		Name        string `json:"name"`
		Description string `json:"description"`
		Location    string `json:"location"`
		URL         string `json:"url"`
		Entities    *struct {
			URL         v2URLs `json:"url"`
			Description v2URLs `json:"description"`
		} `json:"entities"`
		PinnedTweetID string `json:"pinned_tweet_id"`
	}
	v2Tweet struct {
		ID       string  `json:"id"`
		Text     string  `json:"text"`
		Entities *v2URLs `json:"entities"`
		// Long posts keep the whole text and its entities here.
		NoteTweet *struct {
			Text     string  `json:"text"`
			Entities *v2URLs `json:"entities"`
		} `json:"note_tweet"`
	}
)

// decodeV2 reads a 200 answer. Accounts that do not exist or are
// suspended come back in "errors" next to "data" and are simply absent.
func decodeV2(body []byte) ([]User, error) {
	var env struct {
		Data     json.RawMessage `json:"data"`
		Includes struct {
			Tweets []v2Tweet `json:"tweets"`
		} `json:"includes"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, fmt.Errorf("twitter API: unreadable v2 response: %w", err)
	}
	d := bytes.TrimSpace(env.Data)
	if len(d) == 0 || bytes.Equal(d, []byte("null")) {
		return nil, nil
	}
	var users []v2User
	if d[0] != '[' {
		d = append(append([]byte{'['}, d...), ']')
	}
	if err := json.Unmarshal(d, &users); err != nil {
		return nil, fmt.Errorf("twitter API: unreadable v2 response: data: %w", err)
	}
	pinned := map[string]*v2Tweet{}
	for i := range env.Includes.Tweets {
		pinned[env.Includes.Tweets[i].ID] = &env.Includes.Tweets[i]
	}
	out := make([]User, 0, len(users))
	for i := range users {
		u, err := users[i].user(pinned)
		if err != nil {
			return nil, fmt.Errorf("twitter API: unreadable v2 response: data[%d]: %w", i, err)
		}
		out = append(out, u)
	}
	return out, nil
}

func (u *v2User) user(pinned map[string]*v2Tweet) (User, error) {
	switch {
	case u.ID == "" && u.Username == "":
		return User{}, errors.New("user object has neither an id nor a username")
	case u.ID != "" && !validID(u.ID):
		return User{}, fmt.Errorf("id %.40q is not a numeric Twitter id", u.ID)
	case u.Username != "" && !validName(u.Username):
		return User{}, fmt.Errorf("%.60q is not a valid Twitter screen name", u.Username)
	}
	out := User{ID: u.ID, ScreenName: u.Username, Name: u.Name, Description: u.Description,
		Location: u.Location, URL: u.URL, Source: SourceV2}
	if u.Entities != nil {
		out.DescriptionURLs = u.Entities.Description.entities()
		out.URLURLs = u.Entities.URL.entities()
	}
	if t := pinned[u.PinnedTweetID]; t != nil && u.PinnedTweetID != "" {
		out.PinnedText, out.PinnedURLs = t.Text, t.Entities.entities()
		if n := t.NoteTweet; n != nil && n.Text != "" {
			out.PinnedText, out.PinnedURLs = n.Text, n.Entities.entities()
		}
	}
	return out, nil
}

func (e *v2URLs) entities() []URLEntity {
	if e == nil || len(e.URLs) == 0 {
		return nil
	}
	out := make([]URLEntity, 0, len(e.URLs))
	for _, u := range e.URLs {
		out = append(out, URLEntity{URL: u.URL, ExpandedURL: u.ExpandedURL, Start: u.Start, End: u.End})
	}
	return out
}
