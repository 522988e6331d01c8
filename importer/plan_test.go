package importer

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/archive"
)

var t0 = time.Date(2015, 3, 1, 12, 0, 0, 0, time.UTC)

func tw(id uint64, text string) *archive.Tweet {
	return &archive.Tweet{ID: id, IDStr: strconv.FormatUint(id, 10), CreatedAt: t0.Add(time.Duration(id) * time.Hour), Text: text, Lang: "en"}
}

func testConfig() PlanConfig {
	return PlanConfig{
		Account:  "me@social.example",
		Username: "me",
		Server:   ServerTraits{Software: "mastodon", MaxChars: 500, CharsPerURL: 23, MaxMedia: 4, NativeQuotes: true, DescriptionMax: 1500},
		Count:    mastodonCounter(500),
		Now:      func() time.Time { return t0 },
	}
}

func plan(t *testing.T, cfg PlanConfig, tweets ...*archive.Tweet) *Plan {
	t.Helper()
	p, err := NewPlanner(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tweets {
		if err := p.Add(tt); err != nil {
			t.Fatal(err)
		}
	}
	pl := p.Plan()
	for _, pp := range pl.Posts {
		if n := cfg.Count(pp.Text); n > cfg.Server.MaxChars {
			t.Errorf("post %s counts %d > %d", pp.Key, n, cfg.Server.MaxChars)
		}
	}
	return pl
}

func keys(p *Plan) []string {
	var ks []string
	for _, pp := range p.Posts {
		ks = append(ks, pp.Key)
	}
	return ks
}

func skipOf(p *Plan, id string) string {
	for _, s := range p.Skipped {
		if s.TweetID == id {
			return s.Reason
		}
	}
	return ""
}

func TestPlanKindsAndThreads(t *testing.T) {
	long := strings.Repeat("A sentence that goes on. ", 30)
	rt := tw(2, "RT @bob: something cut…")
	rt.Retweet, rt.RetweetOfURL = true, "https://twitter.com/bob/status/99"
	reply := tw(3, "@carol I agree")
	reply.ReplyToID, reply.ReplyToScreenName = "77", "carol"
	del := tw(4, "oops")
	del.Deleted = true
	self := tw(5, "@me and another thing")
	self.ReplyToID, self.ReplyToScreenName, self.SelfReply = "1", "me", true
	orphan := tw(6, "@me continuing a skipped tweet")
	orphan.ReplyToID, orphan.ReplyToScreenName, orphan.SelfReply = "4", "me", true

	p := plan(t, testConfig(), tw(1, long), rt, reply, del, self, orphan)
	if got, want := keys(p), []string{"1/0", "1/1", "5/0", "6/0"}; !slices.Equal(got, want) {
		t.Fatalf("keys = %v, want %v", got, want)
	}
	if p.Posts[1].ReplyTo != "1/0" || p.Posts[2].ReplyTo != "1/1" || p.Posts[3].ReplyTo != "" {
		t.Errorf("reply edges = %q %q %q", p.Posts[1].ReplyTo, p.Posts[2].ReplyTo, p.Posts[3].ReplyTo)
	}
	if !strings.HasPrefix(p.Posts[2].Text, "and another thing") {
		t.Errorf("self-reply prefix kept: %q", p.Posts[2].Text)
	}
	if !strings.Contains(p.Posts[0].Text, "(1/2)") || !strings.Contains(p.Posts[1].Text, "(2/2)") {
		t.Errorf("markers missing: %q / %q", p.Posts[0].Text, p.Posts[1].Text)
	}
	for id, want := range map[string]string{"2": SkipRetweet, "3": SkipReply, "4": SkipDeleted} {
		if got := skipOf(p, id); got != want {
			t.Errorf("tweet %s skip = %q, want %q", id, got, want)
		}
	}
	if p.Tweets != 6 {
		t.Errorf("Tweets = %d", p.Tweets)
	}

	cfg := testConfig()
	cfg.Options.Include = []string{IncludeRetweets, IncludeReplies}
	p = plan(t, cfg, rt, reply)
	if len(p.Posts) != 2 || p.Posts[0].Text != "RT ＠bob: https://twitter.com/bob/status/99" || p.Posts[1].Text != "＠carol I agree" {
		t.Errorf("included posts = %+v", p.Posts)
	}
}

func TestPlanQuotes(t *testing.T) {
	q := tw(2, "look at this https://twitter.com/me/status/1")
	q.QuoteURL = "https://twitter.com/me/status/1"
	other := tw(3, "theirs https://twitter.com/x/status/50")
	other.QuoteURL = "https://twitter.com/x/status/50"

	p := plan(t, testConfig(), tw(1, "original"), q, other)
	if pp := p.Posts[1]; pp.QuoteOf != "1/0" || !pp.QuoteNative || pp.Text != "look at this" {
		t.Errorf("native quote = %+v", pp)
	}
	if pp := p.Posts[2]; pp.QuoteOf != "" || !strings.Contains(pp.Text, "https://twitter.com/x/status/50") {
		t.Errorf("foreign quote = %+v", pp)
	}

	cfg := testConfig()
	cfg.Server.NativeQuotes = false
	p = plan(t, cfg, tw(1, "original"), q)
	if pp := p.Posts[1]; pp.QuoteOf != "1/0" || pp.QuoteNative || pp.Text != q.Text || pp.QuoteURL != q.QuoteURL {
		t.Errorf("link quote = %+v", pp)
	}
}

func TestPlanFilters(t *testing.T) {
	a, b, c := tw(1, "cats are great"), tw(2, "dogs are great"), tw(3, "birds")
	b.FavoriteCount = 10
	c.Media = []archive.Media{{Type: "photo", File: "data/tweets_media/3-x.jpg"}}
	tests := []struct {
		name string
		set  func(*PlanConfig)
		want []string
	}{
		{"none", func(*PlanConfig) {}, []string{"1/0", "2/0", "3/0"}},
		{"since", func(c *PlanConfig) { c.Options.Since = t0.Add(2 * time.Hour) }, []string{"2/0", "3/0"}},
		{"until", func(c *PlanConfig) { c.Options.Until = t0.Add(2 * time.Hour) }, []string{"1/0"}},
		{"grep", func(c *PlanConfig) { c.Options.Grep = "great$" }, []string{"1/0", "2/0"}},
		{"exclude grep", func(c *PlanConfig) { c.Options.ExcludeGrep = "(?i)CATS" }, []string{"2/0", "3/0"}},
		{"min likes", func(c *PlanConfig) { c.Options.MinLikes = 5 }, []string{"2/0"}},
		{"only media", func(c *PlanConfig) { c.Options.OnlyMedia = true }, []string{"3/0"}},
		{"ids", func(c *PlanConfig) { c.IDs = map[string]bool{"1": true, "3": true} }, []string{"1/0", "3/0"}},
		{"exclude ids", func(c *PlanConfig) { c.Exclude = map[string]bool{"1": true} }, []string{"2/0", "3/0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig()
			tt.set(&cfg)
			p := plan(t, cfg, a, b, c)
			if got := keys(p); !slices.Equal(got, tt.want) {
				t.Errorf("keys = %v, want %v", got, tt.want)
			}
			if len(p.Posts)+len(p.Skipped) != 3 {
				t.Errorf("%d posts + %d skipped != 3 tweets", len(p.Posts), len(p.Skipped))
			}
			for _, s := range p.Skipped {
				if !strings.HasPrefix(s.Reason, "filtered: ") {
					t.Errorf("skip reason %q", s.Reason)
				}
			}
		})
	}
	cfg := testConfig()
	cfg.Options.Grep = "("
	if _, err := NewPlanner(cfg); err == nil || !strings.Contains(err.Error(), "--grep") {
		t.Errorf("bad --grep: %v", err)
	}
}

func TestPlanMedia(t *testing.T) {
	m := tw(1, "six photos and a video")
	for i := range 6 {
		m.Media = append(m.Media, archive.Media{Type: "photo", File: "data/tweets_media/1-p" + strconv.Itoa(i) + ".jpg"})
	}
	m.Media = append(m.Media, archive.Media{Type: "video", File: "data/tweets_media/1-v.mp4"}, archive.Media{Type: "photo", URL: "https://pbs.twimg.com/gone.jpg"})
	cfg := testConfig()
	cfg.Alt = AltTexts{altKey("1", "1-p0.jpg"): "first photo"}
	cfg.Size = func(string) (int64, error) { return 1000, nil }
	p := plan(t, cfg, m)
	if len(p.Posts) != 3 {
		t.Fatalf("got %d posts, want 3 (4 photos, 2 photos, 1 video)", len(p.Posts))
	}
	if len(p.Posts[0].Media) != 4 || len(p.Posts[1].Media) != 2 || len(p.Posts[2].Media) != 1 {
		t.Errorf("media groups %d %d %d", len(p.Posts[0].Media), len(p.Posts[1].Media), len(p.Posts[2].Media))
	}
	if p.Posts[0].Media[0].Alt != "first photo" || p.Posts[0].Media[0].ContentType != "image/jpeg" {
		t.Errorf("first media = %+v", p.Posts[0].Media[0])
	}
	if p.Posts[1].Text != "" || p.Posts[1].ReplyTo != "1/0" || p.Posts[2].ReplyTo != "1/1" {
		t.Errorf("overflow posts = %+v", p.Posts[1:])
	}
	if len(p.MediaIssues) != 1 || p.MediaIssues[0].File != "https://pbs.twimg.com/gone.jpg" {
		t.Errorf("issues = %+v", p.MediaIssues)
	}
	cfg.Options.StrictMedia = true
	p = plan(t, cfg, m)
	if len(p.Posts) != 0 || skipOf(p, "1") != SkipMediaFailed {
		t.Errorf("strict media: posts %d, skipped %+v", len(p.Posts), p.Skipped)
	}
}

func TestPlanBackdateAndFooter(t *testing.T) {
	a := tw(1, "hello @alice")
	cfg := testConfig()
	cfg.Options.Footer = DefaultFooter
	p := plan(t, cfg, a)
	if want := "hello ＠alice\n\nOriginally on Twitter, 2015-03-01: https://twitter.com/me/status/1"; p.Posts[0].Text != want {
		t.Errorf("text = %q, want %q", p.Posts[0].Text, want)
	}
	if !p.Posts[0].ScheduledAt.IsZero() {
		t.Error("scheduled_at set without backdating")
	}

	cfg = testConfig()
	cfg.Options.Backdate = true
	cfg.Options.Mentions = MentionsFediverse
	cfg.Handles = map[string]string{"alice": "alice@x.example"}
	if _, err := NewPlanner(cfg); err == nil {
		t.Fatal("backdating accepted on a server that cannot backdate")
	}
	cfg.Server.CanBackdate = true
	p = plan(t, cfg, a)
	if pp := p.Posts[0]; !pp.ScheduledAt.Equal(a.CreatedAt) || pp.Text != "hello ＠alice" {
		t.Errorf("backdated post = %+v", pp)
	}
}

func TestPlanOrderAndFingerprint(t *testing.T) {
	p, err := NewPlanner(testConfig())
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Add(tw(5, "later")); err != nil {
		t.Fatal(err)
	}
	if err := p.Add(tw(4, "earlier")); err == nil || !strings.Contains(err.Error(), "tweet 4") {
		t.Errorf("out-of-order tweet: %v", err)
	}
	a := plan(t, testConfig(), tw(1, "x"), tw(2, "y"))
	b := plan(t, testConfig(), tw(1, "x"), tw(2, "y"))
	c := plan(t, testConfig(), tw(1, "x"), tw(2, "z"))
	if a.Fingerprint != b.Fingerprint || a.Fingerprint == c.Fingerprint || len(a.Fingerprint) != 64 {
		t.Errorf("fingerprints %s %s %s", a.Fingerprint, b.Fingerprint, c.Fingerprint)
	}
}

func TestPlanBadOptions(t *testing.T) {
	for name, set := range map[string]func(*PlanConfig){
		"mentions":   func(c *PlanConfig) { c.Options.Mentions = "loud" },
		"visibility": func(c *PlanConfig) { c.Options.Visibility = "direct" },
		"include":    func(c *PlanConfig) { c.Options.Include = []string{"likes"} },
		"footer":     func(c *PlanConfig) { c.Options.Footer = "{{.Missing}}" },
		"counter":    func(c *PlanConfig) { c.Count = nil },
	} {
		cfg := testConfig()
		set(&cfg)
		if _, err := NewPlanner(cfg); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestBuildPlanCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	seq := func(yield func(*archive.Tweet, error) bool) {
		for i := range 5000 {
			if !yield(tw(uint64(i+1), "t"), nil) {
				return
			}
		}
	}
	if _, err := BuildPlan(ctx, seq, testConfig()); err == nil {
		t.Error("cancelled planning returned no error")
	}
}
