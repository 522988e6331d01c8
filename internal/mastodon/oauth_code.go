package mastodon

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode"
)

// ErrBadCode marks input that cannot be an authorization code.
var ErrBadCode = errors.New("not an authorization code")

// ParseAuthorizationCode extracts the code from what the user pasted:
// the code itself (Mastodon shows it on the page), or the whole address
// of the page GoToSocial redirects to (…/oauth/oob?code=…). Surrounding
// space and quotes are dropped.
func ParseAuthorizationCode(input string) (string, error) {
	s := strings.Trim(strings.TrimSpace(input), "\"'")
	if s == "" {
		return "", fmt.Errorf("%w: nothing was entered", ErrBadCode)
	}
	if strings.Contains(s, "code=") {
		q := s
		if u, err := url.Parse(s); err == nil && u.RawQuery != "" {
			q = u.RawQuery
		} else if _, after, ok := strings.Cut(s, "?"); ok {
			q = after
		}
		v, err := url.ParseQuery(q)
		if err != nil || v.Get("code") == "" {
			return "", fmt.Errorf("%w: the pasted address has no code=… in it", ErrBadCode)
		}
		s = v.Get("code")
	}
	if len(s) > 512 {
		return "", fmt.Errorf("%w: too long (%d characters)", ErrBadCode, len(s))
	}
	for _, r := range s {
		// Codes are URL-safe tokens; anything else is a paste accident
		// (two lines, a sentence) that the server would reject anyway.
		if r > unicode.MaxASCII || !(r == '-' || r == '_' || r == '.' || r == '~' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return "", fmt.Errorf("%w: it contains %q", ErrBadCode, r)
		}
	}
	return s, nil
}
