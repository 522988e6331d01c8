package importer

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
)

// SkipCount is how many tweets were skipped for one reason.
type SkipCount struct {
	Reason string `json:"reason"`
	Count  int    `json:"count"`
}

// SkipCounts totals skipped tweets by reason, the commonest first (ties
// by reason), so a summary can say what was left out without listing
// every tweet on every run.
func SkipCounts(skips []Skip) []SkipCount {
	n := map[string]int{}
	for _, s := range skips {
		n[s.Reason]++
	}
	out := make([]SkipCount, 0, len(n))
	for r, c := range n {
		out = append(out, SkipCount{Reason: r, Count: c})
	}
	slices.SortFunc(out, func(a, b SkipCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Reason, b.Reason))
	})
	return out
}

// WriteSkipReport writes the skipped tweets as a tab-separated table
// (tweet id, reason, and the tweet's address, which opens it on x.com
// while the account exists) for a person to read once, not on every run.
func WriteSkipReport(w io.Writer, skips []Skip) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "tweet_id\treason\turl")
	for _, s := range skips {
		// Reasons are fledge's own words; a tab or newline would break
		// the table, so they are flattened all the same.
		reason := strings.Join(strings.Fields(s.Reason), " ")
		fmt.Fprintf(bw, "%s\t%s\thttps://x.com/i/web/status/%s\n", s.TweetID, reason, s.TweetID)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write the skipped tweets: %w", err)
	}
	return nil
}
