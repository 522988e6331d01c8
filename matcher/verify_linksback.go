package matcher

import (
	"html"
	"strings"
)

// LinksBack reports whether a fediverse profile points back at the Twitter
// account twitterScreenName: a twitter.com/<name> or x.com/<name> link in
// its bio, profile fields or website, "@name@twitter.com" (the old
// bridges' form), or a profile field labelled Twitter or X whose value is
// the name. This is what makes a match "confirmed": a squatter or a credit
// ("pfp by @x@y") does not link back to the person's Twitter account.
func LinksBack(a *Actor, twitterScreenName string) bool {
	name := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(twitterScreenName), "@"))
	if a == nil || !validScreenNameForLink(name) {
		return false
	}
	texts := make([]string, 0, 2+2*len(a.Fields))
	texts = append(texts, a.Summary, a.URL)
	for _, f := range a.Fields {
		texts = append(texts, f.Value)
		if labelIsTwitter(f.Name) && fieldNames(f.Value, name) {
			return true
		}
	}
	for _, t := range texts {
		if mentionsTwitterAccount(strings.ToLower(html.UnescapeString(t)), name) {
			return true
		}
	}
	return false
}

// validScreenNameForLink accepts Twitter's rule: 1 to 15 of [a-z0-9_].
func validScreenNameForLink(s string) bool {
	if s == "" || len(s) > 15 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isTwitterNameByte(s[i]) {
			return false
		}
	}
	return true
}

func isTwitterNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

var twitterHosts = map[string]bool{
	"twitter.com": true, "www.twitter.com": true, "mobile.twitter.com": true,
	"x.com": true, "www.x.com": true, "mobile.x.com": true,
}

// mentionsTwitterAccount scans lower-cased text for a profile link or a
// bridge handle naming name. HTML tags need no stripping: the link is in
// the href and usually in the text as well, and both are scanned.
func mentionsTwitterAccount(text, name string) bool {
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '/':
			// host/name: find the host ending here.
			start := i
			for start > 0 && isHostByte(text[start-1]) {
				start--
			}
			if twitterHosts[text[start:i]] && nameAt(text, i+1, name) {
				return true
			}
		case '@':
			// @name@twitter.com
			if (i == 0 || !isTwitterNameByte(text[i-1])) && strings.HasPrefix(text[i+1:], name+"@") {
				rest := text[i+2+len(name):]
				for h := range twitterHosts {
					if strings.HasPrefix(rest, h) && (len(rest) == len(h) || !isHostByte(rest[len(h)])) {
						return true
					}
				}
			}
		}
	}
	return false
}

// nameAt reports whether text holds exactly name at i (optionally after
// the old "#!/" prefix), not followed by another name character.
func nameAt(text string, i int, name string) bool {
	rest := strings.TrimPrefix(text[i:], "#!/")
	if !strings.HasPrefix(rest, name) {
		return false
	}
	return len(rest) == len(name) || !isTwitterNameByte(rest[len(name)])
}

func isHostByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-'
}

// labelIsTwitter recognizes profile field labels such as "Twitter",
// "🐦 Twitter", "X", "X (Twitter)" or "𝕏".
func labelIsTwitter(label string) bool {
	l := strings.ToLower(strings.TrimSpace(label))
	return strings.Contains(l, "twitter") || l == "x" || l == "𝕏" || strings.HasPrefix(l, "x ") || strings.Contains(l, "birdsite")
}

// fieldNames reports whether a field value is just the screen name
// ("@name" or "name"), possibly wrapped in HTML.
func fieldNames(value, name string) bool {
	v := strings.ToLower(html.UnescapeString(stripTags(value)))
	v = strings.TrimPrefix(strings.TrimSpace(v), "@")
	return v == name
}

// stripTags removes <...> spans; profile fields are small HTML fragments.
func stripTags(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '<':
			depth++
		case r == '>' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}
