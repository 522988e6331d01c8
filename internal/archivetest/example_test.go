package archivetest_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/fledge-cli/fledge/internal/archivetest"
)

func ExampleWrite() {
	dir, err := os.MkdirTemp("", "archivetest")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	exp, err := archivetest.Write(filepath.Join(dir, "archive.zip"), archivetest.Options{
		Era: archivetest.EraGDPR, Tweets: 500, Parts: 2, Zip: true, Seed: 1, MissingMedia: 2,
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(exp.Format, exp.Total, len(exp.TweetIDs), exp.MediaMissing, exp.Long > 0)
	// Output: gdpr 500 500 2 true
}
