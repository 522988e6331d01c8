package twitter

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Sentinels for errors.Is; the command maps ErrUnauthorized and
// ErrAccessLevel to its authentication exit code.
var (
	ErrUnauthorized = errors.New("twitter: the bearer token was rejected")
	ErrAccessLevel  = errors.New("twitter: the API access level does not allow reading users")
	ErrForbidden    = errors.New("twitter: request forbidden")
	ErrRateLimited  = errors.New("twitter: rate limited")
	ErrServer       = errors.New("twitter: server error")
)

// codeAccessLevel is X's error for apps whose tier lacks an endpoint.
const codeAccessLevel = 453

// APIError is an error response from the API, with the server's own words
// (token removed) and what they mean for the user.
type APIError struct {
	StatusCode int
	Code       int    // X's numeric error code when it sends one (e.g. 453)
	Message    string // the server's message or detail
	Advice     string // what it means, in plain words
	kind       error
}

func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("twitter API: ")
	b.WriteString(e.Advice)
	fmt.Fprintf(&b, " (HTTP %d", e.StatusCode)
	if e.Code != 0 {
		fmt.Fprintf(&b, ", error %d", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	b.WriteString(")")
	return b.String()
}

func (e *APIError) Unwrap() error { return e.kind }

// errorBody covers both error shapes: v1.1's {"errors":[{"code","message"}]}
// (also used by v2 for 453) and v2's problem objects {"title","detail"}.
type errorBody struct {
	Errors []struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"errors"`
	Title  string `json:"title"`
	Detail string `json:"detail"`
	Reason string `json:"reason"`
}

// newAPIError classifies a non-2xx response. token is removed from
// anything the server said, in case it echoes the request back.
func newAPIError(status int, body []byte, token string) *APIError {
	e := &APIError{StatusCode: status}
	var eb errorBody
	if json.Unmarshal(body, &eb) == nil {
		if len(eb.Errors) > 0 {
			e.Code, e.Message = eb.Errors[0].Code, eb.Errors[0].Message
		} else {
			e.Message = strings.TrimSpace(eb.Title + ": " + eb.Detail)
			e.Message = strings.Trim(e.Message, ": ")
		}
	}
	e.Message = redact(clip(e.Message, 300), token)
	switch {
	case e.Code == codeAccessLevel:
		e.kind = ErrAccessLevel
		e.Advice = "your X developer app's access tier cannot read user profiles; " +
			"the Free tier only allows posting, and looking users up needs a paid tier (Basic or higher). " +
			"Use --profiles with data you already have, or rely on the archive and reverse lookup instead"
	case status == http.StatusUnauthorized:
		e.kind = ErrUnauthorized
		e.Advice = "the bearer token was not accepted; check FLEDGE_TWITTER_BEARER_TOKEN (or twitter.bearer_token " +
			"in the config file) is the app-only Bearer Token from the X developer portal, and that it was not regenerated"
	case status == http.StatusForbidden && eb.Reason == "client-not-enrolled":
		e.kind = ErrAccessLevel
		e.Advice = "the X developer app is not attached to a Project with v2 access; attach it in the developer portal, " +
			"or use --profiles instead"
	case status == http.StatusForbidden:
		e.kind = ErrForbidden
		e.Advice = "X refused the request; the app may lack access to this endpoint or be suspended"
	case status == http.StatusTooManyRequests:
		e.kind = ErrRateLimited
		e.Advice = "the rate limit was still exhausted after waiting"
	case status >= 500:
		e.kind = ErrServer
		e.Advice = "X's servers failed; try again later"
	default:
		e.kind = errors.New("twitter: unexpected response")
		e.Advice = "unexpected response"
	}
	return e
}

// redact removes the token from s; the token must never reach a log.
func redact(s, token string) string {
	if token == "" {
		return s
	}
	return strings.ReplaceAll(s, token, "[token]")
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}
