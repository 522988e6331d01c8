package matcher

import "strings"

// Bridged networks and groups.
//
// A Bluesky handle ("@alice.bsky.social", "alice.bsky.social",
// "bsky.app/profile/alice.bsky.social", "bsky.app/profile/alice.example")
// is not a fediverse account, but Bridgy Fed bridges the people who turn
// it on as "@alice.bsky.social@bsky.brid.gy". A Threads profile URL
// ("threads.net/@alice", "threads.com/@alice") likewise names
// "@alice@threads.net", which federates only if its owner opted in. Both
// are turned into that candidate, capped at probeCap: only the bridge's
// (or Threads') WebFinger can say whether the account is followable, so
// offline they are never accepted, and online they are asked (see
// splitProbe and bridgeVerdict).
//
// Groups are not the person. A Lemmy community ("lemmy.world/c/rust",
// "!rust@lemmy.world", kbin's "/m/rust") is listed in Match.Communities
// and never becomes a candidate. A channel URL ("/c/name" elsewhere,
// "/video-channels/name") is a candidate capped at probeCap whose actor
// type decides online: a Person is accepted, a Group is not.

const (
	blueskyBridge = "bsky.brid.gy" // Bridgy Fed's Bluesky side
	threadsDomain = "threads.net"  // the handle domain of every Threads account
	blueskySuffix = ".bsky.social"

	baseBridgeForm = 0.45 // Bluesky handles and Threads URLs, before the cap
	// probeCap keeps the forms only a network check can decide below
	// AcceptThreshold (and at ProbeFloor, so they are asked online).
	probeCap = 0.45
)

// isProbeForm reports the forms whose fate is decided online only.
func isProbeForm(f Form) bool {
	return f == FormBluesky || f == FormThreads || f == FormChannel
}

// lemmyHosts are large Lemmy (and kbin/mbin) servers whose names do not
// say so; on them "/c/name" is a community. Other hosts count when their
// name does (lemmyHints).
var lemmyHosts = setOf("lemmy.world", "lemmy.ml", "beehaw.org", "lemmy.ca",
	"sh.itjust.works", "programming.dev", "lemm.ee", "lemmy.dbzer0.com",
	"lemmy.blahaj.zone", "discuss.tchncs.de", "sopuli.xyz", "lemmy.zip",
	"feddit.de", "feddit.uk", "feddit.nl", "feddit.it", "startrek.website",
	"reddthat.com", "hexbear.net", "lemmygrad.ml", "infosec.pub",
	"midwest.social", "lemmy.sdf.org", "aussie.zone", "lemmy.today",
	"slrpnk.net", "mander.xyz", "lemmy.one", "jlai.lu", "kbin.social",
	"fedia.io", "kbin.earth", "kbin.run", "thebrainbin.org")

// isLemmyHost reports whether host serves Lemmy-style communities: a
// known one, or one with a label that says so ("lemmy", "feddit"
// anywhere in it; "kbin", "mbin" at its start, as "combine" is no mbin).
func isLemmyHost(host string) bool {
	if lemmyHosts[host] || lemmyHosts[registrable(host)] {
		return true
	}
	for label := range strings.SplitSeq(host, ".") {
		if strings.Contains(label, "lemmy") || strings.Contains(label, "feddit") || label == "lemm" ||
			strings.HasPrefix(label, "kbin") || strings.HasPrefix(label, "mbin") {
			return true
		}
	}
	return false
}

// bridgePath handles the hosts whose profile URLs name a bridged or
// opted-in account: bsky.app and Threads. ok is false for other hosts;
// matched is false when such a host's path is no profile.
func bridgePath(host string, segs []string) (h hit, matched, ok bool) {
	switch strings.TrimPrefix(host, "www.") {
	case "bsky.app":
		if len(segs) < 2 || !strings.EqualFold(segs[0], "profile") {
			return hit{}, false, true
		}
		handle, valid := blueskyHandle(segs[1])
		if !valid {
			return hit{}, false, true // a DID, or not a domain name
		}
		return hit{user: handle, domain: blueskyBridge, form: FormBluesky, base: baseBridgeForm}, true, true
	case "threads.net", "threads.com":
		if len(segs) < 1 || !strings.HasPrefix(segs[0], "@") || len(segs[0]) < 2 {
			return hit{}, false, true
		}
		return hit{user: segs[0][1:], domain: threadsDomain, form: FormThreads, base: baseBridgeForm}, true, true
	}
	return hit{}, false, false
}

// blueskyHandle checks that s is a domain name (what a Bluesky handle
// is) and returns it lower-cased.
func blueskyHandle(s string) (string, bool) {
	d, ok := canonicalDomain(s)
	if !ok || !isASCII(s) || !validUser(d) {
		return "", false
	}
	return d, true
}

// groupPath marks /c/<name> and /m/<name> on Lemmy and kbin hosts as
// communities, and /c/ and /video-channels/ elsewhere as channels; /m/
// means nothing on other hosts.
func groupPath(h hit, host, prefix string) (hit, bool) {
	switch {
	case (prefix == "c" || prefix == "m") && isLemmyHost(host):
		h.community = true
	case prefix == "m":
		return hit{}, false
	case prefix == "c" || prefix == "video-channels":
		h.form = FormChannel
	}
	return h, true
}

