package export

import (
	"fmt"
	"slices"

	"github.com/fledge-cli/fledge/importer/follow"
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

// TargetLists returns the archive lists the targets say they came from, sorted,
// each once; none for a file that does not say (a Mastodon CSV, a
// matches file from before the list was recorded, --handles).
func TargetLists(targets []follow.Target) []string {
	var lists []string
	for _, t := range targets {
		if t.List != "" && !slices.Contains(lists, t.List) {
			lists = append(lists, t.List)
		}
	}
	slices.Sort(lists)
	return lists
}
