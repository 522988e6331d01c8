package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// App is an OAuth application fledge registered on one server. Mastodon
// before 4.3 garbage-collects unused apps, and registering anew on every
// login litters the user's "Authorized apps" page, so it is stored and
// reused for every account on that server.
type App struct {
	Server       string // https://host[:port]
	ClientID     string
	ClientSecret Secret
	Scopes       []string
	RedirectURI  string
}

// Account is one logged-in account.
type Account struct {
	Key      string // user@domain, see NormalizeAccountKey
	Server   string // https://host[:port], where the API lives
	Username string // as the server spells it
	ID       string // the server's account id
	Token    Secret
	Scopes   []string
	// AppClientID is the client id of the app that issued Token, so
	// logout can tell whether it may revoke it ("" for pasted tokens).
	AppClientID string
	CreatedAt   time.Time
}

// Credentials is the content of credentials.yaml: the accounts, the apps
// and which account is the default. Not safe for concurrent use within a
// process. Across processes, Save merges: it replays this store's changes
// onto the file as it is now, under a lock, so two fledge processes that
// log in to different accounts at once both keep their account.
type Credentials struct {
	path       string
	defaultKey string // key of the default account, "" for none
	accounts   map[string]Account
	apps       map[string]App
	// changes are the edits made since the file was read, replayed by
	// Save onto the file's current content.
	changes []func(*Credentials)
}

// Default is the key of the default account, "" for none.
func (c *Credentials) Default() string { return c.defaultKey }

// credentialsVersion is written to the file so a later fledge can migrate it.
const credentialsVersion = 1

// diskCredentials is the file layout. Secrets are plain strings here and
// only here, so the real values reach the file and nothing else.
type diskCredentials struct {
	Version  int                    `yaml:"version"`
	Default  string                 `yaml:"default,omitempty"`
	Accounts map[string]diskAccount `yaml:"accounts,omitempty"`
	Apps     map[string]diskApp     `yaml:"apps,omitempty"`
}

type diskAccount struct {
	Server    string    `yaml:"server"`
	Username  string    `yaml:"username,omitempty"`
	ID        string    `yaml:"id,omitempty"`
	Token     string    `yaml:"token"`
	Scopes    []string  `yaml:"scopes,flow,omitempty"`
	AppID     string    `yaml:"app_client_id,omitempty"`
	CreatedAt time.Time `yaml:"created_at,omitempty"`
}

type diskApp struct {
	ClientID     string   `yaml:"client_id"`
	ClientSecret string   `yaml:"client_secret"`
	Scopes       []string `yaml:"scopes,flow,omitempty"`
	RedirectURI  string   `yaml:"redirect_uri,omitempty"`
}

const credentialsHeader = "# fledge credentials: access tokens and app secrets.\n" +
	"# Keep this file private (mode 0600) and out of backups you share.\n" +
	"# Remove an account with `fledge logout user@domain`.\n"

// NewCredentials returns an empty store that Save writes to path.
func NewCredentials(path string) *Credentials {
	return &Credentials{path: path, accounts: map[string]Account{}, apps: map[string]App{}}
}

