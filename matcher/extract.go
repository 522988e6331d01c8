// Extraction: finding candidate fediverse handles in a Twitter profile.
//
// Extract is pure and offline. For each field (display name, bio, location,
// URL field, pinned tweet) it replaces every t.co span by its expanded URL,
// normalises the text (NFKC, zero-width and bidi controls dropped, see
// Normalize), and runs four scanners written by hand (Go's regexp has no
// look-around, and hand-written scanners stay linear on hostile input):
//
//   - scanAt: "@user@domain", "acct:user@domain", bare "user@domain" and
//     Lemmy's "!community@domain";
//   - scanURLs: profile URLs with or without a scheme, parsed segment by
//     segment (see parseProfileURL for every path shape);
//   - scanObfuscated: a marked second pass over a de-obfuscated copy
//     ("[at]", "(at)", " at ", "[.]", "(.)", " dot ", "·", spaces around
//     "@", "@user on host.tld") that reports only handles the plain pass
//     could not see;
//   - scanBluesky: Bluesky handles written as text ("@alice.bsky.social"),
//     which become Bridgy Fed candidates (extract_bridge.go).
//
// Domains may be written in Unicode ("@alice@bücher.example.de",
// "https://пример.рф/@alice"); the handle carries the ASCII (punycode)
// form and the evidence keeps the text as written. Where such a domain
// ends when prose follows it without a space is decided in extract_idn.go.
//
// Every match is validated (Mastodon's username rule; a DNS name under a
// public suffix) and checked against the negative lists in domains.go:
// sites with /@ paths that are not fediverse, non-federating servers,
// e-mail providers, Bluesky written as if it were a fediverse server
// ("@alice@bsky.social"). Those are dropped outright. Bluesky handles and
// Threads URLs become candidates at their bridge that only a network check
// can accept; communities are listed apart (extract_bridge.go).
//
// The confidence scoring is documented on Extract.

package matcher

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/fledge-cli/fledge/matcher/profiles"
)

// AcceptThreshold is the confidence a candidate must exceed to be
// accepted. A bare user@domain needs a known instance, a fediverse host
// name or a cue word to pass it; an @user@domain passes unless credited
// to someone else.
const AcceptThreshold = 0.5

// DropFloor is the confidence at or below which a candidate is dropped
// instead of being listed for review.
const DropFloor = 0.15

const (
	creditCap = 0.35 // a handle credited to someone else
	emailCap  = 0.10 // an address introduced as e-mail
	proseCap  = 0.45 // "user at host.tld", "user @ host.tld": reads like prose
	pinnedCap = 0.45 // a pinned tweet that does not say the handle is theirs
	spoofCap  = 0.45 // a Unicode domain that may be a homograph of another
)

