package profiles

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/go-json-experiment/json/jsontext"
)

// harGen writes a capture like the one a long scroll of x.com's Following
// page leaves: pages of 20 users (about 150 KB each, both user shapes,
// every fourth base64), each with the session's headers and cookies, an
// avatar image and a client-event POST around it. It streams, so a
// capture of any size can be written without holding it.
type harGen struct {
	w       *bufio.Writer
	entries int
	users   int // distinct accounts; user ids wrap around
	next    int
	buf     []byte
}

func newHARGen(w io.Writer, distinct int) *harGen {
	g := &harGen{w: bufio.NewWriterSize(w, 1<<20), users: distinct}
	g.w.WriteString(`{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[{"startedDateTime":"2026-12-01T10:00:00.000Z","id":"page_1","title":"https://x.com/me/following","pageTimings":{}}],"entries":[`)
	return g
}

const benchHeaders = `[{"name":":authority","value":"x.com"},{"name":"accept","value":"*/*"},{"name":"authorization","value":"Bearer AAAAAAAAAAAAAAAAAAAAANRILgAAAAAAnNwIzUejRCOuH5E6I8xnZz4puTs%3D1Zv7ttfk8LF81IUq16cHjhLTvJu4FA33AGWWjCpTnA"},{"name":"cookie","value":"guest_id=v1%3A170000000000000000; auth_token=0123456789abcdef0123456789abcdef01234567; ct0=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef01234567; twid=u%3D1000"},{"name":"user-agent","value":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"},{"name":"x-csrf-token","value":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef01234567"},{"name":"x-twitter-active-user","value":"yes"},{"name":"x-twitter-auth-type","value":"OAuth2Session"}]`

func (g *harGen) entry(url, method string, status int, mime, text string, b64 bool) {
	if g.entries > 0 {
		g.w.WriteByte(',')
	}
	g.entries++
	fmt.Fprintf(g.w, `{"_initiator":{"type":"script","stack":{"callFrames":[{"functionName":"","scriptId":"42","url":"https://abs.twimg.com/responsive-web/client-web/main.js","lineNumber":1,"columnNumber":2}]}},"_priority":"High","_resourceType":"fetch","cache":{},"connection":"443","request":{"method":%q,"url":%q,"httpVersion":"http/2.0","headers":%s,"queryString":[{"name":"variables","value":"{\"count\":20}"}],"cookies":[{"name":"auth_token","value":"0123456789abcdef0123456789abcdef01234567"},{"name":"ct0","value":"0123456789abcdef"}],"headersSize":-1,"bodySize":0},"response":{"status":%d,"statusText":"","httpVersion":"http/2.0","headers":[{"name":"content-type","value":%q},{"name":"x-rate-limit-remaining","value":"49"}],"cookies":[],"content":{"size":%d,"mimeType":%q`,
		method, url, benchHeaders, status, mime, len(text), mime)
	if text != "" {
		g.w.WriteString(`,"text":`)
		if b64 {
			g.buf = append(g.buf[:0], '"')
			g.buf = base64.StdEncoding.AppendEncode(g.buf, []byte(text))
			g.buf = append(g.buf, '"')
		} else {
			g.buf, _ = jsontext.AppendQuote(g.buf[:0], text)
		}
		g.w.Write(g.buf)
		if b64 {
			g.w.WriteString(`,"encoding":"base64"`)
		}
	}
	g.w.WriteString(`},"redirectURL":"","headersSize":-1,"bodySize":-1,"_transferSize":5000,"_error":null},"serverIPAddress":"104.244.42.1","startedDateTime":"2026-12-01T10:00:00.000Z","time":120.5,"timings":{"blocked":1,"dns":-1,"ssl":-1,"connect":-1,"send":0.1,"wait":100,"receive":19}}`)
}

