package main

// The OAuth out-of-band flow of `fledge login`: the app registration, the
// authorization address and the browser that opens it.

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"runtime"
	"slices"
	"strings"

	"github.com/fledge-cli/fledge/internal/config"
	"github.com/fledge-cli/fledge/internal/mastodon"
)

// authorize runs the OAuth out-of-band flow and returns the new token,
// its scopes and the client id of the app that issued it.
func authorize(ctx context.Context, f *factory, opts *loginOptions, creds *config.Credentials, server string,
	clientOpts mastodon.Options) (token string, scopes []string, appID string, err error) {
	c, err := mastodon.New(server, "", clientOpts)
	if err != nil {
		return "", nil, "", err
	}
	meta, err := c.DiscoverOAuth(ctx)
	if err != nil {
		return "", nil, "", err
	}
	scopes = meta.Scopes()
	app, err := loginApp(ctx, f, c, creds, server, scopes)
	if err != nil {
		return "", nil, "", err
	}
	var pkce *mastodon.PKCE
	if meta.SupportsPKCE() {
		p, err := mastodon.NewPKCE()
		if err != nil {
			return "", nil, "", err
		}
		pkce = &p
	}
	authURL := c.AuthorizeURL(app, scopes, pkce)
	f.printer().Status("authorize", struct {
		URL string `json:"url"`
	}{authURL}, "Open this address in your browser, approve fledge, and paste the code the server shows:\n\n  "+authURL+"\n\n")
	if mayOpenBrowser(f, opts) {
		if err := opts.openURL(ctx, authURL); err != nil {
			f.logger().Info("could not open a browser", "error", err)
		}
	}
	tok, err := exchangeTyped(ctx, f, c, app, scopes, pkce)
	if err != nil {
		if isStatusErr(err, 401) {
			// The server no longer knows the stored app (deleted, or
			// garbage-collected before Mastodon 4.3): forget it so the
			// next attempt registers a fresh one.
			creds.RemoveApp(server)
			if saveErr := creds.Save(); saveErr != nil {
				return "", nil, "", errors.Join(err, saveErr)
			}
			return "", nil, "", fmt.Errorf("%w; the server no longer knows fledge's app registration, which is now forgotten: run `fledge login` again", err)
		}
		return "", nil, "", err
	}
	if len(tok.Scopes) > 0 {
		scopes = tok.Scopes
	}
	return tok.AccessToken, scopes, app.ClientID, nil
}

// loginApp reuses the app registered on server if it covers the scopes,
// else registers one and stores it at once, so that a login abandoned at
// the code prompt does not register yet another app next time.
func loginApp(ctx context.Context, f *factory, c *mastodon.Client, creds *config.Credentials, server string, scopes []string) (mastodon.OAuthApp, error) {
	if a, ok := creds.App(server); ok && containsAll(a.Scopes, scopes) {
		f.logger().Debug("reusing app registration", "server", server, "client_id", a.ClientID)
		return mastodon.OAuthApp{ClientID: a.ClientID, ClientSecret: a.ClientSecret.Reveal(), Scopes: a.Scopes,
			RedirectURI: a.RedirectURI}, nil
	}
	app, err := c.RegisterApp(ctx, mastodon.AppRegistration{Name: "fledge", Website: "https://github.com/fledge-cli/fledge", Scopes: scopes})
	if err != nil {
		return mastodon.OAuthApp{}, err
	}
	f.logger().Debug("registered app", "server", server, "client_id", app.ClientID, "scopes", strings.Join(scopes, " "))
	if err := creds.PutApp(config.App{Server: server, ClientID: app.ClientID, ClientSecret: config.Secret(app.ClientSecret),
		Scopes: app.Scopes, RedirectURI: app.RedirectURI}); err != nil {
		return mastodon.OAuthApp{}, err
	}
	if err := creds.Save(); err != nil {
		return mastodon.OAuthApp{}, err
	}
	return app, nil
}

func containsAll(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}

func isStatusErr(err error, status int) bool {
	var pe *mastodon.PermanentError
	return errors.As(err, &pe) && pe.Status == status
}

// mayOpenBrowser decides whether login opens the authorization page
// itself: only for a person at a terminal with a graphical session, never
// under CI, and not when --no-browser, FLEDGE_OPEN_BROWSER=false or
// `open_browser: false` in config.yaml say so.
func mayOpenBrowser(f *factory, opts *loginOptions) bool {
	if !f.IO.IsStdinTTY() || !f.IO.IsStderrTTY() || f.Getenv("CI") != "" {
		return false
	}
	if linuxLike() && f.Getenv("DISPLAY") == "" && f.Getenv("WAYLAND_DISPLAY") == "" {
		return false
	}
	prefs, err := f.preferences()
	if err != nil {
		return false
	}
	v, err := config.Resolve(f.Getenv, config.Setting[bool]{
		Flag: "no-browser", FlagSet: opts.NoBrowser, FlagValue: false,
		Env: envOpenBrowser, Parse: config.ParseBool,
		File: prefs.OpenBrowser, FileOrigin: prefs.Origin(config.KeyOpenBrowser), Default: true,
	})
	if err != nil {
		f.printer().Warn("%v", err)
		return false
	}
	return v.Value
}

const envOpenBrowser = "FLEDGE_OPEN_BROWSER"

// openBrowser starts the system's URL opener and does not wait for it.
func openBrowser(_ context.Context, url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go func() { _ = cmd.Wait() }() // reap it; its exit status does not matter
	return nil
}

// linuxLike reports whether a graphical session is announced through
// DISPLAY or WAYLAND_DISPLAY (everything but macOS and Windows).
func linuxLike() bool { return runtime.GOOS != "darwin" && runtime.GOOS != "windows" }