// LoadCredentials reads credentials.yaml. A missing file gives an empty
// store. A file that others may read is a leaked token waiting to
// happen: on Unix its mode is reset to 0600 and warn is told (warn may be
// nil).
func LoadCredentials(path string, warn func(string)) (*Credentials, error) {
	c := NewCredentials(path)
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read credentials: %w", err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("read credentials: %s is not a regular file", path)
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 && runtime.GOOS != "windows" {
		if err := os.Chmod(path, 0o600); err != nil {
			return nil, fmt.Errorf("%s is readable by other users (mode %04o) and cannot be made private: %w", path, perm, err)
		}
		if warn != nil {
			warn(fmt.Sprintf("%s was readable by other users (mode %04o); changed it to 0600. If others had access, revoke your tokens with `fledge logout` and log in again.", path, perm))
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read credentials: %w", err)
	}
	if err := c.parse(data); err != nil {
		return nil, err
	}
	return c, nil
}

// ParseCredentials parses credentials.yaml content; path names it in errors
// and is where Save writes.
func ParseCredentials(path string, data []byte) (*Credentials, error) {
	c := NewCredentials(path)
	if err := c.parse(data); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Credentials) parse(data []byte) error {
	root, err := parseSingleDocument(c.path, data)
	if err != nil {
		return fmt.Errorf("%w (fix the file, or remove it and run `fledge login` again)", err)
	}
	if root == nil || root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return nil
	}
	var d diskCredentials
	if err := decodeStrict(data, &d); err != nil {
		return &FileError{Pos: Position{File: c.path}, Msg: err.Error() + " (fix the file, or remove it and run `fledge login` again)"}
	}
	if d.Version > credentialsVersion {
		return fmt.Errorf("%s was written by a newer fledge (format %d); upgrade fledge", c.path, d.Version)
	}
	for key, a := range d.Accounts {
		nk, err := NormalizeAccountKey(key)
		if err != nil {
			return fmt.Errorf("%s: accounts: %w", c.path, err)
		}
		if a.Server == "" || a.Token == "" {
			return fmt.Errorf("%s: account %s has no server or no token; run `fledge login` again", c.path, nk)
		}
		c.accounts[nk] = Account{Key: nk, Server: a.Server, Username: a.Username, ID: a.ID,
			Token: Secret(a.Token), Scopes: a.Scopes, AppClientID: a.AppID, CreatedAt: a.CreatedAt}
	}
	for server, a := range d.Apps {
		if a.ClientID == "" || a.ClientSecret == "" {
			return fmt.Errorf("%s: app for %s has no client_id or client_secret", c.path, server)
		}
		c.apps[server] = App{Server: server, ClientID: a.ClientID, ClientSecret: Secret(a.ClientSecret),
			Scopes: a.Scopes, RedirectURI: a.RedirectURI}
	}
	if d.Default != "" {
		nk, err := NormalizeAccountKey(d.Default)
		if err != nil {
			return fmt.Errorf("%s: default: %w", c.path, err)
		}
		if _, ok := c.accounts[nk]; ok {
			c.defaultKey = nk
		}
	}
	return nil
}

// decodeStrict decodes data (already checked by parseSingleDocument)
// into v, refusing unknown fields. yaml.v3's type errors quote the
// offending value, which here could be a token, so only line numbers and
// field names survive into the message.
func decodeStrict(data []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	err := dec.Decode(v)
	if err == nil {
		return nil
	}
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		// Other decode errors (a malformed created_at) quote the value
		// too and carry no line; say what kind of problem it is.
		return errors.New("a value has the wrong type or format")
	}
	var msgs []string
	for _, e := range te.Errors {
		line, rest, _ := strings.Cut(e, ": ")
		if strings.HasPrefix(rest, "field ") && strings.Contains(rest, " not found") {
			field, _, _ := strings.Cut(strings.TrimPrefix(rest, "field "), " not found")
			msgs = append(msgs, fmt.Sprintf("%s: unknown key %q", line, field))
			continue
		}
		msgs = append(msgs, line+": a value has the wrong type")
	}
	return errors.New(strings.Join(msgs, "; "))
}

// Save writes the store to its file atomically with mode 0600. Under an
// exclusive lock it reads the file again and replays this store's changes
// onto it, so edits another process saved since this one read the file
// are kept (the later writer wins only for the same account or app).
func (c *Credentials) Save() error {
	unlock, err := lockCredentials(c.path)
	if err != nil {
		return fmt.Errorf("save credentials: %w", err)
	}
	defer unlock()
	fresh, err := LoadCredentials(c.path, nil)
	if err != nil {
		return fmt.Errorf("save credentials: %s changed on disk and cannot be read again: %w", c.path, err)
	}
	for _, ch := range c.changes {
		ch(fresh)
	}
	if _, ok := fresh.accounts[fresh.defaultKey]; !ok {
		fresh.defaultKey = ""
		if rest := fresh.Accounts(); len(rest) > 0 {
			fresh.defaultKey = rest[0].Key
		}
	}
	if err := fresh.write(); err != nil {
		return err
	}
	c.defaultKey, c.accounts, c.apps, c.changes = fresh.defaultKey, fresh.accounts, fresh.apps, nil
	return nil
}

