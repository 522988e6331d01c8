package profile

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Names of the fields fledge adds.
const (
	FieldTwitter  = "Twitter"
	FieldWebsite  = "Website"
	FieldLocation = "Location"
)

// twitterFieldValue is the Twitter field's value. A full URL, because
// Mastodon links a field value only when it is a URL with a scheme and
// shows it without the scheme ("twitter.com/alice"); "@alice" would be
// read as a mention of the local account @alice, or plain text when there
// is none.
func twitterFieldValue(username string) string {
	return "https://twitter.com/" + username
}

// wantField is a field fledge would like on the profile.
type wantField struct {
	Field
	// update: an existing field of the same name gets the new value.
	// Otherwise the user's own value is kept (a Website or Location they
	// set on Mastodon is newer than the archive's).
	update bool
	// aliases are other names that mean the same field.
	aliases []string
	// sameValue reports whether an existing value already says the same,
	// under whatever name.
	sameValue func(v string) bool
	// earlier is the value an earlier run would have written (the website
	// before its t.co link could be expanded): a field holding it is
	// fledge's own and may be updated.
	earlier string
	// bareTCo: the value is nothing but a t.co link fledge could not
	// expand. Such a field is not added (see websiteWant); one already on
	// the profile is left as it is.
	bareTCo bool
}

// websiteWant is the Website field from the archive's website, its t.co
// link expanded when the user's own Twitter profile says where it leads.
// left lists the t.co links it could not expand. A website that is only
// such a link is marked bareTCo: written as is, the new profile would
// send people through Twitter's redirector, which may stop answering,
// instead of to the site.
func websiteWant(website string, exp map[string]string) (w wantField, left []string) {
	site, left := expandTCo(website, exp)
	w = wantField{Field: Field{Name: FieldWebsite, Value: site}, earlier: website}
	w.bareTCo = len(left) == 1 && left[0] == site
	return w, left
}

// twitterWant is the Twitter field, found under its usual names or by a
// link to the same account.
func twitterWant(username string) wantField {
	want := strings.ToLower(username)
	return wantField{
		Field:   Field{Name: FieldTwitter, Value: twitterFieldValue(username)},
		update:  true,
		aliases: []string{"x", "twitter/x", "x/twitter", "x (twitter)", "twitter (x)", "birdsite"},
		sameValue: func(v string) bool {
			v = strings.ToLower(strings.TrimSpace(v))
			v = strings.TrimPrefix(strings.TrimPrefix(v, "https://"), "http://")
			v = strings.TrimPrefix(strings.TrimPrefix(v, "www."), "mobile.")
			v = strings.TrimSuffix(v, "/")
			return v == "twitter.com/"+want || v == "x.com/"+want
		},
	}
}

func (w wantField) names(name string) bool {
	n := strings.ToLower(strings.TrimSpace(name))
	return n == strings.ToLower(w.Name) || slices.Contains(w.aliases, n)
}

// mergeFields adds wanted fields, in order of priority, to the user's
// fields: a field already there (by name or, for Twitter, by link) is
// updated or kept; a new one takes a free slot; when no slot is free the
// field is skipped and reported. The user's fields are never dropped or
// reordered.
func mergeFields(current []Field, wants []wantField, lim Limits) ([]Field, []Change) {
	out := append([]Field(nil), current...)
	var changes []Change
	for _, w := range wants {
		item := "field:" + w.Name
		if lim.FieldValue > 0 && utf8.RuneCountInString(w.Value) > lim.FieldValue {
			changes = append(changes, Change{Item: item, Action: ActionSkipped, After: w.Value, Reason: ReasonTooLong,
				Detail: fmt.Sprintf("the value has %d characters; the server takes %d", utf8.RuneCountInString(w.Value), lim.FieldValue)})
			continue
		}
		if i := matchField(out, w); i >= 0 {
			cur := out[i]
			c := Change{Item: "field:" + cur.Name, Before: cur.Value, After: cur.Value, Action: ActionUnchanged}
			switch {
			case strings.TrimSpace(cur.Value) == w.Value || (w.sameValue != nil && w.sameValue(cur.Value)):
			case w.update || (w.earlier != "" && strings.TrimSpace(cur.Value) == w.earlier):
				out[i].Value = w.Value
				c.After, c.Action = w.Value, ActionUpdate
			default:
				c.Reason = ReasonKept
				c.Detail = fmt.Sprintf("your field %q is kept; the archive has %q", cur.Name, w.Value)
			}
			changes = append(changes, c)
			continue
		}
		if w.bareTCo {
			changes = append(changes, Change{Item: item, Action: ActionSkipped, Reason: ReasonUnexpandedLink,
				Detail: fmt.Sprintf("the archive has only the t.co link %s, and where it leads is unknown", w.Value)})
			continue
		}
		if lim.Fields > 0 && len(out) >= lim.Fields {
			changes = append(changes, Change{Item: item, Action: ActionSkipped, After: w.Value, Reason: ReasonFieldsFull,
				Detail: fmt.Sprintf("all %d profile fields are in use; none of yours is replaced", lim.Fields)})
			continue
		}
		out = append(out, w.Field)
		changes = append(changes, Change{Item: item, Action: ActionAdd, After: w.Value})
	}
	return out, changes
}

// matchField finds the field w stands for: by name first, then (Twitter)
// by a value that links to the same account.
func matchField(fields []Field, w wantField) int {
	for i, f := range fields {
		if w.names(f.Name) {
			return i
		}
	}
	if w.sameValue != nil {
		for i, f := range fields {
			if w.sameValue(f.Value) {
				return i
			}
		}
	}
	return -1
}

func sameFields(a, b []Field) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if strings.TrimSpace(a[i].Name) != strings.TrimSpace(b[i].Name) || strings.TrimSpace(a[i].Value) != strings.TrimSpace(b[i].Value) {
			return false
		}
	}
	return true
}
