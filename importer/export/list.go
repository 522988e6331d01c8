package export

import (
	"fmt"
)

// ForList is the CSV file that carries an archive list (following,
// followers, blocks, mutes) to Mastodon: accounts followed or following
// you become a following import (you follow them on Mastodon), blocks
// and mutes their own imports. A lists file is asked for by name, not by
// archive list.
func ForList(list string) (Kind, error) {
	switch list {
	case "following", "followers":
		return Following, nil
	case "blocks":
		return Blocks, nil
	case "mutes":
		return Mutes, nil
	}
	return "", fmt.Errorf("no export for the list %q (want following, followers, blocks or mutes)", list)
}
