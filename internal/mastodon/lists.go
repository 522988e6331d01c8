package mastodon

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
)

// Lists returns the user's lists.
func (c *Client) Lists(ctx context.Context) ([]*List, error) {
	ls, err := c.api.GetLists(ctx)
	if err != nil {
		return nil, c.fromLib(http.MethodGet, "/api/v1/lists", err)
	}
	return ls, nil
}

// NewList describes a list to create. RepliesPolicy is followed, list or
// none ("" = server default); Exclusive hides members from the home feed.
type NewList struct {
	Title         string
	RepliesPolicy string
	Exclusive     bool
}

// CreateList creates a list (go-mastodon cannot pass policy/exclusive).
func (c *Client) CreateList(ctx context.Context, l NewList) (*List, error) {
	v := url.Values{"title": {l.Title}}
	if l.RepliesPolicy != "" {
		v.Set("replies_policy", l.RepliesPolicy)
	}
	if l.Exclusive {
		v.Set("exclusive", strconv.FormatBool(true))
	}
	var out List
	if _, err := c.call(ctx, http.MethodPost, "/api/v1/lists", nil, formBody(v), &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// AddToList adds followed accounts to a list. Mastodon answers 404 when
// an account is not followed (GoToSocial also while the follow is only
// requested) and 422 when it is already a member.
func (c *Client) AddToList(ctx context.Context, list ID, accounts ...ID) error {
	v := url.Values{}
	for _, a := range accounts {
		v.Add("account_ids[]", string(a))
	}
	path := "/api/v1/lists/" + url.PathEscape(string(list)) + "/accounts"
	_, err := c.call(ctx, http.MethodPost, path, nil, formBody(v), nil)
	return err
}

// ListAccounts returns all members of a list.
func (c *Client) ListAccounts(ctx context.Context, list ID) ([]*Account, error) {
	as, err := c.api.GetListAccounts(ctx, list)
	if err != nil {
		return nil, c.fromLib(http.MethodGet, "/api/v1/lists/"+string(list)+"/accounts", err)
	}
	return as, nil
}
