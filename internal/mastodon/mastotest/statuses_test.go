package mastotest

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

type statusOut struct {
	ID          string `json:"id"`
	CreatedAt   string `json:"created_at"`
	Content     string `json:"content"`
	InReplyToID string `json:"in_reply_to_id"`
	Visibility  string `json:"visibility"`
	ScheduledAt string `json:"scheduled_at"`
	Quote       *struct {
		State        string    `json:"state"`
		QuotedStatus statusOut `json:"quoted_status"`
	} `json:"quote"`
}

func TestIdempotencyKeyMastodon(t *testing.T) {
	clk := newClock()
	s := newTestServer(t, Options{Now: clk.Now})
	alice := s.AddAccount("alice", AccountOptions{})
	var first, second, third statusOut
	postStatus(t, s, alice.Token, url.Values{"status": {"hello"}}, "Idempotency-Key", "tweet-1").json(t, &first)
	postStatus(t, s, alice.Token, url.Values{"status": {"hello"}}, "Idempotency-Key", "tweet-1").json(t, &second)
	if first.ID == "" || first.ID != second.ID {
		t.Fatalf("replay gave %q, first %q", second.ID, first.ID)
	}
	if n := len(s.Statuses("alice")); n != 1 {
		t.Fatalf("%d statuses after replay, want 1", n)
	}
	// Another account's identical key is independent.
	bob := s.AddAccount("bob", AccountOptions{})
	wantCode(t, postStatus(t, s, bob.Token, url.Values{"status": {"hello"}}, "Idempotency-Key", "tweet-1"), 200)
	// After an hour the key is forgotten.
	clk.Advance(time.Hour)
	postStatus(t, s, alice.Token, url.Values{"status": {"hello"}}, "Idempotency-Key", "tweet-1").json(t, &third)
	if third.ID == first.ID {
		t.Fatal("key still remembered after one hour")
	}
}

func TestIdempotencyKeyIgnoredByGoToSocial(t *testing.T) {
	s := newTestServer(t, Options{Software: GoToSocial})
	alice := s.AddAccount("alice", AccountOptions{})
	for range 2 {
		wantCode(t, postStatus(t, s, alice.Token, url.Values{"status": {"hello"}}, "Idempotency-Key", "k"), 200)
	}
	if n := len(s.Statuses("alice")); n != 2 {
		t.Fatalf("GoToSocial kept %d statuses, want a duplicate (2)", n)
	}
}

func TestStatusValidation(t *testing.T) {
	long := strings.Repeat("a", 501)
	tests := []struct {
		name     string
		software string
		form     url.Values
		code     int
		msg      string
	}{
		{"too long", Mastodon, url.Values{"status": {long}}, 422, "Validation failed: Text character limit of 500 exceeded"},
		{"exactly 500", Mastodon, url.Values{"status": {long[:500]}}, 200, ""},
		{"spoiler counts", Mastodon, url.Values{"status": {long[:450]}, "spoiler_text": {long[:51]}}, 422, "Validation failed: Text character limit of 500 exceeded"},
		{"URLs count 23", Mastodon, url.Values{"status": {strings.Repeat("https://example.com/"+strings.Repeat("x", 200)+" ", 20)}}, 200, ""},
		{"blank", Mastodon, url.Values{"status": {"  "}}, 422, "Validation failed: Text can't be blank"},
		{"bad visibility", Mastodon, url.Values{"status": {"x"}, "visibility": {"secret"}}, 422, "Validation failed: Visibility is not included in the list"},
		{"reply to missing", Mastodon, url.Values{"status": {"x"}, "in_reply_to_id": {"12345"}}, 404, "The post you are trying to reply to does not appear to exist."},
		{"GTS over limit is 400", GoToSocial, url.Values{"status": {strings.Repeat("a", 5001)}}, 400, "Bad Request: status too long, 5001 characters provided (including content warning) but limit is 5000"},
		{"GTS counts URLs in full", GoToSocial, url.Values{"status": {strings.Repeat("https://example.com/"+strings.Repeat("x", 200)+" ", 25)}}, 400, ""},
		{"GTS blank", GoToSocial, url.Values{"status": {""}}, 400, "Bad Request: no status content, content warning, media, or poll provided"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestServer(t, Options{Software: tt.software})
			alice := s.AddAccount("alice", AccountOptions{})
			r := postStatus(t, s, alice.Token, tt.form)
			wantCode(t, r, tt.code)
			if tt.msg != "" && r.errMsg(t) != tt.msg {
				t.Errorf("error %q, want %q", r.errMsg(t), tt.msg)
			}
		})
	}
}

