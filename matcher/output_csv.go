package matcher

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// Mastodon's following import (app/models/form/import.rb) and follow cap
// (app/validators/follow_limit_validator.rb).
const (
	MastodonCSVHeader     = "Account address,Show boosts,Notify on new posts,Languages"
	MastodonImportMaxRows = 20000
	MastodonFollowLimit   = 7500
)

// FollowLimitWarning says an export holds more accounts than Mastodon lets
// one account follow; the import would be refused as a whole.
type FollowLimitWarning struct {
	Total, Limit int
}

func (w *FollowLimitWarning) Error() string {
	return fmt.Sprintf("%d accounts to follow: Mastodon refuses a follow import past %d follows (counting the ones you already have); "+
		"split the list, or use --exclude-following to keep only new accounts", w.Total, w.Limit)
}

// MastodonCSV collects the accounts to follow for Mastodon's "Following
// list" import: one row per canonical handle, moved accounts replaced by
// their target (Mastodon refuses to follow a moved account).
type MastodonCSV struct {
	rows []string
	seen map[string]bool
}

// NewMastodonCSV returns an empty export.
func NewMastodonCSV() *MastodonCSV {
	return &MastodonCSV{seen: map[string]bool{}}
}

// Add adds the accepted handles of m and reports how many were new.
func (c *MastodonCSV) Add(m Match) (int, error) {
	added := 0
	for _, h := range m.Handles {
		if cand := candidateFor(m, h); cand != nil && cand.Status == StatusMoved && cand.MovedTo != "" {
			h = cand.MovedTo
		}
		addr, err := importAddress(h)
		if err != nil {
			return added, fmt.Errorf("twitter account %s: %w", m.TwitterID, err)
		}
		key := strings.ToLower(addr)
		if c.seen[key] {
			continue
		}
		c.seen[key] = true
		c.rows = append(c.rows, addr)
		added++
	}
	return added, nil
}

// importAddress turns @user@domain into the user@domain Mastodon writes.
func importAddress(h string) (string, error) {
	a := strings.TrimPrefix(h, "@")
	user, domain, ok := strings.Cut(a, "@")
	if !ok || user == "" || domain == "" || strings.ContainsAny(a, " \t\r\n,\"") || strings.Contains(domain, "@") {
		return "", fmt.Errorf("handle %.80q is not of the form @user@domain", h)
	}
	return user + "@" + strings.ToLower(domain), nil
}

// Len reports the number of rows.
func (c *MastodonCSV) Len() int { return len(c.rows) }

// Warning returns a *FollowLimitWarning when the export passes Mastodon's
// follow limit, else nil. It is advice, not a failure: the files are still
// written.
func (c *MastodonCSV) Warning() error {
	if len(c.rows) > MastodonFollowLimit {
		return &FollowLimitWarning{Total: len(c.rows), Limit: MastodonFollowLimit}
	}
	return nil
}

// WriteTo writes every row as one CSV, whatever its length; use WriteFiles
// to respect the importer's row limit.
func (c *MastodonCSV) WriteTo(w io.Writer) (int64, error) {
	cw := &countingWriter{w: w}
	if err := writeMastodonRows(cw, c.rows); err != nil {
		return cw.n, err
	}
	return cw.n, nil
}

// ErrTooManyRows is returned when rows beyond one import file's limit would
// have to go to a single stream.
var ErrTooManyRows = errors.New("more rows than one Mastodon import file accepts")

// WriteFiles writes the export to path, split into files of at most
// MastodonImportMaxRows rows: path itself, then "<stem>-2<ext>",
// "<stem>-3<ext>", … (following.csv, following-2.csv). create opens each
// file (os.Create in the command; a map of buffers in tests). It returns
// the names written.
func (c *MastodonCSV) WriteFiles(path string, create func(name string) (io.WriteCloser, error)) ([]string, error) {
	parts := (len(c.rows) + MastodonImportMaxRows - 1) / MastodonImportMaxRows
	if parts == 0 {
		parts = 1 // an empty export is still a valid file with a header
	}
	names := PartNames(path, parts)
	for i, name := range names {
		lo := i * MastodonImportMaxRows
		hi := min(lo+MastodonImportMaxRows, len(c.rows))
		f, err := create(name)
		if err != nil {
			return names[:i], fmt.Errorf("create %s: %w", name, err)
		}
		werr := writeMastodonRows(f, c.rows[lo:hi])
		cerr := f.Close()
		if err := errors.Join(werr, cerr); err != nil {
			return names[:i], fmt.Errorf("write %s: %w", name, err)
		}
	}
	return names, nil
}

// PartNames names the n files of a split export.
func PartNames(path string, n int) []string {
	ext := filepath.Ext(path)
	stem := strings.TrimSuffix(path, ext)
	names := []string{path}
	for i := 2; i <= n; i++ {
		names = append(names, fmt.Sprintf("%s-%d%s", stem, i, ext))
	}
	return names
}

func writeMastodonRows(w io.Writer, rows []string) error {
	cw := csv.NewWriter(w)
	_ = cw.Write(strings.Split(MastodonCSVHeader, ","))
	for _, addr := range rows {
		_ = cw.Write([]string{addr, "true", "false", ""})
	}
	cw.Flush()
	return cw.Error()
}

// WriteMastodonCSV writes ms as one Mastodon following CSV. It fails with
// ErrTooManyRows past the importer's limit (use MastodonCSV.WriteFiles),
// and returns a *FollowLimitWarning alongside a complete file past the
// follow limit.
func WriteMastodonCSV(w io.Writer, ms []Match) error {
	c := NewMastodonCSV()
	for _, m := range ms {
		if _, err := c.Add(m); err != nil {
			return err
		}
	}
	if c.Len() > MastodonImportMaxRows {
		return fmt.Errorf("%d rows: %w (limit %d)", c.Len(), ErrTooManyRows, MastodonImportMaxRows)
	}
	if _, err := c.WriteTo(w); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return c.Warning()
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
