package archive

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func TestEraDSummary(t *testing.T) {
	for _, form := range []string{"zip", "dir"} {
		t.Run(form, func(t *testing.T) {
			p := writeZip(t, eraD)
			if form == "dir" {
				p = writeDir(t, eraD)
			}
			a := openT(t, p)
			if a.Format() != FormatGDPR {
				t.Fatalf("format %q", a.Format())
			}
			s, err := a.Inspect(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			got, _ := json.Marshal(s)
			want := `{"format":"gdpr","account":{"id":"100","username":"me","display_name":"Me Myself"},` +
				`"tweets":{"total":5,"retweets":1,"replies":1,"self_replies":1,"quotes":1,"with_media":1,"long":1,"community":1,"deleted":1,"circle":0,"protected":0,` +
				`"first":"2022-09-06T08:00:00Z","last":"2024-01-03T12:00:00Z"},` +
				`"media":{"referenced":2,"present":1,"missing":1},"following":2,"followers":1,"blocks":1,"mutes":0,"likes":2,"lists":3}`
			if string(got) != want {
				t.Errorf("summary\n got %s\nwant %s", got, want)
			}
			w := strings.Join(a.Warnings(), "\n")
			if !strings.Contains(w, "1700000000000000010-high.mp4 is missing") || !strings.Contains(w, "data/tweets-part1.js") && !strings.Contains(w, "duplicate") {
				t.Errorf("warnings: %s", w)
			}
		})
	}
}
