package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/fledge-cli/fledge/archive"
	"github.com/fledge-cli/fledge/internal/config"
	"github.com/fledge-cli/fledge/internal/steps"
	"github.com/fledge-cli/fledge/matcher"
)

// match runs the match pipeline as fledge match would and saves every
// result in the matches file, which the follow step (and a re-run)
// reads. A dry run saves them in a temporary file instead.
func (m *migration) match(ctx context.Context) error {
	mo := matchOptionsFor(steps.MatchOptions{Archive: m.opts.Archive, Account: m.account, Profiles: m.opts.Profiles,
		Offline: m.opts.Offline, Guard: steps.Guard(m.opts.guardFlags)})
	cfg, err := buildMatchConfig(ctx, m.sf, mo)
	if err != nil {
		return err
	}
	defer closeProfileStores(cfg.Sources)
	cov := newMatchCoverage(mo, archive.KindFollowing).failOnNone()
	cov.watch(&cfg)
	earlier, err := readEarlierMatches(m.matches)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	w := &keepEarlier{ResultWriter: matcher.NewJSONLWriter(&buf), earlier: earlier,
		lacked: func(id string) bool { return !cov.seen.Has(id, "") }}
	sum, sourceErrs, err := runMatchPipeline(ctx, m.sf, cfg, w)
	if err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	if m.opts.DryRun {
		dir, err := os.MkdirTemp("", "fledge-migrate-")
		if err != nil {
			return err
		}
		m.tmpDir = dir
		m.matches = filepath.Join(dir, "matches.jsonl")
	}
	if err := os.MkdirAll(filepath.Dir(m.matches), 0o700); err != nil {
		return fmt.Errorf("save the matches: %w", err)
	}
	if err := config.WriteFileAtomic(m.matches, buf.Bytes(), 0o600); err != nil {
		return fmt.Errorf("save the matches: %w", err)
	}
	printMatchSummary(m.sf, sum)
	cov.print(m.sf, sum, cfg.Accounts)
	if w.kept > 0 {
		what := fmt.Sprintf("%d accounts that", w.kept)
		if w.kept == 1 {
			what = "1 account that"
		}
		m.say("Kept the earlier matches of %s had no profile data this time.", what)
	}
	if !m.opts.DryRun {
		m.say("Matches saved in %s", m.matches)
	}
	if err := cov.noData(sum); err != nil && w.kept == 0 {
		return err
	}
	if sourceErrs > 0 {
		return &partialError{fmt.Sprintf("%d profile source error(s); the accounts they would have covered may be unmatched", sourceErrs)}
	}
	return nil
}

// waits reports whether follow and import sit out long rate-limit waits:
// on a terminal unless --no-wait; never otherwise (cron continues later).
func (m *migration) waits() bool {
	return !m.opts.NoWait && m.f.IO.IsStderrTTY()
}

func (m *migration) followOptions() steps.FollowOptions {
	in := m.matches
	if _, err := os.Stat(in); err != nil {
		in = m.opts.Archive // fledge follow matches the archive itself
	}
	return steps.FollowOptions{
		Input: in, Account: m.account, Max: m.opts.Max, Wait: m.waits(), DryRun: m.opts.DryRun, List: m.opts.List,
		Match: steps.ArchiveMatch{Profiles: m.opts.Profiles, Offline: m.opts.Offline, Guard: steps.Guard(m.opts.guardFlags)},
	}
}

func (m *migration) profileOptions(dryRun bool) *profileOptions {
	p := steps.NewProfileOptions()
	p.Archive, p.Account, p.DryRun, p.Yes, p.Profiles = m.opts.Archive, m.account, dryRun, true, m.opts.Profiles
	return &profileOptions{ProfileOptions: p, willApply: !m.opts.DryRun}
}

// importOptions are fledge import's defaults with the migration's
// filters. On a terminal without --yes, fledge import may still ask its
// own question (posts that followers would see); otherwise the answer
// given to the migration counts.
func (m *migration) importOptions(dryRun bool) *importOptions {
	im := steps.NewImportOptions()
	im.Archive, im.Account, im.DryRun = m.opts.Archive, m.account, dryRun
	im.Include, im.Since, im.Until = m.opts.Include, m.opts.Since, m.opts.Until
	im.Visibility, im.Max = m.opts.Visibility, m.opts.Max
	im.NoWait, im.Yes = !m.waits(), !m.interactive || m.f.Globals.JSON
	return &importOptions{ImportOptions: im}
}
