package twitter

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestCacheSavesQuota(t *testing.T) {
	s := &v2Server{t: t}
	srv := httptest.NewServer(s)
	defer srv.Close()
	clock := newFakeClock()
	dir := t.TempDir()
	cache, err := OpenCache(dir, CacheOptions{TTL: time.Hour, MissingTTL: time.Minute, Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	c := newTestClient(t, srv, clock, func(o *Options) { o.Cache = cache })
	ctx := context.Background()
	want := []string{"1", "2", "3", "4000"} // 4000 does not exist
	first, err := c.Lookup(ctx, want, []string{"user5"})
	if err != nil || len(first) != 4 {
		t.Fatalf("%v %v", first, err)
	}
	n := s.count()

	// A re-run, even one going through a new client, spends nothing.
	c2 := newTestClient(t, srv, clock, func(o *Options) { o.Cache = cache })
	again, err := c2.Lookup(ctx, want, []string{"USER5"})
	if err != nil || len(again) != 4 {
		t.Fatalf("%v %v", again, err)
	}
	if s.count() != n {
		t.Errorf("re-run made %d requests", s.count()-n)
	}
	if again[1].PinnedText != first[1].PinnedText || again[1].DescriptionURLs[0] != first[1].DescriptionURLs[0] {
		t.Errorf("cached profile differs: %+v vs %+v", again[1], first[1])
	}

	// The cache alone is a ProfileSource.
	var src UserSource = cache
	ps, err := src.Lookup(ctx, []string{"1", "4000", "77"}, []string{"user5"})
	if err != nil || len(ps) != 2 {
		t.Errorf("cache source: %v %v", ps, err)
	}

	// Missing accounts expire sooner than found ones.
	clock.Advance(2 * time.Minute)
	if _, err := c.Lookup(ctx, want, nil); err != nil {
		t.Fatal(err)
	}
	if got := s.count() - n; got != 1 {
		t.Errorf("after the missing TTL: %d requests, want 1 (only the missing id)", got)
	}

	// Everything expires after the TTL.
	clock.Advance(2 * time.Hour)
	if ps, _ := cache.Lookup(ctx, want, nil); len(ps) != 0 {
		t.Errorf("stale entries served: %v", ps)
	}
}

func TestCacheIgnoresCorruptAndHostileNames(t *testing.T) {
	dir := t.TempDir()
	cache, err := OpenCache(dir, CacheOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := cache.Put(User{ID: "1", ScreenName: "a"}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "id", "1.json"), []byte("{broken"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, st := cache.byID("1"); st != cacheMiss {
		t.Error("corrupt entry served")
	}
	if _, st := cache.byName("a"); st != cacheMiss {
		t.Error("name pointing at a corrupt entry served")
	}
	if err := cache.Put(User{ID: "../../etc/passwd"}); err == nil {
		t.Error("path-like id accepted")
	}
	if err := cache.PutMissing("", "../x"); err != nil {
		t.Error(err)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "name"))
	for _, e := range entries {
		if e.Name() != "a.json" {
			t.Errorf("unexpected file %s", e.Name())
		}
	}
	if err := cache.Clear(); err != nil {
		t.Fatal(err)
	}
	if _, st := cache.byName("a"); st != cacheMiss {
		t.Error("Clear left entries")
	}
}

func TestUnwritableCacheKeepsResults(t *testing.T) {
	s := &v2Server{t: t}
	srv := httptest.NewServer(s)
	defer srv.Close()
	dir := t.TempDir()
	cache, err := OpenCache(dir, CacheOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Replace the id directory with a file so every write fails.
	if err := os.RemoveAll(filepath.Join(dir, "id")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "id"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	c := newTestClient(t, srv, newFakeClock(), func(o *Options) { o.Cache = cache })
	ps, err := c.Lookup(context.Background(), []string{"1", "2"}, nil)
	if err == nil || len(ps) != 2 {
		t.Errorf("got %d profiles, err %v; want both profiles and the cache error", len(ps), err)
	}
}
