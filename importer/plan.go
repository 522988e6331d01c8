package importer

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/fledge-cli/fledge/archive"
)

// PlanConfig is everything planning needs besides the tweets.
type PlanConfig struct {
	Account  string // user@domain the plan is made for
	Username string // the archive owner's screen name, for tweet URLs
	Server   ServerTraits
	Options  PlanOptions
	Count    CharCounter // the server's character count; required
	// Handles maps lower-cased Twitter screen names to fediverse handles
	// (user@domain), used only with Options.Mentions == MentionsFediverse.
	Handles map[string]string
	Alt     AltTexts        // sidecar alt texts (--alt FILE)
	IDs     map[string]bool // --ids: only these tweets (nil: all)
	Exclude map[string]bool // --exclude-ids
	Size    SizeFunc        // sizes of archive files; nil skips size checks
	Now     func() time.Time
}

// Include values (--include).
const (
	IncludeReplies  = "replies"
	IncludeRetweets = "retweets"
)

// Visibilities (--visibility).
const (
	VisibilityPublic   = "public"
	VisibilityUnlisted = "unlisted"
	VisibilityPrivate  = "private"
)

// Circle choices (--circle): Twitter Circle tweets are never imported
// public or unlisted.
const (
	CircleSkip    = "skip"    // default: leave them out
	CirclePrivate = "private" // import them as followers-only posts
)

// Skip reasons that are not filters.
const (
	SkipRetweet     = "retweet"
	SkipReply       = "reply to someone else"
	SkipDeleted     = "deleted"
	SkipEmpty       = "no text and no media"
	SkipMediaFailed = "media missing or rejected (--strict-media)"
	// SkipCutLong: a long post whose full text note-tweet.js does not
	// give; posting the version cut with "…" would misquote it.
	SkipCutLong = "long post cut short: its full text is not in note-tweet.js"
	SkipCircle  = "Twitter Circle tweet (--circle private imports it as followers-only)"
)

// Planner compiles tweets, oldest first, into a Plan one tweet at a
// time, so planning an archive of any size keeps only the plan itself
// and a small index of tweet ids in memory.
type Planner struct {
	cfg      PlanConfig
	plan     Plan
	footer   footer
	grep     *regexp.Regexp
	exclude  *regexp.Regexp
	include  map[string]bool
	limit    int
	count    CharCounter      // cfg.Count behind a cheap upper bound
	segments map[uint64]int32 // tweet id → posts it became, for replies and quotes
	private  map[uint64]bool  // planned tweets whose posts are private
	lastID   uint64
	summary  *summary // SummarizePlan: count posts and skips, keep few
}

// NewPlanner checks cfg and returns a Planner.
func NewPlanner(cfg PlanConfig) (*Planner, error) {
	if cfg.Count == nil {
		return nil, errors.New("plan: no character counter")
	}
	o := &cfg.Options
	if o.Mentions == "" {
		o.Mentions = MentionsPlain
	}
	if o.Mentions != MentionsPlain && o.Mentions != MentionsFediverse {
		return nil, fmt.Errorf("plan: unknown mentions policy %q (want plain or fediverse)", o.Mentions)
	}
	if o.Backdate {
		// A backdated GoToSocial post may not mention anyone (403), and
		// it would be the wrong moment to notify people anyway.
		o.Mentions = MentionsPlain
		if !cfg.Server.CanBackdate {
			return nil, errors.New("plan: backdating requested but the server cannot backdate; a past scheduled_at would publish immediately")
		}
	}
	if o.Visibility == "" {
		o.Visibility = VisibilityUnlisted
	}
	switch o.Visibility {
	case VisibilityPublic, VisibilityUnlisted, VisibilityPrivate:
	default:
		return nil, fmt.Errorf("plan: unknown visibility %q (want public, unlisted or private)", o.Visibility)
	}
	switch o.Circle {
	case "":
		o.Circle = CircleSkip
	case CircleSkip, CirclePrivate:
	default:
		return nil, fmt.Errorf("plan: unknown --circle %q (want skip or private)", o.Circle)
	}
	p := &Planner{cfg: cfg, include: map[string]bool{}, segments: map[uint64]int32{}, private: map[uint64]bool{}}
	for _, inc := range o.Include {
		if inc != IncludeReplies && inc != IncludeRetweets {
			return nil, fmt.Errorf("plan: cannot include %q (want replies or retweets)", inc)
		}
		p.include[inc] = true
	}
	var err error
	if p.footer, err = parseFooter(o.Footer); err != nil {
		return nil, err
	}
	if o.Grep != "" {
		if p.grep, err = regexp.Compile(o.Grep); err != nil {
			return nil, fmt.Errorf("--grep: %w", err)
		}
	}
	if o.ExcludeGrep != "" {
		if p.exclude, err = regexp.Compile(o.ExcludeGrep); err != nil {
			return nil, fmt.Errorf("--exclude-grep: %w", err)
		}
	}
	p.limit = cfg.Server.MaxChars
	if p.limit <= 0 {
		p.limit = 500
	}
	p.count = quickCounter(cfg.Count, p.limit, cfg.Server.CharsPerURL)
	if cfg.Server.MaxMedia <= 0 {
		p.cfg.Server.MaxMedia = 4
	}
	p.plan = Plan{Account: cfg.Account, Server: p.cfg.Server, Options: *o}
	return p, nil
}