func TestReplyAndJSONBody(t *testing.T) {
	s := newTestServer(t, Options{})
	alice := s.AddAccount("alice", AccountOptions{})
	var root, reply statusOut
	do(t, s, alice.Token, "POST", "/api/v1/statuses", map[string]any{"status": "root", "visibility": "unlisted"}).json(t, &root)
	do(t, s, alice.Token, "POST", "/api/v1/statuses", map[string]any{"status": "reply", "in_reply_to_id": root.ID}).json(t, &reply)
	if reply.InReplyToID != root.ID || root.Visibility != "unlisted" {
		t.Fatalf("reply %+v root %+v", reply, root)
	}
	got := s.Statuses("alice")
	if len(got) != 2 || got[1].InReplyToID != root.ID || got[0].Text != "root" {
		t.Fatalf("stored %+v", got)
	}
}

func TestScheduledAtMastodon(t *testing.T) {
	clk := newClock()
	s := newTestServer(t, Options{Now: clk.Now})
	alice := s.AddAccount("alice", AccountOptions{})
	at := func(d time.Duration) string { return clk.Now().Add(d).Format(time.RFC3339) }

	// Past: silently dropped, published now.
	var past statusOut
	postStatus(t, s, alice.Token, url.Values{"status": {"old"}, "scheduled_at": {at(-24 * time.Hour)}}).json(t, &past)
	if past.CreatedAt != "2026-11-21T22:00:00.000Z" {
		t.Errorf("past scheduled_at published with created_at %s, want now", past.CreatedAt)
	}
	// Less than 5 minutes ahead: 422.
	r := postStatus(t, s, alice.Token, url.Values{"status": {"soon"}, "scheduled_at": {at(2 * time.Minute)}})
	wantCode(t, r, 422)
	if msg := r.errMsg(t); msg != "Validation failed: Scheduled at The scheduled date must be in the future" {
		t.Errorf("too soon: %q", msg)
	}
	// Later: a ScheduledStatus, replayed by its Idempotency-Key.
	var sched, replay statusOut
	postStatus(t, s, alice.Token, url.Values{"status": {"later"}, "scheduled_at": {at(10 * time.Minute)}}, "Idempotency-Key", "s1").json(t, &sched)
	postStatus(t, s, alice.Token, url.Values{"status": {"later"}, "scheduled_at": {at(10 * time.Minute)}}, "Idempotency-Key", "s1").json(t, &replay)
	if sched.ScheduledAt != "2026-11-21T22:10:00.000Z" || replay.ID != sched.ID {
		t.Fatalf("scheduled %+v replay %+v", sched, replay)
	}
	if n := len(s.Statuses("alice")); n != 1 {
		t.Fatalf("%d statuses before the scheduled time, want 1", n)
	}
	clk.Advance(11 * time.Minute)
	got := s.Statuses("alice")
	if len(got) != 2 || got[1].Text != "later" || len(s.ScheduledStatuses("alice")) != 0 {
		t.Fatalf("after the scheduled time: %+v", got)
	}
}

