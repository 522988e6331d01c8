package archivetest

import (
	"encoding/base64"
	"math/rand/v2"
	"strings"
	"time"
	"unicode/utf8"
)

// streamHAR is the random stream of the sample capture's profiles, apart
// from the archive's streams so the archive does not change with it.
const streamHAR = streamExtra + 100

// Invented fediverse servers: every name is under a reserved example
// domain and hints at fediverse software, as real server names do.
var harServers = []string{"mastodon.example.com", "social.example.org", "toot.example.net",
	"fedi.example.org", "mstdn.example.net", "gts.example.social"}

// harKind is what one followed account's profile says about its
// fediverse home, so the sample exercises every way the matcher reads one.
type harKind int

const (
	kindNothing    harKind = iota // no handle anywhere
	kindBioHandle                 // "@user@server" in the bio
	kindNameHandle                // the handle in the display name
	kindURLField                  // the website is the fediverse profile
	kindBioLink                   // a t.co link in the bio to the profile
	kindLocation                  // the handle in the location field
	kindBluesky                   // a Bluesky handle, bridged by Bridgy Fed
	kindOwnSite                   // only a personal website, not a handle
	kindEmpty                     // no bio, no website
)

// harKinds is how many of each kind the capture holds, in the order they
// are dealt out before shuffling; the rest of the accounts are kindNothing.
var harKinds = []struct {
	kind harKind
	n    int
}{
	{kindBioHandle, 14}, {kindNameHandle, 5}, {kindURLField, 7}, {kindBioLink, 7},
	{kindLocation, 2}, {kindBluesky, 2}, {kindOwnSite, 5}, {kindEmpty, 3},
}

// harURL is one t.co span, as x.com writes it in legacy.entities.
type harURL struct {
	DisplayURL  string `json:"display_url"`
	ExpandedURL string `json:"expanded_url"`
	URL         string `json:"url"`
	Indices     [2]int `json:"indices"`
}

type harURLs struct {
	URLs []harURL `json:"urls"`
}

type harEntities struct {
	Description harURLs  `json:"description"`
	URL         *harURLs `json:"url,omitempty"`
}

type harLegacy struct {
	CreatedAt      string      `json:"created_at,omitempty"`
	Description    string      `json:"description"`
	Entities       harEntities `json:"entities"`
	FollowersCount int         `json:"followers_count"`
	Location       string      `json:"location,omitempty"`
	Name           string      `json:"name,omitempty"`
	ScreenName     string      `json:"screen_name,omitempty"`
	URL            string      `json:"url,omitempty"`
}

type harCore struct {
	CreatedAt  string `json:"created_at"`
	Name       string `json:"name"`
	ScreenName string `json:"screen_name"`
}

type harImage struct {
	ImageURL string `json:"image_url"`
}

type harPlace struct {
	Location string `json:"location"`
}

// harUser is a GraphQL user object: the 2025 shape (core, location,
// avatar beside legacy) or the older one (all of it in legacy).
type harUser struct {
	Typename string    `json:"__typename"`
	ID       string    `json:"id"`
	RestID   string    `json:"rest_id"`
	Avatar   *harImage `json:"avatar,omitempty"`
	Core     *harCore  `json:"core,omitempty"`
	Location *harPlace `json:"location,omitempty"`
	Legacy   harLegacy `json:"legacy"`
}

// harPerson is one invented profile before it is shaped as JSON.
type harPerson struct {
	id, screen, name, bio, location, created string
	bioURLs                                  []harURL
	website                                  *harURL
	followers                                int
}

// followingProfiles invents a profile for each followed id, dealing out
// the kinds above at random (the same way for the same seed).
func followingProfiles(seed int64, ids []string) []harPerson {
	r := newRand(seed, streamHAR)
	kinds := make([]harKind, len(ids))
	k := 0
	for _, d := range harKinds {
		for range d.n {
			if k < len(kinds) {
				kinds[k] = d.kind
				k++
			}
		}
	}
	r.Shuffle(len(kinds), func(i, j int) { kinds[i], kinds[j] = kinds[j], kinds[i] })
	ps := make([]harPerson, len(ids))
	for i, id := range ids {
		ps[i] = inventProfile(r, id, kinds[i])
	}
	return ps
}

