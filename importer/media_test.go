package importer

import (
	"errors"
	"strings"
	"testing"

	"github.com/fledge-cli/fledge/archive"
)

func TestGroupMedia(t *testing.T) {
	img := PlannedMedia{Type: "photo", ContentType: "image/jpeg"}
	vid := PlannedMedia{Type: "video", ContentType: "video/mp4"}
	gif := PlannedMedia{Type: "animated_gif", ContentType: "video/mp4"}
	tests := []struct {
		name string
		in   []PlannedMedia
		max  int
		want []int // group sizes
	}{
		{"none", nil, 4, nil},
		{"four photos", []PlannedMedia{img, img, img, img}, 4, []int{4}},
		{"six photos on four", []PlannedMedia{img, img, img, img, img, img}, 4, []int{4, 2}},
		{"video alone", []PlannedMedia{vid}, 4, []int{1}},
		{"mixed never together", []PlannedMedia{img, vid, img, img}, 4, []int{1, 1, 2}},
		{"two gifs apart", []PlannedMedia{gif, gif}, 4, []int{1, 1}},
		{"max zero means one", []PlannedMedia{img, img}, 0, []int{1, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := groupMedia(tt.in, tt.max)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d groups, want %d", len(got), len(tt.want))
			}
			for i, g := range got {
				if len(g) != tt.want[i] {
					t.Errorf("group %d has %d items, want %d", i, len(g), tt.want[i])
				}
				video := 0
				for _, m := range g {
					if IsVisualVideo(m) {
						video++
					}
				}
				if video > 0 && len(g) > 1 {
					t.Errorf("group %d mixes video with other media", i)
				}
			}
		})
	}
}

func TestCheckMedia(t *testing.T) {
	s := ServerTraits{ImageSizeLimit: 100, VideoSizeLimit: 1000, SupportedMIME: []string{"image/jpeg", "image/png", "video/mp4"}}
	sizes := map[string]int64{"a.jpg": 50, "big.jpg": 101, "v.mp4": 900, "e.png": 0}
	size := func(f string) (int64, error) {
		n, ok := sizes[f]
		if !ok {
			return 0, errors.New("no such file")
		}
		return n, nil
	}
	tests := []struct {
		file, reason string
	}{
		{"a.jpg", ""},
		{"v.mp4", ""},
		{"", "not in the archive"},
		{"big.jpg", "over the server's limit"},
		{"x.webp", "does not accept image/webp"},
		{"x.bin", "unknown file type"},
		{"gone.png", "cannot read"},
		{"e.png", "empty"},
	}
	for _, tt := range tests {
		pm, reason := checkMedia(archive.Media{File: tt.file, Type: "photo"}, s, size)
		if tt.reason == "" {
			if reason != "" || pm.File != tt.file {
				t.Errorf("%s: unexpected refusal %q", tt.file, reason)
			}
			continue
		}
		if !strings.Contains(reason, tt.reason) {
			t.Errorf("%s: reason %q, want it to mention %q", tt.file, reason, tt.reason)
		}
	}
}

func TestFitAlt(t *testing.T) {
	if got := fitAlt("  short ", 10); got != "short" {
		t.Errorf("got %q", got)
	}
	got := fitAlt(strings.Repeat("é", 20), 10)
	if n := len([]rune(got)); n != 10 || !strings.HasSuffix(got, "…") {
		t.Errorf("got %q (%d runes)", got, n)
	}
}

func TestReadAltCSV(t *testing.T) {
	in := "tweet_id,file,alt\n123,data/tweets_media/123-abc.jpg,\"A cat, sleeping\"\n456,456-x.png,\n"
	alts, err := ReadAltCSV(strings.NewReader(in), "alt.csv")
	if err != nil {
		t.Fatal(err)
	}
	if got := alts.Lookup("123", "tweets_media/123-ABC.jpg"); got != "A cat, sleeping" {
		t.Errorf("lookup = %q", got)
	}
	if got := alts.Lookup("456", "456-x.png"); got != "" {
		t.Errorf("empty alt stored: %q", got)
	}
	bad := []struct{ in, want string }{
		{"abc,f.jpg,alt\n", "alt.csv:1: \"abc\" is not a tweet id"},
		{"1,f.jpg,ok\n2,,alt\n", "alt.csv:2: empty file name"},
		{"1,f.jpg\n", "alt.csv"},
		{"1,f.jpg,\"open\n", "alt.csv"},
	}
	for _, b := range bad {
		_, err := ReadAltCSV(strings.NewReader(b.in), "alt.csv")
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("ReadAltCSV(%q) error = %v, want %q", b.in, err, b.want)
		}
	}
}

func FuzzReadAltCSV(f *testing.F) {
	f.Add("tweet_id,file,alt\n1,a.jpg,hello\n")
	f.Add("\uFEFF1,a.jpg,\"multi\nline\"\n")
	f.Add("1,a.jpg,x,y\n")
	f.Add("99999999999999999999999,a,b\n")
	f.Fuzz(func(t *testing.T, in string) {
		alts, err := ReadAltCSV(strings.NewReader(in), "fuzz.csv")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.csv") {
				t.Errorf("error does not name the file: %v", err)
			}
			return
		}
		for k, v := range alts {
			if v == "" || !strings.Contains(k, "\x00") {
				t.Errorf("bad entry %q → %q", k, v)
			}
		}
	})
}

func TestReadIDList(t *testing.T) {
	in := "# my picks\n123\n\nhttps://x.com/me/status/456?s=20\n https://twitter.com/i/web/status/789 \n"
	ids, err := ReadIDList(strings.NewReader(in), "ids.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"123", "456", "789"} {
		if !ids[id] {
			t.Errorf("missing %s in %v", id, ids)
		}
	}
	if len(ids) != 3 {
		t.Errorf("got %v", ids)
	}
	_, err = ReadIDList(strings.NewReader("1\nnope\n"), "ids.txt")
	if err == nil || !strings.Contains(err.Error(), "ids.txt:2:") {
		t.Errorf("error = %v, want it to name ids.txt:2", err)
	}
}

func FuzzReadIDList(f *testing.F) {
	f.Add("1\n2\n# c\n")
	f.Add("https://twitter.com/a/status/12345\n")
	f.Add("\uFEFF42\r\n")
	f.Fuzz(func(t *testing.T, in string) {
		ids, err := ReadIDList(strings.NewReader(in), "fuzz.txt")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.txt:") {
				t.Errorf("error does not name the file and line: %v", err)
			}
			return
		}
		for id := range ids {
			if !isTweetID(id) {
				t.Errorf("accepted %q", id)
			}
		}
	})
}
