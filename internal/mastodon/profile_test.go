package mastodon

import (
	"context"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

func newTLSServer(t *testing.T) string {
	t.Helper()
	s := httptest.NewUnstartedServer(http.NotFoundHandler())
	s.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	s.StartTLS()
	t.Cleanup(s.Close)
	return s.URL
}

const (
	mastodonV2 = `{"domain":"example.social","version":"4.5.0","api_versions":{"mastodon":7},
	 "configuration":{"statuses":{"max_characters":500,"max_media_attachments":4,"characters_reserved_per_url":23},
	 "media_attachments":{"supported_mime_types":["image/png","video/mp4"],"image_size_limit":16777216,"video_size_limit":103809024,"description_limit":1500}}}`
	gtsV2 = `{"domain":"localhost:8080","version":"0.20.0 git-8d3f2a1","source_url":"https://codeberg.org/superseriousbusiness/gotosocial",
	 "configuration":{"accounts":{"max_profile_fields":6},"statuses":{"max_characters":5000,"max_media_attachments":6,"characters_reserved_per_url":25},
	 "media_attachments":{"image_size_limit":41943040,"video_size_limit":41943040,"description_limit":1500}}}`
	pleromaV1 = `{"uri":"pl.example","version":"2.7.2 (compatible; Pleroma 2.5.0)","max_toot_chars":5000}`
)

func TestBuildProfile(t *testing.T) {
	tests := []struct {
		name         string
		instance     string
		nodeinfo     string // software name; "" = nodeinfo unavailable
		niVersion    string
		wantSoftware Software
		wantVersion  string
		wantMax      int
		wantPerURL   int
		wantBackdate bool
		wantQuotes   bool
	}{
		{"mastodon with nodeinfo", mastodonV2, "mastodon", "4.5.0", SoftwareMastodon, "4.5.0", 500, 23, false, true},
		{"mastodon without nodeinfo", mastodonV2, "", "", SoftwareMastodon, "4.5.0", 500, 23, false, true},
		{"gts with nodeinfo", gtsV2, "gotosocial", "0.20.0", SoftwareGoToSocial, "0.20.0", 5000, 25, true, false},
		{"gts without nodeinfo", gtsV2, "", "", SoftwareGoToSocial, "0.20.0", 5000, 25, true, false},
		{"old gts cannot backdate", gtsV2, "gotosocial", "0.17.3", SoftwareGoToSocial, "0.17.3", 5000, 25, false, false},
		{"pleroma from v1 version string", pleromaV1, "", "", SoftwarePleroma, "2.5.0", 5000, 0, false, false},
		{"akkoma via nodeinfo", pleromaV1, "akkoma", "3.10.4", SoftwareAkkoma, "3.10.4", 5000, 0, false, false},
		{"other software", `{"domain":"x","version":"1.0.0 git-x"}`, "", "", SoftwareOther, "1.0.0", 500, 23, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var in Instance
			if err := json.Unmarshal([]byte(tc.instance), &in); err != nil {
				t.Fatal(err)
			}
			var ni *NodeInfo
			if tc.nodeinfo != "" {
				ni = &NodeInfo{}
				ni.Software.Name, ni.Software.Version = tc.nodeinfo, tc.niVersion
			}
			p := buildProfile(&in, ni)
			if p.Software != tc.wantSoftware || p.Version.String() != tc.wantVersion ||
				p.Limits.MaxCharacters != tc.wantMax || p.Limits.CharactersPerURL != tc.wantPerURL ||
				p.CanBackdate != tc.wantBackdate || p.NativeQuotes != tc.wantQuotes {
				t.Errorf("profile = %+v", p)
			}
		})
	}
}

func TestProfileFetchesAndCaches(t *testing.T) {
	var instanceHits, nodeinfoHits atomic.Int32
	var srvURL string
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v2/instance", func(w http.ResponseWriter, r *http.Request) {
		instanceHits.Add(1)
		writeJSON(w, 404, `{"error":"Not found"}`)
	})
	mux.HandleFunc("GET /api/v1/instance", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, gtsV2)
	})
	mux.HandleFunc("GET /.well-known/nodeinfo", func(w http.ResponseWriter, r *http.Request) {
		nodeinfoHits.Add(1)
		if r.Header.Get("Authorization") != "" {
			t.Error("token sent to nodeinfo")
		}
		writeJSON(w, 200, `{"links":[{"rel":"http://nodeinfo.diaspora.software/ns/schema/2.0","href":"`+srvURL+`/nodeinfo/2.0"},
			{"rel":"http://nodeinfo.diaspora.software/ns/schema/2.1","href":"`+srvURL+`/nodeinfo/2.1"}]}`)
	})
	mux.HandleFunc("GET /nodeinfo/2.1", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"version":"2.1","software":{"name":"gotosocial","version":"0.19.1"}}`)
	})
	c, _, srv := testClient(t, mux, Options{})
	srvURL = srv.URL
	for range 2 {
		p, err := c.Profile(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if p.Software != SoftwareGoToSocial || p.Version.String() != "0.19.1" || !p.CanBackdate || p.Domain != "localhost:8080" {
			t.Errorf("profile = %+v", p)
		}
	}
	if instanceHits.Load() != 1 || nodeinfoHits.Load() != 1 {
		t.Errorf("instance fetched %d times, nodeinfo %d times; want once each", instanceHits.Load(), nodeinfoHits.Load())
	}
}
