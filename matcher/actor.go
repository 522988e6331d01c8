package matcher

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Actor is the part of an ActivityPub actor (or of a Mastodon REST account
// standing in for one) that verification looks at.
type Actor struct {
	ID                string         `json:"id"`
	Type              string         `json:"type,omitempty"` // Person, Group, Service…; "" from the REST API
	PreferredUsername string         `json:"preferred_username,omitempty"`
	URL               string         `json:"url,omitempty"`
	Name              string         `json:"name,omitempty"`
	Summary           string         `json:"summary,omitempty"`
	Fields            []ProfileField `json:"fields,omitempty"`
	MovedTo           string         `json:"moved_to,omitempty"` // actor URI (from ActivityPub) or acct (from the REST API)
	AlsoKnownAs       []string       `json:"also_known_as,omitempty"`
}

// ProfileField is one name/value pair from a profile's metadata table.
type ProfileField struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// maxActorItems bounds how many attachments and aliases we keep from one
// actor; a real profile has at most a handful.
const maxActorItems = 64

var errNotActor = errors.New("not an ActivityPub actor")

// parseActor reads an ActivityPub actor document. It is lenient about the
// many shapes a JSON-LD property can take (string, object, array) and
// strict only about what it needs: an "id" string.
func parseActor(body []byte) (*Actor, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, fmt.Errorf("%w: %w", errNotActor, err)
	}
	a := &Actor{ID: jsonString(raw["id"])}
	if a.ID == "" {
		return nil, fmt.Errorf("%w: no id", errNotActor)
	}
	a.Type = jsonString(raw["type"])
	a.PreferredUsername = jsonString(raw["preferredUsername"])
	a.Name = jsonString(raw["name"])
	a.Summary = jsonString(raw["summary"])
	a.MovedTo = jsonRef(raw["movedTo"])
	if urls := jsonRefs(raw["url"]); len(urls) > 0 {
		a.URL = urls[0]
	}
	a.AlsoKnownAs = jsonRefs(raw["alsoKnownAs"])
	var atts []map[string]json.RawMessage
	if json.Unmarshal(raw["attachment"], &atts) != nil {
		var one map[string]json.RawMessage
		if json.Unmarshal(raw["attachment"], &one) == nil {
			atts = append(atts, one)
		}
	}
	for _, att := range atts {
		if len(a.Fields) == maxActorItems {
			break
		}
		if jsonString(att["type"]) != "PropertyValue" {
			continue
		}
		a.Fields = append(a.Fields, ProfileField{Name: jsonString(att["name"]), Value: jsonString(att["value"])})
	}
	return a, nil
}

// jsonString returns raw as a string, or "" for any other JSON type.
func jsonString(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}

// jsonRef reads a link that may be a string or an object with id or href.
func jsonRef(raw json.RawMessage) string {
	if s := jsonString(raw); s != "" {
		return s
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil {
		return ""
	}
	if s := jsonString(obj["href"]); s != "" {
		return s
	}
	return jsonString(obj["id"])
}

// jsonRefs reads one link or an array of links.
func jsonRefs(raw json.RawMessage) []string {
	if s := jsonRef(raw); s != "" {
		return []string{s}
	}
	var arr []json.RawMessage
	if json.Unmarshal(raw, &arr) != nil {
		return nil
	}
	var out []string
	for _, r := range arr {
		if len(out) == maxActorItems {
			break
		}
		if s := jsonRef(r); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// actorHandle derives user@host for an actor from its preferredUsername
// and the host of its id, as Mastodon does before confirming by WebFinger.
func actorHandle(a *Actor) (string, bool) {
	host := urlHost(a.ID)
	if a.PreferredUsername == "" || host == "" {
		return "", false
	}
	return CanonicalHandle(a.PreferredUsername, host)
}

// urlHost returns the lower-case host of an https URL, or "".
func urlHost(s string) string {
	rest, ok := strings.CutPrefix(s, "https://")
	if !ok {
		return ""
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	if strings.ContainsAny(rest, "@:") {
		return ""
	}
	return strings.ToLower(rest)
}
