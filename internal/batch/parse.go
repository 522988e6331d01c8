package batch

import (
	"bytes"
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/fledge-cli/fledge/internal/steps"
)

// MaxFileSize bounds the migration file; a real one is a few kilobytes.
const MaxFileSize = 4 << 20

// Version is the schema version this fledge reads.
const Version = 1

var (
	nameRE    = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)
	envNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	accountRE = regexp.MustCompile(`^[^@\s/]+@[^@\s/]+\.[^@\s/]+$`)
)

// File is a parsed, validated migration file.
type File struct {
	Path string // as given to Parse
	Jobs []*Job // one per account, in file order
}

// Parse reads a migration file. path names it in errors and anchors its
// relative paths. Every problem is returned at once as Errors.
func Parse(path string, data []byte) (*File, error) {
	if len(data) > MaxFileSize {
		return nil, Errors{{Pos: Pos{File: path}, Msg: fmt.Sprintf("file is larger than %d bytes; a migration file is a short YAML document", MaxFileSize)}}
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if err.Error() == "EOF" {
			return nil, Errors{{Pos: Pos{File: path, Line: 1, Column: 1}, Msg: "empty file; it needs version: 1 and accounts (see fledge run --example)"}}
		}
		return nil, syntaxError(path, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, Errors{{Pos: Pos{File: path, Line: extra.Line, Column: extra.Column}, Msg: "a second YAML document; put every account in one accounts list"}}
	}
	p := &parser{collector: collector{file: path}, dir: filepath.Dir(path)}
	f := p.file(&doc)
	if err := p.result(); err != nil {
		return nil, err
	}
	f.Path = path
	return f, nil
}

type parser struct {
	collector
	dir string
}

// entry is one key of a mapping with its value.
type entry struct {
	key   string
	kNode *yaml.Node
	value *yaml.Node
}

// deref follows aliases to the node they name.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	return n
}

// mapping returns a mapping's entries in order, reporting keys outside
// allowed and keys given twice. what names the mapping in messages.
func (p *parser) mapping(n *yaml.Node, what string, allowed []string) ([]entry, bool) {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		p.at(n, "%s: want a mapping of keys (%s)", what, strings.Join(allowed, ", "))
		return nil, false
	}
	seen := map[string]*yaml.Node{}
	var out []entry
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := deref(n.Content[i]), n.Content[i+1]
		if k == nil || k.Kind != yaml.ScalarNode {
			p.at(n.Content[i], "%s: keys must be plain words", what)
			continue
		}
		if first, dup := seen[k.Value]; dup {
			p.at(k, "%s: %q is given twice (first at line %d)", what, k.Value, first.Line)
			continue
		}
		seen[k.Value] = k
		if !slices.Contains(allowed, k.Value) {
			msg := fmt.Sprintf("%s: unknown key %q (known: %s)", what, k.Value, strings.Join(allowed, ", "))
			if k.Value == "<<" {
				msg = what + ": YAML merge keys are not supported; put shared settings under defaults"
			}
			p.at(k, "%s", msg)
			continue
		}
		out = append(out, entry{key: k.Value, kNode: k, value: v})
	}
	return out, true
}

// scalar returns a scalar's text, or reports what was wanted.
func (p *parser) scalar(n *yaml.Node, what, want string) (string, bool) {
	n = deref(n)
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		p.at(n, "%s: want %s", what, want)
		return "", false
	}
	return n.Value, true
}

func (p *parser) str(n *yaml.Node, what string) (string, bool) {
	s, ok := p.scalar(n, what, "a string")
	if ok && strings.TrimSpace(s) == "" {
		p.at(n, "%s: must not be empty", what)
		return "", false
	}
	return s, ok
}

// seq returns a sequence's items, or reports what was wanted.
func (p *parser) seq(n *yaml.Node, what, want string) ([]*yaml.Node, bool) {
	n = deref(n)
	if n == nil || n.Kind != yaml.SequenceNode {
		p.at(n, "%s: want a list of %s, like [a, b]", what, want)
		return nil, false
	}
	items := make([]*yaml.Node, len(n.Content))
	for i, c := range n.Content {
		items[i] = deref(c)
	}
	return items, true
}

// path resolves a path given in the file against the file's directory.
func (p *parser) path(s string) string {
	if filepath.IsAbs(s) {
		return filepath.Clean(s)
	}
	return filepath.Join(p.dir, filepath.FromSlash(s))
}

