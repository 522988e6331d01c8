package main

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/fledge-cli/fledge/importer/profile"
)

// profilePrinter writes the diff and the result through the printer: a
// readable list on stdout, or JSON lines with --json; warnings on stderr.
type profilePrinter struct {
	f       *factory
	account string
}

// preview shows the plan and then every warning that bears on the
// decision (what is not copied, t.co links left as written), so both come
// before any question. fledge profile and fledge migrate's profile step
// both show a plan through it.
func (p profilePrinter) preview(plan *profile.Plan) {
	p.plan(plan)
	p.warnings(plan)
}

func (p profilePrinter) plan(plan *profile.Plan) {
	out := p.f.printer()
	out.Data("", nil, fmt.Sprintf("Profile of %s, from the archive of @%s:", p.account, plan.Username))
	width := 0
	for _, c := range plan.Changes {
		width = max(width, len(itemLabel(c.Item)))
	}
	for _, c := range plan.Changes {
		out.Data("profile_change", c, fmt.Sprintf("  %s %-*s  %s", actionMark(c.Action), width, itemLabel(c.Item), describeChange(c)))
	}
}

// warnings says, once, what the plan leaves out and which t.co links
// stay as written, each with what to do about it.
func (p profilePrinter) warnings(plan *profile.Plan) {
	out := p.f.printer()
	for _, c := range plan.Skipped() {
		if c.Reason == profile.ReasonNotWanted {
			continue // the user asked for it
		}
		out.Warn("%s not copied: %s%s", itemLabel(c.Item), c.Detail, profileHint(c))
	}
	if n := len(plan.Unexpanded); n > 0 {
		out.Warn("%d t.co link(s) left as written (%s); %s to expand them", n, strings.Join(plan.Unexpanded, ", "), tcoFix)
	}
}

// tcoFix says where fledge finds the targets of t.co links.
const tcoFix = "give your own Twitter profile with --profiles FILE (a capture of x.com/<you> saved from your browser, see 'fledge help capture'), or set " + envTwitterToken

// result says how the copy ended: the summary line (or record). The plan
// and its warnings were shown before (preview).
func (p profilePrinter) result(plan *profile.Plan, res profile.Result, dryRun, applied bool) {
	out := p.f.printer()
	changed, skipped := 0, plan.Skipped()
	for _, c := range plan.Changes {
		if c.Action != profile.ActionUnchanged && c.Action != profile.ActionSkipped {
			changed++
		}
	}
	var text string
	switch {
	case res.UpToDate:
		text = fmt.Sprintf("The profile of %s is already up to date.", p.account)
	case applied:
		text = fmt.Sprintf("Updated the profile of %s: %d change(s).", p.account, changed)
	default:
		text = fmt.Sprintf("Dry run: %d change(s) would be made; nothing was changed.", changed)
	}
	out.Data("profile_summary", struct {
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
	}{p.account, dryRun, res.UpToDate, applied, changed, len(skipped),
		nonNil(plan.Fields), nonNil(plan.Unexpanded), res.After, res.Mismatches}, text)
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
		if c.Reason == profile.ReasonNotWanted {
			return before + " (skipped: " + c.Detail + ")"
		}
		// Why, and what to do, is the warning after the list: said once.
		return before + " (not copied, see the warning)"
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
	case c.Reason == profile.ReasonUnexpandedLink:
		return "; " + tcoFix + ", to copy it"
	}
	return ""
}
