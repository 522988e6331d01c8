package matcher

import (
	"strings"

	"golang.org/x/net/publicsuffix"
)

// The lists below are matched on the registrable domain (eTLD+1), so
// "alice.medium.com" counts as medium.com and "m.youtube.com" as youtube.com.

// nonFediverseSites are sites whose profile URLs look like fediverse ones
// (/@user, /u/user, /profile/user, /users/user …) but which do not speak
// ActivityPub, plus the bird sites themselves. A handle on them is never a
// candidate in any form.
var nonFediverseSites = setOf(
	"medium.com", "youtube.com", "youtu.be", "tiktok.com", "substack.com",
	"pronouns.page", "observablehq.com", "figma.com", "glitch.com",
	"replit.com", "hashnode.com", "post.news", "vero.co", "hive.blog",
	"twitter.com", "x.com", "t.co", "nitter.net", "instagram.com",
	"facebook.com", "linkedin.com", "reddit.com", "github.com",
	"gitlab.com", "bitbucket.org", "stackoverflow.com",
	"stackexchange.com", "superuser.com", "serverfault.com",
	"askubuntu.com", "mathoverflow.net", "quora.com", "itch.io",
	"steamcommunity.com", "last.fm", "discogs.com", "goodreads.com",
	"imdb.com", "letterboxd.com", "twitch.tv", "patreon.com", "ko-fi.com",
	"buymeacoffee.com", "linktr.ee", "bsky.app", "bsky.social",
	"cohost.org", "tumblr.com", "deviantart.com", "artstation.com",
	"behance.net", "dribbble.com", "kaggle.com", "npmjs.com",
	"soundcloud.com", "bandcamp.com", "spotify.com", "vimeo.com",
	"pinterest.com", "flickr.com", "scratch.mit.edu", "keybase.io",
	"telegram.me", "t.me", "discord.gg", "discord.com", "wa.me",
	"steemit.com", "producthunt.com", "unsplash.com", "paragraph.xyz",
	"leetcode.com", "hey.xyz", "warpcast.com", "odysee.com", "lbry.tv",
	"rumble.com", "bitchute.com", "minds.com", "gettr.com", "parler.com",
	"spoutible.com", "hive.social", "vsco.co", "lichess.org", "chess.com",
	"bird.makeup", // a Twitter mirror: following it is following Twitter
)

// urlOnlySites use /@user web profiles that are not fediverse profiles, but
// their accounts can federate when the owner opts in, so "@u@threads.net"
// is a candidate while "threads.net/@u" is not.
var urlOnlySites = setOf("threads.net", "threads.com")

// nonFederating run Mastodon forks with federation turned off: they answer
// WebFinger but no other server can follow their accounts.
var nonFederating = setOf("counter.social", "truthsocial.com", "gab.com")

// emailProviders never host fediverse accounts; "u@gmail.com" is mail.
var emailProviders = setOf(
	"gmail.com", "googlemail.com", "outlook.com", "hotmail.com",
	"hotmail.co.uk", "live.com", "msn.com", "yahoo.com", "yahoo.co.uk",
	"yahoo.co.jp", "ymail.com", "icloud.com", "me.com", "mac.com",
	"aol.com", "protonmail.com", "proton.me", "pm.me", "gmx.de", "gmx.net",
	"gmx.com", "web.de", "mail.com", "mail.ru", "yandex.ru", "yandex.com",
	"zoho.com", "fastmail.com", "fastmail.fm", "hey.com", "tutanota.com",
	"tuta.io", "posteo.de", "mailbox.org", "qq.com", "163.com", "126.com",
	"naver.com", "hanmail.net", "orange.fr", "free.fr", "laposte.net",
	"t-online.de", "btinternet.com", "comcast.net", "verizon.net",
)

