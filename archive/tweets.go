package archive

import (
	"context"
	"errors"
	"iter"
	"strconv"

	"github.com/go-json-experiment/json/jsontext"
)

// sourceKind says which file family a tweet file belongs to.
type sourceKind int

const (
	ownTweets sourceKind = iota
	communityTweets
	deletedTweets
)

// tweetSource is one file of tweets and how to read it.
type tweetSource struct {
	name string
	kind sourceKind
	csv  bool // Grailbird tweets.csv or data/csv/*.csv
	ctx  *tweetContext
}

// errStop ends a scan early when the consumer stops iterating.
var errStop = errors.New("stop")

// Tweets streams the account's tweets. Without opt.Sorted they come in
// archive order, one record in memory at a time; with it, oldest first (see
// sortedTweets). Duplicate ids are dropped, edit chains collapsed to their
// newest version, long posts joined from note-tweet.js. After an error the
// sequence ends.
func (a *Archive) Tweets(opt TweetOptions) iter.Seq2[*Tweet, error] {
	return a.TweetsContext(context.Background(), opt)
}

// TweetsContext is Tweets with a context: once ctx is done the sequence
// ends with ctx.Err(), even while the sorted view is still being prepared
// (which reads the whole archive before yielding the first tweet).
func (a *Archive) TweetsContext(ctx context.Context, opt TweetOptions) iter.Seq2[*Tweet, error] {
	return func(yield func(*Tweet, error) bool) {
		if opt.Sorted {
			a.sortedTweets(ctx, opt, yield)
			return
		}
		err := a.scan(ctx, opt, func(t *Tweet) error {
			if !yield(t, nil) {
				return errStop
			}
			return nil
		})
		if err != nil && !errors.Is(err, errStop) {
			yield(nil, err)
		}
	}
}

// scan runs fn for every tweet selected by opt, in archive order.
func (a *Archive) scan(ctx context.Context, opt TweetOptions, fn func(*Tweet) error) error {
	srcs, err := a.tweetSources(opt.IncludeDeleted, !opt.ExcludeCommunity)
	if err != nil {
		return err
	}
	return a.scanSources(ctx, srcs, func(t *Tweet, _ *tweetSource) error {
		if !opt.Since.IsZero() && t.CreatedAt.Before(opt.Since) {
			return nil
		}
		if !opt.Until.IsZero() && !t.CreatedAt.Before(opt.Until) {
			return nil
		}
		return fn(t)
	})
}

// scanSources reads the given tweet files in order.
func (a *Archive) scanSources(ctx context.Context, srcs []tweetSource, fn func(*Tweet, *tweetSource) error) error {
	notes, err := a.loadNotes()
	if err != nil {
		return err
	}
	defer notes.close()
	aud, err := a.loadAudience()
	if err != nil {
		return err
	}
	seen := map[sourceKind]*idSet{}
	dups := map[string]int{}
	defer func() {
		for name, n := range dups {
			a.warnf("%s: %d duplicate tweet ids dropped", name, n)
		}
	}()
	count := 0
	for i := range srcs {
		src := &srcs[i]
		set := seen[src.kind]
		if set == nil {
			set = &idSet{}
			seen[src.kind] = set
		}
		emit := func(t *Tweet) error {
			if count++; count%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if !set.add(t.ID) {
				dups[src.name]++
				return nil
			}
			t.Community = src.kind == communityTweets
			t.Deleted = src.kind == deletedTweets
			if src.kind == ownTweets {
				aud.mark(t)
			}
			n, prefix, orphan, err := notes.match(t)
			if err != nil {
				return err
			}
			switch {
			case n != nil:
				n.join(t, prefix)
			case orphan:
				t.CutLong = true
				a.warnf("%s: tweet %s looks like a long post cut short (it ends with \"…\" and a note was posted just before it), but no record of note-tweet.js holds its full text; it is left out rather than imported cut", src.name, t.IDStr)
			}
			if !src.ctx.grailbird {
				for _, m := range t.Media {
					if m.File == "" {
						a.warnf("%s: tweet %s: media file %s-%s is missing from the archive", src.name, t.IDStr, t.IDStr, baseName(m.URL))
					}
				}
			}
			return fn(t, src)
		}
		if src.csv {
			err = a.scanCSV(src, emit)
		} else {
			err = a.scanJS(src, emit)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// scanJS decodes one tweet data file record by record.
func (a *Archive) scanJS(src *tweetSource, emit func(*Tweet) error) error {
	var elem tweetElem
	return a.eachRecord(src.name, func(ar *arrayReader) error {
		elem = tweetElem{}
		if err := ar.decodeWith(func(dec *jsontext.Decoder) error { return decodeTweetElem(dec, &elem) }); err != nil {
			return err
		}
		r := elem.record()
		if superseded(r) {
			return nil
		}
		t, err := src.ctx.normalize(r)
		if err != nil {
			return ar.errorf("%w", err)
		}
		return emit(t)
	})
}

// superseded reports whether a later version of this tweet's edit chain
// exists (docs §6.11): only the record with the largest id of its chain is
// kept. The chain lists every id, so this is decided from the record alone.
func superseded(r *rawTweet) bool {
	if r.EditInfo.ChainLen < 2 {
		return false
	}
	own, err := strconv.ParseUint(firstNonEmpty(r.IDStr, string(r.ID)), 10, 64)
	if err != nil {
		return false // normalize reports the bad id
	}
	return r.EditInfo.ChainMax > own
}
