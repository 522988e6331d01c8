package export

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/fledge-cli/fledge/importer/follow"
	"github.com/fledge-cli/fledge/matcher"
)

// Kind is one of the CSV files Mastodon's Settings › Import and
// export accepts.
type Kind string

const (
	Following Kind = "following"
	Blocks    Kind = "blocks"
	Mutes     Kind = "mutes"
	Lists     Kind = "lists"
)

// Kinds lists the kinds in the order help text shows them.
var Kinds = []Kind{Following, Blocks, Mutes, Lists}

// MaxImportRows is Mastodon's row limit per import file.
const MaxImportRows = matcher.MastodonImportMaxRows

// Options fill the columns besides the address.
type Options struct {
	// Following: Show boosts, Notify on new posts, Languages.
	Reblogs   bool
	Notify    bool
	Languages []string
	// Mutes: Hide notifications.
	HideNotifications bool
	// Lists: the list name of every row (required).
	ListName string
}

// DefaultOptions are Mastodon's own defaults.
func DefaultOptions() Options {
	return Options{Reblogs: true, HideNotifications: true}
}

// header is the first line of each kind; blocks and lists have none
// (app/models/export.rb).
func (k Kind) header() []string {
	switch k {
	case Following:
		return []string{"Account address", "Show boosts", "Notify on new posts", "Languages"}
	case Mutes:
		return []string{"Account address", "Hide notifications"}
	}
	return nil
}

// ParseKind reads a kind as typed on the command line.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds {
		if strings.EqualFold(s, string(k)) {
			return k, nil
		}
	}
	return "", fmt.Errorf("unknown export %q (want following, blocks, mutes or lists)", s)
}

// Validate checks the options a kind needs.
func (o Options) Validate(k Kind) error {
	if k != Lists {
		return nil
	}
	name := strings.TrimSpace(o.ListName)
	switch {
	case name == "":
		return errors.New("a lists export needs a list name")
	case strings.ContainsAny(name, "\r\n"):
		return errors.New("a list name cannot span lines")
	}
	return nil
}

func (o Options) row(k Kind, addr string) []string {
	switch k {
	case Following:
		return []string{addr, strconv.FormatBool(o.Reblogs), strconv.FormatBool(o.Notify), strings.Join(o.Languages, ", ")}
	case Mutes:
		return []string{addr, strconv.FormatBool(o.HideNotifications)}
	case Lists:
		return []string{strings.TrimSpace(o.ListName), addr}
	}
	return []string{addr}
}

// Write writes targets as Mastodon import files of kind k to path, split
// into files of at most MaxImportRows rows (path, then <stem>-2<ext>, …,
// as matcher names split follow exports). create opens each file. It
// returns the names written. An empty export still writes path (with its
// header, where the kind has one).
func Write(k Kind, targets []follow.Target, o Options, path string, create func(name string) (io.WriteCloser, error)) ([]string, error) {
	if err := o.Validate(k); err != nil {
		return nil, err
	}
	if _, err := ParseKind(string(k)); err != nil {
		return nil, err
	}
	rows := make([]string, 0, len(targets))
	for _, t := range follow.Dedupe(append([]follow.Target(nil), targets...)) {
		addr, err := follow.ParseAddress(t.Handle)
		if err != nil {
			return nil, err
		}
		rows = append(rows, addr)
	}
	parts := max(1, (len(rows)+MaxImportRows-1)/MaxImportRows)
	names := matcher.PartNames(path, parts)
	for i, name := range names {
		lo := i * MaxImportRows
		hi := min(lo+MaxImportRows, len(rows))
		w, err := create(name)
		if err != nil {
			return names[:i], fmt.Errorf("create %s: %w", name, err)
		}
		werr := WriteRows(w, k, o, rows[lo:hi])
		if err := errors.Join(werr, w.Close()); err != nil {
			return names[:i], fmt.Errorf("write %s: %w", name, err)
		}
	}
	return names, nil
}

// WriteRows writes one import file of kind k: its header, if it has one,
// then a row per address.
func WriteRows(w io.Writer, k Kind, o Options, rows []string) error {
	cw := csv.NewWriter(w)
	if h := k.header(); h != nil {
		if err := cw.Write(h); err != nil {
			return err
		}
	}
	for _, addr := range rows {
		if err := cw.Write(o.row(k, addr)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
