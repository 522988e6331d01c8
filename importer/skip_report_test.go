package importer

import (
	"bytes"
	"slices"
	"testing"
)

func TestSkipCounts(t *testing.T) {
	skips := []Skip{{"1", SkipRetweet}, {"2", SkipReply}, {"3", SkipRetweet}, {"4", SkipDeleted}, {"5", SkipReply}, {"6", SkipRetweet}}
	want := []SkipCount{{SkipRetweet, 3}, {SkipReply, 2}, {SkipDeleted, 1}}
	if got := SkipCounts(skips); !slices.Equal(got, want) {
		t.Errorf("SkipCounts = %v, want %v", got, want)
	}
	if got := SkipCounts(nil); len(got) != 0 {
		t.Errorf("SkipCounts(nil) = %v, want none", got)
	}
}

func TestWriteSkipReport(t *testing.T) {
	var b bytes.Buffer
	if err := WriteSkipReport(&b, []Skip{{"10", SkipRetweet}, {"11", "filtered:\tnot\nin --ids"}}); err != nil {
		t.Fatal(err)
	}
	want := "tweet_id\treason\turl\n" +
		"10\tretweet\thttps://x.com/i/web/status/10\n" +
		"11\tfiltered: not in --ids\thttps://x.com/i/web/status/11\n"
	if b.String() != want {
		t.Errorf("report:\n%s\nwant:\n%s", b.String(), want)
	}
}
