package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/internal/config"
	"github.com/fledge-cli/fledge/internal/iostreams"
	"github.com/fledge-cli/fledge/internal/mastodon"
	"github.com/fledge-cli/fledge/internal/mastodon/mastotest"
)

// loginEnv is a factory with its own config directory and environment.
type loginEnv struct {
	f        *factory
	out, err *bytes.Buffer
	env      map[string]string
}

func newLoginEnv(t *testing.T, stdin io.Reader) *loginEnv {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	ios.In = stdin
	dir := t.TempDir()
	e := &loginEnv{out: out, err: errOut, env: map[string]string{
		"HOME": dir, "FLEDGE_CONFIG_DIR": filepath.Join(dir, "config"), "FLEDGE_RETRIES": "1",
	}}
	e.f = &factory{IO: ios, Globals: &globalOptions{}, Now: time.Now, Getenv: func(k string) string { return e.env[k] }}
	return e
}

func (e *loginEnv) credentials(t *testing.T) *config.Credentials {
	t.Helper()
	c, err := config.LoadCredentials(filepath.Join(e.env["FLEDGE_CONFIG_DIR"], "credentials.yaml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// browserFor returns an opener that behaves like the user: it opens the
// page (the fake approves at once), reads the code off the page the
// server redirects to, and types it at fledge's prompt.
func browserFor(t *testing.T, s *mastotest.Server, typeInto io.WriteCloser, opened *[]string) func(context.Context, string) error {
	return func(_ context.Context, authURL string) error {
		*opened = append(*opened, authURL)
		hc := s.Client()
		hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		resp, err := hc.Get(authURL)
		if err != nil {
			return err
		}
		resp.Body.Close()
		loc, err := url.Parse(resp.Header.Get("Location"))
		if err != nil {
			return err
		}
		code := loc.Query().Get("code")
		go func() {
			_, _ = io.WriteString(typeInto, code+"\n")
			_ = typeInto.Close()
		}()
		return nil
	}
}

func TestLoginOpensBrowserAndNeverPrintsSecrets(t *testing.T) {
	s := mastotest.New(mastotest.Options{Domain: "masto.test"})
	defer s.Close()
	s.AddAccount("alice", mastotest.AccountOptions{})

	pr, pw := io.Pipe()
	e := newLoginEnv(t, pr)
	e.f.IO.SetStdinTTY(true)
	e.f.IO.SetStderrTTY(true)
	e.env["DISPLAY"] = ":0"
	var opened []string
	opts := &loginOptions{Server: s.URL(), serverSet: true, openURL: browserFor(t, s, pw, &opened)}
	e.f.Globals.Verbose = 2
	if err := runLogin(context.Background(), e.f, opts); err != nil {
		t.Fatalf("login: %v\nstderr: %s", err, e.err)
	}
	if len(opened) != 1 || !strings.Contains(opened[0], "code_challenge=") {
		t.Fatalf("opened %q, want the authorize page with a PKCE challenge", opened)
	}
	if !strings.Contains(e.err.String(), "Authorization code: ") {
		t.Errorf("no prompt on a terminal:\n%s", e.err)
	}
	if !strings.Contains(e.err.String(), "Logged in as @alice@masto.test") {
		t.Errorf("stderr: %s", e.err)
	}

	creds := e.credentials(t)
	acct, ok := creds.Account("alice@masto.test")
	if !ok {
		t.Fatal("account not stored")
	}
	app, ok := creds.App(s.URL())
	if !ok || acct.AppClientID != app.ClientID {
		t.Fatalf("app %+v, account app %q", app, acct.AppClientID)
	}
	all := e.out.String() + e.err.String()
	for name, secret := range map[string]string{"token": acct.Token.Reveal(), "client secret": app.ClientSecret.Reveal()} {
		if secret == "" || strings.Contains(all, secret) {
			t.Errorf("%s printed (or empty):\n%s", name, all)
		}
	}
}

func TestLoginInterruptedAtPrompt(t *testing.T) {
	s := mastotest.New(mastotest.Options{})
	defer s.Close()
	s.AddAccount("alice", mastotest.AccountOptions{})
	pr, pw := io.Pipe() // nobody ever types
	defer pw.Close()
	e := newLoginEnv(t, pr)
	e.f.IO.SetStdinTTY(true)
	e.f.IO.SetStderrTTY(true)
	e.env["DISPLAY"] = ":0"
	e.env["WAYLAND_DISPLAY"] = "w"
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// The "browser" opens just before the prompt; Ctrl-C arrives then.
	opts := &loginOptions{Server: s.URL(), serverSet: true, openURL: func(context.Context, string) error {
		cancel()
		return nil
	}}
	err := runLogin(ctx, e.f, opts)
	if !errors.Is(err, errInterrupted) {
		t.Fatalf("err = %v, want errInterrupted", err)
	}
	if got := exitCodeFor(err, true); got != exitInterrupted {
		t.Errorf("exit code %d, want %d", got, exitInterrupted)
	}
	// What the person reads is about the login: login keeps no journal.
	var msg bytes.Buffer
	printError(&msg, err, exitInterrupted, false, "fledge login")
	if got := msg.String(); strings.Contains(got, "journal") || !strings.Contains(got, "run the same command again") {
		t.Errorf("message %q", got)
	}
}

// An account address given as the server is understood as its server,
// and login says so.
func TestLoginServerFromHandle(t *testing.T) {
	s := mastotest.New(mastotest.Options{Domain: "masto.test", TLS: true})
	defer s.Close()
	s.AddAccount("alice", mastotest.AccountOptions{})
	host := strings.TrimPrefix(s.URL(), "https://")
	for _, given := range []string{"alice@" + host, "@alice@" + host} {
		t.Run(given, func(t *testing.T) {
			pr, pw := io.Pipe()
			e := newLoginEnv(t, pr)
			e.f.tuneClient = func(o *mastodon.Options) { o.Base = s.Client().Transport }
			var opened []string
			opts := &loginOptions{Server: given, serverSet: true, openURL: browserFor(t, s, pw, &opened)}
			e.f.IO.SetStdinTTY(true)
			e.f.IO.SetStderrTTY(true)
			e.env["DISPLAY"], e.env["WAYLAND_DISPLAY"] = ":0", "w"
			if err := runLogin(context.Background(), e.f, opts); err != nil {
				t.Fatalf("login: %v\nstderr: %s", err, e.err)
			}
			if !strings.Contains(e.err.String(), given+" is an account; logging in to its server, "+host) {
				t.Errorf("login does not say how it read %q:\n%s", given, e.err)
			}
			if _, ok := e.credentials(t).Account("alice@masto.test"); !ok {
				t.Errorf("alice not logged in:\n%s", e.err)
			}
		})
	}
}

// TestLoginSplitDomain: the address's domain is not the server; its
// WebFinger names the server, and login goes there and says so.
func TestLoginSplitDomain(t *testing.T) {
	s := mastotest.New(mastotest.Options{Domain: "masto.test", TLS: true})
	defer s.Close()
	s.AddAccount("alice", mastotest.AccountOptions{})
	var asked string
	domain := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked = r.URL.Query().Get("resource")
		w.Header().Set("Content-Type", "application/jrd+json")
		fmt.Fprintf(w, `{"subject":%q,"links":[{"rel":"self","type":"application/activity+json","href":%q}]}`, asked, s.URL()+"/users/alice")
	}))
	defer domain.Close()
	host := strings.TrimPrefix(domain.URL, "https://")
	pr, pw := io.Pipe()
	e := newLoginEnv(t, pr)
	e.f.tuneClient = func(o *mastodon.Options) { o.Base = s.Client().Transport }
	var opened []string
	opts := &loginOptions{Server: "alice@" + host, serverSet: true, openURL: browserFor(t, s, pw, &opened)}
	e.f.IO.SetStdinTTY(true)
	e.f.IO.SetStderrTTY(true)
	e.env["DISPLAY"], e.env["WAYLAND_DISPLAY"] = ":0", "w"
	if err := runLogin(context.Background(), e.f, opts); err != nil {
		t.Fatalf("login: %v\nstderr: %s", err, e.err)
	}
	if asked != "acct:alice@"+host {
		t.Errorf("WebFinger asked for %q", asked)
	}
	want := "alice@" + host + " lives on " + strings.TrimPrefix(s.URL(), "https://") + "; logging in there"
	if !strings.Contains(e.err.String(), want) {
		t.Errorf("login does not say %q:\n%s", want, e.err)
	}
	a, ok := e.credentials(t).Account("alice@masto.test")
	if !ok || a.Server != s.URL() {
		t.Errorf("alice not logged in on %s: %+v\n%s", s.URL(), a, e.err)
	}
}

