package mastodon

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// An address names a domain, which is not always the server: in a
// split-domain setup alice@example.com lives on social.example.com, and
// only example.com's WebFinger (RFC 7033) says so. The answer's rel=self
// link is the account's ActivityPub id, on the server that hosts it.

// ErrNoAccountLink means a WebFinger answer named no server for the
// account.
var ErrNoAccountLink = errors.New("the WebFinger answer has no link to the account")

// AccountServer asks the domain of the address user@domain over WebFinger
// which server hosts the account, and returns that server's URL as
// ValidateServerURL writes it. The domain comes from what the person
// typed, so it is reached like a server they named, over https; no
// token is sent. Redirects are followed (a split-domain
// example.com often redirects its WebFinger to social.example.com).
func AccountServer(ctx context.Context, user, domain string, opts Options) (string, error) {
	base, err := ValidateServerURL(domain)
	if err != nil {
		return "", err
	}
	c, err := New(base, "", opts)
	if err != nil {
		return "", err
	}
	const path = "/.well-known/webfinger"
	rawURL := base + path + "?resource=" + url.QueryEscape("acct:"+user+"@"+domain)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return "", fmt.Errorf("GET %s: %w", path, err)
	}
	req.Header.Set("Accept", "application/jrd+json, application/json")
	req.Header.Set("User-Agent", c.ua)
	hc := &http.Client{Transport: c.http.Transport, CheckRedirect: webfingerRedirect}
	resp, err := hc.Do(req)
	if err != nil {
		return "", c.clean(http.MethodGet, path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", responseError(http.MethodGet, resp)
	}
	var doc webfingerDoc
	if err := decodeJSON(resp, &doc); err != nil {
		return "", err
	}
	return doc.server()
}

// webfingerRedirect follows at most 5 redirects, to https (or plain http
// on loopback, as ValidateServerURL allows), wherever they lead: the
// request carries no token.
func webfingerRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 5 {
		return errors.New("too many redirects")
	}
	if req.URL.Scheme != "https" && !(req.URL.Scheme == "http" && isLoopbackHost(req.URL.Hostname())) {
		return fmt.Errorf("redirected to %s://%s, which is not https", req.URL.Scheme, req.URL.Host)
	}
	return nil
}

// webfingerDoc is the part of a JSON Resource Descriptor we read.
type webfingerDoc struct {
	Links []struct {
		Rel  string `json:"rel"`
		Type string `json:"type"`
		Href string `json:"href"`
	} `json:"links"`
}

// server is the server of the account's rel=self link, the ActivityPub
// one when there are several.
func (d webfingerDoc) server() (string, error) {
	href := ""
	for _, l := range d.Links {
		if l.Rel != "self" || l.Href == "" {
			continue
		}
		if href == "" || strings.Contains(l.Type, "activity+json") {
			href = l.Href
		}
	}
	if href == "" {
		return "", ErrNoAccountLink
	}
	u, err := url.Parse(href)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("%w: %q is not an address", ErrNoAccountLink, href)
	}
	s, err := ValidateServerURL(u.Scheme + "://" + u.Host)
	if err != nil {
		return "", fmt.Errorf("the account link %q: %w", href, err)
	}
	return s, nil
}
