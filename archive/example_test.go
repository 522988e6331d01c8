package archive_test

import (
	"context"
	"fmt"
	"log"

	"github.com/fledge-cli/fledge/archive"
)

func Example() {
	a, err := archive.Open("testdata/sample-archive.zip")
	if err != nil {
		log.Fatal(err)
	}
	defer a.Close()

	s, err := a.Inspect(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.Format, s.Account.Username, s.Tweets.Total, s.Tweets.Long)

	// Oldest first, community tweets included, deleted ones left out.
	var prev uint64
	n := 0
	for t, err := range a.Tweets(archive.TweetOptions{Sorted: true}) {
		if err != nil {
			log.Fatal(err)
		}
		if t.ID < prev {
			log.Fatal("out of order")
		}
		prev = t.ID
		n++
	}
	fmt.Println(n, "tweets, oldest first")
	// Output:
	// gdpr quinemo_fenren 400 6
	// 402 tweets, oldest first
}
