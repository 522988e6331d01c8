package archive

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func byID(ts []*Tweet) map[string]*Tweet {
	m := map[string]*Tweet{}
	for _, t := range ts {
		m[t.IDStr] = t
	}
	return m
}

func TestEraDTweets(t *testing.T) {
	a := openT(t, writeZip(t, eraD))
	all := collect(t, a, TweetOptions{})
	var ids []string
	for _, tw := range all {
		ids = append(ids, tw.IDStr)
	}
	// Archive order; the superseded edit and the duplicate are gone, the
	// community tweet comes last, the deleted one is left out.
	want := []string{"1700000000000000010", "1700000000000000040", "1700000000000000030", "1600000000000000001", "1800000000000000000", "1700000000000000077"}
	if !slices.Equal(ids, want) {
		t.Fatalf("ids %v, want %v", ids, want)
	}
	m := byID(all)

	media := m["1700000000000000010"]
	if media.Text != "Fish & chips 😀 at https://example.org/fish #food" {
		t.Errorf("text %q", media.Text)
	}
	wantMedia := []Media{
		{Type: "photo", URL: "https://pbs.twimg.com/media/AAA.jpg", File: "data/tweets_media/1700000000000000010-AAA.jpg"},
		{Type: "video", URL: "https://video.twimg.com/ext_tw_video/1/pu/vid/high.mp4?tag=12"},
	}
	if !reflect.DeepEqual(media.Media, wantMedia) || media.FavoriteCount != 3 || !slices.Equal(media.Hashtags, []string{"food"}) {
		t.Errorf("media tweet %+v", media)
	}
	if dup := m["1700000000000000040"]; dup.RawText == "duplicate record" || !dup.SelfReply || dup.QuoteURL != "https://x.com/other/status/123?s=20" {
		t.Errorf("self reply / quote %+v", dup)
	}
	if rt := m["1600000000000000001"]; !rt.Retweet || rt.QuoteURL != "" || rt.Mentions[1] != (Mention{ScreenName: "ghost"}) {
		t.Errorf("retweet %+v", rt)
	}
	long := m["1800000000000000000"]
	if !long.Long || long.Text != "@friend This is the start of a very long post that goes on and on > and links https://example.org/long" ||
		!slices.Contains(long.URLs, "https://example.org/long") {
		t.Errorf("long post %+v", long)
	}
	if c := m["1700000000000000077"]; !c.Community || c.Source != "data/community-tweet.js" {
		t.Errorf("community %+v", c)
	}

	withDeleted := collect(t, a, TweetOptions{IncludeDeleted: true, ExcludeCommunity: true})
	if n := len(withDeleted); n != 6 || !withDeleted[5].Deleted || withDeleted[5].IDStr != "1700000000000000099" {
		t.Errorf("IncludeDeleted/ExcludeCommunity: %d tweets, last %+v", n, withDeleted[n-1])
	}
}

func TestSortedAndFiltered(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	a := openT(t, writeDir(t, eraD))
	var ids []uint64
	for _, tw := range collect(t, a, TweetOptions{Sorted: true, IncludeDeleted: true}) {
		ids = append(ids, tw.ID)
	}
	if len(ids) != 7 || !slices.IsSorted(ids) {
		t.Fatalf("sorted ids %v", ids)
	}
	got := collect(t, a, TweetOptions{Sorted: true, Since: time.Date(2023, 9, 8, 10, 0, 0, 0, time.UTC), Until: time.Date(2023, 9, 8, 12, 30, 1, 0, time.UTC)})
	var names []string
	for _, tw := range got {
		names = append(names, tw.IDStr)
	}
	if !slices.Equal(names, []string{"1700000000000000030", "1700000000000000040", "1700000000000000077"}) {
		t.Errorf("Since/Until: %v", names)
	}
	// The sorted view keeps every field through the spool.
	for _, tw := range got {
		if tw.IDStr == "1700000000000000040" && (tw.Source != "data/tweets.js" || tw.Mentions[0].ID != "100" || tw.CreatedAt.IsZero()) {
			t.Errorf("spooled tweet lost fields: %+v", tw)
		}
	}
	// Stopping early is fine, and the spool file is removed either way.
	for range a.Tweets(TweetOptions{Sorted: true}) {
		break
	}
	for range a.Tweets(TweetOptions{}) {
		break
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "fledge-tweets-*")); len(left) > 0 {
		t.Errorf("spool files left behind: %v", left)
	}
}

