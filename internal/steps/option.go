package steps

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Kind is how an option's value is written, on the command line and in a
// migration file.
type Kind int

const (
	KindString Kind = iota // a word or text
	KindBool               // true or false
	KindInt                // a whole number ≥ Min
	KindPath               // a file path (in a migration file: resolved against its folder)
	KindPaths              // a list of paths (a flag given once per path)
	KindList               // a list of words (one flag, comma-separated)
	KindDate               // YYYY-MM-DD or RFC 3339
	KindRegexp             // a Go regular expression
)

// Option is the one declaration of an option: the flag of the commands
// that take it, the key of a step in a migration file, its kind, the
// values it allows, its default and its help. Commands and the migration
// file read it from here, so they cannot disagree.
type Option struct {
	Flag    string   // long flag name; "" when only a migration file has it
	Short   string   // one-letter flag, if any
	Key     string   // key in a step's mapping of a migration file; "" for flags only
	Kind    Kind     //
	Enum    []string // allowed values (of each item, for a List)
	Default string   // as text: "unlisted", "true", "0"
	Min     int      // smallest allowed Int
	Usage   string   // help; a `WORD` in backquotes names the value
	// Check, if set, returns what is wrong with one value ("" when fine).
	Check func(string) string
}

// Help returns the option with the help a command words for itself
// (fledge follow's --max counts follows, fledge import's posts).
func (o Option) Help(usage string) Option {
	o.Usage = usage
	return o
}

// WithDefault returns the option with a default the command gives for
// itself (fledge match's --concurrency is the matcher's, which this
// package may not import); a List's default is comma-separated.
func (o Option) WithDefault(def string) Option {
	o.Default = def
	return o
}

// DefaultBool is the default of a Bool option.
func (o Option) DefaultBool() bool { return o.Default == "true" }

// DefaultInt is the default of an Int option.
func (o Option) DefaultInt() int {
	n, _ := strconv.Atoi(o.Default)
	return n
}

// Validate checks one value (one item of a List) against the option's
// allowed values and check, and returns what is wrong ("" when fine).
func (o Option) Validate(s string) string {
	if len(o.Enum) > 0 {
		if !slices.Contains(o.Enum, s) {
			return fmt.Sprintf("%q is not one of %s", s, strings.Join(o.Enum, ", "))
		}
	}
	if o.Check != nil {
		return o.Check(s)
	}
	return ""
}

var (
	languageRE = regexp.MustCompile(`^[a-z]{2}$`)
	hostRE     = regexp.MustCompile(`^[A-Za-z0-9.-]+(:[0-9]+)?$`)
)

func checkLanguage(s string) string {
	if !languageRE.MatchString(s) {
		return fmt.Sprintf("%q is not an ISO 639-1 language code (two lowercase letters, like en)", s)
	}
	return ""
}

func checkHost(s string) string {
	if !hostRE.MatchString(s) {
		return fmt.Sprintf("%q is not a host name", s)
	}
	return ""
}
