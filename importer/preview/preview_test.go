package preview

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"html"
	"image/jpeg"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/archive"
	"github.com/fledge-cli/fledge/importer"
	"github.com/fledge-cli/fledge/internal/adapter"
	"github.com/fledge-cli/fledge/internal/archivetest"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestPreviewGolden(t *testing.T) {
	cfg := testConfig()
	cfg.Options.Footer = importer.DefaultFooter
	m := tw(2, "two photos <b>not bold</b> & a link https://example.org")
	m.Media = []archive.Media{{Type: "photo", File: "data/tweets_media/2-a.jpg", Alt: "a red door"}, {Type: "photo", File: "data/tweets_media/2-b.png"}}
	rt := tw(3, "RT @x: hi")
	rt.Retweet = true
	self := tw(4, strings.Repeat("Thread goes on. ", 40))
	self.ReplyToID, self.SelfReply = "1", true
	cfg.Options.Circle = importer.CirclePrivate
	prot := tw(5, "written while the account was protected")
	prot.Protected = true
	circle := tw(6, "for my circle only")
	circle.Circle = true
	p := plan(t, cfg, tw(1, "first tweet #hello @friend"), m, rt, self, prot, circle)

	var buf bytes.Buffer
	if err := Write(context.Background(), &buf, p, Options{Estimate: importer.EstimatePlan(p, adapter.DefaultEstimateLimits(), nil)}); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	// Self-contained: no external stylesheet, script or image.
	if regexp.MustCompile(`(?i)<(script|link|img)\b|src=|url\(`).MatchString(html) {
		t.Error("preview references external assets")
	}
	if strings.Contains(html, "<b>not bold</b>") {
		t.Error("tweet text was not escaped")
	}
	golden := filepath.Join("testdata", "preview.golden.html")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("preview differs from %s (run with -update after checking the change)", golden)
	}
}

func TestPreviewMaxPosts(t *testing.T) {
	p := plan(t, testConfig(), tw(1, "a"), tw(2, "b"), tw(3, "c"))
	var buf bytes.Buffer
	if err := Write(context.Background(), &buf, p, Options{MaxPosts: 1}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "… and 2 more posts not shown.") || strings.Contains(buf.String(), `id="p-2-0"`) {
		t.Error("MaxPosts not applied")
	}
}

// imgTag matches the thumbnails Write writes.
var imgTag = regexp.MustCompile(`<img src="([^"]*)" alt="([^"]*)" width="(\d+)" height="(\d+)">`)