func TestEraDOtherFiles(t *testing.T) {
	a := openT(t, writeDir(t, eraD))
	acct, err := a.Account()
	if err != nil || acct.ID != "100" || acct.Email != "me@example.org" || !acct.CreatedAt.Equal(time.Date(2015, 3, 30, 10, 38, 2, 103e6, time.UTC)) {
		t.Errorf("account %+v, %v", acct, err)
	}
	p, err := a.Profile()
	want := Profile{Bio: "hi", Website: "https://t.co/w", Location: "Earth",
		AvatarFile: "data/profile_media/100-Av.jpg", HeaderFile: "data/profile_media/100-1677705247.jpg",
		AvatarURL: "https://pbs.twimg.com/profile_images/1/Av.jpg", HeaderURL: "https://pbs.twimg.com/profile_banners/100/1677705247"}
	if err != nil || p != want {
		t.Errorf("profile %+v, %v", p, err)
	}
	refs := func(k AccountKind) []AccountRef {
		var out []AccountRef
		for r, err := range a.Accounts(k) {
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, r)
		}
		return out
	}
	if f := refs(KindFollowing); len(f) != 2 || f[0].UserLink == "" || f[1] != (AccountRef{ID: "2"}) {
		t.Errorf("following %+v", f)
	}
	if f := refs(KindBlocks); len(f) != 1 || f[0].ID != "4" {
		t.Errorf("blocks %+v", f)
	}
	if f := refs(KindMutes); len(f) != 0 {
		t.Errorf("mutes %+v", f)
	}
	for _, err := range a.Accounts(AccountKind(42)) {
		if err == nil {
			t.Error("unknown kind accepted")
		}
	}
	var lists []List
	for l, err := range a.Lists() {
		if err != nil {
			t.Fatal(err)
		}
		lists = append(lists, l)
	}
	if len(lists) != 4 || lists[0] != (List{URL: "https://twitter.com/me/lists/a", Kind: "created"}) || lists[3].Kind != "member" {
		t.Errorf("lists %+v", lists)
	}
	var likes []Like
	for l, err := range a.Likes() {
		if err != nil {
			t.Fatal(err)
		}
		likes = append(likes, l)
	}
	if len(likes) != 2 || likes[0].FullText != "liked" || likes[1] != (Like{TweetID: "6"}) {
		t.Errorf("likes %+v", likes)
	}
	for c, err := range a.ScreenNameChanges() {
		if err != nil || c.From != "old" || c.To != "me" || c.ChangedAt.Year() != 2019 {
			t.Errorf("screen name change %+v, %v", c, err)
		}
	}
	names, err := a.ScreenNames(context.Background())
	if err != nil || names["100"] != "me" || names["555"] != "someone" || names["777"] != "friend" || len(names) != 3 {
		t.Errorf("screen names %v, %v", names, err)
	}

	rc, n, err := a.OpenFile("data/profile_media/100-Av.jpg")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(rc)
	rc.Close()
	if string(b) != "jpg" || n != 3 {
		t.Errorf("OpenFile read %q (%d)", b, n)
	}
	for _, bad := range []string{"../etc/passwd", "/etc/passwd", "data/../../x", "", "data/nope.jpg"} {
		if _, _, err := a.OpenFile(bad); err == nil {
			t.Errorf("OpenFile(%q) succeeded", bad)
		}
	}
}