func inventProfile(r *rand.Rand, id string, kind harKind) harPerson {
	first, last := syllableName(r, 1+r.IntN(2)), syllableName(r, 2)
	p := harPerson{id: id, screen: first + "_" + last[:min(len(last), 5)], name: capitalize(first) + " " + capitalize(last),
		location: capitalize(syllableName(r, 2)), followers: 10 + r.IntN(5000),
		created: rubyDate(day(2008+r.IntN(15), time.Month(1+r.IntN(12)), 1+r.IntN(28)).UnixMilli() + r.Int64N(86_400_000))}
	p.screen = p.screen[:min(len(p.screen), 15)]
	about := "Writes about " + pick(r, words) + " & " + pick(r, words) + " " + pick(r, emoji)
	user, server := strings.ToLower(first), pick(r, harServers)
	profile := "https://" + server + "/@" + user
	switch kind {
	case kindBioHandle:
		p.bio = about + ". " + pick(r, []string{"Now at", "Find me at", "Mostly on", "Moved to"}) + " @" + user + "@" + server
	case kindNameHandle:
		p.name += " " + pick(r, []string{"🐘 ", "| ", ""}) + "@" + user + "@" + server
		p.bio = about
	case kindURLField:
		p.bio = about
		p.website = &harURL{URL: tco(r, false), ExpandedURL: profile}
	case kindBioLink:
		p.bio = about + ". Posts now at "
		p.bioURLs = append(p.bioURLs, harURL{URL: tco(r, false), ExpandedURL: profile})
	case kindLocation:
		p.bio = about
		p.location = "@" + user + "@" + server
	case kindBluesky:
		p.bio = about + ". bsky: @" + user + ".bsky.social"
	case kindOwnSite:
		p.bio = about
		p.website = &harURL{URL: tco(r, false), ExpandedURL: "https://" + user + ".example.com/"}
	case kindEmpty:
		p.location = ""
	default:
		p.bio = about + ", " + pick(r, words) + " " + pick(r, words) + "."
	}
	for k := range p.bioURLs {
		// The link ends the bio, as its t.co text: indices in code points.
		u := &p.bioURLs[k]
		start := utf8.RuneCountInString(p.bio)
		p.bio += u.URL
		u.Indices = [2]int{start, start + len(u.URL)}
		u.DisplayURL = display(u.ExpandedURL)
	}
	if p.website != nil {
		p.website.Indices = [2]int{0, len(p.website.URL)}
		p.website.DisplayURL = display(p.website.ExpandedURL)
	}
	return p
}

// display is x.com's display_url: no scheme, cut at 26 characters.
func display(u string) string {
	u = strings.TrimSuffix(strings.TrimPrefix(u, "https://"), "/")
	if utf8.RuneCountInString(u) > 26 {
		return string([]rune(u)[:25]) + "…"
	}
	return u
}

// json shapes p as x.com does, older shape or 2025 shape.
func (p *harPerson) json(modern bool) harUser {
	u := harUser{Typename: "User", ID: base64.StdEncoding.EncodeToString([]byte("User:" + p.id)), RestID: p.id,
		Legacy: harLegacy{Description: p.bio, FollowersCount: p.followers,
			Entities: harEntities{Description: harURLs{URLs: append([]harURL{}, p.bioURLs...)}}}}
	if p.website != nil {
		u.Legacy.URL = p.website.URL
		u.Legacy.Entities.URL = &harURLs{URLs: []harURL{*p.website}}
	}
	if modern {
		u.Avatar = &harImage{ImageURL: "https://pbs.twimg.com/profile_images/" + p.id + "/avatar_normal.jpg"}
		u.Core = &harCore{CreatedAt: p.created, Name: p.name, ScreenName: p.screen}
		u.Location = &harPlace{Location: p.location}
		return u
	}
	u.Legacy.CreatedAt, u.Legacy.Name, u.Legacy.ScreenName, u.Legacy.Location = p.created, p.name, p.screen, p.location
	return u
}