// write encodes the store and replaces the file with it.
func (c *Credentials) write() error {
	d := diskCredentials{Version: credentialsVersion, Default: c.defaultKey,
		Accounts: map[string]diskAccount{}, Apps: map[string]diskApp{}}
	for k, a := range c.accounts {
		d.Accounts[k] = diskAccount{Server: a.Server, Username: a.Username, ID: a.ID,
			Token: a.Token.Reveal(), Scopes: a.Scopes, AppID: a.AppClientID, CreatedAt: a.CreatedAt.UTC()}
	}
	for s, a := range c.apps {
		d.Apps[s] = diskApp{ClientID: a.ClientID, ClientSecret: a.ClientSecret.Reveal(),
			Scopes: a.Scopes, RedirectURI: a.RedirectURI}
	}
	var buf bytes.Buffer
	buf.WriteString(credentialsHeader)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(d); err != nil {
		return fmt.Errorf("save credentials: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("save credentials: %w", err)
	}
	return WriteFileAtomic(c.path, buf.Bytes(), 0o600)
}

// Path is the file Save writes.
func (c *Credentials) Path() string { return c.path }

// Account returns the stored account with the given key (any spelling
// NormalizeAccountKey accepts).
func (c *Credentials) Account(key string) (Account, bool) {
	nk, err := NormalizeAccountKey(key)
	if err != nil {
		return Account{}, false
	}
	a, ok := c.accounts[nk]
	return a, ok
}

// DefaultAccount returns the default account, if there is one.
func (c *Credentials) DefaultAccount() (Account, bool) {
	if c.defaultKey == "" {
		return Account{}, false
	}
	a, ok := c.accounts[c.defaultKey]
	return a, ok
}

// Accounts returns every account, sorted by key.
func (c *Credentials) Accounts() []Account {
	keys := slices.Sorted(maps.Keys(c.accounts))
	out := make([]Account, 0, len(keys))
	for _, k := range keys {
		out = append(out, c.accounts[k])
	}
	return out
}

// PutAccount adds or replaces an account. The first account becomes the
// default.
func (c *Credentials) PutAccount(a Account) error {
	nk, err := NormalizeAccountKey(a.Key)
	if err != nil {
		return err
	}
	if a.Server == "" || a.Token.IsZero() {
		return fmt.Errorf("account %s: server and token are required", nk)
	}
	a.Key = nk
	c.record(func(x *Credentials) { x.putAccount(a) })
	return nil
}

func (c *Credentials) putAccount(a Account) {
	c.accounts[a.Key] = a
	if _, ok := c.accounts[c.defaultKey]; !ok {
		c.defaultKey = a.Key
	}
}

// record applies a change now and keeps it for Save to replay.
func (c *Credentials) record(change func(*Credentials)) {
	change(c)
	c.changes = append(c.changes, change)
}

// SetDefault makes key the default account.
func (c *Credentials) SetDefault(key string) error {
	a, ok := c.Account(key)
	if !ok {
		return fmt.Errorf("no stored account %s", key)
	}
	k := a.Key
	c.record(func(x *Credentials) {
		if _, ok := x.accounts[k]; ok {
			x.defaultKey = k
		}
	})
	return nil
}

// RemoveAccount deletes an account and reports whether it existed. If it
// was the default, the default moves to the first remaining account, so
// a user with several accounts is not left without one.
func (c *Credentials) RemoveAccount(key string) bool {
	a, ok := c.Account(key)
	if !ok {
		return false
	}
	k := a.Key
	c.record(func(x *Credentials) {
		delete(x.accounts, k)
		if x.defaultKey == k {
			x.defaultKey = ""
			if rest := x.Accounts(); len(rest) > 0 {
				x.defaultKey = rest[0].Key
			}
		}
	})
	return true
}

// App returns the app registered on server (https://host[:port]).
func (c *Credentials) App(server string) (App, bool) {
	a, ok := c.apps[server]
	return a, ok
}

// PutApp stores the app registered on a.Server.
func (c *Credentials) PutApp(a App) error {
	if a.Server == "" || a.ClientID == "" || a.ClientSecret.IsZero() {
		return errors.New("app: server, client id and client secret are required")
	}
	c.record(func(x *Credentials) { x.apps[a.Server] = a })
	return nil
}

// RemoveApp forgets the app of server, for when the server no longer
// knows it.
func (c *Credentials) RemoveApp(server string) {
	c.record(func(x *Credentials) { delete(x.apps, server) })
}