func TestScheduledAtGoToSocial(t *testing.T) {
	tests := []struct {
		name    string
		version string
		offset  time.Duration
		extra   url.Values
		code    int
		created string // expected created_at for 200 statuses
	}{
		{"backdated", "0.18.0", -10 * 365 * 24 * time.Hour, nil, 200, "2016-11-23T22:00:00.000Z"},
		{"before 0.18 ignored", "0.17.3", -24 * time.Hour, nil, 200, "2026-11-21T22:00:00.000Z"},
		{"future on 0.19 is 501", "0.19.1", time.Hour, nil, 501, ""},
		{"future too soon on 0.20", "0.20.0", 2 * time.Minute, nil, 422, ""},
		{"future on 0.20 scheduled", "0.20.0", 10 * time.Minute, nil, 200, ""},
		{"backdated mention refused", "0.20.0", -time.Hour, url.Values{"status": {"hi @bob@else.where"}}, 403, ""},
		{"epoch refused", "0.20.0", -57 * 365 * 24 * time.Hour, nil, 406, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newClock()
			s := newTestServer(t, Options{Software: GoToSocial, Version: tt.version, Now: clk.Now})
			alice := s.AddAccount("alice", AccountOptions{})
			form := url.Values{"status": {"old tweet"}, "scheduled_at": {clk.Now().Add(tt.offset).Format(time.RFC3339)}}
			for k, v := range tt.extra {
				form[k] = v
			}
			r := postStatus(t, s, alice.Token, form)
			wantCode(t, r, tt.code)
			var out statusOut
			if r.code == 200 {
				r.json(t, &out)
			}
			if tt.created != "" && out.CreatedAt != tt.created {
				t.Errorf("created_at %s, want %s", out.CreatedAt, tt.created)
			}
		})
	}
}

func TestBackdatedStatusesSortByDate(t *testing.T) {
	clk := newClock()
	s := newTestServer(t, Options{Software: GoToSocial, Now: clk.Now})
	alice := s.AddAccount("alice", AccountOptions{})
	wantCode(t, postStatus(t, s, alice.Token, url.Values{"status": {"new"}}), 200)
	for _, d := range []string{"2015-03-01T10:00:00Z", "2015-03-01T10:00:00Z", "2012-01-01T00:00:00Z"} {
		wantCode(t, postStatus(t, s, alice.Token, url.Values{"status": {"old " + d}, "scheduled_at": {d}}), 200)
	}
	got := s.Statuses("alice")
	if len(got) != 4 || got[0].Text != "old 2012-01-01T00:00:00Z" || got[3].Text != "new" || !got[1].Backdated || got[1].ID == got[2].ID {
		t.Fatalf("order %+v", got)
	}
}

func TestQuotedStatus(t *testing.T) {
	for _, v := range []int{6, 7} {
		s := newTestServer(t, Options{APIVersion: v})
		alice := s.AddAccount("alice", AccountOptions{})
		var orig, q statusOut
		postStatus(t, s, alice.Token, url.Values{"status": {"orig"}}).json(t, &orig)
		postStatus(t, s, alice.Token, url.Values{"status": {"quote"}, "quoted_status_id": {orig.ID}}).json(t, &q)
		if (q.Quote != nil) != (v >= 7) {
			t.Errorf("api %d: quote %+v", v, q.Quote)
		}
		if v >= 7 {
			if q.Quote.QuotedStatus.ID != orig.ID {
				t.Errorf("quoted %s, want %s", q.Quote.QuotedStatus.ID, orig.ID)
			}
			wantCode(t, postStatus(t, s, alice.Token, url.Values{"status": {"q"}, "quoted_status_id": {"1"}}), 404)
		}
	}
}

func TestDeleteAndGetStatus(t *testing.T) {
	s := newTestServer(t, Options{})
	alice := s.AddAccount("alice", AccountOptions{})
	bob := s.AddAccount("bob", AccountOptions{})
	var st statusOut
	postStatus(t, s, alice.Token, url.Values{"status": {"x"}}).json(t, &st)
	wantCode(t, do(t, s, "", "GET", "/api/v1/statuses/"+st.ID, nil), 200)
	wantCode(t, do(t, s, bob.Token, "DELETE", "/api/v1/statuses/"+st.ID, nil), 403)
	wantCode(t, do(t, s, alice.Token, "DELETE", "/api/v1/statuses/"+st.ID, nil), 200)
	wantCode(t, do(t, s, alice.Token, "GET", "/api/v1/statuses/"+st.ID, nil), 404)
}