func TestHandleServer(t *testing.T) {
	tests := []struct {
		in, host string
		ok       bool
	}{
		{"alice@mastodon.social", "mastodon.social", true},
		{"@alice@Mastodon.Social", "mastodon.social", true},
		{" @alice@example.social:8443 ", "example.social:8443", true},
		{"mastodon.social", "", false},
		{"https://mastodon.social", "", false},
		{"https://alice@mastodon.social", "", false},
		{"@mastodon.social", "", false},
		{"alice@", "", false},
		{"@alice@", "", false},
		{"alice@bob@example.social", "", false},
		{"alice@example.social/@alice", "", false},
		{"user:pw@example.social", "", false},
	}
	for _, tt := range tests {
		host, ok := handleServer(tt.in)
		if host != tt.host || ok != tt.ok {
			t.Errorf("handleServer(%q) = %q, %v; want %q, %v", tt.in, host, ok, tt.host, tt.ok)
		}
	}
}

func FuzzHandleServer(f *testing.F) {
	for _, s := range []string{"alice@mastodon.social", "@a@b", "https://a@b", "a@b@c", "@", "a@b/c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		host, ok := handleServer(s)
		if !ok {
			return
		}
		// A host is never empty and never carries the parts of an
		// address or URL that would change which server is meant.
		if host == "" || strings.ContainsAny(host, "@/?# \t") {
			t.Fatalf("handleServer(%q) = %q", s, host)
		}
	})
}