func TestTweetMarshalJSON(t *testing.T) {
	tw := &Tweet{ID: 5, IDStr: "5", CreatedAt: time.Date(2020, 1, 2, 3, 4, 5, 0, time.FixedZone("x", 3600)), Text: "hi", RawText: "hi",
		SelfReply: true, Mentions: []Mention{{ScreenName: "a"}}, Media: []Media{{Type: "photo", File: "f.jpg", URL: "u"}}, Source: "s.js"}
	b, err := json.Marshal(tw)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":"5","created_at":"2020-01-02T02:04:05Z","text":"hi","raw_text":"hi","self_reply":true,"mentions":[{"screen_name":"a"}],"media":[{"type":"photo","file":"f.jpg"}]}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
}

// Text is written as it reads: an encoder that does not escape HTML gets
// "&" and "<" from MarshalJSON, not \u0026 and \u003c.
func TestTweetMarshalJSONKeepsAmpersands(t *testing.T) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&Tweet{IDStr: "5", Text: "salt & pepper <3"}); err != nil {
		t.Fatal(err)
	}
	if want := `{"id":"5","text":"salt & pepper <3"}` + "\n"; buf.String() != want {
		t.Errorf("got  %s\nwant %s", buf.String(), want)
	}
}

func TestWarningsAreBounded(t *testing.T) {
	a := &Archive{}
	for i := range maxWarnings + 10 {
		a.warnf("problem %d", i)
		a.warnf("problem %d", i) // repeats are dropped
	}
	w := a.Warnings()
	if len(w) != maxWarnings+1 || !strings.HasPrefix(w[maxWarnings], "10 more") {
		t.Errorf("%d warnings, last %q", len(w), w[len(w)-1])
	}
}

func TestOpenSymlinkStaysInside(t *testing.T) {
	dir := writeDir(t, eraD)
	link := filepath.Join(dir, "data", "tweets_media", "escape.jpg")
	if err := os.Symlink("/etc/hostname", link); err != nil {
		t.Skip("symlinks unavailable:", err)
	}
	a := openT(t, dir)
	if _, _, err := a.OpenFile("data/tweets_media/escape.jpg"); err == nil {
		t.Error("a symlink out of the archive folder was followed")
	}
}

func TestInspectCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	a := openT(t, writeZip(t, withFiles(map[string]string{"data/tweets.js": manyTweets(3000)})))
	if _, err := a.Inspect(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Inspect on a cancelled context: %v", err)
	}
	if _, err := a.ScreenNames(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("ScreenNames on a cancelled context: %v", err)
	}
}

// TestConcurrentUse runs the readers at once; run with -race.
func TestConcurrentUse(t *testing.T) {
	a := openT(t, writeZip(t, eraD))
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 4 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			_, err := a.Inspect(context.Background())
			errs <- err
		}()
		go func() {
			defer wg.Done()
			for _, err := range a.Tweets(TweetOptions{Sorted: true}) {
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

// manyTweets is a tweets.js with n minimal records, enough to pass the
// cancellation check points (every 1024 records).
func manyTweets(n int) string {
	var b strings.Builder
	b.WriteString("window.YTD.tweets.part0 = [ ")
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, `{ "tweet" : { "id_str" : "%d", "created_at" : "Thu Mar 05 17:05:22 +0000 2026", "full_text" : "t" } }`, n-i)
	}
	b.WriteString(" ]")
	return b.String()
}

func TestTweetsContextCancelled(t *testing.T) {
	a := openT(t, writeZip(t, withFiles(map[string]string{"data/tweets.js": manyTweets(3000)})))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for _, sorted := range []bool{false, true} {
		n := 0
		var last error
		for _, err := range a.TweetsContext(ctx, TweetOptions{Sorted: sorted}) {
			if err != nil {
				last = err
				continue
			}
			if n++; n == 10 {
				cancel() // mid-stream for archive order; before the first tweet for sorted
			}
		}
		if !errors.Is(last, context.Canceled) || n >= 3000 {
			t.Errorf("sorted=%v: %d tweets, last error %v", sorted, n, last)
		}
	}
}
