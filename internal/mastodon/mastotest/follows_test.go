package mastotest

import (
	"fmt"
	"net/url"
	"regexp"
	"testing"
)

type relOut struct {
	ID             string   `json:"id"`
	Following      bool     `json:"following"`
	Requested      bool     `json:"requested"`
	ShowingReblogs bool     `json:"showing_reblogs"`
	Notifying      bool     `json:"notifying"`
	Languages      []string `json:"languages"`
	Blocking       bool     `json:"blocking"`
	Muting         bool     `json:"muting"`
}

type acctOut struct {
	ID    string   `json:"id"`
	Acct  string   `json:"acct"`
	Note  string   `json:"note"`
	Moved *acctOut `json:"moved"`
}

func TestFollow(t *testing.T) {
	s := newTestServer(t, Options{})
	alice := s.AddAccount("alice", AccountOptions{})
	open := s.AddRemoteAccount("open@remote.example", RemoteOptions{Known: true})
	locked := s.AddRemoteAccount("locked@remote.example", RemoteOptions{Known: true, Locked: true})
	manual := s.AddRemoteAccount("manual@remote.example", RemoteOptions{Known: true, ManualApproval: true})
	lockedLocal := s.AddAccount("carol", AccountOptions{Locked: true})
	tests := []struct {
		id        string
		form      url.Values
		following bool
		requested bool
	}{
		{open.ID, url.Values{"reblogs": {"false"}, "notify": {"true"}, "languages[]": {"en", "fr"}}, true, false},
		{locked.ID, nil, false, true},
		{manual.ID, nil, false, true},
		{lockedLocal.ID, nil, false, true},
	}
	for _, tt := range tests {
		var rel relOut
		r := do(t, s, alice.Token, "POST", "/api/v1/accounts/"+tt.id+"/follow", tt.form)
		wantCode(t, r, 200)
		r.json(t, &rel)
		if rel.ID != tt.id || rel.Following != tt.following || rel.Requested != tt.requested {
			t.Errorf("follow %s: %+v", tt.id, rel)
		}
	}
	d := s.FollowDetails("alice")
	if len(d) != 4 || d[0].Acct != "open@remote.example" || d[0].Reblogs || !d[0].Notify || fmt.Sprint(d[0].Languages) != "[en fr]" {
		t.Fatalf("details %+v", d)
	}
	wantCode(t, do(t, s, alice.Token, "POST", "/api/v1/accounts/"+alice.ID+"/follow", nil), 404)
	wantCode(t, do(t, s, alice.Token, "POST", "/api/v1/accounts/999/follow", nil), 404)
	wantCode(t, do(t, s, alice.Token, "POST", "/api/v1/accounts/"+open.ID+"/unfollow", nil), 200)
	if got := s.Follows("alice"); len(got) != 3 {
		t.Fatalf("after unfollow %v", got)
	}
}

func TestFollowMovedAccount(t *testing.T) {
	for _, sw := range []string{Mastodon, GoToSocial} {
		s := newTestServer(t, Options{Software: sw})
		alice := s.AddAccount("alice", AccountOptions{})
		s.AddRemoteAccount("new@b.example", RemoteOptions{Known: true})
		old := s.AddRemoteAccount("old@a.example", RemoteOptions{MovedTo: "new@b.example"})
		var found struct{ Accounts []acctOut }
		do(t, s, alice.Token, "GET", "/api/v2/search?type=accounts&resolve=true&q=%40old%40a.example", nil).json(t, &found)
		if len(found.Accounts) != 1 || found.Accounts[0].Moved == nil || found.Accounts[0].Moved.Acct != "new@b.example" {
			t.Fatalf("%s: search result %+v", sw, found)
		}
		r := do(t, s, alice.Token, "POST", "/api/v1/accounts/"+old.ID+"/follow", nil)
		if sw == Mastodon {
			wantCode(t, r, 403)
			if r.errMsg(t) != "This action is not allowed" {
				t.Errorf("403 body %q", r.errMsg(t))
			}
		} else {
			wantCode(t, r, 200) // GoToSocial creates a follow request.
		}
	}
}

