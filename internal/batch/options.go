package batch

import (
	"strconv"

	"github.com/fledge-cli/fledge/internal/steps"
)

// opts are one step's options as written, by key.
type opts map[string]value

func (o opts) str(d steps.Option) string { return o[d.Key].text }

func (o opts) list(d steps.Option) []string { return o[d.Key].list }

// flag is a Bool option, or its declared default when unset.
func (o opts) flag(d steps.Option) bool {
	if v, ok := o[d.Key]; ok {
		return v.text == "true"
	}
	return d.DefaultBool()
}

// set is a Bool option, or nil when unset (the command's default).
func (o opts) set(d steps.Option) *bool {
	if _, ok := o[d.Key]; !ok {
		return nil
	}
	b := o.flag(d)
	return &b
}

// num is an Int option, or its declared default when unset. The parser
// has checked the text.
func (o opts) num(d steps.Option) int {
	v, ok := o[d.Key]
	if !ok {
		return d.DefaultInt()
	}
	n, _ := strconv.Atoi(v.text)
	return n
}

// word is a String option, or its declared default when unset.
func (o opts) word(d steps.Option) string {
	if v, ok := o[d.Key]; ok {
		return v.text
	}
	return d.Default
}

// capMax is a step's max under fledge run's --max: the smaller of
// the two, where 0 means no limit.
func capMax(own, perRun int) int {
	if perRun > 0 && (own == 0 || perRun < own) {
		return perRun
	}
	return own
}

// MatchOptions are the match step's options. The step writes j.Matches.
func (j *Job) MatchOptions() steps.MatchOptions {
	o := opts(j.opts[StepMatch])
	return steps.MatchOptions{
		Archive: j.Archive, Profiles: o.list(steps.Profiles),
		Offline: o.flag(steps.Offline), Refresh: o.flag(steps.Refresh), Guard: j.guard(),
		NoReverse: o.flag(steps.NoReverse), Instances: o.list(steps.Instances), Concurrency: o.num(steps.Concurrency),
		TwitterAPI: o.word(steps.TwitterAPI), ExcludeFollowing: o.str(steps.ExcludeFollowing),
		ExcludeFollowingServer: o.flag(steps.ExcludeFollowingServer), Output: j.Matches,
	}
}

func (j *Job) guard() steps.Guard {
	o := opts(j.opts[StepMatch])
	return steps.Guard{AllowPrivate: o.flag(steps.AllowPrivate), ProxyNames: o.str(steps.ProxyNames)}
}

// FollowOptions are the follow step's options; maxPerRun > 0 caps max.
// Given the archive (no matches file), follow matches it with the match
// step's profiles and verification settings.
func (j *Job) FollowOptions(maxPerRun int) steps.FollowOptions {
	o := opts(j.opts[StepFollow])
	f := steps.FollowOptions{
		Input: j.Input(StepFollow), Reblogs: o.set(steps.Reblogs), Notify: o.set(steps.Notify),
		Languages: o.list(steps.Languages), List: o.str(steps.List), Max: capMax(o.num(steps.Max), maxPerRun),
	}
	if f.Input == j.Archive {
		m := opts(j.opts[StepMatch])
		f.Match = steps.ArchiveMatch{Profiles: m.list(steps.Profiles), Offline: m.flag(steps.Offline), Guard: j.guard()}
	}
	return f
}

// ProfileOptions are the profile step's options.
func (j *Job) ProfileOptions() steps.ProfileOptions {
	o := opts(j.opts[StepProfile])
	return steps.ProfileOptions{
		Archive: j.Archive, Yes: o.flag(steps.Yes), Profiles: o.list(steps.Profiles), TwitterAPI: o.word(steps.TwitterAPI),
		NoAvatar: o.flag(steps.NoAvatar), NoHeader: o.flag(steps.NoHeader), TruncateBio: o.flag(steps.TruncateBio),
	}
}

// ImportOptions are the import step's options; maxPerRun > 0 caps max.
// Fediverse mentions without a matches file read the match step's.
func (j *Job) ImportOptions(maxPerRun int) steps.ImportOptions {
	o := opts(j.opts[StepImport])
	im := steps.ImportOptions{
		Archive: j.Archive, Job: o.str(steps.Job), Include: o.list(steps.Include),
		Since: o.str(steps.Since), Until: o.str(steps.Until), Grep: o.str(steps.Grep), ExcludeGrep: o.str(steps.ExcludeGrep),
		MinLikes: o.num(steps.MinLikes), OnlyMedia: o.flag(steps.OnlyMedia),
		IDs: o.str(steps.IDs), ExcludeIDs: o.str(steps.ExcludeIDs), Alt: o.str(steps.Alt), Matches: o.str(steps.Matches),
		Mentions: o.word(steps.Mentions), Visibility: o.word(steps.Visibility), Circle: steps.Circle.Default,
		Backdate: o.word(steps.Backdate), Footer: o.str(steps.Footer), NoFooter: o.flag(steps.NoFooter),
		NoLanguage: o.flag(steps.NoLanguage), StrictMedia: o.flag(steps.StrictMedia),
		Max: capMax(o.num(steps.Max), maxPerRun), Yes: o.flag(steps.Yes), Replan: o.flag(steps.Replan),
	}
	if im.Matches == "" && im.Mentions == "fediverse" {
		im.Matches = j.Matches
	}
	return im
}
