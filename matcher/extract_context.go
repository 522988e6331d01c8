package matcher

import (
	"bytes"
	"strings"

	"github.com/fledge-cli/fledge/matcher/profiles"
)

// Words near a candidate that say "this is my fediverse account". They only
// ever raise confidence.
var cueWords = lowerWords([]string{
	"mastodon", "fediverse", "fedi", "🐘", "🦣", "toot", "tröt", "activitypub",
	"misskey", "pixelfed", "peertube", "lemmy", "kbin", "mbin", "calckey",
	"firefish", "sharkey", "akkoma", "pleroma", "gotosocial", "friendica",
	"hubzilla", "bookwyrm", "funkwhale", "writefreely", "also on",
	"find me", "follow me", "moved", "moving", "now on", "now at",
	"me on", "elsewhere", "new home", "new account", "i'm on", "i am on",
	"join me",
})

// Phrases right before a candidate that say it belongs to someone else:
// an artist credit, an employer, a relative, a person thanked. They lower
// confidence below the threshold.
var creditPhrases = []string{
	"pfp by", "pfp:", "pfp from", "pfp ©", "profile pic", "profile picture",
	"profile photo", "profile image", "icon by", "icon:", "avatar by",
	"avatar:", "art by", "artwork by", "drawn by", "header by", "header:",
	"banner by", "banner:", "photo by", "pic by", "picture by", "logo by",
	"design by", "designed by", "made by", "editor at", "editor of",
	"editor for", "writer at", "writer for", "reporter at", "reporter for",
	"works at", "working at", "work at", "engineer at", "developer at",
	"dev at", "founder of", "co-founder of", "cofounder of", "ceo of",
	"ceo at", "cto at", "cto of", "host of", "co-host of", "cohost of",
	"member of", "maintainer of", "creator of", "married to", "partner of",
	"husband of", "wife of", "spouse of", "my partner", "my husband",
	"my wife", "parent of", "mom of", "dad of", "thanks to", "thank you",
	"thanks", "congrats", "congrats to", "congratulations to", "shoutout",
	"shoutout to", "shout-out to", "props to", "welcome", "h/t", "hat tip", "cc", "via", "rt", "by",
	"with", "ft.", "feat.",
	// Affiliations, like "work at": the employer's account, not theirs.
	"work", "day job", "day-job", "dayjob", "my job", "employer",
	"my employer", "company", "my company", "our company",
}

// Words right before a bare user@domain that make it an e-mail address.
var emailContext = lowerWords([]string{
	"email", "e-mail", "mail", "contact", "booking", "enquir", "inquir",
	"business", "press", "reach", "write to", "pgp", "gpg", "dm", "✉",
	"📧", "📩", "📨", "📬", "💌",
})

// Role names that are far more often mailboxes than accounts.
var roleUsers = setOf("info", "contact", "hello", "hi", "press", "booking",
	"bookings", "admin", "support", "sales", "office", "team", "mail",
	"jobs", "enquiries", "inquiries", "newsletter", "media", "help",
	"webmaster", "postmaster", "noreply", "no-reply", "mgmt", "management")

const (
	cueBefore = 48 // bytes looked at before a candidate for cue words
	cueAfter  = 24 // and after it
	clauseMax = 40 // bytes of the clause before a candidate for credits
)

// hasCue reports whether a fediverse cue word is near text[start:end].
func hasCue(text string, start, end int) bool {
	lo, hi := start-cueBefore, end+cueAfter
	lo, hi = max(lo, 0), min(hi, len(text))
	return containsAnyFold(text[lo:start], cueWords) || containsAnyFold(text[end:hi], cueWords)
}

// clauseBefore returns the text between the last clause break before
// start and start itself, at most clauseMax bytes: "pfp by " in
// "me: @a@b.c | pfp by @d@e.f", but nothing of the first clause.
func clauseBefore(text string, start int) string {
	lo := max(start-clauseMax, 0)
	w := text[lo:start]
	cut := 0
	if k := strings.LastIndexAny(w, "|\n;,!?@"); k >= 0 {
		cut = k + 1
	}
	for _, sep := range clauseSeps {
		if k := strings.LastIndex(w, sep); k >= 0 && k+len(sep) > cut {
			cut = k + len(sep)
		}
	}
	return w[cut:]
}

// clauseSeps are the multi-byte clause breaks: sentence ends and the
// bullets people separate bio parts with.
var clauseSeps = []string{". ", " / ", "•", "·", "–", "—", "🔹", "▪"}

// isCredit reports whether the clause before a candidate credits someone
// else: the clause must end with one of the phrases (ignoring spaces,
// colons and the leading "@" of the candidate).
func isCredit(clause string) bool {
	c := strings.TrimRight(clause, " :-–—\t")
	for _, p := range creditPhrases {
		p = strings.TrimRight(p, ":")
		if len(c) < len(p) {
			continue
		}
		tail := c[len(c)-len(p):]
		if !strings.EqualFold(tail, p) {
			continue
		}
		// A whole word: "rt" must not match the end of "art", "by" not "lobby".
		if k := len(c) - len(p); k > 0 && isWordByte(c[k-1]) && isWordByte(p[0]) {
			continue
		}
		return true
	}
	return false
}

// isEmailContext reports whether the clause before a bare candidate
// introduces an e-mail address.
func isEmailContext(clause string) bool {
	return containsAnyFold(clause, emailContext)
}

// containsAnyFold reports whether s contains one of words (given in lower
// case), ASCII letters compared case-insensitively. Windows are short, so
// s is lower-cased once into a stack buffer and each word is a plain
// substring search.
func containsAnyFold(s string, words [][]byte) bool {
	var buf [256]byte
	var low []byte
	if len(s) <= len(buf) {
		low = buf[:len(s)]
	} else {
		low = make([]byte, len(s))
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		low[i] = c
	}
	for _, w := range words {
		if bytes.Contains(low, w) {
			return true
		}
	}
	return false
}

// lowerWords turns a word list into the form containsAnyFold takes.
func lowerWords(ws []string) [][]byte {
	out := make([][]byte, len(ws))
	for i, w := range ws {
		out[i] = []byte(strings.ToLower(w))
	}
	return out
}

// resembles reports whether a handle's user part looks like the Twitter
// screen name or display name: equal once case and the separators _ . -
// are dropped, or one containing the other when both are long enough.
func resembles(user string, p *profiles.Profile) bool {
	u := squash(user)
	if u == "" {
		return false
	}
	for _, n := range []string{p.ScreenName, p.Name} {
		s := squash(n)
		if s == "" {
			continue
		}
		if s == u || len(u) >= 4 && len(s) >= 4 && (strings.Contains(s, u) || strings.Contains(u, s)) {
			return true
		}
	}
	return false
}

// squash lower-cases ASCII letters and digits and drops everything else.
func squash(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b = append(b, c)
		case c >= 'A' && c <= 'Z':
			b = append(b, c+'a'-'A')
		}
	}
	return string(b)
}