// Extract returns every candidate handle found in p, deduplicated on the
// handle (case-insensitively; the best-scored evidence is kept), best
// first (ties: URL field, name, bio, location, pinned tweet; then by
// handle). It never fails: text that holds no handle yields nil.
//
// Confidence scoring. Each candidate starts from a base score for its form:
//
//	0.90  @user@domain, acct:user@domain
//	0.85  host/@user, host/web/@user, host/@user/<sub-page>
//	0.80  host/@user@other (remote view), host/user on a known Pixelfed or
//	      WriteFreely host, fed.brid.gy/web/<domain> and /bsky/<handle>
//	0.70  de-obfuscated @user@domain ("@alice [at] host", "@alice on host.tld")
//	0.60  host/video-channels/<name> (PeerTube only; a channel, see below)
//	0.45  host/users/<user> (Mastodon's actor URL, but speedrun.com has it
//	      too), host/u/ /a/ /c/ /accounts/ /profile/ /channel/ /user/ /channels/<name>,
//	      bare user@domain, de-obfuscated bare forms with "[at]" or a
//	      written-around dot
//	0.45  a Bluesky handle ("@alice.bsky.social", bsky.app/profile/<handle>)
//	      as @<handle>@bsky.brid.gy; a Threads URL (threads.net/@u,
//	      threads.com/@u) as @u@threads.net
//	0.25  "user at host.tld" or "user @ host.tld": nothing but a spaced
//	      or spelled-out "@" (reads like prose)
//
// and is then adjusted:
//
//	+0.20  the domain is a well-known instance (knownInstances)
//	+0.15  otherwise, the host name says fediverse ("mastodon", "social",
//	       "misskey", …), or for a software-specific path, that software
//	       ("tube" for PeerTube's /c/, "lemmy" for /u/, …)
//	+0.15  a cue word near it ("mastodon", "fedi", 🐘, 🦣, "toot", …)
//	+0.05  its user part resembles the screen name or display name
//	+0.05  found in the URL field; +0.03 in the display name; 0 in the bio;
//	       −0.02 in the location; −0.10 in the pinned tweet
//	−0.20  bare and obfuscated forms whose user is a mailbox role name
//	       ("info", "hello", "press", …)
//
// and finally capped:
//
//	≤0.35  the clause before it credits someone else or names an
//	       affiliation ("pfp by", "art by", "header:", "editor at",
//	       "work:", "day job:", "my company", "employer:", "married to",
//	       "thanks to", …): listed for review, never accepted
//	≤0.10  bare and obfuscated forms after an e-mail cue ("email",
//	       "contact", "bookings", "press", ✉ …): dropped
//	≤0.45  "user at host.tld" and "user @ host.tld": prose such as
//	       "engineer at example.social" or "SRE @ example.social" reads
//	       the same, so it is listed for review but never accepted
//	≤0.45  in the pinned tweet without a cue word or a resembling name:
//	       pinned tweets mention and link other people
//	≤0.45  a Unicode domain with a label that mixes Latin, Cyrillic and
//	       Greek letters, or is spelled only with Cyrillic or Greek letters
//	       that look like ASCII ones ("pаypal.com" with a Cyrillic "а",
//	       "сосо.com"): idna.Lookup accepts such names, but the handle
//	       could pass for another one, so it is listed for review and
//	       never accepted
//
//	≤0.45  Bluesky handles, Threads URLs and channels (/c/<name> off
//	       Lemmy, /video-channels/<name>): only the bridge's WebFinger, or
//	       the actor's type, can say they are followable and the
//	       person's own (extract_bridge.go); they are asked online
//
// Lemmy communities ("!name@host", /c/<name> and /m/<name> on Lemmy and
// kbin hosts) are groups, not people: ExtractAll lists them apart.
//
// The result is rounded to two decimals and clamped to [0, 1]. A
// candidate is accepted when its confidence is above AcceptThreshold;
// candidates at or below DropFloor are not reported at all (they are
// e-mail addresses in all but name).
func Extract(p *profiles.Profile) []Candidate {
	c, _ := ExtractAll(p)
	return c
}

// ExtractAll is Extract that also returns the communities the profile
// mentions ("!name@host", Lemmy's /c/ links), in the order found, each
// once: groups are never the person's handle, so they are not candidates.
func ExtractAll(p *profiles.Profile) ([]Candidate, []string) {
	if p == nil {
		return nil, nil
	}
	x := extractor{p: p}
	x.field(FieldURL, p.URL, p.URLURLs)
	x.field(FieldName, p.Name, nil)
	x.field(FieldBio, p.Description, p.DescriptionURLs)
	x.field(FieldLocation, p.Location, nil)
	x.field(FieldPinned, p.PinnedText, p.PinnedURLs)
	slices.SortStableFunc(x.out, func(a, b Candidate) int {
		if c := cmp.Compare(b.Confidence, a.Confidence); c != 0 {
			return c
		}
		if c := cmp.Compare(fieldRank[a.Field], fieldRank[b.Field]); c != 0 {
			return c
		}
		return strings.Compare(a.Handle, b.Handle)
	})
	return x.out, x.communities
}

