package archivetest

import (
	"fmt"
	"time"
)

// Era selects which generation of the Twitter archive format Write produces.
type Era string

// The supported eras, oldest first (archive-format.md §1).
const (
	// EraGrailbird is the classic archive: data/js/tweet_index.js, one
	// data/js/tweets/YYYY_MM.js per month, tweets.csv and user/payload
	// details, with JSON numbers, \/ escapes, RubyDate before 2014 and no
	// media files.
	EraGrailbird Era = "grailbird"
	// EraGrailbirdCSV is a classic archive whose tweets exist only as CSV:
	// the 10-column root tweets.csv or the 9-column data/csv/YYYY_MM.csv.
	EraGrailbirdCSV Era = "grailbird-csv"
	// EraGDPR2018 is the 2018–2019 export: files at the zip root, bare tweet
	// records, tweet_media/, no manifest, surrogate-escaped emoji.
	EraGDPR2018 Era = "gdpr-2018"
	// EraGDPRSingular is the 2020–2022 export: data/ with manifest.js,
	// data/tweet.js (+ tweet-partN.js), wrapped records, tweet_media/.
	EraGDPRSingular Era = "gdpr-singular"
	// EraGDPR is the current export: data/tweets.js + tweets-partN.js,
	// tweets_media/, note-tweet.js, deleted-tweets.js, community-tweet.js and
	// edit_info on every tweet.
	EraGDPR Era = "gdpr"
)

// Options controls Write. The zero value of every count means "a sensible
// default"; a negative count means "explicitly none" (the file is still
// written, as the one-line empty array real archives use).
type Options struct {
	Era Era
	// Tweets is the number of distinct own tweets the account posted: one
	// surviving tweet per unit after deduplication and edit-chain collapse,
	// so Expected.Total == Tweets. The tweet files hold more records than
	// this: every edit chain adds its 1–2 older versions, and Duplicates adds
	// repeated records. Default 200.
	Tweets int
	// Parts is the number of tweet part files (eras C/D): tweets.js,
	// tweets-part1.js …. Default 1; ignored by the other eras.
	Parts int
	Seed  int64
	// Zip writes a .zip file at the path; otherwise a folder is written.
	Zip bool
	// ExtraTopFolder wraps everything in one top-level folder, as happens
	// when a user re-zips an extracted archive.
	ExtraTopFolder bool
	// BraceStyle forces one brace per line (2021+ style). When false the era
	// default is used: brace style for era D, compact "[ {" for the others.
	BraceStyle bool
	// CompactStyle forces the compact "[ {" style even for era D.
	CompactStyle bool
	// EscapeAstral writes emoji as \uD83D\uDE00 surrogate escapes. Era B and
	// Grailbird always escape them.
	EscapeAstral bool
	// NoManifest leaves out data/manifest.js in eras C/D.
	NoManifest bool
	// MissingMedia leaves this many referenced media files out of the media
	// folder (spread evenly over the timeline).
	MissingMedia int
	// CSVLayout is 9 (data/csv/YYYY_MM.csv, 2012) or 10 (root tweets.csv,
	// 2014+) for EraGrailbirdCSV. Default 10.
	CSVLayout int
	// Counts of the social files. Defaults: 25 following, 40 followers,
	// 3 blocks, 2 mutes, 30 likes, 4 lists (half created, half subscribed).
	Following, Followers, Blocks, Mutes, Likes, Lists int
	// Era D extras. Defaults: Notes = Tweets/50 (at least 1 when possible),
	// EditChains = Tweets/100 (at least 1 when possible), Deleted 3,
	// Community 2. Notes and edits only land on tweets from 2023-03 and
	// 2022-10 on, so small archives may get fewer than asked.
	Notes, EditChains, Deleted, Community int
	// Circle (era D) lists this many plain own tweets written between
	// 2022-08-30 and 2023-10-31 (Twitter Circle's lifetime) in
	// twitter-circle-tweet.js as well as in tweets.js, as real archives
	// do. Default none; fewer when the timeline has fewer such tweets.
	Circle int
	// Protected (era D) writes protected-history.js: the account was
	// protected from its tweet at 40% of the timeline until the one at
	// 55%, and again from 90% on, still protected at export.
	Protected bool
	// Duplicates is the number of tweet records written twice (in another
	// part when Parts > 1). Default Tweets/200 for eras C/D (at least 1 when
	// Tweets >= 10), none for the others.
	Duplicates int
	// AltText adds ext_alt_text to some media. Real GDPR archives never have
	// it (archive-format.md §6.6); it exists to test tolerant parsers.
	AltText bool
	// Trailing decorations real archives never have but parsers must accept
	// (§3): a ";" after the JSON, a final newline, a UTF-8 BOM. They apply
	// to every JS data file.
	TrailingSemicolon, TrailingNewline, BOM bool
}

