package config

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Preferences are the settings in config.yaml. Every field is optional;
// nil or "" means "not set in the file", so Resolve can fall through to
// the default.
type Preferences struct {
	// Account is the account (user@domain) used when no --account flag or
	// FLEDGE_ACCOUNT is given; it overrides the credentials file's default.
	Account string
	// OpenBrowser says whether `fledge login` may open a web browser.
	OpenBrowser *bool
	// Retries is how often one failed request (network error, 5xx, 429)
	// is tried again before the command gives up on it.
	Retries *int
	// TwitterBearerToken is an app-only bearer token for the Twitter API,
	// used by `fledge match` to fetch profiles (FLEDGE_TWITTER_BEARER_TOKEN
	// overrides it). Since it is a secret, config.yaml should then be
	// readable by its owner only; LoadPreferences warns otherwise.
	TwitterBearerToken Secret
	// ImportFooter is the footer template `fledge import` adds to each
	// post (Go text/template); --footer overrides it.
	ImportFooter string

	file string
	mode fs.FileMode
	pos  map[string]Position
}

// ExposesSecret reports whether config.yaml holds a secret (the Twitter
// token) while other users may read the file.
func (p *Preferences) ExposesSecret() bool {
	return p != nil && !p.TwitterBearerToken.IsZero() && p.mode&0o077 != 0
}

// Keys of config.yaml, as the user writes them.
const (
	KeyAccount            = "account"
	KeyOpenBrowser        = "open_browser"
	KeyRetries            = "retries"
	KeyTwitterBearerToken = "twitter_bearer_token"
	KeyImportFooter       = "import_footer"
)

// Bounds of the retries setting: at least one retry so a blip does not
// end a long import, and few enough that a dead server is noticed.
const (
	MinRetries = 1
	MaxRetries = 20
)

// preferenceKeys decode one key each; the table is the single list of
// what config.yaml may contain.
var preferenceKeys = map[string]func(p *Preferences, file string, v *yaml.Node) error{
	KeyAccount: func(p *Preferences, file string, v *yaml.Node) error {
		s, err := scalarString(file, KeyAccount, v)
		if err != nil {
			return err
		}
		key, err := NormalizeAccountKey(s)
		if err != nil {
			return errorAt(file, v, "%s: %v", KeyAccount, err)
		}
		p.Account = key
		return nil
	},
	KeyOpenBrowser: func(p *Preferences, file string, v *yaml.Node) error {
		var b bool
		if v.Kind != yaml.ScalarNode || v.Decode(&b) != nil {
			return errorAt(file, v, "%s: want true or false, got %s", KeyOpenBrowser, describeNode(v))
		}
		p.OpenBrowser = &b
		return nil
	},
	KeyTwitterBearerToken: func(p *Preferences, file string, v *yaml.Node) error {
		// Never quote the value in errors: it is a secret.
		if v.Kind != yaml.ScalarNode || v.Tag != "!!str" || strings.TrimSpace(v.Value) == "" {
			return errorAt(file, v, "%s: want the token as a string", KeyTwitterBearerToken)
		}
		p.TwitterBearerToken = Secret(strings.TrimSpace(v.Value))
		return nil
	},
	KeyImportFooter: func(p *Preferences, file string, v *yaml.Node) error {
		s, err := scalarString(file, KeyImportFooter, v)
		if err != nil {
			return err
		}
		p.ImportFooter = s
		return nil
	},
	KeyRetries: func(p *Preferences, file string, v *yaml.Node) error {
		var n int
		if v.Kind != yaml.ScalarNode || v.Tag != "!!int" || v.Decode(&n) != nil {
			return errorAt(file, v, "%s: want a whole number, got %s", KeyRetries, describeNode(v))
		}
		if n < MinRetries || n > MaxRetries {
			return errorAt(file, v, "%s: want %d to %d, got %d", KeyRetries, MinRetries, MaxRetries, n)
		}
		p.Retries = &n
		return nil
	},
}