// fieldRank orders equally confident candidates: the URL field is the
// most deliberate place to put an account, a pinned tweet the least.
var fieldRank = map[Field]int{FieldURL: 0, FieldName: 1, FieldBio: 2, FieldLocation: 3, FieldPinned: 4}

// Accepted returns the candidates above AcceptThreshold, in their order.
func Accepted(c []Candidate) []Candidate {
	var out []Candidate
	for _, x := range c {
		if x.Confidence > AcceptThreshold {
			out = append(out, x)
		}
	}
	return out
}

type extractor struct {
	p   *profiles.Profile
	out []Candidate
	// seen maps a lower-cased handle to its index in out, once out is
	// long enough for a map to beat a linear search (hostile input).
	seen map[string]int
	// communities are "!name@host", lower-case, without duplicates.
	communities []string
}

const linearDedup = 16

// maxHitsPerField bounds how many matches of one field are scored.
const maxHitsPerField = 100

// find returns the index of handle in out, compared case-insensitively.
func (x *extractor) find(handle string) (int, bool) {
	if x.seen == nil {
		for i := range x.out {
			if strings.EqualFold(x.out[i].Handle, handle) {
				return i, true
			}
		}
		return 0, false
	}
	i, ok := x.seen[strings.ToLower(handle)]
	return i, ok
}

