package archive_test

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/fledge-cli/fledge/archive"
)

// TestInspectPath runs Inspect on $FLEDGE_INSPECT_ARCHIVE and prints the
// summary. It exists to measure peak memory of a whole inspect pass on a
// large archive from outside, e.g.
//
//	go test -c -o /tmp/archive.test ./archive
//	FLEDGE_INSPECT_ARCHIVE=big.zip /usr/bin/time -v /tmp/archive.test -test.run TestInspectPath
//
// With FLEDGE_INSPECT_SORTED set it iterates the tweets oldest first instead.
func TestInspectPath(t *testing.T) {
	p := os.Getenv("FLEDGE_INSPECT_ARCHIVE")
	if p == "" {
		t.Skip("set FLEDGE_INSPECT_ARCHIVE to an archive to inspect")
	}
	a, err := archive.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if os.Getenv("FLEDGE_INSPECT_SORTED") != "" {
		// The oldest-first path instead: spool file plus index.
		n := 0
		for _, err := range a.Tweets(archive.TweetOptions{Sorted: true}) {
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
		t.Logf("%d tweets oldest first", n)
		return
	}
	s, err := a.Inspect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(s)
	t.Logf("%s", b)
}
