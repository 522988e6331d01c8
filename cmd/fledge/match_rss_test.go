//go:build unix

package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/archive"
	"github.com/fledge-cli/fledge/internal/archivetest"
)

// envProfilesRSS turns on TestMatchProfilesPeakRSS; envRSSChild carries the
// command line to the process it measures.
const (
	envProfilesRSS = "FLEDGE_PROFILES_RSS"
	envRSSChild    = "FLEDGE_PROFILES_RSS_CHILD"
)

// TestMatchProfilesPeakRSS runs `fledge match --offline --profiles` over
// 100k realistic v1.1 profiles (about 1.5 KB each), with and without an
// archive following all of them, each in a process of its own, and
// reports the child's peak RSS from rusage. Budget: 60 MB. Run with
//
//	FLEDGE_PROFILES_RSS=1 go test -run TestMatchProfilesPeakRSS -v ./cmd/fledge
func TestMatchProfilesPeakRSS(t *testing.T) {
	if args := os.Getenv(envRSSChild); args != "" {
		var argv []string
		if err := json.Unmarshal([]byte(args), &argv); err != nil {
			t.Fatal(err)
		}
		os.Exit(mainRun(argv, systemStreams()))
	}
	if os.Getenv(envProfilesRSS) == "" {
		t.Skip("set " + envProfilesRSS + "=1 to measure fledge match's peak RSS with 100k profiles")
	}
	const n = 100_000
	dir := t.TempDir()
	zip := filepath.Join(dir, "archive.zip")
	if _, err := archivetest.Write(zip, archivetest.Options{Era: archivetest.EraGDPR, Zip: true, Tweets: 50, Following: n, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	ids := followingIDs(t, zip)
	unique := map[string]bool{}
	for _, id := range ids {
		unique[id] = true
	}
	profiles := filepath.Join(dir, "profiles.jsonl")
	size := writeRealisticProfiles(t, profiles, ids)
	t.Logf("%d profiles (%d accounts), %.1f MB (%d bytes a line)", len(ids), len(unique), float64(size)/1e6, size/int64(len(ids)))

	for _, tc := range []struct {
		name string
		args []string
	}{
		{"profiles only", []string{"match", "--offline", "--profiles", profiles}},
		{"with archive", []string{"match", "--offline", "--profiles", profiles, zip}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			argv, _ := json.Marshal(tc.args)
			out := filepath.Join(dir, "out.jsonl")
			fh, err := os.Create(out)
			if err != nil {
				t.Fatal(err)
			}
			defer fh.Close()
			cmd := exec.Command(os.Args[0], "-test.run=^TestMatchProfilesPeakRSS$")
			cmd.Env = append(os.Environ(), envRSSChild+"="+string(argv),
				"FLEDGE_CONFIG_DIR="+filepath.Join(dir, "config"),
				"FLEDGE_STATE_DIR="+filepath.Join(dir, "state"),
				"FLEDGE_CACHE_DIR="+filepath.Join(dir, "cache"),
				"FLEDGE_TWITTER_BEARER_TOKEN=")
			cmd.Stdout = fh
			var stderr strings.Builder
			cmd.Stderr = &stderr
			start := time.Now()
			if err := cmd.Run(); err != nil {
				t.Fatalf("%v\n%s", err, stderr.String())
			}
			elapsed := time.Since(start)
			lines := countLines(t, out)
			if lines != len(unique) {
				t.Errorf("%d result lines, want %d\n%s", lines, len(unique), stderr.String())
			}
			ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
			if !ok {
				t.Skip("no rusage on this system")
			}
			peak := maxRSSBytes(ru)
			t.Logf("%s: peak RSS %.1f MB in %v; %s", tc.name, float64(peak)/(1<<20), elapsed.Round(time.Millisecond), strings.TrimSpace(stderr.String()))
			if peak > 60<<20 {
				t.Errorf("peak RSS %.1f MB, budget 60 MB", float64(peak)/(1<<20))
			}
		})
	}
}

// maxRSSBytes reads ru_maxrss, which Linux gives in KiB and macOS in bytes.
func maxRSSBytes(ru *syscall.Rusage) int64 {
	if ru.Maxrss > 1<<40/1024 { // clearly bytes already
		return int64(ru.Maxrss)
	}
	return int64(ru.Maxrss) << 10
}

func followingIDs(t *testing.T, zip string) []string {
	t.Helper()
	a, err := archive.Open(zip)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	var ids []string
	for ref, err := range a.Accounts(archive.KindFollowing) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, ref.ID)
	}
	return ids
}