func TestFollowCap(t *testing.T) {
	s := newTestServer(t, Options{FollowCap: 3})
	alice := s.AddAccount("alice", AccountOptions{Followers: 4}) // 4 × 1.1 = 4.4 → 4
	var ids []string
	for i := range 5 {
		ids = append(ids, s.AddRemoteAccount(fmt.Sprintf("u%d@r.example", i), RemoteOptions{Known: true}).ID)
	}
	for _, id := range ids[:4] {
		wantCode(t, do(t, s, alice.Token, "POST", "/api/v1/accounts/"+id+"/follow", nil), 200)
	}
	r := do(t, s, alice.Token, "POST", "/api/v1/accounts/"+ids[4]+"/follow", nil)
	wantCode(t, r, 422)
	if msg := r.errMsg(t); msg != "Validation failed: You can't follow more than 4 people" {
		t.Errorf("cap error %q", msg)
	}
}

func TestLists(t *testing.T) {
	for _, sw := range []string{Mastodon, GoToSocial} {
		t.Run(sw, func(t *testing.T) {
			s := newTestServer(t, Options{Software: sw})
			alice := s.AddAccount("alice", AccountOptions{})
			followed := s.AddRemoteAccount("f@r.example", RemoteOptions{Known: true})
			pending := s.AddRemoteAccount("p@r.example", RemoteOptions{Known: true, Locked: true})
			stranger := s.AddRemoteAccount("s@r.example", RemoteOptions{Known: true})
			do(t, s, alice.Token, "POST", "/api/v1/accounts/"+followed.ID+"/follow", nil)
			do(t, s, alice.Token, "POST", "/api/v1/accounts/"+pending.ID+"/follow", nil)
			var l struct{ ID, Title string }
			r := do(t, s, alice.Token, "POST", "/api/v1/lists", url.Values{"title": {"Friends"}})
			wantCode(t, r, 200)
			r.json(t, &l)
			path := "/api/v1/lists/" + l.ID + "/accounts"
			wantCode(t, do(t, s, alice.Token, "POST", path, url.Values{"account_ids[]": {stranger.ID}}), 404)
			wantCode(t, do(t, s, alice.Token, "POST", path, url.Values{"account_ids[]": {followed.ID}}), 200)
			r = do(t, s, alice.Token, "POST", path, url.Values{"account_ids[]": {followed.ID}})
			if sw == Mastodon {
				wantCode(t, r, 422)
			} else {
				wantCode(t, r, 400)
			}
			pendingCode := 200 // Mastodon 4.3+: a pending request is enough.
			if sw == GoToSocial {
				pendingCode = 404
			}
			wantCode(t, do(t, s, alice.Token, "POST", path, url.Values{"account_ids[]": {pending.ID}}), pendingCode)
			var members []acctOut
			do(t, s, alice.Token, "GET", path+"?limit=0", nil).json(t, &members)
			if len(members) != 1+boolInt(sw == Mastodon) {
				t.Fatalf("members %+v", members)
			}
			// Unfollowing removes the membership.
			do(t, s, alice.Token, "POST", "/api/v1/accounts/"+followed.ID+"/unfollow", nil)
			if got := s.Lists("alice"); len(got) != 1 || len(got[0].Members) != boolInt(sw == Mastodon) {
				t.Fatalf("lists after unfollow %+v", got)
			}
			bob := s.AddAccount("bob", AccountOptions{})
			wantCode(t, do(t, s, bob.Token, "GET", path, nil), 404)
		})
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

var linkRE = regexp.MustCompile(`<([^>]+)>; rel="(next|prev)"`)

func links(h string) map[string]string {
	out := map[string]string{}
	for _, m := range linkRE.FindAllStringSubmatch(h, -1) {
		out[m[2]] = m[1]
	}
	return out
}

func TestFollowingPagination(t *testing.T) {
	s := newTestServer(t, Options{})
	alice := s.AddAccount("alice", AccountOptions{})
	want := map[string]bool{}
	for i := range 200 {
		a := s.AddRemoteAccount(fmt.Sprintf("u%03d@r.example", i), RemoteOptions{Known: true})
		wantCode(t, do(t, s, alice.Token, "POST", "/api/v1/accounts/"+a.ID+"/follow", nil), 200)
		want[a.Acct] = true
	}
	seen := map[string]bool{}
	next := "/api/v1/accounts/" + alice.ID + "/following?limit=80"
	pages := 0
	for next != "" {
		r := do(t, s, alice.Token, "GET", next, nil)
		wantCode(t, r, 200)
		var page []acctOut
		r.json(t, &page)
		for _, a := range page {
			if seen[a.Acct] {
				t.Fatalf("%s seen twice", a.Acct)
			}
			seen[a.Acct] = true
		}
		pages++
		next = ""
		if u := links(r.header.Get("Link"))["next"]; u != "" {
			parsed, err := url.Parse(u)
			if err != nil {
				t.Fatal(err)
			}
			next = parsed.RequestURI()
		}
	}
	if len(seen) != 200 || pages != 3 {
		t.Fatalf("saw %d accounts in %d pages", len(seen), pages)
	}
	// Newest first; prev (min_id) from the last page returns newer ones.
	r := do(t, s, alice.Token, "GET", "/api/v1/accounts/"+alice.ID+"/following", nil)
	var first []acctOut
	r.json(t, &first)
	if len(first) != 40 || first[0].Acct != "u199@r.example" {
		t.Fatalf("default page: %d, first %v", len(first), first[0])
	}
	prev := links(r.header.Get("Link"))["prev"]
	pu, _ := url.Parse(prev)
	var newer []acctOut
	do(t, s, alice.Token, "GET", pu.RequestURI(), nil).json(t, &newer)
	if len(newer) != 0 {
		t.Fatalf("nothing is newer than the newest page, got %d", len(newer))
	}
}

func TestBlocksAndMutes(t *testing.T) {
	s := newTestServer(t, Options{})
	alice := s.AddAccount("alice", AccountOptions{})
	bob := s.AddAccount("bob", AccountOptions{})
	x := s.AddRemoteAccount("x@r.example", RemoteOptions{Known: true})
	do(t, s, alice.Token, "POST", "/api/v1/accounts/"+bob.ID+"/follow", nil)
	do(t, s, bob.Token, "POST", "/api/v1/accounts/"+alice.ID+"/follow", nil)
	var rel relOut
	do(t, s, alice.Token, "POST", "/api/v1/accounts/"+bob.ID+"/block", nil).json(t, &rel)
	if !rel.Blocking || rel.Following {
		t.Fatalf("block %+v", rel)
	}
	if len(s.Follows("alice")) != 0 || len(s.Follows("bob")) != 0 {
		t.Fatal("block must remove follows both ways")
	}
	wantCode(t, do(t, s, bob.Token, "POST", "/api/v1/accounts/"+alice.ID+"/follow", nil), 403)
	do(t, s, alice.Token, "POST", "/api/v1/accounts/"+x.ID+"/mute", url.Values{"notifications": {"false"}})
	var blocked, muted []acctOut
	do(t, s, alice.Token, "GET", "/api/v1/blocks", nil).json(t, &blocked)
	do(t, s, alice.Token, "GET", "/api/v1/mutes", nil).json(t, &muted)
	if len(blocked) != 1 || blocked[0].Acct != "bob" || len(muted) != 1 || muted[0].Acct != "x@r.example" {
		t.Fatalf("blocks %v mutes %v", blocked, muted)
	}
	if fmt.Sprint(s.Blocks("alice"), s.Mutes("alice")) != "[bob] [x@r.example]" {
		t.Fatalf("introspection %v %v", s.Blocks("alice"), s.Mutes("alice"))
	}
	wantCode(t, do(t, s, alice.Token, "POST", "/api/v1/accounts/"+bob.ID+"/unblock", nil), 200)
	wantCode(t, do(t, s, alice.Token, "POST", "/api/v1/accounts/"+x.ID+"/unmute", nil), 200)
	if len(s.Blocks("alice"))+len(s.Mutes("alice")) != 0 {
		t.Fatal("unblock/unmute did not apply")
	}
}

func TestLookupAndSearch(t *testing.T) {
	tests := []struct {
		name     string
		software string
		token    bool
		path     string
		code     int
		found    int // accounts found, for 200 answers
	}{
		{"lookup unknown remote", Mastodon, true, "/api/v1/accounts/lookup?acct=bob@remote.example", 404, 0},
		{"lookup without token on Mastodon", Mastodon, false, "/api/v1/accounts/lookup?acct=alice", 200, 1},
		{"lookup without token on GTS", GoToSocial, false, "/api/v1/accounts/lookup?acct=alice", 401, 0},
		{"lookup own domain", Mastodon, true, "/api/v1/accounts/lookup?acct=alice@DOMAIN", 200, 1},
		{"search without resolve", Mastodon, true, "/api/v2/search?type=accounts&q=bob@remote.example", 200, 0},
		{"resolve without token", Mastodon, false, "/api/v2/search?type=accounts&resolve=true&q=bob@remote.example", 401, 0},
		{"resolve", Mastodon, true, "/api/v2/search?type=accounts&resolve=true&q=bob@remote.example", 200, 1},
		{"GTS needs leading @", GoToSocial, true, "/api/v2/search?type=accounts&resolve=true&q=bob@remote.example", 200, 0},
		{"GTS with leading @", GoToSocial, true, "/api/v2/search?type=accounts&resolve=true&q=%40bob@remote.example", 200, 1},
		{"statuses type finds no accounts", Mastodon, true, "/api/v2/search?type=statuses&resolve=true&q=bob@remote.example", 200, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestServer(t, Options{Software: tt.software})
			alice := s.AddAccount("alice", AccountOptions{})
			s.AddRemoteAccount("bob@remote.example", RemoteOptions{Note: "<p>was @bob on twitter</p>"})
			tok := ""
			if tt.token {
				tok = alice.Token
			}
			path := regexp.MustCompile("DOMAIN").ReplaceAllString(tt.path, s.Domain())
			r := do(t, s, tok, "GET", path, nil)
			wantCode(t, r, tt.code)
			if r.code != 200 {
				return
			}
			var n int
			if tt.path[:8] == "/api/v2/" {
				var out struct{ Accounts []acctOut }
				r.json(t, &out)
				n = len(out.Accounts)
			} else {
				n = 1
			}
			if n != tt.found {
				t.Errorf("found %d, want %d: %s", n, tt.found, r.body)
			}
		})
	}
}

func TestResolveMakesLookupWork(t *testing.T) {
	s := newTestServer(t, Options{})
	alice := s.AddAccount("alice", AccountOptions{})
	bob := s.AddRemoteAccount("bob@remote.example", RemoteOptions{Note: "twitter.com/bob"})
	wantCode(t, do(t, s, alice.Token, "GET", "/api/v1/accounts/lookup?acct=bob@remote.example", nil), 404)
	wantCode(t, do(t, s, alice.Token, "GET", "/api/v2/search?resolve=true&q=@bob@remote.example", nil), 200)
	var got acctOut
	do(t, s, alice.Token, "GET", "/api/v1/accounts/lookup?acct=@bob@remote.example", nil).json(t, &got)
	if got.ID != bob.ID || got.Note != "<p>twitter.com/bob</p>" {
		t.Fatalf("lookup %+v", got)
	}
	var rels []relOut
	do(t, s, alice.Token, "GET", "/api/v1/accounts/relationships?id[]="+bob.ID+"&id[]=404", nil).json(t, &rels)
	if len(rels) != 1 || rels[0].ID != bob.ID {
		t.Fatalf("relationships %+v", rels)
	}
}
