package mastotest

import (
	"strings"
	"time"
)

// Software names accepted in Options.Software.
const (
	Mastodon   = "mastodon"
	GoToSocial = "gotosocial"
)

// ResetFormat selects how X-RateLimit-Reset is written.
type ResetFormat int

const (
	// ResetDefault picks the flavour's own format: microseconds for
	// Mastodon, milliseconds for GoToSocial.
	ResetDefault ResetFormat = iota
	// ResetMicros writes ISO 8601 with microseconds (Mastodon).
	ResetMicros
	// ResetMillis writes ISO 8601 with milliseconds (GoToSocial ≥ 2023).
	ResetMillis
	// ResetEpoch writes Unix epoch seconds (GoToSocial before #2129).
	ResetEpoch
)

// Options configures a Server. The zero value is a Mastodon 4.5 server with
// Mastodon's documented limits and the real clock.
type Options struct {
	// Software is Mastodon (default) or GoToSocial.
	Software string
	// Version is reported by the instance and nodeinfo endpoints.
	// Defaults: "4.5.0" for Mastodon, "0.20.0" for GoToSocial.
	Version string
	// APIVersion is api_versions.mastodon in /api/v2/instance (Mastodon
	// only; default 7, which enables quoted_status_id).
	APIVersion int
	// Domain is the WebFinger domain of local accounts. Default: the
	// server's host:port.
	Domain string
	// TLS starts the server with a self-signed certificate.
	TLS bool
	// Now is the clock used for ids, windows, idempotency and scheduling.
	Now func() time.Time
	// Seed makes tokens, secrets and fault injection reproducible.
	Seed uint64

	// Instance overrides the advertised configuration; zero fields take
	// the flavour's defaults.
	Instance InstanceConfig
	// Limits overrides the rate limits; zero fields take the defaults.
	Limits Limits
	// ResetFormat chooses the X-RateLimit-Reset encoding.
	ResetFormat ResetFormat

	// FollowCap is the follow threshold (default 7500) and FollowRatio the
	// followers multiplier past it (default 1.1). Mastodon only.
	FollowCap   int
	FollowRatio float64

	// MediaPolls is how many GET /api/v1/media/:id answer 206 before an
	// asynchronously processed upload is ready (default 2; negative means
	// none). MediaDelay, when
	// set, additionally requires that much clock time to pass.
	MediaPolls int
	MediaDelay time.Duration
	// MediaFails reports whether processing of an upload must fail
	// (422). It receives the uploaded file name.
	MediaFails func(filename string) bool

	// AuthorizeUser is the account that GET /oauth/authorize approves as.
	// Default: the first local account added.
	AuthorizeUser string
	// DisableBackdating turns off GoToSocial's past scheduled_at backfill
	// (instance-allow-backdating-statuses: false), which then answers 403.
	DisableBackdating bool
	// MaxLog bounds the request log (default 10000 entries, oldest dropped).
	MaxLog int
}

// InstanceConfig is the configuration advertised by /api/v2/instance and
// enforced by the server.
type InstanceConfig struct {
	MaxCharacters            int
	MaxMediaAttachments      int
	CharactersReservedPerURL int
	ImageSizeLimit           int64
	VideoSizeLimit           int64
	DescriptionLimit         int
	MaxFeaturedTags          int
	MaxProfileFields         int
	SupportedMIMETypes       []string
}

// Limit is a fixed, epoch-aligned window: N requests per Per.
// The zero Limit means "use the default"; a negative N disables the limit.
type Limit struct {
	N   int
	Per time.Duration
}

// Limits groups Mastodon's throttles (mastodon-api.md §1). In GoToSocial
// mode only API is used, per IP and route group.
type Limits struct {
	API             Limit // per token, any /api/* (300 / 5 min)
	User            Limit // per user, any /api/* (1500 / 5 min)
	Unauthenticated Limit // per IP, /api/* without a user (300 / 5 min)
	Media           Limit // per user, POST /api/v*/media (30 / 30 min)
	Deletes         Limit // per user, DELETE /api/v1/statuses/:id (30 / 30 min)
	Paging          Limit // per user, requests with max_id/min_id/since_id (300 / 15 min)
	Statuses        Limit // per account, created statuses (300 / 3 h)
	Follows         Limit // per account, created follows and requests (400 / 24 h)
}