// TestPreviewThumbnails previews a generated archive whose photos are
// real pictures: every JPEG, PNG and GIF shows as an embedded thumbnail
// with its alt text, and videos as a labelled placeholder.
func TestPreviewThumbnails(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "archive")
	if _, err := archivetest.Write(dir, archivetest.Options{Era: archivetest.EraGDPR, Tweets: 150, Seed: 11, AltText: true}); err != nil {
		t.Fatal(err)
	}
	// Replace the generator's placeholder bytes with pictures; every
	// third .jpg holds a GIF, which the decoder finds by its content.
	mediaDir := filepath.Join(dir, "data", "tweets_media")
	files, err := os.ReadDir(mediaDir)
	if err != nil {
		t.Fatal(err)
	}
	for i, fe := range files {
		var data []byte
		switch ext := filepath.Ext(fe.Name()); {
		case ext == ".png":
			data = encodePNG(t, testPicture(200+i%40, 180, uint64(i)))
		case ext == ".jpg" && i%3 == 0:
			data = encodeGIF(t, 120, 200)
		case ext == ".jpg":
			data = encodeJPEG(t, testPicture(320, 180+i%40, uint64(i)))
		default:
			continue
		}
		if err := os.WriteFile(filepath.Join(mediaDir, fe.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	a, err := archive.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	cfg := testConfig()
	cfg.Size = archiveSizer(a)
	p, err := importer.BuildPlan(context.Background(), a.Tweets(archive.TweetOptions{Sorted: true}), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var pictures, videos []importer.PlannedMedia
	for _, pp := range p.Posts {
		for _, m := range pp.Media {
			if importer.IsVisualVideo(m) {
				videos = append(videos, m)
			} else {
				pictures = append(pictures, m)
			}
		}
	}
	if len(pictures) < 5 || len(videos) == 0 {
		t.Fatalf("the generated archive has %d pictures and %d videos; pick another seed", len(pictures), len(videos))
	}

	var buf bytes.Buffer
	open := func(f string) (io.ReadCloser, error) { rc, _, err := a.OpenFile(f); return rc, err }
	if err := Write(context.Background(), &buf, p, Options{Open: open}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	imgs := imgTag.FindAllStringSubmatch(page, -1)
	if len(imgs) != len(pictures) || strings.Count(page, "<img") != len(pictures) {
		t.Fatalf("%d thumbnails (%d <img), want one per picture: %d", len(imgs), strings.Count(page, "<img"), len(pictures))
	}
	withAlt := 0
	for i, m := range imgs {
		if got := html.UnescapeString(m[2]); got != pictures[i].Alt {
			t.Errorf("thumbnail %d (%s) has alt %q, want %q", i, pictures[i].File, got, pictures[i].Alt)
		}
		if pictures[i].Alt != "" {
			withAlt++
		}
		// The attribute is HTML-escaped ("+" as &#43;); a browser
		// reads the URI unescaped.
		b64, ok := strings.CutPrefix(html.UnescapeString(m[1]), "data:image/jpeg;base64,")
		if !ok {
			t.Fatalf("thumbnail %d src %.40q is not a JPEG data: URI", i, m[1])
		}
		jpg, err := base64.StdEncoding.DecodeString(b64)
		if err != nil {
			t.Fatalf("thumbnail %d: %v", i, err)
		}
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(jpg))
		if err != nil {
			t.Fatalf("thumbnail %d: %v", i, err)
		}
		if cfg.Width > thumbSide || cfg.Height > thumbSide || m[3] != strconv.Itoa(cfg.Width) || m[4] != strconv.Itoa(cfg.Height) {
			t.Errorf("thumbnail %d is %d×%d, tagged %s×%s", i, cfg.Width, cfg.Height, m[3], m[4])
		}
	}
	if withAlt == 0 {
		t.Error("no picture with alt text; the alt check tested nothing")
	}
	if got := strings.Count(page, "video: no preview") + strings.Count(page, "animated GIF (a video in the archive): no preview"); got != len(videos) {
		t.Errorf("%d video placeholders, want %d", got, len(videos))
	}
	// Still self-contained: the only sources are the data: URIs.
	if regexp.MustCompile(`(?i)<(script|link)\b|url\(|src="[^d]`).MatchString(page) {
		t.Error("preview references external assets")
	}
	if !strings.Contains(page, fmt.Sprintf("<dt>Thumbnails</dt><dd>%d pictures (", len(pictures))) {
		t.Error("summary does not count the thumbnails")
	}
}

// mapOpener serves files from memory; a name not in the map does not
// exist.
func mapOpener(files map[string][]byte) importer.OpenFunc {
	return func(name string) (io.ReadCloser, error) {
		b, ok := files[name]
		if !ok {
			return nil, fmt.Errorf("%s: %w", name, fs.ErrNotExist)
		}
		return io.NopCloser(bytes.NewReader(b)), nil
	}
}

// TestPreviewPlaceholders: media that cannot be shown get a note naming
// the file and the reason, and the preview is still written.
func TestPreviewPlaceholders(t *testing.T) {
	files := map[string][]byte{
		"m/ok.png":      encodePNG(t, testPicture(50, 50, 1)),
		"m/corrupt.jpg": []byte("\xff\xd8\xff\xe0 not really a jpeg"),
		"m/text.jpg":    []byte("a text file, not a picture"),
		"m/bomb.png":    pngHeader(100_000, 100_000),
		"m/clip.mp4":    []byte("not decoded"),
		"m/anim.mp4":    []byte("not decoded"),
		"m/pic.webp":    []byte("RIFF....WEBP"),
	}
	tweet := func(id uint64, ms ...archive.Media) *archive.Tweet {
		tt := tw(id, "media")
		tt.Media = ms
		return tt
	}
	p := plan(t, testConfig(),
		tweet(1, archive.Media{Type: "photo", File: "m/ok.png", Alt: `a "quoted" <cat>`}, archive.Media{Type: "photo", File: "m/corrupt.jpg"}, archive.Media{Type: "photo", File: "m/bomb.png"}, archive.Media{Type: "photo", File: "m/gone.jpg"}),
		tweet(2, archive.Media{Type: "photo", File: "m/text.jpg"}),
		tweet(3, archive.Media{Type: "video", File: "m/clip.mp4"}),
		tweet(4, archive.Media{Type: "animated_gif", File: "m/anim.mp4"}),
		tweet(5, archive.Media{Type: "photo", File: "m/pic.webp"}),
	)
	var buf bytes.Buffer
	if err := Write(context.Background(), &buf, p, Options{Open: mapOpener(files)}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	if n := strings.Count(page, "<img"); n != 1 {
		t.Errorf("%d thumbnails, want 1", n)
	}
	if !strings.Contains(page, `alt="a &#34;quoted&#34; &lt;cat&gt;"`) {
		t.Error("alt attribute missing or not escaped")
	}
	for _, want := range []string{
		`<div class="ph">not shown: image is truncated</div>photo <code>corrupt.jpg</code>`,
		`<div class="ph">not shown: not a JPEG, PNG, GIF or WebP image</div>photo <code>text.jpg</code>`,
		`<div class="ph">not shown: png image of 100000×100000 pixels is over the preview limit of 40 megapixels</div>photo <code>bomb.png</code>`,
		`<div class="ph">not shown: cannot open the file: m/gone.jpg: file does not exist</div>photo <code>gone.jpg</code>`,
		`<div class="ph">video: no preview</div>video <code>clip.mp4</code>`,
		`<div class="ph">animated GIF (a video in the archive): no preview</div>animated_gif <code>anim.mp4</code>`,
		`<div class="ph">not shown: not a JPEG, PNG, GIF or WebP image</div>photo <code>pic.webp</code>`,
		`<dt>Thumbnails</dt><dd>1 pictures (`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(page, `class="notice"`) {
		t.Error("budget notice without a spent budget")
	}
}

// TestPreviewThumbBudget: once the budget is spent, the remaining
// pictures show as names and the page says how many.
func TestPreviewThumbBudget(t *testing.T) {
	pic := encodeJPEG(t, testPicture(400, 300, 2))
	uri, _, _, err := newThumbnailer(mapOpener(map[string][]byte{"p.jpg": pic}), 0).make("p.jpg")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	var tweets []*archive.Tweet
	for i := range 5 {
		name := fmt.Sprintf("m/%d.jpg", i)
		files[name] = pic
		tt := tw(uint64(i+1), "picture")
		tt.Media = []archive.Media{{Type: "photo", File: name}}
		tweets = append(tweets, tt)
	}
	p := plan(t, testConfig(), tweets...)
	var buf bytes.Buffer
	budget := int64(len(uri))*2 + int64(len(uri))/2
	if err := Write(context.Background(), &buf, p, Options{Open: mapOpener(files), ThumbBudget: budget}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	if n := strings.Count(page, "<img"); n != 2 {
		t.Errorf("%d thumbnails within a budget for 2", n)
	}
	if n := strings.Count(page, "not shown: the page&#39;s thumbnail budget is used up"); n != 3 {
		t.Errorf("%d pictures marked over budget, want 3", n)
	}
	if !strings.Contains(page, "Thumbnails stop after 2 pictures: the page's budget of ") || !strings.Contains(page, "and 3 more pictures show as file names only") {
		t.Error("page does not say the budget ran out")
	}
}

// TestPreviewNoBudget: a negative budget embeds nothing and reads no
// file.
func TestPreviewNoBudget(t *testing.T) {
	tt := tw(1, "picture")
	tt.Media = []archive.Media{{Type: "photo", File: "p.jpg"}}
	p := plan(t, testConfig(), tt)
	opened := false
	open := func(string) (io.ReadCloser, error) { opened = true; return nil, fs.ErrNotExist }
	var buf bytes.Buffer
	if err := Write(context.Background(), &buf, p, Options{Open: open, ThumbBudget: -1}); err != nil {
		t.Fatal(err)
	}
	if opened || !strings.Contains(buf.String(), "Thumbnails stop after 0 pictures") {
		t.Errorf("negative budget: opened a file %v, or no notice", opened)
	}
}

// TestPreviewCancelled: a cancelled context stops the thumbnails.
func TestPreviewCancelled(t *testing.T) {
	tt := tw(1, "picture")
	tt.Media = []archive.Media{{Type: "photo", File: "p.jpg"}}
	p := plan(t, testConfig(), tt)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	opened := false
	open := func(string) (io.ReadCloser, error) { opened = true; return nil, fs.ErrNotExist }
	err := Write(ctx, io.Discard, p, Options{Open: open})
	if !errors.Is(err, context.Canceled) || opened {
		t.Errorf("cancelled preview: %v, opened a file: %v", err, opened)
	}
}
