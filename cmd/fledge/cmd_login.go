package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"runtime"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fledge-cli/fledge/internal/config"
	"github.com/fledge-cli/fledge/internal/mastodon"
)

type loginOptions struct {
	Server     string
	TokenStdin bool
	NoBrowser  bool
	// serverSet reports whether --server was given (it beats FLEDGE_SERVER).
	serverSet bool
	// openURL opens a web page; tests replace it.
	openURL func(ctx context.Context, url string) error
}

func newLoginCmd(f *factory) *cobra.Command {
	opts := &loginOptions{openURL: openBrowser}
	cmd := &cobra.Command{
		Use:   "login",
		Short: "Log in to your Mastodon server",
		Args:  exactArgs(0, "no arguments (give the server with --server)"),
		Long: `Log in to your Mastodon (or GoToSocial, Pleroma, Akkoma) server.

fledge registers itself as an app on the server (once per server), prints an
address to open in your browser, and waits for the authorization code the
server shows after you approve; a code that does not work is asked for
again, three tries in all. The access token is stored in credentials.yaml
in the config directory, readable only by you ('fledge help files').

--server takes the server's address, or your own account's address
(alice@mastodon.social), whose server is then used.

With --token-stdin, fledge instead reads an access token you created under
Settings › Development on the server, for scripts and headless machines.

For one-off scripted runs nothing needs to be stored: set FLEDGE_SERVER and
FLEDGE_TOKEN and every command uses that account.

The first account you log in to becomes the default; pick another with
--account or 'fledge accounts --default'.`,
		Example: `  # Log in interactively
  fledge login --server mastodon.social

  # Log in with a token made under Settings › Development
  echo "$TOKEN" | fledge login --server https://example.social --token-stdin`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.serverSet = cmd.Flags().Changed("server")
			return runLogin(cmd.Context(), f, opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Server, "server", "", "your server's `URL`, like https://mastodon.social, or your address, like alice@mastodon.social (default: FLEDGE_SERVER)")
	fl.BoolVar(&opts.TokenStdin, "token-stdin", false, "read an existing access token from stdin instead of authorizing in a browser")
	fl.BoolVar(&opts.NoBrowser, "no-browser", false, "only print the authorization address; do not open a browser")
	return cmd
}

// loginResult is what --json prints.
type loginResult struct {
	Account  string   `json:"account"`
	Server   string   `json:"server"`
	Username string   `json:"username"`
	ID       string   `json:"id"`
	Scopes   []string `json:"scopes"`
	Default  bool     `json:"default"`
}

// runLogin logs in. Ctrl-C at any point ends it with a message about the
// login alone: there are no journals here to speak of.
func runLogin(ctx context.Context, f *factory, opts *loginOptions) error {
	err := login(ctx, f, opts)
	if err != nil && ctx.Err() != nil {
		return &interruptedError{"interrupted before the login finished; your accounts are as they were; run the same command again when ready"}
	}
	return err
}

func login(ctx context.Context, f *factory, opts *loginOptions) error {
	server, err := loginServer(f, opts)
	if err != nil {
		return err
	}
	creds, err := f.credentials()
	if err != nil {
		return err
	}
	clientOpts, err := f.clientOptions()
	if err != nil {
		return err
	}

	var token string
	var scopes []string
	var appID string
	if opts.TokenStdin {
		if token, err = readTokenStdin(ctx, f.IO.In); err != nil {
			return err
		}
	} else {
		if token, scopes, appID, err = authorize(ctx, f, opts, creds, server, clientOpts); err != nil {
			return err
		}
	}

	user, err := mastodon.New(server, token, clientOpts)
	if err != nil {
		return err
	}
	me, err := user.VerifyCredentials(ctx)
	if err != nil {
		if errors.Is(err, mastodon.ErrAuth) {
			return &authError{fmt.Errorf("%s refused the access token: %w", hostOf(server), err)}
		}
		return fmt.Errorf("check the new access token: %w", err)
	}
	domain := hostOf(server)
	if prof, err := user.Profile(ctx); err == nil && prof.Domain != "" {
		domain = prof.Domain
	} else if err != nil {
		f.logger().Info("cannot read the server profile; using the host name as the account domain", "error", err)
	}
	key, err := config.AccountKey(me.Username, domain)
	if err != nil {
		return fmt.Errorf("the server describes the account oddly: %w", err)
	}
	acct := config.Account{Key: key, Server: server, Username: me.Username, ID: string(me.ID),
		Token: config.Secret(token), Scopes: scopes, AppClientID: appID, CreatedAt: f.Now().UTC()}
	if old, ok := creds.Account(key); ok && old.Token != acct.Token {
		// Logging in again must not leave the previous token valid on the
		// server, where nobody would remember to revoke it.
		if revoked, warning := revokeStored(ctx, f, creds, old); revoked {
			f.logger().Info("revoked the previous token", "account", key)
		} else if old.AppClientID != "" {
			fmt.Fprintf(f.IO.ErrOut, "warning: the previous token of @%s: %s\n", key, warning)
		}
	}
	if err := creds.PutAccount(acct); err != nil {
		return err
	}
	if err := creds.Save(); err != nil {
		return err
	}
	res := loginResult{Account: key, Server: server, Username: me.Username, ID: string(me.ID),
		Scopes: orEmpty(scopes), Default: creds.Default() == key}
	if f.Globals.JSON {
		return newJSONEncoder(f.IO.Out).Encode(res)
	}
	fmt.Fprintf(f.IO.ErrOut, "Logged in as @%s\n", key)
	if !res.Default {
		fmt.Fprintf(f.IO.ErrOut, "The default account is still @%s; use --account %s to act as this one.\n", creds.Default(), key)
	}
	return nil
}

// loginServer picks and checks the server: --server, else FLEDGE_SERVER.
func loginServer(f *factory, opts *loginOptions) (string, error) {
	v, err := config.Resolve(f.Getenv, config.Setting[string]{
		Flag: "server", FlagSet: opts.serverSet, FlagValue: opts.Server,
		Env: envServer, Parse: config.ParseString,
	})
	if err != nil {
		return "", usageErrorf("%v", err)
	}
	if v.Value == "" {
		return "", usageErrorf("which server? give it with --server https://your.server (or set FLEDGE_SERVER)")
	}
	raw := v.Value
	if host, ok := handleServer(raw); ok {
		// People give their address where the server is asked for; the
		// part after the @ is the server in all but split-domain setups.
		fmt.Fprintf(f.IO.ErrOut, "%s is an account; logging in to its server, %s\n", strings.TrimSpace(raw), host)
		raw = host
	}
	server, err := mastodon.ValidateServerURL(raw)
	if err != nil {
		return "", usageErrorf("%s: %v", v.Origin, err)
	}
	return server, nil
}

// handleServer reads an account address given as a server, "alice@host"
// or "@alice@host", and returns its host. ok is false for anything else,
// including URLs ("https://alice@host" names a user and password in a
// URL, which ValidateServerURL refuses).
func handleServer(s string) (host string, ok bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "@")
	user, host, found := strings.Cut(s, "@")
	if !found || user == "" || host == "" || strings.Contains(s, "://") ||
		strings.ContainsAny(user, "/:?#") || strings.ContainsAny(host, "@/?# \t") {
		return "", false
	}
	return strings.ToLower(host), true
}

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
	fmt.Fprintf(f.IO.ErrOut, "Open this address in your browser, approve fledge, and paste the code the server shows:\n\n  %s\n\n", authURL)
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

