package mastodon

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
)

// Instance is the part of /api/v2/instance fledge uses (go-mastodon only
// knows /api/v1/instance). Fields a server omits stay zero.
type Instance struct {
	Domain        string         `json:"domain"`
	Title         string         `json:"title"`
	Version       string         `json:"version"`
	SourceURL     string         `json:"source_url"`
	APIVersions   map[string]int `json:"api_versions"`
	Configuration struct {
		Accounts struct {
			MaxFeaturedTags  int `json:"max_featured_tags"`
			MaxProfileFields int `json:"max_profile_fields"`
		} `json:"accounts"`
		Statuses struct {
			MaxCharacters            int `json:"max_characters"`
			MaxMediaAttachments      int `json:"max_media_attachments"`
			CharactersReservedPerURL int `json:"characters_reserved_per_url"`
		} `json:"statuses"`
		MediaAttachments struct {
			SupportedMIMETypes  []string `json:"supported_mime_types"`
			ImageSizeLimit      int64    `json:"image_size_limit"`
			ImageMatrixLimit    int64    `json:"image_matrix_limit"`
			VideoSizeLimit      int64    `json:"video_size_limit"`
			VideoFrameRateLimit float64  `json:"video_frame_rate_limit"`
			VideoMatrixLimit    int64    `json:"video_matrix_limit"`
			DescriptionLimit    int      `json:"description_limit"`
		} `json:"media_attachments"`
	} `json:"configuration"`

	// From /api/v1/instance, used only when v2 is missing (old servers,
	// Pleroma).
	URI          string `json:"uri"`
	MaxTootChars int    `json:"max_toot_chars"`
}

// Instance fetches /api/v2/instance, falling back to /api/v1/instance on
// servers that do not have v2 (404).
func (c *Client) Instance(ctx context.Context) (*Instance, error) {
	var in Instance
	_, err := c.call(ctx, http.MethodGet, "/api/v2/instance", nil, nil, &in)
	if errors.Is(err, ErrNotFound) {
		in = Instance{}
		_, err = c.call(ctx, http.MethodGet, "/api/v1/instance", nil, nil, &in)
		if err == nil && in.Domain == "" {
			in.Domain = in.URI
		}
	}
	if err != nil {
		return nil, err
	}
	if in.Version == "" && in.Domain == "" {
		return nil, &NotMastodonError{URL: c.server + "/api/v2/instance", Status: http.StatusOK,
			Detail: "instance information has neither version nor domain"}
	}
	return &in, nil
}

// NodeInfo is the software part of a nodeinfo 2.x document.
type NodeInfo struct {
	Software struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	} `json:"software"`
}

// NodeInfo reads /.well-known/nodeinfo and the newest 2.x document it
// links to on the same server.
func (c *Client) NodeInfo(ctx context.Context) (*NodeInfo, error) {
	var idx struct {
		Links []struct {
			Rel  string `json:"rel"`
			Href string `json:"href"`
		} `json:"links"`
	}
	if err := c.getPublic(ctx, c.server+"/.well-known/nodeinfo", &idx); err != nil {
		return nil, err
	}
	best, bestRel := "", ""
	for _, l := range idx.Links {
		const prefix = "http://nodeinfo.diaspora.software/ns/schema/2."
		if strings.HasPrefix(l.Rel, prefix) && l.Rel > bestRel {
			best, bestRel = l.Href, l.Rel
		}
	}
	if best == "" {
		return nil, &NotMastodonError{URL: c.server + "/.well-known/nodeinfo", Status: http.StatusOK, Detail: "no nodeinfo 2.x link"}
	}
	u, err := url.Parse(best)
	base, _ := url.Parse(c.server)
	if err != nil || !strings.EqualFold(u.Host, base.Host) || (u.Scheme != base.Scheme) {
		// Do not follow the link to another host.
		return nil, &NotMastodonError{URL: c.server + "/.well-known/nodeinfo", Status: http.StatusOK,
			Detail: "nodeinfo link points to another server: " + best}
	}
	var ni NodeInfo
	if err := c.getPublic(ctx, u.String(), &ni); err != nil {
		return nil, err
	}
	if ni.Software.Name == "" {
		return nil, &NotMastodonError{URL: u.String(), Status: http.StatusOK, Detail: "nodeinfo names no software"}
	}
	return &ni, nil
}

// getPublic GETs a document without the token.
func (c *Client) getPublic(ctx context.Context, rawURL string, out any) error {
	resp, err := c.send(ctx, http.MethodGet, rawURL, nil, false)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return responseError(http.MethodGet, resp)
	}
	return decodeJSON(resp, out)
}