var topKeys = []string{"version", "defaults", "accounts"}

func (p *parser) file(doc *yaml.Node) *File {
	root := doc
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		root = doc.Content[0]
	}
	entries, ok := p.mapping(root, "migration file", topKeys)
	if !ok {
		return nil
	}
	var defaults settings
	var accounts *yaml.Node
	haveVersion := false
	for _, e := range entries {
		switch e.key {
		case "version":
			haveVersion = true
			p.version(e.value)
		case "defaults":
			des, _ := p.mapping(e.value, "defaults", defaultKeys)
			defaults = p.shared(des, "defaults.")
		case "accounts":
			accounts = e.value
		}
	}
	if !haveVersion {
		p.at(root, "version: 1 is required as the first key (the schema version)")
	}
	if accounts == nil {
		p.at(root, "accounts is required: a list of accounts to migrate")
		return nil
	}
	items, ok := p.seq(accounts, "accounts", "accounts (mappings with name, archive, …)")
	if !ok {
		return nil
	}
	if len(items) == 0 {
		p.at(accounts, "accounts: the list is empty")
	}
	f := &File{}
	names := map[string]*yaml.Node{}
	stored := map[string]*yaml.Node{}
	for _, item := range items {
		j := p.account(item, defaults)
		if j == nil {
			continue
		}
		// An entry without a name was reported by account; one with a name
		// must not repeat another's.
		if j.nameNode != nil {
			lower := strings.ToLower(j.Name)
			if first, dup := names[lower]; dup {
				p.at(j.nameNode, "duplicate account name %q (first at line %d)", j.Name, first.Line)
				continue
			}
			names[lower] = j.nameNode
		}
		if j.Account != "" && j.accountNode != nil {
			if first, dup := stored[j.Account]; dup {
				p.at(j.accountNode, "account %s is already migrated by another entry (line %d); two entries would share one journal", j.Account, first.Line)
				continue
			}
			stored[j.Account] = j.accountNode
		}
		f.Jobs = append(f.Jobs, j)
	}
	return f
}

func (p *parser) version(n *yaml.Node) {
	s, ok := p.scalar(n, "version", "1")
	if !ok {
		return
	}
	if s != "1" {
		p.at(n, "version: unsupported version %q; this fledge reads version 1", s)
	}
}

// settings are what defaults and an account share: the steps, the server
// and each step's options.
type settings struct {
	server    string
	serverPos *yaml.Node
	steps     []Step
	stepsNode *yaml.Node
	opts      map[Step]map[string]value
	// profiles are the Twitter profile files (browser captures, JSON
	// lines, CSV) of every step that reads them, unless the step names
	// its own.
	profiles *value
}

// value is one step option as written.
type value struct {
	opt  steps.Option
	text string   // scalar kinds, resolved for paths
	list []string // steps.KindList and steps.KindPaths
	node *yaml.Node
}

var defaultKeys = []string{"steps", "server", "profiles", "profile", "match", "follow", "import"}

var accountKeys = []string{"name", "archive", "server", "token_env", "account", "steps", "profiles", "profile", "match", "follow", "import"}

// profilesOption is the shared profiles key: a list of paths, passed as
// each step's --profiles.
var profilesOption = steps.Profiles

// profilesSteps are the steps that read profile files.
var profilesSteps = []Step{StepProfile, StepMatch}

// shared reads the keys defaults and accounts have in common; prefix
// ("defaults." or "") names them in messages.
func (p *parser) shared(entries []entry, prefix string) settings {
	s := settings{opts: map[Step]map[string]value{}}
	for _, e := range entries {
		switch e.key {
		case "steps":
			s.steps, s.stepsNode = p.steps(e.value, prefix+"steps"), e.value
		case "server":
			s.server, s.serverPos = p.server(e.value, prefix+"server"), e.value
		case "profiles":
			if v, ok := p.optionValue(profilesOption, e.value, prefix+"profiles"); ok {
				s.profiles = &v
			}
		case "profile", "match", "follow", "import":
			st := Step(e.key)
			s.opts[st] = p.stepOptions(st, e.value, prefix+e.key)
		}
	}
	return s
}