// codeTries is how often login asks for the authorization code: a typo or
// a half-copied code gets another chance without a new authorization.
const codeTries = 3

// exchangeTyped reads the authorization code from the person and trades it
// for a token, asking again (up to codeTries times in all) when the input
// is not a code or the server does not accept it.
func exchangeTyped(ctx context.Context, f *factory, c *mastodon.Client, app mastodon.OAuthApp, scopes []string,
	pkce *mastodon.PKCE) (mastodon.Token, error) {
	var last error
	in := lineReader(f.IO.In, codeTries)
	for try := 1; try <= codeTries; try++ {
		if f.IO.IsStdinTTY() {
			fmt.Fprint(f.IO.ErrOut, "Authorization code: ")
		}
		line, err := readLine(ctx, in)
		if err != nil {
			if last != nil && !errors.Is(err, errInterrupted) {
				return mastodon.Token{}, fmt.Errorf("%w; no other code was entered", last)
			}
			return mastodon.Token{}, err
		}
		code, err := mastodon.ParseAuthorizationCode(line)
		if err == nil {
			var tok mastodon.Token
			if tok, err = c.ExchangeCode(ctx, app, code, scopes, pkce); err == nil {
				return tok, nil
			}
			if !isStatusErr(err, 400) {
				return mastodon.Token{}, err // not about the code: trying again would not help
			}
		} else {
			err = fmt.Errorf("%w (paste the code the server showed after you approved fledge)", err)
		}
		last = err
		if try < codeTries {
			fmt.Fprintf(f.IO.ErrOut, "That code did not work: %v\nPaste the code again (try %d of %d).\n", err, try+1, codeTries)
		}
	}
	return mastodon.Token{}, fmt.Errorf("%w; the code did not work %d times: run `fledge login` again, approve fledge in the browser and paste the code it shows", last, codeTries)
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

// maxInputLine bounds what is read as a code or token: both are short,
// and a runaway pipe must not fill memory.
const maxInputLine = 8 << 10

// lineReader reads up to lines lines of input from r: one buffer for all
// of them, so that lines read ahead are not lost between prompts.
func lineReader(r io.Reader, lines int) *bufio.Reader {
	return bufio.NewReaderSize(io.LimitReader(r, int64(lines)*maxInputLine), 512)
}

// readLine reads one line from br. The read runs aside so that Ctrl-C at
// the prompt ends the command even though the read itself cannot be
// interrupted.
func readLine(ctx context.Context, br *bufio.Reader) (string, error) {
	type result struct {
		line string
		err  error
	}
	ch := make(chan result, 1)
	go func() {
		line, err := br.ReadString('\n')
		if errors.Is(err, io.EOF) && strings.TrimSpace(line) != "" {
			err = nil
		}
		ch <- result{line, err}
	}()
	select {
	case <-ctx.Done():
		return "", errInterrupted
	case res := <-ch:
		if errors.Is(res.err, io.EOF) {
			return "", errors.New("no authorization code was entered (stdin ended)")
		}
		if res.err != nil {
			return "", fmt.Errorf("read the authorization code: %w", res.err)
		}
		return strings.TrimSpace(res.line), nil
	}
}

// readTokenStdin reads a pasted access token: one line, no spaces.
func readTokenStdin(ctx context.Context, r io.Reader) (string, error) {
	line, err := readLine(ctx, lineReader(r, 1))
	if err != nil {
		if errors.Is(err, errInterrupted) {
			return "", err
		}
		return "", usageErrorf("--token-stdin: no token on stdin")
	}
	if line == "" || strings.ContainsAny(line, " \t") || len(line) > 1024 {
		return "", usageErrorf("--token-stdin: stdin does not hold one access token (expected a single word)")
	}
	return line, nil
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

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
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
		fmt.Fprintf(f.IO.ErrOut, "warning: %v\n", err)
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
