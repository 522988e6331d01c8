package mastotest

import (
	"fmt"
	"net/url"
	"testing"
	"time"
)

func TestPaginate(t *testing.T) {
	items := []string{"10", "20", "30", "40", "50", "60", "100"}
	tests := []struct {
		query string
		limit int
		want  string
	}{
		{"", 3, "[100 60 50]"},
		{"max_id=40", 2, "[30 20]"},
		{"max_id=100", 2, "[60 50]"}, // numeric, not string, order
		{"since_id=20", 2, "[100 60]"},
		{"min_id=20", 2, "[40 30]"},
		{"min_id=20&max_id=50", 10, "[40 30]"},
		{"max_id=10", 3, "[]"},
		{"max_id=junk", 2, "[100 60]"},
		{"", 0, "[]"},
	}
	for _, tt := range tests {
		q, _ := url.ParseQuery(tt.query)
		got := paginate(items, func(v string) string { return v }, &params{v: q}, tt.limit, false)
		if fmt.Sprint(got) != tt.want {
			t.Errorf("%q limit %d: got %v, want %s", tt.query, tt.limit, got, tt.want)
		}
	}
}

// TestPaginateLex checks GoToSocial's string comparison of ids: any
// non-empty bound counts, even one that is not an id of the list.
func TestPaginateLex(t *testing.T) {
	items := []string{"01A", "01B", "01C", "02A", "02B"}
	tests := []struct {
		query string
		limit int
		want  string
	}{
		{"", 10, "[02B 02A 01C 01B 01A]"},
		{"max_id=02", 10, "[01C 01B 01A]"},
		{"min_id=01B", 2, "[02A 01C]"},
		{"min_id=01&max_id=02", 10, "[01C 01B 01A]"},
		{"min_id=01ZZ&max_id=02ZZ", 10, "[02B 02A]"},
		{"since_id=01C", 10, "[02B 02A]"},
		{"max_id=", 10, "[02B 02A 01C 01B 01A]"},
		{"max_id=0", 10, "[]"},
	}
	for _, tt := range tests {
		q, _ := url.ParseQuery(tt.query)
		got := paginate(items, func(v string) string { return v }, &params{v: q}, tt.limit, true)
		if fmt.Sprint(got) != tt.want {
			t.Errorf("%q limit %d: got %v, want %s", tt.query, tt.limit, got, tt.want)
		}
	}
}

func TestIntParam(t *testing.T) {
	tests := []struct {
		v    string
		want int
	}{
		{"", 40}, {"5", 5}, {"500", 80}, {"-7", 7}, {"x", 40}, {"-9223372036854775808", 80},
	}
	for _, tt := range tests {
		if got := intParam(tt.v, 40, 80); got != tt.want {
			t.Errorf("intParam(%q) = %d, want %d", tt.v, got, tt.want)
		}
	}
}

func TestAccountStatusesPaging(t *testing.T) {
	s := newTestServer(t, Options{})
	alice := s.AddAccount("alice", AccountOptions{})
	bob := s.AddAccount("bob", AccountOptions{})
	var first struct{ ID string }
	for i := range 45 {
		vis := "public"
		if i%15 == 14 {
			vis = "private"
		}
		r := postStatus(t, s, alice.Token, url.Values{"status": {fmt.Sprint("s", i)}, "visibility": {vis}})
		if i == 0 {
			r.json(t, &first)
		}
	}
	wantCode(t, postStatus(t, s, alice.Token, url.Values{"status": {"reply"}, "in_reply_to_id": {first.ID}}), 200)
	count := func(token, query string) (int, map[string]string) {
		r := do(t, s, token, "GET", "/api/v1/accounts/"+alice.ID+"/statuses?"+query, nil)
		wantCode(t, r, 200)
		var page []statusOut
		r.json(t, &page)
		return len(page), links(r.header.Get("Link"))
	}
	if n, l := count(alice.Token, ""); n != 20 || l["next"] == "" {
		t.Fatalf("default page %d, links %v", n, l)
	}
	if n, _ := count(alice.Token, "limit=100&exclude_replies=true"); n != 40 {
		t.Fatalf("limit is capped at 40, got %d", n)
	}
	// bob does not see alice's three private statuses.
	total := 0
	query := "limit=40"
	for query != "" {
		n, l := count(bob.Token, query)
		total += n
		query = ""
		if next := l["next"]; next != "" {
			u, _ := url.Parse(next)
			query = u.RawQuery
		}
	}
	if total != 43 {
		t.Fatalf("bob paged through %d statuses, want 43", total)
	}
}

func TestIdempotentReplayAfterScheduledPublish(t *testing.T) {
	clk := newClock()
	s := newTestServer(t, Options{Now: clk.Now})
	alice := s.AddAccount("alice", AccountOptions{})
	form := url.Values{"status": {"later"}, "scheduled_at": {clk.Now().Add(10 * time.Minute).Format("2006-01-02T15:04:05Z07:00")}}
	wantCode(t, postStatus(t, s, alice.Token, form, "Idempotency-Key", "k"), 200)
	clk.Advance(11 * time.Minute)
	var st statusOut
	postStatus(t, s, alice.Token, form, "Idempotency-Key", "k").json(t, &st)
	got := s.Statuses("alice")
	if len(got) != 1 || st.ID != got[0].ID || st.Content != "<p>later</p>" {
		t.Fatalf("replay %+v, stored %+v", st, got)
	}
}
