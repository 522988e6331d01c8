package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/fledge-cli/fledge/importer/follow"
	"github.com/fledge-cli/fledge/importer/job"
	"github.com/fledge-cli/fledge/internal/adapter"
	"github.com/fledge-cli/fledge/internal/journal"
	"github.com/fledge-cli/fledge/internal/mastodon"
)

// followClient is the account's client, told not to sit out long rate
// limits without --wait (the run stops and says when to go on instead).
func (f *factory) followClient(ctx context.Context, account string, wait bool) (*mastodon.Client, accountRef, error) {
	ref, err := f.Account(account)
	if err != nil {
		return nil, accountRef{}, err
	}
	opts, err := f.clientOptions()
	if err != nil {
		return nil, accountRef{}, err
	}
	if !wait {
		opts.MaxWait = 15 * time.Minute
	}
	c, err := mastodon.New(ref.Server, ref.Token.Reveal(), opts)
	if err != nil {
		return nil, accountRef{}, fmt.Errorf("%s: %w", ref.Name(), err)
	}
	if ref.Key == "" {
		// An environment account: learn user@domain for the state path.
		self, err := c.VerifyCredentials(ctx)
		if err != nil {
			return nil, accountRef{}, explainAuth(err, ref)
		}
		p, err := c.Profile(ctx)
		if err != nil {
			return nil, accountRef{}, err
		}
		ref.Key = strings.ToLower(self.Username + "@" + p.Domain)
	}
	return c, ref, nil
}

// jobName identifies a job by what it acts on, so running the same
// command with the same input resumes its journal.
func jobName(kind string, targets []follow.Target, extra string) string {
	hs := make([]string, 0, len(targets))
	for _, t := range targets {
		hs = append(hs, strings.ToLower(t.Handle))
	}
	slices.Sort(hs)
	h := sha256.New()
	io.WriteString(h, extra+"\n"+strings.Join(hs, "\n"))
	return kind + "-" + hex.EncodeToString(h.Sum(nil))[:12]
}

// jobJournal is the journal a follow, block or mute run writes, or a
// read-only view of it for a dry run.
type jobJournal struct {
	job.Journal
	j *journal.Journal
}

func (j *jobJournal) Close() error {
	if j == nil || j.j == nil {
		return nil
	}
	return j.j.Close()
}

// openJobJournal opens (or resumes) the job's journal in the account's
// state directory. A dry run only reads an existing journal, so it can
// say what earlier runs did without taking the job's lock for long.
func (f *factory) openJobJournal(ref accountRef, kind, job string, planned int, dryRun bool) (*jobJournal, error) {
	p, err := f.paths()
	if err != nil {
		return nil, err
	}
	dir := p.AccountDir(ref.Key)
	if dryRun {
		if _, err := os.Stat(p.Journal(ref.Key, job)); err != nil {
			return &jobJournal{}, nil
		}
	}
	j, err := journal.Open(dir, job, journal.Options{Kind: kind, Version: currentBuild().Version, Planned: planned})
	if err != nil {
		return nil, fmt.Errorf("open the journal: %w", err)
	}
	return &jobJournal{Journal: adapter.NewFollowJournal(j), j: j}, nil
}
