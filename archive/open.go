package archive

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strings"
	"sync"
)

// Archive is an opened archive. Its methods may be called from several
// goroutines; each iterator reads its files independently.
type Archive struct {
	path   string
	store  storage
	format Format
	root   string // data root: where account.js / manifest.js live; Grailbird: the folder holding data/js

	manifest *manifest // nil when absent
	acct     accountCache

	mu       sync.Mutex
	warnings []string
	warned   map[string]bool
	dropped  int // warnings not kept once the list is full
}

// maxWarnings bounds Warnings(): past it we only count.
const maxWarnings = 200

// Open opens a .zip archive or an extracted archive folder.
func Open(path string) (*Archive, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("open archive: %w", err)
	}
	var store storage
	var skipped []string
	var dups map[string]int
	switch {
	case st.IsDir():
		d, err := openDir(path)
		if err != nil {
			return nil, fmt.Errorf("open archive: %w", err)
		}
		store = d
	case st.Mode().IsRegular():
		z, err := openZip(path)
		if err != nil {
			if what := misdirected(path, false); what != "" {
				return nil, misdirectedError(path, what)
			}
			return nil, fmt.Errorf("open archive: %w", err)
		}
		store, skipped, dups = z, z.skipped, z.dups
	default:
		return nil, fmt.Errorf("open archive: %s: neither a zip file nor a folder", path)
	}
	a := &Archive{path: path, store: store}
	for _, name := range skipped {
		a.warnf("%s: ignored zip entry %q: its name points outside the archive", path, name)
	}
	if err := a.checkDuplicates(dups); err != nil {
		store.close()
		return nil, fmt.Errorf("open archive: %w", err)
	}
	if err := a.detect(); err != nil {
		store.close()
		if what := misdirected(path, st.IsDir()); what != "" {
			return nil, misdirectedError(path, what)
		}
		return nil, fmt.Errorf("open archive: %s: %w", path, err)
	}
	if a.format == FormatGDPR {
		if err := a.loadManifest(); err != nil {
			store.close()
			return nil, fmt.Errorf("open archive: %w", err)
		}
	}
	return a, nil
}

// checkDuplicates reports member names a zip stores more than once. Zip
// readers disagree on which copy wins (a changed account.js made the
// account another name), so a duplicated data file is an error; a
// duplicated media file only a warning, since either copy is a picture.
func (a *Archive) checkDuplicates(dups map[string]int) error {
	names := make([]string, 0, len(dups))
	for n := range dups {
		names = append(names, n)
	}
	sort.Strings(names)
	var data []string
	for _, n := range names {
		if strings.HasSuffix(n, ".js") || strings.HasSuffix(n, ".csv") {
			data = append(data, fmt.Sprintf("%s (%d copies)", n, dups[n]))
			continue
		}
		a.warnf("%s: the zip holds %d copies of %s; the last one is used", a.path, dups[n], n)
	}
	if len(data) > 0 {
		return fmt.Errorf("%s: the zip holds more than one copy of %s: it was changed after it was made, and fledge will not guess which copy is real; download the archive again, or remove the extra copies", a.path, strings.Join(data, ", "))
	}
	return nil
}

// Close releases the zip file or folder handle.
func (a *Archive) Close() error { return a.store.close() }

// Format reports the archive generation.
func (a *Archive) Format() Format { return a.format }

// Path is the path Open was given.
func (a *Archive) Path() string { return a.path }

// Warnings returns the non-fatal problems seen so far, such as missing media
// files, as sentences naming the files concerned.
func (a *Archive) Warnings() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := append([]string(nil), a.warnings...)
	if a.dropped > 0 {
		out = append(out, fmt.Sprintf("%d more warnings not shown", a.dropped))
	}
	return out
}

func (a *Archive) warnf(format string, args ...any) {
	a.mu.Lock()
	defer a.mu.Unlock()
	msg := fmt.Sprintf(format, args...)
	if a.warned[msg] {
		return // Tweets and Inspect may both see the same problem
	}
	if a.warned == nil {
		a.warned = map[string]bool{}
	}
	a.warned[msg] = true
	if len(a.warnings) >= maxWarnings {
		a.dropped++
		return
	}
	a.warnings = append(a.warnings, msg)
}

// errNotArchive is returned when no era's marker files are found.
var errNotArchive = errors.New("not a Twitter archive: found none of data/manifest.js, account.js, tweets.js, tweet.js, data/js/tweet_index.js or tweets.csv")

// detect finds the data root (docs §2, §16 step 1). Candidates are the top
// and, for archives re-zipped by hand, a single top-level folder.
func (a *Archive) detect() error {
	bases := []string{""}
	files, dirs := a.store.list("")
	var real []string
	for _, d := range dirs {
		if d != "__MACOSX" && !strings.HasPrefix(d, ".") {
			real = append(real, d)
		}
	}
	if len(real) == 1 && len(files) <= 2 {
		bases = append(bases, real[0])
	}
	for _, base := range bases {
		if f, root, ok := a.detectAt(base); ok {
			a.format, a.root = f, root
			return nil
		}
	}
	return errNotArchive
}

func (a *Archive) detectAt(base string) (Format, string, bool) {
	has := func(elem ...string) bool { return a.store.exists(join(elem...)) }
	data := join(base, "data")
	switch {
	case has(base, "data/js/tweet_index.js"), has(base, "tweets.csv"), a.hasGrailbirdMonths(base):
		return FormatGrailbird, base, true
	case has(data, "manifest.js"), has(data, "account.js"), has(data, "tweets.js"), has(data, "tweet.js"):
		return FormatGDPR, data, true
	case has(base, "manifest.js"):
		// The contents of data/ zipped on their own.
		return FormatGDPR, base, true
	case has(base, "account.js"), has(base, "tweet.js"), has(base, "tweets.js"):
		return FormatGDPR2018, base, true
	}
	return "", "", false
}

func (a *Archive) hasGrailbirdMonths(base string) bool {
	for _, dir := range []string{"data/js/tweets", "data/csv"} {
		if files, _ := a.store.list(join(base, dir)); len(files) > 0 {
			return true
		}
	}
	return false
}

// OpenFile opens a file inside the archive by its archive path (as found
// in Media.File or Profile.AvatarFile) and reports its size.
func (a *Archive) OpenFile(name string) (io.ReadCloser, int64, error) {
	if !fs.ValidPath(name) || name == "." {
		return nil, 0, fmt.Errorf("%s: %q: invalid archive path", a.path, name)
	}
	rc, n, err := a.store.open(name)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", a.path, err)
	}
	return rc, n, nil
}

// openData opens a data file by archive path; a missing file reports
// fs.ErrNotExist so callers can treat it as empty.
// Large zip members are inflated ahead on a second goroutine.
func (a *Archive) openData(name string) (io.ReadCloser, error) {
	rc, size, err := a.store.open(name)
	if err != nil {
		return nil, err // names the file already
	}
	if _, inflating := rc.(*cappedReader); inflating && size >= prefetchMin {
		return newPrefetchReader(rc), nil
	}
	return rc, nil
}
