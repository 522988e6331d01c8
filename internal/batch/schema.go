package batch

// Step is one stage of an account's migration.
type Step string

// The steps, in the order they run for an account.
const (
	StepProfile Step = "profile"
	StepMatch   Step = "match"
	StepFollow  Step = "follow"
	StepImport  Step = "import"
)

// Steps lists every step in running order.
var Steps = []Step{StepProfile, StepMatch, StepFollow, StepImport}

// NeedsServer reports whether the step talks to the account's server (the
// match step only does when it verifies handles, which its own options say).
func (s Step) NeedsServer() bool { return s != StepMatch }

// kind is how an option's value is written in YAML and passed as a flag.
type kind int

const (
	kString kind = iota // a scalar, passed as --flag=value
	kBool               // true or false, passed as --flag=true|false
	kInt                // a whole number ≥ 0 (≥ 1 with min 1)
	kPath               // a file path, resolved against the file's directory
	kPaths              // a list of paths, one --flag per item
	kList               // a list of words, passed as one --flag=a,b
	kDate               // YYYY-MM-DD or RFC 3339
	kRegexp             // a Go regular expression
)

// option is one key of a step's mapping and the flag it becomes. An empty
// flag marks a key the batch itself interprets.
type option struct {
	key   string
	flag  string
	kind  kind
	enum  []string // allowed values (for a list: of each item)
	min   int      // smallest allowed int
	check func(string) string
}

// stepOptions are the keys each step accepts, in the order their flags
// are passed. They mirror the single commands' flags: `follow: {list: X}`
// is `fledge follow --list X`.
var stepOptions = map[Step][]option{
	StepProfile: {
		{key: "profiles", flag: "profiles", kind: kPaths},
		{key: "twitter_api", flag: "twitter-api", kind: kString, enum: []string{"auto", "v2", "v1", "off"}},
		{key: "no_avatar", flag: "no-avatar", kind: kBool},
		{key: "no_header", flag: "no-header", kind: kBool},
		{key: "truncate_bio", flag: "truncate-bio", kind: kBool},
		{key: "yes", flag: "yes", kind: kBool},
	},
	StepMatch: {
		{key: "profiles", flag: "profiles", kind: kPaths},
		{key: "offline", flag: "offline", kind: kBool},
		{key: "refresh", flag: "refresh", kind: kBool},
		{key: "allow_private_network", flag: "allow-private-network", kind: kBool},
		{key: "proxy_names", flag: "proxy-names", kind: kString, enum: []string{"refuse", "trust"}},
		{key: "no_reverse", flag: "no-reverse", kind: kBool},
		{key: "instances", flag: "instances", kind: kList, check: checkHost},
		{key: "concurrency", flag: "concurrency", kind: kInt, min: 1},
		{key: "twitter_api", flag: "twitter-api", kind: kString, enum: []string{"auto", "v2", "v1", "off"}},
		{key: "exclude_following", flag: "exclude-following", kind: kPath},
		{key: "exclude_following_server", flag: "exclude-following-server", kind: kBool},
		{key: "output", kind: kPath},
	},
	StepFollow: {
		{key: "from", kind: kPath},
		{key: "reblogs", flag: "reblogs", kind: kBool},
		{key: "notify", flag: "notify", kind: kBool},
		{key: "languages", flag: "languages", kind: kList, check: checkLanguage},
		{key: "list", flag: "list", kind: kString},
		{key: "max", flag: "max", kind: kInt},
	},
	StepImport: {
		{key: "job", flag: "job", kind: kString},
		{key: "include", flag: "include", kind: kList, enum: []string{"replies", "retweets"}},
		{key: "since", flag: "since", kind: kDate},
		{key: "until", flag: "until", kind: kDate},
		{key: "grep", flag: "grep", kind: kRegexp},
		{key: "exclude_grep", flag: "exclude-grep", kind: kRegexp},
		{key: "min_likes", flag: "min-likes", kind: kInt},
		{key: "only_media", flag: "only-media", kind: kBool},
		{key: "ids", flag: "ids", kind: kPath},
		{key: "exclude_ids", flag: "exclude-ids", kind: kPath},
		{key: "alt", flag: "alt", kind: kPath},
		{key: "matches", flag: "matches", kind: kPath},
		{key: "mentions", flag: "mentions", kind: kString, enum: []string{"plain", "fediverse"}},
		{key: "visibility", flag: "visibility", kind: kString, enum: []string{"public", "unlisted", "private"}},
		{key: "backdate", flag: "backdate", kind: kString, enum: []string{"auto", "never"}},
		{key: "footer", flag: "footer", kind: kString},
		{key: "no_footer", flag: "no-footer", kind: kBool},
		{key: "no_language", flag: "no-language", kind: kBool},
		{key: "strict_media", flag: "strict-media", kind: kBool},
		{key: "max", flag: "max", kind: kInt},
		{key: "yes", flag: "yes", kind: kBool},
		{key: "replan", flag: "replan", kind: kBool},
	},
}

// lookupOption finds a step's option by its YAML key.
func lookupOption(s Step, key string) (option, bool) {
	for _, o := range stepOptions[s] {
		if o.key == key {
			return o, true
		}
	}
	return option{}, false
}

func optionKeys(s Step) []string {
	keys := make([]string, 0, len(stepOptions[s]))
	for _, o := range stepOptions[s] {
		keys = append(keys, o.key)
	}
	return keys
}
