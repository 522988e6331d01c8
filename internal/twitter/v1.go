package twitter

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	//lint:ignore SA1019 kept on purpose for apps that still have v1.1 access; v2 uses our own client.
	gotwitter "github.com/dghubble/go-twitter/twitter"
)

// SourceV1 is Profile.Source for accounts fetched through v1.1.
const SourceV1 = "twitter-v1"

// codeNoMatches is v1.1's 404 answer when none of the accounts exist.
const codeNoMatches = 17

// lookupV1 calls users/lookup.json through go-twitter. go-twitter takes
// neither a context nor a base URL, so each call gets an http.Client whose
// transport carries ctx, rewrites the fixed base URL to ours, and caps the
// body.
func (c *Client) lookupV1(ctx context.Context, ids, names []string) ([]User, error) {
	params := &gotwitter.UserLookupParams{ScreenName: names, IncludeEntities: gotwitter.Bool(true)}
	for _, id := range ids {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			continue // validID already passed; only an id beyond int64 lands here
		}
		params.UserID = append(params.UserID, n)
	}
	if len(params.UserID) == 0 && len(params.ScreenName) == 0 {
		return nil, nil
	}
	var users []gotwitter.User
	_, err := c.call(ctx, func(ctx context.Context) (response, error) {
		hc := &http.Client{Transport: &v1Transport{ctx: ctx, c: c}, Timeout: c.hc.Timeout}
		us, resp, err := gotwitter.NewClient(hc).Users.Lookup(params)
		var apiErr gotwitter.APIError
		switch {
		case resp == nil:
			if err == nil {
				err = errors.New("no response")
			}
			return response{}, err
		case errors.As(err, &apiErr):
			// Hand the retry loop the error body it knows how to read.
			body, _ := json.Marshal(apiErr)
			if resp.StatusCode == http.StatusNotFound && len(apiErr.Errors) > 0 && apiErr.Errors[0].Code == codeNoMatches {
				return response{status: http.StatusOK, header: resp.Header}, nil
			}
			return response{status: resp.StatusCode, header: resp.Header, body: body}, nil
		case err != nil && resp.StatusCode >= 200 && resp.StatusCode < 300:
			return response{}, fmt.Errorf("unreadable v1.1 response: %w", err)
		}
		users = us
		return response{status: resp.StatusCode, header: resp.Header}, nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]User, 0, len(users))
	for i := range users {
		if p, ok := fromV1(&users[i]); ok {
			out = append(out, p)
		}
	}
	return out, nil
}

// v1Transport sends go-twitter's requests to our base URL with ctx.
type v1Transport struct {
	ctx context.Context
	c   *Client
}

func (t *v1Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(t.ctx)
	if rest, ok := strings.CutPrefix(req.URL.String(), DefaultV1BaseURL); ok {
		u := *t.c.v1Base
		rel, err := u.Parse(rest)
		if err != nil {
			return nil, err
		}
		req.URL = rel
		req.Host = rel.Host
	}
	resp, err := t.c.hc.Transport.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	resp.Body = &limitedBody{r: io.LimitReader(resp.Body, maxBody), c: resp.Body}
	return resp, nil
}

type limitedBody struct {
	r io.Reader
	c io.Closer
}

func (l *limitedBody) Read(p []byte) (int, error) { return l.r.Read(p) }
func (l *limitedBody) Close() error               { return l.c.Close() }

// fromV1 converts go-twitter's user; t.co spans keep their indices.
func fromV1(u *gotwitter.User) (User, bool) {
	p := User{
		ID:          u.IDStr,
		ScreenName:  u.ScreenName,
		Name:        u.Name,
		Description: u.Description,
		Location:    u.Location,
		URL:         u.URL,
		Source:      SourceV1,
	}
	if p.ID == "" && u.ID > 0 {
		p.ID = strconv.FormatInt(u.ID, 10)
	}
	if !validID(p.ID) {
		return User{}, false
	}
	if u.Entities != nil {
		p.DescriptionURLs = fromV1URLs(u.Entities.Description.Urls)
		p.URLURLs = fromV1URLs(u.Entities.URL.Urls)
	}
	if t := u.Status; t != nil {
		switch {
		case t.ExtendedTweet != nil && t.ExtendedTweet.FullText != "":
			p.PinnedText = t.ExtendedTweet.FullText
			if t.ExtendedTweet.Entities != nil {
				p.PinnedURLs = fromV1URLs(t.ExtendedTweet.Entities.Urls)
			}
		case t.FullText != "":
			p.PinnedText = t.FullText
		default:
			p.PinnedText = t.Text
		}
		if p.PinnedURLs == nil && t.Entities != nil {
			p.PinnedURLs = fromV1URLs(t.Entities.Urls)
		}
	}
	return p, true
}

func fromV1URLs(in []gotwitter.URLEntity) []URLEntity {
	if len(in) == 0 {
		return nil
	}
	out := make([]URLEntity, 0, len(in))
	for _, e := range in {
		out = append(out, URLEntity{URL: e.URL, ExpandedURL: e.ExpandedURL, Start: e.Indices.Start(), End: e.Indices.End()})
	}
	return out
}
