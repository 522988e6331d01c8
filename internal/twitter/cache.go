package twitter

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fledge-cli/fledge/internal/diskcache"
	"github.com/fledge-cli/fledge/internal/textscan"
)

// Default lifetimes: profiles change slowly and cost money to fetch;
// accounts that were missing (suspended, deleted) are rechecked sooner.
const (
	DefaultCacheTTL   = 30 * 24 * time.Hour
	DefaultMissingTTL = 7 * 24 * time.Hour
)

// Cache keeps fetched profiles as JSON files under a directory: one file
// per account id in id/, and a pointer file per lower-cased screen name in
// name/. It implements UserSource, so a re-run can be served
// entirely from disk, even without a token.
type Cache struct {
	dc         *diskcache.Cache[cacheEntry]
	ttl        time.Duration
	missingTTL time.Duration
	now        func() time.Time
}

// CacheOptions tunes a Cache; zero values pick the defaults.
type CacheOptions struct {
	TTL        time.Duration
	MissingTTL time.Duration
	Now        func() time.Time
}

// OpenCache opens (creating if needed) a profile cache under dir.
func OpenCache(dir string, opts CacheOptions) (*Cache, error) {
	c := &Cache{ttl: opts.TTL, missingTTL: opts.MissingTTL, now: opts.Now}
	if c.ttl <= 0 {
		c.ttl = DefaultCacheTTL
	}
	if c.missingTTL <= 0 {
		c.missingTTL = DefaultMissingTTL
	}
	if c.now == nil {
		c.now = time.Now
	}
	dc, err := diskcache.Open(dir, c.expiry)
	if err != nil {
		return nil, fmt.Errorf("open profile cache: %w", err)
	}
	c.dc = dc
	return c, nil
}

// DefaultCacheDir is where the command keeps the cache unless told
// otherwise: <user cache dir>/fledge/twitter-profiles.
func DefaultCacheDir() (string, error) {
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("find cache dir: %w", err)
	}
	return filepath.Join(d, "fledge", "twitter-profiles"), nil
}

type cacheEntry struct {
	FetchedAt time.Time `json:"fetched_at"`
	Missing   bool      `json:"missing,omitempty"` // the API did not return this account
	ID        string    `json:"id,omitempty"`      // name/ entries point at an id
	Profile   *User     `json:"profile,omitempty"`
}

// lookupState is what the cache knows of one account.
type lookupState int

const (
	cacheMiss lookupState = iota
	cacheHit
	cacheMissing // known not to exist, recently
)

// idPath and namePath name an entry inside the cache; callers check id
// and name with validID and validName first, so they are plain file names.
func idPath(id string) string  { return filepath.Join("id", id+".json") }
func namePath(n string) string { return filepath.Join("name", strings.ToLower(n)+".json") }

// byID returns the cached profile for a numeric id.
func (c *Cache) byID(id string) (User, lookupState) {
	if !validID(id) {
		return User{}, cacheMiss
	}
	e, ok := c.read(idPath(id))
	switch {
	case !ok:
		return User{}, cacheMiss
	case e.Missing:
		return User{}, cacheMissing
	case e.Profile == nil:
		return User{}, cacheMiss
	}
	return *e.Profile, cacheHit
}

// byName follows a screen name's pointer to its id entry.
func (c *Cache) byName(name string) (User, lookupState) {
	if !validName(name) {
		return User{}, cacheMiss
	}
	e, ok := c.read(namePath(name))
	switch {
	case !ok:
		return User{}, cacheMiss
	case e.Missing:
		return User{}, cacheMissing
	}
	p, st := c.byID(e.ID)
	if st == cacheHit && !strings.EqualFold(p.ScreenName, name) {
		return User{}, cacheMiss // renamed since; ask again
	}
	return p, st
}

// expiry is when an entry stops being fresh: missing accounts are
// rechecked sooner than profiles.
func (c *Cache) expiry(e cacheEntry) time.Time {
	if e.Missing {
		return e.FetchedAt.Add(c.missingTTL)
	}
	return e.FetchedAt.Add(c.ttl)
}

// read returns a fresh entry; stale, unreadable or corrupt files count as
// misses (the cache is only an optimisation), and so does an entry stamped
// in the future (a clock that jumped).
func (c *Cache) read(name string) (cacheEntry, bool) {
	now := c.now()
	e, ok := c.dc.Get(name, now)
	if !ok || e.FetchedAt.After(now) {
		return cacheEntry{}, false
	}
	return e, true
}

// Put stores a fetched profile under its id and screen name.
func (c *Cache) Put(p User) error {
	if !validID(p.ID) {
		return fmt.Errorf("cache profile: id %q is not numeric", p.ID)
	}
	now := c.now()
	if err := c.write(idPath(p.ID), cacheEntry{FetchedAt: now, Profile: &p}); err != nil {
		return err
	}
	if validName(p.ScreenName) {
		return c.write(namePath(p.ScreenName), cacheEntry{FetchedAt: now, ID: p.ID})
	}
	return nil
}

// PutMissing records that the API had no account with this id or name.
func (c *Cache) PutMissing(id, name string) error {
	e := cacheEntry{FetchedAt: c.now(), Missing: true}
	if validID(id) {
		return c.write(idPath(id), e)
	}
	if validName(name) {
		return c.write(namePath(name), e)
	}
	return nil
}

// write stores an entry; diskcache replaces the file atomically, so a
// crash never leaves half a record.
func (c *Cache) write(name string, e cacheEntry) error {
	if err := c.dc.Put(name, e); err != nil {
		return fmt.Errorf("cache profile: %w", err)
	}
	return nil
}

func (c *Cache) String() string { return "Twitter profile cache" }

// Lookup implements UserSource from the cache alone.
func (c *Cache) Lookup(ctx context.Context, ids, screenNames []string) ([]User, error) {
	var out []User
	for _, id := range ids {
		if p, st := c.byID(id); st == cacheHit {
			out = append(out, p)
		}
	}
	for _, n := range screenNames {
		if p, st := c.byName(n); st == cacheHit {
			out = append(out, p)
		}
	}
	return out, ctx.Err()
}

// Clear removes every cached entry (for --refresh).
func (c *Cache) Clear() error {
	if err := c.dc.Clear(); err != nil {
		return fmt.Errorf("clear profile cache: %w", err)
	}
	return nil
}

// validID accepts what can be an account id: up to 20 digits.
func validID(s string) bool { return len(s) <= 20 && textscan.IsDigits(s) }

// validName guards the file system as much as the API: only letters,
// digits and underscores ever become a file name.
func validName(s string) bool {
	if s == "" || len(s) > 50 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}