func (x *extractor) field(f Field, raw string, ents []profiles.URLEntity) {
	if raw == "" {
		return
	}
	if f == FieldURL && len(ents) == 0 && isTCo(raw) {
		return // an unexpanded t.co link says nothing
	}
	text := Normalize(expandEntities(raw, ents))
	hits := 0
	emit := func(h hit) bool {
		// A field with more handle-shaped matches than any real profile
		// is junk: scoring and scanning stop (a Unicode domain costs a
		// punycode conversion per match).
		x.add(f, text, h)
		hits++
		return hits < maxHitsPerField
	}
	if strings.IndexByte(text, '@') >= 0 {
		scanAt(text, emit)
	}
	if hits < maxHitsPerField {
		scanURLs(text, emit)
	}
	if hits < maxHitsPerField {
		scanBluesky(text, emit)
	}
	if f != FieldURL && hits < maxHitsPerField {
		scanObfuscated(text, emit)
	}
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func isTCo(u string) bool {
	l := strings.ToLower(u)
	return strings.HasPrefix(l, "https://t.co/") || strings.HasPrefix(l, "http://t.co/") || strings.HasPrefix(l, "t.co/")
}

// add validates, scores and records one hit.
func (x *extractor) add(f Field, text string, h hit) {
	domain, reg, ok := checkDomain(h.domain)
	if !ok || !validUser(h.user) {
		return
	}
	if domain == "threads.com" {
		// Threads' web site moved to threads.com; its accounts federate
		// as @user@threads.net.
		domain, reg = threadsDomain, threadsDomain
	}
	handle := "@" + h.user + "@" + domain
	verdict := classifyDomain(domain, reg)
	switch verdict {
	case domainNonFediverse, domainNonFederate, domainEmail:
		return
	case domainURLOnly:
		if h.form == FormURL || h.form == FormRemoteURL {
			return
		}
	}
	if h.viaHost != "" {
		switch classifyDomain(h.viaHost, registrable(h.viaHost)) {
		case domainNonFediverse, domainNonFederate, domainEmail, domainURLOnly:
			return
		}
	}
	if isBlueskyHandle(h.user, domain) {
		return
	}
	if h.community {
		x.addCommunity("!" + strings.ToLower(h.user) + "@" + domain)
		return
	}
	c := x.score(f, text, h, domain, verdict)
	if c <= DropFloor {
		return
	}
	cand := Candidate{
		Handle:     handle,
		Field:      f,
		Evidence:   evidence(text, h.start, h.end),
		Form:       h.form,
		Confidence: c,
		ProfileURL: profileURLOf(h),
	}
	if i, dup := x.find(handle); dup {
		if c > x.out[i].Confidence {
			x.out[i] = cand
		}
		return
	}
	x.out = append(x.out, cand)
	switch {
	case x.seen != nil:
		x.seen[strings.ToLower(handle)] = len(x.out) - 1
	case len(x.out) > linearDedup:
		x.seen = make(map[string]int, 2*len(x.out))
		for i, o := range x.out {
			x.seen[strings.ToLower(o.Handle)] = i
		}
	}
}

// maxCommunities bounds the communities kept from one profile.
const maxCommunities = 32

func (x *extractor) addCommunity(c string) {
	if len(x.communities) < maxCommunities && !slices.Contains(x.communities, c) {
		x.communities = append(x.communities, c)
	}
}

// isBlueskyHandle rejects "@alice@bsky.social"-like strings: a Bluesky
// handle is not a fediverse account unless written through the bridge
// ("@alice.bsky.social@bsky.brid.gy", which has another domain).
func isBlueskyHandle(user, domain string) bool {
	return strings.HasSuffix(domain, ".bsky.social") || strings.HasSuffix(strings.ToLower(user), ".bsky.social") && !strings.HasSuffix(domain, "brid.gy")
}

// score implements the table in the file comment.
func (x *extractor) score(f Field, text string, h hit, domain string, verdict domainVerdict) float64 {
	s := h.base
	switch {
	case verdict == domainKnown:
		s += 0.20
	case hintsFediverse(domain) || containsAny(domain, h.hints):
		s += 0.15
	}
	cue := hasCue(text, h.start, h.end)
	if cue {
		s += 0.15
	}
	like := resembles(h.user, x.p)
	if like {
		s += 0.05
	}
	switch f {
	case FieldURL:
		s += 0.05
	case FieldName:
		s += 0.03
	case FieldLocation:
		s -= 0.02
	case FieldPinned:
		s -= 0.10
	}
	clause := clauseBefore(text, h.start)
	mailLike := h.form == FormBare || h.form == FormObfuscated && h.obf&obfOn == 0 && h.base < baseObfAcct
	if mailLike && roleUsers[strings.ToLower(h.user)] {
		s -= 0.20
	}
	// Caps, not deductions: no amount of other evidence makes a credited
	// handle the person's own, or an address after "email:" a handle.
	if isCredit(clause) {
		s = min(s, creditCap)
	}
	if mailLike && isEmailContext(clause) {
		s = min(s, emailCap)
	}
	if h.form == FormObfuscated && h.base == baseObfWord {
		s = min(s, proseCap)
	}
	if f == FieldPinned && !cue && !like {
		s = min(s, pinnedCap)
	}
	if h.spoof {
		s = min(s, spoofCap)
	}
	if isProbeForm(h.form) {
		s = min(s, probeCap)
	}
	// Round so scores print and compare cleanly (0.1+0.2 noise).
	s = math.Round(s*100) / 100
	return min(max(s, 0), 1)
}

// evidence returns the text around a match, at most evidenceSpan bytes on
// either side, cut on UTF-8 boundaries and with surrounding space trimmed.
func evidence(text string, start, end int) string {
	// A match can be a 10 KB URL; the evidence only needs its beginning.
	end = min(end, start+evidenceMatch)
	lo, hi := max(start-evidenceSpan, 0), min(end+evidenceSpan, len(text))
	for lo > 0 && lo < len(text) && text[lo]&0xC0 == 0x80 {
		lo--
	}
	for hi < len(text) && text[hi]&0xC0 == 0x80 {
		hi++
	}
	return strings.TrimSpace(text[lo:hi])
}

const (
	evidenceSpan  = 40  // context bytes on either side of a match
	evidenceMatch = 200 // bytes of the match itself, at most
)
