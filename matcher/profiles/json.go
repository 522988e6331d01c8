package profiles

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/fledge-cli/fledge/internal/textscan"
)

// The JSON shapes below cover both Twitter API generations at once, so one
// decode tells us which one a record is:
//
//   - v1.1 user objects carry id_str/screen_name, entities with "indices",
//     and an optional "status" (the latest or pinned tweet).
//   - v2 user objects carry id (a string)/username, entities with
//     "start"/"end", and either an embedded "pinned_tweet" (our profiles-file
//     convention) or a pinned_tweet_id resolved through a response envelope's
//     includes.tweets.
//   - a v2 response envelope {"data": …, "includes": {"tweets": […]}}.
//   - a JSON array of any of the above (a saved users/lookup response).

type jsonURL struct {
	URL         string `json:"url"`
	ExpandedURL string `json:"expanded_url"`
	Indices     []int  `json:"indices"` // v1.1
	Start       *int   `json:"start"`   // v2
	End         *int   `json:"end"`     // v2
}

type jsonURLs struct {
	URLs []jsonURL `json:"urls"`
}

type jsonUserEntities struct {
	URL         jsonURLs `json:"url"`
	Description jsonURLs `json:"description"`
}

type jsonTweet struct {
	ID            json.RawMessage `json:"id"`
	IDStr         string          `json:"id_str"`
	Text          string          `json:"text"`
	FullText      string          `json:"full_text"`
	Entities      *jsonURLs       `json:"entities"`
	ExtendedTweet *struct {
		FullText string    `json:"full_text"`
		Entities *jsonURLs `json:"entities"`
	} `json:"extended_tweet"`
	// v2 long posts keep the whole text and its entities here.
	NoteTweet *struct {
		Text     string    `json:"text"`
		Entities *jsonURLs `json:"entities"`
	} `json:"note_tweet"`
}

type jsonUser struct {
	ID            json.RawMessage   `json:"id"`
	IDStr         string            `json:"id_str"`
	ScreenName    string            `json:"screen_name"`
	Username      string            `json:"username"`
	Name          string            `json:"name"`
	Description   string            `json:"description"`
	Location      string            `json:"location"`
	URL           string            `json:"url"`
	Entities      *jsonUserEntities `json:"entities"`
	Status        *jsonTweet        `json:"status"`
	PinnedTweet   *jsonTweet        `json:"pinned_tweet"`
	PinnedTweetID string            `json:"pinned_tweet_id"`

	// Data and Includes are only set on a v2 response envelope.
	Data     json.RawMessage `json:"data"`
	Includes *struct {
		Tweets []jsonTweet `json:"tweets"`
	} `json:"includes"`
}

// DecodeTwitterJSON turns one JSON value holding Twitter user data into
// profiles: a v1.1 user object, a v2 user object, a v2 response envelope
// (pinned tweets resolved from includes.tweets), or an array of those.
// source is stored in each Profile.Source. It is what the --profiles reader
// runs on every line.
func DecodeTwitterJSON(data []byte, source string) ([]Profile, error) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return nil, errors.New("empty JSON value")
	}
	switch data[0] {
	case '[':
		var items []json.RawMessage
		if err := json.Unmarshal(data, &items); err != nil {
			return nil, jsonProblem(err)
		}
		var out []Profile
		for i, item := range items {
			// Only objects: nested arrays would make each level decode the
			// rest again.
			if item = bytes.TrimSpace(item); len(item) == 0 || item[0] != '{' {
				return nil, fmt.Errorf("array element %d: expected a user object", i)
			}
			ps, err := DecodeTwitterJSON(item, source)
			if err != nil {
				return nil, fmt.Errorf("array element %d: %w", i, err)
			}
			out = append(out, ps...)
		}
		return out, nil
	case '{':
	default:
		return nil, errors.New("expected a JSON object or array")
	}
	var u jsonUser
	if err := json.Unmarshal(data, &u); err != nil {
		return nil, jsonProblem(err)
	}
	if len(u.Data) > 0 && !bytes.Equal(u.Data, []byte("null")) {
		return decodeEnvelope(&u, source)
	}
	p, err := u.profile(nil, source)
	if err != nil {
		return nil, err
	}
	return []Profile{p}, nil
}

// decodeEnvelope handles a v2 response: data is one user or a list, and
// pinned tweets arrive separately in includes.tweets.
func decodeEnvelope(env *jsonUser, source string) ([]Profile, error) {
	pinned := map[string]*jsonTweet{}
	if env.Includes != nil {
		for i := range env.Includes.Tweets {
			t := &env.Includes.Tweets[i]
			if id, err := rawID(t.ID, t.IDStr); err == nil && id != "" {
				pinned[id] = t
			}
		}
	}
	var users []jsonUser
	d := bytes.TrimSpace(env.Data)
	if d[0] == '[' {
		if err := json.Unmarshal(d, &users); err != nil {
			return nil, fmt.Errorf("data: %w", jsonProblem(err))
		}
	} else {
		var one jsonUser
		if err := json.Unmarshal(d, &one); err != nil {
			return nil, fmt.Errorf("data: %w", jsonProblem(err))
		}
		users = []jsonUser{one}
	}
	out := make([]Profile, 0, len(users))
	for i := range users {
		p, err := users[i].profile(pinned, source)
		if err != nil {
			return nil, fmt.Errorf("data[%d]: %w", i, err)
		}
		out = append(out, p)
	}
	return out, nil
}

