package archivetest

import (
	"bytes"
	"encoding/csv"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// This file is an independent, deliberately simple reader of generated
// archives. It recounts everything Expected claims, from the bytes written,
// using the rules of archive-format.md rather than the generator's code.

var (
	quoteRE    = regexp.MustCompile(`^https?://(www\.)?(twitter|x)\.com/([^/?#]+|i/web)/status/[0-9]+`)
	tcoRE      = regexp.MustCompile(`https?://t\.co/[A-Za-z0-9]+`)
	ytdVar     = regexp.MustCompile(`^window\.YTD\.([a-z_]+)\.part([0-9]+)$`)
	partName   = regexp.MustCompile(`^([a-z-]+?)(?:-part([0-9]+))?\.js$`)
	tweetFile  = regexp.MustCompile(`^(tweets?)(-part[0-9]+)?\.js$`)
	leadingAts = regexp.MustCompile(`^(@\w+ )+`)
)

// inDir reports whether name is directly inside dir ("" is the root).
func inDir(name, dir string) bool {
	return strings.HasPrefix(name, dir) && !strings.Contains(name[len(dir):], "/")
}

func idLess(a, b string) bool {
	x, _ := strconv.ParseUint(a, 10, 64)
	y, _ := strconv.ParseUint(b, 10, 64)
	return x < y
}

// checkJSFiles decodes every data file, checks that its variable name
// matches its file name and returns the decoded arrays by path.
func checkJSFiles(t *testing.T, files map[string][]byte, dir string) map[string][]any {
	t.Helper()
	out := map[string][]any{}
	for name, b := range files {
		if !inDir(name, dir) || !strings.HasSuffix(name, ".js") || path.Base(name) == "manifest.js" {
			continue
		}
		lhs, v, err := splitJS(name, b)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		m := ytdVar.FindStringSubmatch(lhs)
		pm := partName.FindStringSubmatch(path.Base(name))
		if m == nil || pm == nil {
			t.Errorf("%s: variable %q does not look like window.YTD.x.partN", name, lhs)
			continue
		}
		wantPart := pm[2]
		if wantPart == "" {
			wantPart = "0"
		}
		if m[1] != strings.ReplaceAll(pm[1], "-", "_") || m[2] != wantPart {
			t.Errorf("%s: variable %q does not match the file name", name, lhs)
		}
		arr, ok := v.([]any)
		if !ok {
			t.Errorf("%s: value is not an array", name)
			continue
		}
		if len(arr) == 0 && !bytes.Contains(b, []byte("= [ ]")) {
			t.Errorf("%s: empty file is not written as one line `= [ ]`", name)
		}
		out[name] = arr
	}
	return out
}

// checkManifest verifies that manifest.js lists every data file with the
// right global name and count.
func checkManifest(t *testing.T, files map[string][]byte, data map[string][]any) {
	t.Helper()
	lhs, v, err := splitJS("data/manifest.js", files["data/manifest.js"])
	if err != nil {
		t.Fatal(err)
	}
	if lhs != "window.__THAR_CONFIG" {
		t.Errorf("manifest variable %q", lhs)
	}
	if _, ok := field(v, "archiveInfo", "isPartialArchive").(bool); !ok {
		t.Errorf("manifest: isPartialArchive is not a boolean")
	}
	listed := map[string]bool{}
	types, _ := field(v, "dataTypes").(map[string]any)
	for typ, tv := range types {
		for _, f := range list(field(tv, "files")) {
			name := str(field(f, "fileName"))
			listed[name] = true
			recs, ok := data[name]
			if !ok {
				t.Errorf("manifest lists %s (%s), which is not in the archive", name, typ)
				continue
			}
			if c := str(field(f, "count")); c != strconv.Itoa(len(recs)) {
				t.Errorf("manifest count for %s is %s, file has %d records", name, c, len(recs))
			}
			lhs, _, _ := splitJS(name, files[name])
			if "window."+str(field(f, "globalName")) != lhs {
				t.Errorf("manifest globalName %s, file assigns %s", str(field(f, "globalName")), lhs)
			}
		}
	}
	for name := range data {
		if !listed[name] {
			t.Errorf("%s is missing from manifest.js", name)
		}
	}
}

func checkIndices(t *testing.T, where, text string, ents any) {
	t.Helper()
	runes := []rune(text)
	check := func(kind string, e any, want string) {
		ix := list(field(e, "indices"))
		if len(ix) != 2 {
			t.Errorf("%s: %s entity without indices", where, kind)
			return
		}
		s, err1 := strconv.Atoi(str(ix[0]))
		en, err2 := strconv.Atoi(str(ix[1]))
		if err1 != nil || err2 != nil || s < 0 || en > len(runes) || s > en {
			t.Errorf("%s: %s indices %v out of range for %d code points", where, kind, ix, len(runes))
			return
		}
		if got := string(runes[s:en]); got != want {
			t.Errorf("%s: %s at %v is %q, want %q", where, kind, ix, got, want)
		}
	}
	for _, e := range list(field(ents, "user_mentions")) {
		check("mention", e, "@"+str(field(e, "screen_name")))
	}
	for _, e := range list(field(ents, "hashtags")) {
		check("hashtag", e, "#"+str(field(e, "text")))
	}
	for _, e := range list(field(ents, "urls")) {
		check("url", e, str(field(e, "url")))
	}
	for _, e := range list(field(ents, "media")) {
		check("media", e, str(field(e, "url")))
	}
}

// mediaFile names the local file of a media item (§6.7).
func mediaFile(tweetID string, m any) string {
	best, rate := "", -1
	for _, v := range list(field(m, "video_info", "variants")) {
		if str(field(v, "content_type")) != "video/mp4" {
			continue
		}
		if b, err := strconv.Atoi(str(field(v, "bitrate"))); err == nil && b > rate {
			best, rate = str(field(v, "url")), b
		}
	}
	if best == "" {
		best = str(field(m, "media_url_https"))
	}
	best, _, _ = strings.Cut(best, "?")
	return tweetID + "-" + path.Base(best)
}

type tally struct {
	e     Expected
	texts map[string]string    // survivor id → full_text
	times map[string]time.Time // survivor id → created_at
}

func (c *tally) add(id string, created time.Time, text string, rt bool, replyUser string, urls []string, media int) {
	e := &c.e
	created = created.UTC()
	e.Total++
	e.TweetIDs = append(e.TweetIDs, id)
	c.texts[id], c.times[id] = text, created
	if e.First.IsZero() || created.Before(e.First) {
		e.First = created
	}
	if created.After(e.Last) {
		e.Last = created
	}
	if rt {
		e.Retweets++
	}
	if replyUser != "" && replyUser == e.AccountID {
		e.SelfReplies++
	} else if replyUser != "" {
		e.Replies++
	}
	if !rt && slices.ContainsFunc(urls, quoteRE.MatchString) {
		e.Quotes++
	}
	if media > 0 {
		e.WithMedia++
		e.MediaReferenced += media
	}
}

func (c *tally) finish() Expected {
	if c.e.TweetIDs == nil {
		c.e.TweetIDs = []string{}
	}
	sort.Slice(c.e.TweetIDs, func(i, j int) bool { return idLess(c.e.TweetIDs[i], c.e.TweetIDs[j]) })
	return c.e
}

func newTally() *tally {
	return &tally{texts: map[string]string{}, times: map[string]time.Time{}}
}

// countGDPR recounts an era B/C/D archive.
func countGDPR(t *testing.T, files map[string][]byte, era Era) Expected {
	t.Helper()
	dir, mediaDir := "data/", "data/tweets_media/"
	switch era {
	case EraGDPR2018:
		dir, mediaDir = "", "tweet_media/"
	case EraGDPRSingular:
		mediaDir = "data/tweet_media/"
	}
	data := checkJSFiles(t, files, dir)
	if era != EraGDPR2018 {
		if _, ok := files["data/manifest.js"]; ok {
			checkManifest(t, files, data)
		}
	}
	c := newTally()
	c.e.Format = "gdpr"
	if era == EraGDPR2018 {
		c.e.Format = "gdpr-2018"
	}
	acc := field(data[dir+"account.js"][0], "account")
	c.e.AccountID, c.e.Username, c.e.DisplayName = str(field(acc, "accountId")), str(field(acc, "username")), str(field(acc, "accountDisplayName"))

	// Tweet files: dedupe by id, keep only the newest version of edit chains.
	seen := map[string]bool{}
	var names []string
	for name := range data {
		if inDir(name, dir) && tweetFile.MatchString(path.Base(name)) {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		c.e.TweetsJSONBytes += int64(len(files[name]))
		for i, rec := range data[name] {
			tw := rec
			if w := field(rec, "tweet"); w != nil {
				tw = w
			} else if era != EraGDPR2018 {
				t.Errorf("%s[%d]: record not wrapped in {\"tweet\": …}", name, i)
			}
			id := str(field(tw, "id_str"))
			if str(field(tw, "id")) != id {
				t.Errorf("%s[%d]: id %v != id_str %s", name, i, field(tw, "id"), id)
			}
			text := str(field(tw, "full_text"))
			checkIndices(t, name+" "+id, text, field(tw, "entities"))
			ext := list(field(tw, "extended_entities", "media"))
			if ents := list(field(tw, "entities", "media")); len(ents) > 1 || (len(ext) > 0) != (len(ents) == 1) {
				t.Errorf("%s: entities.media has %d items for %d extended", id, len(ents), len(ext))
			}
			ei := field(tw, "edit_info")
			if (era == EraGDPR) != (ei != nil) {
				t.Errorf("%s: edit_info presence wrong for era %s", id, era)
			}
			ids := list(field(ei, "initial", "editTweetIds"))
			if ids == nil {
				ids = list(field(ei, "edit", "editControlInitial", "editTweetIds"))
			}
			if len(ids) > 0 && str(ids[len(ids)-1]) != id {
				continue // an older version of an edited tweet
			}
			if seen[id] {
				continue
			}
			seen[id] = true
			created, err := time.Parse(time.RubyDate, str(field(tw, "created_at")))
			if err != nil {
				t.Errorf("%s: %v", id, err)
			}
			var urls []string
			for _, u := range list(field(tw, "entities", "urls")) {
				urls = append(urls, str(field(u, "expanded_url")))
			}
			c.add(id, created, text, strings.HasPrefix(text, "RT @"), str(field(tw, "in_reply_to_user_id_str")), urls, len(ext))
			for _, m := range ext {
				if _, ok := files[mediaDir+mediaFile(id, m)]; ok {
					c.e.MediaPresent++
				} else {
					c.e.MediaMissing++
				}
			}
		}
	}
	c.e.Long = countNotes(t, data[dir+"note-tweet.js"], c)
	c.e.Deleted = len(data[dir+"deleted-tweets.js"])
	c.e.Community = len(data[dir+"community-tweet.js"])
	c.e.Circle, c.e.Protected = countAudience(t, data, dir, c)
	c.e.Following = len(data[dir+"following.js"])
	c.e.Followers = len(data[dir+"follower.js"])
	c.e.Blocks = len(data[dir+"block.js"])
	c.e.Mutes = len(data[dir+"mute.js"])
	c.e.Likes = len(data[dir+"like.js"])
	for _, f := range []string{"lists-created.js", "lists-subscribed.js"} {
		for _, r := range data[dir+f] {
			if urls := field(r, "userListInfo", "urls"); urls != nil {
				c.e.Lists += len(list(urls))
			} else {
				c.e.Lists++
			}
		}
	}
	for _, r := range data[dir+"block.js"] {
		if field(r, "blocking") == nil {
			t.Errorf("block.js record without the blocking key")
		}
	}
	return c.finish()
}

// countNotes links notes to tweets with the rule of §8: the nearest
// surviving tweet with a larger id, created in the same second, whose
// de-mentioned full_text without the trailing "…" (and link) is a prefix of
// the note text.
func countNotes(t *testing.T, notes []any, c *tally) int {
	t.Helper()
	linked := map[string]bool{}
	for _, n := range notes {
		note := field(n, "noteTweet")
		nid := str(field(note, "noteTweetId"))
		at, err := time.Parse(time.RFC3339Nano, str(field(note, "createdAt")))
		if err != nil {
			t.Errorf("note %s: %v", nid, err)
			continue
		}
		core := str(field(note, "core", "text"))
		best := ""
		for id, text := range c.texts {
			if !idLess(nid, id) || c.times[id].Sub(at).Abs() > time.Second {
				continue
			}
			body := leadingAts.ReplaceAllString(text, "")
			if i := strings.LastIndex(body, "…"); i >= 0 {
				body = body[:i]
			}
			// The tweet and its note use different t.co codes for the
			// same link: compare with every link neutralised.
			if strings.HasPrefix(tcoRE.ReplaceAllString(core, "\x00"), tcoRE.ReplaceAllString(body, "\x00")) && (best == "" || idLess(id, best)) {
				best = id
			}
		}
		if best == "" {
			t.Errorf("note %s matches no tweet", nid)
			continue
		}
		if linked[best] {
			t.Errorf("note %s links to tweet %s, already linked", nid, best)
		}
		linked[best] = true
		if strings.Contains(core, "&amp;") || strings.Contains(core, "&gt;") {
			t.Errorf("note %s text is HTML-escaped", nid)
		}
	}
	return len(linked)
}

// countAudience recounts the surviving own tweets listed in
// twitter-circle-tweet.js and those written while protected-history.js
// says the account was protected (Protect … Unprotect, or to the end).
func countAudience(t *testing.T, data map[string][]any, dir string, c *tally) (circle, protected int) {
	t.Helper()
	for _, rec := range data[dir+"twitter-circle-tweet.js"] {
		if _, ok := c.texts[str(field(rec, "tweet", "id_str"))]; ok {
			circle++
		} else {
			t.Errorf("circle tweet %s is not in tweets.js", str(field(rec, "tweet", "id_str")))
		}
	}
	var from time.Time
	var periods [][2]time.Time
	for _, rec := range data[dir+"protected-history.js"] {
		at, err := time.Parse(time.RFC3339Nano, str(field(rec, "protectedHistory", "protectedAt")))
		if err != nil {
			t.Errorf("protected-history: %v", err)
		}
		switch str(field(rec, "protectedHistory", "action")) {
		case "Protect":
			from = at
		case "Unprotect":
			periods = append(periods, [2]time.Time{from, at})
			from = time.Time{}
		}
	}
	if !from.IsZero() {
		periods = append(periods, [2]time.Time{from, {}})
	}
	for _, at := range c.times {
		for _, p := range periods {
			if !at.Before(p[0]) && (p[1].IsZero() || at.Before(p[1])) {
				protected++
				break
			}
		}
	}
	return circle, protected
}

// countGrailbird recounts a classic archive with JS month files.
func countGrailbird(t *testing.T, files map[string][]byte) Expected {
	t.Helper()
	c := newTally()
	c.e.Format = "grailbird"
	_, user, err := splitJS("user_details.js", files["data/js/user_details.js"])
	if err != nil {
		t.Fatal(err)
	}
	c.e.AccountID, c.e.Username, c.e.DisplayName = str(field(user, "id")), str(field(user, "screen_name")), str(field(user, "full_name"))
	lhs, index, err := splitJS("tweet_index.js", files["data/js/tweet_index.js"])
	if err != nil || lhs != "var tweet_index" {
		t.Fatalf("tweet_index.js: %q %v", lhs, err)
	}
	for _, entry := range list(index) {
		name := str(field(entry, "file_name"))
		lhs, v, err := splitJS(name, files[name])
		if err != nil {
			t.Error(err)
			continue
		}
		if want := "Grailbird.data." + str(field(entry, "var_name")); lhs != want {
			t.Errorf("%s assigns %q, index says %q", name, lhs, want)
		}
		if str(field(entry, "tweet_count")) != strconv.Itoa(len(list(v))) {
			t.Errorf("%s: index count %s, file has %d", name, str(field(entry, "tweet_count")), len(list(v)))
		}
		c.e.TweetsJSONBytes += int64(len(files[name]))
		for _, tw := range list(v) {
			id := str(field(tw, "id_str"))
			if _, isNum := field(tw, "id").(interface{ Int64() (int64, error) }); !isNum || str(field(tw, "id")) != id {
				t.Errorf("%s: id is not the JSON number %s", name, id)
			}
			text := str(field(tw, "text"))
			checkIndices(t, name+" "+id, text, field(tw, "entities"))
			raw := str(field(tw, "created_at"))
			created, err := time.Parse(time.RubyDate, raw)
			if err != nil {
				created, err = time.Parse("2006-01-02 15:04:05 -0700", raw)
			}
			if err != nil {
				t.Errorf("%s: date %q: %v", id, raw, err)
			}
			var urls []string
			for _, u := range list(field(tw, "entities", "urls")) {
				urls = append(urls, str(field(u, "expanded_url")))
			}
			rt := strings.HasPrefix(text, "RT @") || field(tw, "retweeted_status") != nil
			nmedia := len(list(field(tw, "entities", "media")))
			c.add(id, created.UTC(), text, rt, str(field(tw, "in_reply_to_user_id_str")), urls, nmedia)
			c.e.MediaMissing += nmedia // Grailbird holds no media files
		}
	}
	return c.finish()
}

// countCSV recounts a CSV-only classic archive, mapping columns by name.
func countCSV(t *testing.T, files map[string][]byte, layout int) Expected {
	t.Helper()
	c := newTally()
	c.e.Format = "grailbird"
	_, user, err := splitJS("user_details.js", files["data/js/user_details.js"])
	if err != nil {
		t.Fatal(err)
	}
	c.e.AccountID, c.e.Username, c.e.DisplayName = str(field(user, "id")), str(field(user, "screen_name")), str(field(user, "full_name"))
	var names []string
	for name := range files {
		if name == "tweets.csv" || strings.HasPrefix(name, "data/csv/") {
			names = append(names, name)
		}
	}
	for _, name := range names {
		c.e.TweetsJSONBytes += int64(len(files[name]))
		rows, err := csv.NewReader(bytes.NewReader(files[name])).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(rows[0]) != layout {
			t.Errorf("%s: %d columns, want %d", name, len(rows[0]), layout)
		}
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		for _, row := range rows[1:] {
			created, err := time.Parse("2006-01-02 15:04:05 -0700", row[col["timestamp"]])
			if err != nil {
				t.Errorf("%s: %v", name, err)
			}
			text := row[col["text"]]
			var urls []string
			if u := row[col["expanded_urls"]]; u != "" {
				urls = strings.Split(u, ",")
			}
			rt := strings.HasPrefix(text, "RT @") || row[col["retweeted_status_id"]] != ""
			c.add(row[col["tweet_id"]], created.UTC(), text, rt, row[col["in_reply_to_user_id"]], urls, 0)
		}
	}
	return c.finish()
}
