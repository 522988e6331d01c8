package mastotest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

type instanceOut struct {
	Domain        string          `json:"domain"`
	Version       string          `json:"version"`
	SourceURL     string          `json:"source_url"`
	APIVersions   map[string]int  `json:"api_versions"`
	Configuration json.RawMessage `json:"configuration"`
}

type configOut struct {
	Statuses struct {
		MaxCharacters int `json:"max_characters"`
		MaxMedia      int `json:"max_media_attachments"`
		PerURL        int `json:"characters_reserved_per_url"`
	} `json:"statuses"`
	Media struct {
		Types            []string `json:"supported_mime_types"`
		ImageSizeLimit   int64    `json:"image_size_limit"`
		DescriptionLimit int      `json:"description_limit"`
	} `json:"media_attachments"`
	Accounts struct {
		MaxFeaturedTags  int `json:"max_featured_tags"`
		MaxProfileFields int `json:"max_profile_fields"`
	} `json:"accounts"`
}

func TestInstanceV2(t *testing.T) {
	tests := []struct {
		opts     Options
		chars    int
		perURL   int
		api      int
		software string
	}{
		{Options{}, 500, 23, 7, "mastodon"},
		{Options{APIVersion: 6, Instance: InstanceConfig{MaxCharacters: 1000}}, 1000, 23, 6, "mastodon"},
		{Options{Software: GoToSocial, Version: "0.18.0"}, 5000, 25, 0, "gotosocial"},
	}
	for _, tt := range tests {
		s := newTestServer(t, tt.opts)
		var in instanceOut
		do(t, s, "", "GET", "/api/v2/instance", nil).json(t, &in)
		var cfg configOut
		if err := json.Unmarshal(in.Configuration, &cfg); err != nil {
			t.Fatal(err)
		}
		if in.Domain != s.Domain() || cfg.Statuses.MaxCharacters != tt.chars || cfg.Statuses.PerURL != tt.perURL ||
			in.APIVersions["mastodon"] != tt.api || cfg.Media.DescriptionLimit != 1500 || len(cfg.Media.Types) == 0 ||
			cfg.Accounts.MaxProfileFields == 0 {
			t.Errorf("%s: instance %+v config %+v", tt.software, in, cfg)
		}
		if (in.APIVersions == nil) != (tt.software == "gotosocial") || strings.Contains(in.SourceURL, "codeberg") != (tt.software == "gotosocial") {
			t.Errorf("%s: api_versions %v source_url %s", tt.software, in.APIVersions, in.SourceURL)
		}
		var idx struct{ Links []struct{ Href string } }
		do(t, s, "", "GET", "/.well-known/nodeinfo", nil).json(t, &idx)
		u, _ := url.Parse(idx.Links[0].Href)
		var ni struct {
			Software struct{ Name, Version string }
		}
		do(t, s, "", "GET", u.Path, nil).json(t, &ni)
		if ni.Software.Name != tt.software || ni.Software.Version != in.Version {
			t.Errorf("nodeinfo %+v", ni)
		}
		wantCode(t, do(t, s, "", "GET", "/api/v1/instance", nil), 200)
	}
}

func TestWebFingerAndActor(t *testing.T) {
	s := newTestServer(t, Options{Domain: "example.social"})
	s.AddAccount("Alice", AccountOptions{Note: "twitter.com/alice", Fields: []Field{{Name: "Twitter", Value: "@alice"}}})
	var jrd struct {
		Subject string
		Links   []struct{ Rel, Type, Href string }
	}
	r := do(t, s, "", "GET", "/.well-known/webfinger?resource=acct:alice@example.social", nil)
	wantCode(t, r, 200)
	r.json(t, &jrd)
	if jrd.Subject != "acct:Alice@example.social" {
		t.Errorf("subject %q", jrd.Subject)
	}
	var self string
	for _, l := range jrd.Links {
		if l.Rel == "self" && l.Type == "application/activity+json" {
			self = l.Href
		}
	}
	if self != s.URL()+"/users/Alice" {
		t.Fatalf("self link %q", self)
	}
	wantCode(t, do(t, s, "", "GET", "/.well-known/webfinger?resource=acct:alice@other.example", nil), 404)
	wantCode(t, do(t, s, "", "GET", "/.well-known/webfinger", nil), 400)

	hm := do(t, s, "", "GET", "/.well-known/host-meta", nil)
	if !strings.Contains(string(hm.body), `template="`+s.URL()+`/.well-known/webfinger?resource={uri}"`) {
		t.Errorf("host-meta %s", hm.body)
	}
	u, _ := url.Parse(self)
	var actor struct {
		Type, PreferredUsername, Summary string
		Attachment                       []struct{ Name, Value string }
	}
	do(t, s, "", "GET", u.Path, nil, "Accept", "application/activity+json").json(t, &actor)
	if actor.Type != "Person" || actor.PreferredUsername != "Alice" || len(actor.Attachment) != 1 || !strings.Contains(actor.Summary, "twitter.com/alice") {
		t.Fatalf("actor %+v", actor)
	}
	html := do(t, s, "", "GET", u.Path, nil, "Accept", "text/html")
	if !strings.Contains(html.header.Get("Content-Type"), "text/html") {
		t.Errorf("profile page content type %q", html.header.Get("Content-Type"))
	}
}

func TestUnknownRouteIsJSON404(t *testing.T) {
	s := newTestServer(t, Options{})
	r := do(t, s, "", "GET", "/api/v1/nope", nil)
	wantCode(t, r, 404)
	if r.errMsg(t) != "Record not found" {
		t.Errorf("body %s", r.body)
	}
}

func TestSplitDomain(t *testing.T) {
	for _, mode := range []SplitMode{SplitHostMeta, SplitRedirect} {
		s := newTestServer(t, Options{})
		s.AddAccount("alice", AccountOptions{})
		handle := s.StartHandleHost(mode)
		hu, _ := url.Parse(handle)
		if s.Domain() != hu.Host {
			t.Fatalf("domain %q, want handle host %q", s.Domain(), hu.Host)
		}
		resource := "acct:alice@" + hu.Host
		res, err := http.Get(handle + "/.well-known/webfinger?resource=" + url.QueryEscape(resource))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if mode == SplitHostMeta {
			// 404 on the handle host; host-meta leads to the web host.
			if res.StatusCode != 404 {
				t.Fatalf("handle host WebFinger %d", res.StatusCode)
			}
			hm, err := http.Get(handle + "/.well-known/host-meta")
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(hm.Body)
			hm.Body.Close()
			if !strings.Contains(string(body), s.URL()+"/.well-known/webfinger?resource={uri}") {
				t.Fatalf("host-meta %s", body)
			}
		} else if res.StatusCode != 200 || res.Request.URL.Host == hu.Host {
			// The client followed the 301 to the web host.
			t.Fatalf("redirect mode: %d at %s", res.StatusCode, res.Request.URL)
		}
		wantCode(t, do(t, s, "", "GET", "/.well-known/webfinger?resource="+url.QueryEscape(resource), nil), 200)
	}
}