// user writes one timeline entry holding a user, in the older shape or
// the 2025 one, padded with the fields x.com sends to a realistic size.
func (g *harGen) user(b *strings.Builder, i int) {
	id := 1_000_000 + i%g.users
	name, sn := fmt.Sprintf("Person Number %d", id), fmt.Sprintf("person%d", id)
	desc := fmt.Sprintf("Writes about cities, trains and open source. Now at https://t.co/ab%08d and on the fediverse. Opinions mine. %d", id%1000000, id)
	ents := fmt.Sprintf(`{"description":{"urls":[{"display_url":"mastodon.social/@p%d","expanded_url":"https://mastodon.social/@p%d","url":"https://t.co/ab%08d","indices":[52,75]}]},"url":{"urls":[{"display_url":"p%d.example","expanded_url":"https://p%d.example","url":"https://t.co/cd%08d","indices":[0,23]}]}}`, id, id, id%1000000, id, id, id%1000000)
	// Older captures carry colour palettes for the avatar and banner, newer
	// ones labels and highlights; either way a user is 4-6 KB.
	var pal strings.Builder
	pal.WriteString(`{"mediaColor":{"r":{"ok":{"palette":[`)
	for c := range 16 {
		if c > 0 {
			pal.WriteByte(',')
		}
		fmt.Fprintf(&pal, `{"percentage":%d.%d,"rgb":{"blue":%d,"green":%d,"red":%d}}`, 48-c*3, id%97, (id+c)%256, (id*3+c)%256, (id*7+c)%256)
	}
	pal.WriteString(`]}}}}`)
	counts := `"profile_banner_extensions":` + pal.String() + `,"profile_image_extensions":` + pal.String() + `,"highlights_info":{"can_highlight_tweets":true,"highlighted_tweets":"0"},"premium_gifting_eligible":true,"smart_blocked_by":false,"smart_blocking":false,"super_follow_eligible":false,"super_followed_by":false,"super_following":false,"affiliates_highlighted_label":{"label":{"url":{"url":"https://x.com/SomeOrganisation","urlType":"DeepLink"},"badge":{"url":"https://pbs.twimg.com/profile_images/1700000000000000000/AbCdEfGh_bigger.jpg"},"description":"Some Organisation","userLabelType":"BusinessLabel","userLabelDisplayType":"Badge"}},"fast_followers_count":0,"favourites_count":18234,"followers_count":2391,"friends_count":812,"has_custom_timelines":true,"is_translator":false,"listed_count":45,"media_count":310,"normal_followers_count":2391,"pinned_tweet_ids_str":["1790000000000000000"],"possibly_sensitive":false,"profile_banner_url":"https://pbs.twimg.com/profile_banners/1000/1700000000","profile_interstitial_type":"","statuses_count":15021,"translator_type":"none","want_retweets":false,"withheld_in_countries":[]`
	fmt.Fprintf(b, `{"entryId":"user-%d","sortIndex":"18%d","content":{"entryType":"TimelineTimelineItem","__typename":"TimelineTimelineItem","itemContent":{"itemType":"TimelineUser","__typename":"TimelineUser","user_results":{"result":`, id, i)
	if i%2 == 0 {
		fmt.Fprintf(b, `{"__typename":"User","id":"VXNlcjox%d","rest_id":"%d","affiliates_highlighted_label":{},"has_graduated_access":true,"is_blue_verified":false,"profile_image_shape":"Circle","legacy":{"can_dm":false,"can_media_tag":true,"created_at":"Tue Mar 21 20:50:14 +0000 2012","default_profile":false,"default_profile_image":false,"description":%q,"entities":%s,%s,"location":"Berlin, Germany","name":%q,"profile_image_url_https":"https://pbs.twimg.com/profile_images/1/abc_normal.jpg","screen_name":%q,"url":"https://t.co/cd%08d","verified":false},"professional":{"rest_id":"1458","professional_type":"Creator","category":[{"id":1009,"name":"Science & Technology","icon_name":"IconBriefcaseStroke"}]},"tipjar_settings":{},"legacy_extended_profile":{},"is_profile_translatable":false,"verification_info":{"is_identity_verified":false,"reason":{"description":{"text":"This account is verified because it is subscribed to X Premium.","entities":[{"from_index":58,"to_index":68,"ref":{"url":"https://x.com/i/premium_sign_up","url_type":"ExternalUrl"}}]},"verified_since_msec":"1700000000000"}},"business_account":{},"creator_subscriptions_count":0}`,
			id, id, desc, ents, counts, name, sn, id%1000000)
	} else {
		fmt.Fprintf(b, `{"__typename":"User","id":"VXNlcjox%d","rest_id":"%d","affiliates_highlighted_label":{},"avatar":{"image_url":"https://pbs.twimg.com/profile_images/1/abc_normal.jpg"},"core":{"created_at":"Tue Mar 21 20:50:14 +0000 2012","name":%q,"screen_name":%q},"dm_permissions":{"can_dm":false},"has_graduated_access":true,"is_blue_verified":true,"legacy":{"default_profile":false,"default_profile_image":false,"description":%q,"entities":%s,%s,"url":"https://t.co/cd%08d"},"location":{"location":"Lyon"},"media_permissions":{"can_media_tag":true},"parody_commentary_fan_label":"None","profile_image_shape":"Circle","professional":{"rest_id":"1458","professional_type":"Business","category":[{"id":713,"name":"Science & Technology","icon_name":"IconBriefcaseStroke"}]},"privacy":{"protected":false},"relationship_perspectives":{"following":true},"tipjar_settings":{},"verification":{"verified":false},"verification_info":{"is_identity_verified":false,"reason":{"description":{"text":"This account is verified because it is subscribed to X Premium.","entities":[{"from_index":58,"to_index":68,"ref":{"url":"https://x.com/i/premium_sign_up","url_type":"ExternalUrl"}}]},"verified_since_msec":"1700000000000"}}}`,
			id, id, name, sn, desc, ents, counts, id%1000000)
	}
	fmt.Fprintf(b, `},"userDisplayType":"User"},"clientEventInfo":{"component":"FollowingSgs","element":"user","details":{"timelinesDetails":{"injectionType":"RankedOrganicTweet","controllerData":"DAACDAABDAABCgABAAAAAAAAAAAKAAkAAAAAAAAAAAAAAAA%d"}}}}}`, i)
}