// Add plans one tweet. Tweets must come oldest first: a reply or a quote
// can only point at a tweet planned before it.
func (p *Planner) Add(t *archive.Tweet) error {
	if t.ID < p.lastID {
		return fmt.Errorf("plan: tweet %s comes after the newer tweet %d; tweets must be sorted oldest first", t.IDStr, p.lastID)
	}
	p.lastID = t.ID
	p.plan.Tweets++
	if reason := p.skipReason(t); reason != "" {
		p.skip(t, reason)
		return nil
	}
	posts, issues, err := p.compile(t)
	if err != nil {
		return fmt.Errorf("plan: tweet %s: %w", t.IDStr, err)
	}
	p.plan.MediaIssues = append(p.plan.MediaIssues, issues...)
	if len(issues) > 0 && p.cfg.Options.StrictMedia {
		p.skip(t, SkipMediaFailed)
		return nil
	}
	if len(posts) == 0 {
		p.skip(t, SkipEmpty)
		return nil
	}
	p.segments[t.ID] = int32(len(posts))
	switch posts[0].Audience {
	case AudienceProtected:
		p.plan.Private.Protected++
	case AudienceCircle:
		p.plan.Private.Circle++
	}
	if posts[0].Visibility == VisibilityPrivate {
		p.private[t.ID] = true
	}
	if p.summary != nil {
		p.summary.add(posts)
		return nil
	}
	p.plan.Posts = append(p.plan.Posts, posts...)
	return nil
}

// skip records a tweet that gives no post.
func (p *Planner) skip(t *archive.Tweet, reason string) {
	if p.summary != nil {
		p.summary.skip(reason)
		return
	}
	p.plan.Skipped = append(p.plan.Skipped, Skip{TweetID: t.IDStr, Reason: reason})
}

// Plan finishes planning and returns the plan with its fingerprint.
func (p *Planner) Plan() *Plan {
	now := time.Now
	if p.cfg.Now != nil {
		now = p.cfg.Now
	}
	p.plan.Created = now().UTC()
	p.plan.Fingerprint = planFingerprint(p.plan.Posts)
	return &p.plan
}

// BuildPlan plans every tweet of seq (which must be sorted oldest first,
// as archive.Tweets(TweetOptions{Sorted: true}) yields them).
func BuildPlan(ctx context.Context, seq iter.Seq2[*archive.Tweet, error], cfg PlanConfig) (*Plan, error) {
	p, err := NewPlanner(cfg)
	if err != nil {
		return nil, err
	}
	n := 0
	for t, err := range seq {
		if err != nil {
			return nil, fmt.Errorf("reading tweets: %w", err)
		}
		if n++; n%1024 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if err := p.Add(t); err != nil {
			return nil, err
		}
	}
	return p.Plan(), nil
}

// quickCounter avoids the server's exact count (grapheme clustering, URL
// detection) for the common short post. Every server counts at most one
// per rune, and a URL (which holds "://" and at least 8 runes) at most
// its reserved length, so runes + (reserved-8) per "://" bounds the count;
// when the bound is within the limit the post fits and the bound is
// returned. The splitter only compares counts with the limit, so its
// decisions are those the exact count would give.
func quickCounter(exact CharCounter, limit, perURL int) CharCounter {
	extra := max(perURL, 25) - len("http://x")
	return func(s string) int {
		if n := utf8.RuneCountInString(s) + extra*strings.Count(s, "://"); n <= limit {
			return n
		}
		return exact(s)
	}
}

// postKey is a planned post's stable key.
func postKey(tweetID uint64, segment int) string {
	return strconv.FormatUint(tweetID, 10) + "/" + strconv.Itoa(segment)
}

// audienceOf is the visibility of t's posts and why it is narrower than
// the one asked for: an audience never widens, so a Circle tweet or one
// written while the account was protected is always private.
func (p *Planner) audienceOf(t *archive.Tweet) (visibility, why string) {
	switch {
	case t.Circle:
		return VisibilityPrivate, AudienceCircle
	case t.Protected:
		return VisibilityPrivate, AudienceProtected
	}
	return p.cfg.Options.Visibility, ""
}

// skipReason applies the kind rules and the filters; "" keeps the tweet.
func (p *Planner) skipReason(t *archive.Tweet) string {
	o := &p.cfg.Options
	switch {
	case t.Deleted:
		return SkipDeleted
	case t.CutLong:
		return SkipCutLong
	case t.Circle && o.Circle != CirclePrivate:
		return SkipCircle
	case t.Retweet && !p.include[IncludeRetweets]:
		return SkipRetweet
	case t.RepliesToOthers() && !p.include[IncludeReplies]:
		return SkipReply
	case p.cfg.IDs != nil && !p.cfg.IDs[t.IDStr]:
		return "filtered: not in --ids"
	case p.cfg.Exclude[t.IDStr]:
		return "filtered: --exclude-ids"
	case !o.Since.IsZero() && t.CreatedAt.Before(o.Since):
		return "filtered: before --since"
	case !o.Until.IsZero() && !t.CreatedAt.Before(o.Until):
		return "filtered: not before --until"
	case o.MinLikes > 0 && t.FavoriteCount < o.MinLikes:
		return "filtered: fewer likes than --min-likes"
	case o.OnlyMedia && len(t.Media) == 0:
		return "filtered: no media (--only-media)"
	case p.grep != nil && !p.grep.MatchString(t.Text):
		return "filtered: does not match --grep"
	case p.exclude != nil && p.exclude.MatchString(t.Text):
		return "filtered: matches --exclude-grep"
	}
	return ""
}
