// Package diskcache keeps records as small JSON files under a directory,
// each good until an expiry the caller derives from the record, so a
// re-run makes no network requests for what it already knows. It is the
// one disk cache behind the WebFinger verification cache (matcher) and the
// Twitter profile cache (internal/twitter).
//
// A cache is only an optimisation: a missing, unreadable, corrupt or
// expired file is a miss, never an error. Writes go through atomicfile, so
// concurrent runs and crashes never leave half a record. What a record
// holds, and what makes it worth keeping, is the caller's business.
package diskcache

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fledge-cli/fledge/internal/atomicfile"
)

// Cache stores records of type T under dir.
type Cache[T any] struct {
	dir    string
	expiry func(T) time.Time
}

// Open opens (creating it with mode 0700 if needed) a cache in dir whose
// records are good until expiry(record).
func Open[T any](dir string, expiry func(T) time.Time) (*Cache[T], error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("open cache %s: %w", dir, err)
	}
	return &Cache[T]{dir: dir, expiry: expiry}, nil
}

// HashedName turns any key into a file name that is safe whatever the key
// holds, spread over 256 sub-directories so none grows huge.
func HashedName(key string) string {
	sum := sha256.Sum256([]byte(key))
	h := hex.EncodeToString(sum[:])
	return filepath.Join(h[:2], h+".json")
}

// Get returns the record stored under name (a path relative to the
// cache's directory, from HashedName or a name the caller has checked) if
// it is still good at now.
func (c *Cache[T]) Get(name string, now time.Time) (T, bool) {
	var rec T
	b, err := os.ReadFile(filepath.Join(c.dir, name))
	if err != nil || json.Unmarshal(b, &rec) != nil || !now.Before(c.expiry(rec)) {
		var zero T
		return zero, false
	}
	return rec, true
}

// Put stores rec under name, replacing what was there.
func (c *Cache[T]) Put(name string, rec T) error {
	b, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("cache %s: %w", name, err)
	}
	p := filepath.Join(c.dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return err // names the directory
	}
	return atomicfile.WriteFile(p, b, 0o600)
}

// Prune deletes records expired at now, files that are not records, and
// temporary files a crash left behind.
func (c *Cache[T]) Prune(now time.Time) error {
	return c.walk(func(p string) bool {
		if isTemp(p) {
			return true
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return false
		}
		var rec T
		return json.Unmarshal(b, &rec) != nil || !now.Before(c.expiry(rec))
	})
}

// Clear deletes every file in the cache (for --refresh).
func (c *Cache[T]) Clear() error {
	return c.walk(func(string) bool { return true })
}

// walk removes the files under the cache's directory that drop says to.
func (c *Cache[T]) walk(drop func(path string) bool) error {
	err := filepath.WalkDir(c.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !drop(p) {
			return err
		}
		if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
			return err
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("clean cache %s: %w", c.dir, err)
	}
	return nil
}

// isTemp matches atomicfile's temporary names (".<name>.<random>.tmp").
func isTemp(p string) bool {
	base := filepath.Base(p)
	return strings.HasPrefix(base, ".") && strings.HasSuffix(base, ".tmp")
}
