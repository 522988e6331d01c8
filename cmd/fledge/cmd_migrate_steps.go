package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fledge-cli/fledge/archive"
	"github.com/fledge-cli/fledge/importer"
	"github.com/fledge-cli/fledge/internal/config"
	"github.com/fledge-cli/fledge/internal/ui"
	"github.com/fledge-cli/fledge/matcher"
)

// matchTableRows is how many matches the follow step shows before asking;
// the rest are counted, and all are in the matches file.
const matchTableRows = 20

var migrateStepTitles = map[string]string{
	stepLogin:   "log in",
	stepInspect: "what the archive holds",
	stepMatch:   "find the fediverse handles of the accounts you follow",
	stepFollow:  "follow the matched accounts",
	stepProfile: "copy your profile",
	stepImport:  "import your tweets",
}

// connect finds the account the migration acts as, logging in first when
// there is none and the login step is chosen, and checks that the server
// accepts its token before any step runs.
func (m *migration) connect(ctx context.Context) error {
	acct := m.opts.Account
	_, err := m.f.Account(acct)
	var ae *authError
	loggedIn := false
	if errors.As(err, &ae) && slices.Contains(m.steps, stepLogin) && !m.opts.DryRun {
		acct, err = m.login(ctx, err)
		loggedIn = err == nil
	}
	if err != nil {
		return err
	}
	c, ref, err := m.f.MastodonClient(ctx, acct)
	if err != nil {
		return err
	}
	self, err := c.VerifyCredentials(ctx)
	if err != nil {
		return explainAuth(err, ref)
	}
	m.key = ref.Key
	if !ref.Stored {
		p, err := c.Profile(ctx)
		if err != nil {
			return explainAuth(err, ref)
		}
		m.key = strings.ToLower(self.Username + "@" + p.Domain)
	} else {
		m.account = ref.Key
	}
	if m.f.Globals.JSON {
		m.sf = m.stepFactory(m.key)
	}
	origin := ref.Origin
	if loggedIn {
		origin = "logged in just now"
	}
	m.say("Migrating %s to @%s (%s).", m.opts.Archive, m.key, origin)
	return nil
}

// login runs fledge login as the migration's first step. why is the
// error that says no account is logged in; it is returned when logging
// in is not possible or not wanted.
func (m *migration) login(ctx context.Context, why error) (string, error) {
	server := m.opts.Server
	if server == "" {
		server = m.f.Getenv(envServer)
	}
	if server == "" && m.interactive {
		fmt.Fprint(m.f.IO.ErrOut, "Not logged in. Your Mastodon server (like mastodon.social): ")
		line, err := readAnswerLine(ctx, m.f.IO.In)
		if errors.Is(err, errInterrupted) {
			return "", err
		}
		server = strings.TrimSpace(line)
	}
	if server == "" {
		return "", fmt.Errorf("%w (or pass --server https://your.server to log in as the migration's first step)", why)
	}
	m.setStep(stepLogin)
	m.say("\n[1/%d] %s to %s", len(m.steps), migrateStepTitles[stepLogin], server)
	if m.interactive {
		a, err := m.ask(ctx, fmt.Sprintf("Log in to %s now? fledge shows an address to open in your browser.", server))
		if err != nil {
			return "", err
		}
		if a != answerYes {
			return "", why
		}
	}
	m.event(stepLogin, "started", 0, 0, "", false)
	err := runLogin(ctx, m.sf, &loginOptions{Server: server, serverSet: true, openURL: openBrowser})
	m.flushStreams()
	if err != nil {
		m.event(stepLogin, "failed", 0, 0, err.Error(), false)
		return "", fmt.Errorf("login: %w", err)
	}
	m.event(stepLogin, "done", 0, 0, "", false)
	creds, err := m.f.credentials()
	if err != nil {
		return "", err
	}
	// The account just logged in is the one stored last.
	var newest config.Account
	for _, a := range creds.Accounts() {
		if a.CreatedAt.After(newest.CreatedAt) || newest.Key == "" {
			newest = a
		}
	}
	if newest.Key == "" {
		return "", errors.New("login: no account was stored")
	}
	return newest.Key, nil
}