// A code the server does not accept is asked for again, up to three tries
// in all; then login fails and says what to do.
func TestLoginAsksAgainForWrongCode(t *testing.T) {
	s := mastotest.New(mastotest.Options{Domain: "masto.test"})
	defer s.Close()
	s.AddAccount("alice", mastotest.AccountOptions{})

	t.Run("right on the third try", func(t *testing.T) {
		pr, pw := io.Pipe()
		e := newLoginEnv(t, pr)
		e.f.IO.SetStdinTTY(true)
		e.f.IO.SetStderrTTY(true)
		e.env["DISPLAY"], e.env["WAYLAND_DISPLAY"] = ":0", "w"
		var opened []string
		right := browserFor(t, s, pw, &opened)
		opts := &loginOptions{Server: s.URL(), serverSet: true, openURL: func(ctx context.Context, u string) error {
			// The person mistypes twice (once not even a code), then
			// pastes the right one. The pipe blocks until fledge reads.
			go func() {
				_, _ = io.WriteString(pw, "wrong-code\n")
				_, _ = io.WriteString(pw, "two words\n")
				if err := right(ctx, u); err != nil {
					pw.CloseWithError(err)
				}
			}()
			return nil
		}}
		if err := runLogin(context.Background(), e.f, opts); err != nil {
			t.Fatalf("login: %v\nstderr: %s", err, e.err)
		}
		out := e.err.String()
		for _, want := range []string{"That code did not work", "try 2 of 3", "try 3 of 3", "Logged in as @alice@masto.test"} {
			if !strings.Contains(out, want) {
				t.Errorf("stderr lacks %q:\n%s", want, out)
			}
		}
		if n := strings.Count(out, "Authorization code: "); n != 3 {
			t.Errorf("asked %d times, want 3:\n%s", n, out)
		}
	})

	t.Run("wrong three times", func(t *testing.T) {
		e := newLoginEnv(t, strings.NewReader("wrong-1\nwrong-2\nwrong-3\nnever-read\n"))
		err := runLogin(context.Background(), e.f, &loginOptions{Server: s.URL(), serverSet: true})
		if err == nil || !strings.Contains(err.Error(), "the code did not work 3 times") || !strings.Contains(err.Error(), "run `fledge login` again") {
			t.Fatalf("err = %v", err)
		}
		if got := exitCodeFor(err, false); got != exitError {
			t.Errorf("exit %d, want %d", got, exitError)
		}
		if _, ok := e.credentials(t).Account("alice@masto.test"); ok {
			t.Error("logged in with a wrong code")
		}
		if strings.Contains(err.Error(), "wrong-3") {
			t.Errorf("the typed code is echoed in the error: %v", err)
		}
	})
}