func (u *jsonUser) profile(pinned map[string]*jsonTweet, source string) (Profile, error) {
	id, err := rawID(u.ID, u.IDStr)
	if err != nil {
		return Profile{}, err
	}
	p := Profile{
		ID:          id,
		ScreenName:  u.ScreenName,
		Name:        u.Name,
		Description: u.Description,
		Location:    u.Location,
		URL:         u.URL,
		Source:      source,
	}
	if p.ScreenName == "" {
		p.ScreenName = u.Username
	}
	if p.ID == "" && p.ScreenName == "" {
		return Profile{}, errors.New("user object has neither an id nor a screen_name/username")
	}
	if p.ScreenName != "" && !ValidScreenName(p.ScreenName) {
		return Profile{}, fmt.Errorf("%q is not a valid Twitter screen name", p.ScreenName)
	}
	if u.Entities != nil {
		p.DescriptionURLs = urlEntities(u.Entities.Description.URLs)
		p.URLURLs = urlEntities(u.Entities.URL.URLs)
	}
	t := u.PinnedTweet
	if t == nil && u.PinnedTweetID != "" {
		t = pinned[u.PinnedTweetID]
	}
	if t == nil {
		t = u.Status
	}
	if t != nil {
		p.PinnedText, p.PinnedURLs = t.content()
	}
	SanitizeEntities(&p)
	return p, nil
}

// content picks the fullest text a tweet object offers, with the entities
// that belong to that text.
func (t *jsonTweet) content() (string, []URLEntity) {
	switch {
	case t.NoteTweet != nil && t.NoteTweet.Text != "":
		return t.NoteTweet.Text, entitiesOf(t.NoteTweet.Entities)
	case t.ExtendedTweet != nil && t.ExtendedTweet.FullText != "":
		return t.ExtendedTweet.FullText, entitiesOf(t.ExtendedTweet.Entities)
	case t.FullText != "":
		return t.FullText, entitiesOf(t.Entities)
	}
	return t.Text, entitiesOf(t.Entities)
}

func entitiesOf(e *jsonURLs) []URLEntity {
	if e == nil {
		return nil
	}
	return urlEntities(e.URLs)
}

func urlEntities(in []jsonURL) []URLEntity {
	if len(in) == 0 {
		return nil
	}
	out := make([]URLEntity, 0, len(in))
	for _, j := range in {
		e := URLEntity{URL: j.URL, ExpandedURL: j.ExpandedURL}
		switch {
		case len(j.Indices) == 2:
			e.Start, e.End = j.Indices[0], j.Indices[1]
		case j.Start != nil && j.End != nil:
			e.Start, e.End = *j.Start, *j.End
		}
		out = append(out, e)
	}
	return out
}

// rawID accepts an id as Twitter writes it: a string in v2, a number in
// v1.1 (where id_str is the safe copy, since the number overflows float64).
func rawID(raw json.RawMessage, idStr string) (string, error) {
	id := idStr
	if id == "" && len(raw) > 0 && !bytes.Equal(raw, []byte("null")) {
		if raw[0] == '"' {
			if err := json.Unmarshal(raw, &id); err != nil {
				return "", fmt.Errorf("id: %w", err)
			}
		} else {
			id = string(raw)
		}
	}
	if id != "" && !ValidTwitterID(id) {
		return "", fmt.Errorf("id %.40q is not a numeric Twitter id", id)
	}
	return id, nil
}

// SanitizeEntities clears the indices of every URL entity that does not
// point at its own t.co text, so extraction falls back to replacing by
// string instead of cutting the text at the wrong place. Entities with no
// t.co URL at all are dropped. Sources outside this package (the Twitter
// API's, through internal/adapter) call it on the profiles they build.
func SanitizeEntities(p *Profile) {
	p.DescriptionURLs = sanitizeSpans(p.Description, p.DescriptionURLs)
	p.URLURLs = sanitizeSpans(p.URL, p.URLURLs)
	p.PinnedURLs = sanitizeSpans(p.PinnedText, p.PinnedURLs)
}

func sanitizeSpans(text string, es []URLEntity) []URLEntity {
	if len(es) == 0 {
		return nil
	}
	var runes []rune
	out := es[:0]
	for _, e := range es {
		if e.URL == "" {
			continue
		}
		if e.Start != 0 || e.End != 0 {
			if runes == nil {
				runes = []rune(text)
			}
			if e.Start < 0 || e.End > len(runes) || e.Start >= e.End ||
				string(runes[e.Start:e.End]) != e.URL {
				e.Start, e.End = 0, 0
			}
		}
		out = append(out, e)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// ValidTwitterID reports whether s can be a Twitter account id: up to 20
// decimal digits (ids are unsigned 64-bit numbers).
func ValidTwitterID(s string) bool {
	return len(s) <= 20 && textscan.IsDigits(s)
}

// ValidScreenName allows letters, digits and underscores. Twitter caps new
// names at 15 characters, but older accounts can be longer, so we only
// guard against nonsense.
func ValidScreenName(s string) bool {
	if len(s) == 0 || len(s) > 50 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// jsonProblem shortens encoding/json's messages to what a user can act on.
func jsonProblem(err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("invalid JSON at byte %d: %w", se.Offset, err)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return &relabelled{fmt.Sprintf("field %q has the wrong type (JSON %s, want %s)", te.Field, te.Value, te.Type), err}
	}
	return fmt.Errorf("invalid JSON: %w", err)
}

// relabelled replaces an error's message but keeps it for errors.Is/As.
type relabelled struct {
	msg string
	err error
}

func (r *relabelled) Error() string { return r.msg }
func (r *relabelled) Unwrap() error { return r.err }
