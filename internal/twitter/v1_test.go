package twitter

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestV1LookupThroughGoTwitter(t *testing.T) {
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		paths = append(paths, r.URL.Path)
		if r.Header.Get("Authorization") != "Bearer "+testToken {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		q := r.URL.Query()
		w.Header().Set("Content-Type", "application/json")
		switch {
		case q.Get("user_id") == "12,13":
			fmt.Fprint(w, `[{"id":12,"id_str":"12","screen_name":"alice","name":"Alice","description":"me https://t.co/a","url":"https://t.co/u",
			  "entities":{"url":{"urls":[{"url":"https://t.co/u","expanded_url":"https://social.example/@alice","indices":[0,15]}]},
			              "description":{"urls":[{"url":"https://t.co/a","expanded_url":"https://social.example/@alice","indices":[3,17]}]}},
			  "status":{"id_str":"9","full_text":"new home https://t.co/p","entities":{"urls":[{"url":"https://t.co/p","expanded_url":"https://x.example/@a","indices":[9,23]}]}}}]`)
		case q.Get("screen_name") == "nobody":
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"errors":[{"code":17,"message":"No user matches for specified terms."}]}`)
		default:
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `{"errors":[{"message":"You currently have access to a subset of Twitter API v2 endpoints and limited v1.1 endpoints (e.g. media post, oauth) only.","code":453}]}`)
		}
	}))
	defer srv.Close()
	c := newTestClient(t, srv, newFakeClock(), func(o *Options) { o.API = V1 })

	ps, err := c.Lookup(context.Background(), []string{"12", "13"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if paths[0] != "/1.1/users/lookup.json" {
		t.Errorf("path %q", paths[0])
	}
	if len(ps) != 1 {
		t.Fatalf("profiles %+v", ps)
	}
	p := ps[0]
	if p.ID != "12" || p.ScreenName != "alice" || p.Source != SourceV1 ||
		len(p.DescriptionURLs) != 1 || p.DescriptionURLs[0].Start != 3 || p.DescriptionURLs[0].End != 17 ||
		len(p.URLURLs) != 1 || p.URLURLs[0].ExpandedURL != "https://social.example/@alice" ||
		p.PinnedText != "new home https://t.co/p" || len(p.PinnedURLs) != 1 || p.PinnedURLs[0].Start != 9 {
		t.Errorf("converted wrongly: %+v", p)
	}

	ps, err = c.Lookup(context.Background(), nil, []string{"nobody"})
	if err != nil || len(ps) != 0 {
		t.Errorf("no matches: %v, %v", ps, err)
	}

	_, err = c.Lookup(context.Background(), []string{"99"}, nil)
	if !errors.Is(err, ErrAccessLevel) || !strings.Contains(err.Error(), "error 453") {
		t.Errorf("453: %v", err)
	}
}
