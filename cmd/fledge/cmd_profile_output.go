package main

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/fledge-cli/fledge/importer/profile"
)

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
