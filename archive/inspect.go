package archive

import (
	"context"
	"iter"
	"time"
)

// Summary is what `fledge archive inspect` prints. It marshals with
// encoding/json to the documented object; First and Last are RFC 3339 (UTC)
// and "" when there are no tweets.
type Summary struct {
	Format    Format         `json:"format"`
	Account   SummaryAccount `json:"account"`
	Tweets    TweetCounts    `json:"tweets"`
	Media     MediaCounts    `json:"media"`
	Following int            `json:"following"`
	Followers int            `json:"followers"`
	Blocks    int            `json:"blocks"`
	Mutes     int            `json:"mutes"`
	Likes     int            `json:"likes"`
	Lists     int            `json:"lists"`
}

// SummaryAccount identifies the archive owner.
type SummaryAccount struct {
	ID          string `json:"id"`
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
}

// TweetCounts counts the account's own tweets (after dropping duplicates
// and collapsing edit chains); Community and Deleted count the distinct
// records of community-tweet.js and deleted-tweets.js, Deleted also the
// tweets.js records the deleted files list (those are not in Total).
// Circle and Protected count own tweets (in Total) with a narrower
// audience: Twitter Circle tweets, and tweets written while the account
// was protected.
type TweetCounts struct {
	Total       int    `json:"total"`
	Retweets    int    `json:"retweets"`
	Replies     int    `json:"replies"`
	SelfReplies int    `json:"self_replies"`
	Quotes      int    `json:"quotes"`
	WithMedia   int    `json:"with_media"`
	Long        int    `json:"long"`
	Community   int    `json:"community"`
	Deleted     int    `json:"deleted"`
	Circle      int    `json:"circle"`
	Protected   int    `json:"protected"`
	First       string `json:"first"`
	Last        string `json:"last"`
}

// MediaCounts counts the media items of the own tweets; always
// Referenced = Present + Missing. Grailbird archives carry no media files
// by design, so there every item is missing (the importer cannot upload
// them either).
type MediaCounts struct {
	Referenced int `json:"referenced"`
	Present    int `json:"present"`
	Missing    int `json:"missing"`
}

// Inspect reads the whole archive once, streaming, and summarizes it.
func (a *Archive) Inspect(ctx context.Context) (Summary, error) {
	s := Summary{Format: a.format}
	acct, err := a.Account()
	if err != nil {
		return s, err
	}
	s.Account = SummaryAccount{ID: acct.ID, Username: acct.Username, DisplayName: acct.DisplayName}
	if err := a.countTweets(ctx, &s); err != nil {
		return s, err
	}
	if err := a.countOthers(ctx, &s); err != nil {
		return s, err
	}
	return s, nil
}

// countTweets fills s.Tweets and s.Media in one pass over the tweet files.
func (a *Archive) countTweets(ctx context.Context, s *Summary) error {
	srcs, err := a.tweetSources(true, true)
	if err != nil {
		return err
	}
	var first, last time.Time
	tc := &s.Tweets
	var ownDeleted idSet // tweets.js records also listed as deleted
	err = a.scanSources(ctx, srcs, func(t *Tweet, src *tweetSource) error {
		switch {
		case src.kind == communityTweets:
			tc.Community++
			return nil
		case src.kind == deletedTweets:
			if !ownDeleted.has(t.ID) {
				tc.Deleted++
			}
			return nil
		case t.Deleted:
			ownDeleted.add(t.ID)
			tc.Deleted++
			return nil
		}
		tc.addOwn(t)
		if first.IsZero() || t.CreatedAt.Before(first) {
			first = t.CreatedAt
		}
		if t.CreatedAt.After(last) {
			last = t.CreatedAt
		}
		ref, missing := missingMedia(t)
		s.Media.Referenced += ref
		s.Media.Missing += missing
		s.Media.Present += ref - missing
		return nil
	})
	if err != nil {
		return err
	}
	if !first.IsZero() {
		tc.First, tc.Last = first.UTC().Format(time.RFC3339), last.UTC().Format(time.RFC3339)
	}
	return nil
}

// addOwn counts one of the account's own tweets.
func (tc *TweetCounts) addOwn(t *Tweet) {
	tc.Total++
	if t.Circle {
		tc.Circle++
	}
	if t.Protected {
		tc.Protected++
	}
	if t.Retweet {
		tc.Retweets++
	}
	if t.SelfReply {
		tc.SelfReplies++
	} else if t.RepliesToOthers() {
		tc.Replies++
	}
	if t.QuoteURL != "" {
		tc.Quotes++
	}
	if len(t.Media) > 0 {
		tc.WithMedia++
	}
	if t.Long {
		tc.Long++
	}
}

// countOthers counts the account lists, likes and lists of s.
func (a *Archive) countOthers(ctx context.Context, s *Summary) error {
	var err error
	for kind, dst := range map[AccountKind]*int{KindFollowing: &s.Following, KindFollowers: &s.Followers, KindBlocks: &s.Blocks, KindMutes: &s.Mutes} {
		if *dst, err = count(ctx, a.Accounts(kind)); err != nil {
			return err
		}
	}
	if s.Likes, err = count(ctx, a.Likes()); err != nil {
		return err
	}
	for _, kind := range []string{"created", "subscribed"} {
		n, err := count(ctx, a.lists(kind))
		if err != nil {
			return err
		}
		s.Lists += n
	}
	return nil
}

func count[T any](ctx context.Context, seq iter.Seq2[T, error]) (int, error) {
	n := 0
	for _, err := range seq {
		if err != nil {
			return n, err
		}
		if n++; n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

// ScreenNames learns account id → screen name from the mentions and
// in-reply-to fields of the account's own tweets (and the account itself).
// Unresolvable mentions (id "-1") are skipped.
func (a *Archive) ScreenNames(ctx context.Context) (map[string]string, error) {
	names := map[string]string{}
	acct, err := a.Account()
	if err != nil {
		return nil, err
	}
	if acct.ID != "" && acct.Username != "" {
		names[acct.ID] = acct.Username
	}
	err = a.scan(ctx, TweetOptions{}, func(t *Tweet) error {
		for _, m := range t.Mentions {
			if m.ID != "" && m.ScreenName != "" {
				names[m.ID] = m.ScreenName
			}
		}
		if t.ReplyToUserID != "" && t.ReplyToScreenName != "" {
			names[t.ReplyToUserID] = t.ReplyToScreenName
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return names, nil
}
