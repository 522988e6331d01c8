package mastodon

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// VerifyCredentials returns the token owner's account. The result is
// cached: the paging iterators need the user's own id.
func (c *Client) VerifyCredentials(ctx context.Context) (*Account, error) {
	c.mu.Lock()
	self := c.self
	c.mu.Unlock()
	if self != nil {
		return self, nil
	}
	acct, err := c.api.GetAccountCurrentUser(ctx)
	if err != nil {
		return nil, c.fromLib(http.MethodGet, "/api/v1/accounts/verify_credentials", err)
	}
	c.mu.Lock()
	c.self = acct
	c.mu.Unlock()
	return acct, nil
}

// Lookup finds an account the server already knows by "user@domain" (a
// leading @ is allowed). It makes no remote request; unknown accounts give
// an error matching ErrNotFound.
func (c *Client) Lookup(ctx context.Context, acct string) (*Account, error) {
	acct = strings.TrimPrefix(strings.TrimSpace(acct), "@")
	a, err := c.api.AccountLookup(ctx, acct)
	if err != nil {
		return nil, c.fromLib(http.MethodGet, "/api/v1/accounts/lookup", err)
	}
	return a, nil
}

// SearchAccounts runs /api/v2/search for accounts. With resolve the
// server WebFingers unknown remote accounts (slow, needs a user token).
// The leading @ is added because GoToSocial finds nothing without it.
func (c *Client) SearchAccounts(ctx context.Context, q string, resolve bool, limit int) ([]*Account, error) {
	q = strings.TrimSpace(q)
	if strings.Contains(q, "@") && !strings.HasPrefix(q, "@") && !strings.Contains(q, "://") {
		q = "@" + q
	}
	v := url.Values{"q": {q}, "type": {"accounts"}, "resolve": {strconv.FormatBool(resolve)}}
	if limit > 0 {
		v.Set("limit", strconv.Itoa(limit))
	}
	var res Results
	if _, err := c.call(ctx, http.MethodGet, "/api/v2/search", v, nil, &res); err != nil {
		return nil, err
	}
	return res.Accounts, nil
}

// Relationships returns the user's relationship to each account id.
func (c *Client) Relationships(ctx context.Context, ids ...ID) ([]*Relationship, error) {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = string(id)
	}
	rs, err := c.api.GetAccountRelationships(ctx, s)
	if err != nil {
		return nil, c.fromLib(http.MethodGet, "/api/v1/accounts/relationships", err)
	}
	return rs, nil
}

// FollowOptions are the parameters go-mastodon's AccountFollow lacks.
// Nil pointers leave the server's default (reblogs on, notify off).
type FollowOptions struct {
	Reblogs   *bool
	Notify    *bool
	Languages []string // ISO 639-1; ignored by GoToSocial
}

// Follow follows an account. For locked or remote accounts the result has
// Requested set until the target accepts. Following again updates the
// options. A moved target gives a 403 *PermanentError on Mastodon.
func (c *Client) Follow(ctx context.Context, id ID, o FollowOptions) (*Relationship, error) {
	v := url.Values{}
	if o.Reblogs != nil {
		v.Set("reblogs", strconv.FormatBool(*o.Reblogs))
	}
	if o.Notify != nil {
		v.Set("notify", strconv.FormatBool(*o.Notify))
	}
	for _, l := range o.Languages {
		v.Add("languages[]", l)
	}
	var rel Relationship
	path := "/api/v1/accounts/" + url.PathEscape(string(id)) + "/follow"
	if _, err := c.call(ctx, http.MethodPost, path, nil, formBody(v), &rel); err != nil {
		return nil, err
	}
	return &rel, nil
}

// Block blocks an account. A write, so our own request (doc.go's rule),
// like Mute and Follow.
func (c *Client) Block(ctx context.Context, id ID) (*Relationship, error) {
	var rel Relationship
	path := "/api/v1/accounts/" + url.PathEscape(string(id)) + "/block"
	if _, err := c.call(ctx, http.MethodPost, path, nil, nil, &rel); err != nil {
		return nil, err
	}
	return &rel, nil
}

// Mute mutes an account; notifications says whether to hide its
// notifications too (Mastodon's default is true).
func (c *Client) Mute(ctx context.Context, id ID, notifications bool) (*Relationship, error) {
	v := url.Values{"notifications": {strconv.FormatBool(notifications)}}
	var rel Relationship
	path := "/api/v1/accounts/" + url.PathEscape(string(id)) + "/mute"
	if _, err := c.call(ctx, http.MethodPost, path, nil, formBody(v), &rel); err != nil {
		return nil, err
	}
	return &rel, nil
}