// runSteps offers and runs every chosen step an earlier run did not
// finish. It returns nil when the run went to the end or the user quit
// (the summary then says what is left), and the step's error when one
// failed.
func (m *migration) runSteps(ctx context.Context) error {
	for i, s := range m.steps {
		if s == stepLogin || m.state.finished(s) {
			continue
		}
		if ctx.Err() != nil {
			return errInterrupted
		}
		m.setStep(s)
		m.say("\n[%d/%d] %s", i+1, len(m.steps), migrateStepTitles[s])
		if m.interactive {
			q, nothing, err := m.preview(ctx, s)
			if err != nil {
				return m.failed(s, err)
			}
			if nothing != "" {
				m.say("%s", nothing)
				m.event(s, "done", 0, 0, "", false)
				if err := m.record(s, stepRecord{Status: stateDone, Detail: nothing}); err != nil {
					return err
				}
				continue
			}
			if q != "" {
				a, err := m.ask(ctx, q)
				if err != nil {
					return err
				}
				switch a {
				case answerNo:
					m.say("%s: not now; offered again next time.", s)
					m.event(s, "skipped", 0, 0, "not now", false)
					continue
				case answerSkip:
					m.say("%s: skipped; not offered again.", s)
					m.event(s, "skipped", 0, 0, "", false)
					if err := m.record(s, stepRecord{Status: stateSkipped}); err != nil {
						return err
					}
					continue
				case answerQuit:
					m.say("Stopped before %s.", s)
					return nil
				}
			}
		}
		if err := m.runStep(ctx, s); err != nil {
			return err
		}
	}
	return nil
}

// runStep runs one step and records how it ended: done, left (work for
// a later run, or a partial failure) or failed, which stops the run.
func (m *migration) runStep(ctx context.Context, s string) error {
	m.event(s, "started", 0, 0, "", false)
	start := time.Now()
	err := m.execute(ctx, s)
	m.flushStreams()
	secs := time.Since(start).Seconds()
	code := exitCodeFor(err, ctx.Err() != nil)
	left := 0
	if (code == exitOK || code == exitPartial) && !m.opts.DryRun && (s == stepFollow || s == stepImport) {
		left = journalLeft(m.sf, m.key, s, start)
	}
	if s == stepMatch && (code == exitOK || code == exitPartial) && !m.opts.DryRun {
		m.reopenFollow()
	}
	switch {
	case code == exitInterrupted || ctx.Err() != nil:
		return errInterrupted
	case code == exitOK && left == 0:
		m.event(s, "done", 0, secs, "", false)
		if m.opts.DryRun {
			m.say("%s: dry run finished; nothing was changed", s)
		} else {
			m.say("%s: done%s", s, tookLong(secs))
		}
		return m.record(s, stepRecord{Status: stateDone, Inputs: m.stepInputs(s)})
	case code == exitOK || code == exitPartial:
		detail := ""
		if err != nil {
			detail = err.Error()
		}
		m.event(s, "partial", left, secs, detail, false)
		msg := s + ": not finished"
		if left > 0 {
			msg += fmt.Sprintf(", %d left for a later run", left)
		}
		if detail != "" {
			msg += ": " + detail
		}
		m.say("%s", msg)
		return m.record(s, stepRecord{Status: stateLeft, Left: left, Detail: detail, Inputs: m.stepInputs(s)})
	}
	return m.failed(s, err)
}

// stepInputs are the inputs a step's record keeps: the match step's.
func (m *migration) stepInputs(s string) []string {
	if s == stepMatch {
		return m.inputs
	}
	return nil
}

// failed records a failed step and returns its error, which ends the run
// with the step's exit status (4 for a refused token).
func (m *migration) failed(s string, err error) error {
	m.event(s, "failed", 0, 0, err.Error(), false)
	if rerr := m.record(s, stepRecord{Status: stateFailed, Detail: err.Error()}); rerr != nil {
		return errors.Join(err, rerr)
	}
	return fmt.Errorf("%s: %w", s, err)
}

// tookLong says how long a step took, when that is worth saying.
func tookLong(s float64) string {
	if s < 1 {
		return ""
	}
	return " in " + time.Duration(s*float64(time.Second)).Round(time.Second).String()
}

// preview shows what a step is about to do and returns the question to
// ask, or, when there is nothing to do, a line saying so.
func (m *migration) preview(ctx context.Context, s string) (question, nothing string, err error) {
	switch s {
	case stepMatch:
		n, err := countFollowing(m.opts.Archive)
		if err != nil {
			return "", "", err
		}
		if n == 0 {
			return "", "The archive lists no accounts you follow; nothing to match.", nil
		}
		how := "checking each handle over the network"
		if m.opts.Offline {
			how = "without checking them (--offline)"
		}
		if len(m.opts.Profiles) == 0 && !hasTwitterToken(m.sf) {
			m.say("No profiles given: the archive lists ids only, so few accounts (or none) can be matched.\nSave x.com/<you>/following from your browser and pass --profiles following.har ('fledge help capture' shows how).")
		}
		return fmt.Sprintf("Look up the fediverse handles of the %d accounts you follow, %s?", n, how), "", nil
	case stepFollow:
		return m.previewFollow()
	case stepProfile:
		upToDate, err := profileRun(ctx, m.sf, m.profileOptions(true))
		if err != nil {
			return "", "", err
		}
		if upToDate {
			// profileRun has said so: record the step done, ask nothing.
			return "", "Nothing to change.", nil
		}
		return fmt.Sprintf("Make these changes to the profile of @%s?", m.key), "", nil
	case stepImport:
		if err := runImport(ctx, m.sf, m.importOptions(true)); err != nil {
			return "", "", err
		}
		q := fmt.Sprintf("Import now, as %s posts of @%s?", m.opts.Visibility, m.key)
		if m.opts.Max > 0 {
			q = fmt.Sprintf("Import the next %d posts now, as %s posts of @%s?", m.opts.Max, m.opts.Visibility, m.key)
		}
		return q, "", nil
	}
	return "", "", nil // inspect only reads the archive: nothing to ask
}

