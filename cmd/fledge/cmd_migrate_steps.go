package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/fledge-cli/fledge/internal/config"
	"github.com/fledge-cli/fledge/internal/steps"
)

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
	if m.opts.DryRun && isNotLoggedIn(err) {
		m.dryRunNoLogin()
		return nil
	}
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
	server := m.knownServer()
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

// knownServer is the server to log in to, when the command names one:
// --server, else FLEDGE_SERVER.
func (m *migration) knownServer() string {
	if m.opts.Server != "" {
		return m.opts.Server
	}
	return m.f.Getenv(envServer)
}

// runSteps offers and runs every chosen step an earlier run did not
// finish, in the one order, through the step runner. It returns nil when
// the run went to the end or the user quit (the summary then says what
// is left), and the step's error when one failed.
func (m *migration) runSteps(ctx context.Context) error {
	if err := m.checkScopes(ctx); err != nil {
		return err
	}
	var todo []steps.Name
	for _, s := range m.steps {
		if s != stepLogin {
			todo = append(todo, steps.Name(s))
		}
	}
	r := &steps.Runner{Steps: todo, Before: m.before, Run: m.runOne, After: m.after, Now: m.f.Now}
	_, err := r.RunAll(ctx)
	if errors.Is(err, steps.ErrInterrupted) {
		return errInterrupted
	}
	return err
}

// before announces a step and, on a terminal, shows what it would do and
// asks: y runs it, n leaves it for next time, skip never offers it again,
// quit stops the run.
func (m *migration) before(ctx context.Context, name steps.Name) (steps.Decision, error) {
	s := string(name)
	if m.state.finished(s) {
		// Asked now, not before the run: a match with new profiles
		// reopens the follow step.
		return steps.Pass, nil
	}
	m.setStep(s)
	m.say("\n[%d/%d] %s", slices.Index(m.steps, s)+1, len(m.steps), migrateStepTitles[s])
	if !m.interactive {
		return steps.Run, nil
	}
	q, nothing, err := m.preview(ctx, s)
	if err != nil {
		return steps.Stop, m.failed(s, err)
	}
	if nothing != "" {
		m.say("%s", nothing)
		m.event(s, "done", 0, 0, "", false)
		return steps.Pass, m.record(s, stepRecord{Status: stateDone, Detail: nothing})
	}
	if q == "" {
		return steps.Run, nil
	}
	a, err := m.ask(ctx, q)
	if err != nil {
		return steps.Stop, err
	}
	switch a {
	case answerNo:
		m.say("%s: not now; offered again next time.", s)
		m.event(s, "skipped", 0, 0, "not now", false)
		return steps.Pass, nil
	case answerSkip:
		m.say("%s: skipped; not offered again.", s)
		m.event(s, "skipped", 0, 0, "", false)
		return steps.Pass, m.record(s, stepRecord{Status: stateSkipped})
	case answerQuit:
		m.say("Stopped before %s.", s)
		return steps.Stop, nil
	}
	return steps.Run, nil
}

// runOne runs one step through its command's run function. A dry run
// leaves nothing for later: its step is done unless it failed.
func (m *migration) runOne(ctx context.Context, name steps.Name) steps.Result {
	m.event(string(name), "started", 0, 0, "", false)
	out, err := m.execute(ctx, string(name))
	m.flushStreams()
	if m.opts.DryRun {
		out = steps.Outcome{}
	}
	return stepResult(out, err, ctx.Err() != nil)
}

// after records how a step ended: done, left (work for a later run, or a
// partial failure) or failed, which stops the run.
func (m *migration) after(res steps.Result) error {
	s := string(res.Step)
	if s == stepMatch && (res.Status == steps.Done || res.Status == steps.Left) && !m.opts.DryRun {
		m.reopenFollow()
	}
	switch res.Status {
	case steps.Interrupted:
		return errInterrupted
	case steps.Done:
		m.event(s, "done", 0, res.Seconds, "", false)
		if m.opts.DryRun {
			m.say("%s: dry run finished; nothing was changed", s)
		} else {
			m.say("%s: done%s", s, tookLong(res.Seconds))
		}
		return m.record(s, stepRecord{Status: stateDone, Inputs: m.stepInputs(s)})
	case steps.Left:
		detail := ""
		if res.Err != nil {
			detail = res.Err.Error()
		}
		m.event(s, "partial", res.Left, res.Seconds, detail, false)
		msg := s + ": not finished"
		if res.Left > 0 {
			msg += fmt.Sprintf(", %d left for a later run", res.Left)
		}
		if !res.Next.IsZero() {
			msg += ", the server allows more after " + res.Next.UTC().Format("2006-01-02 15:04 UTC")
		}
		if detail != "" {
			msg += ": " + detail
		}
		m.say("%s", msg)
		return m.record(s, stepRecord{Status: stateLeft, Left: res.Left, Detail: detail, Inputs: m.stepInputs(s)})
	case steps.Failed:
		return m.failed(s, res.Err)
	}
	return nil
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

// execute runs a step through its command's run function.
func (m *migration) execute(ctx context.Context, s string) (steps.Outcome, error) {
	var none steps.Outcome
	switch s {
	case stepInspect:
		return none, runArchiveInspect(ctx, m.sf, &archiveInspectOptions{Archive: m.opts.Archive})
	case stepMatch:
		return none, m.match(ctx)
	case stepFollow:
		return runFollow(ctx, m.sf, m.followOptions())
	case stepProfile:
		o := m.profileOptions(m.opts.DryRun)
		o.planShown = m.interactive // the preview printed the changes
		return none, runProfile(ctx, m.sf, o)
	case stepImport:
		return runImport(ctx, m.sf, m.importOptions(m.opts.DryRun))
	}
	return none, fmt.Errorf("no step %q", s)
}
