package preview

import (
	"context"
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"

	"github.com/fledge-cli/fledge/importer"
)

// Options shape the HTML preview.
type Options struct {
	Estimate importer.Estimate
	// MaxPosts caps the posts shown (0: all). A preview of a huge archive
	// is still one file, but a browser struggles past a few ten thousand.
	MaxPosts int
	// Open reads media files from the archive to embed thumbnails of
	// the pictures; nil shows file names only.
	Open importer.OpenFunc
	// ThumbBudget bounds the bytes of thumbnails embedded (0:
	// DefaultThumbBudget, negative: none). Once spent, pictures show as
	// file names and the page says so.
	ThumbBudget int64
	// More tells how to show more posts when the plan kept only the
	// newest (Plan.Dropped > 0), e.g. the flag that sets how many.
	More string
}

// previewPost is one planned post as the template shows it.
type previewPost struct {
	importer.PlannedPost
	Thread    bool // continues the previous post
	MediaView []previewMedia
}

type previewPage struct {
	Plan     *importer.Plan
	Estimate importer.Estimate
	Duration string
	Posts    []previewPost
	Hidden   int
	Total    int    // posts planned, shown or not
	Older    int    // older posts the plan did not keep (a dry run's)
	More     string // how to show more of them
	Thumbs   thumbSummary
}

// thumbSummary tells the page how many thumbnails it holds.
type thumbSummary struct {
	On     bool // thumbnails were asked for
	Shown  int
	Size   string
	Over   int // pictures left out once the budget was spent
	Budget string
}

// byteSize writes a size for people: "25 MB", "310 kB", "900 bytes".
func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d kB", (n+512)>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Write writes a self-contained HTML page showing the planned
// posts as they will look: text, thread links, attachments with alt text,
// dates, and the skip and media reports. It has no external assets (CSS
// inline, pictures as small data: URI thumbnails, no scripts), so it can
// be opened anywhere offline. Media files are read one at a time; ctx
// stops a long run of thumbnails.
func Write(ctx context.Context, w io.Writer, p *importer.Plan, o Options) error {
	page := previewPage{Plan: p, Estimate: o.Estimate, Duration: importer.HumanDuration(o.Estimate.Duration), Total: len(p.Posts) + p.Dropped, Older: p.Dropped, More: o.More}
	posts := p.Posts
	if o.MaxPosts > 0 && len(posts) > o.MaxPosts {
		page.Hidden = len(posts) - o.MaxPosts
		posts = posts[:o.MaxPosts]
	}
	thumbs := newThumbnailer(o.Open, o.ThumbBudget)
	// The pictures to thumbnail, in page order, made on every core.
	var files []string
	for _, pp := range posts {
		for _, m := range pp.Media {
			if _, want := thumbs.wants(m); want && !thumbs.full {
				files = append(files, m.File)
			}
		}
	}
	pool := newThumbPool(ctx, thumbs, files)
	defer pool.stop()
	page.Posts = make([]previewPost, len(posts))
	for i, pp := range posts {
		v := previewPost{PlannedPost: pp, Thread: pp.ReplyTo != "" && i > 0 && posts[i-1].Key == pp.ReplyTo}
		for _, m := range pp.Media {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("writing preview: %w", err)
			}
			v.MediaView = append(v.MediaView, thumbs.view(m, pool.take))
			if thumbs.full {
				pool.stop() // the rest show as names: make no more
			}
		}
		page.Posts[i] = v
	}
	page.Thumbs = thumbSummary{On: o.Open != nil, Shown: thumbs.shown, Size: byteSize(thumbs.used), Over: thumbs.over, Budget: byteSize(thumbs.budget)}
	if err := previewTmpl.Execute(w, page); err != nil {
		return fmt.Errorf("writing preview: %w", err)
	}
	return nil
}

var previewTmpl = template.Must(template.New("preview").Funcs(template.FuncMap{
	"date": func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
	// anchor is a post's element id; keys contain "/", which href
	// escaping would turn into %2f and break the link.
	"anchor": func(key string) string { return "p-" + strings.ReplaceAll(key, "/", "-") },
	"inc":    func(i int) int { return i + 1 },
	// audience says why a post is narrower than --visibility.
	"audience": func(why string) string {
		switch why {
		case importer.AudienceProtected:
			return "written while your account was protected"
		case importer.AudienceCircle:
			return "Twitter Circle tweet"
		}
		return why
	},
}).Parse(previewHTML))

const previewHTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>fledge import preview{{with .Plan.Account}}: {{.}}{{end}}</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:42rem;padding:1rem;background:#f4f4f8;color:#222}
h1{font-size:1.3rem}h2{font-size:1.1rem;margin-top:2rem}
.summary{background:#fff;border-radius:8px;padding:.5rem 1rem}
.summary dt{font-weight:600;float:left;clear:left;width:12rem}.summary dd{margin-left:12rem}
.post{background:#fff;border-radius:8px;padding:.75rem 1rem;margin:.75rem 0;border-left:4px solid #6364ff}
.post.thread{margin-top:-.5rem;margin-left:1.5rem;border-left-color:#a0a0ff}
.meta{color:#666;font-size:.8rem;margin-bottom:.4rem}
.text{white-space:pre-wrap;overflow-wrap:anywhere}
.media{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:.5rem}
.att{background:#eef;border-radius:6px;padding:.3rem .5rem;font-size:.8rem;max-width:100%}
.att .alt{color:#444}.att .noalt{color:#a33}
.att img{display:block;max-width:100%;height:auto;border-radius:4px;margin-bottom:.2rem}
.att .ph{display:flex;align-items:center;justify-content:center;text-align:center;width:10rem;min-height:5rem;background:#dde;border-radius:4px;color:#555;margin-bottom:.2rem}
.notice{background:#fff4d6;border-radius:8px;padding:.5rem 1rem}
.quote{font-size:.8rem;color:#555;margin-top:.4rem}
.aud.narrow{color:#a33;font-weight:600}
table{border-collapse:collapse;background:#fff;width:100%}td,th{border-bottom:1px solid #ddd;padding:.25rem .5rem;text-align:left;font-size:.85rem}
</style>
</head>
<body>
<h1>Import preview{{with .Plan.Account}} for {{.}}{{end}}</h1>
<dl class="summary">
<dt>Server</dt><dd>{{.Plan.Server.Software}} {{.Plan.Server.Version}} ({{.Plan.Server.MaxChars}} characters, {{.Plan.Server.MaxMedia}} media per post)</dd>
<dt>Tweets read</dt><dd>{{.Plan.Tweets}}</dd>
<dt>Posts to create</dt><dd>{{.Total}} ({{.Estimate.Threads}} tweets split into threads)</dd>
<dt>Media to upload</dt><dd>{{.Estimate.Media}}</dd>
<dt>Skipped tweets</dt><dd>{{.Estimate.Skipped}}</dd>
<dt>Estimated time</dt><dd>{{.Duration}} (paced by {{.Estimate.Bound}})</dd>
<dt>Visibility</dt><dd>{{.Plan.Options.Visibility}}{{if .Plan.Options.Backdate}}, backdated (not federated, no notifications){{end}}</dd>
{{with .Plan.Private}}{{if or .Protected .Circle}}<dt>Kept private</dt><dd>{{.Protected}} tweets written while your account was protected, {{.Circle}} Twitter Circle tweets</dd>
{{end}}{{end}}
{{if .Thumbs.On}}<dt>Thumbnails</dt><dd>{{.Thumbs.Shown}} pictures ({{.Thumbs.Size}})</dd>
{{end}}</dl>
{{if .Thumbs.Over}}<p class="notice">Thumbnails stop after {{.Thumbs.Shown}} pictures: the page's budget of {{.Thumbs.Budget}} for them is used up, and {{.Thumbs.Over}} more pictures show as file names only.</p>
{{end}}<h2>Posts</h2>
{{if .Older}}<p class="notice">This page shows the newest {{len .Plan.Posts}} of the {{.Total}} posts; the {{.Older}} older ones are counted above but not shown.{{with .More}} {{.}}{{end}}</p>
{{end}}{{range .Posts}}<article class="post{{if .Thread}} thread{{end}}" id="{{anchor .Key}}">
<div class="meta">tweet {{.TweetID}} · {{date .CreatedAt}}{{if gt .Segments 1}} · part {{inc .Segment}} of {{.Segments}}{{end}}{{if .ReplyTo}} · reply to <a href="#{{anchor .ReplyTo}}">{{.ReplyTo}}</a>{{end}}{{if not .ScheduledAt.IsZero}} · dated {{date .ScheduledAt}}{{end}} · <span class="aud{{if .Audience}} narrow{{end}}">{{.Visibility}}{{with .Audience}} ({{audience .}}){{end}}</span></div>
{{with .Text}}<div class="text">{{.}}</div>{{end}}
{{with .MediaView}}<div class="media">{{range .}}<div class="att">{{if .Thumb}}<img src="{{.Thumb}}" alt="{{.Alt}}" width="{{.Width}}" height="{{.Height}}">{{else if .Note}}<div class="ph">{{.Note}}</div>{{end}}{{.Type}} <code>{{.Name}}</code> {{if .Alt}}<div class="alt">alt: {{.Alt}}</div>{{else}}<div class="noalt">no alt text</div>{{end}}</div>{{end}}</div>{{end}}
{{if .QuoteOf}}<div class="quote">{{if .QuoteNative}}quotes <a href="#{{anchor .QuoteOf}}">{{.QuoteOf}}</a>{{else}}links to our copy of <a href="#{{anchor .QuoteOf}}">{{.QuoteOf}}</a>{{end}}</div>{{end}}
</article>
{{end}}{{if .Hidden}}<p>… and {{.Hidden}} more posts not shown.</p>
{{end}}{{with .Estimate.Skips}}<h2>Skipped tweets by reason</h2>
<table><tr><th>Reason</th><th>Tweets</th></tr>
{{range .}}<tr><td>{{.Reason}}</td><td>{{.Count}}</td></tr>
{{end}}</table>
{{end}}{{with .Plan.MediaIssues}}<h2>Media that will not be attached</h2>
<table><tr><th>Tweet</th><th>File</th><th>Reason</th></tr>
{{range .}}<tr><td>{{.TweetID}}</td><td>{{.File}}</td><td>{{.Reason}}</td></tr>
{{end}}</table>
{{end}}</body>
</html>
`
