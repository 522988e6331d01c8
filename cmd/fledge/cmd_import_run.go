package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/fledge-cli/fledge/archive"
	"github.com/fledge-cli/fledge/importer"
	"github.com/fledge-cli/fledge/importer/follow"
	"github.com/fledge-cli/fledge/internal/adapter"
	"github.com/fledge-cli/fledge/internal/config"
	"github.com/fledge-cli/fledge/internal/journal"
	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/internal/steps"
)

// importJob is everything a run needs, once planned.
type importJob struct {
	arch   *archive.Archive
	client *mastodon.Client
	prof   mastodon.ServerProfile
	ref    accountRef
	plan   *importer.Plan
	job    string
	paths  config.Paths // where the job's journal lives
}

// runImport plans the import and, unless it is a dry run or a preview,
// posts the plan. It returns how many posts are left for a later run and
// when the server allows more, if its limit stopped the run. fledge
// migrate and fledge run call it as their import step.
func runImport(ctx context.Context, f *factory, opts *importOptions) (steps.Outcome, error) {
	var none steps.Outcome
	if err := checkImportFlags(opts); err != nil {
		return none, err
	}
	if opts.Footer == "" && !opts.NoFooter {
		// The flag wins; else the template from config.yaml, if any.
		prefs, err := f.preferences()
		if err != nil {
			return none, err
		}
		opts.Footer = prefs.ImportFooter
	}
	a, err := archive.Open(opts.Archive)
	if err != nil {
		return none, err
	}
	defer a.Close()
	c, ref, prof, err := importServer(ctx, f, opts)
	if err != nil {
		return none, err
	}
	if err := f.needScopes(ctx, c, ref, opts.DryRun || opts.Preview != "", importUses...); err != nil {
		return none, err
	}
	cfg, err := importPlanConfig(a, opts, ref, prof)
	if err != nil {
		return none, err
	}
	f.printer().Message("planning %s for %s…", opts.Archive, planTarget(ref, prof))
	p, err := f.paths()
	if err != nil {
		return none, err
	}
	job := &importJob{arch: a, client: c, prof: prof, ref: ref, job: opts.Job, paths: p}
	if job.job == "" {
		job.job = defaultImportJob(a, opts.Archive)
	}
	if opts.DryRun || opts.Preview != "" {
		return none, job.dryRun(ctx, f, opts, cfg)
	}
	if job.plan, err = importer.BuildPlan(ctx, a.TweetsContext(ctx, archive.TweetOptions{Sorted: true}), cfg); err != nil {
		return none, fmt.Errorf("%s: %w", opts.Archive, err)
	}
	if err := job.confirm(ctx, f, opts); err != nil {
		return none, err
	}
	return job.execute(ctx, f, opts)
}

func checkImportFlags(opts *importOptions) error {
	if steps.Backdate.Validate(opts.Backdate) != "" {
		return usageErrorf("--backdate: want %s, got %q", strings.Join(steps.Backdate.Enum, " or "), opts.Backdate)
	}
	if opts.Max < 0 || opts.MinLikes < 0 {
		return usageErrorf("--max and --min-likes cannot be negative")
	}
	if opts.Footer != "" && opts.NoFooter {
		return usageErrorf("--footer and --no-footer exclude each other")
	}
	if opts.Mentions == importer.MentionsFediverse && opts.Matches == "" {
		return usageErrorf("--mentions fediverse needs --matches FILE (the output of fledge match) to know the handles")
	}
	return nil
}

// importPlanConfig turns flags, files and the live server into planning
// input. Flag mistakes are usage errors; unreadable files name the file.
func importPlanConfig(a *archive.Archive, opts *importOptions, ref accountRef, prof mastodon.ServerProfile) (importer.PlanConfig, error) {
	traits := adapter.ServerTraits(prof)
	cfg := importer.PlanConfig{
		Account: ref.Key,
		Server:  traits,
		Count:   func(s string) int { return mastodon.CountChars(prof, s) },
		Size: func(file string) (int64, error) {
			rc, n, err := a.OpenFile(file)
			if err != nil {
				return 0, err
			}
			rc.Close()
			return n, nil
		},
	}
	if acct, err := a.Account(); err == nil {
		cfg.Username = acct.Username
	}
	o := &cfg.Options
	o.Include, o.Grep, o.ExcludeGrep = opts.Include, opts.Grep, opts.ExcludeGrep
	o.MinLikes, o.OnlyMedia, o.Mentions, o.Visibility = opts.MinLikes, opts.OnlyMedia, opts.Mentions, opts.Visibility
	o.StrictMedia, o.Language, o.Circle = opts.StrictMedia, !opts.NoLanguage, opts.Circle
	o.Backdate = opts.Backdate == "auto" && traits.CanBackdate
	var err error
	if o.Since, err = parseDateFlag("--since", opts.Since); err != nil {
		return cfg, err
	}
	if o.Until, err = parseDateFlag("--until", opts.Until); err != nil {
		return cfg, err
	}
	switch {
	case opts.NoFooter:
	case opts.Footer != "":
		o.Footer = opts.Footer
	case !o.Backdate:
		// A repost carries today's date; the footer keeps the original.
		o.Footer = importer.DefaultFooter
	}
	if opts.IDs != "" {
		if cfg.IDs, err = readFile(opts.IDs, importer.ReadIDList); err != nil {
			return cfg, err
		}
		o.IDsFile = opts.IDs
	}
	if opts.ExcludeIDs != "" {
		if cfg.Exclude, err = readFile(opts.ExcludeIDs, importer.ReadIDList); err != nil {
			return cfg, err
		}
		o.ExcludeIDs = opts.ExcludeIDs
	}
	if opts.Alt != "" {
		if cfg.Alt, err = readFile(opts.Alt, importer.ReadAltCSV); err != nil {
			return cfg, err
		}
		o.AltFile = opts.Alt
	}
	if opts.Matches != "" {
		targets, err := readFile(opts.Matches, follow.ReadMatches)
		if err != nil {
			return cfg, err
		}
		cfg.Handles = map[string]string{}
		for _, t := range targets {
			if t.ScreenName != "" {
				cfg.Handles[strings.ToLower(t.ScreenName)] = t.Handle
			}
		}
	}
	if _, err := importer.NewPlanner(cfg); err != nil {
		// Bad --grep, --include, --visibility, --footer: the user's to fix.
		return cfg, usageErrorf("%v", err)
	}
	return cfg, nil
}

