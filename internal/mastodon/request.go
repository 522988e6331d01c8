package mastodon

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	gomasto "github.com/mattn/go-mastodon"
)

// body is a replayable request body: open is called once per attempt.
type body struct {
	contentType string
	open        func() (io.ReadCloser, error)
}

func formBody(v url.Values) *body {
	enc := v.Encode()
	return &body{
		contentType: "application/x-www-form-urlencoded",
		open:        func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(enc)), nil },
	}
}

// call sends one API request to path (relative to the server) and decodes
// a 2xx JSON answer into out (nil: ignore the body). It returns the
// response headers for paging and classified errors otherwise.
func (c *Client) call(ctx context.Context, method, path string, query url.Values, b *body, out any) (http.Header, error) {
	u := c.server + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	resp, err := c.send(ctx, method, u, b, true)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.Header, responseError(method, resp)
	}
	return resp.Header, decodeJSON(resp, out)
}

// send builds and sends a request; auth adds the bearer token. Only
// transport failures are errors here; the caller checks the status.
func (c *Client) send(ctx context.Context, method, rawURL string, b *body, auth bool) (*http.Response, error) {
	var rd io.Reader
	if b != nil {
		rc, err := b.open()
		if err != nil {
			return nil, fmt.Errorf("%s %s: preparing request body: %w", method, pathOf(rawURL), err)
		}
		rd = rc
	}
	req, err := http.NewRequestWithContext(ctx, method, rawURL, rd)
	if err != nil {
		if rc, ok := rd.(io.Closer); ok {
			_ = rc.Close()
		}
		return nil, fmt.Errorf("%s %s: %w", method, pathOf(rawURL), err)
	}
	if b != nil {
		req.GetBody = b.open
		req.Header.Set("Content-Type", b.contentType)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.ua)
	if auth && c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, c.clean(method, pathOf(rawURL), err)
	}
	return resp, nil
}

// clean strips url.Error's noise (it repeats the URL) and the token.
func (c *Client) clean(method, path string, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var (
		re  *RetryableError
		rl  *RateLimitError
		nm  *NotMastodonError
		per *PermanentError
	)
	if !errors.As(err, &re) && !errors.As(err, &rl) && !errors.As(err, &nm) && !errors.As(err, &per) &&
		!errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("%s %s: %w", method, path, err)
	}
	return redact(err, c.token)
}

// fromLib is the other half of the library boundary (libBoundary is the
// first): it turns what a go-mastodon call returned into the package's
// errors. Error answers already arrive as those (libBoundary); what is
// left is the library's own failures: a body that is not the JSON it
// expected, or a 2xx other than the 200 and 202 it accepts.
func (c *Client) fromLib(method, path string, err error) error {
	if err == nil {
		return nil
	}
	var ae *gomasto.APIError
	if errors.As(err, &ae) {
		return redact(statusError(method, path, ae.StatusCode, ae.Message), c.token)
	}
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	if errors.As(err, &se) || errors.As(err, &te) || errors.Is(err, io.ErrUnexpectedEOF) {
		return redact(&NotMastodonError{URL: c.server + path, Status: 200, Detail: "response is not the expected JSON: " + err.Error()}, c.token)
	}
	return c.clean(method, path, err)
}

// libBoundary stands between go-mastodon and the transport and turns
// every error answer (4xx, and the 5xx the transport stopped retrying)
// into the package's error with responseError, the function our own
// requests use, before the library sees it. So a call through the library
// and our own request fail alike for the same answer (an HTML error page
// is a *NotMastodonError on both paths, a 404 a *PermanentError), and
// callers classify errors one way. Redirects (3xx) pass through for the
// http.Client to follow.
type libBoundary struct{ next http.RoundTripper }

func (b libBoundary) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := b.next.RoundTrip(req)
	if err != nil || resp.StatusCode < 400 {
		return resp, err
	}
	defer resp.Body.Close()
	if resp.Request == nil {
		resp.Request = req
	}
	return nil, responseError(req.Method, resp)
}

// responseError classifies a non-2xx answer, reading the server's
// {"error": …} message. An HTML page means we are not talking to the API.
func responseError(method string, resp *http.Response) error {
	path := resp.Request.URL.Path
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	ct := resp.Header.Get("Content-Type")
	if looksLikeHTML(ct, data) {
		return &NotMastodonError{URL: resp.Request.URL.Redacted(), Status: resp.StatusCode, ContentType: mediaType(ct),
			Detail: "got a web page instead of JSON"}
	}
	var e struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}
	msg := ""
	if json.Unmarshal(data, &e) == nil {
		msg = e.Error
		if e.Description != "" {
			msg = strings.TrimSpace(msg + ": " + e.Description)
		}
	} else {
		msg = strings.TrimSpace(string(bytes.ToValidUTF8(data[:min(len(data), 200)], nil)))
	}
	return statusError(method, path, resp.StatusCode, msg)
}

// statusError maps an HTTP status to the package's error types.
func statusError(method, path string, status int, msg string) error {
	switch {
	case status == http.StatusTooManyRequests:
		return &RateLimitError{Method: method, Path: path}
	case status >= 500:
		// A 5xx on a non-idempotent request may hide a completed action.
		return &RetryableError{Method: method, Path: path, Status: status, Reason: msg,
			MayHaveApplied: !repeatable(method, path) && status != http.StatusServiceUnavailable}
	default:
		return &PermanentError{Method: method, Path: path, Status: status, Message: msg}
	}
}

// decodeJSON decodes a 2xx body into out, insisting on JSON.
func decodeJSON(resp *http.Response, out any) error {
	if out == nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
		return nil
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, 32<<20))
	if err != nil {
		return &RetryableError{Method: resp.Request.Method, Path: resp.Request.URL.Path,
			Reason: "connection lost while reading the answer: " + err.Error(), Err: err}
	}
	ct := resp.Header.Get("Content-Type")
	if looksLikeHTML(ct, data) {
		return &NotMastodonError{URL: resp.Request.URL.Redacted(), Status: resp.StatusCode, ContentType: mediaType(ct),
			Detail: "got a web page instead of JSON"}
	}
	if err := json.Unmarshal(data, out); err != nil {
		return &NotMastodonError{URL: resp.Request.URL.Redacted(), Status: resp.StatusCode, ContentType: mediaType(ct),
			Detail: "response is not the expected JSON: " + err.Error()}
	}
	return nil
}

func looksLikeHTML(contentType string, data []byte) bool {
	mt := mediaType(contentType)
	if mt == "text/html" || mt == "application/xhtml+xml" {
		return true
	}
	trimmed := bytes.TrimSpace(data)
	return len(trimmed) > 0 && trimmed[0] == '<'
}

func mediaType(ct string) string {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return ct
	}
	return mt
}

func pathOf(rawURL string) string {
	if u, err := url.Parse(rawURL); err == nil {
		return u.Path
	}
	return rawURL
}

// cancelOnClose releases an attempt's timeout when the body is closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c *cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}