// page writes one Following page and the requests around it; it returns
// the page body's size.
func (g *harGen) page(p int) int {
	var b strings.Builder
	b.WriteString(`{"data":{"user":{"result":{"__typename":"User","timeline":{"timeline":{"instructions":[{"type":"TimelineClearCache"},{"type":"TimelineAddEntries","entries":[`)
	for i := range 20 {
		if i > 0 {
			b.WriteByte(',')
		}
		// Pages overlap a little, as scrolling back and forth does.
		g.user(&b, g.next)
		g.next++
		if i == 19 && p%5 == 0 {
			g.next -= 3
		}
	}
	fmt.Fprintf(&b, `,{"entryId":"cursor-bottom-%d","sortIndex":"1","content":{"entryType":"TimelineTimelineCursor","__typename":"TimelineTimelineCursor","value":"18%d|1790000000000000000","cursorType":"Bottom"}}]}]}}}}}}`, p, p)
	body := b.String()
	g.entry(fmt.Sprintf("https://x.com/i/api/graphql/zx6e-TLzRkeDO_a7p4b3JQ/Following?variables=%%7B%%22userId%%22%%3A%%221000%%22%%2C%%22count%%22%%3A20%%2C%%22cursor%%22%%3A%%22%d%%22%%7D&features=%%7B%%7D", p),
		"GET", 200, "application/json; charset=utf-8", body, p%4 == 3)
	g.entry(fmt.Sprintf("https://pbs.twimg.com/profile_images/1/abc%d_normal.jpg", p), "GET", 200, "image/jpeg", strings.Repeat("\xff\xd8 jpeg ", 500), true)
	g.entry("https://x.com/i/api/1.1/jot/client_event.json", "POST", 200, "application/json", `{}`, false)
	return len(body)
}

func (g *harGen) close() error {
	g.w.WriteString(`]}}`)
	return g.w.Flush()
}

func benchHAR(tb testing.TB, pages int) []byte {
	var buf bytes.Buffer
	g := newHARGen(&buf, 5000)
	for p := range pages {
		g.page(p)
	}
	if err := g.close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkReadHAR reads a generated 200-page capture (about 4,000 users
// on pages of 100-200 KB); MB/s counts the HAR's bytes.
//
//	go test -run '^$' -bench ReadHAR -benchmem ./matcher/profiles
func BenchmarkReadHAR(b *testing.B) {
	data := benchHAR(b, 200)
	b.SetBytes(int64(len(data)))
	var n int
	// MB/s is wall time; cpu-MB/s divides by the CPU time the process
	// used, which stays meaningful on a machine busy with other work.
	cpu0 := cpuTime()
	for b.Loop() {
		ps, st, err := readHAR(b, data, "bench.har")
		if err != nil || st.BodiesRead < 200 || len(ps) < 3800 {
			b.Fatalf("%d profiles, %+v, %v", len(ps), st, err)
		}
		n = len(ps)
	}
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(len(data))*float64(b.N)/1e6/cpu.Seconds(), "cpu-MB/s")
	}
	b.ReportMetric(float64(n), "profiles")
}

func TestHARBenchCaptureIsRealistic(t *testing.T) {
	var buf bytes.Buffer
	g := newHARGen(&buf, 5000)
	size := g.page(0)
	if err := g.close(); err != nil {
		t.Fatal(err)
	}
	if size < 100<<10 || size > 200<<10 {
		t.Errorf("a page body is %d KB, want 100-200", size>>10)
	}
	ps, st, err := readHAR(t, buf.Bytes(), "gen.har")
	if err != nil || len(ps) != 20 || st.BodiesRead != 2 || st.SkippedTotal() != 0 {
		t.Fatalf("%d profiles, %s, %v", len(ps), st.Summary(), err)
	}
	if ps[0].Location != "Berlin, Germany" || ps[1].Location != "Lyon" || len(ps[1].DescriptionURLs) != 1 || ps[1].DescriptionURLs[0].Start != 52 {
		t.Errorf("shapes not read: %+v / %+v", ps[0], ps[1])
	}
}
