package directory

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/fledge-cli/fledge/importer/export"
	"github.com/fledge-cli/fledge/matcher"
)

// The files WriteFiles writes into the output directory.
const (
	MarkdownFile  = "directory.md"
	HTMLFile      = "directory.html"
	FollowingFile = "following.csv"
	ListsFile     = "lists.csv"
)

// followingCSV is the members as matcher's Mastodon following export:
// one row per member (its best handle, already the move target).
func (d *Directory) followingCSV() (*matcher.MastodonCSV, error) {
	c := matcher.NewMastodonCSV()
	for _, t := range d.Targets() {
		if _, err := c.Add(matcher.Match{TwitterID: t.TwitterID, ScreenName: t.ScreenName, Handles: []string{t.Handle}}); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// WriteFollowingCSV writes Mastodon's following import (header
// "Account address,Show boosts,Notify on new posts,Languages") as one
// file, whatever its length; WriteFiles splits long ones.
func (d *Directory) WriteFollowingCSV(w io.Writer) error {
	c, err := d.followingCSV()
	if err != nil {
		return err
	}
	_, err = c.WriteTo(w)
	return err
}

// WriteListsCSV writes Mastodon's lists import as one file: rows of
// "List name,user@domain" without a header line. The issue names the
// columns "List name,Account address"; that is the header Mastodon's
// importer expects, but its own export (app/models/export.rb) writes no
// header and the importer reads a header-less file with exactly those
// columns, so we write what Mastodon writes (see export.Write).
func (d *Directory) WriteListsCSV(w io.Writer) error {
	rows := make([]string, 0, d.Len())
	for _, t := range d.Targets() {
		rows = append(rows, t.Handle)
	}
	return export.WriteRows(w, export.Lists, export.Options{ListName: d.ListName}, rows)
}

// FollowLimitWarning returns a *matcher.FollowLimitWarning when the
// directory holds more accounts than Mastodon lets one account follow,
// else nil. It is advice: the files are written all the same.
func (d *Directory) FollowLimitWarning() error {
	if n := d.Len(); n > matcher.MastodonFollowLimit {
		return &matcher.FollowLimitWarning{Total: n, Limit: matcher.MastodonFollowLimit}
	}
	return nil
}

// WriteFiles writes directory.md, directory.html, following.csv and
// lists.csv into dir (the CSV files split at Mastodon's 20,000 rows per
// import: following-2.csv, …). create opens each file. It returns the
// names written, in that order.
func (d *Directory) WriteFiles(dir string, create func(name string) (io.WriteCloser, error)) ([]string, error) {
	var names []string
	for _, page := range []struct {
		name  string
		write func(io.Writer) error
	}{{MarkdownFile, d.WriteMarkdown}, {HTMLFile, d.WriteHTML}} {
		name := filepath.Join(dir, page.name)
		w, err := create(name)
		if err != nil {
			return names, fmt.Errorf("create %s: %w", name, err)
		}
		if err := errors.Join(page.write(w), w.Close()); err != nil {
			return names, fmt.Errorf("write %s: %w", name, err)
		}
		names = append(names, name)
	}
	c, err := d.followingCSV()
	if err != nil {
		return names, err
	}
	written, err := c.WriteFiles(filepath.Join(dir, FollowingFile), create)
	names = append(names, written...)
	if err != nil {
		return names, err
	}
	written, err = export.Write(export.Lists, d.Targets(), export.Options{ListName: d.ListName}, filepath.Join(dir, ListsFile), create)
	names = append(names, written...)
	return names, err
}