func (o Options) gts() bool { return strings.EqualFold(o.Software, GoToSocial) }

// withDefaults fills every zero field so the rest of the package never has
// to care whether a value was set.
func (o Options) withDefaults() Options {
	if o.gts() {
		o.Software = GoToSocial
	} else {
		o.Software = Mastodon
	}
	if o.Version == "" {
		o.Version = "4.5.0"
		if o.gts() {
			o.Version = "0.20.0"
		}
	}
	if o.APIVersion == 0 {
		o.APIVersion = 7
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.FollowCap == 0 {
		o.FollowCap = 7500
	}
	if o.FollowRatio == 0 {
		o.FollowRatio = 1.1
	}
	if o.MediaPolls == 0 {
		o.MediaPolls = 2
	}
	if o.MaxLog <= 0 {
		o.MaxLog = 10000
	}
	o.Instance = o.Instance.withDefaults(o.gts())
	o.Limits = o.Limits.withDefaults()
	return o
}

func (c InstanceConfig) withDefaults(gts bool) InstanceConfig {
	def := InstanceConfig{
		MaxCharacters: 500, MaxMediaAttachments: 4, CharactersReservedPerURL: 23,
		ImageSizeLimit: 16 << 20, VideoSizeLimit: 103809024, DescriptionLimit: 1500,
		MaxFeaturedTags: 10, MaxProfileFields: 4,
	}
	if gts {
		def = InstanceConfig{
			MaxCharacters: 5000, MaxMediaAttachments: 6, CharactersReservedPerURL: 25,
			ImageSizeLimit: 40 << 20, VideoSizeLimit: 40 << 20, DescriptionLimit: 1500,
			MaxFeaturedTags: 10, MaxProfileFields: 6,
		}
	}
	setInt(&c.MaxCharacters, def.MaxCharacters)
	setInt(&c.MaxMediaAttachments, def.MaxMediaAttachments)
	setInt(&c.CharactersReservedPerURL, def.CharactersReservedPerURL)
	setInt(&c.DescriptionLimit, def.DescriptionLimit)
	setInt(&c.MaxFeaturedTags, def.MaxFeaturedTags)
	setInt(&c.MaxProfileFields, def.MaxProfileFields)
	if c.ImageSizeLimit == 0 {
		c.ImageSizeLimit = def.ImageSizeLimit
	}
	if c.VideoSizeLimit == 0 {
		c.VideoSizeLimit = def.VideoSizeLimit
	}
	if len(c.SupportedMIMETypes) == 0 {
		c.SupportedMIMETypes = defaultMIMETypes()
	}
	return c
}

func (l Limits) withDefaults() Limits {
	setLimit(&l.API, Limit{300, 5 * time.Minute})
	setLimit(&l.User, Limit{1500, 5 * time.Minute})
	setLimit(&l.Unauthenticated, Limit{300, 5 * time.Minute})
	setLimit(&l.Media, Limit{30, 30 * time.Minute})
	setLimit(&l.Deletes, Limit{30, 30 * time.Minute})
	setLimit(&l.Paging, Limit{300, 15 * time.Minute})
	setLimit(&l.Statuses, Limit{300, 3 * time.Hour})
	setLimit(&l.Follows, Limit{400, 24 * time.Hour})
	return l
}

func setInt(p *int, def int) {
	if *p == 0 {
		*p = def
	}
}

func setLimit(p *Limit, def Limit) {
	if p.N == 0 && p.Per == 0 {
		*p = def
		return
	}
	if p.Per <= 0 {
		p.Per = def.Per
	}
}

// enabled reports whether the limit applies at all.
func (l Limit) enabled() bool { return l.N > 0 && l.Per > 0 }
