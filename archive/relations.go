package archive

import (
	"errors"
	"fmt"
	"iter"
)

// errStopped marks a consumer that stopped iterating.
var errStopped = errors.New("iteration stopped")

// records is the common shape of the small-file iterators: every record of
// the given files, decoded with fn, which returns false to skip a record.
func records[T any](a *Archive, files []string, fn func(ar *arrayReader, emit func(T) bool) error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for _, name := range files {
			err := a.eachRecord(name, func(ar *arrayReader) error {
				stopped := false
				err := fn(ar, func(v T) bool {
					if !yield(v, nil) {
						stopped = true
					}
					return !stopped
				})
				if err != nil {
					return err
				}
				if stopped {
					return errStopped
				}
				return nil
			})
			if errors.Is(err, errStopped) {
				return
			}
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
		}
	}
}

// relationFiles maps each kind to its file and record key (docs §11–12).
var relationFiles = map[AccountKind][2]string{
	KindFollowing: {"following", "following"},
	KindFollowers: {"follower", "follower"},
	KindBlocks:    {"block", "blocking"},
	KindMutes:     {"mute", "muting"},
}

// Accounts streams following.js, follower.js, block.js or mute.js. The
// archive has only ids (and, from 2020 on, a link); a missing file yields
// nothing. Grailbird archives have none of these files.
func (a *Archive) Accounts(kind AccountKind) iter.Seq2[AccountRef, error] {
	f, ok := relationFiles[kind]
	if !ok {
		return func(yield func(AccountRef, error) bool) {
			yield(AccountRef{}, fmt.Errorf("unknown account kind %d", int(kind)))
		}
	}
	var files []string
	if a.format != FormatGrailbird {
		files = a.dataFiles(f[0])
	}
	key := f[1]
	return records(a, files, func(ar *arrayReader, emit func(AccountRef) bool) error {
		var rec map[string]struct {
			AccountID flexString `json:"accountId"`
			UserLink  string     `json:"userLink"`
		}
		if err := ar.decode(&rec); err != nil {
			return err
		}
		r, ok := rec[key]
		if !ok || r.AccountID == "" {
			return ar.errorf("expected a %q record with an accountId", key)
		}
		emit(AccountRef{ID: string(r.AccountID), UserLink: r.UserLink})
		return nil
	})
}

// Lists streams lists-created.js, lists-subscribed.js and lists-member.js
// in that order; both the one-url-per-record and the 2018 urls-array shapes
// are read (docs §13).
func (a *Archive) Lists() iter.Seq2[List, error] {
	return func(yield func(List, error) bool) {
		for _, kind := range []string{"created", "subscribed", "member"} {
			for l, err := range a.lists(kind) {
				if !yield(l, err) || err != nil {
					return
				}
			}
		}
	}
}

func (a *Archive) lists(kind string) iter.Seq2[List, error] {
	var files []string
	if a.format != FormatGrailbird {
		files = a.dataFiles("lists-" + kind)
	}
	return records(a, files, func(ar *arrayReader, emit func(List) bool) error {
		var rec struct {
			Info struct {
				URL  string   `json:"url"`
				URLs []string `json:"urls"`
			} `json:"userListInfo"`
		}
		if err := ar.decode(&rec); err != nil {
			return err
		}
		if rec.Info.URL != "" && !emit(List{URL: rec.Info.URL, Kind: kind}) {
			return nil
		}
		for _, u := range rec.Info.URLs {
			if !emit(List{URL: u, Kind: kind}) {
				return nil
			}
		}
		return nil
	})
}

// Likes streams like.js; FullText and ExpandedURL are often absent.
func (a *Archive) Likes() iter.Seq2[Like, error] {
	var files []string
	if a.format != FormatGrailbird {
		files = a.dataFiles("like")
	}
	return records(a, files, func(ar *arrayReader, emit func(Like) bool) error {
		var rec struct {
			Like struct {
				TweetID     flexString `json:"tweetId"`
				FullText    string     `json:"fullText"`
				ExpandedURL string     `json:"expandedUrl"`
			} `json:"like"`
		}
		if err := ar.decode(&rec); err != nil {
			return err
		}
		if rec.Like.TweetID == "" {
			return ar.errorf("like has no tweetId")
		}
		emit(Like{TweetID: string(rec.Like.TweetID), FullText: rec.Like.FullText, ExpandedURL: rec.Like.ExpandedURL})
		return nil
	})
}

// ScreenNameChanges streams screen-name-change.js.
func (a *Archive) ScreenNameChanges() iter.Seq2[ScreenNameChange, error] {
	var files []string
	if a.format != FormatGrailbird {
		files = a.dataFiles("screen-name-change")
	}
	return records(a, files, func(ar *arrayReader, emit func(ScreenNameChange) bool) error {
		var rec struct {
			Change struct {
				Change struct {
					ChangedAt   string `json:"changedAt"`
					ChangedFrom string `json:"changedFrom"`
					ChangedTo   string `json:"changedTo"`
				} `json:"screenNameChange"`
			} `json:"screenNameChange"`
		}
		if err := ar.decode(&rec); err != nil {
			return err
		}
		c := rec.Change.Change
		at, err := parseDate(c.ChangedAt)
		if err != nil {
			return ar.errorf("changedAt: %w", err)
		}
		emit(ScreenNameChange{ChangedAt: at, From: c.ChangedFrom, To: c.ChangedTo})
		return nil
	})
}
