package importer

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/archive"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestPreviewGolden(t *testing.T) {
	cfg := testConfig()
	cfg.Options.Footer = DefaultFooter
	m := tw(2, "two photos <b>not bold</b> & a link https://example.org")
	m.Media = []archive.Media{{Type: "photo", File: "data/tweets_media/2-a.jpg", Alt: "a red door"}, {Type: "photo", File: "data/tweets_media/2-b.png"}}
	rt := tw(3, "RT @x: hi")
	rt.Retweet = true
	self := tw(4, strings.Repeat("Thread goes on. ", 40))
	self.ReplyToID, self.SelfReply = "1", true
	p := plan(t, cfg, tw(1, "first tweet #hello @friend"), m, rt, self)

	var buf bytes.Buffer
	if err := WritePreview(&buf, p, PreviewOptions{Estimate: EstimatePlan(p, DefaultEstimateLimits(), nil)}); err != nil {
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
	if err := WritePreview(&buf, p, PreviewOptions{MaxPosts: 1}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "… and 2 more posts not shown.") || strings.Contains(buf.String(), `id="p-2-0"`) {
		t.Error("MaxPosts not applied")
	}
}