// knownInstances are large servers whose name alone says "fediverse", so a
// bare "user@host" on them is very likely a handle.
var knownInstances = setOf(
	"mastodon.social", "mastodon.online", "mstdn.social", "mas.to",
	"mastodon.world", "hachyderm.io", "fosstodon.org", "infosec.exchange",
	"techhub.social", "universeodon.com", "sfba.social", "mstdn.jp",
	"pawoo.net", "mastodon.art", "journa.host", "newsie.social",
	"mathstodon.xyz", "scholar.social", "aus.social", "mastodon.scot",
	"mastodon.ie", "social.vivaldi.net", "chaos.social", "det.social",
	"norden.social", "troet.cafe", "toot.community", "mastodon.green",
	"tech.lgbt", "octodon.social", "ioc.exchange", "kolektiva.social",
	"misskey.io", "misskey.design", "sharkey.world", "firefish.social",
	"pixelfed.social", "pixelfed.de", "pixey.org", "pixel.tchncs.de",
	"lemmy.world", "lemmy.ml", "beehaw.org", "kbin.social",
	"fedia.io", "framapiaf.org", "framatube.org", "tilvids.com",
	"bookwyrm.social", "open.audio", "write.as", "writing.exchange",
	"gts.superseriousbusiness.org", "akko.wtf", "blob.cat",
	"bsky.brid.gy", "web.brid.gy", "threads.net", "flipboard.com",
	"mozilla.social", "wandering.shop", "ravenation.club",
)

// pixelfedHosts and writeFreelyHosts serve profiles at plain "host/user",
// a shape every other site also uses, so it only counts on these hosts or
// on hosts whose name says which software they run.
var pixelfedHosts = setOf("pixelfed.social", "pixelfed.de", "pixey.org",
	"pixel.tchncs.de", "pixelfed.uno", "pixelfed.art", "pix.diaspodon.fr")

var writeFreelyHosts = setOf("write.as", "qua.name", "writefreely.host",
	"wordsmith.social")

// softwareHints are name parts that mark a host as a fediverse server:
// the name of a server software or a word instance admins like to use.
var softwareHints = []string{
	"mastodon", "mastodn", "mstdn", "masto", "toot", "troet", "fedi",
	"social", "misskey", "calckey", "firefish", "sharkey", "iceshrimp",
	"pleroma", "akkoma", "gotosocial", "pixelfed", "peertube",
	"lemmy", "kbin", "mbin", "friendica", "hubzilla", "writefreely",
	"bookwyrm", "funkwhale", "brid.gy", "activitypub", "odon.",
}

// domainVerdict says what we know about a host before any network request.
type domainVerdict int

const (
	domainUnknown      domainVerdict = iota
	domainNonFediverse               // never a candidate
	domainURLOnly                    // web profile URLs are not handles
	domainNonFederate                // fediverse software, federation off
	domainEmail                      // an e-mail provider
	domainKnown                      // a well-known instance
)

// classifyDomain looks domain (lower-case) and its registrable part up in
// the lists above.
func classifyDomain(domain, reg string) domainVerdict {
	switch {
	case nonFediverseSites[reg] || nonFediverseSites[domain]:
		return domainNonFediverse
	case urlOnlySites[reg]:
		return domainURLOnly
	case nonFederating[reg]:
		return domainNonFederate
	case emailProviders[reg] || emailProviders[domain]:
		return domainEmail
	case knownInstances[domain] || knownInstances[reg]:
		return domainKnown
	}
	return domainUnknown
}

// hintsFediverse reports whether the host name itself suggests a
// fediverse server ("mastodon.example", "tube.example" is not enough).
func hintsFediverse(domain string) bool {
	for _, h := range softwareHints {
		if strings.Contains(domain, h) {
			return true
		}
	}
	return strings.HasSuffix(domain, "odon.org") || strings.HasSuffix(domain, "odon.com")
}

// registrable returns the eTLD+1 of domain, or domain itself when it has
// none (it is a public suffix, or not a valid name).
func registrable(domain string) string {
	r, err := publicsuffix.EffectiveTLDPlusOne(domain)
	if err != nil {
		return domain
	}
	return r
}

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}