// defaultImportJob names the job after the archive's account, so running
// the same import again resumes it.
func defaultImportJob(a *archive.Archive, path string) string {
	name := ""
	if acct, err := a.Account(); err == nil {
		name = acct.Username
		if name == "" {
			name = acct.ID
		}
	}
	if name == "" {
		name = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	}
	job := "import-" + strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return '_'
	}, name)
	return job
}

// confirm says where the posts will show up and asks before starting
// when followers would see them.
func (j *importJob) confirm(ctx context.Context, f *factory, opts *importOptions) error {
	if j.plan.Options.Backdate {
		return nil // backdated posts reach no feed and notify nobody
	}
	me, err := j.client.VerifyCredentials(ctx)
	if err != nil {
		return explainAuth(err, j.ref)
	}
	if me.FollowersCount == 0 || opts.Yes || len(j.plan.Posts) == 0 {
		return nil
	}
	msg := fmt.Sprintf("%s has %d followers: the %d %s posts will appear in their home feeds (the server cannot backdate). Importing before moving followers avoids this.",
		j.ref.Name(), me.FollowersCount, len(j.plan.Posts), j.plan.Options.Visibility)
	if !f.IO.CanPrompt() {
		return usageErrorf("%s Pass --yes to import anyway", msg)
	}
	if !askYes(f, msg+"\nContinue? [y/N] ") {
		return errors.New("import cancelled; nothing was posted")
	}
	return nil
}

// askYes prompts on stderr and reads one answer line.
func askYes(f *factory, prompt string) bool {
	fmt.Fprint(f.IO.ErrOut, prompt)
	line, _ := bufio.NewReader(f.IO.In).ReadString('\n')
	a := strings.ToLower(strings.TrimSpace(line))
	return a == "y" || a == "yes"
}

// execute runs the plan under the job's journal, prints the report and
// returns what is left.
func (j *importJob) execute(ctx context.Context, f *factory, opts *importOptions) (steps.Outcome, error) {
	var none steps.Outcome
	jr, err := journal.Open(j.paths.AccountDir(j.ref.Key), j.job, journal.Options{
		Kind: "import", Version: currentBuild().Version, Plan: j.plan.Fingerprint,
		Planned: len(j.plan.Posts), AllowPlanChange: opts.Replan,
	})
	var pce *journal.PlanChangedError
	if errors.As(err, &pce) {
		return none, usageErrorf("job %s was started with a different plan (the archive, the flags or the server's limits changed); run with the same options, or pass --replan to continue with the new plan (posts already made are kept)", j.job)
	}
	if err != nil {
		return none, fmt.Errorf("open the journal: %w", err)
	}
	defer jr.Close()
	if p := f.printer(); !p.JSON() { // JSON has the estimate: spare the sums
		st := jr.State()
		est := importer.EstimatePlan(j.plan, adapter.EstimateLimits(j.client), func(k string) bool { return st.Done(journal.Key(k)) })
		p.Message("import %s: %d posts (%d media) to go; %s", j.job, est.Posts, est.Media, paceNote(est))
	}
	pr := newImportPrinter(f, len(j.plan.Posts))
	pr.paceImport(j.plan, j.client, jr)
	defer pr.close()
	rep, err := importer.Execute(ctx, j.plan, adapter.NewPoster(j.client), jr, importer.ExecConfig{
		Account:     j.ref.Key,
		Open:        func(file string) (io.ReadCloser, error) { rc, _, err := j.arch.OpenFile(file); return rc, err },
		CanBackdate: j.prof.CanBackdate,
		Max:         opts.Max,
		StrictMedia: opts.StrictMedia,
		Limits:      adapter.EstimateLimits(j.client),
		OnEvent:     pr.event,
	})
	pr.close()
	if err != nil {
		return none, explainAuth(err, j.ref)
	}
	skipReport, err := writeSkipReport(jr.Path(), j.plan.Skipped)
	if err != nil {
		f.printer().Warn("%v", err) // the import itself went fine
	}
	pr.report(j.plan, rep, j.job, skipReport)
	out := steps.Outcome{Left: rep.Left, Next: rep.NextAfter, Detail: rep.Stopped}
	if len(rep.Failed) > 0 {
		return out, &partialError{fmt.Sprintf("%d posts failed; run the same command again to retry the temporary failures", len(rep.Failed))}
	}
	return out, nil
}