// PreferenceKeys lists the keys config.yaml accepts, sorted.
func PreferenceKeys() []string {
	keys := make([]string, 0, len(preferenceKeys))
	for k := range preferenceKeys {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Origin says where key was set, e.g. "config.yaml:3:10", or "" when the
// file does not set it.
func (p *Preferences) Origin(key string) string {
	if p == nil {
		return ""
	}
	pos, ok := p.pos[key]
	if !ok {
		return ""
	}
	return pos.String()
}

// File is the path the preferences were read from ("" if none).
func (p *Preferences) File() string { return p.file }

// LoadPreferences reads config.yaml. A missing file is not an error: it
// yields empty preferences, since a new user has no file yet.
func LoadPreferences(path string) (*Preferences, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &Preferences{file: path}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read preferences: %w", err)
	}
	p, err := ParsePreferences(path, data)
	if err != nil {
		return nil, err
	}
	if st, err := os.Stat(path); err == nil {
		p.mode = st.Mode().Perm()
	}
	return p, nil
}

// ParsePreferences parses the content of config.yaml; file names it in
// errors. Unknown keys, duplicate keys and values of the wrong type are
// errors that give the file, line and column.
func ParsePreferences(file string, data []byte) (p *Preferences, err error) {
	p = &Preferences{file: file, pos: map[string]Position{}}
	root, err := parseSingleDocument(file, data)
	if err != nil || root == nil {
		return p, err
	}
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return p, nil // a file with only comments, or "~"
	}
	if root.Kind != yaml.MappingNode {
		return nil, errorAt(file, root, "want a mapping of settings (key: value), got %s", describeNode(root))
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return nil, errorAt(file, k, "a key must be a plain name, got %s", describeNode(k))
		}
		decode, ok := preferenceKeys[k.Value]
		if !ok {
			return nil, errorAt(file, k, "unknown key %q (known keys: %s)", k.Value, strings.Join(PreferenceKeys(), ", "))
		}
		if prev, dup := p.pos[k.Value]; dup {
			return nil, errorAt(file, k, "%s is set twice (first at line %d)", k.Value, prev.Line)
		}
		if err := decode(p, file, v); err != nil {
			return nil, err
		}
		p.pos[k.Value] = nodePos(file, v)
	}
	return p, nil
}

// parseSingleDocument parses data as one YAML document and returns its
// root node (nil for an empty file). yaml.v3 has panicked on hostile input
// in the past; a panic becomes an error naming the file rather than a
// crash.
func parseSingleDocument(file string, data []byte) (root *yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			root, err = nil, &FileError{Pos: Position{File: file}, Msg: fmt.Sprintf("cannot parse YAML: %v", r)}
		}
	}()
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, syntaxError(file, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		if err != nil {
			return nil, syntaxError(file, err)
		}
		return nil, errorAt(file, &extra, "only one YAML document is allowed (remove the extra ---)")
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, nil
	}
	r := doc.Content[0]
	if r.Kind == yaml.AliasNode || hasAlias(r, 0) {
		return nil, errorAt(file, r, "YAML aliases (*name) are not supported here")
	}
	return r, nil
}

// hasAlias reports whether the tree uses aliases, which are refused: they
// are the vehicle of "billion laughs" blow-ups and nobody needs them in a
// settings file. depth guards the walk itself.
func hasAlias(n *yaml.Node, depth int) bool {
	if n.Kind == yaml.AliasNode || depth > 100 {
		return true
	}
	for _, c := range n.Content {
		if hasAlias(c, depth+1) {
			return true
		}
	}
	return false
}

func scalarString(file, key string, v *yaml.Node) (string, error) {
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
		return "", errorAt(file, v, "%s: want a string, got %s", key, describeNode(v))
	}
	return v.Value, nil
}

// describeNode names what the user wrote, for "want X, got Y" messages.
func describeNode(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		v := n.Value
		if len(v) > 40 {
			v = v[:40] + "…"
		}
		return fmt.Sprintf("%q", v)
	}
	return "something else"
}
