package steps

import "github.com/fledge-cli/fledge/importer"

// The options of the steps, each declared once. A command's flag and a
// migration file's key come from the same declaration; where a command
// words the help for itself it says so with Help.
var (
	// Shared by several steps and commands.

	DryRun  = Option{Flag: "dry-run", Short: "n", Kind: KindBool, Default: "false", Usage: "show what would happen; change nothing"}
	Yes     = Option{Flag: "yes", Short: "y", Key: "yes", Kind: KindBool, Default: "false", Usage: "do not ask for confirmation"}
	Max     = Option{Flag: "max", Key: "max", Kind: KindInt, Default: "0", Usage: "at most `N` in this run (0: no limit)"}
	Wait    = Option{Flag: "wait", Kind: KindBool, Default: "false", Usage: "sit out long rate-limit waits (default on a terminal)"}
	NoWait  = Option{Flag: "no-wait", Kind: KindBool, Default: "false", Usage: "stop at a long rate-limit wait instead of waiting (run again later)"}
	List    = Option{Flag: "list", Key: "list", Kind: KindString, Usage: "also add the accounts to the list `NAME`"}
	Offline = Option{Flag: "offline", Key: "offline", Kind: KindBool, Default: "false", Usage: "do not verify handles over the network"}

	Profiles     = Option{Flag: "profiles", Key: "profiles", Kind: KindPaths, Usage: "read Twitter profiles from `FILE`: a browser capture (HAR), JSON lines or CSV (repeatable)"}
	TwitterAPI   = Option{Flag: "twitter-api", Key: "twitter_api", Kind: KindString, Enum: []string{"auto", "v2", "v1", "off"}, Default: "auto", Usage: "the Twitter `API` to ask for profiles: auto (v2 when a token is set), v2, v1, off"}
	AllowPrivate = Option{Flag: "allow-private-network", Key: "allow_private_network", Kind: KindBool, Default: "false", Usage: "allow hosts that resolve to private or loopback addresses"}
	ProxyNames   = Option{Flag: "proxy-names", Key: "proxy_names", Kind: KindString, Enum: []string{"refuse", "trust"}, Usage: "behind HTTPS_PROXY, `MODE` for names that do not resolve here: refuse, or trust the proxy to resolve them (default refuse; env FLEDGE_PROXY_NAMES)"}

	// match, archive accounts and export: which of an archive's account
	// lists; the one name and the same values in all three.

	ListKind = Option{Flag: "kind", Kind: KindString, Enum: []string{"following", "followers", "blocks", "mutes"}, Default: "following",
		Usage: "the archive's account `LIST`: following, followers, blocks or mutes"}

	// match

	Refresh                = Option{Flag: "refresh", Key: "refresh", Kind: KindBool, Default: "false", Usage: "ignore cached verification results"}
	NoReverse              = Option{Flag: "no-reverse", Key: "no_reverse", Kind: KindBool, Default: "false", Usage: "do not look accounts up on the fediverse side"}
	Instances              = Option{Flag: "instances", Key: "instances", Kind: KindList, Check: checkHost, Usage: "servers to try screen_name@`HOST` on for reverse lookup"}
	Concurrency            = Option{Flag: "concurrency", Key: "concurrency", Kind: KindInt, Min: 1, Usage: "at most `N` verification requests at once (at most 2 per host)"}
	ExcludeFollowing       = Option{Flag: "exclude-following", Key: "exclude_following", Kind: KindPath}
	ExcludeFollowingServer = Option{Flag: "exclude-following-server", Key: "exclude_following_server", Kind: KindBool}
	MatchOutput            = Option{Key: "output", Kind: KindPath} // the matches file; fledge run's own

	// follow

	FollowFrom = Option{Key: "from", Kind: KindPath} // the matches file to follow; fledge run's own
	Reblogs    = Option{Flag: "reblogs", Key: "reblogs", Kind: KindBool, Default: "true", Usage: "show their boosts in your home feed"}
	Notify     = Option{Flag: "notify", Key: "notify", Kind: KindBool, Default: "false", Usage: "be notified of their new posts"}
	Languages  = Option{Flag: "languages", Key: "languages", Kind: KindList, Check: checkLanguage, Usage: "only their posts in these `LANGS` (ISO 639-1, comma-separated)"}

	// profile

	NoAvatar    = Option{Flag: "no-avatar", Key: "no_avatar", Kind: KindBool, Default: "false", Usage: "leave the avatar alone"}
	NoHeader    = Option{Flag: "no-header", Key: "no_header", Kind: KindBool, Default: "false", Usage: "leave the header picture alone"}
	TruncateBio = Option{Flag: "truncate-bio", Key: "truncate_bio", Kind: KindBool, Default: "false", Usage: "shorten a bio over the server's limit instead of leaving the bio unchanged"}

	// import

	Job         = Option{Flag: "job", Key: "job", Kind: KindString, Usage: "job `NAME` for the journal (default: import-<twitter account>)"}
	Include     = Option{Flag: "include", Key: "include", Kind: KindList, Enum: []string{"replies", "retweets"}, Usage: "also import `KINDS`: replies, retweets"}
	Since       = Option{Flag: "since", Key: "since", Kind: KindDate, Usage: "only tweets from `DATE` on (YYYY-MM-DD or RFC 3339)"}
	Until       = Option{Flag: "until", Key: "until", Kind: KindDate, Usage: "only tweets before `DATE`"}
	Grep        = Option{Flag: "grep", Key: "grep", Kind: KindRegexp, Usage: "only tweets whose text matches `REGEXP`"}
	ExcludeGrep = Option{Flag: "exclude-grep", Key: "exclude_grep", Kind: KindRegexp, Usage: "leave out tweets whose text matches `REGEXP`"}
	MinLikes    = Option{Flag: "min-likes", Key: "min_likes", Kind: KindInt, Default: "0", Usage: "only tweets with at least `N` likes"}
	OnlyMedia   = Option{Flag: "only-media", Key: "only_media", Kind: KindBool, Default: "false", Usage: "only tweets with photos or videos"}
	IDs         = Option{Flag: "ids", Key: "ids", Kind: KindPath, Usage: "only the tweets listed in `FILE` (ids or URLs, one per line)"}
	ExcludeIDs  = Option{Flag: "exclude-ids", Key: "exclude_ids", Kind: KindPath, Usage: "leave out the tweets listed in `FILE`"}
	Alt         = Option{Flag: "alt", Key: "alt", Kind: KindPath, Usage: "alt texts from a CSV `FILE` with columns tweet_id,file,alt"}
	Matches     = Option{Flag: "matches", Key: "matches", Kind: KindPath, Usage: "fediverse handles from `FILE` (fledge match output), for --mentions fediverse"}
	Mentions    = Option{Flag: "mentions", Key: "mentions", Kind: KindString, Enum: []string{importer.MentionsPlain, importer.MentionsFediverse}, Default: importer.MentionsPlain,
		Usage: "how mentions are written, `MODE`: plain (＠name, notifies nobody) or fediverse (matched handles; notifies them)"}
	Visibility = Option{Flag: "visibility", Key: "visibility", Kind: KindString, Enum: []string{importer.VisibilityPublic, importer.VisibilityUnlisted, importer.VisibilityPrivate},
		Default: importer.VisibilityUnlisted, Usage: "`VISIBILITY` of the posts: public, unlisted or private"}
	Circle   = Option{Flag: "circle", Kind: KindString, Enum: []string{importer.CircleSkip, importer.CirclePrivate}, Default: importer.CircleSkip, Usage: "what to do with Twitter Circle tweets, `MODE`: skip, or private (never public or unlisted)"}
	Backdate = Option{Flag: "backdate", Key: "backdate", Kind: KindString, Enum: []string{"auto", "never"}, Default: "auto",
		Usage: "backdating `MODE`: auto (keep dates where the server can) or never"}
	Footer      = Option{Flag: "footer", Key: "footer", Kind: KindString, Usage: "footer `TEMPLATE` (Go text/template with .Date .URL .ID .Username .Time; config.yaml: import_footer)"}
	NoFooter    = Option{Flag: "no-footer", Key: "no_footer", Kind: KindBool, Default: "false", Usage: "no footer with the original date and link"}
	NoLanguage  = Option{Flag: "no-language", Key: "no_language", Kind: KindBool, Default: "false", Usage: "do not send the tweets' language"}
	StrictMedia = Option{Flag: "strict-media", Key: "strict_media", Kind: KindBool, Default: "false", Usage: "fail a tweet whose media is missing or refused instead of posting it without"}
	Replan      = Option{Flag: "replan", Key: "replan", Kind: KindBool, Default: "false", Usage: "resume a job although its plan changed (archive, flags or server limits)"}
)

// Keys are the options each step takes in a migration file, in the order
// the file's errors list them.
var Keys = map[Name][]Option{
	Profile: {Profiles, TwitterAPI, NoAvatar, NoHeader, TruncateBio, Yes},
	Match: {Profiles, Offline, Refresh, AllowPrivate, ProxyNames, NoReverse, Instances, Concurrency,
		TwitterAPI, ExcludeFollowing, ExcludeFollowingServer, MatchOutput},
	Follow: {FollowFrom, Reblogs, Notify, Languages, List, Max},
	Import: {Job, Include, Since, Until, Grep, ExcludeGrep, MinLikes, OnlyMedia, IDs, ExcludeIDs, Alt,
		Matches, Mentions, Visibility, Backdate, Footer, NoFooter, NoLanguage, StrictMedia, Max, Yes, Replan},
}
