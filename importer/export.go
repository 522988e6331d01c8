package importer

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

// ExportKind is one of the CSV files Mastodon's Settings › Import and
// export accepts.
type ExportKind string

const (
	ExportFollowing ExportKind = "following"
	ExportBlocks    ExportKind = "blocks"
	ExportMutes     ExportKind = "mutes"
	ExportLists     ExportKind = "lists"
)

// ExportKinds lists the kinds in the order help text shows them.
var ExportKinds = []ExportKind{ExportFollowing, ExportBlocks, ExportMutes, ExportLists}

// MaxImportRows is Mastodon's row limit per import file.
const MaxImportRows = matcher.MastodonImportMaxRows

// ExportOptions fill the columns besides the address.
type ExportOptions struct {
	// Following: Show boosts, Notify on new posts, Languages.
	Reblogs   bool
	Notify    bool
	Languages []string
	// Mutes: Hide notifications.
	HideNotifications bool
	// Lists: the list name of every row (required).
	ListName string
}

// DefaultExportOptions are Mastodon's own defaults.
func DefaultExportOptions() ExportOptions {
	return ExportOptions{Reblogs: true, HideNotifications: true}
}

// header is the first line of each kind; blocks and lists have none
// (app/models/export.rb).
func (k ExportKind) header() []string {
	switch k {
	case ExportFollowing:
		return []string{"Account address", "Show boosts", "Notify on new posts", "Languages"}
	case ExportMutes:
		return []string{"Account address", "Hide notifications"}
	}
	return nil
}

// ParseExportKind reads a kind as typed on the command line.
func ParseExportKind(s string) (ExportKind, error) {
	for _, k := range ExportKinds {
		if strings.EqualFold(s, string(k)) {
			return k, nil
		}
	}
	return "", fmt.Errorf("unknown export %q (want following, blocks, mutes or lists)", s)
}

// validate checks the options a kind needs.
func (o ExportOptions) validate(k ExportKind) error {
	if k != ExportLists {
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

func (o ExportOptions) row(k ExportKind, addr string) []string {
	switch k {
	case ExportFollowing:
		return []string{addr, strconv.FormatBool(o.Reblogs), strconv.FormatBool(o.Notify), strings.Join(o.Languages, ", ")}
	case ExportMutes:
		return []string{addr, strconv.FormatBool(o.HideNotifications)}
	case ExportLists:
		return []string{strings.TrimSpace(o.ListName), addr}
	}
	return []string{addr}
}

// Export writes targets as Mastodon import files of kind k to path, split
// into files of at most MaxImportRows rows (path, then <stem>-2<ext>, …,
// as matcher names split follow exports). create opens each file. It
// returns the names written. An empty export still writes path (with its
// header, where the kind has one).
func Export(k ExportKind, targets []follow.Target, o ExportOptions, path string, create func(name string) (io.WriteCloser, error)) ([]string, error) {
	if err := o.validate(k); err != nil {
		return nil, err
	}
	if _, err := ParseExportKind(string(k)); err != nil {
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
		werr := writeExport(w, k, o, rows[lo:hi])
		if err := errors.Join(werr, w.Close()); err != nil {
			return names[:i], fmt.Errorf("write %s: %w", name, err)
		}
	}
	return names, nil
}

func writeExport(w io.Writer, k ExportKind, o ExportOptions, rows []string) error {
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
