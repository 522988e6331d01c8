package main

import (
	"context"
	"fmt"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fledge-cli/fledge/archive"
	"github.com/fledge-cli/fledge/importer/job"
	"github.com/fledge-cli/fledge/importer/profile"
	"github.com/fledge-cli/fledge/internal/adapter"
	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/matcher"
	"github.com/fledge-cli/fledge/matcher/profiles"
)

type profileOptions struct {
	Archive     string
	Account     string
	DryRun      bool
	Yes         bool
	Profiles    []string
	TwitterAPI  string
	NoAvatar    bool
	NoHeader    bool
	TruncateBio bool

	// planShown is set by fledge migrate when its preview already printed
	// the changes, so applying them does not print them again.
	planShown bool
	// willApply is set by fledge migrate, whose dry-run preview is followed
	// by the change: a token that cannot make it stops the preview.
	willApply bool
}

func newProfileCmd(f *factory) *cobra.Command {
	opts := &profileOptions{}
	cmd := &cobra.Command{
		Use:     "profile <archive>",
		Short:   "Copy your Twitter profile (name, bio, links, pictures) to your account",
		GroupID: "migrate",
		Long: `Copy the display name, bio, website and location of your Twitter profile, and
your avatar and header picture, to your Mastodon account, and add a profile
field "Twitter" linking to https://twitter.com/<you> so people can find you.

fledge shows what changes, field by field, and asks before it changes
anything; --yes skips the question (needed when not on a terminal) and
--dry-run only shows the changes. Your own profile fields are kept: the
Twitter field is added (or updated) beside them, Website and Location only
when you have no field of that name, and when every field is in use
nothing of yours is replaced; fledge says so instead.

The server's limits are respected: a bio over its limit (500 characters
on Mastodon) is left unchanged and reported, unless --truncate-bio
shortens it; pictures over the size limit or of a type the server does not
take are skipped and reported.

Twitter stores links in bios as t.co links, and the archive cannot expand
them. fledge expands them from your own profile in a --profiles file, its
cache, or the Twitter API (FLEDGE_TWITTER_BEARER_TOKEN); otherwise they
stay as written and are listed.

Pictures fledge set are remembered in the account's state directory, so
running the command again uploads nothing and says "already up to date".

Exit status: 0 when the profile is up to date (skipped items are warnings),
3 when the server did not keep part of the change, 4 when the server
refused the token.`,
		Example: `  # See what would change
  fledge profile --dry-run twitter-archive.zip

  # Copy it without the header picture, expanding links from saved profiles
  fledge profile --yes --no-header --profiles me.jsonl twitter-archive.zip`,
		Args: exactArgs(1, "one archive"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Archive = args[0]
			return runProfile(cmd.Context(), f, opts)
		},
	}
	fl := cmd.Flags()
	addAccountFlag(cmd, &opts.Account)
	fl.BoolVarP(&opts.DryRun, "dry-run", "n", false, "show the changes; change nothing")
	fl.BoolVarP(&opts.Yes, "yes", "y", false, "do not ask for confirmation")
	fl.StringArrayVar(&opts.Profiles, "profiles", nil, "read your Twitter profile from `FILE` to expand t.co links (JSON lines or CSV; repeatable)")
	fl.StringVar(&opts.TwitterAPI, "twitter-api", "auto", "Twitter API to ask for your profile: auto (v2 when a token is set), v2, v1, off")
	fl.BoolVar(&opts.NoAvatar, "no-avatar", false, "leave the avatar alone")
	fl.BoolVar(&opts.NoHeader, "no-header", false, "leave the header picture alone")
	fl.BoolVar(&opts.TruncateBio, "truncate-bio", false, "shorten a bio over the server's limit instead of leaving the bio unchanged")
	_ = cmd.RegisterFlagCompletionFunc("twitter-api", cobra.FixedCompletions([]string{"auto", "v2", "v1", "off"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// runProfile copies the archive's profile to the account. fledge migrate
// and fledge run call it as their profile step.
func runProfile(ctx context.Context, f *factory, opts *profileOptions) error {
	_, err := profileRun(ctx, f, opts)
	return err
}

// profileRun is runProfile that also says whether the profile was already
// up to date (so fledge migrate need not ask about it).
func profileRun(ctx context.Context, f *factory, opts *profileOptions) (upToDate bool, err error) {
	a, err := archive.Open(opts.Archive)
	if err != nil {
		return false, err
	}
	defer a.Close()
	src, err := profile.SourceFromArchive(a)
	if err != nil {
		return false, err
	}
	tw, err := ownTwitterProfile(ctx, f, opts, src.Account)
	if err != nil {
		return false, err
	}

	c, ref, err := f.followClient(ctx, opts.Account, true)
	if err != nil {
		return false, err
	}
	if err := needScopes(ref, "update your profile", mastodon.ScopeWriteAccounts); err != nil {
		if !opts.DryRun || opts.willApply {
			return false, err
		}
		fmt.Fprintf(f.IO.ErrOut, "warning: %v\n", err)
	}
	target := adapter.NewProfile(c)
	cur, err := target.Current(ctx)
	if err != nil {
		return false, explainAuth(err, ref)
	}
	sp, err := c.Profile(ctx)
	if err != nil {
		return false, explainAuth(err, ref)
	}
	jr, err := f.openProfileJournal(ref, opts.DryRun)
	if err != nil {
		return false, err
	}
	var jn job.Journal
	if jr != nil {
		defer jr.Close()
		jn = adapter.NewProfileJournal(jr)
	}
	plan, err := profile.NewPlan(src, cur, profile.Options{
		Limits: adapter.ProfileLimits(sp), Twitter: tw, Journal: jn,
		NoAvatar: opts.NoAvatar, NoHeader: opts.NoHeader, TruncateBio: opts.TruncateBio,
	})
	if err != nil {
		return false, err
	}

	out := profilePrinter{f: f, account: ref.Name()}
	if !opts.planShown {
		out.plan(plan)
	}
	switch {
	case plan.UpToDate():
		out.result(plan, profile.Result{UpToDate: true, After: plan.Current}, opts.DryRun, false)
		return true, nil
	case opts.DryRun:
		out.result(plan, profile.Result{After: plan.Current}, true, false)
		return false, nil
	}
	if !opts.Yes {
		if err := confirm(f, fmt.Sprintf("Change the profile of %s?", ref.Name())); err != nil {
			return false, err
		}
	}
	res, err := profile.Apply(ctx, target, plan, jn)
	if err != nil {
		return false, explainAuth(err, ref)
	}
	out.result(plan, res, false, true)
	if len(res.Mismatches) > 0 {
		return false, &partialError{"the server did not keep part of the change: " + strings.Join(res.Mismatches, "; ")}
	}
	return false, nil
}

// ownTwitterProfile finds the archive owner's own Twitter profile, for
// its t.co expansions: --profiles files first, then fledge's cache, then
// the Twitter API when a token is set. Not finding it is not an error.
func ownTwitterProfile(ctx context.Context, f *factory, opts *profileOptions, acct archive.Account) (*profiles.Profile, error) {
	var sources []matcher.ProfileSource
	for _, name := range opts.Profiles {
		ps, err := readFile(name, profiles.Read)
		if err != nil {
			return nil, err
		}
		sources = append(sources, profiles.NewStaticSource(ps))
	}
	paths, err := f.paths()
	if err != nil {
		return nil, err
	}
	tws, err := twitterProfileSources(f, opts.TwitterAPI, filepath.Join(paths.Cache, "twitter-profiles"))
	if err != nil {
		return nil, err
	}
	p, errs := profile.OwnTwitter(ctx, append(sources, tws...), acct.ID, acct.Username)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	for _, e := range errs {
		fmt.Fprintf(f.IO.ErrOut, "warning: your Twitter profile: %v\n", e)
	}
	return p, nil
}

// profilePrinter writes the diff and the result: a readable list on
// stdout, or JSON lines with --json.
type profilePrinter struct {
	f       *factory
	account string
}

func (p profilePrinter) plan(plan *profile.Plan) {
	if p.f.Globals.JSON {
		for _, c := range plan.Changes {
			p.json(struct {
				Type string `json:"type"`
				profile.Change
			}{"profile_change", c})
		}
		return
	}
	w := p.f.IO.Out
	fmt.Fprintf(w, "Profile of %s, from the archive of @%s:\n", p.account, plan.Username)
	width := 0
	for _, c := range plan.Changes {
		width = max(width, len(itemLabel(c.Item)))
	}
	for _, c := range plan.Changes {
		fmt.Fprintf(w, "  %s %-*s  %s\n", actionMark(c.Action), width, itemLabel(c.Item), describeChange(c))
	}
}

func (p profilePrinter) result(plan *profile.Plan, res profile.Result, dryRun, applied bool) {
	changed, skipped := 0, plan.Skipped()
	for _, c := range plan.Changes {
		if c.Action != profile.ActionUnchanged && c.Action != profile.ActionSkipped {
			changed++
		}
	}
	if p.f.Globals.JSON {
		p.json(struct {
			Type       string          `json:"type"`
			Account    string          `json:"account"`
			DryRun     bool            `json:"dry_run"`
			UpToDate   bool            `json:"up_to_date"`
			Applied    bool            `json:"applied"`
			Changed    int             `json:"changed"`
			Skipped    int             `json:"skipped"`
			Fields     []profile.Field `json:"fields"`
			Unexpanded []string        `json:"unexpanded_links"`
			After      profile.Current `json:"after"`
			Mismatches []string        `json:"mismatches,omitempty"`
		}{"profile_summary", p.account, dryRun, res.UpToDate, applied, changed, len(skipped),
			nonNil(plan.Fields), nonNil(plan.Unexpanded), res.After, res.Mismatches})
	}
	errOut := p.f.IO.ErrOut
	for _, c := range skipped {
		if c.Reason == profile.ReasonNotWanted {
			continue // the user asked for it
		}
		fmt.Fprintf(errOut, "warning: %s not copied: %s%s\n", itemLabel(c.Item), c.Detail, profileHint(c))
	}
	if n := len(plan.Unexpanded); n > 0 {
		fmt.Fprintf(errOut, "warning: %d t.co link(s) left as written (%s); give your own Twitter profile with --profiles FILE, or set %s, to expand them\n",
			n, strings.Join(plan.Unexpanded, ", "), envTwitterToken)
	}
	if p.f.Globals.JSON {
		return
	}
	switch {
	case res.UpToDate:
		fmt.Fprintf(p.f.IO.Out, "The profile of %s is already up to date.\n", p.account)
	case applied:
		fmt.Fprintf(p.f.IO.Out, "Updated the profile of %s: %d change(s).\n", p.account, changed)
	default:
		fmt.Fprintf(p.f.IO.Out, "Dry run: %d change(s) would be made; nothing was changed.\n", changed)
	}
}

func (p profilePrinter) json(v any) {
	enc := newJSONEncoder(p.f.IO.Out)
	_ = enc.Encode(v)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func actionMark(a profile.Action) string {
	switch a {
	case profile.ActionAdd:
		return "+"
	case profile.ActionSet, profile.ActionUpdate:
		return "~"
	case profile.ActionSkipped:
		return "!"
	}
	return "="
}

func itemLabel(item string) string {
	if name, ok := strings.CutPrefix(item, "field:"); ok {
		return "field " + strconv.Quote(name)
	}
	return strings.ReplaceAll(item, "_", " ")
}

// describeChange shows before → after; images by file name and size.
func describeChange(c profile.Change) string {
	before, after := quoteOrNone(c.Before), quoteOrNone(c.After)
	if c.Item == "avatar" || c.Item == "header" {
		before = imageName(c.Before)
		if c.After != "" && c.Action != profile.ActionUnchanged {
			after = c.After
		} else {
			after = imageName(c.After)
		}
	}
	switch c.Action {
	case profile.ActionUnchanged:
		if c.Reason == profile.ReasonAlreadySet {
			return before + " (set by fledge earlier)"
		}
		if c.Reason == profile.ReasonKept {
			return before + " (yours, kept)"
		}
		return before + " (unchanged)"
	case profile.ActionAdd:
		return "(new) → " + after
	case profile.ActionSkipped:
		return before + " (skipped: " + c.Detail + ")"
	}
	s := before + " → " + after
	if c.Reason == profile.ReasonTruncated {
		s += " (" + c.Detail + ")"
	}
	return s
}

func quoteOrNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return strconv.Quote(s)
}

func imageName(u string) string {
	if u == "" {
		return "(none)"
	}
	return path.Base(u)
}

// profileHint says what the user can do about a skipped item.
func profileHint(c profile.Change) string {
	switch {
	case c.Item == "note" && c.Reason == profile.ReasonTooLong:
		return " (--truncate-bio shortens it)"
	case c.Reason == profile.ReasonFieldsFull:
		return " (remove one of your fields, then run again)"
	case c.Item == "display_name" && c.Reason == profile.ReasonTooLong:
		return " (shorten it on your server by hand)"
	}
	return ""
}
