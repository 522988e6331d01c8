package mastotest

import (
	"fmt"
	"html"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Field is a profile metadata field.
type Field struct {
	Name, Value string
}

// AccountOptions configures a local account.
type AccountOptions struct {
	Locked bool
	// Scopes of the account's token (default "read write follow push").
	Scopes []string
	// AppScopes, when set, are the scopes of the app the token comes from
	// (its own app, as when the person made the token under Settings ›
	// Development); by default the token is the built-in app's, which has
	// every scope.
	AppScopes []string
	// Followers adds this many (remote) followers to followers_count; it
	// also drives the follow cap past 7 500.
	Followers   int
	DisplayName string
	Note        string
	Fields      []Field
	// MovedTo is the acct of the account this one moved to.
	MovedTo string
}

// RemoteOptions configures an account on another server.
type RemoteOptions struct {
	Locked bool
	// ManualApproval keeps follows pending (requested: true) even when the
	// profile is unlocked, like a remote server that never sends Accept.
	ManualApproval bool
	Followers      int
	DisplayName    string
	Note           string
	Fields         []Field
	// URL is the profile page (default https://<domain>/@<user>).
	URL string
	// MovedTo is the acct of the account this one moved to.
	MovedTo string
	// Known makes the account visible to lookup without a prior
	// search?resolve=true, as if the server had already fetched it.
	Known bool
}

// Account identifies an account created by AddAccount or
// AddRemoteAccount. Token is empty for remote accounts.
type Account struct {
	ID       string
	Username string
	Acct     string
	Token    string
}

type account struct {
	id, username, domain string // domain is empty for local accounts
	displayName, note    string
	url                  string
	fields               []Field
	locked, manual       bool
	movedTo              string
	followers            int
	createdAt            time.Time
	known                bool
	token                string        // first token, for Token()
	avatar, header       *ProfileImage // set through update_credentials

	follows  map[string]*follow // by target account id
	blocks   map[string]*mark
	mutes    map[string]*mark
	statuses []string // own status ids, ascending
	idem     map[string]idemEntry
}

// mark is a block or a mute; its id orders the /blocks and /mutes pages.
type mark struct {
	id            string
	target        *account
	notifications bool
}

func (a *account) local() bool { return a.domain == "" }

func (a *account) acct() string {
	if a.local() {
		return a.username
	}
	return a.username + "@" + a.domain
}

func validName(n string) bool {
	return n != "" && !strings.ContainsAny(n, "@/ \t\r\n?#")
}

// AddAccount creates a local account with a token and returns it. Adding
// an existing username returns the existing account. It panics on a
// username containing '@', '/' or spaces, like regexp.MustCompile on a bad
// pattern: that is a mistake in the test, not input.
func (s *Server) AddAccount(username string, opts AccountOptions) *Account {
	if !validName(username) {
		panic(fmt.Sprintf("mastotest: invalid username %q", username))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.byAcct[strings.ToLower(username)]; a != nil {
		return &Account{ID: a.id, Username: a.username, Acct: a.acct(), Token: s.tokenOf(a)}
	}
	now := s.now()
	a := &account{
		id: s.ids.next(now), username: username, displayName: opts.DisplayName, note: opts.Note,
		fields: opts.Fields, locked: opts.Locked, movedTo: strings.TrimPrefix(opts.MovedTo, "@"),
		followers: opts.Followers, createdAt: now, known: true,
		follows: map[string]*follow{}, blocks: map[string]*mark{}, mutes: map[string]*mark{}, idem: map[string]idemEntry{},
	}
	a.url = s.base + "/@" + username
	s.accounts[a.id] = a
	s.byAcct[strings.ToLower(username)] = a
	s.locals = append(s.locals, a)
	scopes := opts.Scopes
	if len(scopes) == 0 {
		scopes = []string{"read", "write", "follow", "push"}
	}
	app := s.builtinApp()
	if len(opts.AppScopes) > 0 {
		app = s.newApp("mastotest-"+username, "", []string{oob}, opts.AppScopes)
	}
	t := s.newToken(app, a, scopes)
	return &Account{ID: a.id, Username: username, Acct: username, Token: t.value}
}

// AddRemoteAccount registers an account of another server, found by
// search?resolve=true (and by lookup once resolved or when Known). It
// panics when acct is not user@domain.
func (s *Server) AddRemoteAccount(acct string, opts RemoteOptions) *Account {
	user, domain, ok := strings.Cut(strings.TrimPrefix(acct, "@"), "@")
	if !ok || !validName(user) || !validName(domain) {
		panic(fmt.Sprintf("mastotest: remote acct %q is not user@domain", acct))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	key := strings.ToLower(user + "@" + domain)
	if a := s.byAcct[key]; a != nil {
		return &Account{ID: a.id, Username: a.username, Acct: a.acct()}
	}
	a := &account{
		id: s.ids.next(s.now()), username: user, domain: domain, displayName: opts.DisplayName,
		note: opts.Note, url: opts.URL, fields: opts.Fields, locked: opts.Locked, manual: opts.ManualApproval,
		movedTo: strings.TrimPrefix(opts.MovedTo, "@"), followers: opts.Followers,
		createdAt: s.now(), known: opts.Known,
	}
	if a.url == "" {
		a.url = "https://" + domain + "/@" + user
	}
	s.accounts[a.id] = a
	s.byAcct[key] = a
	return &Account{ID: a.id, Username: user, Acct: a.acct()}
}

// findAcct resolves "user", "@user", "user@ourdomain" or "user@remote".
func (s *Server) findAcct(q string) *account {
	q = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(q), "@"))
	if user, domain, ok := strings.Cut(q, "@"); ok && strings.EqualFold(domain, s.opts.Domain) {
		q = user
	}
	return s.byAcct[q]
}

func (s *Server) followersCount(a *account) int {
	n := a.followers
	for _, l := range s.locals {
		if f := l.follows[a.id]; f != nil && !f.requested {
			n++
		}
	}
	return n
}

func (s *Server) followingCount(a *account) int {
	n := 0
	for _, f := range a.follows {
		if !f.requested {
			n++
		}
	}
	return n
}

type fieldJSON struct {
	Name       string  `json:"name"`
	Value      string  `json:"value"`
	VerifiedAt *string `json:"verified_at"`
}

type accountJSON struct {
	ID             string       `json:"id"`
	Username       string       `json:"username"`
	Acct           string       `json:"acct"`
	DisplayName    string       `json:"display_name"`
	Locked         bool         `json:"locked"`
	Bot            bool         `json:"bot"`
	Discoverable   bool         `json:"discoverable"`
	Group          bool         `json:"group"`
	CreatedAt      string       `json:"created_at"`
	Note           string       `json:"note"`
	URL            string       `json:"url"`
	URI            string       `json:"uri"`
	Avatar         string       `json:"avatar"`
	AvatarStatic   string       `json:"avatar_static"`
	Header         string       `json:"header"`
	HeaderStatic   string       `json:"header_static"`
	FollowersCount int          `json:"followers_count"`
	FollowingCount int          `json:"following_count"`
	StatusesCount  int          `json:"statuses_count"`
	LastStatusAt   *string      `json:"last_status_at"`
	Emojis         []any        `json:"emojis"`
	Fields         []fieldJSON  `json:"fields"`
	Moved          *accountJSON `json:"moved,omitempty"`
	Source         *sourceJSON  `json:"source,omitempty"`
}

type sourceJSON struct {
	Privacy             string      `json:"privacy"`
	Sensitive           bool        `json:"sensitive"`
	Language            string      `json:"language"`
	Note                string      `json:"note"`
	Fields              []fieldJSON `json:"fields"`
	FollowRequestsCount int         `json:"follow_requests_count"`
}

// resolveChain makes a remote account known, with the accounts it moved
// to: Mastodon fetches a moved account's target while resolving it, so
// following the target by id works right after.
func (s *Server) resolveChain(a *account) {
	for depth := 0; a != nil && depth < 5; depth++ {
		a.known = true
		if a.movedTo == "" {
			return
		}
		a = s.findAcct(a.movedTo)
	}
}

func (s *Server) renderAccount(a *account) *accountJSON {
	return s.renderAccountDepth(a, 0)
}

func (s *Server) renderAccountDepth(a *account, depth int) *accountJSON {
	uri := s.base + "/users/" + a.username
	if !a.local() {
		uri = "https://" + a.domain + "/users/" + a.username
	}
	j := &accountJSON{
		ID: a.id, Username: a.username, Acct: a.acct(), DisplayName: a.displayName,
		Locked: a.locked, Discoverable: true,
		CreatedAt: a.createdAt.Truncate(24 * time.Hour).Format("2006-01-02T15:04:05.000Z"),
		Note:      noteHTML(a.note), URL: a.url, URI: uri,
		Avatar: s.base + "/avatars/original/missing.png", AvatarStatic: s.base + "/avatars/original/missing.png",
		Header: s.base + "/headers/original/missing.png", HeaderStatic: s.base + "/headers/original/missing.png",
		FollowersCount: s.followersCount(a), FollowingCount: s.followingCount(a), StatusesCount: len(a.statuses),
		Emojis: []any{}, Fields: []fieldJSON{},
	}
	for _, f := range a.fields {
		j.Fields = append(j.Fields, fieldJSON{Name: f.Name, Value: f.Value})
	}
	if a.avatar != nil {
		j.Avatar, j.AvatarStatic = a.avatar.URL, a.avatar.URL
	}
	if a.header != nil {
		j.Header, j.HeaderStatic = a.header.URL, a.header.URL
	}
	if a.movedTo != "" && depth == 0 {
		if m := s.findAcct(a.movedTo); m != nil {
			j.Moved = s.renderAccountDepth(m, depth+1)
		} else {
			user, domain, _ := strings.Cut(a.movedTo, "@")
			j.Moved = &accountJSON{ID: "0", Username: user, Acct: a.movedTo, URL: "https://" + domain + "/@" + user,
				Emojis: []any{}, Fields: []fieldJSON{}}
		}
	}
	return j
}

// noteHTML keeps notes that already look like HTML and wraps plain text in
// a paragraph, as Mastodon's formatter would.
func noteHTML(n string) string {
	if n == "" || strings.HasPrefix(n, "<") {
		return n
	}
	return "<p>" + html.EscapeString(n) + "</p>"
}

func (s *Server) verifyCredentials(c *call) {
	j := s.renderAccount(c.user)
	j.Source = &sourceJSON{Privacy: "public", Note: c.user.note, Fields: j.Fields}
	writeJSON(c.w, 200, j)
}

func (s *Server) lookup(c *call) {
	a := s.findAcct(c.p.get("acct"))
	if a == nil || !a.known {
		s.notFound(c)
		return
	}
	writeJSON(c.w, 200, s.renderAccount(a))
}

func (s *Server) getAccount(c *call) {
	a := s.accounts[c.r.PathValue("id")]
	if a == nil || !a.known {
		s.notFound(c)
		return
	}
	writeJSON(c.w, 200, s.renderAccount(a))
}

// search implements /api/v2/search (accounts only) and
// /api/v1/accounts/search.
func (s *Server) search(c *call) {
	v2 := strings.HasPrefix(c.r.URL.Path, "/api/v2/")
	resolve := c.p.boolean("resolve", false)
	if (resolve || c.p.get("offset") != "") && c.user == nil {
		s.fail(c, 401, "Search queries that resolve remote resources are not supported without authentication")
		return
	}
	limit := intParam(c.p.get("limit"), 20, 40)
	offset := intParam(c.p.get("offset"), 0, 1<<20)
	var found []*accountJSON
	if t := c.p.get("type"); t == "" || t == "accounts" {
		for _, a := range s.searchAccounts(c.p.get("q"), resolve) {
			found = append(found, s.renderAccount(a))
		}
	}
	found = found[min(offset, len(found)):]
	found = found[:min(limit, len(found))]
	if found == nil {
		found = []*accountJSON{}
	}
	if !v2 {
		writeJSON(c.w, 200, found)
		return
	}
	writeJSON(c.w, 200, map[string]any{"accounts": found, "statuses": []any{}, "hashtags": []any{}})
}

func (s *Server) searchAccounts(q string, resolve bool) []*account {
	q = strings.TrimSpace(q)
	if q == "" {
		return nil
	}
	bare := strings.TrimPrefix(q, "@")
	if strings.Contains(bare, "@") {
		// GoToSocial reads "user@host" without the leading @ as an e-mail
		// address and finds nothing.
		if s.opts.gts() && !strings.HasPrefix(q, "@") {
			return nil
		}
		a := s.findAcct(bare)
		if a == nil {
			return nil
		}
		if !a.known && resolve {
			s.resolveChain(a)
		}
		if !a.known {
			return nil
		}
		return []*account{a}
	}
	low := strings.ToLower(bare)
	var out []*account
	for _, a := range s.accounts {
		if a.known && (strings.HasPrefix(strings.ToLower(a.username), low) || strings.HasPrefix(strings.ToLower(a.displayName), low)) {
			out = append(out, a)
		}
	}
	slices.SortFunc(out, func(x, y *account) int { return strings.Compare(x.acct(), y.acct()) })
	return out
}

// intParam reads a limit-like parameter the Rails way: absent or garbage
// gives def, values are made non-negative and capped.
func intParam(v string, def, maxV int) int {
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return def
	}
	if n < 0 {
		n = -n
		if n < 0 { // math.MinInt has no positive counterpart
			n = maxV
		}
	}
	return min(n, maxV)
}