// scanBluesky finds Bluesky handles under bsky.social written as text:
// "@alice.bsky.social" or "alice.bsky.social". A handle that is part of
// something else is left to the other scanners: followed by "@" (the
// bridged "@alice.bsky.social@bsky.brid.gy" itself, or an address), after
// "/" (a URL path), or after "user@" (an e-mail-like address). Custom
// domain handles are only trusted inside bsky.app links (bridgePath): a
// bare "@example.com" says nothing about Bluesky.
func scanBluesky(text string, emit func(hit) bool) {
	// lo is where the last handle read leftwards ended: the next one is
	// not read back past it, so ".bsky.social..bsky.social." repeated
	// stays linear.
	lo := 0
	for i := 0; i < len(text); {
		k := indexASCIIFold(text[i:], blueskySuffix)
		if k < 0 {
			return
		}
		dot := i + k
		end := dot + len(blueskySuffix)
		i = end
		if end < len(text) {
			c := text[end]
			if isAlnum(c) || c == '-' || c == '_' || c == '@' {
				continue
			}
			if c == '.' && end+1 < len(text) && isAlnum(text[end+1]) {
				continue // a longer name: alice.bsky.social.example.com
			}
		}
		s := dot
		for s > lo && (isAlnum(text[s-1]) || text[s-1] == '-' || text[s-1] == '.') {
			s--
		}
		lo = end
		for s < dot && (text[s] == '.' || text[s] == '-') {
			s++
		}
		if s == dot {
			continue
		}
		start := s
		if s > 0 {
			switch prev := text[s-1]; {
			case prev == '@':
				if s >= 2 && (isUserByte(text[s-2]) || text[s-2] == '/' || text[s-2] == '@') {
					continue // user@alice.bsky.social, a path, a chain
				}
				start = s - 1
			case prev == '_' || isBoundaryReject(prev):
				continue // at://alice.bsky.social, a query string, a tag
			}
		}
		handle, ok := blueskyHandle(text[s:end])
		if !ok {
			continue
		}
		h := hit{user: handle, domain: blueskyBridge, form: FormBluesky, base: baseBridgeForm, start: start, end: end}
		if !emit(h) {
			return
		}
	}
}

// indexASCIIFold is strings.Index with ASCII letters compared without
// case; sub must be lower case and start with a byte that has no case.
func indexASCIIFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); {
		j := strings.IndexByte(s[i:], sub[0])
		if j < 0 || i+j+len(sub) > len(s) {
			return -1
		}
		i += j
		if equalASCIIFold(s[i:i+len(sub)], sub) {
			return i
		}
		i++
	}
	return -1
}

// equalASCIIFold compares a with lower-case b, folding only ASCII letters.
func equalASCIIFold(a, b string) bool {
	for i := 0; i < len(b); i++ {
		c := a[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != b[i] {
			return false
		}
	}
	return true
}

// profileURLOf is the web profile to show for a bridge candidate.
func profileURLOf(h hit) string {
	switch h.form {
	case FormBluesky:
		return "https://bsky.app/profile/" + strings.ToLower(h.user)
	case FormThreads:
		return "https://www.threads.com/@" + h.user
	}
	return ""
}

// onlineVerdict turns a verification status into what it means for a
// candidate of form f. A Bluesky handle that Bridgy Fed's WebFinger knows
// is bridged, one it does not know is on Bluesky but not bridged (Bridgy
// Fed answers 404 for people who have not opted in). A channel is the
// person only when its actor is a Person: PeerTube channels and Lemmy
// communities are Groups, and an actor that could not be read leaves the
// question open (unverified).
func onlineVerdict(f Form, s Status, actor *Actor) Status {
	switch f {
	case FormBluesky:
		switch s {
		case StatusVerified, StatusConfirmed:
			return StatusBridged
		case StatusNotFound:
			return StatusNotBridged
		}
	case FormChannel:
		if s != StatusVerified && s != StatusConfirmed && s != StatusMoved {
			return s
		}
		switch {
		case actor == nil:
			return StatusUnverified
		case actor.Type == "Person":
			return s
		case actor.Type == "Group" || actor.Type == "Organization":
			return StatusGroup
		}
		return StatusUnverified
	}
	return s
}

// anyNotBridged reports whether a candidate is on Bluesky, not bridged.
func anyNotBridged(cands []Candidate) bool {
	for _, c := range cands {
		if c.Status == StatusNotBridged {
			return true
		}
	}
	return false
}

// answersOwnWebFinger reports the bridge domains whose WebFinger 404 is
// the verdict itself (Bridgy Fed answers 404 for people who did not turn
// bridging on): asking host-meta next would only turn "not bridged" into
// "not a fediverse server" if that document were missing.
func answersOwnWebFinger(domain string) bool {
	return domain == blueskyBridge || domain == threadsDomain
}