// previewFollow shows the matches the follow step would follow: a
// summary and the first rows of the table.
func (m *migration) previewFollow() (string, string, error) {
	list := ""
	if m.opts.List != "" {
		list = fmt.Sprintf(" and add them to the list %q", m.opts.List)
	}
	fh, err := os.Open(m.matches)
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Sprintf("No matches saved yet: match the accounts you follow, then follow them as @%s%s?", m.key, list), "", nil
	}
	if err != nil {
		return "", "", err
	}
	defer fh.Close()
	p, err := readMatchesPreview(fh, m.matches, matchTableRows)
	if err != nil {
		return "", "", err
	}
	if p.Matched == 0 {
		return "", fmt.Sprintf("None of the %d accounts you follow was matched; nothing to follow.", p.Scanned), nil
	}
	m.say("%d of the %d accounts you follow were matched:", p.Matched, p.Scanned)
	if !m.f.Globals.JSON {
		tw := ui.MatchTableOf(m.f.printer())
		for _, mt := range p.First {
			if err := tw.Write(mt); err != nil {
				return "", "", err
			}
		}
		if err := tw.Close(); err != nil {
			return "", "", err
		}
		if more := p.Matched - len(p.First); more > 0 {
			m.say("… and %d more (all of them are in %s)", more, m.matches)
		}
	}
	return fmt.Sprintf("Follow these %d accounts as @%s%s?", p.Matched, m.key, list), "", nil
}

// countFollowing counts the accounts the archive says you follow.
func countFollowing(path string) (int, error) {
	a, err := archive.Open(path)
	if err != nil {
		return 0, err
	}
	defer a.Close()
	n := 0
	for _, err := range a.Accounts(archive.KindFollowing) {
		if err != nil {
			return 0, err
		}
		n++
	}
	return n, nil
}

// execute runs a step through its command's run function.
func (m *migration) execute(ctx context.Context, s string) error {
	switch s {
	case stepInspect:
		return runArchiveInspect(ctx, m.sf, &archiveInspectOptions{Path: m.opts.Archive})
	case stepMatch:
		return m.match(ctx)
	case stepFollow:
		return runFollow(ctx, m.sf, m.followOptions(), false, false)
	case stepProfile:
		o := m.profileOptions(m.opts.DryRun)
		o.planShown = m.interactive // the preview printed the changes
		return runProfile(ctx, m.sf, o)
	case stepImport:
		return runImport(ctx, m.sf, m.importOptions(m.opts.DryRun))
	}
	return fmt.Errorf("no step %q", s)
}

// match runs the match pipeline as fledge match would and saves every
// result in the matches file, which the follow step (and a re-run)
// reads. A dry run saves them in a temporary file instead.
func (m *migration) match(ctx context.Context) error {
	mo := &matchOptions{Archive: m.opts.Archive, Profiles: m.opts.Profiles, verifyFlags: defaultVerifyFlags(), Account: m.account}
	mo.Offline = m.opts.Offline
	mo.guardFlags = m.opts.guardFlags
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

func (m *migration) followOptions() *followOptions {
	in := m.matches
	if _, err := os.Stat(in); err != nil {
		in = m.opts.Archive // fledge follow matches the archive itself
	}
	return &followOptions{
		Input: in, Account: m.account, Reblogs: true, Max: m.opts.Max,
		Wait: m.waits(), NoWait: !m.waits(), DryRun: m.opts.DryRun, List: m.opts.List,
		Match: archiveMatchFlags{Profiles: m.opts.Profiles, Offline: m.opts.Offline, guardFlags: m.opts.guardFlags},
	}
}

func (m *migration) profileOptions(dryRun bool) *profileOptions {
	return &profileOptions{Archive: m.opts.Archive, Account: m.account, DryRun: dryRun, Yes: true,
		Profiles: m.opts.Profiles, TwitterAPI: "auto", willApply: !m.opts.DryRun}
}

// importOptions are fledge import's defaults with the migration's
// filters. On a terminal without --yes, fledge import may still ask its
// own question (posts that followers would see); otherwise the answer
// given to the migration counts.
func (m *migration) importOptions(dryRun bool) *importOptions {
	return &importOptions{
		Archive: m.opts.Archive, Account: m.account, DryRun: dryRun,
		Include: m.opts.Include, Since: m.opts.Since, Until: m.opts.Until,
		Mentions: importer.MentionsPlain, Visibility: m.opts.Visibility, Backdate: "auto",
		Max: m.opts.Max, NoWait: !m.waits(), Yes: !m.interactive || m.f.Globals.JSON,
	}
}
