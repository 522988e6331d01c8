package archive

import (
	"errors"
	"io/fs"
	"path"
	"strings"
)

// tweetSources lists the tweet files to read, in order: the account's own
// tweets, then community tweets, then deleted tweets when asked for.
func (a *Archive) tweetSources(includeDeleted, includeCommunity bool) ([]tweetSource, error) {
	acct, err := a.Account()
	if err != nil {
		return nil, err
	}
	if a.format == FormatGrailbird {
		return a.grailbirdSources(acct.ID)
	}
	var srcs []tweetSource
	add := func(kind sourceKind, names []string, mediaDirs ...string) {
		ctx := &tweetContext{accountID: acct.ID}
		ctx.mediaDir, ctx.media = a.mediaIndex(mediaDirs...)
		for _, n := range names {
			c := *ctx
			c.source = n
			srcs = append(srcs, tweetSource{name: n, kind: kind, ctx: &c})
		}
	}
	// The account's own tweets are the point of the archive: a tweets.js
	// that cannot be read is an error, not an empty archive.
	if bad := a.irregularData("tweets", "tweet"); len(bad) > 0 {
		return nil, errors.New(strings.Join(bad, "; "))
	}
	add(ownTweets, a.dataFiles("tweets", "tweet"), "tweets_media", "tweet_media")
	if includeCommunity {
		add(communityTweets, a.dataFiles("community-tweet"), "community_tweet_media")
	}
	if includeDeleted {
		add(deletedTweets, a.dataFiles("deleted-tweets"), "deleted_tweets_media")
	}
	return srcs, nil
}

// mediaIndex finds the first existing media folder among dirs (under the
// data root) and the set of file names in it.
func (a *Archive) mediaIndex(dirs ...string) (string, map[string]bool) {
	for _, d := range dirs {
		full := join(a.root, d)
		if z, ok := a.store.(*zipStorage); ok {
			// The zip's own listing of the folder is that set already:
			// share it rather than copy 100,000 names.
			if e := z.entries[full]; e != nil && len(e.files) > 0 {
				return full, e.files
			}
			continue
		}
		files, _ := a.store.list(full)
		if len(files) == 0 {
			continue
		}
		set := make(map[string]bool, len(files))
		for _, f := range files {
			set[f] = true
		}
		return full, set
	}
	return "", nil
}

// grailbirdSources lists the monthly JS files from tweet_index.js (or by
// globbing data/js/tweets/), and only when there are none the CSV files.
func (a *Archive) grailbirdSources(accountID string) ([]tweetSource, error) {
	ctx := func(name string) *tweetContext {
		return &tweetContext{accountID: accountID, source: name, grailbird: true}
	}
	names, err := a.grailbirdMonthFiles()
	if err != nil {
		return nil, err
	}
	var srcs []tweetSource
	for _, n := range names {
		srcs = append(srcs, tweetSource{name: n, kind: ownTweets, ctx: ctx(n)})
	}
	if len(srcs) > 0 {
		return srcs, nil
	}
	if p := join(a.root, "tweets.csv"); a.store.exists(p) {
		return []tweetSource{{name: p, kind: ownTweets, csv: true, ctx: ctx(p)}}, nil
	}
	dir := join(a.root, "data/csv")
	files, _ := a.store.list(dir)
	for _, f := range files {
		if strings.HasSuffix(f, ".csv") {
			p := join(dir, f)
			srcs = append(srcs, tweetSource{name: p, kind: ownTweets, csv: true, ctx: ctx(p)})
		}
	}
	return srcs, nil
}

// grailbirdMonthFiles reads tweet_index.js, whose file_name entries are
// relative to the archive folder; without it, data/js/tweets/*.js.
func (a *Archive) grailbirdMonthFiles() ([]string, error) {
	idx := join(a.root, "data/js/tweet_index.js")
	var names []string
	err := a.eachRecord(idx, func(ar *arrayReader) error {
		var e struct {
			FileName string `json:"file_name"`
		}
		if err := ar.decode(&e); err != nil {
			return err
		}
		p := path.Clean(e.FileName)
		if !fs.ValidPath(p) || p == "." {
			return ar.errorf("invalid file_name %q", truncate(e.FileName, 60))
		}
		full := join(a.root, p)
		if !a.store.exists(full) {
			a.warnf("%s: lists %s, which is missing from the archive", idx, full)
			return nil
		}
		names = append(names, full)
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if len(names) > 0 {
		return names, nil
	}
	dir := join(a.root, "data/js/tweets")
	files, _ := a.store.list(dir)
	for _, f := range files {
		if strings.HasSuffix(f, ".js") {
			names = append(names, join(dir, f))
		}
	}
	return names, nil
}
