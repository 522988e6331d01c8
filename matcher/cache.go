package matcher

import (
	"fmt"
	"strings"
	"time"

	"github.com/fledge-cli/fledge/internal/diskcache"
)

// Cache lifetimes: an account that exists rarely stops existing within a
// week; a failure (not found, unreachable) is retried the next day.
const (
	PositiveTTL = 7 * 24 * time.Hour
	NegativeTTL = 24 * time.Hour
)

// cacheVersion is part of every key so a change of the stored shape makes
// old entries invisible instead of misread.
const cacheVersion = "v1"

// Cache keeps verification results on disk, one small JSON file per
// handle (through diskcache), so a re-run (or an interrupted run) makes no
// network requests for handles it already knows.
type Cache struct {
	dc *diskcache.Cache[cacheRecord]
}

// OpenCache opens (creating it if needed) a cache in dir, usually
// filepath.Join(os.UserCacheDir(), "fledge", "webfinger").
func OpenCache(dir string) (*Cache, error) {
	dc, err := diskcache.Open(dir, func(r cacheRecord) time.Time { return r.Expires })
	if err != nil {
		return nil, fmt.Errorf("opening verification cache: %w", err)
	}
	return &Cache{dc: dc}, nil
}

// cacheRecord is the stored result of resolving one handle. The Twitter
// screen name is not part of it: link-back is decided from Actor on read.
//
// Refused records that the network guard, not the remote server, decided
// the outcome (RefusedAddress or RefusedProxyName, for the handle itself,
// its actor or its move target). Such a record holds only while the guard
// is set as when it was written: with --allow-private-network (or a
// trusted proxy, for proxy names) it is ignored and the handle asked anew.
type cacheRecord struct {
	Key     string    `json:"key"`
	Expires time.Time `json:"expires"`
	Handle  string    `json:"handle"`
	Status  Status    `json:"status"`
	MovedTo string    `json:"moved_to,omitempty"`
	Actor   *Actor    `json:"actor,omitempty"`
	Err     string    `json:"error,omitempty"`
	Reason  string    `json:"reason,omitempty"`
	Refused string    `json:"refused,omitempty"`
}

// legacyRefusal reports a record written before refusals were marked: the
// guard's message in Err but Refused empty, or a move with no target (the
// old way of saying its target was refused or unreadable). It is never
// used: whether it still holds cannot be told, and the rules for what
// such a record claims have changed since.
func (r *cacheRecord) legacyRefusal() bool {
	return r.Refused == "" && strings.Contains(r.Err, "refusing to connect to ") ||
		r.Status == StatusMoved && r.MovedTo == ""
}

func cacheName(key string) string {
	return diskcache.HashedName(cacheVersion + "\x00" + key)
}

// get returns the live record for key. A missing, expired, unreadable or
// foreign (hash collision) file is simply a miss.
func (c *Cache) get(key string, now time.Time) (cacheRecord, bool) {
	if c == nil {
		return cacheRecord{}, false
	}
	rec, ok := c.dc.Get(cacheName(key), now)
	if !ok || rec.Key != key || rec.legacyRefusal() {
		return cacheRecord{}, false
	}
	return rec, true
}

// put stores rec under key with the lifetime its status deserves.
func (c *Cache) put(key string, rec cacheRecord, now time.Time) error {
	if c == nil {
		return nil
	}
	rec.Key = key
	ttl := NegativeTTL
	switch rec.Status {
	case StatusVerified, StatusConfirmed, StatusMoved:
		if rec.Refused == "" {
			// A refusal on the way (a move target) is a miss in part.
			ttl = PositiveTTL
		}
	}
	rec.Expires = now.Add(ttl)
	if err := c.dc.Put(cacheName(key), rec); err != nil {
		return fmt.Errorf("caching %s: %w", key, err)
	}
	return nil
}

// Prune deletes expired entries and stray temporary files.
func (c *Cache) Prune(now time.Time) error { return c.dc.Prune(now) }
