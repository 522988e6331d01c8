package mastodon

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// webfingerHost serves one account's WebFinger on loopback, pointing at
// server, as a split-domain example.com does for social.example.com.
func webfingerHost(t *testing.T, user string, answer func(w http.ResponseWriter, r *http.Request, resource string)) *httptest.Server {
	t.Helper()
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/.well-known/webfinger" {
			http.NotFound(w, r)
			return
		}
		if r.Header.Get("Authorization") != "" {
			t.Errorf("WebFinger request carries a token")
		}
		answer(w, r, r.URL.Query().Get("resource"))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func jrdFor(w http.ResponseWriter, resource, self string) {
	w.Header().Set("Content-Type", "application/jrd+json")
	_ = json.NewEncoder(w).Encode(map[string]any{"subject": resource, "links": []map[string]string{
		{"rel": "http://webfinger.net/rel/profile-page", "type": "text/html", "href": "https://elsewhere.example/@alice"},
		{"rel": "self", "type": "application/activity+json", "href": self},
	}})
}

func TestAccountServer(t *testing.T) {
	social := httptest.NewTLSServer(http.NotFoundHandler()) // the real server: only its address matters
	defer social.Close()
	var asked string
	domain := webfingerHost(t, "alice", func(w http.ResponseWriter, r *http.Request, resource string) {
		asked = resource
		jrdFor(w, resource, social.URL+"/users/alice")
	})
	host := strings.TrimPrefix(domain.URL, "https://")
	got, err := AccountServer(context.Background(), "alice", host, Options{MaxRetries: 1, Base: domain.Client().Transport})
	if err != nil {
		t.Fatal(err)
	}
	if got != social.URL {
		t.Errorf("server = %q, want %q", got, social.URL)
	}
	if asked != "acct:alice@"+host {
		t.Errorf("resource = %q", asked)
	}
}

// TestAccountServerRedirect: example.com often redirects its WebFinger to
// the server, another host; the redirect is followed.
func TestAccountServerRedirect(t *testing.T) {
	social := webfingerHost(t, "alice", func(w http.ResponseWriter, r *http.Request, resource string) {
		jrdFor(w, resource, "https://"+r.Host+"/users/alice")
	})
	domain := webfingerHost(t, "alice", func(w http.ResponseWriter, r *http.Request, _ string) {
		http.Redirect(w, r, social.URL+r.URL.RequestURI(), http.StatusMovedPermanently)
	})
	got, err := AccountServer(context.Background(), "alice", strings.TrimPrefix(domain.URL, "https://"), Options{MaxRetries: 1, Base: domain.Client().Transport})
	if err != nil {
		t.Fatal(err)
	}
	if got != social.URL {
		t.Errorf("server = %q, want %q", got, social.URL)
	}
}

func TestAccountServerFails(t *testing.T) {
	cases := map[string]func(w http.ResponseWriter, r *http.Request, resource string){
		"not found": func(w http.ResponseWriter, r *http.Request, _ string) { http.NotFound(w, r) },
		"no self link": func(w http.ResponseWriter, _ *http.Request, resource string) {
			_ = json.NewEncoder(w).Encode(map[string]any{"subject": resource})
		},
		"plain http elsewhere": func(w http.ResponseWriter, _ *http.Request, resource string) {
			jrdFor(w, resource, "http://social.example/users/alice")
		},
		"a web page": func(w http.ResponseWriter, _ *http.Request, _ string) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<html>hello</html>"))
		},
	}
	for name, answer := range cases {
		t.Run(name, func(t *testing.T) {
			domain := webfingerHost(t, "alice", answer)
			got, err := AccountServer(context.Background(), "alice", strings.TrimPrefix(domain.URL, "https://"), Options{MaxRetries: 1, Base: domain.Client().Transport})
			if err == nil {
				t.Fatalf("server = %q, want an error", got)
			}
		})
	}
	if _, err := AccountServer(context.Background(), "alice", "exa mple.com", Options{}); !errors.Is(err, ErrInvalidServer) {
		t.Errorf("a bad domain: %v, want ErrInvalidServer", err)
	}
}

// FuzzWebFingerServer: whatever a domain answers, the server read from it
// is one ValidateServerURL accepts, or there is an error.
func FuzzWebFingerServer(f *testing.F) {
	f.Add(`{"subject":"acct:alice@example.com","links":[{"rel":"self","type":"application/activity+json","href":"https://social.example.com/users/alice"}]}`)
	f.Add(`{"links":[{"rel":"self","href":"http://127.0.0.1:8080/u/a"},{"rel":"self","type":"application/activity+json","href":"https://x/"}]}`)
	f.Add(`{"links":[{"rel":"self","href":"https://user:pw@host/"}]}`)
	f.Add(`{"links":[{"rel":"self","href":"::"}]}`)
	f.Fuzz(func(t *testing.T, body string) {
		var d webfingerDoc
		if json.Unmarshal([]byte(body), &d) != nil {
			return
		}
		s, err := d.server()
		if err != nil {
			return
		}
		if again, err := ValidateServerURL(s); err != nil || again != s {
			t.Fatalf("server %q from %q does not validate as itself: %q, %v", s, body, again, err)
		}
	})
}
