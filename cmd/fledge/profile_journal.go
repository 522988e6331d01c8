package main

import (
	"fmt"
	"os"

	"github.com/fledge-cli/fledge/internal/journal"
)

// profileJob is the journal name of profile copies: one per account, its
// keys naming each image by content.
const profileJob = "profile"

// openProfileJournal opens the account's profile journal. A dry run reads
// an existing journal but does not create one; then j is nil.
func (f *factory) openProfileJournal(ref accountRef, dryRun bool) (j *journal.Journal, err error) {
	p, err := f.paths()
	if err != nil {
		return nil, err
	}
	dir := p.AccountDir(ref.Key)
	if dryRun {
		if _, err := os.Stat(p.Journal(ref.Key, profileJob)); err != nil {
			return nil, nil
		}
	}
	j, err = journal.Open(dir, profileJob, journal.Options{Kind: profileJob, Version: currentBuild().Version, Planned: 2})
	if err != nil {
		return nil, fmt.Errorf("open the profile journal: %w", err)
	}
	return j, nil
}