// Expected is what a correct parser reports for a generated archive. The
// definitions follow `fledge archive inspect --json`.
type Expected struct {
	// Format is "grailbird", "gdpr-2018" or "gdpr".
	Format                           string
	AccountID, Username, DisplayName string
	// Total counts the account's own tweets after dropping duplicates and
	// collapsing each edit chain to its newest version. The other tweet
	// counts are over these survivors, except Community and Deleted, which
	// count the records of community-tweet.js and deleted-tweets.js.
	Total, Retweets, Replies, SelfReplies, Quotes int
	// WithMedia is the number of surviving tweets with at least one media
	// item; MediaReferenced counts the items themselves (extended_entities,
	// or entities.media for Grailbird).
	WithMedia, Long, Community, Deleted int
	// Circle and Protected count surviving own tweets listed in
	// twitter-circle-tweet.js and written while the account was protected.
	Circle, Protected int
	First, Last       time.Time
	// MediaPresent items have their file in the media folder, MediaMissing
	// do not, so MediaReferenced = MediaPresent + MediaMissing; Grailbird
	// has no media files, so there every item is missing.
	MediaReferenced, MediaPresent, MediaMissing int
	// Lists counts lists-created.js plus lists-subscribed.js entries.
	Following, Followers, Blocks, Mutes, Likes, Lists int
	// TweetsJSONBytes is the total size of the tweet files (tweets.js parts,
	// Grailbird month files, or the CSV files for EraGrailbirdCSV).
	TweetsJSONBytes int64
	// TweetIDs are the surviving own tweet ids, oldest first.
	TweetIDs []string
}

// config is Options with every default resolved.
type config struct {
	Options
	braces bool
	astral bool
}

func count(v, def int) int {
	switch {
	case v < 0:
		return 0
	case v == 0:
		return max(def, 0)
	}
	return v
}

func resolve(o Options) (config, error) {
	c := config{Options: o}
	switch o.Era {
	case EraGrailbird, EraGrailbirdCSV, EraGDPR2018, EraGDPRSingular, EraGDPR:
	case "":
		c.Era = EraGDPR
	default:
		return c, fmt.Errorf("archivetest: unknown era %q", o.Era)
	}
	if o.BraceStyle && o.CompactStyle {
		return c, fmt.Errorf("archivetest: BraceStyle and CompactStyle are exclusive")
	}
	c.Tweets = count(o.Tweets, 200)
	if o.Parts < 0 || o.Parts > 50 {
		return c, fmt.Errorf("archivetest: Parts %d out of range 1..50", o.Parts)
	}
	if o.Parts == 0 || (c.Era != EraGDPR && c.Era != EraGDPRSingular) {
		c.Parts = 1
	}
	switch o.CSVLayout {
	case 0:
		c.CSVLayout = 10
	case 9, 10:
	default:
		return c, fmt.Errorf("archivetest: CSVLayout must be 9 or 10, got %d", o.CSVLayout)
	}
	if o.MissingMedia < 0 {
		return c, fmt.Errorf("archivetest: MissingMedia must not be negative")
	}
	eraD := c.Era == EraGDPR
	c.Following = count(o.Following, 25)
	c.Followers = count(o.Followers, 40)
	c.Blocks = count(o.Blocks, 3)
	c.Mutes = count(o.Mutes, 2)
	c.Likes = count(o.Likes, 30)
	c.Lists = count(o.Lists, 4)
	c.Notes, c.EditChains, c.Deleted, c.Community = 0, 0, 0, 0
	if o.Circle < 0 {
		return c, fmt.Errorf("archivetest: Circle must not be negative")
	}
	if !eraD {
		c.Circle, c.Protected = 0, false
	}
	if eraD {
		c.Notes = count(o.Notes, atLeastOne(c.Tweets/50, c.Tweets >= 10))
		c.EditChains = count(o.EditChains, atLeastOne(c.Tweets/100, c.Tweets >= 20))
		c.Deleted = count(o.Deleted, 3)
		c.Community = count(o.Community, 2)
	}
	c.Duplicates = 0
	if eraD || c.Era == EraGDPRSingular {
		c.Duplicates = count(o.Duplicates, atLeastOne(c.Tweets/200, c.Tweets >= 10))
	}
	c.braces = eraD
	if o.BraceStyle {
		c.braces = true
	}
	if o.CompactStyle {
		c.braces = false
	}
	c.astral = o.EscapeAstral || c.Era == EraGDPR2018 || c.Era == EraGrailbird
	return c, nil
}

func atLeastOne(n int, ok bool) int {
	if n == 0 && ok {
		return 1
	}
	if n == 0 {
		return -1
	}
	return n
}