func TestLoginAbandonedKeepsApp(t *testing.T) {
	s := mastotest.New(mastotest.Options{})
	defer s.Close()
	s.AddAccount("alice", mastotest.AccountOptions{})
	e := newLoginEnv(t, strings.NewReader(""))
	err := runLogin(context.Background(), e.f, &loginOptions{Server: s.URL(), serverSet: true})
	if err == nil || !strings.Contains(err.Error(), "no authorization code was entered") {
		t.Fatalf("err = %v", err)
	}
	if _, ok := e.credentials(t).App(s.URL()); !ok {
		t.Fatal("the registered app was not kept for the next attempt")
	}
}

func TestMayOpenBrowser(t *testing.T) {
	tests := []struct {
		name      string
		tty       bool
		env       map[string]string
		noBrowser bool
		prefs     string
		want      bool
	}{
		{"terminal with display", true, map[string]string{"DISPLAY": ":0"}, false, "", true},
		{"wayland", true, map[string]string{"WAYLAND_DISPLAY": "wayland-0"}, false, "", true},
		{"not a terminal", false, map[string]string{"DISPLAY": ":0"}, false, "", false},
		{"CI", true, map[string]string{"DISPLAY": ":0", "CI": "true"}, false, "", false},
		{"flag", true, map[string]string{"DISPLAY": ":0"}, true, "", false},
		{"env off", true, map[string]string{"DISPLAY": ":0", "FLEDGE_OPEN_BROWSER": "false"}, false, "", false},
		{"file off", true, map[string]string{"DISPLAY": ":0"}, false, "open_browser: false\n", false},
		{"env beats file", true, map[string]string{"DISPLAY": ":0", "FLEDGE_OPEN_BROWSER": "yes"}, false, "open_browser: false\n", true},
		{"bad env", true, map[string]string{"DISPLAY": ":0", "FLEDGE_OPEN_BROWSER": "sometimes"}, false, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name == "terminal with display" || tt.name == "wayland" || tt.name == "env beats file" {
				if !linuxLike() {
					t.Skip("DISPLAY matters only on X11/Wayland systems")
				}
			}
			e := newLoginEnv(t, strings.NewReader(""))
			for k, v := range tt.env {
				e.env[k] = v
			}
			e.f.IO.SetStdinTTY(tt.tty)
			e.f.IO.SetStderrTTY(tt.tty)
			if tt.prefs != "" {
				path := filepath.Join(e.env["FLEDGE_CONFIG_DIR"], "config.yaml")
				if err := config.WriteFileAtomic(path, []byte(tt.prefs), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if got := mayOpenBrowser(e.f, &loginOptions{NoBrowser: tt.noBrowser}); got != tt.want {
				t.Errorf("mayOpenBrowser = %v, want %v (stderr %q)", got, tt.want, e.err)
			}
		})
	}
}

func TestReadTokenStdin(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{in: "abc123\n", want: "abc123"},
		{in: "  abc123  ", want: "abc123"},
		{in: "", err: "no token on stdin"},
		{in: "\n", err: "expected a single word"},
		{in: "two words\n", err: "expected a single word"},
		{in: strings.Repeat("x", 2000), err: "expected a single word"},
	}
	for _, tt := range tests {
		got, err := readTokenStdin(context.Background(), strings.NewReader(tt.in))
		if tt.err != "" {
			var ue *usageError
			if !errors.As(err, &ue) || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("readTokenStdin(%q) = %q, %v; want usage error %q", tt.in, got, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("readTokenStdin(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}
