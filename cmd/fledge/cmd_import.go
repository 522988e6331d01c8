package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fledge-cli/fledge/archive"
	"github.com/fledge-cli/fledge/importer"
	"github.com/fledge-cli/fledge/importer/follow"
	"github.com/fledge-cli/fledge/importer/preview"
	"github.com/fledge-cli/fledge/internal/adapter"
	"github.com/fledge-cli/fledge/internal/atomicfile"
	"github.com/fledge-cli/fledge/internal/journal"
	"github.com/fledge-cli/fledge/internal/mastodon"
)

type importOptions struct {
	Archive     string
	Account     string
	Job         string
	DryRun      bool
	Preview     string
	PreviewMax  int
	Include     []string
	Since       string
	Until       string
	Grep        string
	ExcludeGrep string
	MinLikes    int
	OnlyMedia   bool
	IDs         string
	ExcludeIDs  string
	Alt         string
	Matches     string
	Mentions    string
	Visibility  string
	Circle      string
	Backdate    string
	Footer      string
	NoFooter    bool
	NoLanguage  bool
	StrictMedia bool
	Max         int
	NoWait      bool
	Yes         bool
	Status      bool
	Replan      bool
}

func newImportCmd(f *factory) *cobra.Command {
	opts := &importOptions{}
	cmd := &cobra.Command{
		Use:     "import ARCHIVE",
		Short:   "Repost your tweets to your Mastodon account, safely and resumably",
		GroupID: "migrate",
		Long: `Repost the tweets of a Twitter/X archive to the account fledge acts as.

fledge first compiles a plan: every tweet becomes posts (split into a
numbered thread when too long for the server, never cut), media groups,
reply and quote links, or a reason it is skipped. Then it posts the plan
oldest first, journalling every step, so an interrupted or rate-limited
import resumes where it stopped and never posts anything twice.

Replies to others, retweets and deleted tweets are skipped unless
--include names them. Mentions never notify anyone unless you pass
--mentions fediverse with --matches FILE.

On GoToSocial 0.18 or later posts keep their original date (backdating:
not federated, no notifications). Elsewhere a footer carries the date and
a link to the tweet, posts are unlisted by default, and followers still see
them in their home feeds: import before moving your followers.

Mastodon allows 300 posts per 3 hours and 30 media uploads per 30
minutes, so a large archive takes days. fledge waits with an ETA, or with
--max N / --no-wait does a slice and exits (run it again, e.g. from cron).

Exit status: 0 when the run finished its work (or its --max slice),
3 when posts failed or are left for a later run, 4 when the token is refused.`,
		Example: `  fledge import --dry-run twitter.zip
  fledge import --preview plan.html twitter.zip
  fledge import --since 2020-01-01 --include replies --yes twitter.zip
  fledge import --max 100 --no-wait twitter.zip     # one slice, for cron
  fledge import --status`,
		Args: func(cmd *cobra.Command, args []string) error {
			if opts.Status {
				return cobra.NoArgs(cmd, args)
			}
			return exactArgs(1, "the archive (a .zip file or its extracted folder)")(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Status {
				return runImportStatus(cmd.Context(), f, opts)
			}
			opts.Archive = args[0]
			return runImport(cmd.Context(), f, opts)
		},
	}
	fl := cmd.Flags()
	addAccountFlag(cmd, &opts.Account)
	fl.StringVar(&opts.Job, "job", "", "job `NAME` for the journal (default: import-<twitter account>)")
	fl.BoolVarP(&opts.DryRun, "dry-run", "n", false, "plan only: print counts, skip reasons and how long the import will take")
	fl.StringVar(&opts.Preview, "preview", "", "write the planned posts, with picture thumbnails, to one self-contained `FILE.html` and stop")
	fl.IntVar(&opts.PreviewMax, "preview-posts", importer.DefaultPreviewPosts, "show the newest `N` posts in the --preview page (the page counts the rest)")
	fl.StringSliceVar(&opts.Include, "include", nil, "also import `KINDS`: replies, retweets")
	fl.StringVar(&opts.Since, "since", "", "only tweets from `DATE` on (YYYY-MM-DD or RFC 3339)")
	fl.StringVar(&opts.Until, "until", "", "only tweets before `DATE`")
	fl.StringVar(&opts.Grep, "grep", "", "only tweets whose text matches `REGEXP`")
	fl.StringVar(&opts.ExcludeGrep, "exclude-grep", "", "leave out tweets whose text matches `REGEXP`")
	fl.IntVar(&opts.MinLikes, "min-likes", 0, "only tweets with at least `N` likes")
	fl.BoolVar(&opts.OnlyMedia, "only-media", false, "only tweets with photos or videos")
	fl.StringVar(&opts.IDs, "ids", "", "only the tweets listed in `FILE` (ids or URLs, one per line)")
	fl.StringVar(&opts.ExcludeIDs, "exclude-ids", "", "leave out the tweets listed in `FILE`")
	fl.StringVar(&opts.Alt, "alt", "", "alt texts from a CSV `FILE` with columns tweet_id,file,alt")
	fl.StringVar(&opts.Matches, "matches", "", "fediverse handles from `FILE` (fledge match output), for --mentions fediverse")
	fl.StringVar(&opts.Mentions, "mentions", importer.MentionsPlain, "`plain` (＠name, notifies nobody) or fediverse (matched handles; notifies them)")
	fl.StringVar(&opts.Visibility, "visibility", importer.VisibilityUnlisted, "`VISIBILITY` of the posts: public, unlisted or private")
	fl.StringVar(&opts.Circle, "circle", importer.CircleSkip, "Twitter Circle tweets: `skip` or private (never public or unlisted)")
	fl.StringVar(&opts.Backdate, "backdate", "auto", "`auto` (keep dates where the server can) or never")
	fl.StringVar(&opts.Footer, "footer", "", "footer `TEMPLATE` (Go text/template with .Date .URL .ID .Username .Time; config.yaml: import_footer)")
	fl.BoolVar(&opts.NoFooter, "no-footer", false, "no footer with the original date and link")
	fl.BoolVar(&opts.NoLanguage, "no-language", false, "do not send the tweets' language")
	fl.BoolVar(&opts.StrictMedia, "strict-media", false, "fail a tweet whose media is missing or refused instead of posting it without")
	fl.IntVar(&opts.Max, "max", 0, "create at most `N` posts in this run")
	fl.BoolVar(&opts.NoWait, "no-wait", false, "stop at a long rate-limit wait instead of waiting (run again later)")
	fl.BoolVarP(&opts.Yes, "yes", "y", false, "do not ask before posting where followers will see it")
	fl.BoolVar(&opts.Status, "status", false, "show the progress of import jobs and exit")
	fl.BoolVar(&opts.Replan, "replan", false, "resume a job although its plan changed (archive, flags or server limits)")
	return cmd
}

// importJob is everything a run needs, once planned.
type importJob struct {
	arch   *archive.Archive
	client *mastodon.Client
	prof   mastodon.ServerProfile
	ref    accountRef
	plan   *importer.Plan
	job    string
	dir    string
}

func runImport(ctx context.Context, f *factory, opts *importOptions) error {
	if err := checkImportFlags(opts); err != nil {
		return err
	}
	if opts.Footer == "" && !opts.NoFooter {
		// The flag wins; else the template from config.yaml, if any.
		prefs, err := f.preferences()
		if err != nil {
			return err
		}
		opts.Footer = prefs.ImportFooter
	}
	a, err := archive.Open(opts.Archive)
	if err != nil {
		return err
	}
	defer a.Close()
	c, ref, err := f.followClient(ctx, opts.Account, !opts.NoWait)
	if err != nil {
		return err
	}
	prof, err := c.Profile(ctx)
	if err != nil {
		return explainAuth(fmt.Errorf("read what %s allows: %w", hostOf(ref.Server), err), ref)
	}
	cfg, err := importPlanConfig(a, opts, ref, prof)
	if err != nil {
		return err
	}
	if !f.Globals.JSON {
		fmt.Fprintf(f.IO.ErrOut, "planning %s for %s (%s %s)…\n", opts.Archive, ref.Name(), prof.SoftwareName, prof.RawVersion)
	}
	p, err := f.paths()
	if err != nil {
		return err
	}
	job := &importJob{arch: a, client: c, prof: prof, ref: ref, job: opts.Job, dir: filepath.Join(p.State, ref.Key)}
	if job.job == "" {
		job.job = defaultImportJob(a, opts.Archive)
	}
	if opts.DryRun || opts.Preview != "" {
		return job.dryRun(ctx, f, opts, cfg)
	}
	if job.plan, err = importer.BuildPlan(ctx, a.TweetsContext(ctx, archive.TweetOptions{Sorted: true}), cfg); err != nil {
		return fmt.Errorf("%s: %w", opts.Archive, err)
	}
	if err := job.confirm(ctx, f, opts); err != nil {
		return err
	}
	return job.execute(ctx, f, opts)
}

func checkImportFlags(opts *importOptions) error {
	if opts.Backdate != "auto" && opts.Backdate != "never" {
		return usageErrorf("--backdate: want auto or never, got %q", opts.Backdate)
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

// journalPath is the job's journal file.
func (j *importJob) journalPath() string { return filepath.Join(j.dir, j.job+".jsonl") }

// dryRun plans without keeping the whole plan (it only counts, and keeps
// the newest posts for the preview), prints what the import would do, and
// writes the preview.
func (j *importJob) dryRun(ctx context.Context, f *factory, opts *importOptions, cfg importer.PlanConfig) error {
	var done func(string) bool
	if st, err := journal.Read(j.journalPath()); err == nil {
		done = func(k string) bool { return st.Done(journal.Key(k)) }
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("read the journal: %w", err)
	}
	keep := 0
	if opts.Preview != "" {
		keep = max(opts.PreviewMax, 0)
	}
	plan, est, err := importer.SummarizePlan(ctx, j.arch.TweetsContext(ctx, archive.TweetOptions{Sorted: true}), cfg,
		importer.SummaryConfig{Keep: keep, Done: done, Limits: adapter.EstimateLimits(j.client)})
	if err != nil {
		return fmt.Errorf("%s: %w", opts.Archive, err)
	}
	j.plan = plan
	if opts.Preview != "" {
		if est.Media > 0 && !f.Globals.JSON {
			// Thumbnails take a moment each; say why the wait.
			fmt.Fprintf(f.IO.ErrOut, "writing %s with thumbnails of up to %d media files…\n", opts.Preview, est.Media)
		}
		if err := j.writePreviewFile(ctx, opts.Preview, est); err != nil {
			return err
		}
		if !f.Globals.JSON {
			fmt.Fprintf(f.IO.ErrOut, "preview written to %s\n", opts.Preview)
		}
	}
	if f.Globals.JSON {
		f.printer().Data("estimate", estimateJSON(est, j.plan.Private, j.job), "")
		return nil
	}
	out := f.IO.Out
	fmt.Fprintf(out, "tweets\t%d\n", est.Tweets)
	fmt.Fprintf(out, "posts\t%d\n", est.Posts)
	fmt.Fprintf(out, "media\t%d\n", est.Media)
	fmt.Fprintf(out, "threads\t%d\n", est.Threads)
	fmt.Fprintf(out, "skipped\t%d\n", est.Skipped)
	for _, r := range est.Skips {
		fmt.Fprintf(out, "skip\t%d\t%s\n", r.Count, r.Reason)
	}
	// Kept followers-only whatever --visibility says.
	if n := j.plan.Private.Protected; n > 0 {
		fmt.Fprintf(out, "private\t%d\twritten while the account was protected\n", n)
	}
	if n := j.plan.Private.Circle; n > 0 {
		fmt.Fprintf(out, "private\t%d\tTwitter Circle tweets\n", n)
	}
	for _, m := range j.plan.MediaIssues {
		fmt.Fprintf(out, "media_issue\t%s\t%s\t%s\n", m.TweetID, m.File, m.Reason)
	}
	mode := "visible reposts with a date footer"
	if j.plan.Options.Backdate {
		mode = "backdated (quiet: not federated, no notifications)"
	}
	fmt.Fprintf(f.IO.ErrOut, "dry run: %d posts (%d media) from %d tweets, %s, %s; %s\n",
		est.Posts, est.Media, est.Tweets, j.plan.Options.Visibility, mode, paceNote(est))
	return nil
}

// writePreviewFile writes the HTML preview, with thumbnails of the
// archive's pictures. It replaces the file atomically, so an interrupted
// preview leaves no half page and keeps an older one.
func (j *importJob) writePreviewFile(ctx context.Context, path string, est importer.Estimate) error {
	open := func(file string) (io.ReadCloser, error) { rc, _, err := j.arch.OpenFile(file); return rc, err }
	more := "Run fledge import --preview with --preview-posts N to show more."
	err := atomicfile.Write(path, 0o644, func(fh io.Writer) error {
		w := bufio.NewWriter(fh)
		if err := preview.Write(ctx, w, j.plan, preview.Options{Estimate: est, Open: open, More: more}); err != nil {
			return err
		}
		return w.Flush()
	})
	if err != nil {
		return fmt.Errorf("--preview: %w", err)
	}
	return nil
}

// execute runs the plan under the job's journal and prints the report.
func (j *importJob) execute(ctx context.Context, f *factory, opts *importOptions) error {
	jr, err := journal.Open(j.dir, j.job, journal.Options{
		Kind: "import", Version: currentBuild().Version, Plan: j.plan.Fingerprint,
		Planned: len(j.plan.Posts), AllowPlanChange: opts.Replan,
	})
	var pce *journal.PlanChangedError
	if errors.As(err, &pce) {
		return usageErrorf("job %s was started with a different plan (the archive, the flags or the server's limits changed); run with the same options, or pass --replan to continue with the new plan (posts already made are kept)", j.job)
	}
	if err != nil {
		return fmt.Errorf("open the journal: %w", err)
	}
	defer jr.Close()
	if !f.Globals.JSON {
		st := jr.State()
		est := importer.EstimatePlan(j.plan, adapter.EstimateLimits(j.client), func(k string) bool { return st.Done(journal.Key(k)) })
		fmt.Fprintf(f.IO.ErrOut, "import %s: %d posts (%d media) to go; %s\n", j.job, est.Posts, est.Media, paceNote(est))
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
		return explainAuth(err, j.ref)
	}
	pr.report(j.plan, rep, j.job)
	switch {
	case len(rep.Failed) > 0:
		return &partialError{fmt.Sprintf("%d posts failed; run the same command again to retry the temporary failures", len(rep.Failed))}
	case rep.Left > 0 && rep.Stopped != "" && !strings.HasPrefix(rep.Stopped, "--max"):
		return &partialError{fmt.Sprintf("%d posts left (%s); run the same command again to continue", rep.Left, rep.Stopped)}
	}
	return nil
}
