package mastotest

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fledge-cli/fledge/internal/ulid"
)

func TestULIDOf(t *testing.T) {
	// 1469922850259 ms (2016-07-30T23:54:10.259Z) is the timestamp of the ULID spec's example
	// 01ARZ3NDEKTSV4RRFFQ69G5FAV.
	const specMS = 1469922850259
	tests := []struct {
		v    uint64
		want string
	}{
		{0, "00000000000000000000000000"},
		{1, "00000000000000000000000001"},
		{specMS << 16, "01ARZ3NDEK0000000000000000"},
		{specMS<<16 | 0xffff, "01ARZ3NDEK0000000000001ZZZ"},
		{(1<<48 - 1) << 16, "7ZZZZZZZZZ0000000000000000"},
	}
	for _, tt := range tests {
		if got := ulidOf(tt.v); got != tt.want {
			t.Errorf("ulidOf(%#x) = %s, want %s", tt.v, got, tt.want)
		}
	}
	// String order is value order.
	vals := []uint64{0, 31, 32, 0xffff, 0x10000, specMS << 16, specMS<<16 + 1, 1<<63 + 5}
	for i := 1; i < len(vals); i++ {
		if a, b := ulidOf(vals[i-1]), ulidOf(vals[i]); a >= b {
			t.Errorf("ulidOf(%#x) = %s sorts after ulidOf(%#x) = %s", vals[i-1], a, vals[i], b)
		}
	}
}

// ulidMillis decodes a ULID's time prefix, independently of ulidOf.
func ulidMillis(t *testing.T, id string) int64 {
	t.Helper()
	if len(id) != 26 {
		t.Fatalf("id %q is not a ULID", id)
	}
	var ms int64
	for _, c := range id[:10] {
		i := strings.IndexRune(ulid.Alphabet, c)
		if i < 0 {
			t.Fatalf("id %q is not a ULID", id)
		}
		ms = ms<<5 | int64(i)
	}
	return ms
}

func TestGoToSocialStatusIDsAreULIDs(t *testing.T) {
	clk := newClock()
	s := newTestServer(t, Options{Software: GoToSocial, Now: clk.Now})
	alice := s.AddAccount("alice", AccountOptions{})
	var now, old, same statusOut
	postStatus(t, s, alice.Token, url.Values{"status": {"now"}}).json(t, &now)
	when := time.Date(2015, 3, 1, 10, 0, 0, 0, time.UTC)
	postStatus(t, s, alice.Token, url.Values{"status": {"old"}, "scheduled_at": {when.Format(time.RFC3339)}}).json(t, &old)
	postStatus(t, s, alice.Token, url.Values{"status": {"same second"}, "scheduled_at": {when.Format(time.RFC3339)}}).json(t, &same)
	if got := ulidMillis(t, now.ID); got != clk.Now().UnixMilli() {
		t.Errorf("id %s dates from %d, want created_at %d", now.ID, got, clk.Now().UnixMilli())
	}
	for _, st := range []statusOut{old, same} {
		if got := ulidMillis(t, st.ID); got != when.UnixMilli() {
			t.Errorf("backdated id %s dates from %d, want scheduled_at %d", st.ID, got, when.UnixMilli())
		}
	}
	if old.ID == same.ID {
		t.Errorf("two backdated statuses of one second share id %s", old.ID)
	}
	// Mastodon keeps snowflakes.
	m := newTestServer(t, Options{})
	bob := m.AddAccount("bob", AccountOptions{})
	var st statusOut
	postStatus(t, m, bob.Token, url.Values{"status": {"hi"}}).json(t, &st)
	if _, ok := parseID(st.ID); !ok {
		t.Errorf("Mastodon status id %q is not a number", st.ID)
	}
}

// TestGoToSocialIDWindow pages a window of backdated statuses with
// min_id and max_id built from time bounds, as GoToSocial allows.
func TestGoToSocialIDWindow(t *testing.T) {
	s := newTestServer(t, Options{Software: GoToSocial})
	alice := s.AddAccount("alice", AccountOptions{})
	base := time.Date(2014, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 100 {
		at := base.Add(time.Duration(i) * time.Hour)
		wantCode(t, postStatus(t, s, alice.Token, url.Values{"status": {at.Format(time.RFC3339)}, "scheduled_at": {at.Format(time.RFC3339)}}), 200)
	}
	// Hours 10 to 14: min_id is the last id of hour 10 minus a
	// millisecond, max_id the first id of hour 14 plus a millisecond.
	lo := ulidOf(uint64(base.Add(10*time.Hour-time.Millisecond).UnixMilli())<<16 | 0xffff)
	hi := ulidOf(uint64(base.Add(14*time.Hour+time.Millisecond).UnixMilli()) << 16)
	var got []string
	minID := lo
	for range 10 {
		r := do(t, s, alice.Token, "GET", "/api/v1/accounts/"+alice.ID+"/statuses?limit=2&min_id="+minID+"&max_id="+hi, nil)
		wantCode(t, r, 200)
		var page []statusOut
		r.json(t, &page)
		if len(page) == 0 {
			break
		}
		for i := len(page) - 1; i >= 0; i-- {
			got = append(got, page[i].CreatedAt)
		}
		minID = page[0].ID
	}
	want := []string{"2014-01-01T10:00:00.000Z", "2014-01-01T11:00:00.000Z", "2014-01-01T12:00:00.000Z", "2014-01-01T13:00:00.000Z", "2014-01-01T14:00:00.000Z"}
	if !slices.Equal(got, want) {
		t.Errorf("window paged %v, want %v", got, want)
	}
}

func TestSeedStatus(t *testing.T) {
	s := newTestServer(t, Options{Software: GoToSocial})
	s.AddAccount("alice", AccountOptions{})
	when := time.Date(2013, 5, 6, 7, 8, 9, 0, time.UTC)
	id, err := s.SeedStatus("alice", "seeded", when, true)
	if err != nil {
		t.Fatal(err)
	}
	if got := ulidMillis(t, id); got != when.UnixMilli() {
		t.Errorf("seeded id %s dates from %d, want %d", id, got, when.UnixMilli())
	}
	if st := s.Statuses("alice"); len(st) != 1 || st[0].ID != id || !st[0].Backdated || !st[0].CreatedAt.Equal(when) {
		t.Errorf("statuses %+v", st)
	}
	if _, err := s.SeedStatus("nobody", "x", when, true); err == nil {
		t.Error("seeding an unknown account did not fail")
	}
}
