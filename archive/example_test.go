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

	// The oldest tweet first; the temporary spool file is removed when the
	// loop ends, even early.
	for t, err := range a.Tweets(archive.TweetOptions{Sorted: true}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(t.CreatedAt.Format("2006-01-02"), t.IDStr)
		break
	}
	// Output:
	// gdpr quinemo_fenren 400 6
	// 2009-03-04 1124194940
}