func (p *parser) steps(n *yaml.Node, what string) []Step {
	items, ok := p.seq(n, what, "steps ("+joinSteps()+")")
	if !ok {
		return nil
	}
	if len(items) == 0 {
		p.at(n, "%s: the list is empty; name at least one of %s", what, joinSteps())
		return nil
	}
	listed := map[Step]bool{}
	for _, it := range items {
		s, ok := p.scalar(it, what, "a step name")
		if !ok {
			continue
		}
		st := Step(s)
		if !slices.Contains(stepNames(), s) {
			p.at(it, "unknown step %q", s)
			continue
		}
		if listed[st] {
			p.at(it, "step %q is listed twice", s)
			continue
		}
		listed[st] = true
	}
	// Steps always run in the one order of package steps: match (its
	// output feeds follow and import), follow, profile, import.
	var out []Step
	for _, st := range Steps {
		if listed[st] {
			out = append(out, st)
		}
	}
	return out
}

func stepNames() []string {
	names := make([]string, len(Steps))
	for i, s := range Steps {
		names[i] = string(s)
	}
	return names
}

func joinSteps() string { return strings.Join(stepNames(), ", ") }

func (p *parser) server(n *yaml.Node, what string) string {
	s, ok := p.str(n, what)
	if !ok {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
		p.at(n, "%s: %q is not a server address; want https://host", what, s)
		return ""
	}
	return strings.TrimSuffix(s, "/")
}

func (p *parser) stepOptions(st Step, n *yaml.Node, what string) map[string]value {
	out := map[string]value{}
	entries, _ := p.mapping(n, what, optionKeys(st))
	for _, e := range entries {
		o, _ := lookupOption(st, e.key)
		if v, ok := p.optionValue(o, e.value, what+"."+e.key); ok {
			out[e.key] = v
		}
	}
	return out
}

func (p *parser) optionValue(o steps.Option, n *yaml.Node, what string) (value, bool) {
	v := value{opt: o, node: n}
	switch o.Kind {
	case steps.KindBool:
		s, ok := p.scalar(n, what, "true or false")
		if !ok {
			return v, false
		}
		var b bool
		if deref(n).Decode(&b) != nil {
			p.at(n, "%s: want true or false, not %q", what, s)
			return v, false
		}
		v.text = fmt.Sprint(b)
	case steps.KindInt:
		s, ok := p.scalar(n, what, "a whole number")
		if !ok {
			return v, false
		}
		var i int
		if deref(n).Decode(&i) != nil || i < o.Min {
			p.at(n, "%s: want a whole number of at least %d, not %q", what, o.Min, s)
			return v, false
		}
		v.text = fmt.Sprint(i)
	case steps.KindPaths, steps.KindList:
		// A single value may be written without brackets:
		// profiles: ./alice-profiles.jsonl
		items := []*yaml.Node{deref(n)}
		if d := deref(n); d == nil || d.Kind != yaml.ScalarNode {
			var ok bool
			if items, ok = p.seq(n, what, "values"); !ok {
				return v, false
			}
		}
		for _, it := range items {
			s, ok := p.str(it, what)
			if !ok {
				continue
			}
			if o.Kind == steps.KindList && !p.checkWord(o, it, s, what) {
				continue
			}
			if o.Kind == steps.KindPaths {
				s = p.path(s)
			}
			v.list = append(v.list, s)
		}
		if len(v.list) != len(items) {
			return v, false
		}
	default:
		s, ok := p.str(n, what)
		if !ok || !p.checkWord(o, n, s, what) {
			return v, false
		}
		switch o.Kind {
		case steps.KindPath:
			s = p.path(s)
		case steps.KindDate:
			if !validDate(s) {
				p.at(n, "%s: %q is not a date; want YYYY-MM-DD or RFC 3339", what, s)
				return v, false
			}
		case steps.KindRegexp:
			if _, err := regexp.Compile(s); err != nil {
				p.at(n, "%s: %v", what, err)
				return v, false
			}
		}
		v.text = s
	}
	return v, true
}

// checkWord applies an option's enum and check to one value.
func (p *parser) checkWord(o steps.Option, n *yaml.Node, s, what string) bool {
	if msg := o.Validate(s); msg != "" {
		p.at(n, "%s: %s", what, msg)
		return false
	}
	return true
}

func validDate(s string) bool {
	for _, layout := range []string{time.DateOnly, time.RFC3339} {
		if _, err := time.Parse(layout, s); err == nil {
			return true
		}
	}
	return false
}
