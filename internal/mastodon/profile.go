package mastodon

import (
	"context"
	"errors"
	"strings"
)

// Software is the server implementation.
type Software string

// Known server software. Anything else is SoftwareOther and is treated
// like Mastodon where a rule must be picked.
const (
	SoftwareMastodon   Software = "mastodon"
	SoftwareGoToSocial Software = "gotosocial"
	SoftwarePleroma    Software = "pleroma"
	SoftwareAkkoma     Software = "akkoma"
	SoftwareOther      Software = "other"
)

// ServerLimits are what the server accepts. Zero means unknown.
type ServerLimits struct {
	MaxCharacters      int
	CharactersPerURL   int
	MaxMedia           int
	ImageSizeLimit     int64
	VideoSizeLimit     int64
	SupportedMIMETypes []string
	DescriptionLimit   int
	MaxProfileFields   int
	BioLength          int
}

// ServerProfile is what fledge needs to know about a server.
type ServerProfile struct {
	Software     Software
	SoftwareName string // as reported (nodeinfo name or derived)
	Version      Version
	RawVersion   string
	Domain       string // handle (WebFinger) domain
	APIVersion   int    // api_versions.mastodon; 0 when absent
	Limits       ServerLimits
	// CanBackdate: a past scheduled_at creates a backdated, unfederated
	// status (GoToSocial >= 0.18). On Mastodon it would publish now.
	CanBackdate bool
	// NativeQuotes: quoted_status_id is accepted (api_versions.mastodon >= 7).
	NativeQuotes bool
}

// Profile fetches the server profile once and caches it. Nodeinfo is
// best effort: without it the software is guessed from the instance.
func (c *Client) Profile(ctx context.Context) (ServerProfile, error) {
	c.mu.Lock()
	if c.profile != nil {
		p := *c.profile
		c.mu.Unlock()
		return p, nil
	}
	c.mu.Unlock()

	in, err := c.Instance(ctx)
	if err != nil {
		return ServerProfile{}, err
	}
	ni, err := c.NodeInfo(ctx)
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return ServerProfile{}, err
		}
		ni = nil
	}
	p := buildProfile(in, ni)
	c.mu.Lock()
	c.profile = &p
	c.mu.Unlock()
	if !p.HonoursIdempotencyKey() {
		c.rt.keysIgnored.Store(true)
	}
	// From now on the run is paced by what this software limits, not by
	// the Mastodon limits it started with.
	c.pacer.SetLimits(withOverrides(LimitsFor(p), c.overrides))
	return p, nil
}

// HonoursIdempotencyKey reports whether the server de-duplicates POSTs by
// their Idempotency-Key. GoToSocial ignores the header, so a retried post
// there is a second post.
func (p ServerProfile) HonoursIdempotencyKey() bool {
	return p.Software != SoftwareGoToSocial
}

// buildProfile is pure so it can be table-tested.
func buildProfile(in *Instance, ni *NodeInfo) ServerProfile {
	p := ServerProfile{Domain: in.Domain, APIVersion: in.APIVersions["mastodon"]}
	raw := in.Version
	if ni != nil {
		p.SoftwareName = strings.ToLower(ni.Software.Name)
		p.Software = softwareFromName(p.SoftwareName)
		if ni.Software.Version != "" {
			raw = ni.Software.Version
		}
	} else {
		p.Software, raw = guessSoftware(in)
		p.SoftwareName = string(p.Software)
	}
	p.RawVersion = raw
	p.Version, _ = ParseVersion(raw)

	p.Limits = defaultLimitsFor(p.Software)
	st := in.Configuration.Statuses
	ma := in.Configuration.MediaAttachments
	setInt(&p.Limits.MaxCharacters, st.MaxCharacters)
	setInt(&p.Limits.MaxCharacters, in.MaxTootChars)
	setInt(&p.Limits.CharactersPerURL, st.CharactersReservedPerURL)
	setInt(&p.Limits.MaxMedia, st.MaxMediaAttachments)
	setInt(&p.Limits.DescriptionLimit, ma.DescriptionLimit)
	setInt(&p.Limits.MaxProfileFields, in.Configuration.Accounts.MaxProfileFields)
	if ma.ImageSizeLimit > 0 {
		p.Limits.ImageSizeLimit = ma.ImageSizeLimit
	}
	if ma.VideoSizeLimit > 0 {
		p.Limits.VideoSizeLimit = ma.VideoSizeLimit
	}
	if len(ma.SupportedMIMETypes) > 0 {
		p.Limits.SupportedMIMETypes = ma.SupportedMIMETypes
	}

	p.CanBackdate = p.Software == SoftwareGoToSocial && p.Version.AtLeast(0, 18, 0)
	p.NativeQuotes = p.APIVersion >= 7
	return p
}

func setInt(dst *int, v int) {
	if v > 0 {
		*dst = v
	}
}

func softwareFromName(name string) Software {
	switch name {
	case "mastodon":
		return SoftwareMastodon
	case "gotosocial":
		return SoftwareGoToSocial
	case "pleroma":
		return SoftwarePleroma
	case "akkoma":
		return SoftwareAkkoma
	}
	return SoftwareOther
}

// guessSoftware reads the instance when nodeinfo is unavailable. Pleroma
// and Akkoma report "2.7.2 (compatible; Pleroma 2.5.0)"; GoToSocial has a
// gotosocial source_url and no api_versions.
func guessSoftware(in *Instance) (Software, string) {
	v := in.Version
	for _, s := range []Software{SoftwareAkkoma, SoftwarePleroma} {
		name := "; " + strings.ToUpper(string(s[:1])) + string(s[1:]) + " "
		if i := strings.Index(v, name); i >= 0 {
			return s, strings.TrimSuffix(v[i+len(name):], ")")
		}
	}
	if strings.Contains(strings.ToLower(in.SourceURL), "gotosocial") {
		return SoftwareGoToSocial, v
	}
	if _, ok := in.APIVersions["mastodon"]; ok {
		return SoftwareMastodon, v
	}
	if pv, ok := ParseVersion(v); ok && pv.Major >= 1 && !strings.Contains(v, "git-") {
		return SoftwareMastodon, v
	}
	return SoftwareOther, v
}

// DefaultProfile is what fledge assumes of a server it has not asked (a
// plan made before logging in): Mastodon with its documented defaults,
// 500 characters and 4 media per post, no backdating.
func DefaultProfile() ServerProfile {
	return ServerProfile{Software: SoftwareMastodon, SoftwareName: string(SoftwareMastodon), Limits: defaultLimitsFor(SoftwareMastodon)}
}

// defaultLimitsFor fills what servers do not advertise (documented
// defaults; Mastodon's profile fields and bio are hard-coded).
func defaultLimitsFor(s Software) ServerLimits {
	switch s {
	case SoftwareGoToSocial:
		return ServerLimits{MaxCharacters: 5000, CharactersPerURL: 25, MaxMedia: 6,
			ImageSizeLimit: 40 << 20, VideoSizeLimit: 40 << 20, DescriptionLimit: 1500, MaxProfileFields: 6}
	case SoftwarePleroma, SoftwareAkkoma:
		return ServerLimits{MaxCharacters: 5000, MaxMedia: 4, DescriptionLimit: 1500}
	}
	return ServerLimits{MaxCharacters: 500, CharactersPerURL: 23, MaxMedia: 4,
		ImageSizeLimit: 16 << 20, VideoSizeLimit: 103809024, DescriptionLimit: 1500,
		MaxProfileFields: 4, BioLength: 500}
}