func countLines(t *testing.T, path string) int {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		n++
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return n
}

// writeRealisticProfiles writes one v1.1 user object a line for each id,
// shaped like a saved users/lookup answer: bio with a t.co link and its
// entity, URL field, counts, image URLs and the latest tweet. It returns
// the file's size.
func writeRealisticProfiles(t testing.TB, path string, ids []string) int64 {
	t.Helper()
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(fh, 1<<20)
	r := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("open source developer writer coffee photography climbing berlin music " +
		"science teacher runner maps linux rust go privacy cats gardening books cycling design research " +
		"journalism podcasts history synths trains birds")
	phrase := func(n int) string {
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(words[r.IntN(len(words))])
		}
		return b.String()
	}
	hosts := []string{"mastodon.social", "hachyderm.io", "fosstodon.org", "social.coop", "chaos.social"}
	for i, id := range ids {
		user := fmt.Sprintf("user_%d", i)
		bioText := phrase(12 + r.IntN(6))
		tco := fmt.Sprintf("https://t.co/%010d", i)
		bio := bioText + " " + tco
		var handle string
		if i%3 == 0 {
			bio = bioText + " @" + user + "@" + hosts[i%len(hosts)]
			handle = "@" + user + "@" + hosts[i%len(hosts)]
		}
		status := phrase(8 + r.IntN(10))
		urlTCO := fmt.Sprintf("https://t.co/u%08d", i)
		rec := map[string]any{
			"id": json.Number(id), "id_str": id, "name": "User " + phrase(2) + " 🐘", "screen_name": user,
			"location": "Berlin, Germany", "description": bio, "url": urlTCO,
			"entities": map[string]any{
				"url": map[string]any{"urls": []any{map[string]any{
					"url": urlTCO, "expanded_url": "https://blog.example/" + user,
					"display_url": "blog.example/" + user, "indices": []int{0, 23}}}},
				"description": map[string]any{"urls": []any{}},
			},
			"protected": false, "followers_count": r.IntN(100000), "friends_count": r.IntN(5000), "listed_count": r.IntN(300),
			"created_at": "Wed Mar 11 10:00:00 +0000 2009", "favourites_count": r.IntN(50000), "verified": false,
			"statuses_count":          r.IntN(90000),
			"profile_image_url_https": "https://pbs.twimg.com/profile_images/" + id + "/aBcDeFgH_normal.jpg",
			"profile_banner_url":      "https://pbs.twimg.com/profile_banners/" + id + "/1600000000",
			"default_profile":         false, "default_profile_image": false, "has_extended_profile": true,
			"status": map[string]any{
				"created_at": "Mon Nov 03 12:00:00 +0000 2025", "id_str": fmt.Sprint(1_700_000_000_000_000_000 + i),
				"full_text": status, "truncated": false, "display_text_range": []int{0, len(status)},
				"entities":      map[string]any{"hashtags": []any{}, "symbols": []any{}, "user_mentions": []any{}, "urls": []any{}},
				"source":        `<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>`,
				"retweet_count": r.IntN(100), "favorite_count": r.IntN(1000), "lang": "en", "favorited": false, "retweeted": false,
			},
		}
		if handle == "" {
			rec["entities"].(map[string]any)["description"] = map[string]any{"urls": []any{map[string]any{
				"url": tco, "expanded_url": "https://" + hosts[i%len(hosts)] + "/@" + user,
				"display_url": hosts[i%len(hosts)] + "/@" + user, "indices": []int{len(bioText) + 1, len(bio)}}}}
		}
		line, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(line)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	fi, err := fh.Stat()
	if err != nil {
		t.Fatal(err)
	}
	if err := fh.Close(); err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}
